package api

import (
	"testing"

	"github.com/graphgen/graphgen/internal/csdl"
)

// The pages (and the metadata) are parsed once, outside the timed loop:
// these measure Build alone. Run side by side:
//
//	go test ./internal/api -run '^$' -bench . -benchmem -count 5

func BenchmarkBuildBeta(b *testing.B) {
	docs := corpusPages(b, "2021-07", "beta")
	b.ReportAllocs()
	for b.Loop() {
		if a := Build(docs, Options{}); len(a.Types) == 0 {
			b.Fatal("no types")
		}
	}
}

func BenchmarkBuildBetaMetadata(b *testing.B) {
	docs := corpusPages(b, "2021-07", "beta")
	md := corpusMeta(b, "2021-07", "beta")
	opts := Options{Metadata: []*csdl.Metadata{md}}
	b.ReportAllocs()
	for b.Loop() {
		if a := Build(docs, opts); len(a.Types) == 0 {
			b.Fatal("no types")
		}
	}
}
