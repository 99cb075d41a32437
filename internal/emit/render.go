package emit

import (
	"strings"
)

// Import paths the generated code uses.
const (
	contextPkg  = "context"
	jsonPkg     = "encoding/json"
	ioPkg       = "io"
	iterPkg     = "iter"
	timePkg     = "time"
	testingPkg  = "testing"
	stringsPkg  = "strings"
	formatLimit = 100 // go/printer's one-line function limit (see oneLiners)
)

// finishFile stores a finished goFile (the printers not yet built with
// jennifer); a file holding a construct whose layout goFile does not
// reproduce goes through go/format first.
func (g *gen) finishFile(name string, f *goFile) error {
	reformat := f.reformat
	data := f.finish()
	if reformat {
		var err error
		if data, err = formatSource(data); err != nil {
			return &fileError{name: g.cfg.Package + "/" + name, err: err}
		}
	}
	g.put(name, data)
	return nil
}

// docParas writes a doc comment of paragraphs (wrapped at 90 bytes; ""
// separates them; a paragraph starting with a tab is a code line).
func (f *goFile) docParas(paras ...string) {
	var lines []string
	for i, p := range paras {
		if i > 0 {
			lines = append(lines, "")
		}
		if strings.HasPrefix(p, "\t") {
			lines = append(lines, "\t"+sanitizeComment(p))
			continue
		}
		lines = append(lines, wrap(sanitizeComment(p), 90)...)
	}
	f.doc(lines...)
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

// oneLiners writes functions whose body is one statement (or none) the
// way gofmt prints them when written on one line: the body stays on the
// line when the signature and the statement fit in go/printer's 100 bytes
// (TestOneLinerLimit pins the rule), its "{" aligned across consecutive
// one-liners; otherwise on three lines.
func (f *goFile) oneLiners(funcs [][2]string) {
	var rows [][]string
	for _, fn := range funcs {
		sig, stmt := fn[0], fn[1]
		switch {
		case stmt == "" && len(sig) < formatLimit:
			rows = append(rows, []string{sig, "{}"})
		case stmt != "" && len(sig)+len(stmt)+4 <= formatLimit:
			rows = append(rows, []string{sig, "{ " + stmt + " }"})
		case stmt == "":
			rows = append(rows, []string{sig + " {"}, []string{"}"})
		default:
			rows = append(rows, []string{sig + " {"}, []string{"\t" + stmt}, []string{"}"})
		}
	}
	f.align(rows)
}

// elem is the Go type of one value of gt (ignoring coll).
func (f *goFile) elem(gt goType) string {
	switch gt.kind {
	case kString:
		return "string"
	case kBool:
		return "bool"
	case kInt16:
		return "int16"
	case kInt32:
		return "int32"
	case kInt64:
		return "int64"
	case kFloat:
		return "float64"
	case kTime:
		return f.q(timePkg) + ".Time"
	case kDate:
		return "Date"
	case kTimeOfDay:
		return "TimeOfDay"
	case kEnum:
		return gt.t.name
	case kModel:
		if gt.ptr {
			return "*" + gt.t.name
		}
		return gt.t.name
	case kIface:
		return gt.t.iface
	}
	return f.q(jsonPkg) + ".RawMessage"
}

// typeOf is the Go type of gt.
func (f *goFile) typeOf(gt goType) string {
	if gt.coll {
		return "[]" + f.elem(gt)
	}
	return f.elem(gt)
}

// paramType is the type of a body argument: a pointer to a model, the
// interface of a family, a slice, a value or raw JSON.
func (f *goFile) paramType(gt goType) string {
	if !gt.coll && gt.kind == kModel {
		return "*" + gt.t.name
	}
	return f.typeOf(gt)
}

// nilable reports whether a body of type gt can be nil (nil sends no body).
func nilable(gt goType) bool {
	return gt.coll || gt.kind == kModel || gt.kind == kIface || gt.kind == kRaw
}
