extends Control
## GoHTTPClient in a scene: the class reference's HTTPClient example with
## one change, GoHTTPClient.new() instead of HTTPClient.new(), polled once
## per frame so the game never waits on the network.
##
##   godot --path demo_project                      fetches DEFAULT_URL
##   godot --path demo_project -- --url=URL         fetches URL, then quits
##                                                  (exit code 0 on success)

const DEFAULT_URL := "https://example.com/"

@onready var _label: Label = $Label


func _ready() -> void:
	var url := DEFAULT_URL
	var quit_when_done := false
	for arg in OS.get_cmdline_user_args():
		if arg.begins_with("--url="):
			url = arg.substr("--url=".length())
			quit_when_done = true
	var ok := await fetch(url)
	if quit_when_done:
		get_tree().quit(0 if ok else 1)


func show_text(text: String) -> void:
	print(text)
	_label.text += text + "\n"


## Fetches url ("http://host[:port]/path" or "https://..."); prints the
## response code, headers and body size. Returns true on a complete response.
func fetch(url: String) -> bool:
	var scheme_end := url.find("://")
	var rest := url.substr(scheme_end + 3) if scheme_end >= 0 else url
	var slash := rest.find("/")
	var authority := rest.substr(0, slash) if slash >= 0 else rest
	var path := rest.substr(slash) if slash >= 0 else "/"
	var host := authority
	var port := -1
	var colon := authority.rfind(":")
	if colon > 0 and authority.substr(colon + 1).is_valid_int():
		host = authority.substr(0, colon)
		port = authority.substr(colon + 1).to_int()
	if scheme_end >= 0:
		host = url.substr(0, scheme_end + 3) + host  # "https://" turns TLS on

	var http = GoHTTPClient.new() # Create the client.
	var err = http.connect_to_host(host, port) # Connect to host/port.
	if err != OK:
		show_text("connect_to_host failed: %s" % error_string(err))
		return false

	# Wait until resolved and connected.
	while http.get_status() == HTTPClient.STATUS_CONNECTING or http.get_status() == HTTPClient.STATUS_RESOLVING:
		http.poll()
		await get_tree().process_frame
	if http.get_status() != HTTPClient.STATUS_CONNECTED:
		show_text("could not connect to %s (status %d)" % [host, http.get_status()])
		return false

	var headers = ["User-Agent: Pirulo/1.0 (Godot)", "Accept: */*"]
	err = http.request(HTTPClient.METHOD_GET, path, headers) # Request a page from the site.
	if err != OK:
		show_text("request failed: %s" % error_string(err))
		return false

	while http.get_status() == HTTPClient.STATUS_REQUESTING:
		# Keep polling for as long as the request is being processed.
		http.poll()
		await get_tree().process_frame
	if http.get_status() != HTTPClient.STATUS_BODY and http.get_status() != HTTPClient.STATUS_CONNECTED:
		show_text("request failed (status %d)" % http.get_status())
		return false

	show_text("code: %d" % http.get_response_code())
	show_text("headers: %s" % http.get_response_headers_as_dictionary())
	if http.is_response_chunked():
		show_text("the body is chunked")
	else:
		show_text("body length: %d" % http.get_response_body_length())

	# Read the body in chunks as they arrive.
	var rb = PackedByteArray()
	while http.get_status() == HTTPClient.STATUS_BODY:
		http.poll()
		var chunk = http.read_response_body_chunk() # Get a chunk.
		if chunk.size() == 0:
			await get_tree().process_frame # Nothing yet: try again next frame.
		else:
			rb = rb + chunk # Append to the read buffer.

	show_text("bytes received: %d" % rb.size())
	var complete: bool = http.get_response_body_length() < 0 or rb.size() == http.get_response_body_length()
	http.close()
	return complete and http.get_status() == HTTPClient.STATUS_DISCONNECTED
