extends RefCounted
## Rows 1, 2 and 5: one big body read with the loop of demo_project/main.gd
## without waiting for frames: poll(), read_response_body_chunk(), repeat
## (empty chunks are skipped). The bytes are counted and checked, not kept.
## Timed: from request() to the last byte; the connection is made before.

const Steps = preload("res://bench/http_steps.gd")
const BodyCheck = preload("res://bench/body_check.gd")


## p: url, bytes, blocking, full_check, deadline_msec.
## Returns {usec, error}.
static func run(class_name_: String, cfg: Dictionary, p: Dictionary) -> Dictionary:
	var made: Variant = Steps.connected(class_name_, cfg, p.blocking, p.deadline_msec)
	if made is String:
		return {"usec": 0, "error": made}
	var c = made
	var url: String = p.url
	var full: bool = p.full_check
	var deadline: int = p.deadline_msec
	var t0 := Time.get_ticks_usec()
	var e := Steps.get_head(c, url, deadline)
	var got := 0
	var spins := 0
	if e.is_empty():
		while c.get_status() == HTTPClient.STATUS_BODY:
			c.poll()
			var chunk: PackedByteArray = c.read_response_body_chunk()
			if chunk.size() == 0:
				spins += 1
				if spins % Steps.SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline:
					e = "%s: GET %s: body not complete in time (%d bytes)" % [class_name_, url, got]
					break
				continue
			if not BodyCheck.ok(chunk, got, full):
				e = "%s: GET %s: %s" % [class_name_, url, BodyCheck.describe(chunk, got)]
				break
			got += chunk.size()
	var usec := Time.get_ticks_usec() - t0
	if e.is_empty():
		e = Steps.body_end(c, url, got, p.bytes)
	c.close()
	return {"usec": usec, "error": e}
