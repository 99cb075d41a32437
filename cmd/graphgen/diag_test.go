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

// brokenExamples is an operation page on specs' user type with three
// broken examples: a URL no endpoint matches and a function argument of
// the wrong type (the client cannot replay them), a property user does not
// have (the client sends it as additional data).
const brokenExamples = "# Rename user\n\nNamespace: microsoft.graph\n\nRename a user.\n\n## HTTP request\n\n```http\nPATCH /users/{id}\nPOST /users/{id}/rename(times={times})\n```\n\n" +
	"## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n|times|Int32|How often.|\n\n" +
	"## Request body\n\nIn the request body, supply a JSON representation of the [user](resources/user.md) object.\n\n" +
	"## Response\n\nIf successful, this method returns a `204 No Content` response code.\n\n## Examples\n\n" +
	"```http\nPATCH https://graph.microsoft.com/v1.0/people/u1\n\n{}\n```\n\n```http\nHTTP/1.1 204 No Content\n```\n\n" +
	"```http\nPATCH https://graph.microsoft.com/v1.0/users/u1\n\n{ \"shoeSize\": 44 }\n```\n\n```http\nHTTP/1.1 204 No Content\n```\n\n" +
	"```http\nPOST https://graph.microsoft.com/v1.0/users/u1/rename(times=twice)\n\n{}\n```\n\n```http\nHTTP/1.1 204 No Content\n```\n"

// TestExampleDiagnosticsCheckAndGenerate: check reports the example
// problems of a page (with file:line), and generate prints the same
// example-* lines and writes a test that skips with each unsendable
// example's reason.
func TestExampleDiagnosticsCheckAndGenerate(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
	specs := filepath.Join(dir, "specs")
	copyTree(t, "../../specs", specs)
	page := filepath.Join(specs, "user-rename.md")
	put(t, page, brokenExamples)
	pg := filepath.ToSlash(page)
	examples := func(out string) []string {
		var ls []string
		for _, l := range diagLines(out) {
			if strings.Contains(l, ": example-") && strings.HasPrefix(l, pg+":") {
				ls = append(ls, l)
			}
		}
		return ls
	}
	_, stdout, _ := runCmd(t, "check", specs)
	checked := examples(stdout)
	want := []string{
		pg + ":31:1: warning: example-unmatched: example 1: the example's PATCH https://graph.microsoft.com/v1.0/people/u1 matches none of the page's endpoints; its generated test is skipped",
		pg + ":41:1: warning: example-unknown-property: example 2: request body: property \"shoeSize\" is not a property of user; the client sends it as additional data",
		pg + ":51:1: warning: example-type-mismatch: example 3: argument times: expected an integer, got \"twice\"; its generated test is skipped",
	}
	if !slices.Equal(checked, want) {
		t.Errorf("check's example diagnostics:\n%s\nwant\n%s", strings.Join(checked, "\n"), strings.Join(want, "\n"))
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "generate", "--specs", specs, "--out", out, "--include", "user-rename.md")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if got := examples(stderr); !slices.Equal(got, checked) {
		t.Errorf("generate's example diagnostics:\n%s\ncheck's:\n%s", strings.Join(got, "\n"), strings.Join(checked, "\n"))
	}
	test, err := os.ReadFile(filepath.Join(out, "graph", "op_user_rename_gen_test.go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(test, []byte("\tt.Skip(")); n != 2 {
		t.Errorf("%d tests skip, want 2:\n%s", n, test)
	}
	for _, reason := range []string{"matches none of the page's endpoints", `argument times: expected an integer, got \"twice\"`, `AdditionalData: map[string]json.RawMessage{"shoeSize": json.RawMessage("44")}`} {
		if !bytes.Contains(test, []byte(reason)) {
			t.Errorf("the test file lacks %q:\n%s", reason, test)
		}
	}
}
