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

// diffCases are apidiff's golden cases: testdata/<case>/{old,new}.
const diffCases = "../../internal/apidiff/testdata"

func runDiffCmd(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = runDiff(args, &o, &e)
	return code, o.String(), e.String()
}

func TestDiffUsage(t *testing.T) {
	c := func(name string) string { return filepath.Join(diffCases, name) }
	tests := []struct {
		args      []string
		code      int
		stderrHas string
		stdoutHas string
	}{
		{args: nil, code: 2, stderrHas: "graphgen diff: want two paths, OLD and NEW, got 0"},
		{args: []string{c("unchanged/old")}, code: 2, stderrHas: "want two paths, OLD and NEW, got 1"},
		{args: []string{"a", "b", "c"}, code: 2, stderrHas: "got 3"},
		{args: []string{"--help"}, code: 0, stdoutHas: "Usage: graphgen diff [flags] OLD NEW"},
		{args: []string{"--bogus", "a", "b"}, code: 2, stderrHas: "graphgen diff: unknown flag: --bogus"},
		{args: []string{"--format", "yaml", "a", "b"}, code: 2, stderrHas: `graphgen diff: --format "yaml": want markdown or json`},
		{args: []string{"--fail-on", "all", "a", "b"}, code: 2, stderrHas: `graphgen diff: --fail-on "all": want any or breaking`},
		{args: []string{"--limit", "-1", "a", "b"}, code: 2, stderrHas: "graphgen diff: --limit -1: want 0 or more"},
		{args: []string{"no/such/old", c("unchanged/new")}, code: 2, stderrHas: "graphgen diff: no/such/old: no such file or directory"},
		{args: []string{c("unchanged/old"), "no/such/new.md"}, code: 2, stderrHas: "graphgen diff: no/such/new.md: no such file or directory"},
		{args: []string{"--metadata-old", "no/such/old.xml", c("unchanged/old"), c("unchanged/new")}, code: 2, stderrHas: "graphgen diff: --metadata: open no/such/old.xml: no such file or directory"},
		{args: []string{"--metadata-new", "no/such/new.xml", c("unchanged/old"), c("unchanged/new")}, code: 2, stderrHas: "graphgen diff: --metadata: open no/such/new.xml: no such file or directory"},
		{args: []string{"--metadata-new", c("unchanged/new/resources/widget.md"), c("unchanged/old"), c("unchanged/new")}, code: 2,
			stderrHas: "graphgen diff: " + filepath.ToSlash(c("unchanged/new/resources/widget.md")) + ":1:1: text outside the root element"},
		{args: []string{"--metadata-old"}, code: 2, stderrHas: "graphgen diff: flag needs an argument: --metadata-old"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runDiffCmd(tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stderr, tt.stderrHas) {
				t.Errorf("stderr %q lacks %q", stderr, tt.stderrHas)
			}
			if !strings.Contains(stdout, tt.stdoutHas) {
				t.Errorf("stdout %q lacks %q", stdout, tt.stdoutHas)
			}
			if tt.code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
				t.Errorf("usage error is not one line: %q", stderr)
			}
		})
	}
}

// TestDiffExitStatus checks the exit status for each --fail-on on cases with
// no change, only non-breaking changes, and breaking changes.
func TestDiffExitStatus(t *testing.T) {
	tests := []struct {
		name           string
		any, breaking  int
		summaryHasText string
	}{
		{"unchanged", 0, 0, "No changes (1 operation and 1 type in both revisions)."},
		{"additions-only", 1, 0, "**5 changes, 0 breaking**"}, // 4 and the application scopes (none -> one)
		{"request-properties", 1, 1, "**8 changes, 5 breaking**"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, n := filepath.Join(diffCases, tt.name, "old"), filepath.Join(diffCases, tt.name, "new")
			code, stdout, stderr := runDiffCmd(o, n)
			if code != tt.any || stderr != "" {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.any, stderr)
			}
			if !strings.Contains(stdout, tt.summaryHasText) {
				t.Errorf("output lacks %q:\n%s", tt.summaryHasText, stdout)
			}
			code, stdout2, _ := runDiffCmd("--fail-on", "breaking", o, n)
			if code != tt.breaking {
				t.Errorf("--fail-on breaking: exit %d, want %d", code, tt.breaking)
			}
			if stdout2 != stdout {
				t.Error("--fail-on breaking changed the output; it must print the same report")
			}
		})
	}
}

// TestDiffOutput checks that the command prints apidiff's renderings, with
// the arguments as labels.
func TestDiffOutput(t *testing.T) {
	dir := filepath.Join(diffCases, "endpoints-permissions")
	o, n := filepath.Join(dir, "old"), filepath.Join(dir, "new")

	want, err := os.ReadFile(filepath.Join(dir, "want.md"))
	if err != nil {
		t.Fatal(err)
	}
	wantMD := strings.Replace(string(want), "Old: `old`, new: `new`.", "Old: `"+o+"`, new: `"+n+"`.", 1)
	code, got, _ := runDiffCmd(o, n)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if d := cmp.Diff(wantMD, got); d != "" {
		t.Errorf("markdown (-want +got):\n%s", d)
	}

	code, got, _ = runDiffCmd("--format", "json", o, n)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	var doc struct {
		Old, New string
		Summary  struct {
			Changes, Breaking int
			ByKind            map[string]int
		}
		Changes []struct {
			Kind   string
			Item   string
			OldLoc struct {
				Path string
				Line int
			}
			NewLoc struct {
				Path string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(got), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, got)
	}
	if doc.Old != o || doc.New != n || doc.Summary.Changes != 8 || doc.Summary.Breaking != 2 || doc.Summary.ByKind["permission-added"] != 2 || doc.Summary.ByKind["scopes-changed"] != 3 {
		t.Errorf("json header: old %q new %q summary %+v", doc.Old, doc.New, doc.Summary)
	}
	if len(doc.Changes) == 0 || doc.Changes[0].Kind != "endpoint-removed" || doc.Changes[0].Item != "PATCH /me/widgets/{widgetId}" ||
		doc.Changes[0].OldLoc.Path != "api/update_widget.md" || doc.Changes[0].OldLoc.Line != 20 || doc.Changes[0].NewLoc.Path != "api/update-widget.md" {
		t.Errorf("first change: %+v", doc.Changes)
	}
}

func TestDiffLimit(t *testing.T) {
	dir := filepath.Join(diffCases, "operations")
	code, stdout, _ := runDiffCmd("--limit", "1", filepath.Join(dir, "old"), filepath.Join(dir, "new"))
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, s := range []string{"… and 4 more (limit 1;", "… and 5 more (limit 1;", "**11 changes, 5 breaking**"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("output lacks %q:\n%s", s, stdout)
		}
	}
	if n := strings.Count(stdout, "\n- "); n != 2 {
		t.Errorf("%d bullets with --limit 1, want 2 (one per section)", n)
	}
}

// TestDiffMetadata gives each revision its own metadata: the pages of the
// metadata-types case are the same on both sides, the metadata changes a
// property's type, drops a type and adds one.
func TestDiffMetadata(t *testing.T) {
	dir := filepath.Join(diffCases, "metadata-types")
	o, n := filepath.Join(dir, "old"), filepath.Join(dir, "new")
	mo, mn := filepath.Join(dir, "metadata-old.xml"), filepath.Join(dir, "metadata-new.xml")

	code, stdout, stderr := runDiffCmd(o, n)
	if code != 0 || !strings.Contains(stdout, "No changes (0 operations and 1 type in both revisions).") {
		t.Errorf("without metadata: exit %d (stderr %q), want 0 and no changes:\n%s", code, stderr, stdout)
	}

	// The metadata of one side only: every type it defines is compared.
	code, stdout, _ = runDiffCmd("--format", "json", "--metadata-new", mn, o, n)
	if code != 1 || !strings.Contains(stdout, `"item": "size"`) || !strings.Contains(stdout, `"name": "microsoft.graph.gadgetStats"`) {
		t.Errorf("--metadata-new only: exit %d:\n%s", code, stdout)
	}

	code, stdout, stderr = runDiffCmd("--format", "json", "--metadata-old", mo, "--metadata-new", mn, o, n)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, want 1 (stderr %q)", code, stderr)
	}
	var doc struct {
		Summary struct {
			Changes, Breaking int
			ByKind            map[string]int
		}
		Changes []struct {
			Kind, Name, Item, Old, New, Message string
			OldLoc, NewLoc                      *struct {
				Path string
				Line int
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
		t.Fatalf("json: %v\n%s", err, stdout)
	}
	if doc.Summary.Changes != 4 || doc.Summary.Breaking != 2 || doc.Summary.ByKind["type-added"] != 1 || doc.Summary.ByKind["type-removed"] != 1 {
		t.Errorf("summary %+v, want 4 changes, 2 breaking, a type added and one removed", doc.Summary)
	}
	// Metadata lines name the file as given on the command line.
	wantMeta := filepath.ToSlash(mn) + ":8"
	found := 0
	for _, c := range doc.Changes {
		switch {
		case c.Kind == "property-changed":
			found++
			if c.Item != "size" || c.Old != "Int32" || c.New != "Int64" || !strings.Contains(c.Message, wantMeta) ||
				c.OldLoc == nil || c.OldLoc.Path != "resources/gadget.md" || c.OldLoc.Line != 12 {
				t.Errorf("property change: %+v (want size Int32 -> Int64 at resources/gadget.md:12, naming %s)", c, wantMeta)
			}
		case c.Kind == "type-added":
			found++
			if c.Name != "microsoft.graph.gadgetStats" || c.NewLoc == nil || c.NewLoc.Path != filepath.ToSlash(mn) || c.NewLoc.Line != 12 {
				t.Errorf("type added: %+v (want gadgetStats at %s:12)", c, filepath.ToSlash(mn))
			}
		}
	}
	if found != 2 {
		t.Errorf("found %d of the property change and the type added:\n%s", found, stdout)
	}

	// Repeated flags: a second file adds its types (the first file's win).
	code, stdout, _ = runDiffCmd("--metadata-old", mo, "--metadata-new", mn, "--metadata-new", mo, o, n)
	if code != 1 || !strings.Contains(stdout, "**3 changes, 1 breaking**") {
		t.Errorf("--metadata-new twice: exit %d:\n%s", code, stdout)
	}
}
