extends RefCounted
## The demo's command line, the arguments after "--":
##   --demo-check            run the headless check (demo_check.gd) and quit
##   --url=URL               fetch URL (repeatable; without --demo-check the
##                           first fills the URL fields)
##   --ca=PEMFILE            trust this CA for https:// URLs
##   --require-digest, --no-require-digest
##                           whether every fetch of the check must carry a
##                           Repr-Digest header (default: required)
## No I/O; bounded by MAX_URLS.

## Most --url arguments taken.
const MAX_URLS := 64


## Returns {"check": bool, "urls": PackedStringArray, "ca": String,
## "require_digest": bool, "errors": PackedStringArray}.
static func parse(args: PackedStringArray) -> Dictionary:
	var o := {"check": false, "urls": PackedStringArray(), "ca": "", "require_digest": true,
			"errors": PackedStringArray()}
	for arg in args:
		if arg == "--demo-check":
			o.check = true
		elif arg.begins_with("--url="):
			if o.urls.size() >= MAX_URLS:
				o.errors.append("more than %d --url arguments" % MAX_URLS)
			else:
				o.urls.append(arg.substr("--url=".length()))
		elif arg.begins_with("--ca="):
			o.ca = arg.substr("--ca=".length())
		elif arg == "--require-digest":
			o.require_digest = true
		elif arg == "--no-require-digest":
			o.require_digest = false
		else:
			o.errors.append("unknown argument %s (known: --demo-check, --url=URL, --ca=PEMFILE, --[no-]require-digest)" % arg.c_escape())
	return o
