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
	"testing"

	"github.com/graphgen/graphgen/internal/model"
)

// corpusDir is where the real docs live, when they are there.
const corpusDir = "../../../shared/graph-docs"

// corpusCase is one revision and version of the real docs, with lower
// bounds on what generating its assignment update pages gives.
type corpusCase struct {
	rev, version string
	// Lower bounds: a regression breaks one of them.
	minPages, minEndpoints, minModels, minPassed, minEscaping int
	// Upper bound on skipped example tests.
	maxSkipped int
}

// assignmentUpdate selects the assignment update pages of api/.
func assignmentUpdate(d *model.Document) bool {
	if !strings.HasPrefix(d.Path, "api/") {
		return false
	}
	ok, _ := path.Match("*assignment*update*.md", path.Base(d.Path))
	return ok
}

// TestCorpusAssignmentUpdates generates one package from every assignment
// update page (api/*assignment*update*.md) of each revision and version,
// with every resource page available, then runs go vet and go test -json on
// it: every generated test passes, or skips with a message naming the page
// (file:line) and its own contradiction.
func TestCorpusAssignmentUpdates(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and compiling the corpus packages")
	}
	root := docsRoot(t)
	for _, tc := range []corpusCase{
		// Measured (2026-11): pages, endpoints, models, example tests
		// passed, path-escaping tests passed, tests skipped.
		{rev: "2018-09", version: "beta", minPages: 23, minEndpoints: 45, minModels: 43, minPassed: 20, minEscaping: 23, maxSkipped: 3},
		{rev: "2018-09", version: "v1.0", minPages: 11, minEndpoints: 15, minModels: 21, minPassed: 11, minEscaping: 11, maxSkipped: 0},
		{rev: "2021-07", version: "beta", minPages: 40, minEndpoints: 69, minModels: 92, minPassed: 33, minEscaping: 39, maxSkipped: 8},
		{rev: "2021-07", version: "v1.0", minPages: 16, minEndpoints: 20, minModels: 45, minPassed: 14, minEscaping: 13, maxSkipped: 2},
	} {
		t.Run(tc.rev+"-"+tc.version, func(t *testing.T) {
			docs := parseAll(readVersion(t, root, tc.rev, tc.version))
			res, err := Generate(docs, Config{Package: "graph", SourceRoot: "docs", Select: assignmentUpdate})
			if err != nil {
				t.Fatal(err)
			}
			checkGofmtAll(t, res.Files)
			pages, ops, endpoints := 0, 0, 0
			for _, d := range docs {
				if assignmentUpdate(d) {
					pages++
					if d.Kind == model.KindOperation {
						ops++
						endpoints += len(d.Endpoints)
					}
				}
			}
			models := 0
			for p := range res.Files {
				if strings.HasPrefix(p, "graph/model_") {
					models++
				}
			}
			codes := map[string]int{}
			for _, d := range res.Diagnostics {
				codes[d.Code]++
			}
			// Build inside this module so go-cmp resolves.
			tmp, err := os.MkdirTemp("testdata", "corpus-")
			if err != nil {
				t.Fatal(err)
			}
			defer os.RemoveAll(tmp)
			if err := writeFiles(tmp, res.Files); err != nil {
				t.Fatal(err)
			}
			pkg := "./" + filepath.ToSlash(filepath.Join(tmp, "graph"))
			if out, err := exec.Command("go", "vet", pkg).CombinedOutput(); err != nil {
				t.Fatalf("go vet: %v\n%s", err, firstLines(string(out), 60))
			}
			run, err := runGoTestJSON(pkg)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range run.failed {
				t.Errorf("generated test %s failed:\n%s", f, firstLines(run.output[f], 30))
			}
			// Every skip names a page of this selection (file:line) and a reason.
			for name, msg := range run.skipMsgs {
				if !skipNamesPage.MatchString(msg) {
					t.Errorf("%s skipped without naming the page's own line: %q", name, msg)
				}
			}
			names := make([]string, 0, len(run.skipMsgs))
			for name := range run.skipMsgs {
				names = append(names, name)
			}
			slices.Sort(names)
			for _, name := range names {
				t.Logf("skipped %s: %s", name, run.skipMsgs[name])
			}
			for _, d := range res.Diagnostics {
				if !strings.HasPrefix(d.Code, "example-") {
					t.Logf("diagnostic: %s", d)
				}
			}
			reasons := map[string]int{}
			for _, d := range res.Diagnostics {
				if strings.HasPrefix(d.Code, "example-") {
					reasons[d.Code]++
				}
			}
			t.Logf("%s %s: pages %d, operations %d, endpoints %d, models %d, files %d; tests passed %d (examples %d, path escaping %d), skipped %d; skip reasons (example diagnostics): %s; all diagnostics: %s",
				tc.rev, tc.version, pages, ops, endpoints, models, len(res.Files), run.passed, run.passed-run.escaping, run.escaping, len(run.skipMsgs), fmtCodes(reasons), fmtCodes(codes))
			check := func(what string, got, min int) {
				if got < min {
					t.Errorf("%s = %d, want at least %d", what, got, min)
				}
			}
			check("pages", pages, tc.minPages)
			check("operations", ops, tc.minPages)
			check("endpoints", endpoints, tc.minEndpoints)
			check("models", models, tc.minModels)
			check("example tests passed", run.passed-run.escaping, tc.minPassed)
			check("path-escaping tests passed", run.escaping, tc.minEscaping)
			if len(run.skipMsgs) > tc.maxSkipped {
				t.Errorf("tests skipped = %d, want at most %d", len(run.skipMsgs), tc.maxSkipped)
			}
		})
	}
}

// skipNamesPage matches a skip message that starts with docs/api/<page>.md:<line>.
var skipNamesPage = regexp.MustCompile(`^docs/api/[^ :]+\.md:[0-9]+: \S`)

// writeFiles writes generated files under dir.
func writeFiles(dir string, files map[string][]byte) error {
	for p, data := range files {
		fp := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(fp, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// testRun is what go test -json said about a package's top-level tests.
type testRun struct {
	passed   int
	escaping int // passed tests named *PathEscaping
	failed   []string
	skipMsgs map[string]string // test -> its skip message
	output   map[string]string
}

// runGoTestJSON runs go test -json on pkg and sorts its top-level tests.
func runGoTestJSON(pkg string) (*testRun, error) {
	out, err := exec.Command("go", "test", "-count=1", "-json", pkg).Output()
	r := &testRun{skipMsgs: map[string]string{}, output: map[string]string{}}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var ev struct {
			Action, Test, Output string
		}
		if derr := dec.Decode(&ev); derr != nil {
			return nil, fmt.Errorf("go test -json: %v (run error %v)\n%s", derr, err, firstLines(string(out), 40))
		}
		if ev.Test == "" || strings.Contains(ev.Test, "/") {
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
		return nil, fmt.Errorf("go test: %v\n%s", err, firstLines(string(out), 40))
	}
	return r, nil
}

// skipMessage extracts the t.Skip text from a test's output
// ("    file_test.go:12: <message>").
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

// TestCorpusLayout generates every operation page of each revision and
// version (the 2021-07 beta one is also TestFullBeta's) and checks that
// gofmt would change none of the files: the emitter writes gofmt's layout
// itself, and the real pages hold the comments, names and literals that
// test it hardest.
func TestCorpusLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating every operation page")
	}
	root := docsRoot(t)
	for _, rv := range [][2]string{{"2018-09", "beta"}, {"2018-09", "v1.0"}, {"2021-07", "v1.0"}} {
		t.Run(rv[0]+"-"+rv[1], func(t *testing.T) {
			docs := parseAll(readVersion(t, root, rv[0], rv[1]))
			res, err := Generate(docs, Config{Package: "graph", SourceRoot: "docs", Select: apiOps})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) < 3000 {
				t.Errorf("%d files, want at least 3,000", len(res.Files))
			}
			checkGofmtAll(t, res.Files)
		})
	}
}
