#!/usr/bin/env bash
# Builds GoHTTPClient, the Godot GDExtension, and runs its tests.
#
#   ./build.sh         build the Linux x86_64 libraries into the demo project's
#                      addon (demo_project/addons/httpclient/bin/), template_debug
#                      and template_release, and copy httpclient.gdextension there
#   ./build.sh test    go vet, go test -race, build, then the in-engine suite
#                      (demo_project/tests/run.gd against the loopback test
#                      server demo_project/tests/server), the demo scene and
#                      the editor check
#   ./build.sh suite   only the in-engine suite and the demo scene, with the
#                      libraries as they are (a quick re-run)
#
# Environment:
#   GODOT         engine binary for the in-engine suite (else `godot` on PATH;
#                 none: the suite is skipped with one SKIP line)
#   GODOT_EDITOR  editor binary for the editor check (else
#                 ../shared/engine/godot-editor when present; none: skipped)
#   SUITE_ARGS    extra arguments for tests/run.gd, e.g. "--only=diff: TLS"
#   KEEP_TMP=1    keep the temporary directory (logs, server config) even on success
#
# Nothing is downloaded or installed: a missing tool is named with the Debian
# package that provides it. Go modules missing from the module cache are
# fetched by `go mod download` after saying so.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$(pwd)
PROJECT=demo_project
ADDON=$PROJECT/addons/httpclient
BIN=$ADDON/bin
LIB_DEBUG=$BIN/libhttpclient.linux.template_debug.x86_64.so
LIB_RELEASE=$BIN/libhttpclient.linux.template_release.x86_64.so
END_MARKER='== TESTS END =='
SUITE_TIMEOUT=${SUITE_TIMEOUT:-1200}
EDITOR_TIMEOUT=${EDITOR_TIMEOUT:-600}

# Lines the engine prints that are not failures (../shared/engine/README.md),
# and the three godot-go prints when it loads.
KNOWN_ENGINE_ERRORS='Could not load global script cache|Godot was compiled without fontconfig'
GODOT_GO_ERROR='Attempt to get non-existent interface function'
GODOT_GO_ERROR_MAX=3
LEAKS='Leaked instance|ObjectDB instances leaked|Orphan StringName|unclaimed string names|were leaked at exit|leaked at exit'

# Never let the go command fetch another toolchain behind our back.
export GOTOOLCHAIN=local

say() { printf '%s\n' "$*"; }
die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }

# need COMMAND DEBIAN-PACKAGE [NOTE]
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	die "'$1' not found: install the Debian package '$2'${3:+ ($3)}"
}

check_tools() {
	need go golang-go "Go $(go_wanted) or later; or a release from https://go.dev/dl/ on PATH"
	need gcc gcc "cgo needs a C compiler"
	local have want
	have=$(go env GOVERSION | sed 's/^go//')
	want=$(go_wanted)
	if ! version_ge "$have" "$want"; then
		die "go.mod needs Go $want, found Go $have (GOTOOLCHAIN=local: no toolchain is downloaded)"
	fi
	local target
	target=$(go env GOOS)/$(go env GOARCH)
	[ "$target" = linux/amd64 ] || die "this script builds linux/amd64 libraries on linux/amd64 only (host: $target)"
	if ! GOFLAGS=-mod=mod GOPROXY=off go list -deps -test ./... >/dev/null 2>&1; then
		say "Go modules missing from the module cache: go mod download (GOPROXY=$(go env GOPROXY))"
		go mod download
	fi
	# bindings/ includes the engine's GDExtension interface header from the
	# godot-go module (its godot_headers/), not from a copy of ours.
	local headers
	headers=$(go list -m -f '{{.Dir}}' github.com/godot-go/godot-go)/godot_headers
	[ -f "$headers/godot/gdextension_interface.h" ] || die "no gdextension_interface.h under $headers"
	export CGO_CFLAGS="${CGO_CFLAGS:--g -O2} -I$headers"
}

go_wanted() { sed -n 's/^go \([0-9][0-9.]*\).*/\1/p' go.mod | head -n1; }

# version_ge A B: A >= B for dotted versions.
version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

build_libs() {
	check_tools
	[ -f httpclient.gdextension ] || die "httpclient.gdextension is missing at the project root"
	mkdir -p "$BIN"
	local t0=$SECONDS
	say "== building $LIB_DEBUG"
	CGO_ENABLED=1 go build -buildmode=c-shared -o "$LIB_DEBUG" ./extension
	say "== building $LIB_RELEASE"
	CGO_ENABLED=1 go build -buildmode=c-shared -trimpath -ldflags="-s -w" -o "$LIB_RELEASE" ./extension
	rm -f "$BIN"/*.h
	cp httpclient.gdextension "$ADDON/httpclient.gdextension"
	# The engine loads the extensions listed here; the editor writes the file
	# when it scans a project, so a project never opened in the editor (a
	# fresh clone) needs it written.
	mkdir -p "$PROJECT/.godot"
	say "res://addons/httpclient/httpclient.gdextension" >"$PROJECT/.godot/extension_list.cfg"
	say "built in $((SECONDS - t0)) s: $(du -h "$LIB_DEBUG" | cut -f1) debug, $(du -h "$LIB_RELEASE" | cut -f1) release"
}

# ---------------------------------------------------------------------------
# In-engine suite

TMP=
SERVER_PID=
CHILD_PID=
cleanup() {
	local rc=$?
	if [ -n "$CHILD_PID" ]; then
		kill "$CHILD_PID" 2>/dev/null || true
		wait "$CHILD_PID" 2>/dev/null || true
	fi
	if [ -n "$SERVER_PID" ]; then
		exec 7>&- 2>/dev/null || true # the server's stdin lifeline
		kill "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" 2>/dev/null || true
		SERVER_PID=
	fi
	if [ -n "$TMP" ] && [ -d "$TMP" ]; then
		if [ "$rc" -eq 0 ] && [ "${KEEP_TMP:-}" != 1 ]; then
			rm -rf "$TMP"
		else
			say "logs kept in $TMP"
		fi
	fi
	return "$rc"
}

make_tmp() {
	if [ -z "$TMP" ]; then
		TMP=$(mktemp -d "${TMPDIR:-/tmp}/gohttpclient-test.XXXXXX")
		trap cleanup EXIT
		trap 'exit 130' INT
		trap 'exit 143' TERM
	fi
}

# run_logged LOG SECONDS COMMAND...: runs COMMAND with no stdin, its output
# in LOG, killed after SECONDS; returns its status (124: timed out). It runs
# in the background so a signal to this script is handled at once.
run_logged() {
	local log=$1 secs=$2 rc=0
	shift 2
	timeout -k 10 "$secs" "$@" >"$log" 2>&1 </dev/null &
	CHILD_PID=$!
	wait "$CHILD_PID" || rc=$?
	CHILD_PID=
	return "$rc"
}

# Starts the loopback test server; its stdin is a FIFO this shell holds
# open, so it exits with us whatever happens (and after its max lifetime).
start_server() {
	say "== starting the test server"
	go build -o "$TMP/server" ./demo_project/tests/server
	mkfifo "$TMP/lifeline"
	"$TMP/server" -config "$TMP/server.json" -stdin-lifeline -max-lifetime 30m \
		<"$TMP/lifeline" >"$TMP/server.log" 2>&1 &
	SERVER_PID=$!
	exec 7>"$TMP/lifeline"
	local i
	for i in $(seq 100); do
		[ -f "$TMP/server.json" ] && return 0
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
	done
	cat "$TMP/server.log" >&2
	die "the test server did not start"
}

# check_log LOG: prints why the log of an engine run is a failure, if it is.
# Errors between the suite's [expected-errors begin] / [expected-errors end]
# markers were provoked on purpose; the others must be known harmless ones.
check_log() {
	awk -v known="$KNOWN_ENGINE_ERRORS" -v gg="$GODOT_GO_ERROR" -v ggmax="$GODOT_GO_ERROR_MAX" -v leaks="$LEAKS" '
		/^\[expected-errors begin\]/ { window++; next }
		/^\[expected-errors end\]/ { if (window > 0) window--; next }
		/SCRIPT ERROR/ { print "script error: " $0; next }
		/Can.t open dynamic library/ { print "library not loaded: " $0; next }
		$0 ~ leaks { print "leak at exit: " $0; next }
		/^(USER )?ERROR:/ {
			if (window > 0) next
			if ($0 ~ gg) { if (++ggcount > ggmax) print "more than " ggmax " godot-go interface errors: " $0; next }
			if ($0 ~ known) next
			print "unexpected error: " $0
		}
	' "$1"
}

# The suite's own lines: from its begin line to the end marker, without the
# expected-errors windows and the engine error blocks inside them.
suite_output() {
	awk '
		/^== TESTS BEGIN/ { on = 1 }
		!on { next }
		/^\[expected-errors begin\]/ { window++; next }
		/^\[expected-errors end\]/ { if (window > 0) window--; next }
		/^Loading resource: |^thirdparty\// { next } # --verbose noise
		window > 0 && /^(USER )?(ERROR|WARNING):/ { skip = 1; next }
		skip && /^[ \t]/ { next }
		{ skip = 0 }
		{ print }
		/^== TESTS END ==/ { exit }
	' "$1"
}

engine_suite() {
	local godot=${GODOT:-}
	if [ -z "$godot" ]; then
		godot=$(command -v godot || true)
	fi
	if [ -z "$godot" ]; then
		say "SKIP in-engine suite: no Godot engine (set GODOT or put godot on PATH)"
		return 0
	fi
	[ -x "$godot" ] || die "GODOT=$godot is not an executable"
	need timeout coreutils
	make_tmp
	start_server
	local log=$TMP/suite.log rc=0
	say "== in-engine suite: $godot"
	# --verbose makes the engine list leaked instances and orphan StringNames at exit.
	# shellcheck disable=SC2086
	run_logged "$log" "$SUITE_TIMEOUT" "$godot" --headless --verbose --path "$PROJECT" \
		--script res://tests/run.gd -- --config="$TMP/server.json" ${SUITE_ARGS:-} || rc=$?
	suite_output "$log"
	local problems
	problems=$(check_log "$log")
	grep -q "^$END_MARKER" "$log" || problems+=$'\n'"the end marker '$END_MARKER' is missing (crash, hang or abort)"
	[ "$rc" -eq 0 ] || problems+=$'\n'"the engine exited with status $rc$([ "$rc" -eq 124 ] && echo " (timeout after ${SUITE_TIMEOUT}s)")"
	local counts
	counts=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n1 || true)
	say "in-engine suite: ${counts:-no counts printed}"
	problems=$(printf '%s' "$problems" | sed '/^$/d')
	if [ -n "$problems" ]; then
		say "FAIL in-engine suite:"
		printf '%s\n' "$problems" | sed 's/^/  /'
		return 1
	fi
	say "PASS in-engine suite"
}

# The demo scene (main.tscn) fetches a URL of the test server and quits.
demo_smoke() {
	local godot=${GODOT:-}
	[ -n "$godot" ] || godot=$(command -v godot || true)
	[ -n "$godot" ] || return 0 # engine_suite said SKIP
	local port log=$TMP/demo.log rc=0
	port=$(sed -n 's/.*"http_port": *\([0-9][0-9]*\).*/\1/p' "$TMP/server.json")
	say "== demo scene: fetching http://127.0.0.1:$port/chunked?sizes=100,2000"
	run_logged "$log" 60 "$godot" --headless --path "$PROJECT" -- --url="http://127.0.0.1:$port/chunked?sizes=100,2000" || rc=$?
	grep -E '^(code|bytes received):' "$log" | sed 's/^/  /' || true
	local problems
	problems=$(check_log "$log")
	grep -q '^bytes received: 2100$' "$log" || problems+=$'\n'"it did not print 'bytes received: 2100'"
	[ "$rc" -eq 0 ] || problems+=$'\n'"the engine exited with status $rc"
	problems=$(printf '%s' "$problems" | sed '/^$/d')
	if [ -n "$problems" ]; then
		say "FAIL demo scene:"
		printf '%s\n' "$problems" | sed 's/^/  /'
		return 1
	fi
	say "PASS demo scene"
}

# The editor must scan and load the project with no error of the extension's
# own: errors that a scan of the same project without the extension does not
# print, beyond godot-go's three interface lines.
editor_check() {
	local editor=${GODOT_EDITOR:-}
	if [ -z "$editor" ] && [ -x ../shared/engine/unpack ] && [ -f ../shared/engine/godot-editor.xz ]; then
		editor=$(../shared/engine/unpack godot-editor)
	fi
	if [ -z "$editor" ]; then
		say "SKIP editor check: no editor binary (set GODOT_EDITOR)"
		return 0
	fi
	need timeout coreutils
	make_tmp
	say "== editor check: $editor"
	local base=$TMP/editor-baseline rc=0
	mkdir -p "$base"
	cp -r "$PROJECT/." "$base/"
	rm -rf "$base/addons/httpclient" "$base/.godot"
	run_logged "$TMP/editor-baseline.log" "$EDITOR_TIMEOUT" "$editor" --headless --editor --quit --path "$base" || true
	run_logged "$TMP/editor.log" "$EDITOR_TIMEOUT" "$editor" --headless --editor --quit --path "$PROJECT" || rc=$?
	local problems
	problems=$(
		# Error lines of the run with the extension, without their
		# variable parts, that the baseline run does not print.
		norm() { grep -E '^(USER )?ERROR:|SCRIPT ERROR|Can.t open dynamic library' "$1" | sed -E 's/[0-9]+/N/g' | sort -u; }
		comm -23 <(norm "$TMP/editor.log") <(norm "$TMP/editor-baseline.log") | grep -v "$GODOT_GO_ERROR" | sed 's/^/new error: /'
		n=$(grep -c "$GODOT_GO_ERROR" "$TMP/editor.log" || true)
		[ "$n" -le "$GODOT_GO_ERROR_MAX" ] || echo "godot-go interface errors: $n (at most $GODOT_GO_ERROR_MAX)"
		grep -E "$LEAKS" "$TMP/editor.log" | sed 's/^/leak at exit: /' || true
	)
	[ "$rc" -eq 0 ] || problems+=$'\n'"the editor exited with status $rc"
	problems=$(printf '%s' "$problems" | sed '/^$/d')
	if [ -n "$problems" ]; then
		say "FAIL editor check:"
		printf '%s\n' "$problems" | sed 's/^/  /'
		return 1
	fi
	say "PASS editor check ($(grep -c "$GODOT_GO_ERROR" "$TMP/editor.log" || true) godot-go interface lines)"
}

run_tests() {
	check_tools
	local failed=()
	say "== go vet ./..."
	go vet ./... || failed+=("go vet")
	say "== go test -race ./..."
	CGO_ENABLED=1 go test -race ./... || failed+=("go test")
	build_libs
	engine_suite || failed+=("in-engine suite")
	if [ -n "$TMP" ]; then
		demo_smoke || failed+=("demo scene")
	fi
	editor_check || failed+=("editor check")
	if [ "${#failed[@]}" -gt 0 ]; then
		say "FAILED: ${failed[*]}"
		return 1
	fi
	say "ALL PASSED"
}

run_suite() {
	local failed=()
	engine_suite || failed+=("in-engine suite")
	if [ -n "$TMP" ]; then
		demo_smoke || failed+=("demo scene")
	fi
	if [ "${#failed[@]}" -gt 0 ]; then
		say "FAILED: ${failed[*]}"
		return 1
	fi
}

case "${1:-build}" in
build) build_libs ;;
test) run_tests ;;
suite) run_suite ;;
-h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) die "unknown command '$1' (./build.sh [build|test|suite|help])" ;;
esac
