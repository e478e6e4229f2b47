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
	// client is the client whose connection the peer reads, until it is
	// detached: bytes the client read from it and did not consume come
	// first (core.Client.TakeBuffered).
	client *core.Client
	// owned: the client let the connection go to the peer when it was
	// freed (core.Client.ReleaseConnection); the peer closes it when freed.
	owned bool
	// ahead holds bytes to return before reading the transport: what the
	// client had buffered, and what _get_available_bytes read ahead.
	ahead []byte
}

// Operations of ghcPeerIO, as numbered in gdx_peer.c.
const (
	opGetData        = 1
	opGetPartialData = 2
	opPutData        = 3
	opPutPartialData = 4
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
	p := &streamPeer{source: client, client: client}
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
	p.source, p.client = nil, nil
}

// adopt makes the peer the owner of t, the connection its client let go
// when it was freed, with the bytes the client had read from it: a script
// holding the peer keeps the connection, as it keeps the built-in's
// StreamPeerTCP. A peer that stands for another connection leaves t closed.
func (p *streamPeer) adopt(t core.Transport, buffered []byte) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.t != nil && p.t != t {
		t.Close()
		return
	}
	p.t, p.owned = t, true
	p.source, p.client = nil, nil
	p.ahead = append(buffered, p.ahead...)
}

// drain moves to ahead what the client read from t and did not consume.
// p.mu is held.
func (p *streamPeer) drain(t core.Transport) {
	if p.client == nil {
		return
	}
	if b := p.client.TakeBuffered(t); b != nil {
		p.ahead = append(b, p.ahead...)
	}
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
	h := cgo.Handle(instance)
	p := h.Value().(*streamPeer)
	h.Delete()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.owned && p.t != nil {
		p.t.Close()
		p.t = nil
	}
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
	p.drain(t)
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
	code = C.int64_t(core.Failed)
	*done = 0
	defer recoverAt("GoStreamPeer.io")
	p := peerOf(instance)
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.transport()
	switch {
	case t == nil && p.source != nil:
		return C.int64_t(core.ErrUnavailable) // still connecting
	case t == nil:
		return C.int64_t(core.ErrUnconfigured)
	case n <= 0:
		return C.int64_t(core.OK)
	}
	p.drain(t)
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
		return C.int64_t(core.OK)
	case errors.Is(err, io.EOF):
		return C.int64_t(core.ErrFileEOF)
	}
	return C.int64_t(core.Failed)
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
