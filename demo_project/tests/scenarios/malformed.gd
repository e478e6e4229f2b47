extends RefCounted
## Servers that break HTTP on purpose (server/misbehave.go).

const Steps = preload("res://tests/lib/steps.gd")
const GET := HTTPClient.METHOD_GET


static func build(cfg: Dictionary) -> Array:
	var out := []
	out.append({
		"name": "head with bare LF line ends",
		"steps": Steps.plain_get(cfg, "/lf"),
		"expect": {"03.wait_resp.code": 200, "05.body.data": "hello".to_utf8_buffer()},
	})
	for v in ["nocode", "notHTTP", "short", "big", "lower", "http10", "noreason"]:
		out.append({
			"name": "malformed status line: " + v,
			"steps": Steps.plain_get(cfg, "/badstatus?v=" + v),
			"readme": "3: strict framing, a malformed status line fails the connection",
			"differences": Steps.fix_head_refused("README 3: a malformed status line fails the connection")
					if v in ["nocode", "notHTTP", "short", "lower"] else {},
		})
	out.append({
		"name": "101 Switching Protocols is a final response",
		"steps": Steps.plain_get(cfg, "/switch"),
		"expect": {"03.wait_resp.code": 101, "03.wait_resp.status": HTTPClient.STATUS_CONNECTED},
	})
	for code in [100, 103]:
		# The built-in takes the interim response for the final one.
		var why := "FIX: 1xx interim responses are skipped"
		var d := Steps.fix({
			"03.wait_resp.status": HTTPClient.STATUS_BODY, "03.wait_resp.code": 200,
			"03.wait_resp.has_response": true, "03.wait_resp.body_length": 5,
			"05.body.data": "final".to_utf8_buffer(), "05.body.size": 5,
			"06.state.code": 200, "06.state.body_length": 5,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "CONNECTED"],
		}, why)
		d.merge(Steps.fix_headers("04.headers", ["Content-Length: 5", "X-Final: yes"], why))
		out.append({
			"name": "interim %d response before the final one" % code,
			"steps": Steps.plain_get(cfg, "/interim?code=%d" % code),
			"expect": {"03.wait_resp.code": code, "03.wait_resp.status": HTTPClient.STATUS_CONNECTED},
			"differences": d,
		})
	out.append({
		"name": "two different Content-Length values",
		"steps": Steps.plain_get(cfg, "/conflict"),
		"expect": {"03.wait_resp.body_length": 7},
		"differences": Steps.fix_head_refused("FIX: conflicting Content-Length values are refused"),
	})
	out.append({
		"name": "the same Content-Length twice",
		"steps": Steps.plain_get(cfg, "/samecl"),
		"expect": {"05.body.data": "hello".to_utf8_buffer()},
	})
	# GoHTTPClient's limit (core: DefaultMaxHeadBytes) is 64 KiB.
	out.append({
		"name": "response head of 100 KiB",
		"steps": Steps.plain_get(cfg, "/bighead?kb=100"),
		"expect": {"03.wait_resp.code": 200, "05.body.data": "ok".to_utf8_buffer()},
		"differences": Steps.fix_head_refused("FIX: the response head is bounded"),
	})
	out.append({
		"name": "300 header lines",
		"steps": Steps.plain_get(cfg, "/headers?n=300"),
		"expect": {"03.wait_resp.code": 200, "05.body.data": "headers".to_utf8_buffer()},
		"differences": Steps.fix_head_refused("FIX: the response head is bounded (header count)"),
	})
	out.append({
		"name": "HTTP/1.0 response without length: body until the server closes",
		"steps": Steps.plain_get(cfg, "/http10eof"),
		"expect": {"03.wait_resp.status": HTTPClient.STATUS_CONNECTED, "03.wait_resp.code": 200},
		"readme": "8: an HTTP/1.0 response with no length and no keep-alive is read until the server closes",
		"differences": Steps.fix({
			"03.wait_resp.status": HTTPClient.STATUS_BODY,
			"05.body.data": "old-style body".to_utf8_buffer(), "05.body.size": 14,
			"05.body.status": HTTPClient.STATUS_DISCONNECTED,
			"06.state.status": HTTPClient.STATUS_DISCONNECTED, "06.state.code": 0,
			"06.state.connection_null": true,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "DISCONNECTED"],
		}, "README 8: an HTTP/1.0 body with no length is read until the server closes"),
	})
	out.append({
		"name": "304 with a Content-Length and no body",
		"steps": Steps.plain_get(cfg, "/notmodified"),
		"expect": {"03.wait_resp.status": HTTPClient.STATUS_BODY, "03.wait_resp.body_length": 100,
				"05.body.status": HTTPClient.STATUS_DISCONNECTED},
		"readme": "8: 204 and 304 responses carry no body whatever their Content-Length says",
		"differences": Steps.fix({
			"03.wait_resp.body_length": 0,
			"05.body.status": HTTPClient.STATUS_CONNECTED,
			"06.state.status": HTTPClient.STATUS_CONNECTED, "06.state.code": 304,
			"06.state.body_length": 0, "06.state.connection_null": false,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "CONNECTED"],
		}, "README 8: a 304 response has no body whatever its Content-Length says"),
	})
	out.append({
		"name": "connection closed in the middle of a Content-Length body",
		"steps": Steps.plain_get(cfg, "/cut?n=1000"),
		"expect": {"05.body.size": 500, "05.body.status": HTTPClient.STATUS_DISCONNECTED},
		"readme": "7: truncated bodies are errors",
		"differences": Steps.fix({
			"05.body.status": HTTPClient.STATUS_CONNECTION_ERROR,
			"06.state.status": HTTPClient.STATUS_CONNECTION_ERROR, "06.state.code": 200,
			"06.state.body_length": 1000,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "CONNECTION_ERROR"],
		}, "README 7: a body cut short is STATUS_CONNECTION_ERROR"),
	})
	out.append({
		"name": "connection closed in the middle of a chunk",
		"steps": Steps.plain_get(cfg, "/cutchunked"),
		"readme": "7: truncated bodies are errors",
		"differences": Steps.fix({
			"05.body.data": "helloshort".to_utf8_buffer(), "05.body.size": 10,
			"05.body.status": HTTPClient.STATUS_CONNECTION_ERROR,
			"06.state.status": HTTPClient.STATUS_CONNECTION_ERROR, "06.state.code": 200,
			"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "BODY", "CONNECTION_ERROR"],
		}, "README 7: a chunked body cut short is STATUS_CONNECTION_ERROR; the bytes of the cut chunk that arrived are delivered"),
	})
	for v in ["hex", "big", "noterm"]:
		out.append({
			"name": "bad chunked framing: " + v,
			"steps": Steps.plain_get(cfg, "/chunkbad?v=" + v),
			"expect": {"05.body.status": HTTPClient.STATUS_CONNECTION_ERROR},
			"differences": Steps.fix({"05.body.data": "hello".to_utf8_buffer(), "05.body.size": 5},
					"README 6: chunk data is delivered as it arrives, before the CRLF after it is checked")
					if v == "noterm" else {},
		})
	out.append({
		"name": "server closes without answering",
		"steps": Steps.plain_get(cfg, "/hangup"),
		"expect": {"03.wait_resp.status": HTTPClient.STATUS_CONNECTION_ERROR},
	})
	return out
