package emit

import (
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// segKey is how two endpoints' segments compare when naming methods:
// parameters are all alike, other segments compare by kind and name.
func segKey(s model.Segment) string {
	if s.Kind == model.SegParam {
		return "{}"
	}
	return string(s.Kind) + ":" + strings.ToLower(s.Name)
}

// segWord is the name a segment contributes to a method name.
func segWord(s model.Segment) string {
	name := s.Name
	if s.Kind == model.SegCast {
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
	}
	return GoName(name)
}

// methodSuffix names endpoint ep relative to the operation's first endpoint
// first: "Via" and the non-parameter segments between the longest common
// prefix and suffix; "By" and the parameter names when only parameters
// differ; the HTTP method when only it differs; "" otherwise.
func methodSuffix(first, ep model.Endpoint) string {
	a, b := first.Segments, ep.Segments
	p := 0
	for p < len(a) && p < len(b) && segKey(a[p]) == segKey(b[p]) {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && segKey(a[len(a)-1-s]) == segKey(b[len(b)-1-s]) {
		s++
	}
	mid := b[p : len(b)-s]
	var via, by strings.Builder
	for _, seg := range mid {
		if seg.Kind == model.SegParam {
			by.WriteString(GoName(seg.Name))
		} else {
			via.WriteString(segWord(seg))
		}
	}
	switch {
	case via.Len() > 0:
		return "Via" + via.String()
	case by.Len() > 0:
		return "By" + by.String()
	case !strings.EqualFold(first.Method, ep.Method):
		return GoName(strings.ToLower(ep.Method))
	}
	return ""
}

// nameOp names an operation's methods, arguments and permissions variable.
func (g *gen) nameOp(op *opInfo) {
	d := op.doc
	base := GoName(d.Title)
	if strings.TrimSpace(d.Title) == "" {
		base = "Call" + GoName(fileBase(d.Path))
	}
	op.base = base
	op.file = g.fileNames.unique("op_"+fileBase(d.Path)) + "_gen.go"
	for i, ep := range d.Endpoints {
		name := base
		if i > 0 {
			name += methodSuffix(d.Endpoints[0], ep)
		}
		m := &methodInfo{name: g.methods.unique(name), ep: ep}
		args := newScope(reservedArgNames...)
		for _, seg := range ep.Segments {
			switch seg.Kind {
			case model.SegParam:
				m.args = append(m.args, argInfo{name: args.unique(lowerName(seg.Name)), param: seg.Name})
			case model.SegFunction, model.SegKey:
				for _, a := range seg.Args {
					if a.Param != "" {
						m.args = append(m.args, argInfo{name: args.unique(lowerName(a.Param)), param: a.Param})
					}
				}
			}
		}
		op.methods = append(op.methods, m)
	}
	if len(d.Endpoints) == 0 {
		g.diag(d, d.TitlePos, model.SevWarning, "no-endpoint", "operation page has no endpoint; no method generated")
	}
	op.perms = g.pkg.unique(base + "Permissions")
}

// safeLiteral escapes a literal path segment, keeping the characters a
// path segment may hold as is (RFC 3986 pchar).
func safeLiteral(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
		} else {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
		}
	}
	return b.String()
}

// pathExpr builds the Go expression of m's escaped path.
func pathExpr(m *methodInfo) string {
	var parts []string
	cur := ""
	flush := func() {
		if cur != "" {
			parts = append(parts, lit(cur))
			cur = ""
		}
	}
	argOf := func(param string, used map[int]bool) string {
		for i, a := range m.args {
			if a.param == param && !used[i] {
				used[i] = true
				return a.name
			}
		}
		return ""
	}
	used := map[int]bool{}
	for _, seg := range m.ep.Segments {
		cur += "/"
		switch seg.Kind {
		case model.SegParam:
			flush()
			parts = append(parts, "pathSegment("+argOf(seg.Name, used)+")")
		case model.SegFunction, model.SegKey:
			cur += safeLiteral(seg.Name) + "("
			for i, a := range seg.Args {
				if i > 0 {
					cur += ","
				}
				if a.Name != "" {
					cur += safeLiteral(a.Name) + "="
				}
				if a.Param == "" {
					cur += safeLiteral(a.Value)
					continue
				}
				ph := "{" + a.Param + "}"
				pre, post, ok := strings.Cut(a.Value, ph)
				if !ok {
					pre, post = "", ""
				}
				cur += safeLiteral(pre)
				flush()
				parts = append(parts, "pathSegment("+argOf(a.Param, used)+")")
				cur += safeLiteral(post)
			}
			cur += ")"
		default:
			cur += safeLiteral(seg.Name)
		}
	}
	if len(m.ep.Segments) == 0 {
		cur += "/"
	}
	flush()
	return strings.Join(parts, " + ")
}

// decodeVariant writes the decoding of raw into v, a member of r's family,
// returning a *DecodeError for method name on failure.
func (op *opInfo) decodeVariant(f *goFile, r *goType, name string) {
	f.l("v, err := ", r.typ.unmarshal, "(raw)")
	f.open("if err != nil {")
	f.stmt("return nil, ", keyedLit("&DecodeError", []kv{
		{"Op", one(lit(name))},
		{"StatusCode", one(strconv.Itoa(op.statusOr200()))},
		{"Err", one("err")},
	}), "")
	f.close("}")
}

// opFile writes an operation page's methods and permissions.
func (g *gen) opFile(op *opInfo) error {
	d := op.doc
	f := g.newGoFile(g.source(d))
	if op.bodyReq != nil {
		g.modelDecls(f, op.bodyReq)
		f.blank()
	}
	for _, m := range op.methods {
		params := "ctx " + f.q("context") + ".Context"
		for _, a := range m.args {
			params += ", " + a.name + " string"
		}
		hasBody := op.body != nil
		if hasBody {
			params += ", body " + g.paramType(f, *op.body)
		}
		results := "error"
		if op.resp != nil {
			results = "(" + g.paramType(f, *op.resp) + ", error)"
		}
		doc := commentLines(m.name + " calls " + sanitizeComment(d.Title) + ".")
		if d.Description != "" {
			doc = append(doc, "")
			doc = append(doc, commentLines(d.Description)...)
		}
		doc = append(doc, "", "\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path), "", "Scopes: see "+op.perms+".")
		f.doc(doc...)
		f.open("func (c *Client) ", m.name, "(", params, ") ", results, " {")
		f.l("path := ", pathExpr(m))
		in := "nil"
		if hasBody {
			f.l("var in any")
			if !op.body.coll && op.body.kind != kRaw && op.body.kind != kModel && op.body.kind != kIface {
				f.l("in = body")
			} else {
				f.open("if body != nil {")
				f.l("in = body")
				f.close("}")
			}
			in = "in"
		}
		call := func(out string) string {
			return "c.do(ctx, " + lit(m.name) + ", " + lit(m.ep.Method) + ", path, " + in + ", " + out + ")"
		}
		switch r := op.resp; {
		case r == nil:
			f.l("return ", call("nil"))
		case r.coll:
			elem := f.elemType(*r)
			if r.kind == kIface {
				elem = f.q(jsonPkg) + ".RawMessage"
			}
			f.open("var out struct {")
			f.l("Value []", elem, " `json:\"value\"`")
			f.close("}")
			f.open("if err := ", call("&out"), "; err != nil {")
			f.l("return nil, err")
			f.close("}")
			if r.kind == kIface {
				f.l("list := make([]", r.typ.iface, ", 0, len(out.Value))")
				f.open("for _, raw := range out.Value {")
				op.decodeVariant(f, r, m.name)
				f.l("list = append(list, v)")
				f.close("}")
				f.l("return list, nil")
			} else {
				f.l("return out.Value, nil")
			}
		case r.kind == kIface:
			f.l("var raw ", f.q(jsonPkg), ".RawMessage")
			f.open("if err := ", call("&raw"), "; err != nil {")
			f.l("return nil, err")
			f.close("}")
			op.decodeVariant(f, r, m.name)
			f.l("return v, nil")
		case r.kind == kModel:
			f.l("out := new(", f.elemType(*r), ")")
			f.open("if err := ", call("out"), "; err != nil {")
			f.l("return nil, err")
			f.close("}")
			f.l("return out, nil")
		case r.kind == kRaw:
			// A type without a page: the whole body, as received.
			f.l("var out ", f.elemType(*r))
			f.open("if err := ", call("&out"), "; err != nil {")
			f.l("return out, err")
			f.close("}")
			f.l("return out, nil")
		default:
			// OData wraps a single primitive or enum result: {"value": x}.
			f.open("var out struct {")
			f.l("Value ", f.elemType(*r), " `json:\"value\"`")
			f.close("}")
			f.open("if err := ", call("&out"), "; err != nil {")
			f.l("return out.Value, err")
			f.close("}")
			f.l("return out.Value, nil")
		}
		f.close("}")
		f.blank()
	}
	// Permissions.
	var work, personal, app []string
	for _, p := range d.Permissions {
		switch p.Type {
		case model.PermDelegatedWork:
			work = append(work, p.Scopes...)
		case model.PermDelegatedPersonal:
			personal = append(personal, p.Scopes...)
		case model.PermApplication:
			app = append(app, p.Scopes...)
		}
	}
	list := func(s []string) expr {
		if len(s) == 0 {
			return one("nil")
		}
		xs := make([]string, len(s))
		for i, x := range s {
			xs[i] = lit(x)
		}
		return one("[]string{" + strings.Join(xs, ", ") + "}")
	}
	f.doc(op.perms + " lists the scopes that allow " + sanitizeComment(d.Title) + ", least privileged first.")
	f.stmt("var "+op.perms+" = ", keyedLit("Permissions", []kv{
		{"DelegatedWork", list(work)},
		{"DelegatedPersonal", list(personal)},
		{"Application", list(app)},
	}), "")
	g.putFile(op.file, f.finish())
	return nil
}

// nameOpDecls names what an operation's files declare beyond its methods:
// the request struct of a body without a type, and the tests. It runs in
// operation order, before the files are written in parallel.
func (g *gen) nameOpDecls(op *opInfo) {
	if op.bodyReq != nil {
		op.bodyReq.name = g.pkg.unique(op.base + "Request")
		g.nameFields(op.bodyReq)
	}
	op.exampleTests = map[int]string{}
	for i, ex := range op.doc.Examples {
		if ex.Request != nil {
			op.exampleTests[i+1] = g.tests.unique("Test" + op.testBase() + "Example" + strconv.Itoa(i+1))
		}
	}
	for _, m := range op.methods {
		if len(m.args) > 0 {
			op.escapeTest = g.tests.unique("Test" + op.testBase() + "PathEscaping")
			break
		}
	}
}

func (op *opInfo) statusOr200() int {
	if op.status == 0 {
		return 200
	}
	return op.status
}

// paramType is the type of a body argument: a pointer to a model, the
// interface of a family, a slice, or raw JSON.
func (g *gen) paramType(f *goFile, gt goType) string {
	if !gt.coll && gt.kind == kModel {
		return "*" + gt.typ.name
	}
	return f.typeOf(gt)
}
