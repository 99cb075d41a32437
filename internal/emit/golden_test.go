package emit

import (
	"bytes"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
	"github.com/graphgen/graphgen/templates"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/want from Generate (all but the runtime copies)")

// The golden want/ folders hold only the files generated from the case's
// pages. The runtime copies (graph/graphrt_*.go) are the same in every case:
// TestGolden checks them against wantRuntime once per case, and
// TestGoldenCompiles writes them next to a temporary copy of each want
// package before building it.

// isRuntimeCopy says whether p (a Result.Files key) is a runtime copy (or
// the copied helpers of the generated tests, or a copy of the graphtest
// template).
func isRuntimeCopy(p string) bool {
	return strings.HasPrefix(path.Base(p), "graphrt_") || path.Base(p) == "graphgen_helpers_test.go" ||
		path.Base(path.Dir(p)) == "graphtest" && strings.HasPrefix(path.Base(p), "graphtest_")
}

// goldenImportPath is the import path of a case's want/graph package (its
// graphtest imports it).
func goldenImportPath(name string) string {
	return "github.com/graphgen/graphgen/internal/emit/testdata/" + name + "/want/graph"
}

// wantFake returns the copies of the graphtest template a case must
// contain (none when it has no operation), "graph/graphtest/graphtest_<name>.go"
// -> contents, for the package at importPath.
func wantFake(importPath string) (map[string][]byte, error) {
	copies, err := fakeCopyAll(templates.Fake, importPath)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, f := range copies {
		files[goldenConfig.Package+"/graphtest/"+f.name] = f.data
	}
	return files, nil
}

// wantRuntime returns the runtime copies every golden case must contain,
// "graph/graphrt_<name>.go" -> contents, built straight from templates.Runtime:
// every graphrt/*.go file but *_test.go and default.go (the rule
// templates.Runtime documents), rewritten by rewriteRuntime.
var wantRuntime = sync.OnceValues(func() (map[string][]byte, error) {
	names, err := runtimeFiles(templates.Runtime)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	for _, name := range append(names, helpersFile) {
		src, err := fs.ReadFile(templates.Runtime, name)
		if err != nil {
			return nil, err
		}
		out, err := runtimeCopy(src, goldenConfig.Package, "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		dst := "graphrt_" + path.Base(name)
		if name == helpersFile {
			dst = "graphgen_helpers_test.go"
		}
		files[goldenConfig.Package+"/"+dst] = out
	}
	return files, nil
})

// checkRuntimeCopies reports, in one error, how the runtime copies in got
// differ from wantRuntime: names first, then contents.
func checkRuntimeCopies(t *testing.T, name string, got map[string][]byte) {
	t.Helper()
	rt, err := wantRuntime()
	if err != nil {
		t.Fatal(err)
	}
	want := maps.Clone(rt)
	if slices.ContainsFunc(slices.Collect(maps.Keys(got)), func(p string) bool { return strings.HasPrefix(p, goldenConfig.Package+"/op_") }) {
		fake, err := wantFake(goldenImportPath(name))
		if err != nil {
			t.Fatal(err)
		}
		maps.Copy(want, fake)
	}
	var wantNames, gotNames []string
	for p := range want {
		wantNames = append(wantNames, p)
	}
	for p := range got {
		if isRuntimeCopy(p) {
			gotNames = append(gotNames, p)
		}
	}
	slices.Sort(wantNames)
	slices.Sort(gotNames)
	if d := cmp.Diff(wantNames, gotNames); d != "" {
		t.Errorf("runtime copies (-want +got):\n%s", d)
		return
	}
	var differ []string
	for _, p := range wantNames {
		if !bytes.Equal(want[p], got[p]) {
			differ = append(differ, p)
		}
	}
	if len(differ) > 0 {
		t.Errorf("runtime copies differ from templates/graphrt (and templates/graphtest) rewritten for package %s: %s", goldenConfig.Package, strings.Join(differ, ", "))
	}
}

// goldenConfig is the configuration every golden case uses.
var goldenConfig = Config{
	Package:    "graph",
	SourceRoot: "specs",
	GoGenerate: "go run github.com/graphgen/graphgen/cmd/graphgen generate",
}

// loadCase parses every page under testdata/<name> (outside want/).
func loadCase(t testing.TB, name string) []*model.Document {
	t.Helper()
	dir := filepath.Join("testdata", name)
	var docs []*model.Document
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && d.Name() == "want" {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		docs = append(docs, parser.Parse(filepath.ToSlash(rel), src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) == 0 {
		t.Fatalf("case %s has no pages", name)
	}
	return docs
}

// buildCase links a case's pages, with testdata/<name>/metadata.xml when
// there is one.
func buildCase(t testing.TB, name string) *api.API {
	t.Helper()
	var opts api.Options
	if f, err := os.Open(filepath.Join("testdata", name, "metadata.xml")); err == nil {
		md, err := csdl.Parse(f, "metadata.xml")
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		opts.Metadata = append(opts.Metadata, md)
	}
	return api.Build(loadCase(t, name), opts)
}

// generateCase runs Generate on a case and returns its files plus
// diagnostics.txt (the model's diagnostics about the pages it used, then
// the generator's).
func generateCase(t testing.TB, name string) map[string][]byte {
	t.Helper()
	a := buildCase(t, name)
	cfg := goldenConfig
	cfg.ImportPath = goldenImportPath(name)
	res, err := Generate(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for k, v := range res.Files {
		files[k] = v
	}
	var b strings.Builder
	for _, d := range a.Diagnostics {
		if res.Used[d.Path] {
			b.WriteString(d.String() + "\n")
		}
	}
	for _, d := range res.Diagnostics {
		b.WriteString(d.String() + "\n")
	}
	files["diagnostics.txt"] = []byte(b.String())
	return files
}

func readWant(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	want := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		want[filepath.ToSlash(rel)] = data
		return nil
	})
	return want
}

var goldenCases = []string{"seed", "naming", "polymorphism", "nullability", "escaping", "errors", "scale", "recursive", "adversarial-names", "adversarial-text", "paths"}

func caseExists(name string) bool {
	_, err := os.Stat(filepath.Join("testdata", name))
	return err == nil
}

func TestGolden(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			if !caseExists(name) {
				t.Fatalf("testdata/%s is missing", name)
			}
			got := generateCase(t, name)
			checkRuntimeCopies(t, name, got)
			for p := range got {
				if isRuntimeCopy(p) {
					delete(got, p)
				}
			}
			wantDir := filepath.Join("testdata", name, "want")
			if *update {
				os.RemoveAll(wantDir)
				for p, data := range got {
					fp := filepath.Join(wantDir, filepath.FromSlash(p))
					if err := os.MkdirAll(filepath.Dir(fp), 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(fp, data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return
			}
			want := readWant(t, wantDir)
			var names []string
			for p := range want {
				names = append(names, p)
			}
			for p := range got {
				if _, ok := want[p]; !ok {
					names = append(names, p)
				}
			}
			slices.Sort(names)
			for _, p := range names {
				w, inWant := want[p]
				g, inGot := got[p]
				switch {
				case !inWant:
					t.Errorf("%s: extra file (run go test ./internal/emit -update)", p)
				case !inGot:
					t.Errorf("%s: missing file", p)
				default:
					if d := cmp.Diff(string(w), string(g)); d != "" {
						t.Errorf("%s differs (-want +got):\n%s", p, d)
					}
				}
			}
		})
	}
}

// TestDeterministic generates every case twice and compares the bytes.
func TestDeterministic(t *testing.T) {
	for _, name := range goldenCases {
		if !caseExists(name) {
			continue
		}
		a, b := generateCase(t, name), generateCase(t, name)
		if len(a) != len(b) {
			t.Fatalf("%s: %d files, then %d", name, len(a), len(b))
		}
		for p := range a {
			if !bytes.Equal(a[p], b[p]) {
				t.Errorf("%s: %s differs between two runs", name, p)
			}
		}
	}
}

// TestGoldenCompiles runs go vet and go test on every want/graph package and
// every hand-written roundtrip package next to it. want/ has no runtime
// copies, so each case is copied into a temporary folder under testdata
// (inside this module, so go-cmp resolves), with the runtime copies written
// next to the want files and the roundtrip imports pointed at the copy.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not running go vet/go test on the golden packages")
	}
	goTool := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	rt, err := wantRuntime()
	if err != nil {
		t.Fatal(err)
	}
	tmp, err := os.MkdirTemp("testdata", "golden-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	const modPath = "github.com/graphgen/graphgen/internal/emit/"
	var pkgs []string
	for _, name := range goldenCases {
		if !caseExists(filepath.Join(name, "want", "graph")) {
			continue
		}
		dst := filepath.Join(tmp, name)
		wantFiles := readWant(t, filepath.Join("testdata", name, "want", "graph"))
		files := map[string][]byte{}
		for p, data := range wantFiles {
			files["want/graph/"+p] = data
		}
		for p, data := range rt {
			files["want/"+p] = data
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(dst, "want", "graph")))
		// The graphtest sub-package: its template copies, and every file of
		// it importing the copy instead of want/graph.
		if caseExists(filepath.Join(name, "want", "graph", "graphtest")) {
			newPath := modPath + filepath.ToSlash(filepath.Join(dst, "want", "graph"))
			fake, err := wantFake(newPath)
			if err != nil {
				t.Fatal(err)
			}
			for p, data := range fake {
				files["want/"+p] = data
			}
			oldImport, newImport := strconv.Quote(goldenImportPath(name)), strconv.Quote(newPath)
			for p, data := range files {
				if strings.HasPrefix(p, "want/graph/graphtest/") {
					files[p] = bytes.ReplaceAll(data, []byte(oldImport), []byte(newImport))
				}
			}
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(dst, "want", "graph", "graphtest")))
		}
		// Hand-written tests of the generated API, next to want/.
		if caseExists(filepath.Join(name, "roundtrip")) {
			oldImport := strconv.Quote(modPath + "testdata/" + name + "/want/graph")
			newImport := strconv.Quote(modPath + filepath.ToSlash(filepath.Join(dst, "want", "graph")))
			for p, data := range readWant(t, filepath.Join("testdata", name, "roundtrip")) {
				files["roundtrip/"+p] = bytes.ReplaceAll(data, []byte(oldImport), []byte(newImport))
			}
			pkgs = append(pkgs, "./"+filepath.ToSlash(filepath.Join(dst, "roundtrip")))
		}
		if err := writeFiles(dst, files); err != nil {
			t.Fatal(err)
		}
	}
	if len(pkgs) == 0 {
		t.Fatal("no golden packages")
	}
	for _, args := range [][]string{append([]string{"vet"}, pkgs...), append([]string{"test", "-count=1"}, pkgs...)} {
		cmd := exec.Command(goTool, args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("go %s: %v\n%s", args[0], err, out)
		} else {
			t.Logf("go %s:\n%s", args[0], out)
		}
	}
}

// writeFiles writes files (slash paths) under dir.
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

// TestGoldenTypeChecks type-checks every case's package and its graphtest
// (their tests included) with go/types and checks go/format leaves every
// file as it is.
func TestGoldenTypeChecks(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			files := generateCase(t, name)
			delete(files, "diagnostics.txt")
			checkFormatted(t, files)
			// The package and its graphtest, which imports it, as the
			// command checks them.
			ip := goldenImportPath(name)
			paths := map[string]string{goldenConfig.Package: ip, goldenConfig.Package + "/graphtest": ip + "/graphtest"}
			if err := gocheck.CheckPackages(files, paths); err != nil {
				t.Errorf("%s does not type-check:\n%v", name, err)
			}
		})
	}
}
