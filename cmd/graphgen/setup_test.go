package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestSetupInFreshModule sets graphgen up in a new module exactly as the
// README's "Use it in your module" section says (a local checkout through
// a replace directive and the tool directive), generates once, then runs
// go generate ./... (once: doc.go's line), go vet ./... and go test ./...
// there with no other step.
func TestSetupInFreshModule(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not building a fresh module")
	}
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	app := t.TempDir()
	run := func(name string, args ...string) string {
		t.Helper()
		cmd := exec.Command(name, args...)
		cmd.Dir = app
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("go", "mod", "init", "example.com/app")
	// The README's commands, with ../graphgen being this checkout.
	run("go", "mod", "edit", "-require", "github.com/graphgen/graphgen@v0.0.0", "-replace", "github.com/graphgen/graphgen="+repo, "-tool", "github.com/graphgen/graphgen/cmd/graphgen")
	run("go", "mod", "tidy")
	copyTree(t, filepath.Join(repo, "specs"), filepath.Join(app, "docs"))
	out := run("go", "tool", "graphgen", "generate", "--specs", "docs", "--out", ".", "--package", "graph")
	if !strings.Contains(out, "file(s) written") {
		t.Errorf("generate said %q", out)
	}
	doc, err := os.ReadFile(filepath.Join(app, "graph", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(doc), "//go:generate "); n != 1 || !strings.Contains(string(doc), "//go:generate go tool graphgen generate --specs ../docs --out .. --package graph\n") {
		t.Errorf("doc.go's go:generate lines (%d):\n%s", n, doc)
	}
	out = run("go", "generate", "./...")
	if strings.Count(out, "graphgen: ") != 1 || !strings.Contains(out, " 0 file(s) written, 0 removed") {
		t.Errorf("go generate ./... should run graphgen once and change nothing; it said:\n%s", out)
	}
	run("go", "vet", "./...")
	if out := run("go", "test", "./..."); !strings.Contains(out, "ok  \texample.com/app/graph") {
		t.Errorf("go test ./...:\n%s", out)
	}
}
