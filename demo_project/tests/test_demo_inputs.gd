extends RefCounted
## The demo scene's input checks, each driven by a table: UrlParts.parse(),
## ReprDigest.sha256_of(), Options.parse(), the fetcher's digest verdict on
## the test server's /digest route, and the local server's answers to
## malformed, unknown, refused and oversized requests and its connection
## limit (raw requests through StreamPeerTCP on 127.0.0.1).
##
## The fetcher awaits tree.process_frame; run_test() is synchronous, so the
## fetches get a SceneTree of their own whose process_frame this file emits
## until each fetch ends. The local server is a Node kept out of the
## tree; its _process() is called directly.

const UrlParts = preload("res://demo/url_parts.gd")
const ReprDigest = preload("res://demo/repr_digest.gd")
const Options = preload("res://demo/options.gd")
const Fetcher = preload("res://demo/fetcher.gd")
const LocalServer = preload("res://demo/local_server.gd")
const Util = preload("res://tests/lib/util.gd")

## Longest wait for one exchange with the local server or one fetch.
const WAIT_MSEC := 10_000
## Pause between polls that found nothing.
const IDLE_USEC := 200
## Body size asked of the test server's /digest and /bytes routes.
const DIGEST_BYTES := 200_000

var _h
var _cfg: Dictionary


func run(h, cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	h.run_test("demo inputs: UrlParts.parse", _url_parts)
	h.run_test("demo inputs: ReprDigest.sha256_of", _repr_digest)
	h.run_test("demo inputs: Options.parse", _options_parse)
	h.run_test("demo inputs: fetcher digest verdict on the test server", _fetcher_digest)
	h.run_test("demo inputs: local server answers", _local_server_answers)
	h.run_test("demo inputs: local server MAX_CONNECTIONS", _local_server_max_connections)


# ---------------------------------------------------------------------------
# UrlParts.parse

func _url_parts() -> void:
	var at_limit := "http://a/" + "x".repeat(UrlParts.MAX_URL_LENGTH - "http://a/".length())
	# [url, the Dictionary wanted, or a String the error message must hold]
	var cases := [
		["http://example.com", _url("http://example.com", -1, "/", false)],
		["https://example.com", _url("https://example.com", -1, "/", true)],
		["HTTPS://Example.com:8443/a/b?q=1#frag", _url("https://Example.com", 8443, "/a/b?q=1", true)],
		["http://example.com?x=1", _url("http://example.com", -1, "/?x=1", false)],
		["http://example.com#frag", _url("http://example.com", -1, "/", false)],
		["http://example.com/a@b", _url("http://example.com", -1, "/a@b", false)],
		["http://h:1/", _url("http://h", 1, "/", false)],
		["http://h:65535/", _url("http://h", 65535, "/", false)],
		["http://h:/", _url("http://h", -1, "/", false)],
		["http://[::1]:8080/p", _url("http://::1", 8080, "/p", false)],
		["https://[::1]", _url("https://::1", -1, "/", true)],
		["https://[fe80::1%25eth0]/x", _url("https://fe80::1%25eth0", -1, "/x", true)],
		[at_limit, _url("http://a", -1, at_limit.substr("http://a".length()), false)],
		[at_limit + "x", "is %d characters long (at most %d)" % [UrlParts.MAX_URL_LENGTH + 1, UrlParts.MAX_URL_LENGTH]],
		["http://exa mple.com/", "space or control character at 10"],
		["http://example.com/\t", "space or control character at 19"],
		["http://example.com/\u007f", "space or control character at 19"],
		["http://example.com/\r\nX: y", "space or control character at 19"],
		["http://user@example.com/", "holds credentials"],
		["https://user:pw@[::1]:8443/", "holds credentials"],
		["http://[::1:8080/", "unclosed '['"],
		["http://[::1]x/", "has x after its IPv6 host"],
		["http://example.com:0/", "has the port 0 (want 1 to 65535)"],
		["http://example.com:65536/", "has the port 65536 (want 1 to 65535)"],
		["http://example.com:-1/", "has the port -1"],
		["http://example.com:8a/", "has the port 8a"],
		["http://[::1]:70000/", "has the port 70000"],
		["http://:80/", "has no host"],
		["http://[]/", "has no host"],
		["http://", "has no host"],
		["ftp://example.com/", "does not start with http:// or https://"],
		["example.com", "does not start with http:// or https://"],
		["://example.com", "does not start with http:// or https://"],
		["", "does not start with http:// or https://"],
	]
	for c in cases:
		var got: Variant = UrlParts.parse(c[0])
		var what := "UrlParts.parse(%s)" % Util.show(c[0], 60)
		if c[1] is Dictionary:
			_h.check_eq(got, c[1], what)
		else:
			_h.check(got is String and got.contains(c[1]),
					"%s: got %s, want an error holding %s" % [what, Util.show(got, 200), Util.show(c[1])])


func _url(host: String, port: int, path: String, tls: bool) -> Dictionary:
	return {"host": host, "port": port, "path": path, "tls": tls}


# ---------------------------------------------------------------------------
# ReprDigest.sha256_of

func _repr_digest() -> void:
	var fill := "A".repeat(ReprDigest.MAX_FIELD_LENGTH - "sha-256=::".length())
	var others := []
	for i in ReprDigest.MAX_MEMBERS - 1:
		others.append("md5=:AAAA:")
	var at_members := ", ".join(others + ["sha-256=:BBBB:"])
	var over_members := ", ".join(others + ["md5=:AAAA:", "sha-256=:BBBB:"])
	# [field, wanted value, or null and a String the error must hold]
	var cases := [
		["sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:", "X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE"],
		[" SHA-256 = :AAAA:;param=1", "AAAA"],
		["sha-512=:xyz=:, sha-256=:AAAA:", "AAAA"],
		["garbage, sha-512=nonsense, sha-256=:AAAA:", "AAAA"],
		["sha-512=:xyz=:", ""],
		["id-sha-256=:AAAA:", ""],
		["", ""],
		# sha256_of() does not decode the value: one that is not base64 is
		# handed on as it is, and can never equal the fetcher's own encode().
		["sha-256=:not*base64!:", "not*base64!"],
		["sha-256=:" + fill + ":", fill],
		["sha-256=:" + fill + "A:", null, "is %d characters long (at most %d)" % [ReprDigest.MAX_FIELD_LENGTH + 1, ReprDigest.MAX_FIELD_LENGTH]],
		[at_members, "BBBB"],
		[over_members, null, "has %d members (at most %d)" % [ReprDigest.MAX_MEMBERS + 1, ReprDigest.MAX_MEMBERS]],
		["sha-256=AAAA", null, "the sha-256 member sha-256=AAAA is not :base64:"],
		["sha-256=:AAAA", null, "is not :base64:"],
		["sha-256=AAAA:", null, "is not :base64:"],
		["sha-256=", null, "is not :base64:"],
		["sha-512=:xyz:, sha-256=\"AAAA\"", null, "is not :base64:"],
	]
	for c in cases:
		var got := ReprDigest.sha256_of(c[0])
		var what := "sha256_of(%s)" % Util.show(c[0], 60)
		if c[1] != null:
			_h.check_eq(got, c[1], what)
		else:
			_h.check(got.begins_with("error: ") and got.contains(c[2]),
					"%s: got %s, want \"error: \" and %s" % [what, Util.show(got), Util.show(c[2])])
	# encode(): standard base64 of the digest without its padding.
	var empty_sha := HashingContext.new()
	empty_sha.start(HashingContext.HASH_SHA256)
	_h.check_eq(ReprDigest.encode(empty_sha.finish()), "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU",
			"encode(sha-256 of no bytes)")


# ---------------------------------------------------------------------------
# Options.parse

func _options_parse() -> void:
	var max_urls := PackedStringArray()
	for i in Options.MAX_URLS:
		max_urls.append("--url=http://h/%d" % i)
	var max_urls_values := PackedStringArray()
	for arg in max_urls:
		max_urls_values.append(arg.substr("--url=".length()))
	var unknown := "unknown argument %s (known:"
	# [args, the fields wanted (others keep their defaults), the errors'
	# wanted contents, one String per error]
	var cases := [
		[[], {}, []],
		[["--demo-check"], {"check": true}, []],
		[["--url=http://a/", "--url=https://b:8443/x"], {"urls": PackedStringArray(["http://a/", "https://b:8443/x"])}, []],
		[["--url="], {"urls": PackedStringArray([""])}, []],
		[["--ca=/tmp/ca.pem"], {"ca": "/tmp/ca.pem"}, []],
		[["--ca=/a.pem", "--ca=/b.pem"], {"ca": "/b.pem"}, []],
		[["--no-require-digest"], {"require_digest": false}, []],
		[["--no-require-digest", "--require-digest"], {}, []],
		[["--demo-check", "--url=http://a/", "--ca=c.pem", "--no-require-digest"],
				{"check": true, "urls": PackedStringArray(["http://a/"]), "ca": "c.pem", "require_digest": false}, []],
		[max_urls, {"urls": max_urls_values}, []],
		[max_urls + PackedStringArray(["--url=http://h/extra"]), {"urls": max_urls_values},
				["more than %d --url arguments" % Options.MAX_URLS]],
		[["--bogus"], {}, [unknown % "--bogus"]],
		[["--url"], {}, [unknown % "--url"]],
		[["--demo-check=yes"], {}, [unknown % "--demo-check=yes"]],
		[["-demo-check"], {}, [unknown % "-demo-check"]],
		[["--bogus\n"], {}, [unknown % "--bogus\\n"]],
		[["--bogus", "--demo-check", "--other"], {"check": true}, [unknown % "--bogus", unknown % "--other"]],
	]
	var defaults := {"check": false, "urls": PackedStringArray(), "ca": "", "require_digest": true}
	for c in cases:
		var args := PackedStringArray(c[0])
		var got := Options.parse(args)
		var shown := Util.show(args, 120) if args.size() <= 4 else "%d arguments" % args.size()
		var what := "Options.parse(%s)" % shown
		var want: Dictionary = defaults.duplicate()
		want.merge(c[1], true)
		for key in want:
			_h.check_eq(got.get(key), want[key], "%s.%s" % [what, key])
		var errors: PackedStringArray = got.get("errors", PackedStringArray())
		if not _h.check_eq(errors.size(), c[2].size(), what + ": number of errors"):
			_h.note("errors: %s" % Util.show(errors))
			continue
		for i in errors.size():
			_h.check(errors[i].contains(c[2][i]), "%s: error %d is %s, want it to hold %s" % [
					what, i, Util.show(errors[i]), Util.show(c[2][i])])


# ---------------------------------------------------------------------------
# The fetcher's digest verdict, end to end

func _fetcher_digest() -> void:
	var n := DIGEST_BYTES
	var body_digest := ReprDigest.encode(_sha256(Util.pattern(n)))
	var other := Util.pattern(n)
	other.append(0)
	var bad_digest := ReprDigest.encode(_sha256(other))
	var mismatch_note := "digest MISMATCH: sha-256 %s, Repr-Digest says %s" % [body_digest, bad_digest]
	var base := "http://127.0.0.1:%d" % _cfg.http_port
	# [class, path, wanted digest verdict, wanted problems, a note the fetch must emit]
	var cases := []
	for cls in ["GoHTTPClient", "HTTPClient"]:
		cases.append_array([
			[cls, "/digest?n=%d" % n, "OK", [], "digest OK (sha-256 of %d bytes)" % n],
			[cls, "/digest?n=%d&bad=1" % n, "MISMATCH", ["digest MISMATCH"], mismatch_note],
			[cls, "/digest?n=%d&bad=1&chunked=1" % n, "MISMATCH", ["digest MISMATCH"], mismatch_note],
			[cls, "/bytes?n=%d" % n, "none", [], "no Repr-Digest sha-256: the body is not checked"],
		])
	var tree := SceneTree.new()
	for c in cases:
		var url: String = base + c[1]
		var what := "%s %s" % [c[0], url]
		var fetched := _fetch(tree, c[0], url)
		var r: Dictionary = fetched.result
		if r.is_empty():
			_h.fail("%s: the fetch did not end in %d ms" % [what, WAIT_MSEC + 5000])
			continue
		_h.check_eq(r.code, 200, what + ": code")
		_h.check_eq(r.bytes, n, what + ": bytes")
		_h.check_eq(r.digest, c[2], what + ": digest")
		_h.check_eq(r.problems, c[3], what + ": problems")
		_h.check(c[4] in fetched.notes, "%s: no note %s among %s" % [what, Util.show(c[4]), Util.show(fetched.notes, 600)])
	tree.free()


## Fetches url with a Fetcher of cls, emitting tree.process_frame for it:
## {"result": the Dictionary fetch() returned ({} if it did not end in
## time), "notes": the texts of its note signal}.
func _fetch(tree: SceneTree, cls: String, url: String) -> Dictionary:
	var out := {"result": {}, "notes": [], "done": false}
	var fetcher := Fetcher.new(StringName(cls))
	fetcher.deadline_msec = WAIT_MSEC
	fetcher.note.connect(func(text: String, _msec: int): out.notes.append(text))
	_run_fetch(fetcher, tree, url, out)
	var deadline := Time.get_ticks_msec() + WAIT_MSEC + 5000
	while not out.done and Time.get_ticks_msec() < deadline:
		tree.process_frame.emit()
		OS.delay_usec(IDLE_USEC)
	return out


## Awaits fetch() and stores its result in out; called without await, it
## returns at the fetch's first frame wait.
func _run_fetch(fetcher: Fetcher, tree: SceneTree, url: String, out: Dictionary) -> void:
	out.result = await fetcher.fetch(tree, url)
	out.done = true


func _sha256(data: PackedByteArray) -> PackedByteArray:
	var ctx := HashingContext.new()
	ctx.start(HashingContext.HASH_SHA256)
	ctx.update(data)
	return ctx.finish()


# ---------------------------------------------------------------------------
# The local server

func _local_server_answers() -> void:
	var server := LocalServer.new()
	if not _h.check_eq(server.start(), OK, "LocalServer.start()"):
		server.free()
		return
	var max_head: int = LocalServer.MAX_HEAD_BYTES
	# The body is the test server's pattern, which repeats every 65536 bytes.
	var body_sha := HashingContext.new()
	body_sha.start(HashingContext.HASH_SHA256)
	var period := Util.pattern(65536)
	for at in range(0, LocalServer.BODY_BYTES, period.size()):
		body_sha.update(period.slice(0, mini(period.size(), LocalServer.BODY_BYTES - at)))
	var body_digest := Marshalls.raw_to_base64(body_sha.finish())
	var head_at_limit := "GET /missing HTTP/1.1\r\nX: \r\n\r\n"
	head_at_limit = head_at_limit.replace("X: ", "X: " + "a".repeat(max_head - head_at_limit.length()))
	var long_head := "GET / HTTP/1.1\r\nX: %s\r\n\r\n" % "a".repeat(max_head + 100)
	# [request, wanted status line, a header line the answer must hold ("": none)]
	var cases := [
		["GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", "HTTP/1.1 200 OK", "Repr-Digest: sha-256=:%s:" % body_digest],
		["HEAD /?q=1 HTTP/1.0\r\n\r\n", "HTTP/1.1 200 OK", "Content-Length: %d" % LocalServer.BODY_BYTES],
		["GET /missing HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found", "Connection: close"],
		["GET /index.html?x=/ HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found", ""],
		[head_at_limit, "HTTP/1.1 404 Not Found", ""],
		["POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "HTTP/1.1 405 Method Not Allowed", "Allow: GET, HEAD"],
		["DELETE /missing HTTP/1.1\r\n\r\n", "HTTP/1.1 405 Method Not Allowed", "Allow: GET, HEAD"],
		["get / HTTP/1.1\r\n\r\n", "HTTP/1.1 405 Method Not Allowed", ""],
		["GET /\r\n\r\n", "HTTP/1.1 400 Bad Request", "Connection: close"],
		["GET / HTTP/2\r\n\r\n", "HTTP/1.1 400 Bad Request", ""],
		["GET  / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request", ""],
		["GET / HTTP/1.1 extra\r\n\r\n", "HTTP/1.1 400 Bad Request", ""],
		["\r\n\r\n", "HTTP/1.1 400 Bad Request", ""],
		[long_head, "HTTP/1.1 431 Request Header Fields Too Large", "Connection: close"],
		["GET / HTTP/1.1\r\n" + "a".repeat(max_head), "HTTP/1.1 431 Request Header Fields Too Large", ""],
	]
	_h.check_eq(head_at_limit.length(), max_head, "length of the head at the limit")
	for c in cases:
		var what := "request %s" % Util.show(c[0], 60)
		var peer := _connect(server)
		if peer == null:
			_h.fail(what + ": could not connect to the local server")
			continue
		peer.put_data(c[0].to_ascii_buffer())
		var head := _read_head(server, peer)
		peer.disconnect_from_host()
		var lines := head.split("\r\n")
		_h.check_eq(lines[0], c[1], what + ": status line")
		if c[2] != "":
			_h.check(c[2] in lines, "%s: no header line %s in %s" % [what, Util.show(c[2], 120), Util.show(head, 400)])
	server.stop()
	server.free()


func _local_server_max_connections() -> void:
	var server := LocalServer.new()
	if not _h.check_eq(server.start(), OK, "LocalServer.start()"):
		server.free()
		return
	var limit: int = LocalServer.MAX_CONNECTIONS
	var request := "GET /missing HTTP/1.1\r\n\r\n".to_ascii_buffer()
	var held: Array[StreamPeerTCP] = []
	for i in limit:
		var peer := _connect(server)
		if peer == null:
			_h.fail("connection %d of %d: could not connect" % [i + 1, limit])
			break
		held.append(peer)
		# Served connections are the server's own state: wait for it to take
		# this one, so the next one cannot overtake it.
		_h.check(_pump_until(server, func(): return server._connections.size() == i + 1),
				"connection %d of %d: the server holds %d" % [i + 1, limit, server._connections.size()])
	if held.size() == limit:
		# [what, peer, wanted status line ("": closed without an answer)]
		var over := _connect(server)
		var cases := [
			["connection %d (over the limit)" % (limit + 1), over, ""],
			["connection 1 (within the limit)", held[0], "HTTP/1.1 404 Not Found"],
		]
		for c in cases:
			if c[1] == null:
				_h.fail(c[0] + ": could not connect")
				continue
			c[1].put_data(request)
			var head := _read_head(server, c[1])
			_h.check_eq(head.get_slice("\r\n", 0), c[2], c[0] + ": status line")
		# A closed connection frees its place.
		held[0].disconnect_from_host()
		_h.check(_pump_until(server, func(): return server._connections.size() < limit),
				"after connection 1 closed, the server still holds %d" % server._connections.size())
		var again := _connect(server)
		if _h.check(again != null, "the connection after one closed: could not connect"):
			again.put_data(request)
			_h.check_eq(_read_head(server, again).get_slice("\r\n", 0), "HTTP/1.1 404 Not Found",
					"the connection after one closed: status line")
			again.disconnect_from_host()
		if over != null:
			over.disconnect_from_host()
	for peer in held:
		peer.disconnect_from_host()
	server.stop()
	server.free()


## A StreamPeerTCP connected to the local server, or null.
func _connect(server: LocalServer) -> StreamPeerTCP:
	var peer := StreamPeerTCP.new()
	var port := int(server.url().get_slice(":", 2).get_slice("/", 0))
	if peer.connect_to_host("127.0.0.1", port) != OK:
		return null
	var deadline := Time.get_ticks_msec() + WAIT_MSEC
	while peer.get_status() == StreamPeerTCP.STATUS_CONNECTING and Time.get_ticks_msec() < deadline:
		peer.poll()
		server._process(0.0)
		OS.delay_usec(IDLE_USEC)
	return peer if peer.get_status() == StreamPeerTCP.STATUS_CONNECTED else null


## The response head the server sends on peer (up to its blank line), or
## what came before the connection closed ("" when nothing did).
func _read_head(server: LocalServer, peer: StreamPeerTCP) -> String:
	var got := PackedByteArray()
	var deadline := Time.get_ticks_msec() + WAIT_MSEC
	while Time.get_ticks_msec() < deadline:
		server._process(0.0)
		peer.poll()
		# poll() leaves STATUS_CONNECTED only when nothing is left to read.
		if peer.get_status() != StreamPeerTCP.STATUS_CONNECTED:
			break
		var n := peer.get_available_bytes()
		if n == 0:
			OS.delay_usec(IDLE_USEC)
			continue
		var r := peer.get_partial_data(n)
		if r[0] != OK:
			break
		got.append_array(r[1])
		var text := got.get_string_from_ascii()
		var end := text.find("\r\n\r\n")
		if end >= 0:
			return text.substr(0, end)
	return got.get_string_from_ascii()


## Runs the server's frames until cond() holds, at most WAIT_MSEC.
func _pump_until(server: LocalServer, cond: Callable) -> bool:
	var deadline := Time.get_ticks_msec() + WAIT_MSEC
	while not cond.call():
		if Time.get_ticks_msec() > deadline:
			return false
		server._process(0.0)
		OS.delay_usec(IDLE_USEC)
	return true
