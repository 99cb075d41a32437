package emit

import (
	"bytes"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/model"
	mdparser "github.com/graphgen/graphgen/internal/parser"
)

// fuzzSeeds are (operation page, resource page) pairs: the seed page with
// each of the specs' resource pages, and the pages of every golden case.
func fuzzSeeds(tb testing.TB) [][2][]byte {
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	var seeds [][2][]byte
	seed := read(filepath.Join("..", "..", "specs", "update-deviceconfigurationassignment.md"))
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	for _, r := range res {
		seeds = append(seeds, [2][]byte{seed, read(r)})
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, c := range cases {
		ops, _ := filepath.Glob(filepath.Join(c, "api", "*.md"))
		rs, _ := filepath.Glob(filepath.Join(c, "resources", "*.md"))
		for i, o := range ops {
			r := []byte{}
			if len(rs) > 0 {
				r = read(rs[i%len(rs)])
			}
			seeds = append(seeds, [2][]byte{read(o), r})
		}
	}
	if len(seeds) == 0 {
		tb.Fatal("no fuzz seeds")
	}
	return seeds
}

// seedResources are the specs' resource pages, parsed once: the types the
// fuzzed pages may link to.
func seedResources(tb testing.TB) []*model.Document {
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	var docs []*model.Document
	for _, r := range res {
		src, err := os.ReadFile(r)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, mdparser.Parse("resources/"+filepath.Base(r), src))
	}
	return docs
}

// FuzzGenerate parses an operation page and a resource page from arbitrary
// bytes, adds the specs' resource pages, links and generates: never a panic
// or an error; every file is gofmt'ed, the package (its tests included)
// type-checks with go/types, and no method's path (a client call or a
// fake's table entry) holds a brace, escaped or not.
func FuzzGenerate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s[0], s[1])
	}
	base := seedResources(f)
	f.Fuzz(func(t *testing.T, op, res []byte) {
		docs := append(slices.Clip(base), mdparser.Parse("api/fuzz-op.md", op), mdparser.Parse("resources/fuzz-type.md", res))
		r, err := Generate(api.Build(docs, api.Options{}), goldenConfig)
		if err != nil {
			t.Fatalf("Generate: %v", err)
		}
		checkFormatted(t, r.Files)
		if err := gocheck.Check(r.Files); err != nil {
			t.Errorf("the package does not type-check:\n%v", err)
		}
		for name, src := range r.Files {
			for _, line := range strings.Split(string(src), "\n") {
				if (strings.Contains(line, "return graphrt") || strings.Contains(line, "path: ")) && strings.Contains(strings.ToUpper(line), "%7B") {
					t.Errorf("%s: a brace in a path: %s", name, line)
				}
			}
		}
	})
}

// checkFormatted fails for a file go/format would change.
func checkFormatted(t testing.TB, files map[string][]byte) {
	t.Helper()
	for name, src := range files {
		out, err := format.Source(src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s: go/format changes it", name)
		}
	}
}
