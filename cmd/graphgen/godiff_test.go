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

func runGoDiffCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = runGoDiff(args, &o, &e)
	return code, o.String(), e.String()
}

// goDiffJSON is the part of `diff --go --format json` the tests read.
type goDiffJSON struct {
	OldPackage string         `json:"oldPackage"`
	Summary    map[string]int `json:"summary"`
	Changes    []struct {
		ID       string `json:"id"`
		Kind     string `json:"kind"`
		Breaking bool   `json:"breaking"`
		Old      string `json:"old"`
		New      string `json:"new"`
	} `json:"changes"`
}

// The internal/godiff cases used here: a removed function (breaking), a
// field added (not breaking), no change.
const (
	gdRemoved = "../../internal/godiff/testdata/func-removed"
	gdAdded   = "../../internal/godiff/testdata/field-added"
	gdSame    = "../../internal/godiff/testdata/no-change"
)

func TestHasGoFlag(t *testing.T) {
	tests := []struct {
		args []string
		want bool
	}{
		{[]string{"--go", "a", "b"}, true},
		{[]string{"a", "b", "--go"}, true},
		{[]string{"--format", "json", "--go=true", "a", "b"}, true},
		{[]string{"--go=1", "a", "b"}, true},
		{[]string{"--go=bogus", "a", "b"}, true}, // runGoDiff reports the bad value
		{[]string{"--go=false", "a", "b"}, false},
		{[]string{"a", "b"}, false},
		{[]string{"--", "--go", "b"}, false},
		{[]string{"--gopher", "a", "b"}, false},
		{nil, false},
	}
	for _, tt := range tests {
		if got := hasGoFlag(tt.args); got != tt.want {
			t.Errorf("hasGoFlag(%q) = %v, want %v", tt.args, got, tt.want)
		}
	}
}

// TestGoDiffHook: the hook runDiff calls takes --go command lines and
// leaves the others to the documentation diff.
func TestGoDiffHook(t *testing.T) {
	var o, e bytes.Buffer
	code, ok := goDiffHook([]string{"--go", gdRemoved + "/old", gdRemoved + "/new"}, &o, &e)
	if !ok || code != 1 || !strings.Contains(o.String(), "`Gone` removed") {
		t.Errorf("--go: (%d, %v), stdout %q stderr %q; want (1, true) and Gone removed", code, ok, o.String(), e.String())
	}
	o.Reset()
	e.Reset()
	if code, ok := goDiffHook([]string{"a", "b"}, &o, &e); ok || code != 0 || o.Len()+e.Len() > 0 {
		t.Errorf("no --go: (%d, %v), output %q %q; want (0, false) and nothing written", code, ok, o.String(), e.String())
	}
}

func TestGoDiffExitCodes(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		stdout  string // substring
		stderr  string // substring
		noStdio bool   // stdout must be empty
	}{
		{"breaking", []string{"--go", gdRemoved + "/old", gdRemoved + "/new"}, 1, "**1 change, 1 breaking**", "", false},
		{"breaking, fail-on breaking", []string{"--go", "--fail-on", "breaking", gdRemoved + "/old", gdRemoved + "/new"}, 1, "## Breaking changes (1)", "", false},
		{"compatible", []string{"--go", gdAdded + "/old", gdAdded + "/new"}, 1, "`Point.Z` added", "", false},
		{"compatible, fail-on breaking", []string{"--go", "--fail-on=breaking", gdAdded + "/old", gdAdded + "/new"}, 0, "**1 change, 0 breaking**", "", false},
		{"no change", []string{"--go", gdSame + "/old", gdSame + "/new"}, 0, "No change to the exported API.", "", false},
		{"same folder", []string{"--go", gdAdded + "/new", gdAdded + "/new"}, 0, "No change", "", false},
		{"help", []string{"--go", "--help"}, 0, "Usage: graphgen diff --go [flags] OLD NEW", "", false},
		{"bad format", []string{"--go", "--format", "yaml", "a", "b"}, 2, "", `graphgen diff --go: --format "yaml": want markdown or json`, true},
		{"bad fail-on", []string{"--go", "--fail-on", "some", "a", "b"}, 2, "", `--fail-on "some": want any or breaking`, true},
		{"bad --go value", []string{"--go=bogus", "a", "b"}, 2, "", `invalid argument "bogus"`, true},
		{"metadata flag", []string{"--go", "--metadata-old", "x.xml", "a", "b"}, 2, "", "unknown flag: --metadata-old", true},
		{"one folder", []string{"--go", "a"}, 2, "", "want two folders, OLD and NEW, got 1", true},
		{"missing folder", []string{"--go", "no/such/dir", gdAdded + "/new"}, 2, "", "graphgen diff --go: no/such/dir: no such file or directory", true},
		{"not a package", []string{"--go", gdAdded, gdAdded + "/new"}, 2, "", gdAdded + ": no Go package (no non-test .go file)", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runGoDiffCmd(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, tt.stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderr)
			}
			if tt.noStdio && stdout != "" {
				t.Errorf("stdout %q, want none on an error", stdout)
			}
			if code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("usage error is not one line: %q", stderr)
			}
		})
	}
}

// TestGoDiffTypeError: a package that does not type-check is a read error
// naming the file:line.
func TestGoDiffTypeError(t *testing.T) {
	dir := t.TempDir()
	src := "package graph\n\n// F is broken.\nfunc F() Missing { return nil }\n"
	if err := os.WriteFile(filepath.Join(dir, "f.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runGoDiffCmd(t, "--go", gdAdded+"/old", dir)
	want := "graphgen diff --go: " + dir + ": package graph does not type-check: " + filepath.Join(dir, "f.go") + ":4:10: undefined: Missing\n"
	if code != 2 || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing, %q", code, stdout, stderr, want)
	}
}

// TestGoDiffJSON: --format json carries the same entries.
func TestGoDiffJSON(t *testing.T) {
	code, stdout, stderr := runGoDiffCmd(t, "--go", "--format", "json", gdRemoved+"/old", gdRemoved+"/new")
	if code != 1 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var got goDiffJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatalf("%v\n%s", err, stdout)
	}
	if got.OldPackage != "p" || len(got.Changes) != 1 || got.Changes[0].ID != "Gone" || got.Changes[0].Kind != "removed" ||
		!got.Changes[0].Breaking || got.Changes[0].Old != "func Gone(name string) error" {
		t.Errorf("got %+v", got)
	}
	if d := cmp.Diff(map[string]int{"changes": 1, "breaking": 1, "removed": 1, "changed": 0, "added": 0}, got.Summary); d != "" {
		t.Errorf("summary (-want +got):\n%s", d)
	}
}

// graphDocs is the real documentation: $GRAPHGEN_DOCS, or ../shared/graph-docs
// beside the module; the test is skipped when it is absent.
func graphDocs(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("GRAPHGEN_DOCS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "graph-docs")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real docs not found at %s (set GRAPHGEN_DOCS): %v", dir, err)
	}
	return dir
}

// TestGoDiffSeedRevisions is issue 12's acceptance test: the seed operation
// generated from its 2018-09 and its 2021-07 page (with each revision's
// resources/ folder for the types), then diff --go on the two packages.
func TestGoDiffSeedRevisions(t *testing.T) {
	docs := graphDocs(t)
	out := t.TempDir()
	gen := func(rev, page string) string {
		beta := filepath.Join(docs, rev, "api-reference", "beta")
		dir := filepath.Join(out, rev)
		code, _, stderr := runCmd(t, "generate",
			"--specs", filepath.Join(beta, "resources"),
			"--specs", filepath.Join(beta, "api", page),
			"--include", page, "--out", dir)
		if code != 0 {
			t.Fatalf("generate %s: exit %d: %s", rev, code, stderr)
		}
		return filepath.Join(dir, "graph")
	}
	oldPkg := gen("2018-09", "intune_deviceconfig_deviceconfigurationassignment_update.md")
	newPkg := gen("2021-07", "intune-deviceconfig-deviceconfigurationassignment-update.md")

	const (
		removed = "Client.UpdateDeviceManagementDeviceConfigurationAsMacOSScepCertificateProfileRootCertificateAssignment"
		added1  = "Client.UpdateDeviceManagementDeviceConfigurationAsMacOSWiredNetworkConfigurationIdentityCertificateForClientAuthenticationAssignment"
		added2  = "Client.UpdateDeviceManagementDeviceConfigurationAsMacOSWiredNetworkConfigurationRootCertificateForServerValidationAssignment"
		sig     = "(ctx context.Context, deviceConfigurationID string, deviceConfigurationAssignmentID string, body *DeviceConfigurationAssignment, opts ...RequestOption) (*DeviceConfigurationAssignment, error)"
	)
	code, stdout, stderr := runGoDiffCmd(t, "--go", "--format", "json", oldPkg, newPkg)
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr)
	}
	var got goDiffJSON
	if err := json.Unmarshal([]byte(stdout), &got); err != nil {
		t.Fatal(err)
	}
	type entry struct {
		Kind     string
		Breaking bool
		Old, New string
	}
	byID := map[string]entry{}
	var breaking []string
	for _, c := range got.Changes {
		byID[c.ID] = entry{c.Kind, c.Breaking, c.Old, c.New}
		if c.Breaking {
			breaking = append(breaking, c.ID)
		}
	}
	method := func(id string) string { return "func (*Client)." + strings.TrimPrefix(id, "Client.") + sig }
	want := map[string]entry{
		removed: {"removed", true, method(removed), ""},
		added1:  {"added", false, "", method(added1)},
		added2:  {"added", false, "", method(added2)},
		// The read-only properties source and sourceId appeared.
		"DeviceConfigurationAssignment.Source":   {"added", false, "", "field Source Nullable[DeviceAndAppManagementAssignmentSource]"},
		"DeviceConfigurationAssignment.SourceID": {"added", false, "", "field SourceID Nullable[string]"},
	}
	for id, w := range want {
		if d := cmp.Diff(w, byID[id]); d != "" {
			t.Errorf("%s (-want +got):\n%s", id, d)
		}
	}
	// The only breaking changes are the removed method and its
	// Permissions variable; the methods of the endpoints both revisions
	// document are unchanged.
	if d := cmp.Diff([]string{removed, strings.TrimPrefix(removed, "Client.") + "Permissions"}, breaking); d != "" {
		t.Errorf("breaking (-want +got):\n%s", d)
	}
	if _, ok := byID["Client.UpdateDeviceManagementDeviceConfigurationAssignment"]; ok {
		t.Error("the seed's main method is reported as changed")
	}
	if got.Summary["removed"] != 2 || got.Summary["breaking"] != 2 {
		t.Errorf("summary %v: want 2 removed, 2 breaking", got.Summary)
	}

	// --fail-on breaking still fails; the same package against itself is no change.
	if code, _, stderr := runGoDiffCmd(t, "--go", "--fail-on", "breaking", oldPkg, newPkg); code != 1 {
		t.Errorf("--fail-on breaking: exit %d, want 1 (%s)", code, stderr)
	}
	if code, stdout, stderr := runGoDiffCmd(t, "--go", newPkg, newPkg); code != 0 || !strings.Contains(stdout, "No change to the exported API.") {
		t.Errorf("new against new: exit %d, stdout %q, stderr %q; want 0 and no change", code, stdout, stderr)
	}
}
