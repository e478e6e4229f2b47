package main

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

func TestDigestRouteSendsTheBodysSHA256(t *testing.T) {
	_, c := startForTest(t)
	base := fmt.Sprintf("http://127.0.0.1:%d", c.HTTPPort)
	for _, tc := range []struct {
		query   string
		size    int
		chunked bool
		match   bool
	}{
		{"n=0", 0, false, true},
		{"n=1000", 1000, false, true},
		{"n=200000&chunked=1", 200000, true, true},
		{"n=65536&chunked=1", 65536, true, true},
		{"n=5000&bad=1", 5000, false, false},
		{"n=5000&chunked=1&bad=1", 5000, true, false},
	} {
		resp, body := get(t, base+"/digest?"+tc.query)
		if resp.StatusCode != 200 || len(body) != tc.size {
			t.Errorf("%s: code %d, %d bytes; want 200, %d bytes", tc.query, resp.StatusCode, len(body), tc.size)
		}
		for i := range body {
			if body[i] != patternByte(i) {
				t.Errorf("%s: byte %d is %#x, want the pattern's %#x", tc.query, i, body[i], patternByte(i))
				break
			}
		}
		if chunked := len(resp.TransferEncoding) > 0; chunked != tc.chunked {
			t.Errorf("%s: chunked %v, want %v", tc.query, chunked, tc.chunked)
		}
		field := resp.Header.Get("Repr-Digest")
		encoded, ok := strings.CutPrefix(field, "sha-256=:")
		encoded, ok2 := strings.CutSuffix(encoded, ":")
		if !ok || !ok2 {
			t.Errorf("%s: Repr-Digest %q is not sha-256=:BASE64:", tc.query, field)
			continue
		}
		got, err := base64.StdEncoding.DecodeString(encoded)
		if err != nil {
			t.Errorf("%s: Repr-Digest %q: %v", tc.query, field, err)
			continue
		}
		sum := sha256.Sum256(body)
		if match := string(got) == string(sum[:]); match != tc.match {
			t.Errorf("%s: digest matches the body: %v, want %v", tc.query, match, tc.match)
		}
	}
}
