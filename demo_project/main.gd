extends Control
## The demo scene: fetch a URL with GoHTTPClient in one tab and with the
## engine's HTTPClient in the other (demo/fetch_panel.tscn), from a server
## the scene starts itself (demo/local_server.gd) or any other.
##
##   godot --path demo_project                        the demo
##   godot --path demo_project -- --url=URL           the demo, URL in the fields
##   godot --headless --path demo_project -- --demo-check [--url=URL]... [--ca=PEMFILE]
##                                                    the check (demo/demo_check.gd)

const Options = preload("res://demo/options.gd")
const DemoCheck = preload("res://demo/demo_check.gd")

@onready var _tabs: TabContainer = %Tabs
@onready var _server: Node = %LocalServer
@onready var _server_label: Label = %ServerLabel


func _ready() -> void:
	var options := Options.parse(OS.get_cmdline_user_args())
	var errors: PackedStringArray = options.errors.duplicate()

	var local_url := ""
	var err: Error = _server.start()
	if err == OK:
		local_url = _server.url()
		_server_label.text = "local server: %s (%s, Repr-Digest)" % [local_url,
				String.humanize_size(_server.BODY_BYTES)]
	else:
		errors.append("the local server did not start: %s" % error_string(err))

	var tls_options: TLSOptions = null
	if not options.ca.is_empty():
		var ca: Variant = _load_ca(options.ca)
		if ca is String:
			errors.append(ca)
		else:
			tls_options = TLSOptions.client(ca)

	var panels := {}  # class name -> panel
	for panel in _tabs.get_children():
		panel.tls_options = tls_options
		panel.set_url(options.urls[0] if not options.urls.is_empty() else local_url)
		panels[panel.client_class] = panel

	if not options.check and not local_url.is_empty():
		print("demo: local server at %s" % local_url)
	if options.check:
		var check := DemoCheck.new()
		add_child(check)
		check.run(_tabs, panels, local_url, options, errors)
	elif not errors.is_empty():
		_server_label.text += "  |  " + "; ".join(errors)
		push_warning("demo: " + "; ".join(errors))


## The certificate in the PEM file at path, or a String saying why not.
static func _load_ca(path: String) -> Variant:
	if not FileAccess.file_exists(path):
		return "no CA file at %s" % path
	var ca := X509Certificate.new()
	var err := ca.load(path)
	if err != OK:
		return "cannot load the CA file %s: %s" % [path, error_string(err)]
	return ca
