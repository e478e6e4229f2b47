package core

import (
	"bufio"
	"bytes"
	"io"
	"math/rand/v2"
	"net/http/httputil"
	"regexp"
	"strconv"
	"testing"
)

// FuzzChunkedDecoder checks invariants of ChunkedDecoder on any input,
// under small limits too (0 means the default):
//   - no panic; the Decode contract on every call (chunkFeed checks
//     0 <= consumed <= len(src), payload is the tail of the consumed bytes,
//     DataLeft <= MaxChunkSize, never ErrNeedMore, errors stick);
//   - total payload and consumed <= len(in); done ends at a CRLF;
//   - whole input, one byte at a time, random splits, with and without
//     DataLeft/ConsumeData: the same result;
//   - the same result as refDecodeChunked, a plain whole-input decoder of
//     the same rules, and the same payload as net/http's chunked reader
//     when the message is complete.
func FuzzChunkedDecoder(f *testing.F) {
	for _, c := range chunkCases {
		if len(c.in) > 8<<10 {
			continue // slow to mutate and minimize; limits are fuzzed small instead
		}
		f.Add([]byte(c.in), uint16(c.lim.MaxChunkLineBytes), uint32(c.lim.MaxChunkSize),
			uint16(c.lim.MaxTrailerBytes), uint8(c.lim.MaxHeaderCount), uint64(len(c.in)))
	}
	f.Add(chunkTestBody(3, 100), uint16(8), uint32(100), uint16(16), uint8(1), uint64(7))
	f.Add(chunkTestBody(3, 100), uint16(8), uint32(99), uint16(16), uint8(1), uint64(7))

	f.Fuzz(func(t *testing.T, in []byte, maxLine uint16, maxChunk uint32, maxTrailer uint16, maxCount uint8, seed uint64) {
		lim := Limits{
			MaxChunkLineBytes: int(maxLine),
			MaxChunkSize:      int64(maxChunk),
			MaxTrailerBytes:   int(maxTrailer),
			MaxHeaderCount:    int(maxCount),
		}
		eff := lim.WithDefaults()
		want := chunkFeed(t, lim, chunkWhole(in), false)
		if len(want.payload) > len(in) || want.consumed < 0 || want.consumed > len(in) {
			t.Fatalf("payload %d, consumed %d of %d bytes", len(want.payload), want.consumed, len(in))
		}
		if want.done && (want.consumed < 5 || string(in[want.consumed-2:want.consumed]) != "\r\n") {
			t.Fatalf("done at %d: %q", want.consumed, in[:want.consumed])
		}

		if got := chunkFeed(t, lim, chunkWhole(in), true); got != want {
			t.Fatalf("direct: %+v, whole %+v", got, want)
		}
		if len(in) <= 4<<10 {
			if got := chunkFeed(t, lim, chunkBytewise(in), false); got != want {
				t.Fatalf("byte by byte: %+v, whole %+v", got, want)
			}
		}
		rng := rand.New(rand.NewPCG(seed, uint64(len(in))))
		for range 4 {
			pieces := chunkRandomSplits(rng, in)
			direct := rng.IntN(2) == 0
			if got := chunkFeed(t, lim, pieces, direct); got != want {
				t.Fatalf("split in %d (direct %v): %+v, whole %+v", len(pieces), direct, got, want)
			}
		}

		ref := refDecodeChunked(in, eff)
		if ref.payload != want.payload || ref.done != want.done || ref.consumed != want.consumed ||
			ref.failed != (want.err != "") {
			t.Fatalf("reference %+v, decoder %+v", ref, want)
		}

		if want.done && eff.MaxChunkLineBytes <= 4096 && !bwsBeforeSemicolon.Match(in[:want.consumed]) {
			// net/http trims trailing whitespace before cutting at ';', so
			// it refuses "5 ;ext", which RFC 9112 7.1.1 allows.
			got, err := io.ReadAll(httputil.NewChunkedReader(bufio.NewReader(bytes.NewReader(in))))
			if err != nil && err.Error() != "chunked encoding contains too much non-data" {
				t.Fatalf("net/http: %v; decoder %+v", err, want)
			}
			if err == nil && string(got) != want.payload {
				t.Fatalf("net/http payload %q, decoder %q", got, want.payload)
			}
		}
	})
}

var bwsBeforeSemicolon = regexp.MustCompile(`[ \t];`)

// chunkRandomSplits cuts in into 1 to 8 pieces.
func chunkRandomSplits(rng *rand.Rand, in []byte) [][]byte {
	var pieces [][]byte
	for cuts := rng.IntN(8); cuts > 0 && len(in) > 0; cuts-- {
		k := rng.IntN(len(in) + 1)
		pieces = append(pieces, in[:k])
		in = in[k:]
	}
	return append(pieces, in)
}

type chunkRefResult struct {
	payload  string
	done     bool
	consumed int
	failed   bool
}

var (
	refSizeLine    = regexp.MustCompile(`^([0-9a-fA-F]{1,16})[ \t]*(;[^\x00-\x08\x0a-\x1f\x7f]*)?$`)
	refTrailerLine = regexp.MustCompile("^[!#$%&'*+\\-.^_`|~0-9A-Za-z]+:[^\\x00-\\x08\\x0a-\\x1f\\x7f]*$")
)

// refDecodeChunked decodes a whole input the plain way, by the same rules
// and limits as ChunkedDecoder, for differential fuzzing.
func refDecodeChunked(in []byte, lim Limits) chunkRefResult {
	var r chunkRefResult
	var payload []byte
	pos := 0
	const (
		lineOK = iota
		lineShort
		lineBad
	)
	readLine := func(limit int) ([]byte, int, int) {
		rest := in[pos:]
		i := bytes.IndexByte(rest, '\n')
		switch {
		case i < 0 && len(rest) >= limit, i >= 0 && i+1 > limit:
			return nil, 0, lineBad
		case i < 0:
			return nil, 0, lineShort
		case i == 0 || rest[i-1] != '\r':
			return nil, 0, lineBad
		}
		return rest[:i-1], i + 1, lineOK
	}
	end := func(st int) chunkRefResult {
		r.payload, r.consumed, r.failed = string(payload), pos, st == lineBad
		return r
	}
	for {
		line, n, st := readLine(lim.MaxChunkLineBytes)
		if st != lineOK {
			return end(st)
		}
		m := refSizeLine.FindSubmatch(line)
		if m == nil {
			return end(lineBad)
		}
		size, _ := strconv.ParseUint(string(m[1]), 16, 64)
		if size > uint64(lim.MaxChunkSize) {
			return end(lineBad)
		}
		pos += n
		if size == 0 {
			break
		}
		if uint64(len(in)-pos) < size {
			payload = append(payload, in[pos:]...)
			pos = len(in)
			return end(lineShort)
		}
		payload = append(payload, in[pos:pos+int(size)]...)
		pos += int(size)
		switch rest := in[pos:]; {
		case len(rest) >= 2 && string(rest[:2]) == "\r\n":
			pos += 2
		case len(rest) == 0 || string(rest) == "\r":
			return end(lineShort)
		default:
			return end(lineBad)
		}
	}
	trailerBytes, trailers := 0, 0
	for {
		line, n, st := readLine(lim.MaxTrailerBytes - trailerBytes)
		if st != lineOK {
			return end(st)
		}
		if len(line) == 0 {
			pos += n
			r.done = true
			return end(lineOK)
		}
		trailers++
		if trailers > lim.MaxHeaderCount || !refTrailerLine.Match(line) {
			return end(lineBad)
		}
		pos += n
		trailerBytes += n
	}
}
