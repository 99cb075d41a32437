package emit

import (
	"go/ast"
	goparser "go/parser"
	"go/token"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// endsInRef reports whether an endpoint's path ends in $ref.
func endsInRef(ep *api.Endpoint) bool {
	n := len(ep.Segments)
	return n > 0 && ep.Segments[n-1].Kind == model.SegLiteral && strings.EqualFold(ep.Segments[n-1].Name, "$ref")
}

// refPage selects the pages with an endpoint whose path ends in $ref.
func refPage(op *api.Operation) bool { return slices.ContainsFunc(op.Endpoints, endsInRef) }

// TestCorpusRefMethods generates every page of the 2021-07 folders with a
// …/$ref endpoint into one package: each method of a POST or PUT to $ref
// takes ref string after its path arguments and sends graphrtRef(ref); the
// others (GET, DELETE, PATCH of a $ref) take no such argument. Then go vet
// and go test: every generated test passes or skips naming its page.
func TestCorpusRefMethods(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: not generating and compiling the corpus packages")
	}
	// Measured on the 2021-07 pages: POST/PUT $ref endpoints with a
	// method, and examples that send a reference (their tests pass).
	want := map[string]struct{ refs, replayed int }{"beta": {43, 41}, "v1.0": {28, 27}}
	for _, c := range corpusFolders {
		if c.rev != "2021-07" {
			continue
		}
		t.Run(c.rev+"/"+c.version, func(t *testing.T) {
			res, linked, pkg := corpusPackage(t, c, false, refPage)
			g := &gen{cfg: Config{Package: "graph", Select: refPage}, api: linked, types: map[*api.Type]*typePlan{},
				pkg: newScope(reservedPackageNames...), files: newScope(), tests: newScope(), out: map[string][]byte{}}
			g.plan()
			decls := map[string]*ast.FuncDecl{}
			fset := token.NewFileSet()
			for p, data := range res.Files {
				if path.Dir(p) != "graph" || !strings.HasPrefix(path.Base(p), "op_") || strings.HasSuffix(p, "_test.go") {
					continue
				}
				f, err := goparser.ParseFile(fset, p, data, goparser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range f.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
						decls[fd.Name.Name] = fd
					}
				}
			}
			refs, others := 0, 0
			for _, op := range linked.Operations {
				if !refPage(op) {
					continue
				}
				for _, ep := range op.Endpoints {
					m := g.byKey[ep.Key]
					if !endsInRef(ep) || ep.Primary != ep || m == nil {
						continue
					}
					fd := decls[m.name]
					if fd == nil {
						t.Errorf("%s %s: no method %s in the package", ep.Method, ep.Path, m.name)
						continue
					}
					params := paramList(fd)
					n := 1 + len(ep.Args) // ctx and the path arguments
					isRef := ep.Method == "POST" || ep.Method == "PUT"
					if isRef != ep.Ref {
						t.Errorf("%s %s: Ref = %t", ep.Method, ep.Path, ep.Ref)
					}
					src := string(res.Files["graph/"+m.op.file])
					if isRef {
						refs++
						if len(params) != n+2 || params[n].typ != "string" || params[n+1].typ != "...RequestOption" {
							t.Errorf("%s %s: %s%s, want ref string after the %d path arguments", ep.Method, ep.Path, m.name, paramText(params), len(ep.Args))
							continue
						}
						if !strings.Contains(src, "graphrtRef("+params[n].name+")") {
							t.Errorf("%s %s: %s does not send graphrtRef(%s)", ep.Method, ep.Path, m.name, params[n].name)
						}
						continue
					}
					others++
					for _, p := range params[min(n, len(params)):] {
						if p.typ == "string" {
							t.Errorf("%s %s: %s%s takes a string after its path arguments", ep.Method, ep.Path, m.name, paramText(params))
						}
					}
				}
			}
			replayed := 0 // examples sending a reference, replayed by a test
			for _, op := range linked.Operations {
				for _, ex := range op.Examples {
					if refPage(op) && ex.Skip == nil && ex.Endpoint != nil && ex.Endpoint.Primary.Ref {
						replayed++
						if ex.Request.Ref == "" {
							t.Errorf("%s example %d: no reference", op.Page.Path, ex.N)
						}
					}
				}
			}
			run, reasons := vetAndTest(t, pkg, linked, refPage)
			for test, msg := range run.skipMsgs {
				if !skipNamesPage.MatchString(msg) {
					t.Errorf("%s skipped without naming the page's own line: %q", test, msg)
				}
			}
			t.Logf("%s: %d POST/PUT $ref methods take ref string, %d other $ref methods do not; %d examples send a reference; tests passed %d (examples %d, path escaping %d), skipped %d %v",
				c.version, refs, others, replayed, run.passed, run.passed-run.escaping, run.escaping, len(run.skipMsgs), reasons)
			w := want[c.version]
			if refs != w.refs {
				t.Errorf("%d POST/PUT $ref methods, want %d", refs, w.refs)
			}
			if replayed < w.replayed {
				t.Errorf("%d examples send a reference, want at least %d", replayed, w.replayed)
			}
		})
	}
}

type param struct{ name, typ string }

// paramList is a method's parameters, each with its type as written.
func paramList(fd *ast.FuncDecl) []param {
	var out []param
	for _, f := range fd.Type.Params.List {
		typ := exprText(f.Type)
		for _, n := range f.Names {
			out = append(out, param{n.Name, typ})
		}
	}
	return out
}

func paramText(ps []param) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.name+" "+p.typ)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// exprText writes the few type expressions a method's parameters have.
func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return exprText(x.X) + "." + x.Sel.Name
	case *ast.StarExpr:
		return "*" + exprText(x.X)
	case *ast.Ellipsis:
		return "..." + exprText(x.Elt)
	case *ast.ArrayType:
		return "[]" + exprText(x.Elt)
	}
	return "?"
}
