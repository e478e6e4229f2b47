package core

// HasResponse is HTTPClient.has_response. Unlike the built-in, reading the
// headers does not clear them: they stay until the next request or Close.
func (c *Client) HasResponse() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.headers) > 0
}

// ResponseCode is HTTPClient.get_response_code: 0 before any response.
func (c *Client) ResponseCode() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.code
}

// ResponseHeaders is HTTPClient.get_response_headers: each header line,
// trimmed, in order, duplicates kept. The slice is the caller's.
func (c *Client) ResponseHeaders() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.headers...)
}

// ResponseHeaderFields is the dictionary form of the headers
// (get_response_headers_as_dictionary).
func (c *Client) ResponseHeaderFields() []HeaderField {
	c.mu.Lock()
	defer c.mu.Unlock()
	return headerFields(c.headers)
}

// ResponseBodyLength is HTTPClient.get_response_body_length: the
// Content-Length, -1 when unknown (chunked, until close, no response).
func (c *Client) ResponseBodyLength() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.bodyLen
}

// IsResponseChunked is HTTPClient.is_response_chunked.
func (c *Client) IsResponseChunked() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.chunked
}

// NextChunkLen returns the most bytes the next body read can return: 0
// when not in STATUS_BODY, else read_chunk_size or less when the body has
// fewer bytes left. A binding sizes its buffer with it.
func (c *Client) NextChunkLen() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.nextChunkLen()
}

func (c *Client) nextChunkLen() int {
	if c.status != StatusBody || c.body == nil {
		return 0
	}
	if m := c.body.max(); m >= 0 && m < int64(c.chunkSize) {
		return int(m)
	}
	return c.chunkSize
}

// ReadResponseBodyChunk is HTTPClient.read_response_body_chunk: up to
// read_chunk_size body bytes, whatever is available now (maybe none), or in
// blocking mode all it asks for. At the end of the body the status becomes
// CONNECTED (DISCONNECTED for a body that ends with the connection). err is
// a Failure when the call was wrong or the connection failed.
func (c *Client) ReadResponseBodyChunk() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status != StatusBody {
		return nil, c.notInBody()
	}
	// Read into the client's scratch buffer and return an exact-size copy,
	// so a call that finds little or nothing allocates little or nothing.
	if len(c.scratch) < c.chunkSize {
		c.scratch = make([]byte, c.chunkSize)
	}
	got, err := c.readBody(c.scratch[:c.nextChunkLen()])
	if got == 0 {
		return nil, err
	}
	return append([]byte(nil), c.scratch[:got]...), err
}

// ReadResponseBodyInto is ReadResponseBodyChunk into the caller's buffer
// (at most len(p) bytes, and at most NextChunkLen), with no allocation.
func (c *Client) ReadResponseBodyInto(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.status != StatusBody {
		return 0, c.notInBody()
	}
	if n := c.nextChunkLen(); len(p) > n {
		p = p[:n]
	}
	return c.readBody(p)
}

func (c *Client) notInBody() error {
	return failf(ErrUnavailable, "read_response_body_chunk: the status is %s, not STATUS_BODY", c.status)
}

func (c *Client) readBody(p []byte) (int, error) {
	n, done, err := c.body.read(&c.in, c.conn, p, c.blocking)
	switch {
	case err != nil:
		return n, c.fail(StatusConnectionError, ErrConnectionError, "reading the response body: %v", err)
	case done:
		if _, eof := c.body.(*eofBody); eof {
			// The body ended with the connection: closed, as the built-in does.
			c.closeLocked()
			return n, nil
		}
		c.status = StatusConnected
		c.body = nil
	}
	return n, nil
}
