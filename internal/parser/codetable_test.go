package parser

import (
	"testing"

	"github.com/graphgen/graphgen/internal/diagcodes"
)

// TestCodeTable: every code the parser's source reports is in doc.go's
// table with the severity it is reported with, and every row is reported
// somewhere (TestCodesDocumented keeps Codes and the table in step).
func TestCodeTable(t *testing.T) {
	problems, err := diagcodes.Compare(".", "doc.go", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
