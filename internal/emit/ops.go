package emit

import (
	"net/url"
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// safeLiteral escapes a literal path segment, keeping the characters a
// path segment may hold as they are (RFC 3986 pchar).
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

// pathParts builds m's escaped path as a sum of string literals and
// argument expressions (pathSegment(x), pathItem(x), odataLiteral(x)).
func pathParts(m *methodPlan) []jen.Code {
	var parts []jen.Code
	cur := ""
	flush := func() {
		if cur != "" {
			parts = append(parts, jen.Lit(cur))
			cur = ""
		}
	}
	next := 0
	arg := func() argPlan {
		a := m.args[next]
		next++
		return a
	}
	segs := m.ep.Segments
	for i, seg := range segs {
		if seg.Kind != model.SegItemPath {
			cur += "/"
		}
		switch seg.Kind {
		case model.SegParam:
			flush()
			parts = append(parts, jen.Id("pathSegment").Call(jen.Id(arg().name)))
		case model.SegItemPath:
			cur += ":/"
			flush()
			parts = append(parts, jen.Id("pathItem").Call(jen.Id(arg().name)))
			if i < len(segs)-1 {
				cur += ":"
			}
		case model.SegFunction, model.SegKey:
			cur += safeLiteral(seg.Name) + "("
			for j, a := range seg.Args {
				if j > 0 {
					cur += ","
				}
				if a.Name != "" {
					cur += safeLiteral(a.Name) + "="
				}
				if a.Param == "" {
					cur += safeLiteral(a.Value)
					continue
				}
				pre, post, ok := strings.Cut(a.Value, "{"+a.Param+"}")
				if !ok {
					pre, post = "", ""
				}
				// The literal writes its own quotes.
				if strings.HasSuffix(pre, "'") && strings.HasPrefix(post, "'") {
					pre, post = pre[:len(pre)-1], post[1:]
				}
				cur += safeLiteral(pre)
				flush()
				parts = append(parts, jen.Id("odataLiteral").Call(jen.Id(arg().name)))
				cur += safeLiteral(post)
			}
			cur += ")"
		default:
			cur += safeLiteral(seg.Name)
		}
	}
	if len(segs) == 0 {
		cur += "/"
	}
	flush()
	return parts
}

// sum joins expressions with +.
func sum(parts []jen.Code) *jen.Statement {
	s := jen.Add(parts[0])
	for _, p := range parts[1:] {
		s = s.Op("+").Add(p)
	}
	return s
}

// queryOptions lists the OData system query options a page shows: in its
// parameter tables, its endpoints and its examples' URLs.
func queryOptions(op *api.Operation) []string {
	var out []string
	add := func(k string) {
		k = strings.ToLower(strings.TrimSpace(k))
		if strings.HasPrefix(k, "$") && len(k) > 1 && !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	for _, p := range op.Params {
		add(p.Name)
	}
	for _, ep := range op.Endpoints {
		for _, kv := range strings.Split(ep.Query, "&") {
			k, _, _ := strings.Cut(kv, "=")
			add(k)
		}
	}
	for _, ex := range op.Examples {
		if ex.Request == nil {
			continue
		}
		if _, q, ok := strings.Cut(ex.Request.URL, "?"); ok {
			for _, kv := range strings.Split(q, "&") {
				k, _, _ := strings.Cut(kv, "=")
				if u, err := url.QueryUnescape(k); err == nil {
					k = u
				}
				add(k)
			}
		}
	}
	slices.Sort(out)
	return out
}

// documentedHeaders lists the request headers a page documents, but
// Authorization and Content-Type.
func documentedHeaders(op *api.Operation) []string {
	var out []string
	for _, h := range op.Headers {
		n := strings.TrimSpace(h.Name)
		if n == "" || strings.EqualFold(n, "Authorization") || strings.EqualFold(n, "Content-Type") || slices.Contains(out, n) {
			continue
		}
		out = append(out, n)
	}
	return out
}

// opFile writes an operation page's methods, its request type (a body
// listing properties without a type) and its permissions.
func (g *gen) opFile(op *opPlan) error {
	a := op.op
	f := g.newFile(g.source(a.Page.Path))
	if op.req != nil {
		g.modelDecls(f.Group, op.req)
		f.Line()
	}
	for _, m := range op.methods {
		g.methodDecls(f.Group, m)
	}
	if op.perms != "" {
		var work, personal, app []string
		for _, p := range a.Permissions {
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
		doc(f.Group, op.perms+" lists the scopes that allow "+a.Title+", least privileged first.")
		f.Var().Id(op.perms).Op("=").Id("Permissions").Values(
			jen.Line().Id("DelegatedWork").Op(":").Add(list(work)),
			jen.Line().Id("DelegatedPersonal").Op(":").Add(list(personal)),
			jen.Line().Id("Application").Op(":").Add(list(app)).Op(",").Line(),
		)
	}
	return g.finish(op.file, f)
}

// methodDecls writes one method (and the Page method of a collection).
func (g *gen) methodDecls(f *jen.Group, m *methodPlan) {
	op := m.op
	a := op.op
	lines := []string{m.name + " calls " + a.Title + "."}
	if a.Description != "" {
		lines[0] += " " + a.Description
	}
	lines = append(lines, "\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path))
	var notes []string
	switch m.kind {
	case callList:
		notes = append(notes, "It returns every item of every page, following @odata.nextLink; "+m.page+" returns one page.")
	case callDownload:
		notes = append(notes, "It returns the bytes as a stream: close Download.Body.")
	case callAccepted:
		notes = append(notes, "The service accepts the request (202) and works on it: Accepted.Location says where to follow it.")
	}
	if m.upload {
		notes = append(notes, "It sends body as the request's bytes, with contentType (application/octet-stream when empty).")
	}
	if qs := queryOptions(a); len(qs) > 0 {
		notes = append(notes, "Query options the page shows: "+strings.Join(qs, ", ")+".")
	}
	if hs := documentedHeaders(a); len(hs) > 0 {
		notes = append(notes, "Request headers the page documents (pass them with Header): "+strings.Join(hs, ", ")+".")
	}
	if op.perms != "" {
		notes = append(notes, "Scopes: see "+op.perms+".")
	}
	if len(notes) > 0 {
		lines = append(lines, strings.Join(notes, " "))
	}
	doc(f, lines...)

	params := []jen.Code{jen.Id("ctx").Qual(contextPkg, "Context")}
	for _, arg := range m.args {
		params = append(params, jen.Id(arg.name).Add(elem(arg.gt)))
	}
	bodyExpr := jen.Nil()
	switch {
	case m.upload:
		params = append(params, jen.Id("body").Qual(ioPkg, "Reader"), jen.Id("contentType").String())
	case m.body != nil:
		params = append(params, jen.Id("body").Add(paramType(*m.body)))
		bodyExpr = jen.Id("body")
	}
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))
	path := sum(pathParts(m))
	common := func() []jen.Code {
		return []jen.Code{jen.Id("ctx"), jen.Id("c"), jen.Lit(m.name), jen.Lit(m.ep.Method), path.Clone()}
	}
	call := func(fn string, typ jen.Code, extra ...jen.Code) *jen.Statement {
		args := append(common(), extra...)
		s := jen.Id(fn)
		if typ != nil {
			s = s.Types(typ)
		}
		return s.Call(args...)
	}
	recv := jen.Id("c").Op("*").Id("Client")
	var results jen.Code
	var body *jen.Statement
	r := m.result
	switch {
	case m.kind == callDownload:
		results = jen.Params(jen.Op("*").Id("Download"), jen.Error())
		if m.upload || m.body != nil {
			body = call("graphrtDownload", nil, jen.Id("opts"))
		} else {
			body = call("graphrtDownload", nil, jen.Id("opts"))
		}
	case m.kind == callAccepted:
		results = jen.Params(jen.Op("*").Id("Accepted"), jen.Error())
		body = call("graphrtAccepted", nil, bodyExpr, jen.Id("opts"))
	case m.kind == callList:
		results = jen.Qual(iterPkg, "Seq2").Types(elem(*r), jen.Error())
		body = call("graphrtItems", elem(*r), bodyExpr, jen.Id("opts"))
	case m.upload && r != nil:
		t := elem(*r)
		if r.kind != kModel {
			t = jen.Qual(jsonPkg, "RawMessage")
		}
		results = jen.Params(jen.Op("*").Add(t.Clone()), jen.Error())
		body = call("graphrtUpload", t, jen.Id("body"), jen.Id("contentType"), jen.Id("opts"))
	case m.upload:
		results = jen.Error()
		body = call("graphrtUploadNoContent", nil, jen.Id("body"), jen.Id("contentType"), jen.Id("opts"))
	case r == nil:
		results = jen.Error()
		body = call("graphrtNoContent", nil, bodyExpr, jen.Id("opts"))
	case r.kind == kModel:
		results = jen.Params(jen.Op("*").Id(r.t.name), jen.Error())
		body = call("graphrtCall", jen.Id(r.t.name), bodyExpr, jen.Id("opts"))
	case r.kind == kIface || r.kind == kRaw:
		results = jen.Params(elem(*r), jen.Error())
		body = call("graphrtCallValue", elem(*r), bodyExpr, jen.Id("opts"))
	default:
		results = jen.Params(elem(*r), jen.Error())
		body = call("graphrtCallScalar", elem(*r), bodyExpr, jen.Id("opts"))
	}
	f.Func().Params(recv).Id(m.name).Params(params...).Add(results).Block(jen.Return(body))
	f.Line()
	if m.kind == callList && m.page != "" {
		doc(f, m.page+" returns one page of "+m.name+"'s collection; Page.Next returns the next.")
		f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(m.page).Params(params...).
			Params(jen.Op("*").Id("Page").Types(elem(*r)), jen.Error()).
			Block(jen.Return(call("graphrtPage", elem(*r), bodyExpr, jen.Id("opts"))))
		f.Line()
	}
}
