package core

// The chunked transfer coding (RFC 9112 7.1), decoding side only:
//
//	chunked-body   = *chunk
//	                 last-chunk
//	                 trailer-section
//	                 CRLF
//	chunk          = chunk-size [ chunk-ext ] CRLF
//	                 chunk-data CRLF
//	chunk-size     = 1*HEXDIG
//	last-chunk     = 1*("0") [ chunk-ext ] CRLF
//	chunk-ext      = *( BWS ";" BWS chunk-ext-name
//	                    [ BWS "=" BWS chunk-ext-val ] )
//	trailer-section = *( field-line CRLF )
//
// Like HeadParser, the decoder does no I/O: it is handed the bytes
// received so far and says how many it used.

import (
	"bytes"
	"fmt"
)

// maxChunkSizeDigits bounds the hex digits of a chunk size, as net/http
// does: 16 hex digits are the most a uint64 holds, so the size cannot
// overflow while it is parsed.
const maxChunkSizeDigits = 16

type chunkState uint8

const (
	chunkSizeLine chunkState = iota // expecting a chunk-size line
	chunkData                       // inside chunk-data, left > 0
	chunkDataEnd                    // expecting the CRLF after chunk-data
	chunkTrailer                    // after the last chunk: trailer lines, then CRLF
	chunkDone                       // message complete
)

// ChunkedDecoder decodes a chunked body from bytes handed to Decode.
//
// Partial lines: Decode consumes only whole lines, and buffers nothing.
// When src ends inside a chunk-size line, a trailer line or the CRLF after
// chunk data, those bytes are left unconsumed and Decode returns with a nil
// error; a call that could do nothing at all returns consumed 0. The caller
// keeps the unconsumed bytes and calls again with more appended (so it
// needs room for MaxChunkLineBytes, or MaxTrailerBytes after the last
// chunk). The decoder remembers how far it has already looked for the LF,
// so a line that arrives one byte at a time costs linear work. The line
// limits are checked on the bytes already received, so a line that cannot
// fit fails without waiting for its end.
//
// Limits: a chunk-size line, CRLF included, is at most MaxChunkLineBytes;
// a chunk at most MaxChunkSize; the trailer section after the last chunk,
// its closing CRLF included, at most MaxTrailerBytes and MaxHeaderCount
// lines. Decode never allocates except to build an error.
//
// A ChunkedDecoder is not safe for concurrent use.
type ChunkedDecoder struct {
	lim Limits

	state chunkState
	left  int64 // chunk-data bytes not yet delivered, in state chunkData

	// scanned: bytes at the start of the unconsumed input already searched
	// for LF without finding one, valid while a line is pending.
	scanned int

	trailerBytes int // trailer-section bytes consumed
	trailerLines int // trailer lines consumed

	err error // sticky: once set, Decode returns it until Reset
}

// NewChunkedDecoder returns a decoder bounded by l (zero fields: defaults).
func NewChunkedDecoder(l Limits) *ChunkedDecoder {
	return &ChunkedDecoder{lim: l.WithDefaults()}
}

// Reset makes d ready for a new chunked body. The limits are kept.
func (d *ChunkedDecoder) Reset() {
	*d = ChunkedDecoder{lim: d.lim}
}

// Done reports whether the end of the message was consumed: the last
// chunk, the trailer section and its empty line.
func (d *ChunkedDecoder) Done() bool { return d.state == chunkDone }

// DataLeft returns the payload bytes of the current chunk not yet
// delivered, 0 when not inside chunk data. The caller may read up to that
// many bytes of payload straight from the connection into its own buffer,
// then report them with ConsumeData.
func (d *ChunkedDecoder) DataLeft() int64 {
	if d.state != chunkData {
		return 0
	}
	return d.left
}

// ConsumeData records that the caller took n bytes of chunk data itself
// (see DataLeft). It panics when n is negative or more than DataLeft: the
// framing would be lost.
func (d *ChunkedDecoder) ConsumeData(n int) {
	if n < 0 || int64(n) > d.DataLeft() {
		panic(fmt.Sprintf("core: ChunkedDecoder.ConsumeData(%d) with DataLeft %d", n, d.DataLeft()))
	}
	d.left -= int64(n)
	if d.state == chunkData && d.left == 0 {
		d.state = chunkDataEnd
	}
}

// Decode consumes chunked framing from src. It returns how many bytes of
// src it consumed, and payload: the body bytes found, as a sub-slice of src
// (no copy), at most one contiguous run per call; payload is always the
// last len(payload) bytes consumed.
//
// It stops after one payload run, after the end of the message (done is
// true: last chunk and trailers consumed), or when src is exhausted. Bytes
// after the end of the message are never consumed: they belong to the next
// response.
//
// When nothing can be done with src (it is empty, or holds only part of a
// line or of the CRLF after chunk data), Decode returns (0, nil, false,
// nil): call again with more bytes appended to the unconsumed ones. It
// never returns ErrNeedMore. An error is final and is returned again by
// later calls until Reset; consumed then counts the bytes used before the
// fault.
func (d *ChunkedDecoder) Decode(src []byte) (consumed int, payload []byte, done bool, err error) {
	if d.err != nil {
		return 0, nil, false, d.err
	}
	for {
		rest := src[consumed:]
		switch d.state {
		case chunkDone:
			return consumed, nil, true, nil

		case chunkData:
			if len(rest) == 0 {
				return consumed, nil, false, nil
			}
			k := len(rest)
			if int64(k) > d.left {
				k = int(d.left)
			}
			d.left -= int64(k)
			if d.left == 0 {
				d.state = chunkDataEnd
			}
			return consumed + k, rest[:k], false, nil

		case chunkDataEnd:
			// chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
			if len(rest) >= 1 && rest[0] != '\r' || len(rest) >= 2 && rest[1] != '\n' {
				return d.fail(consumed, fmt.Errorf("missing CRLF after chunk data"))
			}
			if len(rest) < 2 {
				return consumed, nil, false, nil
			}
			consumed += 2
			d.state = chunkSizeLine

		case chunkSizeLine:
			line, err := d.line(rest, d.lim.MaxChunkLineBytes)
			if err != nil {
				return d.fail(consumed, err)
			}
			if line == nil {
				return consumed, nil, false, nil
			}
			size, err := d.parseSizeLine(line)
			if err != nil {
				return d.fail(consumed, err)
			}
			consumed += len(line)
			if size == 0 {
				d.state = chunkTrailer
			} else {
				d.state, d.left = chunkData, size
			}

		case chunkTrailer:
			line, err := d.line(rest, d.lim.MaxTrailerBytes-d.trailerBytes)
			if err != nil {
				return d.fail(consumed, err)
			}
			if line == nil {
				return consumed, nil, false, nil
			}
			if err := d.trailerLine(line); err != nil {
				return d.fail(consumed, err)
			}
			consumed += len(line)
			d.trailerBytes += len(line)
			if len(line) == 2 {
				d.state = chunkDone
			}
		}
	}
}

// line returns the CRLF-terminated line at the start of rest, CRLF
// included, or nil when rest holds no LF yet. A line may be at most limit
// bytes long. A bare LF is refused: RFC 9112 accepts it in a head, but not
// in chunked framing (erratum 7633; net/http refuses it too).
func (d *ChunkedDecoder) line(rest []byte, limit int) ([]byte, error) {
	if d.scanned > len(rest) {
		d.scanned = 0 // not the bytes seen last time; search again
	}
	end := min(len(rest), limit)
	i := -1
	if d.scanned < end {
		if j := bytes.IndexByte(rest[d.scanned:end], '\n'); j >= 0 {
			i = d.scanned + j
		}
	}
	if i < 0 {
		d.scanned = max(d.scanned, end)
		if len(rest) < limit {
			return nil, nil
		}
		if d.state == chunkTrailer {
			return nil, fmt.Errorf("chunked trailer section exceeds MaxTrailerBytes (%d)", d.lim.MaxTrailerBytes)
		}
		return nil, fmt.Errorf("chunk-size line exceeds MaxChunkLineBytes (%d): %s", d.lim.MaxChunkLineBytes, cutQuote(rest[:end]))
	}
	d.scanned = 0
	line := rest[:i+1]
	if i == 0 || line[i-1] != '\r' {
		if d.state == chunkTrailer {
			return nil, fmt.Errorf("bare LF in chunked trailer line %s", cutQuote(line))
		}
		return nil, fmt.Errorf("bare LF in chunk-size line %s", cutQuote(line))
	}
	return line, nil
}

// parseSizeLine parses chunk-size [ chunk-ext ] CRLF. Extensions are
// ignored, as RFC 9112 7.1.1 allows ("A recipient MUST ignore unrecognized
// chunk extensions"); they may only hold no control characters but HTAB.
// Whitespace after the size is accepted without an extension too, as
// net/http does.
func (d *ChunkedDecoder) parseSizeLine(line []byte) (int64, error) {
	s := line[:len(line)-2]
	var size uint64
	i := 0
	for ; i < len(s); i++ {
		v, ok := chunkHexValue(s[i])
		if !ok {
			break
		}
		if i == maxChunkSizeDigits {
			return 0, fmt.Errorf("chunk size has more than %d hex digits: %s", maxChunkSizeDigits, cutQuote(s))
		}
		size = size<<4 | uint64(v)
	}
	if i == 0 {
		return 0, fmt.Errorf("malformed chunk-size line %s", cutQuote(s))
	}
	ext := s[i:]
	for len(ext) > 0 && (ext[0] == ' ' || ext[0] == '\t') {
		ext = ext[1:]
	}
	if len(ext) > 0 && (ext[0] != ';' || !validHeadValue(ext)) {
		return 0, fmt.Errorf("malformed chunk-size line %s", cutQuote(s))
	}
	if size > uint64(d.lim.MaxChunkSize) {
		return 0, fmt.Errorf("chunk size %d exceeds MaxChunkSize (%d)", size, d.lim.MaxChunkSize)
	}
	return int64(size), nil
}

// trailerLine checks one trailer line (CRLF included; CRLF alone ends the
// section). Trailers are discarded, so only their form and number are
// checked: field-line = field-name ":" OWS field-value OWS.
func (d *ChunkedDecoder) trailerLine(line []byte) error {
	s := line[:len(line)-2]
	if len(s) == 0 {
		return nil
	}
	d.trailerLines++
	if d.trailerLines > d.lim.MaxHeaderCount {
		return fmt.Errorf("chunked trailer section exceeds MaxHeaderCount (%d): trailer line %d", d.lim.MaxHeaderCount, d.trailerLines)
	}
	colon := bytes.IndexByte(s, ':')
	if colon <= 0 || !validHeadToken(s[:colon]) {
		return fmt.Errorf("malformed chunked trailer line %s", cutQuote(s))
	}
	if !validHeadValue(s[colon+1:]) {
		return fmt.Errorf("control character in chunked trailer line %s", cutQuote(s))
	}
	return nil
}

func (d *ChunkedDecoder) fail(consumed int, err error) (int, []byte, bool, error) {
	d.err = err
	return consumed, nil, false, err
}

func chunkHexValue(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}
