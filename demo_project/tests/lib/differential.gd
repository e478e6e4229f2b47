extends RefCounted
## Compares the facts of the built-in HTTPClient with GoHTTPClient's.
##
## GoHTTPClient must show the built-in's value for every fact, except
## where a difference is declared, for every scenario (GLOBAL_FIXES below)
## or by the scenario ("differences": {glob: rule}). A rule is
##   {"ours": value, "why": reason}          ours must show exactly value
##   {"check": Callable(v) -> bool, "desc": text, "why": reason}
## Declared differences that are observed are listed as notes; a declared
## difference GoHTTPClient does not show is a failure like any other.

const Util = preload("res://tests/lib/util.gd")
const MISSING := "<missing>"

## FIX (spec: "Response accessors"): the headers stay available until the
## next request or close; the built-in empties them on the first getter.
const HEADERS_WHY := "FIX: headers stay available after the first get_response_headers*() call"
## Where the built-in logs an error, GoHTTPClient must log one too; it may
## log more (its README: a connection that fails prints why).
const ERRORS_WHY := "GoHTTPClient logs an error where the built-in is silent"
const WARNINGS_WHY := "warnings and engine noise (checked by the test \"diff: no warnings or engine noise\")"
## README difference 15: once a connection has failed get_connection() is
## null; the built-in keeps returning its dead StreamPeerTCP.
const CONN_WHY := "README 15: get_connection() is null once the connection has failed"
const FAILED_STATUSES := [HTTPClient.STATUS_CANT_CONNECT, HTTPClient.STATUS_CANT_RESOLVE,
		HTTPClient.STATUS_CONNECTION_ERROR, HTTPClient.STATUS_TLS_HANDSHAKE_ERROR]


static func _global_rule(key: String, builtin: Dictionary) -> Variant:
	var at := key.rfind(".")
	if at < 0:
		return null
	var prefix := key.substr(0, at)
	match key.substr(at + 1):
		"error":
			if builtin.get(key, false) == true:
				return {"ours": true, "why": "the built-in logs an error here"}
			return {"check": func(v): return v is bool, "desc": "a bool", "why": ERRORS_WHY}
		"warning":
			# Collected by test_differential.gd into one test of its own.
			return {"check": func(_v): return true, "desc": "anything", "why": WARNINGS_WHY}
		"list_again":
			return {"ours": builtin.get(prefix + ".list", MISSING), "why": HEADERS_WHY}
		"dict_after_list":
			return {"ours": Util.headers_dict(builtin.get(prefix + ".list", [])), "why": HEADERS_WHY}
		"has_response_after":
			return {"ours": builtin.get(prefix + ".has_response", MISSING), "why": HEADERS_WHY}
		"list_after_dict_nonempty":
			return {"ours": builtin.get(prefix + ".has_response", MISSING), "why": HEADERS_WHY}
		"connection_null":
			if builtin.get(key, true) == false and builtin.get(prefix + ".status", -1) in FAILED_STATUSES:
				return {"ours": true, "why": CONN_WHY}
		"has_response_after_getters":
			# Pinned by the scenario "headers stay available until the next request or close".
			return {"check": func(v): return v is bool, "desc": "a bool", "why": HEADERS_WHY}
	return null


static func _rule_for(key: String, builtin: Dictionary, declared: Dictionary) -> Variant:
	for pattern: String in declared:
		if key == pattern or key.match(pattern):
			return declared[pattern]
	return _global_rule(key, builtin)


static func _keys(a: Dictionary, b: Dictionary) -> Array:
	var keys := a.keys()
	for k in b:
		if not a.has(k):
			keys.append(k)
	return keys


## Returns {"mismatches": [text], "declared": [[text, reason]], "global": [reason]}:
## declared are the scenario's own declared differences that showed, global
## the reasons of the differences of every scenario (global rules) that did.
static func compare(builtin: Dictionary, ours: Dictionary, declared: Dictionary) -> Dictionary:
	var mismatches: Array[String] = []
	var observed: Array = []
	var global: Array[String] = []
	for key in _keys(builtin, ours):
		var b: Variant = builtin.get(key, MISSING)
		var o: Variant = ours.get(key, MISSING)
		var rule: Variant = _rule_for(key, builtin, declared)
		var is_global := rule != null and _global_rule(key, builtin) != null and not _declared_for(key, declared)
		if rule == null:
			if not Util.same(b, o):
				mismatches.append("%s: built-in %s, GoHTTPClient %s" % [key, Util.show(b), Util.show(o)])
			continue
		var ok: bool
		var want: String
		if rule.has("check"):
			ok = rule.check.call(o)
			want = rule.desc
		else:
			ok = Util.same(o, rule.ours)
			want = Util.show(rule.ours)
		if not ok:
			mismatches.append("%s: built-in %s, GoHTTPClient %s, expected %s (%s)"
					% [key, Util.show(b), Util.show(o), want, rule.why])
		elif not Util.same(b, o):
			if is_global:
				if not rule.why in global:
					global.append(rule.why)
				continue
			observed.append(["%s: built-in %s, GoHTTPClient %s (%s)" % [key, Util.show(b, 80), Util.show(o, 80), rule.why], rule.why])
	return {"mismatches": mismatches, "declared": observed, "global": global}


static func _declared_for(key: String, declared: Dictionary) -> bool:
	for pattern: String in declared:
		if key == pattern or key.match(pattern):
			return true
	return false


## Two runs of the same class must agree fact for fact (else the scenario
## depends on timing and cannot be compared).
static func unstable_facts(first: Dictionary, second: Dictionary) -> Array[String]:
	var out: Array[String] = []
	for key in _keys(first, second):
		var a: Variant = first.get(key, MISSING)
		var b: Variant = second.get(key, MISSING)
		if not Util.same(a, b):
			out.append("%s: %s, then %s" % [key, Util.show(a), Util.show(b)])
	return out


## Checks a scenario's "expect" {glob: value} against facts; every glob
## must match at least one fact. Returns the failures.
static func unmet_expectations(facts: Dictionary, expect: Dictionary) -> Array[String]:
	var out: Array[String] = []
	for pattern: String in expect:
		var matched := false
		for key: String in facts:
			if key == pattern or key.match(pattern):
				matched = true
				if not Util.same(facts[key], expect[pattern]):
					out.append("%s: %s, expected %s" % [key, Util.show(facts[key]), Util.show(expect[pattern])])
		if not matched:
			out.append("%s: no such fact" % pattern)
	return out
