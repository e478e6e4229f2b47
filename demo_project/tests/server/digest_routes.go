package main

import (
	"crypto/sha256"
	"encoding/base64"
	"strconv"
)

// digestChunkSize is the size of each chunk of /digest?chunked=1.
const digestChunkSize = 64 << 10

// reprDigest is the Repr-Digest field value (RFC 9530) of body:
// "sha-256=:BASE64:".
func reprDigest(body []byte) string {
	sum := sha256.Sum256(body)
	return "sha-256=:" + base64.StdEncoding.EncodeToString(sum[:]) + ":"
}

// /digest?n=N[&chunked=1][&bad=1]: N pattern bytes (as /bytes) with a
// Repr-Digest header of their SHA-256, framed by Content-Length or, with
// chunked=1, in chunks of digestChunkSize. bad=1 sends the digest of
// other bytes, so a client checking digests must report a mismatch.
func digestBytes(ex *exchange) {
	n := intQuery(ex.req.Query, "n", 1<<20, maxBytes)
	body := pattern(n)
	digest := reprDigest(body)
	if ex.req.Query.Get("bad") == "1" {
		digest = reprDigest(append(pattern(n), 0))
	}
	h := []string{"Content-Type: application/octet-stream", "Repr-Digest: " + digest}
	if ex.req.Query.Get("chunked") != "1" {
		ex.respond(200, "OK", h, body)
		return
	}
	ex.respond(200, "OK", append(h, "Transfer-Encoding: chunked"), nil)
	if ex.req.Method == "HEAD" {
		return
	}
	for off := 0; off < n; off += digestChunkSize {
		end := min(off+digestChunkSize, n)
		ex.bw.WriteString(strconv.FormatInt(int64(end-off), 16) + "\r\n")
		ex.bw.Write(body[off:end])
		ex.bw.WriteString("\r\n")
	}
	ex.bw.WriteString("0\r\n\r\n")
}
