extends RefCounted
## kept_chunks.gd's loop on a typed GoHTTPClient, so that the calls go
## through ptrcall (the return value written into the script's own
## variable) rather than Variant calls. Loaded only when the class exists:
## the type name would not compile otherwise. Connecting and the response
## head go through http_steps.gd (untyped, not what is checked here).

const Steps = preload("res://bench/http_steps.gd")


## Reads url to its end keeping every chunk; returns the chunks, or a
## String saying what went wrong.
static func read_kept(cfg: Dictionary, url: String, blocking: bool, deadline_msec: int) -> Variant:
	var c: GoHTTPClient = GoHTTPClient.new()
	c.read_chunk_size = 65536
	c.blocking_mode_enabled = blocking
	var e := Steps.start_connect(c, cfg)
	if e.is_empty():
		e = Steps.finish_connect(c, deadline_msec)
	if e.is_empty():
		e = Steps.get_head(c, url, deadline_msec)
	if not e.is_empty():
		c.close()
		return "typed " + e
	var kept: Array[PackedByteArray] = []
	var chunk: PackedByteArray
	while c.get_status() == HTTPClient.STATUS_BODY:
		c.poll()
		chunk = c.read_response_body_chunk()
		if chunk.size() > 0:
			kept.append(chunk)
		elif Time.get_ticks_msec() > deadline_msec:
			c.close()
			return "typed GoHTTPClient: GET %s: body not complete in time" % url
	if c.get_status() != HTTPClient.STATUS_CONNECTED:
		var st := c.get_status()
		c.close()
		return "typed GoHTTPClient: GET %s: status %d after the body" % [url, st]
	c.close()
	return kept
