package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// copyTree copies the pages under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Join(dst, filepath.Dir(rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func generateInto(t *testing.T, specs, out string) map[string]string {
	t.Helper()
	if code, _, stderr := runCmd(t, "generate", "--specs", specs, "--out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(out, "graph"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(out, "graph", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(b)
	}
	return files
}

// TestChangeLocality: a change to one page changes only the files that page
// feeds, so the pull request that regenerates shows just that.
func TestChangeLocality(t *testing.T) {
	tmp := t.TempDir()
	specs := filepath.Join(tmp, "specs")
	copyTree(t, "../../specs", specs)
	out := filepath.Join(tmp, "out")
	before := generateInto(t, specs, out)

	// Document one more property of groupAssignmentTarget.
	page := filepath.Join(specs, "resources", "intune_shared_groupassignmenttarget.md")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	row := "|groupId|String|Identifier of the Azure AD group whose members receive the assignment.|\n"
	if !strings.Contains(string(b), row) {
		t.Fatalf("%s lacks the row this test extends", page)
	}
	b = []byte(strings.Replace(string(b), row, row+"|groupName|String|Display name of the group.|\n", 1))
	if err := os.WriteFile(page, b, 0o644); err != nil {
		t.Fatal(err)
	}
	after := generateInto(t, specs, out)

	var changed []string
	for name, text := range after {
		if before[name] != text {
			changed = append(changed, name)
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			changed = append(changed, name)
		}
	}
	sort.Strings(changed)
	// The page's own model, and the model that inherits its properties.
	want := []string{
		"model_exclusiongroupassignmenttarget_gen.go",
		"model_groupassignmenttarget_gen.go",
	}
	if diff := cmp.Diff(want, changed); diff != "" {
		t.Errorf("files changed by one page (-want +got):\n%s", diff)
	}
	if !regexp.MustCompile(`\n\tGroupName +Nullable\[string\] `).MatchString(after["model_groupassignmenttarget_gen.go"]) {
		t.Errorf("the new property is not in the regenerated model")
	}
}
