extends RefCounted
## The steps every workload takes, written once for both classes: the
## clients are untyped, as in demo_project/main.gd, so HTTPClient and
## GoHTTPClient run the very same GDScript. Each step returns "" when it
## went well, else what went wrong.

static var NO_HEADERS := PackedStringArray()
## How many spins of a polling loop pass between two looks at the clock.
const SPINS_PER_CLOCK := 1024


## Starts connecting c to the test server (not timed by the workloads).
static func start_connect(c, cfg: Dictionary) -> String:
	var err: int = c.connect_to_host(cfg.host, cfg.http_port)
	if err != OK:
		return "%s.connect_to_host(%s, %d): %s" % [c.get_class(), cfg.host, cfg.http_port, error_string(err)]
	return ""


## Polls c until it is connected.
static func finish_connect(c, deadline_msec: int) -> String:
	while c.get_status() == HTTPClient.STATUS_RESOLVING or c.get_status() == HTTPClient.STATUS_CONNECTING:
		c.poll()
		if Time.get_ticks_msec() > deadline_msec:
			return "%s: not connected in time (status %d)" % [c.get_class(), c.get_status()]
		OS.delay_usec(50)
	if c.get_status() != HTTPClient.STATUS_CONNECTED:
		return "%s: could not connect (status %d)" % [c.get_class(), c.get_status()]
	return ""


## A new client of class_name connected to the test server, with
## read_chunk_size 65536 and the blocking mode given; or a String error.
static func connected(class_name_: String, cfg: Dictionary, blocking: bool, deadline_msec: int) -> Variant:
	var c = ClassDB.instantiate(class_name_)
	if c == null:
		return "class %s cannot be instantiated" % class_name_
	c.read_chunk_size = 65536
	c.blocking_mode_enabled = blocking
	var e := start_connect(c, cfg)
	if e.is_empty():
		e = finish_connect(c, deadline_msec)
	if not e.is_empty():
		c.close()
		return e
	return c


## Sends GET url and polls until the response head is in: the status is
## then BODY (or CONNECTED for an empty body) and the code 200.
static func get_head(c, url: String, deadline_msec: int) -> String:
	var err: int = c.request(HTTPClient.METHOD_GET, url, NO_HEADERS)
	if err != OK:
		return "%s.request(GET %s): %s" % [c.get_class(), url, error_string(err)]
	var spins := 0
	while c.get_status() == HTTPClient.STATUS_REQUESTING:
		c.poll()
		spins += 1
		if spins % SPINS_PER_CLOCK == 0 and Time.get_ticks_msec() > deadline_msec:
			return "%s: GET %s: no response head in time" % [c.get_class(), url]
	var st: int = c.get_status()
	if st != HTTPClient.STATUS_BODY and st != HTTPClient.STATUS_CONNECTED:
		return "%s: GET %s: status %d after the request" % [c.get_class(), url, st]
	if c.get_response_code() != 200:
		return "%s: GET %s: response code %d" % [c.get_class(), url, c.get_response_code()]
	return ""


## Checks that a body of want bytes ended well: got bytes read, the client
## back to CONNECTED (keep-alive).
static func body_end(c, url: String, got: int, want: int) -> String:
	if got != want:
		return "%s: GET %s: %d body bytes, want %d (status %d)" % [c.get_class(), url, got, want, c.get_status()]
	if c.get_status() != HTTPClient.STATUS_CONNECTED:
		return "%s: GET %s: status %d after the body, want CONNECTED" % [c.get_class(), url, c.get_status()]
	return ""
