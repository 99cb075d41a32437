package api

import (
	"testing"

	"github.com/graphgen/graphgen/internal/diagcodes"
	"github.com/graphgen/graphgen/internal/model"
)

// TestCodeTable: every code the linker's source reports is in doc.go's
// table with the severity it is reported with, and every row is reported
// somewhere. An example-* code reaches the diagnostics through example.go's
// skip, problemf (whose problem goes to skip) or warn: each a warning.
func TestCodeTable(t *testing.T) {
	problems, err := diagcodes.Compare(".", "doc.go", map[string]model.Severity{"skip": model.SevWarning, "problemf": model.SevWarning, "warn": model.SevWarning})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}
