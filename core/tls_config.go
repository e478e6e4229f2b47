package core

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
)

// poolFromPEM parses every certificate of a PEM bundle.
func poolFromPEM(pem []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificate found in %d bytes of PEM", len(pem))
	}
	return pool, nil
}

// ReadCABundle reads a PEM bundle file for SetDefaultCAPEM.
func ReadCABundle(path string) ([]byte, error) {
	pem, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading CA bundle: %w", err)
	}
	return pem, nil
}

// tlsConfig builds the crypto/tls configuration of TLSOptions for a
// connection to host: TLS 1.2 at least; the chain verified against the
// options' roots, else defaultRoots, else the system's; the name checked
// is the common-name override when given, else host (SNI carries the
// same name, as the built-in client does).
func tlsConfig(o *TLSOptions, host string, defaultRoots *x509.CertPool) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host}
	if o.CommonName != "" {
		cfg.ServerName = o.CommonName
	}
	roots := defaultRoots
	if len(o.TrustedCAPEM) > 0 {
		pool, err := poolFromPEM(o.TrustedCAPEM)
		if err != nil {
			return nil, fmt.Errorf("trusted CA chain: %w", err)
		}
		roots = pool
	}
	cfg.RootCAs = roots
	if !o.Unsafe {
		return cfg, nil
	}
	// client_unsafe(): no name check; with no chain of its own, no check at all.
	cfg.InsecureSkipVerify = true
	if len(o.TrustedCAPEM) == 0 {
		return cfg, nil
	}
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("server sent no certificate")
		}
		opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
		for _, c := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(c)
		}
		_, err := cs.PeerCertificates[0].Verify(opts)
		return err
	}
	return cfg, nil
}
