package bindings

import (
	"path"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/gohttpclient/gohttpclient/bindings/doc_classes/classdoc"
)

// The class reference the library embeds (doc_classes/*.xml, loaded by
// editor_docs.go) against what the binding registers: methods, properties
// and constants with their names, argument names and types, defaults,
// return types, qualifiers, enums and values. Properties' defaults are
// left out (only an instance knows them); doc_classes/doc_check compares
// everything with the engine's own --doctool output.

// Parent classes, as gdx_client.c and gdx_peer.c register them.
const (
	clientParent = "RefCounted"
	peerClass    = "GoStreamPeer"
	peerParent   = "StreamPeerExtension"
)

// variantTypeNames are the class reference's names of the variant types
// the binding uses.
var variantTypeNames = map[int32]string{
	typeNil:               "void",
	typeBool:              "bool",
	typeInt:               "int",
	typeString:            "String",
	typeDictionary:        "Dictionary",
	typeArray:             "Array",
	typePackedByteArray:   "PackedByteArray",
	typePackedStringArray: "PackedStringArray",
}

// docType is how the class reference names a value's type and enum.
func docType(t *testing.T, v valueInfo) (typ, enum string) {
	switch {
	case v.usage&usageClassIsEnum != 0:
		return "int", v.className
	case v.vtype == typeObject:
		return v.className, ""
	}
	name, ok := variantTypeNames[v.vtype]
	require.True(t, ok, "variant type %d of %q has no name in variantTypeNames", v.vtype, v.name)
	return name, ""
}

// docDefault is how the class reference writes an argument's default.
func docDefault(t *testing.T, d defaultValue) string {
	switch d.kind {
	case defaultInt(0).kind:
		return strconv.FormatInt(d.i, 10)
	case defaultNull().kind:
		return "null"
	case defaultString("").kind:
		return strconv.Quote(d.s)
	}
	t.Fatalf("default of kind %d has no form in docDefault", d.kind)
	return ""
}

// registeredClient is GoHTTPClient as the binding registers it, in the
// class reference's form. As --doctool does, it leaves out the methods
// that are a property's setter or getter.
func registeredClient(t *testing.T) *classdoc.Class {
	c := &classdoc.Class{Name: className, Inherits: clientParent}
	accessors := map[string]bool{}
	for _, p := range properties {
		accessors[p.setter], accessors[p.getter] = true, true
		typ, enum := docType(t, p.info)
		c.Members = append(c.Members, classdoc.Member{Name: p.info.name, Type: typ, Enum: enum, Setter: p.setter, Getter: p.getter})
	}
	for _, m := range methods {
		if accessors[m.name] {
			continue
		}
		dm := classdoc.Method{Name: m.name, Return: &classdoc.Return{Type: "void"}}
		switch {
		case m.isConst:
			dm.Qualifiers = "const"
		case m.isStatic:
			dm.Qualifiers = "static"
		}
		if m.ret != nil {
			dm.Return.Type, dm.Return.Enum = docType(t, *m.ret)
		}
		first := len(m.args) - len(m.defaults)
		for i, a := range m.args {
			p := classdoc.Param{Index: i, Name: a.name}
			p.Type, p.Enum = docType(t, a)
			if i >= first {
				p.Default = docDefault(t, m.defaults[i-first])
			}
			dm.Params = append(dm.Params, p)
		}
		c.Methods = append(c.Methods, dm)
	}
	for _, k := range clientConstants() {
		c.Constants = append(c.Constants, classdoc.Constant{Name: k.name, Value: strconv.FormatInt(k.value, 10), Enum: k.enum})
	}
	return c
}

func embeddedClass(t *testing.T, name string) *classdoc.Class {
	data, err := docClasses.ReadFile(path.Join(docsDir, name+".xml"))
	require.NoError(t, err, "the library embeds no class reference for %s", name)
	c, err := classdoc.Parse(data)
	require.NoError(t, err, "%s.xml", name)
	return c
}

func TestClassReferenceMatchesRegistration(t *testing.T) {
	tests := []struct {
		class string
		want  *classdoc.Class
	}{
		{className, registeredClient(t)},
		// GoStreamPeer only implements StreamPeerExtension's virtuals.
		{peerClass, &classdoc.Class{Name: peerClass, Inherits: peerParent}},
	}
	for _, tt := range tests {
		t.Run(tt.class, func(t *testing.T) {
			got := embeddedClass(t, tt.class)
			assert.Empty(t, classdoc.Diff(tt.want.API(false), got.API(false)),
				"%s.xml and the registered class differ", tt.class)
		})
	}
}

func TestClassReferenceDescribesEverything(t *testing.T) {
	files, err := docClasses.ReadDir(docsDir)
	require.NoError(t, err)
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	assert.ElementsMatch(t, []string{className + ".xml", peerClass + ".xml"}, names, "one file per registered class")
	for _, name := range []string{className, peerClass} {
		t.Run(name, func(t *testing.T) {
			c := embeddedClass(t, name)
			assert.Empty(t, c.Undescribed(), "parts of %s.xml without a description", name)
			assert.NotEmpty(t, c.Tutorials, "%s.xml links no tutorial", name)
		})
	}
}
