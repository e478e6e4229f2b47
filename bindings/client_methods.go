package bindings

// #include "gdx.h"
import "C"

import (
	"unsafe"
)

// GoHTTPClient's methods as ClassDB shows them: the names, argument names,
// types, defaults and return types of Godot's HTTPClient
// (extension_api.json, class HTTPClient), with enums of our class.

const className = "GoHTTPClient"

// enumTypeOwner names the class whose enums type the `method` argument and
// get_status()'s return. It is HTTPClient, not GoHTTPClient, so that typed
// GDScript written for HTTPClient compiles unchanged: with GoHTTPClient's
// own enum types, `var c := GoHTTPClient.new(); c.request(HTTPClient.METHOD_GET, ...)`,
// `var s: HTTPClient.Status = c.get_status()` and `func f() -> HTTPClient.Status:
// return c.get_status()` are parse errors ("Cannot pass a value of type
// HTTPClient.Method as GoHTTPClient.Method"). The price: typed code that
// names GoHTTPClient's enum types (`var s: GoHTTPClient.Status = c.get_status()`,
// `c.request(GoHTTPClient.METHOD_GET, ...)` on a typed c) does not compile;
// comparisons such as `c.get_status() == GoHTTPClient.STATUS_BODY` do.
// GoHTTPClient still has its own enums, constants equal to HTTPClient's.
const enumTypeOwner = "HTTPClient"

// Property usage and hints (@GlobalScope.PropertyUsageFlags, PropertyHint).
const (
	usageNone        = 0
	usageDefault     = 6
	usageClassIsEnum = 1 << 16
	hintRange        = 1
	hintResourceType = 17
)

// Argument metadata (GDExtensionClassMethodArgumentMetadata).
const (
	metaNone  = C.GDEXTENSION_METHOD_ARGUMENT_METADATA_NONE
	metaInt32 = C.GDEXTENSION_METHOD_ARGUMENT_METADATA_INT_IS_INT32
	metaInt64 = C.GDEXTENSION_METHOD_ARGUMENT_METADATA_INT_IS_INT64
)

// A value as ClassDB describes it: an argument, a return value or a property.
type valueInfo struct {
	name       string
	vtype      int32
	className  string
	hint       uint32
	hintString string
	usage      uint32
	meta       int32
}

func plain(name string, vtype int32) valueInfo {
	return valueInfo{name: name, vtype: vtype, usage: usageDefault}
}

func int32Value(name string) valueInfo {
	v := plain(name, typeInt)
	v.meta = metaInt32
	return v
}

// enumValue is an int typed as an enum: "GoHTTPClient.Status", or a global
// one such as "Error".
func enumValue(name, enum string) valueInfo {
	return valueInfo{name: name, vtype: typeInt, className: enum, usage: usageDefault | usageClassIsEnum}
}

func objectValue(name, class string) valueInfo {
	return valueInfo{name: name, vtype: typeObject, className: class, hint: hintResourceType, hintString: class, usage: usageDefault}
}

// defaultValue is an argument's default: an int, a String or a null Object.
type defaultValue struct {
	kind int32
	i    int64
	s    string
}

func defaultInt(i int64) defaultValue     { return defaultValue{kind: C.GDX_DEFAULT_INT, i: i} }
func defaultString(s string) defaultValue { return defaultValue{kind: C.GDX_DEFAULT_STRING, s: s} }
func defaultNull() defaultValue           { return defaultValue{kind: C.GDX_DEFAULT_NULL_OBJECT} }

type method struct {
	name     string
	isConst  bool
	isStatic bool // called without an instance: the handler gets a nil state
	args     []valueInfo
	defaults []defaultValue // for the last len(defaults) arguments
	ret      *valueInfo
	handler  func(s *clientState, c call)
}

func returns(v valueInfo) *valueInfo { return &v }

var (
	retError  = returns(enumValue("", "Error"))
	retBool   = returns(plain("", typeBool))
	retInt32  = returns(int32Value(""))
	methodArg = enumValue("method", enumTypeOwner+".Method")
)

// methods is indexed by the id the C side passes back to ghcMethodCall.
var methods = []method{
	{name: "connect_to_host", ret: retError, handler: connectToHost,
		args:     []valueInfo{plain("host", typeString), int32Value("port"), objectValue("tls_options", "TLSOptions")},
		defaults: []defaultValue{defaultInt(-1), defaultNull()}},
	{name: "set_connection", handler: setConnection,
		args: []valueInfo{objectValue("connection", "StreamPeer")}},
	{name: "get_connection", isConst: true, handler: getConnection,
		ret: returns(objectValue("", "StreamPeer"))},
	{name: "request_raw", ret: retError, handler: requestRaw,
		args: []valueInfo{methodArg, plain("url", typeString), plain("headers", typePackedStringArray), plain("body", typePackedByteArray)}},
	{name: "request", ret: retError, handler: request,
		args:     []valueInfo{methodArg, plain("url", typeString), plain("headers", typePackedStringArray), plain("body", typeString)},
		defaults: []defaultValue{defaultString("")}},
	{name: "close", handler: closeClient},
	{name: "has_response", isConst: true, ret: retBool, handler: hasResponse},
	{name: "is_response_chunked", isConst: true, ret: retBool, handler: isResponseChunked},
	{name: "get_response_code", isConst: true, ret: retInt32, handler: getResponseCode},
	{name: "get_response_headers", ret: returns(plain("", typePackedStringArray)), handler: getResponseHeaders},
	{name: "get_response_headers_as_dictionary", ret: returns(plain("", typeDictionary)), handler: getResponseHeadersAsDictionary},
	{name: "get_response_body_length", isConst: true, handler: getResponseBodyLength,
		ret: returns(valueInfo{vtype: typeInt, usage: usageDefault, meta: metaInt64})},
	{name: "read_response_body_chunk", ret: returns(plain("", typePackedByteArray)), handler: readResponseBodyChunk},
	{name: "set_read_chunk_size", handler: setReadChunkSize, args: []valueInfo{int32Value("bytes")}},
	{name: "get_read_chunk_size", isConst: true, ret: retInt32, handler: getReadChunkSize},
	{name: "set_blocking_mode", handler: setBlockingMode, args: []valueInfo{plain("enabled", typeBool)}},
	{name: "is_blocking_mode_enabled", isConst: true, ret: retBool, handler: isBlockingModeEnabled},
	{name: "get_status", isConst: true, ret: returns(enumValue("", enumTypeOwner+".Status")), handler: getStatus},
	{name: "poll", ret: retError, handler: poll},
	{name: "set_http_proxy", handler: setHTTPProxy, args: []valueInfo{plain("host", typeString), int32Value("port")}},
	{name: "set_https_proxy", handler: setHTTPSProxy, args: []valueInfo{plain("host", typeString), int32Value("port")}},
	{name: "query_string_from_dict", ret: returns(plain("", typeString)), handler: queryStringFromDict,
		args: []valueInfo{plain("fields", typeDictionary)}},
	// Not in HTTPClient: a diagnostic (runtime_stats.go).
	{name: "get_runtime_stats", isStatic: true, ret: returns(plain("", typeDictionary)), handler: getRuntimeStats},
}

// methodData keeps the C userdata of every registered method until the
// class is unregistered.
var methodData []unsafe.Pointer

// cStrings collects C copies of Go strings, freed together.
type cStrings []unsafe.Pointer

func (cs *cStrings) add(s string) *C.char {
	p := C.CString(s)
	*cs = append(*cs, unsafe.Pointer(p))
	return p
}

func (cs *cStrings) free() {
	for _, p := range *cs {
		C.free(p)
	}
	*cs = nil
}

func (cs *cStrings) desc(v valueInfo) C.gdx_arg_desc {
	return C.gdx_arg_desc{
		name:        cs.add(v.name),
		_type:       C.int32_t(v.vtype),
		class_name:  cs.add(v.className),
		hint:        C.uint32_t(v.hint),
		hint_string: cs.add(v.hintString),
		usage:       C.uint32_t(v.usage),
		meta:        C.int32_t(v.meta),
	}
}

func registerMethods() {
	var cs cStrings
	defer cs.free()
	cls := cs.add(className)
	for id, m := range methods {
		if len(m.args) > C.GDX_MAX_ARGS {
			panic("too many arguments for " + m.name)
		}
		var d C.gdx_method_desc
		d.id = C.int32_t(id)
		d.name = cs.add(m.name)
		d.flags = C.GDEXTENSION_METHOD_FLAG_NORMAL
		if m.isConst {
			d.flags |= C.GDEXTENSION_METHOD_FLAG_CONST
		}
		if m.isStatic {
			d.flags |= C.GDEXTENSION_METHOD_FLAG_STATIC
		}
		d.argc = C.int32_t(len(m.args))
		for i, a := range m.args {
			d.args[i] = cs.desc(a)
		}
		if m.ret != nil {
			d.has_ret = 1
			d.ret = cs.desc(*m.ret)
		}
		d.ndefaults = C.int32_t(len(m.defaults))
		first := len(m.args) - len(m.defaults)
		for i, def := range m.defaults {
			d.default_kind[first+i] = C.int32_t(def.kind)
			d.default_int[first+i] = C.int64_t(def.i)
			d.default_str[first+i] = cs.add(def.s)
		}
		methodData = append(methodData, C.gdx_register_method(cls, &d))
	}
}

func freeMethods() {
	for _, m := range methodData {
		C.gdx_method_free(m)
	}
	methodData = nil
}
