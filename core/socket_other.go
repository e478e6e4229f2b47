//go:build !unix

package core

import (
	"errors"
	"net"
	"os"
	"time"
)

// nonBlockingGrace is how long a read or write that must not wait may take
// on platforms without unix non-blocking sockets: an ordinary call with a
// deadline just after now, whose timeout means "nothing yet".
const nonBlockingGrace = 50 * time.Microsecond

// socket does reads and writes that may not wait on a TCP connection.
type socket struct {
	conn net.Conn
}

func newSocket(conn net.Conn) (*socket, error) { return &socket{conn: conn}, nil }

func (s *socket) read(p []byte, wait bool) (int, error) {
	if wait {
		s.conn.SetReadDeadline(time.Time{})
	} else {
		s.conn.SetReadDeadline(time.Now().Add(nonBlockingGrace))
	}
	n, err := s.conn.Read(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		err = nil
	}
	return n, err
}

func (s *socket) write(p []byte, wait bool) (int, error) {
	if wait {
		s.conn.SetWriteDeadline(time.Time{})
	} else {
		s.conn.SetWriteDeadline(time.Now().Add(nonBlockingGrace))
	}
	n, err := s.conn.Write(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		err = nil
	}
	return n, err
}
