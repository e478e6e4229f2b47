extends RefCounted
## Typed calls on GoHTTPClient. Loaded only when the class exists: the
## type name would not compile otherwise.


func get_status_usec(calls: int) -> float:
	var c: GoHTTPClient = GoHTTPClient.new()
	var t0 := Time.get_ticks_usec()
	for i in calls:
		c.get_status()
	return float(Time.get_ticks_usec() - t0) / calls
