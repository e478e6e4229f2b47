extends Logger
## Collects the engine's error messages (ERR_* macros, push_error, errors of
## extensions) so tests can tell which call printed one.
##
## Errors logged inside a window opened by harness.gd's expect_errors()
## are expected (the markers printed around the window let build.sh skip
## their lines); any other error is "unexpected" and fails the running test.
## Warnings and a few plain messages that tell of a defect (NOISE) are
## counted apart: warning_count().
## The logger may be called from any thread.

## Plain engine messages that are not errors but should never show up.
const NOISE := ["Unicode parsing error"]

var _mutex := Mutex.new()
var _window_depth := 0
var _in_window: Array[String] = []
var _unexpected: Array[String] = []
var _warnings: Array[String] = []


func _log_error(function: String, file: String, line: int, code: String, rationale: String,
		_editor_notify: bool, error_type: int, _script_backtraces: Array[ScriptBacktrace]) -> void:
	var text := rationale if not rationale.is_empty() else code
	if not rationale.is_empty() and not code.is_empty():
		text = "%s (%s)" % [rationale, code]
	text += " at %s (%s:%d)" % [function, file, line]
	_mutex.lock()
	if error_type == ERROR_TYPE_WARNING:
		_warnings.append(text)
	elif _window_depth > 0:
		_in_window.append(text)
	else:
		_unexpected.append(text)
	_mutex.unlock()


func _log_message(message: String, _error: bool) -> void:
	for n: String in NOISE:
		if message.contains(n):
			_mutex.lock()
			_warnings.append(message.strip_edges())
			_mutex.unlock()


func open_window() -> void:
	_mutex.lock()
	_window_depth += 1
	_mutex.unlock()


func close_window() -> void:
	_mutex.lock()
	_window_depth -= 1
	_mutex.unlock()


## Errors logged inside windows so far.
func window_count() -> int:
	_mutex.lock()
	var n := _in_window.size()
	_mutex.unlock()
	return n


func window_messages(from: int) -> Array[String]:
	_mutex.lock()
	var out := _in_window.slice(from)
	_mutex.unlock()
	return out


## Warnings and NOISE messages logged so far, anywhere.
func warning_count() -> int:
	_mutex.lock()
	var n := _warnings.size()
	_mutex.unlock()
	return n


func warning_messages(from: int) -> Array[String]:
	_mutex.lock()
	var out := _warnings.slice(from)
	_mutex.unlock()
	return out


## Takes (and forgets) the errors logged outside windows.
func take_unexpected() -> Array[String]:
	_mutex.lock()
	var out := _unexpected.duplicate()
	_unexpected.clear()
	_mutex.unlock()
	return out
