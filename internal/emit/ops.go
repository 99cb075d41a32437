package emit

import (
	"slices"
	"strings"

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

// pathExpr is the Go expression of m's escaped path: string literals and
// pathSegment(x), pathItem(x), odataLiteral(x) joined with +.
func pathExpr(m *methodPlan) string {
	parts := pathParts(m)
	exprs := make([]string, len(parts))
	for i, p := range parts {
		switch p.kind {
		case "lit":
			exprs[i] = lit(p.text)
		case "seg":
			exprs[i] = "pathSegment(" + p.text + ")"
		case "item":
			exprs[i] = "pathItem(" + p.text + ")"
		case "fn":
			exprs[i] = "odataLiteral(" + p.text + ")"
		}
	}
	return strings.Join(exprs, "+")
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
	f := g.newGoFile(g.source(a.Page.Path))
	if op.req != nil {
		g.modelDecls(f, op.req)
		f.blank()
		for _, m := range op.methods {
			if m.reqName != "" && m.reqName != op.req.name {
				f.docParas(m.reqName + " is the request body of " + m.name + ".")
				f.l("type ", m.reqName, " = ", op.req.name)
				f.blank()
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
			f.blank()
			what = m.name + " (" + a.Title + ")"
		}
		doc := m.perms + " lists the scopes that allow " + what + ", least privileged first."
		if m.ep.PermissionsUnknown {
			doc = m.perms + " says that the page of " + what + " documents no permissions graphgen could read: Unknown."
		}
		f.docParas(doc)
		f.stmt("var "+m.perms+" = ", permissionsLit(m.ep.Permissions, m.ep.PermissionsUnknown), "")
	}
	return g.finishFile(op.file, f)
}

// permissionsLit is the Permissions literal of rows: per type the least
// privileged scopes (always written, nil for none), the higher privileged
// ones and the rows per resource when there are any; Unknown alone when
// unknown.
func permissionsLit(rows []model.Permission, unknown bool) expr {
	if unknown {
		return keyedLit("Permissions", []kv{{"Unknown", one("true")}})
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
	elems := []kv{{"DelegatedWork", list(least[0])}, {"DelegatedPersonal", list(least[1])}, {"Application", list(least[2])}}
	for i, k := range []string{"DelegatedWorkHigher", "DelegatedPersonalHigher", "ApplicationHigher"} {
		if h := slices.DeleteFunc(slices.Clone(higher[i]), func(s string) bool { return slices.Contains(least[i], s) }); len(h) > 0 {
			slices.Sort(h)
			elems = append(elems, kv{k, list(h)})
		}
	}
	if len(res) > 0 {
		e := expr{"[]ResourcePermissions{"}
		for _, r := range resourceRows(res) {
			parts := []string{"Resource: " + lit(r.name)}
			for i, k := range []string{"DelegatedWork", "DelegatedPersonal", "Application"} {
				if len(r.scopes[i]) > 0 {
					parts = append(parts, k+": "+list(r.scopes[i])[0])
				}
			}
			e = append(e, "\t{"+strings.Join(parts, ", ")+"},")
		}
		elems = append(elems, kv{"Resources", append(e, "}")})
	}
	return keyedLit("Permissions", elems)
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

// methodDecls writes one method (and the Page method of a collection).
// The page's first method carries its whole description; the others name
// it.
func (g *gen) methodDecls(f *goFile, m *methodPlan, first bool) {
	op := m.op
	a := op.op
	head := m.name + " calls " + a.Title + "."
	if first && a.Description != "" {
		head += " " + a.Description
	} else if !first {
		head += " See " + op.methods[0].name + "."
	}
	paras := []string{head, "\t" + m.ep.Method + " " + m.ep.Path}
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
	f.docParas(paras...)

	params := "ctx " + f.q(contextPkg) + ".Context"
	for _, arg := range m.args {
		params += ", " + arg.name + " " + f.elem(arg.gt)
	}
	body := "nil"
	switch {
	case m.upload:
		params += ", body " + f.q(ioPkg) + ".Reader, contentType string"
	case m.body != nil && m.reqName != "":
		params += ", body *" + m.reqName
		body = "body"
	case m.body != nil:
		params += ", body " + f.paramType(*m.body)
		body = "body"
	}
	params += ", opts ...RequestOption"
	common := "ctx, c, " + lit(m.name) + ", " + lit(m.ep.Method) + ", " + pathExpr(m)
	var results, call string
	r := m.result
	switch {
	case m.kind == callDownload:
		results, call = "(*Download, error)", "graphrtDownload("+common+", opts)"
	case m.kind == callAccepted:
		results, call = "(*Accepted, error)", "graphrtAccepted("+common+", "+body+", opts)"
	case m.kind == callList:
		e := f.elem(*r)
		results, call = f.q(iterPkg)+".Seq2["+e+", error]", "graphrtItems["+e+"]("+common+", "+body+", opts)"
	case m.upload && r != nil:
		t := f.elem(*r)
		if r.kind != kModel {
			t = f.q(jsonPkg) + ".RawMessage"
		}
		results, call = "(*"+t+", error)", "graphrtUpload("+common+", body, contentType, new("+t+"), opts)"
	case m.upload:
		results, call = "error", "graphrtUploadNoContent("+common+", body, contentType, opts)"
	case r == nil:
		results, call = "error", "graphrtNoContent("+common+", "+body+", opts)"
	case r.kind == kModel:
		results, call = "(*"+r.t.name+", error)", "graphrtCall("+common+", "+body+", new("+r.t.name+"), opts)"
	case r.kind == kIface || r.kind == kRaw:
		e := f.elem(*r)
		results, call = "("+e+", error)", "graphrtCallValue["+e+"]("+common+", "+body+", opts)"
	default:
		e := f.elem(*r)
		results, call = "("+e+", error)", "graphrtCallScalar["+e+"]("+common+", "+body+", opts)"
	}
	f.open("func (c *Client) ", m.name, "(", params, ") ", results, " {")
	f.l("return ", call)
	f.close("}")
	f.blank()
	if m.kind == callList && m.page != "" {
		e := f.elem(*r)
		f.docParas(m.page + " returns one page of " + m.name + "'s collection; Page.Next returns the next.")
		f.open("func (c *Client) ", m.page, "(", params, ") (*Page[", e, "], error) {")
		f.l("return graphrtPage[", e, "](", common, ", ", body, ", opts)")
		f.close("}")
		f.blank()
	}
}
