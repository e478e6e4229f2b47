package core

import "strings"

// QueryField is one dictionary entry of query_string_from_dict, its values
// already converted with str() by the caller. Bare is a null value (the
// key alone); Values has one element for a scalar, one per element for an
// Array (none: the key is left out).
type QueryField struct {
	Key    string
	Values []string
	Bare   bool
}

// QueryString is HTTPClient.query_string_from_dict: "key=value" pairs in
// order joined by "&", keys and values percent-encoded.
func QueryString(fields []QueryField) string {
	var b strings.Builder
	for _, f := range fields {
		key := uriEncode(f.Key)
		if f.Bare {
			b.WriteByte('&')
			b.WriteString(key)
			continue
		}
		for _, v := range f.Values {
			b.WriteByte('&')
			b.WriteString(key)
			b.WriteByte('=')
			b.WriteString(uriEncode(v))
		}
	}
	if b.Len() == 0 {
		return ""
	}
	return b.String()[1:]
}

// uriEncode is Godot's String.uri_encode: the unreserved characters
// A-Z a-z 0-9 - _ . ~ stay, every other byte of the UTF-8 form becomes %XX
// in upper-case hex.
func uriEncode(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
