extends RefCounted
## Row 6: many clients downloading at once, polled round-robin in one
## loop: each turn polls a client and reads one chunk from it if it has a
## body under way. Timed: from the first request() to the end of the last
## body; the connections are made before.

const Steps = preload("res://bench/http_steps.gd")
const BodyCheck = preload("res://bench/body_check.gd")


## p: clients, url, bytes (per client), full_check, deadline_msec.
## Returns {usec, error}.
static func run(class_name_: String, cfg: Dictionary, p: Dictionary) -> Dictionary:
	var n: int = p.clients
	var clients := []
	var e := ""
	for i in n:
		var c = ClassDB.instantiate(class_name_)
		c.read_chunk_size = 65536
		clients.append(c)
		e = Steps.start_connect(c, cfg)
		if not e.is_empty():
			break
	for c in clients:
		if e.is_empty():
			e = Steps.finish_connect(c, p.deadline_msec)
	if not e.is_empty():
		_close_all(clients)
		return {"usec": 0, "error": e}
	var url: String = p.url
	var want: int = p.bytes
	var full: bool = p.full_check
	var deadline: int = p.deadline_msec
	var got := PackedInt64Array()
	got.resize(n)
	var done := PackedByteArray()
	done.resize(n)
	var active := n
	var spins := 0
	var t0 := Time.get_ticks_usec()
	for c in clients:
		var err: int = c.request(HTTPClient.METHOD_GET, url, Steps.NO_HEADERS)
		if err != OK:
			e = "%s.request(GET %s): %s" % [class_name_, url, error_string(err)]
			active = 0
			break
	while active > 0:
		for i in n:
			if done[i]:
				continue
			var c = clients[i]
			c.poll()
			var st: int = c.get_status()
			if st == HTTPClient.STATUS_BODY:
				var chunk: PackedByteArray = c.read_response_body_chunk()
				if chunk.size() == 0:
					continue
				if not BodyCheck.ok(chunk, got[i], full):
					e = "%s: client %d: %s" % [class_name_, i, BodyCheck.describe(chunk, got[i])]
					break
				got[i] += chunk.size()
			elif st != HTTPClient.STATUS_REQUESTING:
				done[i] = 1
				active -= 1
				if c.get_response_code() != 200:
					e = "%s: client %d: GET %s: response code %d" % [class_name_, i, url, c.get_response_code()]
				else:
					e = Steps.body_end(c, url, got[i], want)
				if not e.is_empty():
					break
		if not e.is_empty():
			break
		spins += 1
		if spins % 64 == 0 and Time.get_ticks_msec() > deadline:
			e = "%s: %d of %d clients not done in time" % [class_name_, active, n]
			break
	var usec := Time.get_ticks_usec() - t0
	_close_all(clients)
	return {"usec": usec, "error": e}


static func _close_all(clients: Array) -> void:
	for c in clients:
		c.close()
