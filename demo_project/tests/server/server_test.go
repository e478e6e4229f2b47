package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func startForTest(t *testing.T) (*servers, config) {
	t.Helper()
	s, err := start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.close)
	path := filepath.Join(t.TempDir(), "config.json")
	if err := s.writeConfig(path); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c config
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	return s, c
}

// rawExchange sends req on a fresh connection and returns everything the
// server sends until it closes or goes quiet.
func rawExchange(t *testing.T, port int, req string) string {
	t.Helper()
	c := dialTest(t, port)
	if _, err := io.WriteString(c, req); err != nil {
		t.Fatal(err)
	}
	_ = c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	data, _ := io.ReadAll(c)
	return string(data)
}

// get fetches url with the default client and returns the response (its
// body closed) and the whole body.
func get(t *testing.T, url string) (*http.Response, []byte) {
	t.Helper()
	return getWith(t, http.DefaultClient, url)
}

// getWith is get through client.
func getWith(t *testing.T, client *http.Client, url string) (*http.Response, []byte) {
	t.Helper()
	resp, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: body: %v", url, err)
	}
	return resp, body
}

func TestEchoReturnsTheRequestAsReceived(t *testing.T) {
	_, c := startForTest(t)
	req := "POST /echo HTTP/1.1\r\nHost: x\r\nUser-Agent: GodotEngine/4\r\nContent-Length: 3\r\n\r\nabc"
	got := rawExchange(t, c.HTTPPort, req)
	want := "POST /echo HTTP/1.1\r\nHost: x\r\nUser-Agent: <UA>\r\nContent-Length: 3\r\n\r\nabc"
	if !strings.HasSuffix(got, "\r\n\r\n"+want) {
		t.Fatalf("echo:\n%q\nwant the body\n%q", got, want)
	}
}

func TestRoutesFrameTheirBodies(t *testing.T) {
	_, c := startForTest(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", c.HTTPPort)
	for _, tc := range []struct {
		path    string
		size    int
		chunked bool
	}{
		{"/bytes?n=1000", 1000, false},
		{"/chunked?sizes=1,300,5000&ext=1&trailers=1", 5301, true},
		{"/eof?n=777", 777, false},
		{"/empty", 0, false},
		{"/slow?n=20", 20, false},
	} {
		resp, body := get(t, base+tc.path)
		if len(body) != tc.size || (tc.size > 0 && body[tc.size-1] != patternByte(tc.size-1)) {
			t.Errorf("%s: %d bytes, want %d of the pattern", tc.path, len(body), tc.size)
		}
		if chunked := len(resp.TransferEncoding) > 0; chunked != tc.chunked {
			t.Errorf("%s: chunked %v, want %v", tc.path, chunked, tc.chunked)
		}
	}
}

func TestKeepAliveNumbersRequests(t *testing.T) {
	_, c := startForTest(t)
	got := rawExchange(t, c.HTTPPort, "GET /empty HTTP/1.1\r\n\r\nGET /empty HTTP/1.1\r\n\r\n")
	if !strings.Contains(got, "X-Request-Number: 1") || !strings.Contains(got, "X-Request-Number: 2") {
		t.Fatalf("two responses on one connection expected, got %q", got)
	}
}

// manyLines is a request head of about size bytes: the request line, then
// header lines of 1 KiB each, then the empty line.
func manyLines(size int) string {
	var b strings.Builder
	b.WriteString("GET /empty HTTP/1.1\r\n")
	line := "X-Fill: " + strings.Repeat("f", 1024-len("X-Fill: \r\n")) + "\r\n"
	for b.Len() < size {
		b.WriteString(line)
	}
	b.WriteString("\r\n")
	return b.String()
}

// Requests the server refuses, each by one of its checks, and the status
// that says so.
func TestRefusedRequests(t *testing.T) {
	_, c := startForTest(t)
	for _, tc := range []struct {
		name string
		port int
		req  string
		want string // prefix of the answer
	}{
		{"non-HTTP bytes", c.HTTPPort, "\x16\x03\x01\x00", "HTTP/1.1 400 "},
		{"line too long", c.HTTPPort,
			"GET /empty HTTP/1.1\r\nX-Long: " + strings.Repeat("l", maxRequestLine) + "\r\n\r\n", "HTTP/1.1 400 "},
		{"head too large", c.HTTPPort, manyLines(maxRequestHead + 1), "HTTP/1.1 400 "},
		{"request line without a version", c.HTTPPort, "GET /empty\r\n\r\n", "HTTP/1.1 400 "},
		{"request line with a bad version", c.HTTPPort, "GET /empty XTTP/1.1\r\n\r\n", "HTTP/1.1 400 "},
		{"Content-Length not a number", c.HTTPPort,
			"POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "HTTP/1.1 400 "},
		{"forward proxy, origin-form target", c.ProxyPort,
			"GET /echo HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.1 400 "},
		{"CONNECT proxy, another method", c.ConnectProxyPort,
			fmt.Sprintf("GET http://127.0.0.1:%d/empty HTTP/1.1\r\n\r\n", c.HTTPPort), "HTTP/1.1 405 "},
	} {
		if got := rawExchange(t, tc.port, tc.req); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: got %.120q, want %q...", tc.name, got, tc.want)
		}
	}
}

// testRoots is a pool holding the test CA the server wrote.
func testRoots(t *testing.T, c config) *x509.CertPool {
	t.Helper()
	pemData, err := os.ReadFile(c.CAFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pemData) {
		t.Fatal("bad CA file")
	}
	return roots
}

func tlsClient(t *testing.T, c config, serverName string) *http.Client {
	t.Helper()
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: testRoots(t, c), ServerName: serverName}}}
}

func TestTLSServersAndNames(t *testing.T) {
	_, c := startForTest(t)
	ok := tlsClient(t, c, "")
	for _, u := range []string{
		fmt.Sprintf("https://localhost:%d/bytes?n=10", c.TLSPort),
		fmt.Sprintf("https://127.0.0.1:%d/bytes?n=10", c.TLSPort),
	} {
		resp, err := ok.Get(u)
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		resp.Body.Close()
	}
	if _, err := ok.Get(fmt.Sprintf("https://localhost:%d/", c.TLSWrongNamePort)); err == nil {
		t.Error("the wrong-name server was accepted for localhost")
	}
	resp, err := tlsClient(t, c, c.WrongName).Get(fmt.Sprintf("https://localhost:%d/bytes?n=1", c.TLSWrongNamePort))
	if err != nil {
		t.Fatalf("with the right server name: %v", err)
	}
	resp.Body.Close()
}

func TestForwardProxySendsAbsoluteForm(t *testing.T) {
	_, c := startForTest(t)
	proxy, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", c.ProxyPort))
	client := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(proxy)}}
	_, body := getWith(t, client, fmt.Sprintf("http://127.0.0.1:%d/echo", c.HTTPPort))
	if want := fmt.Sprintf("GET http://127.0.0.1:%d/echo HTTP/1.1", c.HTTPPort); !strings.HasPrefix(string(body), want) {
		t.Fatalf("origin saw %q, want %q", body, want)
	}
}

func TestProxiesReachOnlyLoopback(t *testing.T) {
	_, c := startForTest(t)
	got := rawExchange(t, c.ProxyPort, "GET http://example.com/ HTTP/1.1\r\nHost: example.com\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 502 ") {
		t.Errorf("forward proxy to example.com: %q", got)
	}
	got = rawExchange(t, c.ConnectProxyPort, "CONNECT 192.0.2.1:443 HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 502 ") {
		t.Errorf("CONNECT to 192.0.2.1: %q", got)
	}
}

func TestConnectProxyTunnelsAndRefusingProxyRefuses(t *testing.T) {
	_, c := startForTest(t)
	conn := dialTest(t, c.ConnectProxyPort)
	fmt.Fprintf(conn, "CONNECT 127.0.0.1:%d HTTP/1.1\r\n\r\nGET /bytes?n=3 HTTP/1.1\r\n\r\n", c.HTTPPort)
	br := bufio.NewReader(conn)
	line, _ := br.ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 200 ") {
		t.Fatalf("CONNECT answered %q", line)
	}
	_, _ = br.ReadString('\n')
	line, _ = br.ReadString('\n')
	if !strings.HasPrefix(line, "HTTP/1.1 200 OK") {
		t.Fatalf("through the tunnel: %q", line)
	}
	got := rawExchange(t, c.RefusingProxyPort, "CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n")
	if !strings.HasPrefix(got, "HTTP/1.1 403 ") {
		t.Fatalf("refusing proxy: %q", got)
	}
}
