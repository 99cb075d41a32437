package parser

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse: any input gives a document that marshals to JSON, with known
// diagnostic codes at positions inside the page; never a panic. Seeds are
// the golden pages.
func FuzzParse(f *testing.F) {
	pages, _ := filepath.Glob("testdata/*/page.md")
	for _, pg := range pages {
		src, err := os.ReadFile(pg)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d := Parse("fuzz.md", src)
		if _, err := json.Marshal(d); err != nil {
			t.Fatalf("document does not marshal: %v", err)
		}
		lines := 1
		for _, c := range src {
			if c == '\n' {
				lines++
			}
		}
		for _, dg := range d.Diagnostics {
			if _, ok := Codes[dg.Code]; !ok {
				t.Errorf("unknown code %q", dg.Code)
			}
			if dg.Line < 1 || dg.Line > lines || dg.Col < 1 {
				t.Errorf("diagnostic %s at %d:%d outside the page (%d lines)", dg.Code, dg.Line, dg.Col, lines)
			}
		}
	})
}
