package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// engine runs an editor build of Godot. Its settings, data and caches
// (the editor's doc cache among them) live under home, not the user's:
// `--doctool` deletes the doc cache, and the editor's help behaves
// differently with and without one.
type engine struct {
	bin     string
	timeout time.Duration
	home    string
}

// env is the process environment with the folders Godot uses on Linux
// for settings, data and caches moved under e.home.
func (e engine) env() []string {
	return append(os.Environ(),
		"XDG_CONFIG_HOME="+filepath.Join(e.home, "config"),
		"XDG_DATA_HOME="+filepath.Join(e.home, "data"),
		"XDG_CACHE_HOME="+filepath.Join(e.home, "cache"))
}

// run runs the engine with args, no stdin, its output in logPath, killed
// after e.timeout. It returns the output.
func (e engine) run(logPath string, args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), e.timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, e.bin, args...)
	cmd.Stdin = nil
	cmd.Env = e.env()
	cmd.WaitDelay = 10 * time.Second
	out, err := cmd.CombinedOutput()
	if werr := os.WriteFile(logPath, out, 0o644); werr != nil && err == nil {
		err = werr
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return string(out), fmt.Errorf("%s %s: no exit after %v (log %s)", e.bin, strings.Join(args, " "), e.timeout, logPath)
	}
	if err != nil {
		return string(out), fmt.Errorf("%s %s: %v (log %s)", e.bin, strings.Join(args, " "), err, logPath)
	}
	return string(out), nil
}

// doctool runs `--doctool out --gdextension-docs` on project. The files
// of seed are written to out/doc_classes first: the engine merges their
// descriptions into the XML it generates from ClassDB, as the editor's
// help does with the XML the library loads. It returns the files the
// engine wrote there, by name.
func (e engine) doctool(project, out string, seed map[string][]byte) (map[string][]byte, error) {
	dir := filepath.Join(out, "doc_classes")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	for name, data := range seed {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return nil, err
		}
	}
	if _, err := e.run(out+".log", "--headless", "--path", project, "--doctool", out, "--gdextension-docs"); err != nil {
		return nil, err
	}
	return readXMLDir(dir)
}

// readXMLDir reads the *.xml files of dir, by name.
func readXMLDir(dir string) (map[string][]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(names))
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		files[filepath.Base(n)] = data
	}
	return files, nil
}
