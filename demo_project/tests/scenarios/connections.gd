extends RefCounted
## Connection lifecycle: resolving, connect failures, close and reconnect,
## set_connection() with peers made by the caller.

const Steps = preload("res://tests/lib/steps.gd")
const GET := HTTPClient.METHOD_GET



static func build(cfg: Dictionary) -> Array:
	var out := []
	var port: int = cfg.http_port
	out.append({
		"name": "fresh client: poll, accessors, properties",
		"steps": [["poll"], ["state"], ["get", "read_chunk_size"], ["get", "blocking_mode_enabled"],
				["get", "connection"], ["get_conn"]],
		"expect": {"00.poll.ret": ERR_UNCONFIGURED, "01.state.code": 0, "01.state.body_length": -1,
				"01.state.has_response": false, "01.state.chunked": false, "01.state.connection_null": true,
				"02.get.value": 65536, "03.get.value": false, "05.get_conn.null": true},
	})
	out.append({
		"name": "name that does not resolve",
		"steps": [["connect", "nonexistent.invalid", port], ["wait_conn"], ["poll"], ["poll"], ["state"],
				["request", GET, "/", PackedStringArray()]],
		"expect": {"00.connect.ret": OK, "00.connect.status": HTTPClient.STATUS_RESOLVING,
				"01.wait_conn.status": HTTPClient.STATUS_CANT_RESOLVE, "02.poll.ret": ERR_CANT_RESOLVE,
				"05.request.ret": ERR_INVALID_PARAMETER},
	})
	out.append({
		"name": "host:port in the host is a name (does not resolve)",
		"steps": [["connect", "nonexistent.invalid:8080"], ["wait_conn"], ["state"]],
		"expect": {"01.wait_conn.status": HTTPClient.STATUS_CANT_RESOLVE},
	})
	out.append({
		"name": "closed port on an IP literal",
		"steps": [["connect", "127.0.0.1", cfg.closed_port], ["wait_conn"], ["poll"], ["state"], ["get_conn"]],
		"expect": {"00.connect.status": HTTPClient.STATUS_CONNECTING, "01.wait_conn.status": HTTPClient.STATUS_CANT_CONNECT,
				"02.poll.ret": ERR_CANT_CONNECT},
	})
	out.append({
		"name": "closed port on a name",
		"steps": [["connect", "localhost", cfg.closed_port], ["wait_conn"], ["poll"], ["state"]],
		"expect": {"00.connect.status": HTTPClient.STATUS_RESOLVING, "01.wait_conn.status": HTTPClient.STATUS_CANT_CONNECT},
	})
	out.append({
		"name": "localhost: resolved, Host carries the name",
		"steps": Steps.connect_to("localhost", port) + Steps.exchange(GET, "/echo"),
		"expect": {"05.body.data": Steps.echo_head("GET", "/echo", "localhost:%d" % port).to_utf8_buffer()},
	})
	if cfg.get("ipv6", false):
		out.append({
			"name": "IPv6 literal 0::1 (::1 is shorter than 4 characters)",
			"steps": Steps.connect_to("0::1", port) + Steps.exchange(GET, "/bytes?n=5") + [["connect", "::1", port]],
			"expect": {"05.body.size": 5, "06.connect.ret": ERR_INVALID_PARAMETER},
		})
		out.append({
			"name": "IPv6 literal in the Host header",
			"steps": Steps.connect_to("0::1", port) + Steps.exchange(GET, "/echo"),
			"expect": {"05.body.data": Steps.echo_head("GET", "/echo", "0::1:%d" % port).to_utf8_buffer()},
			"readme": "12: IPv6 literal hosts are bracketed in the Host header",
			"differences": Steps.fix_echo(Steps.echo_head("GET", "/echo", "[0::1]:%d" % port).to_utf8_buffer(),
					"README 12: IPv6 literal hosts are bracketed in the Host header"),
		})
	out.append({
		"name": "http:// and HTTP:// prefixes are stripped",
		"steps": Steps.connect_to("http://127.0.0.1", port) + Steps.exchange(GET, "/echo")
				+ Steps.connect_to("HTTP://localhost", port) + Steps.exchange(GET, "/echo"),
		"expect": {"05.body.data": Steps.echo_head("GET", "/echo", "127.0.0.1:%d" % port).to_utf8_buffer(),
				"11.body.data": Steps.echo_head("GET", "/echo", "localhost:%d" % port).to_utf8_buffer()},
	})
	for p in [0, 65536, 70000]:
		out.append({
			"name": "port %d on an IP literal" % p,
			"steps": [["connect", "127.0.0.1", p], ["wait_conn"], ["poll"], ["state"]],
		})
	out.append({
		"name": "port 70000 on a name",
		"steps": [["connect", "localhost", 70000], ["wait_conn"], ["poll"], ["state"]],
	})
	out.append({
		"name": "close, poll, close again, reconnect",
		"steps": Steps.plain_get(cfg, "/bytes?n=10") + [["close"], ["poll"], ["state"], ["get_conn"], ["close"]]
				+ Steps.connect_plain(cfg) + Steps.exchange(GET, "/bytes?n=20"),
		"expect": {"07.close.status": HTTPClient.STATUS_DISCONNECTED, "08.poll.ret": ERR_UNCONFIGURED,
				"09.state.code": 0, "10.get_conn.null": true, "17.body.size": 20},
	})
	out.append({
		"name": "headers stay available until the next request or close",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/bytes?n=10", PackedStringArray()], ["wait_resp"],
				["headers"], ["body"], ["@after_body", "headers"], ["request", GET, "/bytes?n=3", PackedStringArray()],
				["@requesting", "headers"], ["wait_resp"], ["body"], ["close"], ["@closed", "headers"]],
		"differences": Steps.fix({
			"after_body.has_response": true,
			"after_body.list": PackedStringArray(["Content-Type: application/octet-stream", "X-Request-Number: 1", "Content-Length: 10"]),
			"after_body.list_again": PackedStringArray(["Content-Type: application/octet-stream", "X-Request-Number: 1", "Content-Length: 10"]),
			"after_body.dict_after_list": {"Content-Type": "application/octet-stream", "X-Request-Number": "1", "Content-Length": "10"},
			"after_body.has_response_after": true,
		}, "FIX: headers stay available until the next request or close"),
		"expect": {"requesting.list": PackedStringArray(), "closed.list": PackedStringArray(),
				"closed.has_response": false},
	})
	out.append({
		"name": "connect_to_host while connected starts over",
		"steps": Steps.connect_plain(cfg) + [["connect", "127.0.0.1", port], ["wait_conn"]]
				+ Steps.exchange(GET, "/bytes?n=4"),
		"expect": {"02.connect.status": HTTPClient.STATUS_CONNECTING, "03.wait_conn.status": HTTPClient.STATUS_CONNECTED},
	})
	out.append({
		"name": "connect_to_host in the middle of a body starts over",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/bytes?n=100000", PackedStringArray()],
				["wait_resp"], ["read"], ["connect", "127.0.0.1", port], ["state"], ["wait_conn"]]
				+ Steps.exchange(GET, "/bytes?n=4"),
		"stable": false,  # the first read returns whatever has arrived
		"differences": {"04.read.data": Steps.any("the first read returns whatever has arrived")},
	})
	out.append({
		"name": "request on a connection the server has closed",
		"steps": Steps.plain_get(cfg, "/closeafter?n=3") + [["sleep", 100]]
				+ [["request", GET, "/bytes?n=4", PackedStringArray()], ["wait_resp"], ["state"]],
	})
	out.append({
		"name": "set_connection(StreamPeerTCP): requests over the caller's peer",
		"steps": [["tcp_conn", port], ["get_conn"]] + Steps.exchange(GET, "/echo", ["Host: example.test"])
				+ Steps.exchange(GET, "/bytes?n=5") + [["state"]],
		"expect": {"00.tcp_conn.status": HTTPClient.STATUS_CONNECTED, "00.tcp_conn.is_peer": true},
	})
	# With no connect_to_host() there is no host: the built-in sends "Host: :-1".
	out.append({
		"name": "set_connection(StreamPeerTCP): the automatic Host header",
		"steps": [["tcp_conn", port]] + Steps.exchange(GET, "/echo"),
		"expect": {"04.body.data": Steps.echo_head("GET", "/echo", ":-1").to_utf8_buffer()},
		"differences": Steps.fix_echo(Steps.echo_head("GET", "/echo", "").replace("Host: \r\n", "").to_utf8_buffer(),
				"README 13: no automatic Host header when no host was given to connect_to_host()", 1),
	})
	out.append({
		"name": "set_connection(null) changes nothing",
		"steps": [["set_conn_null"]] + Steps.connect_plain(cfg) + [["set_conn_null"], ["get_conn"]]
				+ Steps.exchange(GET, "/bytes?n=5"),
		"expect": {"00.set_conn_null.error": true, "00.set_conn_null.status": HTTPClient.STATUS_DISCONNECTED,
				"03.set_conn_null.status": HTTPClient.STATUS_CONNECTED, "03.set_conn_null.error": true},
	})
	out.append({
		"name": "set_connection(the same peer) is a no-op",
		"steps": Steps.connect_plain(cfg) + [["request", GET, "/bytes?n=50", PackedStringArray()], ["wait_resp"],
				["set_conn_same"], ["body"]],
		"expect": {"04.set_conn_same.status": HTTPClient.STATUS_BODY, "04.set_conn_same.is_peer": true, "05.body.size": 50},
	})
	out.append({
		"name": "set_connection(StreamPeerTLS)",
		"steps": [["tls_conn", cfg.tls_port, "localhost"]] + Steps.exchange(GET, "/echo", ["Host: example.test"]) + [["state"]],
		"expect": {"00.tls_conn.peer_status": StreamPeerTLS.STATUS_CONNECTED, "00.tls_conn.status": HTTPClient.STATUS_CONNECTED},
	})
	out.append({
		"name": "set_connection(StreamPeerTCP) refused while TLS options are set",
		"steps": [["connect", "localhost", cfg.tls_port, "ca"], ["tcp_conn", port], ["state"]],
		"expect": {"01.tcp_conn.error": true, "01.tcp_conn.is_peer": false},
	})
	return out
