package emit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

// TestContrib2026 generates a package from each version of the sample of
// today's docs (graph-docs/contrib-2026: v1.0 with the service's 2026-08
// v1.0 metadata, beta docs-only, as no beta metadata of that date exists),
// then runs go vet and its generated tests: every one passes or skips. No
// method of a page whose tables list a scope has a <Method>Permissions
// without one (before includes and three-column tables were read, every
// method of the sample had), none is Unknown, and neither the pages nor
// the linked model have a permissions error.
func TestContrib2026(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and compiling the contrib-2026 packages")
	}
	root := docsRoot()
	if root == "" {
		t.Skip("../shared/graph-docs is absent (set GRAPHGEN_DOCS): contrib-2026 test skipped")
	}
	sample := filepath.Join(root, "contrib-2026")
	if _, err := os.Stat(sample); err != nil {
		t.Skipf("the contrib-2026 sample is absent: %v", err)
	}
	for _, c := range []struct{ version, meta string }{{"v1.0", "2026-08/v1.0.xml"}, {"beta", ""}} {
		t.Run(c.version, func(t *testing.T) {
			dir := filepath.Join(sample, c.version)
			pages, err := load.Pages([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			var docs []*model.Document
			var diags []model.Diagnostic
			for _, p := range pages {
				p.Doc.Path = filepath.ToSlash(strings.TrimPrefix(p.File, dir+string(filepath.Separator)))
				docs = append(docs, p.Doc)
				for _, d := range p.Doc.Diagnostics {
					d.Path = p.Doc.Path
					diags = append(diags, d)
				}
			}
			var opts api.Options
			if c.meta != "" {
				opts.Metadata = append(opts.Metadata, corpusMetadata(t, c.meta))
			}
			a := api.Build(docs, opts)
			for _, d := range append(diags, a.Diagnostics...) {
				if strings.Contains(d.Code, "permission") && d.Severity == model.SevError {
					t.Errorf("permissions error: %s", d)
				}
			}
			cfg := Config{Package: "graph", SourceRoot: "docs"}
			res, err := Generate(a, cfg)
			if err != nil {
				t.Fatal(err)
			}
			checkFormatted(t, res.Files)
			perms := map[string]map[string]string{}
			for name, src := range res.Files {
				if strings.HasPrefix(name, "graph/op_") && !strings.HasSuffix(name, "_test.go") {
					for k, v := range permVars(t, src) {
						perms[k] = v
					}
				}
			}
			methods, pagesWithScopes, nilPerms := 0, map[string]bool{}, 0
			for _, m := range Methods(a, cfg) {
				methods++
				lit, ok := perms[m.Name+"Permissions"]
				if !ok {
					t.Errorf("%s: no %sPermissions", m.Name, m.Name)
					continue
				}
				if lit["Unknown"] == "true" {
					t.Errorf("%s (%s): Permissions Unknown", m.Name, m.Page)
				}
				some := false
				for k, v := range lit {
					some = some || k != "Unknown" && v != "nil"
				}
				if !some {
					nilPerms++
				}
				for _, p := range m.Permissions {
					if len(p.Scopes)+len(p.Higher) > 0 {
						pagesWithScopes[m.Page] = true
						if !some {
							t.Errorf("%s (%s): all-nil Permissions on a page whose tables list scopes: %v", m.Name, m.Page, lit)
						}
						break
					}
				}
			}
			files := map[string][]byte{"go.mod": []byte("module example.com/contrib\n\ngo 1.26\n")}
			for p, b := range res.Files {
				files[p] = b
			}
			tmp := t.TempDir()
			if err := writeFiles(tmp, files); err != nil {
				t.Fatal(err)
			}
			run, reasons := vetAndTest(t, filepath.Join(tmp, "graph"), a, nil)
			t.Logf("%s: %d methods (%d with all-nil Permissions), %d operation pages with scopes; generated tests passed %d, skipped %d %v",
				c.version, methods, nilPerms, len(pagesWithScopes), run.passed, len(run.skipMsgs), reasons)
			if run.passed == 0 {
				t.Error("no generated test passed")
			}
		})
	}
}
