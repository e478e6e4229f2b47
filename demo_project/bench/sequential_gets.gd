extends RefCounted
## Rows 3 and 4: many small GETs one after the other on one keep-alive
## connection (request, poll until the head is in, read the body, repeat),
## in the same non-blocking loop as the downloads. Every body is compared
## whole; the response headers are counted on the first and the last
## response. Timed: all the requests; the connection is made before.

const Steps = preload("res://bench/http_steps.gd")


## p: url, count, body (the expected bytes), header_count (-1: unchecked),
## deadline_msec. Returns {usec, error}.
static func run(class_name_: String, cfg: Dictionary, p: Dictionary) -> Dictionary:
	var made: Variant = Steps.connected(class_name_, cfg, false, p.deadline_msec)
	if made is String:
		return {"usec": 0, "error": made}
	var c = made
	var url: String = p.url
	var want: PackedByteArray = p.body
	var count: int = p.count
	var deadline: int = p.deadline_msec
	var e := ""
	var t0 := Time.get_ticks_usec()
	for i in count:
		e = Steps.get_head(c, url, deadline)
		if not e.is_empty():
			break
		if (i == 0 or i == count - 1) and p.header_count >= 0:
			var n: int = c.get_response_headers().size()
			if n != p.header_count:
				e = "%s: GET %s: %d response headers, want %d" % [class_name_, url, n, p.header_count]
				break
		var body := PackedByteArray()
		var spins := 0
		while c.get_status() == HTTPClient.STATUS_BODY:
			c.poll()
			var chunk: PackedByteArray = c.read_response_body_chunk()
			if chunk.size() == 0:
				spins += 1
				if spins % Steps.SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline:
					e = "%s: GET %s: body not complete in time" % [class_name_, url]
					break
				continue
			body.append_array(chunk)
		if e.is_empty():
			e = Steps.body_end(c, url, body.size(), want.size())
		if e.is_empty() and body != want:
			e = "%s: GET %s: request %d: the body differs from the expected %d bytes" % [class_name_, url, i + 1, want.size()]
		if not e.is_empty():
			break
	var usec := Time.get_ticks_usec() - t0
	c.close()
	return {"usec": usec, "error": e}
