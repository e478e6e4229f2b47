extends RefCounted
## A check run before the timed rows, not timed: a body read with every
## chunk kept in an Array, then every kept chunk compared byte for byte.
## GoHTTPClient reads full chunks into arrays it reuses once the script
## has let go of them; a chunk the script keeps must never change behind
## it. GoHTTPClient is read both untyped (Variant calls) and typed
## (ptrcall: kept_chunks_typed.gd), in non-blocking and blocking mode.

const Steps = preload("res://bench/http_steps.gd")
const BodyCheck = preload("res://bench/body_check.gd")
const BYTES := (1 << 20) + 12345


## Returns "" when the kept chunks hold the body, else what went wrong.
static func run(class_name_: String, cfg: Dictionary, deadline_msec: int) -> String:
	if class_name_ == "GoHTTPClient":
		var typed: Script = load("res://bench/kept_chunks_typed.gd")
		for blocking in [false, true]:
			var got: Variant = typed.read_kept(cfg, "/stream?n=%d" % BYTES, blocking, deadline_msec)
			if got is String:
				return got
			var e := _check(got, "typed GoHTTPClient (blocking %s)" % blocking)
			if not e.is_empty():
				return e
	for blocking in [false, true]:
		var made: Variant = Steps.connected(class_name_, cfg, blocking, deadline_msec)
		if made is String:
			return made
		var c = made
		var url := "/stream?n=%d" % BYTES
		var e := Steps.get_head(c, url, deadline_msec)
		var kept := []
		while e.is_empty() and c.get_status() == HTTPClient.STATUS_BODY:
			c.poll()
			var chunk: PackedByteArray = c.read_response_body_chunk()
			if chunk.size() > 0:
				kept.append(chunk)
			elif Time.get_ticks_msec() > deadline_msec:
				e = "%s: GET %s: body not complete in time" % [class_name_, url]
		if e.is_empty():
			e = Steps.body_end(c, url, _total(kept), BYTES)
		if e.is_empty():
			e = _check(kept, "%s (blocking %s)" % [class_name_, blocking])
		c.close()
		if not e.is_empty():
			return e
	return ""


static func _total(kept: Array) -> int:
	var n := 0
	for chunk: PackedByteArray in kept:
		n += chunk.size()
	return n


## "" when the kept chunks are the whole body, else what is wrong.
static func _check(kept: Array, who: String) -> String:
	var got := 0
	for chunk: PackedByteArray in kept:
		if not BodyCheck.ok(chunk, got, true):
			return "%s: a kept chunk changed: %s" % [who, BodyCheck.describe(chunk, got)]
		got += chunk.size()
	if got != BYTES:
		return "%s: %d body bytes kept, want %d" % [who, got, BYTES]
	return ""
