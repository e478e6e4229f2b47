package bindings

// #include "gdx.h"
import "C"

import (
	"unsafe"

	gdcore "github.com/godot-go/godot-go/pkg/core"
	"github.com/godot-go/godot-go/pkg/ffi"
	"github.com/godot-go/godot-go/pkg/log"
)

// godot-go logs its registration steps as warnings on stdout; users must
// not see them.
func init() { log.SetLevel(log.ErrorLevel) }

// Init is called by the extension's entry symbol.
func Init(getProcAddress, library, initialization unsafe.Pointer) bool {
	if C.gdx_load(getProcAddress, library) == 0 {
		return false
	}
	o := gdcore.NewInitObject(
		(ffi.GDExtensionInterfaceGetProcAddress)(getProcAddress),
		(ffi.GDExtensionClassLibraryPtr)(library),
		(*ffi.GDExtensionInitialization)(initialization),
	)
	o.RegisterSceneInitializer(registerTypes)
	o.RegisterSceneTerminator(unregisterTypes)
	registerEditorDocs(o, getProcAddress)
	return o.Init()
}

func registerTypes() {
	defer recoverAt("register")
	if C.gdx_load_classes() == 0 {
		printError("register", "an engine class or method the binding needs is missing; "+className+" is not available.")
		return
	}
	C.gdx_peer_register_class()
	registerClientClass()
}

func unregisterTypes() {
	defer recoverAt("unregister")
	unregisterClientClass()
	C.gdx_peer_unregister_class()
}
