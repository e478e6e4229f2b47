package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
)

func TestBenchRoutesSendThePattern(t *testing.T) {
	_, c := startForTest(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", c.HTTPPort)
	for _, tc := range []struct {
		path    string
		size    int
		chunked bool
	}{
		{"/stream?n=0", 0, false},
		{"/stream?n=1", 1, false},
		{"/stream?n=65537", 65537, false},
		// Crosses two write blocks and ends inside a pattern period.
		{fmt.Sprintf("/stream?n=%d", 2*streamBlock+12345), 2*streamBlock + 12345, false},
		{"/stream", 1 << 20, false},
		{"/stream?n=-4", 1 << 20, false},
		{"/streamchunked?n=0", 0, true},
		{"/streamchunked?n=1000&chunk=7", 1000, true},
		// Chunks that are not a multiple of the period, spanning blocks.
		{fmt.Sprintf("/streamchunked?n=%d&chunk=100000", 2*streamBlock+5), 2*streamBlock + 5, true},
		{fmt.Sprintf("/streamchunked?n=%d&chunk=%d", 3*streamBlock, 2*streamBlock), 3 * streamBlock, true},
		{"/small", 100, false},
		{"/small?n=5000", 5000, false},
		{"/small?n=999999", 64 << 10, false},
	} {
		resp, body := get(t, base+tc.path)
		if !bytes.Equal(body, streamPattern(tc.size)) {
			t.Errorf("%s: %d bytes, want the %d stream pattern bytes", tc.path, len(body), tc.size)
		}
		if chunked := len(resp.TransferEncoding) > 0; chunked != tc.chunked {
			t.Errorf("%s: chunked %v, want %v", tc.path, chunked, tc.chunked)
		}
		if !tc.chunked && resp.ContentLength != int64(tc.size) {
			t.Errorf("%s: Content-Length %d, want %d", tc.path, resp.ContentLength, tc.size)
		}
	}
}

func TestPatternAtIsTheStreamPatternAnywhere(t *testing.T) {
	for _, off := range []int64{0, 1, benchPeriod - 1, benchPeriod, 65536, 5*benchPeriod + 77, 3<<30 + 12345} {
		got := patternAt(off, 1000)
		for j, b := range got {
			if want := patternByte(int((off + int64(j)) % benchPeriod)); b != want {
				t.Fatalf("patternAt(%d, 1000)[%d] = %d, want %d", off, j, b, want)
			}
		}
	}
}

// A client that hands back the previous 64 KiB chunk again must fail the
// content check: the stream never repeats itself at such a distance.
func TestStreamChunksDifferFromTheirNeighbours(t *testing.T) {
	body := streamPattern(8 << 16)
	for _, size := range []int{4096, 16384, 65536, 131072} {
		for off := size; off+size <= len(body); off += size {
			if bytes.Equal(body[off:off+size], body[off-size:off]) {
				t.Fatalf("the %d-byte chunk at %d repeats the one before it", size, off)
			}
		}
	}
}

// readChunkSizes reads a chunked body off br and returns its chunk sizes,
// the final 0 included, checking the framing on the way.
func readChunkSizes(t *testing.T, br *bufio.Reader) []int64 {
	t.Helper()
	var sizes []int64
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("chunk-size line: %v", err)
		}
		n, err := strconv.ParseInt(strings.TrimSuffix(line, "\r\n"), 16, 64)
		if err != nil {
			t.Fatalf("chunk-size line %q: %v", line, err)
		}
		sizes = append(sizes, n)
		if _, err := io.CopyN(io.Discard, br, n); err != nil {
			t.Fatalf("chunk of %d bytes: %v", n, err)
		}
		if crlf, _ := br.ReadString('\n'); crlf != "\r\n" {
			t.Fatalf("after a chunk of %d bytes: %q, want CRLF", n, crlf)
		}
		if n == 0 {
			return sizes
		}
	}
}

// readHead reads a response head off br and returns its lines.
func readHead(t testing.TB, br *bufio.Reader) []string {
	t.Helper()
	var lines []string
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			t.Fatalf("response head: %v (so far %q)", err, lines)
		}
		if line == "\r\n" {
			return lines
		}
		lines = append(lines, strings.TrimSuffix(line, "\r\n"))
	}
}

func TestStreamChunkedCutsChunksOfTheAskedSize(t *testing.T) {
	_, c := startForTest(t)
	for _, tc := range []struct {
		n, chunk int64
		want     []int64
	}{
		{10, 4, []int64{4, 4, 2, 0}},
		{8, 4, []int64{4, 4, 0}},
		{0, 4, []int64{0}},
		{3, 0, []int64{1, 1, 1, 0}}, // chunk=0 is taken as 1
		{300000, 65536, []int64{65536, 65536, 65536, 65536, 37856, 0}},
	} {
		conn := dialTest(t, c.HTTPPort)
		fmt.Fprintf(conn, "GET /streamchunked?n=%d&chunk=%d HTTP/1.1\r\nHost: x\r\n\r\n", tc.n, tc.chunk)
		br := bufio.NewReader(conn)
		head := readHead(t, br)
		if !strings.Contains(strings.Join(head, "\n"), "Transfer-Encoding: chunked") {
			t.Errorf("n=%d chunk=%d: head %q is not chunked", tc.n, tc.chunk, head)
		}
		got := readChunkSizes(t, br)
		conn.Close()
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("n=%d chunk=%d: chunk sizes %v, want %v", tc.n, tc.chunk, got, tc.want)
		}
	}
}

func TestBenchRoutesKeepTheConnectionAlive(t *testing.T) {
	_, c := startForTest(t)
	conn := dialTest(t, c.HTTPPort)
	br := bufio.NewReader(conn)
	for i, req := range []struct {
		target string
		method string
		body   int
	}{
		{"/small?n=100", "GET", 100},
		{"/small?n=100", "GET", 100},
		{"/stream?n=70000", "HEAD", 0},
		{"/stream?n=70000", "GET", 70000},
		{"/streamchunked?n=5&chunk=2", "HEAD", 0},
		{"/headers30", "GET", 2},
		{"/small?n=100", "GET", 100},
	} {
		fmt.Fprintf(conn, "%s %s HTTP/1.1\r\nHost: x\r\n\r\n", req.method, req.target)
		head := readHead(t, br)
		joined := strings.Join(head, "\n")
		if want := fmt.Sprintf("X-Request-Number: %d", i+1); !strings.Contains(joined, want) {
			t.Fatalf("%s %s: head %q lacks %q", req.method, req.target, head, want)
		}
		if strings.Contains(strings.ToLower(joined), "connection: close") {
			t.Fatalf("%s %s: the server closes: %q", req.method, req.target, head)
		}
		body := make([]byte, req.body)
		if _, err := io.ReadFull(br, body); err != nil {
			t.Fatalf("%s %s: body: %v", req.method, req.target, err)
		}
	}
}

func TestHeaders30SendsThirtyFields(t *testing.T) {
	_, c := startForTest(t)
	resp, body := get(t, fmt.Sprintf("http://127.0.0.1:%d/headers30", c.HTTPPort))
	n := 0
	for name := range resp.Header {
		if strings.HasPrefix(name, "X-Bench-Header-") {
			n++
		}
	}
	if n != headers30Count || string(body) != "ok" {
		t.Fatalf("%d X-Bench-Header fields and body %q, want %d and \"ok\"", n, body, headers30Count)
	}
}

// BenchmarkStreamRoute is what the server sends a Go reader that does
// nothing with the bytes: the ceiling for a client on the same machine.
func BenchmarkStreamRoute(b *testing.B) {
	s, err := start()
	if err != nil {
		b.Fatal(err)
	}
	defer s.close()
	conn := dialTest(b, s.http.Port())
	const n = 64 << 20
	buf := make([]byte, 65536)
	b.SetBytes(n)
	for b.Loop() {
		fmt.Fprintf(conn, "GET /stream?n=%d HTTP/1.1\r\nHost: x\r\n\r\n", n)
		br := bufio.NewReaderSize(conn, 65536)
		readHead(b, br)
		for left := n; left > 0; {
			k, err := br.Read(buf[:min(left, len(buf))])
			if err != nil {
				b.Fatal(err)
			}
			left -= k
		}
	}
}
