//go:build unix

package main

import (
	"net"
	"strconv"
	"syscall"
	"time"
)

// stuckListener is a listening socket on 127.0.0.1 that never accepts and
// whose accept queue is full: the kernel drops the SYNs of any further
// connect, which so stays in progress until the client gives up.
type stuckListener struct {
	fd    int
	port  int // 0: the system completes connects beyond a full queue
	fills []net.Conn
}

// stuckFillAttempts bounds the connects made to fill the queue; the first
// one that does not complete within stuckFillTimeout shows it is full.
const (
	stuckFillAttempts = 8
	stuckFillTimeout  = 200 * time.Millisecond
)

func newStuckListener() (*stuckListener, error) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil, err
	}
	l := &stuckListener{fd: fd}
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		l.close()
		return nil, err
	}
	if err := syscall.Listen(fd, 0); err != nil {
		l.close()
		return nil, err
	}
	sa, err := syscall.Getsockname(fd)
	if err != nil {
		l.close()
		return nil, err
	}
	port := sa.(*syscall.SockaddrInet4).Port
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	for i := 0; i < stuckFillAttempts; i++ {
		c, err := net.DialTimeout("tcp4", addr, stuckFillTimeout)
		if err != nil {
			l.port = port // full: this connect did not complete
			return l, nil
		}
		l.fills = append(l.fills, c)
	}
	return l, nil // never full: port stays 0
}

func (l *stuckListener) close() {
	for _, c := range l.fills {
		c.Close()
	}
	l.fills = nil
	if l.fd >= 0 {
		syscall.Close(l.fd)
		l.fd = -1
	}
}
