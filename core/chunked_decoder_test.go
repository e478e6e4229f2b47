package core

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// chunkCase is one raw chunked body and what decoding it gives.
type chunkCase struct {
	name     string
	in       string
	lim      Limits
	payload  string
	done     bool
	consumed int    // bytes used; when 0 and done, len(in) less rest
	rest     string // bytes after the message, left unconsumed
	errSub   string // substring of the error, empty for none
}

var chunkCases = []chunkCase{
	{name: "one chunk", in: "5\r\nhello\r\n0\r\n\r\n", payload: "hello", done: true},
	{name: "empty body", in: "0\r\n\r\n", done: true},
	{name: "several chunks, hex cases, leading zeros", in: "3\r\nabc\r\na\r\n0123456789\r\nB\r\nABCDEFGHIJK\r\n0005\r\nvwxyz\r\n000\r\n\r\n",
		payload: "abc0123456789ABCDEFGHIJKvwxyz", done: true},
	{name: "data holding CRLF and digits", in: "6\r\n\r\n0\r\n\r\r\n0\r\n\r\n", payload: "\r\n0\r\n\r", done: true},
	{name: "next response left alone", in: "2\r\nhi\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n", payload: "hi", done: true,
		rest: "HTTP/1.1 200 OK\r\n\r\n"},
	{name: "16 hex digits", in: "0000000000000004\r\nabcd\r\n0\r\n\r\n", payload: "abcd", done: true},

	// Extensions.
	{name: "extension", in: "5;foo=bar\r\nhello\r\n0\r\n\r\n", payload: "hello", done: true},
	{name: "extension BWS and quoted", in: "5 ; name=\"quoted ; \\\" x\"\r\nhello\r\n0\t;last\r\n\r\n", payload: "hello", done: true},
	{name: "several extensions", in: "5;a;b=1;c=\"2\"\r\nhello\r\n0\r\n\r\n", payload: "hello", done: true},
	{name: "trailing whitespace", in: "5 \t\r\nhello\r\n0 \r\n\r\n", payload: "hello", done: true},
	{name: "control char in extension", in: "5;a=\x01\r\nhello\r\n0\r\n\r\n", errSub: `malformed chunk-size line "5;a=\x01"`},
	{name: "junk after size", in: "5 x\r\nhello\r\n0\r\n\r\n", errSub: `malformed chunk-size line "5 x"`},

	// Trailers.
	{name: "trailers", in: "5\r\nhello\r\n0\r\nExpires: never\r\nX-Sum:abc \r\n\r\nnext", payload: "hello", done: true, rest: "next"},
	{name: "trailers at MaxHeaderCount", in: "0\r\nA: 1\r\nB: 2\r\n\r\n", lim: Limits{MaxHeaderCount: 2}, done: true},
	{name: "trailers over MaxHeaderCount", in: "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", lim: Limits{MaxHeaderCount: 2}, consumed: 15,
		errSub: "chunked trailer section exceeds MaxHeaderCount (2): trailer line 3"},
	{name: "trailers at MaxTrailerBytes", in: "0\r\nA: 1234567\r\n\r\n", lim: Limits{MaxTrailerBytes: 14}, done: true},
	{name: "trailer line over MaxTrailerBytes", in: "0\r\nA: 1234567\r\n\r\n", lim: Limits{MaxTrailerBytes: 11}, consumed: 3,
		errSub: "chunked trailer section exceeds MaxTrailerBytes (11)"},
	{name: "trailer end over MaxTrailerBytes", in: "0\r\nA: 1234567\r\n\r\n", lim: Limits{MaxTrailerBytes: 13}, consumed: 3 + 12,
		errSub: "chunked trailer section exceeds MaxTrailerBytes (13)"},
	{name: "endless trailer", in: "0\r\n" + strings.Repeat("A: b\r\n", 11000), lim: Limits{MaxHeaderCount: 100000}, consumed: 3 + 6*(64<<10/6),
		errSub: "chunked trailer section exceeds MaxTrailerBytes (65536)"},
	{name: "malformed trailer", in: "0\r\nNoColon\r\n\r\n", consumed: 3, errSub: `malformed chunked trailer line "NoColon"`},
	{name: "folded trailer", in: "0\r\nA: b\r\n c\r\n\r\n", consumed: 9, errSub: `malformed chunked trailer line " c"`},
	{name: "control char in trailer", in: "0\r\nA: \x7f\r\n\r\n", consumed: 3, errSub: "control character in chunked trailer line"},
	{name: "bare LF in trailer", in: "0\r\nA: b\n\r\n", consumed: 3, errSub: `bare LF in chunked trailer line "A: b\n"`},
	{name: "bare LF ending trailers", in: "0\r\n\n", consumed: 3, errSub: "bare LF in chunked trailer line"},

	// Sizes.
	{name: "bad hex", in: "zz\r\nhello\r\n0\r\n\r\n", errSub: `malformed chunk-size line "zz"`},
	{name: "empty size line", in: "\r\nhello\r\n", errSub: `malformed chunk-size line ""`},
	{name: "negative size", in: "-5\r\nhello\r\n", errSub: `malformed chunk-size line "-5"`},
	{name: "0x prefix", in: "0x5\r\nhello\r\n", errSub: `malformed chunk-size line "0x5"`},
	{name: "leading space", in: " 5\r\nhello\r\n", errSub: `malformed chunk-size line " 5"`},
	{name: "17 hex digits", in: "00000000000000005\r\nhello\r\n", errSub: `chunk size has more than 16 hex digits: "00000000000000005"`},
	{name: "uint64 max", in: "ffffffffffffffff\r\n", errSub: "chunk size 18446744073709551615 exceeds MaxChunkSize (16777216)"},
	{name: "int64 max + 1", in: "8000000000000000\r\n", errSub: "chunk size 9223372036854775808 exceeds MaxChunkSize (16777216)"},
	{name: "one over default MaxChunkSize", in: "1000001\r\n", errSub: "chunk size 16777217 exceeds MaxChunkSize (16777216)"},
	{name: "default MaxChunkSize accepted", in: "1000000\r\nab", payload: "ab", consumed: 11},
	{name: "over custom MaxChunkSize", in: "4\r\nabcd\r\n5\r\nhello\r\n0\r\n\r\n", lim: Limits{MaxChunkSize: 4}, payload: "abcd", consumed: 9,
		errSub: "chunk size 5 exceeds MaxChunkSize (4)"},
	{name: "second chunk bad", in: "2\r\nab\r\nxyz\r\n", payload: "ab", consumed: 7, errSub: `malformed chunk-size line "xyz"`},

	// Line endings and framing.
	{name: "missing CRLF after data", in: "5\r\nhelloX\r\n0\r\n\r\n", payload: "hello", consumed: 8, errSub: "missing CRLF after chunk data"},
	{name: "LF only after data", in: "5\r\nhello\n0\r\n\r\n", payload: "hello", consumed: 8, errSub: "missing CRLF after chunk data"},
	{name: "CR only after data", in: "5\r\nhello\rX0\r\n\r\n", payload: "hello", consumed: 8, errSub: "missing CRLF after chunk data"},
	{name: "data longer than size", in: "3\r\nhello\r\n0\r\n\r\n", payload: "hel", consumed: 6, errSub: "missing CRLF after chunk data"},
	{name: "bare LF in chunk line", in: "5\nhello\r\n0\r\n\r\n", errSub: `bare LF in chunk-size line "5\n"`},
	{name: "bare LF in last chunk line", in: "0\n\r\n", errSub: "bare LF in chunk-size line"},
	{name: "CR inside chunk line", in: "5\r;x\r\nhello\r\n", errSub: `malformed chunk-size line "5\r;x"`},
	{name: "line at MaxChunkLineBytes", in: "5;aaaaaaaaa\r\nhello\r\n0\r\n\r\n", lim: Limits{MaxChunkLineBytes: 13}, payload: "hello", done: true},
	{name: "line over MaxChunkLineBytes", in: "5;aaaaaaaaa\r\nhello\r\n0\r\n\r\n", lim: Limits{MaxChunkLineBytes: 12},
		errSub: `chunk-size line exceeds MaxChunkLineBytes (12): "5;aaaaaaaaa\r"`},
	{name: "endless chunk line", in: "5;" + strings.Repeat("a", 5000), errSub: "chunk-size line exceeds MaxChunkLineBytes (4096)"},

	// Incomplete.
	{name: "nothing", in: ""},
	{name: "partial size line", in: "5"},
	{name: "partial data", in: "5\r\nhel", payload: "hel", consumed: 6},
	{name: "data without CRLF", in: "5\r\nhello", payload: "hello", consumed: 8},
	{name: "data and CR", in: "5\r\nhello\r", payload: "hello", consumed: 8},
	{name: "no trailer end", in: "5\r\nhello\r\n0\r\n", payload: "hello", consumed: 13},
	{name: "partial trailer", in: "5\r\nhello\r\n0\r\nA: b\r\n\r", payload: "hello", consumed: 19},
}

// wantConsumed is the bytes a case's decoding uses.
func (c chunkCase) wantConsumed() int {
	if c.done && c.consumed == 0 {
		return len(c.in) - len(c.rest)
	}
	return c.consumed
}

// chunkResult is what a whole decoding gave.
type chunkResult struct {
	payload  string
	done     bool
	consumed int
	err      string
}

// chunkFeed feeds pieces to a decoder the way the client does: it
// appends each piece to the bytes not yet consumed and calls Decode until
// it can go no further. With direct, chunk data is taken by hand and
// reported with ConsumeData, as when the client reads chunk data straight
// into the script's buffer. It checks the Decode contract on every call.
func chunkFeed(t testing.TB, lim Limits, pieces [][]byte, direct bool) chunkResult {
	t.Helper()
	d := NewChunkedDecoder(lim)
	maxChunk := lim.WithDefaults().MaxChunkSize
	var buf, out []byte
	total := 0
	for _, piece := range pieces {
		buf = append(buf, piece...)
		for {
			if direct && d.DataLeft() > 0 && len(buf) > 0 {
				k := int(min(d.DataLeft(), int64(len(buf))))
				out = append(out, buf[:k]...)
				buf = buf[k:]
				total += k
				d.ConsumeData(k)
				continue
			}
			c, p, done, err := d.Decode(buf)
			if c < 0 || c > len(buf) {
				t.Fatalf("Decode consumed %d of %d bytes", c, len(buf))
			}
			if len(p) > 0 && (len(p) > c || &p[0] != &buf[c-len(p)]) {
				t.Fatalf("payload is not the last %d bytes consumed", len(p))
			}
			if errors.Is(err, ErrNeedMore) {
				t.Fatal("Decode returned ErrNeedMore")
			}
			if d.DataLeft() > maxChunk {
				t.Fatalf("DataLeft %d > MaxChunkSize %d", d.DataLeft(), maxChunk)
			}
			if done != d.Done() {
				t.Fatalf("done %v, Done() %v", done, d.Done())
			}
			out = append(out, p...)
			buf = buf[c:]
			total += c
			if err != nil {
				// The error sticks.
				if _, _, _, err2 := d.Decode(buf); err2 == nil || err2.Error() != err.Error() {
					t.Fatalf("error %v then %v", err, err2)
				}
				return chunkResult{payload: string(out), consumed: total, err: err.Error()}
			}
			if done {
				if c2, p2, done2, err2 := d.Decode(buf); c2 != 0 || p2 != nil || !done2 || err2 != nil {
					t.Fatalf("Decode after done: %d %q %v %v", c2, p2, done2, err2)
				}
				return chunkResult{payload: string(out), done: true, consumed: total}
			}
			if c == 0 {
				break // need more input
			}
		}
	}
	return chunkResult{payload: string(out), consumed: total}
}

func chunkWhole(in []byte) [][]byte { return [][]byte{in} }

func chunkBytewise(in []byte) [][]byte {
	pieces := make([][]byte, len(in))
	for i := range in {
		pieces[i] = in[i : i+1]
	}
	return pieces
}

func TestChunkedDecoder(t *testing.T) {
	for _, c := range chunkCases {
		t.Run(c.name, func(t *testing.T) {
			r := chunkFeed(t, c.lim, chunkWhole([]byte(c.in)), false)
			if c.errSub != "" {
				assert.Contains(t, r.err, c.errSub)
			} else {
				assert.Empty(t, r.err)
			}
			assert.Equal(t, c.payload, r.payload)
			assert.Equal(t, c.done, r.done)
			assert.Equal(t, c.wantConsumed(), r.consumed)
			assert.Equal(t, c.rest, c.in[r.consumed:][:len(c.rest)])
		})
	}
}

func TestChunkedDecoderFeeding(t *testing.T) {
	for _, c := range chunkCases {
		t.Run(c.name, func(t *testing.T) {
			in := []byte(c.in)
			want := chunkFeed(t, c.lim, chunkWhole(in), false)
			require.Equal(t, want, chunkFeed(t, c.lim, chunkWhole(in), true), "whole, direct")
			require.Equal(t, want, chunkFeed(t, c.lim, chunkBytewise(in), false), "byte by byte")
			require.Equal(t, want, chunkFeed(t, c.lim, chunkBytewise(in), true), "byte by byte, direct")
			step := 1
			if len(in) > 4096 {
				step = 97
			}
			for k := 0; k <= len(in); k += step {
				split := [][]byte{in[:k], in[k:]}
				require.Equal(t, want, chunkFeed(t, c.lim, split, false), "split at %d", k)
				require.Equal(t, want, chunkFeed(t, c.lim, split, true), "split at %d, direct", k)
			}
		})
	}
}

func TestChunkedDecoderDataLeft(t *testing.T) {
	d := NewChunkedDecoder(Limits{})
	assert.Zero(t, d.DataLeft())
	c, p, done, err := d.Decode([]byte("a\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 3, c)
	assert.Empty(t, p)
	assert.False(t, done)
	assert.EqualValues(t, 10, d.DataLeft())

	d.ConsumeData(4)
	assert.EqualValues(t, 6, d.DataLeft())
	c, p, _, err = d.Decode([]byte("4567"))
	require.NoError(t, err)
	assert.Equal(t, 4, c)
	assert.Equal(t, "4567", string(p))
	assert.EqualValues(t, 2, d.DataLeft())
	d.ConsumeData(0)
	d.ConsumeData(2)
	assert.Zero(t, d.DataLeft(), "at the CRLF after the data")

	assert.Panics(t, func() { d.ConsumeData(1) })
	assert.Panics(t, func() { NewChunkedDecoder(Limits{}).ConsumeData(-1) })

	// No payload run in the way: CRLF, last chunk and end in one call.
	c, p, done, err = d.Decode([]byte("\r\n0\r\n\r\nnext"))
	require.NoError(t, err)
	assert.Equal(t, 7, c)
	assert.Empty(t, p)
	assert.True(t, done)
	assert.Zero(t, d.DataLeft())
}

// TestChunkedDecoderNeedMore: without enough input Decode consumes what it
// can and returns a nil error; consumed 0 means "append more and call
// again".
func TestChunkedDecoderNeedMore(t *testing.T) {
	for _, src := range []string{"", "5", "5\r", "5;ext=", "5\r\nhello", "5\r\nhello\r"} {
		d := NewChunkedDecoder(Limits{})
		if len(src) > 3 {
			c, p, _, err := d.Decode([]byte(src))
			require.NoError(t, err)
			src = src[c:]
			if len(p) > 0 {
				continue
			}
		}
		c, p, done, err := d.Decode([]byte(src))
		assert.Equal(t, 0, c, "%q", src)
		assert.Nil(t, p)
		assert.False(t, done)
		assert.NoError(t, err)
	}

	// Progress, then a partial line.
	d := NewChunkedDecoder(Limits{})
	c, p, _, err := d.Decode([]byte("0\r\nA: b"))
	assert.Equal(t, 3, c)
	assert.Empty(t, p)
	assert.NoError(t, err)
	c, _, _, err = d.Decode([]byte("A: b"))
	assert.Equal(t, 0, c)
	assert.NoError(t, err)
	c, _, done, err := d.Decode([]byte("A: b\r\n\r\n"))
	assert.Equal(t, 8, c)
	assert.True(t, done)
	assert.NoError(t, err)
}

func TestChunkedDecoderStickyErrorAndReset(t *testing.T) {
	d := NewChunkedDecoder(Limits{})
	_, _, _, err := d.Decode([]byte("x\r\n"))
	require.ErrorContains(t, err, "malformed chunk-size line")
	_, _, _, err2 := d.Decode([]byte("5\r\nhello\r\n"))
	assert.Equal(t, err, err2)

	d.Reset()
	c, p, done, err := d.Decode([]byte("5\r\nhello\r\n0\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 8, c)
	assert.Equal(t, "hello", string(p))
	assert.False(t, done, "stops after one payload run")
	c, p, done, err = d.Decode([]byte("\r\n0\r\n\r\n"))
	require.NoError(t, err)
	assert.Equal(t, 7, c)
	assert.Empty(t, p)
	assert.True(t, done)
	assert.True(t, d.Done())
}

// TestChunkedDecoderLinear: a trailer line of 60 KiB arriving one byte at
// a time costs linear work, though Decode consumes only whole lines.
func TestChunkedDecoderLinear(t *testing.T) {
	in := []byte("0\r\nX-Long: " + strings.Repeat("x", 60<<10) + "\r\n\r\n")
	r := chunkFeed(t, Limits{}, chunkBytewise(in), false)
	require.Empty(t, r.err)
	require.True(t, r.done)
	require.Equal(t, len(in), r.consumed)
}

// TestHeadThenChunkedBody runs both parsers over two pipelined responses.
func TestHeadThenChunkedBody(t *testing.T) {
	buf := []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
		"4\r\nWiki\r\n6;x=y\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\n" +
		"HTTP/1.1 204 No Content\r\n\r\n")
	p := NewHeadParser(Limits{})
	h, n, err := p.Parse(buf)
	require.NoError(t, err)
	require.True(t, h.Chunked)
	buf = buf[n:]

	d := NewChunkedDecoder(Limits{})
	var body []byte
	for !d.Done() {
		c, pl, _, err := d.Decode(buf)
		require.NoError(t, err)
		require.NotZero(t, c)
		body = append(body, pl...)
		buf = buf[c:]
	}
	assert.Equal(t, "Wikipedia in \r\n\r\nchunks.", string(body))

	p.Reset()
	h, _, err = p.Parse(buf)
	require.NoError(t, err)
	assert.Equal(t, 204, h.Code)
}

// chunkTestBody returns a chunked body of n chunks of size bytes.
func chunkTestBody(n, size int) []byte {
	data := []byte(strings.Repeat("0123456789abcdef", size/16+1)[:size])
	var b []byte
	for i := 0; i < n; i++ {
		b = fmt.Appendf(b, "%x\r\n", size)
		b = append(b, data...)
		b = append(b, "\r\n"...)
	}
	return append(b, "0\r\n\r\n"...)
}

func TestChunkedDecoderAllocs(t *testing.T) {
	in := chunkTestBody(64, 1024)
	d := NewChunkedDecoder(Limits{})
	allocs := testing.AllocsPerRun(100, func() {
		d.Reset()
		for src := in; !d.Done(); {
			c, _, _, err := d.Decode(src)
			if err != nil {
				t.Fatal(err)
			}
			src = src[c:]
		}
	})
	assert.Zero(t, allocs)
}

func BenchmarkChunkedDecoder(b *testing.B) {
	in := chunkTestBody(16, 64<<10)
	b.Run("64KiB-chunks", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		d := NewChunkedDecoder(Limits{})
		for b.Loop() {
			d.Reset()
			for src := in; !d.Done(); {
				c, _, _, err := d.Decode(src)
				if err != nil {
					b.Fatal(err)
				}
				src = src[c:]
			}
		}
	})
	b.Run("64KiB-chunks-direct", func(b *testing.B) {
		// The client's path: framing through Decode, data copied straight
		// into the caller's buffer with DataLeft and ConsumeData.
		b.ReportAllocs()
		b.SetBytes(int64(len(in)))
		d := NewChunkedDecoder(Limits{})
		dst := make([]byte, 64<<10)
		for b.Loop() {
			d.Reset()
			for src := in; !d.Done(); {
				if left := d.DataLeft(); left > 0 {
					k := copy(dst[:min(left, int64(len(dst)))], src)
					d.ConsumeData(k)
					src = src[k:]
					continue
				}
				c, _, _, err := d.Decode(src)
				if err != nil {
					b.Fatal(err)
				}
				src = src[c:]
			}
		}
	})
	small := chunkTestBody(1024, 16)
	b.Run("16B-chunks", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(small)))
		d := NewChunkedDecoder(Limits{})
		for b.Loop() {
			d.Reset()
			for src := small; !d.Done(); {
				c, _, _, err := d.Decode(src)
				if err != nil {
					b.Fatal(err)
				}
				src = src[c:]
			}
		}
	})
}
