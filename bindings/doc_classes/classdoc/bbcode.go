package classdoc

import (
	"regexp"
	"strings"
)

var (
	// codeblockRE matches a code example, whose layout the help changes.
	codeblockRE = regexp.MustCompile(`(?s)\[codeblocks?\].*?\[/codeblocks?\]`)
	// tagRE matches a BBCode tag or reference: [b], [/code], [method poll],
	// [url=...], [HTTPClient]. Text between two of them is shown verbatim.
	tagRE = regexp.MustCompile(`\[[^\]\n]*\]`)
)

// Collapse turns every run of white space into one space and trims the ends.
func Collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// LongestPlainRun returns the longest run of a description's text that the
// editor's help shows as it is written: text outside code examples and
// between BBCode tags, white space collapsed. "" when there is none.
func LongestPlainRun(bbcode string) string {
	text := codeblockRE.ReplaceAllString(bbcode, "\n")
	best := ""
	for _, run := range tagRE.Split(text, -1) {
		for _, line := range strings.Split(run, "\n") {
			if line = Collapse(line); len(line) > len(best) {
				best = line
			}
		}
	}
	return best
}
