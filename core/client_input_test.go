package core

// Bad input: every refusal returns the spec's code as a *Failure naming
// the bad value, and changes nothing. Also the codes Poll answers in each
// final status.

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRequestRefused sends bad requests on a connected client holding a
// response: each is refused, the response stays, nothing reaches the
// server, and a good request afterwards works.
func TestRequestRefused(t *testing.T) {
	srv, rec := recordingServer(t)
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	r := do(t, c, MethodGet, "/first", nil, nil)
	require.NoError(t, r.err)
	long := strings.Repeat("a", 100)
	tests := []struct {
		name    string
		method  Method
		url     string
		headers []string
		want    []string // in the message
	}{
		{"method -1", -1, "/", nil, []string{"method -1"}},
		{"method 9", 9, "/", nil, []string{"method 9"}},
		{"method 100", 100, "/", nil, []string{"method 100"}},
		{"CONNECT with a path", MethodConnect, "/x", nil, []string{"METHOD_CONNECT", `"/x"`}},
		{"CONNECT with a leading colon", MethodConnect, ":443", nil, []string{`":443"`}},
		{"CONNECT with a trailing colon", MethodConnect, "host:", nil, []string{`"host:"`}},
		{"CONNECT without a port", MethodConnect, "host", nil, []string{`"host"`}},
		{"CONNECT with a url", MethodConnect, "", nil, []string{`""`}},
		{"GET *", MethodGet, "*", nil, []string{`"*"`}},
		{"OPTIONS with a bad url", MethodOptions, "**", nil, []string{`"**"`}},
		{"no slash", MethodGet, "index.html", nil, []string{`"index.html"`}},
		{"empty url", MethodGet, "", nil, []string{`""`}},
		{"other scheme", MethodGet, "ftp://host/", nil, []string{`"ftp://host/"`}},
		{"upper-case scheme", MethodGet, "HTTP://host/", nil, []string{`"HTTP://host/"`}},
		{"long url cut in the message", MethodGet, long, nil, []string{`"` + long[:64] + `"...`}},
		{"CR LF in url", MethodGet, "/a\r\nX-Injected: 1", nil, []string{"control character at index 2"}},
		{"LF in url", MethodGet, "/a\nb", nil, []string{"control character at index 2"}},
		{"NUL in url", MethodGet, "/a\x00", nil, []string{"control character at index 2"}},
		{"CR in CONNECT url", MethodConnect, "h:1\r", nil, []string{"control character at index 3"}},
		{"header without colon", MethodGet, "/", []string{"X-A: 1", "NoColon"}, []string{"header 1", `"NoColon"`}},
		{"empty header", MethodGet, "/", []string{""}, []string{"header 0 is empty"}},
		{"blank header", MethodGet, "/", []string{"X-A: 1", " \t "}, []string{"header 1 is empty"}},
		{"header without a name", MethodGet, "/", []string{":x"}, []string{"header 0", `":x"`}},
		{"header without a name after spaces", MethodGet, "/", []string{"  :x"}, []string{"header 0", `"  :x"`}},
		{"CR LF in a header", MethodGet, "/", []string{"X-A: 1\r\nX-Injected: 2"}, []string{"header 0", "control character at index 6"}},
		{"LF in a header", MethodGet, "/", []string{"X-A: 1", "X-B: 1\nX"}, []string{"header 1", "control character at index 6"}},
		{"NUL in a header", MethodGet, "/", []string{"X-A: \x00"}, []string{"header 0", "control character at index 5"}},
		{"CR at the end of a header", MethodGet, "/", []string{"X-A: 1\r"}, []string{"control character at index 6"}},
		{"bad method first, then url", -1, "bad", nil, []string{"method -1"}},
		{"bad url before bad headers", MethodGet, "bad", []string{"bad"}, []string{`url "bad"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := c.Request(tt.method, tt.url, tt.headers, []byte("body"))
			f := failureOf(t, err, ErrInvalidParameter)
			for _, w := range tt.want {
				assert.Contains(t, f.Msg, w)
			}
			assert.Equal(t, StatusConnected, c.Status())
			assert.Equal(t, 200, c.ResponseCode())
			assert.True(t, c.HasResponse())
			assert.Equal(t, r.headers, c.ResponseHeaders())
			assert.Equal(t, int64(4), c.ResponseBodyLength())
			assert.NoError(t, c.Poll())
		})
	}
	require.Len(t, rec.all(), 1, "no refused request reached the server")
	for _, ok := range []struct {
		m   Method
		url string
	}{{MethodGet, "/ok"}, {MethodOptions, "*"}, {MethodConnect, "example.com:443"}, {MethodGet, "http://h/x"}, {MethodGet, "https://h/x"}} {
		r := do(t, c, ok.m, ok.url, []string{"X-Ok: 1", "  X-Spaces: 2  "}, nil)
		require.NoError(t, r.err, "%s %s", ok.m, ok.url)
		require.Equal(t, "pong", string(r.body))
	}
	heads := rec.all()
	require.True(t, strings.HasPrefix(heads[len(heads)-3], "CONNECT example.com:443 HTTP/1.1\r\n"), heads[len(heads)-3])
}

// TestRequestWrongStatus: a request is only taken in STATUS_CONNECTED,
// and is checked in the built-in's order (method, url, status, headers).
func TestRequestWrongStatus(t *testing.T) {
	c := newClient(t)
	f := failureOf(t, c.Request(MethodGet, "/", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_DISCONNECTED")
	f = failureOf(t, c.Request(MethodGet, "/", []string{"bad"}, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_DISCONNECTED", "the status is checked before the headers")
	f = failureOf(t, c.Request(-1, "bad", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "method -1", "the method is checked first")
	f = failureOf(t, c.Request(MethodGet, "bad", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, `"bad"`, "the url before the status")
	assert.Equal(t, StatusDisconnected, c.Status())

	// In REQUESTING and BODY.
	srv := startRawServer(t, canned(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"))
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	f = failureOf(t, c.Request(MethodGet, "/", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_REQUESTING")
	pollUntil(t, c, StatusRequesting)
	require.Equal(t, StatusBody, c.Status())
	f = failureOf(t, c.Request(MethodGet, "/", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_BODY")
	require.Equal(t, StatusBody, c.Status())
	body, err := c.ReadResponseBodyChunk()
	require.NoError(t, err)
	require.Equal(t, "abc", string(body))

	// In RESOLVING / CONNECTING, and in a failed status.
	require.NoError(t, c.ConnectToHost("127.0.0.1", closedPort(t), nil))
	f = failureOf(t, c.Request(MethodGet, "/", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_CONNECTING")
	pollToEnd(t, c, StatusConnecting)
	f = failureOf(t, c.Request(MethodGet, "/", nil, nil), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "STATUS_CANT_CONNECT")
	assert.Equal(t, StatusCantConnect, c.Status())
}

// TestReadBodyNotInBody: body reads outside STATUS_BODY return nothing
// and ERR_UNAVAILABLE naming the status.
func TestReadBodyNotInBody(t *testing.T) {
	srv := startRawServer(t, canned(false, "HTTP/1.1 204 No Content\r\n\r\n"))
	c := newClient(t)
	check := func(status Status) {
		t.Helper()
		require.Equal(t, status, c.Status())
		require.Equal(t, 0, c.NextChunkLen())
		b, err := c.ReadResponseBodyChunk()
		require.Empty(t, b)
		f := failureOf(t, err, ErrUnavailable)
		assert.Contains(t, f.Msg, status.String())
		n, err := c.ReadResponseBodyInto(make([]byte, 10))
		require.Zero(t, n)
		f = failureOf(t, err, ErrUnavailable)
		assert.Contains(t, f.Msg, status.String())
		require.Equal(t, status, c.Status(), "a refused read changes nothing")
	}
	check(StatusDisconnected)
	require.NoError(t, c.ConnectToHost("127.0.0.1", srv.port, nil))
	check(StatusConnecting)
	pollToEnd(t, c, StatusConnecting)
	check(StatusConnected)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	check(StatusRequesting)
	pollUntil(t, c, StatusRequesting)
	check(StatusConnected) // 204: no body
	require.Equal(t, 204, c.ResponseCode())
}

func TestSetReadChunkSizeRefused(t *testing.T) {
	c := newClient(t)
	require.Equal(t, DefaultReadChunkSize, c.ReadChunkSize())
	require.NoError(t, c.SetReadChunkSize(1000))
	for _, n := range []int{255, 16777217, 0, -1, 1 << 30} {
		err := c.SetReadChunkSize(n)
		f := failureOf(t, err, ErrInvalidParameter)
		assert.Contains(t, f.Msg, strconv.Itoa(n))
		assert.Equal(t, 1000, c.ReadChunkSize(), "the old value stays")
	}
	for _, n := range []int{256, 16777216} {
		require.NoError(t, c.SetReadChunkSize(n))
		require.Equal(t, n, c.ReadChunkSize())
	}
}

func TestConnectRefused(t *testing.T) {
	tests := []struct {
		name string
		host string
		port int
		opts *TLSOptions
		want []string
	}{
		{"short host", "abc", 80, nil, []string{`"abc"`, "shorter than 4"}},
		{"empty host", "", 80, nil, []string{`""`}},
		{"short after http://", "http://abc", 80, nil, []string{`"abc"`}},
		{"short after HTTPS://", "HTTPS://a.b", 443, nil, []string{`"a.b"`}},
		{"::1 is too short", "::1", 80, nil, []string{`"::1"`}},
		{"server TLS options", "localhost", 443, &TLSOptions{Server: true}, []string{"server"}},
		{"server TLS options checked before the host", "ab", 443, &TLSOptions{Server: true}, []string{"server"}},
		{"CR LF in host", "local\r\nhost", 80, nil, []string{"control character"}},
		{"NUL in host", "localhost\x00.x", 80, nil, []string{"control character"}},
		{"bad trusted chain", "localhost", 443, &TLSOptions{TrustedCAPEM: []byte("not a pem")}, []string{"trusted CA chain"}},
	}
	_, port := httpServer(t, hello)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t)
			// Connect starts by closing: a connected client ends DISCONNECTED.
			connect(t, c, "127.0.0.1", port, nil)
			f := failureOf(t, c.ConnectToHost(tt.host, tt.port, tt.opts), ErrInvalidParameter)
			for _, w := range tt.want {
				assert.Contains(t, f.Msg, w)
			}
			assert.Equal(t, StatusDisconnected, c.Status())
			assert.Nil(t, c.Connection())
			assert.Equal(t, ErrUnconfigured, c.Poll())
			assert.Nil(t, currentDial(c))
			noDialGoroutines(t)
		})
	}
}

// TestSchemePrefix: "https://" turns TLS on with port 443 by default,
// "http://" drops the TLS options (seen through proxies).
func TestSchemePrefix(t *testing.T) {
	plainProxy, rec := recordingServer(t)
	tlsProxy := startProxy(t, proxyRefuse, "")
	tests := []struct {
		name     string
		host     string
		port     int
		opts     *TLSOptions
		wantLine string // the request line the proxy receives
	}{
		{"https:// default port", "https://127.0.0.1", -1, nil, "CONNECT 127.0.0.1:443 HTTP/1.1"},
		{"HTTPS:// upper case", "HTTPS://localhost", -1, nil, "CONNECT localhost:443 HTTP/1.1"},
		{"https:// explicit port", "https://127.0.0.1", 8443, nil, "CONNECT 127.0.0.1:8443 HTTP/1.1"},
		{"https:// keeps given options", "https://127.0.0.1", -1, &TLSOptions{Unsafe: true}, "CONNECT 127.0.0.1:443 HTTP/1.1"},
		{"TLS options, port -1", "127.0.0.1", -1, ClientTLS(), "CONNECT 127.0.0.1:443 HTTP/1.1"},
		{"http:// drops TLS options", "http://127.0.0.1", -1, ClientTLS(), "GET http://127.0.0.1:80/ HTTP/1.1"},
		{"Http:// drops TLS options, explicit port", "Http://localhost", 8080, &TLSOptions{Unsafe: true}, "GET http://localhost:8080/ HTTP/1.1"},
		{"no scheme, no options, port -1", "localhost", -1, nil, "GET http://localhost:80/ HTTP/1.1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(rec.all())
			beforeTLS := len(tlsProxy.requestLines())
			c := newClient(t)
			c.SetHTTPProxy("127.0.0.1", plainProxy.port)
			c.SetHTTPSProxy("127.0.0.1", tlsProxy.port)
			require.NoError(t, c.ConnectToHost(tt.host, tt.port, tt.opts))
			pollToEnd(t, c, StatusResolving, StatusConnecting)
			if strings.HasPrefix(tt.wantLine, "CONNECT") {
				require.Equal(t, StatusCantConnect, c.Status())
				require.Equal(t, []string{tt.wantLine}, tlsProxy.requestLines()[beforeTLS:])
				return
			}
			require.Equal(t, StatusConnected, c.Status())
			r := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, r.err)
			heads := rec.all()[before:]
			require.Len(t, heads, 1)
			require.True(t, strings.HasPrefix(heads[0], tt.wantLine+"\r\n"), heads[0])
		})
	}

	// Directly: "http://" with TLS options talks plain HTTP to a plain server.
	_, port := httpServer(t, hello)
	c := newClient(t)
	connect(t, c, "http://127.0.0.1", port, ClientTLS())
	r := do(t, c, MethodGet, "/plain", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, "hello /plain", string(r.body))
}

func TestSetDefaultCAPEMRefused(t *testing.T) {
	ca := newTestCA(t, "test CA")
	_, port := tlsServer(t, ca.issue(t, loopbackLeaf), hello)
	c := newClient(t)
	require.NoError(t, c.SetDefaultCAPEM(ca.pem))
	f := failureOf(t, c.SetDefaultCAPEM([]byte("-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n")), ErrInvalidData)
	assert.Contains(t, f.Msg, "default CA bundle")
	// The bundle set before stays in force.
	connect(t, c, "127.0.0.1", port, ClientTLS())
	require.Equal(t, StatusConnected, c.Status())
	r := do(t, c, MethodGet, "/ca", nil, nil)
	require.NoError(t, r.err)
	// Empty means the system's roots again, which do not know the test CA.
	require.NoError(t, c.SetDefaultCAPEM(nil))
	connect(t, c, "127.0.0.1", port, ClientTLS())
	require.Equal(t, StatusTLSHandshakeError, c.Status())
}

// TestPollCodes: what Poll answers in each final status, the first time
// (a *Failure saying why) and every time after (the bare code).
func TestPollCodes(t *testing.T) {
	dns := startDNS(t, false, map[string][]net.IP{})
	silentTLS := startRawServer(t, func(sc *serverConn) {
		sc.send("this is not TLS\r\n\r\n")
	})
	hangUp := startRawServer(t, canned(true, pong))
	tests := []struct {
		name     string
		start    func(t *testing.T, c *Client)
		status   Status
		first    Error  // code of the Poll that reached status
		firstMsg string // in its message
		repeated Error
	}{
		{"cant connect", func(t *testing.T, c *Client) {
			require.NoError(t, c.ConnectToHost("127.0.0.1", closedPort(t), nil))
		}, StatusCantConnect, ErrCantConnect, "can't connect to 127.0.0.1 port", ErrCantConnect},
		{"cant resolve", func(t *testing.T, c *Client) {
			c.SetResolver(dns.resolver())
			require.NoError(t, c.ConnectToHost("nxdomain.test", 80, nil))
			require.Equal(t, StatusResolving, c.Status())
		}, StatusCantResolve, ErrCantResolve, `"nxdomain.test"`, ErrCantResolve},
		{"tls handshake error", func(t *testing.T, c *Client) {
			require.NoError(t, c.ConnectToHost("127.0.0.1", silentTLS.port, &TLSOptions{Unsafe: true}))
		}, StatusTLSHandshakeError, ErrCantConnect, "TLS handshake", ErrConnectionError},
		{"connection error", func(t *testing.T, c *Client) {
			connect(t, c, "127.0.0.1", hangUp.port, nil)
			do(t, c, MethodGet, "/", nil, nil)
		}, StatusConnectionError, ErrConnectionError, "closed", ErrConnectionError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t)
			tt.start(t, c)
			err := pollToEnd(t, c, StatusResolving, StatusConnecting, StatusConnected)
			require.Equal(t, tt.status, c.Status())
			f := failureOf(t, err, tt.first)
			assert.Contains(t, f.Msg, tt.firstMsg)
			assert.Equal(t, f, c.LastFailure())
			for i := 0; i < 3; i++ {
				assert.Equal(t, tt.repeated, c.Poll(), "a repeated poll answers the bare code")
				assert.Equal(t, tt.status, c.Status())
			}
			assert.Nil(t, c.Connection())
			c.Close()
			assert.Equal(t, StatusDisconnected, c.Status())
			assert.NoError(t, c.LastFailure())
			assert.Equal(t, ErrUnconfigured, c.Poll())
		})
	}
	require.Positive(t, dns.queries.Load(), "the test DNS server was asked")
}

func TestPollDisconnected(t *testing.T) {
	c := newClient(t)
	for i := 0; i < 3; i++ {
		require.Equal(t, ErrUnconfigured, c.Poll())
		require.Equal(t, StatusDisconnected, c.Status())
	}
	require.Equal(t, 0, c.ResponseCode())
	require.Equal(t, int64(-1), c.ResponseBodyLength())
	require.False(t, c.IsResponseChunked())
	require.False(t, c.HasResponse())
	require.Nil(t, c.Connection())
	require.False(t, c.BlockingMode())
	require.Equal(t, DefaultReadChunkSize, c.ReadChunkSize())
	require.Equal(t, Limits{}.WithDefaults(), c.Limits())
}

// TestResolveNextAddress: when the first resolved address refuses the
// connection, the next one is tried.
func TestResolveNextAddress(t *testing.T) {
	ln6, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skipf("no IPv6 loopback: %v", err)
	}
	ln6.Close()
	dns := startDNS(t, false, map[string][]net.IP{"both.test": {net.IPv4(127, 0, 0, 1), net.IPv6loopback}})
	found, err := dns.resolver().LookupIPAddr(t.Context(), "both.test")
	require.NoError(t, err)
	require.Len(t, found, 2)
	// Listen on the family of the address tried last, on a port free in both.
	network, addr := "tcp4", "127.0.0.1:0"
	if found[1].IP.To4() == nil {
		network, addr = "tcp6", "[::1]:0"
	}
	ln, err := net.Listen(network, addr)
	require.NoError(t, err)
	srv := serveRaw(t, ln, canned(false))
	c := newClient(t)
	c.SetResolver(dns.resolver())
	require.Equal(t, []Status{StatusResolving, StatusConnecting, StatusConnected}, connect(t, c, "both.test", srv.port, nil))
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, "pong", string(r.body))

	// None accepts: CANT_CONNECT.
	require.NoError(t, c.ConnectToHost("both.test", closedPort(t), nil))
	err = pollToEnd(t, c, StatusResolving, StatusConnecting)
	require.Equal(t, StatusCantConnect, c.Status())
	failureOf(t, err, ErrCantConnect)
}

// TestCodeOf maps errors to Godot codes.
func TestCodeOf(t *testing.T) {
	assert.Equal(t, OK, CodeOf(nil))
	assert.Equal(t, ErrCantConnect, CodeOf(ErrCantConnect))
	assert.Equal(t, ErrInvalidData, CodeOf(failf(ErrInvalidData, "x")))
	assert.Equal(t, Failed, CodeOf(assert.AnError))
	assert.ErrorIs(t, failf(ErrTimeout, "x"), ErrTimeout)
	assert.Equal(t, "ERR_CANT_RESOLVE", ErrCantResolve.Error())
	assert.Equal(t, "Error(99)", Error(99).Error())
	assert.Equal(t, "STATUS_TLS_HANDSHAKE_ERROR", StatusTLSHandshakeError.String())
	assert.Equal(t, "STATUS_INVALID", Status(10).String())
	assert.Equal(t, "PATCH", MethodPatch.String())
	assert.Equal(t, "INVALID", MethodMax.String())
}

// TestPortOutOfRange follows the built-in: with an IP literal the connect
// cannot start (STATUS_CANT_CONNECT and ERR_INVALID_PARAMETER at once);
// with a name, the failure comes on the Poll after resolution.
func TestPortOutOfRange(t *testing.T) {
	for _, port := range []int{0, 65536, 70000, 1 << 20} {
		t.Run(fmt.Sprint("ip/", port), func(t *testing.T) {
			c := newClient(t)
			f := failureOf(t, c.ConnectToHost("127.0.0.1", port, nil), ErrInvalidParameter)
			assert.Contains(t, f.Msg, fmt.Sprintf("port %d", port))
			assert.Equal(t, StatusCantConnect, c.Status())
			assert.Equal(t, f, c.LastFailure(), "the failure is kept, as on the name path")
			noDialGoroutines(t)
		})
		t.Run(fmt.Sprint("name/", port), func(t *testing.T) {
			c := newClient(t)
			require.NoError(t, c.ConnectToHost("localhost", port, nil))
			assert.Equal(t, StatusResolving, c.Status())
			seq := pollUntil(t, c, StatusResolving)
			assert.Equal(t, []Status{StatusResolving, StatusCantConnect}, seq)
			f, ok := c.LastFailure().(*Failure)
			require.True(t, ok)
			assert.Equal(t, ErrInvalidParameter, f.Code)
			assert.Contains(t, f.Msg, fmt.Sprintf("port %d", port))
			assert.Equal(t, ErrCantConnect, c.Poll())
		})
	}
}
