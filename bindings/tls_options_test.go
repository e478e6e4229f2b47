package bindings

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testChain returns the DER of a real two-certificate chain: a root CA and
// an intermediate CA it signed.
func testChain(t *testing.T) (root, intermediate []byte) {
	t.Helper()
	now := time.Now()
	template := func(serial int64, name string) *x509.Certificate {
		return &x509.Certificate{
			SerialNumber:          big.NewInt(serial),
			Subject:               pkix.Name{CommonName: name},
			NotBefore:             now.Add(-time.Hour),
			NotAfter:              now.Add(time.Hour),
			KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
			BasicConstraintsValid: true,
			IsCA:                  true,
		}
	}
	rootKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	interKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	rootTmpl := template(1, "GoHTTPClient test root")
	root, err = x509.CreateCertificate(rand.Reader, rootTmpl, rootTmpl, &rootKey.PublicKey, rootKey)
	require.NoError(t, err)
	rootCert, err := x509.ParseCertificate(root)
	require.NoError(t, err)
	intermediate, err = x509.CreateCertificate(rand.Reader, template(2, "GoHTTPClient test intermediate"), rootCert, &interKey.PublicKey, rootKey)
	require.NoError(t, err)
	return root, intermediate
}

// exported joins certificates as the engine exports them: each one's PEM
// (ending in a line break) followed by sep.
func exported(sep string, ders ...[]byte) []byte {
	var out []byte
	for _, der := range ders {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})...)
		out = append(out, sep...)
	}
	return out
}

// pemDERs returns the DER of every PEM block in data.
func pemDERs(data []byte) [][]byte {
	var ders [][]byte
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			return ders
		}
		ders = append(ders, b.Bytes)
	}
}

func TestRepairSavedChain(t *testing.T) {
	root, inter := testChain(t)
	require.False(t, bytes.Equal(root, inter))
	const nul, replacement = "\x00", "\uFFFD"
	cases := []struct {
		name         string
		data         []byte
		wantDERs     [][]byte
		wantRepeated int
	}{
		{"one certificate", exported("", root), [][]byte{root}, 0},
		{"real chain, line breaks", exported("\n", root, inter), [][]byte{root, inter}, 0},
		{"real chain, NUL after each", exported(nul, root, inter), [][]byte{root, inter}, 0},
		{"real chain, U+FFFD after each", exported(replacement, root, inter), [][]byte{root, inter}, 0},
		{"real chain, NUL right after the END line",
			bytes.ReplaceAll(exported("", root, inter), []byte("-----\n-----BEGIN"), []byte("-----"+nul+"-----BEGIN")),
			[][]byte{root, inter}, 0},
		{"first certificate not repeated everywhere", exported(nul, root, inter, root), [][]byte{root, inter, root}, 0},
		{"first repeated twice, line breaks", exported("", root, root), [][]byte{root}, 2},
		{"first repeated twice, NUL after each", exported(nul, root, root), [][]byte{root}, 2},
		{"first repeated twice, U+FFFD after each", exported(replacement, root, root), [][]byte{root}, 2},
		{"first repeated three times, U+FFFD after each", exported(replacement, inter, inter, inter), [][]byte{inter}, 3},
		{"empty", nil, nil, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			chain, repeated := repairSavedChain(c.data)
			assert.Equal(t, c.wantRepeated, repeated)
			assert.Equal(t, c.wantDERs, pemDERs(chain))
			assert.NotContains(t, string(chain), nul)
			assert.NotContains(t, string(chain), replacement)
			if c.wantRepeated > 0 {
				assert.Equal(t, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.wantDERs[0]}), chain)
			}
		})
	}
}
