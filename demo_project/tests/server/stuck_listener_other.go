//go:build !unix

package main

// stuckListener needs raw sockets (stuck_listener.go); elsewhere the port
// is 0 and the tests that need it say so.
type stuckListener struct{ port int }

func newStuckListener() (*stuckListener, error) { return &stuckListener{}, nil }

func (l *stuckListener) close() {}
