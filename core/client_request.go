package core

import (
	"net"
	"strconv"
	"strings"
)

// Request is HTTPClient.request and request_raw (the String body as UTF-8
// bytes). Checked in the built-in's order; a failure changes nothing. The
// request is only queued: Poll sends it. As the class reference says, a
// GET sends no body.
func (c *Client) Request(m Method, url string, headers []string, body []byte) error {
	if m < 0 || m >= MethodMax {
		return failf(ErrInvalidParameter, "request: method %d is out of range 0..%d", int(m), int(MethodMax)-1)
	}
	if err := checkURL(m, url); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status != StatusConnected {
		return failf(ErrInvalidParameter, "request: the status is %s, not STATUS_CONNECTED", c.status)
	}
	if c.conn == nil {
		return failf(ErrInvalidData, "request: there is no connection")
	}
	if err := VerifyHeaders(headers); err != nil {
		return err
	}
	if m == MethodGet {
		body = nil
	}
	target := url
	if c.viaProxy {
		target = "http://" + c.hostPort(true) + url
	}
	c.out = c.appendRequest(c.out[:0], m, target, headers, body)
	c.outOff = 0
	c.isHead = m == MethodHead
	c.resetResponse()
	if c.head == nil || c.head.lim != c.limits {
		// SetLimits applies from the next response.
		c.head = NewHeadParser(c.limits)
	}
	c.head.Reset()
	c.status = StatusRequesting
	return nil
}

// appendRequest writes the request line, the caller's headers in order,
// the automatic ones the caller did not give, the empty line and the body.
func (c *Client) appendRequest(b []byte, m Method, target string, headers []string, body []byte) []byte {
	b = append(b, m.String()...)
	b = append(b, ' ')
	b = append(b, target...)
	b = append(b, " HTTP/1.1\r\n"...)
	var given autoHeaders
	for _, h := range headers {
		b = append(b, h...)
		b = append(b, "\r\n"...)
		given.note(h)
	}
	if !given.host && c.host != "" {
		b = append(b, "Host: "...)
		b = append(b, c.hostPort(false)...)
		b = append(b, "\r\n"...)
	}
	if !given.contentLength && len(body) > 0 {
		b = append(b, "Content-Length: "...)
		b = strconv.AppendInt(b, int64(len(body)), 10)
		b = append(b, "\r\n"...)
	}
	if !given.userAgent {
		b = append(b, "User-Agent: "+DefaultUserAgent+"\r\n"...)
	}
	if !given.accept {
		b = append(b, "Accept: */*\r\n"...)
	}
	b = append(b, "\r\n"...)
	return append(b, body...)
}

// hostPort is the origin as the Host header or a proxy's absolute url
// names it: the port is left out when it is the scheme's default (unless
// always), and an IPv6 literal is bracketed.
func (c *Client) hostPort(always bool) string {
	host := c.host
	if strings.IndexByte(host, ':') >= 0 && net.ParseIP(host) != nil {
		host = "[" + host + "]"
	}
	def := PortHTTP
	if c.tlsOpts != nil {
		def = PortHTTPS
	}
	if !always && c.port == def {
		return host
	}
	return host + ":" + strconv.Itoa(c.port)
}

// autoHeaders records which automatic headers the caller gave.
type autoHeaders struct{ host, contentLength, userAgent, accept bool }

// A header counts when its line starts with the name and ':', without
// case, as in the built-in.
func (a *autoHeaders) note(h string) {
	has := func(prefix string) bool {
		return len(h) >= len(prefix) && strings.EqualFold(h[:len(prefix)], prefix)
	}
	switch {
	case has("Host:"):
		a.host = true
	case has("Content-Length:"):
		a.contentLength = true
	case has("User-Agent:"):
		a.userAgent = true
	case has("Accept:"):
		a.accept = true
	}
}
