package core

import "fmt"

// Error is one of Godot's global Error codes, passed through the binding
// unchanged. Only the codes the client returns are named here.
type Error int

// Godot's Error values (@GlobalScope.Error).
const (
	OK                  Error = 0
	Failed              Error = 1
	ErrUnavailable      Error = 2
	ErrUnconfigured     Error = 3
	ErrFileEOF          Error = 18
	ErrTimeout          Error = 24
	ErrCantConnect      Error = 25
	ErrCantResolve      Error = 26
	ErrConnectionError  Error = 27
	ErrInvalidData      Error = 30
	ErrInvalidParameter Error = 31
	ErrBusy             Error = 44
	ErrBug              Error = 47
)

var errorNames = map[Error]string{
	OK: "OK", Failed: "FAILED", ErrUnavailable: "ERR_UNAVAILABLE",
	ErrUnconfigured: "ERR_UNCONFIGURED", ErrFileEOF: "ERR_FILE_EOF",
	ErrTimeout: "ERR_TIMEOUT", ErrCantConnect: "ERR_CANT_CONNECT",
	ErrCantResolve: "ERR_CANT_RESOLVE", ErrConnectionError: "ERR_CONNECTION_ERROR",
	ErrInvalidData: "ERR_INVALID_DATA", ErrInvalidParameter: "ERR_INVALID_PARAMETER",
	ErrBusy: "ERR_BUSY", ErrBug: "ERR_BUG",
}

// Error implements the error interface with the Godot constant's name.
func (e Error) Error() string {
	if s, ok := errorNames[e]; ok {
		return s
	}
	return fmt.Sprintf("Error(%d)", int(e))
}

// Failure is an error with a Godot code and a message meant for the
// script's developer. Methods return a *Failure when something new went
// wrong (a bad argument, a connection that just failed); they return a bare
// Error when they only repeat a state the caller was already told about.
// The binding prints a Failure's message and passes its Code on.
type Failure struct {
	Code Error
	Msg  string
}

func (f *Failure) Error() string { return f.Msg }

// Unwrap lets errors.Is(err, core.ErrCantConnect) work.
func (f *Failure) Unwrap() error { return f.Code }

func failf(code Error, format string, args ...any) *Failure {
	return &Failure{Code: code, Msg: fmt.Sprintf(format, args...)}
}

// CodeOf maps an error returned by this package to its Godot code: nil is
// OK, an Error is itself, a *Failure its Code, anything else FAILED.
func CodeOf(err error) Error {
	switch e := err.(type) {
	case nil:
		return OK
	case Error:
		return e
	case *Failure:
		return e.Code
	}
	return Failed
}
