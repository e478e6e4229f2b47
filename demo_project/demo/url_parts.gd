extends RefCounted
## Splits an http:// or https:// URL into what HTTPClient.connect_to_host()
## and request() take. No I/O; the input is bounded by MAX_URL_LENGTH.

## Longest URL accepted (characters).
const MAX_URL_LENGTH := 8192


## Returns {"host": "https://name" or "http://name", "port": int (-1 for the
## scheme's default), "path": "/path?query", "tls": bool}, or a String that
## says what is wrong with url.
static func parse(url: String) -> Variant:
	if url.length() > MAX_URL_LENGTH:
		return "the URL is %d characters long (at most %d)" % [url.length(), MAX_URL_LENGTH]
	for i in url.length():
		var c := url.unicode_at(i)
		if c <= 0x20 or c == 0x7f:
			return "the URL %s holds a space or control character at %d" % [url.c_escape(), i]
	var scheme_end := url.find("://")
	var scheme := url.substr(0, scheme_end).to_lower() if scheme_end > 0 else ""
	if scheme != "http" and scheme != "https":
		return "the URL %s does not start with http:// or https://" % url.c_escape()
	var rest := url.substr(scheme_end + 3)
	var hash_at := rest.find("#")
	if hash_at >= 0:
		rest = rest.substr(0, hash_at)  # the fragment is never sent
	var path_at := rest.length()
	for sep in ["/", "?"]:
		var at := rest.find(sep)
		if at >= 0 and at < path_at:
			path_at = at
	var authority := rest.substr(0, path_at)
	var path := rest.substr(path_at)
	if path.is_empty() or path.begins_with("?"):
		path = "/" + path
	if authority.contains("@"):
		return "the URL %s holds credentials (user@host), which this demo does not send" % url.c_escape()
	var host := authority
	var port := -1
	var port_text := ""
	if authority.begins_with("["):  # an IPv6 literal: [::1]:8080
		var close := authority.find("]")
		if close < 0:
			return "the URL %s has an unclosed '[' in its host" % url.c_escape()
		host = authority.substr(1, close - 1)
		var after := authority.substr(close + 1)
		if not after.is_empty():
			if not after.begins_with(":"):
				return "the URL %s has %s after its IPv6 host" % [url.c_escape(), after.c_escape()]
			port_text = after.substr(1)
	else:
		var colon := authority.rfind(":")
		if colon >= 0:
			host = authority.substr(0, colon)
			port_text = authority.substr(colon + 1)
	if host.is_empty():
		return "the URL %s has no host" % url.c_escape()
	if not port_text.is_empty():
		if not port_text.is_valid_int() or port_text.to_int() < 1 or port_text.to_int() > 65535:
			return "the URL %s has the port %s (want 1 to 65535)" % [url.c_escape(), port_text.c_escape()]
		port = port_text.to_int()
	# "https://" in front of the host turns TLS on, as the class reference says.
	return {"host": scheme + "://" + host, "port": port, "path": path, "tls": scheme == "https"}
