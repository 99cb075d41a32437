package emit

import (
	"fmt"
	"go/format"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// gofmtStable fails t unless src is unchanged by go/format.
func gofmtStable(t *testing.T, what string, src []byte) {
	t.Helper()
	out, err := format.Source(src)
	if err != nil {
		t.Fatalf("%s: %v\n%s", what, err, src)
	}
	if d := cmp.Diff(string(out), string(src)); d != "" {
		t.Errorf("%s is not gofmt'ed (-gofmt +written):\n%s", what, d)
	}
}

// TestOneLinerLimit pins go/printer's rules that oneLiners follows: an
// empty func stays on one line while its signature is under 100 bytes; a
// func of one statement while signature and statement (and "{ ", " }")
// fit in 100 bytes; "{" is aligned across consecutive one-liners.
func TestOneLinerLimit(t *testing.T) {
	for n := 95; n <= 105; n++ {
		f := &goFile{pkg: "p", sources: "test"}
		long := "func (*T) " + strings.Repeat("m", n-len("func (*T) ()")) + "()"
		f.oneLiners([][2]string{{"func (*T) a()", ""}, {long, ""}, {"func (*T) bb()", ""}})
		out := f.finish()
		gofmtStable(t, fmt.Sprintf("signature of %d bytes", n), out)
		if one := strings.Contains(string(out), long+" {}") || strings.Contains(string(out), long+"\t{}"); one != (n < 100) {
			t.Errorf("signature of %d bytes: on one line = %v", n, one)
		}
	}
	const stmt = "return f(&v)"
	for n := 90; n <= 106; n++ {
		f := &goFile{pkg: "p", sources: "test"}
		sig := "func (v T) " + strings.Repeat("m", n-len("func (v T) () int")-len(stmt)-4) + "() int"
		f.oneLiners([][2]string{{"func (v T) a() int", stmt}, {sig, stmt}, {"func (v T) bb() int", "return 2"}})
		out := f.finish()
		gofmtStable(t, fmt.Sprintf("one-liner of %d bytes", n), out)
		if one := strings.Contains(string(out), "{ "+stmt+" }\n") && strings.Contains(string(out), sig+" ") && !strings.Contains(string(out), sig+" {\n"); one != (n <= 100) {
			t.Errorf("one-liner of %d bytes: on one line = %v\n%s", n, one, out)
		}
	}
}

// TestKeyedLitLayout writes random keyed composite literals (short and
// long keys, nested multi-line values) and checks gofmt leaves them as
// they are: the alignment sections of keyedLit are gofmt's.
func TestKeyedLitLayout(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var gen func(depth int) expr
	gen = func(depth int) expr {
		n := r.IntN(7)
		elems := make([]kv, n)
		for i := range elems {
			key := "K" + strings.Repeat("x", r.IntN(60)) + fmt.Sprint(i)
			if r.IntN(8) == 0 {
				key = "K" + fmt.Sprint(i) // short keys too
			}
			val := one(fmt.Sprint(r.IntN(1000)))
			if depth < 3 && r.IntN(5) == 0 {
				val = wrapExpr("Value[T](", gen(depth+1), ")")
			}
			elems[i] = kv{key, val}
		}
		return keyedLit("&T", elems)
	}
	for i := range 3000 {
		f := &goFile{pkg: "p", sources: "test"}
		f.open("func f() {")
		f.stmt("x := c.Call(ctx, \"a\", ", gen(0), ")")
		f.l("_ = x")
		f.close("}")
		gofmtStable(t, fmt.Sprintf("literal %d", i), f.finish())
		if t.Failed() {
			return
		}
	}
}

// TestDocComments checks doc's two paths against gofmt on comments that
// gofmt rewrites (curly quotes, headings, code blocks, lists, link
// definitions, directives) and ones it keeps.
func TestDocComments(t *testing.T) {
	cases := [][]string{
		{"Plain text, one line."},
		{"Two lines", "of one paragraph."},
		{"Title.", "", "Description without a period", "", "\tPATCH /a/{id}", "", "Scopes: see X."},
		{"Title.", "", "A Heading", "", "Text after it."},
		{"Title.", "", "# Heading", "", "Text."},
		{"Quotes ``like this'' here."},
		{"[link]: https://example.com"},
		{"[a]: https://a.example", "[b]: https://b.example"},
		{"go:generate is a directive-looking line"},
		{"x:y directive"},
		{"- not a list when unindented", "1. nor this"},
		{"trailing space "},
		{" leading space"},
		{"Text", "", "", "two blank lines"},
		{"", "leading blank"},
		{"Ends with a blank", ""},
		{"Tab\tinside"},
	}
	for i, c := range cases {
		f := &goFile{pkg: "p", sources: "test"}
		f.doc(c...)
		f.l("type T", fmt.Sprint(i), " struct {")
		f.depth++
		f.doc(c...)
		f.l("F int")
		f.close("}")
		gofmtStable(t, fmt.Sprintf("comment %q", c), f.finish())
	}
}

// TestPlainDocMatchesGoDoc checks that the fast path of doc writes what
// go/doc/comment would, for the line shapes graphgen writes.
func TestPlainDocMatchesGoDoc(t *testing.T) {
	cases := [][]string{
		{"Update the properties of a deviceConfigurationAssignment object."},
		{"UpdateX calls Update x.", "", "Update the properties", "of an x.", "", "\tPATCH /x/{id}", "", "Scopes: see UpdateXPermissions."},
		{"Read-only: never sent. Identifier. Read-only."},
	}
	for _, c := range cases {
		fast := &goFile{}
		fast.doc(c...)
		slow := &goFile{}
		slow.docSlow(c)
		if d := cmp.Diff(string(slow.buf), string(fast.buf)); d != "" {
			t.Errorf("%q (-go/doc +fast):\n%s", c, d)
		}
	}
}

// TestLitMatchesQuote checks lit against strconv.Quote on random strings
// (ASCII, controls, runes of every size, invalid UTF-8).
func TestLitMatchesQuote(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "Z", " ", "\"", "\\", "\n", "\t", "\r", "\x00", "\x07", "\x1b", "\x7f", "é", "€", "𝄞", "\u2028", "\ufeff", "\xff", "\xe2\x82", "\u00a0", "\u200b"}
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := lit(s), strconv.Quote(s); got != want {
			t.Fatalf("lit(%q) = %s, want %s", s, got, want)
		}
	}
}

// TestWrapMatchesFields checks wrap against word-by-word wrapping of the
// words strings.Fields finds (how comments were wrapped before), on
// single-spaced text and, through sanitizeComment, on any text.
func TestWrapMatchesFields(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		words := make([]string, r.IntN(30))
		for i := range words {
			words[i] = strings.Repeat("w", 1+r.IntN(25))
		}
		s := strings.Join(words, " ")
		width := 5 + r.IntN(90)
		if d := cmp.Diff(wrapFields(s, width), wrap(s, width)); d != "" {
			t.Fatalf("wrap(%q, %d) (-fields +fast):\n%s", s, width, d)
		}
	}
	for _, s := range []string{"a  b", " a", "a\tb", "a\u00a0b", "aaaa bb\n c "} {
		if d := cmp.Diff(wrapFields(s, 3), wrap(sanitizeComment(s), 3)); d != "" {
			t.Errorf("wrap(sanitizeComment(%q)) (-fields +fast):\n%s", s, d)
		}
	}
}

// wrapFields wraps the words strings.Fields finds, adding words to a line
// while it stays within width.
func wrapFields(s string, width int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}
