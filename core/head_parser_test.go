package core

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// headCase is one raw response head and what parsing it gives. With
// errSub empty, the head must parse to want (n, when 0, is the offset of
// "\r\n\r\n" or "\n\n" plus its length).
type headCase struct {
	name   string
	in     string
	lim    Limits
	want   Head
	n      int
	errSub string // substring of the error; "need more" for ErrNeedMore
}

func headerList(h ...string) []string { return h }

var headCases = []headCase{
	// Line endings.
	{name: "crlf", in: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 5", "Content-Type: text/plain"), ContentLength: 5, Major: 1, Minor: 1}},
	{name: "bare lf", in: "HTTP/1.1 200 OK\nA: b\n\nbody",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: b"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "mixed endings", in: "HTTP/1.1 200 OK\r\nA: b\nC: d\r\n\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: b", "C: d"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "no headers", in: "HTTP/1.1 204 No Content\r\n\r\n",
		want: Head{Code: 204, Reason: "No Content", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "stops at first empty line", in: "HTTP/1.1 200 OK\r\nA: 1\r\n\r\nB: 2\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: 1"), ContentLength: -1, Major: 1, Minor: 1}},

	// Status line.
	{name: "no reason", in: "HTTP/1.1 204\r\n\r\n",
		want: Head{Code: 204, Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "empty reason", in: "HTTP/1.1 204 \r\n\r\n",
		want: Head{Code: 204, Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "reason with spaces tab obs-text", in: "HTTP/1.1 404 Not\t\xe9 Found \r\n\r\n",
		want: Head{Code: 404, Reason: "Not\t\xe9 Found ", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "code 999", in: "HTTP/1.1 999 Odd\r\n\r\n",
		want: Head{Code: 999, Reason: "Odd", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "interim 100", in: "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
		want: Head{Code: 100, Reason: "Continue", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "HTTP/1.2 read as 1.x", in: "HTTP/1.2 200 OK\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 2}},
	{name: "code two digits", in: "HTTP/1.1 20 OK\r\n\r\n", errSub: `malformed HTTP status line "HTTP/1.1 20 OK"`},
	{name: "code four digits", in: "HTTP/1.1 2000 OK\r\n\r\n", errSub: `malformed HTTP status line "HTTP/1.1 2000 OK"`},
	{name: "code glued to reason", in: "HTTP/1.1 200OK\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "code below 100", in: "HTTP/1.1 099 Low\r\n\r\n", errSub: "status code below 100"},
	{name: "code not digits", in: "HTTP/1.1 2x0 OK\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "two spaces", in: "HTTP/1.1  200 OK\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "lower-case name", in: "http/1.1 200 OK\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "not HTTP", in: "ICY 200 OK\r\n\r\n", errSub: `malformed HTTP status line "ICY 200 OK"`},
	{name: "version only", in: "HTTP/1.1\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "no version digits", in: "HTTP/ 200 OK\r\n\r\n", errSub: "malformed HTTP status line"},
	{name: "HTTP/2.0", in: "HTTP/2.0 200 OK\r\n\r\n", errSub: `unsupported HTTP version "HTTP/2.0"`},
	{name: "HTTP/2", in: "HTTP/2 200 OK\r\n\r\n", errSub: `unsupported HTTP version "HTTP/2"`},
	{name: "HTTP/0.9", in: "HTTP/0.9 200 OK\r\n\r\n", errSub: `unsupported HTTP version "HTTP/0.9"`},
	{name: "HTTP/1.10", in: "HTTP/1.10 200 OK\r\n\r\n", errSub: `unsupported HTTP version "HTTP/1.10"`},
	{name: "control char in reason", in: "HTTP/1.1 200 O\x01K\r\n\r\n", errSub: "control character in reason phrase"},
	{name: "CR inside status line", in: "HTTP/1.1 200 O\rK\r\n\r\n", errSub: "control character in reason phrase"},
	{name: "NUL in status line", in: "HTTP/1.1 200 O\x00K\r\n\r\n", errSub: "NUL byte in HTTP status line"},
	{name: "long bad status line quoted cut short", in: "XTTP/1.1 200 " + strings.Repeat("a", 200) + "\r\n\r\n",
		errSub: `malformed HTTP status line "XTTP/1.1 200 ` + strings.Repeat("a", 64-13) + `"...`},

	// Leading empty lines.
	{name: "one leading CRLF", in: "\r\nHTTP/1.1 200 OK\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList(), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "four leading empty lines", in: "\r\n\n\r\n\nHTTP/1.1 200 OK\r\nA: b\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: b"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "five leading empty lines", in: "\r\n\r\n\r\n\r\n\r\nHTTP/1.1 200 OK\r\n\r\n",
		errSub: "more than 4 empty lines before the HTTP status line"},

	// Header lines.
	{name: "duplicates kept in order", in: "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX: y\r\nset-cookie: b=2\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Set-Cookie: a=1", "X: y", "set-cookie: b=2"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "whitespace trimmed, inner kept, case kept", in: "HTTP/1.1 200 OK\r\nX-Odd:   a  b \t\r\nNOSPACE:v\r\nEmpty:\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("X-Odd:   a  b", "NOSPACE:v", "Empty:"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "obs-fold joined", in: "HTTP/1.1 200 OK\r\nX-A: one\r\n   two\r\n\tthree \r\nB: c\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("X-A: one two three", "B: c"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "obs-fold after empty value", in: "HTTP/1.1 200 OK\r\nX-A:\r\n two\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("X-A: two"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "obs-fold whitespace-only line", in: "HTTP/1.1 200 OK\r\nX-A: one\r\n \t \r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("X-A: one"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "obs-fold first line", in: "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", errSub: "obs-fold continuation line with no header before it"},
	{name: "obs-fold control char", in: "HTTP/1.1 200 OK\r\nA: b\r\n c\x7f\r\n\r\n", errSub: "control character in header continuation line"},
	{name: "header without colon", in: "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n", errSub: `malformed header line "NoColon"`},
	{name: "space before colon", in: "HTTP/1.1 200 OK\r\nName : v\r\n\r\n", errSub: `malformed header line "Name : v"`},
	{name: "empty name", in: "HTTP/1.1 200 OK\r\n: v\r\n\r\n", errSub: `malformed header line ": v"`},
	{name: "bad name char", in: "HTTP/1.1 200 OK\r\nA(b): v\r\n\r\n", errSub: "malformed header line"},
	{name: "control char in value", in: "HTTP/1.1 200 OK\r\nA: b\x01c\r\n\r\n", errSub: `control character in header line "A: b\x01c"`},
	{name: "CR in value", in: "HTTP/1.1 200 OK\r\nA: b\rc\r\n\r\n", errSub: "control character in header line"},
	{name: "DEL in value", in: "HTTP/1.1 200 OK\r\nA: b\x7f\r\n\r\n", errSub: "control character in header line"},
	{name: "NUL in value", in: "HTTP/1.1 200 OK\r\nA: b\x00\r\n\r\n", errSub: "NUL byte in response header line"},
	{name: "NUL in name", in: "HTTP/1.1 200 OK\r\nA\x00: b\r\n\r\n", errSub: "NUL byte in response header line"},
	{name: "tab in value allowed", in: "HTTP/1.1 200 OK\r\nA: b\tc\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: b\tc"), ContentLength: -1, Major: 1, Minor: 1}},

	// Content-Length.
	{name: "CL zero", in: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 0"), ContentLength: 0, Major: 1, Minor: 1}},
	{name: "CL repeated same", in: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 5\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 5", "content-length: 5"), ContentLength: 5, Major: 1, Minor: 1}},
	{name: "CL list same", in: "HTTP/1.1 200 OK\r\nContent-Length: 5, 5 ,5\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 5, 5 ,5"), ContentLength: 5, Major: 1, Minor: 1}},
	{name: "CL leading zeros same value", in: "HTTP/1.1 200 OK\r\nContent-Length: 05\r\nContent-Length: 5\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 05", "Content-Length: 5"), ContentLength: 5, Major: 1, Minor: 1}},
	{name: "CL max int64", in: "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775807\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 9223372036854775807"), ContentLength: 1<<63 - 1, Major: 1, Minor: 1}},
	{name: "CL conflicting headers", in: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n",
		errSub: `conflicting Content-Length values "5" and "6"`},
	{name: "CL conflicting list", in: "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
		errSub: `conflicting Content-Length values "5" and "6"`},
	{name: "CL not digits", in: "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\n", errSub: `invalid Content-Length "abc"`},
	{name: "CL negative", in: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", errSub: `invalid Content-Length "-1"`},
	{name: "CL plus sign", in: "HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\n", errSub: `invalid Content-Length "+5"`},
	{name: "CL empty", in: "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\n", errSub: `invalid Content-Length ""`},
	{name: "CL empty list member", in: "HTTP/1.1 200 OK\r\nContent-Length: 5,,5\r\n\r\n", errSub: `invalid Content-Length "5,,5"`},
	{name: "CL inner space", in: "HTTP/1.1 200 OK\r\nContent-Length: 5 5\r\n\r\n", errSub: `invalid Content-Length "5 5"`},
	{name: "CL folded", in: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n 5\r\n\r\n", errSub: `invalid Content-Length "5 5"`},
	{name: "CL overflow", in: "HTTP/1.1 200 OK\r\nContent-Length: 9223372036854775808\r\n\r\n", errSub: "value out of range"},

	// Transfer-Encoding.
	{name: "TE chunked", in: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Transfer-Encoding: chunked"), ContentLength: -1, Chunked: true, Major: 1, Minor: 1}},
	{name: "TE gzip,chunked", in: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, CHUNKED\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Transfer-Encoding: gzip, CHUNKED"), ContentLength: -1, Chunked: true, Major: 1, Minor: 1}},
	{name: "TE over two lines", in: "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Transfer-Encoding: gzip", "Transfer-Encoding: chunked"), ContentLength: -1, Chunked: true, Major: 1, Minor: 1}},
	{name: "TE chunked not last: read to close", in: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\nContent-Length: 5\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Transfer-Encoding: chunked, gzip", "Content-Length: 5"), ContentLength: -1, Close: true, Major: 1, Minor: 1}},
	{name: "TE and CL: TE wins, close after", in: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 5", "Transfer-Encoding: chunked"), ContentLength: 5, Chunked: true, Close: true, Major: 1, Minor: 1}},
	{name: "TE on HTTP/1.0 closes", in: "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Connection: keep-alive", "Transfer-Encoding: chunked"), ContentLength: -1, Chunked: true, Close: true, Major: 1, Minor: 0}},

	// Connection.
	{name: "1.0 closes by default", in: "HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Content-Length: 1"), ContentLength: 1, Close: true, Major: 1, Minor: 0}},
	{name: "1.0 keep-alive", in: "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Connection: Keep-Alive"), ContentLength: -1, Major: 1, Minor: 0}},
	{name: "1.0 keep-alive and close", in: "HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Connection: keep-alive, close"), ContentLength: -1, Close: true, Major: 1, Minor: 0}},
	{name: "1.1 close token", in: "HTTP/1.1 200 OK\r\nconnection: Upgrade ,CLOSE\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("connection: Upgrade ,CLOSE"), ContentLength: -1, Close: true, Major: 1, Minor: 1}},
	{name: "1.1 other token", in: "HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Connection: closed, x-close"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "Unicode fold not close", in: "HTTP/1.1 200 OK\r\nConnection: clo\u017fe\r\n\r\n",
		want: Head{Code: 200, Reason: "OK", Headers: headerList("Connection: clo\u017fe"), ContentLength: -1, Major: 1, Minor: 1}},

	// Limits.
	{name: "head exactly MaxHeadBytes", in: "HTTP/1.1 200 OK\r\nA: 0123456789\r\n\r\n", lim: Limits{MaxHeadBytes: 34},
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: 0123456789"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "head one over MaxHeadBytes", in: "HTTP/1.1 200 OK\r\nA: 0123456789\r\n\r\n", lim: Limits{MaxHeadBytes: 33},
		errSub: "response head exceeds MaxHeadBytes (33)"},
	{name: "no end within default MaxHeadBytes", in: "HTTP/1.1 200 OK\r\n" + strings.Repeat("X-Pad: 0123456789abcdef\r\n", 3000),
		lim: Limits{MaxHeaderCount: 5000}, errSub: "response head exceeds MaxHeadBytes (65536)"},
	{name: "MaxHeaderCount reached", in: "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", lim: Limits{MaxHeaderCount: 3},
		want: Head{Code: 200, Reason: "OK", Headers: headerList("A: 1", "B: 2", "C: 3"), ContentLength: -1, Major: 1, Minor: 1}},
	{name: "MaxHeaderCount passed", in: "HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", lim: Limits{MaxHeaderCount: 3},
		errSub: "response head exceeds MaxHeaderCount (3): header line 4"},
	{name: "MaxHeaderCount counts folded lines", in: "HTTP/1.1 200 OK\r\nA: 1\r\n 2\r\n 3\r\n 4\r\n\r\n", lim: Limits{MaxHeaderCount: 3},
		errSub: "MaxHeaderCount (3)"},
	{name: "default MaxHeaderCount", in: "HTTP/1.1 200 OK\r\n" + strings.Repeat("A: b\r\n", 257) + "\r\n",
		errSub: "response head exceeds MaxHeaderCount (256): header line 257"},

	// Incomplete.
	{name: "empty", in: "", errSub: "need more"},
	{name: "status line only", in: "HTTP/1.1 200 OK\r\n", errSub: "need more"},
	{name: "CR of the end", in: "HTTP/1.1 200 OK\r\nA: b\r\n\r", errSub: "need more"},
	{name: "partial line", in: "HTTP/1.1 200 OK\r\nA: b", errSub: "need more"},
	{name: "leading empty lines only", in: "\r\n\r\n", errSub: "need more"},
}

// expectedN is the head length for a case: through the first empty line
// after the status line.
func (c headCase) expectedN() int {
	if c.n != 0 {
		return c.n
	}
	seen := false
	for i := 0; ; {
		lf := strings.IndexByte(c.in[i:], '\n')
		if lf < 0 {
			return -1
		}
		line := strings.TrimSuffix(c.in[i:i+lf], "\r")
		i += lf + 1
		if line != "" {
			seen = true
		} else if seen {
			return i
		}
	}
}

type headResult struct {
	head Head
	n    int
	err  string
}

func headResultOf(h Head, n int, err error) headResult {
	if err != nil {
		return headResult{err: err.Error()}
	}
	return headResult{head: h, n: n}
}

func parseHeadWhole(lim Limits, in []byte) headResult {
	return headResultOf(NewHeadParser(lim).Parse(in))
}

// parseHeadGrowing feeds in one byte more per call, as a client polling a
// slow connection does, and returns the first result that is not
// ErrNeedMore (or ErrNeedMore for the whole input).
func parseHeadGrowing(t testing.TB, lim Limits, in []byte) headResult {
	p := NewHeadParser(lim)
	for i := 0; i <= len(in); i++ {
		h, n, err := p.Parse(in[:i])
		if errors.Is(err, ErrNeedMore) {
			continue
		}
		return headResultOf(h, n, err)
	}
	return headResult{err: ErrNeedMore.Error()}
}

// parseHeadSplit feeds in[:k] then in.
func parseHeadSplit(lim Limits, in []byte, k int) headResult {
	p := NewHeadParser(lim)
	h, n, err := p.Parse(in[:k])
	if !errors.Is(err, ErrNeedMore) {
		return headResultOf(h, n, err)
	}
	return headResultOf(p.Parse(in))
}

func TestHeadParser(t *testing.T) {
	for _, c := range headCases {
		t.Run(c.name, func(t *testing.T) {
			h, n, err := NewHeadParser(c.lim).Parse([]byte(c.in))
			if c.errSub != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), c.errSub)
				if c.errSub == "need more" {
					assert.ErrorIs(t, err, ErrNeedMore)
				} else {
					assert.NotErrorIs(t, err, ErrNeedMore)
				}
				assert.Zero(t, n)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.want, h)
			assert.Equal(t, c.expectedN(), n)
		})
	}
}

func TestHeadParserFeeding(t *testing.T) {
	for _, c := range headCases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.in)
			want := parseHeadWhole(c.lim, in)
			require.Equal(t, want, parseHeadGrowing(t, c.lim, in), "one byte at a time")
			step := 1
			if len(in) > 4096 {
				step = 97 // every offset of a 64 KiB input is quadratic work
			}
			for k := 0; k <= len(in); k += step {
				require.Equal(t, want, parseHeadSplit(c.lim, in, k), "split at %d", k)
			}
		})
	}
}

func TestHeadParserStickyErrorAndReset(t *testing.T) {
	p := NewHeadParser(Limits{})
	_, _, err := p.Parse([]byte("HTTP/9.9 200 OK\r\n"))
	require.ErrorContains(t, err, "unsupported HTTP version")
	_, _, err2 := p.Parse([]byte("HTTP/9.9 200 OK\r\n\r\n"))
	assert.Equal(t, err, err2, "the error sticks")

	p.Reset()
	h, n, err := p.Parse([]byte("HTTP/1.1 200 OK\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 200, h.Code)
	assert.Equal(t, 19, n)
}

// TestHeadParserAfterComplete: a complete head resets the parser, so the
// same buffer gives the same head again and the bytes after a head give
// the next one, Reset or not.
func TestHeadParserAfterComplete(t *testing.T) {
	in := []byte("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\nbody")
	p := NewHeadParser(Limits{})
	h1, n1, err := p.Parse(in)
	require.NoError(t, err)
	h2, n2, err := p.Parse(in)
	require.NoError(t, err)
	assert.Equal(t, h1, h2)
	assert.Equal(t, n1, n2)

	in = []byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nA: b\r\n\r\n")
	h, n, err := p.Parse(in)
	require.NoError(t, err)
	assert.Equal(t, 100, h.Code)
	h, _, err = p.Parse(in[n:])
	require.NoError(t, err)
	assert.Equal(t, 204, h.Code)
	assert.Equal(t, []string{"A: b"}, h.Headers)
}

func TestHeadParserBuildErrorSticks(t *testing.T) {
	in := []byte("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
	p := NewHeadParser(Limits{})
	_, _, err := p.Parse(in)
	require.ErrorContains(t, err, "conflicting Content-Length")
	_, _, err2 := p.Parse([]byte("HTTP/1.1 200 OK\r\n\r\n"))
	assert.Equal(t, err, err2)
}

// TestHeadParserInterimThenFinal walks two heads in one buffer the way the
// client does after a 100 Continue.
func TestHeadParserInterimThenFinal(t *testing.T) {
	buf := []byte("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n" +
		"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
	p := NewHeadParser(Limits{})
	var codes []int
	for {
		h, n, err := p.Parse(buf)
		require.NoError(t, err)
		codes = append(codes, h.Code)
		buf = buf[n:]
		p.Reset()
		if h.Code >= 200 {
			break
		}
	}
	assert.Equal(t, []int{100, 103, 200}, codes)
	assert.Equal(t, "hi", string(buf))
}

func TestHeadParserShorterBufferRestarts(t *testing.T) {
	p := NewHeadParser(Limits{})
	_, _, err := p.Parse([]byte("HTTP/1.1 200 OK\r\nA: b"))
	require.ErrorIs(t, err, ErrNeedMore)
	_, _, err = p.Parse([]byte("HTTP/1.1 201 Created\r\n\r\n"[:7]))
	require.ErrorIs(t, err, ErrNeedMore)
	h, n, err := p.Parse([]byte("HTTP/1.1 201 Created\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 201, h.Code)
	assert.Equal(t, 24, n)
}

// bigTestHead returns a head of about size bytes: lines of 1 KiB and one long
// line, so both many lines and one line arriving slowly are exercised.
func bigTestHead(size int) []byte {
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\n")
	b.WriteString("X-Long: " + strings.Repeat("l", size/2) + "\r\n")
	for i := 0; b.Len() < size-1100; i++ {
		fmt.Fprintf(&b, "X-Header-%d: %s\r\n", i, strings.Repeat("v", 1000))
	}
	b.WriteString("\r\n")
	return []byte(b.String())
}

// TestHeadParserLinear: a 60 KiB head fed one byte at a time costs linear
// work. A parser that rescanned the buffer on each call would do about
// 60K*30K = 1.8G byte comparisons here, seconds of work.
func TestHeadParserLinear(t *testing.T) {
	in := bigTestHead(60 << 10)
	require.Less(t, len(in), DefaultMaxHeadBytes)
	start := time.Now()
	r := parseHeadGrowing(t, Limits{}, in)
	elapsed := time.Since(start)
	require.Empty(t, r.err)
	require.Equal(t, len(in), r.n)
	t.Logf("%d bytes one at a time: %v", len(in), elapsed)
	assert.Less(t, elapsed, 200*time.Millisecond)
}

func TestHeadParserAllocs(t *testing.T) {
	in := []byte(typicalTestHead(10))
	p := NewHeadParser(Limits{})
	allocs := testing.AllocsPerRun(100, func() {
		p.Reset()
		if _, _, err := p.Parse(in); err != nil {
			t.Fatal(err)
		}
	})
	// One string for the whole head, one slice of headers.
	assert.LessOrEqual(t, allocs, 2.0)
}

// typicalTestHead returns a response head with n headers.
func typicalTestHead(n int) string {
	base := []string{
		"Date: Mon, 27 Jul 2009 12:28:53 GMT",
		"Server: Apache/2.2.14 (Win32)",
		"Last-Modified: Wed, 22 Jul 2009 19:15:56 GMT",
		"Content-Length: 88",
		"Content-Type: text/html; charset=utf-8",
		"Cache-Control: public, max-age=3600",
		"ETag: \"34aa387-d-1568eb00\"",
		"Vary: Accept-Encoding",
		"Connection: keep-alive",
		"Set-Cookie: session=abcdef0123456789; Path=/; HttpOnly",
	}
	var b strings.Builder
	b.WriteString("HTTP/1.1 200 OK\r\n")
	for i := 0; i < n; i++ {
		if i < len(base) {
			b.WriteString(base[i])
		} else {
			fmt.Fprintf(&b, "X-Extra-Header-%d: value-%d-0123456789", i, i)
		}
		b.WriteString("\r\n")
	}
	b.WriteString("\r\n")
	return b.String()
}

func BenchmarkHeadParser(b *testing.B) {
	for _, n := range []int{10, 30} {
		in := []byte(typicalTestHead(n))
		b.Run(fmt.Sprintf("%dheaders", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			p := NewHeadParser(Limits{})
			for b.Loop() {
				p.Reset()
				if _, _, err := p.Parse(in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	in := bigTestHead(60 << 10)
	b.Run("60KiB-byte-at-a-time", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		for b.Loop() {
			parseHeadGrowing(b, Limits{}, in)
		}
	})
}
