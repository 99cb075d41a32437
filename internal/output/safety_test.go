package output

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestWriteKeepsLookalikeStagingFolders: a folder that only shares the
// staging prefix, or holds something Write never stages, survives Write and
// Recover; an abandoned staging folder of Write's own is removed.
func TestWriteKeepsLookalikeStagingFolders(t *testing.T) {
	dir := t.TempDir()
	mine := map[string][]byte{
		".graphgen-stage-notes/todo.txt":    []byte("mine\n"),
		".graphgen-stage-123/0":             gen("// staged\n"),
		".graphgen-stage-123/keep.md":       []byte("a file Write never stages\n"),
		".graphgen-stage-sub/nested/0":      gen("// nested\n"),
		".graphgen-stage-007/007":           gen("// leading zero\n"),
		"p/hand.go":                         []byte("package p // mine\n"),
		".graphgen-stage-abandoned/0":       nil, // staged by a killed run
		".graphgen-stage-abandoned/journal": nil,
	}
	for name, b := range mine {
		if b == nil {
			b = gen("// abandoned\n")
		}
		writeFile(t, filepath.Join(dir, name), b)
	}
	before := readDir(t, dir)
	if _, err := Write(dir, map[string][]byte{"p/a.go": gen("// a\n")}); err != nil {
		t.Fatal(err)
	}
	if err := Recover(dir); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"p/a.go": string(gen("// a\n"))}
	for name, b := range before {
		if filepath.Dir(name) != ".graphgen-stage-abandoned" {
			want[name] = b
		}
	}
	if d := cmp.Diff(want, readDir(t, dir)); d != "" {
		t.Errorf("disk after Write (-want +got):\n%s", d)
	}
}

// TestWriteLeavesEveryHandWrittenFile: in an output folder full of files
// graphgen did not write (no header, a header not on the first line, a
// BOM before it, an empty .go file, a symbolic link to a generated file
// elsewhere, generated files in a subfolder, other extensions), a Write that
// adds, changes and removes generated files changes none of them.
func TestWriteLeavesEveryHandWrittenFile(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	target := filepath.Join(elsewhere, "gen.go")
	writeFile(t, target, gen("// somebody else's generated file\n"))
	hand := map[string][]byte{
		"p/hand.go":        []byte("package p // mine\n"),
		"p/late_header.go": []byte("package p\n" + Header + "\n"),
		"p/bom.go":         append([]byte("\ufeff"), gen("")...),
		"p/space.go":       append([]byte(" "), gen("")...),
		"p/empty.go":       {},
		"p/notes.md":       gen(""),
		"p/sub/old.go":     gen("// a generated file one folder down\n"),
		"p/a.go.orig":      gen("// a backup\n"),
	}
	for name, b := range hand {
		writeFile(t, filepath.Join(dir, name), b)
	}
	if err := os.Symlink(target, filepath.Join(dir, "p/link.go")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	writeFile(t, filepath.Join(dir, "p/stale.go"), gen("// stale\n"))
	writeFile(t, filepath.Join(dir, "p/a.go"), gen("// old a\n"))
	before := readDir(t, dir)

	rep, err := Write(dir, map[string][]byte{"p/a.go": gen("// new a\n"), "p/b.go": gen("// b\n")})
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&Report{Written: []string{"p/a.go", "p/b.go"}, Removed: []string{"p/stale.go"}}, rep); d != "" {
		t.Errorf("report (-want +got):\n%s", d)
	}
	after := readDir(t, dir)
	for name := range hand {
		if after[name] != before[name] {
			t.Errorf("%s changed", name)
		}
	}
	if l, err := os.Readlink(filepath.Join(dir, "p/link.go")); err != nil || l != target {
		t.Errorf("p/link.go is no longer the link: %q, %v", l, err)
	}
	if b, _ := os.ReadFile(target); string(b) != string(gen("// somebody else's generated file\n")) {
		t.Errorf("the link's target changed: %q", b)
	}
	if _, ok := after["p/stale.go"]; ok {
		t.Errorf("p/stale.go was not removed")
	}
	if after["p/a.go"] != string(gen("// new a\n")) || after["p/b.go"] != string(gen("// b\n")) {
		t.Errorf("generated files: a %q, b %q", after["p/a.go"], after["p/b.go"])
	}
}
