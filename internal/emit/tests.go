package emit

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// oddIDs are the path parameter values of the generated escaping tests.
var oddIDs = []string{"a/b", "a?b=c", "a#b", "100%", "..", ".", "a b", "x/../y", "é/ü", "%2F", "it's"}

// exampleBody returns an example body as JSON, or a reason it is not.
func exampleBody(body json.RawMessage, isJSON bool) (json.RawMessage, string) {
	if len(bytes.TrimSpace(body)) == 0 || string(body) == "null" {
		return nil, ""
	}
	if isJSON {
		return body, ""
	}
	var text string
	if err := json.Unmarshal(body, &text); err == nil && strings.TrimSpace(text) == "" {
		return nil, ""
	}
	var probe any
	if err := json.Unmarshal([]byte(text), &probe); err != nil {
		return nil, "body is not valid JSON (" + err.Error() + ")"
	}
	return json.RawMessage(text), ""
}

// exampleText returns a non-JSON example body's text.
func exampleText(body json.RawMessage, isJSON bool) string {
	if isJSON || len(body) == 0 {
		return string(body)
	}
	var text string
	if err := json.Unmarshal(body, &text); err != nil {
		return ""
	}
	return text
}

// urlPath returns an example URL's path (no scheme, host, version or query)
// split at '/', each segment unescaped, and its query.
func urlPath(u string) ([]string, string) {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = "/"
		}
	}
	query := ""
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	if i := indexOutside(u, '?'); i >= 0 {
		u, query = u[:i], u[i+1:]
	}
	segs := strings.Split(strings.Trim(u, "/"), "/")
	if len(segs) > 0 && (segs[0] == "v1.0" || segs[0] == "beta") {
		segs = segs[1:]
	}
	for i, s := range segs {
		if us, err := url.PathUnescape(s); err == nil {
			segs[i] = us
		}
	}
	return segs, query
}

// indexOutside finds c outside parentheses and quotes.
func indexOutside(s string, c byte) int {
	depth := 0
	quote := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\'':
			quote = !quote
		case quote:
		case ch == '(':
			depth++
		case ch == ')':
			if depth > 0 {
				depth--
			}
		case ch == c && depth == 0:
			return i
		}
	}
	return -1
}

// matchEndpoint matches an example URL's segments with an endpoint's and
// returns the argument values in order, or false.
func matchEndpoint(ep *api.Endpoint, segs []string) ([]string, bool) {
	var args []string
	es := ep.Segments
	j := 0
	for i, seg := range es {
		if j >= len(segs) {
			return nil, false
		}
		s := segs[j]
		opens := i+1 < len(es) && es[i+1].Kind == model.SegItemPath
		if opens {
			if !strings.HasSuffix(s, ":") {
				return nil, false
			}
			s = strings.TrimSuffix(s, ":")
		}
		switch seg.Kind {
		case model.SegParam:
			args = append(args, s)
		case model.SegItemPath:
			// Folders up to one ending in ':' (or the end).
			var folders []string
			for ; j < len(segs); j++ {
				if i < len(es)-1 && strings.HasSuffix(segs[j], ":") {
					folders = append(folders, strings.TrimSuffix(segs[j], ":"))
					break
				}
				folders = append(folders, segs[j])
			}
			if i == len(es)-1 {
				if n := len(folders); n > 0 {
					folders[n-1] = strings.TrimSuffix(folders[n-1], ":")
				}
			}
			args = append(args, strings.Join(folders, "/"))
		case model.SegFunction, model.SegKey:
			vals, ok := functionArgs(seg, s)
			if !ok {
				return nil, false
			}
			args = append(args, vals...)
		default:
			if !strings.EqualFold(seg.Name, s) {
				return nil, false
			}
		}
		j++
	}
	if j != len(segs) {
		return nil, false
	}
	return args, true
}

// functionArgs reads the values of a function segment's parameters from an
// example's segment: name(a='x',b=2) -> x, 2.
func functionArgs(seg model.Segment, s string) ([]string, bool) {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.EqualFold(s[:open], seg.Name) || !strings.HasSuffix(s, ")") {
		// A function without parameters may be written without ().
		return nil, strings.EqualFold(s, seg.Name) && !hasParams(seg)
	}
	got := map[string]string{}
	var bare []string
	inner := s[open+1 : len(s)-1]
	for inner != "" {
		i := indexOutside(inner, ',')
		part := inner
		if i >= 0 {
			part, inner = inner[:i], inner[i+1:]
		} else {
			inner = ""
		}
		part = strings.TrimSpace(part)
		if k, v, ok := strings.Cut(part, "="); ok && indexOutside(part, '=') >= 0 {
			got[strings.ToLower(strings.TrimSpace(k))] = unquote(strings.TrimSpace(v))
		} else {
			bare = append(bare, unquote(part))
		}
	}
	var vals []string
	for i, a := range seg.Args {
		if a.Param == "" {
			continue
		}
		v, ok := got[strings.ToLower(a.Name)]
		if !ok && a.Name == "" && i < len(bare) {
			v, ok = bare[i], true
		}
		if !ok {
			return nil, false
		}
		vals = append(vals, v)
	}
	return vals, true
}

func hasParams(seg model.Segment) bool {
	for _, a := range seg.Args {
		if a.Param != "" {
			return true
		}
	}
	return false
}

// unquote reads an OData literal: 'it”s' -> it's.
func unquote(v string) string {
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

// matchExample finds the method an example request calls.
func (g *gen) matchExample(op *opPlan, req *model.ExampleRequest) (*methodPlan, []string, string) {
	segs, _ := urlPath(req.URL)
	for _, ep := range op.op.Endpoints {
		if !strings.EqualFold(ep.Method, req.Method) {
			continue
		}
		if args, ok := matchEndpoint(ep, segs); ok {
			if m := g.byKey[ep.Key]; m != nil {
				return m, args, ""
			}
			return nil, nil, "the example's endpoint " + ep.Method + " " + ep.Path + " has no method (see its method-name-collision)"
		}
	}
	return nil, nil, "the example's " + req.Method + " " + req.URL + " matches none of the page's endpoints"
}

// testFile writes an operation's generated tests: one per example, and one
// for path escaping.
func (g *gen) testFile(op *opPlan) error {
	f := g.newFile(g.source(op.op.Page.Path))
	n := 0
	for i, ex := range op.op.Examples {
		if op.tests[i] == "" {
			continue
		}
		if n > 0 {
			f.Line()
		}
		n++
		g.exampleTest(f.Group, op, i, ex)
	}
	if op.escape != "" {
		if n > 0 {
			f.Line()
		}
		n++
		g.escapeTest(f.Group, op)
	}
	if n == 0 {
		f.Comment("The page has no example and no path parameter: nothing to test.")
	}
	return g.finish(strings.TrimSuffix(op.file, ".go")+"_test.go", f)
}

// queryOption turns one example query parameter into the option that sends
// it.
func queryOption(k, v string) jen.Code {
	split := func() []jen.Code {
		var out []jen.Code
		for v != "" {
			i := indexOutside(v, ',')
			part := v
			if i >= 0 {
				part, v = v[:i], v[i+1:]
			} else {
				v = ""
			}
			out = append(out, jen.Lit(strings.TrimSpace(part)))
		}
		return out
	}
	switch strings.ToLower(k) {
	case "$select":
		return jen.Id("Select").Call(split()...)
	case "$expand":
		return jen.Id("Expand").Call(split()...)
	case "$orderby":
		return jen.Id("OrderBy").Call(split()...)
	case "$filter":
		return jen.Id("Filter").Call(jen.Lit(v))
	case "$search":
		return jen.Id("Search").Call(jen.Lit(v))
	case "$top", "$skip":
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && strings.EqualFold(k, strings.ToLower(k)) {
			return jen.Id(map[string]string{"$top": "Top", "$skip": "Skip"}[strings.ToLower(k)]).Call(jen.Lit(n))
		}
	case "$count":
		if v == "true" && k == "$count" {
			return jen.Id("Count").Call()
		}
	}
	return jen.Id("Query").Call(jen.Lit(k), jen.Lit(v))
}

// parseQuery splits an example's query string into unescaped pairs, in
// order.
func parseQuery(q string) [][2]string {
	var out [][2]string
	for q != "" {
		i := strings.IndexByte(q, '&')
		part := q
		if i >= 0 {
			part, q = q[:i], q[i+1:]
		} else {
			q = ""
		}
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		if u, err := url.QueryUnescape(k); err == nil {
			k = u
		}
		if u, err := url.QueryUnescape(v); err == nil {
			v = u
		}
		out = append(out, [2]string{k, v})
	}
	return out
}

// wantPath is the expression of the path segments a method's request
// must arrive with, given each argument's expression.
func wantPath(m *methodPlan, arg func(i int) jen.Code) jen.Code {
	var parts []jen.Code
	next := 0
	segs := m.ep.Segments
	for i, seg := range segs {
		opens := i+1 < len(segs) && segs[i+1].Kind == model.SegItemPath
		colon := func(c jen.Code) jen.Code {
			if opens {
				return jen.Add(c).Op("+").Lit(":")
			}
			return c
		}
		switch seg.Kind {
		case model.SegParam:
			parts = append(parts, colon(arg(next)))
			next++
		case model.SegItemPath:
			parts = append(parts, jen.Id("graphgenItemPath").Call(arg(next), jen.Lit(i < len(segs)-1)))
			next++
		case model.SegFunction, model.SegKey:
			var exprs []jen.Code
			cur := seg.Name + "("
			for j, a := range seg.Args {
				if j > 0 {
					cur += ","
				}
				if a.Name != "" {
					cur += a.Name + "="
				}
				if a.Param == "" {
					cur += a.Value
					continue
				}
				pre, post, ok := strings.Cut(a.Value, "{"+a.Param+"}")
				if !ok {
					pre, post = "", ""
				}
				if strings.HasSuffix(pre, "'") && strings.HasPrefix(post, "'") {
					pre, post = pre[:len(pre)-1], post[1:]
				}
				exprs = append(exprs, jen.Lit(cur+pre), jen.Id("graphgenUnescape").Call(jen.Id("odataLiteral").Call(arg(next))))
				next++
				cur = post
			}
			exprs = append(exprs, jen.Lit(cur+")"))
			parts = append(parts, colon(sum(exprs)))
		default:
			parts = append(parts, colon(jen.Lit(seg.Name)))
		}
	}
	return jen.Id("graphgenPath").Call(parts...)
}

// argLiteral is the Go literal of an argument value from an example URL.
func argLiteral(a argPlan, v string) (jen.Code, *litError) {
	switch a.gt.kind {
	case kString:
		return jen.Lit(v), nil
	case kEnum:
		return jen.Id(a.gt.t.name).Call(jen.Lit(v)), nil
	case kBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return nil, litErr("example-type-mismatch", "argument %s: expected a boolean, got %q", a.arg.Name, v)
		}
		return jen.Lit(b), nil
	case kInt16, kInt32, kInt64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, litErr("example-type-mismatch", "argument %s: expected an integer, got %q", a.arg.Name, v)
		}
		return jen.Lit(int(n)), nil
	case kFloat:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, litErr("example-type-mismatch", "argument %s: expected a number, got %q", a.arg.Name, v)
		}
		return jen.Lit(x), nil
	}
	var dec any = v
	return (&gen{}).literal(a.gt, dec, false)
}

// zeroArg is the value the escaping test passes for an argument that is not
// a string.
func zeroArg(a argPlan) jen.Code {
	switch a.gt.kind {
	case kString:
		return jen.Id("id")
	case kEnum:
		return jen.Id(a.gt.t.name).Call(jen.Id("id"))
	case kBool:
		return jen.False()
	case kTime:
		return jen.Qual(timePkg, "Time").Values()
	case kDate:
		return jen.Id("Date").Values()
	case kTimeOfDay:
		return jen.Id("TimeOfDay").Values()
	}
	return jen.Lit(0)
}

func (g *gen) exampleTest(f *jen.Group, op *opPlan, i int, ex model.Example) {
	page := op.op.Page
	req := ex.Request
	name := op.tests[i]
	n := strconv.Itoa(i + 1)
	at := func(pos model.Pos) string { return g.source(page.Path) + ":" + strconv.Itoa(pos.Line) }
	tParam := jen.Id("t").Op("*").Qual(testingPkg, "T")
	skip := func(pos model.Pos, code, reason string) {
		g.diag(page.Path, api.At(page, pos), model.SevWarning, code, "example "+n+": "+reason+"; its generated test is skipped")
		doc(f, name+" is generated from example "+n+" ("+at(pos)+").")
		f.Func().Id(name).Params(tParam).Block(jen.Id("t").Dot("Skip").Call(jen.Lit(at(pos) + ": " + reason)))
	}
	m, args, reason := g.matchExample(op, req)
	if m == nil {
		skip(req.Pos, "example-unmatched", reason)
		return
	}
	ex2 := []jen.Code{jen.Id("Method").Op(":").Lit(m.ep.Method)}
	// Call arguments.
	call := []jen.Code{jen.Qual(contextPkg, "Background").Call()}
	var argVals []jen.Code
	for j, a := range m.args {
		c, err := argLiteral(a, args[j])
		if err != nil {
			skip(req.Pos, err.code, err.msg)
			return
		}
		argVals = append(argVals, c)
		call = append(call, c)
	}
	ex2 = append(ex2, jen.Id("Path").Op(":").Add(wantPath(m, func(i int) jen.Code { return argVals[i] })))
	// Body.
	reqText := exampleText(req.Body, req.BodyJSON)
	switch {
	case m.upload:
		ct := ""
		for _, h := range req.Headers {
			if strings.EqualFold(h.Name, "Content-Type") {
				ct = h.Value
			}
		}
		call = append(call, jen.Qual(stringsPkg, "NewReader").Call(jen.Lit(reqText)), jen.Lit(ct))
		ex2 = append(ex2, jen.Id("Bytes").Op(":").Lit(reqText))
		if ct != "" {
			ex2 = append(ex2, jen.Id("ContentType").Op(":").Lit(ct))
		}
	case m.body != nil:
		reqJSON, why := exampleBody(req.Body, req.BodyJSON)
		if why != "" {
			skip(req.Pos, "example-bad-json", "request "+why)
			return
		}
		if reqJSON == nil {
			if nilable(*m.body) {
				call = append(call, jen.Nil())
			} else {
				call = append(call, jen.Id("graphgenZero").Types(typeOf(*m.body)).Call())
			}
			break
		}
		v, err := decodeOrdered(reqJSON)
		if err != nil {
			skip(req.Pos, "example-bad-json", "request body is not valid JSON ("+err.Error()+")")
			return
		}
		c, lerr := g.literal(*m.body, v, true)
		if lerr != nil {
			skip(req.Pos, lerr.code, "request body: "+lerr.msg)
			return
		}
		call = append(call, c)
		ex2 = append(ex2, jen.Id("Body").Op(":").Lit(string(reqJSON)))
	default:
		if reqJSON, _ := exampleBody(req.Body, req.BodyJSON); reqJSON != nil || strings.TrimSpace(reqText) != "" {
			skip(req.Pos, "example-unexpected-body", "the request has a body but the page documents none")
			return
		}
	}
	// Options: the example's query and headers.
	_, query := urlPath(req.URL)
	if query != "" {
		ex2 = append(ex2, jen.Id("Query").Op(":").Lit(query))
		for _, kv := range parseQuery(query) {
			call = append(call, queryOption(kv[0], kv[1]))
		}
	}
	var hdrs []jen.Code
	for _, h := range req.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization", "content-length", "host", "content-type":
			continue
		}
		hdrs = append(hdrs, jen.Values(jen.Lit(h.Name), jen.Lit(h.Value)))
		call = append(call, jen.Id("Header").Call(jen.Lit(h.Name), jen.Lit(h.Value)))
	}
	if len(hdrs) > 0 {
		ex2 = append(ex2, jen.Id("Headers").Op(":").Index().Index(jen.Lit(2)).String().Values(hdrs...))
	}
	// Response.
	resp := ex.Response
	status := op.status
	if status == 0 {
		status = 200
	}
	var respJSON json.RawMessage
	var respHeaders []model.HeaderField
	if resp != nil {
		if resp.Status != 0 {
			status = resp.Status
		}
		respHeaders = resp.Headers
		if m.kind != callDownload {
			var why string
			respJSON, why = exampleBody(resp.Body, resp.BodyJSON)
			if why != "" {
				skip(resp.Pos, "example-bad-json", "response "+why)
				return
			}
		}
	}
	if m.kind == callDownload {
		// The docs show a redirect to the bytes (or the bytes): the test
		// server answers with bytes, the client must hand them over.
		status = 200
		respHeaders = nil
	}
	if status < 200 || status > 299 {
		skip(req.Pos, "example-not-success", "the example response has status "+strconv.Itoa(status))
		return
	}
	r := m.result
	if r != nil && respJSON == nil && status != 204 && !(r.kind == kRaw && !r.coll) && resp != nil {
		skip(resp.Pos, "example-missing-body", "the page returns "+typeNoun(*r)+" with status "+strconv.Itoa(op.status)+", but the example response (status "+strconv.Itoa(status)+") has no body")
		return
	}
	if r != nil && respJSON != nil && status != 204 {
		if lerr := g.checkResponse(*r, respJSON); lerr != nil {
			skip(resp.Pos, lerr.code, "response body: "+lerr.msg)
			return
		}
	}
	ex2 = append(ex2, jen.Id("Status").Op(":").Lit(status))
	if m.kind == callDownload {
		ex2 = append(ex2, jen.Id("Download").Op(":").True())
	}
	var rh []jen.Code
	for _, h := range respHeaders {
		if strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		rh = append(rh, jen.Values(jen.Lit(h.Name), jen.Lit(h.Value)))
	}
	if len(rh) > 0 {
		ex2 = append(ex2, jen.Id("RespHeaders").Op(":").Index().Index(jen.Lit(2)).String().Values(rh...))
	}
	if respJSON != nil && status != 204 {
		ex2 = append(ex2, jen.Id("Response").Op(":").Lit(string(respJSON)))
	}
	for k := range ex2 {
		ex2[k] = jen.Line().Add(ex2[k])
	}
	ex2[len(ex2)-1] = jen.Add(ex2[len(ex2)-1]).Op(",").Line()

	doc(f, name+" replays example "+n+" ("+at(req.Pos)+"): the request must match it on the wire, and the result must re-encode to the example's response.")
	body := []jen.Code{
		jen.Id("c").Op(":=").Id("graphgenServe").Call(jen.Id("t"), jen.Id("graphgenExchange").Values(ex2...)),
	}
	callExpr := jen.Id("c").Dot(m.name).Call(call...)
	check := func(res string) []jen.Code {
		return []jen.Code{
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		}
	}
	switch {
	case m.kind == callList:
		want := "{}"
		if respJSON != nil {
			want = string(respJSON)
		}
		body = append(body, jen.Id("graphgenCheckItems").Call(jen.Id("t"), jen.Lit(want), callExpr))
	case m.kind == callDownload:
		body = append(body, jen.List(jen.Id("got"), jen.Err()).Op(":=").Add(callExpr))
		body = append(body, check("got")...)
		body = append(body, jen.Id("graphgenCheckDownload").Call(jen.Id("t"), jen.Id("got")))
	case m.kind == callAccepted:
		body = append(body, jen.List(jen.Id("got"), jen.Err()).Op(":=").Add(callExpr))
		body = append(body, check("got")...)
		loc := ""
		for _, h := range respHeaders {
			if strings.EqualFold(h.Name, "Location") {
				loc = h.Value
			}
		}
		body = append(body, jen.If(jen.Id("got").Dot("Location").Op("!=").Lit(loc)).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("Location = %q, want %q"), jen.Id("got").Dot("Location"), jen.Lit(loc))))
	case r == nil && !m.upload || m.upload && r == nil:
		body = append(body, jen.If(jen.Err().Op(":=").Add(callExpr), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())))
	case respJSON == nil || status == 204:
		body = append(body, jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(callExpr))
		body = append(body, check("_")...)
	default:
		body = append(body, jen.List(jen.Id("got"), jen.Err()).Op(":=").Add(callExpr))
		body = append(body, check("got")...)
		switch {
		case r.kind == kModel || r.kind == kIface || r.kind == kRaw:
			body = append(body, jen.Id("graphgenCheckResult").Call(jen.Id("t"), jen.Lit(string(respJSON)), jen.Id("got")))
		default:
			body = append(body, jen.Id("graphgenCheckScalar").Call(jen.Id("t"), jen.Lit(string(respJSON)), jen.Id("got")))
		}
	}
	f.Func().Id(name).Params(tParam).Block(body...)
}

// escapeTest writes a test that calls every method with odd path
// parameter values and checks each arrives as its segments.
func (g *gen) escapeTest(f *jen.Group, op *opPlan) {
	status := op.status
	if status < 200 || status > 299 {
		status = 200
	}
	doc(f, op.escape+" calls every endpoint with path parameters holding / ? # % .. ' and spaces, and checks each reaches the server in its own segment (an item path: one segment per folder).")
	var calls []jen.Code
	for _, m := range op.methods {
		if len(m.args) == 0 {
			continue
		}
		st, respBody := status, ""
		switch {
		case m.kind == callDownload:
			st, respBody = 200, ""
		case m.kind == callList:
			respBody = `{"value":[]}`
		case m.result != nil && (m.result.kind == kModel || m.result.kind == kIface || m.result.kind == kRaw):
			respBody = `{}`
		case m.result != nil:
			respBody = `{"value":null}`
		}
		if st == 204 {
			respBody = ""
		}
		args := []jen.Code{jen.Qual(contextPkg, "Background").Call()}
		var argVals []jen.Code
		for _, a := range m.args {
			v := zeroArg(a)
			argVals = append(argVals, v)
			args = append(args, v)
		}
		switch {
		case m.upload:
			args = append(args, jen.Qual(stringsPkg, "NewReader").Call(jen.Lit("")), jen.Lit(""))
		case m.body != nil && nilable(*m.body):
			args = append(args, jen.Nil())
		case m.body != nil:
			args = append(args, jen.Id("graphgenZero").Types(typeOf(*m.body)).Call())
		}
		callExpr := jen.Id("c").Dot(m.name).Call(args...)
		var stmt jen.Code
		switch {
		case m.kind == callList:
			stmt = jen.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Add(callExpr)).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit(m.name+"(%q): %v"), jen.Id("id"), jen.Err())))
		case m.kind == callDownload:
			stmt = jen.If(jen.List(jen.Id("d"), jen.Err()).Op(":=").Add(callExpr), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit(m.name+"(%q): %v"), jen.Id("id"), jen.Err()),
			).Else().Block(jen.Id("d").Dot("Body").Dot("Close").Call())
		case m.result == nil && m.kind == callJSON:
			stmt = jen.If(jen.Err().Op(":=").Add(callExpr), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit(m.name+"(%q): %v"), jen.Id("id"), jen.Err()))
		default:
			stmt = jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(callExpr), jen.Err().Op("!=").Nil()).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit(m.name+"(%q): %v"), jen.Id("id"), jen.Err()))
		}
		calls = append(calls, jen.Block(
			jen.Id("c").Op(":=").Id("graphgenEscapeServer").Call(jen.Id("t"), wantPath(m, func(i int) jen.Code { return argVals[i] }), jen.Lit(st), jen.Lit(respBody)),
			stmt,
		))
	}
	f.Func().Id(op.escape).Params(jen.Id("t").Op("*").Qual(testingPkg, "T")).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("id")).Op(":=").Range().Id("graphgenOddIDs")).Block(calls...),
	)
}
