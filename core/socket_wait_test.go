//go:build unix

package core

import (
	"io"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// socketPair returns a socket over the client end of a loopback TCP
// connection, and the server end.
func socketPair(t *testing.T) (*socket, net.Conn) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	c, err := net.Dial("tcp4", ln.Addr().String())
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	srv, err := ln.Accept()
	require.NoError(t, err)
	t.Cleanup(func() { srv.Close() })
	s, err := newSocket(c)
	require.NoError(t, err)
	return s, srv
}

// A read that may wait first tries the socket again a few times
// (waitSpinReads), then parks; bytes that come during either, or an end of
// stream, end it.
func TestSocketWaitingReadGetsWhatComesLater(t *testing.T) {
	for _, tc := range []struct {
		name  string
		delay time.Duration
		close bool
	}{
		{"bytes already there", 0, false},
		{"bytes after 200µs", 200 * time.Microsecond, false},
		{"bytes after 30ms (parked)", 30 * time.Millisecond, false},
		{"end of stream after 30ms", 30 * time.Millisecond, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, srv := socketPair(t)
			go func() {
				time.Sleep(tc.delay)
				if tc.close {
					srv.Close()
					return
				}
				_, _ = srv.Write([]byte("hello"))
			}()
			p := make([]byte, 64)
			n, err := s.read(p, true)
			if tc.close {
				require.ErrorIs(t, err, io.EOF)
				require.Zero(t, n)
				return
			}
			require.NoError(t, err)
			require.Equal(t, "hello", string(p[:n]))
		})
	}
}

func TestSocketReadThatMustNotWaitFindsNothing(t *testing.T) {
	s, srv := socketPair(t)
	p := make([]byte, 64)
	n, err := s.read(p, false)
	require.NoError(t, err)
	require.Zero(t, n)
	_, err = srv.Write([]byte("x"))
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		n, err = s.read(p, false)
		return n > 0 || err != nil
	}, 2*time.Second, time.Millisecond)
	require.NoError(t, err)
	require.Equal(t, "x", string(p[:n]))
}
