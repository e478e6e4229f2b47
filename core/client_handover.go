package core

// A script may take the connection over from the client
// (HTTPClient.get_connection(), e.g. after "101 Switching Protocols") and
// keep it after the client is gone. The built-in reads a response head a
// byte at a time, so its connection never holds bytes the script has not
// seen; this client reads in bulk, so what followed a head in the same read
// is handed over with the connection.

// TakeBuffered returns the bytes read from t and not consumed yet, and
// forgets them, when t is the connection in use; else nil. A reader of the
// connection itself gets them before reading t.
func (c *Client) TakeBuffered(t Transport) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t == nil || c.conn != t || c.in.empty() {
		return nil
	}
	b := append([]byte(nil), c.in.buffered()...)
	c.in.reset()
	return b
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
	if t != nil && !c.in.empty() {
		b = append([]byte(nil), c.in.buffered()...)
	}
	c.conn = nil
	c.closeLocked()
	return t, b
}
