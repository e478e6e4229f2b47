package main

import (
	"encoding/binary"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pckFixture writes a PCK of format version (2 or 3) holding files, as
// Godot's exporter lays it out (paths padded to 4 bytes).
func pckFixture(version uint32, flags uint32, files map[string]int) []byte {
	le := binary.LittleEndian
	var b []byte
	b = le.AppendUint32(b, pckMagic)
	b = le.AppendUint32(b, version)
	b = le.AppendUint32(b, 4)
	b = le.AppendUint32(b, 6)
	b = le.AppendUint32(b, 0)
	b = le.AppendUint32(b, flags)
	b = le.AppendUint64(b, 0) // file base
	dirAt := len(b)
	if version == 3 {
		b = le.AppendUint64(b, 0) // directory offset, set below
	}
	b = append(b, make([]byte, 64)...)
	if version == 3 {
		b = append(b, "file data"...)
		le.PutUint64(b[dirAt:], uint64(len(b)))
	}
	b = le.AppendUint32(b, uint32(len(files)))
	for path, size := range files {
		p := []byte(strings.TrimPrefix(path, "res://"))
		for len(p)%4 != 0 {
			p = append(p, 0)
		}
		b = le.AppendUint32(b, uint32(len(p)))
		b = append(b, p...)
		b = le.AppendUint64(b, 0)
		b = le.AppendUint64(b, uint64(size))
		b = append(b, make([]byte, 16)...)
		b = le.AppendUint32(b, 0)
	}
	return b
}

func TestParsePCK(t *testing.T) {
	files := map[string]int{"res://project.binary": 387, "res://addons/httpclient/httpclient.gdextension": 683}
	for _, version := range []uint32{2, 3} {
		info, err := parsePCK(pckFixture(version, 0, files))
		require.NoError(t, err)
		require.Equal(t, version, info.Version)
		got := map[string]int{}
		for _, f := range info.Files {
			got[f.Path] = int(f.Size)
		}
		require.Equal(t, files, got)
	}
}

func TestParsePCKRejects(t *testing.T) {
	good := pckFixture(3, 0, map[string]int{"res://a.txt": 1})
	le := binary.LittleEndian
	// The one entry ("a.txt", padded to 8 bytes) is the last 48 bytes; the
	// file count is the 4 bytes before it.
	with := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), good...)) }
	tests := []struct {
		name string
		data []byte
		want string
	}{
		{"empty", nil, "magic at offset 0: needs 4 bytes"},
		{"bad magic", with(func(b []byte) []byte { b[0] = 'X'; return b }), "magic is"},
		{"version 9", with(func(b []byte) []byte { le.PutUint32(b[4:], 9); return b }), "format version 9 is not supported"},
		{"truncated header", good[:40], "reserved words"},
		{"encrypted directory", pckFixture(3, pckDirEncrypted, nil), "directory is encrypted"},
		{"directory past the end", with(func(b []byte) []byte { le.PutUint64(b[32:], 1<<40); return b }), "directory offset 1099511627776 is past the end"},
		{"too many files", with(func(b []byte) []byte { le.PutUint32(b[len(b)-52:], MaxPCKFiles+1); return b }), "more than MaxPCKFiles"},
		{"path too long", with(func(b []byte) []byte { le.PutUint32(b[len(b)-48:], MaxPCKPathBytes+1); return b }), "more than MaxPCKPathBytes"},
		{"truncated entry", good[:len(good)-3], "file 0 of 1: pck: file flags"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parsePCK(tc.data)
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
}

func FuzzParsePCK(f *testing.F) {
	f.Add(pckFixture(3, 0, map[string]int{"res://a.txt": 1, "res://b/c.gd": 20}))
	f.Add(pckFixture(2, 0, map[string]int{"res://x": 5}))
	f.Fuzz(func(t *testing.T, data []byte) {
		info, err := parsePCK(data)
		if err != nil {
			return
		}
		if len(info.Files) > MaxPCKFiles {
			t.Fatalf("%d files", len(info.Files))
		}
		for _, file := range info.Files {
			if len(file.Path) > MaxPCKPathBytes+len("res://") {
				t.Fatalf("path of %d bytes", len(file.Path))
			}
		}
	})
}
