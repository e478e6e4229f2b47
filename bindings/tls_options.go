package bindings

// #include "gdx.h"
import "C"

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"strconv"
	"sync"
	"unsafe"

	"github.com/gohttpclient/gohttpclient/core"
)

// tlsOptionsFrom reads a Godot TLSOptions: is_server(), is_unsafe_client(),
// get_common_name_override() and get_trusted_ca_chain() as PEM.
func tlsOptionsFrom(method string, obj unsafe.Pointer) *core.TLSOptions {
	var server, unsafeClient, fromFile C.int
	var cn, chain *C.char
	var cnLen, chainLen C.int64_t
	C.gdx_tls_read(obj, &server, &unsafeClient, &cn, &cnLen, &chain, &chainLen, &fromFile)
	opts := &core.TLSOptions{Server: server != 0, Unsafe: unsafeClient != 0}
	if cn != nil {
		opts.CommonName = C.GoStringN(cn, C.int(cnLen))
		C.free(unsafe.Pointer(cn))
	}
	if chain != nil {
		opts.TrustedCAPEM = C.GoBytes(unsafe.Pointer(chain), C.int(chainLen))
		C.free(unsafe.Pointer(chain))
		if fromFile == 0 {
			opts.TrustedCAPEM = checkSavedChain(method, opts.TrustedCAPEM)
		}
	}
	return opts
}

// checkSavedChain looks at a chain the engine exported (X509Certificate
// save() / save_to_string()) and, when the engine repeated its first
// certificate, tells the script that only that one is trusted and how to
// avoid it.
func checkSavedChain(method string, data []byte) []byte {
	chain, repeated := repairSavedChain(data)
	if repeated > 0 {
		printError(method, fmt.Sprintf("the TLSOptions' trusted chain holds %d certificates, but Godot exports "+
			"an X509Certificate as its first certificate %d times, so only that one is trusted. "+
			"Load the chain as a resource (load(\"res://....crt\")) so that its file can be read instead.",
			repeated, repeated))
	}
	return chain
}

// repairSavedChain returns the PEM to trust from a chain the engine
// exported, which repeats the chain's first certificate in place of each of
// the others. When it did (two or more certificates, all the same), only
// that first certificate is returned, with the number of certificates the
// export held as repeated; else the chain is returned whole and repeated
// is 0.
func repairSavedChain(data []byte) (chain []byte, repeated int) {
	// Each certificate ends with a NUL, which the engine turns into U+FFFD:
	// a line break keeps the next one readable as PEM.
	data = bytes.ReplaceAll(data, []byte("\uFFFD"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte{0}, []byte("\n"))
	var blocks []*pem.Block
	for rest := data; ; {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil {
			break
		}
		blocks = append(blocks, b)
	}
	if len(blocks) < 2 {
		return data, 0
	}
	for _, b := range blocks[1:] {
		if !bytes.Equal(b.Bytes, blocks[0].Bytes) {
			return data, 0
		}
	}
	return pem.EncodeToMemory(blocks[0]), len(blocks)
}

// The project's certificate bundle, read once: the file named by the project
// setting network/tls/certificate_bundle_override (res:// allowed), used
// where TLSOptions carry no chain. nil: the system's roots.
var caBundle struct {
	once sync.Once
	pem  []byte
}

func defaultCAPEM() []byte {
	caBundle.once.Do(func() {
		var n C.int64_t
		var missing C.int
		var path *C.char
		data := C.gdx_ca_bundle_override(&n, &missing, &path)
		if data != nil {
			caBundle.pem = C.GoBytes(unsafe.Pointer(data), C.int(n))
			C.free(unsafe.Pointer(data))
		}
		if missing != 0 {
			printError("new", "network/tls/certificate_bundle_override names "+
				strconv.Quote(C.GoString(path))+", which cannot be read or is empty; using the system's certificates.")
			C.free(unsafe.Pointer(path))
		}
	})
	return caBundle.pem
}
