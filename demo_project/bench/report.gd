extends RefCounted
## Collects the times of each row and prints the results: medians of the
## rounds, the speedup of GoHTTPClient (HTTPClient time / GoHTTPClient
## time: above 1.0 GoHTTPClient is faster) and whether each target is met.
## A speedup is the median of the rounds' own speedups: the two clients of
## a round run one right after the other, so a machine whose load changes
## between rounds moves both times of a round together.

const BUILTIN := "HTTPClient"
const OURS := "GoHTTPClient"
const RAW := "raw"

var _rows: Array[Dictionary]
## row id -> {who -> Array of times in µs (per call for "µs/call" rows)}
var _times := {}


func _init(rows: Array[Dictionary]) -> void:
	_rows = rows
	for row in rows:
		_times[row.id] = {BUILTIN: [], OURS: [], RAW: []}


func add(row_id: String, who: String, usec: float) -> void:
	_times[row_id][who].append(usec)


## The time of one run as the row shows it.
static func shown(row: Dictionary, usec: float) -> String:
	match row.unit:
		"MB/s":
			return "%.0f MB/s" % (row.work / maxf(usec, 1.0))
		"µs/request":
			return "%.1f µs/request" % (usec / row.work)
	return "%.3f µs/call" % usec


static func median(values: Array) -> float:
	if values.is_empty():
		return NAN
	var v := values.duplicate()
	v.sort()
	var mid := v.size() >> 1
	if v.size() % 2 == 1:
		return v[mid]
	return (v[mid - 1] + v[mid]) / 2.0


## The median over the rounds of num[i] / den[i] (rounds both have).
static func median_ratio(num: Array, den: Array) -> float:
	var ratios := []
	for i in mini(num.size(), den.size()):
		ratios.append(num[i] / maxf(den[i], 0.000001))
	return median(ratios)


## "k/n": in how many of the n rounds the second time was the shorter.
static func rounds_won(first: Array, second: Array) -> String:
	var n := mini(first.size(), second.size())
	var k := 0
	for i in n:
		if second[i] < first[i]:
			k += 1
	return "%d/%d" % [k, n]


## A line of one round of a row, as it runs.
func round_line(row: Dictionary, round: int) -> String:
	var parts: Array[String] = []
	for who in [BUILTIN, OURS, RAW]:
		var t: Array = _times[row.id][who]
		if t.size() > round:
			parts.append("%s %s" % [who, shown(row, t[round])])
	return "  row %s round %d: %s" % [row.id, round + 1, ", ".join(parts)]


## Prints the table; returns the targets missed (judge false: none).
func print_table(rounds: int, judge: bool) -> Array[String]:
	var missed: Array[String] = []
	print("")
	print("Medians of %d round%s. speedup = HTTPClient time / GoHTTPClient time, the median of the rounds' own: above 1.0 GoHTTPClient is faster." % [rounds, "" if rounds == 1 else "s"])
	print("")
	print("| # | workload | HTTPClient | GoHTTPClient | speedup (>1: Go faster) | rounds Go faster | target | |")
	print("|---|---|---|---|---|---|---|---|")
	var raw_row := {}
	for row in _rows:
		if row.kind == "raw":
			raw_row = row
	for row in _rows:
		var t: Dictionary = _times[row.id]
		if row.kind == "raw":
			continue
		if t[BUILTIN].is_empty() or t[OURS].is_empty():
			continue
		var b := median(t[BUILTIN])
		var o := median(t[OURS])
		var speedup := median_ratio(t[BUILTIN], t[OURS])
		var verdict := _verdict(speedup >= row.target, judge, "row %s: speedup %.2f, target %.1f" % [row.id, speedup, row.target], missed)
		print("| %s | %s | %s | %s | %.2f | %s | >= %.1f | %s |" % [row.id, row.title, shown(row, b), shown(row, o), speedup,
				rounds_won(t[BUILTIN], t[OURS]), row.target, verdict])
		if row.has("raw_target") and not raw_row.is_empty() and not _times[raw_row.id][RAW].is_empty():
			var r := median(_times[raw_row.id][RAW])
			var of_raw := median_ratio(_times[raw_row.id][RAW], t[OURS])
			verdict = _verdict(of_raw >= row.raw_target, judge, "row %s: %.2f of the raw limit, target %.1f" % [row.id, of_raw, row.raw_target], missed)
			print("| %s/raw | GoHTTPClient of row %s / raw StreamPeerTCP read | raw: %s | %s | %.2f of raw | %s | >= %.1f of raw | %s |" % [
					row.id, row.id, shown(raw_row, r), shown(row, o), of_raw, rounds_won(_times[raw_row.id][RAW], t[OURS]),
					row.raw_target, verdict])
	if not raw_row.is_empty() and not _times[raw_row.id][RAW].is_empty():
		print("| raw | %s | | | | | | %s |" % [raw_row.title, shown(raw_row, median(_times[raw_row.id][RAW]))])
	if rounds > 1:
		print("")
		print("Ranges over the rounds (slowest - fastest):")
		for row in _rows:
			var parts: Array[String] = []
			for who in [BUILTIN, OURS, RAW]:
				var v: Array = _times[row.id][who]
				if not v.is_empty():
					parts.append("%s %s - %s" % [who, shown(row, v.max()), shown(row, v.min())])
			if not parts.is_empty():
				print("  row %s: %s" % [row.id, "; ".join(parts)])
	return missed


func _verdict(met: bool, judge: bool, what: String, missed: Array[String]) -> String:
	if not judge:
		return "(not judged)"
	if not met:
		missed.append(what)
		return "MISSED"
	return "met"
