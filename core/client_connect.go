package core

import (
	"net"
	"strconv"
	"strings"
)

// Connection defaults of the built-in client.
const (
	PortHTTP  = 80
	PortHTTPS = 443
	// MinHostLen: a host shorter than this (after its scheme is stripped)
	// is refused, as the built-in does.
	MinHostLen = 4
)

// ConnectToHost is HTTPClient.connect_to_host. opts nil means plain HTTP
// unless host starts with "https://". It only starts the attempt: name
// resolution, TCP connect, proxy tunnel and TLS handshake run on a
// goroutine and their results show in later Polls.
func (c *Client) ConnectToHost(host string, port int, opts *TLSOptions) error {
	c.live.interrupt()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.closeLocked()

	lower := strings.ToLower(host)
	switch {
	case strings.HasPrefix(lower, "http://"):
		host, opts = host[len("http://"):], nil
	case strings.HasPrefix(lower, "https://"):
		host = host[len("https://"):]
		if opts == nil {
			opts = ClientTLS()
		}
	}
	c.tlsOpts = opts
	if opts != nil && opts.Server {
		return failf(ErrInvalidParameter, "connect_to_host: TLS options made for a server (TLSOptions.server()) can't be used by a client")
	}
	if len(host) < MinHostLen {
		return failf(ErrInvalidParameter, "connect_to_host: host %q is shorter than %d characters", host, MinHostLen)
	}
	if strings.ContainsAny(host, "\r\n\x00") {
		return failf(ErrInvalidParameter, "connect_to_host: host %q holds a control character", host)
	}
	if port < 0 {
		port = PortHTTP
		if opts != nil {
			port = PortHTTPS
		}
	}
	c.host, c.port = host, port

	plan := dialPlan{server: host, serverPort: port, resolver: c.resolver, limits: c.limits}
	if opts != nil {
		cfg, err := tlsConfig(opts, host, c.defaultRoots)
		if err != nil {
			return failf(ErrInvalidParameter, "connect_to_host: %v", err)
		}
		plan.tlsConfig = cfg
		if c.httpsProxy.isSet() {
			plan.server, plan.serverPort = c.httpsProxy.host, c.httpsProxy.port
			plan.tunnelTo = net.JoinHostPort(host, strconv.Itoa(port))
		}
	} else if c.httpProxy.isSet() {
		plan.server, plan.serverPort = c.httpProxy.host, c.httpProxy.port
		c.viaProxy = true
	}
	if net.ParseIP(plan.server) == nil {
		c.status = StatusResolving
	} else if !validPort(plan.serverPort) {
		// As the built-in: a TCP connect that cannot even start.
		return c.fail(StatusCantConnect, ErrInvalidParameter, "connect_to_host: port %d is out of range 1..65535", plan.serverPort)
	} else {
		c.status = StatusConnecting
	}
	c.dial = startDial(plan)
	return nil
}

func validPort(port int) bool { return port >= 1 && port <= 65535 }

// SetConnection is HTTPClient.set_connection: the client adopts t (already
// connected) and speaks HTTP over it; status CONNECTED. isTLS tells
// whether t is a TLS stream, which TLS options set by ConnectToHost demand.
// Adopting the transport in use again changes nothing.
func (c *Client) SetConnection(t Transport, isTLS bool) error {
	if t == nil {
		return failf(ErrInvalidParameter, "set_connection: connection is not a valid StreamPeer")
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tlsOpts != nil && !isTLS {
		return failf(ErrInvalidParameter, "set_connection: TLS options are set, so the connection must be a StreamPeerTLS")
	}
	if c.conn == t {
		return nil
	}
	c.closeLocked()
	c.conn = t
	c.live.set(t)
	c.status = StatusConnected
	return nil
}
