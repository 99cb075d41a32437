package emit

// Tests and benchmarks over the real docs (issue 4). They read the pages in
// place, from $GRAPHGEN_DOCS or ../../../shared/graph-docs, and skip with a
// message when neither is there.

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// docsRoot returns the folder holding the real docs, or skips.
func docsRoot(tb testing.TB) string {
	tb.Helper()
	root := os.Getenv("GRAPHGEN_DOCS")
	if root == "" {
		root = corpusDir
	}
	if _, err := os.Stat(root); err != nil {
		tb.Skipf("real docs not found at %s (set GRAPHGEN_DOCS to their folder): %v; skipping", root, err)
	}
	return root
}

// rawPage is a page read from disk: its path relative to a version folder
// ("api/x.md", "resources/y.md") and its bytes.
type rawPage struct {
	path string
	src  []byte
}

// readVersion reads every *.md under <root>/<rev>/api-reference/<version>,
// sorted by path.
func readVersion(tb testing.TB, root, rev, version string) []rawPage {
	tb.Helper()
	base := filepath.Join(root, rev, "api-reference", version)
	if _, err := os.Stat(base); err != nil {
		tb.Skipf("%s not found: %v; skipping", base, err)
	}
	var pages []rawPage
	err := filepath.WalkDir(base, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(base, p)
		pages = append(pages, rawPage{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	slices.SortFunc(pages, func(a, b rawPage) int { return strings.Compare(a.path, b.path) })
	return pages
}

// parseAll parses pages on every CPU, keeping their order.
func parseAll(pages []rawPage) []*model.Document {
	docs := make([]*model.Document, len(pages))
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for w := 0; w < n; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(pages); i += n {
				docs[i] = parser.Parse(pages[i].path, pages[i].src)
			}
		}(w)
	}
	wg.Wait()
	return docs
}

// apiOps selects the operation pages under api/.
func apiOps(d *model.Document) bool { return strings.HasPrefix(d.Path, "api/") }

// BenchmarkParseBeta parses every page of 2021-07 beta (api and resources)
// into the IR on one goroutine: the floor for BenchmarkGenerateBeta.
func BenchmarkParseBeta(b *testing.B) {
	pages := readVersion(b, docsRoot(b), "2021-07", "beta")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, pg := range pages {
			parser.Parse(pg.path, pg.src)
		}
	}
}

// BenchmarkGenerateBeta parses the same pages on one goroutine, then
// generates one package from every operation page under api/ (resolve and
// emit, gofmt'ed files in memory). Reading the files is outside the timer.
func BenchmarkGenerateBeta(b *testing.B) {
	pages := readVersion(b, docsRoot(b), "2021-07", "beta")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		docs := make([]*model.Document, len(pages))
		for i, pg := range pages {
			docs[i] = parser.Parse(pg.path, pg.src)
		}
		if _, err := Generate(docs, Config{Package: "graph", Select: apiOps}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmitBeta is the resolve+emit part alone, on pages parsed once.
func BenchmarkEmitBeta(b *testing.B) {
	docs := parseAll(readVersion(b, docsRoot(b), "2021-07", "beta"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Generate(docs, Config{Package: "graph", Select: apiOps}); err != nil {
			b.Fatal(err)
		}
	}
}

// checkGofmtAll checks, on every CPU, that go/format leaves every file as
// it is: the emitter writes gofmt's layout itself (see gowriter.go).
func checkGofmtAll(t *testing.T, files map[string][]byte) {
	t.Helper()
	names := make([]string, 0, len(files))
	for p := range files {
		names = append(names, p)
	}
	slices.Sort(names)
	var mu sync.Mutex
	var bad []string
	var wg sync.WaitGroup
	next := make(chan string)
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range next {
				out, err := format.Source(files[p])
				if err != nil || !bytes.Equal(out, files[p]) {
					mu.Lock()
					bad = append(bad, p)
					mu.Unlock()
				}
			}
		}()
	}
	for _, p := range names {
		next <- p
	}
	close(next)
	wg.Wait()
	slices.Sort(bad)
	for i, p := range bad {
		if i == 10 {
			t.Errorf("... and %d more files gofmt would change", len(bad)-10)
			break
		}
		t.Errorf("%s: gofmt would change it", p)
	}
}

// countLines counts newlines in every file.
func countLines(files map[string][]byte) (lines, bytesTotal int) {
	for _, f := range files {
		lines += bytes.Count(f, []byte("\n"))
		bytesTotal += len(f)
	}
	return lines, bytesTotal
}

// fmtCodes formats a code->count map in sorted order.
func fmtCodes(m map[string]int) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%d", k, m[k])
	}
	return strings.TrimSpace(b.String())
}

// TestFullBeta generates one package from every operation page of the
// 2021-07 beta api folder, twice (the bytes must match), then runs go vet on
// it (which type-checks the package and its tests). It takes a few minutes
// and several GB of memory in go vet; -short skips it.
func TestFullBeta(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and vetting the full 2021-07 beta package")
	}
	docs := parseAll(readVersion(t, docsRoot(t), "2021-07", "beta"))
	cfg := Config{Package: "graph", SourceRoot: "docs", Select: apiOps}
	a, err := Generate(docs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Generate(docs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Files) != len(b.Files) {
		t.Fatalf("%d files, then %d", len(a.Files), len(b.Files))
	}
	for p, data := range a.Files {
		if !bytes.Equal(data, b.Files[p]) {
			t.Errorf("%s differs between two runs", p)
		}
	}
	if !slices.Equal(a.Diagnostics, b.Diagnostics) {
		t.Errorf("diagnostics differ between two runs")
	}
	b = nil
	checkGofmtAll(t, a.Files)

	ops, endpoints := 0, 0
	for _, d := range docs {
		if apiOps(d) && d.Kind == model.KindOperation {
			ops++
			endpoints += len(d.Endpoints)
		}
	}
	kinds := map[string]int{}
	for p := range a.Files {
		switch {
		case strings.HasPrefix(p, "graph/model_"):
			kinds["model"]++
		case strings.HasSuffix(p, "_gen_test.go") && strings.HasPrefix(p, "graph/op_"):
			kinds["test"]++
		case strings.HasPrefix(p, "graph/op_"):
			kinds["op"]++
		}
	}
	methods, skips := 0, 0
	for p, data := range a.Files {
		if strings.HasPrefix(p, "graph/op_") {
			methods += bytes.Count(data, []byte("\nfunc (c *Client) "))
			skips += bytes.Count(data, []byte("\tt.Skip(\""))
		}
	}
	codes := map[string]int{}
	for _, d := range a.Diagnostics {
		codes[d.Code]++
	}
	lines, size := countLines(a.Files)
	t.Logf("2021-07 beta: %d operation pages, %d endpoints -> %d Client methods; %d files (%d models, %d op, %d test), %d lines, %d bytes; %d example tests skip; diagnostics: %s",
		ops, endpoints, methods, len(a.Files), kinds["model"], kinds["op"], kinds["test"], lines, size, skips, fmtCodes(codes))
	// Lower bounds (measured 2026-11: 5013 op pages, 9330 methods, 1981 models).
	for _, c := range []struct {
		what     string
		got, min int
	}{
		{"operation pages", ops, 4900},
		{"op files", kinds["op"], 4900},
		{"model files", kinds["model"], 1900},
		{"Client methods", methods, 9200},
	} {
		if c.got < c.min {
			t.Errorf("%s = %d, want at least %d", c.what, c.got, c.min)
		}
	}
	// Size is compile time and memory: an upper bound (measured 2026-11:
	// 890,000 lines once scalar fields became helper calls, from 1.31M).
	if lines > 950_000 {
		t.Errorf("%d lines generated, want at most 950,000", lines)
	}
	if methods < endpoints {
		t.Errorf("%d Client methods for %d endpoints: every endpoint must be reachable", methods, endpoints)
	}

	tmp, err := os.MkdirTemp("testdata", "fullbeta-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := writeFiles(tmp, a.Files); err != nil {
		t.Fatal(err)
	}
	a = nil
	pkg := "./" + filepath.ToSlash(filepath.Join(tmp, "graph"))
	if out, err := exec.Command("go", "vet", pkg).CombinedOutput(); err != nil {
		t.Fatalf("go vet %s: %v\n%s", pkg, err, firstLines(string(out), 60))
	}
	// Running the package's ~9,700 generated tests takes another ~5 minutes
	// and ~6 GB on 2 cores: only on request.
	if os.Getenv("GRAPHGEN_FULLBETA_TEST") == "" {
		t.Log("set GRAPHGEN_FULLBETA_TEST=1 to also run the generated tests")
		return
	}
	run, err := runGoTestJSON(pkg)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(run.failed)
	for i, f := range run.failed {
		if i == 20 {
			t.Errorf("... and %d more failures", len(run.failed)-20)
			break
		}
		t.Errorf("generated test %s failed:\n%s", f, firstLines(run.output[f], 10))
	}
	for name, msg := range run.skipMsgs {
		if !skipNamesPage.MatchString(msg) {
			t.Errorf("%s skipped without naming the page's own line: %q", name, msg)
		}
	}
	t.Logf("generated tests: passed %d (examples %d, path escaping %d), failed %d, skipped %d",
		run.passed, run.passed-run.escaping, run.escaping, len(run.failed), len(run.skipMsgs))
}
