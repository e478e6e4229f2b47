package main

import (
	"fmt"
	"strings"
	"time"
)

// Responses that break HTTP on purpose. Each closes the connection after.

// registerMisbehaveRoutes adds the routes below to routes (from routes.go's init).
func registerMisbehaveRoutes() {
	routes["/lf"] = bareLF
	routes["/cut"] = cutBody
	routes["/cutchunked"] = cutChunked
	routes["/hangup"] = hangUp
	routes["/badstatus"] = badStatus
	routes["/conflict"] = conflictingLength
	routes["/interim"] = interim
	routes["/bighead"] = bigHead
	routes["/chunkbad"] = badChunk
	routes["/http10eof"] = http10UntilEOF
	routes["/notmodified"] = notModified
}

// /lf: a head whose lines end with a bare LF.
func bareLF(ex *exchange) {
	ex.raw("HTTP/1.1 200 OK\nContent-Type: text/plain\nX-Bare: lf\nContent-Length: 5\n\nhello")
}

// /cut?n=N: announces N bytes, sends half, closes.
func cutBody(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 1000, maxBytes)
	_ = ex.sendPartial(n, n/2)
	ex.lingerClose(20 * time.Millisecond)
}

// /cutchunked: a chunked body that stops inside a chunk.
func cutChunked(ex *exchange) {
	ex.bw.WriteString("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10\r\nshort")
	ex.lingerClose(20 * time.Millisecond)
}

// /hangup: reads the request and closes without a word.
func hangUp(ex *exchange) {
	ex.closeAfter = true
}

// /badstatus?v=N: malformed status lines.
func badStatus(ex *exchange) {
	lines := map[string]string{
		"nocode":   "HTTP/1.1 abc Bad",
		"notHTTP":  "FOO 200 OK",
		"short":    "HTTP/1.1",
		"big":      "HTTP/1.1 999 Weird",
		"lower":    "http/1.1 201 Lower",
		"http10":   "HTTP/1.0 202 Old",
		"noreason": "HTTP/1.1 203",
	}
	line, ok := lines[ex.req.Query.Get("v")]
	if !ok {
		line = "HTTP/1.1 500 unknown variant"
	}
	ex.raw(line + "\r\nContent-Length: 2\r\nX-Variant: " + ex.req.Query.Get("v") + "\r\n\r\nok")
}

// /conflict: two different Content-Length values (the built-in takes the
// last; a strict client refuses the response).
func conflictingLength(ex *exchange) {
	ex.raw("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello, ")
}

// /interim?code=100|102|103: an interim response before the final one.
func interim(ex *exchange) {
	code := intQuery(ex.req.Query, "code", 100, 199)
	extra := ""
	if code == 103 {
		extra = "Link: </style.css>; rel=preload\r\n"
	}
	ex.raw(fmt.Sprintf("HTTP/1.1 %d Interim\r\n%s\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Final: yes\r\n\r\nfinal", code, extra))
}

// /bighead?kb=K: a head with one header field of K KiB.
func bigHead(ex *exchange) {
	kb := intQuery(ex.req.Query, "kb", 200, 4096)
	ex.raw("HTTP/1.1 200 OK\r\nX-Big: " + strings.Repeat("b", kb<<10) + "\r\nContent-Length: 2\r\n\r\nok")
}

// /chunkbad?v=hex|big|noterm: chunked bodies the built-in refuses.
func badChunk(ex *exchange) {
	bodies := map[string]string{
		"hex":    "5\r\nhello\r\nzz\r\nabc\r\n0\r\n\r\n",
		"big":    "5\r\nhello\r\n1000001\r\nabc\r\n0\r\n\r\n",
		"noterm": "5\r\nhelloXX0\r\n\r\n",
	}
	body, ok := bodies[ex.req.Query.Get("v")]
	if !ok {
		body = "0\r\n\r\n"
	}
	ex.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + body)
	ex.lingerClose(20 * time.Millisecond)
}

// /http10eof: an HTTP/1.0 response with neither a length nor "Connection:
// close": by HTTP/1.0 the body runs until the server closes (200 ms later).
func http10UntilEOF(ex *exchange) {
	ex.bw.WriteString("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nold-style body")
	ex.lingerClose(200 * time.Millisecond)
}

// /notmodified: 304 with the Content-Length of the representation it
// stands for (legal) and, as always for 304, no body; the server closes
// 200 ms later.
func notModified(ex *exchange) {
	ex.bw.WriteString("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 100\r\n\r\n")
	ex.lingerClose(200 * time.Millisecond)
}
