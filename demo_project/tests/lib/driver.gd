extends RefCounted
## Runs a scenario's steps against one client object (built-in HTTPClient or
## GoHTTPClient: the code is the same, the client is untyped) and records
## what it observes as facts: an ordered Dictionary "step.what" -> value.
##
## Every step also records "<step>.error": whether the call logged an
## engine error, and "<step>.warning" (the first one) when it logged a
## warning or a message of error_capture.gd's NOISE. The fact "statuses" is
## the de-duplicated sequence of statuses seen after every call.
##
## A step is an Array: [op, args...]; a first element "@name" names the
## step (its facts are "name.what"), else the step is named "NN.op".

const Util = preload("res://tests/lib/util.gd")
const ServerConfig = preload("res://tests/lib/server_config.gd")

## How long a wait loop may poll before it gives up (the fact "timeout").
const WAIT_USEC := 5_000_000
const POLL_PAUSE_USEC := 200

static var _server_key: CryptoKey
static var _server_cert: X509Certificate

var facts := {}
var _statuses := []
var _c: Object
var _cfg: Dictionary
var _capture  # error_capture.gd
var _keep := []  # objects a step made that must outlive it (peers)
## A header getter was called since the last request/close/connect: the
## built-in has emptied its headers then, GoHTTPClient keeps them (FIX), so
## has_response is recorded under another name (differential.gd).
var _getters_called := false


func _init(client: Object, cfg: Dictionary, capture) -> void:
	_c = client
	_cfg = cfg
	_capture = capture


func run(steps: Array) -> Dictionary:
	_saw_status()
	for i in steps.size():
		var step: Array = steps[i]
		var key := "%02d.%s" % [i, step[0]]
		var op: String = step[0]
		var args := step.slice(1)
		if op.begins_with("@"):
			key = op.substr(1)
			op = step[1]
			args = step.slice(2)
		var errors_before: int = _capture.window_count()
		var warnings_before: int = _capture.warning_count()
		_exec(key, op, args)
		facts[key + ".error"] = _capture.window_count() > errors_before
		var warnings: Array[String] = _capture.warning_messages(warnings_before)
		if not warnings.is_empty():
			facts[key + ".warning"] = warnings[0]
		_saw_status()
	facts["statuses"] = _statuses.map(Util.status_name)
	_keep.clear()
	return facts


func _f(key: String, what: String, value: Variant) -> void:
	facts[key + "." + what] = value


func _saw_status() -> void:
	var s: int = _c.get_status()
	if _statuses.is_empty() or _statuses[-1] != s:
		_statuses.append(s)


func _exec(key: String, op: String, a: Array) -> void:
	if op in ["connect", "request", "request_raw", "close", "tcp_conn", "tls_conn"]:
		_getters_called = false
	elif op in ["headers", "headers_dict"]:
		_getters_called = true
	match op:
		"connect":
			var args: Array = [a[0]]
			if a.size() > 1:
				args.append(a[1])
			if a.size() > 2:
				args.append(_tls_options(a[2]))
			_f(key, "ret", _c.callv("connect_to_host", args))
			_f(key, "status", _c.get_status())
		"wait_conn":
			_wait(key, [HTTPClient.STATUS_RESOLVING, HTTPClient.STATUS_CONNECTING])
		"request":
			_f(key, "ret", _c.callv("request", a))
			_f(key, "status", _c.get_status())
		"request_raw":
			_f(key, "ret", _c.callv("request_raw", a))
			_f(key, "status", _c.get_status())
		"wait_resp":
			_wait(key, [HTTPClient.STATUS_REQUESTING])
			_f(key, "code", _c.get_response_code())
			_f(key, "has_response", _c.has_response())
			_f(key, "chunked", _c.is_response_chunked())
			_f(key, "body_length", _c.get_response_body_length())
		"headers":
			# The built-in empties its headers on the first getter call; the
			# facts *_again / *_after are where GoHTTPClient differs (FIX).
			_f(key, "has_response", _c.has_response())
			var list: Variant = _c.get_response_headers()
			_f(key, "list", list)
			_f(key, "list_again", _c.get_response_headers())
			_f(key, "dict_after_list", _c.get_response_headers_as_dictionary())
			_f(key, "has_response_after", _c.has_response())
		"headers_dict":
			_f(key, "has_response", _c.has_response())
			_f(key, "dict", _c.get_response_headers_as_dictionary())
			_f(key, "list_after_dict_nonempty", (_c.get_response_headers() as PackedStringArray).size() > 0)
			_f(key, "has_response_after", _c.has_response())
		"body":
			_read_body(key, false, false)
		"body_poll":
			_read_body(key, true, false)
		"body_sizes":
			_read_body(key, false, true)
		"read":
			var chunk: PackedByteArray = _c.read_response_body_chunk()
			_f(key, "data", Util.body_fact(chunk))
			_f(key, "status", _c.get_status())
		"poll":
			_f(key, "ret", _c.poll())
			_f(key, "status", _c.get_status())
		"state":
			_f(key, "status", _c.get_status())
			_f(key, "code", _c.get_response_code())
			_f(key, "has_response_after_getters" if _getters_called else "has_response", _c.has_response())
			_f(key, "chunked", _c.is_response_chunked())
			_f(key, "body_length", _c.get_response_body_length())
			_f(key, "connection_null", _c.get_connection() == null)
		"close":
			_c.close()
			_f(key, "status", _c.get_status())
		"chunk_size":
			_c.set_read_chunk_size(a[0])
			_f(key, "now", _c.get_read_chunk_size())
		"set":
			_c.set(a[0], a[1])
			_f(key, "now", _c.get(a[0]))
		"get":
			_f(key, "value", _c.get(a[0]))
		"blocking":
			_c.set_blocking_mode(a[0])
			_f(key, "now", _c.is_blocking_mode_enabled())
		"http_proxy":
			_c.set_http_proxy(a[0], a[1])
		"https_proxy":
			_c.set_https_proxy(a[0], a[1])
		"sleep":
			OS.delay_msec(a[0])
		"qs":
			_f(key, "value", _c.query_string_from_dict(a[0]))
		"tcp_conn":
			var peer := _connected_tcp(a[0])
			_f(key, "peer_status", peer.get_status())
			_c.set_connection(peer)
			_f(key, "status", _c.get_status())
			_f(key, "is_peer", _c.get_connection() == peer)
		"tls_conn":
			var tls := _connected_tls(a[0], a[1])
			_f(key, "peer_status", tls.get_status())
			_c.set_connection(tls)
			_f(key, "status", _c.get_status())
			_f(key, "is_peer", _c.get_connection() == tls)
		"set_conn_null":
			_c.set_connection(null)
			_f(key, "status", _c.get_status())
		"set_conn_same":
			var peer: Variant = _c.get_connection()
			_c.set_connection(peer)
			_f(key, "status", _c.get_status())
			_f(key, "is_peer", _c.get_connection() == peer)
		"get_conn":
			var peer: Variant = _c.get_connection()
			_f(key, "null", peer == null)
			_f(key, "is_stream_peer", peer is StreamPeer)
		_:
			push_error("driver: unknown step op " + op)


## Polls while the status is one of `while_in`; records the de-duplicated
## poll results (without the leading OKs when a failure follows) and the
## status it ended in.
func _wait(key: String, while_in: Array) -> void:
	var polls := []
	var deadline := Time.get_ticks_usec() + WAIT_USEC
	var timed_out := false
	while _c.get_status() in while_in:
		var r: int = _c.poll()
		if polls.is_empty() or polls[-1] != r:
			polls.append(r)
		_saw_status()
		if Time.get_ticks_usec() > deadline:
			timed_out = true
			break
		OS.delay_usec(POLL_PAUSE_USEC)
	# How many polls return OK before a failure shows depends on timing.
	if polls.size() > 1 and polls[0] == OK:
		polls.pop_front()
	_f(key, "polls", polls)
	_f(key, "status", _c.get_status())
	if timed_out:
		_f(key, "timeout", true)


## Reads while the status is BODY. with_poll: poll before each read, as the
## class reference's example does. sizes: record every read's size.
func _read_body(key: String, with_poll: bool, sizes: bool) -> void:
	var data := PackedByteArray()
	var size_list := []
	var polls := []
	var max_read := 0
	var chunked: bool = _c.is_response_chunked()
	var limit: int = _c.get_read_chunk_size()
	var deadline := Time.get_ticks_usec() + WAIT_USEC
	while _c.get_status() == HTTPClient.STATUS_BODY:
		if with_poll:
			var r: int = _c.poll()
			if polls.is_empty() or polls[-1] != r:
				polls.append(r)
			_saw_status()
			if _c.get_status() != HTTPClient.STATUS_BODY:
				break
		var chunk: PackedByteArray = _c.read_response_body_chunk()
		_saw_status()
		if sizes:
			size_list.append(chunk.size())
		if chunk.is_empty():
			if Time.get_ticks_usec() > deadline:
				_f(key, "timeout", true)
				break
			OS.delay_usec(POLL_PAUSE_USEC)
			continue
		max_read = maxi(max_read, chunk.size())
		data.append_array(chunk)
	_f(key, "data", Util.body_fact(data))
	_f(key, "size", data.size())
	_f(key, "status", _c.get_status())
	if with_poll:
		_f(key, "polls", polls)
	if sizes:
		_f(key, "sizes", size_list)
	elif not chunked:
		# The built-in returns a whole chunk per call whatever its size, so
		# the limit is only checked for the other framings.
		_f(key, "reads_within_chunk_size", max_read <= limit)


## TLS options by name: "ca" (verify against the test CA), ["ca", name]
## (and expect that name), "unsafe" (no checks), "unsafe_ca" (chain checked,
## name not), "default" (TLSOptions.client(): the system's roots), "server".
func _tls_options(kind: Variant) -> TLSOptions:
	if kind == null:
		return null
	if kind is Array:
		return TLSOptions.client(ServerConfig.ca_cert(_cfg), kind[1])
	match kind:
		"ca":
			return TLSOptions.client(ServerConfig.ca_cert(_cfg))
		"unsafe":
			return TLSOptions.client_unsafe()
		"unsafe_ca":
			return TLSOptions.client_unsafe(ServerConfig.ca_cert(_cfg))
		"default":
			return TLSOptions.client()
		"server":
			if _server_key == null:
				var crypto := Crypto.new()
				_server_key = crypto.generate_rsa(2048)
				_server_cert = crypto.generate_self_signed_certificate(_server_key, "CN=localhost")
			return TLSOptions.server(_server_key, _server_cert)
	push_error("driver: unknown TLS options kind %s" % kind)
	return null


func _connected_tcp(port: int) -> StreamPeerTCP:
	var peer := StreamPeerTCP.new()
	peer.connect_to_host("127.0.0.1", port)
	var deadline := Time.get_ticks_usec() + WAIT_USEC
	while peer.get_status() == StreamPeerTCP.STATUS_CONNECTING and Time.get_ticks_usec() < deadline:
		peer.poll()
		OS.delay_usec(POLL_PAUSE_USEC)
	_keep.append(peer)
	return peer


func _connected_tls(port: int, host: String) -> StreamPeerTLS:
	var tls := StreamPeerTLS.new()
	tls.connect_to_stream(_connected_tcp(port), host, TLSOptions.client(ServerConfig.ca_cert(_cfg)))
	var deadline := Time.get_ticks_usec() + WAIT_USEC
	while tls.get_status() == StreamPeerTLS.STATUS_HANDSHAKING and Time.get_ticks_usec() < deadline:
		tls.poll()
		OS.delay_usec(POLL_PAUSE_USEC)
	_keep.append(tls)
	return tls
