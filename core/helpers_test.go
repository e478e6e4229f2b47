package core

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// testDeadline bounds every wait of a test on the network.
const testDeadline = 10 * time.Second

// pollUntil polls c until its status leaves the given transient states,
// and returns the distinct statuses it went through.
func pollUntil(t *testing.T, c *Client, transient ...Status) []Status {
	t.Helper()
	seen := []Status{c.Status()}
	end := time.Now().Add(testDeadline)
	for {
		s := c.Status()
		stay := false
		for _, tr := range transient {
			if s == tr {
				stay = true
			}
		}
		if !stay {
			return seen
		}
		require.True(t, time.Now().Before(end), "still %s after %s", s, testDeadline)
		c.Poll()
		if s2 := c.Status(); s2 != seen[len(seen)-1] {
			seen = append(seen, s2)
		}
		if c.Status() == s {
			time.Sleep(50 * time.Microsecond)
		}
	}
}

// connect connects c to host:port and polls until the attempt ends.
func connect(t *testing.T, c *Client, host string, port int, opts *TLSOptions) []Status {
	t.Helper()
	require.NoError(t, c.ConnectToHost(host, port, opts))
	return pollUntil(t, c, StatusResolving, StatusConnecting)
}

// response is what a test reads back of one request.
type response struct {
	code    int
	headers []string
	body    []byte
	status  Status // after the body
	err     error  // first failure
}

// do sends a request on a connected client and reads the whole response
// the way a script does: poll while REQUESTING, read chunks while BODY.
func do(t *testing.T, c *Client, m Method, url string, headers []string, body []byte) response {
	t.Helper()
	require.NoError(t, c.Request(m, url, headers, body))
	var r response
	pollUntil(t, c, StatusRequesting)
	r.code = c.ResponseCode()
	r.headers = c.ResponseHeaders()
	end := time.Now().Add(testDeadline)
	for c.Status() == StatusBody {
		require.True(t, time.Now().Before(end), "body not read after %s", testDeadline)
		chunk, err := c.ReadResponseBodyChunk()
		if err != nil && r.err == nil {
			r.err = err
		}
		r.body = append(r.body, chunk...)
		if len(chunk) == 0 {
			time.Sleep(50 * time.Microsecond)
		}
	}
	if r.err == nil {
		r.err = c.LastFailure()
	}
	r.status = c.Status()
	return r
}
