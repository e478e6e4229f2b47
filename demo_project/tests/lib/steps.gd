extends RefCounted
## Step sequences shared by the scenarios (see driver.gd for the ops).

const Util = preload("res://tests/lib/util.gd")
const GET := HTTPClient.METHOD_GET


static func connect_to(host: String, port: int, tls: Variant = null) -> Array:
	if tls == null:
		return [["connect", host, port], ["wait_conn"]]
	return [["connect", host, port, tls], ["wait_conn"]]


static func connect_plain(cfg: Dictionary) -> Array:
	return connect_to("127.0.0.1", cfg.http_port)


## request, wait for the head, read the headers and the body.
static func exchange(method: int, url: String, headers: Array = [], body: Variant = null) -> Array:
	var req := ["request", method, url, PackedStringArray(headers)]
	if body is PackedByteArray:
		req = ["request_raw", method, url, PackedStringArray(headers), body]
	elif body != null:
		req.append(body)
	return [req, ["wait_resp"], ["headers"], ["body"]]


## A whole GET on a fresh plain connection.
static func plain_get(cfg: Dictionary, url: String, headers: Array = []) -> Array:
	return connect_plain(cfg) + exchange(GET, url, headers) + [["state"]]


## The request /echo sends back: what a client sends for a bodiless
## request with no headers of its own.
static func echo_head(method: String, target: String, host: String, extra: Array = []) -> String:
	var s := "%s %s HTTP/1.1\r\n" % [method, target]
	for h in extra:
		s += h + "\r\n"
	return s + "Host: %s\r\nUser-Agent: <UA>\r\nAccept: */*\r\n\r\n" % host


## Declared differences {fact glob: GoHTTPClient's value}, one reason for
## all (lib/differential.gd).
static func fix(values: Dictionary, why: String) -> Dictionary:
	var d := {}
	for k in values:
		d[k] = {"ours": values[k], "why": why}
	return d


## A declared difference where any value of GoHTTPClient is accepted (the
## facts after a point where the two take different paths on purpose).
static func any(why: String) -> Dictionary:
	return {"check": func(_v): return true, "desc": "anything", "why": why}


## GoHTTPClient's facts of a "headers" step that saw `list`.
static func fix_headers(step: String, list: Array, why: String) -> Dictionary:
	var l := PackedStringArray(list)
	return fix({
		step + ".has_response": not l.is_empty(), step + ".list": l, step + ".list_again": l,
		step + ".dict_after_list": Util.headers_dict(l), step + ".has_response_after": not l.is_empty(),
	}, why)


## GoHTTPClient's facts of Steps.plain_get() when it refuses the response
## head: the connection fails with STATUS_CONNECTION_ERROR.
static func fix_head_refused(why: String) -> Dictionary:
	var d := fix({
		"03.wait_resp.status": HTTPClient.STATUS_CONNECTION_ERROR,
		"05.body.data": PackedByteArray(), "05.body.size": 0,
		"05.body.status": HTTPClient.STATUS_CONNECTION_ERROR,
		"06.state.status": HTTPClient.STATUS_CONNECTION_ERROR,
		"statuses": ["DISCONNECTED", "CONNECTING", "CONNECTED", "REQUESTING", "CONNECTION_ERROR"],
	}, why)
	d["03.wait_resp.polls"] = {"check": func(v): return v is Array and ERR_CONNECTION_ERROR in v,
			"desc": "a poll() returning ERR_CONNECTION_ERROR", "why": why}
	for glob in ["03.wait_resp.*", "04.headers.*", "05.body.*", "06.state.*"]:
		d[glob] = any(why)
	return d


## The headers /echo answers with, for a request of `size` bytes.
static func echo_headers(size: int, number := 1) -> PackedStringArray:
	return PackedStringArray(["Content-Type: text/plain; charset=utf-8", "X-Request-Number: %d" % number,
			"Content-Length: %d" % size])


## GoHTTPClient's facts of a [request, wait_resp, headers, body] sequence
## starting at step `first` when /echo must show `echo` (and so its size
## differs from the built-in's).
static func fix_echo(echo: PackedByteArray, why: String, first := 2, number := 1) -> Dictionary:
	var d := fix({
		"%02d.wait_resp.body_length" % (first + 1): echo.size(),
		"%02d.body.data" % (first + 3): echo,
		"%02d.body.size" % (first + 3): echo.size(),
		"%02d.state.body_length" % (first + 4): echo.size(),
	}, why)
	d.merge(fix_headers("%02d.headers" % (first + 2), Array(echo_headers(echo.size(), number)), why))
	return d
