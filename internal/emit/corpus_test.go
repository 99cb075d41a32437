package emit

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// corpusDir is where the real docs live, when they are there.
const corpusDir = "../../../shared/graph-docs"

// loadRevision parses a revision's resources and the api pages that match.
func loadRevision(t *testing.T, rev, version, glob string) (docs []*model.Document, ops int) {
	t.Helper()
	base := filepath.Join(corpusDir, rev, "api-reference", version)
	if _, err := os.Stat(base); err != nil {
		t.Skipf("real docs not found at %s (%v); skipping", base, err)
	}
	res, _ := filepath.Glob(filepath.Join(base, "resources", "*.md"))
	api, _ := filepath.Glob(filepath.Join(base, "api", glob))
	for _, p := range append(res, api...) {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(base, p)
		d := parser.Parse(filepath.ToSlash(rel), src)
		if strings.HasPrefix(rel, "api") && d.Kind == model.KindOperation {
			ops++
		}
		docs = append(docs, d)
	}
	return docs, ops
}

// TestCorpusAssignmentUpdates generates a package from every assignment
// update page of each revision and runs go vet and go test on it.
func TestCorpusAssignmentUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	for _, tc := range []struct {
		rev, version, glob string
		minOps             int
	}{
		{"2018-09", "beta", "*assignment*update*.md", 20},
		{"2021-07", "beta", "*assignment*update*.md", 30},
	} {
		t.Run(tc.rev+"-"+tc.version, func(t *testing.T) {
			docs, ops := loadRevision(t, tc.rev, tc.version, tc.glob)
			if ops < tc.minOps {
				t.Fatalf("%d operation pages, want at least %d", ops, tc.minOps)
			}
			res, err := Generate(docs, Config{Package: "graph", SourceRoot: "docs"})
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			for p, data := range res.Files {
				fp := filepath.Join(dir, p)
				os.MkdirAll(filepath.Dir(fp), 0o755)
				if err := os.WriteFile(fp, data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			codes := map[string]int{}
			for _, d := range res.Diagnostics {
				codes[d.Code]++
			}
			t.Logf("%d operation pages, %d files, diagnostics by code: %v", ops, len(res.Files), codes)
			// Build inside this module so go-cmp resolves: copy into a
			// temporary folder under testdata.
			tmp, err := os.MkdirTemp("testdata", "corpus-")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(tmp)
			if err := os.CopyFS(tmp, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			pkg := "./" + filepath.ToSlash(filepath.Join(tmp, "graph"))
			for _, args := range [][]string{{"vet", pkg}, {"test", "-count=1", "-v", pkg}} {
				out, err := exec.Command("go", args...).CombinedOutput()
				if err != nil {
					t.Errorf("go %s: %v\n%s", args[0], err, firstLines(string(out), 60))
				} else {
					t.Logf("go %s: ok; tests passed %d, skipped %d", args[0], strings.Count(string(out), "--- PASS"), strings.Count(string(out), "--- SKIP"))
				}
			}
		})
	}
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
