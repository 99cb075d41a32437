package parser

import (
	"os"
	"path/filepath"
	"testing"
)

func TestDiagSamples(t *testing.T) {
	code := os.Getenv("CODE")
	if code == "" {
		t.Skip()
	}
	n := 0
	for _, rev := range []string{"2018-09", "2021-07"} {
		for _, pg := range readRevision(t, filepath.Join(docsDir(t), rev)) {
			d := Parse(pg.path, pg.src)
			for _, dg := range d.Diagnostics {
				if dg.Code == code {
					n++
					if n%(1+n/20) == 0 || n < 20 {
						dg.Path = rev + "/" + pg.path
						t.Log(dg.String())
					}
				}
			}
		}
	}
}
