package emit

import (
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
	mdparser "github.com/graphgen/graphgen/internal/parser"
)

// init adds every testdata/adversarial-* folder to the golden cases, so that
// TestGolden, TestDeterministic and TestGoldenCompiles cover them.
func init() {
	dirs, _ := filepath.Glob(filepath.Join("testdata", "adversarial-*"))
	for _, d := range dirs {
		if name := filepath.Base(d); !slices.Contains(goldenCases, name) {
			goldenCases = append(goldenCases, name)
		}
	}
}

// fuzzSeeds are (operation page, resource page) pairs: the seed page with
// each of the seed's resource pages, and the pages of every golden case.
func fuzzSeeds(tb testing.TB) [][2][]byte {
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	var seeds [][2][]byte
	seed := read(filepath.Join("..", "..", "specs", "update-deviceconfigurationassignment.md"))
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	for _, r := range res {
		seeds = append(seeds, [2][]byte{seed, read(r)})
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, c := range cases {
		ops, _ := filepath.Glob(filepath.Join(c, "api", "*.md"))
		rs, _ := filepath.Glob(filepath.Join(c, "resources", "*.md"))
		for i, o := range ops {
			r := []byte{}
			if len(rs) > 0 {
				r = read(rs[i%len(rs)])
			}
			seeds = append(seeds, [2][]byte{read(o), r})
		}
	}
	if len(seeds) == 0 {
		tb.Fatal("no fuzz seeds")
	}
	return seeds
}

// seedResources are the seed's resource pages, parsed once: the types the
// fuzzed pages may link to.
func seedResources(tb testing.TB) []*model.Document {
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	var docs []*model.Document
	for _, r := range res {
		src, err := os.ReadFile(r)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, mdparser.Parse("resources/"+filepath.Base(r), src))
	}
	return docs
}

// FuzzGenerate parses an operation page and a resource page from arbitrary
// bytes, adds the seed's resource pages and generates: never a panic or an
// error; every file is gofmt'ed Go that go/parser accepts, with unique
// top-level names in the package, unique field and method names per type,
// and no method named like a field of its type.
func FuzzGenerate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s[0], s[1])
	}
	base := seedResources(f)
	f.Fuzz(func(t *testing.T, op, res []byte) {
		docs := append(slices.Clip(base), mdparser.Parse("api/fuzz-op.md", op), mdparser.Parse("resources/fuzz-type.md", res))
		r, err := Generate(docs, goldenConfig)
		if err != nil {
			t.Fatalf("Generate: %v", err)
		}
		for _, e := range checkPackage(r.Files) {
			t.Error(e)
		}
	})
}

// checkPackage lists what breaks FuzzGenerate's promises in one package.
func checkPackage(files map[string][]byte) (errs []string) {
	errorf := func(format string, args ...any) { errs = append(errs, fmt.Sprintf(format, args...)) }
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	top := map[string]string{}                // name -> file
	members := map[string]map[string]string{} // type -> field or method name -> "field"/"method"
	byValue := map[string][]string{}          // struct type -> types its fields hold by value
	member := func(typ, name, what, file string) {
		if name == "_" {
			return
		}
		m := members[typ]
		if m == nil {
			m = map[string]string{}
			members[typ] = m
		}
		if prev, ok := m[name]; ok {
			errorf("%s: %s %s.%s clashes with a %s of the same name", file, what, typ, name, prev)
		}
		m[name] = what
	}
	for _, name := range names {
		src := files[name]
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		formatted, err := format.Source(src)
		if err != nil {
			errorf("%s: go/format: %v\n%s", name, err, src)
			continue
		}
		if string(formatted) != string(src) {
			errorf("%s is not gofmt'ed", name)
		}
		file, err := parser.ParseFile(fset, name, src, parser.ParseComments)
		if err != nil {
			errorf("%s: %v", name, err)
			continue
		}
		if !strings.HasPrefix(string(src), "// Code generated ") {
			errorf("%s: no generated-code header", name)
		}
		for _, d := range file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil {
					typ := recvType(d.Recv.List[0].Type)
					member(typ, d.Name.Name, "method", name)
					continue
				}
				if d.Name.Name == "init" || d.Name.Name == "_" {
					continue
				}
				topName(errorf, top, d.Name.Name, name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						topName(errorf, top, s.Name.Name, name)
						if st, ok := s.Type.(*ast.StructType); ok {
							for _, fl := range st.Fields.List {
								byValue[s.Name.Name] = append(byValue[s.Name.Name], valueDeps(fl.Type)...)
								for _, n := range fl.Names {
									member(s.Name.Name, n.Name, "field", name)
								}
								if len(fl.Names) == 0 {
									member(s.Name.Name, embeddedName(fl.Type), "field", name)
								}
							}
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if n.Name != "_" {
								topName(errorf, top, n.Name, name)
							}
						}
					}
				}
			}
		}
	}
	// A struct that holds itself by value (directly or through others) does
	// not compile: "invalid recursive type".
	state := map[string]int{} // 1 visiting, 2 done
	var visit func(string) bool
	visit = func(n string) bool {
		switch state[n] {
		case 1:
			return true
		case 2:
			return false
		}
		state[n] = 1
		for _, d := range byValue[n] {
			if _, ok := byValue[d]; ok && visit(d) {
				return true
			}
		}
		state[n] = 2
		return false
	}
	typeNames := make([]string, 0, len(byValue))
	for n := range byValue {
		typeNames = append(typeNames, n)
	}
	sort.Strings(typeNames)
	for _, n := range typeNames {
		if state[n] == 0 && visit(n) {
			errorf("invalid recursive type %s: it holds itself by value", n)
		}
	}
	return errs
}

// valueDeps lists the named types a field of type e holds by value: T,
// Nullable[T] (a struct holding T) and arrays of them; pointers, slices and
// maps hold nothing by value.
func valueDeps(e ast.Expr) []string {
	switch x := e.(type) {
	case *ast.Ident:
		return []string{x.Name}
	case *ast.IndexExpr:
		if id, ok := x.X.(*ast.Ident); ok && id.Name == "Nullable" {
			return valueDeps(x.Index)
		}
		return valueDeps(x.X)
	case *ast.ArrayType:
		if x.Len != nil {
			return valueDeps(x.Elt)
		}
	case *ast.StructType:
		var deps []string
		for _, f := range x.Fields.List {
			deps = append(deps, valueDeps(f.Type)...)
		}
		return deps
	}
	return nil
}

func topName(errorf func(string, ...any), top map[string]string, name, file string) {
	if prev, ok := top[name]; ok {
		errorf("%s: %s is declared again (first in %s)", file, name, prev)
	}
	top[name] = file
}

func recvType(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

func embeddedName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.StarExpr:
		return embeddedName(x.X)
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.Ident:
		return x.Name
	case *ast.IndexExpr:
		return embeddedName(x.X)
	}
	return "?"
}

// TestGoldenPackagesWellFormed applies FuzzGenerate's checks to every golden
// case, adversarial ones included.
func TestGoldenPackagesWellFormed(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			files := generateCase(t, name)
			delete(files, "diagnostics.txt")
			for _, e := range checkPackage(files) {
				t.Error(e)
			}
		})
	}
}

// TestCheckPackage: the checks catch what they are meant to.
func TestCheckPackage(t *testing.T) {
	const h = "// Code generated by graphgen. DO NOT EDIT.\n\npackage graph\n\n"
	files := map[string][]byte{
		"graph/a.go": []byte(h + "type A struct {\n\tX int\n\tX int\n}\n\nfunc (a *A) X() {}\n\nconst B = 1\n"),
		"graph/b.go": []byte(h + "var B = 2\n\nfunc  C() {}\n"),
		"graph/c.go": []byte("package graph\n\nfunc D( {\n"),
		"graph/d.go": []byte(h + "type E struct {\n\tF Nullable[F]\n\tG *E\n}\n\ntype F struct{ E [1]E }\n\ntype H struct {\n\tH []H\n\tP *H\n\tM map[string]H\n}\n"),
	}
	want := []string{
		"graph/a.go: field A.X clashes with a field of the same name",
		"graph/a.go: method A.X clashes with a field of the same name",
		"graph/b.go is not gofmt'ed",
		"graph/b.go: B is declared again (first in graph/a.go)",
	}
	got := checkPackage(files)
	if len(got) != 6 || !strings.HasPrefix(got[4], "graph/c.go: go/format: ") || got[5] != "invalid recursive type E: it holds itself by value" {
		t.Fatalf("got %q", got)
	}
	if d := cmp.Diff(want, got[:4]); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestRuntimeNamesReserved: every package-level name the runtime exports is
// in reservedPackageNames, so no generated type can take it.
func TestRuntimeNamesReserved(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "templates", "graphrt", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("runtime sources: %v", err)
	}
	fset := token.NewFileSet()
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for name, obj := range file.Scope.Objects {
			if ast.IsExported(name) && obj.Kind != ast.Bad {
				n++
				if !slices.Contains(reservedPackageNames, name) {
					t.Errorf("%s: runtime's %s is not in reservedPackageNames", filepath.Base(f), name)
				}
			}
		}
	}
	if n < 15 {
		t.Errorf("only %d exported runtime names found", n)
	}
}
