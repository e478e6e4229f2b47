package core

import (
	"crypto/tls"
	"errors"
	"net"
	"sync"
)

var errNotASocket = errors.New("connection is not a system socket")

// tcpTransport is the Transport over a plain TCP connection. Its reads and
// writes are serialised by mu: besides the client, the binding's
// GoStreamPeer uses the same transport from a script's thread, and a
// socket serves one call at a time. Close takes no lock, so it interrupts
// a call blocked on the network.
type tcpTransport struct {
	mu sync.Mutex
	s  *socket
}

func newTCPTransport(conn net.Conn) (*tcpTransport, error) {
	s, err := newSocket(conn)
	if err != nil {
		return nil, err
	}
	return &tcpTransport{s: s}, nil
}

func (t *tcpTransport) Read(p []byte, wait bool) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.s.read(p, wait)
}

func (t *tcpTransport) Write(p []byte, wait bool) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.s.write(p, wait)
}

func (t *tcpTransport) Close() error { return t.s.conn.Close() }

// tlsWriteChunk bounds the plaintext handed to crypto/tls per non-blocking
// Write, so at most one record or so waits in the socket's overflow.
const tlsWriteChunk = 16 << 10

// tlsTransport is the Transport over crypto/tls on a TCP socket. crypto/tls
// reads through socketConn, whose non-blocking reads answer errWouldBlock,
// a temporary net.Error that crypto/tls keeps no state for (a partial
// record stays in its buffer and the next Read goes on). Read, Write and
// Poll are serialised by mu, as tcpTransport's are (they share socketConn's
// state); Close takes no lock.
type tlsTransport struct {
	mu sync.Mutex
	sc *socketConn
	tc *tls.Conn
}

func (t *tlsTransport) Read(p []byte, wait bool) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if err := t.sc.flush(false); err != nil {
		return 0, err
	}
	t.sc.wait = wait
	total := 0
	for total < len(p) {
		n, err := t.tc.Read(p[total:])
		total += n
		if err != nil {
			if errors.Is(err, errWouldBlock) || total > 0 {
				return total, nil
			}
			return total, err
		}
		if wait || n == 0 {
			break
		}
	}
	return total, nil
}

func (t *tlsTransport) Write(p []byte, wait bool) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if wait {
		t.sc.wait = true
		if err := t.sc.flush(true); err != nil {
			return 0, err
		}
		return t.tc.Write(p)
	}
	if err := t.sc.flush(false); err != nil {
		return 0, err
	}
	if len(t.sc.pending) > 0 {
		return 0, nil
	}
	t.sc.wait = false
	return t.tc.Write(p[:min(len(p), tlsWriteChunk)])
}

// Poll pushes out encrypted bytes the socket could not take earlier.
func (t *tlsTransport) Poll() error {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.sc.flush(false)
}

// Close closes the socket without a close_notify: nothing waits on it.
func (t *tlsTransport) Close() error { return t.sc.Conn.Close() }

// errWouldBlock is what socketConn answers crypto/tls when a read that
// must not wait finds nothing.
var errWouldBlock error = wouldBlockError{}

type wouldBlockError struct{}

func (wouldBlockError) Error() string   { return "operation would block" }
func (wouldBlockError) Timeout() bool   { return true }
func (wouldBlockError) Temporary() bool { return true }

// socketConn is the net.Conn crypto/tls runs on. With wait false its reads
// never park and its writes never fail for a full send buffer: what the
// socket does not take is kept in pending and pushed by flush.
type socketConn struct {
	net.Conn
	s       *socket
	wait    bool
	pending []byte
}

func (c *socketConn) Read(p []byte) (int, error) {
	n, err := c.s.read(p, c.wait)
	if n == 0 && err == nil {
		return 0, errWouldBlock
	}
	return n, err
}

func (c *socketConn) Write(p []byte) (int, error) {
	if c.wait {
		if err := c.flush(true); err != nil {
			return 0, err
		}
		return c.s.write(p, true)
	}
	total := len(p)
	if len(c.pending) == 0 {
		n, err := c.s.write(p, false)
		if err != nil {
			return n, err
		}
		p = p[n:]
	}
	c.pending = append(c.pending, p...)
	return total, c.flush(false)
}

func (c *socketConn) flush(wait bool) error {
	if len(c.pending) == 0 {
		return nil
	}
	n, err := c.s.write(c.pending, wait)
	c.pending = c.pending[:copy(c.pending, c.pending[n:])]
	return err
}
