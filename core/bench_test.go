package core

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"testing"
)

// Benchmarks of the client against a loopback server that sends canned
// responses, beside the same work done by net/http's client and by a raw
// socket read of the same bytes (the physical limit here). Run:
//
//	go test ./core/ -run XXX -bench . -benchmem
const (
	benchBulkSize    = 256 << 20
	benchChunkedSize = 64 << 20
	benchChunkLen    = 64 << 10
	benchSmallBody   = 100
	benchSmallGets   = 10000
)

// benchServer answers every request on a connection with the same canned
// response, until the client goes away.
type benchServer struct {
	ln   net.Listener
	head []byte
	body func(w io.Writer) error
}

func startBenchServer(b *testing.B, head []byte, body func(w io.Writer) error) *benchServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	s := &benchServer{ln: ln, head: head, body: body}
	go s.serve()
	b.Cleanup(func() { ln.Close() })
	return s
}

func (s *benchServer) port() int { return s.ln.Addr().(*net.TCPAddr).Port }

func (s *benchServer) serve() {
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return
		}
		go func() {
			defer conn.Close()
			r := bufio.NewReader(conn)
			for {
				// Read one request head (these requests carry no body).
				for {
					line, err := r.ReadSlice('\n')
					if err != nil {
						return
					}
					if len(line) <= 2 {
						break
					}
				}
				if _, err := conn.Write(s.head); err != nil {
					return
				}
				if s.body != nil && s.body(conn) != nil {
					return
				}
			}
		}()
	}
}

// pattern is the payload bulk bodies repeat.
var pattern = bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB

func writeRepeated(w io.Writer, n int) error {
	for n > 0 {
		k := min(n, len(pattern))
		if _, err := w.Write(pattern[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

func writeChunked(w io.Writer, n, chunk int) error {
	bw := bufio.NewWriterSize(w, chunk+32)
	for n > 0 {
		k := min(n, chunk)
		fmt.Fprintf(bw, "%x\r\n", k)
		bw.Write(pattern[:k])
		bw.WriteString("\r\n")
		n -= k
	}
	bw.WriteString("0\r\n\r\n")
	return bw.Flush()
}

func lengthHead(n int) []byte {
	return []byte("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + strconv.Itoa(n) + "\r\n\r\n")
}

var chunkedHead = []byte("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n")

// clientGet runs one GET through the poll/read loop a script uses and
// returns the body size, reading into buf (no allocation per chunk).
func clientGet(b *testing.B, c *Client, buf []byte) int {
	if err := c.Request(MethodGet, "/", nil, nil); err != nil {
		b.Fatal(err)
	}
	for c.Status() == StatusRequesting {
		if err := c.Poll(); err != nil {
			b.Fatal(err)
		}
	}
	total := 0
	for c.Status() == StatusBody {
		n, err := c.ReadResponseBodyInto(buf)
		if err != nil {
			b.Fatal(err)
		}
		total += n
	}
	return total
}

func benchClient(b *testing.B, s *benchServer) *Client {
	c := NewClient()
	b.Cleanup(c.Close)
	if err := c.ConnectToHost("127.0.0.1", s.port(), nil); err != nil {
		b.Fatal(err)
	}
	for c.Status() == StatusConnecting {
		c.Poll()
	}
	if c.Status() != StatusConnected {
		b.Fatal(c.Status(), c.LastFailure())
	}
	return c
}

func benchGo(b *testing.B, s *benchServer, want int, blocking bool) {
	c := benchClient(b, s)
	c.SetBlockingMode(blocking)
	buf := make([]byte, benchChunkLen)
	b.SetBytes(int64(want))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := clientGet(b, c, buf); n != want {
			b.Fatalf("read %d bytes, want %d", n, want)
		}
	}
}

func benchGoAllocating(b *testing.B, s *benchServer, want int) {
	c := benchClient(b, s)
	b.SetBytes(int64(want))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c.Request(MethodGet, "/", nil, nil)
		for c.Status() == StatusRequesting {
			c.Poll()
		}
		total := 0
		for c.Status() == StatusBody {
			chunk, err := c.ReadResponseBodyChunk()
			if err != nil {
				b.Fatal(err)
			}
			total += len(chunk)
		}
		if total != want {
			b.Fatalf("read %d bytes, want %d", total, want)
		}
	}
}

func benchNetHTTP(b *testing.B, s *benchServer, want int) {
	tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	url := "http://127.0.0.1:" + strconv.Itoa(s.port()) + "/"
	buf := make([]byte, benchChunkLen)
	b.SetBytes(int64(want))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		resp, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		total := 0
		for {
			n, err := resp.Body.Read(buf)
			total += n
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
		resp.Body.Close()
		if total != want {
			b.Fatalf("read %d bytes, want %d", total, want)
		}
	}
}

// benchRaw reads the same response bytes off a socket with nothing but
// read system calls: the limit of this machine's loopback.
func benchRaw(b *testing.B, s *benchServer, wire int) {
	conn, err := net.Dial("tcp", "127.0.0.1:"+strconv.Itoa(s.port()))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	buf := make([]byte, benchChunkLen)
	req := []byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	b.SetBytes(int64(wire))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		conn.Write(req)
		for total := 0; total < wire; {
			n, err := conn.Read(buf[:min(len(buf), wire-total)])
			if err != nil {
				b.Fatal(err)
			}
			total += n
		}
	}
}

func BenchmarkBulk256MiB(b *testing.B) {
	head := lengthHead(benchBulkSize)
	s := startBenchServer(b, head, func(w io.Writer) error { return writeRepeated(w, benchBulkSize) })
	b.Run("client", func(b *testing.B) { benchGo(b, s, benchBulkSize, false) })
	b.Run("client-blocking", func(b *testing.B) { benchGo(b, s, benchBulkSize, true) })
	b.Run("client-alloc", func(b *testing.B) { benchGoAllocating(b, s, benchBulkSize) })
	b.Run("nethttp", func(b *testing.B) { benchNetHTTP(b, s, benchBulkSize) })
	b.Run("raw", func(b *testing.B) { benchRaw(b, s, len(head)+benchBulkSize) })
}

func BenchmarkChunked64MiB(b *testing.B) {
	var wire bytes.Buffer
	writeChunked(&wire, benchChunkedSize, benchChunkLen)
	body := wire.Bytes()
	s := startBenchServer(b, chunkedHead, func(w io.Writer) error { _, err := w.Write(body); return err })
	b.Run("client", func(b *testing.B) { benchGo(b, s, benchChunkedSize, false) })
	b.Run("client-blocking", func(b *testing.B) { benchGo(b, s, benchChunkedSize, true) })
	b.Run("nethttp", func(b *testing.B) { benchNetHTTP(b, s, benchChunkedSize) })
	b.Run("raw", func(b *testing.B) { benchRaw(b, s, len(chunkedHead)+len(body)) })
}

// BenchmarkKeepAlive10k: one op is 10,000 sequential GETs of 100-byte
// bodies on one kept-alive connection.
func BenchmarkKeepAlive10k(b *testing.B) {
	head := lengthHead(benchSmallBody)
	s := startBenchServer(b, append(head, pattern[:benchSmallBody]...), nil)
	for _, mode := range []struct {
		name     string
		blocking bool
	}{{"client", false}, {"client-blocking", true}} {
		b.Run(mode.name, func(b *testing.B) {
			c := benchClient(b, s)
			c.SetBlockingMode(mode.blocking)
			buf := make([]byte, benchChunkLen)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				for j := 0; j < benchSmallGets; j++ {
					if n := clientGet(b, c, buf); n != benchSmallBody {
						b.Fatalf("read %d bytes", n)
					}
				}
			}
		})
	}
	b.Run("nethttp", func(b *testing.B) {
		tr := &http.Transport{MaxIdleConnsPerHost: 1, DisableCompression: true}
		b.Cleanup(tr.CloseIdleConnections)
		client := &http.Client{Transport: tr}
		url := "http://127.0.0.1:" + strconv.Itoa(s.port()) + "/"
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			for j := 0; j < benchSmallGets; j++ {
				resp, err := client.Get(url)
				if err != nil {
					b.Fatal(err)
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if n != benchSmallBody {
					b.Fatalf("read %d bytes", n)
				}
			}
		}
	})
}
