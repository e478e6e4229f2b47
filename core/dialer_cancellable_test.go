package core

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The DNS dial of a cancellable resolver ends at the resolver's per-query
// deadline and when the connection attempt ends, whichever comes first.
func TestCancellableResolverDialEnds(t *testing.T) {
	// A dial that never connects: it waits for its context.
	stuck := &net.Resolver{Dial: func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	}}
	tests := []struct {
		name    string
		attempt func() (context.Context, context.CancelFunc)
		query   func() (context.Context, context.CancelFunc)
	}{
		{"per-query deadline",
			func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) },
			func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 20*time.Millisecond)
			}},
		{"attempt ended",
			func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 20*time.Millisecond)
			},
			func() (context.Context, context.CancelFunc) { return context.WithCancel(context.Background()) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			attempt, cancelAttempt := tc.attempt()
			defer cancelAttempt()
			query, cancelQuery := tc.query()
			defer cancelQuery()
			done := make(chan error, 1)
			go func() {
				_, err := cancellable(attempt, stuck).Dial(query, "udp", "127.0.0.1:53")
				done <- err
			}()
			select {
			case err := <-done:
				require.Error(t, err)
			case <-time.After(testDeadline):
				t.Fatal("the DNS dial did not end")
			}
		})
	}
}
