package main

import (
	"fmt"
	"net"
	"strconv"
	"sync"
)

// Routes of the benchmark scene (demo_project/bench). The big bodies are
// streamed from one precomputed buffer in large writes, never built whole,
// so the server is not what a benchmark measures.
//
// Their bytes are the stream pattern: byte i is patternByte(i %
// benchPeriod). benchPeriod is a prime, so no chunk of a power-of-two
// size repeats the one before it: a client that returned a stale or
// repeated chunk would fail the check of the content.

// Limits of the streaming routes.
const (
	maxStreamBytes = 4 << 30  // /stream and /streamchunked bodies
	maxStreamChunk = 16 << 20 // /streamchunked chunk size (the clients' own bound)
	// benchPeriod is the period of the stream pattern (the largest prime
	// below 65536).
	benchPeriod = 65521
	// streamBlock is the most body bytes one write hands the socket.
	streamBlock = 1 << 20
	// headers30Count is the number of extra header fields of /headers30.
	headers30Count = 30
)

// registerBenchRoutes adds the benchmark routes to routes (from routes.go's init).
func registerBenchRoutes() {
	routes["/stream"] = stream
	routes["/streamchunked"] = streamChunked
	routes["/small"] = small
	routes["/headers30"] = headers30
}

// streamPattern returns the first n bytes of the stream pattern.
func streamPattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = patternByte(i % benchPeriod)
	}
	return b
}

// periodic returns stream pattern bytes 0..streamBlock+benchPeriod-1: any
// run of up to streamBlock stream bytes from offset off is
// periodic()[off%benchPeriod:][:n]. It is built on first use.
var periodic = sync.OnceValue(func() []byte { return streamPattern(streamBlock + benchPeriod) })

// patternAt returns up to streamBlock stream pattern bytes from body
// offset off.
func patternAt(off int64, n int64) []byte {
	start := int(off % benchPeriod)
	return periodic()[start : start+int(min(n, streamBlock))]
}

// /stream?n=N: N stream pattern bytes with a Content-Length, written in blocks of
// streamBlock bytes straight to the connection.
func stream(ex *exchange) {
	n := intQuery[int64](ex.req.Query, "n", 1<<20, maxStreamBytes)
	ex.respond(200, "OK", []string{"Content-Type: application/octet-stream", "Content-Length: " + strconv.FormatInt(n, 10)}, nil)
	if ex.req.Method == "HEAD" {
		return
	}
	if err := ex.bw.Flush(); err != nil {
		ex.closeAfter = true
		return
	}
	for off := int64(0); off < n; {
		w, err := ex.conn.Write(patternAt(off, n-off))
		off += int64(w)
		if err != nil {
			ex.closeAfter = true
			return
		}
	}
}

// /streamchunked?n=N&chunk=K: N stream pattern bytes in a chunked body of chunks
// of K bytes (the last one shorter), several chunks per writev.
func streamChunked(ex *exchange) {
	n := intQuery[int64](ex.req.Query, "n", 1<<20, maxStreamBytes)
	k := max(intQuery[int64](ex.req.Query, "chunk", 65536, maxStreamChunk), 1)
	ex.respond(200, "OK", []string{"Content-Type: application/octet-stream", "Transfer-Encoding: chunked"}, nil)
	if ex.req.Method == "HEAD" {
		return
	}
	if err := ex.bw.Flush(); err != nil {
		ex.closeAfter = true
		return
	}
	var bufs net.Buffers
	batched := 0
	send := func() bool {
		// WriteTo consumes what it is called on: a copy, so that bufs
		// keeps its backing array for the next batch.
		v := bufs
		_, err := v.WriteTo(ex.conn)
		bufs, batched = bufs[:0], 0
		return err == nil
	}
	for off := int64(0); off < n; {
		size := min(k, n-off)
		bufs = append(bufs, []byte(strconv.FormatInt(size, 16)+"\r\n"))
		for left := size; left > 0; {
			part := patternAt(off, left)
			bufs = append(bufs, part)
			off += int64(len(part))
			left -= int64(len(part))
			batched += len(part)
		}
		bufs = append(bufs, []byte("\r\n"))
		if batched >= streamBlock && !send() {
			ex.closeAfter = true
			return
		}
	}
	bufs = append(bufs, []byte("0\r\n\r\n"))
	if !send() {
		ex.closeAfter = true
	}
}

// /small?n=100: the first N stream pattern bytes (at most 64 KiB) with a
// Content-Length, the connection kept alive.
func small(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 100, 64<<10)
	ex.respond(200, "OK", []string{"Content-Type: application/octet-stream"}, periodic()[:n])
}

var headers30Lines = func() []string {
	h := make([]string, 0, headers30Count)
	for i := 1; i <= headers30Count; i++ {
		h = append(h, fmt.Sprintf("X-Bench-Header-%02d: value number %d of the head parsing benchmark", i, i))
	}
	return h
}()

// /headers30: a response whose head carries 30 header fields besides
// Content-Length and X-Request-Number; the body is the 2 bytes "ok".
func headers30(ex *exchange) {
	ex.respond(200, "OK", headers30Lines, []byte("ok"))
}
