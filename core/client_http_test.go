package core

// Plain HTTP/1.1 against loopback servers: methods, body framing,
// keep-alive, read_chunk_size, blocking mode, the request the client
// writes, and the status sequence of a connection attempt.

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// echo answers with the method, the body it received and its
// Content-Length header, as "METHOD|body|CL".
var echo = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	if r.Method == http.MethodHead {
		w.Header().Set("Content-Length", "42")
		return
	}
	fmt.Fprintf(w, "%s|%s|%s", r.Method, body, r.Header.Get("Content-Length"))
})

func TestMethods(t *testing.T) {
	_, port := httpServer(t, echo)
	c := newClient(t)
	connect(t, c, "127.0.0.1", port, nil)
	tests := []struct {
		method   Method
		url      string
		body     string
		wantBody string
		wantLen  int64
	}{
		{MethodGet, "/", "", "GET||", 5},
		{MethodGet, "/", "dropped", "GET||", 5}, // the class reference: GET sends no body
		{MethodPost, "/", "a=1", "POST|a=1|3", 10},
		{MethodPost, "/", "", "POST||", 6},
		{MethodPut, "/", "put body", "PUT|put body|8", 14},
		{MethodPatch, "/", "{}", "PATCH|{}|2", 10},
		{MethodDelete, "/", "", "DELETE||", 8},
		{MethodDelete, "/", "x", "DELETE|x|1", 10},
		{MethodOptions, "/", "", "OPTIONS||", 9},
		{MethodTrace, "/", "", "TRACE||", 7},
		{MethodHead, "/", "", "", 0}, // HEAD: length forced to 0 though the server says 42
	}
	for _, tt := range tests {
		t.Run(tt.method.String()+"/"+tt.body, func(t *testing.T) {
			require.NoError(t, c.Request(tt.method, tt.url, nil, []byte(tt.body)))
			pollUntil(t, c, StatusRequesting)
			require.Equal(t, StatusBody, c.Status(), "a response with a length enters STATUS_BODY")
			assert.Equal(t, 200, c.ResponseCode())
			assert.Equal(t, tt.wantLen, c.ResponseBodyLength())
			var body []byte
			for c.Status() == StatusBody {
				chunk, err := c.ReadResponseBodyChunk()
				require.NoError(t, err)
				body = append(body, chunk...)
			}
			assert.Equal(t, tt.wantBody, string(body))
			assert.Equal(t, StatusConnected, c.Status())
		})
	}
}

func TestOptionsStar(t *testing.T) {
	srv, rec := recordingServer(t)
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	r := do(t, c, MethodOptions, "*", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, 200, r.code)
	require.True(t, strings.HasPrefix(rec.all()[0], "OPTIONS * HTTP/1.1\r\n"), rec.all()[0])
}

// TestBodyFraming reads responses of every framing, then checks the
// connection is still in step with a second request.
func TestBodyFraming(t *testing.T) {
	tests := []struct {
		name        string
		method      Method
		response    string
		hangUp      bool
		afterHead   Status // status once the head is read
		wantLen     int64
		wantChunked bool
		wantBody    string
		wantEnd     Status
	}{
		{"content-length", MethodGet, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", false,
			StatusBody, 5, false, "hello", StatusConnected},
		{"chunked", MethodGet, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n", false,
			StatusBody, -1, true, "hello world", StatusConnected},
		{"chunked upper-case hex", MethodGet, "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\nA\r\n0123456789\r\n0\r\n\r\n", false,
			StatusBody, -1, true, "0123456789", StatusConnected},
		{"chunked wins over content-length", MethodGet, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", true,
			StatusBody, -1, true, "hello", StatusConnected},
		{"close-delimited", MethodGet, "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end", true,
			StatusBody, -1, false, "until the end", StatusDisconnected},
		{"HTTP/1.0 close-delimited", MethodGet, "HTTP/1.0 200 OK\r\n\r\nold style", true,
			StatusBody, -1, false, "old style", StatusDisconnected},
		{"content-length 0", MethodGet, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", false,
			StatusBody, 0, false, "", StatusConnected},
		{"no length, keep-alive: no body", MethodGet, "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\n", false,
			StatusConnected, -1, false, "", StatusConnected},
		{"HEAD with content-length", MethodHead, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", false,
			StatusBody, 0, false, "", StatusConnected},
		{"HEAD with chunked", MethodHead, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false,
			StatusBody, 0, true, "", StatusConnected},
		{"204 without length", MethodGet, "HTTP/1.1 204 No Content\r\n\r\n", false,
			StatusConnected, -1, false, "", StatusConnected},
		{"204 with connection close", MethodGet, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", true,
			StatusBody, 0, false, "", StatusConnected},
		{"204 with content-length", MethodGet, "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", false,
			StatusBody, 0, false, "", StatusConnected},
		{"304 with content-length", MethodGet, "HTTP/1.1 304 Not Modified\r\nContent-Length: 1234\r\n\r\n", false,
			StatusBody, 0, false, "", StatusConnected},
		{"304 with chunked", MethodGet, "HTTP/1.1 304 Not Modified\r\nTransfer-Encoding: chunked\r\n\r\n", false,
			StatusBody, 0, true, "", StatusConnected},
		{"head and body in one segment with the next response", MethodGet,
			"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 201 Created\r\nContent-Length: 4\r\n\r\nnext", false,
			StatusBody, 2, false, "ok", StatusConnected},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, canned(tt.hangUp, tt.response))
			c := newClient(t)
			connect(t, c, "127.0.0.1", srv.port, nil)
			require.NoError(t, c.Request(tt.method, "/", nil, nil))
			pollUntil(t, c, StatusRequesting)
			require.Equal(t, tt.afterHead, c.Status())
			assert.Equal(t, tt.wantLen, c.ResponseBodyLength())
			assert.Equal(t, tt.wantChunked, c.IsResponseChunked())
			var body []byte
			first := true
			for c.Status() == StatusBody {
				chunk, err := c.ReadResponseBodyChunk()
				require.NoError(t, err)
				if first && tt.wantLen == 0 {
					// Content-Length: 0: the first read returns nothing and ends the body.
					assert.Empty(t, chunk)
					assert.Equal(t, StatusConnected, c.Status())
				}
				first = false
				body = append(body, chunk...)
			}
			assert.Equal(t, tt.wantBody, string(body))
			require.Equal(t, tt.wantEnd, c.Status())
			require.NoError(t, c.LastFailure())
			if tt.wantEnd != StatusConnected || tt.hangUp {
				return
			}
			// The connection is in step: the next response is read whole.
			next := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, next.err)
			if strings.Contains(tt.response, "next") {
				assert.Equal(t, 201, next.code)
				assert.Equal(t, "next", string(next.body))
			} else {
				assert.Equal(t, "pong", string(next.body))
			}
		})
	}
}

func TestKeepAlive50Requests(t *testing.T) {
	var mu sync.Mutex
	conns := map[string]int{}
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conns[r.RemoteAddr]++
		mu.Unlock()
		if r.URL.Query().Get("chunked") != "" {
			w.Write([]byte("part1-"))
			w.(http.Flusher).Flush()
		}
		fmt.Fprintf(w, "response %s", r.URL.Path)
	}))
	srv.Start()
	t.Cleanup(srv.Close)
	port := portOf(t, srv.Listener.Addr())
	c := newClient(t)
	connect(t, c, "127.0.0.1", port, nil)
	conn := c.Connection()
	for i := 0; i < 50; i++ {
		path := "/" + strconv.Itoa(i)
		want := "response " + path
		if i%2 == 1 {
			path += "?chunked=1"
			want = "part1-" + want
		}
		r := do(t, c, MethodGet, path, nil, nil)
		require.NoError(t, r.err, "request %d", i)
		require.Equal(t, want, string(r.body), "request %d", i)
		require.Equal(t, StatusConnected, r.status)
	}
	require.Same(t, conn, c.Connection(), "one transport for all requests")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, conns, 1, "all 50 requests on one connection")
	for _, n := range conns {
		require.Equal(t, 50, n)
	}
}

func TestReadChunkSize(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789abcdef"), 20000) // 320000 bytes
	_, port := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", strconv.Itoa(n))
		}
		for off := 0; off < n; off += 10000 {
			w.Write(big[off:min(n, off+10000)])
			w.(http.Flusher).Flush()
		}
	}))
	tests := []struct {
		size    int
		n       int
		chunked bool
	}{
		{MinReadChunkSize, 10000, false},
		{MinReadChunkSize, 10000, true},
		{1000, 25000, false},
		{1000, 25000, true},
		{DefaultReadChunkSize, len(big), false},
		{DefaultReadChunkSize, len(big), true},
		{MaxReadChunkSize, len(big), false},
		{MaxReadChunkSize, len(big), true},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d/%d/chunked=%v", tt.size, tt.n, tt.chunked), func(t *testing.T) {
			c := newClient(t)
			require.NoError(t, c.SetReadChunkSize(tt.size))
			require.Equal(t, tt.size, c.ReadChunkSize())
			connect(t, c, "127.0.0.1", port, nil)
			url := "/?n=" + strconv.Itoa(tt.n)
			if tt.chunked {
				url += "&chunked=1"
			}
			require.NoError(t, c.Request(MethodGet, url, nil, nil))
			pollUntil(t, c, StatusRequesting)
			var body []byte
			reads := 0
			for c.Status() == StatusBody {
				limit := c.NextChunkLen()
				if tt.chunked {
					require.Equal(t, tt.size, limit, "unknown length: read_chunk_size")
				} else {
					require.Equal(t, min(tt.size, tt.n-len(body)), limit, "at most what is left")
				}
				chunk, err := c.ReadResponseBodyChunk()
				require.NoError(t, err)
				require.LessOrEqual(t, len(chunk), tt.size, "a read returns at most read_chunk_size")
				require.LessOrEqual(t, len(chunk), limit, "a read returns at most NextChunkLen")
				if len(chunk) > 0 {
					reads++
				}
				body = append(body, chunk...)
			}
			require.Equal(t, StatusConnected, c.Status())
			require.Equal(t, big[:tt.n], body)
			require.GreaterOrEqual(t, reads, (tt.n+tt.size-1)/tt.size)
		})
	}
}

func TestReadResponseBodyInto(t *testing.T) {
	_, port := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		w.Write(bytes.Repeat([]byte("x"), 1000))
	}))
	c := newClient(t)
	require.NoError(t, c.SetReadChunkSize(300))
	connect(t, c, "127.0.0.1", port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	pollUntil(t, c, StatusRequesting)
	buf := make([]byte, 4096)
	total := 0
	for c.Status() == StatusBody {
		n, err := c.ReadResponseBodyInto(buf)
		require.NoError(t, err)
		require.LessOrEqual(t, n, 300, "bounded by read_chunk_size, not len(p)")
		total += n
	}
	require.Equal(t, 1000, total)
	require.Equal(t, StatusConnected, c.Status())
}

// slowServer writes its response in pieces, with a pause before each.
func slowServer(t *testing.T, pause time.Duration, pieces ...string) *rawServer {
	return startRawServer(t, func(sc *serverConn) {
		for {
			if _, _, err := sc.readRequest(); err != nil {
				return
			}
			for _, p := range pieces {
				time.Sleep(pause)
				if sc.send(p) != nil {
					return
				}
			}
		}
	})
}

func TestBlockingMode(t *testing.T) {
	tests := []struct {
		name   string
		pieces []string
		body   string
	}{
		{"content-length", []string{"HTTP/1.1 200 OK\r\n", "Content-Length: 30\r\n\r\n", "0123456789", "0123456789", "0123456789"},
			strings.Repeat("0123456789", 3)},
		{"chunked", []string{"HTTP/1.1 200 OK\r\nTransfer-", "Encoding: chunked\r\n\r\n", "a\r\n01234", "56789\r\n", "a\r\n0123456789\r\n", "0\r\n", "\r\n"},
			strings.Repeat("0123456789", 2)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := slowServer(t, 15*time.Millisecond, tt.pieces...)
			c := newClient(t)
			c.SetBlockingMode(true)
			require.True(t, c.BlockingMode())
			connect(t, c, "127.0.0.1", srv.port, nil)
			require.NoError(t, c.Request(MethodGet, "/", nil, nil))
			// One poll sends the request and waits for the whole head.
			require.NoError(t, c.Poll())
			require.Equal(t, StatusBody, c.Status())
			require.Equal(t, 200, c.ResponseCode())
			var body []byte
			for c.Status() == StatusBody {
				chunk, err := c.ReadResponseBodyChunk()
				require.NoError(t, err)
				if len(chunk) == 0 {
					require.NotEqual(t, StatusBody, c.Status(), "a blocking read returned nothing before the end")
				}
				if !c.IsResponseChunked() {
					// A blocking read waits for all it asked for.
					require.Len(t, chunk, 30)
				}
				body = append(body, chunk...)
			}
			require.Equal(t, tt.body, string(body))
			require.Equal(t, StatusConnected, c.Status())
		})
	}
}

// TestNonBlockingPollReturnsAtOnce is the counterpart of blocking mode: a
// head that is late leaves the status REQUESTING after a poll.
func TestNonBlockingPollReturnsAtOnce(t *testing.T) {
	srv := slowServer(t, 100*time.Millisecond, pong)
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	start := time.Now()
	require.NoError(t, c.Poll())
	require.Less(t, time.Since(start), 50*time.Millisecond)
	require.Equal(t, StatusRequesting, c.Status())
	pollUntil(t, c, StatusRequesting)
	require.Equal(t, 200, c.ResponseCode())
}

// TestLargeRequestBody sends a body far larger than the socket buffers in
// non-blocking mode (partial writes over many polls) and in blocking mode.
func TestLargeRequestBody(t *testing.T) {
	body := bytes.Repeat([]byte("request body "), 400000) // 5.2 MB
	sum := sha256.Sum256(body)
	_, port := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		n, _ := io.Copy(h, r.Body)
		fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
	}))
	for _, blocking := range []bool{false, true} {
		t.Run(fmt.Sprintf("blocking=%v", blocking), func(t *testing.T) {
			c := newClient(t)
			c.SetBlockingMode(blocking)
			connect(t, c, "127.0.0.1", port, nil)
			r := do(t, c, MethodPut, "/", nil, body)
			require.NoError(t, r.err)
			require.Equal(t, fmt.Sprintf("%d %x", len(body), sum), string(r.body))
		})
	}
}

// TestRequestHead checks the bytes of the request: line, the caller's
// headers in order, the automatic ones it did not give, the body.
func TestRequestHead(t *testing.T) {
	srv, rec := recordingServer(t)
	hostPort := "127.0.0.1:" + strconv.Itoa(srv.port)
	ua := "User-Agent: " + DefaultUserAgent + "\r\n"
	tests := []struct {
		name     string
		method   Method
		url      string
		headers  []string
		body     string
		wantHead string
		wantBody string
	}{
		{"automatic headers", MethodGet, "/a?b=c", nil, "",
			"GET /a?b=c HTTP/1.1\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
		{"content-length for a body", MethodPost, "/", nil, "abc",
			"POST / HTTP/1.1\r\nHost: " + hostPort + "\r\nContent-Length: 3\r\n" + ua + "Accept: */*\r\n\r\n", "abc"},
		{"no content-length for an empty body", MethodPost, "/", nil, "",
			"POST / HTTP/1.1\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
		{"GET body dropped", MethodGet, "/", nil, "body",
			"GET / HTTP/1.1\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
		{"caller headers first, in order", MethodGet, "/", []string{"X-B: 2", "X-A: 1"}, "",
			"GET / HTTP/1.1\r\nX-B: 2\r\nX-A: 1\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
		{"caller overrides, any case", MethodPut, "/", []string{"user-agent: mine/1", "ACCEPT: text/plain", "host: example.com", "content-length: 4"}, "data",
			"PUT / HTTP/1.1\r\nuser-agent: mine/1\r\nACCEPT: text/plain\r\nhost: example.com\r\ncontent-length: 4\r\n\r\n", "data"},
		{"override without a space after the colon", MethodGet, "/", []string{"accept:x/y"}, "",
			"GET / HTTP/1.1\r\naccept:x/y\r\nHost: " + hostPort + "\r\n" + ua + "\r\n", ""},
		{"a longer name is not an override", MethodGet, "/", []string{"Hostname: h", "Accept-Language: fr"}, "",
			"GET / HTTP/1.1\r\nHostname: h\r\nAccept-Language: fr\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
		{"absolute url kept", MethodGet, "http://example.com/x", nil, "",
			"GET http://example.com/x HTTP/1.1\r\nHost: " + hostPort + "\r\n" + ua + "Accept: */*\r\n\r\n", ""},
	}
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, c, tt.method, tt.url, tt.headers, []byte(tt.body))
			require.NoError(t, r.err)
			heads := rec.all()
			require.Len(t, heads, i+1)
			require.Equal(t, tt.wantHead, heads[i])
			rec.mu.Lock()
			got := string(rec.bodies[i])
			rec.mu.Unlock()
			require.Equal(t, tt.wantBody, got)
		})
	}
}

// TestStatusSequence checks the statuses a script sees while connecting.
func TestStatusSequence(t *testing.T) {
	_, port := httpServer(t, hello)
	dns := startDNS(t, false, map[string][]net.IP{"origin.test": {net.IPv4(127, 0, 0, 1)}})
	tests := []struct {
		host     string
		resolver *net.Resolver
		want     []Status
	}{
		{"127.0.0.1", nil, []Status{StatusConnecting, StatusConnected}},
		{"localhost", nil, []Status{StatusResolving, StatusConnecting, StatusConnected}},
		{"origin.test", dns.resolver(), []Status{StatusResolving, StatusConnecting, StatusConnected}},
		{"http://127.0.0.1", nil, []Status{StatusConnecting, StatusConnected}},
	}
	for _, tt := range tests {
		t.Run(tt.host, func(t *testing.T) {
			c := newClient(t)
			c.SetResolver(tt.resolver)
			require.Equal(t, tt.want, connect(t, c, tt.host, port, nil))
			require.NotNil(t, c.Connection())
			r := do(t, c, MethodGet, "/seq", nil, nil)
			require.NoError(t, r.err)
			require.Equal(t, "hello /seq", string(r.body))
		})
	}
	require.Positive(t, dns.queries.Load())
}

func TestHostHeaderPort(t *testing.T) {
	srv, rec := recordingServer(t)
	c := newClient(t)
	connect(t, c, "localhost", srv.port, nil)
	do(t, c, MethodGet, "/", nil, nil)
	require.Contains(t, rec.all()[0], "\r\nHost: localhost:"+strconv.Itoa(srv.port)+"\r\n")
}

func TestIPv6Loopback(t *testing.T) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	rec := &headRecorder{}
	srv := serveRaw(t, ln, rec.serve)
	c := newClient(t)
	// "::1" is shorter than the 4 characters a host needs; these are not.
	for _, host := range []string{"0::1", "0:0:0:0:0:0:0:1"} {
		require.Equal(t, []Status{StatusConnecting, StatusConnected}, connect(t, c, host, srv.port, nil))
		r := do(t, c, MethodGet, "/v6", nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, "pong", string(r.body))
		heads := rec.all()
		require.Contains(t, heads[len(heads)-1], "\r\nHost: ["+host+"]:"+strconv.Itoa(srv.port)+"\r\n", "an IPv6 literal is bracketed")
	}
}

// TestHeadersStayAfterReading: unlike the built-in, reading the headers
// does not clear them (FIX in the spec); the slice returned is the
// caller's.
func TestHeadersStayAfterReading(t *testing.T) {
	srv := startRawServer(t, canned(false, "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nContent-Length: 2\r\nset-cookie: b=2\r\nX-Empty:\r\n\r\nok"))
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.False(t, c.HasResponse())
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	want := []string{"Set-Cookie: a=1", "Content-Length: 2", "set-cookie: b=2", "X-Empty:"}
	require.Equal(t, want, r.headers)
	require.True(t, c.HasResponse())
	got := c.ResponseHeaders()
	require.Equal(t, want, got)
	got[0] = "changed"
	require.Equal(t, want, c.ResponseHeaders(), "the returned slice is a copy")
	require.Equal(t, []HeaderField{{"Set-Cookie", "a=1; b=2"}, {"Content-Length", "2"}, {"X-Empty", ""}}, c.ResponseHeaderFields())
	require.True(t, c.HasResponse())
	require.Equal(t, 200, c.ResponseCode())
	// A new request forgets them; Close too.
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	require.False(t, c.HasResponse())
	require.Equal(t, 0, c.ResponseCode())
	require.Equal(t, int64(-1), c.ResponseBodyLength())
	pollUntil(t, c, StatusRequesting)
	require.True(t, c.HasResponse())
	c.Close()
	require.False(t, c.HasResponse())
	require.Equal(t, 0, c.ResponseCode())
	require.Equal(t, int64(-1), c.ResponseBodyLength())
	require.Nil(t, c.Connection())
	require.Equal(t, StatusDisconnected, c.Status())
}

// TestReconnectAfterClose: the client can connect again after Close, and
// ConnectToHost on a connected client starts over.
func TestReconnectAfterClose(t *testing.T) {
	_, port := httpServer(t, hello)
	c := newClient(t)
	for i := 0; i < 3; i++ {
		connect(t, c, "127.0.0.1", port, nil)
		r := do(t, c, MethodGet, "/again", nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, "hello /again", string(r.body))
		if i == 1 {
			continue // connect again without Close
		}
		c.Close()
		require.Equal(t, StatusDisconnected, c.Status())
	}
}
