extends SceneTree
## Entry point of the in-engine suite:
##   godot --headless --path demo_project --script res://tests/run.gd -- --config=PATH [--only=TEXT] [--dump] [--soak-full]
## PATH is the JSON file written by the test server (tests/server; build.sh
## test starts it). --only runs the tests whose name contains TEXT; --dump
## prints the built-in's facts of each differential scenario; --soak-full
## runs test_soak.gd's full counts.
## Prints "N passed, M failed", then END_MARKER; exits 0 only when all passed.
##
## Starts from _initialize(): in --script mode _init() runs before the
## engine has loaded its CA bundle.

const Harness = preload("res://tests/lib/harness.gd")
const ServerConfig = preload("res://tests/lib/server_config.gd")
const END_MARKER := "== TESTS END =="
const TEST_FILES := [
	"res://tests/test_surface.gd",
	"res://tests/test_differential.gd",
	"res://tests/test_bench.gd",
	"res://tests/test_soak.gd",
	"res://tests/test_threads.gd",
	"res://tests/test_hostile.gd",
	"res://tests/test_peer_takeover.gd",
	"res://tests/test_demo_inputs.gd",
]

var _finished := false


func _initialize() -> void:
	var h := Harness.new()
	var options := _options()
	print("== TESTS BEGIN == (%s, GoHTTPClient %s)" % [Engine.get_version_info().string,
			"loaded" if ClassDB.class_exists("GoHTTPClient") else "MISSING"])
	var cfg: Variant = ServerConfig.load_config()
	if cfg is String:
		h.run_test("test server config", func(): h.fail(cfg))
	else:
		h.only = options.only
		for path in TEST_FILES:
			var suite: Object = load(path).new()
			suite.run(h, cfg, options)
		h.only = ""
	h.run_test("GoHTTPClient is registered", func():
		h.check(ClassDB.class_exists("GoHTTPClient"),
				"class GoHTTPClient not found: is demo_project/addons/httpclient/bin/ built (./build.sh)?"))
	h.shutdown()
	print("%d passed, %d failed" % [h.passed, h.failed])
	if h.failed > 0:
		print("failed: ", ", ".join(h.failed_names))
	print(END_MARKER)
	_finished = true
	quit(0 if h.failed == 0 else 1)


## A script error aborts _initialize() and the engine would idle forever:
## the first frame after that quits with a failure instead.
func _process(_delta: float) -> bool:
	if not _finished:
		printerr("run.gd: the suite was aborted by a script error")
		_finished = true
		quit(2)
	return false


func _options() -> Dictionary:
	var o := {"only": "", "dump": false}
	for arg in OS.get_cmdline_user_args():
		if arg.begins_with("--only="):
			o.only = arg.substr("--only=".length())
		elif arg == "--dump":
			o.dump = true
	return o
