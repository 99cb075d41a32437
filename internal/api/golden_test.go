package api

import (
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

var update = flag.Bool("update", false, "rewrite testdata/<case>/want.txt with the current dump")

// readCase parses every .md file under dir (paths relative to dir, slash
// separated, in sorted order) and dir/metadata.xml when it exists.
func readCase(tb testing.TB, dir string) ([]*model.Document, []*csdl.Metadata) {
	tb.Helper()
	var docs []*model.Document
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		docs = append(docs, parser.Parse(filepath.ToSlash(rel), src))
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if len(docs) == 0 {
		tb.Fatalf("%s: no pages", dir)
	}
	var metas []*csdl.Metadata
	f, err := os.Open(filepath.Join(dir, "metadata.xml"))
	if err == nil {
		defer f.Close()
		md, err := csdl.Parse(f, "metadata.xml")
		if err != nil {
			tb.Fatal(err)
		}
		metas = append(metas, md)
	} else if !os.IsNotExist(err) {
		tb.Fatal(err)
	}
	return docs, metas
}

// TestGolden builds each testdata/<case> and compares the model's dump with
// testdata/<case>/want.txt (go test -run TestGolden -update rewrites it).
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir("testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			dir := filepath.Join("testdata", e.Name())
			docs, metas := readCase(t, dir)
			got := dump(Build(docs, Options{Metadata: metas}))
			// Build is a pure function: the same input in another order
			// gives the same model.
			slices.Reverse(docs)
			if again := dump(Build(docs, Options{Metadata: metas})); again != got {
				t.Errorf("Build depends on the order of the pages (-first +reversed):\n%s", cmp.Diff(got, again))
			}
			wantFile := filepath.Join(dir, "want.txt")
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("%s differs (-want +got):\n%s", wantFile, d)
			}
		})
	}
	if n == 0 {
		t.Fatal("no cases in testdata")
	}
}

// dumpValue writes an example value tree on one line: an object as
// Type{name: value, ...} (a member no property documents marked ?), an
// array as [...], a scalar as text:type, an enum member as text=member,
// raw JSON as raw(...), what the reading did not reach as text.
func dumpValue(v *Value) string {
	switch {
	case v.Raw() != nil:
		return "raw(" + string(v.Raw()) + ")"
	case v.JSON == JSONArray:
		var items []string
		for _, x := range v.Items {
			items = append(items, dumpValue(x))
		}
		return "[" + strings.Join(items, ", ") + "]"
	case v.JSON == JSONObject:
		var props []string
		for _, p := range v.Props {
			mark := ""
			if p.Prop == nil && v.Object != nil {
				mark = "?"
			}
			props = append(props, strconv.Quote(p.Name)+mark+": "+dumpValue(p.Value))
		}
		name := "-"
		if v.Object != nil {
			name = v.Object.QualifiedName()
			if v.Object.Request != nil {
				name = "request"
			}
		}
		return name + "{" + strings.Join(props, ", ") + "}"
	case v.JSON == JSONNull:
		return "null"
	case v.Member != nil:
		return strconv.Quote(v.Text) + "=" + v.Member.Name
	case v.Type.Prim != "" || v.Type.Type != nil:
		return strconv.Quote(v.Text) + ":" + v.Type.String()
	}
	return strconv.Quote(v.Text)
}

// dump writes the model as deterministic text: every type (qualified name,
// kind, flags, sources, base, derived, properties, members), every
// operation (endpoints with key and arguments, parameters, body, response),
// then the diagnostics. A reference to a type that is not one of a.Types is
// marked "!detached" (a synthetic request type is printed inline instead).
func dump(a *API) string {
	var b strings.Builder
	in := map[*Type]bool{}
	for _, t := range a.Types {
		in[t] = true
	}
	ref := func(r Ref) string {
		s := r.String()
		switch {
		case r.Type != nil && r.Type.Request != nil:
			s = "request"
			if r.Collection {
				s = "Collection(request)"
			}
		case r.Type != nil && !in[r.Type]:
			s += " !detached"
		case r.Unresolved():
			s += " !unresolved"
		}
		return s
	}
	src := func(s Source) string {
		if s.IsZero() {
			return "-"
		}
		return s.String()
	}
	prop := func(indent, what string, p *Property) {
		fmt.Fprintf(&b, "%s%s %s: %s", indent, what, p.Name, ref(p.Type))
		if p.ReadOnly {
			b.WriteString(" readOnly")
		}
		if p.Required {
			b.WriteString(" required")
		}
		if p.Nullable != nil {
			fmt.Fprintf(&b, " nullable=%t", *p.Nullable)
		}
		fmt.Fprintf(&b, " doc=%s meta=%s\n", src(p.Doc), src(p.Meta))
	}
	for _, t := range a.Types {
		fmt.Fprintf(&b, "type %s %s", t.QualifiedName(), t.Kind)
		if t.Abstract {
			b.WriteString(" abstract")
		}
		if t.Open {
			b.WriteString(" open")
		}
		if t.Flags {
			b.WriteString(" flags")
		}
		b.WriteByte('\n')
		page := "-"
		if t.Page != nil {
			page = t.Page.Path
		}
		fmt.Fprintf(&b, "  page=%s doc=%s meta=%s\n", page, src(t.Doc), src(t.Meta))
		if t.Base != nil {
			s := t.Base.QualifiedName()
			if !in[t.Base] {
				s += " !detached"
			}
			fmt.Fprintf(&b, "  base %s\n", s)
		}
		if len(t.Derived) > 0 {
			var ds []string
			for _, d := range t.Derived {
				ds = append(ds, d.QualifiedName())
			}
			fmt.Fprintf(&b, "  derived %s\n", strings.Join(ds, ", "))
		}
		for _, p := range t.Properties {
			if p.Owner != t {
				fmt.Fprintf(&b, "  (owner of %s is not the type)\n", p.Name)
			}
			prop("  ", "property", p)
		}
		for _, m := range t.Members {
			fmt.Fprintf(&b, "  member %s", m.Name)
			if m.Value != "" {
				fmt.Fprintf(&b, "=%s", m.Value)
			}
			fmt.Fprintf(&b, " doc=%s meta=%s\n", src(m.Doc), src(m.Meta))
		}
	}
	for _, op := range a.Operations {
		fmt.Fprintf(&b, "operation %s (%s) doc=%s\n", strconv.Quote(op.Title), op.Page.Path, src(op.Doc))
		for _, e := range op.Endpoints {
			fmt.Fprintf(&b, "  endpoint %s %s doc=%s\n", e.Method, e.Path, src(e.Doc))
			fmt.Fprintf(&b, "    key %s\n", e.Key)
			if e.BinaryIn || e.BinaryOut {
				fmt.Fprintf(&b, "    binaryIn=%t binaryOut=%t\n", e.BinaryIn, e.BinaryOut)
			}
			if e.Ref {
				b.WriteString("    ref\n")
			}
			if e.Op != op {
				b.WriteString("    (endpoint's Op is not its operation)\n")
			}
			for _, g := range e.Args {
				fmt.Fprintf(&b, "    arg %s %s %s\n", g.Name, g.Kind, ref(g.Type))
			}
		}
		for _, p := range op.Params {
			prop("  ", "param", p)
		}
		if bd := op.Body; bd != nil {
			if bd.Binary {
				fmt.Fprintf(&b, "  body binary %q doc=%s\n", bd.ContentType, src(bd.Doc))
			} else {
				fmt.Fprintf(&b, "  body %s doc=%s\n", ref(bd.Type), src(bd.Doc))
			}
			if rt := bd.Type.Type; rt != nil && rt.Request != nil {
				if rt.Request != op {
					b.WriteString("    (request type of another operation)\n")
				}
				fmt.Fprintf(&b, "    request type %q doc=%s\n", rt.QualifiedName(), src(rt.Doc))
				for _, p := range rt.Properties {
					prop("    ", "property", p)
				}
			}
		} else {
			b.WriteString("  body -\n")
		}
		for _, e := range op.Endpoints {
			if e.Primary != e {
				fmt.Fprintf(&b, "  endpoint %s %s: primary %s\n", e.Method, e.Path, src(e.Primary.Doc))
			}
			if a := e.Answer; a.Status != 0 || a.Example != nil {
				fmt.Fprintf(&b, "  answer %s %s: status %d", e.Method, e.Path, a.Status)
				if a.Example != nil {
					fmt.Fprintf(&b, " example %d body %s headers %v", a.Example.N, a.Body, a.Headers)
				}
				b.WriteByte('\n')
			}
		}
		if bd := op.Body; bd != nil && len(bd.Required) > 0 {
			fmt.Fprintf(&b, "  required %s\n", strings.Join(bd.Required, ", "))
		}
		for _, ex := range op.Examples {
			fmt.Fprintf(&b, "  example %d %q doc=%s\n", ex.N, ex.Title, src(ex.Doc))
			if r := ex.Request; r != nil {
				to := "-"
				if ex.Endpoint != nil {
					to = ex.Endpoint.Method + " " + ex.Endpoint.Path
				}
				fmt.Fprintf(&b, "    request %s %s -> %s\n", r.Method, r.URL, to)
				for _, v := range r.Args {
					fmt.Fprintf(&b, "    arg %s\n", dumpValue(v))
				}
				for _, q := range r.Options {
					fmt.Fprintf(&b, "    query %s %q=%q list=%q n=%d\n", q.Kind, q.Name, q.Value, q.List, q.N)
				}
				for _, h := range r.Headers {
					fmt.Fprintf(&b, "    header %s: %s\n", h.Name, h.Value)
				}
				if r.Body != nil {
					fmt.Fprintf(&b, "    body %s\n", dumpValue(r.Body))
				}
				if r.Ref != "" {
					fmt.Fprintf(&b, "    ref %q\n", r.Ref)
				}
				if r.Bytes != "" || r.ContentType != "" {
					fmt.Fprintf(&b, "    bytes %q %q\n", r.Bytes, r.ContentType)
				}
			}
			if r := ex.Response; r != nil {
				fmt.Fprintf(&b, "    response %d headers %v\n", r.Status, r.Headers)
				if r.Body != nil {
					fmt.Fprintf(&b, "      %s\n", dumpValue(r.Body))
				}
			}
			if s := ex.Skip; s != nil {
				fmt.Fprintf(&b, "    skip %s %s: %s\n", s.Code, src(s.At), s.Reason)
			}
		}
		if r := op.Response; r != nil {
			t := "-"
			if r.Type != nil {
				t = ref(*r.Type)
			}
			fmt.Fprintf(&b, "  response %d %s", r.Status, t)
			if r.Binary {
				b.WriteString(" binary")
			}
			fmt.Fprintf(&b, " doc=%s\n", src(r.Doc))
		} else {
			b.WriteString("  response -\n")
		}
	}
	b.WriteString("diagnostics\n")
	for _, d := range a.Diagnostics {
		fmt.Fprintf(&b, "  %s\n", d)
	}
	return b.String()
}
