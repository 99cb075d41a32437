package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/dave/jennifer/jen"
)

// hostileText is text that ends or breaks Go syntax when pasted into it.
var hostileText = []string{
	"", "plain", "a`b", "`", "a\"b", `a\b`, "a,b", "a*/b", "*/", "/*", "a//b", "//go:generate rm -rf /",
	"a\nb", "a\rb", "a\r\nb", "a\x00b", "a\u2028b", "a\u2029b", "a\u0085b", "a\uFEFFb", "\uFEFF", "a\xffb", "\xff",
	"a\u202Eb", "a\u2066b", "\tcode", "a\tb", "a\x1bb", "a\x7fb", "é", "a\u00a0b",
	"x`}; func init() { panic(7001) }; var _ struct { Q int `",
	"x\"}; func init() { panic(7002) }; var _ = \"",
	"*/ func init() { panic(7003) } /*",
	"\n}\nfunc init() { panic(7004) }\n//",
}

// checkSyntax fails when a constructor lets s end its literal, tag or
// comment early: each one is parsed back from a small file, which must
// hold exactly what was meant.
func checkSyntax(t *testing.T, s string) {
	t.Helper()
	parse := func(src string) *ast.File {
		t.Helper()
		f, err := parser.ParseFile(token.NewFileSet(), "x.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("%q: %v in\n%s", s, err, src)
		}
		return f
	}
	value := func(f *ast.File) string {
		t.Helper()
		if len(f.Decls) != 1 {
			t.Fatalf("%q: %d declarations", s, len(f.Decls))
		}
		vs := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.ValueSpec)
		bl, ok := vs.Values[0].(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			t.Fatalf("%q: the value is %T, not a string literal", s, vs.Values[0])
		}
		v, err := strconv.Unquote(bl.Value)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// String literals.
	if got := value(parse("package p\n\nvar _ = " + rawLit(s) + "\n")); got != s {
		t.Errorf("rawLit(%q) reads back as %q", s, got)
	}
	// jennifer's Lit and Tag, as the printers use them.
	jl := newJenFile("example.com/p", "p", nil)
	jl.Var().Id("_").Op("=").Lit(s)
	if src, err := renderJen(jl); err != nil {
		t.Errorf("Lit(%q): %v", s, err)
	} else if got := value(parse(string(src))); got != s {
		t.Errorf("Lit(%q) reads back as %q", s, got)
	}
	jt := newJenFile("example.com/p", "p", nil)
	jt.Type().Id("T").Struct(jen.Id("F").Int().Tag(map[string]string{"graph": s, "json": s}))
	if src, err := renderJen(jt); err != nil {
		t.Errorf("Tag(%q): %v", s, err)
	} else {
		f := parse(string(src))
		fields := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec).Type.(*ast.StructType).Fields.List
		raw, err := strconv.Unquote(fields[0].Tag.Value)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := reflect.StructTag(raw).Lookup("json"); !ok || got != s {
			t.Errorf("Tag(%q): json is %q (%v)", s, got, ok)
		}
		if got, ok := reflect.StructTag(raw).Lookup("graph"); !ok || got != s {
			t.Errorf("Tag(%q): graph is %q (%v)", s, got, ok)
		}
	}
	// Comments: paragraphs, a code line, a line handed to commentStmt
	// unsanitized and the source line of a header, in a file whose only
	// declarations follow them, written by jennifer.
	jf := newJenFile("example.com/p", "p", []string{s})
	doc(jf.Group, s, "\t"+s, "end "+s)
	jf.Var().Id("_").Int()
	jf.Line()
	jf.Add(commentStmt("unsanitized " + s))
	jf.Type().Id("T").Struct()
	src, err := renderJen(jf)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	f := parse(string(src))
	if len(f.Decls) != 2 || f.Decls[1].(*ast.GenDecl).Tok != token.TYPE {
		t.Fatalf("%q: the comment let through %d declarations:\n%s", s, len(f.Decls), src)
	}
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if !strings.HasPrefix(c.Text, "//") || strings.HasPrefix(c.Text, "//go:") || strings.HasPrefix(c.Text, "//line") {
				t.Errorf("%q: comment %q", s, c.Text)
			}
			for _, r := range c.Text {
				if r != '\t' && commentBreaker(r) {
					t.Errorf("%q: comment %q holds %U", s, c.Text, r)
				}
			}
		}
	}
}

// TestSyntaxConstructors: no text ends a string literal, struct tag or
// comment early.
func TestSyntaxConstructors(t *testing.T) {
	for _, s := range hostileText {
		checkSyntax(t, s)
	}
}

func FuzzSyntaxConstructors(f *testing.F) {
	for _, s := range hostileText {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1000 {
			return
		}
		checkSyntax(t, s)
	})
}

// TestTagBackquote: jennifer's Tag writes a tag holding a backquote as an
// interpreted string literal, others as raw strings, keys sorted (graph
// before json, as the models have them).
func TestTagBackquote(t *testing.T) {
	for in, want := range map[string]string{
		"id":  "`graph:\"readonly\" json:\"id,omitzero\"`",
		"a`b": `"graph:\"readonly\" json:\"a` + "`" + `b,omitzero\""`,
		"é":   "`graph:\"readonly\" json:\"é,omitzero\"`",
	} {
		f := newJenFile("example.com/p", "p", nil)
		f.Type().Id("T").Struct(jen.Id("F").Int().Tag(map[string]string{"json": in + ",omitzero", "graph": "readonly"}))
		out, err := renderJen(f)
		if err != nil {
			t.Fatal(err)
		}
		if want = "\tF int " + want + "\n"; !strings.Contains(string(out), want) {
			t.Errorf("Tag(%q) gives\n%s\nwant the line %q", in, out, want)
		}
	}
}
