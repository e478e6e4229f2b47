package bindings

// #include "gdx.h"
import "C"

import (
	"unsafe"
)

// call is one method call as the C side hands it over: each argument a
// pointer to a value of its declared type, ret a pointer to the constructed
// return value (for an Object return: a Ref under ptrcall, else a Variant).
type call struct {
	args    *unsafe.Pointer
	ret     unsafe.Pointer
	ptrcall bool
}

func (c call) arg(i int) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(c.args), uintptr(i)*unsafe.Sizeof(uintptr(0))))
}

func (c call) int(i int) int64                 { return *(*int64)(c.arg(i)) }
func (c call) bool(i int) bool                 { return *(*bool)(c.arg(i)) }
func (c call) string(i int) string             { return goString(c.arg(i)) }
func (c call) object(i int) unsafe.Pointer     { return *(*unsafe.Pointer)(c.arg(i)) }
func (c call) returnInt(v int64)               { *(*int64)(c.ret) = v }
func (c call) returnBool(v bool)               { *(*bool)(c.ret) = v }
func (c call) returnObject(obj unsafe.Pointer) { C.gdx_ret_object(c.ret, boolInt(c.ptrcall), obj) }

func boolInt(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// ghcMethodCall is the one Go function a GoHTTPClient method call reaches.
//
//export ghcMethodCall
func ghcMethodCall(id C.int32_t, instance C.uintptr_t, args *unsafe.Pointer, ret unsafe.Pointer, ptrcall C.int32_t) {
	if id < 0 || int(id) >= len(methods) {
		return
	}
	m := &methods[id]
	defer recoverAt(m.name)
	var s *clientState
	if !m.isStatic {
		s = clientOf(instance)
	}
	m.handler(s, call{args: args, ret: ret, ptrcall: ptrcall != 0})
}
