package parser

import (
	"strings"
	"testing"
)

// TestCleanBytes covers both fast paths of cleanBytes (texts up to 64
// bytes and longer ones) and the rewrite they hand over to.
func TestCleanBytes(t *testing.T) {
	long := strings.Repeat("x", 70)
	cases := map[string]string{
		"a b":               "a b",
		"a  b":              "a b",
		"a\tb":              "a b",
		"a\r\nb":            "a b",
		`a\*b`:              "a*b",
		"a&amp;b":           "a&b",
		"a&nbsp;b":          "a b",
		" a ":               "a",
		"":                  "",
		long + " b":         long + " b",
		long + "  b":        long + " b",
		long + "\nb":        long + " b",
		long + `\_b`:        long + "_b",
		long + "&lt;b":      long + "<b",
		"ab " + long + " c": "ab " + long + " c",
	}
	for in, want := range cases {
		if got := string(cleanBytes([]byte(in))); got != want {
			t.Errorf("cleanBytes(%q) = %q, want %q", in, got, want)
		}
	}
}
