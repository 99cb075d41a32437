package godiff

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want.md and want.json")

// e is an expected entry: the fields a case asserts (positions and details
// are in the golden files).
type e struct {
	ID       string
	Kind     string
	Breaking bool
	Old, New string
}

func project(r *Report) []e {
	var got []e
	for _, x := range r.Entries {
		got = append(got, e{x.ID, x.Kind, x.Breaking, x.Old, x.New})
	}
	return got
}

// TestCases compares each testdata/<case>/old with new: the entries it
// must give, then the markdown and JSON renderings against want.md and
// want.json (-update rewrites them).
func TestCases(t *testing.T) {
	tests := []struct {
		name string
		want []e
	}{
		{"func-removed", []e{
			{"Gone", Removed, true, "func Gone(name string) error", ""},
		}},
		{"param-changed", []e{
			{"Client.GetUser", Changed, true,
				"func (*Client).GetUser(ctx context.Context, id string) (*User, error)",
				"func (*Client).GetUser(ctx context.Context, key int64) (*User, error)"},
		}},
		{"method-added", []e{
			{"Client.ListUsers", Added, false, "", "func (*Client).ListUsers() iter.Seq2[string, error]"},
		}},
		{"field-added", []e{
			{"Point.Z", Added, false, "", "field Z int"},
		}},
		{"field-removed", []e{
			{"Point.Z", Removed, true, "field Z int", ""},
		}},
		{"field-type-changed", []e{
			{"Point.Y", Changed, true, "field Y int", "field Y string"},
		}},
		{"interface-method-added", []e{
			{"Getter.Put", Added, true, "", "func (Getter).Put(v string) error"},
			{"Variant.Name", Added, false, "", "func (Variant).Name() string"},
		}},
		{"type-renamed", []e{
			{"Gadget", Added, false, "", "type Gadget struct{…}"},
			{"Make", Changed, true, "func Make() *Widget", "func Make() *Gadget"},
			{"Widget", Removed, true, "type Widget struct{…}", ""},
		}},
		{"const-changed", []e{
			{"ColorBlue", Added, false, "", `const ColorBlue Color = "blue"`},
			{"ColorGreen", Changed, true, `const ColorGreen Color = "green"`, `const ColorGreen Color = "lime"`},
			{"ColorTeal", Removed, true, `const ColorTeal Color = "teal"`, ""},
		}},
		{"no-change", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join("testdata", tt.name)
			r, err := Compare(filepath.Join(dir, "old"), filepath.Join(dir, "new"))
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, project(r)); d != "" {
				t.Errorf("entries (-want +got):\n%s", d)
			}
			js, err := r.JSON()
			if err != nil {
				t.Fatal(err)
			}
			golden(t, filepath.Join(dir, "want.md"), r.Markdown())
			golden(t, filepath.Join(dir, "want.json"), js)
		})
	}
}

func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s (-want +got):\n%s", path, d)
	}
}

// TestReportShape checks the parts of a report the entries do not: details,
// positions, counts, and the JSON keys a CI script reads.
func TestReportShape(t *testing.T) {
	r, err := Compare("testdata/type-renamed/old", "testdata/type-renamed/new")
	if err != nil {
		t.Fatal(err)
	}
	if r.OldPackage != "p" || r.NewPackage != "p" || r.Breaking() != 2 {
		t.Errorf("packages %q %q, %d breaking; want p p 2", r.OldPackage, r.NewPackage, r.Breaking())
	}
	make := r.Entries[1]
	if make.OldPos != "p.go:10" || make.NewPos != "p.go:10" {
		t.Errorf("Make at %q, %q; want p.go:10 in both", make.OldPos, make.NewPos)
	}
	if want := []string{"changed from func() *Widget to func() *Gadget"}; !cmp.Equal(make.Details, want) {
		t.Errorf("Make details %q, want %q", make.Details, want)
	}
	js, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Summary map[string]int `json:"summary"`
		Changes []struct {
			ID       string `json:"id"`
			Kind     string `json:"kind"`
			Breaking bool   `json:"breaking"`
			OldPos   string `json:"oldPos"`
		} `json:"changes"`
	}
	if err := json.Unmarshal(js, &got); err != nil {
		t.Fatal(err)
	}
	wantSum := map[string]int{"changes": 3, "breaking": 2, "removed": 1, "changed": 1, "added": 1}
	if d := cmp.Diff(wantSum, got.Summary); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
	if len(got.Changes) != 3 || got.Changes[2].ID != "Widget" || got.Changes[2].OldPos != "p.go:5" {
		t.Errorf("changes %+v; want Widget last, at p.go:5", got.Changes)
	}
}

// TestPackageRenamed: a package name change is one breaking entry.
func TestPackageRenamed(t *testing.T) {
	o, n := t.TempDir(), t.TempDir()
	write(t, o, "a.go", "package graph\n\nfunc F() {}\n")
	write(t, n, "a.go", "package graphv2\n\nfunc F() {}\n")
	r, err := Compare(o, n)
	if err != nil {
		t.Fatal(err)
	}
	want := []e{{"package", Changed, true, "package graph", "package graphv2"}}
	if d := cmp.Diff(want, project(r)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestLoadFiles: test files, files for another GOOS and files whose names
// start with '_' are not part of the package, as with go build.
func TestLoadFiles(t *testing.T) {
	o, n := t.TempDir(), t.TempDir()
	write(t, o, "a.go", "package p\n\nfunc F() {}\n")
	write(t, n, "a.go", "package p\n\nfunc F() {}\n")
	write(t, n, "a_test.go", "package p\n\nfunc Extra() {}\n")
	write(t, n, "b_plan9.go", "package p\n\nfunc Plan9() {}\n")
	write(t, n, "c.go", "//go:build ignore\n\npackage p\n\nfunc Ignored() {}\n")
	write(t, n, "_d.go", "package p\n\nfunc Underscore() {}\n")
	if err := os.Mkdir(filepath.Join(n, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(n, "sub"), "s.go", "package sub\n\nfunc Sub() {}\n")
	r, err := Compare(o, n)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Entries) != 0 {
		t.Errorf("entries %+v, want none", r.Entries)
	}
}

// TestErrors: what cannot be compared is an error naming the folder and,
// for a broken package, the file:line:col.
func TestErrors(t *testing.T) {
	good := "testdata/func-removed/old"
	dir := func(files ...string) string {
		d := t.TempDir()
		for i := 0; i+1 < len(files); i += 2 {
			write(t, d, files[i], files[i+1])
		}
		return d
	}
	tests := []struct {
		name string
		dir  string
		want []string // substrings of the error, after the folder
	}{
		{"missing", filepath.Join(t.TempDir(), "nope"), []string{"no such file or directory"}},
		{"file", filepath.Join(good, "p.go"), []string{"not a directory"}},
		{"empty", dir("x_test.go", "package p\n", "README", "hi"), []string{"no Go package (no non-test .go file)"}},
		{"two packages", dir("a.go", "package a\n", "b.go", "package b\n"), []string{"more than one Go package: a (a.go), b (b.go)"}},
		{"parse error", dir("a.go", "package p\n\nfunc F( {\n"), []string{"does not parse: ", "a.go:3:9: "}},
		{"type error", dir("a.go", "package p\n\nfunc F() int {\n\treturn x\n}\n\nvar Y int = \"s\"\n"),
			[]string{"package p does not type-check: ", "a.go:4:9: undefined: x (and 1 more errors)"}},
		{"non-std import", dir("a.go", "package p\n\nimport \"example.com/nowhere\"\n\nvar V = nowhere.X\n"),
			[]string{"a.go:3:8: could not import example.com/nowhere", "(only the standard library can be imported)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, args := range [][2]string{{tt.dir, good}, {good, tt.dir}} {
				_, err := Compare(args[0], args[1])
				if err == nil {
					t.Fatalf("Compare(%s, %s): no error", args[0], args[1])
				}
				msg := err.Error()
				if !strings.HasPrefix(msg, tt.dir+": ") {
					t.Errorf("error %q does not start with the folder %q", msg, tt.dir)
				}
				for _, w := range tt.want {
					if !strings.Contains(msg, w) {
						t.Errorf("error %q lacks %q", msg, w)
					}
				}
			}
		})
	}
}

func TestSplitMessage(t *testing.T) {
	tests := []struct{ msg, id, detail string }{
		{"Gone: removed", "Gone", "removed"},
		{"(*Client).GetUser: changed from func(int) to func(string)", "Client.GetUser", "changed from func(int) to func(string)"},
		{"Client.Get: added", "Client.Get", "added"},
		{"Point.Z: removed", "Point.Z", "removed"},
		{"(*Nullable[T]).Get: removed", "Nullable.Get", "removed"},
		{"Pair[K, V].First: removed", "Pair.First", "removed"},
		{"(*Inner).M, method set of *Outer: removed", "Outer.M", "removed"},
		{"Ch, element type: changed from int to string", "Ch", "element type changed from int to string"},
		{"T: changed from struct{A int \"json:\\\"a\\\"\"} to int", "T", "changed from struct{A int \"json:\\\"a\\\"\"} to int"},
	}
	for _, tt := range tests {
		id, detail := splitMessage(tt.msg)
		if id != tt.id || detail != tt.detail {
			t.Errorf("splitMessage(%q) = %q, %q; want %q, %q", tt.msg, id, detail, tt.id, tt.detail)
		}
	}
}

// TestEmbedded: a method removed from an embedded type is removed from the
// type embedding it too, named on each.
func TestEmbedded(t *testing.T) {
	o, n := t.TempDir(), t.TempDir()
	write(t, o, "a.go", "package p\n\ntype Inner struct{}\n\nfunc (*Inner) M() {}\n\ntype Outer struct{ Inner }\n")
	write(t, n, "a.go", "package p\n\ntype Inner struct{}\n\ntype Outer struct{ Inner }\n")
	r, err := Compare(o, n)
	if err != nil {
		t.Fatal(err)
	}
	want := []e{
		{"Inner.M", Removed, true, "func (*Inner).M()", ""},
		{"Outer.M", Removed, true, "func (*Inner).M()", ""},
	}
	if d := cmp.Diff(want, project(r)); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func write(t *testing.T, dir, name, content string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
