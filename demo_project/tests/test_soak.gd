extends RefCounted
## Soak and leak tests of GoHTTPClient: many requests through one client,
## many clients made, used and dropped, and clients dropped in every phase
## of a connection. Each test compares GoHTTPClient.get_runtime_stats()
## (Go heap after a GC, process RSS, goroutines, live clients) and the
## engine's object count before and after: goroutines, clients and objects
## must come back to what they were, the Go heap and the RSS must grow by
## less than MAX_GROWTH. The figures are printed.
##
## `-- --soak-full` runs the full counts (FULL_*); by default the counts
## are the CI ones (CI_*), the full ones too while the whole soak takes
## well under 30 s (about 12 s on a loaded 2-core machine).

const Util = preload("res://tests/lib/util.gd")
const Stats = preload("res://tests/lib/runtime_stats.gd")
const Fetch = preload("res://tests/lib/fetch.gd")
const ServerConfig = preload("res://tests/lib/server_config.gd")
const OURS := "GoHTTPClient"
const SOAK_FULL_ARG := "--soak-full"

const FULL_REQUESTS := 100_000
const CI_REQUESTS := 100_000
const FULL_CLIENTS := 2_000
const CI_CLIENTS := 2_000
## Requests before the first reading, so that buffers and caches that
## live as long as the process are there already.
const WARMUP_REQUESTS := 2_000
const WARMUP_CLIENTS := 100
const MAX_GROWTH := 10 << 20
## How long one request of the soak may take, head and body.
const REQUEST_MSEC := 10_000
## How many spins of a request's polling loops pass between two looks at
## the clock (the loops stay tight).
const SPINS_PER_CLOCK := 1024
## Every CHUNKED_EVERY-th request of the soak gets a chunked body.
const CHUNKED_EVERY := 100
const SMALL := 100
const CHUNK_SIZES := [1000, 5000]
## Clients dropped per phase in "dropped in every phase".
const DROPS_PER_PHASE := 20
## The most one drop (the last reference going) may take: it closes the
## connection and waits for a connection attempt's goroutine.
const MAX_DROP_MSEC := 250.0

var _h
var _cfg: Dictionary
var _full := false


func run(h, cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	_full = SOAK_FULL_ARG in OS.get_cmdline_user_args()
	if not ClassDB.class_exists(OURS):
		return  # run.gd's "GoHTTPClient is registered" fails
	var tests := {
		"soak: get_runtime_stats() reports": _stats_report,
		"soak: requests through one client": _one_client,
		"soak: clients created, used and dropped": _many_clients,
		"soak: clients dropped in every phase of a connection": _dropped_in_every_phase,
	}
	for name: String in tests:
		h.run_test(name, tests[name])


func _new() -> Object:
	return ClassDB.instantiate(OURS)


func _report(what: String, before: Dictionary, after: Dictionary) -> void:
	_h.note("%s before: %s" % [what, Stats.describe(before)])
	_h.note("%s after:  %s" % [what, Stats.describe(after)])
	for line in Stats.leaks(before, after, MAX_GROWTH):
		_h.fail("%s: %s" % [what, line])


## get_runtime_stats() however it is called: its keys and types, and
## live_clients counting a client made and dropped.
func _stats_report() -> void:
	var keys := ["go_heap_bytes", "go_sys_bytes", "goroutines", "live_clients", "rss_bytes"]
	var by_class: Dictionary = ClassDB.class_call_static(OURS, "get_runtime_stats")
	var typed: Dictionary = load("res://tests/lib/runtime_stats_typed.gd").read()
	var c := _new()
	var on_instance: Dictionary = c.get_runtime_stats()
	c = null
	var after: Dictionary = ClassDB.class_call_static(OURS, "get_runtime_stats")
	for st: Dictionary in [by_class, typed, on_instance, after]:
		_h.check_eq(st.keys(), keys, "keys")
		for k in keys:
			_h.check(typeof(st.get(k)) == TYPE_INT, "%s is %s, not an int" % [k, type_string(typeof(st.get(k)))])
	_h.check_eq(on_instance.live_clients, by_class.live_clients + 1, "live_clients with one more client")
	_h.check_eq(after.live_clients, by_class.live_clients, "live_clients once it is dropped")
	_h.check(by_class.go_heap_bytes > 0 and by_class.go_sys_bytes >= by_class.go_heap_bytes, "heap and sys: %s" % [by_class])
	_h.check(by_class.goroutines >= 1, "goroutines: %d (the caller's own is one)" % by_class.goroutines)
	if OS.get_name() == "Linux":
		_h.check(by_class.rss_bytes > by_class.go_heap_bytes, "rss_bytes on Linux: %d" % by_class.rss_bytes)
	else:
		_h.check_eq(by_class.rss_bytes, -1, "rss_bytes where there is no /proc/self/statm")


## Requests on one keep-alive connection: the first half in non-blocking
## mode (a tight poll loop), the second in blocking mode. Every body is
## checked whole.
func _one_client() -> void:
	var count := FULL_REQUESTS if _full else CI_REQUESTS
	var small := Util.pattern(SMALL)
	var chunked := Util.pattern(CHUNK_SIZES[0] + CHUNK_SIZES[1])
	var chunked_url := "/chunked?sizes=%d,%d" % CHUNK_SIZES
	var base := Stats.read()
	var c := _new()
	if not _h.check_eq(Fetch.open(c, "127.0.0.1", _cfg.http_port), HTTPClient.STATUS_CONNECTED, "connect"):
		return
	var warm := _requests(c, WARMUP_REQUESTS, small, chunked, chunked_url)
	if not _h.check_eq(warm, "", "warm-up"):
		return
	var before := Stats.read()
	before.goroutines = base.goroutines
	before.live_clients = base.live_clients
	before.objects = base.objects
	var t0 := Time.get_ticks_msec()
	var bad := _requests(c, count / 2, small, chunked, chunked_url)
	var t1 := Time.get_ticks_msec()
	c.set_blocking_mode(true)
	if bad.is_empty():
		bad = _requests(c, count - count / 2, small, chunked, chunked_url)
	var t2 := Time.get_ticks_msec()
	_h.check_eq(bad, "", "requests")
	c = null
	var after := Stats.settle(base)
	_h.note("%d requests: %d non-blocking in %d ms, %d blocking in %d ms (%s counts)" % [count, count / 2, t1 - t0,
			count - count / 2, t2 - t1, "full" if _full else "CI"])
	_report("one client", before, after)


## n requests on a connected client; "" when all went well, else what did not.
func _requests(c: Object, n: int, small: PackedByteArray, chunked: PackedByteArray, chunked_url: String) -> String:
	var blocking: bool = c.is_blocking_mode_enabled()
	for i in n:
		var is_chunked := i % CHUNKED_EVERY == CHUNKED_EVERY - 1
		var err: int = c.request(HTTPClient.METHOD_GET, chunked_url if is_chunked else "/bytes?n=%d" % SMALL,
				PackedStringArray())
		if err != OK:
			return "request %d: request() returned %s in %s" % [i, error_string(err), Util.status_name(c.get_status())]
		var deadline := Time.get_ticks_msec() + REQUEST_MSEC
		var spins := 0
		while c.get_status() == HTTPClient.STATUS_REQUESTING:
			c.poll()
			spins += 1
			if spins % SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline:
				return "request %d: no response head in %d ms (status %s)" % [i, REQUEST_MSEC,
						Util.status_name(c.get_status())]
		var body := PackedByteArray()
		while c.get_status() == HTTPClient.STATUS_BODY:
			var chunk: PackedByteArray = c.read_response_body_chunk()
			if not chunk.is_empty():
				body.append_array(chunk)
			elif not blocking:
				c.poll()
			spins += 1
			if spins % SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline:
				return "request %d: body not complete in %d ms (%d bytes, status %s)" % [i, REQUEST_MSEC,
						body.size(), Util.status_name(c.get_status())]
		var want := chunked if is_chunked else small
		if c.get_status() != HTTPClient.STATUS_CONNECTED or body != want:
			return "request %d: status %s, %d bytes (want %d)" % [i, Util.status_name(c.get_status()), body.size(), want.size()]
	return ""


## Clients made, connected, used for one request and dropped; every fourth
## one hands out its connection (a GoStreamPeer) first, every other one is
## closed before it is dropped.
func _many_clients() -> void:
	var count := FULL_CLIENTS if _full else CI_CLIENTS
	var want := Util.pattern(SMALL)
	var base := Stats.read()
	if not _h.check_eq(_clients(WARMUP_CLIENTS, want), "", "warm-up"):
		return
	var before := Stats.settle(base)
	var t0 := Time.get_ticks_msec()
	_h.check_eq(_clients(count, want), "", "clients")
	var t1 := Time.get_ticks_msec()
	var after := Stats.settle(before)
	_h.note("%d clients in %d ms (%s counts)" % [count, t1 - t0, "full" if _full else "CI"])
	_report("clients", before, after)


func _clients(n: int, want: PackedByteArray) -> String:
	for i in n:
		var c := _new()
		var status := Fetch.open(c, "127.0.0.1", _cfg.http_port)
		if status != HTTPClient.STATUS_CONNECTED:
			return "client %d: connect ended in %s" % [i, Util.status_name(status)]
		var peer: Variant = c.get_connection() if i % 4 == 0 else null
		var r := Fetch.fetch(c, "/bytes?n=%d" % SMALL)
		if r.body != want or r.status != HTTPClient.STATUS_CONNECTED:
			return "client %d: status %s, %d bytes" % [i, Util.status_name(r.status), r.body.size()]
		if i % 4 == 0 and not (peer is StreamPeer):
			return "client %d: get_connection() returned %s" % [i, Util.show(peer)]
		if i % 2 == 0:
			c.close()
		c = null
		peer = null
	return ""


## Clients dropped (their last reference let go, no close()) while a name
## resolves, a TCP connect is under way, a TLS handshake or a proxy tunnel
## waits, a request waits for its answer, and in the middle of a body.
## Each drop must be quick, and nothing of the client may stay.
func _dropped_in_every_phase() -> void:
	var tls := TLSOptions.client(ServerConfig.ca_cert(_cfg))
	var phases := [
		["resolving (a name under .invalid)", _resolving.bind("nonexistent.invalid"), HTTPClient.STATUS_RESOLVING],
		["resolving (localhost)", _resolving.bind("localhost"), HTTPClient.STATUS_RESOLVING],
		["connecting (a TCP connect that never completes)", _connecting_stuck, HTTPClient.STATUS_CONNECTING,
				"stuck_port"],
		["TLS handshake (a server that never answers it)", _handshaking.bind(tls), HTTPClient.STATUS_CONNECTING,
				"silent_port"],
		["proxy tunnel (a proxy that never answers)", _tunnelling.bind(tls), HTTPClient.STATUS_CONNECTING,
				"silent_port"],
		["requesting (a server that never answers)", _requesting, HTTPClient.STATUS_REQUESTING],
		["mid-body (the rest never comes)", _mid_body.bind("127.0.0.1", _cfg.http_port, null, "/hostile/short?n=1000000"),
				HTTPClient.STATUS_BODY],
		["mid-body over TLS (a 16 MiB body on its way)", _mid_body.bind("localhost", _cfg.tls_port, tls, "/bytes?n=16777216"),
				HTTPClient.STATUS_BODY],
		["mid-body with its GoStreamPeer held", _mid_body_peer, HTTPClient.STATUS_BODY],
	]
	var base := Stats.read()
	for phase: Array in phases:
		var name: String = phase[0]
		if phase.size() > 3 and _cfg[phase[3]] == 0:
			_h.note("%s: skipped, the test server has no %s (an older server, or not on this system)" % [name, phase[3]])
			continue
		var before := Stats.settle(base)
		var slowest := 0.0
		var held := []  # peers kept past their client
		for i in DROPS_PER_PHASE:
			var c: Object = phase[1].call(held)
			if not _h.check_eq(c.get_status(), phase[2], "%s: status before the drop" % name):
				break
			var t0 := Time.get_ticks_usec()
			c = null
			slowest = maxf(slowest, (Time.get_ticks_usec() - t0) / 1000.0)
		# By index: a loop variable would keep the last peer alive.
		# A peer held past its client keeps the connection (as the built-in's
		# does) until it is let go here.
		for i in held.size():
			var r: Array = held[i].get_partial_data(1)
			_h.check_eq(r[0], OK, "%s: get_partial_data() on the peer of a dropped client" % name)
		held.clear()
		var after := Stats.settle(before)
		_h.note("%s: %d drops, slowest %.1f ms; %s" % [name, DROPS_PER_PHASE, slowest, Stats.describe(after)])
		_h.check(slowest <= MAX_DROP_MSEC, "%s: a drop took %.1f ms (limit %.0f)" % [name, slowest, MAX_DROP_MSEC])
		for line in Stats.leaks(before, after, MAX_GROWTH):
			_h.fail("%s: %s" % [name, line])


func _polled(c: Object, msec: int) -> Object:
	var deadline := Time.get_ticks_msec() + msec
	while Time.get_ticks_msec() < deadline:
		c.poll()
		OS.delay_usec(500)
	return c


func _resolving(_held: Array, host: String) -> Object:
	var c := _new()
	c.connect_to_host(host, _cfg.http_port)
	return c


func _connecting_stuck(_held: Array) -> Object:
	var c := _new()
	c.connect_to_host("127.0.0.1", _cfg.stuck_port)
	return _polled(c, 20)


func _handshaking(_held: Array, tls: TLSOptions) -> Object:
	var c := _new()
	c.connect_to_host("localhost", _cfg.silent_port, tls)
	return _polled(c, 20)


func _tunnelling(_held: Array, tls: TLSOptions) -> Object:
	var c := _new()
	c.set_https_proxy("127.0.0.1", _cfg.silent_port)
	c.connect_to_host("localhost", _cfg.tls_port, tls)
	return _polled(c, 20)


func _requesting(_held: Array) -> Object:
	var c := _new()
	Fetch.open(c, "127.0.0.1", _cfg.http_port)
	c.request(HTTPClient.METHOD_GET, "/hostile/silent", PackedStringArray())
	return _polled(c, 20)


func _mid_body(_held: Array, host: String, port: int, tls: Variant, url: String) -> Object:
	var c := _new()
	Fetch.open(c, host, port, tls)
	c.request(HTTPClient.METHOD_GET, url, PackedStringArray())
	Fetch.poll_while(c, [HTTPClient.STATUS_REQUESTING], 5000)
	var got := 0
	var deadline := Time.get_ticks_msec() + 5000
	while got < 100_000 and c.get_status() == HTTPClient.STATUS_BODY and Time.get_ticks_msec() < deadline:
		got += (c.read_response_body_chunk() as PackedByteArray).size()
	return c


func _mid_body_peer(held: Array) -> Object:
	var c := _mid_body(held, "127.0.0.1", _cfg.http_port, null, "/hostile/short?n=1000000")
	held.append(c.get_connection())
	return c
