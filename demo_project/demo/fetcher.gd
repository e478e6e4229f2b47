extends RefCounted
## One GET with a class that has HTTPClient's API (GoHTTPClient or the
## built-in HTTPClient), written as the class reference's HTTPClient
## example: connect_to_host(), poll() once per frame while resolving and
## connecting, request(), poll() while requesting, then
## read_response_body_chunk() while there is body, waiting a frame whenever
## nothing has arrived. The game never waits on the network.
##
## It reports what happens through its signals, checks the body against a
## Repr-Digest header (RFC 9530) when the response has one, and gives up
## after deadline_msec.

const UrlParts = preload("res://demo/url_parts.gd")
const ReprDigest = preload("res://demo/repr_digest.gd")

## How long one fetch may take, from connect_to_host() to the end of the body.
const DEADLINE_MSEC := 30000

## The client's status changed; name is "STATUS_RESOLVING" and so on.
signal status_changed(status: int, name: String, msec: int)
## A line for the log (digest verdicts, errors).
signal note(text: String, msec: int)
## The response head arrived; length is -1 when unknown.
signal response_started(code: int, headers: PackedStringArray, length: int, chunked: bool, msec: int)
## Body bytes so far; total is -1 when unknown.
signal progress(received: int, total: int)

var client_class: StringName
## Passed to connect_to_host() for https:// URLs (null: the system's roots).
var tls_options: TLSOptions
var deadline_msec := DEADLINE_MSEC

var _started := 0
var _last_status := -1


func _init(client_class_: StringName, tls_options_: TLSOptions = null) -> void:
	client_class = client_class_
	tls_options = tls_options_


## The name of an HTTPClient.Status value ("STATUS_BODY").
static func status_name(status: int) -> String:
	for name in ClassDB.class_get_enum_constants(&"HTTPClient", &"Status"):
		if ClassDB.class_get_integer_constant(&"HTTPClient", name) == status:
			return name
	return "status %d" % status


## Fetches url and returns what happened:
## {"class", "url", "code", "bytes", "length" (-1: unknown), "chunked",
##  "digest" ("OK", "none" or "MISMATCH"), "msec", "connect_msec",
##  "first_byte_msec", "problems" (Array of Strings; empty when the response
##  was complete, its digest matched if it had one, and close() ended in
##  STATUS_DISCONNECTED)}.
func fetch(tree: SceneTree, url: String) -> Dictionary:
	_started = Time.get_ticks_msec()
	_last_status = -1
	var r := {"class": String(client_class), "url": url, "code": 0, "bytes": 0, "length": -1,
			"chunked": false, "digest": "none", "msec": 0, "connect_msec": -1,
			"first_byte_msec": -1, "problems": []}
	var parts: Variant = UrlParts.parse(url)
	if parts is String:
		return _fail(r, null, parts)
	if not ClassDB.class_exists(client_class):
		return _fail(r, null, "the class %s is not registered (is the extension loaded?)" % client_class)
	var deadline := _started + deadline_msec

	var http: Variant = ClassDB.instantiate(client_class) # GoHTTPClient.new() or HTTPClient.new()
	var err: Error = http.connect_to_host(parts.host, parts.port, tls_options if parts.tls else null)
	if err != OK:
		return _fail(r, http, "connect_to_host(%s, %d) returned %s" % [parts.host, parts.port, error_string(err)])
	_note_status(http)

	# Wait until resolved and connected.
	while http.get_status() == HTTPClient.STATUS_CONNECTING or http.get_status() == HTTPClient.STATUS_RESOLVING:
		http.poll()
		_note_status(http)
		if Time.get_ticks_msec() > deadline:
			return _fail(r, http, _late_message(http))
		await tree.process_frame
	if http.get_status() != HTTPClient.STATUS_CONNECTED:
		return _fail(r, http, "could not connect: %s" % status_name(http.get_status()))
	r.connect_msec = _msec()

	var headers := ["User-Agent: Pirulo/1.0 (Godot)", "Accept: */*"]
	err = http.request(HTTPClient.METHOD_GET, parts.path, headers)
	if err != OK:
		return _fail(r, http, "request() returned %s" % error_string(err))
	_note_status(http)

	while http.get_status() == HTTPClient.STATUS_REQUESTING:
		# Keep polling for as long as the request is being processed.
		http.poll()
		_note_status(http)
		if Time.get_ticks_msec() > deadline:
			return _fail(r, http, _late_message(http))
		await tree.process_frame
	if http.get_status() != HTTPClient.STATUS_BODY and http.get_status() != HTTPClient.STATUS_CONNECTED:
		return _fail(r, http, "no response: %s" % status_name(http.get_status()))
	if not http.has_response():
		return _fail(r, http, "no response (%s)" % status_name(http.get_status()))

	r.first_byte_msec = _msec()
	r.code = http.get_response_code()
	r.chunked = http.is_response_chunked()
	r.length = -1 if r.chunked else http.get_response_body_length()
	# Read the headers once: the built-in empties them on the first call.
	var response_headers: PackedStringArray = http.get_response_headers()
	response_started.emit(r.code, response_headers, r.length, r.chunked, r.first_byte_msec)
	var expected_digest := _digest_field(response_headers)
	if expected_digest.begins_with("error: "):
		r.problems.append(expected_digest.substr("error: ".length()))
		expected_digest = ""

	# Read the body in chunks as they arrive, hashing as it goes.
	var sha := HashingContext.new()
	sha.start(HashingContext.HASH_SHA256)
	var received := 0
	while http.get_status() == HTTPClient.STATUS_BODY:
		http.poll()
		if http.get_status() != HTTPClient.STATUS_BODY:
			break  # the connection failed or closed: there is nothing to read
		var chunk: PackedByteArray = http.read_response_body_chunk() # Get a chunk.
		if chunk.size() == 0:
			_note_status(http)
			if Time.get_ticks_msec() > deadline:
				return _fail(r, http, _late_message(http))
			await tree.process_frame # Nothing yet: try again next frame.
		else:
			sha.update(chunk)
			received += chunk.size()
			r.bytes = received
			progress.emit(received, r.length)
	_note_status(http)
	r.msec = _msec()
	var end_status: int = http.get_status()

	if r.code != 200:
		r.problems.append("response code %d" % r.code)
	if end_status != HTTPClient.STATUS_CONNECTED and end_status != HTTPClient.STATUS_DISCONNECTED:
		r.problems.append("the body ended in %s" % status_name(end_status))
	elif r.length >= 0 and received != r.length:
		r.problems.append("%d body bytes of the %d of Content-Length" % [received, r.length])
	if expected_digest.is_empty():
		_emit_note("no Repr-Digest sha-256: the body is not checked")
	else:
		var got := ReprDigest.encode(sha.finish())
		if got == expected_digest:
			r.digest = "OK"
			_emit_note("digest OK (sha-256 of %d bytes)" % received)
		else:
			r.digest = "MISMATCH"
			_emit_note("digest MISMATCH: sha-256 %s, Repr-Digest says %s" % [got, expected_digest])
			r.problems.append("digest MISMATCH")

	http.close()
	_note_status(http)
	if http.get_status() != HTTPClient.STATUS_DISCONNECTED:
		r.problems.append("after close() the status is %s" % status_name(http.get_status()))
	return r


func _msec() -> int:
	return Time.get_ticks_msec() - _started


func _note_status(http: Variant) -> void:
	var s: int = http.get_status()
	if s != _last_status:
		_last_status = s
		status_changed.emit(s, status_name(s), _msec())


func _emit_note(text: String) -> void:
	note.emit(text, _msec())


func _late_message(http: Variant) -> String:
	return "gave up after %d ms in %s" % [deadline_msec, status_name(http.get_status())]


## Ends a fetch that went wrong: records why, closes the client.
func _fail(r: Dictionary, http: Variant, why: String) -> Dictionary:
	r.problems.append(why)
	r.msec = _msec()
	_emit_note(why)
	if http != null:
		http.close()
		_note_status(http)
	return r


## The sha-256 of the Repr-Digest header lines (several lines of one field
## are one comma-separated list), "" when there is none.
static func _digest_field(headers: PackedStringArray) -> String:
	var values := PackedStringArray()
	for line in headers:
		var colon := line.find(":")
		if colon > 0 and line.substr(0, colon).strip_edges().to_lower() == "repr-digest":
			values.append(line.substr(colon + 1).strip_edges())
	return ReprDigest.sha256_of(", ".join(values))
