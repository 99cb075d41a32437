package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return code, o.String(), e.String()
}

const seed = "../../specs/update-deviceconfigurationassignment.md"

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		args      []string
		code      int
		stderrHas string
		stdoutHas string
	}{
		{args: nil, code: 2, stderrHas: "Usage:"},
		{args: []string{"--help"}, code: 0, stdoutHas: "graphgen generate"},
		{args: []string{"frobnicate"}, code: 2, stderrHas: `unknown command "frobnicate"`},
		{args: []string{"ir", "--bogus", seed}, code: 2, stderrHas: "unknown flag: --bogus"},
		{args: []string{"ir"}, code: 2, stderrHas: "no PATH given"},
		{args: []string{"ir", "no/such/dir"}, code: 2, stderrHas: "graphgen ir: no/such/dir: no such file or directory"},
		{args: []string{"check", "no/such.md"}, code: 2, stderrHas: "graphgen check: no/such.md: no such file or directory"},
		{args: []string{"ir", "--help"}, code: 0, stdoutHas: "Usage: graphgen ir [--metadata FILE] PATH..."},
		{args: []string{"check", "--help"}, code: 0, stdoutHas: "Usage: graphgen check [--metadata FILE] [--format text|github] PATH..."},
		{args: []string{"generate", "--help"}, code: 0, stdoutHas: "--include"},
		{args: []string{"diff", "--help"}, code: 0, stdoutHas: "Usage: graphgen diff"},
		{args: []string{"generate", "--package", "9lives"}, code: 2, stderrHas: `--package "9lives" is not a valid Go package name`},
		{args: []string{"generate", "--include", "[x"}, code: 2, stderrHas: `bad glob "[x"`},
		{args: []string{"generate", "--specs", "no/such/dir"}, code: 2, stderrHas: "no/such/dir: no such file or directory"},
		{args: []string{"generate", "extra"}, code: 2, stderrHas: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderrHas)
			}
			if !strings.Contains(stdout, tt.stdoutHas) {
				t.Errorf("stdout %q lacks %q", stdout, tt.stdoutHas)
			}
			if n := strings.Count(stdout, "Usage:"); n > 1 {
				t.Errorf("help printed %d times:\n%s", n, stdout)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && tt.args != nil {
				t.Errorf("usage error is not one line: %q", stderr)
			}
		})
	}
}

// TestIRSeed checks the JSON interface on the seed page: the figures issue 2
// asks for, through the documented keys.
func TestIRSeed(t *testing.T) {
	code, stdout, stderr := runCmd(t, "ir", seed)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Documents []struct {
			Path      string `json:"path"`
			Kind      string `json:"kind"`
			Title     string `json:"title"`
			Endpoints []struct {
				Method string   `json:"method"`
				Path   string   `json:"path"`
				Params []string `json:"params"`
			} `json:"endpoints"`
			Permissions []struct {
				Type   string   `json:"type"`
				Scopes []string `json:"scopes"`
			} `json:"permissions"`
			RequestBody struct {
				Properties []struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"requestBody"`
			Response struct {
				Status int `json:"status"`
				Type   struct {
					Name       string `json:"name"`
					Collection bool   `json:"collection"`
				} `json:"type"`
			} `json:"response"`
			Examples []struct {
				Request struct {
					Method string `json:"method"`
				} `json:"request"`
				Response struct {
					Status int `json:"status"`
				} `json:"response"`
			} `json:"examples"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("ir output is not JSON: %v", err)
	}
	if len(got.Documents) != 1 {
		t.Fatalf("%d documents, want 1", len(got.Documents))
	}
	d := got.Documents[0]
	if d.Path != seed || d.Kind != "operation" || d.Title != "Update deviceConfigurationAssignment" {
		t.Errorf("path, kind, title = %q, %q, %q", d.Path, d.Kind, d.Title)
	}
	if len(d.Endpoints) != 8 {
		t.Fatalf("%d endpoints, want 8", len(d.Endpoints))
	}
	for _, e := range d.Endpoints {
		if e.Method != "PATCH" || !cmp.Equal(e.Params, []string{"deviceConfigurationId", "deviceConfigurationAssignmentId"}) {
			t.Errorf("endpoint %s %s params %q", e.Method, e.Path, e.Params)
		}
	}
	type perm struct {
		Type   string
		Scopes []string
	}
	var perms []perm
	for _, p := range d.Permissions {
		perms = append(perms, perm{p.Type, p.Scopes})
	}
	wantPerms := []perm{
		{"delegatedWork", []string{"DeviceManagementConfiguration.ReadWrite.All"}},
		{"delegatedPersonal", []string{}},
		{"application", []string{}},
	}
	if diff := cmp.Diff(wantPerms, perms); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	var props []string
	for _, p := range d.RequestBody.Properties {
		props = append(props, p.Name)
	}
	if !cmp.Equal(props, []string{"id", "target"}) {
		t.Errorf("body properties %q", props)
	}
	if d.Response.Status != 200 || d.Response.Type.Name != "deviceConfigurationAssignment" || d.Response.Type.Collection {
		t.Errorf("response %+v", d.Response)
	}
	if len(d.Examples) != 1 || d.Examples[0].Request.Method != "PATCH" || d.Examples[0].Response.Status != 200 {
		t.Errorf("examples %+v", d.Examples)
	}
}

func TestIRSortsFolderPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"b.md", "a/z.md", "a.md", "skip.txt"} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte("# T\n\nSome text.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, stdout, stderr := runCmd(t, "ir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got struct {
		Documents []struct {
			Path string `json:"path"`
		} `json:"documents"`
	}
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, d := range got.Documents {
		paths = append(paths, d.Path)
	}
	if diff := cmp.Diff([]string{"a.md", "a/z.md", "b.md"}, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.md")
	// An HTTP request section whose endpoint line is not METHOD /path.
	page := "# Get thing\n\n## HTTP request\n```http\nFETCH thing\n```\n"
	if err := os.WriteFile(bad, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ := runCmd(t, "check", bad)
	if code != 1 {
		t.Errorf("check on a bad page: exit %d, want 1; output:\n%s", code, stdout)
	}
	// Sorted by position; the bad line is named, and the page as a whole has no endpoint.
	want := bad + ":1:1: error: endpoint-missing: "
	if !strings.HasPrefix(stdout, want) || !strings.Contains(stdout, "\n"+bad+":5:1: warning: endpoint-malformed: ") {
		t.Errorf("check output:\n%s\nwant it to start with %q and name line 5 as endpoint-malformed", stdout, want)
	}
	code, stdout, _ = runCmd(t, "check", seed)
	if code != 0 {
		t.Errorf("check on the seed: exit %d, want 0; output:\n%s", code, stdout)
	}
}

// TestGenerate runs generate into a temporary module and checks --check,
// stale-file removal and that hand-written files are left alone.
func TestGenerate(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "go.mod"), "module example.com/m\n")
	specs := filepath.Join(dir, "specs")
	copyTree(t, "../../specs", specs)
	out := filepath.Join(dir, "out")
	code, _, stderr := runCmd(t, "generate", "--specs", specs, "--out", out, "--package", "client")
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(filepath.Join(out, "client", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(doc, []byte("// Code generated by graphgen. DO NOT EDIT.\n")) {
		t.Errorf("doc.go starts %q", doc[:min(len(doc), 60)])
	}
	if !bytes.Contains(doc, []byte("\n//go:generate go tool graphgen generate --specs ../../specs --out .. --package client\n")) {
		t.Errorf("doc.go lacks the go:generate line:\n%s", doc)
	}

	code, stdout, stderr := runCmd(t, "generate", "--specs", specs, "--out", out, "--package", "client", "--check")
	if code != 0 || stdout != "" {
		t.Fatalf("--check right after generate: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}

	// A stale generated file, an edited generated file and a hand-written one.
	stale := filepath.Join(out, "client", "old_op.go")
	if err := os.WriteFile(stale, []byte("// Code generated by graphgen. DO NOT EDIT.\n\npackage client\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(out, "client", "mine.go")
	if err := os.WriteFile(mine, []byte("package client\n\n// Mine is hand-written.\nconst Mine = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	edited := filepath.Join(out, "client", "doc.go")
	if err := os.WriteFile(edited, append(doc, "// edited\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, _ = runCmd(t, "generate", "--specs", specs, "--out", out, "--package", "client", "--check")
	if code != 1 {
		t.Errorf("--check on stale output: exit %d, want 1", code)
	}
	for _, want := range []string{"--- a/client/doc.go\n+++ b/client/doc.go\n", "-// edited\n", "--- a/client/old_op.go\n+++ /dev/null\n"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("--check diff lacks %q:\n%s", want, stdout)
		}
	}
	if code, _, stderr := runCmd(t, "generate", "--specs", specs, "--out", out, "--package", "client"); code != 0 {
		t.Fatalf("second generate: exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale generated file still there (err %v)", err)
	}
	if b, err := os.ReadFile(mine); err != nil || !bytes.Contains(b, []byte("const Mine = 1")) {
		t.Errorf("hand-written file changed: %q, %v", b, err)
	}
	if b, _ := os.ReadFile(edited); !bytes.Equal(b, doc) {
		t.Errorf("edited doc.go not restored")
	}

	// A hand-written file where graphgen wants to write: refused, nothing written.
	if err := os.WriteFile(edited, []byte("package client\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCmd(t, "generate", "--specs", specs, "--out", out, "--package", "client")
	if code != 1 || !strings.Contains(stderr, "refusing to overwrite") {
		t.Errorf("generate over a hand-written doc.go: exit %d, stderr %q", code, stderr)
	}
	if b, _ := os.ReadFile(edited); string(b) != "package client\n" {
		t.Errorf("hand-written doc.go was overwritten")
	}
}

// TestGenerateSelection: --exclude of the only operation page leaves a
// package without its methods, and --include of it brings them back.
func TestGenerateSelection(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := runCmd(t, "generate", "--specs", "../../specs", "--out", out, "--exclude", "update-*.md")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	without := readAll(t, filepath.Join(out, "graph"))
	code, _, stderr = runCmd(t, "generate", "--specs", "../../specs", "--out", out, "--include", "update-deviceconfigurationassignment.md", "--force")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	with := readAll(t, filepath.Join(out, "graph"))
	if strings.Contains(without, "func (c *Client) Update") {
		t.Errorf("--exclude left an Update method")
	}
	if !strings.Contains(with, "func (c *Client) UpdateDeviceManagementDeviceConfigurationAssignment(") {
		t.Errorf("--include lacks UpdateDeviceManagementDeviceConfigurationAssignment")
	}
}

func readAll(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(b)
	}
	return sb.String()
}

func TestGoGenerateLine(t *testing.T) {
	repo := t.TempDir()
	if err := os.WriteFile(filepath.Join(repo, "go.mod"), []byte("module example.com/x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, why := goGenerateLine(repo, filepath.Join(repo, "generated"), "graph", []string{filepath.Join(repo, "specs")}, []string{"*update*.md"}, nil, []string{filepath.Join(repo, "meta", "beta.xml")}, false)
	want := `go tool graphgen generate --specs ../../specs --out .. --package graph --include *update*.md --metadata ../../meta/beta.xml`
	if got != want || why != "" {
		t.Errorf("got  %s (%s)\nwant %s", got, why, want)
	}
	got, _ = goGenerateLine(repo, filepath.Join(repo, "internal"), "graph", []string{filepath.Join(repo, "testdata", "standin")}, nil, nil, nil, true)
	if want := `go tool graphgen generate --specs ../../testdata/standin --out .. --package graph --no-fake`; got != want {
		t.Errorf("--no-fake: got  %s\nwant %s", got, want)
	}
	// A path outside the module gives no line, and says why.
	got, why = goGenerateLine(repo, filepath.Join(repo, "generated"), "graph", []string{filepath.Dir(repo)}, nil, nil, nil, false)
	if got != "" || !strings.Contains(why, "outside the module") {
		t.Errorf("specs outside the module: %q, %q", got, why)
	}
}
