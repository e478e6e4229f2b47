extends RefCounted
## Leak checks with GoHTTPClient.get_runtime_stats() (Go heap, goroutines,
## live clients, process RSS) and the engine's object count. All static.

const OURS := "GoHTTPClient"
const MIB := 1 << 20
## How long goroutines and clients may take to go after the clients were
## dropped (a connection attempt's goroutine ends when Close cancels it).
const SETTLE_MSEC := 5_000


## get_runtime_stats() plus "objects": the engine's live object count.
static func read() -> Dictionary:
	var st: Dictionary = ClassDB.class_call_static(OURS, "get_runtime_stats")
	st["objects"] = int(Performance.get_monitor(Performance.OBJECT_COUNT))
	return st


## Reads the stats until goroutines, live clients and objects are back to
## base's (or fewer), or SETTLE_MSEC passed; returns the last reading.
static func settle(base: Dictionary) -> Dictionary:
	var deadline := Time.get_ticks_msec() + SETTLE_MSEC
	while true:
		var st := read()
		if st.goroutines <= base.goroutines and st.live_clients <= base.live_clients \
				and st.objects <= base.objects:
			return st
		if Time.get_ticks_msec() > deadline:
			return st
		OS.delay_msec(5)
	return {}


## The failures of `after` against `before`: goroutines, live clients or
## objects left over, Go heap or RSS grown by max_growth bytes or more.
static func leaks(before: Dictionary, after: Dictionary, max_growth: int) -> Array[String]:
	var out: Array[String] = []
	for key in ["goroutines", "live_clients", "objects"]:
		if after[key] > before[key]:
			out.append("%s: %d before, %d after (waited up to %d ms)" % [key, before[key], after[key], SETTLE_MSEC])
	for key in ["go_heap_bytes", "rss_bytes"]:
		if before[key] < 0 or after[key] < 0:
			continue  # rss_bytes is -1 where it is unknown
		var growth: int = after[key] - before[key]
		if growth >= max_growth:
			out.append("%s grew by %s (limit %s): %s -> %s" % [key, mib(growth), mib(max_growth),
					mib(before[key]), mib(after[key])])
	return out


## One line: heap, sys, RSS, goroutines, clients, objects.
static func describe(st: Dictionary) -> String:
	return "go heap %s, go sys %s, rss %s, goroutines %d, live clients %d, objects %d" % [
		mib(st.go_heap_bytes), mib(st.go_sys_bytes), mib(st.rss_bytes) if st.rss_bytes >= 0 else "unknown",
		st.goroutines, st.live_clients, st.objects]


static func mib(bytes: int) -> String:
	return "%.2f MiB" % (bytes / float(MIB))
