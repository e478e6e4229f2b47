package core

// Loopback servers and fixtures the behaviour tests run against: raw TCP
// servers that write whatever bytes a test asks, a forward proxy, a tiny
// DNS server, test certificates. Everything listens on 127.0.0.1 (or ::1).

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"log"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newClient returns a client closed when the test ends (before the
// servers the test started earlier, cleanups running last in, first out).
func newClient(t *testing.T) *Client {
	t.Helper()
	c := NewClient()
	t.Cleanup(c.Close)
	return c
}

func listenLoopback(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	return ln
}

func portOf(t *testing.T, addr net.Addr) int {
	t.Helper()
	return addr.(*net.TCPAddr).Port
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln := listenLoopback(t)
	port := portOf(t, ln.Addr())
	require.NoError(t, ln.Close())
	return port
}

// httpServer starts an httptest server on 127.0.0.1 and returns its port.
func httpServer(t *testing.T, h http.Handler) (*httptest.Server, int) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.Start()
	return srv, serverPort(t, srv)
}

// serverPort registers srv's close and returns its port.
func serverPort(t *testing.T, srv *httptest.Server) int {
	t.Helper()
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)
	port, err := strconv.Atoi(u.Port())
	require.NoError(t, err)
	return port
}

// failureOf asserts err is a *Failure with code and returns it.
func failureOf(t *testing.T, err error, code Error) *Failure {
	t.Helper()
	var f *Failure
	require.ErrorAs(t, err, &f, "want a *Failure, got %T %v", err, err)
	require.Equal(t, code, f.Code, "failure %q", f.Msg)
	return f
}

// pollToEnd polls c until its status leaves the given transient states and
// returns the error of the Poll that made the last change.
func pollToEnd(t *testing.T, c *Client, transient ...Status) error {
	t.Helper()
	end := time.Now().Add(testDeadline)
	var last error
	for {
		s := c.Status()
		stay := false
		for _, tr := range transient {
			stay = stay || s == tr
		}
		if !stay {
			return last
		}
		require.True(t, time.Now().Before(end), "still %s after %s", s, testDeadline)
		err := c.Poll()
		if c.Status() != s {
			last = err
		} else {
			time.Sleep(50 * time.Microsecond)
		}
	}
}

// ---------------------------------------------------------------- raw TCP

// rawServer is a loopback TCP server whose handler speaks bytes directly,
// to play servers that misbehave.
type rawServer struct {
	ln      net.Listener
	port    int
	handle  func(*serverConn)
	done    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	conns   map[net.Conn]bool
	closed  bool
	accepts atomic.Int32
}

// serverConn is one accepted connection of a rawServer.
type serverConn struct {
	net.Conn
	br   *bufio.Reader
	done <-chan struct{} // closed when the test ends
}

func startRawServer(t *testing.T, handle func(*serverConn)) *rawServer {
	t.Helper()
	return serveRaw(t, listenLoopback(t), handle)
}

func serveRaw(t *testing.T, ln net.Listener, handle func(*serverConn)) *rawServer {
	t.Helper()
	s := &rawServer{ln: ln, port: portOf(t, ln.Addr()), handle: handle, done: make(chan struct{}), conns: map[net.Conn]bool{}}
	s.wg.Add(1)
	go s.serve()
	t.Cleanup(s.close)
	return s
}

func (s *rawServer) serve() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			c.Close()
			return
		}
		s.conns[c] = true
		s.wg.Add(1)
		s.mu.Unlock()
		s.accepts.Add(1)
		go func() {
			defer s.wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
				c.Close()
			}()
			s.handle(&serverConn{Conn: c, br: bufio.NewReader(c), done: s.done})
		}()
	}
}

func (s *rawServer) close() {
	s.mu.Lock()
	s.closed = true
	close(s.done)
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.ln.Close()
	s.wg.Wait()
}

// readHead reads one request head, through its empty line.
func (sc *serverConn) readHead() (string, error) {
	var b strings.Builder
	for {
		line, err := sc.br.ReadString('\n')
		b.WriteString(line)
		if err != nil {
			return b.String(), err
		}
		if line == "\r\n" || line == "\n" {
			return b.String(), nil
		}
	}
}

// readRequest reads one request: its head and a Content-Length body.
func (sc *serverConn) readRequest() (head string, body []byte, err error) {
	head, err = sc.readHead()
	if err != nil {
		return head, nil, err
	}
	for _, line := range strings.Split(head, "\r\n") {
		name, value, ok := strings.Cut(line, ":")
		if ok && strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, perr := strconv.Atoi(strings.TrimSpace(value))
			if perr != nil {
				return head, nil, perr
			}
			body = make([]byte, n)
			_, err = io.ReadFull(sc.br, body)
			return head, body, err
		}
	}
	return head, nil, nil
}

// hold keeps the connection open, reading and dropping whatever comes,
// until the client closes it or the test ends.
func (sc *serverConn) hold() {
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-sc.done:
			sc.Close()
		case <-stop:
		}
	}()
	io.Copy(io.Discard, sc.br)
}

func (sc *serverConn) send(s string) error {
	_, err := io.WriteString(sc.Conn, s)
	return err
}

// pong is what canned servers answer once their script is used up.
const pong = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\npong"

// canned answers the requests of each connection with responses in turn,
// then with pong; hangUp closes the connection after the last scripted
// response instead.
func canned(hangUp bool, responses ...string) func(*serverConn) {
	return func(sc *serverConn) {
		for i := 0; ; i++ {
			if _, _, err := sc.readRequest(); err != nil {
				return
			}
			if i >= len(responses) {
				if sc.send(pong) != nil {
					return
				}
				continue
			}
			if sc.send(responses[i]) != nil {
				return
			}
			if hangUp && i == len(responses)-1 {
				return
			}
		}
	}
}

// headRecorder collects the request heads a raw server received.
type headRecorder struct {
	mu     sync.Mutex
	heads  []string
	bodies [][]byte
}

func (r *headRecorder) add(head string, body []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.heads = append(r.heads, head)
	r.bodies = append(r.bodies, body)
}

func (r *headRecorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.heads...)
}

// recordingServer answers every request with pong and records its head.
func recordingServer(t *testing.T) (*rawServer, *headRecorder) {
	t.Helper()
	rec := &headRecorder{}
	return startRawServer(t, rec.serve), rec
}

// serve records each request of a connection and answers it with pong.
func (r *headRecorder) serve(sc *serverConn) {
	for {
		head, body, err := sc.readRequest()
		if err != nil {
			return
		}
		r.add(head, body)
		if sc.send(pong) != nil {
			return
		}
	}
}

// ---------------------------------------------------------------- TLS

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pem  []byte
}

var serialCounter atomic.Int64

func newKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	return k
}

func certPEM(der []byte) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	key := newKey(t)
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(serialCounter.Add(1)),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return &testCA{cert: cert, key: key, pem: certPEM(der)}
}

// leafSpec says what a server certificate names and when it is valid.
type leafSpec struct {
	cn      string // subject common name; "" means "test leaf"
	dns     []string
	ips     []net.IP
	expired bool
}

// loopbackLeaf names 127.0.0.1, ::1 and localhost.
var loopbackLeaf = leafSpec{dns: []string{"localhost"}, ips: []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback}}

func leafTemplate(s leafSpec) *x509.Certificate {
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serialCounter.Add(1)),
		Subject:      pkix.Name{CommonName: "test leaf"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(24 * time.Hour),
		DNSNames:     s.dns,
		IPAddresses:  s.ips,
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if s.cn != "" {
		tmpl.Subject.CommonName = s.cn
	}
	if s.expired {
		tmpl.NotBefore = time.Now().Add(-48 * time.Hour)
		tmpl.NotAfter = time.Now().Add(-24 * time.Hour)
	}
	return tmpl
}

// issue returns a server certificate signed by ca.
func (ca *testCA) issue(t *testing.T, s leafSpec) tls.Certificate {
	t.Helper()
	key := newKey(t)
	der, err := x509.CreateCertificate(rand.Reader, leafTemplate(s), ca.cert, &key.PublicKey, ca.key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// selfSigned returns a server certificate that signs itself.
func selfSigned(t *testing.T, s leafSpec) tls.Certificate {
	t.Helper()
	key := newKey(t)
	tmpl := leafTemplate(s)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

// tlsServer starts an HTTPS httptest server with cert and returns its port.
func tlsServer(t *testing.T, cert tls.Certificate, h http.Handler) (*httptest.Server, int) {
	t.Helper()
	srv := httptest.NewUnstartedServer(h)
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	return srv, serverPort(t, srv)
}

// hello answers "hello <path>".
var hello = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintf(w, "hello %s", r.URL.Path)
})

// ---------------------------------------------------------------- proxy

type proxyMode int

const (
	proxyForward proxyMode = iota // forward requests, open tunnels
	proxyRefuse                   // answer CONNECT with 403
	proxySilent                   // never answer CONNECT
)

// testProxy is a forward proxy: plain requests in absolute form are
// forwarded, CONNECT opens a tunnel. With target set, everything goes
// there whatever the request names (to stand for port 80 or 443).
type testProxy struct {
	port   int
	target string
	mode   proxyMode

	mu     sync.Mutex
	lines  []string // request lines as received
	hosts  []string // their Host headers
	hijack []net.Conn
	done   chan struct{}
	tr     *http.Transport
}

func startProxy(t *testing.T, mode proxyMode, target string) *testProxy {
	t.Helper()
	p := &testProxy{mode: mode, target: target, done: make(chan struct{}),
		tr: &http.Transport{Proxy: nil, DisableKeepAlives: true}}
	_, p.port = httpServer(t, p)
	t.Cleanup(func() {
		close(p.done)
		p.mu.Lock()
		for _, c := range p.hijack {
			c.Close()
		}
		p.mu.Unlock()
		p.tr.CloseIdleConnections()
	})
	return p
}

func (p *testProxy) requestLines() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.lines...)
}

func (p *testProxy) hostHeaders() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.hosts...)
}

func (p *testProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.lines = append(p.lines, r.Method+" "+r.RequestURI+" "+r.Proto)
	p.hosts = append(p.hosts, r.Host)
	p.mu.Unlock()
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	if !r.URL.IsAbs() {
		http.Error(w, "not a proxy request", http.StatusBadRequest)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	if p.target != "" {
		out.URL.Host = p.target
	}
	resp, err := p.tr.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, v := range resp.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

func (p *testProxy) tunnel(w http.ResponseWriter, r *http.Request) {
	if p.mode == proxyRefuse {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	conn, brw, err := http.NewResponseController(w).Hijack()
	if err != nil {
		return
	}
	p.mu.Lock()
	p.hijack = append(p.hijack, conn)
	p.mu.Unlock()
	defer conn.Close()
	if p.mode == proxySilent {
		io.Copy(io.Discard, brw)
		return
	}
	target := r.RequestURI
	if p.target != "" {
		target = p.target
	}
	origin, err := net.Dial("tcp", target)
	if err != nil {
		io.WriteString(conn, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
		return
	}
	defer origin.Close()
	if _, err := io.WriteString(conn, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	up := make(chan struct{})
	go func() {
		io.Copy(origin, brw)
		origin.Close()
		close(up)
	}()
	io.Copy(conn, origin)
	conn.Close()
	<-up
}

// ---------------------------------------------------------------- DNS

// testDNS is a tiny DNS server on 127.0.0.1 (UDP). It answers A and AAAA
// queries for the names in records, NODATA for their other types and
// NXDOMAIN for any other name; silent, it never answers.
type testDNS struct {
	pc      net.PacketConn
	records map[string][]net.IP
	silent  bool
	queries atomic.Int32
	done    chan struct{}
}

func startDNS(t *testing.T, silent bool, records map[string][]net.IP) *testDNS {
	t.Helper()
	pc, err := net.ListenPacket("udp4", "127.0.0.1:0")
	require.NoError(t, err)
	d := &testDNS{pc: pc, records: records, silent: silent, done: make(chan struct{})}
	go d.serve()
	t.Cleanup(func() {
		pc.Close()
		<-d.done
	})
	return d
}

func (d *testDNS) serve() {
	defer close(d.done)
	buf := make([]byte, 1500)
	for {
		n, from, err := d.pc.ReadFrom(buf)
		if err != nil {
			return
		}
		d.queries.Add(1)
		if d.silent {
			continue
		}
		if resp := d.answer(buf[:n]); resp != nil {
			d.pc.WriteTo(resp, from)
		}
	}
}

func (d *testDNS) answer(q []byte) []byte {
	if len(q) < 12 {
		return nil
	}
	off := 12
	var labels []string
	for off < len(q) && q[off] != 0 {
		l := int(q[off])
		if off+1+l > len(q) {
			return nil
		}
		labels = append(labels, string(q[off+1:off+1+l]))
		off += 1 + l
	}
	off++ // the root label
	if off+4 > len(q) {
		return nil
	}
	qtype := int(q[off])<<8 | int(q[off+1])
	qEnd := off + 4
	name := strings.ToLower(strings.Join(labels, "."))
	ips, known := d.records[name]
	rcode := byte(0)
	if !known {
		rcode = 3 // NXDOMAIN
	}
	var rrs [][]byte
	for _, ip := range ips {
		switch {
		case qtype == 1 && ip.To4() != nil:
			rrs = append(rrs, append([]byte{0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4}, ip.To4()...))
		case qtype == 28 && ip.To4() == nil:
			rrs = append(rrs, append([]byte{0xc0, 12, 0, 28, 0, 1, 0, 0, 0, 60, 0, 16}, ip.To16()...))
		}
	}
	// QR, AA, RD as asked; RA; rcode.
	r := []byte{q[0], q[1], 0x84 | q[2]&0x01, 0x80 | rcode, 0, 1, 0, byte(len(rrs)), 0, 0, 0, 0}
	r = append(r, q[12:qEnd]...)
	for _, rr := range rrs {
		r = append(r, rr...)
	}
	return r
}

// resolver returns a resolver that asks only this server. Its
// connections close when the lookup is cancelled, so nothing of a lookup
// outlives the client's Close.
func (d *testDNS) resolver() *net.Resolver {
	addr := d.pc.LocalAddr().String()
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		var dialer net.Dialer
		c, err := dialer.DialContext(ctx, "udp", addr)
		if err != nil {
			return nil, err
		}
		context.AfterFunc(ctx, func() { c.Close() })
		return c, nil
	}}
}

// ---------------------------------------------------------------- goroutines

// stacks returns the stack of every goroutine.
func stacks() []string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			return strings.Split(string(buf[:n]), "\n\n")
		}
		buf = make([]byte, 2*len(buf))
	}
}

// dialGoroutines returns the goroutines running code of a connection
// attempt: the client's dial goroutine and the callbacks it registered.
// Only running frames count, not the "created by" line: a goroutine that
// has returned may still show, exiting, for a moment.
func dialGoroutines() []string {
	var out []string
	for _, g := range stacks() {
		lines := strings.Split(g, "\n")
		for i := 1; i < len(lines); i++ {
			if strings.HasPrefix(lines[i], "created by ") {
				break
			}
			if strings.Contains(lines[i], "gohttpclient/core.startDial") || strings.Contains(lines[i], "gohttpclient/core.dialPlan") ||
				strings.Contains(lines[i], "gohttpclient/core.(*dialJob)") {
				out = append(out, g)
				break
			}
		}
	}
	return out
}

// currentDial returns the client's connection attempt, nil when none runs.
func currentDial(c *Client) *dialJob {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dial
}

// closeWaitsForDial closes c and checks that Close returned at once and
// only after the attempt's goroutine had finished its work (its done
// channel closed), and that no code of the attempt runs a moment later (a
// goroutine that has finished may still be exiting when Close returns).
func closeWaitsForDial(t *testing.T, c *Client) {
	t.Helper()
	j := currentDial(c)
	start := time.Now()
	c.Close()
	assert.Less(t, time.Since(start), 500*time.Millisecond, "Close waited")
	require.Equal(t, StatusDisconnected, c.Status())
	if j != nil {
		select {
		case <-j.done:
		default:
			t.Fatal("Close returned before the dial goroutine finished")
		}
	}
	noDialGoroutines(t)
}

// noDialGoroutines fails when code of a connection attempt still runs.
func noDialGoroutines(t *testing.T) {
	t.Helper()
	end := time.Now().Add(2 * time.Second)
	for {
		g := dialGoroutines()
		if len(g) == 0 {
			return
		}
		if time.Now().After(end) {
			t.Fatalf("a connection attempt outlived Close:\n%s", strings.Join(g, "\n\n"))
		}
		time.Sleep(time.Millisecond)
	}
}

// waitGoroutines waits until no more goroutines run than before, and
// fails listing them when that does not happen soon.
func waitGoroutines(t *testing.T, before int) {
	t.Helper()
	end := time.Now().Add(3 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(end) {
			t.Fatalf("%d goroutines, %d before:\n%s", runtime.NumGoroutine(), before, strings.Join(stacks(), "\n\n"))
		}
		time.Sleep(time.Millisecond)
	}
}

// stuckListener returns a loopback port whose accept queue is full, so a
// connect to it stays in progress (the kernel drops its SYNs).
func stuckListener(t *testing.T) int {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	require.NoError(t, err)
	t.Cleanup(func() { syscall.Close(fd) })
	require.NoError(t, syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}))
	require.NoError(t, syscall.Listen(fd, 0))
	sa, err := syscall.Getsockname(fd)
	require.NoError(t, err)
	port := sa.(*syscall.SockaddrInet4).Port
	// Fill the queue; a connect beyond it does not complete.
	for i := 0; i < 4; i++ {
		c, err := net.DialTimeout("tcp4", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)), 200*time.Millisecond)
		if err != nil {
			return port
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("this system completes connects beyond a full accept queue")
	return 0
}
