package graphtest

// The stand-in client package (internal/graph) is graphgen's output for the
// pages under testdata/standin, generated without its fake (--no-fake; its
// doc.go's //go:generate line; cmd/graphgen's TestStandInCurrent checks it
// is current). The operation tables and Handle methods the fake needs for
// it are graphgen's too: the files internal/emit/fake.go writes into a
// generated graphtest package (op_<page>_gen.go), kept here as
// standin_<page>_test.go. TestStandInTables checks they are current; -update
// rewrites them.

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/emit"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

var update = flag.Bool("update", false, "rewrite the stand-in's operation tables (standin_*_test.go) from testdata/standin")

// standInImportPath is the stand-in's import path: the template imports it,
// and the emitter replaces it in the copies.
const standInImportPath = "github.com/graphgen/graphgen/templates/graphtest/internal/graph"

// standInTables generates the fake's tables of the stand-in:
// "standin_<page>_test.go" -> contents.
func standInTables(t *testing.T) map[string][]byte {
	t.Helper()
	pages, err := load.Pages([]string{filepath.Join("testdata", "standin")})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	for _, p := range pages {
		// As the command names them: relative to the module root.
		p.Doc.Path = "templates/graphtest/" + filepath.ToSlash(p.File)
		docs = append(docs, p.Doc)
	}
	res, err := emit.Generate(api.Build(docs, api.Options{}), emit.Config{Package: "graph", ImportPath: standInImportPath})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for name, data := range res.Files {
		page, ok := strings.CutPrefix(name, "graph/graphtest/op_")
		if !ok {
			continue
		}
		page, ok = strings.CutSuffix(page, "_gen.go")
		if !ok {
			t.Fatalf("unexpected graphtest file %s", name)
		}
		out["standin_"+page+"_test.go"] = data
	}
	if len(out) == 0 {
		t.Fatal("no operation tables generated")
	}
	return out
}

func TestStandInTables(t *testing.T) {
	want := standInTables(t)
	have, err := filepath.Glob("standin_*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	have = slices.DeleteFunc(have, func(n string) bool { return n == "standin_test.go" })
	if *update {
		for _, h := range have {
			if _, ok := want[h]; !ok {
				if err := os.Remove(h); err != nil {
					t.Fatal(err)
				}
			}
		}
		for name, data := range want {
			if err := os.WriteFile(name, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	var stale []string
	for name, data := range want {
		got, err := os.ReadFile(name)
		if err != nil || !bytes.Equal(got, data) {
			stale = append(stale, name)
		}
	}
	for _, h := range have {
		if _, ok := want[h]; !ok {
			stale = append(stale, h+" (no longer generated)")
		}
	}
	slices.Sort(stale)
	if len(stale) > 0 {
		t.Errorf("the stand-in's operation tables are stale: %s; run go test ./templates/graphtest -run TestStandInTables -update", strings.Join(stale, ", "))
	}
}
