package core

import "strings"

// HeaderField is one entry of the dictionary form of the headers.
type HeaderField struct{ Name, Value string }

// headerFields is get_response_headers_as_dictionary: each line split at
// its first ':' and trimmed; the name keeps its case; entries in order of
// first appearance, several values of one name (compared without case)
// joined with "; " as the class reference says.
func headerFields(lines []string) []HeaderField {
	fields := make([]HeaderField, 0, len(lines))
	index := make(map[string]int, len(lines))
	for _, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		key := strings.ToLower(name)
		if i, seen := index[key]; seen {
			fields[i].Value += "; " + value
			continue
		}
		index[key] = len(fields)
		fields = append(fields, HeaderField{Name: name, Value: value})
	}
	return fields
}
