package emit

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

type page struct {
	path string
	src  []byte
}

// readVersion reads every page of one revision/version folder (paths
// relative to it), outside any timer.
func readVersion(tb testing.TB, rev, version string) []page {
	tb.Helper()
	root := docsRoot()
	if root == "" {
		tb.Skip("../shared/graph-docs is absent (set GRAPHGEN_DOCS)")
	}
	dir := filepath.Join(root, rev, "api-reference", version)
	var pages []page
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		pages = append(pages, page{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pages
}

func parsePages(pages []page) []*model.Document {
	docs := make([]*model.Document, len(pages))
	for i, pg := range pages {
		docs[i] = parser.Parse(pg.path, pg.src)
	}
	return docs
}

// apiOps selects every operation page under api/.
func apiOps(op *api.Operation) bool { return strings.HasPrefix(op.Page.Path, "api/") }

// betaMetadata reads the 2021-07 beta metadata bytes once.
func betaMetadata(tb testing.TB) []byte {
	root := metadataRoot()
	if root == "" {
		tb.Skip("../shared/graph-metadata is absent (set GRAPHGEN_METADATA)")
	}
	b, err := os.ReadFile(filepath.Join(root, "2021-07", "beta.xml"))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkParseBeta parses every page of the 2021-07 beta folder on one
// goroutine: the floor BenchmarkGenerateBeta is compared with.
func BenchmarkParseBeta(b *testing.B) {
	pages := readVersion(b, "2021-07", "beta")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		parsePages(pages)
	}
}

// BenchmarkGenerateBeta parses the same pages, links them and generates one
// package from every operation page under api/ (every file rendered with
// jennifer and formatted, in memory).
func BenchmarkGenerateBeta(b *testing.B) {
	pages := readVersion(b, "2021-07", "beta")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Generate(api.Build(parsePages(pages), api.Options{}), Config{Package: "graph", Select: apiOps}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGenerateBetaMetadata is BenchmarkGenerateBeta with the 2021-07
// beta metadata read (from bytes) and merged.
func BenchmarkGenerateBetaMetadata(b *testing.B) {
	pages := readVersion(b, "2021-07", "beta")
	meta := betaMetadata(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		md, err := csdl.Parse(bytes.NewReader(meta), "beta.xml")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Generate(api.Build(parsePages(pages), api.Options{Metadata: []*csdl.Metadata{md}}), Config{Package: "graph", Select: apiOps}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEmitBeta is Generate alone, on a model linked once.
func BenchmarkEmitBeta(b *testing.B) {
	a := api.Build(parsePages(readVersion(b, "2021-07", "beta")), api.Options{})
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Generate(a, Config{Package: "graph", Select: apiOps}); err != nil {
			b.Fatal(err)
		}
	}
}

// fullBeta generates every operation page of the 2021-07 beta api/ folder.
func fullBeta(t *testing.T, withMeta bool) (*Result, *api.API) {
	t.Helper()
	var opts api.Options
	if withMeta {
		opts.Metadata = append(opts.Metadata, corpusMetadata(t, "2021-07/beta.xml"))
	}
	a := api.Build(corpusDocs(t, "2021-07", "beta"), opts)
	res, err := Generate(a, Config{Package: "graph", SourceRoot: "docs", Select: apiOps})
	if err != nil {
		t.Fatal(err)
	}
	return res, a
}

// lineCount counts the lines of the files that are neither tests nor the
// runtime, and of the test files.
func lineCount(files map[string][]byte) (code, tests int) {
	for p, b := range files {
		n := bytes.Count(b, []byte("\n"))
		switch {
		case strings.HasSuffix(p, "_test.go"):
			tests += n
		case !strings.Contains(p, "/graphrt_"):
			code += n
		}
	}
	return code, tests
}

// TestFullBeta generates the whole 2021-07 beta api/ folder, without and
// with the service's metadata: twice (byte-identical), holding only what
// its plan gives (checkIntended), type-checked with go/types (tests
// included). With GRAPHGEN_FULLBETA_TEST=1 it also runs go
// vet and every generated test (minutes).
func TestFullBeta(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating the full 2021-07 beta package")
	}
	for _, withMeta := range []bool{false, true} {
		name := "pages"
		if withMeta {
			name = "pages+metadata"
		}
		t.Run(name, func(t *testing.T) {
			a, linked := fullBeta(t, withMeta)
			b, _ := fullBeta(t, withMeta)
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
			checkFormatted(t, a.Files)
			checkIntended(t, linked, Config{Package: "graph", SourceRoot: "docs", Select: apiOps}, a.Files)
			if err := gocheck.Check(a.Files); err != nil {
				t.Fatalf("the package does not type-check:\n%v", err)
			}
			methods, models := 0, 0
			for p, data := range a.Files {
				methods += bytes.Count(data, []byte("\nfunc (c *Client) "))
				if strings.HasPrefix(p, "graph/model_") {
					models++
				}
			}
			code, tests := lineCount(a.Files)
			t.Logf("%s: %d files, %d Client methods, %d models, %d lines besides the runtime and tests, %d test lines", name, len(a.Files), methods, models, code, tests)
			// 6,324 endpoints (9,330 documented, one method per distinct
			// endpoint) and a Page method per collection.
			if methods < 7500 || models < 1900 {
				t.Errorf("methods %d, models %d: want at least 7,500 and 1,900", methods, models)
			}
			if os.Getenv("GRAPHGEN_FULLBETA_TEST") == "" {
				return
			}
			dir := t.TempDir()
			files := map[string][]byte{"go.mod": []byte("module example.com/fullbeta\n\ngo 1.26\n")}
			for p, d := range a.Files {
				files[p] = d
			}
			if err := writeFiles(dir, files); err != nil {
				t.Fatal(err)
			}
			run, reasons := vetAndTest(t, filepath.Join(dir, "graph"), linked, apiOps)
			t.Logf("%s: generated tests: %d passed (%d examples, %d path escaping), %d failed, %d skipped %v",
				name, run.passed, run.passed-run.escaping, run.escaping, len(run.failed), len(run.skipMsgs), reasons)
		})
	}
}
