package emit

import (
	"testing"

	"github.com/graphgen/graphgen/internal/diagcodes"
	"github.com/graphgen/graphgen/internal/model"
)

// TestCodeTable: every code the generator's source reports is in doc.go's
// table with the severity it is reported with, and every row is reported
// somewhere. An example-* code reaches g.diag through tests.go's skip (a
// warning); litErr's code goes to skip too.
func TestCodeTable(t *testing.T) {
	problems, err := diagcodes.Compare(".", "doc.go", map[string]model.Severity{"skip": model.SevWarning, "litErr": model.SevWarning})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
