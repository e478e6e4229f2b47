package core

// TLS: certificate checks of TLSOptions (client and client_unsafe), the
// default CA bundle, protocol versions, a peer that does not speak TLS,
// keep-alive and large bodies over TLS in both modes.

import (
	"crypto/sha256"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTLSVerification(t *testing.T) {
	ca := newTestCA(t, "test CA")
	otherCA := newTestCA(t, "other CA")
	good := ca.issue(t, loopbackLeaf)
	wrongName := ca.issue(t, leafSpec{dns: []string{"other.example"}})
	expired := ca.issue(t, leafSpec{dns: []string{"localhost"}, ips: loopbackLeaf.ips, expired: true})
	self := selfSigned(t, loopbackLeaf)
	selfExpiredWrong := selfSigned(t, leafSpec{dns: []string{"other.example"}, expired: true})
	// Certificates naming their host only in the subject's common name, as
	// Godot's Crypto.generate_self_signed_certificate makes them.
	cnOnly := ca.issue(t, leafSpec{cn: "localhost"})
	cnOnlyIP := ca.issue(t, leafSpec{cn: "127.0.0.1"})
	cnAndSAN := ca.issue(t, leafSpec{cn: "localhost", dns: []string{"other.example"}})

	tests := []struct {
		name      string
		cert      tls.Certificate
		host      string
		opts      *TLSOptions
		defaultCA []byte
		wantErr   string // in the failure message; "" means the connection works
	}{
		{"trusted CA, IP", good, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, ""},
		{"trusted CA, name", good, "localhost", &TLSOptions{TrustedCAPEM: ca.pem}, nil, ""},
		{"https:// prefix, default CA bundle", good, "https://localhost", nil, ca.pem, ""},
		{"wrong name", wrongName, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, "127.0.0.1"},
		{"wrong name, common name override", wrongName, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem, CommonName: "other.example"}, nil, ""},
		{"right name, wrong override", good, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem, CommonName: "other.example"}, nil, "other.example"},
		{"self-signed, system roots", self, "127.0.0.1", ClientTLS(), nil, "certificate"},
		{"self-signed, other chain", self, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, "certificate"},
		{"self-signed trusted as its own chain", self, "127.0.0.1", &TLSOptions{TrustedCAPEM: certPEM(self.Certificate[0])}, nil, ""},
		{"expired", expired, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, "expired"},
		{"untrusted CA", good, "127.0.0.1", &TLSOptions{TrustedCAPEM: otherCA.pem}, nil, "certificate"},
		{"chain in options wins over the default bundle", good, "127.0.0.1", &TLSOptions{TrustedCAPEM: otherCA.pem}, ca.pem, "certificate"},
		{"default bundle used when no chain", good, "127.0.0.1", ClientTLS(), ca.pem, ""},
		{"default bundle, wrong name still checked", wrongName, "127.0.0.1", ClientTLS(), ca.pem, "127.0.0.1"},
		{"unsafe, no chain: self-signed expired wrong name", selfExpiredWrong, "127.0.0.1", &TLSOptions{Unsafe: true}, nil, ""},
		{"unsafe, no chain, default bundle ignored", self, "127.0.0.1", &TLSOptions{Unsafe: true}, otherCA.pem, ""},
		{"unsafe with chain: no name check", wrongName, "127.0.0.1", &TLSOptions{Unsafe: true, TrustedCAPEM: ca.pem}, nil, ""},
		{"unsafe with chain: chain still checked", self, "127.0.0.1", &TLSOptions{Unsafe: true, TrustedCAPEM: ca.pem}, nil, "certificate"},
		{"unsafe with chain: expiry still checked", expired, "127.0.0.1", &TLSOptions{Unsafe: true, TrustedCAPEM: ca.pem}, nil, "expired"},
		{"common name only, matching", cnOnly, "localhost", &TLSOptions{TrustedCAPEM: ca.pem}, nil, ""},
		{"common name only, matching IP", cnOnlyIP, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, ""},
		{"common name only, other name", cnOnly, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem}, nil, "127.0.0.1"},
		{"common name only, override", cnOnly, "127.0.0.1", &TLSOptions{TrustedCAPEM: ca.pem, CommonName: "localhost"}, nil, ""},
		{"common name ignored when names are listed", cnAndSAN, "localhost", &TLSOptions{TrustedCAPEM: ca.pem}, nil, "localhost"},
		{"common name only, untrusted", cnOnly, "localhost", &TLSOptions{TrustedCAPEM: otherCA.pem}, nil, "certificate"},
		{"unsafe with chain: other CA refused", wrongName, "127.0.0.1", &TLSOptions{Unsafe: true, TrustedCAPEM: otherCA.pem}, nil, "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, port := tlsServer(t, tt.cert, hello)
			c := newClient(t)
			require.NoError(t, c.SetDefaultCAPEM(tt.defaultCA))
			require.NoError(t, c.ConnectToHost(tt.host, port, tt.opts))
			err := pollToEnd(t, c, StatusResolving, StatusConnecting)
			if tt.wantErr == "" {
				require.NoError(t, err)
				require.Equal(t, StatusConnected, c.Status())
				r := do(t, c, MethodGet, "/tls", nil, nil)
				require.NoError(t, r.err)
				require.Equal(t, "hello /tls", string(r.body))
				return
			}
			require.Equal(t, StatusTLSHandshakeError, c.Status())
			f := failureOf(t, err, ErrCantConnect)
			assert.Contains(t, f.Msg, "TLS handshake")
			assert.Contains(t, f.Msg, tt.wantErr)
			require.Equal(t, f, c.LastFailure())
			require.Nil(t, c.Connection())
			// The failed status keeps answering.
			require.Equal(t, ErrConnectionError, c.Poll())
			require.Equal(t, StatusTLSHandshakeError, c.Status())
		})
	}
}

// TestTLSPlainPeer: a server that answers a ClientHello in plain HTTP.
func TestTLSPlainPeer(t *testing.T) {
	srv := startRawServer(t, func(sc *serverConn) {
		buf := make([]byte, 512)
		sc.Read(buf)
		sc.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
	})
	c := newClient(t)
	require.NoError(t, c.ConnectToHost("127.0.0.1", srv.port, &TLSOptions{Unsafe: true}))
	err := pollToEnd(t, c, StatusConnecting)
	require.Equal(t, StatusTLSHandshakeError, c.Status())
	failureOf(t, err, ErrCantConnect)
}

// TestTLSOldVersionRefused: TLS 1.2 and 1.3 only.
func TestTLSOldVersionRefused(t *testing.T) {
	ca := newTestCA(t, "test CA")
	cert := ca.issue(t, loopbackLeaf)
	ln, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{
		Certificates: []tls.Certificate{cert},
		MinVersion:   tls.VersionTLS10,
		MaxVersion:   tls.VersionTLS11,
	})
	require.NoError(t, err)
	serverErr := make(chan error, 4)
	srv := serveRaw(t, ln, func(sc *serverConn) {
		serverErr <- sc.Conn.(*tls.Conn).Handshake()
	})
	c := newClient(t)
	require.NoError(t, c.ConnectToHost("127.0.0.1", srv.port, &TLSOptions{TrustedCAPEM: ca.pem}))
	err = pollToEnd(t, c, StatusConnecting)
	require.Equal(t, StatusTLSHandshakeError, c.Status())
	failureOf(t, err, ErrCantConnect)
	serr := <-serverErr
	require.Error(t, serr)
	require.Contains(t, serr.Error(), "version", "the server found no common version")
}

// TestTLSMinVersion checks the versions the client offers.
func TestTLSMinVersion(t *testing.T) {
	for _, opts := range []*TLSOptions{ClientTLS(), {Unsafe: true}, {Unsafe: true, TrustedCAPEM: newTestCA(t, "x").pem}} {
		cfg, err := tlsConfig(opts, "localhost", nil)
		require.NoError(t, err)
		require.Equal(t, uint16(tls.VersionTLS12), cfg.MinVersion)
	}
}

func TestTLSKeepAlive(t *testing.T) {
	ca := newTestCA(t, "test CA")
	var mu sync.Mutex
	remotes := map[string]int{}
	_, port := tlsServer(t, ca.issue(t, loopbackLeaf), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		remotes[r.RemoteAddr]++
		mu.Unlock()
		if r.Method == http.MethodPost {
			io.Copy(w, r.Body)
			return
		}
		fmt.Fprintf(w, "tls %s host=%s", r.URL.Path, r.Host)
	}))
	c := newClient(t)
	connect(t, c, "127.0.0.1", port, &TLSOptions{TrustedCAPEM: ca.pem})
	for i := 0; i < 10; i++ {
		path := "/" + strconv.Itoa(i)
		r := do(t, c, MethodGet, path, nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, "tls "+path+" host=127.0.0.1:"+strconv.Itoa(port), string(r.body))
		require.Equal(t, StatusConnected, r.status)
		// Idle polls between requests keep the connection.
		for j := 0; j < 5; j++ {
			require.NoError(t, c.Poll())
		}
		require.Equal(t, StatusConnected, c.Status())
	}
	r := do(t, c, MethodPost, "/echo", nil, []byte("posted over tls"))
	require.NoError(t, r.err)
	require.Equal(t, "posted over tls", string(r.body))
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, remotes, 1)
}

// TestTLSLargeBody reads 8 MiB over TLS (Content-Length and chunked) and
// sends 4 MiB, in non-blocking and blocking mode.
func TestTLSLargeBody(t *testing.T) {
	const size = 8 << 20
	payload := make([]byte, size)
	for i := range payload {
		payload[i] = byte(i * 7)
	}
	sum := sha256.Sum256(payload)
	ca := newTestCA(t, "test CA")
	_, port := tlsServer(t, ca.issue(t, loopbackLeaf), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			h := sha256.New()
			n, _ := io.Copy(h, r.Body)
			fmt.Fprintf(w, "%d %x", n, h.Sum(nil))
			return
		}
		if r.URL.Query().Get("chunked") == "" {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		for off := 0; off < size; off += 1 << 20 {
			w.Write(payload[off : off+1<<20])
		}
	}))
	for _, blocking := range []bool{false, true} {
		for _, url := range []string{"/", "/?chunked=1"} {
			t.Run(fmt.Sprintf("blocking=%v%s", blocking, url), func(t *testing.T) {
				c := newClient(t)
				c.SetBlockingMode(blocking)
				connect(t, c, "localhost", port, &TLSOptions{TrustedCAPEM: ca.pem})
				require.NoError(t, c.Request(MethodGet, url, nil, nil))
				pollUntil(t, c, StatusRequesting)
				require.Equal(t, 200, c.ResponseCode())
				h := sha256.New()
				n := 0
				buf := make([]byte, DefaultReadChunkSize)
				for c.Status() == StatusBody {
					got, err := c.ReadResponseBodyInto(buf)
					require.NoError(t, err)
					if blocking && !c.IsResponseChunked() && c.Status() == StatusBody {
						require.Equal(t, len(buf), got, "a blocking read fills what it asked for")
					}
					h.Write(buf[:got])
					n += got
				}
				require.Equal(t, StatusConnected, c.Status())
				require.Equal(t, size, n)
				require.Equal(t, sum[:], h.Sum(nil))

				r := do(t, c, MethodPut, "/", nil, payload[:4<<20])
				require.NoError(t, r.err)
				up := sha256.Sum256(payload[:4<<20])
				require.Equal(t, fmt.Sprintf("%d %x", 4<<20, up), string(r.body))
			})
		}
	}
}

// TestTLSServerClosesIdle: a TLS server that closes an idle connection.
func TestTLSServerClosesIdle(t *testing.T) {
	ca := newTestCA(t, "test CA")
	cert := ca.issue(t, loopbackLeaf)
	ln, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	require.NoError(t, err)
	srv := serveRaw(t, ln, func(sc *serverConn) {
		if _, _, err := sc.readRequest(); err != nil {
			return
		}
		sc.send(pong)
		// then close: the deferred Close of the server ends the connection
	})
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, &TLSOptions{TrustedCAPEM: ca.pem})
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, "pong", string(r.body))
	err = pollToEnd(t, c, StatusConnected)
	require.Equal(t, StatusConnectionError, c.Status())
	failureOf(t, err, ErrConnectionError)
}

// TestTLSHostHeaderDefaultPort: the Host header of a
// TLS connection on port 443 leaves the port out (checked through a
// CONNECT proxy standing for port 443).
func TestTLSHostHeaderDefaultPort(t *testing.T) {
	ca := newTestCA(t, "test CA")
	var mu sync.Mutex
	var hosts []string
	_, port := tlsServer(t, ca.issue(t, loopbackLeaf), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hosts = append(hosts, r.Host)
		mu.Unlock()
	}))
	proxy := startProxy(t, proxyForward, net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	c := newClient(t)
	c.SetHTTPSProxy("127.0.0.1", proxy.port)
	require.NoError(t, c.SetDefaultCAPEM(ca.pem))
	connect(t, c, "https://127.0.0.1", -1, nil)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, []string{"CONNECT 127.0.0.1:443 HTTP/1.1"}, proxy.requestLines())
	mu.Lock()
	defer mu.Unlock()
	require.Equal(t, []string{"127.0.0.1"}, hosts)
}

// TestTLSUploadBackPressure: a large upload over TLS in non-blocking mode
// to a server that does not read keeps only about one record waiting in
// the client, whatever the size of the body.
func TestTLSUploadBackPressure(t *testing.T) {
	ca := newTestCA(t, "test CA")
	cert := ca.issue(t, loopbackLeaf)
	ln, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	require.NoError(t, err)
	release := make(chan struct{})
	defer close(release)
	srv := serveRaw(t, ln, func(sc *serverConn) {
		if _, err := sc.readHead(); err != nil {
			return
		}
		<-release // not reading: the client's writes back up
	})
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, &TLSOptions{TrustedCAPEM: ca.pem})
	body := make([]byte, 32<<20)
	require.NoError(t, c.Request(MethodPut, "/", nil, body))
	tt := c.Connection().(*tlsTransport)
	maxPending := 0
	for i := 0; i < 300; i++ {
		require.NoError(t, c.Poll())
		maxPending = max(maxPending, len(tt.sc.pending))
	}
	require.Equal(t, StatusRequesting, c.Status())
	require.Less(t, c.outOff, len(body), "the socket cannot have taken it all")
	require.LessOrEqual(t, maxPending, 2*tlsWriteChunk, "bytes waiting in the client")
}
