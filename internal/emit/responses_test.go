package emit

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"path"
	"regexp"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
)

// clientMethods parses the generated non-test files and returns each Client
// method's parameters and results as Go writes them, by name.
func clientMethods(t *testing.T, files map[string][]byte) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	out := map[string]string{}
	for name, src := range files {
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || strings.Contains(name, "/graphtest/") {
			continue
		}
		f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() {
				continue
			}
			var b bytes.Buffer
			if err := printer.Fprint(&b, fset, fd.Type); err != nil {
				t.Fatal(err)
			}
			out[fd.Name.Name] = strings.TrimPrefix(b.String(), "func")
		}
	}
	return out
}

var bodyRequest = regexp.MustCompile(`, body \*\w+Request,`)

// TestCorpusUploads (issue 18, "Done when"): generated from the 2021-07
// v1.0 pages, without and with the service's metadata, the upload methods
// of driveitem-put-content return (*DriveItem, error) (the page says "returns
// a [driveItem] object in the response body" without a status code: they
// returned only an error), and the createUploadSession methods take the
// body its "## Parameters" table documents and return (*UploadSession,
// error) (they took no body and returned *Accepted, from the "Upload bytes"
// section's 202). The package vets and its tests pass.
func TestCorpusUploads(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and compiling a corpus package")
	}
	c := corpusFolders[3]
	if c.rev != "2021-07" || c.version != "v1.0" {
		t.Fatalf("corpusFolders[3] is %v", c)
	}
	sel := func(op *api.Operation) bool {
		switch path.Base(op.Page.Path) {
		case "driveitem-put-content.md", "driveitem-createuploadsession.md":
			return true
		}
		return false
	}
	for _, withMeta := range []bool{false, true} {
		name := "pages"
		if withMeta {
			name = "metadata"
		}
		t.Run(name, func(t *testing.T) {
			res, a, pkg := corpusPackage(t, c, withMeta, sel)
			methods := clientMethods(t, res.Files)
			uploads, sessions := 0, 0
			for m, sig := range methods {
				switch {
				case strings.HasPrefix(m, "Upload") && strings.HasSuffix(m, "Content"):
					uploads++
					if !strings.HasSuffix(sig, "(*DriveItem, error)") {
						t.Errorf("%s%s: want (*DriveItem, error)", m, sig)
					}
				case strings.HasSuffix(m, "CreateUploadSession"):
					sessions++
					if !bodyRequest.MatchString(sig) || !strings.HasSuffix(sig, "(*UploadSession, error)") {
						t.Errorf("%s%s: want a body and (*UploadSession, error)", m, sig)
					}
				}
			}
			if uploads != 10 || sessions != 5 {
				t.Errorf("%d upload methods (want 10), %d createUploadSession methods (want 5): %v", uploads, sessions, methods)
			}
			req := ""
			for p, b := range res.Files {
				if i := bytes.Index(b, []byte("CreateUploadSessionRequest struct {")); i >= 0 && !strings.HasSuffix(p, "_test.go") {
					req = string(b[i:])
					req = req[:strings.Index(req, "\n}")]
					break
				}
			}
			for _, field := range []string{"Item ", "*DriveItemUploadableProperties", "DeferCommit "} {
				if !strings.Contains(req, field) {
					t.Errorf("the createUploadSession request has no %q:\n%s", field, req)
				}
			}
			run, reasons := vetAndTest(t, pkg, a, sel)
			t.Logf("%d upload and %d createUploadSession methods; generated tests passed %d, skipped %d %v", uploads, sessions, run.passed, len(run.skipMsgs), reasons)
		})
	}
}
