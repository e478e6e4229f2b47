package bindings

// #include "gdx.h"
import "C"

import (
	"errors"
	"io"
	"runtime/cgo"
	"sync"
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// streamPeer is the Go side of a GoStreamPeer: the StreamPeer
// get_connection() returns over the client's own connection, reading and
// writing core's transport directly. Like the built-in's StreamPeerTCP it
// exists from connect_to_host() on: while core still resolves or connects
// it has no transport yet and takes core's as soon as there is one.
type streamPeer struct {
	mu sync.Mutex
	t  core.Transport
	// source is the client whose coming transport the peer takes; nil
	// once taken, or once the connection attempt it belonged to is over.
	source *core.Client
	// ahead holds bytes read by _get_available_bytes, returned by the next reads.
	ahead []byte
}

// Operations of ghcPeerIO, as numbered in gdx_peer.c.
const (
	opGetData        = 1
	opGetPartialData = 2
	opPutData        = 3
	opPutPartialData = 4
)

// Godot Error codes the peer answers with.
const (
	godotFailed       = 1
	godotUnavailable  = 2
	godotUnconfigured = 3
)

// availableBytesLimit bounds what _get_available_bytes reads ahead to
// learn how much is waiting, when the transport cannot say itself.
const availableBytesLimit = 64 << 10

// availabler is implemented by transports that know how many bytes can be
// read without waiting.
type availabler interface {
	Available() int
}

// newStreamPeer makes a GoStreamPeer over the connection client has or is
// making; the caller takes a reference to the object.
func newStreamPeer(client *core.Client) (unsafe.Pointer, *streamPeer) {
	p := &streamPeer{source: client}
	return C.gdx_peer_new(C.uintptr_t(cgo.NewHandle(p))), p
}

// transport returns the transport, taking the client's when there is one
// yet. p.mu is held.
func (p *streamPeer) transport() core.Transport {
	if p.t == nil && p.source != nil {
		if p.t = p.source.Connection(); p.t != nil {
			p.source = nil
		}
	}
	return p.t
}

// follows tells whether the peer still stands for the client's connection
// current (nil while connecting is one).
func (p *streamPeer) follows(current core.Transport, connecting bool) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if t := p.transport(); t != nil {
		return t == current
	}
	return p.source != nil && connecting
}

// detach ends the peer's tie to the client: it keeps the transport it
// took, if any, and takes no other.
func (p *streamPeer) detach() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.source = nil
}

func peerOf(instance C.uintptr_t) *streamPeer {
	return cgo.Handle(instance).Value().(*streamPeer)
}

//export ghcPeerNewDetached
func ghcPeerNewDetached() C.uintptr_t {
	return C.uintptr_t(cgo.NewHandle(&streamPeer{}))
}

//export ghcPeerFree
func ghcPeerFree(instance C.uintptr_t) {
	defer recoverAt("GoStreamPeer.free")
	cgo.Handle(instance).Delete()
}

//export ghcPeerAvailable
func ghcPeerAvailable(instance C.uintptr_t) (n C.int64_t) {
	defer recoverAt("GoStreamPeer._get_available_bytes")
	p := peerOf(instance)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.transport()
	if t == nil {
		return 0
	}
	if a, ok := t.(availabler); ok {
		return C.int64_t(len(p.ahead) + a.Available())
	}
	if len(p.ahead) == 0 {
		buf := make([]byte, availableBytesLimit)
		k, _ := t.Read(buf, false) // an error shows at the next read
		p.ahead = buf[:k]
	}
	return C.int64_t(len(p.ahead))
}

// ghcPeerIO serves _get_data, _get_partial_data, _put_data and
// _put_partial_data: buf is engine memory of n bytes, *done receives the
// count moved; the return value is a Godot Error.
//
//export ghcPeerIO
func ghcPeerIO(instance C.uintptr_t, op C.int32_t, buf *C.uint8_t, n C.int64_t, done *C.int32_t) (code C.int64_t) {
	code = godotFailed
	*done = 0
	defer recoverAt("GoStreamPeer.io")
	p := peerOf(instance)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.transport()
	switch {
	case t == nil && p.source != nil:
		return godotUnavailable // still connecting
	case t == nil:
		return godotUnconfigured
	case n <= 0:
		return godotOK
	}
	b := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	var k int
	var err error
	switch op {
	case opGetData:
		k, err = p.read(t, b, true)
	case opGetPartialData:
		k, err = p.read(t, b, false)
	case opPutData:
		k, err = t.Write(b, true)
	case opPutPartialData:
		k, err = t.Write(b, false)
	}
	*done = C.int32_t(k)
	switch {
	case err == nil:
		return godotOK
	case errors.Is(err, io.EOF):
		return godotFileEOF
	}
	return godotFailed
}

// read fills b from the bytes read ahead, then t: all of b when full is
// set, else what is there now (a transport error waits for the next read
// when bytes were read ahead).
func (p *streamPeer) read(t core.Transport, b []byte, full bool) (int, error) {
	k := copy(b, p.ahead)
	p.ahead = p.ahead[k:]
	if k > 0 && !full {
		return k, nil
	}
	for k < len(b) {
		m, err := t.Read(b[k:], full)
		k += m
		if err != nil || !full {
			return k, err
		}
	}
	return k, nil
}
