package bindings

// #include "gdx.h"
import "C"

import (
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// printError prints msg through the engine's error output (the debugger's
// Errors tab and the terminal), as the built-in's ERR_FAIL macros do,
// naming the method it came from (core's messages may already start with it).
func printError(method, msg string) {
	if !strings.HasPrefix(msg, method+":") {
		msg = method + ": " + msg
	}
	fn := C.CString(className + "::" + method)
	text := C.CString(className + "." + msg)
	C.gdx_print_error(fn, text)
	C.free(unsafe.Pointer(fn))
	C.free(unsafe.Pointer(text))
}

// report turns an error from core into the Godot Error code the method
// returns, printing the message of a *core.Failure (something new went
// wrong) but not a bare core.Error (a state the caller was already told
// about).
func report(method string, err error) int64 {
	if err == nil {
		return int64(core.OK)
	}
	var failure *core.Failure
	var code core.Error
	switch {
	case errors.As(err, &failure):
		printError(method, failure.Msg)
	case errors.As(err, &code):
	default:
		printError(method, err.Error())
	}
	return int64(core.CodeOf(err))
}

// recoverAt turns a Go panic into a printed error: a panic that reached
// the engine would end it. Use as `defer recoverAt("what")` at every entry
// from C.
func recoverAt(what string) {
	if r := recover(); r != nil {
		printError(what, fmt.Sprintf("internal error (please report): %v", r))
	}
}
