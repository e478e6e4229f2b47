// Package main holds only the entry symbol Godot calls to load the library.
package main

import "C"

import (
	"unsafe"

	"github.com/gohttpclient/gohttpclient/bindings"
)

//export GoHTTPClientInit
func GoHTTPClientInit(getProcAddress, library, initialization unsafe.Pointer) bool {
	return bindings.Init(getProcAddress, library, initialization)
}

func main() {}
