extends RefCounted
## GoHTTPClient from several threads: eight Threads (then eight
## WorkerThreadPool tasks), each with its own client, downloading at once,
## every body checked; and one client hammered from two threads at once,
## which must not crash nor corrupt anything (its calls are serialised).

const Util = preload("res://tests/lib/util.gd")
const Fetch = preload("res://tests/lib/fetch.gd")
const Stats = preload("res://tests/lib/runtime_stats.gd")
const ServerConfig = preload("res://tests/lib/server_config.gd")
const OURS := "GoHTTPClient"
const WORKERS := 8
## Requests per worker's client: a Content-Length body, then a chunked one.
const ROUNDS := 2
## Body size of worker i: BASE_SIZE + i * SIZE_STEP (all different).
const BASE_SIZE := 512 << 10
const SIZE_STEP := 10_007
const WORKER_MSEC := 60_000
## How long the two threads hammer one client.
const HAMMER_MSEC := 3_000
const HAMMER_BODY := 20_000
## Bytes of each end of a chunk checked for the pattern's structure.
const CHECKED_EDGE := 64
const FINAL_BODY := 1 << 20

var _h
var _cfg: Dictionary
var _tls: TLSOptions


func run(h, cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	if not ClassDB.class_exists(OURS):
		return
	var tests := {
		"threads: eight Threads, each with its own client": _threads,
		"threads: eight WorkerThreadPool tasks, each with its own client": _pool,
		"threads: two threads hammer one client": _hammer.bind(false),
		"threads: two threads hammer one client and its GoStreamPeer": _hammer.bind(true),
	}
	for name: String in tests:
		h.run_test(name, tests[name])


func _tls_options() -> TLSOptions:
	if _tls == null:
		_tls = TLSOptions.client(ServerConfig.ca_cert(_cfg))
	return _tls


func _size(worker: int, round_: int) -> int:
	return BASE_SIZE + worker * SIZE_STEP + round_ * 777


## What worker i does, on its own thread: its own client (TLS for odd i,
## blocking mode for i % 4 < 2), ROUNDS requests, the sha256 of each body.
func _work(i: int, tls: TLSOptions) -> Dictionary:
	var c: Object = ClassDB.instantiate(OURS)
	c.set_blocking_mode(i % 4 < 2)
	var status: int
	if i % 2 == 1:
		status = Fetch.open(c, "localhost", _cfg.tls_port, tls, WORKER_MSEC)
	else:
		status = Fetch.open(c, "127.0.0.1", _cfg.http_port, null, WORKER_MSEC)
	var rounds := []
	if status == HTTPClient.STATUS_CONNECTED:
		for r in ROUNDS:
			var n := _size(i, r)
			var url := "/bytes?n=%d" % n if r == 0 else "/chunked?sizes=%d,%d" % [n / 2, n - n / 2]
			var got := Fetch.fetch(c, url, WORKER_MSEC)
			rounds.append({"status": got.status, "size": got.body.size(), "sha": Util.sha256(got.body)})
	c.close()
	return {"connect": status, "rounds": rounds}


func _check_results(results: Dictionary) -> void:
	for i in WORKERS:
		var what := "worker %d (%s, %s)" % [i, "TLS" if i % 2 == 1 else "plain", "blocking" if i % 4 < 2 else "non-blocking"]
		if not results.has(i):
			_h.fail(what + ": no result")
			continue
		var r: Dictionary = results[i]
		if not _h.check_eq(r.connect, HTTPClient.STATUS_CONNECTED, what + ": connect"):
			continue
		_h.check_eq(r.rounds.size(), ROUNDS, what + ": rounds")
		for k in r.rounds.size():
			var want := Util.pattern(_size(i, k))
			_h.check_eq(r.rounds[k].status, HTTPClient.STATUS_CONNECTED, "%s, request %d: status" % [what, k])
			_h.check_eq(r.rounds[k].size, want.size(), "%s, request %d: bytes" % [what, k])
			_h.check_eq(r.rounds[k].sha, Util.sha256(want), "%s, request %d: sha256" % [what, k])


## The leak checks of this file: goroutines, live clients and objects
## (memory is the soak's business).
func _check_leaks(base: Dictionary) -> void:
	for line in Stats.leaks(base, Stats.settle(base), 1 << 62):
		_h.fail(line)


func _threads() -> void:
	var tls := _tls_options()
	var base := Stats.read()
	var t0 := Time.get_ticks_msec()
	var results := _run_threads(tls)
	_h.note("%d threads, %d requests each, in %d ms" % [WORKERS, ROUNDS, Time.get_ticks_msec() - t0])
	_check_results(results)
	_check_leaks(base)


## The Thread objects are gone when it returns.
func _run_threads(tls: TLSOptions) -> Dictionary:
	var threads: Array[Thread] = []
	for i in WORKERS:
		var t := Thread.new()
		t.start(_work.bind(i, tls))
		threads.append(t)
	var results := {}
	for i in WORKERS:
		results[i] = threads[i].wait_to_finish()
	return results


func _pool() -> void:
	var tls := _tls_options()
	_bind_pool_threads()
	var base := Stats.read()
	var t0 := Time.get_ticks_msec()
	var results := _run_pool(tls)
	_h.note("%d WorkerThreadPool tasks in %d ms" % [WORKERS, Time.get_ticks_msec() - t0])
	_check_results(results)
	_check_leaks(base)


## Every engine thread that has called into the library keeps one
## goroutine while it lives (cgo binds one to it), and the pool's threads
## live as long as the engine: each one calls in once before the baseline
## is read, so that only goroutines of the clients count.
func _bind_pool_threads() -> void:
	var task := func(_i: int) -> void:
		ClassDB.instantiate(OURS)
		OS.delay_msec(20)
	var group := WorkerThreadPool.add_group_task(task, 4 * OS.get_processor_count(), -1, true, "bind pool threads")
	WorkerThreadPool.wait_for_group_task_completion(group)


func _run_pool(tls: TLSOptions) -> Dictionary:
	var results := {}
	var mutex := Mutex.new()
	var task := func(i: int) -> void:
		var r := _work(i, tls)
		mutex.lock()
		results[i] = r
		mutex.unlock()
	var group := WorkerThreadPool.add_group_task(task, WORKERS, WORKERS, true, "GoHTTPClient downloads")
	WorkerThreadPool.wait_for_group_task_completion(group)
	return results


## Two threads call one client at once for HAMMER_MSEC: a driver that runs
## requests through it, and a meddler that polls, reads, reads every
## getter, starts requests, changes settings and closes it at random
## moments (with_peer: it also reads and writes the client's GoStreamPeer,
## which steals the driver's bytes). Nothing may crash or panic; every
## chunk either thread reads is a run of the pattern (no stranger bytes)
## unless the peer meddled; afterwards the client works.
func _hammer(with_peer: bool) -> void:
	var base := Stats.read()
	_hammer_one(with_peer)
	_check_leaks(base)


## The client and everything that refers to it are gone when it returns.
func _hammer_one(with_peer: bool) -> void:
	var c: Object = ClassDB.instantiate(OURS)
	var counts := []
	var messages: Array = _h.expect_errors(func(): counts.append_array(_run_hammer(c, with_peer)))
	var d: Dictionary = counts[0]
	var m: Dictionary = counts[1]
	_h.note("driver: %s" % [d])
	_h.note("meddler: %s" % [m])
	_h.note("%d engine errors logged (calls made in a state another thread had just changed)" % messages.size())
	_h.check(d.completed > 0, "the driver completed no request")
	_h.check(d.calls > 1000 and m.calls > 1000, "too few calls to be a test: %d and %d" % [d.calls, m.calls])
	if not with_peer:
		_h.check_eq(d.bad_chunks + m.bad_chunks, 0, "chunks that are not runs of the pattern")
	for msg in messages:
		if msg.contains("internal error") or not msg.begins_with("GoHTTPClient."):
			_h.fail("unexpected message: " + msg)
			break
	# The client still works, and nothing of what it did is left.
	c.close()
	c.set_blocking_mode(false)
	c.set_read_chunk_size(65536)
	if _h.check_eq(Fetch.open(c, "127.0.0.1", _cfg.http_port), HTTPClient.STATUS_CONNECTED, "connect after"):
		var r := Fetch.fetch(c, "/bytes?n=%d" % FINAL_BODY)
		_h.check_eq(r.status, HTTPClient.STATUS_CONNECTED, "status after")
		_h.check_eq(r.body.size(), FINAL_BODY, "bytes after")
		_h.check_eq(Util.sha256(r.body), Util.sha256(Util.pattern(FINAL_BODY)), "sha256 after")


## Runs the driver and the meddler on two threads; returns their counts.
func _run_hammer(c: Object, with_peer: bool) -> Array:
	var end := Time.get_ticks_msec() + HAMMER_MSEC
	var driver := Thread.new()
	var meddler := Thread.new()
	driver.start(_drive.bind(c, end))
	meddler.start(_meddle.bind(c, end, with_peer))
	return [driver.wait_to_finish(), meddler.wait_to_finish()]


## A chunk of the pattern: each byte is the one before plus 31 or 32
## (mod 256). Checked on CHECKED_EDGE bytes at each end.
static func _pattern_run(chunk: PackedByteArray) -> bool:
	var n := chunk.size()
	for from: int in [1, maxi(CHECKED_EDGE, n - CHECKED_EDGE)]:
		for k in range(from, mini(from + CHECKED_EDGE, n)):
			var step := (chunk[k] - chunk[k - 1] + 256) % 256
			if step != 31 and step != 32:
				return false
	return true


static func _take(c: Object, counts: Dictionary) -> void:
	var chunk: PackedByteArray = c.read_response_body_chunk()
	if not chunk.is_empty():
		counts.bytes += chunk.size()
		if not _pattern_run(chunk):
			counts.bad_chunks += 1


func _drive(c: Object, end: int) -> Dictionary:
	var counts := {"calls": 0, "requests": 0, "completed": 0, "bytes": 0, "bad_chunks": 0}
	var was_body := false
	while Time.get_ticks_msec() < end:
		counts.calls += 1
		var s: int = c.get_status()
		if was_body and s == HTTPClient.STATUS_CONNECTED:
			counts.completed += 1
		was_body = s == HTTPClient.STATUS_BODY
		match s:
			HTTPClient.STATUS_CONNECTED:
				if c.request(HTTPClient.METHOD_GET, "/bytes?n=%d" % HAMMER_BODY, PackedStringArray()) == OK:
					counts.requests += 1
			HTTPClient.STATUS_BODY:
				_take(c, counts)
			HTTPClient.STATUS_RESOLVING, HTTPClient.STATUS_CONNECTING, HTTPClient.STATUS_REQUESTING:
				c.poll()
			_:
				c.connect_to_host("127.0.0.1", _cfg.http_port)
	return counts


func _meddle(c: Object, end: int, with_peer: bool) -> Dictionary:
	var counts := {"calls": 0, "closes": 0, "requests": 0, "bytes": 0, "bad_chunks": 0, "peer_bytes": 0}
	var rng := RandomNumberGenerator.new()
	rng.seed = 7
	while Time.get_ticks_msec() < end:
		counts.calls += 1
		var k := rng.randi_range(0, 99)
		match k:
			0:
				c.close()
				counts.closes += 1
			1, 2:
				if c.get_status() == HTTPClient.STATUS_CONNECTED and \
						c.request(HTTPClient.METHOD_GET, "/bytes?n=%d" % HAMMER_BODY, PackedStringArray()) == OK:
					counts.requests += 1
			3:
				c.set_read_chunk_size(rng.randi_range(256, 65536))
			4:
				# Not with the peer: a blocking read whose bytes the peer
				# took would wait for them forever, holding the client.
				if not with_peer:
					c.set_blocking_mode(rng.randi_range(0, 1) == 1)
			5, 6, 7, 8, 9, 10, 11, 12, 13, 14:
				if c.get_status() == HTTPClient.STATUS_BODY:
					_take(c, counts)
			15, 16, 17, 18, 19:
				c.get_response_headers()
				c.get_response_headers_as_dictionary()
				c.get_response_code()
				c.get_response_body_length()
				c.is_response_chunked()
				c.has_response()
			_ when k < 50:
				if with_peer:
					_use_peer(c, rng, counts)
				else:
					c.get_connection()
			_:
				if rng.randi_range(0, 1) == 0:
					c.poll()
				else:
					c.get_status()
	c.set_blocking_mode(false)
	return counts


static func _use_peer(c: Object, rng: RandomNumberGenerator, counts: Dictionary) -> void:
	var peer: Variant = c.get_connection()
	if peer == null:
		return
	peer.get_available_bytes()
	match rng.randi_range(0, 9):
		0:
			peer.put_partial_data("GET /bytes?n=10 HTTP/1.1\r\n\r\n".to_ascii_buffer())
		1, 2, 3:
			var r: Array = peer.get_partial_data(rng.randi_range(1, 256))
			counts.peer_bytes += (r[1] as PackedByteArray).size()
