extends RefCounted
## The rows of the benchmark, in the full sizes or the short ones (--short:
## small sizes, a second or two in all, every byte checked).
##
## Each row: id, title, kind (which workload file runs it), params (for
## the workload), unit and work (how a time is shown: "MB/s" of work bytes,
## "µs/request" of work requests, "µs/call" as measured), target (the least
## speedup, HTTPClient time / GoHTTPClient time) and raw_target (the least
## GoHTTPClient / raw StreamPeerTCP ratio, row 1 only). The raw row runs
## right after row 1, so that each round's ratio compares neighbours.

const BodyCheck = preload("res://bench/body_check.gd")
const MIB := 1 << 20


static func rows(short: bool) -> Array[Dictionary]:
	var big := 4 * MIB if short else 256 * MIB
	var chunked := 2 * MIB if short else 64 * MIB
	var small_gets := 300 if short else 10_000
	var header_gets := 200 if short else 5_000
	var per_client := 64 * 1024 if short else 4 * MIB
	var clients := 64
	var polls := 2_000 if short else 100_000
	var out: Array[Dictionary] = [
		{"id": "1", "title": "%s Content-Length download, non-blocking" % size_text(big),
			"kind": "download", "unit": "MB/s", "work": big, "target": 1.0, "raw_target": 0.5,
			"params": {"url": "/stream?n=%d" % big, "bytes": big, "blocking": false}},
		{"id": "raw", "title": "%s read through a bare StreamPeerTCP (the raw limit)" % size_text(big),
			"kind": "raw", "unit": "MB/s", "work": big, "target": 0.0,
			"params": {"path": "/stream?n=%d" % big, "bytes": big}},
		{"id": "2", "title": "%s Content-Length download, blocking mode" % size_text(big),
			"kind": "download", "unit": "MB/s", "work": big, "target": 1.0,
			"params": {"url": "/stream?n=%d" % big, "bytes": big, "blocking": true}},
		{"id": "3", "title": "%s sequential keep-alive GETs, 100-byte bodies" % count_text(small_gets),
			"kind": "gets", "unit": "µs/request", "work": small_gets, "target": 2.0,
			"params": {"url": "/small?n=100", "count": small_gets, "body": BodyCheck.expected(0, 100), "header_count": -1}},
		{"id": "4", "title": "%s GETs, 30 header fields each" % count_text(header_gets),
			"kind": "gets", "unit": "µs/request", "work": header_gets, "target": 2.0,
			"params": {"url": "/headers30", "count": header_gets, "body": "ok".to_ascii_buffer(), "header_count": 32}},
		{"id": "5", "title": "%s chunked download (64 KiB chunks), non-blocking" % size_text(chunked),
			"kind": "download", "unit": "MB/s", "work": chunked, "target": 1.0,
			"params": {"url": "/streamchunked?n=%d&chunk=65536" % chunked, "bytes": chunked, "blocking": false}},
		{"id": "6", "title": "%d clients x %s at once, polled round-robin" % [clients, size_text(per_client)],
			"kind": "many", "unit": "MB/s", "work": clients * per_client, "target": 1.0,
			"params": {"clients": clients, "url": "/stream?n=%d" % per_client, "bytes": per_client}},
		{"id": "7", "title": "poll() on an idle connected client (%s calls)" % count_text(polls),
			"kind": "idle", "unit": "µs/call", "work": 1, "target": 1.0,
			"params": {"count": polls}},
	]
	return out


static func size_text(n: int) -> String:
	if n >= MIB:
		return "%d MiB" % (n >> 20)
	return "%d KiB" % (n >> 10)


## 10000 -> "10,000".
static func count_text(n: int) -> String:
	var s := str(n)
	var groups := ""
	while s.length() > 3:
		groups = "," + s.right(3) + groups
		s = s.left(s.length() - 3)
	return s + groups
