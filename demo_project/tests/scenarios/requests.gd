extends RefCounted
## What goes on the wire: methods, bodies, automatic and caller headers.
## /echo answers with the request as the server received it (User-Agent's
## value replaced by <UA> unless it starts with "custom").

const Steps = preload("res://tests/lib/steps.gd")
const Util = preload("res://tests/lib/util.gd")


static func build(cfg: Dictionary) -> Array:
	var host := "127.0.0.1:%d" % cfg.http_port
	var out := []
	out.append({
		"name": "GET with Content-Length body",
		"steps": Steps.plain_get(cfg, "/bytes?n=1000"),
		"expect": {"*.wait_resp.code": 200, "*.wait_resp.body_length": 1000, "*.body.data": Util.pattern(1000),
				"*.body.status": HTTPClient.STATUS_CONNECTED},
	})
	out.append({
		"name": "GET /echo: request line and automatic headers",
		"steps": Steps.plain_get(cfg, "/echo"),
		"expect": {"*.body.data": Steps.echo_head("GET", "/echo", host).to_utf8_buffer()},
	})
	var methods := {HTTPClient.METHOD_POST: "POST", HTTPClient.METHOD_PUT: "PUT",
			HTTPClient.METHOD_DELETE: "DELETE", HTTPClient.METHOD_OPTIONS: "OPTIONS",
			HTTPClient.METHOD_TRACE: "TRACE", HTTPClient.METHOD_PATCH: "PATCH"}
	for m: int in methods:
		var body := "body of %s: ünïcödé ✓" % methods[m]
		out.append({
			"name": "%s with a String body (request)" % methods[m],
			"steps": Steps.connect_plain(cfg) + Steps.exchange(m, "/echo?m=%d" % m, ["Content-Type: text/plain"], body),
			"expect": {"*.body.data": ("%s /echo?m=%d HTTP/1.1\r\nContent-Type: text/plain\r\nHost: %s\r\nContent-Length: %d\r\nUser-Agent: <UA>\r\nAccept: */*\r\n\r\n%s"
					% [methods[m], m, host, body.to_utf8_buffer().size(), body]).to_utf8_buffer()},
		})
	var binary := PackedByteArray()
	for i in 512:
		binary.append(i % 256)
	for m: int in [HTTPClient.METHOD_POST, HTTPClient.METHOD_PUT, HTTPClient.METHOD_PATCH]:
		out.append({
			"name": "%s with binary body (request_raw)" % methods[m],
			"steps": Steps.connect_plain(cfg) + Steps.exchange(m, "/echo", ["Content-Type: application/octet-stream"], binary),
		})
	out.append({
		"name": "POST with an empty body sends no Content-Length",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_POST, "/echo", [], "")
				+ Steps.exchange(HTTPClient.METHOD_POST, "/echo", [], PackedByteArray()),
		"expect": {"05.body.data": Steps.echo_head("POST", "/echo", host).to_utf8_buffer(),
				"09.body.data": Steps.echo_head("POST", "/echo", host).to_utf8_buffer()},
	})
	out.append({
		"name": "HEAD: body length forced to 0, connection reusable",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_HEAD, "/bytes?n=100")
				+ [["state"]] + Steps.exchange(HTTPClient.METHOD_GET, "/bytes?n=10"),
		"expect": {"03.wait_resp.body_length": 0, "03.wait_resp.status": HTTPClient.STATUS_BODY,
				"05.body.size": 0, "05.body.status": HTTPClient.STATUS_CONNECTED, "10.body.size": 10},
	})
	out.append({
		"name": "OPTIONS * and CONNECT authority-form are sent as given",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_OPTIONS, "*")
				+ Steps.exchange(HTTPClient.METHOD_CONNECT, "127.0.0.1:1"),
		"expect": {"03.wait_resp.code": 200, "07.wait_resp.code": 404},
	})
	out.append({
		"name": "absolute-form URL is sent as given",
		"steps": Steps.plain_get(cfg, "http://%s/echo?abs=1" % host),
		"expect": {"*.body.data": Steps.echo_head("GET", "http://%s/echo?abs=1" % host, host).to_utf8_buffer()},
	})
	out.append({
		"name": "caller's Host, User-Agent, Accept replace the automatic ones",
		"steps": Steps.plain_get(cfg, "/echo", ["Host: custom.example", "User-Agent: custom-agent/1.0",
				"Accept: text/plain", "X-Extra: 1"]),
		"expect": {"*.body.data": "GET /echo HTTP/1.1\r\nHost: custom.example\r\nUser-Agent: custom-agent/1.0\r\nAccept: text/plain\r\nX-Extra: 1\r\n\r\n".to_utf8_buffer()},
	})
	out.append({
		"name": "caller's headers match case-insensitively",
		"steps": Steps.plain_get(cfg, "/echo", ["host: lower.example", "user-agent: custom lower", "ACCEPT: */*"]),
	})
	out.append({
		"name": "names that only start like Host/User-Agent/Accept do not replace them",
		"steps": Steps.plain_get(cfg, "/echo", ["Hostname: x", "User-Agents: z", "Accepted: q"]),
	})
	out.append({
		"name": "\"Host : y\" (space before the colon) does not replace Host",
		"steps": Steps.plain_get(cfg, "/echo", ["Host : y"]),
		"expect": {"05.body.data": ("GET /echo HTTP/1.1\r\nHost : y\r\nHost: %s\r\nUser-Agent: <UA>\r\nAccept: */*\r\n\r\n" % host).to_utf8_buffer()},
	})
	out.append({
		"name": "caller's Content-Length replaces the automatic one",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_POST, "/echo", ["Content-Length: 5"], "hello"),
	})
	out.append({
		"name": "header whitespace is sent as given",
		"steps": Steps.plain_get(cfg, "/echo", ["  X-Lead: 1", "X-Trail: 2  ", "X-Tab:\tv", "X-Empty:"]),
	})
	out.append({
		"name": "headers given as an Array",
		"steps": Steps.connect_plain(cfg) + [["request", HTTPClient.METHOD_GET, "/echo", ["X-Array: yes"]],
				["wait_resp"], ["headers"], ["body"]],
	})
	out.append({
		"name": "non-ASCII and space in the URL are sent as UTF-8, unescaped",
		"steps": Steps.plain_get(cfg, "/echo?q=ü✓") + Steps.exchange(HTTPClient.METHOD_GET, "/echo?x=a b"),
	})
	# The seed says the body is ignored for GET; the built-in sends it.
	out.append({
		"name": "GET with a body",
		"steps": Steps.connect_plain(cfg) + Steps.exchange(HTTPClient.METHOD_GET, "/echo", [], "not for GET"),
		"differences": Steps.fix_echo(Steps.echo_head("GET", "/echo", host).to_utf8_buffer(),
				"the class reference: the body is ignored for METHOD_GET (the built-in sends it)"),
	})
	# Both name themselves: the built-in GodotEngine/<version> (<OS>).
	out.append({
		"name": "User-Agent names the client",
		"steps": Steps.plain_get(cfg, "/ua"),
		"expect": {"*.body.data": ("GodotEngine/%s (%s)" % [_godot_full_build(), OS.get_name()]).to_utf8_buffer()},
		"differences": {
			"*.body.data": {"check": func(v): return _own_user_agent(v),
					"desc": "a User-Agent of its own", "why": "spec: ours names itself and its version"},
			"*.body.size": Steps.any("its own User-Agent (the body's size)"),
			"*.wait_resp.body_length": Steps.any("its own User-Agent (the body's size)"),
			"*.state.body_length": Steps.any("its own User-Agent (the body's size)"),
			"*.headers.list*": Steps.any("its own User-Agent (Content-Length)"),
			"*.headers.dict_after_list": Steps.any("its own User-Agent (Content-Length)"),
		},
	})
	return out


static func _own_user_agent(v: Variant) -> bool:
	return v is PackedByteArray and not v.is_empty() and not v.get_string_from_utf8().begins_with("GodotEngine/")


## GODOT_VERSION_FULL_BUILD, as the built-in's User-Agent carries it.
static func _godot_full_build() -> String:
	var v := Engine.get_version_info()
	var s := "%d.%d" % [v.major, v.minor]
	if v.patch > 0:
		s += ".%d" % v.patch
	return s + ".%s.%s" % [v.status, v.build]
