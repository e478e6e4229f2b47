package core

import (
	"errors"
	"fmt"
)

// openTunnel asks an HTTPS proxy for a tunnel to target ("host:port") with
// CONNECT and reads its answer, blocking. Any answer but 200 is a refusal.
// Bytes after the answer's head would be the origin speaking before the
// TLS ClientHello, which cannot happen: they are an error too.
func openTunnel(s *socket, target string, limits Limits) error {
	req := "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\nUser-Agent: " + DefaultUserAgent + "\r\n\r\n"
	if _, err := s.write([]byte(req), true); err != nil {
		return err
	}
	limits = limits.WithDefaults()
	hp := NewHeadParser(limits)
	buf := make([]byte, 0, 1024)
	for {
		if len(buf) == cap(buf) {
			if len(buf) > limits.MaxHeadBytes {
				return fmt.Errorf("proxy answer exceeds MaxHeadBytes (%d)", limits.MaxHeadBytes)
			}
			buf = append(buf, make([]byte, len(buf))...)[:len(buf)]
		}
		n, err := s.read(buf[len(buf):cap(buf)], true)
		if err != nil {
			return fmt.Errorf("reading the proxy's answer: %w", err)
		}
		buf = buf[:len(buf)+n]
		h, used, err := hp.Parse(buf)
		if errors.Is(err, ErrNeedMore) {
			continue
		}
		if err != nil {
			return fmt.Errorf("proxy answer: %w", err)
		}
		if h.Code != 200 {
			return fmt.Errorf("proxy refused: %d %s", h.Code, h.Reason)
		}
		if used != len(buf) {
			return fmt.Errorf("proxy sent %d bytes after its 200 answer", len(buf)-used)
		}
		return nil
	}
}
