// Command doc_check checks the class reference the library embeds
// (bindings/doc_classes/*.xml) against an editor build of Godot:
//
//  1. descriptions: every class has a brief and a long description, and
//     every method, property, signal and constant a description;
//  2. ClassDB: the methods, properties, signals, constants and enums in
//     the XML (names, argument names and types, defaults, return types,
//     qualifiers, values) are exactly those `--doctool --gdextension-docs`
//     writes from what the library registers;
//  3. round trip: `--doctool` run on a folder holding the XML rewrites it
//     byte for byte (the engine reads every description and drops none);
//  4. editor help: an editor started on a copy of the project, whose only
//     source of these descriptions is the library, shows each of them on
//     the class's help page (what F1 opens). The editor is started twice:
//     the engine merges an extension's XML only when it reads its doc
//     cache, not on the start that builds that cache, so the first start
//     is reported (INFO) and the second judged.
//
// The engine runs use a copy of the project (with a probe plugin added)
// and their own settings and cache folders under a temporary folder, so
// neither the project nor the user's editor doc cache is touched.
//
// Usage (after ./build.sh build):
//
//	go run ./bindings/doc_classes/doc_check -editor "$GODOT_EDITOR"
//
// -update writes the round trip's output back into -docs: new members
// appear there with empty descriptions, to be written.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/gohttpclient/gohttpclient/bindings/doc_classes/classdoc"
)

// placeholder is what the editor's help shows for a missing description.
const placeholder = "There is currently no description"

// loaderError is the start of the library's message when it cannot give
// the editor its class reference (bindings/editor_docs.go).
const loaderError = "load class reference"

type checker struct {
	editor, project, docs string
	timeout               time.Duration
	tmp                   string
	eng                   engine
	failed                bool
}

func main() {
	c := &checker{}
	flag.StringVar(&c.editor, "editor", os.Getenv("GODOT_EDITOR"), "Godot editor binary (default $GODOT_EDITOR)")
	flag.StringVar(&c.project, "project", "demo_project", "Godot project whose addon holds the built library")
	flag.StringVar(&c.docs, "docs", "bindings/doc_classes", "folder of the class-reference XML")
	flag.DurationVar(&c.timeout, "timeout", 5*time.Minute, "time allowed to each engine run")
	keep := flag.Bool("keep", false, "keep the temporary folder (engine logs, doctool output)")
	update := flag.Bool("update", false, "write the doctool round trip's output into -docs")
	flag.Parse()
	if c.editor == "" {
		fmt.Fprintln(os.Stderr, "doc_check: no editor binary: pass -editor or set GODOT_EDITOR")
		os.Exit(2)
	}
	tmp, err := os.MkdirTemp("", "gohttpclient-docs-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "doc_check:", err)
		os.Exit(2)
	}
	c.tmp = tmp
	c.eng = engine{bin: c.editor, timeout: c.timeout, home: filepath.Join(tmp, "home")}
	c.run(*update)
	if c.failed || *keep {
		fmt.Println("logs kept in", tmp)
	} else {
		os.RemoveAll(tmp)
	}
	if c.failed {
		os.Exit(1)
	}
}

func (c *checker) report(name string, problems []string, summary string) {
	if len(problems) == 0 {
		fmt.Printf("PASS %s: %s\n", name, summary)
		return
	}
	c.failed = true
	fmt.Printf("FAIL %s:\n", name)
	for _, p := range problems {
		fmt.Println("  " + p)
	}
}

func (c *checker) run(update bool) {
	ours, err := readXMLDir(c.docs)
	if err == nil && len(ours) == 0 {
		err = fmt.Errorf("no *.xml in %s", c.docs)
	}
	if err != nil {
		c.report("class reference", []string{err.Error()}, "")
		return
	}
	classes := c.checkDescriptions(ours)
	if classes == nil {
		return
	}

	project := filepath.Join(c.tmp, "project")
	if err := makeProbeProject(c.project, project); err != nil {
		c.report("probe project", []string{err.Error()}, "")
		return
	}
	c.checkClassDB(project, classes)
	c.checkRoundTrip(project, ours, update)
	c.checkEditorHelp(project, classes)
}

// checkDescriptions parses the XML and checks every part is described; it
// returns the classes by name (nil when a file cannot be read).
func (c *checker) checkDescriptions(files map[string][]byte) map[string]*classdoc.Class {
	classes := map[string]*classdoc.Class{}
	var problems, summary []string
	for _, name := range sortedKeys(files) {
		cls, err := classdoc.Parse(files[name])
		if err != nil {
			c.report("class reference", []string{name + ": " + err.Error()}, "")
			return nil
		}
		if cls.Name+".xml" != name {
			problems = append(problems, fmt.Sprintf("%s holds the class %s", name, cls.Name))
		}
		for _, what := range cls.Undescribed() {
			problems = append(problems, fmt.Sprintf("%s: %s has no description", cls.Name, what))
		}
		classes[cls.Name] = cls
		summary = append(summary, fmt.Sprintf("%s (%d methods, %d properties, %d signals, %d constants)",
			cls.Name, len(cls.Methods), len(cls.Members), len(cls.Signals), len(cls.Constants)))
	}
	c.report("descriptions", problems, "every part described: "+strings.Join(summary, ", "))
	return classes
}

// checkClassDB compares the API of the XML with doctool's output from
// ClassDB alone.
func (c *checker) checkClassDB(project string, classes map[string]*classdoc.Class) {
	gen, err := c.eng.doctool(project, filepath.Join(c.tmp, "doctool-classdb"), nil)
	if err != nil {
		c.report("ClassDB", []string{err.Error()}, "")
		return
	}
	var problems []string
	entries := 0
	for _, name := range sortedKeys(gen) {
		g, err := classdoc.Parse(gen[name])
		if err != nil {
			problems = append(problems, "doctool's "+name+": "+err.Error())
			continue
		}
		ours, ok := classes[g.Name]
		if !ok {
			problems = append(problems, "the library registers "+g.Name+", which has no "+g.Name+".xml")
			continue
		}
		want := g.API(true)
		entries += len(want)
		for _, d := range classdoc.Diff(want, ours.API(true)) {
			problems = append(problems, g.Name+".xml: "+d)
		}
	}
	for name := range classes {
		if _, ok := gen[name+".xml"]; !ok {
			problems = append(problems, name+".xml documents a class the library does not register")
		}
	}
	c.report("ClassDB", problems, fmt.Sprintf("the XML declares exactly what doctool generates from ClassDB (%d classes, %d declarations)", len(gen), entries))
}

// checkRoundTrip has doctool merge the XML into its own output and
// compares the result with the XML.
func (c *checker) checkRoundTrip(project string, ours map[string][]byte, update bool) {
	out, err := c.eng.doctool(project, filepath.Join(c.tmp, "doctool-merged"), ours)
	if err != nil {
		c.report("doctool round trip", []string{err.Error()}, "")
		return
	}
	var problems []string
	for _, name := range sortedKeys(out) {
		if string(out[name]) == string(ours[name]) {
			continue
		}
		if update {
			if err := os.WriteFile(filepath.Join(c.docs, name), out[name], 0o644); err != nil {
				problems = append(problems, err.Error())
				continue
			}
			fmt.Printf("updated %s from doctool's output\n", filepath.Join(c.docs, name))
			continue
		}
		problems = append(problems, fmt.Sprintf("%s: doctool rewrites it differently (compare with %s; -update takes doctool's version)",
			name, filepath.Join(c.tmp, "doctool-merged", "doc_classes", name)))
	}
	for name := range ours {
		if _, ok := out[name]; !ok {
			problems = append(problems, name+": doctool dropped it")
		}
	}
	c.report("doctool round trip", problems, fmt.Sprintf("--doctool on the XML rewrites all %d files byte for byte", len(ours)))
}

// checkEditorHelp has the editor show each class's help page and looks
// for every description on it. The editor is started twice: the first
// start builds the editor's doc cache, and the engine merges the XML an
// extension loads only when it reads that cache (EditorHelp::
// _gen_extensions_docs), so the descriptions show from the second start
// on, as they do for a user from the editor's second start after an
// engine install or upgrade. The first start is reported, not judged.
func (c *checker) checkEditorHelp(project string, classes map[string]*classdoc.Class) {
	names := sortedKeys(classes)
	var problems []string
	var summary string
	for start := 1; start <= 2; start++ {
		logPath := filepath.Join(c.tmp, fmt.Sprintf("editor-help-%d.log", start))
		pages, err := c.eng.probeHelp(project, logPath, names)
		if err != nil {
			c.report("editor help", []string{err.Error()}, "")
			return
		}
		problems = append(problems, loaderErrors(logPath)...)
		missing, shown, checked, unchecked := describedOnPages(classes, pages)
		if start == 1 {
			fmt.Printf("INFO editor help, first start (the editor builds its doc cache): %d of %d descriptions shown\n", shown, checked)
			continue
		}
		if len(missing) > 0 {
			problems = append(problems, missing...)
			problems = append(problems, "(the editor shows the XML the library embedded when it was built: rebuild it after changing the XML)")
		}
		summary = fmt.Sprintf("the editor's help pages of %s show all %d descriptions, loaded from the library", strings.Join(names, " and "), shown)
		if unchecked > 0 {
			summary += fmt.Sprintf(" (%d more have no plain text to look for)", unchecked)
		}
	}
	c.report("editor help", problems, summary)
}

// loaderErrors returns the lines of an engine log where the library says
// it could not give the editor its class reference.
func loaderErrors(logPath string) []string {
	log, err := os.ReadFile(logPath)
	if err != nil {
		return []string{err.Error()}
	}
	var out []string
	for _, line := range strings.Split(string(log), "\n") {
		if strings.Contains(line, loaderError) {
			out = append(out, "the library's loader printed: "+line)
		}
	}
	return out
}

// describedOnPages looks for every description of classes on the help
// pages (by class name). It returns what is missing, how many were found
// of how many looked for, and how many have no text shown verbatim to
// look for.
func describedOnPages(classes map[string]*classdoc.Class, pages map[string]string) (missing []string, shown, checked, unchecked int) {
	for _, name := range sortedKeys(classes) {
		page := classdoc.Collapse(pages[name])
		if page == "" {
			missing = append(missing, name+": the help page is empty")
			continue
		}
		if n := strings.Count(page, placeholder); n > 0 {
			missing = append(missing, fmt.Sprintf("%s: the help page shows %q %d times", name, placeholder, n))
		}
		described := classes[name].Described()
		for _, what := range sortedKeys(described) {
			run := classdoc.LongestPlainRun(described[what])
			if run != "" {
				checked++
			}
			switch {
			case run == "":
				unchecked++
			case strings.Contains(page, run):
				shown++
			default:
				missing = append(missing, fmt.Sprintf("%s: the help page lacks the description of %s (%q)", name, what, run))
			}
		}
	}
	return missing, shown, checked, unchecked
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
