package bindings

// #include "gdx.h"
import "C"

import (
	"runtime/cgo"
	"sync"
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// clientState is one GoHTTPClient instance: core's Client and the engine
// objects the binding holds for it. The engine knows it by a cgo.Handle
// (the extension instance pointer), made when the object is created and
// deleted when its last reference goes.
type clientState struct {
	c *core.Client

	// mu guards the fields below; it is taken before core's own lock,
	// never after.
	mu sync.Mutex
	// adopted is the StreamPeer given to set_connection, while core may
	// still use it.
	adopted *peerTransport
	// peerObj is the GoStreamPeer get_connection made over core's own
	// connection (peer is its Go side); peerRef holds a reference to it.
	peerObj unsafe.Pointer
	peerRef unsafe.Pointer
	peer    *streamPeer
}

//export ghcClientNew
func ghcClientNew() C.uintptr_t {
	s := &clientState{}
	liveClients.Add(1)
	func() {
		defer recoverAt("new")
		s.c = core.NewClient()
		if pem := defaultCAPEM(); pem != nil {
			report("new", s.c.SetDefaultCAPEM(pem))
		}
	}()
	return C.uintptr_t(cgo.NewHandle(s))
}

// ghcClientFree runs when the last reference is dropped: the connection is
// closed (core stops its goroutines) and the engine objects held are
// released. When get_connection() gave out a GoStreamPeer over the
// connection, the peer takes the connection instead and closes it when it
// is freed itself: a script may keep the connection after dropping the
// client (after "101 Switching Protocols", say), as with the built-in.
//
//export ghcClientFree
func ghcClientFree(instance C.uintptr_t) {
	defer recoverAt("free")
	h := cgo.Handle(instance)
	s := h.Value().(*clientState)
	h.Delete()
	defer liveClients.Add(-1)
	if s.c == nil {
		return // core.NewClient failed: nothing else was made
	}
	s.handOverToPeer()
	s.closeAll()
}

// closeAll is close(): core drops the connection (stopping its
// goroutines), the engine objects held for it are released, and so are
// read_response_body_chunk's arrays (body_buffers.go).
func (s *clientState) closeAll() {
	s.c.Close()
	s.syncPeers(true)
	releaseChunkArrays()
}

// syncPeers releases what is held for a connection core no longer uses
// (all of it when the connection is being replaced or closed).
func (s *clientState) syncPeers(all bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releasePeers(all)
}

// releasePeers drops the engine objects held for a connection core no
// longer uses: the adopted StreamPeer once core let it go, the GoStreamPeer
// once its connection is gone; with all, both. It runs on the caller's
// thread, never in a goroutine, since it calls into the engine. s.mu is held.
func (s *clientState) releasePeers(all bool) {
	current := s.c.Connection()
	if s.adopted != nil && (all || current != core.Transport(s.adopted)) {
		s.adopted.release()
		s.adopted = nil
	}
	if s.peer != nil && (all || !s.peer.follows(current, s.connecting())) {
		s.peer.detach()
		C.gdx_ref_free(s.peerRef)
		s.peerObj, s.peerRef, s.peer = nil, nil, nil
	}
}

// connecting tells whether core is resolving or connecting: the built-in
// already has a connection object then.
func (s *clientState) connecting() bool {
	st := s.c.Status()
	return st == core.StatusResolving || st == core.StatusConnecting
}

// clientOf finds the state of the instance the engine passes.
func clientOf(instance C.uintptr_t) *clientState {
	return cgo.Handle(instance).Value().(*clientState)
}

func registerClientClass() {
	name := C.CString(className)
	defer C.free(unsafe.Pointer(name))
	C.gdx_client_register_class(name)
	registerMethods()
	registerConstants()
	registerProperties()
}

func unregisterClientClass() {
	C.gdx_client_unregister_class()
	freeMethods()
}

// handOverToPeer gives core's connection to the GoStreamPeer made over it,
// if there is one that stands for it.
func (s *clientState) handOverToPeer() {
	s.mu.Lock()
	peer := s.peer
	s.mu.Unlock()
	if peer == nil || !peer.follows(s.c.Connection(), false) {
		return
	}
	if t, buffered := s.c.ReleaseConnection(); t != nil {
		peer.adopt(t, buffered)
	}
}
