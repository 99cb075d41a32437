package odatapath

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var endpointLine = regexp.MustCompile(`(?m)^(?:GET|POST|PUT|PATCH|DELETE) +(/\S*)`)

// BenchmarkParse parses every `METHOD /path` line's path of the 2021-07
// beta api folder (request sections and examples alike, as written); it
// measures the grammar alone, which BenchmarkParseIR (internal/parser)
// and BenchmarkParseBeta (internal/emit) include:
//
//	go test ./internal/odatapath -run '^$' -bench . -benchmem
func BenchmarkParse(b *testing.B) {
	dir := os.Getenv("GRAPHGEN_DOCS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "graph-docs")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "2021-07", "api-reference", "beta", "api", "*.md"))
	if len(files) == 0 {
		b.Skipf("no pages under %s (set GRAPHGEN_DOCS)", dir)
	}
	var paths []string
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		for _, m := range endpointLine.FindAllStringSubmatch(string(src), -1) {
			paths = append(paths, strings.Clone(m[1]))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paths {
			Parse(p)
		}
	}
	b.ReportMetric(float64(len(paths)), "paths/op")
}
