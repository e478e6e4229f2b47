extends RefCounted
## Finds and reads the JSON file written by the test server
## (tests/server): `-- --config=PATH` after the engine's arguments, else the
## environment variable GOHTTPCLIENT_TEST_CONFIG.

const ENV := "GOHTTPCLIENT_TEST_CONFIG"
const PORTS := ["http_port", "tls_port", "tls_wrong_name_port", "proxy_port", "connect_proxy_port",
		"refusing_proxy_port", "closed_port"]
## Ports of server/hostile.go: 0 when the server has none (an older
## server, or a system that does not allow them).
const OPTIONAL_PORTS := ["silent_port", "garbage_tls_port", "stuck_port"]

static var _ca: X509Certificate
static var _ca_path := ""


## Returns the config Dictionary, or a String explaining what is missing.
static func load_config() -> Variant:
	var path := ""
	for arg in OS.get_cmdline_user_args():
		if arg.begins_with("--config="):
			path = arg.substr("--config=".length())
	if path.is_empty():
		path = OS.get_environment(ENV)
	if path.is_empty():
		return "no server config: pass -- --config=PATH or set %s (build.sh test does)" % ENV
	var text := FileAccess.get_file_as_string(path)
	if text.is_empty():
		return "cannot read server config %s (%s)" % [path, error_string(FileAccess.get_open_error())]
	var cfg: Variant = JSON.parse_string(text)
	if typeof(cfg) != TYPE_DICTIONARY:
		return "server config %s is not a JSON object" % path
	for key in PORTS:
		if not cfg.has(key):
			return "server config %s lacks %s" % [path, key]
		cfg[key] = int(cfg[key])
	for key in OPTIONAL_PORTS:
		cfg[key] = int(cfg.get(key, 0))
	return cfg


## The test server's CA (config "ca_file"), loaded once; an engine error
## says so when it cannot be loaded.
static func ca_cert(cfg: Dictionary) -> X509Certificate:
	if _ca == null or _ca_path != cfg.ca_file:
		_ca = X509Certificate.new()
		_ca_path = cfg.ca_file
		var err := _ca.load(_ca_path)
		if err != OK:
			push_error("cannot load the test CA %s: %s" % [_ca_path, error_string(err)])
	return _ca
