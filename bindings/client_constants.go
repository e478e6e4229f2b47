package bindings

// #include "gdx.h"
import "C"

import (
	"github.com/gohttpclient/gohttpclient/core"
)

// GoHTTPClient's enums and properties, named and valued as HTTPClient's:
// GoHTTPClient.STATUS_BODY == HTTPClient.STATUS_BODY.

type constant struct {
	enum, name string
	value      int64
}

func clientConstants() []constant {
	var out []constant
	for m := core.MethodGet; m < core.MethodMax; m++ {
		out = append(out, constant{"Method", "METHOD_" + m.String(), int64(m)})
	}
	out = append(out, constant{"Method", "METHOD_MAX", int64(core.MethodMax)})
	for s := core.StatusDisconnected; s <= core.StatusTLSHandshakeError; s++ {
		out = append(out, constant{"Status", s.String(), int64(s)})
	}
	for _, rc := range core.ResponseCodes {
		out = append(out, constant{"ResponseCode", rc.Name, int64(rc.Value)})
	}
	return out
}

func registerConstants() {
	var cs cStrings
	defer cs.free()
	cls := cs.add(className)
	for _, c := range clientConstants() {
		C.gdx_register_constant(cls, cs.add(c.enum), cs.add(c.name), C.int64_t(c.value))
	}
}

type property struct {
	info           valueInfo
	setter, getter string
}

var properties = []property{
	{plain("blocking_mode_enabled", typeBool), "set_blocking_mode", "is_blocking_mode_enabled"},
	{valueInfo{name: "connection", vtype: typeObject, className: "StreamPeer", hint: hintResourceType,
		hintString: "StreamPeer", usage: usageNone}, "set_connection", "get_connection"},
	{valueInfo{name: "read_chunk_size", vtype: typeInt, hint: hintRange, hintString: "256,16777216",
		usage: usageDefault}, "set_read_chunk_size", "get_read_chunk_size"},
}

func registerProperties() {
	var cs cStrings
	defer cs.free()
	cls := cs.add(className)
	for _, p := range properties {
		d := cs.desc(p.info)
		C.gdx_register_property(cls, &d, cs.add(p.setter), cs.add(p.getter))
	}
}
