package classdoc

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sample = `<?xml version="1.0" encoding="UTF-8" ?>
<class name="Sample" inherits="RefCounted">
	<brief_description>
		A sample.
	</brief_description>
	<description>
		It has [b]one[/b] method.
	</description>
	<tutorials>
		<link title="Guide">https://example.com/guide</link>
	</tutorials>
	<methods>
		<method name="get_thing" qualifiers="const">
			<return type="int" enum="Sample.Kind" />
			<param index="1" name="b" type="String" default="&quot;&quot;" />
			<param index="0" name="a" type="int" default="-1" />
			<description>
				Returns the thing.
			</description>
		</method>
		<method name="stats" qualifiers="static">
			<return type="Dictionary" />
			<description>
			</description>
		</method>
	</methods>
	<members>
		<member name="size" type="int" setter="set_size" getter="get_size" default="8">
			The size.
		</member>
	</members>
	<signals>
		<signal name="done">
			<param index="0" name="code" type="int" />
			<description>
			</description>
		</signal>
	</signals>
	<constants>
		<constant name="KIND_A" value="0" enum="Kind">
			Kind A.
		</constant>
		<constant name="LIMIT" value="9">
		</constant>
	</constants>
</class>
`

func TestParse(t *testing.T) {
	tests := []struct {
		name, xml, err string
	}{
		{"class reference", sample, ""},
		{"not XML", "hello", "not class-reference XML"},
		{"unclosed element", `<class name="A"><methods>`, "not class-reference XML"},
		{"no class name", `<class inherits="Object"></class>`, "no name"},
		{"too large", "<class name=\"A\">" + strings.Repeat(" ", MaxFileBytes) + "</class>", "MaxFileBytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Parse([]byte(tt.xml))
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, "Sample", c.Name)
			assert.Equal(t, "https://example.com/guide", c.Tutorials[0].URL)
		})
	}
}

func TestAPI(t *testing.T) {
	c, err := Parse([]byte(sample))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{
		"class":            "class Sample inherits RefCounted",
		"method get_thing": `method get_thing(0 a: int = -1, 1 b: String = "") const -> int enum Sample.Kind`,
		"method stats":     "method stats() static -> Dictionary",
		"member size":      "member size: int (setter set_size, getter get_size) = 8",
		"signal done":      "signal done(0 code: int)",
		"constant KIND_A":  "constant KIND_A = 0 (enum Kind)",
		"constant LIMIT":   "constant LIMIT = 9",
	}, c.API(true))
	assert.Equal(t, "member size: int (setter set_size, getter get_size)", c.API(false)["member size"])
}

func TestUndescribed(t *testing.T) {
	c, err := Parse([]byte(sample))
	require.NoError(t, err)
	assert.Equal(t, []string{"method stats", "signal done", "constant LIMIT"}, c.Undescribed())
	assert.Contains(t, c.Described()["description"], "[b]one[/b]")
}

func TestDiff(t *testing.T) {
	want := map[string]string{"method a": "method a()", "method b": "method b(0 x: int)", "constant C": "constant C = 1"}
	tests := []struct {
		name string
		got  map[string]string
		diff []string
	}{
		{"same", map[string]string{"method a": "method a()", "method b": "method b(0 x: int)", "constant C": "constant C = 1"}, nil},
		{"missing", map[string]string{"method a": "method a()", "method b": "method b(0 x: int)"}, []string{"missing: constant C = 1"}},
		{"extra", map[string]string{"method a": "method a()", "method b": "method b(0 x: int)", "constant C": "constant C = 1", "method z": "method z()"}, []string{"extra: method z()"}},
		{"differs", map[string]string{"method a": "method a()", "method b": "method b(0 y: int)", "constant C": "constant C = 1"},
			[]string{"differs: want method b(0 x: int); have method b(0 y: int)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.diff, Diff(want, tt.got))
		})
	}
}

func TestLongestPlainRun(t *testing.T) {
	tests := []struct {
		name, bbcode, want string
	}{
		{"plain", "  Returns the\n thing.  ", "Returns the"},
		{"between tags", "Calls [method poll] until [constant STATUS_BODY], then reads the body.", ", then reads the body."},
		{"class reference", "A [HTTPClient] replacement written in Go.", "replacement written in Go."},
		{"code example left out", "Short.\n[codeblock]\nvar a_very_long_line_of_code = 1\n[/codeblock]", "Short."},
		{"tabbed code examples left out", "Tiny.\n[codeblocks]\n[gdscript]\nvar long_gdscript_line = 1\n[/gdscript]\n[/codeblocks]", "Tiny."},
		{"only tags", "[code]x[/code]", "x"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, LongestPlainRun(tt.bbcode))
		})
	}
}
