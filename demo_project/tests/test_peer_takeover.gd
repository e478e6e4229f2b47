extends RefCounted
## A script takes the connection over with get_connection() after
## "101 Switching Protocols" (server route /upgrade: a greeting right behind
## the head, then an echo), with the client kept or freed. The built-in's
## peer gets the greeting and keeps the connection after its client is
## freed; GoHTTPClient's must do the same: it reads heads in bulk, so the
## greeting sits in its buffer and is handed to the peer, and a freed
## client leaves the connection to the peer, which closes it when freed.

const Fetch = preload("res://tests/lib/fetch.gd")
const Stats = preload("res://tests/lib/runtime_stats.gd")
const OURS := "GoHTTPClient"
const GREETING := "HELLO"
const PING := "ping\n"
const WAIT_MSEC := 5_000

var _h
var _cfg: Dictionary


func run(h, cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	if ClassDB.class_exists(OURS):
		h.run_test("peer: the connection taken over after 101 Switching Protocols", _takeover)


func _takeover() -> void:
	var want := {"code": 101, "greeting": GREETING, "echo": PING, "put": OK}
	for free_client in [false, true]:
		var what := "client freed" if free_client else "client kept"
		var theirs := _exchange("HTTPClient", free_client)
		_h.check_eq(theirs, want, "HTTPClient, " + what)
		var base := Stats.read()
		var ours := _exchange(OURS, free_client)
		_h.check_eq(ours, want, "GoHTTPClient, " + what)
		# The peer is gone now: its connection must be closed and nothing left.
		for line in Stats.leaks(base, Stats.settle(base), 1 << 62):
			_h.fail("%s, after the peer was dropped: %s" % [what, line])


## Upgrades a connection of a cls client, takes its peer, frees the client
## when free_client, then reads the greeting and an echo through the peer.
func _exchange(cls: String, free_client: bool) -> Dictionary:
	var out := {}
	var c: Object = ClassDB.instantiate(cls)
	Fetch.open(c, "127.0.0.1", _cfg.http_port)
	c.request(HTTPClient.METHOD_GET, "/upgrade?greeting=" + GREETING,
			PackedStringArray(["Connection: Upgrade", "Upgrade: echo"]))
	Fetch.poll_while(c, [HTTPClient.STATUS_REQUESTING], WAIT_MSEC)
	out.code = c.get_response_code()
	var peer: StreamPeer = c.get_connection()
	if peer == null:
		out.peer = null
		return out
	if free_client:
		c = null  # the last reference: the client is freed here
	out.greeting = _read(peer, GREETING.length()).get_string_from_ascii()
	out.put = peer.put_data(PING.to_ascii_buffer())
	out.echo = _read(peer, PING.length()).get_string_from_ascii()
	if c != null:
		c.close()
	return out


## n bytes from peer, polling get_partial_data (never a blocking read: a
## missing byte must fail the test, not hang it), at most WAIT_MSEC.
func _read(peer: StreamPeer, n: int) -> PackedByteArray:
	var got := PackedByteArray()
	var deadline := Time.get_ticks_msec() + WAIT_MSEC
	while got.size() < n and Time.get_ticks_msec() < deadline:
		if peer is StreamPeerTCP:
			peer.poll()
		var r: Array = peer.get_partial_data(n - got.size())
		if r[0] != OK:
			break
		if (r[1] as PackedByteArray).is_empty():
			OS.delay_usec(200)
		got.append_array(r[1])
	return got
