package apidiff

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
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

// loadMetadata parses CSDL files, each named in positions by its path
// relative to dir.
func loadMetadata(t testing.TB, dir string, files ...string) []*csdl.Metadata {
	t.Helper()
	var out []*csdl.Metadata
	for _, f := range files {
		file, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, err := filepath.Rel(dir, f)
		if err != nil {
			t.Fatal(err)
		}
		md, err := csdl.Parse(file, filepath.ToSlash(rel))
		file.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, md)
	}
	return out
}

// loadAPI links the pages under dir, with the metadata files given.
func loadAPI(t testing.TB, dir string, metadata ...*csdl.Metadata) *api.API {
	t.Helper()
	return api.Build(loadDocs(t, dir), api.Options{Metadata: metadata})
}

// TestGolden diffs testdata/<case>/old against testdata/<case>/new (each
// side with its metadata when the case has metadata-old.xml and
// metadata-new.xml) and compares both renderings with want.md and
// want.json.
func TestGolden(t *testing.T) {
	cases, err := filepath.Glob("testdata/*/old")
	if err != nil || len(cases) == 0 {
		t.Fatalf("no golden cases (%v)", err)
	}
	for _, oldDir := range cases {
		dir := filepath.Dir(oldDir)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			var sides [2][]*csdl.Metadata
			for i, name := range []string{"metadata-old.xml", "metadata-new.xml"} {
				if f := filepath.Join(dir, name); fileExists(f) {
					sides[i] = loadMetadata(t, dir, f)
				}
			}
			r := Diff(loadAPI(t, oldDir, sides[0]...), loadAPI(t, filepath.Join(dir, "new"), sides[1]...))
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

func fileExists(f string) bool {
	_, err := os.Stat(f)
	return err == nil
}

// TestMarkdownLimit lists at most Limit changes per section and says how
// many were left out.
func TestMarkdownLimit(t *testing.T) {
	r := Diff(loadAPI(t, "testdata/operations/old"), loadAPI(t, "testdata/operations/new"))
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

// endpoint is a model endpoint with its segments: {x} a parameter, any
// other part a literal (what the parser gives for these simple paths).
func endpoint(method, p string, line int) model.Endpoint {
	e := model.Endpoint{Method: method, Path: p, Pos: model.Pos{Line: line, Col: 1}}
	for _, part := range strings.Split(strings.Trim(p, "/"), "/") {
		switch {
		case part == "":
		case strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}"):
			name := strings.Trim(part, "{}")
			e.Params = append(e.Params, name)
			e.Segments = append(e.Segments, model.Segment{Kind: model.SegParam, Name: name})
		default:
			e.Segments = append(e.Segments, model.Segment{Kind: model.SegLiteral, Name: part})
		}
	}
	return e
}

// TestOddDocuments feeds documents with missing sections, nil entries,
// repeated rows, unknown permission types and a resource page without a
// type name (the model makes no type of it): no panic, and the changes
// found are exact.
func TestOddDocuments(t *testing.T) {
	yes := true
	oldDocs := []*model.Document{
		nil,
		{Path: "a.md", Kind: model.KindOperation, Title: "A", Endpoints: []model.Endpoint{endpoint("GET", "/a", 0), endpoint("GET", "/a/", 0)},
			Permissions: []model.Permission{{Type: "other", Scopes: []string{"X.Read"}}},
			RequestBody: &model.Body{Properties: []model.Property{{Name: "p"}, {Name: "P", Type: model.TypeRef{Name: "Int32", Kind: model.TypePrimitive}}}}},
		{Path: "r.md", Kind: model.KindResource, Title: "thing resource type", TypeName: "thing", Properties: []model.Property{{Name: "x", Nullable: &yes}}},
		{Path: "nameless.md", Kind: model.KindResource, Title: "nameless resource type"},
		{Path: "o.md", Kind: model.KindOther, Title: "Overview"},
	}
	newDocs := []*model.Document{
		{Path: "a.md", Kind: model.KindOperation, Title: "A", Endpoints: []model.Endpoint{endpoint("GET", "/A", 0)},
			Response: &model.Response{Status: 200, Type: &model.TypeRef{Name: "thing", Kind: model.TypeResource}}},
		{Path: "r2.md", Kind: model.KindResource, TypeName: "Thing"},
	}
	r := Diff(api.Build(oldDocs, api.Options{}), api.Build(newDocs, api.Options{}))
	var got []string
	for _, c := range r.Changes {
		got = append(got, string(c.Kind)+" "+c.Item+" "+c.OldLoc.String()+" "+c.NewLoc.String()+" "+c.New)
	}
	want := []string{
		"permission-removed other X.Read a.md a.md ",
		"property-removed p a.md a.md ",
		// The response names the new revision's type, resolved.
		"response-type-changed  a.md a.md microsoft.graph.Thing",
		"property-removed x r.md r2.md ",
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

	// A nil API is an empty one.
	if r := Diff(nil, nil); len(r.Changes) != 0 || r.MatchedOperations != 0 || r.MatchedTypes != 0 {
		t.Errorf("Diff(nil, nil) = %+v", r)
	}
	r = Diff(nil, api.Build(newDocs, api.Options{}))
	if c := r.CountByKind(); len(r.Changes) != 2 || c[OperationAdded] != 1 || c[TypeAdded] != 1 {
		t.Errorf("Diff(nil, new): %v", c)
	}
}

// goldenReport diffs a golden case's two sides, with its metadata when
// withMetadata is set.
func goldenReport(t *testing.T, name string, withMetadata bool) *Report {
	t.Helper()
	dir := filepath.Join("testdata", name)
	var sides [2][]*csdl.Metadata
	if withMetadata {
		sides[0] = loadMetadata(t, dir, filepath.Join(dir, "metadata-old.xml"))
		sides[1] = loadMetadata(t, dir, filepath.Join(dir, "metadata-new.xml"))
	}
	return Diff(loadAPI(t, filepath.Join(dir, "old"), sides[0]...), loadAPI(t, filepath.Join(dir, "new"), sides[1]...))
}

// row is a change reduced to what the resolution tests check.
type row struct {
	Kind     Kind
	Breaking bool
	Name     string
	Item     string
	Old, New string
	OldLoc   string
	NewLoc   string
}

func rows(r *Report) []row {
	var out []row
	for _, c := range r.Changes {
		out = append(out, row{c.Kind, c.Breaking, c.Name, c.Item, c.Old, c.New, c.OldLoc.String(), c.NewLoc.String()})
	}
	return out
}

// TestResolvedTypes checks what comparing linked types means, on the golden
// cases made for it: inheritance, renamed pages, metadata.
func TestResolvedTypes(t *testing.T) {
	t.Run("property moved into the base type", func(t *testing.T) {
		// gadget's serial moved to gadgetBase's page: gadget's fields are
		// the same; gadgetBase gained one.
		r := goldenReport(t, "base-moved", false)
		want := []row{{PropertyAdded, false, "microsoft.graph.gadgetBase", "serial", "", "String",
			"resources/gadgetbase.md:11", "resources/gadgetbase.md:12"}}
		if d := cmp.Diff(want, rows(r)); d != "" {
			t.Errorf("changes (-want +got):\n%s", d)
		}
		if r.Breaking() != 0 || r.MatchedTypes != 2 {
			t.Errorf("%d breaking, %d types matched; want 0 and 2", r.Breaking(), r.MatchedTypes)
		}
	})
	t.Run("page renamed", func(t *testing.T) {
		// widget.md became widget-type.md; box and the operation link the
		// new file. Same type, same references: nothing changed.
		r := goldenReport(t, "page-renamed", false)
		if len(r.Changes) != 0 || r.MatchedTypes != 2 || r.MatchedOperations != 1 {
			t.Errorf("changes %v, %d types and %d operations matched; want none, 2 and 1", rows(r), r.MatchedTypes, r.MatchedOperations)
		}
	})
	t.Run("metadata decides the type", func(t *testing.T) {
		// The pages are the same on both sides; without metadata nothing
		// changed.
		if r := goldenReport(t, "metadata-types", false); len(r.Changes) != 0 {
			t.Fatalf("without metadata: %v, want no change", rows(r))
		}
		r := goldenReport(t, "metadata-types", true)
		want := []row{
			{PropertyAdded, false, "microsoft.graph.gadget", "stats", "", "microsoft.graph.gadgetStats", "resources/gadget.md:11", "metadata-new.xml:10"},
			{PropertyChanged, true, "microsoft.graph.gadget", "size", "Int32", "Int64", "resources/gadget.md:12", "resources/gadget.md:12"},
			{TypeAdded, false, "microsoft.graph.gadgetStats", "", "", "", "", "metadata-new.xml:12"},
			{TypeRemoved, true, "microsoft.graph.legacyGadgetInfo", "", "", "", "metadata-old.xml:11", ""},
		}
		if d := cmp.Diff(want, rows(r)); d != "" {
			t.Errorf("changes (-want +got):\n%s", d)
		}
		for _, c := range r.Changes {
			if c.Kind == PropertyChanged && !strings.Contains(c.Message, "(metadata: old metadata-old.xml:8, new metadata-new.xml:8)") {
				t.Errorf("message %q does not name the metadata elements", c.Message)
			}
		}
	})
	t.Run("base type removed", func(t *testing.T) {
		// gadgetBase's page is gone: gadget loses the base and the
		// properties it inherited (located in the old base's page).
		r := goldenReport(t, "base-removed", false)
		want := []row{
			{BaseTypeChanged, true, "microsoft.graph.gadget", "", "microsoft.graph.gadgetBase", "none", "resources/gadget.md:1", "resources/gadget.md:1"},
			{PropertyRemoved, true, "microsoft.graph.gadget", "id", "String, read-only", "", "resources/gadgetbase.md:11", "resources/gadget.md:12"},
			{PropertyRemoved, true, "microsoft.graph.gadget", "serial", "String", "", "resources/gadgetbase.md:12", "resources/gadget.md:12"},
			{TypeRemoved, true, "microsoft.graph.gadgetBase", "", "", "", "resources/gadgetbase.md:1", ""},
		}
		if d := cmp.Diff(want, rows(r)); d != "" {
			t.Errorf("changes (-want +got):\n%s", d)
		}
	})
}

// TestPermissionsLeastHigherUnknown: a page rewritten from a two-column
// table to a three-column one (the same scopes, least privileged apart from
// the higher ones) changes no permission; scopes first documented on a page
// whose permissions were unknown are not "not supported before"; the
// least-privilege scopes do not break when the old scope is now listed as
// higher privileged (it still allows the operation).
func TestPermissionsLeastHigherUnknown(t *testing.T) {
	op := func(path string, perms []model.Permission, unknown bool) *model.Document {
		return &model.Document{Path: path, Kind: model.KindOperation, Title: path, Endpoints: []model.Endpoint{endpoint("GET", "/"+path, 0)},
			Permissions: perms, PermissionsUnknown: unknown}
	}
	app := func(least []string, higher ...string) []model.Permission {
		return []model.Permission{{Type: model.PermApplication, Scopes: least, Higher: higher}}
	}
	oldDocs := []*model.Document{
		op("a", app([]string{"A.Read.All", "A.ReadWrite.All"}), false),
		op("b", nil, true),
		op("c", app([]string{"Directory.Read.All"}), false),
	}
	newDocs := []*model.Document{
		op("a", app([]string{"A.Read.All"}, "A.ReadWrite.All"), false),
		op("b", app([]string{"B.Read.All"}), false),
		op("c", app([]string{"C.Read.All"}, "Directory.Read.All"), false),
	}
	r := Diff(api.Build(oldDocs, api.Options{}), api.Build(newDocs, api.Options{}))
	var got []string
	for _, c := range r.Changes {
		got = append(got, fmt.Sprintf("%s %s breaking=%v: %s", c.Kind, c.Item, c.Breaking, c.Message))
	}
	want := []string{
		"permission-added application B.Read.All breaking=false: permission added; the old page documented no permissions graphgen could read",
		"permission-added application C.Read.All breaking=false: permission added",
		"scopes-changed application breaking=false: the fewest application scopes that allow the 3 operations in both revisions changed (2 → 3): added B.Read.All, C.Read.All, dropped Directory.Read.All",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
}
