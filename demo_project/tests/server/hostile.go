package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"math/rand"
	"net"
	"strings"
	"time"
)

// Servers that are hostile rather than merely broken (tests/test_hostile.gd,
// tests/test_soak.gd): they never finish, overflow, reset, or speak
// something else than expected. Routes here are on the HTTP port; the
// ports are listeners of their own (hostileServers).

// Bounds of the hostile routes, so that nothing runs forever.
const (
	// hostileHold bounds how long a route or port keeps a connection it
	// never answers on.
	hostileHold = 5 * time.Minute
	// maxTrickleInterval bounds the pause of /hostile/endless-head.
	maxTrickleInterval = 10_000
	// garbageBytes is what the garbage TLS port answers a ClientHello with.
	garbageBytes = 4096
	// garbageSeed makes the garbage the same at every run.
	garbageSeed = 20240601
)

// registerHostileRoutes adds the routes below to routes (from routes.go's init).
func registerHostileRoutes() {
	routes["/hostile/endless-head"] = endlessHead
	routes["/hostile/chunk"] = overflowingChunk
	routes["/hostile/long"] = longerThanLength
	routes["/hostile/short"] = shorterThanLength
	routes["/hostile/reset"] = resetMidBody
	routes["/hostile/silent"] = silentAfterRequest
}

// /hostile/endless-head[?ms=1000]: a status line, then a header line that
// never ends, one byte every ms milliseconds, until the client goes away
// (or hostileHold).
func endlessHead(ex *exchange) {
	ms := intQuery(ex.req.Query, "ms", 1000, maxTrickleInterval)
	ex.bw.WriteString("HTTP/1.1 200 OK\r\nX-Endless: ")
	if ex.bw.Flush() != nil {
		return
	}
	end := time.Now().Add(hostileHold)
	for time.Now().Before(end) {
		time.Sleep(time.Duration(max(ms, 1)) * time.Millisecond)
		if _, err := ex.conn.Write([]byte{'a'}); err != nil {
			break
		}
	}
	ex.closeAfter = true
}

// overflowingSizes are chunk-size lines no 64-bit size holds, or that only
// a careless parser turns into something small or negative.
var overflowingSizes = map[string]string{
	"2p64":   "10000000000000000",                         // 2^64: 17 hex digits
	"2p64p5": "10000000000000005",                         // 2^64+5: 5 if it wraps
	"i64max": "7fffffffffffffff",                          // fits, far past any limit
	"u64max": "ffffffffffffffff",                          // -1 as an int64
	"40f":    strings.Repeat("f", 40),                     // 160 bits
	"minus":  "-1",                                        // not hex
	"zeros":  strings.Repeat("0", 5000) + "5",             // 5, past a chunk-line limit
	"spaces": "5" + strings.Repeat(" ", 5000) + ";a=b",    // 5, past a chunk-line limit
	"ext":    "5;" + strings.Repeat("e", 70000) + "=long", // extension past every limit
}

// /hostile/chunk?v=NAME: a chunked body whose first chunk is "hello" and
// whose second chunk-size line is overflowingSizes[NAME]; then a few
// bytes and the server closes.
func overflowingChunk(ex *exchange) {
	size, ok := overflowingSizes[ex.req.Query.Get("v")]
	if !ok {
		ex.respond(400, "Bad Request", []string{"Content-Type: text/plain"}, []byte("unknown v\n"))
		return
	}
	ex.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n" + size + "\r\nabcde\r\n0\r\n\r\n")
	ex.lingerClose(20 * time.Millisecond)
}

// /hostile/long?n=5&extra=TEXT: Content-Length n, then n pattern bytes and
// TEXT (default "EXTRA BYTES, NOT HTTP\r\n\r\n") beyond it; the connection
// stays open and the next request is answered as usual after those bytes.
func longerThanLength(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 5, maxBytes)
	extra := ex.req.Query.Get("extra")
	if extra == "" {
		extra = "EXTRA BYTES, NOT HTTP\r\n\r\n"
	}
	fmt.Fprintf(ex.bw, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\nX-Request-Number: %d\r\n\r\n", n, ex.req.Index)
	ex.bw.Write(pattern(n))
	ex.bw.WriteString(extra)
}

// /hostile/short?n=1000: Content-Length n, n/2 pattern bytes, and nothing
// more: the connection stays open, silent, until the client closes it.
func shorterThanLength(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 1000, maxBytes)
	if ex.sendPartial(n, n/2) != nil {
		return
	}
	holdUntilClosed(ex.conn)
	ex.closeAfter = true
}

// /hostile/reset?n=100000&send=5000: Content-Length n, send pattern
// bytes, then a reset (RST, not FIN): linger 0, then close.
func resetMidBody(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 100000, maxBytes)
	send := min(intQuery(ex.req.Query, "send", 5000, maxBytes), n)
	if ex.sendPartial(n, send) != nil {
		return
	}
	time.Sleep(50 * time.Millisecond)
	reset(ex.conn)
	ex.closeAfter = true
}

// reset closes c with a RST. On the TLS port c is a *tls.Conn: the TCP
// connection under it is the one reset and closed, with no TLS
// close_notify before the RST.
func reset(c net.Conn) {
	if tc, ok := c.(*tls.Conn); ok {
		c = tc.NetConn()
	}
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	c.Close()
}

// /hostile/silent: reads the request and never answers; the connection
// stays open until the client closes it.
func silentAfterRequest(ex *exchange) {
	holdUntilClosed(ex.conn)
	ex.closeAfter = true
}

// holdUntilClosed reads and drops what c sends until the client closes it,
// the server stops, or hostileHold passes.
func holdUntilClosed(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(hostileHold))
	_, _ = io.Copy(io.Discard, c)
}

// hostileServers are the listeners of the hostile ports.
type hostileServers struct {
	silent     *loopbackListener // accepts, reads, never answers
	garbageTLS *loopbackListener // answers anything with random bytes
	stuck      *stuckListener    // never completes a connect
}

// hostilePorts are the hostile ports as the config file names them.
type hostilePorts struct {
	// SilentPort accepts, reads everything and never answers nor closes:
	// a proxy that never answers, a TLS server that never shakes hands.
	SilentPort int `json:"silent_port"`
	// GarbageTLSPort answers the first bytes it gets (a TLS ClientHello)
	// with garbageBytes random bytes, then closes.
	GarbageTLSPort int `json:"garbage_tls_port"`
	// StuckPort is on 127.0.0.1 only; its accept queue is full, so a TCP
	// connect to it never completes (0 when the system does not allow it).
	StuckPort int `json:"stuck_port"`
}

// startHostile opens the hostile ports; s.serve runs their connections.
func (s *servers) startHostile() (*hostileServers, error) {
	h := &hostileServers{}
	var err error
	if h.silent, err = listenLoopback(); err != nil {
		return nil, err
	}
	if h.garbageTLS, err = listenLoopback(); err != nil {
		h.close()
		return nil, err
	}
	if h.stuck, err = newStuckListener(); err != nil {
		h.close()
		return nil, err
	}
	go s.serve(h.silent, "silent", serveSilent)
	go s.serve(h.garbageTLS, "garbage-tls", serveGarbage)
	return h, nil
}

func (h *hostileServers) close() {
	if h == nil {
		return
	}
	if h.silent != nil {
		h.silent.Close()
	}
	if h.garbageTLS != nil {
		h.garbageTLS.Close()
	}
	if h.stuck != nil {
		h.stuck.close()
	}
}

func (h *hostileServers) ports() hostilePorts {
	if h == nil {
		return hostilePorts{}
	}
	return hostilePorts{SilentPort: h.silent.Port(), GarbageTLSPort: h.garbageTLS.Port(), StuckPort: h.stuck.port}
}

func serveSilent(c net.Conn) { holdUntilClosed(c) }

// serveGarbage waits for the client's first bytes, answers with random
// ones and closes.
func serveGarbage(c net.Conn) {
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := bufio.NewReader(c).Peek(1); err != nil {
		return
	}
	_, _ = c.Write(garbage())
	time.Sleep(50 * time.Millisecond)
}

// garbage is garbageBytes pseudo-random bytes, the same every time.
func garbage() []byte {
	b := make([]byte, garbageBytes)
	rand.New(rand.NewSource(garbageSeed)).Read(b)
	return b
}
