package emit

import (
	"bytes"
	"cmp"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
)

// exampleTestFunc matches the declaration of a test generated from an
// example (TestGetUserExample2), and exampleSkip the skip such a test
// makes instead of replaying it.
var (
	exampleTestFunc = regexp.MustCompile(`(?m)^func Test\w*Example[0-9]+\w*\(t \*testing\.T\) \{$`)
	exampleSkip     = regexp.MustCompile(`(?m)^\tt\.Skip\(`)
)

// fidelity counts the example tests of a generated package and the ones
// that always skip, with the skipped examples' reasons by code (from the
// linked model; "no-method" for an endpoint without a method).
func fidelity(a *api.API, sel func(*api.Operation) bool, files map[string][]byte) (tests, skipped int, reasons map[string]int) {
	for p, data := range files {
		if strings.HasSuffix(p, "_gen_test.go") && !strings.Contains(p, "/graphtest/") {
			tests += len(exampleTestFunc.FindAll(data, -1))
			skipped += len(exampleSkip.FindAll(data, -1))
		}
	}
	reasons = skipReasons(a, sel)
	linked := 0
	for _, n := range reasons {
		linked += n
	}
	if skipped > linked {
		reasons["no-method"] = skipped - linked
	}
	return tests, skipped, reasons
}

// TestFidelity prints how many generated example tests of the whole
// 2021-07 beta api/ folder always skip, and why (docs/fidelity.md):
//
//	GRAPHGEN_FIDELITY=1 go test ./internal/emit -run TestFidelity -v
//
// It also checks the counts agree: every skipping test is an example the
// linker marked, or one whose endpoint has no method.
func TestFidelity(t *testing.T) {
	if os.Getenv("GRAPHGEN_FIDELITY") == "" {
		t.Skip("set GRAPHGEN_FIDELITY=1 to count the skipped example tests of the whole 2021-07 beta folder")
	}
	for _, withMeta := range []bool{false, true} {
		res, linked := fullBeta(t, withMeta)
		tests, skipped, reasons := fidelity(linked, apiOps, res.Files)
		name := "pages"
		if withMeta {
			name = "pages + metadata"
		}
		codes := slices.SortedFunc(maps.Keys(reasons), func(x, y string) int {
			return cmp.Or(cmp.Compare(reasons[y], reasons[x]), strings.Compare(x, y))
		})
		var b bytes.Buffer
		fmt.Fprintf(&b, "| 2021-07 beta api/, %s | %d example tests | %d skip (%.1f%%) |\n", name, tests, skipped, 100*float64(skipped)/float64(max(tests, 1)))
		for _, c := range codes {
			fmt.Fprintf(&b, "| | %s | %d |\n", c, reasons[c])
		}
		t.Logf("\n%s", b.String())
		if reasons["no-method"] != 0 {
			t.Errorf("%d skipped tests are neither marked by the linker nor of an endpoint without a method", reasons["no-method"])
		}
	}
}
