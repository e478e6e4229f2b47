extends RefCounted
## The raw limit: the same body read through a bare StreamPeerTCP: the
## request written by hand, the head found by hand, then get_partial_data()
## of 65536 bytes until the byte count is reached, each chunk checked as
## the clients' are. What GDScript can get from the socket with no HTTP
## client at all. Timed: from sending the request to the last byte.

const BodyCheck = preload("res://bench/body_check.gd")
const Steps = preload("res://bench/http_steps.gd")
const HEAD_END := "\r\n\r\n"
const MAX_HEAD := 16384


## p: path, bytes, full_check, deadline_msec. Returns {usec, error}.
static func run(cfg: Dictionary, p: Dictionary) -> Dictionary:
	var tcp := StreamPeerTCP.new()
	var err := tcp.connect_to_host(cfg.host, cfg.http_port)
	if err != OK:
		return {"usec": 0, "error": "StreamPeerTCP.connect_to_host: %s" % error_string(err)}
	var deadline: int = p.deadline_msec
	while tcp.get_status() == StreamPeerTCP.STATUS_CONNECTING and Time.get_ticks_msec() < deadline:
		tcp.poll()
		OS.delay_usec(50)
	if tcp.get_status() != StreamPeerTCP.STATUS_CONNECTED:
		return {"usec": 0, "error": "StreamPeerTCP: could not connect (status %d)" % tcp.get_status()}
	var want: int = p.bytes
	var full: bool = p.full_check
	var request := "GET %s HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % [p.path, cfg.host, cfg.http_port]
	var e := ""
	var got := 0
	var spins := 0
	var t0 := Time.get_ticks_usec()
	err = tcp.put_data(request.to_ascii_buffer())
	if err != OK:
		e = "StreamPeerTCP.put_data: %s" % error_string(err)
	# The head, and the body bytes that came with it.
	var head := PackedByteArray()
	var body_start := -1
	while e.is_empty() and body_start < 0:
		var r: Array = tcp.get_partial_data(4096)
		if r[0] != OK:
			e = "StreamPeerTCP.get_partial_data: %s (head)" % error_string(r[0])
			break
		head.append_array(r[1])
		var at := head.get_string_from_ascii().find(HEAD_END)
		if at >= 0:
			body_start = at + HEAD_END.length()
		elif head.size() > MAX_HEAD or Time.get_ticks_msec() > deadline:
			e = "StreamPeerTCP: no response head (%d bytes)" % head.size()
	if e.is_empty():
		var text := head.slice(0, body_start).get_string_from_ascii()
		if not text.begins_with("HTTP/1.1 200 ") or not text.contains("Content-Length: %d\r\n" % want):
			e = "StreamPeerTCP: unexpected head %s" % text.c_escape()
	if e.is_empty() and head.size() > body_start:
		var first := head.slice(body_start)
		if not BodyCheck.ok(first, 0, full):
			e = "StreamPeerTCP: %s" % BodyCheck.describe(first, 0)
		got = first.size()
	while e.is_empty() and got < want:
		var r: Array = tcp.get_partial_data(mini(65536, want - got))
		if r[0] != OK:
			e = "StreamPeerTCP.get_partial_data: %s after %d body bytes" % [error_string(r[0]), got]
			break
		var chunk: PackedByteArray = r[1]
		if chunk.size() == 0:
			spins += 1
			if spins % Steps.SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline:
				e = "StreamPeerTCP: body not complete in time (%d bytes)" % got
			continue
		if not BodyCheck.ok(chunk, got, full):
			e = "StreamPeerTCP: %s" % BodyCheck.describe(chunk, got)
			break
		got += chunk.size()
	var usec := Time.get_ticks_usec() - t0
	if e.is_empty() and got != want:
		e = "StreamPeerTCP: %d body bytes, want %d" % [got, want]
	tcp.disconnect_from_host()
	return {"usec": usec, "error": e}
