extends RefCounted
## TLS: the test server's certificates are signed by a CA it made at start
## (config "ca_file"); one server's certificate names wrong.name.test only.

const Steps = preload("res://tests/lib/steps.gd")
const Util = preload("res://tests/lib/util.gd")
const GET := HTTPClient.METHOD_GET
const HANDSHAKE_ERROR := HTTPClient.STATUS_TLS_HANDSHAKE_ERROR


static func build(cfg: Dictionary) -> Array:
	var out := []
	var tls: int = cfg.tls_port
	var wrong: int = cfg.tls_wrong_name_port
	var refused := {"01.wait_conn.status": HANDSHAKE_ERROR, "01.wait_conn.polls": [ERR_CANT_CONNECT]}
	out.append({
		"name": "TLS to localhost, CA given",
		"steps": Steps.connect_to("localhost", tls, "ca") + Steps.exchange(GET, "/echo")
				+ Steps.exchange(GET, "/chunked?sizes=100,5000&trailers=1") + [["get_conn"], ["state"]],
		"expect": {"05.body.data": Steps.echo_head("GET", "/echo", "localhost:%d" % tls).to_utf8_buffer(),
				"09.body.data": Util.body_fact(Util.pattern(5100)), "10.get_conn.is_stream_peer": true},
	})
	out.append({
		"name": "TLS to 127.0.0.1 (IP in the certificate), CA given",
		"steps": Steps.connect_to("127.0.0.1", tls, "ca") + Steps.exchange(GET, "/bytes?n=70000"),
	})
	out.append({
		"name": "TLS: large body and body until EOF",
		"steps": Steps.connect_to("localhost", tls, "ca") + Steps.exchange(GET, "/bytes?n=1048576")
				+ Steps.exchange(GET, "/eof?n=3000") + [["state"]],
		"expect": {"05.body.size": 1048576, "09.body.size": 3000},
	})
	out.append({
		"name": "TLS: blocking mode",
		"steps": [["blocking", true], ["chunk_size", 1024]] + Steps.connect_to("localhost", tls, "ca")
				+ [["request", GET, "/bytes?n=5000", PackedStringArray()], ["wait_resp"], ["body_sizes"]]
				+ Steps.exchange(GET, "/chunked?sizes=10,20"),
		"expect": {"06.body_sizes.sizes": [1024, 1024, 1024, 1024, 904]},
	})
	out.append({
		"name": "TLS: https:// prefix with the CA, port given",
		"steps": Steps.connect_to("https://localhost", tls, "ca") + Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"05.body.size": 5},
	})
	out.append({
		"name": "TLS: HTTPS:// prefix is case-insensitive",
		"steps": Steps.connect_to("HTTPS://localhost", tls, "ca") + Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"05.body.size": 5},
	})
	out.append({
		"name": "TLS: https:// prefix without options verifies against the system's roots",
		"steps": [["connect", "https://localhost", tls], ["wait_conn"], ["poll"], ["state"]],
		"expect": refused,
	})
	out.append({
		"name": "TLS: TLSOptions.client() does not trust the test CA",
		"steps": Steps.connect_to("localhost", tls, "default") + [["poll"], ["state"]],
		"expect": refused,
	})
	out.append({
		"name": "TLS: wrong host name is refused",
		"steps": Steps.connect_to("localhost", wrong, "ca") + [["state"]],
		"expect": refused,
	})
	out.append({
		"name": "TLS: common-name override accepts the wrong name",
		"steps": Steps.connect_to("localhost", wrong, ["ca", cfg.wrong_name]) + Steps.exchange(GET, "/echo"),
		"expect": {"01.wait_conn.status": HTTPClient.STATUS_CONNECTED},
	})
	out.append({
		"name": "TLS: override with yet another name is refused",
		"steps": Steps.connect_to("localhost", tls, ["ca", cfg.wrong_name]) + [["state"]],
		"expect": refused,
	})
	out.append({
		"name": "TLS: client_unsafe() accepts any certificate",
		"steps": Steps.connect_to("localhost", wrong, "unsafe") + Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"01.wait_conn.status": HTTPClient.STATUS_CONNECTED, "05.body.size": 5},
	})
	out.append({
		"name": "TLS: client_unsafe(CA) checks the chain, not the name",
		"steps": Steps.connect_to("localhost", wrong, "unsafe_ca") + Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"01.wait_conn.status": HTTPClient.STATUS_CONNECTED},
	})
	out.append({
		"name": "TLS to a plain-HTTP server: handshake error",
		"steps": Steps.connect_to("localhost", cfg.http_port, "ca") + [["poll"], ["state"]],
		"expect": refused,
	})
	out.append({
		"name": "plain HTTP to a TLS server",
		"steps": Steps.connect_to("127.0.0.1", tls) + Steps.exchange(GET, "/echo") + [["state"]],
		"expect": {"03.wait_resp.status": HTTPClient.STATUS_CONNECTION_ERROR},
	})
	out.append({
		"name": "http:// prefix drops the TLS options",
		"steps": Steps.connect_to("http://localhost", cfg.http_port, "ca") + Steps.exchange(GET, "/echo"),
		"expect": {"05.body.data": Steps.echo_head("GET", "/echo", "localhost:%d" % cfg.http_port).to_utf8_buffer()},
	})
	out.append({
		"name": "server-mode TLSOptions are refused (unless http:// drops them)",
		"steps": [["connect", "localhost", tls, "server"], ["state"], ["connect", "http://localhost", cfg.http_port, "server"],
				["wait_conn"]] + Steps.exchange(GET, "/bytes?n=2"),
		"expect": {"00.connect.ret": ERR_INVALID_PARAMETER, "00.connect.error": true,
				"03.wait_conn.status": HTTPClient.STATUS_CONNECTED},
	})
	return out
