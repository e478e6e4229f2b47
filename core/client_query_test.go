package core

// query_string_from_dict and the dictionary form of response headers.

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestQueryString(t *testing.T) {
	v := func(vals ...string) []string { return vals }
	tests := []struct {
		name   string
		fields []QueryField
		want   string
	}{
		{"empty", nil, ""},
		{"empty slice", []QueryField{}, ""},
		{"one pair", []QueryField{{Key: "a", Values: v("1")}}, "a=1"},
		{"order kept", []QueryField{{Key: "z", Values: v("1")}, {Key: "a", Values: v("2")}, {Key: "m", Values: v("3")}}, "z=1&a=2&m=3"},
		{"converted scalars", []QueryField{{Key: "n", Values: v("123")}, {Key: "f", Values: v("1.5")}, {Key: "b", Values: v("true")}}, "n=123&f=1.5&b=true"},
		{"array: one pair per element", []QueryField{{Key: "a", Values: v("1", "2", "3")}}, "a=1&a=2&a=3"},
		{"empty array left out", []QueryField{{Key: "a", Values: v()}, {Key: "b", Values: v("1")}}, "b=1"},
		{"only an empty array", []QueryField{{Key: "a"}}, ""},
		{"bare key", []QueryField{{Key: "flag", Bare: true}}, "flag"},
		{"bare keys among pairs", []QueryField{{Key: "a", Bare: true}, {Key: "b", Values: v("1")}, {Key: "c", Bare: true}}, "a&b=1&c"},
		{"empty value", []QueryField{{Key: "a", Values: v("")}}, "a="},
		{"empty key", []QueryField{{Key: "", Values: v("x")}}, "=x"},
		{"space", []QueryField{{Key: "a b", Values: v("c d")}}, "a%20b=c%20d"},
		{"reserved characters", []QueryField{{Key: "k", Values: v("&=?/#+%:;,@!$'()*[]")}},
			"k=%26%3D%3F%2F%23%2B%25%3A%3B%2C%40%21%24%27%28%29%2A%5B%5D"},
		{"unreserved kept", []QueryField{{Key: "AZaz09-_.~", Values: v("AZaz09-_.~")}}, "AZaz09-_.~=AZaz09-_.~"},
		{"UTF-8, upper-case hex", []QueryField{{Key: "é", Values: v("日本")}}, "%C3%A9=%E6%97%A5%E6%9C%AC"},
		{"emoji", []QueryField{{Key: "e", Values: v("😀")}}, "e=%F0%9F%98%80"},
		{"control characters", []QueryField{{Key: "c", Values: v("\r\n\x00\x7f")}}, "c=%0D%0A%00%7F"},
		{"array values encoded", []QueryField{{Key: "k k", Values: v("a&b", "c=d")}}, "k%20k=a%26b&k%20k=c%3Dd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, QueryString(tt.fields))
		})
	}
}

func TestHeaderFields(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []HeaderField
	}{
		{"none", nil, []HeaderField{}},
		{"one", []string{"Content-Type: text/plain"}, []HeaderField{{"Content-Type", "text/plain"}}},
		{"order of first appearance", []string{"B: 1", "A: 2", "C: 3"}, []HeaderField{{"B", "1"}, {"A", "2"}, {"C", "3"}}},
		{"split at the first colon", []string{"Location: http://h:80/x"}, []HeaderField{{"Location", "http://h:80/x"}}},
		{"trimmed", []string{"  X-A  :   v  w  "}, []HeaderField{{"X-A", "v  w"}}},
		{"empty value", []string{"X-Empty:"}, []HeaderField{{"X-Empty", ""}}},
		{"name case kept", []string{"x-lower: 1", "X-UPPER: 2"}, []HeaderField{{"x-lower", "1"}, {"X-UPPER", "2"}}},
		{"repeated name joined with '; '", []string{"Set-Cookie: a=1", "Set-Cookie: b=2", "Set-Cookie: c=3"},
			[]HeaderField{{"Set-Cookie", "a=1; b=2; c=3"}}},
		{"repeated name in other case joins the first", []string{"Set-Cookie: a=1", "X: 0", "set-cookie: b=2"},
			[]HeaderField{{"Set-Cookie", "a=1; b=2"}, {"X", "0"}}},
		{"repeated empty values", []string{"X:", "X:"}, []HeaderField{{"X", "; "}}},
		{"line without colon skipped", []string{"garbage", "A: 1"}, []HeaderField{{"A", "1"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, headerFields(tt.lines))
		})
	}
}
