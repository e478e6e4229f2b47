package bindings

// #include "gdx.h"
import "C"

import (
	"github.com/gohttpclient/gohttpclient/core"
)

// One handler per GoHTTPClient method: convert the arguments, call core,
// convert the result. No protocol logic lives here.

func connectToHost(s *clientState, c call) {
	host, port := c.string(0), int(c.int(1))
	var opts *core.TLSOptions
	if obj := c.object(2); obj != nil {
		opts = tlsOptionsFrom("connect_to_host", obj)
	}
	err := s.c.ConnectToHost(host, port, opts)
	// Released only now: core is done with the old connection (a call
	// blocked in it on another thread has returned).
	s.syncPeers(false)
	c.returnInt(report("connect_to_host", err))
}

func setConnection(s *clientState, c call) {
	obj := c.object(0)
	if obj == nil {
		printError("set_connection", "the connection is null; nothing changes.")
		return
	}
	kind := C.gdx_peer_kind(obj)
	if kind < 0 {
		printError("set_connection", "the connection is not a StreamPeer; nothing changes.")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releasePeers(false)
	if obj == s.peerObj || (s.adopted != nil && obj == s.adopted.obj) {
		return // the connection in use again
	}
	t := newPeerTransport(obj, int(kind))
	if err := s.c.SetConnection(t, kind == C.GDX_PEER_TLS); err != nil {
		t.release()
		report("set_connection", err)
		return
	}
	s.releasePeers(false) // core closed the connection it had
	s.adopted = t
}

// getConnection returns the StreamPeer of the connection: the one given to
// set_connection, else a GoStreamPeer over core's own, the same object
// until the connection ends; null when there is none.
func getConnection(s *clientState, c call) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.releasePeers(false)
	switch {
	case s.adopted != nil:
		c.returnObject(s.adopted.obj)
	case s.peer != nil:
		c.returnObject(s.peerObj)
	case s.c.Connection() != nil || s.connecting():
		s.peerObj, s.peer = newStreamPeer(s.c)
		s.peerRef = C.gdx_ref_new(s.peerObj)
		c.returnObject(s.peerObj)
	default:
		c.returnObject(nil)
	}
}

func requestRaw(s *clientState, c call) {
	m, url, headers, body := core.Method(c.int(0)), c.string(1), goStrings(c.arg(2)), goBytes(c.arg(3))
	c.returnInt(report("request_raw", s.c.Request(m, url, headers, body)))
}

func request(s *clientState, c call) {
	m, url, headers, body := core.Method(c.int(0)), c.string(1), goStrings(c.arg(2)), c.string(3)
	c.returnInt(report("request", s.c.Request(m, url, headers, []byte(body))))
}

func closeClient(s *clientState, c call) { s.closeAll() }

func hasResponse(s *clientState, c call)       { c.returnBool(s.c.HasResponse()) }
func isResponseChunked(s *clientState, c call) { c.returnBool(s.c.IsResponseChunked()) }
func getResponseCode(s *clientState, c call)   { c.returnInt(int64(s.c.ResponseCode())) }

func getResponseHeaders(s *clientState, c call) {
	setStrings(c.ret, s.c.ResponseHeaders())
}

func getResponseHeadersAsDictionary(s *clientState, c call) {
	fields := s.c.ResponseHeaderFields()
	pairs := make([]string, 0, 2*len(fields))
	for _, f := range fields {
		pairs = append(pairs, f.Name, f.Value)
	}
	setStringPairs(c.ret, pairs)
}

func getResponseBodyLength(s *clientState, c call) { c.returnInt(s.c.ResponseBodyLength()) }

// readResponseBodyChunk has core read straight into the returned
// PackedByteArray: one copy (socket to array), no Go allocation. A chunk of
// a common size is read into an array of chunkPool and, when full, returned
// without allocating (a short one is copied out); other sizes get an array
// of their own, sized for the most core can return, then shrunk to what was
// read.
func readResponseBodyChunk(s *clientState, c call) {
	want := s.c.NextChunkLen()
	if want < minPooledChunk || want > maxPooledChunk {
		p := freshBytes(c.ret, want)
		n, err := s.c.ReadResponseBodyInto(p)
		if n < len(p) {
			resizeBytes(c.ret, max(n, 0))
		}
		report("read_response_body_chunk", err)
		return
	}
	a, p := takeChunkArray(want)
	n, err := s.c.ReadResponseBodyInto(p)
	switch {
	case n == want:
		C.gdx_pba_share(c.ret, a)
	case n > 0:
		copy(freshBytes(c.ret, n), p[:n])
	default:
		freshBytes(c.ret, 0)
	}
	putChunkArray(a)
	if s.c.Status() != core.StatusBody {
		releaseChunkArrays() // the body is over
	}
	report("read_response_body_chunk", err)
}

func setReadChunkSize(s *clientState, c call) {
	report("set_read_chunk_size", s.c.SetReadChunkSize(int(c.int(0))))
}

func getReadChunkSize(s *clientState, c call)      { c.returnInt(int64(s.c.ReadChunkSize())) }
func setBlockingMode(s *clientState, c call)       { s.c.SetBlockingMode(c.bool(0)) }
func isBlockingModeEnabled(s *clientState, c call) { c.returnBool(s.c.BlockingMode()) }
func getStatus(s *clientState, c call)             { c.returnInt(int64(s.c.Status())) }
func poll(s *clientState, c call)                  { c.returnInt(report("poll", s.c.Poll())) }
func setHTTPProxy(s *clientState, c call)          { s.c.SetHTTPProxy(c.string(0), int(c.int(1))) }
func setHTTPSProxy(s *clientState, c call)         { s.c.SetHTTPSProxy(c.string(0), int(c.int(1))) }

func queryStringFromDict(s *clientState, c call) {
	setString(c.ret, core.QueryString(queryFields(c.arg(0))))
}
