package core

// Response head parsing: status line, header lines, and the framing facts
// the client needs (Content-Length, Transfer-Encoding, Connection).
//
// The parser does no I/O. It is handed the bytes received so far and
// reports ErrNeedMore until they hold a whole head, in the style of
// fasthttp. It remembers how far it has scanned, so a head that arrives one
// byte per poll costs linear, not quadratic, work.

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// ErrNeedMore: the input holds no complete head yet. Append the bytes
// received next and call again. (ChunkedDecoder.Decode reports an
// incomplete chunk line as consumed 0 with a nil error instead.)
var ErrNeedMore = errors.New("need more input")

// maxLeadingEmptyLines bounds the empty lines skipped before a status line.
// RFC 9112 2.2 asks this robustness of servers ("a server that is expecting
// to receive and parse a request-line SHOULD ignore at least one empty line
// (CRLF) received prior to the request-line"); a client meets the same case
// when a server sends a stray CRLF after a body. Godot's HTTPClient skips
// them too. More than this many is an error, not an endless skip.
const maxLeadingEmptyLines = 4

// maxQuotedBytes bounds how much of a bad line or value an error quotes.
const maxQuotedBytes = 64

// Head is one parsed response head.
type Head struct {
	Code   int    // status code from the status line, 100..999
	Reason string // reason phrase, possibly empty

	// Headers holds each header line, trimmed of surrounding whitespace,
	// in order, duplicates kept, case kept: "Name: value" as received.
	// obs-fold continuation lines are joined to the previous line with one
	// space (RFC 9112 5.2).
	Headers []string

	// ContentLength is the Content-Length value, -1 when absent.
	// When Chunked is true it is still reported as parsed, but framing
	// ignores it: "If a message is received with both a Transfer-Encoding
	// and a Content-Length header field, the Transfer-Encoding overrides the
	// Content-Length" (RFC 9112 6.3). When a Transfer-Encoding is present
	// whose last coding is not chunked, ContentLength is -1: the body runs
	// until the server closes the connection (RFC 9112 6.3, rule 3).
	ContentLength int64

	// Chunked: a Transfer-Encoding whose last coding is "chunked"
	// (case-insensitive), across all Transfer-Encoding lines in order.
	Chunked bool

	// Close: the connection cannot be reused after this response. True when
	// a Connection header's comma-separated tokens include "close"
	// (case-insensitive); for an HTTP/1.0 response without "keep-alive";
	// and when framing is suspect: a Transfer-Encoding together with a
	// Content-Length, a Transfer-Encoding in an HTTP/1.0 response, or a
	// Transfer-Encoding whose last coding is not chunked (RFC 9112 6.1, 6.3).
	Close bool

	Major, Minor int // HTTP version; Major is always 1
}

// HeadParser finds and parses one response head in a growing buffer. It
// remembers how far it has scanned, so feeding the same buffer again after
// appending bytes costs only the new bytes (no quadratic rescans).
//
// Each line is checked as soon as its LF arrives, so a malformed status
// line fails at once rather than when the limit is reached. The head is
// turned into strings only once it is complete: one string holding the
// whole head, sliced for Reason and Headers, plus one slice of headers.
//
// A HeadParser is not safe for concurrent use.
type HeadParser struct {
	lim Limits

	// Scan state; buf[lineStart:pos] holds no LF.
	pos       int // bytes of buf scanned so far
	lineStart int // offset of the line being scanned
	empties   int // empty lines skipped before the status line
	status    bool
	hdrStart  int // offset of the first header line
	lines     int // header lines seen, continuation lines included
	fields    int // header lines seen, continuation lines excluded

	// Status line, once status is true.
	major, minor, code     int
	reasonStart, reasonEnd int

	n   int   // head length once complete (until Parse returns), else 0
	err error // sticky: once set, Parse returns it until Reset
}

// NewHeadParser returns a parser bounded by l (zero fields: defaults).
func NewHeadParser(l Limits) *HeadParser {
	return &HeadParser{lim: l.WithDefaults()}
}

// Reset makes p ready for a new head (scan position back to 0). The
// limits are kept.
func (p *HeadParser) Reset() {
	*p = HeadParser{lim: p.lim}
}

// Parse looks at buf, the whole buffer received so far for this head; a
// later call passes the same bytes plus more. It returns the head and n,
// the bytes the head took through its empty line, once the head is
// complete. It returns ErrNeedMore while the head is not complete and no
// limit is passed, and otherwise an error describing what was wrong; that
// error is returned again by later calls until Reset.
//
// Bytes past n (a body, the next response) are never looked at. A
// complete head resets p, so the next call starts a new head: after a 1xx
// response, pass the bytes after n (Reset is then optional).
func (p *HeadParser) Parse(buf []byte) (h Head, n int, err error) {
	if p.err != nil {
		return Head{}, 0, p.err
	}
	if len(buf) < p.pos {
		// Not the buffer scanned so far: start over.
		p.Reset()
	}
	limit := min(len(buf), p.lim.MaxHeadBytes)
	for p.pos < limit {
		i := bytes.IndexByte(buf[p.pos:limit], '\n')
		if i < 0 {
			p.pos = limit
			break
		}
		lf := p.pos + i
		start := p.lineStart
		line := buf[start:lf]
		if len(line) > 0 && line[len(line)-1] == '\r' {
			line = line[:len(line)-1]
		}
		p.pos = lf + 1
		p.lineStart = p.pos
		if err := p.scanLine(line, start); err != nil {
			p.err = err
			return Head{}, 0, err
		}
		if p.n > 0 {
			h, n, err := p.build(buf[:p.n])
			if err != nil {
				p.err = err
				return Head{}, 0, err
			}
			p.Reset()
			return h, n, nil
		}
	}
	if len(buf) >= p.lim.MaxHeadBytes {
		// No head ends within the first MaxHeadBytes bytes, and none can.
		p.err = fmt.Errorf("response head exceeds MaxHeadBytes (%d)", p.lim.MaxHeadBytes)
		return Head{}, 0, p.err
	}
	return Head{}, 0, ErrNeedMore
}

// scanLine checks one complete line (without its CRLF or LF) that starts
// at offset start, and updates the scan state. p.pos is already past it.
func (p *HeadParser) scanLine(line []byte, start int) error {
	if !p.status {
		if len(line) == 0 {
			p.empties++
			if p.empties > maxLeadingEmptyLines {
				return fmt.Errorf("more than %d empty lines before the HTTP status line", maxLeadingEmptyLines)
			}
			return nil
		}
		if err := p.parseStatusLine(line, start); err != nil {
			return err
		}
		p.status = true
		p.hdrStart = p.pos
		return nil
	}
	if len(line) == 0 {
		p.n = p.pos
		return nil
	}
	p.lines++
	if p.lines > p.lim.MaxHeaderCount {
		return fmt.Errorf("response head exceeds MaxHeaderCount (%d): header line %d", p.lim.MaxHeaderCount, p.lines)
	}
	if bytes.IndexByte(line, 0) >= 0 {
		return fmt.Errorf("NUL byte in response header line %s", cutQuote(line))
	}
	if line[0] == ' ' || line[0] == '\t' {
		// RFC 9112 5.2: obs-fold = OWS CRLF RWS. RFC 9112 2.2: whitespace
		// between the start-line and the first header field must be
		// rejected or skipped; it is rejected here.
		if p.fields == 0 {
			return fmt.Errorf("obs-fold continuation line with no header before it %s", cutQuote(line))
		}
		if !validHeadValue(line) {
			return fmt.Errorf("control character in header continuation line %s", cutQuote(line))
		}
		return nil
	}
	// RFC 9112 5.1: "No whitespace is allowed between the field name and
	// colon."
	colon := bytes.IndexByte(line, ':')
	if colon <= 0 || !validHeadToken(line[:colon]) {
		return fmt.Errorf("malformed header line %s", cutQuote(line))
	}
	if !validHeadValue(line[colon+1:]) {
		return fmt.Errorf("control character in header line %s", cutQuote(line))
	}
	p.fields++
	return nil
}

// parseStatusLine parses status-line = HTTP-version SP status-code SP
// [ reason-phrase ] (RFC 9112 4). The SP after the status code may be
// missing when the reason is empty, as net/http accepts.
func (p *HeadParser) parseStatusLine(line []byte, start int) error {
	if bytes.IndexByte(line, 0) >= 0 {
		return fmt.Errorf("NUL byte in HTTP status line %s", cutQuote(line))
	}
	vers, rest, _ := bytes.Cut(line, []byte{' '})
	if len(vers) < 5 || string(vers[:5]) != "HTTP/" {
		return fmt.Errorf("malformed HTTP status line %s", cutQuote(line))
	}
	num := vers[5:]
	if len(num) == 3 && isHeadDigit(num[0]) && num[1] == '.' && isHeadDigit(num[2]) {
		p.major, p.minor = int(num[0]-'0'), int(num[2]-'0')
	} else if allHeadDigits(num) || isDottedVersion(num) {
		return fmt.Errorf("unsupported HTTP version %s (want HTTP/1.0 or HTTP/1.1)", cutQuote(vers))
	} else {
		return fmt.Errorf("malformed HTTP status line %s", cutQuote(line))
	}
	// RFC 9110 2.5: a recipient receiving a higher minor version of a major
	// version it implements "SHOULD process the message as if it were in the
	// highest minor version within that major version": HTTP/1.2 is read
	// as HTTP/1.1. Another major version cannot be read at all.
	if p.major != 1 {
		return fmt.Errorf("unsupported HTTP version %s (want HTTP/1.0 or HTTP/1.1)", cutQuote(vers))
	}
	// status-code = 3DIGIT
	if len(rest) < 3 || !allHeadDigits(rest[:3]) || (len(rest) > 3 && rest[3] != ' ') {
		return fmt.Errorf("malformed HTTP status line %s", cutQuote(line))
	}
	p.code = int(rest[0]-'0')*100 + int(rest[1]-'0')*10 + int(rest[2]-'0')
	if p.code < 100 {
		return fmt.Errorf("malformed HTTP status line %s: status code below 100", cutQuote(line))
	}
	// reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
	p.reasonStart, p.reasonEnd = 0, 0
	if len(rest) > 4 {
		reason := rest[4:]
		if !validHeadValue(reason) {
			return fmt.Errorf("malformed HTTP status line %s: control character in reason phrase", cutQuote(line))
		}
		p.reasonStart = start + len(line) - len(reason)
		p.reasonEnd = start + len(line)
	}
	return nil
}

// build turns a complete, already checked head into a Head.
func (p *HeadParser) build(head []byte) (Head, int, error) {
	s := string(head) // the one copy; Reason and Headers are slices of it
	h := Head{
		Code:          p.code,
		Reason:        s[p.reasonStart:p.reasonEnd],
		ContentLength: -1,
		Major:         p.major,
		Minor:         p.minor,
	}
	if p.fields > 0 {
		h.Headers = make([]string, 0, p.fields)
	}
	for off := p.hdrStart; ; {
		line, next := nextHeadLine(s, off)
		if line == "" {
			break
		}
		off = next
		field := trimHeadOWS(line)
		// obs-fold: join the continuation lines, each trimmed, with one
		// space, in one pass (RFC 9112 5.2: "replace each received obs-fold
		// with one or more SP octets").
		var joined strings.Builder
		for {
			cont, after := nextHeadLine(s, off)
			if cont == "" || (cont[0] != ' ' && cont[0] != '\t') {
				break
			}
			off = after
			if c := trimHeadOWS(cont); c != "" {
				if joined.Len() == 0 {
					joined.WriteString(field)
				}
				joined.WriteByte(' ')
				joined.WriteString(c)
			}
		}
		if joined.Len() > 0 {
			field = joined.String()
		}
		h.Headers = append(h.Headers, field)
	}

	var (
		clValue           string // first Content-Length value, for errors
		hasTE             bool
		lastCoding        string
		closeTok, keepTok bool
	)
	for _, f := range h.Headers {
		colon := strings.IndexByte(f, ':')
		name, value := f[:colon], trimHeadOWS(f[colon+1:])
		switch {
		case headEqualFold(name, "Content-Length"):
			n, first, err := parseContentLength(value)
			if err != nil {
				return Head{}, 0, err
			}
			if h.ContentLength >= 0 && n != h.ContentLength {
				return Head{}, 0, fmt.Errorf("conflicting Content-Length values %s and %s",
					cutQuote([]byte(clValue)), cutQuote([]byte(first)))
			}
			if h.ContentLength < 0 {
				clValue = first
			}
			h.ContentLength = n
		case headEqualFold(name, "Transfer-Encoding"):
			hasTE = true
			for tok := range strings.SplitSeq(value, ",") {
				if tok = trimHeadOWS(tok); tok != "" {
					lastCoding = tok
				}
			}
		case headEqualFold(name, "Connection"):
			for tok := range strings.SplitSeq(value, ",") {
				tok = trimHeadOWS(tok)
				closeTok = closeTok || headEqualFold(tok, "close")
				keepTok = keepTok || headEqualFold(tok, "keep-alive")
			}
		}
	}
	h.Chunked = headEqualFold(lastCoding, "chunked")
	h.Close = closeTok || (h.Minor == 0 && !keepTok)
	if hasTE {
		// RFC 9112 6.1: "A server or client that receives an HTTP/1.0
		// message containing a Transfer-Encoding header field MUST treat
		// the message as if the framing is faulty, even if a Content-Length
		// is present, and close the connection after processing that
		// message." RFC 9112 6.3: TE with CL "ought to be handled as an
		// error"; TE whose final coding is not chunked: "the message body
		// length is determined by reading the connection until it is closed
		// by the server."
		if h.Minor == 0 || h.ContentLength >= 0 || !h.Chunked {
			h.Close = true
		}
		if !h.Chunked {
			h.ContentLength = -1
		}
	}
	return h, len(head), nil
}

// nextHeadLine returns the line of a complete head starting at off,
// without its LF or CRLF, and the offset after it.
func nextHeadLine(s string, off int) (line string, next int) {
	lf := off + strings.IndexByte(s[off:], '\n')
	return strings.TrimSuffix(s[off:lf], "\r"), lf + 1
}

// parseContentLength parses Content-Length = 1*DIGIT, or a list of
// identical values ("5, 5"), which RFC 9110 8.6 lets a recipient take as
// the single value. It returns the value and the first list member.
func parseContentLength(v string) (n int64, first string, err error) {
	n = -1
	for m := range strings.SplitSeq(v, ",") {
		m = trimHeadOWS(m)
		if !allHeadDigits([]byte(m)) {
			return 0, "", fmt.Errorf("invalid Content-Length %s", cutQuote([]byte(v)))
		}
		x, perr := strconv.ParseInt(m, 10, 64)
		if perr != nil {
			return 0, "", fmt.Errorf("invalid Content-Length %s: value out of range", cutQuote([]byte(v)))
		}
		if n < 0 {
			n, first = x, m
		} else if x != n {
			return 0, "", fmt.Errorf("conflicting Content-Length values %s and %s",
				cutQuote([]byte(first)), cutQuote([]byte(m)))
		}
	}
	return n, first, nil
}

// cutQuote quotes b for an error message, cut to maxQuotedBytes, as
// net/http's badStringError does.
func cutQuote(b []byte) string {
	if len(b) > maxQuotedBytes {
		return strconv.Quote(string(b[:maxQuotedBytes])) + "..."
	}
	return strconv.Quote(string(b))
}

// headTokenBytes marks the tchar of RFC 9110 5.6.2.
var headTokenBytes = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	for _, c := range "!#$%&'*+-.^_`|~" {
		t[c] = true
	}
	return t
}()

func validHeadToken(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !headTokenBytes[c] {
			return false
		}
	}
	return true
}

// validHeadValue reports whether b holds only field-vchar, SP and HTAB
// (RFC 9110 5.5): no control characters and no DEL; obs-text is allowed.
func validHeadValue(b []byte) bool {
	for _, c := range b {
		if (c < ' ' && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

func isHeadDigit(c byte) bool { return '0' <= c && c <= '9' }

func allHeadDigits(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if !isHeadDigit(c) {
			return false
		}
	}
	return true
}

// isDottedVersion reports whether b is digits "." digits ("2.0", "10.1").
func isDottedVersion(b []byte) bool {
	maj, mnr, ok := bytes.Cut(b, []byte{'.'})
	return ok && allHeadDigits(maj) && allHeadDigits(mnr)
}

// trimHeadOWS trims OWS (SP and HTAB) from both ends of s.
func trimHeadOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t') {
		s = s[:len(s)-1]
	}
	return s
}

// headEqualFold is strings.EqualFold for ASCII only: Unicode folding
// would let "cloſe" (long s) match "close".
func headEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}
