package core

import (
	"strings"
)

// checkURL follows the built-in: CONNECT takes an authority "host:port"
// (a ':' neither first nor last); OPTIONS also takes "*"; every method
// takes a url starting with "/", "http://" or "https://". Unlike the
// built-in, CR, LF and NUL are refused: they would let the url inject
// header lines.
func checkURL(m Method, url string) error {
	if i := strings.IndexAny(url, "\r\n\x00"); i >= 0 {
		return failf(ErrInvalidParameter, "request: url %s holds a control character at index %d", quote(url), i)
	}
	switch m {
	case MethodConnect:
		if i := strings.IndexByte(url, ':'); i > 0 && i < len(url)-1 {
			return nil
		}
		return failf(ErrInvalidParameter, "request: METHOD_CONNECT needs a url of the form host:port, not %s", quote(url))
	case MethodOptions:
		if url == "*" {
			return nil
		}
	}
	if strings.HasPrefix(url, "/") || strings.HasPrefix(url, "http://") || strings.HasPrefix(url, "https://") {
		return nil
	}
	return failf(ErrInvalidParameter, "request: url %s must start with \"/\", \"http://\" or \"https://\"", quote(url))
}

// VerifyHeaders checks request headers as request() does: each, trimmed,
// must be non-empty with a ':' after at least one character. Unlike the
// built-in, a CR, LF or NUL anywhere is refused too (header injection).
func VerifyHeaders(headers []string) error {
	for i, h := range headers {
		if j := strings.IndexAny(h, "\r\n\x00"); j >= 0 {
			return failf(ErrInvalidParameter, "request: header %d (%s) holds a control character at index %d", i, quote(h), j)
		}
		t := strings.TrimSpace(h)
		if t == "" {
			return failf(ErrInvalidParameter, "request: header %d is empty", i)
		}
		if strings.IndexByte(t, ':') < 1 {
			return failf(ErrInvalidParameter, "request: header %d (%s) has no name and ':'", i, quote(h))
		}
	}
	return nil
}

// quote quotes s for an error message, cut short like the parsers' quotes.
func quote(s string) string { return cutQuote([]byte(s)) }
