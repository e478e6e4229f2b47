package core

import (
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// upgradeServer answers the first request with "101 Switching Protocols"
// and, in the same write, the first bytes of the new protocol; then it
// echoes what it reads.
func upgradeServer(t *testing.T) *rawServer {
	return startRawServer(t, func(sc *serverConn) {
		if _, _, err := sc.readRequest(); err != nil {
			return
		}
		if sc.send("HTTP/1.1 101 Switching Protocols\r\nUpgrade: example\r\nConnection: Upgrade\r\n\r\nHELLO") != nil {
			return
		}
		_, _ = io.Copy(sc.Conn, sc.br)
	})
}

// upgraded connects a client to an upgradeServer and polls the request
// until its head is read.
func upgraded(t *testing.T) *Client {
	srv := upgradeServer(t)
	c := newClient(t)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", []string{"Upgrade: example", "Connection: Upgrade"}, nil))
	pollUntil(t, c, StatusRequesting)
	require.Equal(t, 101, c.ResponseCode())
	// The head and "HELLO" came in one write; wait until both are buffered.
	require.Eventually(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		return len(c.in.buffered()) == len("HELLO")
	}, testDeadline, time.Millisecond)
	return c
}

// readFull reads len(want) bytes from t, waiting for them.
func readFull(t *testing.T, tr Transport, n int) string {
	b := make([]byte, n)
	k := 0
	for k < n {
		m, err := tr.Read(b[k:], true)
		require.NoError(t, err)
		k += m
	}
	return string(b)
}

func TestTakeBuffered(t *testing.T) {
	c := upgraded(t)
	conn := c.Connection()
	require.Nil(t, c.TakeBuffered(nil), "no transport")
	require.Nil(t, c.TakeBuffered(&pipeTransport{}), "another transport")
	require.Equal(t, "HELLO", string(c.TakeBuffered(conn)))
	require.Nil(t, c.TakeBuffered(conn), "taken once")
	// The connection itself carries on: the server echoes.
	_, err := conn.Write([]byte("ping"), true)
	require.NoError(t, err)
	require.Equal(t, "ping", readFull(t, conn, 4))
}

func TestReleaseConnection(t *testing.T) {
	c := upgraded(t)
	conn, buffered := c.ReleaseConnection()
	require.NotNil(t, conn)
	require.Equal(t, "HELLO", string(buffered))
	require.Equal(t, StatusDisconnected, c.Status())
	require.Nil(t, c.Connection())
	c.Close() // must not close the released connection
	_, err := conn.Write([]byte("still open"), true)
	require.NoError(t, err)
	require.Equal(t, "still open", readFull(t, conn, 10))
	require.NoError(t, conn.Close())

	t.Run("no connection", func(t *testing.T) {
		c := newClient(t)
		conn, buffered := c.ReleaseConnection()
		require.Nil(t, conn)
		require.Nil(t, buffered)
	})
}

// Bytes buffered for a response being read stay with the client: taking
// them would break the body framing, which keeps positions in them.
func TestTakeBufferedLeavesABodyAlone(t *testing.T) {
	srv := startRawServer(t, func(sc *serverConn) {
		if _, _, err := sc.readRequest(); err != nil {
			return
		}
		_ = sc.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
		<-sc.done
	})
	c := newClient(t)
	c.SetReadChunkSize(256)
	connect(t, c, "127.0.0.1", srv.port, nil)
	require.NoError(t, c.Request(MethodGet, "/", nil, nil))
	pollUntil(t, c, StatusRequesting)
	require.Equal(t, StatusBody, c.Status())
	p := make([]byte, 2)
	var got []byte
	require.Eventually(t, func() bool {
		n, err := c.ReadResponseBodyInto(p)
		require.NoError(t, err)
		got = append(got, p[:n]...)
		return len(got) > 0
	}, testDeadline, time.Millisecond)
	require.Nil(t, c.TakeBuffered(c.Connection()), "taken while a body is read")
	rest := make([]byte, 16)
	for len(got) < 5 {
		n, err := c.ReadResponseBodyInto(rest)
		require.NoError(t, err)
		got = append(got, rest[:n]...)
	}
	require.Equal(t, "hello", string(got))
	require.Equal(t, StatusBody, c.Status(), "the chunked body has not ended")
}
