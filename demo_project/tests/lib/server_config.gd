extends RefCounted
## Finds and reads the JSON file written by the test server
## (tests/server): `-- --config=PATH` after the engine's arguments, else the
## environment variable GOHTTPCLIENT_TEST_CONFIG.

const ENV := "GOHTTPCLIENT_TEST_CONFIG"


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
	for key in ["http_port", "tls_port", "tls_wrong_name_port", "proxy_port", "connect_proxy_port",
			"refusing_proxy_port", "closed_port"]:
		if not cfg.has(key):
			return "server config %s lacks %s" % [path, key]
		cfg[key] = int(cfg[key])
	return cfg
