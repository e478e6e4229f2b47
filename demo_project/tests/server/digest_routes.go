package main

import (
	"crypto/sha256"
	"encoding/base64"
)

// digestChunkSize is the size of each chunk of /digest?chunked=1.
const digestChunkSize = 64 << 10

// reprDigest is the Repr-Digest field value (RFC 9530) of the parts one
// after the other: "sha-256=:BASE64:".
func reprDigest(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		h.Write(p)
	}
	return "sha-256=:" + base64.StdEncoding.EncodeToString(h.Sum(nil)) + ":"
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
		digest = reprDigest(body, []byte{0}) // the body and one byte more
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
		ex.writeChunk(body[off:min(off+digestChunkSize, n)], false, "")
	}
	ex.writeLastChunk("")
}
