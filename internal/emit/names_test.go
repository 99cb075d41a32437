package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	mdparser "github.com/graphgen/graphgen/internal/parser"
)

// exportedNames lists the exported identifiers of a generated package's
// non-test files: top-level names, methods as Recv.Name, struct fields as
// Type.Field, each with the file that declares it.
func exportedNames(t testing.TB, files map[string][]byte) map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	names := map[string]string{}
	aliases := map[string]string{} // alias -> the type it names
	for p, src := range files {
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") || strings.Contains(p, "/graphtest/") {
			continue
		}
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		add := func(n string) {
			if ast.IsExported(n[strings.LastIndexByte(n, '.')+1:]) {
				names[n] = p
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					add(d.Name.Name)
					continue
				}
				r := d.Recv.List[0].Type
				if s, ok := r.(*ast.StarExpr); ok {
					r = s.X
				}
				if id, ok := r.(*ast.Ident); ok && ast.IsExported(id.Name) {
					add(id.Name + "." + d.Name.Name)
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						add(s.Name.Name)
						if id, ok := s.Type.(*ast.Ident); ok && s.Assign.IsValid() {
							aliases[s.Name.Name] = id.Name
						}
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fl := range st.Fields.List {
								for _, n := range fl.Names {
									add(s.Name.Name + "." + n.Name)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							add(n.Name)
						}
					}
				}
			}
		}
	}
	// A Go caller reaches the fields and methods of a type through its
	// aliases.
	for a, target := range aliases {
		for n, f := range names {
			if rest, ok := strings.CutPrefix(n, target+"."); ok {
				names[a+"."+rest] = f
			}
		}
	}
	return names
}

// checkSubset fails for every exported name of sub that all lacks.
func checkSubset(t *testing.T, sub, all map[string]string) {
	t.Helper()
	var missing []string
	for n, f := range sub {
		if _, ok := all[n]; !ok {
			missing = append(missing, n+" ("+f+")")
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d exported names generated from the smaller selection are missing or renamed in the larger one, e.g. %s", len(missing), strings.Join(missing[:min(10, len(missing))], ", "))
	}
}

// specsDocs parses specs/.
func specsDocs(t *testing.T) []*model.Document {
	t.Helper()
	var docs []*model.Document
	err := filepath.WalkDir(filepath.Join("..", "..", "specs"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(filepath.Join("..", "..", "specs"), p)
		docs = append(docs, mdparser.Parse(filepath.ToSlash(rel), src))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// TestNamesDependOnTheOperationAlone: every exported name generated from a
// selection S is the same when more pages are selected, or when the pages
// come in another order (specs/, then the whole 2021-07 beta folder).
func TestNamesDependOnTheOperationAlone(t *testing.T) {
	gen := func(docs []*model.Document, sel func(*api.Operation) bool) map[string][]byte {
		res, err := Generate(api.Build(docs, api.Options{}), Config{Package: "graph", Select: sel})
		if err != nil {
			t.Fatal(err)
		}
		return res.Files
	}
	seed := func(op *api.Operation) bool { return strings.HasPrefix(op.Page.Path, "update-") }
	docs := specsDocs(t)
	small := exportedNames(t, gen(docs, seed))
	if len(small) < 20 {
		t.Fatalf("only %d names from the seed page", len(small))
	}
	checkSubset(t, small, exportedNames(t, gen(docs, nil)))
	reversed := slices.Clone(docs)
	slices.Reverse(reversed)
	a, b := gen(docs, nil), gen(reversed, nil)
	for p := range a {
		if string(a[p]) != string(b[p]) {
			t.Errorf("%s differs when the pages come in another order", p)
		}
	}

	if testing.Short() || docsRoot() == "" {
		return
	}
	t.Run("2021-07-beta", func(t *testing.T) {
		all := corpusDocs(t, "2021-07", "beta")
		for _, sel := range []func(*api.Operation) bool{assignmentUpdate, func(op *api.Operation) bool {
			return strings.Contains(op.Page.Path, "user-") || strings.Contains(op.Page.Path, "group-")
		}} {
			checkSubset(t, exportedNames(t, gen(all, sel)), exportedNames(t, gen(all, apiOps)))
		}
	})
}

// TestRuntimeNamesReserved: every exported top-level name of the runtime
// (templates/graphrt, copied into each package) is reserved, so a Graph
// type of that name gets a trailing '_' instead of clashing with it.
func TestRuntimeNamesReserved(t *testing.T) {
	dir := filepath.Join("..", "..", "templates", "graphrt")
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, e := range ents {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range topLevelNames(f) {
			if !ast.IsExported(id) {
				continue
			}
			n++
			if !slices.Contains(reservedPackageNames, id) {
				t.Errorf("%s: the runtime's %s is not in reservedPackageNames", name, id)
			}
		}
	}
	if n < 30 {
		t.Errorf("found %d exported runtime names, want at least 30", n)
	}
}

// topLevelNames lists the package-level identifiers a file declares.
func topLevelNames(f *ast.File) []string {
	var out []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				out = append(out, d.Name.Name)
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					out = append(out, s.Name.Name)
				case *ast.ValueSpec:
					for _, id := range s.Names {
						out = append(out, id.Name)
					}
				}
			}
		}
	}
	return out
}
