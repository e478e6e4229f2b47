// Package classdoc reads Godot class-reference XML (doc_classes/*.xml, the
// format `--doctool` writes) and gives what the checks compare: the API a
// file declares, one signature per member, and the members left without a
// description. It does no I/O.
package classdoc

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
)

// MaxFileBytes bounds one class-reference file.
const MaxFileBytes = 1 << 20

// Class is one <class> document.
type Class struct {
	Name        string     `xml:"name,attr"`
	Inherits    string     `xml:"inherits,attr"`
	Brief       string     `xml:"brief_description"`
	Description string     `xml:"description"`
	Tutorials   []Link     `xml:"tutorials>link"`
	Methods     []Method   `xml:"methods>method"`
	Members     []Member   `xml:"members>member"`
	Signals     []Method   `xml:"signals>signal"`
	Constants   []Constant `xml:"constants>constant"`
}

// Link is a tutorial link.
type Link struct {
	Title string `xml:"title,attr"`
	URL   string `xml:",chardata"`
}

// Method is a <method> or a <signal>.
type Method struct {
	Name        string  `xml:"name,attr"`
	Qualifiers  string  `xml:"qualifiers,attr"`
	Return      *Return `xml:"return"`
	Params      []Param `xml:"param"`
	Description string  `xml:"description"`
}

// Return is a method's <return>.
type Return struct {
	Type string `xml:"type,attr"`
	Enum string `xml:"enum,attr"`
}

// Param is one <param> of a method or signal.
type Param struct {
	Index   int    `xml:"index,attr"`
	Name    string `xml:"name,attr"`
	Type    string `xml:"type,attr"`
	Enum    string `xml:"enum,attr"`
	Default string `xml:"default,attr"`
}

// Member is a property (<member>); its text is its description.
type Member struct {
	Name        string `xml:"name,attr"`
	Type        string `xml:"type,attr"`
	Enum        string `xml:"enum,attr"`
	Setter      string `xml:"setter,attr"`
	Getter      string `xml:"getter,attr"`
	Default     string `xml:"default,attr"`
	Description string `xml:",chardata"`
}

// Constant is a <constant>, of an enum when Enum is set.
type Constant struct {
	Name        string `xml:"name,attr"`
	Value       string `xml:"value,attr"`
	Enum        string `xml:"enum,attr"`
	Deprecated  string `xml:"deprecated,attr"`
	Description string `xml:",chardata"`
}

// Parse reads one class-reference file.
func Parse(data []byte) (*Class, error) {
	if len(data) > MaxFileBytes {
		return nil, fmt.Errorf("%d bytes, more than MaxFileBytes (%d)", len(data), MaxFileBytes)
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	var c Class
	if err := d.Decode(&c); err != nil {
		return nil, fmt.Errorf("not class-reference XML: %w", err)
	}
	if c.Name == "" {
		return nil, fmt.Errorf("the <class> element has no name")
	}
	return &c, nil
}

// API returns the class's declarations by key ("method poll",
// "member read_chunk_size", "constant STATUS_BODY", "signal x", "class"),
// each with its signature: names, types, enums, defaults, qualifiers,
// accessors and values, everything ClassDB decides, no description.
// withMemberDefaults false leaves properties' defaults out (they are only
// known from an instance of the class).
func (c *Class) API(withMemberDefaults bool) map[string]string {
	api := map[string]string{"class": "class " + c.Name + " inherits " + c.Inherits}
	for _, m := range c.Methods {
		api["method "+m.Name] = "method " + signature(m)
	}
	for _, s := range c.Signals {
		api["signal "+s.Name] = "signal " + signature(s)
	}
	for _, m := range c.Members {
		sig := fmt.Sprintf("member %s: %s (setter %s, getter %s)", m.Name, typeName(m.Type, m.Enum), m.Setter, m.Getter)
		if withMemberDefaults && m.Default != "" {
			sig += " = " + m.Default
		}
		api["member "+m.Name] = sig
	}
	for _, k := range c.Constants {
		sig := "constant " + k.Name + " = " + k.Value
		if k.Enum != "" {
			sig += " (enum " + k.Enum + ")"
		}
		api["constant "+k.Name] = sig
	}
	return api
}

func typeName(t, enum string) string {
	if enum != "" {
		return t + " enum " + enum
	}
	return t
}

func signature(m Method) string {
	params := append([]Param(nil), m.Params...)
	sort.Slice(params, func(i, j int) bool { return params[i].Index < params[j].Index })
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = fmt.Sprintf("%d %s: %s", p.Index, p.Name, typeName(p.Type, p.Enum))
		if p.Default != "" {
			parts[i] += " = " + p.Default
		}
	}
	s := m.Name + "(" + strings.Join(parts, ", ") + ")"
	if m.Qualifiers != "" {
		s += " " + m.Qualifiers
	}
	if m.Return != nil {
		s += " -> " + typeName(m.Return.Type, m.Return.Enum)
	}
	return s
}

// Undescribed names the parts of the class with an empty description:
// "brief description", "description", "method poll", ...
func (c *Class) Undescribed() []string {
	var out []string
	add := func(what, text string) {
		if strings.TrimSpace(text) == "" {
			out = append(out, what)
		}
	}
	add("brief description", c.Brief)
	add("description", c.Description)
	for _, m := range c.Methods {
		add("method "+m.Name, m.Description)
	}
	for _, s := range c.Signals {
		add("signal "+s.Name, s.Description)
	}
	for _, m := range c.Members {
		add("member "+m.Name, m.Description)
	}
	for _, k := range c.Constants {
		add("constant "+k.Name, k.Description)
	}
	return out
}

// Described is every part of the class with its description, keyed as in
// Undescribed.
func (c *Class) Described() map[string]string {
	out := map[string]string{"brief description": c.Brief, "description": c.Description}
	for _, m := range c.Methods {
		out["method "+m.Name] = m.Description
	}
	for _, s := range c.Signals {
		out["signal "+s.Name] = s.Description
	}
	for _, m := range c.Members {
		out["member "+m.Name] = m.Description
	}
	for _, k := range c.Constants {
		out["constant "+k.Name] = k.Description
	}
	return out
}

// Diff compares two APIs (as API returns them): the keys only in want
// (missing), only in got (extra), and in both with different signatures,
// each as a sorted line.
func Diff(want, got map[string]string) []string {
	var out []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			out = append(out, "missing: "+w)
		case g != w:
			out = append(out, "differs: want "+w+"; have "+g)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok {
			out = append(out, "extra: "+g)
		}
	}
	sort.Strings(out)
	return out
}
