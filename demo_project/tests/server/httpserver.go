package main

import (
	"bufio"
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Limits of what the server accepts from a client.
const (
	maxRequestHead = 1 << 20
	// maxRequestLine is the longest request or header line: the size of
	// the reader newRequestReader returns.
	maxRequestLine = 64 << 10
	maxRequestBody = 64 << 20
	// idleTimeout closes a keep-alive connection nobody uses.
	idleTimeout = 60 * time.Second
)

// servers is everything started by start().
type servers struct {
	pki           *pki
	http          *loopbackListener
	tls           *loopbackListener
	tlsWrong      *loopbackListener
	proxy         *loopbackListener
	connectProxy  *loopbackListener
	refusingProxy *loopbackListener
	closedPort    int
	hostile       *hostileServers // hostile.go

	mu    sync.Mutex
	conns map[net.Conn]struct{}
}

func start() (*servers, error) {
	p, err := newPKI()
	if err != nil {
		return nil, err
	}
	s := &servers{pki: p, conns: map[net.Conn]struct{}{}}
	open := func(dst **loopbackListener) error {
		l, err := listenLoopback()
		*dst = l
		return err
	}
	for _, dst := range []**loopbackListener{&s.http, &s.tls, &s.tlsWrong, &s.proxy, &s.connectProxy, &s.refusingProxy} {
		if err := open(dst); err != nil {
			s.close()
			return nil, err
		}
	}
	if s.closedPort, err = closedPort(); err != nil {
		s.close()
		return nil, err
	}
	if s.hostile, err = s.startHostile(); err != nil {
		s.close()
		return nil, err
	}
	go s.serve(s.http, "http", s.serveHTTP)
	go s.serve(tls.NewListener(s.tls, serverTLSConfig(p.good)), "tls", s.serveHTTP)
	go s.serve(tls.NewListener(s.tlsWrong, serverTLSConfig(p.wrong)), "tls-wrong-name", s.serveHTTP)
	go s.serve(s.proxy, "proxy", serveForwardProxy)
	go s.serve(s.connectProxy, "connect-proxy", serveConnectProxy)
	go s.serve(s.refusingProxy, "refusing-proxy", serveRefusingProxy)
	return s, nil
}

func (s *servers) close() {
	for _, l := range []*loopbackListener{s.http, s.tls, s.tlsWrong, s.proxy, s.connectProxy, s.refusingProxy} {
		if l != nil {
			l.Close()
		}
	}
	s.hostile.close()
	s.mu.Lock()
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
}

// serve accepts connections on ln and runs handle on each in its own
// goroutine, tracking them so close() can end them.
func (s *servers) serve(ln net.Listener, name string, handle func(net.Conn)) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns[c] = struct{}{}
		s.mu.Unlock()
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Printf("%s: panic: %v", name, r)
				}
				c.Close()
				s.mu.Lock()
				delete(s.conns, c)
				s.mu.Unlock()
			}()
			handle(c)
		}()
	}
}

// request is one request as read from the wire.
type request struct {
	Method string
	Target string // as sent: /path?q, http://host/path, *, host:port
	Path   string
	Query  url.Values
	Header map[string][]string // lower-case name -> trimmed values
	Body   []byte
	Raw    []byte // head and body exactly as received
	Index  int    // 1 for the first request on the connection
}

func (r *request) get(name string) string {
	if v := r.Header[strings.ToLower(name)]; len(v) > 0 {
		return v[0]
	}
	return ""
}

var errBadRequest = errors.New("bad request")

// newRequestReader is the reader readRequest reads c through: a line
// longer than its buffer (maxRequestLine) is a bad request.
func newRequestReader(c net.Conn) *bufio.Reader {
	return bufio.NewReaderSize(c, maxRequestLine)
}

// readRequest reads one request head and its body from a reader made by
// newRequestReader. A first byte that cannot
// start a method (a TLS ClientHello, say) is errBadRequest at once.
func readRequest(br *bufio.Reader) (*request, error) {
	first, err := br.Peek(1)
	if err != nil {
		return nil, err
	}
	if first[0] < 'A' || first[0] > 'Z' {
		return nil, fmt.Errorf("%w: first byte 0x%02x", errBadRequest, first[0])
	}
	var raw bytes.Buffer
	readLine := func() (string, error) {
		line, err := br.ReadSlice('\n')
		raw.Write(line)
		if err == bufio.ErrBufferFull {
			return "", fmt.Errorf("%w: line too long", errBadRequest)
		}
		if err != nil {
			return "", err
		}
		if raw.Len() > maxRequestHead {
			return "", fmt.Errorf("%w: head too large", errBadRequest)
		}
		return strings.TrimRight(string(line), "\r\n"), nil
	}
	start, err := readLine()
	if err != nil {
		return nil, err
	}
	parts := strings.SplitN(start, " ", 3)
	if len(parts) != 3 || !strings.HasPrefix(parts[2], "HTTP/") {
		return nil, fmt.Errorf("%w: request line %q", errBadRequest, cut(start))
	}
	r := &request{Method: parts[0], Target: parts[1], Header: map[string][]string{}}
	for {
		line, err := readLine()
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		if i := strings.IndexByte(line, ':'); i > 0 {
			name := strings.ToLower(strings.TrimSpace(line[:i]))
			r.Header[name] = append(r.Header[name], strings.TrimSpace(line[i+1:]))
		}
	}
	r.Path, r.Query = splitTarget(r.Target)
	if cl := r.get("Content-Length"); cl != "" {
		n, err := strconv.Atoi(cl)
		if err != nil || n < 0 || n > maxRequestBody {
			return nil, fmt.Errorf("%w: Content-Length %q", errBadRequest, cut(cl))
		}
		r.Body = make([]byte, n)
		if _, err := io.ReadFull(br, r.Body); err != nil {
			return nil, err
		}
		raw.Write(r.Body)
	}
	r.Raw = raw.Bytes()
	return r, nil
}

// splitTarget returns the path and query of an origin-form or absolute-form
// target; other forms (*, authority) are returned whole as the path.
func splitTarget(target string) (string, url.Values) {
	if strings.HasPrefix(target, "http://") || strings.HasPrefix(target, "https://") {
		if u, err := url.Parse(target); err == nil {
			return u.Path, u.Query()
		}
		return target, url.Values{}
	}
	if !strings.HasPrefix(target, "/") {
		return target, url.Values{}
	}
	path, query, _ := strings.Cut(target, "?")
	q, _ := url.ParseQuery(query)
	return path, q
}

func cut(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// exchange is one request and the means to answer it.
type exchange struct {
	conn net.Conn
	bw   *bufio.Writer
	req  *request
	// closeAfter ends the connection once the handler returns.
	closeAfter bool
}

// serveHTTP runs the keep-alive loop of one connection.
func (s *servers) serveHTTP(c net.Conn) {
	br := newRequestReader(c)
	bw := bufio.NewWriterSize(c, 64<<10)
	for index := 1; ; index++ {
		_ = c.SetReadDeadline(time.Now().Add(idleTimeout))
		req, err := readRequest(br)
		if err != nil {
			if errors.Is(err, errBadRequest) {
				fmt.Fprintf(bw, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
				bw.Flush()
			}
			return
		}
		_ = c.SetReadDeadline(time.Time{})
		req.Index = index
		ex := &exchange{conn: c, bw: bw, req: req}
		route(ex)
		if err := bw.Flush(); err != nil || ex.closeAfter {
			return
		}
	}
}

// respond writes a whole response with a Content-Length (unless headers
// already frame the body) and an X-Request-Number header. The body is
// left out for HEAD requests.
func (ex *exchange) respond(code int, reason string, headers []string, body []byte) {
	fmt.Fprintf(ex.bw, "HTTP/1.1 %d %s\r\n", code, reason)
	framed := false
	for _, h := range headers {
		lower := strings.ToLower(h)
		if strings.HasPrefix(lower, "content-length:") || strings.HasPrefix(lower, "transfer-encoding:") {
			framed = true
		}
		if strings.HasPrefix(lower, "connection: close") {
			ex.closeAfter = true
		}
		ex.bw.WriteString(h + "\r\n")
	}
	fmt.Fprintf(ex.bw, "X-Request-Number: %d\r\n", ex.req.Index)
	if !framed {
		fmt.Fprintf(ex.bw, "Content-Length: %d\r\n", len(body))
	}
	ex.bw.WriteString("\r\n")
	if ex.req.Method != "HEAD" {
		ex.bw.Write(body)
	}
}

// raw writes bytes as they are and ends the connection afterwards.
func (ex *exchange) raw(data string) {
	ex.bw.WriteString(data)
	ex.closeAfter = true
}

// trickle flushes what is buffered and then writes data one byte per
// write, pausing between writes.
func (ex *exchange) trickle(data []byte, pause time.Duration) error {
	if err := ex.bw.Flush(); err != nil {
		return err
	}
	for i := range data {
		if _, err := ex.conn.Write(data[i : i+1]); err != nil {
			return err
		}
		time.Sleep(pause)
	}
	return nil
}

// writeChunk writes data as one chunk of a chunked body: the size in hex
// (upper-case when upper is set) followed by ext (";name=value..." or
// ""), then the data and its CRLF.
func (ex *exchange) writeChunk(data []byte, upper bool, ext string) {
	size := strconv.FormatInt(int64(len(data)), 16)
	if upper {
		size = strings.ToUpper(size)
	}
	ex.bw.WriteString(size + ext + "\r\n")
	ex.bw.Write(data)
	ex.bw.WriteString("\r\n")
}

// writeLastChunk ends a chunked body: the zero-size chunk with ext, the
// trailer fields (each a "Name: value" line) and the final CRLF.
func (ex *exchange) writeLastChunk(ext string, trailers ...string) {
	ex.bw.WriteString("0" + ext + "\r\n")
	for _, t := range trailers {
		ex.bw.WriteString(t + "\r\n")
	}
	ex.bw.WriteString("\r\n")
}

// sendPartial writes a 200 head announcing a Content-Length of length,
// then only the first send pattern bytes of the body, and flushes.
func (ex *exchange) sendPartial(length, send int) error {
	fmt.Fprintf(ex.bw, "HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n", length)
	ex.bw.Write(pattern(send))
	return ex.bw.Flush()
}

// lingerClose sends what is buffered, waits d so the client has it before
// the close, and ends the connection once the handler returns.
func (ex *exchange) lingerClose(d time.Duration) {
	ex.bw.Flush()
	time.Sleep(d)
	ex.closeAfter = true
}
