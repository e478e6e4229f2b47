package main

import (
	"encoding/binary"
	"fmt"
	"strings"
)

// The PCK format (Godot 4, format versions 2 and 3): a header, then a
// directory of files. Version 3 (Godot 4.5 and later) stores the directory at
// an offset the header gives; version 2 right after the header.
//
//	magic "GDPC", version, engine major, minor, patch (u32 each)
//	flags (u32), file base (u64), [v3: directory offset (u64)], 16 reserved u32
//	directory: file count (u32), then per file: path length (u32), path
//	(padded with NULs to the length), offset (u64), size (u64), md5 (16 bytes),
//	flags (u32)
const (
	pckMagic        = 0x43504447 // "GDPC", little endian
	pckDirEncrypted = 1 << 0
	pckFileRemoval  = 1 << 1

	// MaxPCKFiles bounds the directory's file count.
	MaxPCKFiles = 1 << 20
	// MaxPCKPathBytes bounds one path's stored length.
	MaxPCKPathBytes = 4096
)

// pckFile is one directory entry.
type pckFile struct {
	Path    string
	Size    uint64
	Removal bool
}

// pckInfo is what a PCK's header and directory say.
type pckInfo struct {
	Version             uint32
	Major, Minor, Patch uint32
	Files               []pckFile
}

// pckReader reads little-endian values from data, failing past its end.
type pckReader struct {
	data []byte
	pos  int
	err  error
}

func (r *pckReader) take(n int, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.data)-r.pos {
		r.err = fmt.Errorf("pck: %s at offset %d: needs %d bytes, %d left", what, r.pos, n, len(r.data)-r.pos)
		return nil
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b
}

func (r *pckReader) u32(what string) uint32 {
	if b := r.take(4, what); b != nil {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}

func (r *pckReader) u64(what string) uint64 {
	if b := r.take(8, what); b != nil {
		return binary.LittleEndian.Uint64(b)
	}
	return 0
}

// parsePCK reads the header and directory of a standalone PCK file (not
// one embedded in an executable). It does no I/O.
func parsePCK(data []byte) (*pckInfo, error) {
	r := &pckReader{data: data}
	if m := r.u32("magic"); r.err == nil && m != pckMagic {
		return nil, fmt.Errorf("pck: magic is %#08x, want %#08x (\"GDPC\")", m, pckMagic)
	}
	info := &pckInfo{Version: r.u32("format version")}
	info.Major, info.Minor, info.Patch = r.u32("major"), r.u32("minor"), r.u32("patch")
	if r.err == nil && info.Version != 2 && info.Version != 3 {
		return nil, fmt.Errorf("pck: format version %d is not supported (2 or 3)", info.Version)
	}
	flags := r.u32("flags")
	r.u64("file base")
	var dirOffset uint64
	if info.Version == 3 {
		dirOffset = r.u64("directory offset")
	}
	r.take(16*4, "reserved words")
	if r.err != nil {
		return nil, r.err
	}
	if flags&pckDirEncrypted != 0 {
		return nil, fmt.Errorf("pck: the directory is encrypted (flags %#x)", flags)
	}
	if info.Version == 3 {
		if dirOffset > uint64(len(data)) {
			return nil, fmt.Errorf("pck: directory offset %d is past the end (%d bytes)", dirOffset, len(data))
		}
		r.pos = int(dirOffset)
	}
	count := r.u32("file count")
	if r.err != nil {
		return nil, r.err
	}
	if count > MaxPCKFiles {
		return nil, fmt.Errorf("pck: %d files, more than MaxPCKFiles (%d)", count, MaxPCKFiles)
	}
	for i := uint32(0); i < count; i++ {
		n := r.u32("path length")
		if r.err == nil && n > MaxPCKPathBytes {
			return nil, fmt.Errorf("pck: file %d: path of %d bytes, more than MaxPCKPathBytes (%d)", i, n, MaxPCKPathBytes)
		}
		path := r.take(int(n), "path")
		r.u64("file offset")
		size := r.u64("file size")
		r.take(16, "md5")
		fflags := r.u32("file flags")
		if r.err != nil {
			return nil, fmt.Errorf("file %d of %d: %w", i, count, r.err)
		}
		p := strings.TrimRight(string(path), "\x00")
		if !strings.HasPrefix(p, "res://") {
			p = "res://" + p
		}
		info.Files = append(info.Files, pckFile{Path: p, Size: size, Removal: fflags&pckFileRemoval != 0})
	}
	return info, nil
}
