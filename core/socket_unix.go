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
// the socket is ready.
type socket struct {
	conn net.Conn
	rc   syscall.RawConn
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
	return &socket{conn: conn, rc: rc}, nil
}

func (s *socket) read(p []byte, wait bool) (int, error) {
	var n int
	var serr error
	again := false
	err := s.rc.Read(func(fd uintptr) bool {
		for {
			n, serr = syscall.Read(int(fd), p)
			if serr != syscall.EINTR {
				break
			}
		}
		if serr == syscall.EAGAIN {
			n, serr, again = 0, nil, true
			return !wait
		}
		again = false
		return true
	})
	switch {
	case err != nil:
		return 0, err
	case again:
		return 0, nil
	case serr != nil:
		return 0, serr
	case n == 0 && len(p) > 0:
		return 0, io.EOF
	}
	return n, nil
}

func (s *socket) write(p []byte, wait bool) (int, error) {
	var total int
	var serr error
	err := s.rc.Write(func(fd uintptr) bool {
		for total < len(p) {
			n, e := syscall.Write(int(fd), p[total:])
			switch {
			case e == syscall.EINTR:
				continue
			case e == syscall.EAGAIN:
				return !wait
			case e != nil:
				serr = e
				return true
			}
			total += n
		}
		return true
	})
	if err != nil {
		return total, err
	}
	return total, serr
}
