package main

import (
	"bufio"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// dialTest connects to a loopback port of the test server.
func dialTest(t testing.TB, port int) net.Conn {
	t.Helper()
	c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// readFor returns what c sends within d, and the error that ended the
// read (a timeout when the server stayed open and quiet).
func readFor(c net.Conn, d time.Duration) (string, error) {
	_ = c.SetReadDeadline(time.Now().Add(d))
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			return b.String(), err
		}
	}
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

func TestHostileRoutes(t *testing.T) {
	_, c := startForTest(t)
	tests := []struct {
		name   string
		target string
		wait   time.Duration
		want   string // the whole answer (a prefix when prefix is set)
		prefix bool
		// open: the server keeps the connection open (the read times out);
		// else it closes or resets (the read ends with an error other than
		// a timeout).
		open bool
	}{
		{"endless head trickles", "/hostile/endless-head?ms=50", 400 * time.Millisecond,
			"HTTP/1.1 200 OK\r\nX-Endless: aaa", true, true},
		{"chunk size of 2^64", "/hostile/chunk?v=2p64", time.Second,
			"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n10000000000000000\r\nabcde\r\n0\r\n\r\n", false, false},
		{"chunk size ffffffffffffffff", "/hostile/chunk?v=u64max", time.Second,
			"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nffffffffffffffff\r\n", true, false},
		{"unknown chunk variant", "/hostile/chunk?v=nope", 300 * time.Millisecond, "HTTP/1.1 400 Bad Request\r\n", true, true},
		{"body longer than its Content-Length", "/hostile/long?n=5", 300 * time.Millisecond,
			"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Request-Number: 1\r\n\r\n" + string(pattern(5)) + "EXTRA BYTES, NOT HTTP\r\n\r\n", false, true},
		{"body shorter than its Content-Length", "/hostile/short?n=1000", 300 * time.Millisecond,
			"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + string(pattern(500)), false, true},
		{"silent after the request", "/hostile/silent", 300 * time.Millisecond, "", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			conn := dialTest(t, c.HTTPPort)
			fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", tt.target)
			got, err := readFor(conn, tt.wait)
			if tt.prefix && !strings.HasPrefix(got, tt.want) || !tt.prefix && got != tt.want {
				t.Errorf("answer:\n%q\nwant %s\n%q", got, map[bool]string{true: "a prefix", false: "exactly"}[tt.prefix], tt.want)
			}
			if tt.open != isTimeout(err) {
				t.Errorf("connection open %v, want %v (read ended with %v)", !tt.open, tt.open, err)
			}
		})
	}
}

func TestEndlessHeadNeverEnds(t *testing.T) {
	_, c := startForTest(t)
	conn := dialTest(t, c.HTTPPort)
	io.WriteString(conn, "GET /hostile/endless-head?ms=20 HTTP/1.1\r\n\r\n")
	got, err := readFor(conn, 500*time.Millisecond)
	if !isTimeout(err) {
		t.Fatalf("read ended with %v, want a timeout", err)
	}
	if strings.Contains(got, "\r\n\r\n") || strings.Count(got, "\r\n") != 1 {
		t.Fatalf("the head must never end: %q", got)
	}
	if n := strings.Count(got, "a"); n < 5 || n > 30 {
		t.Errorf("%d bytes of the endless line in 500 ms at one per 20 ms", n)
	}
}

func TestResetMidBodyIsAReset(t *testing.T) {
	_, c := startForTest(t)
	roots := testRoots(t, c)
	for _, tc := range []struct {
		name string
		dial func(t *testing.T) net.Conn
	}{
		{"http", func(t *testing.T) net.Conn { return dialTest(t, c.HTTPPort) }},
		{"tls", func(t *testing.T) net.Conn {
			conn := tls.Client(dialTest(t, c.TLSPort), &tls.Config{RootCAs: roots, ServerName: "localhost"})
			_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
			if err := conn.Handshake(); err != nil {
				t.Fatal(err)
			}
			return conn
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn := tc.dial(t)
			io.WriteString(conn, "GET /hostile/reset?n=100000&send=3000 HTTP/1.1\r\n\r\n")
			got, err := readFor(conn, 2*time.Second)
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("read ended with %v, want ECONNRESET", err)
			}
			if !strings.HasPrefix(got, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n") || len(got) > 3000+45 {
				t.Fatalf("got %d bytes: %.80q", len(got), got)
			}
		})
	}
}

func TestLongBodyKeepsTheConnection(t *testing.T) {
	_, c := startForTest(t)
	conn := dialTest(t, c.HTTPPort)
	io.WriteString(conn, "GET /hostile/long?n=3&extra=XYZ HTTP/1.1\r\n\r\nGET /empty HTTP/1.1\r\n\r\n")
	br := bufio.NewReader(conn)
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	head := "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nX-Request-Number: 1\r\n\r\n" + string(pattern(3)) + "XYZ" + "HTTP/1.1 200 OK\r\n"
	buf := make([]byte, len(head))
	if _, err := io.ReadFull(br, buf); err != nil || string(buf) != head {
		t.Fatalf("got %q (%v), want %q", buf, err, head)
	}
}

func TestHostilePorts(t *testing.T) {
	_, c := startForTest(t)
	if c.SilentPort == 0 || c.GarbageTLSPort == 0 {
		t.Fatalf("hostile ports missing from the config: %+v", c.hostilePorts)
	}
	t.Run("silent port never answers", func(t *testing.T) {
		conn := dialTest(t, c.SilentPort)
		io.WriteString(conn, "CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n")
		got, err := readFor(conn, 300*time.Millisecond)
		if got != "" || !isTimeout(err) {
			t.Fatalf("got %q, %v; want nothing and a timeout", got, err)
		}
	})
	t.Run("garbage TLS fails a handshake at once", func(t *testing.T) {
		conn := dialTest(t, c.GarbageTLSPort)
		_ = conn.SetDeadline(time.Now().Add(2 * time.Second))
		err := tls.Client(conn, &tls.Config{ServerName: "localhost"}).Handshake()
		if err == nil || isTimeout(err) {
			t.Fatalf("handshake: %v, want a TLS error", err)
		}
		t.Logf("handshake with the garbage port: %v", err)
	})
	t.Run("garbage is the same every time", func(t *testing.T) {
		a, b := garbage(), garbage()
		if len(a) != garbageBytes || string(a) != string(b) {
			t.Fatal("garbage differs between calls")
		}
	})
	t.Run("stuck port never completes a connect", func(t *testing.T) {
		if c.StuckPort == 0 {
			t.Skip("this system completes connects beyond a full accept queue")
		}
		start := time.Now()
		conn, err := net.DialTimeout("tcp4", fmt.Sprintf("127.0.0.1:%d", c.StuckPort), 300*time.Millisecond)
		if err == nil {
			conn.Close()
			t.Fatal("the connect completed")
		}
		if !isTimeout(err) || time.Since(start) < 250*time.Millisecond {
			t.Fatalf("connect ended with %v after %v, want a timeout", err, time.Since(start))
		}
	})
}

func TestHostileServersClose(t *testing.T) {
	s, c := startForTest(t)
	conn := dialTest(t, c.SilentPort)
	s.close()
	_, err := readFor(conn, 2*time.Second)
	if isTimeout(err) || err == nil {
		t.Fatalf("a silent connection outlived the server's close: %v", err)
	}
	if c.StuckPort != 0 {
		conn, err := net.DialTimeout("tcp4", fmt.Sprintf("127.0.0.1:%d", c.StuckPort), time.Second)
		if err == nil {
			conn.Close()
		}
		if !errors.Is(err, syscall.ECONNREFUSED) {
			t.Errorf("connect to the stuck port after close: %v, want connection refused", err)
		}
	}
}
