// Command pcklist prints the files of a Godot PCK file, one per line:
// "SIZE PATH". build.sh uses it to check what an export contains.
//
//	go run ./demo_project/tests/pcklist FILE.pck
package main

import (
	"fmt"
	"os"
)

// MaxPCKBytes bounds the file read (the directory is what we need, but a
// standalone PCK keeps it at the end, so the whole file is read).
const MaxPCKBytes = 1 << 30

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: pcklist FILE.pck")
		os.Exit(2)
	}
	if err := run(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "pcklist:", err)
		os.Exit(1)
	}
}

func run(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if st.Size() > MaxPCKBytes {
		return fmt.Errorf("%s is %d bytes, more than MaxPCKBytes (%d)", path, st.Size(), MaxPCKBytes)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	info, err := parsePCK(data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fmt.Printf("# PCK format %d, Godot %d.%d.%d, %d files\n", info.Version, info.Major, info.Minor, info.Patch, len(info.Files))
	for _, f := range info.Files {
		if f.Removal {
			fmt.Printf("- %s\n", f.Path)
			continue
		}
		fmt.Printf("%d %s\n", f.Size, f.Path)
	}
	return nil
}
