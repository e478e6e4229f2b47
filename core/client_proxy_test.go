package core

// Proxies: plain requests in absolute form through set_http_proxy, CONNECT
// tunnels for TLS through set_https_proxy, refusals and silent proxies,
// and unsetting.

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostEcho answers with the path and the Host header the origin received.
var hostEcho = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "%s host=%s", r.URL.RequestURI(), r.Host)
})

func TestHTTPProxyAbsoluteForm(t *testing.T) {
	_, origin := httpServer(t, hostEcho)
	o := strconv.Itoa(origin)
	proxy := startProxy(t, proxyForward, "")
	tests := []struct {
		name      string
		proxyHost string
		host      string
		wantSeq   []Status
	}{
		{"proxy by IP", "127.0.0.1", "127.0.0.1", []Status{StatusConnecting, StatusConnected}},
		{"proxy by name", "localhost", "127.0.0.1", []Status{StatusResolving, StatusConnecting, StatusConnected}},
		// The origin name is never resolved by the client: the proxy does it.
		{"origin by name", "127.0.0.1", "localhost", []Status{StatusConnecting, StatusConnected}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := len(proxy.requestLines())
			c := newClient(t)
			c.SetHTTPProxy(tt.proxyHost, proxy.port)
			require.Equal(t, tt.wantSeq, connect(t, c, tt.host, origin, nil))
			for _, path := range []string{"/a/b?x=1", "/second"} {
				r := do(t, c, MethodGet, path, nil, nil)
				require.NoError(t, r.err)
				require.Equal(t, path+" host="+tt.host+":"+o, string(r.body))
			}
			r := do(t, c, MethodPost, "/post", nil, []byte("body"))
			require.NoError(t, r.err)
			lines := proxy.requestLines()[before:]
			require.Equal(t, []string{
				"GET http://" + tt.host + ":" + o + "/a/b?x=1 HTTP/1.1",
				"GET http://" + tt.host + ":" + o + "/second HTTP/1.1",
				"POST http://" + tt.host + ":" + o + "/post HTTP/1.1",
			}, lines)
		})
	}
}

// TestHTTPProxyDefaultPort: the absolute url names the port always, the
// Host header only when it is not the default (a raw proxy records both).
func TestHTTPProxyDefaultPort(t *testing.T) {
	proxy, rec := recordingServer(t)
	c := newClient(t)
	c.SetHTTPProxy("127.0.0.1", proxy.port)
	for _, port := range []int{-1, 80, 8080} {
		connect(t, c, "localhost", port, nil)
		r := do(t, c, MethodGet, "/p", nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, "pong", string(r.body))
	}
	heads := rec.all()
	require.Len(t, heads, 3)
	for i, want := range []string{
		"GET http://localhost:80/p HTTP/1.1\r\nHost: localhost\r\n",
		"GET http://localhost:80/p HTTP/1.1\r\nHost: localhost\r\n",
		"GET http://localhost:8080/p HTTP/1.1\r\nHost: localhost:8080\r\n",
	} {
		require.True(t, strings.HasPrefix(heads[i], want), "%q", heads[i])
	}
}

func TestHTTPSProxyTunnel(t *testing.T) {
	ca := newTestCA(t, "test CA")
	_, origin := tlsServer(t, ca.issue(t, loopbackLeaf), hostEcho)
	o := strconv.Itoa(origin)
	proxy := startProxy(t, proxyForward, "")
	c := newClient(t)
	c.SetHTTPSProxy("127.0.0.1", proxy.port)
	require.Equal(t, []Status{StatusConnecting, StatusConnected}, connect(t, c, "localhost", origin, &TLSOptions{TrustedCAPEM: ca.pem}))
	for i := 0; i < 3; i++ {
		r := do(t, c, MethodGet, "/tunnel", nil, nil)
		require.NoError(t, r.err)
		// Inside the tunnel the request is in origin form.
		require.Equal(t, "/tunnel host=localhost:"+o, string(r.body))
	}
	require.Equal(t, []string{"CONNECT localhost:" + o + " HTTP/1.1"}, proxy.requestLines())
	require.Equal(t, []string{"localhost:" + o}, proxy.hostHeaders())

	// The certificate is checked against the origin's name, not the proxy's.
	c2 := newClient(t)
	c2.SetHTTPSProxy("127.0.0.1", proxy.port)
	require.NoError(t, c2.ConnectToHost("localhost", origin, &TLSOptions{TrustedCAPEM: ca.pem, CommonName: "elsewhere.example"}))
	err := pollToEnd(t, c2, StatusConnecting)
	require.Equal(t, StatusTLSHandshakeError, c2.Status())
	failureOf(t, err, ErrCantConnect)
}

// TestProxyKinds: the HTTP proxy serves plain connections only, the HTTPS
// proxy TLS ones only.
func TestProxyKinds(t *testing.T) {
	ca := newTestCA(t, "test CA")
	_, plain := httpServer(t, hostEcho)
	_, secure := tlsServer(t, ca.issue(t, loopbackLeaf), hostEcho)
	httpProxy := startProxy(t, proxyForward, "")
	httpsProxy := startProxy(t, proxyForward, "")
	c := newClient(t)
	c.SetHTTPProxy("127.0.0.1", httpProxy.port)
	c.SetHTTPSProxy("127.0.0.1", httpsProxy.port)

	connect(t, c, "127.0.0.1", plain, nil)
	r := do(t, c, MethodGet, "/plain", nil, nil)
	require.NoError(t, r.err)
	connect(t, c, "127.0.0.1", secure, &TLSOptions{TrustedCAPEM: ca.pem})
	r = do(t, c, MethodGet, "/secure", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, "/secure host=127.0.0.1:"+strconv.Itoa(secure), string(r.body))

	require.Equal(t, []string{"GET http://127.0.0.1:" + strconv.Itoa(plain) + "/plain HTTP/1.1"}, httpProxy.requestLines())
	require.Equal(t, []string{"CONNECT 127.0.0.1:" + strconv.Itoa(secure) + " HTTP/1.1"}, httpsProxy.requestLines())
}

func TestProxyUnset(t *testing.T) {
	ca := newTestCA(t, "test CA")
	_, plain := httpServer(t, hostEcho)
	_, secure := tlsServer(t, ca.issue(t, loopbackLeaf), hostEcho)
	proxy := startProxy(t, proxyForward, "")
	tests := []struct {
		name string
		host string
		port int
	}{
		{"empty host", "", proxy.port},
		{"port -1", "127.0.0.1", -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t)
			c.SetHTTPProxy("127.0.0.1", proxy.port)
			c.SetHTTPSProxy("127.0.0.1", proxy.port)
			c.SetHTTPProxy(tt.host, tt.port)
			c.SetHTTPSProxy(tt.host, tt.port)
			connect(t, c, "127.0.0.1", plain, nil)
			r := do(t, c, MethodGet, "/direct", nil, nil)
			require.NoError(t, r.err)
			require.Equal(t, "/direct host=127.0.0.1:"+strconv.Itoa(plain), string(r.body))
			connect(t, c, "127.0.0.1", secure, &TLSOptions{TrustedCAPEM: ca.pem})
			r = do(t, c, MethodGet, "/direct", nil, nil)
			require.NoError(t, r.err)
		})
	}
	require.Empty(t, proxy.requestLines())
}

// TestProxySettingTakesEffectOnConnect: a proxy set while connected is
// used from the next ConnectToHost, not by the connection in use.
func TestProxySettingTakesEffectOnConnect(t *testing.T) {
	_, plain := httpServer(t, hostEcho)
	proxy := startProxy(t, proxyForward, "")
	c := newClient(t)
	connect(t, c, "127.0.0.1", plain, nil)
	c.SetHTTPProxy("127.0.0.1", proxy.port)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Empty(t, proxy.requestLines())
	connect(t, c, "127.0.0.1", plain, nil)
	r = do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Len(t, proxy.requestLines(), 1)
}

func TestHTTPSProxyRefuses(t *testing.T) {
	tests := []struct {
		name    string
		answer  string // a raw proxy's answer to CONNECT; "" uses the forward proxy refusing with 403
		wantMsg string
	}{
		{"403", "", "403"},
		{"407", "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n", "407"},
		{"bytes after 200", "HTTP/1.1 200 OK\r\n\r\nearly bytes", "after its 200"},
		{"garbage", "SSH-2.0-OpenSSH\r\n\r\n", "malformed"},
		{"closes at once", "-", "proxy"},
		{"answer past MaxHeadBytes", "HTTP/1.1 200 OK\r\n" + headerLines(100, strings.Repeat("v", 700)) + "\r\n", "MaxHeadBytes (65536)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			port := 0
			closed := make(chan struct{}) // the client closed its end
			if tt.answer == "" {
				port = startProxy(t, proxyRefuse, "").port
				close(closed)
			} else {
				port = startRawServer(t, func(sc *serverConn) {
					defer close(closed)
					if _, err := sc.readHead(); err != nil || tt.answer == "-" {
						return
					}
					sc.send(tt.answer)
					sc.hold()
				}).port
			}
			c := newClient(t)
			c.SetHTTPSProxy("127.0.0.1", port)
			require.NoError(t, c.ConnectToHost("127.0.0.1", 443, &TLSOptions{Unsafe: true}))
			err := pollToEnd(t, c, StatusConnecting)
			require.Equal(t, StatusCantConnect, c.Status())
			f := failureOf(t, err, ErrCantConnect)
			assert.Contains(t, f.Msg, tt.wantMsg)
			assert.Contains(t, f.Msg, "127.0.0.1:443")
			require.Equal(t, ErrCantConnect, c.Poll())
			select {
			case <-closed:
			case <-time.After(2 * time.Second):
				t.Fatal("the client kept the refused connection open")
			}
		})
	}
}

// TestHTTPSProxySilent: a proxy that never answers CONNECT leaves the
// client CONNECTING, polls stay quick, and Close returns at once.
func TestHTTPSProxySilent(t *testing.T) {
	proxy := startProxy(t, proxySilent, "")
	c := newClient(t)
	c.SetHTTPSProxy("127.0.0.1", proxy.port)
	require.NoError(t, c.ConnectToHost("127.0.0.1", 443, &TLSOptions{Unsafe: true}))
	end := time.Now().Add(100 * time.Millisecond)
	for time.Now().Before(end) {
		start := time.Now()
		require.NoError(t, c.Poll())
		require.Less(t, time.Since(start), 100*time.Millisecond)
		require.Equal(t, StatusConnecting, c.Status())
		time.Sleep(time.Millisecond)
	}
	require.Eventually(t, func() bool { return len(proxy.requestLines()) == 1 }, time.Second, time.Millisecond)
	require.NotNil(t, currentDial(c))
	closeWaitsForDial(t, c)
}

// TestHTTPProxySilent: a plain proxy that takes the request and never
// answers: REQUESTING, quick polls, prompt Close.
func TestHTTPProxySilent(t *testing.T) {
	var mu sync.Mutex
	var heads []string
	srv := startRawServer(t, func(sc *serverConn) {
		head, err := sc.readHead()
		mu.Lock()
		heads = append(heads, head)
		mu.Unlock()
		if err == nil {
			sc.hold()
		}
	})
	c := newClient(t)
	c.SetHTTPProxy("127.0.0.1", srv.port)
	connect(t, c, "127.0.0.1", 8080, nil)
	require.NoError(t, c.Request(MethodGet, "/x", nil, nil))
	for i := 0; i < 50; i++ {
		require.NoError(t, c.Poll())
		time.Sleep(time.Millisecond)
	}
	require.Equal(t, StatusRequesting, c.Status())
	start := time.Now()
	c.Close()
	require.Less(t, time.Since(start), 500*time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, heads, 1)
	require.True(t, strings.HasPrefix(heads[0], "GET http://127.0.0.1:8080/x HTTP/1.1\r\n"), heads[0])
}
