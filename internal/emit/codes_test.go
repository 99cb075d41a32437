package emit

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDiagnosticCodesDocumented: every code the generator can report is in
// doc.go's table, and the table lists no code the generator never reports.
func TestDiagnosticCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	row := regexp.MustCompile(`(?m)^//\t([a-z]+(?:-[a-z]+)+)\s+(error|warning|info)\s`)
	var documented []string
	for _, m := range row.FindAllStringSubmatch(string(doc), -1) {
		documented = append(documented, m[1])
	}

	use := regexp.MustCompile(`(?:g\.diag\([^"]*|skip\([^"]*|litErr\()"([a-z]+(?:-[a-z]+)+)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var used []string
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			used = append(used, m[1])
		}
	}
	slices.Sort(documented)
	slices.Sort(used)
	used = slices.Compact(used)
	if len(used) < 10 {
		t.Fatalf("found only %d codes in the source; the pattern is stale", len(used))
	}
	if diff := cmp.Diff(documented, used); diff != "" {
		t.Errorf("doc.go's diagnostics table (-) and the codes the source reports (+) differ:\n%s", diff)
	}
}
