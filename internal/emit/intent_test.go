package emit

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/templates"
)

// The intent check: a generated package holds only what graphgen meant to
// write. checkIntended plans the run again (the plan is a function of the
// model and the configuration) and compares every file's syntax tree with
// it: the copies of the runtime and of the fake are the templates' bytes;
// every other file declares only names the plan gives, with the kind it
// gives (a type, a const, a var, a method of a planned type, a test), no
// init function, no package-level initializer but the ones graphgen writes
// (Permissions and MethodLists literals; family registrations
// `var _ = graphrtFamily[I](new(T), ...)`; the fake's `var _ =
// register(&operation{...})`), all inert: literals, names, and calls only
// of new and the fake's path constructors. Each model struct has exactly
// its planned fields, whose json and graph tags read back as the
// property's name and flags; each enum constant's value is its member's
// name. Comments are line comments that no directive can hide in.
// Imports are the standard packages the printers use (and, in graphtest,
// the client).

// intent is what the plan says one package declares.
type intent struct {
	types   map[string]string          // name -> "struct", "interface", "string", "alias"
	consts  map[string]bool            // enum constants, DefaultBaseURL, the fake's example responses
	vars    map[string]string          // name -> the type of its composite literal
	methods map[string]map[string]bool // receiver type -> method names
	funcs   map[string]bool            // tests
	family  map[string]map[string]bool // family interface -> the types its registration lists
	structs map[string]*typePlan       // model and request structs, for their fields
	enums   map[string]string          // enum constant -> the member's name
}

func newIntent() *intent {
	return &intent{types: map[string]string{}, consts: map[string]bool{}, vars: map[string]string{},
		methods: map[string]map[string]bool{}, funcs: map[string]bool{}, family: map[string]map[string]bool{},
		structs: map[string]*typePlan{}, enums: map[string]string{}}
}

func (in *intent) method(recv, name string) {
	if in.methods[recv] == nil {
		in.methods[recv] = map[string]bool{}
	}
	in.methods[recv][name] = true
}

// intents plans a run of Generate and returns what the package and its
// graphtest declare.
func intents(a *api.API, cfg Config) (client, fake *intent) {
	if cfg.Package == "" {
		cfg.Package = "graph"
	}
	g := newGen(a, cfg)
	g.plan()
	client, fake = newIntent(), newIntent()
	client.consts["DefaultBaseURL"] = true
	client.types["Permissions"] = "struct"
	client.types["ResourcePermissions"] = "struct"
	client.types["MethodLists"] = "struct"
	client.vars["RequiredScopes"] = "Permissions"
	client.vars["MethodsNotAllowed"] = "MethodLists"
	model := func(tp *typePlan) {
		client.types[tp.name] = "struct"
		client.structs[tp.name] = tp
		client.method(tp.name, "MarshalJSON")
		client.method(tp.name, "UnmarshalJSON")
	}
	for _, tp := range g.order {
		if tp.t.Kind == api.KindEnum {
			client.types[tp.name] = "string"
			for i, c := range tp.consts {
				client.consts[c] = true
				client.enums[c] = tp.t.Members[i].Name
			}
			continue
		}
		model(tp)
		for _, fam := range g.families(tp) {
			client.method(tp.name, fam.marker)
			client.method(tp.name, fam.accessor)
		}
		if tp.iface != "" {
			client.types[tp.iface] = "interface"
			client.types[tp.unknown] = "struct"
			members := map[string]bool{tp.unknown: true}
			for _, m := range familyMembers(g, tp) {
				members[m.name] = true
			}
			client.family[tp.iface] = members
			for _, fam := range g.families(tp) {
				client.method(tp.unknown, fam.marker)
				client.method(tp.unknown, fam.accessor)
			}
		}
	}
	for _, op := range g.ops {
		if op.req != nil && op.req.name != "" {
			model(op.req)
		}
		for _, m := range op.methods {
			client.method("Client", m.name)
			if m.page != "" {
				client.method("Client", m.page)
			}
			client.vars[m.perms] = "Permissions"
			if m.reqName != "" && op.req != nil && m.reqName != op.req.name {
				client.types[m.reqName] = "alias"
			}
			fake.consts["example"+m.name] = true
			fake.method("Server", "Handle"+m.name)
		}
		for _, name := range op.tests {
			if name != "" {
				client.funcs[name] = true
			}
		}
		if op.escape != "" {
			client.funcs[op.escape] = true
		}
	}
	return client, fake
}

// copies are the files Generate copies from the templates, by name.
func copies(t testing.TB, cfg Config) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	rt, err := runtimeCache.get(cfg.Package)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range rt {
		out[cfg.Package+"/"+f.name] = f.data
	}
	src, err := templates.Runtime.ReadFile(helpersFile)
	if err != nil {
		t.Fatal(err)
	}
	h, err := runtimeCopy(src, cfg.Package, "templates/"+helpersFile)
	if err != nil {
		t.Fatal(err)
	}
	out[cfg.Package+"/graphgen_helpers_test.go"] = h
	if cfg.ImportPath != "" {
		fk, err := fakeCache.get(cfg.ImportPath)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fk {
			out[cfg.Package+"/graphtest/"+f.name] = f.data
		}
	}
	return out
}

// allowedImports are the packages the printers import.
var allowedImports = map[string]bool{"context": true, "encoding/json": true, "io": true, "iter": true, "time": true, "testing": true, "strings": true}

// checkIntended fails t when files (Result.Files, or a package read back
// from disk with the same names) hold anything the plan of a and cfg does
// not give. See the comment above.
func checkIntended(t testing.TB, a *api.API, cfg Config, files map[string][]byte) {
	t.Helper()
	if cfg.Package == "" {
		cfg.Package = "graph"
	}
	client, fake := intents(a, cfg)
	cp := copies(t, cfg)
	seen := map[*intent]map[string]string{client: {}, fake: {}} // declared name -> file
	var problems []string
	bad := func(name string, pos token.Pos, fset *token.FileSet, format string, args ...any) {
		where := name
		if pos.IsValid() {
			where = fset.Position(pos).String()
		}
		problems = append(problems, where+": "+fmt.Sprintf(format, args...))
	}
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for n := range files {
			if !yield(n) {
				return
			}
		}
	}) {
		src := files[name]
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		if want, ok := cp[name]; ok {
			if !bytes.Equal(src, want) {
				bad(name, token.NoPos, nil, "differs from its template copy")
			}
			continue
		}
		base := path.Base(name)
		if strings.HasPrefix(base, "graphrt_") || strings.HasPrefix(base, "graphtest_") || base == "graphgen_helpers_test.go" {
			bad(name, token.NoPos, nil, "is named like a template copy but is none")
			continue
		}
		in, pkg := client, cfg.Package
		switch path.Dir(name) {
		case cfg.Package:
		case cfg.Package + "/graphtest":
			in, pkg = fake, "graphtest"
		default:
			bad(name, token.NoPos, nil, "is in a folder graphgen does not write")
			continue
		}
		if !bytes.HasPrefix(src, []byte("// "+headerLine+"\n// source: ")) {
			bad(name, token.NoPos, nil, "does not start with the generated-code header")
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			bad(name, token.NoPos, nil, "%v", err)
			continue
		}
		if f.Name.Name != pkg {
			bad(name, f.Name.Pos(), fset, "package %s, want %s", f.Name.Name, pkg)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case in == fake && p == cfg.ImportPath && imp.Name != nil && imp.Name.Name == "graph":
			case allowedImports[p] && imp.Name == nil:
			default:
				bad(name, imp.Pos(), fset, "imports %s", imp.Path.Value)
			}
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				text := c.Text
				switch {
				case base == "doc.go" && in == client && cfg.GoGenerate != "" && text == "//go:generate "+sanitizeComment(cfg.GoGenerate):
				case !strings.HasPrefix(text, "//"):
					bad(name, c.Pos(), fset, "a block comment")
				case len(text) > 2 && text[2] != ' ' && text[2] != '\t':
					bad(name, c.Pos(), fset, "comment %q can be a directive", text)
				}
				for _, r := range text {
					if r != '\t' && commentBreaker(r) {
						bad(name, c.Pos(), fset, "comment %q holds %U", text, r)
						break
					}
				}
			}
		}
		test := strings.HasSuffix(name, "_test.go")
		for _, d := range f.Decls {
			checkDecl(in, seen[in], name, test, fset, d, bad)
		}
	}
	for _, p := range problems {
		t.Error(p)
	}
}

// checkDecl checks one top-level declaration against the plan.
func checkDecl(in *intent, seen map[string]string, file string, test bool, fset *token.FileSet, d ast.Decl, bad func(string, token.Pos, *token.FileSet, string, ...any)) {
	declare := func(id *ast.Ident, kind string) {
		if prev, ok := seen[kind+" "+id.Name]; ok {
			bad(file, id.Pos(), fset, "%s %s declared again (first in %s)", kind, id.Name, prev)
		}
		seen[kind+" "+id.Name] = file
	}
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := d.Name.Name
		if d.Recv == nil {
			if name == "init" || !test || !in.funcs[name] {
				bad(file, d.Pos(), fset, "function %s is not planned", name)
			}
			declare(d.Name, "func")
			return
		}
		recv := d.Recv.List[0].Type
		if s, ok := recv.(*ast.StarExpr); ok {
			recv = s.X
		}
		r, ok := recv.(*ast.Ident)
		if !ok || !in.methods[r.Name][name] || test {
			bad(file, d.Pos(), fset, "method %s of %s is not planned", name, types(recv))
			return
		}
		declare(d.Name, "method "+r.Name)
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.ImportSpec:
			case *ast.TypeSpec:
				kind := ""
				switch {
				case s.Assign.IsValid():
					kind = "alias"
				default:
					switch tt := s.Type.(type) {
					case *ast.StructType:
						kind = "struct"
						if tp := in.structs[s.Name.Name]; tp != nil {
							checkFields(tp, file, fset, tt, bad)
						}
					case *ast.InterfaceType:
						kind = "interface"
					case *ast.Ident:
						if tt.Name == "string" {
							kind = "string"
						}
					}
				}
				if want := in.types[s.Name.Name]; want == "" || want != kind || test || s.TypeParams != nil {
					bad(file, s.Pos(), fset, "type %s (%s) is not planned (plan: %q)", s.Name.Name, kind, want)
				}
				declare(s.Name, "type")
			case *ast.ValueSpec:
				checkValue(in, file, test, fset, d.Tok, s, bad)
				for _, id := range s.Names {
					if id.Name != "_" {
						declare(id, d.Tok.String())
					}
				}
			}
		}
	}
}

func types(e ast.Expr) string { return fmt.Sprintf("%T", e) }

// checkFields compares a model struct with its plan: ODataType (not for a
// request body), the planned fields in order, AdditionalData; each field's
// tag reads back (reflect.StructTag, then the json name and options as
// encoding/json splits them) as its property's name and flags, and holds
// nothing else.
func checkFields(tp *typePlan, file string, fset *token.FileSet, st *ast.StructType, bad func(string, token.Pos, *token.FileSet, string, ...any)) {
	type field struct{ name, json, opts, graph, raw string }
	mk := func(name, json, opts, graph string) field {
		j := json
		if opts != "" {
			j += "," + opts
		}
		raw := "json:" + strconv.Quote(j)
		if graph != "" {
			raw = "graph:" + strconv.Quote(graph) + " " + raw
		}
		return field{name, json, opts, graph, raw}
	}
	var want []field
	if tp.t.Request == nil {
		want = append(want, mk("ODataType", "@odata.type", "omitempty", "#"+tp.t.QualifiedName()))
	}
	for _, fp := range tp.fields {
		g := ""
		if fp.p.ReadOnly {
			g = "readonly"
		}
		want = append(want, mk(fp.name, fp.p.Name, "omitzero", g))
	}
	want = append(want, mk("AdditionalData", "-", "", ""))
	var got []field
	for _, fl := range st.Fields.List {
		if len(fl.Names) != 1 || fl.Tag == nil {
			bad(file, fl.Pos(), fset, "%s: a field without one name and a tag", tp.name)
			return
		}
		raw, err := strconv.Unquote(fl.Tag.Value)
		if err != nil {
			bad(file, fl.Pos(), fset, "%s.%s: tag %s: %v", tp.name, fl.Names[0].Name, fl.Tag.Value, err)
			return
		}
		tag := reflect.StructTag(raw)
		json, opts, _ := strings.Cut(tag.Get("json"), ",")
		got = append(got, field{fl.Names[0].Name, json, opts, tag.Get("graph"), raw})
	}
	if !slices.Equal(got, want) {
		bad(file, st.Pos(), fset, "struct %s holds fields %q, the plan %q", tp.name, got, want)
	}
}

// checkValue checks a package-level const or var: planned, and inert.
func checkValue(in *intent, file string, test bool, fset *token.FileSet, tok token.Token, s *ast.ValueSpec, bad func(string, token.Pos, *token.FileSet, string, ...any)) {
	if test || len(s.Values) != len(s.Names) {
		bad(file, s.Pos(), fset, "%s %s is not planned", tok, s.Names[0].Name)
		return
	}
	for i, id := range s.Names {
		v := s.Values[i]
		switch {
		case tok == token.CONST:
			bl, ok := v.(*ast.BasicLit)
			if !in.consts[id.Name] || !ok || bl.Kind != token.STRING {
				bad(file, id.Pos(), fset, "const %s is not planned or not a string literal", id.Name)
				continue
			}
			if member, ok := in.enums[id.Name]; ok {
				if got, _ := strconv.Unquote(bl.Value); got != member {
					bad(file, id.Pos(), fset, "const %s is %s, want the member %q", id.Name, bl.Value, member)
				}
			}
		case id.Name != "_":
			cl, ok := v.(*ast.CompositeLit)
			if typ, _ := cl.Type.(*ast.Ident); !ok || typ == nil || in.vars[id.Name] != typ.Name {
				bad(file, id.Pos(), fset, "var %s is not planned (a %s literal)", id.Name, in.vars[id.Name])
				continue
			}
			inert(cl, nil, file, fset, bad)
		default:
			call, ok := v.(*ast.CallExpr)
			if !ok {
				bad(file, v.Pos(), fset, "var _ is not a registration")
				continue
			}
			switch fn := call.Fun.(type) {
			case *ast.IndexExpr: // graphrtFamily[I](new(T), ...)
				x, _ := fn.X.(*ast.Ident)
				iface, _ := fn.Index.(*ast.Ident)
				if x == nil || x.Name != "graphrtFamily" || iface == nil || in.family[iface.Name] == nil {
					bad(file, v.Pos(), fset, "var _ is not a planned family registration")
					continue
				}
				for _, arg := range call.Args {
					n, ok := arg.(*ast.CallExpr)
					newFn, _ := n.Fun.(*ast.Ident)
					if !ok || newFn == nil || newFn.Name != "new" || len(n.Args) != 1 {
						bad(file, arg.Pos(), fset, "family %s registers something other than new(T)", iface.Name)
						continue
					}
					if m, _ := n.Args[0].(*ast.Ident); m == nil || !in.family[iface.Name][m.Name] {
						bad(file, arg.Pos(), fset, "family %s registers a type it does not have", iface.Name)
					}
				}
			case *ast.Ident: // register(&operation{...}, ...)
				if fn.Name != "register" || in.methods["Server"] == nil {
					bad(file, v.Pos(), fset, "var _ calls %s", fn.Name)
					continue
				}
				for _, arg := range call.Args {
					u, ok := arg.(*ast.UnaryExpr)
					cl, _ := u.X.(*ast.CompositeLit)
					if typ, _ := cl.Type.(*ast.Ident); !ok || u.Op != token.AND || typ == nil || typ.Name != "operation" {
						bad(file, arg.Pos(), fset, "register of something other than &operation{...}")
						continue
					}
					inert(cl, map[string]bool{"lit": true, "seg": true, "item": true, "fn": true}, file, fset, bad)
				}
			default:
				bad(file, v.Pos(), fset, "var _ is not a registration")
			}
		}
	}
}

// inert fails for an expression that runs anything when evaluated but calls
// of the functions named in calls with inert arguments: literals, names,
// selectors of a package's name, composite literals, the address of one,
// and instantiations of generic functions (decodeAs[T]).
func inert(e ast.Expr, calls map[string]bool, file string, fset *token.FileSet, bad func(string, token.Pos, *token.FileSet, string, ...any)) {
	ast.Inspect(e, func(n ast.Node) bool {
		switch n := n.(type) {
		case nil, *ast.BasicLit, *ast.Ident, *ast.CompositeLit, *ast.KeyValueExpr, *ast.ArrayType:
			return true
		case *ast.IndexExpr: // only decodeAs[T] or decodeAs[*graph.T]
			x, _ := n.X.(*ast.Ident)
			idx := n.Index
			if s, ok := idx.(*ast.StarExpr); ok {
				idx = s.X
			}
			if sel, ok := idx.(*ast.SelectorExpr); ok {
				idx = sel.X
			}
			if _, ok := idx.(*ast.Ident); x == nil || x.Name != "decodeAs" || !ok {
				bad(file, n.Pos(), fset, "an index expression in an initializer")
			}
			return false
		case *ast.SelectorExpr:
			if _, ok := n.X.(*ast.Ident); !ok {
				bad(file, n.Pos(), fset, "a selector of an expression in an initializer")
			}
			return false
		case *ast.UnaryExpr:
			if _, ok := n.X.(*ast.CompositeLit); n.Op != token.AND || !ok {
				bad(file, n.Pos(), fset, "%s in an initializer", n.Op)
			}
			return true
		case *ast.CallExpr:
			if fn, ok := n.Fun.(*ast.Ident); !ok || !calls[fn.Name] {
				bad(file, n.Pos(), fset, "a call in an initializer")
				return false
			}
			for _, a := range n.Args {
				if bl, ok := a.(*ast.BasicLit); !ok || bl.Kind != token.STRING {
					bad(file, a.Pos(), fset, "a path part of something other than a string literal")
				}
			}
			return false
		default:
			bad(file, n.Pos(), fset, "%T in an initializer", n)
			return false
		}
	})
}

// TestGoldenIntended runs the intent check on every golden case.
func TestGoldenIntended(t *testing.T) {
	for _, name := range goldenCases {
		t.Run(name, func(t *testing.T) {
			a := buildCase(t, name)
			cfg := goldenConfig
			cfg.ImportPath = goldenImportPath(name)
			res, err := Generate(a, cfg)
			if err != nil {
				t.Fatal(err)
			}
			checkIntended(t, a, cfg, res.Files)
		})
	}
}

// recorder is a testing.TB that keeps the errors reported to it.
type recorder struct {
	*testing.T
	errs []string
}

func (r *recorder) Error(args ...any) { r.errs = append(r.errs, fmt.Sprint(args...)) }
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// TestIntentCheckCatches: each kind of code graphgen does not write, put
// into a golden package, fails the intent check; the package as generated
// passes it.
func TestIntentCheckCatches(t *testing.T) {
	a := buildCase(t, "polymorphism")
	cfg := goldenConfig
	cfg.ImportPath = goldenImportPath("polymorphism")
	res, err := Generate(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	check := func(files map[string][]byte) []string {
		r := &recorder{T: t}
		checkIntended(r, a, cfg, files)
		return r.errs
	}
	if errs := check(res.Files); len(errs) > 0 {
		t.Fatalf("the generated package fails: %q", errs)
	}
	const (
		modelFile = "graph/model_polygon_gen.go"
		op        = "graph/op_drawing_update_gen.go"
		fake      = "graph/graphtest/op_shape_list_gen.go"
	)
	for _, c := range []struct {
		name, file, old, new, want string
	}{
		{"init", modelFile, "", "\nfunc init() { panic(7001) }\n", "function init is not planned"},
		{"init in a test", "graph/op_drawing_update_gen_test.go", "", "\nfunc init() {}\n", "function init is not planned"},
		{"a call", modelFile, "", "\nvar _ = len(\"x\")\n", "var _ calls len"},
		{"a var", modelFile, "", "\nvar Evil = Permissions{}\n", "var Evil is not planned"},
		{"a call in a literal", op, `[]string{"Drawings.ReadWrite"},`, `append([]string{"Drawings.ReadWrite"}),`, "a call in an initializer"},
		{"an index", op, `[]string{"Drawings.ReadWrite"},`, `[][]string{}[1],`, "an index expression in an initializer"},
		{"a dereference", op, `[]string{"Drawings.ReadWrite"},`, `*new([]string),`, "*ast.StarExpr in an initializer"},
		{"a closure", op, `[]string{"Drawings.ReadWrite"},`, `func() []string { panic(1) }(),`, "a call in an initializer"},
		{"a field", modelFile, "\tAdditionalData", "\tQ int `json:\"q\"`\n\tAdditionalData", "struct Polygon holds fields"},
		{"a tag option", modelFile, `json:"label,omitzero"`, `json:"label,string,omitzero"`, "struct Polygon holds fields"},
		{"a tag key", modelFile, `json:"label,omitzero"`, `json:"label,omitzero" xml:"x"`, "struct Polygon holds fields"},
		{"a family member", modelFile, "\tnew(Triangle),\n", "\tnew(Triangle),\n\tnew(Circle),\n", "registers a type it does not have"},
		{"a family call", modelFile, "\tnew(Triangle),\n", "\tnew(Triangle),\n\tf(),\n", "registers something other than new(T)"},
		{"a method", modelFile, "", "\nfunc (*Polygon) Evil() {}\n", "method Evil of"},
		{"a client method", op, "", "\nfunc (c *Client) Evil() {}\n", "method Evil of"},
		{"a type", modelFile, "", "\ntype Evil struct{}\n", "type Evil (struct) is not planned"},
		{"an import", modelFile, `import "encoding/json"`, "import (\n\t\"encoding/json\"\n\t_ \"os/exec\"\n)", `imports "os/exec"`},
		{"a directive", modelFile, "// Text written inside the shape.", "//go:linkname evil runtime.evil", "can be a directive"},
		{"a block comment", modelFile, "// Text written inside the shape.", "/* Text */", "a block comment"},
		{"a runtime copy", "graph/graphrt_client.go", "", "\nfunc init() {}\n", "differs from its template copy"},
		{"a fake call", fake, `lit("/shapes")`, `lit(evil())`, "a path part of something other than a string literal"},
		{"a fake registration", fake, "var _ = register(", "var _ = evil(", "var _ calls evil"},
		{"a fake const", fake, "", "\nconst exampleEvil = `{}`\n", "const exampleEvil is not planned"},
		{"a file", "graph/evil_gen.go", "", "// Code generated by graphgen. DO NOT EDIT.\n// source: x\n\npackage graph\n", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := maps.Clone(res.Files)
			src, ok := files[c.file]
			if !ok && c.want != "" {
				t.Fatalf("no file %s", c.file)
			}
			switch {
			case c.old == "":
				src = append(slices.Clip(src), c.new...)
			case !bytes.Contains(src, []byte(c.old)):
				t.Fatalf("%s does not hold %q", c.file, c.old)
			default:
				src = bytes.Replace(src, []byte(c.old), []byte(c.new), 1)
			}
			files[c.file] = src
			errs := check(files)
			if c.want == "" && len(errs) > 0 {
				t.Errorf("a file holding nothing fails: %q", errs)
			}
			if c.want != "" && !slices.ContainsFunc(errs, func(e string) bool { return strings.Contains(e, c.want) }) {
				t.Errorf("errors %q, want one saying %q", errs, c.want)
			}
		})
	}
}

// TestGeneratedIntended runs the intent check on the committed generated/
// package as it is on disk, planned from specs/ as `graphgen generate`
// plans it (pages named by their path from the module root).
func TestGeneratedIntended(t *testing.T) {
	pages, err := load.Pages([]string{filepath.Join("..", "..", "specs")})
	if err != nil {
		t.Fatal(err)
	}
	var docs []*model.Document
	for _, p := range pages {
		p.Doc.Path = "specs/" + p.Doc.Path
		docs = append(docs, p.Doc)
	}
	cfg := Config{
		Package:    "graph",
		GoGenerate: "go tool graphgen generate --specs ../../specs --out .. --package graph",
		ImportPath: "github.com/graphgen/graphgen/generated/graph",
	}
	dir := filepath.Join("..", "..", "generated")
	files := map[string][]byte{}
	err = filepath.WalkDir(filepath.Join(dir, "graph"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)], err = os.ReadFile(p)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 20 {
		t.Fatalf("only %d files under %s", len(files), dir)
	}
	checkIntended(t, api.Build(docs, api.Options{}), cfg, files)
}
