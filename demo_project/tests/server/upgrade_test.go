package main

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"testing"
	"time"
)

func TestUpgradeSendsTheGreetingThenEchoes(t *testing.T) {
	_, cfg := startForTest(t)
	for _, tc := range []struct{ query, greeting string }{{"", "HELLO"}, {"?greeting=hi", "hi"}} {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", cfg.HTTPPort))
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /upgrade%s HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n", tc.query)
		br := bufio.NewReader(c)
		status, _ := br.ReadString('\n')
		if status != "HTTP/1.1 101 Switching Protocols\r\n" {
			t.Fatalf("status line %q", status)
		}
		for {
			line, err := br.ReadString('\n')
			if err != nil {
				t.Fatal(err)
			}
			if line == "\r\n" {
				break
			}
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
