package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestModulePath(t *testing.T) {
	for _, tc := range []struct{ gomod, want string }{
		{"module example.com/m\n\ngo 1.26\n", "example.com/m"},
		{"// a comment\nmodule   example.com/m // trailing\n", "example.com/m"},
		{"module \"example.com/quoted\"\n", "example.com/quoted"},
		{"go 1.26\n", ""},
		{"module\n", ""},
		{"modules example.com/x\n", ""},
	} {
		if got := modulePath([]byte(tc.gomod)); got != tc.want {
			t.Errorf("modulePath(%q) = %q, want %q", tc.gomod, got, tc.want)
		}
	}
}

func TestImportPath(t *testing.T) {
	root := t.TempDir()
	if err := os.WriteFile(filepath.Join(root, "go.mod"), []byte("module example.com/m\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := importPath(root, filepath.Join(root, "generated"), "graph"); got != "example.com/m/generated/graph" {
		t.Errorf("importPath = %q", got)
	}
	if got := importPath(root, root, "graph"); got != "example.com/m/graph" {
		t.Errorf("importPath at the root = %q", got)
	}
	if got := importPath(root, filepath.Dir(root), "graph"); got != "" {
		t.Errorf("importPath outside the module = %q, want none", got)
	}
	if got := importPath(t.TempDir(), root, "graph"); got != "" {
		t.Errorf("importPath without go.mod = %q, want none", got)
	}
	// This repository: generated/graph.
	wd, _ := os.Getwd()
	repo := filepath.Join(wd, "..", "..")
	if got := importPath(repo, filepath.Join(repo, "generated"), "graph"); got != "github.com/graphgen/graphgen/generated/graph" {
		t.Errorf("importPath of generated/graph = %q", got)
	}
}
