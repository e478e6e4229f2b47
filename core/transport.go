package core

// Transport is the seam between the client and its connection: a byte
// stream with partial, optionally non-blocking reads and writes. The
// default is a TCP (or TLS) socket; the binding hands in a Godot StreamPeer
// for set_connection(). The client calls a Transport only from the
// caller's own calls (Poll, reads, Close), never from a goroutine.
type Transport interface {
	// Read reads up to len(p) bytes. With wait false it returns at once,
	// (0, nil) when nothing is available yet. With wait true it blocks until
	// at least one byte, EOF or an error. End of stream is io.EOF.
	Read(p []byte, wait bool) (int, error)
	// Write writes a prefix of p. With wait false it returns at once with
	// how much the connection took now (maybe 0); with wait true it blocks
	// until all of p is written or an error.
	Write(p []byte, wait bool) (int, error)
	// Close closes the connection. It may be called from another goroutine
	// to interrupt a blocked Read or Write.
	Close() error
}

// Poller is implemented by transports that need to be pumped on every
// client Poll (a Godot StreamPeerTLS, say). Poll reports a dead connection.
type Poller interface {
	Poll() error
}
