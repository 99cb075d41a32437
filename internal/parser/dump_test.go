package parser

import (
	"encoding/json"
	"os"
	"testing"
)

// TestDumpFile prints the IR of the page named by $GRAPHGEN_DUMP (a
// debugging aid; skipped when unset).
func TestDumpFile(t *testing.T) {
	f := os.Getenv("GRAPHGEN_DUMP")
	if f == "" {
		t.Skip("set GRAPHGEN_DUMP=page.md to print its IR")
	}
	src, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(Parse(f, src), "", "  ")
	t.Log(string(b))
}
