package load

import (
	"bytes"
	"encoding/json"
	"os"
	"path"
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

// incPage is an operation page of api/ whose Permissions section includes
// target.
func incPage(target string) []byte {
	return []byte("# Get widget\n\n## Permissions\n\n[!INCLUDE [permissions-table](" + target + ")]\n\n" +
		"## HTTP request\n\n```http\nGET /widgets/{id}\n```\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n")
}

const incTable = "---\ndescription: test\n---\n\n|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n" +
	"|Delegated (work or school account)|Widget.Read|Widget.ReadWrite|\n|Application|SECRET.Read.All|Not available.|\n"

// TestIncludes: a page's permission include is read relative to the page
// inside its docs root (the folder given, or the version folder above a
// folder or page named api/), through a symbolic link that stays inside;
// files under includes/ are not pages; an include outside the root, by
// ../ or by a symbolic link, is refused and its text appears nowhere; a
// missing one is an error naming it.
func TestIncludes(t *testing.T) {
	dir := t.TempDir()
	v := filepath.Join(dir, "docs", "v1.0")
	write(t, filepath.Join(v, "includes", "permissions", "widget-get-permissions.md"), []byte(incTable))
	write(t, filepath.Join(v, "includes", "snippets", "go", "snippet.md"), []byte("no title, not a page\n"))
	write(t, filepath.Join(dir, "outside", "file.md"), []byte(strings.ReplaceAll(incTable, "Widget", "Outside")))
	write(t, filepath.Join(v, "api", "ok.md"), incPage("../includes/permissions/widget-get-permissions.md"))
	write(t, filepath.Join(v, "api", "up.md"), incPage("../../../outside/file.md"))
	write(t, filepath.Join(v, "api", "missing.md"), incPage("../includes/permissions/missing-permissions.md"))
	write(t, filepath.Join(v, "api", "linked.md"), incPage("../includes/permissions/linked.md"))
	write(t, filepath.Join(v, "api", "inside.md"), incPage("../includes/permissions/inside.md"))
	if err := os.Symlink(filepath.Join(dir, "outside", "file.md"), filepath.Join(v, "includes", "permissions", "linked.md")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	if err := os.Symlink("widget-get-permissions.md", filepath.Join(v, "includes", "permissions", "inside.md")); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{v}, {filepath.Join(v, "api")}, {
		filepath.Join(v, "api", "inside.md"), filepath.Join(v, "api", "linked.md"), filepath.Join(v, "api", "missing.md"),
		filepath.Join(v, "api", "ok.md"), filepath.Join(v, "api", "up.md")}} {
		pages, err := Pages(args)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, p := range pages {
			d := p.Doc
			js, _ := json.Marshal(d)
			if strings.Contains(string(js), "Outside") || strings.Contains(string(js), "SECRET") && !strings.HasSuffix(d.Path, "ok.md") && !strings.HasSuffix(d.Path, "inside.md") {
				t.Errorf("%s: the IR holds text of a file it must not read: %s", d.Path, js)
			}
			s := path.Base(d.Path) + "="
			switch {
			case len(d.Permissions) > 0:
				s += d.Permissions[0].Scopes[0]
			case d.PermissionsUnknown:
				s += "unknown"
			}
			for _, dg := range d.Diagnostics {
				s += " " + dg.Code
				if dg.Line != 5 {
					t.Errorf("%s: %s at line %d, want the include line 5", d.Path, dg.Code, dg.Line)
				}
				if strings.Contains(dg.Message, "Outside") || strings.Contains(dg.Message, "SECRET") {
					t.Errorf("%s: message quotes a file it must not read: %s", d.Path, dg.Message)
				}
			}
			got = append(got, s)
		}
		want := "inside.md=Widget.Read linked.md=unknown permission-include-refused missing.md=unknown permission-include-missing ok.md=Widget.Read up.md=unknown permission-include-refused"
		if s := strings.Join(got, " "); s != want {
			t.Errorf("%v:\n got %s\nwant %s", args, s, want)
		}
	}
}
