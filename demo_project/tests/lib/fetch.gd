extends RefCounted
## Plain request loops for the soak, thread and hostile tests, on any
## client object (HTTPClient or GoHTTPClient, untyped). Each wait has a
## deadline; none sleeps while the client makes progress. All static.

const RESOLVING := HTTPClient.STATUS_RESOLVING
const CONNECTING := HTTPClient.STATUS_CONNECTING
const REQUESTING := HTTPClient.STATUS_REQUESTING
const BODY := HTTPClient.STATUS_BODY
## Pause between polls that found nothing, in non-blocking mode.
const IDLE_USEC := 100


## Polls while the status is one of `states`, at most msec; returns the status.
static func poll_while(c: Object, states: Array, msec: int) -> int:
	var deadline := Time.get_ticks_msec() + msec
	var s: int = c.get_status()
	while s in states and Time.get_ticks_msec() < deadline:
		c.poll()
		var now: int = c.get_status()
		if now == s:
			OS.delay_usec(IDLE_USEC)
		s = now
	return s


## connect_to_host and wait for the attempt to end; returns the status.
static func open(c: Object, host: String, port: int, tls: TLSOptions = null, msec := 5000) -> int:
	var err: int = c.connect_to_host(host, port, tls)
	if err != OK:
		return c.get_status()
	return poll_while(c, [RESOLVING, CONNECTING], msec)


## Reads the body while the status is BODY, at most msec.
static func read_body(c: Object, msec := 10_000) -> PackedByteArray:
	var data := PackedByteArray()
	var deadline := Time.get_ticks_msec() + msec
	while c.get_status() == BODY and Time.get_ticks_msec() < deadline:
		var chunk: PackedByteArray = c.read_response_body_chunk()
		if chunk.is_empty():
			if c.get_status() == BODY:
				c.poll()
				OS.delay_usec(IDLE_USEC)
		else:
			data.append_array(chunk)
	return data


## A GET on a connected client: {"ret", "status", "code", "body"}, the
## status after the body.
static func fetch(c: Object, url: String, msec := 10_000) -> Dictionary:
	var ret: int = c.request(HTTPClient.METHOD_GET, url, PackedStringArray())
	var out := {"ret": ret, "code": 0, "body": PackedByteArray()}
	if ret == OK:
		poll_while(c, [REQUESTING], msec)
		out.code = c.get_response_code()
		out.body = read_body(c, msec)
	out["status"] = c.get_status()
	return out
