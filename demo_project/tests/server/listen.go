package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// loopbackListener is one port opened on 127.0.0.1 and, when the machine
// has IPv6, on ::1 with the same number; Accept serves both.
type loopbackListener struct {
	v4, v6 net.Listener
	conns  chan net.Conn
	closed chan struct{}
}

// listenLoopback opens an ephemeral port on 127.0.0.1, and the same port on
// ::1 when possible (a few attempts, as the number may be taken there).
func listenLoopback() (*loopbackListener, error) {
	var lastErr error
	for attempt := 0; attempt < 20; attempt++ {
		v4, err := net.Listen("tcp4", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		port := v4.Addr().(*net.TCPAddr).Port
		v6, err := net.Listen("tcp6", net.JoinHostPort("::1", strconv.Itoa(port)))
		if err != nil {
			lastErr = err
			if !hasIPv6Loopback() {
				return newLoopbackListener(v4, nil), nil
			}
			v4.Close()
			continue
		}
		return newLoopbackListener(v4, v6), nil
	}
	return nil, fmt.Errorf("no port free on both 127.0.0.1 and ::1: %w", lastErr)
}

func newLoopbackListener(v4, v6 net.Listener) *loopbackListener {
	l := &loopbackListener{v4: v4, v6: v6, conns: make(chan net.Conn), closed: make(chan struct{})}
	go l.pump(v4)
	if v6 != nil {
		go l.pump(v6)
	}
	return l
}

func (l *loopbackListener) pump(ln net.Listener) {
	for {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		select {
		case l.conns <- c:
		case <-l.closed:
			c.Close()
			return
		}
	}
}

// Accept implements net.Listener.
func (l *loopbackListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.closed:
		return nil, net.ErrClosed
	}
}

// Close implements net.Listener.
func (l *loopbackListener) Close() error {
	select {
	case <-l.closed:
		return nil
	default:
	}
	close(l.closed)
	l.v4.Close()
	if l.v6 != nil {
		l.v6.Close()
	}
	return nil
}

// Addr implements net.Listener (the IPv4 address).
func (l *loopbackListener) Addr() net.Addr { return l.v4.Addr() }

// Port is the port number shared by both addresses.
func (l *loopbackListener) Port() int { return l.v4.Addr().(*net.TCPAddr).Port }

func hasIPv6Loopback() bool {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		return false
	}
	ln.Close()
	return true
}

// closedPort returns a loopback port number that nothing listens on (it was
// free a moment ago).
func closedPort() (int, error) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return port, nil
}

var errNotLoopback = errors.New("refusing a non-loopback destination")

// dialLoopback dials host:port only when host is a loopback IP literal or
// "localhost" resolving to loopback addresses only: the proxies never reach
// beyond this machine, and never ask a DNS server about other names.
func dialLoopback(hostport string) (net.Conn, error) {
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, err
	}
	var addrs []net.IPAddr
	if ip := net.ParseIP(host); ip != nil {
		addrs = []net.IPAddr{{IP: ip}}
	} else if strings.EqualFold(host, "localhost") {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if addrs, err = net.DefaultResolver.LookupIPAddr(ctx, host); err != nil {
			return nil, err
		}
	} else {
		return nil, fmt.Errorf("%w: %q is not localhost or a loopback address", errNotLoopback, cut(host))
	}
	if len(addrs) == 0 {
		return nil, fmt.Errorf("%q resolves to nothing", host)
	}
	for _, a := range addrs {
		if !a.IP.IsLoopback() {
			return nil, fmt.Errorf("%w: %q is %s", errNotLoopback, host, a.IP)
		}
	}
	var lastErr error
	for _, a := range addrs {
		c, err := net.DialTimeout("tcp", net.JoinHostPort(a.IP.String(), port), 5*time.Second)
		if err == nil {
			return c, nil
		}
		lastErr = err
	}
	return nil, lastErr
}
