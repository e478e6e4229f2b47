package bindings

// #include "gdx.h"
import "C"

import (
	"embed"
	"path"
	"unsafe"

	gdcore "github.com/godot-go/godot-go/pkg/core"
)

// The class reference of the classes the library registers, one file per
// class in the engine's class-reference format (doc_classes/). The editor
// shows it in its help: F1, "Search Help", the inspector's tooltips.
//
//go:embed doc_classes/*.xml
var docClasses embed.FS

// docsDir is the folder of docClasses.
const docsDir = "doc_classes"

// getProcAddress is the engine's interface lookup, kept for the editor level.
var getProcAddress unsafe.Pointer

// registerEditorDocs has the class reference loaded at the EDITOR
// initialization level, which only editor builds reach (not exported
// games), after the classes are registered at the SCENE level.
func registerEditorDocs(o *gdcore.InitObject, get unsafe.Pointer) {
	getProcAddress = get
	o.RegisterEditorInitializer(loadEditorDocs)
}

func loadEditorDocs() {
	defer recoverAt("load class reference")
	files, err := docClasses.ReadDir(docsDir)
	if err != nil {
		printError("load class reference", "cannot list the embedded "+docsDir+": "+err.Error())
		return
	}
	for _, f := range files {
		xml, err := docClasses.ReadFile(path.Join(docsDir, f.Name()))
		if err != nil || len(xml) == 0 {
			printError("load class reference", "cannot read the embedded "+f.Name())
			continue
		}
		// The engine parses and copies the bytes before returning.
		if C.gdx_docs_load(getProcAddress, (*C.char)(unsafe.Pointer(&xml[0])), C.int64_t(len(xml))) == 0 {
			printError("load class reference", "the engine has no editor_help_load_xml_from_utf8_chars_and_len; the class reference is not shown")
			return
		}
	}
}
