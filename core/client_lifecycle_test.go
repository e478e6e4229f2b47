package core

// Lifecycle: nothing outlives Close, Close interrupts a blocked call from
// another goroutine, concurrent calls are safe, and a caller's own
// Transport (set_connection) carries requests.

import (
	"bufio"
	"crypto/tls"
	"errors"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNoGoroutineOutlivesClose closes a client in every phase of a
// connection and checks that Close returns at once and leaves nothing
// running: the dial goroutine is gone when Close returns, and the
// goroutine count comes back to what it was before the client started.
func TestNoGoroutineOutlivesClose(t *testing.T) {
	tests := []struct {
		name string
		// prepare starts the servers of the case and returns what takes
		// the client to the phase.
		prepare func(t *testing.T) func(c *Client)
		want    Status
	}{
		{"resolving (DNS server never answers)", func(t *testing.T) func(c *Client) {
			dns := startDNS(t, true, nil)
			return func(c *Client) {
				c.SetResolver(dns.resolver())
				require.NoError(t, c.ConnectToHost("slow.test", 80, nil))
				require.Eventually(t, func() bool { return dns.queries.Load() > 0 }, 5*time.Second, time.Millisecond)
			}
		}, StatusResolving},
		{"connecting (TCP connect in progress)", func(t *testing.T) func(c *Client) {
			port := stuckListener(t)
			return func(c *Client) {
				require.NoError(t, c.ConnectToHost("127.0.0.1", port, nil))
			}
		}, StatusConnecting},
		{"proxy tunnel (CONNECT never answered)", func(t *testing.T) func(c *Client) {
			proxy := startProxy(t, proxySilent, "")
			return func(c *Client) {
				c.SetHTTPSProxy("127.0.0.1", proxy.port)
				require.NoError(t, c.ConnectToHost("127.0.0.1", 443, &TLSOptions{Unsafe: true}))
				require.Eventually(t, func() bool { return len(proxy.requestLines()) == 1 }, 5*time.Second, time.Millisecond)
			}
		}, StatusConnecting},
		{"TLS handshake (server never speaks)", func(t *testing.T) func(c *Client) {
			var got atomic.Bool
			srv := startRawServer(t, func(sc *serverConn) {
				sc.br.Peek(1) // the ClientHello
				got.Store(true)
				sc.hold()
			})
			return func(c *Client) {
				require.NoError(t, c.ConnectToHost("127.0.0.1", srv.port, &TLSOptions{Unsafe: true}))
				require.Eventually(t, got.Load, 5*time.Second, time.Millisecond)
			}
		}, StatusConnecting},
		{"requesting (server never answers)", func(t *testing.T) func(c *Client) {
			srv := startRawServer(t, func(sc *serverConn) { sc.hold() })
			return func(c *Client) {
				connect(t, c, "127.0.0.1", srv.port, nil)
				require.NoError(t, c.Request(MethodGet, "/", nil, nil))
			}
		}, StatusRequesting},
		{"mid-body", func(t *testing.T) func(c *Client) {
			srv := startRawServer(t, func(sc *serverConn) {
				sc.readHead()
				sc.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nsome")
				sc.hold()
			})
			return func(c *Client) {
				connect(t, c, "127.0.0.1", srv.port, nil)
				require.NoError(t, c.Request(MethodGet, "/", nil, nil))
				pollUntil(t, c, StatusRequesting)
			}
		}, StatusBody},
		{"mid-body over TLS", func(t *testing.T) func(c *Client) {
			ca := newTestCA(t, "test CA")
			_, port := tlsServer(t, ca.issue(t, loopbackLeaf), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Length", "1000")
				w.Write([]byte("some"))
				w.(http.Flusher).Flush()
				<-r.Context().Done()
			}))
			return func(c *Client) {
				connect(t, c, "127.0.0.1", port, &TLSOptions{TrustedCAPEM: ca.pem})
				require.NoError(t, c.Request(MethodGet, "/", nil, nil))
				pollUntil(t, c, StatusRequesting)
			}
		}, StatusBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			drive := tt.prepare(t)
			before := runtime.NumGoroutine()
			c := NewClient()
			defer c.Close()
			drive(c)
			for i := 0; i < 20; i++ {
				c.Poll()
				time.Sleep(time.Millisecond)
			}
			require.Equal(t, tt.want, c.Status())
			if tt.want != StatusRequesting && tt.want != StatusBody {
				require.NotNil(t, currentDial(c))
				require.NotEmpty(t, dialGoroutines(), "a connection attempt runs")
			}
			closeWaitsForDial(t, c)
			// What the servers ran for this client ends when they see it
			// gone, and what the client's lookups ran ends with Close.
			waitGoroutines(t, before)
		})
	}
}

// TestCloseInterruptsBlockedCalls: in blocking mode a Poll or body read
// waiting on a silent server is woken by Close from another goroutine.
func TestCloseInterruptsBlockedCalls(t *testing.T) {
	ca := newTestCA(t, "test CA")
	cert := ca.issue(t, loopbackLeaf)
	silentPlain := startRawServer(t, func(sc *serverConn) { sc.hold() })
	partialPlain := startRawServer(t, func(sc *serverConn) {
		sc.readHead()
		sc.send("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nsome")
		sc.hold()
	})
	tlsLn, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	require.NoError(t, err)
	silentTLS := serveRaw(t, tlsLn, func(sc *serverConn) { sc.hold() })
	tlsLn2, err := tls.Listen("tcp4", "127.0.0.1:0", &tls.Config{Certificates: []tls.Certificate{cert}})
	require.NoError(t, err)
	partialTLS := serveRaw(t, tlsLn2, func(sc *serverConn) {
		sc.readHead()
		sc.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\nsome")
		sc.hold()
	})
	tests := []struct {
		name string
		port int
		opts *TLSOptions
		body bool // block in a body read, else in Poll
	}{
		{"poll, plain", silentPlain.port, nil, false},
		{"body read, plain", partialPlain.port, nil, true},
		{"poll, TLS", silentTLS.port, &TLSOptions{TrustedCAPEM: ca.pem}, false},
		{"body read, TLS", partialTLS.port, &TLSOptions{TrustedCAPEM: ca.pem}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t)
			connect(t, c, "127.0.0.1", tt.port, tt.opts)
			c.SetBlockingMode(true)
			require.NoError(t, c.Request(MethodGet, "/", nil, nil))
			if tt.body {
				require.NoError(t, c.Poll())
				require.Equal(t, StatusBody, c.Status())
				// The read wants read_chunk_size bytes; "some" came.
			}
			done := make(chan error, 1)
			go func() {
				if tt.body {
					_, err := c.ReadResponseBodyChunk()
					done <- err
					return
				}
				done <- c.Poll()
			}()
			select {
			case err := <-done:
				t.Fatalf("the call did not block: %v", err)
			case <-time.After(50 * time.Millisecond):
			}
			start := time.Now()
			c.Close()
			assert.Less(t, time.Since(start), 500*time.Millisecond, "Close waited")
			select {
			case err := <-done:
				// Woken by the closed connection (a failure), or run after
				// Close (then it finds nothing to do).
				if err != nil {
					code := CodeOf(err)
					assert.Contains(t, []Error{ErrConnectionError, ErrUnconfigured, ErrUnavailable}, code, "%v", err)
				}
			case <-time.After(2 * time.Second):
				t.Fatal("the blocked call was not interrupted by Close")
			}
			require.Equal(t, StatusDisconnected, c.Status())
			require.Nil(t, c.Connection())
		})
	}
}

// TestConcurrentCalls drives one client from several goroutines at once
// (run with -race): nothing crashes, and the client works afterwards.
func TestConcurrentCalls(t *testing.T) {
	body := strings.Repeat("concurrent ", 2000)
	_, port := httpServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, body)
	}))
	c := newClient(t)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var responses atomic.Int32
	run := func(f func(i int)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				f(i)
			}
		}()
	}
	driver := func(i int) {
		switch c.Status() {
		case StatusDisconnected, StatusCantConnect, StatusCantResolve, StatusConnectionError, StatusTLSHandshakeError:
			c.ConnectToHost("127.0.0.1", port, nil)
		case StatusConnected:
			if c.Request(MethodGet, "/", []string{"X-I: 1"}, nil) == nil {
				responses.Add(1)
			}
		case StatusBody:
			c.ReadResponseBodyChunk()
		default:
			c.Poll()
		}
	}
	run(driver)
	run(driver)
	run(func(i int) {
		c.Status()
		c.ResponseCode()
		c.ResponseHeaders()
		c.ResponseHeaderFields()
		c.HasResponse()
		c.ResponseBodyLength()
		c.IsResponseChunked()
		c.NextChunkLen()
		c.LastFailure()
		c.Connection()
		c.ReadChunkSize()
		c.BlockingMode()
		c.Limits()
		c.ReadResponseBodyInto(make([]byte, 512))
	})
	run(func(i int) {
		time.Sleep(2 * time.Millisecond)
		switch i % 6 {
		case 0:
			c.Close()
		case 1:
			c.SetReadChunkSize(256 + i%4096)
		case 2:
			c.SetLimits(Limits{MaxHeaderCount: 100 + i%50})
		case 3:
			c.SetHTTPProxy("", -1)
			c.SetHTTPSProxy("", -1)
		case 4:
			c.SetResolver(nil)
			c.SetDefaultCAPEM(nil)
		case 5:
			c.ConnectToHost("127.0.0.1", port, nil)
		}
	})
	time.Sleep(300 * time.Millisecond)
	close(stop)
	wg.Wait()
	t.Logf("%d requests started", responses.Load())
	require.Positive(t, responses.Load())

	closeWaitsForDial(t, c)
	connect(t, c, "127.0.0.1", port, nil)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, body, string(r.body))
}

// pipeTransport is a Transport of the caller's own over a connection that
// is not a system socket (an end of net.Pipe): a goroutine moves what
// arrives into a buffer, so a read that may not wait takes what is there.
// It is a Poller whose Poll reports pollErr.
type pipeTransport struct {
	conn    net.Conn
	mu      sync.Mutex
	cond    *sync.Cond
	buf     []byte
	err     error
	pollErr error
	closes  atomic.Int32
	done    chan struct{}
}

func newPipeTransport(conn net.Conn) *pipeTransport {
	p := &pipeTransport{conn: conn, done: make(chan struct{})}
	p.cond = sync.NewCond(&p.mu)
	go p.pump()
	return p
}

func (p *pipeTransport) pump() {
	defer close(p.done)
	b := make([]byte, 4096)
	for {
		n, err := p.conn.Read(b)
		p.mu.Lock()
		p.buf = append(p.buf, b[:n]...)
		if err != nil {
			p.err = err
		}
		p.cond.Broadcast()
		p.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (p *pipeTransport) Read(b []byte, wait bool) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for wait && len(p.buf) == 0 && p.err == nil {
		p.cond.Wait()
	}
	if len(p.buf) > 0 {
		n := copy(b, p.buf)
		p.buf = p.buf[n:]
		return n, nil
	}
	return 0, p.err
}

func (p *pipeTransport) Write(b []byte, wait bool) (int, error) { return p.conn.Write(b) }

func (p *pipeTransport) Close() error {
	p.closes.Add(1)
	return p.conn.Close()
}

func (p *pipeTransport) Poll() error { return p.pollErr }

// pipePair returns a transport for the client and serves the other end of
// the pipe with handle; both end with the test.
func pipePair(t *testing.T, handle func(*serverConn)) (*pipeTransport, net.Conn) {
	t.Helper()
	client, server := net.Pipe()
	p := newPipeTransport(client)
	done := make(chan struct{})
	served := make(chan struct{})
	go func() {
		defer close(served)
		handle(&serverConn{Conn: server, br: bufio.NewReader(server), done: done})
	}()
	t.Cleanup(func() {
		close(done)
		server.Close()
		client.Close()
		<-served
		<-p.done
	})
	return p, server
}

func TestSetConnection(t *testing.T) {
	var heads []string
	var mu sync.Mutex
	p, _ := pipePair(t, func(sc *serverConn) {
		for {
			head, _, err := sc.readRequest()
			if err != nil {
				return
			}
			mu.Lock()
			heads = append(heads, head)
			mu.Unlock()
			if sc.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n") != nil {
				return
			}
		}
	})
	c := newClient(t)
	require.NoError(t, c.SetConnection(p, false))
	require.Equal(t, StatusConnected, c.Status())
	require.Same(t, p, c.Connection())
	for _, blocking := range []bool{false, true} {
		c.SetBlockingMode(blocking)
		r := do(t, c, MethodGet, "/own", nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, "hello", string(r.body))
	}
	c.SetBlockingMode(false)
	mu.Lock()
	require.Len(t, heads, 2)
	require.True(t, strings.HasPrefix(heads[0], "GET /own HTTP/1.1\r\n"), heads[0])
	require.NotContains(t, heads[0], "Host:", "no host is known on an adopted connection")
	mu.Unlock()

	// The same transport again, mid-response: nothing changes.
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	pollUntil(t, c, StatusRequesting)
	require.Equal(t, StatusBody, c.Status())
	require.NoError(t, c.SetConnection(p, false))
	require.Equal(t, StatusBody, c.Status())
	require.Equal(t, 200, c.ResponseCode())
	require.True(t, c.IsResponseChunked())
	require.Zero(t, p.closes.Load())
	var body []byte
	for c.Status() == StatusBody {
		chunk, err := c.ReadResponseBodyChunk()
		require.NoError(t, err)
		body = append(body, chunk...)
	}
	require.Equal(t, "hello", string(body))

	// nil: refused, nothing changes.
	f := failureOf(t, c.SetConnection(nil, false), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "StreamPeer")
	require.Equal(t, StatusConnected, c.Status())
	require.Same(t, p, c.Connection())

	// Another transport: the first is closed, the new one adopted.
	p2, _ := pipePair(t, canned(false))
	require.NoError(t, c.SetConnection(p2, false))
	require.EqualValues(t, 1, p.closes.Load())
	require.Same(t, p2, c.Connection())
	require.Equal(t, 200, do(t, c, MethodGet, "/", nil, nil).code)

	// A Poller reporting a dead connection fails it.
	p2.pollErr = errors.New("peer gone")
	err := c.Poll()
	require.Equal(t, StatusConnectionError, c.Status())
	f = failureOf(t, err, ErrConnectionError)
	assert.Contains(t, f.Msg, "peer gone")
	require.Nil(t, c.Connection())
	require.EqualValues(t, 1, p2.closes.Load())
}

// TestSetConnectionPeerCloses: the far end of an adopted transport goes
// away while idle.
func TestSetConnectionPeerCloses(t *testing.T) {
	p, server := pipePair(t, func(sc *serverConn) {})
	c := newClient(t)
	require.NoError(t, c.SetConnection(p, false))
	server.Close()
	err := pollToEnd(t, c, StatusConnected)
	require.Equal(t, StatusConnectionError, c.Status())
	f := failureOf(t, err, ErrConnectionError)
	assert.Contains(t, f.Msg, "closed")
}

// TestSetConnectionTLSOptions: when TLS options are set (by an earlier
// ConnectToHost) the transport must be a TLS stream.
func TestSetConnectionTLSOptions(t *testing.T) {
	c := newClient(t)
	require.NoError(t, c.ConnectToHost("localhost", closedPort(t), ClientTLS()))
	c.Close()
	p, _ := pipePair(t, canned(false))
	f := failureOf(t, c.SetConnection(p, false), ErrInvalidParameter)
	assert.Contains(t, f.Msg, "TLS")
	require.Equal(t, StatusDisconnected, c.Status())
	require.Nil(t, c.Connection())
	require.NoError(t, c.SetConnection(p, true))
	require.Equal(t, StatusConnected, c.Status())
	// A plain ConnectToHost forgets the options.
	require.NoError(t, c.ConnectToHost("localhost", closedPort(t), nil))
	c.Close()
	p2, _ := pipePair(t, canned(false))
	require.NoError(t, c.SetConnection(p2, false))
}

func TestCloseTwice(t *testing.T) {
	c := NewClient()
	c.Close()
	c.Close()
	require.Equal(t, StatusDisconnected, c.Status())
	_, port := httpServer(t, hello)
	connect(t, c, "127.0.0.1", port, nil)
	c.Close()
	c.Close()
	require.Equal(t, StatusDisconnected, c.Status())
}

// TestCloseBeforeConnectedPoll: a connection that came up after the last
// Poll is closed by Close, not left open.
func TestCloseBeforeConnectedPoll(t *testing.T) {
	accepted := make(chan struct{}, 1)
	closed := make(chan struct{}, 1)
	srv := startRawServer(t, func(sc *serverConn) {
		accepted <- struct{}{}
		sc.hold()
		closed <- struct{}{}
	})
	c := newClient(t)
	require.NoError(t, c.ConnectToHost("127.0.0.1", srv.port, nil))
	<-accepted
	require.Eventually(t, func() bool { return len(dialGoroutines()) == 0 }, 5*time.Second, time.Millisecond)
	require.Equal(t, StatusConnecting, c.Status(), "no Poll took the connection yet")
	c.Close()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the connection made for the client was left open")
	}
}
