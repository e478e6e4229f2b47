package core

import (
	"crypto/x509"
	"net"
	"sync"
)

// Read chunk size bounds and default (HTTPClient.read_chunk_size).
const (
	MinReadChunkSize     = 256
	MaxReadChunkSize     = 16 << 20
	DefaultReadChunkSize = 65536
)

// Client is the HTTP/1.1 client behind GoHTTPClient, a drop-in for Godot's
// HTTPClient. The state a caller sees changes only inside its own calls:
// ConnectToHost, Poll, Request, the body reads and Close. Every method may
// be called from any goroutine; calls are serialised.
type Client struct {
	mu sync.Mutex

	// Settings: kept across Close.
	limits       Limits
	defaultRoots *x509.CertPool
	resolver     *net.Resolver
	blocking     bool
	chunkSize    int
	httpProxy    proxySetting
	httpsProxy   proxySetting
	tlsOpts      *TLSOptions // of the last connect_to_host; nil: plain

	// The connection, owned by the caller's calls.
	status   Status
	host     string // origin host, scheme stripped
	port     int    // origin port
	viaProxy bool   // plain requests go through the HTTP proxy
	dial     *dialJob
	conn     Transport
	live     liveConn // the transport, for Close from another goroutine

	// The request being sent.
	out    []byte
	outOff int
	isHead bool

	// The response.
	in       inbound
	head     *HeadParser
	interim  int
	code     int
	headers  []string
	bodyLen  int64
	chunked  bool
	body     bodyFraming
	scratch  []byte // ReadResponseBodyChunk reads here first
	lastFail error
}

// NewClient returns a disconnected client with the built-in's defaults.
func NewClient() *Client {
	c := &Client{
		limits:    Limits{}.WithDefaults(),
		resolver:  &net.Resolver{PreferGo: true},
		chunkSize: DefaultReadChunkSize,
	}
	c.httpProxy.unset()
	c.httpsProxy.unset()
	c.resetResponse()
	return c
}

// SetLimits replaces the bounds on what a server may send; zero fields take
// their defaults. It applies from the next response.
func (c *Client) SetLimits(l Limits) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.limits = l.WithDefaults()
}

// Limits returns the bounds in force.
func (c *Client) Limits() Limits {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.limits
}

// SetResolver replaces the name resolver (nil: Go's own resolver, which
// can be cancelled, so Close never waits on a lookup).
func (c *Client) SetResolver(r *net.Resolver) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r == nil {
		r = &net.Resolver{PreferGo: true}
	}
	c.resolver = r
}

// SetDefaultCAPEM sets the roots used when TLSOptions carry no chain of
// their own (Godot's network/tls/certificate_bundle_override); nil or
// empty means the system's roots.
func (c *Client) SetDefaultCAPEM(pem []byte) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(pem) == 0 {
		c.defaultRoots = nil
		return nil
	}
	pool, err := poolFromPEM(pem)
	if err != nil {
		return failf(ErrInvalidData, "default CA bundle: %v", err)
	}
	c.defaultRoots = pool
	return nil
}

// Status is HTTPClient.get_status.
func (c *Client) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.status
}

// LastFailure returns why the connection last failed (nil if it did not).
func (c *Client) LastFailure() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastFail
}

// ReadChunkSize is HTTPClient.get_read_chunk_size.
func (c *Client) ReadChunkSize() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.chunkSize
}

// SetReadChunkSize is HTTPClient.set_read_chunk_size: 256..16 MiB, else the
// old value stays and a Failure says why.
func (c *Client) SetReadChunkSize(n int) error {
	if n < MinReadChunkSize || n > MaxReadChunkSize {
		return failf(ErrInvalidParameter, "read_chunk_size %d is out of range %d..%d", n, MinReadChunkSize, MaxReadChunkSize)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.chunkSize = n
	return nil
}

// BlockingMode is HTTPClient.is_blocking_mode_enabled.
func (c *Client) BlockingMode() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.blocking
}

// SetBlockingMode is HTTPClient.set_blocking_mode: when on, Poll waits for
// the whole response head and each body read for all it asked for.
func (c *Client) SetBlockingMode(on bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.blocking = on
}

// Connection is HTTPClient.get_connection: the transport in use, nil when
// there is none.
func (c *Client) Connection() Transport {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.conn
}

// Close is HTTPClient.close: it drops the connection (stopping a
// connection attempt and waiting for its goroutine) and everything about
// the last response. A Poll or read blocked in another goroutine is
// interrupted first.
func (c *Client) Close() {
	c.live.interrupt()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked()
}

func (c *Client) closeLocked() {
	if c.dial != nil {
		c.dial.stop()
		c.dial = nil
	}
	if c.conn != nil {
		c.conn.Close()
		c.conn = nil
	}
	c.live.set(nil)
	c.viaProxy = false
	c.in.reset()
	c.status = StatusDisconnected
	c.out, c.outOff, c.isHead = c.out[:0], 0, false
	c.resetResponse()
	c.lastFail = nil
}

// resetResponse forgets the last response (the buffered input stays: it
// belongs to the connection).
func (c *Client) resetResponse() {
	c.interim = 0
	c.code = 0
	c.headers = nil
	c.bodyLen = -1
	c.chunked = false
	c.body = nil
}

// fail closes the connection and moves to an error status; the Failure it
// returns carries code and message. What is known of the response (code,
// headers, length, chunked flag) stays readable, as in the built-in when a
// connection dies under a response.
func (c *Client) fail(s Status, code Error, format string, args ...any) error {
	f := failf(code, format, args...)
	respCode, headers, bodyLen, chunked := c.code, c.headers, c.bodyLen, c.chunked
	c.closeLocked()
	c.code, c.headers, c.bodyLen, c.chunked = respCode, headers, bodyLen, chunked
	c.status = s
	c.lastFail = f
	return f
}
