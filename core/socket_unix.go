//go:build unix

package core

import (
	"io"
	"net"
	"syscall"
)

// socket does non-blocking reads and writes on a TCP connection. Go keeps
// its sockets in non-blocking mode, so one system call through the raw
// connection either moves bytes or says EAGAIN, with no goroutine and no
// timer; with wait true the runtime's network poller parks the caller until
// the socket is ready. The callbacks handed to the raw connection are bound
// once, and their arguments and results live in the socket, so a read or
// write allocates nothing. A socket is used by one goroutine at a time.
type socket struct {
	conn net.Conn
	rc   syscall.RawConn

	readFn, writeFn func(fd uintptr) bool

	// Arguments and results of the call under way.
	p     []byte
	wait  bool
	n     int
	again bool
	serr  error
}

func newSocket(conn net.Conn) (*socket, error) {
	sc, ok := conn.(syscall.Conn)
	if !ok {
		return nil, errNotASocket
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		return nil, err
	}
	s := &socket{conn: conn, rc: rc}
	s.readFn, s.writeFn = s.readOnce, s.writeAll
	return s, nil
}

// waitSpinReads is how many times a read that may wait tries the socket
// again at once before it parks on the network poller: bytes about to
// arrive (a fast sender, loopback) are taken without parking and waking
// the thread, which costs most on a thread that came in from the engine (a
// cgo callback) and far more than a few reads.
const waitSpinReads = 50

func (s *socket) readOnce(fd uintptr) bool {
	for tries := 0; ; {
		s.n, s.serr = syscall.Read(int(fd), s.p)
		if s.serr == syscall.EAGAIN && s.wait && tries < waitSpinReads {
			tries++
			continue
		}
		if s.serr != syscall.EINTR {
			break
		}
	}
	s.again = s.serr == syscall.EAGAIN
	if s.again {
		s.n, s.serr = 0, nil
		return !s.wait
	}
	return true
}

func (s *socket) read(p []byte, wait bool) (int, error) {
	s.p, s.wait = p, wait
	err := s.rc.Read(s.readFn)
	s.p = nil
	switch {
	case err != nil:
		return 0, err
	case s.again:
		return 0, nil
	case s.serr != nil:
		return 0, s.serr
	case s.n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return s.n, nil
}

func (s *socket) writeAll(fd uintptr) bool {
	for s.n < len(s.p) {
		n, e := syscall.Write(int(fd), s.p[s.n:])
		switch {
		case e == syscall.EINTR:
			continue
		case e == syscall.EAGAIN:
			return !s.wait
		case e != nil:
			s.serr = e
			return true
		}
		s.n += n
	}
	return true
}

func (s *socket) write(p []byte, wait bool) (int, error) {
	s.p, s.wait, s.n, s.serr = p, wait, 0, nil
	err := s.rc.Write(s.writeFn)
	n, serr := s.n, s.serr
	s.p = nil
	if err != nil {
		return n, err
	}
	return n, serr
}
