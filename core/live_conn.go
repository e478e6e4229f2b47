package core

import "sync"

// liveConn lets Close reach the transport without the client's lock, so a
// Poll or read blocked on the network in another goroutine (blocking mode)
// is woken by closing its connection instead of being waited for.
type liveConn struct {
	mu sync.Mutex
	t  Transport
}

func (l *liveConn) set(t Transport) {
	l.mu.Lock()
	l.t = t
	l.mu.Unlock()
}

func (l *liveConn) interrupt() {
	l.mu.Lock()
	t := l.t
	l.mu.Unlock()
	if t != nil {
		t.Close()
	}
}
