package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"
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
func pathExpr(m *methodInfo) *jen.Statement {
	var parts []jen.Code
	cur := ""
	flush := func() {
		if cur != "" {
			parts = append(parts, jen.Lit(cur))
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
			parts = append(parts, jen.Id("pathSegment").Call(jen.Id(argOf(seg.Name, used))))
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
				parts = append(parts, jen.Id("pathSegment").Call(jen.Id(argOf(a.Param, used))))
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
	var s *jen.Statement
	for i, p := range parts {
		if i == 0 {
			s = jen.Add(p)
		} else {
			s = s.Op("+").Add(p)
		}
	}
	return s
}

// opFile renders an operation page's methods and permissions.
func (g *gen) opFile(op *opInfo) error {
	d := op.doc
	f := g.newFile(g.source(d))
	if op.bodyReq != nil {
		op.bodyReq.name = g.pkg.unique(op.base + "Request")
		g.nameFields(op.bodyReq)
		g.modelDecls(f, op.bodyReq)
	}
	for _, m := range op.methods {
		var params []jen.Code
		params = append(params, jen.Id("ctx").Qual("context", "Context"))
		for _, a := range m.args {
			params = append(params, jen.Id(a.name).String())
		}
		hasBody := op.body != nil
		if hasBody {
			params = append(params, jen.Id("body").Add(g.paramType(*op.body)))
		}
		var results []jen.Code
		if op.resp != nil {
			results = append(results, g.resultType(*op.resp))
		}
		results = append(results, jen.Error())

		var body []jen.Code
		body = append(body, jen.Id("path").Op(":=").Add(pathExpr(m)))
		in := jen.Nil()
		if hasBody {
			body = append(body, jen.Var().Id("in").Any())
			if !op.body.coll && op.body.kind != kRaw && op.body.kind != kModel && op.body.kind != kIface {
				body = append(body, jen.Id("in").Op("=").Id("body"))
			} else {
				body = append(body, jen.If(jen.Id("body").Op("!=").Nil()).Block(jen.Id("in").Op("=").Id("body")))
			}
			in = jen.Id("in")
		}
		call := func(out jen.Code) *jen.Statement {
			return jen.Id("c").Dot("do").Call(jen.Id("ctx"), jen.Lit(m.name), jen.Lit(m.ep.Method), jen.Id("path"), in, out)
		}
		switch r := op.resp; {
		case r == nil:
			body = append(body, jen.Return(call(jen.Nil())))
		case r.coll:
			elem := g.elemCode(*r)
			if r.kind == kIface {
				elem = jen.Qual(jsonPkg, "RawMessage")
			}
			body = append(body,
				jen.Var().Id("out").Struct(jen.Id("Value").Index().Add(elem).Tag(map[string]string{"json": "value"})),
				jen.If(jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			)
			if r.kind == kIface {
				body = append(body,
					jen.Id("list").Op(":=").Make(jen.Index().Id(r.typ.iface), jen.Lit(0), jen.Len(jen.Id("out").Dot("Value"))),
					jen.For(jen.List(jen.Id("_"), jen.Id("raw")).Op(":=").Range().Id("out").Dot("Value")).Block(
						jen.List(jen.Id("v"), jen.Err()).Op(":=").Id(r.typ.unmarshal).Call(jen.Id("raw")),
						jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Op("&").Id("DecodeError").Values(jen.Dict{jen.Id("Op"): jen.Lit(m.name), jen.Id("StatusCode"): jen.Lit(op.statusOr200()), jen.Id("Err"): jen.Err()}))),
						jen.Id("list").Op("=").Append(jen.Id("list"), jen.Id("v")),
					),
					jen.Return(jen.Id("list"), jen.Nil()),
				)
			} else {
				body = append(body, jen.Return(jen.Id("out").Dot("Value"), jen.Nil()))
			}
		case r.kind == kIface:
			body = append(body,
				jen.Var().Id("raw").Qual(jsonPkg, "RawMessage"),
				jen.If(jen.Err().Op(":=").Add(call(jen.Op("&").Id("raw"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.List(jen.Id("v"), jen.Err()).Op(":=").Id(r.typ.unmarshal).Call(jen.Id("raw")),
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Op("&").Id("DecodeError").Values(jen.Dict{jen.Id("Op"): jen.Lit(m.name), jen.Id("StatusCode"): jen.Lit(op.statusOr200()), jen.Id("Err"): jen.Err()}))),
				jen.Return(jen.Id("v"), jen.Nil()),
			)
		case r.kind == kModel:
			body = append(body,
				jen.Id("out").Op(":=").New(g.elemCode(*r)),
				jen.If(jen.Err().Op(":=").Add(call(jen.Id("out"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
				jen.Return(jen.Id("out"), jen.Nil()),
			)
		case r.kind == kRaw:
			// A type without a page: the whole body, as received.
			body = append(body,
				jen.Var().Id("out").Add(g.elemCode(*r)),
				jen.If(jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("out"), jen.Err())),
				jen.Return(jen.Id("out"), jen.Nil()),
			)
		default:
			// OData wraps a single primitive or enum result: {"value": x}.
			body = append(body,
				jen.Var().Id("out").Struct(jen.Id("Value").Add(g.elemCode(*r)).Tag(map[string]string{"json": "value"})),
				jen.If(jen.Err().Op(":=").Add(call(jen.Op("&").Id("out"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("out").Dot("Value"), jen.Err())),
				jen.Return(jen.Id("out").Dot("Value"), jen.Nil()),
			)
		}
		addComments(f, m.name+" calls "+sanitizeComment(d.Title)+".")
		if d.Description != "" {
			f.Comment("")
			addComments(f, d.Description)
		}
		f.Comment("")
		f.Comment("\t" + sanitizeComment(m.ep.Method+" "+m.ep.Path))
		f.Comment("")
		f.Comment("Scopes: see " + op.perms + ".")
		f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(m.name).Params(params...).Params(results...).Block(body...)
		f.Line()
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
	list := func(s []string) jen.Code {
		if len(s) == 0 {
			return jen.Nil()
		}
		var xs []jen.Code
		for _, x := range s {
			xs = append(xs, jen.Lit(x))
		}
		return jen.Index().String().Values(xs...)
	}
	f.Comment(op.perms + " lists the scopes that allow " + sanitizeComment(d.Title) + ", least privileged first.")
	f.Var().Id(op.perms).Op("=").Id("Permissions").Values(jen.Dict{
		jen.Id("DelegatedWork"):     list(work),
		jen.Id("DelegatedPersonal"): list(personal),
		jen.Id("Application"):       list(app),
	})
	return g.render(op.file, f)
}

func (op *opInfo) statusOr200() int {
	if op.status == 0 {
		return 200
	}
	return op.status
}

// paramType is the type of a body argument: a pointer to a model, the
// interface of a family, a slice, or raw JSON.
func (g *gen) paramType(gt goType) *jen.Statement {
	if !gt.coll && gt.kind == kModel {
		return jen.Op("*").Id(gt.typ.name)
	}
	return g.typeCode(gt)
}

// resultType is the type a method returns.
func (g *gen) resultType(gt goType) *jen.Statement {
	return g.paramType(gt)
}
