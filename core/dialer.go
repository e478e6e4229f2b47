package core

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
)

// dialKind is what a dial goroutine reports.
type dialKind int

const (
	dialResolved dialKind = iota // the name resolved; connecting now
	dialReady                    // the connection is up (and TLS done)
	dialFailed                   // the attempt ended; status says how
)

// dialEvent is one step of a connection attempt, handed from the dial
// goroutine to the client, which applies it on a later Poll.
type dialEvent struct {
	kind      dialKind
	status    Status // with dialFailed
	code      Error  // with dialFailed: what Poll returns
	err       error  // with dialFailed
	transport Transport
}

// dialPlan is everything a connection attempt needs, fixed when
// connect_to_host is called.
type dialPlan struct {
	server     string // host name or IP literal to connect to (origin or proxy)
	serverPort int
	tunnelTo   string // "host:port" to ask a CONNECT proxy for; empty: no tunnel
	tlsConfig  *tls.Config
	resolver   *net.Resolver
	limits     Limits
}

// dialJob runs one connection attempt on its own goroutine: name
// resolution, TCP connect to each address in turn, the CONNECT tunnel and
// the TLS handshake, all of which block. It never touches the client: it
// only sends events. cancel stops it; done closes when it has returned.
type dialJob struct {
	events chan dialEvent
	cancel context.CancelFunc
	done   chan struct{}
}

// dialEventCap holds every event one attempt can send, so the goroutine
// never waits on the client.
const dialEventCap = 3

func startDial(p dialPlan) *dialJob {
	ctx, cancel := context.WithCancel(context.Background())
	j := &dialJob{events: make(chan dialEvent, dialEventCap), cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(j.done)
		j.events <- p.run(ctx, j.events)
	}()
	return j
}

// stop cancels the attempt, waits for its goroutine and closes a
// connection it may have left unclaimed.
func (j *dialJob) stop() {
	j.cancel()
	<-j.done
	for {
		select {
		case ev := <-j.events:
			if ev.transport != nil {
				ev.transport.Close()
			}
		default:
			return
		}
	}
}

// next returns the attempt's next event, if one is ready.
func (j *dialJob) next() (dialEvent, bool) {
	select {
	case ev := <-j.events:
		return ev, true
	default:
		return dialEvent{}, false
	}
}

func failed(s Status, format string, args ...any) dialEvent {
	code := ErrCantConnect
	if s == StatusCantResolve {
		code = ErrCantResolve
	}
	return dialEvent{kind: dialFailed, status: s, code: code, err: fmt.Errorf(format, args...)}
}

func (p dialPlan) run(ctx context.Context, events chan<- dialEvent) dialEvent {
	var addrs []net.IP
	if ip := net.ParseIP(p.server); ip != nil {
		addrs = []net.IP{ip}
	} else {
		found, err := cancellable(ctx, p.resolver).LookupIPAddr(ctx, p.server)
		if err != nil || len(found) == 0 {
			return failed(StatusCantResolve, "can't resolve %q: %v", p.server, errOrNone(err))
		}
		for _, a := range found {
			addrs = append(addrs, a.IP)
		}
		if !validPort(p.serverPort) {
			// As the built-in: no address takes a connect to such a port.
			ev := failed(StatusCantConnect, "can't connect to %s: port %d is out of range 1..65535", p.server, p.serverPort)
			ev.code = ErrInvalidParameter
			return ev
		}
		events <- dialEvent{kind: dialResolved}
	}
	var d net.Dialer
	var conn net.Conn
	var lastErr error
	for _, ip := range addrs {
		c, err := d.DialContext(ctx, "tcp", net.JoinHostPort(ip.String(), strconv.Itoa(p.serverPort)))
		if err == nil {
			conn = c
			break
		}
		lastErr = err
	}
	if conn == nil {
		return failed(StatusCantConnect, "can't connect to %s port %d: %v", p.server, p.serverPort, lastErr)
	}
	ev := p.finish(ctx, conn)
	if ev.kind != dialReady {
		conn.Close()
	}
	return ev
}

// finish turns a TCP connection into the client's transport: through the
// proxy tunnel and the TLS handshake when the plan asks for them.
func (p dialPlan) finish(ctx context.Context, conn net.Conn) dialEvent {
	s, err := newSocket(conn)
	if err != nil {
		return failed(StatusCantConnect, "%v", err)
	}
	// A blocked read or write of the tunnel exchange ends when the attempt
	// is cancelled; the TLS handshake watches ctx itself. When the close
	// has started, wait for it, so nothing of the attempt outlives Close.
	closed := make(chan struct{})
	stopWatch := context.AfterFunc(ctx, func() {
		defer close(closed)
		conn.Close()
	})
	defer func() {
		if !stopWatch() {
			<-closed
		}
	}()
	if p.tunnelTo != "" {
		if err := openTunnel(s, p.tunnelTo, p.limits); err != nil {
			return failed(StatusCantConnect, "proxy tunnel to %s: %v", p.tunnelTo, err)
		}
	}
	if p.tlsConfig == nil {
		return dialEvent{kind: dialReady, transport: &tcpTransport{s: s}}
	}
	sc := &socketConn{Conn: conn, s: s, wait: true}
	tc := tls.Client(sc, p.tlsConfig)
	if err := tc.HandshakeContext(ctx); err != nil {
		return failed(StatusTLSHandshakeError, "TLS handshake with %s failed: %v", p.tlsConfig.ServerName, err)
	}
	sc.wait = false
	return dialEvent{kind: dialReady, transport: &tlsTransport{sc: sc, tc: tc}}
}

func errOrNone(err error) error {
	if err == nil {
		return errors.New("no address found")
	}
	return err
}

// cancellable returns a resolver like r whose DNS connections are closed
// when ctx ends. Go's resolver runs a lookup on a goroutine of its own
// that outlives a cancelled caller until its DNS timeout; closing its
// connections ends that goroutine at once, so nothing of a lookup
// outlives Close for long.
func cancellable(ctx context.Context, r *net.Resolver) *net.Resolver {
	dial := r.Dial
	if dial == nil {
		var d net.Dialer
		dial = d.DialContext
	}
	return &net.Resolver{
		PreferGo:     r.PreferGo,
		StrictErrors: r.StrictErrors,
		// The resolver's own context carries its per-query deadline: the
		// dial's context ends with the query or with ctx, whichever ends
		// first (a dial may tie its connection to it, as net.Dialer does
		// not: it is not cancelled when the dial returns).
		Dial: func(query context.Context, network, address string) (net.Conn, error) {
			dctx, cancel := context.WithCancel(query)
			context.AfterFunc(ctx, cancel)
			conn, err := dial(dctx, network, address)
			if err != nil {
				cancel()
				return nil, err
			}
			context.AfterFunc(ctx, func() { conn.Close() })
			return conn, nil
		},
	}
}
