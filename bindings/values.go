package bindings

// gdx.h includes the GDExtension interface header from the godot-go
// module's godot_headers/: build.sh puts that folder on CGO_CFLAGS.

// #cgo CFLAGS: -O2
// #include "gdx.h"
import "C"

import (
	"unsafe"
)

// Go forms of engine values. Each helper is one or two calls into C. The
// only one on a hot path is read_response_body_chunk's freshBytes /
// resizeBytes, which hand core the array's own memory.

// goString copies the engine String at p.
func goString(p unsafe.Pointer) string {
	var n C.int64_t
	c := C.gdx_string_to_cstr(p, &n)
	s := C.GoStringN(c, C.int(n))
	C.free(unsafe.Pointer(c))
	return s
}

// setString replaces the content of the constructed String at p.
func setString(p unsafe.Pointer, s string) {
	C.gdx_string_assign(p, (*C.char)(unsafe.Pointer(unsafe.StringData(s))), C.int64_t(len(s)))
}

// variantString is str(v) of the Variant at v.
func variantString(v unsafe.Pointer) string {
	var n C.int64_t
	c := C.gdx_variant_to_cstr(v, &n)
	s := C.GoStringN(c, C.int(n))
	C.free(unsafe.Pointer(c))
	return s
}

// goBytes copies the PackedByteArray at p.
func goBytes(p unsafe.Pointer) []byte {
	n := C.gdx_pba_size(p)
	if n == 0 {
		return []byte{}
	}
	return C.GoBytes(unsafe.Pointer(C.gdx_pba_data(p)), C.int(n))
}

// resizeBytes resizes the constructed PackedByteArray at p to n bytes and
// returns its memory (engine memory: valid until the array changes again).
func resizeBytes(p unsafe.Pointer, n int) []byte {
	data := C.gdx_pba_resize(p, C.int64_t(n))
	if data == nil {
		return []byte{}
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(data)), n)
}

// freshBytes replaces the constructed PackedByteArray at p with a new one
// of n bytes and returns its memory: nothing is copied, even when the old
// array was shared.
func freshBytes(p unsafe.Pointer, n int) []byte {
	data := C.gdx_pba_fresh(p, C.int64_t(n))
	if data == nil {
		return []byte{}
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(data)), n)
}

// goStrings copies the PackedStringArray at p.
func goStrings(p unsafe.Pointer) []string {
	block := unsafe.Pointer(C.gdx_psa_pack(p))
	defer C.free(block)
	count := *(*int64)(block)
	if count == 0 {
		return []string{}
	}
	lens := unsafe.Slice((*int64)(unsafe.Add(block, 8)), count)
	data := unsafe.Add(block, 8*(1+count))
	out := make([]string, count)
	for i, n := range lens {
		out[i] = C.GoStringN((*C.char)(data), C.int(n))
		data = unsafe.Add(data, n)
	}
	return out
}

// packStrings lays strings out as gdx_psa_unpack and gdx_dict_unpack read them.
func packStrings(ss []string) (lens []int64, data []byte) {
	lens = make([]int64, len(ss))
	total := 0
	for _, s := range ss {
		total += len(s)
	}
	data = make([]byte, 0, total+1)
	for i, s := range ss {
		lens[i] = int64(len(s))
		data = append(data, s...)
	}
	data = append(data, 0) // never empty, so &data[0] is valid
	return lens, data
}

// setStrings makes the constructed PackedStringArray at p hold ss.
func setStrings(p unsafe.Pointer, ss []string) {
	if len(ss) == 0 {
		C.gdx_psa_unpack(p, nil, 0, nil)
		return
	}
	lens, data := packStrings(ss)
	C.gdx_psa_unpack(p, (*C.int64_t)(unsafe.Pointer(&lens[0])), C.int64_t(len(ss)), (*C.char)(unsafe.Pointer(&data[0])))
}

// setStringPairs empties the constructed Dictionary at p and fills it with
// pairs: key, value, key, value...
func setStringPairs(p unsafe.Pointer, pairs []string) {
	if len(pairs) == 0 {
		C.gdx_dict_unpack(p, nil, 0, nil)
		return
	}
	lens, data := packStrings(pairs)
	C.gdx_dict_unpack(p, (*C.int64_t)(unsafe.Pointer(&lens[0])), C.int64_t(len(pairs)/2), (*C.char)(unsafe.Pointer(&data[0])))
}

// dictEach calls fn with every key and value Variant of the Dictionary at
// p, in the dictionary's order.
func dictEach(p unsafe.Pointer, fn func(key, value unsafe.Pointer)) {
	keys := (*C.gdx_slot)(C.calloc(1, C.sizeof_gdx_slot))
	defer C.free(unsafe.Pointer(keys))
	n := int64(C.gdx_dict_keys(p, unsafe.Pointer(keys)))
	defer C.gdx_array_free(unsafe.Pointer(keys))
	for i := int64(0); i < n; i++ {
		k := C.gdx_array_get(unsafe.Pointer(keys), C.int64_t(i))
		fn(unsafe.Pointer(k), unsafe.Pointer(C.gdx_dict_get(p, k)))
	}
}

// arrayEach calls fn with every element Variant of the Array held by the
// Variant at v.
func arrayEach(v unsafe.Pointer, fn func(elem unsafe.Pointer)) {
	a := C.gdx_variant_array(v)
	n := int64(C.gdx_array_size(a))
	for i := int64(0); i < n; i++ {
		fn(unsafe.Pointer(C.gdx_array_get(a, C.int64_t(i))))
	}
}

// Variant types used by the binding (GDExtensionVariantType).
const (
	typeNil               = C.GDEXTENSION_VARIANT_TYPE_NIL
	typeBool              = C.GDEXTENSION_VARIANT_TYPE_BOOL
	typeInt               = C.GDEXTENSION_VARIANT_TYPE_INT
	typeString            = C.GDEXTENSION_VARIANT_TYPE_STRING
	typeObject            = C.GDEXTENSION_VARIANT_TYPE_OBJECT
	typeDictionary        = C.GDEXTENSION_VARIANT_TYPE_DICTIONARY
	typeArray             = C.GDEXTENSION_VARIANT_TYPE_ARRAY
	typePackedByteArray   = C.GDEXTENSION_VARIANT_TYPE_PACKED_BYTE_ARRAY
	typePackedStringArray = C.GDEXTENSION_VARIANT_TYPE_PACKED_STRING_ARRAY
)

func variantType(v unsafe.Pointer) int {
	return int(C.gdx_variant_type(v))
}
