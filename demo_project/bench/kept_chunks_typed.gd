extends RefCounted
## kept_chunks.gd's loop on a typed GoHTTPClient, so that the calls go
## through ptrcall (the return value written into the script's own
## variable) rather than Variant calls. Loaded only when the class exists:
## the type name would not compile otherwise.


## Reads url to its end keeping every chunk; returns the chunks, or a
## String saying what went wrong.
static func read_kept(cfg: Dictionary, url: String, blocking: bool, deadline_msec: int) -> Variant:
	var c: GoHTTPClient = GoHTTPClient.new()
	c.read_chunk_size = 65536
	c.blocking_mode_enabled = blocking
	if c.connect_to_host(cfg.host, cfg.http_port) != OK:
		return "typed GoHTTPClient: connect_to_host failed"
	while c.get_status() == HTTPClient.STATUS_RESOLVING or c.get_status() == HTTPClient.STATUS_CONNECTING:
		c.poll()
		OS.delay_usec(50)
	if c.request(HTTPClient.METHOD_GET, url, PackedStringArray()) != OK:
		return "typed GoHTTPClient: request failed (status %d)" % c.get_status()
	while c.get_status() == HTTPClient.STATUS_REQUESTING:
		c.poll()
	var kept: Array[PackedByteArray] = []
	var chunk: PackedByteArray
	while c.get_status() == HTTPClient.STATUS_BODY:
		c.poll()
		chunk = c.read_response_body_chunk()
		if chunk.size() > 0:
			kept.append(chunk)
		elif Time.get_ticks_msec() > deadline_msec:
			return "typed GoHTTPClient: GET %s: body not complete in time" % url
	if c.get_status() != HTTPClient.STATUS_CONNECTED:
		return "typed GoHTTPClient: GET %s: status %d after the body" % [url, c.get_status()]
	c.close()
	return kept
