extends RefCounted
## Row 7: the engine time of one poll() on a connected, idle client (what a
## game pays each frame for a connection it keeps open). Timed: count
## calls; the result is per call.

const Steps = preload("res://bench/http_steps.gd")


## p: count, deadline_msec. Returns {usec (per call, a float), error}.
static func run(class_name_: String, cfg: Dictionary, p: Dictionary) -> Dictionary:
	var made: Variant = Steps.connected(class_name_, cfg, false, p.deadline_msec)
	if made is String:
		return {"usec": 0, "error": made}
	var c = made
	var count: int = p.count
	var t0 := Time.get_ticks_usec()
	for i in count:
		c.poll()
	var usec := Time.get_ticks_usec() - t0
	var e := ""
	if c.get_status() != HTTPClient.STATUS_CONNECTED:
		e = "%s: status %d after %d idle polls, want CONNECTED" % [class_name_, c.get_status(), count]
	c.close()
	return {"usec": float(usec) / count, "error": e}
