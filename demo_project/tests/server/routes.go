package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// maxBytes bounds the generated bodies.
const maxBytes = 64 << 20

// routes: path -> handler. The register* functions of bench_routes.go,
// misbehave.go and hostile.go add theirs.
var routes = map[string]func(*exchange){}

func init() {
	routes["/echo"] = echo
	routes["/ua"] = userAgent
	routes["/bytes"] = fixedBytes
	routes["/chunked"] = chunked
	routes["/eof"] = untilEOF
	routes["/empty"] = empty
	routes["/nocontent"] = noContent
	routes["/headers"] = manyHeaders
	routes["/dup"] = duplicateHeaders
	routes["/status"] = statusCode
	routes["/slow"] = slow
	routes["/closeafter"] = closeAfter
	routes["/samecl"] = sameContentLength
	routes["/switch"] = switchingProtocols
	routes["/upgrade"] = upgradeEcho
	routes["/digest"] = digestBytes // digest_routes.go
	registerBenchRoutes()           // bench_routes.go
	registerMisbehaveRoutes()       // misbehave.go
	registerHostileRoutes()         // hostile.go
}

// route answers ex.req by its path; unknown paths get 404.
func route(ex *exchange) {
	if h, ok := routes[ex.req.Path]; ok {
		h(ex)
		return
	}
	switch ex.req.Path {
	case "*":
		ex.respond(200, "OK", []string{"Allow: GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH"}, nil)
		return
	}
	ex.respond(404, "Not Found", []string{"Content-Type: text/plain"}, []byte("no route "+cut(ex.req.Path)+"\n"))
}

// patternByte is byte i of every generated body; tests/harness/util.gd
// computes the same.
func patternByte(i int) byte { return byte(i*31 + i/256) }

func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = patternByte(i)
	}
	return b
}

// intQuery is the decimal query value name, at most max; def when it is
// missing, not a number or negative.
func intQuery[T int | int64](q url.Values, name string, def, max T) T {
	v, err := strconv.ParseInt(q.Get(name), 10, 64)
	if err != nil || v < 0 {
		return def
	}
	return T(min(v, int64(max)))
}

// echo answers with the request as received: head and body. The value of
// User-Agent is replaced by <UA> (the two clients name themselves
// differently) unless it starts with "custom".
func echo(ex *exchange) {
	var b strings.Builder
	raw := string(ex.req.Raw)
	for len(raw) > 0 {
		line, rest, found := strings.Cut(raw, "\n")
		if found {
			line += "\n"
		}
		raw = rest
		if name, value, ok := strings.Cut(line, ":"); ok && strings.EqualFold(name, "User-Agent") &&
			!strings.HasPrefix(strings.TrimSpace(value), "custom") {
			end := "\n"
			if strings.HasSuffix(line, "\r\n") {
				end = "\r\n"
			}
			line = name + ": <UA>" + end
		}
		b.WriteString(line)
		if line == "\r\n" || line == "\n" {
			b.WriteString(raw) // the body, untouched
			break
		}
	}
	ex.respond(200, "OK", []string{"Content-Type: text/plain; charset=utf-8"}, []byte(b.String()))
}

func userAgent(ex *exchange) {
	ex.respond(200, "OK", []string{"Content-Type: text/plain"}, []byte(ex.req.get("User-Agent")))
}

// /bytes?n=N[&close=1]: N pattern bytes with a Content-Length.
func fixedBytes(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 100, maxBytes)
	var h []string
	if ex.req.Query.Get("close") == "1" {
		h = append(h, "Connection: close")
	}
	ex.respond(200, "OK", append(h, "Content-Type: application/octet-stream"), pattern(n))
}

// /chunked?sizes=10,300,1[&ext=1][&trailers=1][&upper=1]: a chunked body of
// pattern bytes cut in chunks of these sizes; ext adds chunk extensions,
// trailers adds trailer fields, upper writes the sizes in upper-case hex.
func chunked(ex *exchange) {
	var sizes []int
	for _, f := range strings.Split(ex.req.Query.Get("sizes"), ",") {
		if n, err := strconv.Atoi(f); err == nil && n > 0 && n <= maxBytes {
			sizes = append(sizes, n)
		}
	}
	ext := ex.req.Query.Get("ext") == "1"
	trailers := ex.req.Query.Get("trailers") == "1"
	h := []string{"Content-Type: application/octet-stream", "Transfer-Encoding: chunked"}
	if trailers {
		h = append(h, "Trailer: X-Checksum, X-Done")
	}
	ex.respond(200, "OK", h, nil)
	if ex.req.Method == "HEAD" {
		return
	}
	body := pattern(sum(sizes))
	off := 0
	upper := ex.req.Query.Get("upper") == "1"
	for i, n := range sizes {
		chunkExt := ""
		if ext {
			chunkExt = fmt.Sprintf(";chunk=%d;name=\"quoted value\"", i)
		}
		ex.writeChunk(body[off:off+n], upper, chunkExt)
		off += n
	}
	lastExt := ""
	if ext {
		lastExt = ";last=yes"
	}
	var trailerFields []string
	if trailers {
		trailerFields = []string{"X-Checksum: 1234", "X-Done: yes"}
	}
	ex.writeLastChunk(lastExt, trailerFields...)
}

func sum(v []int) int {
	t := 0
	for _, n := range v {
		t += n
	}
	return t
}

// /eof?n=N: no Content-Length, Connection: close, N bytes, then the
// server closes: the body ends at EOF.
func untilEOF(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 100, maxBytes)
	ex.bw.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n")
	if ex.req.Method != "HEAD" {
		ex.bw.Write(pattern(n))
	}
	ex.closeAfter = true
}

func empty(ex *exchange) {
	ex.respond(200, "OK", []string{"Content-Length: 0"}, nil)
}

// /nocontent: 204 with neither Content-Length nor a body.
func noContent(ex *exchange) {
	fmt.Fprintf(ex.bw, "HTTP/1.1 204 No Content\r\nX-Request-Number: %d\r\n\r\n", ex.req.Index)
}

// /headers?n=30: N extra header fields.
func manyHeaders(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 30, 10000)
	h := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		h = append(h, fmt.Sprintf("X-Header-%d: value %d", i, i))
	}
	ex.respond(200, "OK", h, []byte("headers"))
}

// /dup: repeated field names, in several spellings, and odd whitespace.
func duplicateHeaders(ex *exchange) {
	ex.respond(200, "OK", []string{
		"Set-Cookie: a=1; Path=/",
		"X-Dup: one",
		"Set-Cookie: b=2",
		"x-dup: two",
		"X-Spaces: \t padded value \t",
		"X-Colon: a:b:c",
		"X-Empty:",
		"X-Dup: three",
	}, []byte("dup"))
}

// /status?code=N[&reason=...]
func statusCode(ex *exchange) {
	code := intQuery(ex.req.Query, "code", 200, 999)
	reason := ex.req.Query.Get("reason")
	if reason == "" {
		reason = "Status"
	}
	ex.respond(code, reason, []string{"Content-Type: text/plain"}, []byte(strconv.Itoa(code)))
}

// /slow?n=N: head and N body bytes sent one byte per write.
func slow(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 64, 1<<20)
	head := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\nX-Request-Number: %d\r\n\r\n", n, ex.req.Index)
	_ = ex.trickle(append([]byte(head), pattern(n)...), 200*time.Microsecond)
}

// /closeafter?n=N: a Content-Length body and Connection: close; the server
// closes once it is sent.
func closeAfter(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 10, maxBytes)
	ex.respond(200, "OK", []string{"Connection: close"}, pattern(n))
}

// /samecl: Content-Length given twice with the same value (legal).
func sameContentLength(ex *exchange) {
	ex.respond(200, "OK", []string{"Content-Length: 5", "Content-Length: 5"}, []byte("hello"))
}

// /switch: 101 Switching Protocols; what follows is not HTTP.
func switchingProtocols(ex *exchange) {
	ex.raw("HTTP/1.1 101 Switching Protocols\r\nUpgrade: example\r\nConnection: Upgrade\r\n\r\n")
}
