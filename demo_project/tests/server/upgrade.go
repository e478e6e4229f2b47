package main

import "time"

// upgradeEchoTimeout ends an /upgrade connection nobody writes to.
const upgradeEchoTimeout = 10 * time.Second

// /upgrade[?greeting=TEXT]: "101 Switching Protocols" with the greeting
// (default HELLO) right behind the head, in the same write, then an echo of
// whatever the client sends until it closes: a script that takes the
// connection over with get_connection() reads the greeting and its echo.
func upgradeEcho(ex *exchange) {
	greeting := ex.req.Query.Get("greeting")
	if greeting == "" {
		greeting = "HELLO"
	}
	ex.bw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n" + greeting)
	ex.closeAfter = true
	if ex.bw.Flush() != nil {
		return
	}
	buf := make([]byte, 4096)
	for {
		_ = ex.conn.SetReadDeadline(time.Now().Add(upgradeEchoTimeout))
		n, err := ex.conn.Read(buf)
		if n > 0 {
			if _, werr := ex.conn.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return // the client closed, or went quiet for upgradeEchoTimeout
		}
	}
}
