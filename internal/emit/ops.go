package emit

import (
	"slices"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
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

// pathPart is one piece of a method's escaped path: the literal text as
// sent (kind "lit"), or an argument escaped by the runtime's pathSegment
// ("seg"), pathItem ("item") or odataLiteral ("fn").
type pathPart struct{ kind, text string }

// pathParts is m's path as the client builds it and the fake matches it.
func pathParts(m *methodPlan) []pathPart {
	var parts []pathPart
	cur := ""
	flush := func() {
		if cur != "" {
			parts = append(parts, pathPart{"lit", cur})
			cur = ""
		}
	}
	next := 0
	arg := func(kind string) {
		flush()
		parts = append(parts, pathPart{kind, m.args[next].name})
		next++
	}
	segs := m.ep.Segments
	for i, seg := range segs {
		if seg.Kind != model.SegItemPath {
			cur += "/"
		}
		switch seg.Kind {
		case model.SegParam:
			cur += safeLiteral(seg.Prefix)
			arg("seg")
		case model.SegItemPath:
			cur += ":/"
			arg("item")
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
				pre, post, _ := odatapath.Affixes(a)
				cur += safeLiteral(pre)
				arg("fn")
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

// pathCode is the Go expression of m's escaped path: string literals and
// pathSegment(x), pathItem(x), odataLiteral(x) joined with +.
func pathCode(m *methodPlan) *jen.Statement {
	e := jen.Null()
	for i, p := range pathParts(m) {
		if i > 0 {
			e.Op("+")
		}
		switch p.kind {
		case "lit":
			e.Lit(p.text)
		case "seg":
			e.Id("pathSegment").Call(jen.Id(p.text))
		case "item":
			e.Id("pathItem").Call(jen.Id(p.text))
		case "fn":
			e.Id("odataLiteral").Call(jen.Id(p.text))
		}
	}
	return e
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
		for _, q := range api.ParseQuery(ep.Query) {
			add(q.Name)
		}
	}
	for _, ex := range op.Examples {
		if ex.Request == nil {
			continue
		}
		for _, q := range ex.Request.Options {
			add(q.Name)
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
		g.modelDecls(f, op.req)
		f.Line()
		for _, m := range op.methods {
			if m.reqName != "" && m.reqName != op.req.name {
				doc(f.Group, m.reqName+" is the request body of "+m.name+".")
				f.Type().Id(m.reqName).Op("=").Id(op.req.name)
				f.Line()
			}
		}
	}
	for i, m := range op.methods {
		g.methodDecls(f, m, i == 0)
	}
	// Each method's own literal, not a copy of the first's variable: a
	// package-level variable initialized from another is set by the
	// package's init function at run time (on the whole beta API, 6,300
	// copies made init a 267 KB function that took a third of the
	// package's compile time); a literal is static data.
	for i, m := range op.methods {
		if m.perms == "" {
			continue
		}
		what := a.Title
		if i > 0 {
			f.Line()
			what = m.name + " (" + a.Title + ")"
		}
		d := m.perms + " lists the scopes that allow " + what + ", least privileged first."
		if m.ep.PermissionsUnknown {
			d = m.perms + " says that the page of " + what + " documents no permissions graphgen could read: Unknown."
		}
		doc(f.Group, d)
		f.Var().Id(m.perms).Op("=").Add(permissionsLit(m.ep.Permissions, m.ep.PermissionsUnknown))
	}
	return g.renderFile(op.file, f)
}

// permissionsLit is the Permissions literal of rows: per type the least
// privileged scopes (always written, nil for none), the higher privileged
// ones and the rows per resource when there are any; Unknown alone when
// unknown.
func permissionsLit(rows []model.Permission, unknown bool) *jen.Statement {
	if unknown {
		return keyed(jen.Id("Permissions"), keyVal("Unknown", jen.True()))
	}
	var least, higher [3][]string
	var res []model.Permission
	add := func(list *[]string, ss []string) {
		for _, s := range ss {
			if !slices.Contains(*list, s) {
				*list = append(*list, s)
			}
		}
	}
	for _, p := range rows {
		if p.Resource != "" {
			res = append(res, p)
			continue
		}
		i := permIndex(p.Type)
		if i < 0 {
			continue
		}
		add(&least[i], p.Scopes)
		add(&higher[i], p.Higher)
	}
	list := func(s []string) *jen.Statement {
		if len(s) == 0 {
			return jen.Nil()
		}
		xs := make([]jen.Code, len(s))
		for i, x := range s {
			xs[i] = jen.Lit(x)
		}
		return jen.Index().String().Values(xs...)
	}
	elems := []jen.Code{keyVal("DelegatedWork", list(least[0])), keyVal("DelegatedPersonal", list(least[1])), keyVal("Application", list(least[2]))}
	for i, k := range []string{"DelegatedWorkHigher", "DelegatedPersonalHigher", "ApplicationHigher"} {
		if h := slices.DeleteFunc(slices.Clone(higher[i]), func(s string) bool { return slices.Contains(least[i], s) }); len(h) > 0 {
			slices.Sort(h)
			elems = append(elems, keyVal(k, list(h)))
		}
	}
	if len(res) > 0 {
		var rs []jen.Code
		for _, r := range resourceRows(res) {
			parts := []jen.Code{keyVal("Resource", jen.Lit(r.name))}
			for i, k := range []string{"DelegatedWork", "DelegatedPersonal", "Application"} {
				if len(r.scopes[i]) > 0 {
					parts = append(parts, keyVal(k, list(r.scopes[i])))
				}
			}
			rs = append(rs, jen.Values(parts...))
		}
		elems = append(elems, keyVal("Resources", jen.Index().Id("ResourcePermissions").Add(multiLine("{", "}", rs...))))
	}
	return keyed(jen.Id("Permissions"), elems...)
}

// permIndex is the index of a permission type in Permissions' order, -1
// for another.
func permIndex(t model.PermissionType) int {
	switch t {
	case model.PermDelegatedWork:
		return 0
	case model.PermDelegatedPersonal:
		return 1
	case model.PermApplication:
		return 2
	}
	return -1
}

// resourceRow is one resource's scopes per permission type (least then
// higher privileged).
type resourceRow struct {
	name   string
	scopes [3][]string
}

// resourceRows groups rows per resource, in page order.
func resourceRows(rows []model.Permission) []resourceRow {
	var out []resourceRow
	for _, p := range rows {
		i := permIndex(p.Type)
		if i < 0 {
			continue
		}
		k := slices.IndexFunc(out, func(r resourceRow) bool { return r.name == p.Resource })
		if k < 0 {
			k = len(out)
			out = append(out, resourceRow{name: p.Resource})
		}
		for _, s := range append(slices.Clip(p.Scopes), p.Higher...) {
			if !slices.Contains(out[k].scopes[i], s) {
				out[k].scopes[i] = append(out[k].scopes[i], s)
			}
		}
	}
	return out
}

// resourceNote is a method's doc sentence on scopes that depend on the
// resource: each resource with its scopes per type; "" without such rows.
func resourceNote(rows []model.Permission, perms string) string {
	var res []model.Permission
	for _, p := range rows {
		if p.Resource != "" {
			res = append(res, p)
		}
	}
	if len(res) == 0 {
		return ""
	}
	var parts []string
	for _, r := range resourceRows(res) {
		var per []string
		for i, t := range []string{"delegated work", "delegated personal", "application"} {
			if len(r.scopes[i]) > 0 {
				per = append(per, t+" "+strings.Join(r.scopes[i], ", "))
			}
		}
		if len(per) == 0 {
			per = []string{"none"}
		}
		parts = append(parts, r.name+": "+strings.Join(per, "; "))
	}
	return "The scopes depend on the resource the request names (" + perms + ".Resources): " + strings.Join(parts, ". ") + "."
}

// refExample is the reference a method's doc and the escaping test show:
// a directory object's URL under DefaultBaseURL.
func (g *gen) refExample() string {
	return "https://graph.microsoft.com/" + g.version + "/directoryObjects/{id}"
}

// methodDecls writes one method (and the Page method of a collection).
// The page's first method carries its whole description; the others name
// it.
func (g *gen) methodDecls(f *jen.File, m *methodPlan, first bool) {
	op := m.op
	a := op.op
	head := m.name + " calls " + a.Title + "."
	if first && a.Description != "" {
		head += " " + a.Description
	} else if !first {
		head += " See " + op.methods[0].name + "."
	}
	paras := []string{head, "\t" + m.ep.Method + " " + m.ep.Path}
	if m.ref != "" {
		paras = append(paras, m.ref+" is the URL of the object to link, its @odata.id, such as "+g.refExample()+": the request sends {\"@odata.id\": "+m.ref+"}.")
	}
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
		ct := "application/octet-stream"
		if a.Body != nil && a.Body.ContentType != "" {
			ct = a.Body.ContentType
		}
		notes = append(notes, "It sends body as the request's bytes, with contentType (the page documents "+ct+"; application/octet-stream when empty).")
		for _, arg := range m.args {
			if arg.arg.Kind == api.ArgItemPath {
				notes = append(notes, arg.name+" is a path: '/' separates folders.")
			}
		}
	}
	if first {
		if qs := queryOptions(a); len(qs) > 0 {
			notes = append(notes, "Query options the page shows: "+strings.Join(qs, ", ")+".")
		}
		if hs := documentedHeaders(a); len(hs) > 0 {
			notes = append(notes, "Request headers the page documents (pass them with Header): "+strings.Join(hs, ", ")+".")
		}
	}
	if m.perms != "" {
		if m.ep.PermissionsUnknown {
			notes = append(notes, "Scopes: unknown, the page documents none graphgen could read ("+m.perms+".Unknown).")
		} else {
			notes = append(notes, "Scopes: see "+m.perms+".")
		}
	}
	if len(notes) > 0 {
		paras = append(paras, strings.Join(notes, " "))
	}
	if m.perms != "" {
		if n := resourceNote(m.ep.Permissions, m.perms); n != "" {
			paras = append(paras, n)
		}
	}
	doc(f.Group, paras...)

	params := []jen.Code{jen.Id("ctx").Qual(contextPkg, "Context")}
	for _, arg := range m.args {
		params = append(params, jen.Id(arg.name).Add(g.elemCode(arg.gt)))
	}
	body := jen.Nil()
	switch {
	case m.upload:
		params = append(params, jen.Id("body").Qual(ioPkg, "Reader"), jen.Id("contentType").String())
	case m.ref != "":
		params = append(params, jen.Id(m.ref).String())
		body = jen.Id("graphrtRef").Call(jen.Id(m.ref))
	case m.body != nil && m.reqName != "":
		params = append(params, jen.Id("body").Op("*").Id(m.reqName))
		body = jen.Id("body")
	case m.body != nil:
		params = append(params, jen.Id("body").Add(g.paramCode(*m.body)))
		body = jen.Id("body")
	}
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))
	common := func() []jen.Code {
		return []jen.Code{jen.Id("ctx"), jen.Id("c"), jen.Lit(m.name), jen.Lit(m.ep.Method), pathCode(m)}
	}
	args := func(more ...jen.Code) []jen.Code { return append(common(), more...) }
	opts := jen.Id("opts")
	var results, call *jen.Statement
	r := m.result
	switch {
	case m.kind == callDownload:
		results, call = jen.Params(jen.Op("*").Id("Download"), jen.Error()), jen.Id("graphrtDownload").Call(args(opts)...)
	case m.kind == callAccepted:
		results, call = jen.Params(jen.Op("*").Id("Accepted"), jen.Error()), jen.Id("graphrtAccepted").Call(args(body, opts)...)
	case m.kind == callList:
		results = jen.Qual(iterPkg, "Seq2").Types(g.elemCode(*r), jen.Error())
		call = jen.Id("graphrtItems").Types(g.elemCode(*r)).Call(args(body, opts)...)
	case m.upload && r != nil:
		t := g.elemCode(*r)
		if r.kind != kModel {
			t = jen.Qual(jsonPkg, "RawMessage")
		}
		results = jen.Params(jen.Op("*").Add(t), jen.Error())
		call = jen.Id("graphrtUpload").Call(args(jen.Id("body"), jen.Id("contentType"), jen.New(t.Clone()), opts)...)
	case m.upload:
		results, call = jen.Error(), jen.Id("graphrtUploadNoContent").Call(args(jen.Id("body"), jen.Id("contentType"), opts)...)
	case r == nil:
		results, call = jen.Error(), jen.Id("graphrtNoContent").Call(args(body, opts)...)
	case r.kind == kModel:
		results = jen.Params(jen.Op("*").Id(r.t.name), jen.Error())
		call = jen.Id("graphrtCall").Call(args(body, jen.New(jen.Id(r.t.name)), opts)...)
	case r.kind == kIface || r.kind == kRaw:
		results = jen.Params(g.elemCode(*r), jen.Error())
		call = jen.Id("graphrtCallValue").Types(g.elemCode(*r)).Call(args(body, opts)...)
	default:
		results = jen.Params(g.elemCode(*r), jen.Error())
		call = jen.Id("graphrtCallScalar").Types(g.elemCode(*r)).Call(args(body, opts)...)
	}
	recv := func() *jen.Statement { return jen.Id("c").Op("*").Id("Client") }
	f.Func().Params(recv()).Id(m.name).Params(params...).Add(results).Block(jen.Return(call))
	f.Line()
	if m.kind == callList && m.page != "" {
		doc(f.Group, m.page+" returns one page of "+m.name+"'s collection; Page.Next returns the next.")
		f.Func().Params(recv()).Id(m.page).Params(params...).Params(jen.Op("*").Id("Page").Types(g.elemCode(*r)), jen.Error()).
			Block(jen.Return(jen.Id("graphrtPage").Types(g.elemCode(*r)).Call(args(body, opts)...)))
		f.Line()
	}
}
