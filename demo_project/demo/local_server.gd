extends Node
## The demo's own HTTP server: a TCPServer on 127.0.0.1 with a port the
## system picks. Every GET of "/" is answered with BODY_BYTES deterministic
## bytes (the test server's pattern: byte i is (i*31 + i/256) & 0xff), a
## Content-Length, a Repr-Digest (RFC 9530) of their SHA-256 and
## "Connection: close". The body goes out PIECE_BYTES per frame and
## connection, so a progress bar has something to show.

## Size of the body.
const BODY_BYTES := 4 << 20
## Bytes written per frame and connection (at most).
const PIECE_BYTES := 64 << 10
## Longest request head read; longer ones get 431.
const MAX_HEAD_BYTES := 8192
## Connections served at once; more are closed at once.
const MAX_CONNECTIONS := 8
## A request head must be complete this long after the connection opened.
const HEAD_TIMEOUT_MSEC := 10000
## After the response, how long to wait for the client to close first.
const LINGER_MSEC := 2000
## The pattern repeats every 65536 bytes: ((i + 65536)*31 + (i + 65536)/256)
## and (i*31 + i/256) are equal modulo 256.
const PATTERN_PERIOD := 65536

enum Phase { READ_HEAD, SEND, LINGER }

var _server := TCPServer.new()
var _connections: Array[Dictionary] = []
var _block := PackedByteArray()  # one period of the pattern
var _digest := ""


## Listens on 127.0.0.1 at a free port. Returns the error of listen().
func start() -> Error:
	if _block.is_empty():
		_make_body()
	var err := _server.listen(0, "127.0.0.1")
	if err != OK:
		push_error("local server: listen(0, \"127.0.0.1\") failed: %s" % error_string(err))
	return err


func url() -> String:
	return "http://127.0.0.1:%d/" % _server.get_local_port() if _server.is_listening() else ""


func stop() -> void:
	for c in _connections:
		c.peer.disconnect_from_host()
	_connections.clear()
	_server.stop()


func _exit_tree() -> void:
	stop()


func _make_body() -> void:
	_block.resize(PATTERN_PERIOD)
	for i in PATTERN_PERIOD:
		_block[i] = (i * 31 + i / 256) & 0xff
	var sha := HashingContext.new()
	sha.start(HashingContext.HASH_SHA256)
	for i in BODY_BYTES / PATTERN_PERIOD:
		sha.update(_block)
	var rest := BODY_BYTES % PATTERN_PERIOD
	if rest > 0:
		sha.update(_block.slice(0, rest))
	_digest = "sha-256=:%s:" % Marshalls.raw_to_base64(sha.finish())


func _process(_delta: float) -> void:
	while _server.is_connection_available():
		var peer := _server.take_connection()
		if _connections.size() >= MAX_CONNECTIONS:
			peer.disconnect_from_host()
			continue
		_connections.append({"peer": peer, "phase": Phase.READ_HEAD, "head": PackedByteArray(),
				"out": PackedByteArray(), "body_left": 0, "body_sent": 0, "since": Time.get_ticks_msec()})
	for c in _connections.duplicate():
		if not _serve(c):
			c.peer.disconnect_from_host()
			_connections.erase(c)


## Moves one connection on; false when it is finished.
func _serve(c: Dictionary) -> bool:
	var peer: StreamPeerTCP = c.peer
	peer.poll()
	if peer.get_status() != StreamPeerTCP.STATUS_CONNECTED:
		return false
	match c.phase:
		Phase.READ_HEAD:
			return _read_head(c)
		Phase.SEND:
			return _send(c)
		_:
			_drain(peer)
			return Time.get_ticks_msec() - c.since < LINGER_MSEC


func _read_head(c: Dictionary) -> bool:
	var peer: StreamPeerTCP = c.peer
	var room: int = MAX_HEAD_BYTES + 1 - c.head.size()
	var available := mini(peer.get_available_bytes(), room)
	if available > 0:
		var got := peer.get_partial_data(available)
		if got[0] != OK:
			return false
		c.head.append_array(got[1])
	var text: String = c.head.get_string_from_ascii()
	var end := text.find("\r\n\r\n")
	if end < 0:
		if c.head.size() > MAX_HEAD_BYTES:
			_respond(c, "431 Request Header Fields Too Large", [], "the request head is over %d bytes\n" % MAX_HEAD_BYTES)
		elif Time.get_ticks_msec() - c.since > HEAD_TIMEOUT_MSEC:
			return false
		return true
	var request_line := text.substr(0, text.find("\r\n")).split(" ")
	if request_line.size() != 3 or not request_line[2].begins_with("HTTP/1."):
		_respond(c, "400 Bad Request", [], "malformed request line\n")
		return true
	var method := request_line[0]
	var path := request_line[1].get_slice("?", 0)
	if method != "GET" and method != "HEAD":
		_respond(c, "405 Method Not Allowed", ["Allow: GET, HEAD"], "only GET and HEAD\n")
	elif path != "/":
		_respond(c, "404 Not Found", [], "no such path; GET / for the demo body\n")
	else:
		var head := "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: %d\r\n" % BODY_BYTES
		head += "Repr-Digest: %s\r\nConnection: close\r\n\r\n" % _digest
		c.out = head.to_ascii_buffer()
		c.body_left = BODY_BYTES if method == "GET" else 0
		c.phase = Phase.SEND
	return true


## Queues a small response with its body; the connection closes after it.
func _respond(c: Dictionary, status: String, headers: Array, body: String) -> void:
	var head := "HTTP/1.1 %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n" % [
			status, body.length()]
	for h in headers:
		head += h + "\r\n"
	c.out = (head + "\r\n" + body).to_ascii_buffer()
	c.body_left = 0
	c.phase = Phase.SEND


## Writes at most PIECE_BYTES: what is left of the head, then body bytes.
func _send(c: Dictionary) -> bool:
	var peer: StreamPeerTCP = c.peer
	_drain(peer)
	var budget := PIECE_BYTES
	while budget > 0 and (not c.out.is_empty() or c.body_left > 0):
		var piece: PackedByteArray
		if not c.out.is_empty():
			piece = c.out.slice(0, budget)
		else:
			var at: int = c.body_sent % PATTERN_PERIOD
			piece = _block.slice(at, at + mini(budget, mini(c.body_left, PATTERN_PERIOD - at)))
		var result := peer.put_partial_data(piece)
		if result[0] != OK:
			return false
		var sent: int = result[1]
		if not c.out.is_empty():
			c.out = c.out.slice(sent)
		else:
			c.body_sent += sent
			c.body_left -= sent
		budget -= sent
		if sent < piece.size():
			break  # the socket's buffer is full: next frame
	if c.out.is_empty() and c.body_left == 0:
		c.phase = Phase.LINGER
		c.since = Time.get_ticks_msec()
	return true


## Reads and drops what the client sends after its request head, so that
## closing the socket does not reset the connection.
func _drain(peer: StreamPeerTCP) -> void:
	var available := mini(peer.get_available_bytes(), MAX_HEAD_BYTES)
	if available > 0:
		peer.get_partial_data(available)
