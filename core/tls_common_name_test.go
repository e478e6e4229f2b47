package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCommonNameMatches(t *testing.T) {
	tests := []struct {
		cn, name string
		want     bool
	}{
		{"localhost", "localhost", true},
		{"LocalHost", "localhost", true},
		{"example.com.", "example.com", true},
		{"example.com", "EXAMPLE.COM.", true},
		{"127.0.0.1", "127.0.0.1", true},
		{"", "", false},
		{"example.com", "www.example.com", false},
		{"*.example.com", "www.example.com", true},
		{"*.example.com", "a.b.example.com", false}, // one label only
		{"*.example.com", "example.com", false},
		{"*.", "a.", false}, // a wildcard over nothing
		{"*.", "a", false},
		{"*.0.0.1", "127.0.0.1", false}, // never an IP address
		{"*.example.com", "wwwexample.com", false},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, commonNameMatches(tc.cn, tc.name), "commonNameMatches(%q, %q)", tc.cn, tc.name)
	}
}
