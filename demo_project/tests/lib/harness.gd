extends RefCounted
## The tiny test harness: each test is a function; a test passes when none
## of its checks failed and it logged no unexpected engine error.
##
## Output: "-- <test>" then "   ok" or "   FAILED" and one line per failure;
## notes are indented "   note:". run.gd prints the counts and the end marker.
## A test whose name does not contain `only` (when set) is skipped: not
## run, not printed, not counted.

const ErrorCapture = preload("res://tests/lib/error_capture.gd")
const Util = preload("res://tests/lib/util.gd")

## Printed (on stderr, like the engine's errors) around calls that may log
## engine errors on purpose; build.sh ignores ERROR lines between them.
const MARK_BEGIN := "[expected-errors begin]"
const MARK_END := "[expected-errors end]"

var passed := 0
var failed := 0
var failed_names: Array[String] = []
var capture: ErrorCapture
## run.gd's --only=TEXT: only the tests whose name contains it run.
var only := ""

var _failures: Array[String] = []


func _init() -> void:
	capture = ErrorCapture.new()
	OS.add_logger(capture)


func shutdown() -> void:
	OS.remove_logger(capture)


func run_test(name: String, fn: Callable) -> void:
	if not only.is_empty() and not name.contains(only):
		return
	print("-- ", name)
	_failures.clear()
	capture.take_unexpected()
	var t0 := Time.get_ticks_usec()
	fn.call()
	for e in capture.take_unexpected():
		_failures.append("unexpected engine error: " + e)
	var ms := (Time.get_ticks_usec() - t0) / 1000.0
	if _failures.is_empty():
		passed += 1
		print("   ok (%.0f ms)" % ms)
	else:
		failed += 1
		failed_names.append(name)
		print("   FAILED (%.0f ms)" % ms)
		for f in _failures:
			print("     ", f.replace("\n", "\n     "))


func fail(message: String) -> void:
	_failures.append(message)


func note(message: String) -> void:
	print("   note: ", message.replace("\n", "\n         "))


func check(condition: bool, message: String) -> bool:
	if not condition:
		fail(message)
	return condition


func check_eq(actual: Variant, expected: Variant, what: String) -> bool:
	if Util.same(actual, expected):
		return true
	fail("%s: got %s, want %s" % [what, Util.show(actual), Util.show(expected)])
	return false


## Runs fn in an expected-errors window; returns the messages logged in it.
func expect_errors(fn: Callable) -> Array[String]:
	printerr(MARK_BEGIN)
	var from := capture.window_count()
	capture.open_window()
	fn.call()
	capture.close_window()
	printerr(MARK_END)
	return capture.window_messages(from)
