package bindings

// #include "gdx.h"
import "C"

import (
	"sync"
	"unsafe"
)

// Full chunks of at least minPooledChunk and at most maxPooledChunk bytes
// are read into reused arrays; others into arrays of their own.
const (
	minPooledChunk = 16 << 10
	maxPooledChunk = 1 << 20
	// pooledArrays is how many arrays the pool keeps.
	pooledArrays = 2
)

// chunkPool holds the PackedByteArrays read_response_body_chunk reads full
// chunks into, reused from call to call (by every client) so that a
// download neither allocates nor has the engine zero a new array per chunk,
// and the few arrays in use stay in the CPU's cache. The arrays are taken
// in turn, oldest first: in a script's loop `var chunk =
// read_response_body_chunk()` the variable still holds the array of the
// last call while the next one is read, so the next call takes the other
// array. An array is written only once nobody else holds it: the engine's
// copy-on-write gives the pool a copy of its own otherwise, so a chunk a
// script keeps never changes behind it. A read takes an array out of the
// pool for its duration; reads on several threads at once each get one
// (new arrays when the pool is empty).
var chunkPool struct {
	mu   sync.Mutex
	free []unsafe.Pointer // constructed PackedByteArrays in C memory, oldest first
}

// takeChunkArray returns the oldest array of the pool, or a new one while
// the pool holds fewer than pooledArrays (the newest may be the one the
// script holds), made n bytes long and held by nobody else, with its
// writable memory.
func takeChunkArray(n int) (unsafe.Pointer, []byte) {
	var a unsafe.Pointer
	chunkPool.mu.Lock()
	if len(chunkPool.free) >= pooledArrays {
		a = chunkPool.free[0]
		chunkPool.free = append(chunkPool.free[:0], chunkPool.free[1:]...)
	}
	chunkPool.mu.Unlock()
	if a == nil {
		a = C.gdx_pba_new()
	}
	data := C.gdx_pba_exclusive(a, C.int64_t(n))
	if data == nil {
		return a, nil
	}
	return a, unsafe.Slice((*byte)(unsafe.Pointer(data)), n)
}

// putChunkArray gives an array back to the pool, as the newest; past
// pooledArrays the oldest is freed.
func putChunkArray(a unsafe.Pointer) {
	chunkPool.mu.Lock()
	chunkPool.free = append(chunkPool.free, a)
	var drop unsafe.Pointer
	if len(chunkPool.free) > pooledArrays {
		drop = chunkPool.free[0]
		chunkPool.free = append(chunkPool.free[:0], chunkPool.free[1:]...)
	}
	chunkPool.mu.Unlock()
	if drop != nil {
		C.gdx_pba_free(drop)
	}
}

// releaseChunkArrays frees the arrays in the pool (a script may still hold
// their data: it stays valid for it). It runs when a body ends, on close()
// and when a client is freed, so that no memory is kept while no download
// is under way.
func releaseChunkArrays() {
	chunkPool.mu.Lock()
	free := chunkPool.free
	chunkPool.free = nil
	chunkPool.mu.Unlock()
	for _, a := range free {
		C.gdx_pba_free(a)
	}
}
