package main

import (
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
)

// serveForwardProxy is a plain HTTP proxy: the first request on the
// connection must be in absolute form (http://host:port/path); the proxy
// connects to that loopback origin, forwards the request unchanged
// (absolute form, so the origin's /echo shows it) and then relays bytes
// both ways until either side closes.
func serveForwardProxy(c net.Conn) {
	br := newRequestReader(c)
	req, err := readRequest(br)
	if err != nil {
		fail(c, 400, "bad request")
		return
	}
	u, err := url.Parse(req.Target)
	if err != nil || u.Scheme != "http" || u.Host == "" {
		fail(c, 400, "absolute-form http:// target required, got "+cut(req.Target))
		return
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "80")
	}
	up, err := dialLoopback(host)
	if err != nil {
		fail(c, 502, err.Error())
		return
	}
	defer up.Close()
	if _, err := up.Write(req.Raw); err != nil {
		return
	}
	relay(c, br, up)
}

// serveConnectProxy answers CONNECT host:port with 200 and a tunnel to
// that loopback address.
func serveConnectProxy(c net.Conn) {
	br := newRequestReader(c)
	req, err := readRequest(br)
	if err != nil {
		fail(c, 400, "bad request")
		return
	}
	if req.Method != "CONNECT" {
		fail(c, 405, "only CONNECT here")
		return
	}
	up, err := dialLoopback(req.Target)
	if err != nil {
		fail(c, 502, err.Error())
		return
	}
	defer up.Close()
	if _, err := io.WriteString(c, "HTTP/1.1 200 Connection established\r\n\r\n"); err != nil {
		return
	}
	relay(c, br, up)
}

// serveRefusingProxy answers anything with 403.
func serveRefusingProxy(c net.Conn) {
	br := newRequestReader(c)
	if _, err := readRequest(br); err != nil {
		fail(c, 400, "bad request")
		return
	}
	fail(c, 403, "forbidden")
}

func fail(c net.Conn, code int, msg string) {
	reason := map[int]string{400: "Bad Request", 403: "Forbidden", 405: "Method Not Allowed", 502: "Bad Gateway"}[code]
	msg = strings.ReplaceAll(msg, "\n", " ") + "\n"
	fmt.Fprintf(c, "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s",
		code, reason, len(msg), msg)
}

// relay copies client (whose buffered reader may hold bytes already) to
// upstream and back until one side is done.
func relay(client net.Conn, clientReader io.Reader, upstream net.Conn) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, _ = io.Copy(upstream, clientReader)
		if tc, ok := upstream.(*net.TCPConn); ok {
			_ = tc.CloseWrite()
		}
	}()
	_, _ = io.Copy(client, upstream)
	if tc, ok := client.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
	}
	client.Close()
	upstream.Close()
	wg.Wait()
}
