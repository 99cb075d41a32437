package parser

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/text"
)

// docsDir is the real docs folder: $GRAPHGEN_DOCS or ../../../shared/graph-docs.
func docsDir(tb testing.TB) string {
	dir := os.Getenv("GRAPHGEN_DOCS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "graph-docs")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real docs not found at %s (set GRAPHGEN_DOCS): %v", dir, err)
	}
	return dir
}

type page struct {
	path string // slash-separated, relative to the revision folder
	src  []byte
}

// readRevision reads every *.md page of one revision, in sorted order.
func readRevision(tb testing.TB, dir string) []page {
	var pages []page
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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
		rel, _ := filepath.Rel(dir, p)
		pages = append(pages, page{filepath.ToSlash(rel), src})
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	return pages
}

// corpusStats are the figures the corpus test reports and checks.
type corpusStats struct {
	pages, operation, resource, other int
	endpoints, opsWithEndpoint        int
	permTables, examples, paired      int
	properties, errors                int
	diags                             map[string]int
	firstDiag                         map[string]string
}

func collect(pages []page) corpusStats {
	s := corpusStats{diags: map[string]int{}, firstDiag: map[string]string{}}
	for _, pg := range pages {
		d := Parse(pg.path, pg.src)
		s.pages++
		switch d.Kind {
		case model.KindOperation:
			s.operation++
			if len(d.Endpoints) > 0 {
				s.opsWithEndpoint++
			}
		case model.KindResource:
			s.resource++
		default:
			s.other++
		}
		s.endpoints += len(d.Endpoints)
		if len(d.Permissions) > 0 {
			s.permTables++
		}
		s.properties += len(d.Properties)
		for _, ex := range d.Examples {
			s.examples++
			if ex.Request != nil && ex.Response != nil {
				s.paired++
			}
		}
		for _, dg := range d.Diagnostics {
			s.diags[dg.Code]++
			if dg.Severity == model.SevError {
				s.errors++
			}
			if _, ok := s.firstDiag[dg.Code]; !ok {
				dg.Path = pg.path
				s.firstDiag[dg.Code] = dg.String()
			}
		}
	}
	return s
}

func (s corpusStats) table() string {
	var b strings.Builder
	fmt.Fprintf(&b, "pages %d: operation %d, resource %d, other %d\n", s.pages, s.operation, s.resource, s.other)
	fmt.Fprintf(&b, "endpoints %d; operation pages with >=1 endpoint %d (%.1f%%)\n", s.endpoints, s.opsWithEndpoint, 100*float64(s.opsWithEndpoint)/float64(max(s.operation, 1)))
	fmt.Fprintf(&b, "pages with a permissions table %d; examples %d, paired %d; resource properties %d; error diagnostics %d\n", s.permTables, s.examples, s.paired, s.properties, s.errors)
	codes := make([]string, 0, len(s.diags))
	for c := range s.diags {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Fprintf(&b, "  %-28s %6d  e.g. %s\n", c, s.diags[c], s.firstDiag[c])
	}
	return b.String()
}

// TestCorpus parses every page of both revisions of the real docs and
// checks the figures against lower bounds set just under what was measured.
func TestCorpus(t *testing.T) {
	dir := docsDir(t)
	// Lower bounds, set just under the figures measured when this was
	// written (2018-09: 6312 pages, 4023 operation, 1758 resource, 8004
	// endpoints, 4021/4023 operation pages with an endpoint, 3994 pages with
	// a permissions table, 4191 paired examples, 2 errors; 2021-07: 11289,
	// 7137, 3373, 13069, 7096/7137, 7108, 7920, 41 errors). maxErrors is an
	// upper bound. Since a Permissions section without a table graphgen can
	// read is an error (permissions-unreadable: prose lists of scopes), 2018-09
	// has 38 errors (36 of them that) and 2021-07 27 (8).
	type bounds struct {
		pages, operation, resource, endpoints, permTables, paired, maxErrors int
		opsShare                                                             float64
	}
	want := map[string]bounds{
		"2018-09": {pages: 6312, operation: 4000, resource: 1740, endpoints: 7950, permTables: 3970, paired: 4150, maxErrors: 40, opsShare: 0.995},
		"2021-07": {pages: 11289, operation: 7100, resource: 3340, endpoints: 13000, permTables: 7020, paired: 7850, maxErrors: 60, opsShare: 0.99},
	}
	for _, rev := range []string{"2018-09", "2021-07"} {
		t.Run(rev, func(t *testing.T) {
			s := collect(readRevision(t, filepath.Join(dir, rev)))
			t.Logf("%s\n%s", rev, s.table())
			w := want[rev]
			share := float64(s.opsWithEndpoint) / float64(max(s.operation, 1))
			check := func(name string, got, min int) {
				if got < min {
					t.Errorf("%s: %s = %d, below the recorded lower bound %d", rev, name, got, min)
				}
			}
			check("pages", s.pages, w.pages)
			check("operation pages", s.operation, w.operation)
			check("resource pages", s.resource, w.resource)
			check("endpoints", s.endpoints, w.endpoints)
			check("pages with a permissions table", s.permTables, w.permTables)
			check("paired examples", s.paired, w.paired)
			if share < w.opsShare {
				t.Errorf("%s: share of operation pages with an endpoint %.4f, below %.4f", rev, share, w.opsShare)
			}
			if s.errors > w.maxErrors {
				t.Errorf("%s: %d error diagnostics, more than the recorded %d", rev, s.errors, w.maxErrors)
			}
		})
	}
}

// BenchmarkParseIR parses every page of 2021-07 into the IR.
func BenchmarkParseIR(b *testing.B) {
	pages := readRevision(b, filepath.Join(docsDir(b), "2021-07"))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, pg := range pages {
			Parse(pg.path, pg.src)
		}
	}
}

// BenchmarkGoldmarkOnly parses the same bytes with goldmark and the table
// extension only: the floor for BenchmarkParseIR.
func BenchmarkGoldmarkOnly(b *testing.B) {
	pages := readRevision(b, filepath.Join(docsDir(b), "2021-07"))
	md := Markdown()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		for _, pg := range pages {
			md.Parse(text.NewReader(pg.src))
		}
	}
}

// TestCorpusResourceKinds: no page of a resources/ folder reads as an
// operation (15 pages of 2021-07 beta carry doc_type: apiPageType and were
// once classified "operation", educationassignmentdefaults.md among them).
func TestCorpusResourceKinds(t *testing.T) {
	dir := docsDir(t)
	for _, rev := range []string{"2018-09", "2021-07"} {
		for _, ver := range []string{"beta", "v1.0"} {
			pages := readRevision(t, filepath.Join(dir, rev, "api-reference", ver, "resources"))
			if len(pages) < 500 {
				t.Fatalf("%s %s: only %d resource pages", rev, ver, len(pages))
			}
			for _, pg := range pages {
				if d := Parse(pg.path, pg.src); d.Kind == model.KindOperation {
					t.Errorf("%s/%s/resources/%s (%q) classified as an operation", rev, ver, pg.path, d.Title)
				}
			}
		}
	}
}
