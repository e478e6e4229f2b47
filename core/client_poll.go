package core

import (
	"errors"
	"io"
)

// Poll is HTTPClient.poll, the one place the connection moves forward:
// it applies one step of a connection attempt, sends the request and reads
// the response head. It never waits on the network unless blocking mode is
// on (then it waits for the whole head).
func (c *Client) Poll() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.conn.(Poller); ok {
		if err := p.Poll(); err != nil && c.status >= StatusConnected && c.status <= StatusBody {
			return c.fail(StatusConnectionError, ErrConnectionError, "connection lost: %v", err)
		}
	}
	switch c.status {
	case StatusResolving, StatusConnecting:
		return c.pollDial()
	case StatusConnected:
		return c.pollIdle()
	case StatusRequesting:
		return c.pollRequest()
	case StatusBody:
		return nil
	case StatusDisconnected:
		return ErrUnconfigured
	case StatusConnectionError, StatusTLSHandshakeError:
		return ErrConnectionError
	case StatusCantConnect:
		return ErrCantConnect
	case StatusCantResolve:
		return ErrCantResolve
	}
	return nil
}

// pollDial applies at most one event of the connection attempt, so a
// script sees RESOLVING, CONNECTING and CONNECTED in turn.
func (c *Client) pollDial() error {
	if c.dial == nil {
		return ErrBug
	}
	ev, ok := c.dial.next()
	if !ok {
		return nil
	}
	switch ev.kind {
	case dialResolved:
		c.status = StatusConnecting
		return nil
	case dialReady:
		<-c.dial.done
		c.dial = nil
		c.conn = ev.transport
		c.live.set(ev.transport)
		c.status = StatusConnected
		return nil
	}
	return c.fail(ev.status, ev.code, "%v", ev.err)
}

// maxIdleBuffered bounds what an idle connection may receive unasked
// before it is read again for a response.
const maxIdleBuffered = 4 << 10

// pollIdle checks that an idle connection is still up: anything the server
// sends unasked stays buffered (it is read as the next response), and end
// of stream or an error fails the connection.
func (c *Client) pollIdle() error {
	if c.conn == nil {
		return c.fail(StatusConnectionError, ErrConnectionError, "no connection")
	}
	if _, err := c.in.fill(c.conn, false, maxIdleBuffered); err != nil {
		if errors.Is(err, io.EOF) {
			return c.fail(StatusConnectionError, ErrConnectionError, "the server closed the connection")
		}
		return c.fail(StatusConnectionError, ErrConnectionError, "connection lost: %v", err)
	}
	return nil
}

// pollRequest sends what is left of the request, then reads the response
// head; when it is complete the status becomes BODY or CONNECTED.
func (c *Client) pollRequest() error {
	for c.outOff < len(c.out) {
		n, err := c.conn.Write(c.out[c.outOff:], c.blocking)
		c.outOff += n
		if err != nil {
			return c.fail(StatusConnectionError, ErrConnectionError, "sending the request: %v", err)
		}
		if n == 0 {
			return nil
		}
	}
	for {
		h, n, err := c.head.Parse(c.in.buffered())
		if err == nil {
			if done, err := c.takeHead(h, n); done || err != nil {
				return err
			}
			continue
		}
		if !errors.Is(err, ErrNeedMore) {
			return c.fail(StatusConnectionError, ErrConnectionError, "bad response: %v", err)
		}
		got, err := c.in.fill(c.conn, c.blocking, c.limits.MaxHeadBytes+1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return c.fail(StatusConnectionError, ErrConnectionError, "the server closed the connection before a complete response head (%d bytes received)", len(c.in.buffered()))
			}
			return c.fail(StatusConnectionError, ErrConnectionError, "reading the response: %v", err)
		}
		if got == 0 && !c.blocking {
			return nil
		}
	}
}

// takeHead applies a parsed head of n bytes. An interim 1xx response is
// skipped (done false: read the next head); a final one sets the response
// and the status.
func (c *Client) takeHead(h Head, n int) (done bool, err error) {
	c.in.consume(n)
	if h.Code >= 100 && h.Code < 200 && h.Code != 101 {
		c.interim++
		if c.interim > c.limits.MaxInterimResponses {
			return true, c.fail(StatusConnectionError, ErrConnectionError, "more than MaxInterimResponses (%d) 1xx responses", c.limits.MaxInterimResponses)
		}
		return false, nil
	}
	c.code = h.Code
	c.headers = h.Headers
	c.chunked = h.Chunked
	c.bodyLen = -1
	if !h.Chunked {
		c.bodyLen = h.ContentLength
	}
	framed := h.Chunked || h.ContentLength >= 0
	switch {
	case c.isHead || h.Code == 204 || h.Code == 304:
		// RFC 9110 6.4.1: responses to HEAD, and 204 and 304 responses,
		// end with their head whatever their framing headers say. Like the
		// built-in, a HEAD response still passes through STATUS_BODY.
		if c.isHead || framed || h.Close {
			c.bodyLen = 0
			c.body = &lengthBody{left: 0}
			c.status = StatusBody
		} else {
			c.status = StatusConnected
		}
	case h.Chunked:
		c.body = newChunkedBody(c.limits)
		c.status = StatusBody
	case h.ContentLength >= 0:
		c.body = &lengthBody{left: h.ContentLength}
		c.status = StatusBody
	case h.Close:
		c.body = &eofBody{}
		c.status = StatusBody
	default:
		c.status = StatusConnected
	}
	return true, nil
}
