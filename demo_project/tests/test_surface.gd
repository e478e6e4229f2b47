extends RefCounted
## GoHTTPClient's ClassDB surface must be HTTPClient's: methods (names,
## arguments, defaults, return types), constants, enums, properties,
## signals. Enum types may name either class (HTTPClient.Status or
## GoHTTPClient.Status). Method flags are notes; an extra method fails
## unless EXTRA_METHODS declares it.

const OURS := "GoHTTPClient"
const ENUM_USAGE := PROPERTY_USAGE_CLASS_IS_ENUM | PROPERTY_USAGE_CLASS_IS_BITFIELD
## The one method HTTPClient does not have, and its signature: the static
## diagnostic get_runtime_stats() (bindings/runtime_stats.go).
const EXTRA_METHODS := {"get_runtime_stats": "get_runtime_stats() -> Dictionary defaults=[]"}

var _h


func run(h, _cfg: Dictionary, _options: Dictionary) -> void:
	_h = h
	if not ClassDB.class_exists(OURS):
		return  # run.gd's "GoHTTPClient is registered" fails
	h.run_test("surface: class", _class)
	h.run_test("surface: methods", _methods)
	h.run_test("surface: constants and enums", _constants)
	h.run_test("surface: properties and signals", _properties)


func _class() -> void:
	_h.check(ClassDB.can_instantiate(OURS), "GoHTTPClient cannot be instantiated")
	_h.check(ClassDB.is_parent_class(OURS, "RefCounted"), "GoHTTPClient does not inherit RefCounted (HTTPClient does)")
	var o: Object = ClassDB.instantiate(OURS)
	_h.check(o is RefCounted, "an instance is not RefCounted")
	_h.check_eq(o.get_class(), OURS, "get_class()")


func _type_name(info: Dictionary) -> String:
	var cn := String(info.class_name).replace(OURS + ".", "HTTPClient.")
	var s := type_string(info.type)
	if not cn.is_empty():
		s += "(" + cn + ")"
	if info.usage & ENUM_USAGE:
		s += "[enum]"
	return s


func _signature(m: Dictionary) -> String:
	var args := []
	for a: Dictionary in m.args:
		args.append("%s: %s" % [a.name, _type_name(a)])
	return "%s(%s) -> %s defaults=%s" % [m.name, ", ".join(args), _type_name(m.return), var_to_str(m.default_args)]


func _methods_of(cls: String) -> Dictionary:
	var out := {}
	for m: Dictionary in ClassDB.class_get_method_list(cls, true):
		out[m.name] = m
	return out


func _methods() -> void:
	var theirs := _methods_of("HTTPClient")
	var ours := _methods_of(OURS)
	for name: String in theirs:
		if not ours.has(name):
			_h.fail("missing method " + _signature(theirs[name]))
			continue
		var want := _signature(theirs[name])
		var got := _signature(ours[name])
		if got != want:
			_h.fail("method differs:\n  HTTPClient:   %s\n  GoHTTPClient: %s" % [want, got])
		if theirs[name].flags != ours[name].flags:
			_h.note("%s flags %d, HTTPClient %d" % [name, ours[name].flags, theirs[name].flags])
	for name: String in ours:
		if theirs.has(name):
			continue
		if not EXTRA_METHODS.has(name):
			_h.fail("extra method " + _signature(ours[name]))
			continue
		_h.check_eq(_signature(ours[name]), EXTRA_METHODS[name], "signature of " + name)
		_h.check(ours[name].flags & METHOD_FLAG_STATIC != 0, name + " is not static")


func _constants() -> void:
	for name in ClassDB.class_get_integer_constant_list("HTTPClient", true):
		if not ClassDB.class_has_integer_constant(OURS, name):
			_h.fail("missing constant " + name)
			continue
		_h.check_eq(ClassDB.class_get_integer_constant(OURS, name), ClassDB.class_get_integer_constant("HTTPClient", name), name)
	for name in ClassDB.class_get_integer_constant_list(OURS, true):
		if not ClassDB.class_has_integer_constant("HTTPClient", name):
			_h.note("extra constant " + name)
	var enums := ClassDB.class_get_enum_list("HTTPClient", true)
	_h.check_eq(ClassDB.class_get_enum_list(OURS, true), enums, "enum names")
	for e in enums:
		_h.check_eq(ClassDB.class_get_enum_constants(OURS, e, true), ClassDB.class_get_enum_constants("HTTPClient", e, true), "constants of enum " + e)
	# What GDScript users write must work on both: `client.STATUS_BODY` on an
	# untyped variable reads the constant through Object.get().
	var ours: Variant = ClassDB.instantiate(OURS)
	var theirs: Variant = HTTPClient.new()
	for name in ["STATUS_BODY", "METHOD_PATCH", "RESPONSE_NOT_FOUND"]:
		_h.check_eq(ours.get(name), theirs.get(name), "instance.get(\"%s\")" % name)
	_h.check_eq(ours.STATUS_CONNECTED, theirs.STATUS_CONNECTED, "instance.STATUS_CONNECTED")


func _props(cls: String) -> Dictionary:
	var out := {}
	for p: Dictionary in ClassDB.class_get_property_list(cls, true):
		out[p.name] = p
	return out


func _properties() -> void:
	var theirs := _props("HTTPClient")
	var ours := _props(OURS)
	for name: String in theirs:
		if not ours.has(name):
			_h.fail("missing property " + name)
			continue
		var t: Dictionary = theirs[name]
		var o: Dictionary = ours[name]
		_h.check_eq(_type_name(o), _type_name(t), "type of property " + name)
		for field in ["hint", "hint_string", "usage"]:
			_h.check_eq(o[field], t[field], "%s of property %s" % [field, name])
		_h.check_eq(ClassDB.class_get_property_setter(OURS, name), ClassDB.class_get_property_setter("HTTPClient", name), "setter of " + name)
		_h.check_eq(ClassDB.class_get_property_getter(OURS, name), ClassDB.class_get_property_getter("HTTPClient", name), "getter of " + name)
	for name: String in ours:
		if not theirs.has(name):
			_h.note("extra property " + name)
	_h.check_eq(ClassDB.class_get_signal_list(OURS, true).map(func(s): return s.name),
			ClassDB.class_get_signal_list("HTTPClient", true).map(func(s): return s.name), "signals")
