extends Node
## The demo scene's headless check, for CI and for an exported game:
##   godot --headless --path demo_project -- --demo-check [--url=URL]... [--ca=PEMFILE]
## Without --url it fetches the scene's local server with both tabs
## (GoHTTPClient and the built-in HTTPClient); with --url it fetches each URL
## with GoHTTPClient, and plain http:// URLs with the built-in too. It drives
## the tabs exactly as a click on Fetch does, prints one line per fetch
##   demo-check: CLASS URL -> code C, N bytes, digest OK|none|MISMATCH, T ms
## and then "demo-check: PASS" or "demo-check: FAIL (reason)", and quits
## with 0 only on PASS: every fetch got code 200 and a complete body, close()
## ended in STATUS_DISCONNECTED, and every body had a Repr-Digest that
## matched (unless --no-require-digest).

const Fetcher = preload("res://demo/fetcher.gd")

## Time for the whole check beyond each fetch's own deadline.
const SLACK_MSEC := 10000

var _deadline := 0
var _finished := false


## Runs the check and quits. panels: client class name -> fetch panel;
## setup_errors: what went wrong before (options, CA file, local server).
func run(tabs: TabContainer, panels: Dictionary, local_url: String, options: Dictionary,
		setup_errors: PackedStringArray) -> void:
	if not setup_errors.is_empty():
		_finish("FAIL (%s)" % "; ".join(setup_errors))
		return
	var jobs: Array = []  # [class, url]
	if options.urls.is_empty():
		for cls in panels:
			jobs.append([cls, local_url])
	else:
		for url: String in options.urls:
			jobs.append([&"GoHTTPClient", url])
			if url.to_lower().begins_with("http://"):
				jobs.append([&"HTTPClient", url])
	_deadline = Time.get_ticks_msec() + jobs.size() * Fetcher.DEADLINE_MSEC + SLACK_MSEC

	var failures := PackedStringArray()
	for job in jobs:
		var panel: Node = panels[job[0]]
		tabs.current_tab = panel.get_index()
		var r: Dictionary = await panel.fetch(job[1])
		if _finished:
			return
		var problems: Array = r.problems.duplicate()
		if options.require_digest and r.digest == "none" and problems.is_empty():
			problems.append("no Repr-Digest sha-256 header (--no-require-digest allows that)")
		print("demo-check: %s %s -> code %d, %d bytes, digest %s, %d ms" % [
				r["class"], r.url, r.code, r.bytes, r.digest, r.msec])
		for p in problems:
			print("demo-check:   %s" % p)
		if not problems.is_empty():
			failures.append("%s %s: %s" % [r["class"], r.url, problems[0]])
	if failures.is_empty():
		_finish("PASS")
	else:
		_finish("FAIL (%d of %d fetches failed; first: %s)" % [failures.size(), jobs.size(), failures[0]])


func _process(_delta: float) -> void:
	if _deadline > 0 and not _finished and Time.get_ticks_msec() > _deadline:
		_finish("FAIL (the check did not finish in %d ms)" % (_deadline - SLACK_MSEC))


func _finish(verdict: String) -> void:
	if _finished:
		return
	_finished = true
	print("demo-check: " + verdict)
	get_tree().quit(0 if verdict == "PASS" else 1)
