package core

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSmoke(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "hello %s", r.URL.Path)
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	port, _ := strconv.Atoi(u.Port())
	c := NewClient()
	defer c.Close()
	seq := connect(t, c, "127.0.0.1", port, nil)
	require.Equal(t, []Status{StatusConnecting, StatusConnected}, seq)
	for i := 0; i < 3; i++ {
		r := do(t, c, MethodGet, "/x", nil, nil)
		require.NoError(t, r.err)
		require.Equal(t, 200, r.code)
		require.Equal(t, "hello /x", string(r.body))
		require.Equal(t, StatusConnected, r.status)
	}
}
