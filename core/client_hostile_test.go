package core

// Servers that misbehave on purpose, over raw TCP: bad heads, bad
// framing, limits, interim responses, early closes, slow and silent
// servers, unsolicited bytes.

import (
	"fmt"
	"net"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headerLines returns n header lines "X-Hn: v".
func headerLines(n int, value string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "X-H%d: %s\r\n", i, value)
	}
	return b.String()
}

func interims(n int) string {
	return strings.Repeat("HTTP/1.1 100 Continue\r\n\r\n", n)
}

func TestHostileResponses(t *testing.T) {
	const ok = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
	tests := []struct {
		name     string
		limits   Limits
		response string
		hangUp   bool   // close after the response
		wantErr  string // in the failure message; "" means the response is accepted
		wantCode int
		wantBody string
		wantHdrs []string // when set, the headers expected
	}{
		// Status line.
		{name: "malformed status line", response: "HTTX/1.1 200 OK\r\n\r\n", wantErr: `malformed HTTP status line "HTTX/1.1 200 OK"`},
		{name: "non-numeric status", response: "HTTP/1.1 2x0 OK\r\n\r\n", wantErr: `malformed HTTP status line "HTTP/1.1 2x0 OK"`},
		{name: "status below 100", response: "HTTP/1.1 099 Low\r\n\r\n", wantErr: "below 100"},
		{name: "not HTTP at all", response: "SSH-2.0-OpenSSH_9.0\r\n", wantErr: `"SSH-2.0-OpenSSH_9.0"`},
		{name: "HTTP/2.0 status line", response: "HTTP/2.0 200 OK\r\n\r\n", wantErr: `unsupported HTTP version "HTTP/2.0"`},
		{name: "HTTP/2 status line", response: "HTTP/2 200\r\n\r\n", wantErr: `unsupported HTTP version "HTTP/2"`},
		{name: "HTTP/1.2 read as 1.1", response: "HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nok", wantCode: 200, wantBody: "ok"},
		{name: "status without reason", response: "HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nok", wantCode: 200, wantBody: "ok"},
		{name: "NUL in status line", response: "HTTP/1.1 200 O\x00K\r\n\r\n", wantErr: "NUL"},
		{name: "status line too long", limits: Limits{MaxHeadBytes: 256}, response: "HTTP/1.1 200 " + strings.Repeat("x", 300), wantErr: "MaxHeadBytes (256)"},

		// Head lines.
		{name: "bare-LF head accepted", response: "HTTP/1.1 200 OK\nContent-Length: 2\nX-A: 1\n\nok",
			wantCode: 200, wantBody: "ok", wantHdrs: []string{"Content-Length: 2", "X-A: 1"}},
		{name: "mixed CRLF and LF", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\nX-A: 1\r\n\nok", wantCode: 200, wantBody: "ok"},
		{name: "empty lines before the status line skipped", response: "\r\n\r\n" + ok, wantCode: 200, wantBody: "ok"},
		{name: "header without colon", response: "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", wantErr: `malformed header line "NoColon"`},
		{name: "space before colon", response: "HTTP/1.1 200 OK\r\nX-A : 1\r\n\r\n", wantErr: `malformed header line "X-A : 1"`},
		{name: "control character in value", response: "HTTP/1.1 200 OK\r\nX-A: a\x01b\r\n\r\n", wantErr: "control character"},
		{name: "obs-fold joined", response: "HTTP/1.1 200 OK\r\nX-A: one\r\n  two\r\nContent-Length: 2\r\n\r\nok",
			wantCode: 200, wantBody: "ok", wantHdrs: []string{"X-A: one two", "Content-Length: 2"}},
		{name: "headers trimmed, duplicates kept", response: "HTTP/1.1 200 OK\r\nX-A:   1  \r\nX-A: 2\r\nContent-Length: 2\r\n\r\nok",
			wantCode: 200, wantBody: "ok", wantHdrs: []string{"X-A:   1", "X-A: 2", "Content-Length: 2"}},

		// Head size and header count.
		{name: "head past default MaxHeadBytes", response: "HTTP/1.1 200 OK\r\n" + headerLines(100, strings.Repeat("v", 700)) + "\r\n",
			wantErr: "MaxHeadBytes (65536)"},
		{name: "head past a small MaxHeadBytes", limits: Limits{MaxHeadBytes: 512}, response: "HTTP/1.1 200 OK\r\n" + headerLines(1, strings.Repeat("v", 600)) + "Content-Length: 2\r\n\r\nok",
			wantErr: "MaxHeadBytes (512)"},
		{name: "head within a small MaxHeadBytes", limits: Limits{MaxHeadBytes: 512}, response: "HTTP/1.1 200 OK\r\n" + headerLines(1, strings.Repeat("v", 400)) + "Content-Length: 2\r\n\r\nok",
			wantCode: 200, wantBody: "ok"},
		{name: "too many headers", response: "HTTP/1.1 200 OK\r\n" + headerLines(DefaultMaxHeaderCount+1, "v") + "\r\n",
			wantErr: "MaxHeaderCount (256)"},
		{name: "as many headers as allowed", response: "HTTP/1.1 200 OK\r\n" + headerLines(DefaultMaxHeaderCount-1, "v") + "Content-Length: 2\r\n\r\nok",
			wantCode: 200, wantBody: "ok"},
		{name: "too many headers, small limit", limits: Limits{MaxHeaderCount: 3}, response: "HTTP/1.1 200 OK\r\n" + headerLines(3, "v") + "Content-Length: 2\r\n\r\nok",
			wantErr: "MaxHeaderCount (3)"},

		// Content-Length.
		{name: "conflicting Content-Length lines", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok",
			wantErr: `conflicting Content-Length values "2" and "3"`},
		{name: "conflicting Content-Length list", response: "HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok",
			wantErr: `conflicting Content-Length values "2" and "3"`},
		{name: "repeated identical Content-Length", response: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\ncontent-length: 2, 2\r\n\r\nok",
			wantCode: 200, wantBody: "ok"},
		{name: "non-numeric Content-Length", response: "HTTP/1.1 200 OK\r\nContent-Length: two\r\n\r\nok", wantErr: `invalid Content-Length "two"`},
		{name: "negative Content-Length", response: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nok", wantErr: `invalid Content-Length "-1"`},
		{name: "huge Content-Length", response: "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nok", wantErr: "out of range"},

		// Chunked framing.
		{name: "non-hex chunk size", wantCode: 200, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
			wantErr: `malformed chunk-size line "zz"`},
		{name: "chunk size with junk", wantCode: 200, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5x\r\nhello\r\n0\r\n\r\n",
			wantErr: `malformed chunk-size line "5x"`},
		{name: "17 hex digits", wantCode: 200, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n00000000000000005\r\nhello\r\n0\r\n\r\n",
			wantErr: "more than 16 hex digits"},
		{name: "16 hex digits accepted", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0000000000000005\r\nhello\r\n0\r\n\r\n",
			wantCode: 200, wantBody: "hello"},
		{name: "chunk over MaxChunkSize", wantCode: 200, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1000001\r\nx\r\n",
			wantErr: "chunk size 16777217 exceeds MaxChunkSize (16777216)"},
		{name: "chunk over a small MaxChunkSize", wantCode: 200, wantBody: "0123456789abcdef", limits: Limits{MaxChunkSize: 16}, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n0123456789abcdef\r\n11\r\n0123456789abcdefg\r\n0\r\n\r\n",
			wantErr: "chunk size 17 exceeds MaxChunkSize (16)"},
		{name: "chunk line too long", wantCode: 200, limits: Limits{MaxChunkLineBytes: 64}, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;" + strings.Repeat("e", 100) + "\r\nhello\r\n0\r\n\r\n",
			wantErr: "MaxChunkLineBytes (64)"},
		{name: "missing CRLF after chunk data", wantCode: 200, wantBody: "hello", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloX\r\n0\r\n\r\n",
			wantErr: "missing CRLF after chunk data"},
		{name: "bare LF in chunk line", wantCode: 200, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n",
			wantErr: "bare LF"},
		{name: "chunk extensions accepted", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; a=\"q\";b\r\n world\r\n0;last\r\n\r\n",
			wantCode: 200, wantBody: "hello world"},
		{name: "trailers consumed", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n",
			wantCode: 200, wantBody: "hello"},
		{name: "malformed trailer", wantCode: 200, wantBody: "hello", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nbad trailer\r\n\r\n",
			wantErr: "malformed chunked trailer line"},
		{name: "too many trailers", wantCode: 200, wantBody: "hello", limits: Limits{MaxHeaderCount: 2}, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
			wantErr: "trailer line 3"},
		{name: "trailers past MaxTrailerBytes", wantCode: 200, wantBody: "hello", limits: Limits{MaxTrailerBytes: 100}, response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n" + headerLines(10, "0123456789") + "\r\n",
			wantErr: "MaxTrailerBytes (100)"},
		{name: "unknown transfer coding: body until close", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nraw bytes", hangUp: true,
			wantCode: 200, wantBody: "raw bytes"},

		// Interim responses.
		{name: "100 and 103 skipped", response: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n" + ok,
			wantCode: 200, wantBody: "ok", wantHdrs: []string{"Content-Length: 2"}},
		{name: "102 skipped", response: "HTTP/1.1 102 Processing\r\n\r\n" + ok, wantCode: 200, wantBody: "ok"},
		{name: "MaxInterimResponses 1xx accepted", response: interims(DefaultMaxInterimResponses) + ok, wantCode: 200, wantBody: "ok"},
		{name: "more than MaxInterimResponses", response: interims(DefaultMaxInterimResponses+1) + ok, wantErr: "more than MaxInterimResponses (16)"},
		{name: "more than a small MaxInterimResponses", limits: Limits{MaxInterimResponses: 2}, response: interims(3) + ok, wantErr: "more than MaxInterimResponses (2)"},
		{name: "101 is final", response: "HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\n\r\n", wantCode: 101},

		// Early closes.
		{name: "close before any byte", response: "", hangUp: true, wantErr: "before a complete response head (0 bytes received)"},
		{name: "close inside the head", response: "HTTP/1.1 200 OK\r\nContent-", hangUp: true, wantErr: "before a complete response head (25 bytes received)"},
		{name: "close inside a Content-Length body", response: "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", hangUp: true,
			wantErr: "7 body bytes still to come", wantCode: 200, wantBody: "abc"},
		{name: "close inside chunk data", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel", hangUp: true,
			wantErr: "closed inside a chunked body", wantCode: 200, wantBody: "hel"},
		{name: "close before the last chunk", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", hangUp: true,
			wantErr: "closed inside a chunked body", wantCode: 200, wantBody: "hello"},
		{name: "close inside the trailers", response: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-A: 1\r\n", hangUp: true,
			wantErr: "closed inside a chunked body", wantCode: 200, wantBody: "hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv *rawServer
			if tt.response == "" {
				srv = startRawServer(t, func(sc *serverConn) { sc.readHead() })
			} else {
				srv = startRawServer(t, canned(tt.hangUp, tt.response))
			}
			c := newClient(t)
			c.SetLimits(tt.limits)
			connect(t, c, "127.0.0.1", srv.port, nil)
			r := do(t, c, MethodGet, "/", nil, nil)
			assert.Equal(t, tt.wantCode, r.code)
			assert.Equal(t, tt.wantBody, string(r.body))
			if tt.wantHdrs != nil {
				assert.Equal(t, tt.wantHdrs, r.headers)
			}
			if tt.wantErr != "" {
				require.Equal(t, StatusConnectionError, r.status)
				f := failureOf(t, r.err, ErrConnectionError)
				require.Contains(t, f.Msg, tt.wantErr)
				require.Nil(t, c.Connection(), "a failed connection is closed")
				require.Equal(t, ErrConnectionError, c.Poll())
				return
			}
			require.NoError(t, r.err)
			if tt.hangUp || tt.wantCode == 101 {
				return
			}
			require.Equal(t, StatusConnected, r.status)
			// The connection stayed in step: the next request works.
			next := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, next.err)
			require.Equal(t, "pong", string(next.body))
		})
	}
}

// TestLimitsApplyToNextResponse: SetLimits on a client that has already
// read responses applies from the next one.
func TestLimitsApplyToNextResponse(t *testing.T) {
	big := "HTTP/1.1 200 OK\r\n" + headerLines(4, strings.Repeat("v", 200)) + "Content-Length: 2\r\n\r\nok"
	srv := startRawServer(t, canned(false, big, big, big))
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	c.SetLimits(Limits{MaxHeaderCount: 4})
	require.Equal(t, 4, c.Limits().MaxHeaderCount)
	require.Equal(t, DefaultMaxHeadBytes, c.Limits().MaxHeadBytes, "zero fields take their defaults")
	r = do(t, c, MethodGet, "/", nil, nil)
	f := failureOf(t, r.err, ErrConnectionError)
	require.Contains(t, f.Msg, "MaxHeaderCount (4)")

	connect(t, c, "127.0.0.1", srv.port, nil)
	c.SetLimits(Limits{MaxHeadBytes: 512})
	r = do(t, c, MethodGet, "/", nil, nil)
	f = failureOf(t, r.err, ErrConnectionError)
	require.Contains(t, f.Msg, "MaxHeadBytes (512)")
}

// TestTrailersThenKeepAlive: after a chunked body with trailers, the
// connection carries the next request.
func TestTrailersThenKeepAlive(t *testing.T) {
	resp := "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n"
	srv := startRawServer(t, canned(false, resp, resp, resp))
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	for i := 0; i < 4; i++ {
		r := do(t, c, MethodGet, "/", nil, nil)
		require.NoError(t, r.err)
		want := "abc"
		if i == 3 {
			want = "pong"
		}
		require.Equal(t, want, string(r.body))
		require.NotContains(t, r.headers, "X-T: 1", "trailers are not headers")
	}
	require.EqualValues(t, 1, srv.accepts.Load())
}

// TestOneBytePerWrite: the server writes its answer a byte at a time;
// the client still parses head and body.
func TestOneBytePerWrite(t *testing.T) {
	tests := []struct {
		name     string
		response string
		body     string
	}{
		{"content-length", "HTTP/1.1 200 OK\r\nX-A: 1\r\nContent-Length: 11\r\n\r\nhello world", "hello world"},
		{"chunked", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;e=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n", "hello world"},
		{"bare LF head", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello", "hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, func(sc *serverConn) {
				for {
					if _, _, err := sc.readRequest(); err != nil {
						return
					}
					for i := 0; i < len(tt.response); i++ {
						if sc.send(tt.response[i:i+1]) != nil {
							return
						}
						time.Sleep(200 * time.Microsecond)
					}
				}
			})
			for _, blocking := range []bool{false, true} {
				c := newClient(t)
				c.SetBlockingMode(blocking)
				connect(t, c, "127.0.0.1", srv.port, nil)
				for i := 0; i < 2; i++ {
					r := do(t, c, MethodGet, "/", nil, nil)
					require.NoError(t, r.err)
					require.Equal(t, 200, r.code)
					require.Equal(t, tt.body, string(r.body))
					require.Equal(t, StatusConnected, r.status)
				}
			}
		})
	}
}

// TestSilentServer: a server that takes the request and never answers.
// Poll keeps answering OK at once; Close returns at once.
func TestSilentServer(t *testing.T) {
	srv := startRawServer(t, func(sc *serverConn) { sc.hold() })
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	const polls = 2000
	times := make([]time.Duration, polls)
	for i := range times {
		start := time.Now()
		err := c.Poll()
		times[i] = time.Since(start)
		require.NoError(t, err)
	}
	require.Equal(t, StatusRequesting, c.Status())
	sort.Slice(times, func(i, j int) bool { return times[i] < times[j] })
	median, p90 := times[polls/2], times[polls*9/10]
	t.Logf("Poll on a silent server: median %v, 90th percentile %v, max %v", median, p90, times[polls-1])
	require.Less(t, median, 200*time.Microsecond, "Poll must not wait")
	require.Less(t, p90, time.Millisecond, "Poll must not wait")
	start := time.Now()
	c.Close()
	require.Less(t, time.Since(start), 100*time.Millisecond)
	require.Equal(t, StatusDisconnected, c.Status())
}

// TestServerClosesIdleConnection: the server closes a keep-alive
// connection between requests; the next Poll in CONNECTED says so.
func TestServerClosesIdleConnection(t *testing.T) {
	tests := []struct {
		name  string
		after string // written before closing
	}{
		{"close", ""},
		{"unsolicited bytes, then close", "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"},
		{"reset", "RST"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, func(sc *serverConn) {
				if _, _, err := sc.readRequest(); err != nil {
					return
				}
				sc.send(pong)
				time.Sleep(20 * time.Millisecond)
				switch tt.after {
				case "":
				case "RST":
					reset(sc)
				default:
					sc.send(tt.after)
				}
			})
			c := newClient(t)
			connect(t, c, "127.0.0.1", srv.port, nil)
			r := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, r.err)
			require.Equal(t, StatusConnected, r.status)
			err := pollToEnd(t, c, StatusConnected)
			require.Equal(t, StatusConnectionError, c.Status())
			f := failureOf(t, err, ErrConnectionError)
			if tt.after == "RST" {
				require.Contains(t, f.Msg, "connection lost")
			} else {
				require.Contains(t, f.Msg, "closed")
			}
			require.Equal(t, ErrConnectionError, c.Poll(), "repeated polls keep answering")
			require.Nil(t, c.Connection())
			err = c.Request(MethodGet, "/", nil, nil)
			failureOf(t, err, ErrInvalidParameter)
		})
	}
}

// TestUnsolicitedBytes: bytes the server sends between responses stay
// buffered, the connection stays CONNECTED, and they are read as the
// next response: garbage fails it, naming what came.
func TestUnsolicitedBytes(t *testing.T) {
	srv := startRawServer(t, func(sc *serverConn) {
		if _, _, err := sc.readRequest(); err != nil {
			return
		}
		sc.send(pong + "GARBAGE\r\n")
		sc.hold()
	})
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.NoError(t, r.err)
	require.Equal(t, "pong", string(r.body))
	for i := 0; i < 20; i++ {
		require.NoError(t, c.Poll())
		time.Sleep(time.Millisecond)
	}
	require.Equal(t, StatusConnected, c.Status())
	r = do(t, c, MethodGet, "/", nil, nil)
	require.Equal(t, StatusConnectionError, r.status)
	f := failureOf(t, r.err, ErrConnectionError)
	require.Contains(t, f.Msg, `"GARBAGE"`)
}

// TestSlowHeadAcrossPolls: a head split over many writes with pauses is
// put together over many polls, none of which waits.
func TestSlowHeadAcrossPolls(t *testing.T) {
	pieces := []string{"HTTP/1.1 2", "00 OK\r\n", "Content-Len", "gth: 5\r", "\n", "\r\n", "he", "llo"}
	srv := slowServer(t, 10*time.Millisecond, pieces...)
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	polls := 0
	for c.Status() == StatusRequesting {
		start := time.Now()
		require.NoError(t, c.Poll())
		require.Less(t, time.Since(start), 50*time.Millisecond)
		polls++
		time.Sleep(time.Millisecond)
	}
	require.Greater(t, polls, 10)
	require.Equal(t, StatusBody, c.Status())
	var body []byte
	for c.Status() == StatusBody {
		chunk, err := c.ReadResponseBodyChunk()
		require.NoError(t, err)
		body = append(body, chunk...)
		time.Sleep(time.Millisecond)
	}
	require.Equal(t, "hello", string(body))
}

// TestHugeBodyDeclared: a Content-Length larger than anything sent is no
// reason to allocate it.
func TestHugeBodyDeclared(t *testing.T) {
	srv := startRawServer(t, canned(true, "HTTP/1.1 200 OK\r\nContent-Length: "+strconv.FormatInt(1<<50, 10)+"\r\n\r\nsmall"))
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	r := do(t, c, MethodGet, "/", nil, nil)
	require.Equal(t, "small", string(r.body))
	f := failureOf(t, r.err, ErrConnectionError)
	require.Contains(t, f.Msg, strconv.FormatInt(1<<50-5, 10)+" body bytes still to come")
}

// reset closes a server connection with a TCP RST instead of a FIN.
func reset(sc *serverConn) {
	sc.Conn.(*net.TCPConn).SetLinger(0)
	sc.Close()
}

// TestConnectionReset: a server that resets the connection while the
// request is sent or the head is read.
func TestConnectionReset(t *testing.T) {
	big := make([]byte, 16<<20)
	tests := []struct {
		name    string
		body    []byte
		answer  string // sent before the reset
		wantMsg string
	}{
		{"while the request is sent", big, "", "sending the request"},
		{"inside the head", nil, "HTTP/1.1 200 OK\r\n", "reading the response"},
		{"inside the body", nil, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc", "reading the response body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, func(sc *serverConn) {
				if _, err := sc.readHead(); err != nil {
					return
				}
				if tt.answer != "" {
					sc.send(tt.answer)
					time.Sleep(20 * time.Millisecond)
				}
				reset(sc)
			})
			c := newClient(t)
			connect(t, c, "127.0.0.1", srv.port, nil)
			r := do(t, c, MethodPut, "/", nil, tt.body)
			require.Equal(t, StatusConnectionError, r.status)
			f := failureOf(t, r.err, ErrConnectionError)
			require.Contains(t, f.Msg, tt.wantMsg)
		})
	}
}

// TestBufferReuse: input that fills the client's buffer again and again
// is read through (the buffer is reused, not grown without end, and never
// stalls full).
func TestBufferReuse(t *testing.T) {
	var tiny strings.Builder
	for i := 0; i < 30000; i++ {
		tiny.WriteString("1\r\nx\r\n")
	}
	var hints strings.Builder
	for i := 0; i < 15; i++ {
		hints.WriteString("HTTP/1.1 103 Early Hints\r\nLink: </style-" + strconv.Itoa(i) + ".css>; rel=preload; as=style\r\n\r\n")
	}
	tests := []struct {
		name     string
		limits   Limits
		response string
		body     string
	}{
		{"30000 one-byte chunks in one write", Limits{},
			"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + tiny.String() + "0\r\n\r\n", strings.Repeat("x", 30000)},
		{"interim responses past a small MaxHeadBytes in total", Limits{MaxHeadBytes: 256},
			hints.String() + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", "ok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, canned(false, tt.response))
			c := newClient(t)
			c.SetLimits(tt.limits)
			connect(t, c, "127.0.0.1", srv.port, nil)
			r := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, r.err)
			require.Equal(t, 200, r.code)
			require.Equal(t, tt.body, string(r.body))
			require.LessOrEqual(t, cap(c.in.buf), DefaultMaxTrailerBytes+1)
			next := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, next.err)
			require.Equal(t, "pong", string(next.body))
		})
	}
}

// TestFailureKeepsResponse: when the connection dies under a response, its
// code, headers, length and chunked flag stay readable; Close clears them.
func TestFailureKeepsResponse(t *testing.T) {
	tests := []struct {
		name    string
		resp    string
		bodyLen int64
		chunked bool
	}{
		{"content-length cut short", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\nX-A: 1\r\n\r\nabc", 10, false},
		{"chunked cut short", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n5\r\nab", -1, true},
		{"bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\nzz\r\n", -1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := startRawServer(t, canned(true, tt.resp))
			c := newClient(t)
			connect(t, c, "127.0.0.1", portOf(t, srv.ln.Addr()), nil)
			r := do(t, c, MethodGet, "/", nil, nil)
			require.Error(t, r.err)
			assert.Equal(t, StatusConnectionError, r.status)
			assert.Equal(t, 200, c.ResponseCode())
			assert.Contains(t, c.ResponseHeaders(), "X-A: 1")
			assert.Equal(t, tt.bodyLen, c.ResponseBodyLength())
			assert.Equal(t, tt.chunked, c.IsResponseChunked())
			assert.Nil(t, c.Connection())
			c.Close()
			assert.Equal(t, 0, c.ResponseCode())
			assert.Empty(t, c.ResponseHeaders())
			assert.Equal(t, int64(-1), c.ResponseBodyLength())
		})
	}
}
