package apidiff

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want.md and want.json from the current output")

// loadDocs parses the pages under dir (paths relative to dir).
func loadDocs(t testing.TB, dir string) []*model.Document {
	t.Helper()
	pages, err := load.Pages([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	docs := make([]*model.Document, len(pages))
	for i, p := range pages {
		docs[i] = p.Doc
	}
	return docs
}

// TestGolden diffs testdata/<case>/old against testdata/<case>/new and
// compares both renderings with want.md and want.json.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/old")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases (%v)", err)
	}
	for _, oldDir := range cases {
		dir := filepath.Dir(oldDir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			r := Diff(loadDocs(t, oldDir), loadDocs(t, filepath.Join(dir, "new")))
			r.OldLabel, r.NewLabel = "old", "new"
			js, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			for name, got := range map[string][]byte{"want.md": r.Markdown(), "want.json": js} {
				file := filepath.Join(dir, name)
				if *update {
					if err := os.WriteFile(file, got, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(file)
				if err != nil {
					t.Fatalf("%v (run go test -run TestGolden -update)", err)
				}
				if d := cmp.Diff(string(want), string(got)); d != "" {
					t.Errorf("%s mismatch (-want +got):\n%s", file, d)
				}
			}
		})
	}
}
