package core

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"strings"
)

// poolFromPEM parses every certificate of a PEM bundle.
func poolFromPEM(pem []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("no certificate found in %d bytes of PEM", len(pem))
	}
	return pool, nil
}

// tlsConfig builds the crypto/tls configuration of TLSOptions for a
// connection to host: TLS 1.2 at least; the chain verified against the
// options' roots, else defaultRoots, else the system's; the name checked
// is the common-name override when given, else host (SNI carries the
// same name, as the built-in client does). client_unsafe() skips the name
// check, and with no chain of its own every check.
//
// The checks run in VerifyConnection rather than crypto/tls's own, for one
// reason: a certificate that names no host in its subject alternative
// names is matched on its subject's common name, as the built-in (mbedTLS)
// does and Go no longer does. Godot's
// Crypto.generate_self_signed_certificate makes such certificates.
func tlsConfig(o *TLSOptions, host string, defaultRoots *x509.CertPool) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: host, InsecureSkipVerify: true}
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
	if o.Unsafe && len(o.TrustedCAPEM) == 0 {
		return cfg, nil
	}
	name, checkName := cfg.ServerName, !o.Unsafe
	cfg.VerifyConnection = func(cs tls.ConnectionState) error {
		return verifyPeer(cs.PeerCertificates, roots, name, checkName)
	}
	return cfg, nil
}

// verifyPeer checks the server's chain against roots (nil: the system's)
// and, with checkName, that the leaf names name.
func verifyPeer(chain []*x509.Certificate, roots *x509.CertPool, name string, checkName bool) error {
	if len(chain) == 0 {
		return errors.New("server sent no certificate")
	}
	opts := x509.VerifyOptions{Roots: roots, Intermediates: x509.NewCertPool()}
	for _, c := range chain[1:] {
		opts.Intermediates.AddCert(c)
	}
	leaf := chain[0]
	if _, err := leaf.Verify(opts); err != nil {
		return err
	}
	if !checkName {
		return nil
	}
	err := leaf.VerifyHostname(name)
	if err != nil && namesNoHost(leaf) && commonNameMatches(leaf.Subject.CommonName, name) {
		return nil
	}
	return err
}

// namesNoHost: the certificate lists no DNS name, IP address or URI.
func namesNoHost(c *x509.Certificate) bool {
	return len(c.DNSNames) == 0 && len(c.IPAddresses) == 0 && len(c.URIs) == 0
}

// commonNameMatches compares a legacy common name with the host name,
// without case, allowing a "*." wildcard for one leftmost label of a DNS
// name (never of an IP address).
func commonNameMatches(cn, name string) bool {
	cn, name = strings.TrimSuffix(strings.ToLower(cn), "."), strings.TrimSuffix(strings.ToLower(name), ".")
	if cn == "" {
		return false
	}
	if rest, ok := strings.CutPrefix(cn, "*."); ok {
		if net.ParseIP(name) != nil {
			return false
		}
		_, after, found := strings.Cut(name, ".")
		return found && after == rest && rest != ""
	}
	return cn == name
}
