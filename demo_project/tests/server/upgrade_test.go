package main

import (
	"bufio"
	"fmt"
	"io"
	"testing"
	"time"
)

func TestUpgradeSendsTheGreetingThenEchoes(t *testing.T) {
	_, cfg := startForTest(t)
	for _, tc := range []struct{ query, greeting string }{{"", "HELLO"}, {"?greeting=hi", "hi"}} {
		c := dialTest(t, cfg.HTTPPort)
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /upgrade%s HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n", tc.query)
		br := bufio.NewReader(c)
		if head := readHead(t, br); len(head) == 0 || head[0] != "HTTP/1.1 101 Switching Protocols" {
			t.Fatalf("response head %q", head)
		}
		got := make([]byte, len(tc.greeting))
		if _, err := io.ReadFull(br, got); err != nil || string(got) != tc.greeting {
			t.Fatalf("greeting %q, %v; want %q", got, err, tc.greeting)
		}
		io.WriteString(c, "ping\n")
		echo := make([]byte, 5)
		if _, err := io.ReadFull(br, echo); err != nil || string(echo) != "ping\n" {
			t.Fatalf("echo %q, %v", echo, err)
		}
		c.Close()
	}
}
