package bindings

import (
	"unsafe"

	"github.com/godot-go/godot-go/pkg/core"
	"github.com/godot-go/godot-go/pkg/ffi"
	"github.com/godot-go/godot-go/pkg/log"
)

func init() { log.SetLevel(log.ErrorLevel) }

// Init is called by the extension's entry symbol.
func Init(getProcAddress, library, initialization unsafe.Pointer) bool {
	o := core.NewInitObject(
		(ffi.GDExtensionInterfaceGetProcAddress)(getProcAddress),
		(ffi.GDExtensionClassLibraryPtr)(library),
		(*ffi.GDExtensionInitialization)(initialization),
	)
	return o.Init()
}
