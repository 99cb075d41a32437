package emit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"testing"
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
	if got := value(parse("package p\n\nvar _ = " + lit(s) + "\n")); got != s {
		t.Errorf("lit(%q) reads back as %q", s, got)
	}
	if got := value(parse("package p\n\nvar _ = " + rawLit(s) + "\n")); got != s {
		t.Errorf("rawLit(%q) reads back as %q", s, got)
	}
	// Struct tags.
	for _, tg := range []string{tag(s, ""), tag(s, s), structTag("json", s)} {
		f := parse("package p\n\ntype T struct {\n\tF int " + tg + "\n}\n")
		if len(f.Decls) != 1 {
			t.Fatalf("%q: tag %s gives %d declarations", s, tg, len(f.Decls))
		}
		fields := f.Decls[0].(*ast.GenDecl).Specs[0].(*ast.TypeSpec).Type.(*ast.StructType).Fields.List
		if len(fields) != 1 || fields[0].Tag == nil {
			t.Fatalf("%q: tag %s gives %d fields", s, tg, len(fields))
		}
		raw, err := strconv.Unquote(fields[0].Tag.Value)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := reflect.StructTag(raw).Lookup("json"); !ok || got != s {
			t.Errorf("tag %s: json is %q (%v), want %q", tg, got, ok, s)
		}
	}
	// Comments: one paragraph and the source line of a header, in a file
	// whose only declaration follows them.
	var gf goFile
	gf.docParas(s, "\t"+s, "end "+s)
	gf.l("var _ int")
	gf.blank()
	gf.doc("unsanitized " + s) // docLine's own guard
	gf.l("type T struct{}")
	f := parse("// source: " + commentLine(sanitizeComment(s)) + "\n\npackage p\n\n" + string(gf.buf))
	if len(f.Decls) != 2 || f.Decls[1].(*ast.GenDecl).Tok != token.TYPE {
		t.Fatalf("%q: the comment let through %d declarations:\n%s", s, len(f.Decls), gf.buf)
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

// TestTagBackquote: a tag holding a backquote is an interpreted string
// literal, as jennifer's Tag writes it; others stay raw strings.
func TestTagBackquote(t *testing.T) {
	for in, want := range map[string]string{
		"id":  "`json:\"id,omitzero\"`",
		"a`b": `"json:\"a` + "`" + `b,omitzero\""`,
		"é":   "`json:\"é,omitzero\"`",
	} {
		if got := tag(in+",omitzero", ""); got != want {
			t.Errorf("tag(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestTagFastPath: tag's one-concatenation path writes what structTag
// writes, for any name.
func TestTagFastPath(t *testing.T) {
	for _, s := range hostileText {
		for _, g := range []string{"", "readonly", s} {
			want := structTag("json", s)
			if g != "" {
				want = structTag("graph", g, "json", s)
			}
			if got := tag(s, g); got != want {
				t.Errorf("tag(%q, %q) = %s, structTag gives %s", s, g, got, want)
			}
		}
	}
}
