package emit

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/want from Generate")

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

// generateCase runs Generate on a case and returns its files plus
// diagnostics.txt.
func generateCase(t testing.TB, name string) map[string][]byte {
	t.Helper()
	res, err := Generate(loadCase(t, name), goldenConfig)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for k, v := range res.Files {
		files[k] = v
	}
	var b strings.Builder
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

var goldenCases = []string{"seed", "naming", "polymorphism", "nullability", "escaping", "errors", "scale", "recursive"}

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
						hint := ""
						if strings.Contains(p, "/graphrt_") {
							hint = " (the runtime in templates/graphrt changed: run go test ./internal/emit -update)"
						}
						t.Errorf("%s differs%s (-want +got):\n%s", p, hint, d)
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

// TestGoldenCompiles runs go vet and go test on every want/graph package.
func TestGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not running go vet/go test on the golden packages")
	}
	goTool := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		goTool = "go"
	}
	var pkgs []string
	for _, name := range goldenCases {
		if caseExists(filepath.Join(name, "want", "graph")) {
			pkgs = append(pkgs, "./testdata/"+name+"/want/graph")
		}
		// Hand-written tests of the generated API, next to want/.
		if caseExists(filepath.Join(name, "roundtrip")) {
			pkgs = append(pkgs, "./testdata/"+name+"/roundtrip")
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
