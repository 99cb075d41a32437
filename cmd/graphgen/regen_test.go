package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/gocheck"
)

// A glob that matches no page is a usage error naming the glob and the
// nearest pages, and the client on disk stays as it was.
func TestUnmatchedGlobWritesNothing(t *testing.T) {
	out := t.TempDir()
	if code, _, stderr := runCmd(t, "generate", "--specs", "../../specs", "--out", out); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	before := snapshot(t, out)
	for _, args := range [][]string{
		{"--include", "Update-DeviceConfigurationAssignment.md"},
		{"--exclude", "nothing-*.md"},
	} {
		code, _, stderr := runCmd(t, append([]string{"generate", "--specs", "../../specs", "--out", out}, args...)...)
		if code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
		for _, want := range []string{args[0] + " " + `"` + args[1] + `" matches no operation page`, "nearest: ", "nothing was written"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("%v: stderr %q lacks %q", args, stderr, want)
			}
		}
	}
	code, _, stderr := runCmd(t, "generate", "--specs", "../../specs", "--out", out, "--include", "Update-DeviceConfigurationAssignment.md")
	if code != exitUsage || !strings.Contains(stderr, "(nearest: update-deviceconfigurationassignment.md, ") || !strings.Contains(stderr, "; globs are case-sensitive)") {
		t.Errorf("wrong case: exit %d, stderr %q", code, stderr)
	}
	after := snapshot(t, out)
	if len(after) != len(before) {
		t.Fatalf("%d files before, %d after", len(before), len(after))
	}
	for name, s := range before {
		if after[name] != s {
			t.Errorf("%s changed", name)
		}
	}
}

// --format github turns diagnostics into workflow annotations.
func TestFormatGitHub(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "bad.md")
	put(t, page, "# Get gadget\n\n## HTTP request\n\n```http\nGET gadgets/{id}\n```\n")
	code, stdout, _ := runCmd(t, "check", "--format", "github", page)
	if code != 0 {
		t.Errorf("exit %d", code)
	}
	want := "::warning file=" + ghProperty(filepath.ToSlash(page)) + ",line=6,col=1,title=graphgen endpoint-relative::"
	if !strings.Contains(stdout, want) {
		t.Errorf("stdout %q lacks %q", stdout, want)
	}
	if code, _, _ := runCmd(t, "check", "--format", "xml", page); code != exitUsage {
		t.Errorf("--format xml: exit %d, want %d", code, exitUsage)
	}
	if got := ghData("a%b\nc"); got != "a%25b%0Ac" {
		t.Errorf("ghData = %q", got)
	}
}

// check --metadata reports where the pages and the metadata disagree, at
// the page's line, naming the metadata's; ir --metadata adds the model.
func TestCheckAndIRWithMetadata(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "resources", "gadget.md")
	put(t, page, "# gadget resource type\n\nNamespace: microsoft.graph\n\nA gadget.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | Identifier. |\n| size | Int32 | How big. |\n\n## JSON representation\n\n```json\n{\n  \"id\": \"String\",\n  \"size\": 1024\n}\n```\n")
	meta := filepath.Join(dir, "meta.xml")
	put(t, meta, `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="gadget">
        <Property Name="id" Type="Edm.String" />
        <Property Name="size" Type="Edm.Int64" />
        <Property Name="color" Type="Edm.String" />
      </ComplexType>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`)
	code, stdout, stderr := runCmd(t, "check", "--metadata", meta, filepath.Join(dir, "resources"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	p := filepath.ToSlash(page)
	m := filepath.ToSlash(meta)
	for _, want := range []string{
		p + ":12:1: warning: metadata-type-differs: the page types `size` as `Int32`; the metadata says `Int64` (" + m + ":7:9), which is used",
		p + ":1:1: warning: metadata-property-undocumented: the page does not list `color` (String), which the metadata defines (" + m + ":8:9); it is added",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("check output lacks\n%s\nin\n%s", want, stdout)
		}
	}
	code, stdout, stderr = runCmd(t, "ir", "--metadata", meta, page)
	if code != 0 {
		t.Fatalf("ir: exit %d: %s", code, stderr)
	}
	var ir struct {
		Model struct {
			Types []struct {
				Name       string
				Properties []struct{ Name, Type string }
			}
		}
	}
	if err := json.Unmarshal([]byte(stdout), &ir); err != nil {
		t.Fatal(err)
	}
	if len(ir.Model.Types) != 1 || len(ir.Model.Types[0].Properties) != 3 || ir.Model.Types[0].Properties[1].Type != "Int64" {
		t.Errorf("ir --metadata model: %+v", ir.Model)
	}
	if code, _, stderr := runCmd(t, "check", "--metadata", filepath.Join(dir, "missing.xml"), page); code != exitUsage || !strings.Contains(stderr, "missing.xml") {
		t.Errorf("missing metadata: exit %d, %q", code, stderr)
	}
	put(t, filepath.Join(dir, "bad.xml"), "<edmx:Edmx><oops")
	if code, _, stderr := runCmd(t, "check", "--metadata", filepath.Join(dir, "bad.xml"), page); code != exitUsage || !strings.Contains(stderr, "bad.xml:1:") {
		t.Errorf("malformed metadata: exit %d, %q", code, stderr)
	}
}

// Path parameters named like the packages and helpers a method body uses
// still give a package that type-checks.
func TestOddParameterNamesCompile(t *testing.T) {
	dir := t.TempDir()
	put(t, filepath.Join(dir, "go.mod"), "module example.com/odd\n\ngo 1.26\n")
	put(t, filepath.Join(dir, "specs", "thing-get.md"), "# Get thing\n\nNamespace: microsoft.graph\n\nGet a thing.\n\n## HTTP request\n\n```http\nGET /things/{json}/parts/{pathSegment}/x/{context}/y/{opts}/z/{c}/w/{time}/v/{io}/u/{odataLiteral}\n```\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n")
	out := filepath.Join(dir, "gen")
	code, _, stderr := runCmd(t, "generate", "--specs", filepath.Join(dir, "specs"), "--out", out)
	if code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	files := map[string][]byte{}
	entries, err := os.ReadDir(filepath.Join(out, "graph"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() { // graph/graphtest: a package of its own
			continue
		}
		b, err := os.ReadFile(filepath.Join(out, "graph", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files["graph/"+e.Name()] = b
	}
	if err := gocheck.Check(files); err != nil {
		t.Errorf("generated package does not type-check: %v", err)
	}
	op := string(files["graph/op_thing_get_gen.go"])
	if !strings.Contains(op, "json_ string") || !strings.Contains(op, "pathSegment_ string") {
		t.Errorf("arguments not renamed:\n%s", op)
	}
}

// The stand-in client package the graphtest template is tested against
// (templates/graphtest/internal/graph) is graphgen's output for
// templates/graphtest/testdata/standin, without its fake: what its doc.go's
// //go:generate line writes is what is on disk. A hand edit, a page changed
// without regenerating, or a change of the emitter or the runtime without
// regenerating fails here (run go generate ./templates/graphtest/internal/graph).
func TestStandInCurrent(t *testing.T) {
	const dir = "../../templates/graphtest"
	doc, err := os.ReadFile(filepath.Join(dir, "internal", "graph", "doc.go"))
	if err != nil {
		t.Fatal(err)
	}
	const line = "//go:generate go tool graphgen generate --specs ../../testdata/standin --out .. --package graph --no-fake\n"
	if !strings.Contains(string(doc), line) {
		t.Errorf("the stand-in's doc.go lacks\n%s", line)
	}
	code, stdout, stderr := runCmd(t, "generate", "--check", "--no-fake", "--specs", dir+"/testdata/standin", "--out", dir+"/internal", "--package", "graph")
	if code != 0 {
		t.Errorf("generate --check on the stand-in: exit %d\n%s\n%s", code, stderr, stdout)
	}
	if _, err := os.Stat(filepath.Join(dir, "internal", "graph", "graphtest")); !os.IsNotExist(err) {
		t.Errorf("the stand-in has a graphtest sub-package (%v): it would be a copy of the template it stands in for", err)
	}
}
