package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
)

// diagPages is specs/ plus three pages: ping.md, an operation page whose
// method is lower case (endpoint-method-case, info) and which has no
// Response section (response-missing, warning); broken.md, an operation
// page without an endpoint (endpoint-missing, error), excluded from the
// package; orphan.md, a resource page no operation uses, with a row
// missing a cell (table-row-cells, warning).
func diagPages(t *testing.T) (specs string) {
	t.Helper()
	dir := t.TempDir()
	put(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
	specs = filepath.Join(dir, "specs")
	copyTree(t, "../../specs", specs)
	put(t, filepath.Join(specs, "ping.md"), "# Ping user\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\npost /users/{id}/ping\n```\n")
	put(t, filepath.Join(specs, "broken.md"), "# Broken\n\n## HTTP request\n\nSee elsewhere.\n")
	put(t, filepath.Join(specs, "resources", "orphan.md"), "# orphan resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|a|String|\n")
	return specs
}

// diagLines are the diagnostic lines of an output (text format).
func diagLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, ": warning: ") || strings.Contains(l, ": error: ") || strings.Contains(l, ": info: ") {
			out = append(out, l)
		}
	}
	return out
}

// TestGeneratePrintsDiagnostics: generate prints the parser's, the
// linker's and the generator's diagnostics in check's format, sorted,
// each once: every error (also of a page it does not generate), warnings
// about the pages it generates from, info only with --verbose; the same
// lines check prints about those pages. Exit 0 when it wrote code; with
// --strict an error stops it before writing, with exit 1.
func TestGeneratePrintsDiagnostics(t *testing.T) {
	specs := diagPages(t)
	out := filepath.Join(filepath.Dir(specs), "out")
	ping := filepath.ToSlash(filepath.Join(specs, "ping.md"))
	broken := filepath.ToSlash(filepath.Join(specs, "broken.md"))
	orphan := filepath.ToSlash(filepath.Join(specs, "resources", "orphan.md"))

	code, _, stderr := runCmd(t, "generate", "--specs", specs, "--out", out, "--exclude", "broken.md")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	got := diagLines(stderr)
	for _, want := range []string{
		ping + ":1:1: warning: response-missing: ",
		broken + ":1:1: error: endpoint-missing: ",
	} {
		if !slices.ContainsFunc(got, func(l string) bool { return strings.HasPrefix(l, want) }) {
			t.Errorf("generate does not print %q:\n%s", want, stderr)
		}
	}
	for _, l := range got {
		if strings.Contains(l, orphan) || strings.Contains(l, ": info: ") {
			t.Errorf("generate prints %q (an unused page's warning, or info without --verbose)", l)
		}
	}
	if !strings.Contains(stderr, "(1 error diagnostic(s), ") {
		t.Errorf("the summary does not count the error:\n%s", stderr)
	}
	// Sorted by file, then position; no line twice.
	sorted := slices.IsSortedFunc(got, func(a, b string) int {
		pa, _, _ := strings.Cut(a, ".md:")
		pb, _, _ := strings.Cut(b, ".md:")
		return strings.Compare(pa, pb)
	})
	if !sorted || len(slices.Compact(slices.Clone(got))) != len(got) {
		t.Errorf("diagnostics not sorted, or repeated:\n%s", strings.Join(got, "\n"))
	}
	// check prints the same lines about the page generate generated.
	_, stdout, _ := runCmd(t, "check", specs)
	for _, l := range diagLines(stdout) {
		if strings.HasPrefix(l, ping+":") && !strings.Contains(l, ": info: ") && !slices.Contains(got, l) {
			t.Errorf("check prints %q; generate does not", l)
		}
	}
	if !strings.Contains(stdout, orphan+":9:1: warning: table-row-cells: ") {
		t.Errorf("check does not print the orphan's warning:\n%s", stdout)
	}

	// --verbose adds info.
	_, _, stderr = runCmd(t, "generate", "--specs", specs, "--out", out, "--exclude", "broken.md", "-v")
	if !strings.Contains(stderr, ping+":8:1: info: endpoint-method-case: ") {
		t.Errorf("-v does not print the info:\n%s", stderr)
	}
	// --format github.
	_, _, stderr = runCmd(t, "generate", "--specs", specs, "--out", out, "--exclude", "broken.md", "--format", "github")
	if !strings.Contains(stderr, "::error file="+ghProperty(broken)+",line=1,col=1,title=graphgen endpoint-missing::") {
		t.Errorf("--format github:\n%s", stderr)
	}
	// --strict: the error stops the run; nothing is written.
	os.Remove(filepath.Join(out, "graph", "doc.go"))
	code, _, stderr = runCmd(t, "generate", "--specs", specs, "--out", out, "--exclude", "broken.md", "--strict")
	if code != 1 || !strings.Contains(stderr, "--strict and 1 error diagnostic(s): nothing was written") {
		t.Errorf("--strict: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "graph", "doc.go")); !os.IsNotExist(err) {
		t.Errorf("--strict wrote doc.go")
	}
	// Without the error, --strict writes.
	os.Remove(filepath.Join(specs, "broken.md"))
	if code, _, stderr = runCmd(t, "generate", "--specs", specs, "--out", out, "--strict"); code != 0 {
		t.Errorf("--strict without errors: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "graph", "doc.go")); err != nil {
		t.Errorf("doc.go not written back: %v", err)
	}
}

// TestDiagnosticOneLine: a message quoting a newline stays on one line.
func TestDiagnosticOneLine(t *testing.T) {
	var b bytes.Buffer
	printDiag(&b, "text", model.Diagnostic{Path: "a.md", Pos: model.Pos{Line: 1, Col: 2}, Severity: model.SevWarning, Code: "x", Message: "a\nb\r\u2028c"})
	if got, want := b.String(), "a.md:1:2: warning: x: a\\nb\\r\\u2028c\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
