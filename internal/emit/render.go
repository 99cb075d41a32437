package emit

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// Import paths the generated code uses.
const (
	contextPkg  = "context"
	jsonPkg     = "encoding/json"
	ioPkg       = "io"
	iterPkg     = "iter"
	timePkg     = "time"
	testingPkg  = "testing"
	httpPkg     = "net/http"
	httptestPkg = "net/http/httptest"
	stringsPkg  = "strings"
)

// newFile starts a file of the generated package with the graphgen header
// and a `// source:` line.
func (g *gen) newFile(sources ...string) *jen.File {
	f := jen.NewFilePathName("", g.cfg.Package)
	f.HeaderComment(headerLine)
	f.HeaderComment("source: " + sanitizeComment(strings.Join(sources, ", ")))
	f.ImportName(jsonPkg, "json")
	return f
}

// finish renders f (jennifer runs go/format once) into the output; a
// failure shows the unformatted source with line numbers.
func (g *gen) finish(name string, f *jen.File) error {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		msg := err.Error()
		if i := strings.Index(msg, "while formatting source:\n"); i >= 0 {
			src := msg[i+len("while formatting source:\n"):]
			var b strings.Builder
			b.WriteString(msg[:i] + "while formatting source:\n")
			for n, line := range strings.Split(src, "\n") {
				fmt.Fprintf(&b, "%5d\t%s\n", n+1, line)
			}
			msg = b.String()
		}
		return fmt.Errorf("emit: rendering %s: %s", name, msg)
	}
	g.put(name, buf.Bytes())
	return nil
}

// doc adds comment lines (wrapped text paragraphs; "" separates them)
// before the next declaration.
func doc(f *jen.Group, paras ...string) {
	for i, p := range paras {
		if i > 0 {
			f.Comment("")
		}
		if strings.HasPrefix(p, "\t") {
			f.Comment(p)
			continue
		}
		for _, l := range wrap(sanitizeComment(p), 90) {
			f.Comment(l)
		}
	}
}

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

// elem is the Go type of one value of gt (ignoring coll).
func elem(gt goType) *jen.Statement {
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
		return jen.Id("Date")
	case kTimeOfDay:
		return jen.Id("TimeOfDay")
	case kEnum:
		return jen.Id(gt.t.name)
	case kModel:
		if gt.ptr {
			return jen.Op("*").Id(gt.t.name)
		}
		return jen.Id(gt.t.name)
	case kIface:
		return jen.Id(gt.t.iface)
	}
	return jen.Qual(jsonPkg, "RawMessage")
}

// typeOf is the Go type of gt.
func typeOf(gt goType) *jen.Statement {
	if gt.coll {
		return jen.Index().Add(elem(gt))
	}
	return elem(gt)
}

// paramType is the type of a body argument: a pointer to a model, the
// interface of a family, a slice, a value or raw JSON.
func paramType(gt goType) *jen.Statement {
	if !gt.coll && gt.kind == kModel {
		return jen.Op("*").Id(gt.t.name)
	}
	return typeOf(gt)
}

// nilable reports whether a body of type gt can be nil (nil sends no body).
func nilable(gt goType) bool {
	return gt.coll || gt.kind == kModel || gt.kind == kIface || gt.kind == kRaw
}
