package emit

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

// docsRoot is the real documentation (../shared/graph-docs, or
// $GRAPHGEN_DOCS); "" when absent.
func docsRoot() string {
	if d := os.Getenv("GRAPHGEN_DOCS"); d != "" {
		return d
	}
	d, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "graph-docs"))
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

// metadataRoot is the service metadata (../shared/graph-metadata, or
// $GRAPHGEN_METADATA); "" when absent.
func metadataRoot() string {
	if d := os.Getenv("GRAPHGEN_METADATA"); d != "" {
		return d
	}
	d, _ := filepath.Abs(filepath.Join("..", "..", "..", "shared", "graph-metadata"))
	if _, err := os.Stat(d); err != nil {
		return ""
	}
	return d
}

// corpusFolders are the four revision/version folders, with the metadata
// that pairs with each.
var corpusFolders = []struct{ rev, version, meta string }{
	{"2018-09", "beta", "2018-12/beta.xml"},
	{"2018-09", "v1.0", "2018-12/v1.0.xml"},
	{"2021-07", "beta", "2021-07/beta.xml"},
	{"2021-07", "v1.0", "2021-07/v1.0.xml"},
}

var corpusCache sync.Map // folder -> []*model.Document

// corpusDocs parses one folder once per test binary (paths relative to
// the version folder: api/x.md, resources/y.md).
func corpusDocs(t testing.TB, rev, version string) []*model.Document {
	t.Helper()
	root := docsRoot()
	if root == "" {
		t.Skip("../shared/graph-docs is absent (set GRAPHGEN_DOCS): corpus test skipped")
	}
	dir := filepath.Join(root, rev, "api-reference", version)
	if v, ok := corpusCache.Load(dir); ok {
		return v.([]*model.Document)
	}
	pages, err := load.Pages([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	for _, p := range pages {
		p.Doc.Path = filepath.ToSlash(strings.TrimPrefix(p.File, dir+string(filepath.Separator)))
		docs = append(docs, p.Doc)
	}
	corpusCache.Store(dir, docs)
	return docs
}

// corpusMetadata reads one metadata file, or skips.
func corpusMetadata(t testing.TB, rel string) *csdl.Metadata {
	t.Helper()
	root := metadataRoot()
	if root == "" {
		t.Skip("../shared/graph-metadata is absent (set GRAPHGEN_METADATA): corpus test skipped")
	}
	md, err := csdl.ParseFile(filepath.Join(root, filepath.FromSlash(rel)))
	if err != nil {
		t.Fatal(err)
	}
	return md
}

// TestCorpusMethodNames plans every operation of each folder: no two
// endpoints may get the same method name, and the names of common
// endpoints (at most three segments besides parameters) stay short.
func TestCorpusMethodNames(t *testing.T) {
	for _, c := range corpusFolders {
		t.Run(c.rev+"/"+c.version, func(t *testing.T) {
			a := api.Build(corpusDocs(t, c.rev, c.version), api.Options{})
			g := &gen{cfg: Config{Package: "graph"}, api: a, types: map[*api.Type]*typePlan{},
				pkg: newScope(reservedPackageNames...), files: newScope(), tests: newScope(), out: map[string][]byte{}}
			g.plan()
			n := 0
			for _, d := range g.diags {
				if d.Code == "method-name-collision" {
					n++
					if n <= 20 {
						t.Errorf("%s", d.String())
					}
				}
			}
			var common, all []int
			longest := ""
			for _, op := range g.ops {
				for _, m := range op.methods {
					all = append(all, len(m.name))
					lits := 0
					for _, s := range m.ep.Segments {
						if s.Kind != model.SegParam && s.Kind != model.SegItemPath {
							lits++
						}
					}
					if lits <= 3 {
						common = append(common, len(m.name))
						if len(m.name) > len(longest) {
							longest = m.name
						}
					}
				}
			}
			slices.Sort(common)
			slices.Sort(all)
			t.Logf("%d methods, %d collisions; name length median %d, 90th %d, max %d; endpoints of at most 3 segments: %d, median %d, 90th %d, max %d (%s)",
				len(all), n, all[len(all)/2], all[len(all)*9/10], all[len(all)-1], len(common), common[len(common)/2], common[len(common)*9/10], common[len(common)-1], longest)
		})
	}
}
