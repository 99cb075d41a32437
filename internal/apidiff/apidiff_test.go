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

// TestMarkdownLimit lists at most Limit changes per section and says how
// many were left out.
func TestMarkdownLimit(t *testing.T) {
	r := Diff(loadDocs(t, "testdata/operations/old"), loadDocs(t, "testdata/operations/new"))
	r.Limit = 2
	got := string(r.Markdown())
	want := `# API changes

**11 changes, 5 breaking** (6 operations and 0 types found in both revisions).

| change | count | breaking |
|---|---:|---:|
| operation removed | 1 | 1 |
| operation merged | 1 | 0 |
| operation added | 1 | 0 |
| endpoint removed | 4 | 4 |
| endpoint added | 4 | 0 |

## Breaking changes (5)

### Operation ` + "`gadget: share`" + `
old ` + "`api/gadget_sharewith.md`" + `, new ` + "`api/gadget-sharewith.md`" + `

- endpoint removed: ` + "`POST /gadgets/{id}/share`" + ` — old L19, new L19

### Operation ` + "`Rename gadget`" + `
old ` + "`api/rename_gadget.md`" + `, new ` + "`api/gadget-rename.md`" + `

- endpoint removed: ` + "`POST /gadgets/{id}/rename`" + ` — old L19, new L19

… and 3 more (limit 2; the JSON output lists every change).

## Other changes (6)

### Operation ` + "`gadget: share`" + `
old ` + "`api/gadget_sharewith.md`" + `, new ` + "`api/gadget-sharewith.md`" + `

- endpoint added: ` + "`POST /gadgets/{id}/shareWith`" + ` — old L19, new L19

### Operation ` + "`Rename gadget`" + `
old ` + "`api/rename_gadget.md`" + `, new ` + "`api/gadget-rename.md`" + `

- endpoint added: ` + "`POST /gadgets/{id}/microsoft.graph.rename`" + ` — old L19, new L19

… and 4 more (limit 2; the JSON output lists every change).
`
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("markdown with Limit 2 (-want +got):\n%s", d)
	}
}

// TestOddDocuments feeds documents with missing sections, nil entries,
// repeated rows and unknown permission types: no panic, and the changes
// found are exact.
func TestOddDocuments(t *testing.T) {
	yes := true
	oldDocs := []*model.Document{
		nil,
		{Path: "a.md", Kind: model.KindOperation, Title: "A", Endpoints: []model.Endpoint{{Method: "GET", Path: "/a"}, {Method: "GET", Path: "/a/"}},
			Permissions: []model.Permission{{Type: "other", Scopes: []string{"X.Read"}}},
			RequestBody: &model.Body{Properties: []model.Property{{Name: "p"}, {Name: "P", Type: model.TypeRef{Name: "Int32"}}}}},
		{Path: "r.md", Kind: model.KindResource, Title: "thing resource type", Properties: []model.Property{{Name: "x", Nullable: &yes}}},
		{Path: "o.md", Kind: model.KindOther, Title: "Overview"},
	}
	newDocs := []*model.Document{
		{Path: "a.md", Kind: model.KindOperation, Title: "A", Endpoints: []model.Endpoint{{Method: "get", Path: "/A"}},
			Response: &model.Response{Status: 200, Type: &model.TypeRef{Name: "thing"}}},
		{Path: "r2.md", Kind: model.KindResource, TypeName: "Thing"},
	}
	r := Diff(oldDocs, newDocs)
	var got []string
	for _, c := range r.Changes {
		got = append(got, string(c.Kind)+" "+c.Item+" "+c.OldLoc.String()+" "+c.NewLoc.String())
	}
	want := []string{
		"permission-removed other X.Read a.md a.md",
		"property-removed p a.md a.md",
		"response-type-changed  a.md a.md",
		"property-removed x r.md r2.md",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
	if r.MatchedOperations != 1 || r.MatchedTypes != 1 {
		t.Errorf("matched %d operations and %d types, want 1 and 1", r.MatchedOperations, r.MatchedTypes)
	}
	if _, err := r.JSON(); err != nil {
		t.Error(err)
	}
	_ = r.Markdown()
}
