extends RefCounted
## How a response body is framed and read: Content-Length, chunked,
## until EOF, empty; keep-alive; read_chunk_size; blocking mode.

const Steps = preload("res://tests/lib/steps.gd")
const Util = preload("res://tests/lib/util.gd")
const GET := HTTPClient.METHOD_GET
const CONNECTED := HTTPClient.STATUS_CONNECTED
const BODY := HTTPClient.STATUS_BODY
const DISCONNECTED := HTTPClient.STATUS_DISCONNECTED


static func build(cfg: Dictionary) -> Array:
	var out := []
	out.append({
		"name": "Content-Length: 0 enters BODY, one empty read ends it",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/empty", PackedStringArray()], ["wait_resp"],
				["read"], ["state"]] + Steps.exchange(GET, "/bytes?n=3"),
		"expect": {"03.wait_resp.status": BODY, "03.wait_resp.body_length": 0, "04.read.data": PackedByteArray(),
				"04.read.status": CONNECTED, "09.body.size": 3},
	})
	out.append({
		"name": "204 without Content-Length: no body, straight to CONNECTED",
		"steps": Steps.plain_get(cfg, "/nocontent") + Steps.exchange(GET, "/bytes?n=3"),
		"expect": {"03.wait_resp.status": CONNECTED, "03.wait_resp.code": 204, "03.wait_resp.body_length": -1},
	})
	out.append({
		"name": "chunked body",
		"steps": Steps.plain_get(cfg, "/chunked?sizes=1,10,300,4096,70000"),
		"expect": {"03.wait_resp.chunked": true, "03.wait_resp.body_length": -1,
				"05.body.data": Util.body_fact(Util.pattern(74407)), "05.body.status": CONNECTED},
	})
	out.append({
		"name": "chunked, upper-case hex sizes, trailers consumed, connection reused",
		"steps": Steps.plain_get(cfg, "/chunked?sizes=171,2748&upper=1&trailers=1") + Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"05.body.data": Util.pattern(2919), "05.body.status": CONNECTED, "10.body.data": Util.pattern(5)},
	})
	out.append({
		"name": "chunked with chunk extensions (FIX: accepted)",
		"steps": Steps.plain_get(cfg, "/chunked?sizes=3,5,300&ext=1"),
		# The built-in prints "HTTP Chunk len not in hex!!" and fails.
		"expect": {"05.body.status": HTTPClient.STATUS_CONNECTION_ERROR, "05.body.error": true},
		"differences": Steps.fix({
			"05.body.data": Util.pattern(308), "05.body.size": 308, "05.body.status": CONNECTED,
			"05.body.error": false, "06.state.status": CONNECTED, "06.state.connection_null": false,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "CONNECTED"],
		}, "FIX: chunk extensions are accepted"),
	})
	out.append({
		"name": "chunked body with read_chunk_size 256 (built-in: one chunk per call)",
		"steps": [["chunk_size", 256]] + Steps.plain_get(cfg, "/chunked?sizes=1000,10,3000"),
		"expect": {"06.body.data": Util.pattern(4010)},
	})
	out.append({
		"name": "body until EOF (Connection: close, no length)",
		"steps": Steps.plain_get(cfg, "/eof?n=5000"),
		"expect": {"03.wait_resp.status": BODY, "03.wait_resp.body_length": -1,
				"05.body.data": Util.body_fact(Util.pattern(5000)), "05.body.status": DISCONNECTED},
	})
	out.append({
		"name": "body until EOF, read_chunk_size 256",
		"steps": [["chunk_size", 256]] + Steps.plain_get(cfg, "/eof?n=3000"),
		"expect": {"06.body.reads_within_chunk_size": true, "06.body.status": DISCONNECTED},
	})
	out.append({
		"name": "Connection: close with Content-Length: CONNECTED, then poll sees the close",
		"steps": Steps.plain_get(cfg, "/closeafter?n=10") + [["sleep", 100], ["poll"], ["poll"], ["state"]],
		"expect": {"05.body.status": CONNECTED, "08.poll.status": HTTPClient.STATUS_CONNECTION_ERROR,
				"08.poll.ret": ERR_CONNECTION_ERROR},
	})
	out.append({
		"name": "keep-alive: three requests on one connection",
		"steps": Steps.plain_get(cfg, "/bytes?n=10") + Steps.exchange(GET, "/echo")
				+ Steps.exchange(GET, "/chunked?sizes=5,6") + [["state"]],
		"expect": {"04.headers.list": PackedStringArray(["Content-Type: application/octet-stream",
				"X-Request-Number: 1", "Content-Length: 10"])},
	})
	out.append({
		"name": "body read with poll() before each read (class reference example)",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/bytes?n=300000", PackedStringArray()],
				["wait_resp"], ["body_poll"], ["state"]],
		"expect": {"04.body_poll.data": Util.body_fact(Util.pattern(300000)), "04.body_poll.status": CONNECTED},
	})
	for size in [256, 1000, 65536, 16777216]:
		out.append({
			"name": "read_chunk_size %d" % size,
			"steps": [["chunk_size", size]] + Steps.plain_get(cfg, "/bytes?n=100000"),
			"expect": {"06.body.reads_within_chunk_size": true, "00.chunk_size.now": size},
		})
	out.append({
		"name": "blocking mode: reads return exactly read_chunk_size",
		"steps": [["blocking", true], ["chunk_size", 256]] + Steps.connect_plain(cfg)
				+ [["request", GET, "/bytes?n=1000", PackedStringArray()], ["wait_resp"], ["body_sizes"], ["state"]],
		"expect": {"06.body_sizes.sizes": [256, 256, 256, 232], "06.body_sizes.data": Util.pattern(1000)},
	})
	out.append({
		"name": "blocking mode: large body in 64 KiB reads",
		"steps": [["blocking", true]] + Steps.connect_plain(cfg)
				+ [["request", GET, "/bytes?n=200000", PackedStringArray()], ["wait_resp"], ["body_sizes"], ["state"]]
				+ [["request", GET, "/echo", PackedStringArray()], ["wait_resp"], ["headers"], ["body"]],
		"expect": {"05.body_sizes.sizes": [65536, 65536, 65536, 3392]},
	})
	out.append({
		"name": "blocking mode: body until EOF",
		"steps": [["blocking", true], ["chunk_size", 256]] + Steps.connect_plain(cfg)
				+ [["request", GET, "/eof?n=1000", PackedStringArray()], ["wait_resp"], ["body_sizes"], ["state"]],
		"expect": {"06.body_sizes.sizes": [256, 256, 256, 232], "06.body_sizes.status": DISCONNECTED},
	})
	out.append({
		"name": "blocking mode: chunked body",
		"steps": [["blocking", true]] + Steps.plain_get(cfg, "/chunked?sizes=100,2000&trailers=1")
				+ Steps.exchange(GET, "/bytes?n=7"),
		"expect": {"06.body.data": Util.pattern(2100)},
	})
	out.append({
		"name": "server writes one byte at a time",
		"steps": Steps.plain_get(cfg, "/slow?n=150") + Steps.exchange(GET, "/slow?n=10"),
		"expect": {"05.body.data": Util.pattern(150)},
	})
	out.append({
		"name": "server writes one byte at a time, blocking mode",
		"steps": [["blocking", true]] + Steps.plain_get(cfg, "/slow?n=150"),
		"expect": {"06.body.data": Util.pattern(150)},
	})
	out.append({
		"name": "large Content-Length body (4 MiB)",
		"steps": Steps.plain_get(cfg, "/bytes?n=4194304"),
		"expect": {"05.body.size": 4194304},
	})
	out.append({
		"name": "30 headers",
		"steps": Steps.plain_get(cfg, "/headers?n=30"),
	})
	out.append({
		"name": "200 headers",
		"steps": Steps.plain_get(cfg, "/headers?n=200"),
	})
	out.append({
		"name": "repeated header names, list first",
		"steps": Steps.plain_get(cfg, "/dup"),
	})
	out.append({
		"name": "repeated header names, dictionary first",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/dup", PackedStringArray()], ["wait_resp"],
				["headers_dict"], ["body"]],
		"differences": {"*.headers_dict.dict": {"ours": Util.headers_dict(PackedStringArray([
				"Set-Cookie: a=1; Path=/", "X-Dup: one", "Set-Cookie: b=2", "x-dup: two",
				"X-Spaces: \t padded value \t", "X-Colon: a:b:c", "X-Empty:", "X-Dup: three",
				"X-Request-Number: 1", "Content-Length: 3"])),
				"why": "the class reference: repeated names joined with \"; \" (the built-in keeps the last)"}},
	})
	for code in [404, 500, 302, 999]:
		out.append({
			"name": "status %d with a body" % code,
			"steps": Steps.plain_get(cfg, "/status?code=%d" % code) + Steps.exchange(GET, "/bytes?n=1"),
			"expect": {"03.wait_resp.code": code},
		})
	return out


