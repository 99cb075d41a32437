package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
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

// corpusPackage generates the selected operations of one folder (with its
// metadata when meta is set) into a package of its own module in a
// temporary folder, so that go vet and go test build it alone (generated
// packages need only the standard library), after the intent check. It
// returns the result and the package folder.
func corpusPackage(t *testing.T, c struct{ rev, version, meta string }, withMeta bool, sel func(*api.Operation) bool) (*Result, *api.API, string) {
	t.Helper()
	var opts api.Options
	if withMeta {
		opts.Metadata = append(opts.Metadata, corpusMetadata(t, c.meta))
	}
	a := api.Build(corpusDocs(t, c.rev, c.version), opts)
	cfg := Config{Package: "graph", SourceRoot: "docs", Select: sel}
	res, err := Generate(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkIntended(t, a, cfg, res.Files)
	dir := t.TempDir()
	files := map[string][]byte{"go.mod": []byte("module example.com/corpus\n\ngo 1.26\n")}
	for p, b := range res.Files {
		files[p] = b
	}
	if err := writeFiles(dir, files); err != nil {
		t.Fatal(err)
	}
	return res, a, filepath.Join(dir, "graph")
}

// assignmentUpdate selects the assignment update pages of api/.
func assignmentUpdate(op *api.Operation) bool {
	ok, _ := path.Match("api/*assignment*update*.md", op.Page.Path)
	return ok
}

// TestCorpusAssignmentUpdates generates one package from every assignment
// update page (api/*assignment*update*.md) of each revision and version,
// with and without the service's metadata, then runs go vet and go test
// -json on it: every generated test passes, or skips naming the page
// (file:line) and its own contradiction.
func TestCorpusAssignmentUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and compiling the corpus packages")
	}
	// Bounds measured 2026-11-29 without metadata (with it: more models,
	// the same or more tests passed): a regression breaks one of them.
	type bounds struct{ methods, models, passed, escaping, maxSkipped int }
	want := map[string]bounds{
		"2018-09/beta": {49, 43, 20, 22, 3},
		"2018-09/v1.0": {19, 21, 11, 10, 0},
		"2021-07/beta": {73, 93, 34, 38, 7},
		"2021-07/v1.0": {24, 46, 14, 12, 2},
	}
	for _, c := range corpusFolders {
		for _, withMeta := range []bool{false, true} {
			name := c.rev + "/" + c.version
			if withMeta {
				name += "+metadata"
			}
			t.Run(name, func(t *testing.T) {
				res, linked, pkg := corpusPackage(t, c, withMeta, assignmentUpdate)
				checkFormatted(t, res.Files)
				methods, models := 0, 0
				for p, b := range res.Files {
					if strings.HasPrefix(path.Base(p), "model_") {
						models++
					}
					methods += bytes.Count(b, []byte("\nfunc (c *Client) "))
				}
				run, reasons := vetAndTest(t, pkg, linked, assignmentUpdate)
				for test, msg := range run.skipMsgs {
					if !skipNamesPage.MatchString(msg) {
						t.Errorf("%s skipped without naming the page's own line: %q", test, msg)
					}
				}
				t.Logf("%s: methods %d, models %d, files %d; tests passed %d (examples %d, path escaping %d), skipped %d %v",
					name, methods, models, len(res.Files), run.passed, run.passed-run.escaping, run.escaping, len(run.skipMsgs), reasons)
				b := want[c.rev+"/"+c.version]
				for _, x := range []struct {
					what     string
					got, min int
				}{{"methods", methods, b.methods}, {"models", models, b.models}, {"example tests passed", run.passed - run.escaping, b.passed}, {"path-escaping tests passed", run.escaping, b.escaping}} {
					if x.got < x.min {
						t.Errorf("%s = %d, want at least %d", x.what, x.got, x.min)
					}
				}
				if len(run.skipMsgs) > b.maxSkipped {
					t.Errorf("tests skipped = %d, want at most %d", len(run.skipMsgs), b.maxSkipped)
				}
			})
		}
	}
}

// vetAndTest runs go vet and the generated tests of the package in pkg,
// reports each failed test, and counts the skipped examples' reasons by
// code (api.Example.Skip of the selected pages; nil sel: every page).
func vetAndTest(t *testing.T, pkg string, a *api.API, sel func(*api.Operation) bool) (*testRun, map[string]int) {
	t.Helper()
	if out, err := goCmd(pkg, "vet", "."); err != nil {
		t.Fatalf("go vet: %v\n%s", err, firstLines(out, 40))
	}
	run, err := runGoTestJSON(pkg)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range run.failed {
		t.Errorf("generated test %s failed:\n%s", f, firstLines(run.output[f], 30))
	}
	return run, skipReasons(a, sel)
}

// skipReasons counts the examples of the selected pages that a generated
// test skips, by code.
func skipReasons(a *api.API, sel func(*api.Operation) bool) map[string]int {
	reasons := map[string]int{}
	for _, op := range a.Operations {
		if sel != nil && !sel(op) {
			continue
		}
		for _, ex := range op.Examples {
			if ex.Skip != nil {
				reasons[ex.Skip.Code]++
			}
		}
	}
	return reasons
}

// skipNamesPage matches a skip message that starts with docs/api/<page>.md:<line>.
var skipNamesPage = regexp.MustCompile(`^docs/api/[^ :]+\.md:[0-9]+: \S`)

// goCmd runs the go command in dir.
func goCmd(dir string, args ...string) (string, error) {
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// testRun is what go test -json said about a package's top-level tests.
type testRun struct {
	passed   int
	escaping int // passed tests named *PathEscaping
	failed   []string
	skipMsgs map[string]string // test -> its skip message
	output   map[string]string
}

// runGoTestJSON runs go test -json in a package folder and sorts its
// top-level tests.
func runGoTestJSON(dir string, args ...string) (*testRun, error) {
	cmd := exec.Command("go", append([]string{"test", "-count=1", "-json"}, args...)...)
	cmd.Dir = dir
	out, err := cmd.Output()
	r := &testRun{skipMsgs: map[string]string{}, output: map[string]string{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var ev struct{ Action, Test, Output string }
		if derr := dec.Decode(&ev); derr != nil {
			return nil, fmt.Errorf("go test -json: %v (run error %v)\n%s", derr, err, firstLines(string(out), 40))
		}
		if ev.Test == "" || strings.Contains(ev.Test, "/") {
			if ev.Action == "output" && ev.Test == "" {
				r.output[""] += ev.Output
			}
			continue
		}
		switch ev.Action {
		case "output":
			r.output[ev.Test] += ev.Output
		case "pass":
			r.passed++
			if strings.HasSuffix(ev.Test, "PathEscaping") {
				r.escaping++
			}
		case "fail":
			r.failed = append(r.failed, ev.Test)
		case "skip":
			r.skipMsgs[ev.Test] = skipMessage(r.output[ev.Test])
		}
	}
	if err != nil && len(r.failed) == 0 {
		return nil, fmt.Errorf("go test: %v\n%s", err, firstLines(string(out)+r.output[""], 40))
	}
	return r, nil
}

// skipMessage extracts the t.Skip text from a test's output.
func skipMessage(out string) string {
	for _, l := range strings.Split(out, "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") || l == "" {
			continue
		}
		if _, msg, ok := strings.Cut(l, "_test.go:"); ok {
			if _, m, ok := strings.Cut(msg, ": "); ok {
				return m
			}
		}
	}
	return ""
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}
