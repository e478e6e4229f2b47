extends SceneTree
## The benchmark scene: GoHTTPClient against the built-in HTTPClient, in
## one process, against the loopback test server (tests/server):
##
##   godot --headless --path demo_project --script res://bench/bench.gd -- --config=PATH
##         [--short] [--rounds=N] [--only=ROW[,ROW...]] [--full-check] [--client=CLASS]
##
## PATH is the JSON file the test server writes (./build.sh bench starts
## it). First, untimed, the kept-chunks check (kept_chunks.gd) and, in the
## full form, a warm-up download per class. Then each round runs every row
## with HTTPClient and with GoHTTPClient one after the other (alternating
## which goes first); at the end a table of the medians, the speedups and
## the targets (bench_plan.gd, report.gd). ROW is a row
## id: 1 to 7, or raw. --short: small sizes and one round, every body byte
## compared, targets not judged (CI). --full-check compares every byte in
## the full form too (slower: the check is then part of the timed loops).
## --client=CLASS runs only HTTPClient or only GoHTTPClient (for a
## profiler; no speedups then).
##
## Exits 0 unless something is broken: a wrong body, an error, an engine
## error. Missed targets are reported, not failed. Prints END_MARKER last.

const ServerConfig = preload("res://tests/lib/server_config.gd")
const ErrorCapture = preload("res://tests/lib/error_capture.gd")
const Plan = preload("res://bench/bench_plan.gd")
const Report = preload("res://bench/report.gd")
const Download = preload("res://bench/download.gd")
const SequentialGets = preload("res://bench/sequential_gets.gd")
const ManyClients = preload("res://bench/many_clients.gd")
const IdlePoll = preload("res://bench/idle_poll.gd")
const RawTCP = preload("res://bench/raw_tcp.gd")
const KeptChunks = preload("res://bench/kept_chunks.gd")

const END_MARKER := "== BENCH END =="
const FULL_ROUNDS := 5
## The untimed download each class makes before the full form's rounds.
const WARM_UP_BYTES := 32 << 20
## The longest one run of a row may take.
const RUN_TIMEOUT_MSEC := 120_000

var _finished := false
var _capture: ErrorCapture


func _initialize() -> void:
	var code := _main()
	print(END_MARKER)
	_finished = true
	quit(code)


## A script error aborts _initialize() and the engine would idle forever:
## the first frame after that quits with a failure instead.
func _process(_delta: float) -> bool:
	if not _finished:
		printerr("bench.gd: aborted by a script error")
		_finished = true
		quit(2)
	return false


func _main() -> int:
	var o: Variant = _options()
	if o is String:
		printerr("bench.gd: ", o)
		return 2
	var short: bool = o.short
	var rounds: int = o.rounds
	print("== GoHTTPClient benchmark (%s, %s, %s form, %d round%s) ==" % [
			Engine.get_version_info().string, "debug build" if OS.is_debug_build() else "release build",
			"short" if short else "full", rounds, "" if rounds == 1 else "s"])
	if not ClassDB.class_exists(Report.OURS):
		printerr("bench.gd: class GoHTTPClient not found: is demo_project/addons/httpclient/bin/ built (./build.sh)?")
		return 1
	var cfg: Variant = ServerConfig.load_config()
	if cfg is String:
		printerr("bench.gd: ", cfg)
		return 1
	var rows: Array[Dictionary] = []
	for row in Plan.rows(short):
		if o.only.is_empty() or row.id in o.only:
			rows.append(row)
	if rows.is_empty():
		printerr("bench.gd: --only=%s names no row (1 to 7, raw)" % ",".join(o.only))
		return 2
	var full_check: bool = short or o.full_check
	print("bodies: byte counts and %s checked" % ("every byte" if full_check else "three sampled bytes per chunk"))
	_capture = ErrorCapture.new()
	OS.add_logger(_capture)
	var report := Report.new(rows)
	var errors := _checks(cfg, short)
	var broken := {}
	for r in rounds:
		for row in rows:
			if broken.has(row.id):
				continue
			var order := [Report.RAW]
			if row.kind != "raw":
				order = [Report.BUILTIN, Report.OURS] if r % 2 == 0 else [Report.OURS, Report.BUILTIN]
				if not o.client.is_empty():
					order = [o.client]
			for who: String in order:
				var res := _run(row, who, cfg, full_check)
				var e := _with_engine_errors(res.error)
				if not e.is_empty():
					errors.append("row %s, round %d, %s: %s" % [row.id, r + 1, who, e])
					print("  row %s round %d: %s FAILED: %s" % [row.id, r + 1, who, e])
					broken[row.id] = true
					break
				report.add(row.id, who, res.usec)
			if not broken.has(row.id):
				print(report.round_line(row, r))
	OS.remove_logger(_capture)
	var missed := report.print_table(rounds, not short)
	print("")
	if short:
		print("short form: targets not judged")
	elif missed.is_empty():
		print("targets: all met")
	else:
		print("targets missed: %d" % missed.size())
		for m in missed:
			print("  ", m)
	if not errors.is_empty():
		print("FAILED: %d error%s" % [errors.size(), "" if errors.size() == 1 else "s"])
		for e in errors:
			print("  ", e)
		return 1
	print("bench: all bodies checked, no errors")
	return 0


## What runs before the timed rounds, not timed: the kept-chunks check for
## both classes and, in the full form, a warm-up download per class.
## Returns the errors.
func _checks(cfg: Dictionary, short: bool) -> Array[String]:
	var errors: Array[String] = []
	for who in [Report.BUILTIN, Report.OURS]:
		var e := _with_engine_errors(KeptChunks.run(who, cfg, Time.get_ticks_msec() + RUN_TIMEOUT_MSEC))
		if not e.is_empty():
			errors.append("kept chunks, %s: %s" % [who, e])
		print("check: chunks kept by the script stay intact, %s: %s" % [who, "ok" if e.is_empty() else "FAILED: " + e])
	if short:
		return errors
	# The first big download of a process pays for memory the next ones
	# reuse (the engine's, the Go runtime's, the kernel's).
	for who in [Report.BUILTIN, Report.OURS]:
		var p := {"url": "/stream?n=%d" % WARM_UP_BYTES, "bytes": WARM_UP_BYTES, "blocking": false,
				"full_check": true, "deadline_msec": Time.get_ticks_msec() + RUN_TIMEOUT_MSEC}
		var e := _with_engine_errors(Download.run(who, cfg, p).error)
		if not e.is_empty():
			errors.append("warm-up, %s: %s" % [who, e])
	print("warm-up: one %s download per class, not timed" % Plan.size_text(WARM_UP_BYTES))
	return errors


## e, with the engine errors logged since the last call added.
func _with_engine_errors(e: String) -> String:
	for m in _capture.take_unexpected():
		e += ("; " if not e.is_empty() else "") + "engine error: " + m
	return e


func _run(row: Dictionary, who: String, cfg: Dictionary, full_check: bool) -> Dictionary:
	var p: Dictionary = row.params.duplicate()
	p.full_check = full_check
	p.deadline_msec = Time.get_ticks_msec() + RUN_TIMEOUT_MSEC
	match row.kind:
		"download":
			return Download.run(who, cfg, p)
		"gets":
			return SequentialGets.run(who, cfg, p)
		"many":
			return ManyClients.run(who, cfg, p)
		"idle":
			return IdlePoll.run(who, cfg, p)
		"raw":
			return RawTCP.run(cfg, p)
	return {"usec": 0, "error": "unknown row kind %s" % row.kind}


func _options() -> Variant:
	var o := {"short": false, "rounds": -1, "only": [], "full_check": false, "client": ""}
	for arg in OS.get_cmdline_user_args():
		if arg == "--short":
			o.short = true
		elif arg == "--full-check":
			o.full_check = true
		elif arg.begins_with("--rounds="):
			var v := arg.substr("--rounds=".length())
			if not v.is_valid_int() or v.to_int() < 1:
				return "--rounds=%s: want a whole number of at least 1" % v
			o.rounds = v.to_int()
		elif arg.begins_with("--client="):
			o.client = arg.substr("--client=".length())
			if o.client != Report.BUILTIN and o.client != Report.OURS:
				return "--client=%s: want %s or %s" % [o.client, Report.BUILTIN, Report.OURS]
		elif arg.begins_with("--only="):
			o.only = Array(arg.substr("--only=".length()).split(",", false))
		elif not arg.begins_with("--config="):
			return "unknown argument %s (--config=PATH --short --rounds=N --only=ROW,... --full-check --client=CLASS)" % arg
	if o.rounds < 0:
		o.rounds = 1 if o.short else FULL_ROUNDS
	return o
