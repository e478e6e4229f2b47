extends RefCounted
## GoHTTPClient.get_runtime_stats() named in the code, as a script calls a
## static method (the compiler binds the call). Loaded only when the class
## exists: a script naming a missing class does not compile.


static func read() -> Dictionary:
	return GoHTTPClient.get_runtime_stats()
