package bindings

// #include "gdx.h"
import "C"

import (
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// peerTransport is a Godot StreamPeer (set_connection) as a core.Transport.
// Core calls it only from the caller's own calls, on the caller's thread,
// so it may call into the engine; Close may come from anywhere, so it only
// marks the transport closed, and the binding drops the reference later on
// a caller's thread (release).
type peerTransport struct {
	obj    unsafe.Pointer // the StreamPeer
	ref    unsafe.Pointer // C storage holding a reference to obj
	kind   int            // GDX_PEER_*
	closed atomic.Bool
}

var _ core.Poller = (*peerTransport)(nil)

var errPeerClosed = errors.New("the StreamPeer was closed")

func newPeerTransport(obj unsafe.Pointer, kind int) *peerTransport {
	return &peerTransport{obj: obj, ref: C.gdx_ref_new(obj), kind: kind}
}

// release drops the reference to the StreamPeer; caller's thread only.
func (t *peerTransport) release() {
	t.closed.Store(true)
	if t.ref != nil {
		C.gdx_ref_free(t.ref)
		t.ref = nil
	}
}

func peerError(op string, code C.int64_t) error {
	if core.Error(code) == core.ErrFileEOF {
		return io.EOF
	}
	return fmt.Errorf("StreamPeer.%s failed with Godot error %d", op, int64(code))
}

// Read takes what the peer has (get_partial_data). With wait and nothing
// there, it blocks in the peer's own get_data(1), as the built-in's
// blocking mode does (a StreamPeerTCP waits on its socket; a peer that
// cannot wait answers an error instead of hanging the caller).
func (t *peerTransport) Read(p []byte, wait bool) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	got, err := t.get(p, false)
	if got > 0 || err != nil || !wait {
		return got, err
	}
	if got, err = t.get(p[:1], true); got == 0 || err != nil {
		return got, err
	}
	more, err := t.get(p[1:], false)
	if err != nil {
		err = nil // reported by the next read
	}
	return 1 + more, err
}

func (t *peerTransport) get(p []byte, all bool) (int, error) {
	if t.closed.Load() {
		return 0, errPeerClosed
	}
	if len(p) == 0 {
		return 0, nil
	}
	var got C.int64_t
	code := C.gdx_peer_get(t.obj, (*C.uint8_t)(unsafe.Pointer(&p[0])), C.int64_t(len(p)), &got, boolInt(all))
	switch core.Error(code) {
	case core.OK:
		return int(got), nil
	case core.ErrBusy:
		return 0, nil
	}
	return 0, peerError("get_data", code)
}

// Write gives the peer what it takes now (put_partial_data), or with wait
// all of p through its blocking put_data.
func (t *peerTransport) Write(p []byte, wait bool) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if t.closed.Load() {
		return 0, errPeerClosed
	}
	var sent C.int64_t
	code := C.gdx_peer_put(t.obj, (*C.uint8_t)(unsafe.Pointer(&p[0])), C.int64_t(len(p)), &sent, boolInt(wait))
	switch core.Error(code) {
	case core.OK, core.ErrBusy:
		return int(sent), nil
	}
	return int(sent), peerError("put_data", code)
}

func (t *peerTransport) Close() error {
	t.closed.Store(true)
	return nil
}

// Poll pumps a StreamPeerTCP or StreamPeerTLS and reports a dead one.
func (t *peerTransport) Poll() error {
	if t.closed.Load() {
		return errPeerClosed
	}
	status := C.gdx_peer_poll(t.obj, C.int(t.kind))
	switch t.kind {
	case C.GDX_PEER_TCP:
		switch status {
		case 0: // STATUS_NONE
			return io.EOF
		case 3: // STATUS_ERROR
			return errors.New("the StreamPeerTCP is in STATUS_ERROR")
		}
	case C.GDX_PEER_TLS:
		switch status {
		case 0: // STATUS_DISCONNECTED
			return io.EOF
		case 3, 4: // STATUS_ERROR, STATUS_ERROR_HOSTNAME_MISMATCH
			return fmt.Errorf("the StreamPeerTLS is in error (status %d)", int64(status))
		}
	}
	return nil
}
