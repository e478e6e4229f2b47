#!/usr/bin/env bash
# Builds GoHTTPClient, the Godot GDExtension, and runs its tests.
#
#   ./build.sh         build the Linux x86_64 libraries into the demo project's
#                      addon (demo_project/addons/httpclient/bin/), template_debug
#                      and template_release, and copy httpclient.gdextension there
#   ./build.sh test    go vet, go test -race, build, then the in-engine suite
#                      (demo_project/tests/run.gd against the loopback test
#                      server demo_project/tests/server), the demo scene, the
#                      editor check, the class reference check
#                      (bindings/doc_classes/doc_check), and the exported games (demo_project
#                      exported debug and release with the editor build, each
#                      game run headless with --demo-check)
#   ./build.sh exports only the exported-game check, with the libraries as
#                      they are
#   ./build.sh dist    build every library httpclient.gdextension lists (Linux
#                      x86_64 and arm64, Windows x86_64; debug and release; the
#                      cross compilers from Debian's gcc-aarch64-linux-gnu,
#                      libc6-dev-arm64-cross and gcc-mingw-w64-x86-64) and zip
#                      the addon folder into dist/gohttpclient-VERSION.zip
#   ./build.sh suite   only the in-engine suite and the demo scene, with the
#                      libraries as they are (a quick re-run)
#   ./build.sh bench [ARGS]
#                      build, then the benchmark scene (demo_project/bench/
#                      bench.gd): HTTPClient against GoHTTPClient against the
#                      test server, a table of medians, speedups and targets;
#                      ARGS go to bench.gd (--rounds=N, --only=1,raw, ...).
#                      `./build.sh test` runs its short form (bodies checked,
#                      speed not judged)
#
# Environment:
#   GODOT         engine binary for the in-engine suite (else `godot` on PATH;
#                 none: the suite is skipped with one SKIP line)
#   GODOT_EDITOR  editor binary for the editor check (else
#                 ../shared/engine/godot-editor when present; none: skipped)
#   GODOT_TEMPLATE_DEBUG, GODOT_TEMPLATE_RELEASE
#                 export templates for the exported-game check (else
#                 ../shared/engine/unpack godot / godot-release)
#   REQUIRE_ENGINE=1
#                 a part that needs an engine binary fails instead of
#                 printing SKIP when the binary is missing (.ci/run sets it)
#   SUITE_ARGS    extra arguments for tests/run.gd, e.g. "--only=diff: TLS"
#   BENCH_ARGS    extra arguments for bench/bench.gd, e.g. "--rounds=3"
#   NO_BUILD=1    ./build.sh bench uses the libraries as they are
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

# build_lib GOOS GOARCH CC TARGET OUT: one library. Both targets are built
# with -trimpath (no build-machine paths inside), so the release build reuses
# the debug build's compiled packages and only links again; template_release
# is stripped (-s -w: no symbol table, no DWARF), template_debug keeps both.
build_lib() {
	local goos=$1 goarch=$2 cc=$3 target=$4 out=$5 ldflags=
	[ "$target" = template_release ] && ldflags="-s -w"
	say "== building $out"
	GOOS=$goos GOARCH=$goarch CC=$cc CGO_ENABLED=1 \
		go build -buildmode=c-shared -trimpath -ldflags="$ldflags" -o "$out" ./extension
	rm -f "${out%.*}.h"
}

# Copies the .gdextension beside the libraries and writes the extension list.
install_addon_files() {
	cp httpclient.gdextension "$ADDON/httpclient.gdextension"
	# The engine loads the extensions listed here; the editor writes the file
	# when it scans a project, so a project never opened in the editor (a
	# fresh clone) needs it written.
	mkdir -p "$PROJECT/.godot"
	say "res://addons/httpclient/httpclient.gdextension" >"$PROJECT/.godot/extension_list.cfg"
}

build_libs() {
	check_tools
	[ -f httpclient.gdextension ] || die "httpclient.gdextension is missing at the project root"
	mkdir -p "$BIN"
	local t0=$SECONDS
	build_lib linux amd64 gcc template_debug "$LIB_DEBUG"
	build_lib linux amd64 gcc template_release "$LIB_RELEASE"
	install_addon_files
	say "built in $((SECONDS - t0)) s: $(du -h "$LIB_DEBUG" | cut -f1) debug, $(du -h "$LIB_RELEASE" | cut -f1) release"
}

# ---------------------------------------------------------------------------
# The addon zip: every library httpclient.gdextension lists, cross-built.

DIST=dist

# The libraries httpclient.gdextension names, one file name per line.
listed_libs() {
	sed -n 's|^[a-z0-9_.]* *= *"res://addons/httpclient/bin/\([^"]*\)".*|\1|p' httpclient.gdextension
}

# lib_spec FILE: "GOOS GOARCH CC TARGET" for a library file name of ours.
lib_spec() {
	local f=$1 target goos goarch cc
	case "$f" in
	*template_debug*) target=template_debug ;;
	*template_release*) target=template_release ;;
	*) return 1 ;;
	esac
	case "$f" in
	*.linux.*.x86_64.so) goos=linux goarch=amd64 cc=gcc ;;
	*.linux.*.arm64.so) goos=linux goarch=arm64 cc=aarch64-linux-gnu-gcc ;;
	*.windows.*.x86_64.dll) goos=windows goarch=amd64 cc=x86_64-w64-mingw32-gcc ;;
	*) return 1 ;;
	esac
	echo "$goos $goarch $cc $target"
}

# What `file` must say of each kind of library.
lib_file_type() {
	case "$1" in
	*.x86_64.so) echo 'ELF 64-bit LSB shared object, x86-64' ;;
	*.arm64.so) echo 'ELF 64-bit LSB shared object, ARM aarch64' ;;
	*.x86_64.dll) echo 'PE32\+ executable \(DLL\).*x86-64' ;;
	esac
}

# lib_loads FILE STAGE: loads a Linux library with dlopen() in a small C
# program and looks up the entry symbol (the Go runtime starts; no engine
# call is made), natively or, for arm64, under qemu-aarch64 when it is
# installed; prints the outcome. Returns 1 when the library does not load.
lib_loads() {
	local f=$1 stage=$2 cc run=()
	case "$f" in
	*.x86_64.so) cc=gcc ;;
	*.arm64.so)
		command -v qemu-aarch64 >/dev/null || { say "  $(basename "$f"): load not tried (no qemu-aarch64: Debian's qemu-user)"; return 0; }
		cc=aarch64-linux-gnu-gcc run=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
		;;
	*) say "  $(basename "$f"): load not tried (no Windows here)"; return 0 ;;
	esac
	local loader=$stage/loader-${cc%%-*}
	if [ ! -x "$loader" ]; then
		cat >"$stage/loader.c" <<-'C'
			#include <dlfcn.h>
			#include <stdio.h>
			int main(int argc, char **argv) {
				void *lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
				if (!lib) { printf("dlopen: %s\n", dlerror()); return 1; }
				if (!dlsym(lib, argv[2])) { printf("no symbol %s\n", argv[2]); return 1; }
				printf("loads, exports %s\n", argv[2]);
				return 0;
			}
		C
		"$cc" -o "$loader" "$stage/loader.c" -ldl || return 1
	fi
	local out
	if out=$("${run[@]}" "$loader" "$f" GoHTTPClientInit 2>&1); then
		say "  $(basename "$f"): $out"
	else
		say "  $(basename "$f"): does not load: $out"
		return 1
	fi
}

version() { sed -n 's/^const Version = "\(.*\)"/\1/p' core/version.go; }

dist() {
	check_tools
	need zip zip
	need unzip unzip
	need file file
	need x86_64-w64-mingw32-gcc gcc-mingw-w64-x86-64 "Windows x86_64 cross compiler"
	need aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu "Linux arm64 cross compiler, with libc6-dev-arm64-cross"
	mkdir -p "$BIN"
	local t0=$SECONDS f spec libs=()
	mapfile -t libs < <(listed_libs)
	[ "${#libs[@]}" -gt 0 ] || die "httpclient.gdextension lists no library"
	for f in "${libs[@]}"; do
		spec=$(lib_spec "$f") || die "httpclient.gdextension lists '$f', which this script cannot build"
		# shellcheck disable=SC2086
		build_lib $spec "$BIN/$f"
	done
	install_addon_files
	# Check each library before it is packed.
	for f in "${libs[@]}"; do
		file -b "$BIN/$f" | grep -Eq "$(lib_file_type "$f")" || die "$f is not a $(lib_file_type "$f"): $(file -b "$BIN/$f")"
		case "$f" in *template_release*) file -b "$BIN/$f" | grep -q 'not stripped' && die "$f is not stripped" ;; esac
	done
	local stage name zipfile
	name="gohttpclient-$(version)"
	stage=$(mktemp -d "${TMPDIR:-/tmp}/gohttpclient-dist.XXXXXX")
	for f in "${libs[@]}"; do
		lib_loads "$ROOT/$BIN/$f" "$stage" || die "$f does not load"
	done
	# The LICENSE names every Go module built into the libraries.
	local m
	for m in $(go list -deps -f '{{with .Module}}{{.Path}}{{end}}' ./extension | sort -u | grep -vx "$(go list -m)"); do
		grep -q "^== $m " "$ADDON/LICENSE" || die "$ADDON/LICENSE has no license text for $m (built into the libraries)"
	done
	mkdir -p "$stage/addons/httpclient/bin" "$stage/addons/httpclient/icons"
	for f in "${libs[@]}"; do cp "$BIN/$f" "$stage/addons/httpclient/bin/"; done
	cp "$ADDON/httpclient.gdextension" "$ADDON/LICENSE" "$ADDON/README.md" "$stage/addons/httpclient/"
	cp "$ADDON"/icons/*.svg "$stage/addons/httpclient/icons/"
	mkdir -p "$DIST"
	zipfile=$ROOT/$DIST/$name.zip
	rm -f "$zipfile"
	(cd "$stage" && zip -q -r -X "$zipfile" addons)
	rm -rf "$stage"
	# The zip holds every library the .gdextension lists, and nothing else in bin/.
	local in_zip
	in_zip=$(unzip -Z1 "$zipfile" | sed -n 's|^addons/httpclient/bin/\(..*\)|\1|p' | sort)
	[ "$in_zip" = "$(printf '%s\n' "${libs[@]}" | sort)" ] || die "the zip's bin/ does not match httpclient.gdextension: $in_zip"
	say "== $DIST/$name.zip ($(du -h "$zipfile" | cut -f1)), built in $((SECONDS - t0)) s:"
	unzip -l "$zipfile" | sed -n 's|^ *\([0-9][0-9]*\) .*  \(addons/.*[^/]\)$|\1 \2|p' |
		awk '{ printf "  %10d bytes (%5.1f MiB)  %s\n", $1, $1 / 1048576, $2 }'
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
	[ -z "$SERVER_PID" ] || return 0 # one server serves every part
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

# verdict NAME PASS-TEXT PROBLEMS: "PASS PASS-TEXT", or "FAIL NAME:" and
# the problems (one per line; blank lines dropped) and status 1.
verdict() {
	local problems
	problems=$(printf '%s' "$3" | sed '/^$/d')
	if [ -n "$problems" ]; then
		say "FAIL $1:"
		printf '%s\n' "$problems" | sed 's/^/  /'
		return 1
	fi
	say "PASS $2"
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
		/^\[expected-errors end\]/ { if (window > 0) window--; skip = 0; next }
		/^Loading resource: |^thirdparty\// { next } # --verbose noise
		window > 0 && /^(USER )?(ERROR|WARNING):/ { skip = 1; next }
		skip && /^[ \t]/ { next }
		{ skip = 0 }
		{ print }
		/^== TESTS END ==/ { exit }
	' "$1"
}

engine_suite() {
	local godot
	godot=$(godot_bin)
	if [ -z "$godot" ]; then
		skip_or_fail "in-engine suite: no Godot engine (set GODOT or put godot on PATH)"
		return
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
	verdict "in-engine suite" "in-engine suite" "$problems"
}

# The demo scene (main.tscn) in its headless check mode, twice: its own local
# server fetched with both classes, then the test server's /digest over HTTP
# and HTTPS with the arguments the exported games get (demo_check_args). Each
# run must exit 0, print "demo-check: PASS" and log no error.
demo_smoke() {
	local godot
	godot=$(godot_bin)
	[ -n "$godot" ] || return 0 # engine_suite said SKIP
	local failed=0 name log rc t0 problems args server_args
	mapfile -t server_args < <(demo_check_args)
	for name in local test-server; do
		args=(--demo-check)
		[ "$name" = local ] || args=("${server_args[@]}")
		log=$TMP/demo-$name.log rc=0 t0=${EPOCHREALTIME/./}
		say "== demo scene: --demo-check ($name)"
		run_logged "$log" 150 "$godot" --headless --path "$PROJECT" -- "${args[@]}" || rc=$?
		grep '^demo-check:' "$log" | sed 's/^/  /' || true
		problems=$(check_log "$log")
		grep -q '^demo-check: PASS$' "$log" || problems+=$'\n'"it did not print 'demo-check: PASS'"
		[ "$rc" -eq 0 ] || problems+=$'\n'"the engine exited with status $rc$([ "$rc" -eq 124 ] && echo " (timeout after 150s)")"
		verdict "demo scene ($name)" "demo scene ($name, $(((${EPOCHREALTIME/./} - t0) / 1000)) ms)" "$problems" || failed=1
	done
	return "$failed"
}

# The editor must scan and load the project with no error of the extension's
# own: errors that a scan of the same project without the extension does not
# print, beyond godot-go's three interface lines.
editor_check() {
	local editor
	editor=$(engine_tool godot-editor GODOT_EDITOR)
	if [ -z "$editor" ]; then
		skip_or_fail "editor check: no editor binary (set GODOT_EDITOR)"
		return
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
	verdict "editor check" "editor check ($(grep -c "$GODOT_GO_ERROR" "$TMP/editor.log" || true) godot-go interface lines)" "$problems"
}

# The class reference the library embeds (bindings/doc_classes/*.xml),
# checked with the editor build by bindings/doc_classes/doc_check: every
# member described; the XML's methods, properties, constants and enums equal
# to what --doctool generates from ClassDB; --doctool reproducing the XML
# byte for byte; and the editor's help pages (F1) showing every description
# the library loads. Needs the libraries built.
docs_check() {
	local editor
	editor=$(engine_tool godot-editor GODOT_EDITOR)
	if [ -z "$editor" ]; then
		skip_or_fail "class reference check: no editor binary (set GODOT_EDITOR)"
		return
	fi
	say "== class reference check: $editor"
	local out rc=0
	out=$(go run ./bindings/doc_classes/doc_check -editor "$editor" -project "$PROJECT" \
		-docs bindings/doc_classes -timeout "${EDITOR_TIMEOUT}s" 2>&1) || rc=$?
	printf '%s\n' "$out" | sed 's/^/  /'
	if [ "$rc" -ne 0 ]; then
		say "FAIL class reference check"
		return 1
	fi
	say "PASS class reference check"
}

# ---------------------------------------------------------------------------
# Exported games: demo_project exported with the editor build, debug and
# release, as a user exports it from the editor ("Linux" preset of
# export_presets.cfg), then each game run headless with --demo-check against
# the loopback test server.

# skip_or_fail MESSAGE: a part that cannot run says SKIP, or fails when
# REQUIRE_ENGINE=1 (.ci/run sets it: CI must never skip a part).
skip_or_fail() {
	if [ "${REQUIRE_ENGINE:-}" = 1 ]; then
		say "FAIL $1 (REQUIRE_ENGINE=1)"
		return 1
	fi
	say "SKIP $1"
}

# godot_bin: the engine for the suite, the demo and the bench: $GODOT, else
# godot on PATH; empty when none.
godot_bin() { printf '%s' "${GODOT:-$(command -v godot || true)}"; }

# engine_tool NAME ENV: the path of an engine binary: $ENV when set, else
# ../shared/engine/unpack NAME when that is there; empty when none.
engine_tool() {
	local path=${!2:-}
	if [ -z "$path" ] && [ -x ../shared/engine/unpack ] && [ -f "../shared/engine/$1.xz" ]; then
		path=$(../shared/engine/unpack "$1")
	fi
	printf '%s' "$path"
}

# server_field NAME: a field of the test server's config JSON.
server_field() {
	sed -n "s/.*\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$TMP/server.json" | head -n1
}

# The arguments the exported games (and demo_smoke) are checked with.
demo_check_args() {
	local port tls_port ca
	port=$(server_field http_port)
	tls_port=$(server_field tls_port)
	ca=$(server_field ca_file)
	printf '%s\n' --demo-check "--url=http://127.0.0.1:$port/digest?n=1048576" \
		"--url=https://127.0.0.1:$tls_port/digest?n=300000&chunked=1" "--ca=$ca"
}

# export_game KIND(debug|release) EDITOR PROJECT OUTDIR
export_game() {
	local kind=$1 editor=$2 project=$3 out=$4 rc=0
	mkdir -p "$out"
	say "== export-$kind \"Linux\" -> $out/game.x86_64"
	run_logged "$TMP/export-$kind.log" "$EDITOR_TIMEOUT" "$editor" --headless --path "$project" \
		--export-"$kind" "Linux" "$out/game.x86_64" || rc=$?
	[ "$rc" -eq 0 ] || { say "the export exited with status $rc"; tail -n 20 "$TMP/export-$kind.log"; return 1; }
}

# check_export KIND OUTDIR: what the export holds, then the game's own check.
check_export() {
	local kind=$1 out=$2 lib=libhttpclient.linux.template_$1.x86_64.so problems= libs
	libs=$(cd "$out" && ls -1 | grep -E 'httpclient.*\.(so|dll|dylib)$' || true)
	[ "$libs" = "$lib" ] || problems+=$'\n'"libraries beside the game: '${libs//$'\n'/ }', want exactly $lib"
	if [ -f "$out/$lib" ]; then
		cmp -s "$out/$lib" "$BIN/$lib" || problems+=$'\n'"$lib differs from the built $BIN/$lib"
		if [ "$kind" = release ]; then
			file -b "$out/$lib" | grep -q 'not stripped' && problems+=$'\n'"$lib is not stripped"
		fi
	fi
	local pck
	pck=$("$TMP/pcklist" "$out/game.pck" 2>&1) || problems+=$'\n'"the PCK cannot be read: $pck"
	grep -q ' res://addons/httpclient/httpclient.gdextension$' <<<"$pck" ||
		problems+=$'\n'"the PCK has no res://addons/httpclient/httpclient.gdextension"
	local bad
	bad=$(grep -E ' res://(tests|bench)/| res://.*\.(so|dll|dylib)$' <<<"$pck" || true)
	[ -z "$bad" ] || problems+=$'\n'"the PCK holds files it must not: ${bad//$'\n'/, }"
	say "  game.x86_64 $(stat -c %s "$out/game.x86_64") bytes, $lib $(stat -c %s "$out/$lib" 2>/dev/null || echo -) bytes, game.pck $(stat -c %s "$out/game.pck") bytes ($(grep -vc '^#' <<<"$pck") files)"
	# The game itself, from another directory, as a player starts it.
	local log=$TMP/game-$kind.log rc=0 args
	mapfile -t args < <(demo_check_args)
	(cd / && run_logged "$log" 120 "$out/game.x86_64" --headless -- "${args[@]}") || rc=$?
	grep '^demo-check:' "$log" | sed 's/^/  /' || true
	problems+=$'\n'$(check_log "$log")
	grep -q '^demo-check: PASS' "$log" || problems+=$'\n'"the game did not print 'demo-check: PASS'"
	grep -wq 'WARN' "$log" && problems+=$'\n'"a godot-go WARN line: $(grep -wm1 'WARN' "$log")"
	grep -q 'github.com/godot-go' "$log" && problems+=$'\n'"a godot-go stack trace: $(grep -m1 'github.com/godot-go' "$log")"
	[ "$rc" -eq 0 ] || problems+=$'\n'"the game exited with status $rc"
	verdict "export-$kind" "export-$kind" "$problems"
}

export_check() {
	local editor tdebug trelease missing=()
	editor=$(engine_tool godot-editor GODOT_EDITOR)
	tdebug=$(engine_tool godot GODOT_TEMPLATE_DEBUG)
	trelease=$(engine_tool godot-release GODOT_TEMPLATE_RELEASE)
	[ -n "$editor" ] || missing+=("the editor build (GODOT_EDITOR)")
	[ -n "$tdebug" ] || missing+=("the template_debug build (GODOT_TEMPLATE_DEBUG)")
	[ -n "$trelease" ] || missing+=("the template_release build (GODOT_TEMPLATE_RELEASE)")
	if [ "${#missing[@]}" -gt 0 ]; then
		skip_or_fail "exported games: missing $(printf '%s, ' "${missing[@]}" | sed 's/, $//')"
		return
	fi
	need timeout coreutils
	need file file
	make_tmp
	start_server
	go build -o "$TMP/pcklist" ./demo_project/tests/pcklist
	# A copy of the project as a fresh clone has it after ./build.sh, with the
	# engine's own builds written into the preset as custom templates.
	local project=$TMP/export-project
	rm -rf "$project"
	cp -r "$PROJECT" "$project"
	rm -rf "$project/.godot"
	mkdir -p "$project/.godot"
	cp "$PROJECT/.godot/extension_list.cfg" "$project/.godot/"
	sed -i -e "s|^custom_template/debug=.*|custom_template/debug=\"$tdebug\"|" \
		-e "s|^custom_template/release=.*|custom_template/release=\"$trelease\"|" "$project/export_presets.cfg"
	grep -q "^custom_template/release=\"$trelease\"" "$project/export_presets.cfg" ||
		{ say "FAIL exported games: no custom_template lines in export_presets.cfg"; return 1; }
	local failed=0 kind
	for kind in debug release; do
		if export_game "$kind" "$editor" "$project" "$TMP/export-$kind"; then
			check_export "$kind" "$TMP/export-$kind" || failed=1
		else
			say "FAIL export-$kind"
			failed=1
		fi
	done
	return "$failed"
}

# ---------------------------------------------------------------------------
# Benchmark scene (demo_project/bench): GoHTTPClient against the built-in
# HTTPClient against the loopback test server.

BENCH_END_MARKER='== BENCH END =='
BENCH_TIMEOUT=${BENCH_TIMEOUT:-1800}

# The benchmark's own lines: from its banner to its end marker.
bench_output() {
	awk '
		/^== GoHTTPClient benchmark/ { on = 1 }
		!on { next }
		/^Loading resource: |^thirdparty\// { next } # --verbose noise
		{ print }
		/^== BENCH END ==/ { exit }
	' "$1"
}

# run_bench FORM [ARGS...]: FORM full or short (--short: small sizes, one
# round, every byte checked, targets not judged). Fails on a wrong body, an
# error, an engine error or a leak, never on speed.
run_bench() {
	local form=$1
	shift
	local godot
	godot=$(godot_bin)
	if [ -z "$godot" ]; then
		skip_or_fail "bench ($form): no Godot engine (set GODOT or put godot on PATH)"
		return
	fi
	[ -x "$godot" ] || die "GODOT=$godot is not an executable"
	need timeout coreutils
	make_tmp
	start_server
	local log=$TMP/bench-$form.log rc=0 args=()
	[ "$form" = short ] && args+=(--short)
	say "== bench: $godot${args[*]:+ ${args[*]}}${BENCH_ARGS:+ $BENCH_ARGS}${*:+ $*}"
	# --verbose makes the engine list leaked instances and orphan StringNames at exit.
	# shellcheck disable=SC2086
	run_logged "$log" "$BENCH_TIMEOUT" "$godot" --headless --verbose --path "$PROJECT" \
		--script res://bench/bench.gd -- --config="$TMP/server.json" "${args[@]}" ${BENCH_ARGS:-} "$@" || rc=$?
	bench_output "$log"
	local problems
	problems=$(check_log "$log")
	grep -q "^$BENCH_END_MARKER" "$log" || problems+=$'\n'"the end marker '$BENCH_END_MARKER' is missing (crash, hang or abort)"
	[ "$rc" -eq 0 ] || problems+=$'\n'"the engine exited with status $rc$([ "$rc" -eq 124 ] && echo " (timeout after ${BENCH_TIMEOUT}s)")"
	verdict "bench ($form)" "bench ($form)" "$problems"
}

# any_engine: is there any Godot binary the engine parts could use?
any_engine() {
	[ -n "$(godot_bin)$(engine_tool godot-editor GODOT_EDITOR)$(engine_tool godot GODOT_TEMPLATE_DEBUG)$(engine_tool godot-release GODOT_TEMPLATE_RELEASE)" ]
}

run_tests() {
	check_tools
	local failed=()
	say "== go vet ./..."
	go vet ./... || failed+=("go vet")
	say "== go test -race ./..."
	CGO_ENABLED=1 go test -race ./... || failed+=("go test")
	build_libs
	if ! any_engine; then
		skip_or_fail "engine parts (in-engine suite, demo scene, bench, editor check, class reference, exported games): no Godot binary (set GODOT, or GODOT_EDITOR and the templates; see ./build.sh help)" ||
			failed+=("engine parts")
	else
		engine_suite || failed+=("in-engine suite")
		if [ -n "$TMP" ]; then
			demo_smoke || failed+=("demo scene")
		fi
		run_bench short || failed+=("bench (short)")
		editor_check || failed+=("editor check")
		docs_check || failed+=("class reference")
		export_check || failed+=("exported games")
	fi
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
dist) dist ;;
exports) export_check ;;
test) run_tests ;;
suite) run_suite ;;
bench)
	shift
	[ "${NO_BUILD:-}" = 1 ] || build_libs
	run_bench full "$@"
	;;
-h | --help | help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' ;;
*) die "unknown command '$1' (./build.sh [build|dist|test|suite|exports|bench|help])" ;;
esac
