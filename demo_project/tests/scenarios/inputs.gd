extends RefCounted
## Every bad input of the spec: each call must fail the same way, with an
## error message, and leave the client as it was.

const Steps = preload("res://tests/lib/steps.gd")
const GET := HTTPClient.METHOD_GET
const CONNECTED := HTTPClient.STATUS_CONNECTED


## Connect, then each request in `requests` ([method, url, headers]); a
## final good request shows the client is still usable.
static func _requests(cfg: Dictionary, requests: Array) -> Array:
	var steps := Steps.connect_plain(cfg)
	for r: Array in requests:
		steps.append(["request", r[0], r[1], PackedStringArray(r[2] if r.size() > 2 else [])])
	return steps + Steps.exchange(GET, "/bytes?n=2")


static func build(cfg: Dictionary) -> Array:
	var out := []
	var bad := func(n: int) -> Dictionary:  # expectations for requests 02..02+n-1
		var e := {}
		for i in n:
			e["%02d.request.ret" % (i + 2)] = ERR_INVALID_PARAMETER
			e["%02d.request.status" % (i + 2)] = CONNECTED
			e["%02d.request.error" % (i + 2)] = true
		return e
	out.append({
		"name": "method out of range",
		"steps": _requests(cfg, [[-1, "/"], [9, "/"], [100, "/"]])
				+ [["request_raw", 9, "/", PackedStringArray(), PackedByteArray([1])]],
		"expect": bad.call(3),
	})
	var urls := [
		[HTTPClient.METHOD_CONNECT, ""], [HTTPClient.METHOD_CONNECT, ":80"], [HTTPClient.METHOD_CONNECT, "host:"],
		[HTTPClient.METHOD_CONNECT, "host"], [HTTPClient.METHOD_CONNECT, ":"],
		[HTTPClient.METHOD_OPTIONS, "**"], [HTTPClient.METHOD_OPTIONS, ""],
		[GET, ""], [GET, "echo"], [GET, "*"], [GET, "ftp://x/"], [GET, "HTTP://x/"], [GET, " /echo"],
		[HTTPClient.METHOD_POST, "www.example.com/"],
	]
	out.append({
		"name": "URLs each method refuses",
		"steps": _requests(cfg, urls),
		"expect": bad.call(urls.size()),
	})
	out.append({
		"name": "URLs each method accepts (CONNECT authority, OPTIONS *, https:// target)",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_CONNECT, "a:1")
				+ Steps.exchange(HTTPClient.METHOD_OPTIONS, "*")
				+ Steps.exchange(GET, "https://127.0.0.1:%d/echo" % cfg.http_port),
		"expect": {"02.request.ret": OK, "06.request.ret": OK, "10.request.ret": OK},
	})
	var headers := [
		["NoColon"], [""], ["   "], [":value"], [" :value"], ["X-Good: 1", "", "X-Also: 2"], ["X-A: 1", "X-B: 2", "bad"],
	]
	var steps := Steps.connect_plain(cfg)
	for h in headers:
		steps.append(["request", GET, "/echo", PackedStringArray(h)])
	out.append({
		"name": "headers without a name, a colon or anything",
		"steps": steps + Steps.exchange(GET, "/bytes?n=2"),
		"expect": bad.call(headers.size()),
	})
	out.append({
		"name": "headers that are valid though odd",
		"steps": Steps.plain_get(cfg, "/echo", ["X-Empty:", "a:b", "X:  spaced  ", "Colons: a:b:c"]),
	})
	# FIX: the built-in sends CR/LF as they are (header injection).
	var injections := [
		[GET, "/echo", ["X-A: b\r\nX-Injected: 1"]],
		[GET, "/echo", ["X-A: b\nX-Injected: 1"]],
		[GET, "/echo", ["X-A: b\rX-Injected: 1"]],
		[GET, "/echo HTTP/1.1\r\nX-Injected: 1\r\nX-Rest:", []],
		[GET, "/echo\n", []],
	]
	for i in injections.size():
		var inj: Array = injections[i]
		var why := "FIX: CR or LF in a header or the URL is ERR_INVALID_PARAMETER"
		out.append({
			"name": "CR/LF injection %d: %s" % [i + 1, (inj[1] + " " + " ".join(inj[2])).c_escape()],
			"steps": Steps.connect_plain(cfg) + [["request", inj[0], inj[1], PackedStringArray(inj[2])], ["state"]],
			"expect": {"02.request.ret": OK, "02.request.status": HTTPClient.STATUS_REQUESTING},
			"differences": Steps.fix({
				"02.request.ret": ERR_INVALID_PARAMETER, "02.request.status": CONNECTED,
				"03.state.status": CONNECTED,
				"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED"],
			}, why).merged({"02.request.error": Steps.any(why + " (an error message is welcome)")}),
		})
	out.append({
		"name": "request in the wrong state",
		"steps": [["request", GET, "/", PackedStringArray()], ["connect", "127.0.0.1", cfg.http_port],
				["request", GET, "/", PackedStringArray()], ["wait_conn"],
				["request", GET, "/bytes?n=100000", PackedStringArray()], ["request", GET, "/", PackedStringArray()],
				["wait_resp"], ["request", GET, "/", PackedStringArray()], ["body"], ["close"],
				["request", GET, "/", PackedStringArray()]],
		"expect": {"00.request.ret": ERR_INVALID_PARAMETER, "02.request.ret": ERR_INVALID_PARAMETER,
				"05.request.ret": ERR_INVALID_PARAMETER, "07.request.ret": ERR_INVALID_PARAMETER,
				"10.request.ret": ERR_INVALID_PARAMETER},
	})
	out.append({
		"name": "read_response_body_chunk when not in BODY",
		"steps": [["read"]] + Steps.connect_plain(cfg) + [["read"], ["request", GET, "/bytes?n=5", PackedStringArray()],
				["read"], ["wait_resp"], ["body"], ["read"], ["state"]],
		"expect": {"00.read.error": true, "03.read.error": true, "05.read.error": true, "08.read.error": true,
				"08.read.status": CONNECTED},
	})
	out.append({
		"name": "set_read_chunk_size out of range keeps the old value",
		"steps": [["chunk_size", 255], ["chunk_size", 16777217], ["chunk_size", 0], ["chunk_size", -1],
				["chunk_size", 256], ["chunk_size", 16777216], ["chunk_size", 100], ["set", "read_chunk_size", 1000],
				["set", "read_chunk_size", 10], ["set", "read_chunk_size", 1 << 30]],
		"expect": {"00.chunk_size.now": 65536, "00.chunk_size.error": true, "01.chunk_size.now": 65536,
				"04.chunk_size.now": 256, "05.chunk_size.now": 16777216, "06.chunk_size.now": 16777216,
				"07.set.now": 1000, "08.set.now": 1000, "09.set.now": 1000},
	})
	out.append({
		"name": "properties: blocking_mode_enabled, read_chunk_size",
		"steps": [["set", "blocking_mode_enabled", true], ["get", "blocking_mode_enabled"], ["blocking", false],
				["set", "read_chunk_size", 4096], ["get", "read_chunk_size"]],
		"expect": {"01.get.value": true, "02.blocking.now": false, "04.get.value": 4096},
	})
	var hosts := ["", "a", "abc", "http://abc", "https://ab", "HTTP://"]
	steps = []
	for host in hosts:
		steps.append(["connect", host, cfg.http_port])
	out.append({
		"name": "connect_to_host: host shorter than 4 characters",
		"steps": steps + [["state"]],
		"expect": {"00.connect.ret": ERR_INVALID_PARAMETER, "03.connect.ret": ERR_INVALID_PARAMETER,
				"04.connect.error": true},
	})
	out.append({
		"name": "query_string_from_dict",
		"steps": [
			["qs", {}],
			["qs", {"a": "b"}],
			["qs", {"name": "Godot Engine", "id": 42, "pi": 1.5, "yes": true, "no": false, "nothing": null}],
			["qs", {"list": [1, "two", null, 3.25, true], "empty": []}],
			["qs", {"nested": {"k": [1, 2]}, "vec": Vector2(1, 2)}],
			["qs", {"ü ñ": "✓ €", "reserved": "!*'();:@&=+$,/?#[]", "unreserved": "AZaz09-_.~", "pct": "100%"}],
			["qs", {7: "int key", &"sn": "StringName key", 1.5: "float key"}],
			["qs", {"": "", "k": ""}],
			["qs", {"big": 12345678901234, "neg": -3, "sci": 1e20}],
		],
		"expect": {"00.qs.value": "", "01.qs.value": "a=b",
				"02.qs.value": "name=Godot%20Engine&id=42&pi=1.5&yes=true&no=false&nothing",
				"03.qs.value": "list=1&list=two&list=%3Cnull%3E&list=3.25&list=true"},
	})
	return out
