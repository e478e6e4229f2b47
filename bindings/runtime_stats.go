package bindings

// #include "gdx.h"
import "C"

import (
	"bytes"
	"os"
	"runtime"
	"strconv"
	"sync/atomic"
	"unsafe"
)

// liveClients counts the GoHTTPClient instances made and not yet freed
// (ghcClientNew, ghcClientFree).
var liveClients atomic.Int64

// runtimeStats is what get_runtime_stats() returns, in this order.
type runtimeStats struct {
	goHeapBytes int64 // live Go heap after a collection (MemStats.HeapAlloc)
	goSysBytes  int64 // memory the Go runtime holds from the system (MemStats.Sys)
	goroutines  int64 // runtime.NumGoroutine()
	liveClients int64
	rssBytes    int64 // resident set size of the process; -1 when unknown
}

// readRuntimeStats runs a garbage collection, then reads the Go runtime's
// figures and the process's resident size.
func readRuntimeStats() runtimeStats {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return runtimeStats{
		goHeapBytes: int64(m.HeapAlloc),
		goSysBytes:  int64(m.Sys),
		goroutines:  int64(runtime.NumGoroutine()),
		liveClients: liveClients.Load(),
		rssBytes:    residentBytes(),
	}
}

// statmPath holds the process's memory use in pages (Linux): size,
// resident, shared, ...
const statmPath = "/proc/self/statm"

// residentBytes is the process's resident set size from statmPath, -1
// where there is no such file or it cannot be read.
func residentBytes() int64 {
	data, err := os.ReadFile(statmPath)
	if err != nil {
		return -1
	}
	fields := bytes.Fields(data)
	if len(fields) < 2 {
		return -1
	}
	pages, err := strconv.ParseInt(string(fields[1]), 10, 64)
	if err != nil || pages < 0 {
		return -1
	}
	return pages * int64(os.Getpagesize())
}

// getRuntimeStats is GoHTTPClient.get_runtime_stats(), a static method
// with no arguments that returns a Dictionary describing the library's
// use of memory and goroutines, for leak and soak tests:
//
//   - "go_heap_bytes": bytes of live Go heap objects. The method runs a
//     full garbage collection first (runtime.GC), so the figure is what
//     is still referenced; the call takes about a millisecond or more.
//   - "go_sys_bytes": bytes of memory the Go runtime has obtained from the
//     system (heap, stacks and runtime structures), freed or not.
//   - "goroutines": runtime.NumGoroutine(): the library's own
//     (connection attempts, name lookups), plus one for each engine thread
//     that has called into the library and is still running (cgo keeps a
//     goroutine bound to such a thread; the calling thread is one).
//   - "live_clients": GoHTTPClient instances created and not yet freed.
//   - "rss_bytes": resident set size of the whole process, engine
//     included, from /proc/self/statm on Linux; -1 elsewhere.
//
// It is a diagnostic: GoHTTPClient has it and HTTPClient does not.
func getRuntimeStats(_ *clientState, c call) {
	st := readRuntimeStats()
	C.gdx_dict_unpack(c.ret, nil, 0, nil) // empty it
	for _, kv := range []struct {
		key   string
		value int64
	}{
		{"go_heap_bytes", st.goHeapBytes},
		{"go_sys_bytes", st.goSysBytes},
		{"goroutines", st.goroutines},
		{"live_clients", st.liveClients},
		{"rss_bytes", st.rssBytes},
	} {
		C.gdx_dict_set_int(c.ret, (*C.char)(unsafe.Pointer(unsafe.StringData(kv.key))), C.int64_t(len(kv.key)), C.int64_t(kv.value))
	}
}
