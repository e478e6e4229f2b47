extends RefCounted
## Small helpers shared by the tests. All static.

const STATUS_NAMES := ["DISCONNECTED", "RESOLVING", "CANT_RESOLVE", "CONNECTING", "CANT_CONNECT",
		"CONNECTED", "REQUESTING", "BODY", "CONNECTION_ERROR", "TLS_HANDSHAKE_ERROR"]
const PATTERN_PERIOD := 65536

static var _period := PackedByteArray()


## Equality without GDScript's "invalid operands" errors between types.
static func same(a: Variant, b: Variant) -> bool:
	if typeof(a) != typeof(b):
		return false
	return a == b


static func status_name(s: Variant) -> String:
	if typeof(s) == TYPE_INT and s >= 0 and s < STATUS_NAMES.size():
		return STATUS_NAMES[s]
	return str(s)


## The first n bytes of every body the test server generates
## (server/routes.go): byte i is (i*31 + i/256) & 0xff. The pattern repeats
## every PATTERN_PERIOD bytes (65536*31 and 65536/256 are 0 modulo 256), so
## one period is built, once, and tiled.
static func pattern(n: int) -> PackedByteArray:
	if _period.is_empty():
		var p := PackedByteArray()
		p.resize(PATTERN_PERIOD)
		for i in PATTERN_PERIOD:
			p[i] = (i * 31 + i / 256) & 0xff
		_period = p
	if n <= PATTERN_PERIOD:
		return _period.slice(0, n)
	var out := PackedByteArray()
	while out.size() + PATTERN_PERIOD <= n:
		out.append_array(_period)
	out.append_array(_period.slice(0, n - out.size()))
	return out


static func sha256(data: PackedByteArray) -> String:
	var ctx := HashingContext.new()
	ctx.start(HashingContext.HASH_SHA256)
	if data.size() > 0:
		ctx.update(data)
	return ctx.finish().hex_encode()


## A body as a fact: small bodies as they are, big ones by length and hash.
static func body_fact(data: PackedByteArray) -> Variant:
	if data.size() <= 4096:
		return data
	return "len=%d sha256=%s" % [data.size(), sha256(data)]


## A short printable form of a value for failure messages.
static func show(v: Variant, limit := 300) -> String:
	var s: String
	match typeof(v):
		TYPE_PACKED_BYTE_ARRAY:
			var text: String = v.get_string_from_utf8()
			if text.to_utf8_buffer() == v:
				s = "bytes(%d)%s" % [v.size(), escape(text)]
			else:
				s = "bytes(%d)<%s>" % [v.size(), v.hex_encode()]
		TYPE_STRING:
			s = escape(v)
		TYPE_OBJECT:
			s = "<null>" if v == null else "<%s>" % v.get_class()
		_:
			s = var_to_str(v).replace("\n", "")
	if s.length() > limit:
		s = s.substr(0, limit) + "...(%d chars)" % s.length()
	return s


static func escape(s: String) -> String:
	return '"' + s.c_escape() + '"'


## The dictionary form of a header list as the class reference describes it:
## split at the first ':', name and value trimmed, the name's case kept as
## first delivered, values of one name (compared without case) joined with
## "; " in order.
static func headers_dict(lines: Variant) -> Dictionary:
	var d := {}
	var spelling := {}  # lower-case name -> the key used
	for line: String in lines:
		var at := line.find(":")
		if at < 0:
			continue
		var key := line.substr(0, at).strip_edges()
		var value := line.substr(at + 1).strip_edges()
		var lower := key.to_lower()
		if spelling.has(lower):
			d[spelling[lower]] = d[spelling[lower]] + "; " + value
		else:
			spelling[lower] = key
			d[key] = value
	return d
