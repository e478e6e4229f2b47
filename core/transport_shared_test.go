package core

import (
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestTransportSharedWithAnotherGoroutine: the binding's GoStreamPeer
// reads and writes the client's own transport (Connection()) on the
// script's thread while another thread may drive the client. Run with
// -race: the transport serialises the two, so nothing races; the bytes
// each side gets are the script's problem, not a crash.
func TestTransportSharedWithAnotherGoroutine(t *testing.T) {
	body := strings.Repeat("shared ", 20000)
	ca := newTestCA(t, "shared transport CA")
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, body) })
	_, plainPort := httpServer(t, handler)
	_, tlsPort := tlsServer(t, ca.issue(t, loopbackLeaf), handler)
	tests := []struct {
		name string
		port int
		opts *TLSOptions
	}{
		{"tcp", plainPort, nil},
		{"tls", tlsPort, &TLSOptions{TrustedCAPEM: ca.pem}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t)
			stop := make(chan struct{})
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { // the client, as a script's thread drives it
				defer wg.Done()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					switch c.Status() {
					case StatusConnected:
						c.Request(MethodGet, "/", nil, nil)
					case StatusBody:
						c.ReadResponseBodyInto(make([]byte, 4096))
					case StatusResolving, StatusConnecting, StatusRequesting:
						c.Poll()
					default:
						c.ConnectToHost("localhost", tt.port, tt.opts)
					}
				}
			}()
			go func() { // a GoStreamPeer over the same connection, on another thread
				defer wg.Done()
				buf := make([]byte, 512)
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					if tr := c.Connection(); tr != nil {
						tr.Read(buf[:1+i%len(buf)], false)
						if i%50 == 0 {
							tr.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), false)
						}
						if p, ok := tr.(Poller); ok {
							p.Poll()
						}
					}
				}
			}()
			time.Sleep(300 * time.Millisecond)
			close(stop)
			wg.Wait()

			connect(t, c, "localhost", tt.port, tt.opts)
			r := do(t, c, MethodGet, "/", nil, nil)
			require.NoError(t, r.err)
			require.Equal(t, body, string(r.body))
		})
	}
}
