package api

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

// TestContribMetadata (issue 18.8): the sample of today's v1.0 pages
// (graph-docs/contrib-2026/v1.0) links with the service's 2026-08 v1.0
// metadata: no documented property is unknown to it (the pages repeat id,
// which the metadata's types inherit from entity: 6 metadata-property-unknown
// before the base chain was looked up), no type is unknown, and no message
// quotes an empty name.
func TestContribMetadata(t *testing.T) {
	dir := filepath.Join(docsDir(t), "contrib-2026", "v1.0")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the contrib-2026 sample is absent: %v", err)
	}
	file := filepath.Join(metaDir(t), "2026-08", "v1.0.xml")
	if _, err := os.Stat(file); err != nil {
		t.Skipf("the 2026-08 metadata is absent: %v", err)
	}
	md, err := csdl.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := load.Pages([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	for _, p := range pages {
		docs = append(docs, p.Doc)
	}
	a := Build(docs, Options{Metadata: []*csdl.Metadata{md}})
	if len(a.Operations) < 20 {
		t.Fatalf("%d operations", len(a.Operations))
	}
	codes := map[string]int{}
	for _, d := range a.Diagnostics {
		codes[d.Code]++
		switch {
		case d.Code == "metadata-property-unknown", d.Code == "metadata-type-unknown", d.Code == "missing-type", d.Code == "unknown-type":
			t.Errorf("%s", d)
		case strings.Contains(d.Message, "``"):
			t.Errorf("a message quotes an empty name: %s", d)
		}
	}
	t.Logf("%d operations, %d types; diagnostics by code %v", len(a.Operations), len(a.Types), codes)
}
