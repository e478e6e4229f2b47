extends RefCounted
## The differential suite: every scenario runs against the built-in
## HTTPClient (twice: its facts must not depend on timing) and against
## GoHTTPClient, with the same code; the facts must be equal except the
## declared differences (lib/differential.gd). A scenario's "expect" is
## checked against the built-in: it pins what the spec says the built-in
## does, so a broken server or harness cannot pass silently.

const Driver = preload("res://tests/lib/driver.gd")
const Differential = preload("res://tests/lib/differential.gd")
const Util = preload("res://tests/lib/util.gd")
const SCENARIO_FILES := [
	"res://tests/scenarios/requests.gd",
	"res://tests/scenarios/framing.gd",
	"res://tests/scenarios/malformed.gd",
	"res://tests/scenarios/connections.gd",
	"res://tests/scenarios/tls.gd",
	"res://tests/scenarios/proxies.gd",
	"res://tests/scenarios/inputs.gd",
]
const OURS := "GoHTTPClient"
const MAX_LINES := 8

var _h
var _cfg: Dictionary
var _dump := false
var _observed := {}  # reason -> [scenario names]
var _noise := {}  # warning or noise message of GoHTTPClient's runs only -> [scenario names]


func run(h, cfg: Dictionary, options: Dictionary) -> void:
	_h = h
	_cfg = cfg
	_dump = options.dump
	var have_ours := ClassDB.class_exists(OURS)
	for path in SCENARIO_FILES:
		for sc: Dictionary in load(path).build(cfg):
			h.run_test("diff: " + sc.name, _run_scenario.bind(sc, have_ours))
	if have_ours and options.only.is_empty():
		h.run_test("diff: no warnings or engine noise from GoHTTPClient", _check_noise)
	if not _observed.is_empty():
		print("== declared differences observed ==")
		for why: String in _observed:
			print("  %s: %d scenario(s)" % [why, _observed[why].size()])


## Warnings (and messages like "Unicode parsing error") logged during
## GoHTTPClient's runs and not the built-in's: one failure per message.
func _check_noise() -> void:
	for message: String in _noise:
		var names: Array = _noise[message]
		_h.fail("%s\n  in %d scenario(s), e.g. %s" % [message, names.size(), ", ".join(names.slice(0, 3))])


func _facts(class_name_: String, sc: Dictionary) -> Dictionary:
	var client: Object = ClassDB.instantiate(class_name_)
	var out := {}  # lambdas capture locals by value: fill a shared Dictionary
	_h.expect_errors(func():
		var d := Driver.new(client, _cfg, _h.capture)
		out.merge(d.run(sc.steps))
		client.close())
	return out


func _run_scenario(sc: Dictionary, have_ours: bool) -> void:
	var builtin := _facts("HTTPClient", sc)
	if _dump:
		for k in builtin:
			print("     | %s = %s" % [k, Util.show(builtin[k], 400)])
	if sc.get("stable", true):
		var again := _facts("HTTPClient", sc)
		var unstable := Differential.unstable_facts(builtin, again)
		for line in unstable.slice(0, MAX_LINES):
			_h.fail("built-in not reproducible (scenario depends on timing): " + line)
	for line in Differential.unmet_expectations(builtin, sc.get("expect", {})):
		_h.fail("built-in does not do what the scenario expects: " + line)
	if not have_ours:
		return
	var ours := _facts(OURS, sc)
	for key: String in ours:
		if key.ends_with(".warning") and not builtin.has(key):
			var msg: String = ours[key]
			_noise[msg] = _noise.get(msg, []) + [sc.name]
	var result := Differential.compare(builtin, ours, sc.get("differences", {}))
	for line: String in result.mismatches.slice(0, MAX_LINES):
		_h.fail(line)
	if result.mismatches.size() > MAX_LINES:
		_h.fail("... %d more differing facts" % (result.mismatches.size() - MAX_LINES))
	if not result.mismatches.is_empty() and sc.has("readme"):
		_h.note("GoHTTPClient's README calls this deliberate (%s); the spec has no FIX for it" % sc.readme)
	var reasons: Array = result.global.duplicate()
	for i in result.declared.size():
		var d: Array = result.declared[i]
		if i < MAX_LINES:
			_h.note("declared difference: " + d[0])
		elif i == MAX_LINES:
			_h.note("... %d more declared differences" % (result.declared.size() - MAX_LINES))
		if not d[1] in reasons:
			reasons.append(d[1])
	for why: String in reasons:
		_observed[why] = _observed.get(why, []) + [sc.name]
