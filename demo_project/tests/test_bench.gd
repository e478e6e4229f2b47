extends RefCounted
## Per-call cost of GoHTTPClient next to HTTPClient: get_status() typed and
## untyped (100k calls each) and read_response_body_chunk() of 64 KiB.
## Prints numbers and ratios; fails only when a simple call costs more than
## 20 µs (something is badly wrong) or the two read different bytes.

const Fetch = preload("res://tests/lib/fetch.gd")
const CALLS := 100_000
const MAX_SIMPLE_CALL_USEC := 20.0
const BODY_BYTES := 16 << 20
const OURS := "GoHTTPClient"
## How long connecting, the response head and the whole body may take.
const CONNECT_MSEC := 5_000
const HEAD_MSEC := 10_000
const BODY_MSEC := 30_000

var _h
var _cfg: Dictionary


func run(h, cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	h.run_test("bench: per-call cost", _bench)


func _bench() -> void:
	var have_ours := ClassDB.class_exists(OURS)
	var results := {}
	var typed_builtin := _typed_get_status_builtin()
	results["get_status typed"] = [typed_builtin, -1.0]
	results["get_status untyped"] = [_untyped_get_status(HTTPClient.new()), -1.0]
	var digests := {}
	results["read 64 KiB chunk"] = [_read_cost(HTTPClient.new(), digests), -1.0]
	if have_ours:
		var typed: Object = load("res://tests/bench_typed_ours.gd").new()
		results["get_status typed"][1] = typed.get_status_usec(CALLS)
		results["get_status untyped"][1] = _untyped_get_status(ClassDB.instantiate(OURS))
		results["read 64 KiB chunk"][1] = _read_cost(ClassDB.instantiate(OURS), digests)
		_h.check_eq(digests.get(OURS), digests.get("HTTPClient"), "sha256 of the %d bytes read by GoHTTPClient" % BODY_BYTES)
	print("   %-22s %12s %14s %8s" % ["µs per call", "HTTPClient", "GoHTTPClient", "ratio"])
	for what: String in results:
		var r: Array = results[what]
		if r[1] < 0:
			print("   %-22s %12.3f %14s %8s" % [what, r[0], "-", "-"])
		else:
			print("   %-22s %12.3f %14.3f %7.1fx" % [what, r[0], r[1], r[1] / maxf(r[0], 0.0001)])
			if what.begins_with("get_status"):
				_h.check(r[1] <= MAX_SIMPLE_CALL_USEC, "GoHTTPClient %s: %.2f µs per call (limit %.0f)" % [what, r[1], MAX_SIMPLE_CALL_USEC])


func _typed_get_status_builtin() -> float:
	var c: HTTPClient = HTTPClient.new()
	var t0 := Time.get_ticks_usec()
	for i in CALLS:
		c.get_status()
	return float(Time.get_ticks_usec() - t0) / CALLS


func _untyped_get_status(c: Variant) -> float:
	var t0 := Time.get_ticks_usec()
	for i in CALLS:
		c.get_status()
	return float(Time.get_ticks_usec() - t0) / CALLS


## Reads BODY_BYTES in 64 KiB chunks over loopback; the cost of the calls
## that returned data, in µs per 64 KiB; stores the sha256 in digests.
func _read_cost(c: Variant, digests: Dictionary) -> float:
	var what: String = c.get_class()
	_h.check_eq(Fetch.open(c, "127.0.0.1", _cfg.http_port, null, CONNECT_MSEC), HTTPClient.STATUS_CONNECTED,
			what + " status after connecting")
	c.request(HTTPClient.METHOD_GET, "/bytes?n=%d" % BODY_BYTES, PackedStringArray())
	_h.check_eq(Fetch.poll_while(c, [HTTPClient.STATUS_REQUESTING], HEAD_MSEC), HTTPClient.STATUS_BODY,
			what + " status after the response head")
	var total := 0
	var calls := 0
	var busy := 0
	var ctx := HashingContext.new()
	ctx.start(HashingContext.HASH_SHA256)
	var deadline := Time.get_ticks_msec() + BODY_MSEC
	while c.get_status() == HTTPClient.STATUS_BODY and Time.get_ticks_msec() < deadline:
		var t0 := Time.get_ticks_usec()
		var chunk: PackedByteArray = c.read_response_body_chunk()
		var dt := Time.get_ticks_usec() - t0
		if chunk.is_empty():
			continue
		busy += dt
		calls += 1
		total += chunk.size()
		ctx.update(chunk)
	_h.check_eq(total, BODY_BYTES, what + " bytes read")
	digests[what] = ctx.finish().hex_encode()
	c.close()
	# Per 64 KiB of data, whatever the calls returned.
	return float(busy) / maxf(total / 65536.0, 1.0)
