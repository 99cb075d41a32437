package output

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func gen(body string) []byte { return []byte(Header + "\n\npackage p\n" + body) }

func writeFile(t *testing.T, file string, b []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	got := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		got[filepath.ToSlash(rel)] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p/old.go"), gen("// old\n"))        // generated earlier, now stale
	writeFile(t, filepath.Join(dir, "p/same.go"), gen("// same\n"))      // unchanged
	writeFile(t, filepath.Join(dir, "p/changed.go"), gen("// before\n")) // changed
	writeFile(t, filepath.Join(dir, "p/mine.go"), []byte("package p\n")) // hand-written: kept
	writeFile(t, filepath.Join(dir, "p/notes.txt"), []byte(Header+"\n")) // not .go: kept
	writeFile(t, filepath.Join(dir, "p/sub/x.go"), gen(""))              // subfolder: not ours to judge
	writeFile(t, filepath.Join(dir, "other/y.go"), gen(""))              // another package: kept

	files := map[string][]byte{
		"p/same.go":    gen("// same\n"),
		"p/changed.go": gen("// after\n"),
		"p/new.go":     gen("// new\n"),
	}
	rep, err := Write(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	wantRep := &Report{Written: []string{"p/changed.go", "p/new.go"}, Removed: []string{"p/old.go"}, Unchanged: []string{"p/same.go"}}
	if diff := cmp.Diff(wantRep, rep); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
	want := map[string]string{
		"p/same.go":    string(gen("// same\n")),
		"p/changed.go": string(gen("// after\n")),
		"p/new.go":     string(gen("// new\n")),
		"p/mine.go":    "package p\n",
		"p/notes.txt":  Header + "\n",
		"p/sub/x.go":   string(gen("")),
		"other/y.go":   string(gen("")),
	}
	if diff := cmp.Diff(want, readDir(t, dir)); diff != "" {
		t.Errorf("disk after Write (-want +got):\n%s", diff)
	}

	// A second run changes nothing, and Plan agrees.
	rep, diffText, err := Plan(dir, files)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Changed() || diffText != "" {
		t.Errorf("second Plan: changed=%v diff=%q", rep.Changed(), diffText)
	}
}

func TestWriteRefusesHandWritten(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p/client.go"), []byte("package p // mine\n"))
	writeFile(t, filepath.Join(dir, "p/a.go"), gen("// a\n"))
	before := readDir(t, dir)
	_, err := Write(dir, map[string][]byte{"p/a.go": gen("// new a\n"), "p/client.go": gen("")})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "p/client.go")+":1: refusing to overwrite") {
		t.Fatalf("Write error = %v, want a refusal naming p/client.go", err)
	}
	if diff := cmp.Diff(before, readDir(t, dir)); diff != "" {
		t.Errorf("a refused Write changed the disk (-before +after):\n%s", diff)
	}
}

func TestWriteRejectsBadNames(t *testing.T) {
	for _, name := range []string{"../x.go", "/abs.go", "a/../../x.go", "", "a//b.go"} {
		if _, err := Write(t.TempDir(), map[string][]byte{name: gen("")}); err == nil {
			t.Errorf("Write accepted %q", name)
		}
	}
}

var errKilled = errors.New("killed")

// TestWriteInterrupted simulates runs killed at each step of a Write: before
// the commit point the old output stays as it was; after it, the next Write
// (or Recover) completes the new output. Never a mix once graphgen has run
// again, and nothing hand-written is touched.
func TestWriteInterrupted(t *testing.T) {
	oldFiles := map[string]string{
		"p/a.go":    string(gen("// old a\n")),
		"p/b.go":    string(gen("// old b\n")),
		"p/gone.go": string(gen("// gone\n")),
		"p/mine.go": "package p\n",
	}
	newFiles := map[string][]byte{"p/a.go": gen("// new a\n"), "p/b.go": gen("// new b\n"), "p/c.go": gen("// new c\n")}
	wantNew := map[string]string{"p/mine.go": "package p\n"}
	for name, b := range newFiles {
		wantNew[name] = string(b)
	}
	setup := func(t *testing.T) string {
		dir := t.TempDir()
		for name, b := range oldFiles {
			writeFile(t, filepath.Join(dir, name), []byte(b))
		}
		return dir
	}
	restore := func(w func(string, []byte) error, c func(string, string) error, a func(int) error) func() {
		return func() { writeStaged, commitJournal, applyStep = w, c, a }
	}

	t.Run("while staging", func(t *testing.T) {
		defer restore(writeStaged, commitJournal, applyStep)()
		dir := setup(t)
		n := 0
		writeStaged = func(file string, b []byte) error {
			if n++; n == 2 {
				return errKilled
			}
			return os.WriteFile(file, b, 0o644)
		}
		if _, err := Write(dir, newFiles); !errors.Is(err, errKilled) {
			t.Fatalf("Write error %v, want killed", err)
		}
		if diff := cmp.Diff(oldFiles, readDir(t, dir)); diff != "" {
			t.Errorf("killed while staging: disk is not the old output (-old +got):\n%s", diff)
		}
	})
	t.Run("at the commit point", func(t *testing.T) {
		defer restore(writeStaged, commitJournal, applyStep)()
		dir := setup(t)
		commitJournal = func(string, string) error { return errKilled }
		if _, err := Write(dir, newFiles); !errors.Is(err, errKilled) {
			t.Fatalf("Write error %v, want killed", err)
		}
		if diff := cmp.Diff(oldFiles, readDir(t, dir)); diff != "" {
			t.Errorf("killed at commit: disk is not the old output (-old +got):\n%s", diff)
		}
	})
	for k := 0; k <= 3; k++ {
		t.Run(fmt.Sprintf("after %d of 4 steps", k), func(t *testing.T) {
			defer restore(writeStaged, commitJournal, applyStep)()
			dir := setup(t)
			applyStep = func(i int) error {
				if i == k {
					return errKilled
				}
				return nil
			}
			if _, err := Write(dir, newFiles); !errors.Is(err, errKilled) {
				t.Fatalf("Write error %v, want killed", err)
			}
			if !Interrupted(dir) {
				t.Fatal("no journal left by a run killed after its commit point")
			}
			if _, _, err := Plan(dir, newFiles); err == nil || !strings.Contains(err.Error(), "interrupted") {
				t.Errorf("Plan on an interrupted folder: %v, want an error saying so", err)
			}
			applyStep = func(int) error { return nil }
			if err := Recover(dir); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(wantNew, readDir(t, dir)); diff != "" {
				t.Errorf("after recovery: disk is not the new output (-want +got):\n%s", diff)
			}
		})
	}
}

func TestPlanDiff(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "p/a.go"), gen("var x = 1\n"))
	writeFile(t, filepath.Join(dir, "p/gone.go"), gen(""))
	_, diff, err := Plan(dir, map[string][]byte{"p/a.go": gen("var x = 2\n")})
	if err != nil {
		t.Fatal(err)
	}
	want := "--- a/p/a.go\n+++ b/p/a.go\n@@ -1,4 +1,4 @@\n " + Header + "\n \n package p\n-var x = 1\n+var x = 2\n" +
		"--- a/p/gone.go\n+++ /dev/null\n@@ -1,3 +0,0 @@\n-" + Header + "\n-\n-package p\n"
	if d := cmp.Diff(want, diff); d != "" {
		t.Errorf("Plan diff (-want +got):\n%s", d)
	}
}
