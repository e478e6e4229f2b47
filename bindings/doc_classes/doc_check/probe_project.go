package main

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// The editor plugin that prints help pages (probe/plugin.gd).
//
//go:embed probe/plugin.cfg probe/plugin.gd
var probeFiles embed.FS

const (
	probeDir     = "addons/doc_probe"
	probeSection = "[editor_plugins]"
	probeEnabled = `enabled=PackedStringArray("res://addons/doc_probe/plugin.cfg")`
	beginMarker  = "== DOC PROBE BEGIN "
	endMarker    = "== DOC PROBE END "
	doneMarker   = "== DOC PROBE DONE"
)

// makeProbeProject copies the project at src to dst (without its .godot
// folder, except the list of extensions to load) and adds the probe
// plugin, enabled. The copy is what the engine runs use, so the project
// itself is left as it is.
func makeProbeProject(src, dst string) error {
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if d.IsDir() {
			if rel == ".godot" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		return copyFile(path, filepath.Join(dst, rel))
	})
	if err != nil {
		return fmt.Errorf("copying the project %s: %w", src, err)
	}
	list := filepath.Join(src, ".godot", "extension_list.cfg")
	if _, err := os.Stat(list); err == nil {
		if err := os.MkdirAll(filepath.Join(dst, ".godot"), 0o755); err != nil {
			return err
		}
		if err := copyFile(list, filepath.Join(dst, ".godot", "extension_list.cfg")); err != nil {
			return err
		}
	}
	for _, name := range []string{"plugin.cfg", "plugin.gd"} {
		data, err := probeFiles.ReadFile("probe/" + name)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, probeDir), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, probeDir, name), data, 0o644); err != nil {
			return err
		}
	}
	settings := filepath.Join(dst, "project.godot")
	data, err := os.ReadFile(settings)
	if err != nil {
		return err
	}
	if bytes.Contains(data, []byte(probeSection)) {
		return fmt.Errorf("%s already has an %s section; the probe cannot add its plugin", settings, probeSection)
	}
	data = append(data, "\n"+probeSection+"\n\n"+probeEnabled+"\n"...)
	return os.WriteFile(settings, data, 0o644)
}

func copyFile(from, to string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	info, err := os.Stat(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, data, info.Mode().Perm())
}

// probeHelp runs the editor on the probe project and returns the text of
// the help page of each class, by class name.
func (e engine) probeHelp(project, logPath string, classes []string) (map[string]string, error) {
	out, err := e.run(logPath, "--headless", "--editor", "--path", project,
		"--", "--doc-probe="+strings.Join(classes, ","))
	if err != nil {
		return nil, err
	}
	if !strings.Contains(out, doneMarker) {
		return nil, fmt.Errorf("the editor exited without the probe's %q line (log %s)", doneMarker, logPath)
	}
	pages := map[string]string{}
	for _, cls := range classes {
		begin := strings.Index(out, beginMarker+cls+"\n")
		end := strings.Index(out, endMarker+cls+"\n")
		if begin < 0 || end < begin {
			return nil, fmt.Errorf("no help page printed for %s (log %s)", cls, logPath)
		}
		pages[cls] = out[begin+len(beginMarker+cls+"\n") : end]
	}
	return pages, nil
}
