package core

// A script may take the connection over from the client
// (HTTPClient.get_connection(), e.g. after "101 Switching Protocols") and
// keep it after the client is gone. The built-in reads a response head a
// byte at a time, so its connection never holds bytes the script has not
// seen; this client reads in bulk, so what followed a head in the same read
// is handed over with the connection.

// TakeBuffered returns the bytes read from t and not consumed yet, and
// forgets them, when t is the connection in use and no response is being
// read (STATUS_CONNECTED: after "101 Switching Protocols", say); else nil.
// A reader of the connection itself gets them before reading t. While a
// response is read the buffered bytes belong to it (the body framing keeps
// positions in them), so they stay.
func (c *Client) TakeBuffered(t Transport) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t == nil || c.conn != t || c.status != StatusConnected {
		return nil
	}
	return c.in.take()
}

// ReleaseConnection hands the connection in use to the caller, open, with
// the bytes read from it and not consumed, and leaves the client as Close
// does (a connection attempt still running is stopped). It returns nil
// when there is no connection.
func (c *Client) ReleaseConnection() (Transport, []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.conn
	var b []byte
	if t != nil {
		b = c.in.take()
	}
	c.conn = nil
	c.closeLocked()
	return t, b
}
