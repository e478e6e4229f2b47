package core

// Limits bound everything a server controls. Past any of them the
// connection fails with STATUS_CONNECTION_ERROR and a message naming the
// limit and the value. The zero value of a field means its default.
type Limits struct {
	// MaxHeadBytes bounds a response head: status line, header lines and
	// the empty line that ends them. Default DefaultMaxHeadBytes.
	MaxHeadBytes int
	// MaxHeaderCount bounds the header lines of one head, and the trailer
	// lines after a chunked body. Default DefaultMaxHeaderCount.
	MaxHeaderCount int
	// MaxChunkLineBytes bounds one chunk-size line of a chunked body,
	// extensions and CRLF included. Default DefaultMaxChunkLineBytes.
	MaxChunkLineBytes int
	// MaxChunkSize bounds the size one chunk declares. Default
	// DefaultMaxChunkSize, the built-in HTTPClient's own bound.
	MaxChunkSize int64
	// MaxTrailerBytes bounds the trailer section after the last chunk.
	// Default DefaultMaxTrailerBytes.
	MaxTrailerBytes int
	// MaxInterimResponses bounds the 1xx interim responses (100 Continue,
	// 102, 103) skipped before the final one. Default
	// DefaultMaxInterimResponses.
	MaxInterimResponses int
}

// Defaults of Limits.
const (
	DefaultMaxHeadBytes        = 64 << 10
	DefaultMaxHeaderCount      = 256
	DefaultMaxChunkLineBytes   = 4096
	DefaultMaxChunkSize        = 16 << 20
	DefaultMaxTrailerBytes     = 64 << 10
	DefaultMaxInterimResponses = 16
)

// WithDefaults returns l with every zero field set to its default.
func (l Limits) WithDefaults() Limits {
	if l.MaxHeadBytes <= 0 {
		l.MaxHeadBytes = DefaultMaxHeadBytes
	}
	if l.MaxHeaderCount <= 0 {
		l.MaxHeaderCount = DefaultMaxHeaderCount
	}
	if l.MaxChunkLineBytes <= 0 {
		l.MaxChunkLineBytes = DefaultMaxChunkLineBytes
	}
	if l.MaxChunkSize <= 0 {
		l.MaxChunkSize = DefaultMaxChunkSize
	}
	if l.MaxTrailerBytes <= 0 {
		l.MaxTrailerBytes = DefaultMaxTrailerBytes
	}
	if l.MaxInterimResponses <= 0 {
		l.MaxInterimResponses = DefaultMaxInterimResponses
	}
	return l
}
