package core

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// FuzzHeadParser checks invariants of HeadParser on any input, under small
// limits too (maxHead, maxCount: 0 means the default):
//   - no panic; a head is n bytes with 0 < n <= len(in), n <= MaxHeadBytes,
//     ending at an empty line; at most MaxHeaderCount headers;
//   - the head's fields hold only what the rules let through;
//   - one byte at a time, split in two, or with bytes appended, the
//     result is the same as for the whole input;
//   - ErrNeedMore only while the input is shorter than MaxHeadBytes.
func FuzzHeadParser(f *testing.F) {
	for _, c := range headCases {
		if len(c.in) > 8<<10 {
			continue // slow to mutate and minimize; limits are fuzzed small instead
		}
		f.Add([]byte(c.in), uint16(c.lim.MaxHeadBytes), uint8(c.lim.MaxHeaderCount), uint16(len(c.in)/2))
	}
	f.Add([]byte(typicalTestHead(30)), uint16(0), uint8(0), uint16(100))
	f.Add([]byte(typicalTestHead(30)), uint16(200), uint8(5), uint16(100))

	f.Fuzz(func(t *testing.T, in []byte, maxHead uint16, maxCount uint8, split uint16) {
		lim := Limits{MaxHeadBytes: int(maxHead), MaxHeaderCount: int(maxCount)}
		eff := lim.WithDefaults()
		p := NewHeadParser(lim)
		h, n, err := p.Parse(in)
		want := headResultOf(h, n, err)

		switch {
		case errors.Is(err, ErrNeedMore):
			if len(in) >= eff.MaxHeadBytes {
				t.Fatalf("ErrNeedMore for %d bytes, MaxHeadBytes %d", len(in), eff.MaxHeadBytes)
			}
		case err != nil:
			if err.Error() == "" {
				t.Fatal("empty error message")
			}
		default:
			checkFuzzHead(t, eff, in, h, n)
			// Again, and on the head alone: the same.
			if again := headResultOf(p.Parse(in)); !equalHeadResults(again, want) {
				t.Fatalf("second Parse: %+v, first %+v", again, want)
			}
			if alone := parseHeadWhole(lim, in[:n]); !equalHeadResults(alone, want) {
				t.Fatalf("head alone: %+v, with the rest %+v", alone, want)
			}
		}

		if len(in) <= 8<<10 {
			if got := parseHeadGrowing(t, lim, in); !equalHeadResults(got, want) {
				t.Fatalf("one byte at a time: %+v, whole %+v", got, want)
			}
		}
		k := int(split) % (len(in) + 1)
		if got := parseHeadSplit(lim, in, k); !equalHeadResults(got, want) {
			t.Fatalf("split at %d: %+v, whole %+v", k, got, want)
		}
		if err != nil && !errors.Is(err, ErrNeedMore) {
			// A fault stays a fault whatever follows.
			more := append(bytes.Clone(in), "\r\n\r\nHTTP/1.1 200 OK\r\n\r\n"...)
			if got := parseHeadWhole(lim, more); got.err != want.err {
				t.Fatalf("with bytes appended: %q, alone %q", got.err, want.err)
			}
		}
	})
}

func equalHeadResults(a, b headResult) bool {
	if a.err != b.err || a.n != b.n {
		return false
	}
	x, y := a.head, b.head
	if x.Code != y.Code || x.Reason != y.Reason || x.ContentLength != y.ContentLength ||
		x.Chunked != y.Chunked || x.Close != y.Close || x.Major != y.Major || x.Minor != y.Minor ||
		len(x.Headers) != len(y.Headers) {
		return false
	}
	for i := range x.Headers {
		if x.Headers[i] != y.Headers[i] {
			return false
		}
	}
	return true
}

// checkFuzzHead checks a parsed head against the rules it was parsed by.
func checkFuzzHead(t *testing.T, lim Limits, in []byte, h Head, n int) {
	t.Helper()
	if n <= 0 || n > len(in) || n > lim.MaxHeadBytes {
		t.Fatalf("n = %d, input %d bytes, MaxHeadBytes %d", n, len(in), lim.MaxHeadBytes)
	}
	if !bytes.HasSuffix(in[:n], []byte("\n\n")) && !bytes.HasSuffix(in[:n], []byte("\n\r\n")) {
		t.Fatalf("head does not end with an empty line: %q", in[:n])
	}
	if len(h.Headers) > lim.MaxHeaderCount {
		t.Fatalf("%d headers, MaxHeaderCount %d", len(h.Headers), lim.MaxHeaderCount)
	}
	if h.Code < 100 || h.Code > 999 || h.Major != 1 || h.Minor < 0 || h.Minor > 9 {
		t.Fatalf("status %d, version %d.%d", h.Code, h.Major, h.Minor)
	}
	if !validHeadValue([]byte(h.Reason)) {
		t.Fatalf("reason %q", h.Reason)
	}
	var hasCL, hasTE, keepAlive bool
	for _, f := range h.Headers {
		name, value, ok := strings.Cut(f, ":")
		if !ok || !validHeadToken([]byte(name)) || !validHeadValue([]byte(value)) ||
			trimHeadOWS(f) != f || strings.IndexByte(f, 0) >= 0 {
			t.Fatalf("header %q", f)
		}
		switch {
		case headEqualFold(name, "Content-Length"):
			hasCL = true
		case headEqualFold(name, "Transfer-Encoding"):
			hasTE = true
		case headEqualFold(name, "Connection"):
			keepAlive = keepAlive || strings.Contains(strings.ToLower(value), "keep-alive")
		}
	}
	if h.ContentLength < -1 || (h.ContentLength >= 0 && !hasCL) {
		t.Fatalf("ContentLength %d, Content-Length header %v", h.ContentLength, hasCL)
	}
	if h.Chunked && !hasTE {
		t.Fatal("Chunked without Transfer-Encoding")
	}
	if h.Minor == 0 && !h.Close && !keepAlive {
		t.Fatal("HTTP/1.0 without keep-alive kept open")
	}
}
