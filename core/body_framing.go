package core

import (
	"errors"
	"fmt"
	"io"
)

// bodyFraming reads one response body off the connection, removing its
// framing (Content-Length, chunked, or until end of stream). Content
// decoding (gzip and such) is meant to wrap it.
type bodyFraming interface {
	// read fills p with body bytes from in and t. With wait false it stops
	// when nothing more is available now; with wait true it waits until p
	// is full or the body ends. done reports the end of the body.
	read(in *inbound, t Transport, p []byte, wait bool) (n int, done bool, err error)
	// max is the most bytes the body may still yield (-1: unknown).
	max() int64
}

// errTruncated marks a body cut short by the end of the stream.
var errTruncated = errors.New("body truncated")

// lengthBody is a body of Content-Length bytes.
type lengthBody struct{ left int64 }

func (b *lengthBody) max() int64 { return b.left }

func (b *lengthBody) read(in *inbound, t Transport, p []byte, wait bool) (int, bool, error) {
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	got := 0
	for got < len(p) {
		n, err := in.read(t, p[got:], wait)
		got += n
		b.left -= int64(n)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return got, false, fmt.Errorf("%w: the connection closed with %d body bytes still to come", errTruncated, b.left)
			}
			return got, false, err
		}
		if n == 0 {
			break
		}
	}
	return got, b.left == 0, nil
}

// eofBody is a body that ends when the server closes the connection.
type eofBody struct{}

func (b *eofBody) max() int64 { return -1 }

func (b *eofBody) read(in *inbound, t Transport, p []byte, wait bool) (int, bool, error) {
	got := 0
	for got < len(p) {
		n, err := in.read(t, p[got:], wait)
		got += n
		if errors.Is(err, io.EOF) {
			return got, true, nil
		}
		if err != nil {
			return got, false, err
		}
		if n == 0 {
			break
		}
	}
	return got, false, nil
}

// chunkedBody is a chunked body. Payload the decoder has found in the
// inbound buffer is delivered from there (owed); the data of a chunk not
// yet received is read from the transport straight into p.
type chunkedBody struct {
	dec     *ChunkedDecoder
	fillCap int // the inbound buffer may grow to hold a chunk line or the trailers
	owed    int // payload bytes at the front of the inbound buffer
	after   int // framing bytes right after them, consumed by the decoder
}

func newChunkedBody(l Limits) *chunkedBody {
	l = l.WithDefaults()
	return &chunkedBody{dec: NewChunkedDecoder(l), fillCap: max(l.MaxChunkLineBytes, l.MaxTrailerBytes) + 1}
}

func (b *chunkedBody) max() int64 { return -1 }

func (b *chunkedBody) read(in *inbound, t Transport, p []byte, wait bool) (int, bool, error) {
	got := 0
	for got < len(p) {
		if b.owed > 0 {
			n := copy(p[got:], in.buffered()[:min(b.owed, len(p)-got)])
			in.consume(n)
			b.owed -= n
			got += n
			if b.owed == 0 {
				in.consume(b.after)
				b.after = 0
			}
			continue
		}
		if b.dec.Done() {
			return got, true, nil
		}
		if left := b.dec.DataLeft(); left > 0 && in.empty() {
			n, err := t.Read(p[got:got+int(min(left, int64(len(p)-got)))], wait)
			if err != nil {
				return got, false, chunkedReadError(err)
			}
			b.dec.ConsumeData(n)
			got += n
			if n == 0 {
				break
			}
			continue
		}
		buf := in.buffered()
		used, payload, done, err := b.dec.Decode(buf)
		if err != nil {
			return got, false, err
		}
		if len(payload) > 0 {
			off := cap(buf) - cap(payload)
			in.consume(off)
			b.owed = len(payload)
			b.after = used - off - len(payload)
			continue
		}
		in.consume(used)
		if done {
			return got, true, nil
		}
		if used > 0 {
			continue
		}
		// The decoder needs more input. In blocking mode wait for it while
		// nothing was delivered yet or a chunk is under way.
		n, err := in.fill(t, wait && (got == 0 || b.dec.DataLeft() > 0), max(len(in.buf), b.fillCap))
		if err != nil {
			return got, false, chunkedReadError(err)
		}
		if n == 0 {
			break
		}
	}
	return got, false, nil
}

func chunkedReadError(err error) error {
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: the connection closed inside a chunked body", errTruncated)
	}
	return err
}
