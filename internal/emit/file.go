package emit

import (
	"bytes"
	"fmt"
	"go/format"
	"strings"

	"github.com/dave/jennifer/jen"
)

// How a generated Go file is written: built as a jennifer tree
// (github.com/dave/jennifer/jen: identifiers with Id and Qual, imports
// resolved by jennifer, literals with Lit, struct tags with Tag), rendered
// without jennifer's own format pass (NoFormat), then formatted once by
// go/format (formatSource, whose error shows the source with line numbers).
// Files are rendered in parallel (runJobs). Comments go through comment
// below: the one door for comment text.

// newFile starts a file of the generated package whose header names
// sources. Names of the package (local) are bare in it.
func (g *gen) newFile(sources ...string) *jen.File {
	return newJenFile(g.cfg.ImportPath, g.cfg.Package, sources)
}

// newJenFile starts a file of package pkg at import path path, with the
// generated-code header and a `// source:` line naming sources.
func newJenFile(path, pkg string, sources []string) *jen.File {
	f := jen.NewFilePathName(path, pkg)
	f.NoFormat = true
	f.HeaderComment(commentText(headerLine))
	f.HeaderComment(commentText("source: " + sanitizeComment(strings.Join(sources, ", "))))
	return f
}

// renderFile renders f, formats it with go/format and stores it as name.
// Its error names the file.
func (g *gen) renderFile(name string, f *jen.File) error {
	out, err := renderJen(f)
	if err != nil {
		return &fileError{name: g.cfg.Package + "/" + name, err: err}
	}
	g.put(name, out)
	return nil
}

// renderJen is the one go/format pass of a file.
func renderJen(f *jen.File) ([]byte, error) {
	var b bytes.Buffer
	if err := f.Render(&b); err != nil {
		return nil, err
	}
	return formatSource(b.Bytes())
}

// fileError is a file that could not be written: render reports the one
// whose name sorts first.
type fileError struct {
	name string
	err  error
}

func (e *fileError) Error() string { return "emit: writing " + e.name + ": " + e.err.Error() }
func (e *fileError) Unwrap() error { return e.err }

// formatSource gofmts src or returns an error that shows it with line
// numbers.
func formatSource(src []byte) ([]byte, error) {
	out, err := format.Source(src)
	if err != nil {
		var b strings.Builder
		fmt.Fprintf(&b, "%v in source:\n", err)
		for n, line := range strings.Split(string(src), "\n") {
			fmt.Fprintf(&b, "%5d\t%s\n", n+1, line)
		}
		return nil, fmt.Errorf("%s", b.String())
	}
	return out, nil
}

// commentText is the text of one // comment line: "//" alone for an empty
// line, "//" then a code line's tab, "// " then text, the text through
// commentLine. jennifer's Comment writes text holding a newline as a /* */
// block (which "*/" in the text would end) and text starting with "//" or
// "/*" as it is; commentText always starts with "//" and never holds a
// newline, so jennifer writes it as it is, one line that nothing ends
// early.
func commentText(s string) string {
	switch {
	case s == "":
		return "//"
	case s[0] == '\t':
		return "//" + commentLine(s)
	}
	return "// " + commentLine(s)
}

// commentStmt is one // comment line of text (see commentText).
func commentStmt(s string) *jen.Statement { return jen.Comment(commentText(s)) }

// doc adds a doc comment of paragraphs to grp: each paragraph through
// sanitizeComment and wrapped at 90 bytes, "" between paragraphs, a
// paragraph starting with a tab a code line. go/format then puts it in
// go/doc's canonical form.
func doc(grp *jen.Group, paras ...string) {
	for i, p := range paras {
		if i > 0 {
			grp.Add(commentStmt(""))
		}
		if strings.HasPrefix(p, "\t") {
			grp.Add(commentStmt("\t" + sanitizeComment(p)))
			continue
		}
		for _, l := range wrap(sanitizeComment(p), 90) {
			grp.Add(commentStmt(l))
		}
	}
}

// oneLine is a function body of one statement (or none) written on the
// line of its signature: go/format keeps it there when it fits in
// go/printer's 100 bytes, else breaks it over three lines.
func oneLine(stmt ...jen.Code) *jen.Statement {
	return jen.Custom(jen.Options{Open: "{", Close: "}"}, stmt...)
}

// multiLine is a list in brackets open and close, one element per line,
// each followed by a comma.
func multiLine(open, close string, elems ...jen.Code) *jen.Statement {
	return jen.Custom(jen.Options{Open: open, Close: close, Separator: ",", Multi: true}, elems...)
}

// keyed is the composite literal typ{k: v, ...}: one element on the line
// of the brace, several one per line (go/format aligns them).
func keyed(typ *jen.Statement, elems ...jen.Code) *jen.Statement {
	if len(elems) <= 1 {
		return typ.Values(elems...)
	}
	return typ.Add(multiLine("{", "}", elems...))
}

// keyVal is one key: value element of a composite literal.
func keyVal(key string, val jen.Code) *jen.Statement { return jen.Id(key).Op(":").Add(val) }

// local is a name the generated package declares: bare in its own files,
// qualified (graph.X) in its graphtest's.
func (g *gen) local(name string) *jen.Statement { return jen.Qual(g.cfg.ImportPath, name) }

// elemCode is the Go type of one value of gt (ignoring coll).
func (g *gen) elemCode(gt goType) *jen.Statement {
	switch gt.kind {
	case kString:
		return jen.String()
	case kBool:
		return jen.Bool()
	case kInt16:
		return jen.Int16()
	case kInt32:
		return jen.Int32()
	case kInt64:
		return jen.Int64()
	case kFloat:
		return jen.Float64()
	case kTime:
		return jen.Qual(timePkg, "Time")
	case kDate:
		return g.local("Date")
	case kTimeOfDay:
		return g.local("TimeOfDay")
	case kEnum:
		return g.local(gt.t.name)
	case kModel:
		if gt.ptr {
			return jen.Op("*").Add(g.local(gt.t.name))
		}
		return g.local(gt.t.name)
	case kIface:
		return g.local(gt.t.iface)
	}
	return jen.Qual(jsonPkg, "RawMessage")
}

// typeCode is the Go type of gt.
func (g *gen) typeCode(gt goType) *jen.Statement {
	if gt.coll {
		return jen.Index().Add(g.elemCode(gt))
	}
	return g.elemCode(gt)
}

// paramCode is the type of a body argument: a pointer to a model, the
// interface of a family, a slice, a value or raw JSON.
func (g *gen) paramCode(gt goType) *jen.Statement {
	if !gt.coll && gt.kind == kModel {
		return jen.Op("*").Add(g.local(gt.t.name))
	}
	return g.typeCode(gt)
}

// Import paths the generated code uses.
const (
	contextPkg = "context"
	jsonPkg    = "encoding/json"
	ioPkg      = "io"
	iterPkg    = "iter"
	timePkg    = "time"
	testingPkg = "testing"
	stringsPkg = "strings"
)

// wrap splits s (single spaces between words) into lines of at most width
// bytes at spaces; a longer word gets a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	for len(s) > width {
		i := strings.LastIndexByte(s[:width+1], ' ')
		if i < 0 {
			if i = strings.IndexByte(s, ' '); i < 0 {
				break
			}
		}
		lines = append(lines, s[:i])
		s = s[i+1:]
	}
	if s != "" {
		lines = append(lines, s)
	}
	return lines
}

// nilable reports whether a body of type gt can be nil (nil sends no body).
func nilable(gt goType) bool {
	return gt.coll || gt.kind == kModel || gt.kind == kIface || gt.kind == kRaw
}
