package core

// TLSOptions is the Go form of Godot's TLSOptions for a client.
type TLSOptions struct {
	// TrustedCAPEM, when not empty, is the only set of roots the server's
	// chain is verified against (PEM, one or more certificates).
	TrustedCAPEM []byte
	// CommonName, when not empty, is the name checked against the server's
	// certificate instead of the host connected to.
	CommonName string
	// Unsafe skips the host-name check; with no TrustedCAPEM it also skips
	// the chain check (TLSOptions.client_unsafe()).
	Unsafe bool
	// Server marks options made for a server (TLSOptions.server()); a
	// client refuses them.
	Server bool
}

// ClientTLS returns the options of TLSOptions.client() with no arguments.
func ClientTLS() *TLSOptions { return &TLSOptions{} }
