extends MarginContainer
## One tab of the demo: a URL field and a Fetch button; the status
## transitions as they happen, the response headers, a progress bar and the
## timing of one GET made with client_class (see fetcher.gd).

const Fetcher = preload("res://demo/fetcher.gd")

## The class the requests are made with: GoHTTPClient or HTTPClient.
@export var client_class: StringName = &"GoHTTPClient"

## Passed to connect_to_host() for https:// URLs (null: the system's roots).
var tls_options: TLSOptions
var busy := false

@onready var _url: LineEdit = %Url
@onready var _fetch_button: Button = %FetchButton
@onready var _status: Label = %Status
@onready var _progress: ProgressBar = %Progress
@onready var _bytes: Label = %Bytes
@onready var _timing: Label = %Timing
@onready var _log: ItemList = %Log
@onready var _headers: Tree = %Headers
@onready var _result: Label = %Result


func _ready() -> void:
	%ClassName.text = "%s.new()" % client_class
	_fetch_button.pressed.connect(_on_fetch_pressed)
	_url.text_submitted.connect(func(_text: String): _on_fetch_pressed())
	_headers.set_column_title(0, "Name")
	_headers.set_column_title(1, "Value")
	_headers.set_column_expand_ratio(1, 3)
	_headers.create_item()  # the hidden root


func set_url(url: String) -> void:
	_url.text = url


func get_url() -> String:
	return _url.text.strip_edges()


func _on_fetch_pressed() -> void:
	if not busy:
		await fetch(get_url())


## Fetches url, showing every step; returns fetcher.gd's result Dictionary.
func fetch(url: String) -> Dictionary:
	busy = true
	_fetch_button.disabled = true
	_url.text = url
	_clear()
	var fetcher := Fetcher.new(client_class, tls_options)
	fetcher.status_changed.connect(_on_status_changed)
	fetcher.note.connect(_add_log)
	fetcher.response_started.connect(_on_response_started)
	fetcher.progress.connect(_on_progress)
	var r: Dictionary = await fetcher.fetch(get_tree(), url)
	_show_result(r)
	_fetch_button.disabled = false
	busy = false
	return r


func _clear() -> void:
	_log.clear()
	_headers.clear()
	_headers.create_item()
	_status.text = "-"
	_progress.indeterminate = false
	_progress.value = 0
	_bytes.text = ""
	_timing.text = ""
	_result.text = ""
	_result.remove_theme_color_override("font_color")


func _add_log(text: String, msec: int) -> void:
	_log.add_item("%6d ms   %s" % [msec, text])
	_log.get_v_scroll_bar().value = _log.get_v_scroll_bar().max_value


func _on_status_changed(_status_value: int, name: String, msec: int) -> void:
	_status.text = name
	_add_log(name, msec)


func _on_response_started(code: int, headers: PackedStringArray, length: int, chunked: bool, msec: int) -> void:
	_add_log("response %d, %s" % [code, "chunked" if chunked else ("%d bytes" % length if length >= 0 else "length unknown")], msec)
	var root := _headers.get_root()
	for line in headers:
		var colon := line.find(":")
		var item := _headers.create_item(root)
		item.set_text(0, line.substr(0, colon) if colon >= 0 else line)
		item.set_text(1, line.substr(colon + 1).strip_edges() if colon >= 0 else "")
		item.set_tooltip_text(1, line)
	_progress.indeterminate = length < 0
	_progress.max_value = maxi(length, 1)
	_bytes.text = "0 / %s" % (String.humanize_size(length) if length >= 0 else "?")


func _on_progress(received: int, total: int) -> void:
	if total >= 0:
		_progress.value = received
		_bytes.text = "%s / %s" % [String.humanize_size(received), String.humanize_size(total)]
	else:
		_bytes.text = String.humanize_size(received)


func _show_result(r: Dictionary) -> void:
	_progress.indeterminate = false
	if r.length >= 0 and r.bytes == r.length:
		_progress.value = _progress.max_value
	var body_msec: int = r.msec - maxi(r.first_byte_msec, 0)
	var rate := "" if body_msec <= 0 else ", %s/s" % String.humanize_size(int(r.bytes * 1000.0 / body_msec))
	_timing.text = "connected %s · first byte %s · done %d ms%s" % [
			_msec_text(r.connect_msec), _msec_text(r.first_byte_msec), r.msec, rate]
	var ok: bool = r.problems.is_empty()
	_result.text = "%s: code %d, %d bytes, digest %s, %d ms%s" % [
			"OK" if ok else "FAILED", r.code, r.bytes, r.digest, r.msec,
			"" if ok else " (%s)" % "; ".join(r.problems)]
	_result.add_theme_color_override("font_color", Color(0.45, 0.85, 0.45) if ok else Color(1.0, 0.45, 0.4))


static func _msec_text(msec: int) -> String:
	return "-" if msec < 0 else "%d ms" % msec
