package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const leakTable = "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n" +
	"|Delegated (work or school account)|Leaked.Secret.All|Not available.|\n|Application|Leaked.Secret.All|Not available.|\n"

// includePage is an operation page of a version folder's api/ whose
// Permissions section includes target.
func includePage(title, endpoint, target string) string {
	return "# " + title + "\n\nNamespace: microsoft.graph\n\nDoes it.\n\n## Permissions\n\n" +
		"<!-- { \"blockType\": \"permissions\", \"name\": \"x\" } -->\n[!INCLUDE [permissions-table](" + target + ")]\n\n" +
		"## HTTP request\n\n```http\n" + endpoint + "\n```\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
}

// TestIncludesThroughTheCommand (issue 17 item 5): pages whose permission
// include leaves the docs root (the version folder above api/), by
// ../../outside/file.md or by a symbolic link to it, get an error from
// check at the include line, and the file's text appears in no output of
// check, ir, scopes or generate, nor in a generated file: its methods'
// Permissions are Unknown. An include inside the root is read.
func TestIncludesThroughTheCommand(t *testing.T) {
	dir := t.TempDir()
	docs := filepath.Join(dir, "docs")
	v := filepath.Join(docs, "v1.0")
	put(t, filepath.Join(docs, "outside", "file.md"), leakTable)
	put(t, filepath.Join(v, "includes", "permissions", "ok.md"), strings.ReplaceAll(leakTable, "Leaked.Secret.All", "Widget.Read.All"))
	put(t, filepath.Join(v, "api", "widget-get.md"), includePage("Get widget", "GET /widgets/{id}", "../../outside/file.md"))
	put(t, filepath.Join(v, "api", "widget-list.md"), includePage("List widgets", "GET /widgets", "../includes/permissions/link.md"))
	put(t, filepath.Join(v, "api", "widget-delete.md"), includePage("Delete widget", "DELETE /widgets/{id}", "../includes/permissions/ok.md"))
	if err := os.Symlink(filepath.Join(docs, "outside", "file.md"), filepath.Join(v, "includes", "permissions", "link.md")); err != nil {
		t.Skipf("no symbolic links here: %v", err)
	}
	noLeak := func(what, s string) {
		t.Helper()
		if strings.Contains(s, "Leaked") {
			t.Errorf("%s shows the outside file's text:\n%s", what, s)
		}
	}
	code, stdout, stderr := runCmd(t, "check", v)
	if code != 1 {
		t.Errorf("check: exit %d, want 1 (errors); stderr %q", code, stderr)
	}
	for _, want := range []string{
		filepath.Join(v, "api", "widget-get.md") + ":10:1: error: permission-include-refused: permission include ../../outside/file.md (line 10) is refused: it resolves outside the docs root " + v + " (it is ../outside/file.md from there); it is not read\n",
		filepath.Join(v, "api", "widget-list.md") + ":10:1: error: permission-include-refused: permission include ../includes/permissions/link.md (line 10) is refused: it resolves outside the docs root " + v + " through a symbolic link on the way to includes/permissions/link.md; it is not read\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "widget-delete.md") || strings.Contains(stdout, "includes/permissions/ok.md") {
		t.Errorf("check reports the page whose include is inside, or an include file as a page:\n%s", stdout)
	}
	noLeak("check", stdout+stderr)
	code, stdout, stderr = runCmd(t, "ir", filepath.Join(v, "api"))
	if code != 0 || !strings.Contains(stdout, `"Widget.Read.All"`) {
		t.Errorf("ir: exit %d, the included scopes missing; stderr %q", code, stderr)
	}
	noLeak("ir", stdout+stderr)
	code, stdout, stderr = runCmd(t, "scopes", "--specs", v)
	if code != 0 {
		t.Errorf("scopes: exit %d: %s", code, stderr)
	}
	noLeak("scopes", stdout+stderr)
	out := filepath.Join(dir, "out")
	code, stdout, stderr = runCmd(t, "generate", "--specs", v, "--out", out)
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	noLeak("generate", stdout+stderr)
	unknown := 0
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		noLeak(p, string(b))
		unknown += strings.Count(string(b), "Permissions{Unknown: true}")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if unknown != 2 {
		t.Errorf("%d methods with Unknown permissions, want the two whose include was refused", unknown)
	}
}

// TestCheckContrib: graphgen check on the sample of today's docs reports
// no permissions error, and no include file as a page (title-missing).
func TestCheckContrib(t *testing.T) {
	sample := filepath.Join(graphDocs(t), "contrib-2026")
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("the contrib-2026 sample is absent: %v", err)
	}
	for _, v := range []string{"beta", "v1.0"} {
		_, stdout, stderr := runCmd(t, "check", filepath.Join(sample, v))
		for _, l := range strings.Split(stdout, "\n") {
			if strings.Contains(l, ": error: ") && strings.Contains(l, "permission") || strings.Contains(l, "title-missing") {
				t.Errorf("%s", l)
			}
		}
		if stderr != "" {
			t.Errorf("check %s: %s", v, stderr)
		}
	}
}
