extends RefCounted
## Checks benchmark bodies against the test server's stream pattern
## (tests/server/bench_routes.go: byte i of a body is p(i % PERIOD), where
## p(j) = (j*31 + j/256) & 0xff is the pattern of tests/server/routes.go).
## PERIOD is a prime, so a stale or repeated chunk never matches.
## Two strengths: full (every byte, compared with a slice of the pattern)
## and sampled (three bytes of each chunk, at offsets that depend on where
## the chunk sits in the body: cheap enough for a timed loop, and a stream
## of zeros, a repeated chunk or a shifted body fails it). The byte count is
## always checked by the caller.

## The stream pattern repeats every PERIOD bytes.
const PERIOD := 65521
## The longest chunk a full check takes (read_chunk_size of the benchmark).
const MAX_CHUNK := 65536

static var _pattern := PackedByteArray()


static func byte_at(i: int) -> int:
	var j := i % PERIOD
	return (j * 31 + (j >> 8)) & 0xff


## The pattern bytes from body offset off, n <= MAX_CHUNK of them.
static func expected(off: int, n: int) -> PackedByteArray:
	if _pattern.is_empty():
		_pattern.resize(PERIOD + MAX_CHUNK)
		for i in _pattern.size():
			_pattern[i] = byte_at(i)
	var start := off % PERIOD
	return _pattern.slice(start, start + n)


## True when chunk is the pattern from body offset off.
static func ok(chunk: PackedByteArray, off: int, full: bool) -> bool:
	var n := chunk.size()
	if full:
		return n <= MAX_CHUNK and chunk == expected(off, n)
	var mid := n >> 1
	return chunk[0] == byte_at(off) and chunk[mid] == byte_at(off + mid) and chunk[n - 1] == byte_at(off + n - 1)


## What is wrong with a chunk ok() refused, for the failure message.
static func describe(chunk: PackedByteArray, off: int) -> String:
	for j in chunk.size():
		if chunk[j] != byte_at(off + j):
			return "body byte %d is %d, want %d (chunk of %d bytes at offset %d)" % [
					off + j, chunk[j], byte_at(off + j), chunk.size(), off]
	return "chunk of %d bytes at offset %d: longer than %d bytes" % [chunk.size(), off, MAX_CHUNK]
