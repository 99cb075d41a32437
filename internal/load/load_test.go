package load

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
)

func write(t *testing.T, file string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

const page = "# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n"

// TestPageTooLarge: a page one byte over MaxPageSize is not parsed; it is a
// document with one page-too-large error. A page of exactly MaxPageSize is
// parsed.
func TestPageTooLarge(t *testing.T) {
	dir := t.TempDir()
	// Filler: short paragraphs, within the parser's own limits.
	filler := bytes.Repeat([]byte("\n"+strings.Repeat("x", 62)+"\n"), MaxPageSize/64+1)
	big := append([]byte(page), filler[:MaxPageSize+1-len(page)]...)
	write(t, filepath.Join(dir, "big.md"), big)
	write(t, filepath.Join(dir, "limit.md"), big[:MaxPageSize])
	pages, err := Pages([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 2 {
		t.Fatalf("%d pages", len(pages))
	}
	d := pages[0].Doc
	want := model.Diagnostic{Pos: model.Pos{Line: 1, Col: 1}, Severity: model.SevError, Code: "page-too-large",
		Message: "page is 8388609 bytes, over the 8388608-byte limit; not parsed"}
	if d.Path != "big.md" || d.Kind != model.KindOther || d.Title != "" || len(d.Diagnostics) != 1 || d.Diagnostics[0] != want {
		t.Errorf("big.md: %+v", d)
	}
	if d := pages[1].Doc; d.Path != "limit.md" || d.Kind != model.KindResource || d.TypeName != "widget" {
		t.Errorf("limit.md: path %q kind %q type %q", d.Path, d.Kind, d.TypeName)
	}
}

// TestSymlinkLoop: links to folders (a loop back to the root, a link to the
// parent) are not walked, so the walk ends with each real page once; a link
// to a page is read.
func TestSymlinkLoop(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "specs")
	write(t, filepath.Join(root, "a.md"), []byte(page))
	write(t, filepath.Join(root, "sub", "b.md"), []byte(page))
	write(t, filepath.Join(dir, "outside.md"), []byte(page))
	for link, target := range map[string]string{
		"sub/loop.md": root, // a folder named like a page
		"sub/loop":    root, // back to the root
		"sub/up":      "..", // relative, to the parent
		"self":        ".",  // to itself
		"c.md":        filepath.Join(dir, "outside.md"),
		"dangling.md": filepath.Join(dir, "missing.md"),
		"sub/deep/x":  filepath.Join(root, "sub"),
	} {
		p := filepath.Join(root, link)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, p); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	pages, err := Pages([]string{root})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range pages {
		got = append(got, p.Doc.Path+"="+string(p.Doc.Kind))
	}
	if s := strings.Join(got, " "); s != "a.md=resource c.md=resource sub/b.md=resource" {
		t.Errorf("pages: %s", s)
	}
}
