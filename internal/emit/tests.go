package emit

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
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

// matchExample finds the method an example request calls.
func (g *gen) matchExample(op *opPlan, req *model.ExampleRequest) (*methodPlan, []string, string) {
	u := odatapath.ParseURL(req.URL)
	for _, ep := range op.op.Endpoints {
		if !strings.EqualFold(ep.Method, req.Method) {
			continue
		}
		if args, ok := odatapath.Match(ep.Segments, u); ok {
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
	f := g.newGoFile(g.source(op.op.Page.Path))
	n := 0
	for i, ex := range op.op.Examples {
		if op.tests[i] == "" {
			continue
		}
		n++
		g.exampleTest(f, op, i, ex)
		f.blank()
	}
	if op.escape != "" {
		n++
		g.escapeTest(f, op)
	}
	if n == 0 {
		f.l("// The page has no example and no path parameter: nothing to test.")
	}
	return g.finishFile(strings.TrimSuffix(op.file, ".go")+"_test.go", f)
}

// splitList splits an option's comma list outside parentheses and quotes,
// as Go literals.
func splitList(v string) []string {
	out := odatapath.Split(v, ',')
	for i, x := range out {
		out[i] = lit(x)
	}
	return out
}

// queryOption turns one example query parameter into the option that sends
// it.
func queryOption(k, v string) string {
	switch k {
	case "$select":
		return "Select(" + strings.Join(splitList(v), ", ") + ")"
	case "$expand":
		return "Expand(" + strings.Join(splitList(v), ", ") + ")"
	case "$orderby":
		return "OrderBy(" + strings.Join(splitList(v), ", ") + ")"
	case "$filter":
		return "Filter(" + lit(v) + ")"
	case "$search":
		return "Search(" + lit(v) + ")"
	case "$top", "$skip":
		if n, err := strconv.Atoi(v); err == nil && n >= 0 && strconv.Itoa(n) == v {
			return map[string]string{"$top": "Top", "$skip": "Skip"}[k] + "(" + v + ")"
		}
	case "$count":
		if v == "true" {
			return "Count()"
		}
	}
	return "Query(" + lit(k) + ", " + lit(v) + ")"
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

// wantPath is the expression of the path segments a method's request must
// arrive with, given each argument's expression.
func wantPath(m *methodPlan, arg func(i int) string) string {
	var parts []string
	next := 0
	segs := m.ep.Segments
	for i, seg := range segs {
		opens := i+1 < len(segs) && segs[i+1].Kind == model.SegItemPath
		colon := func(c string) string {
			if opens {
				return c + "+\":\""
			}
			return c
		}
		switch seg.Kind {
		case model.SegParam:
			if seg.Prefix != "" {
				parts = append(parts, colon(lit(seg.Prefix)+"+"+arg(next)))
			} else {
				parts = append(parts, colon(arg(next)))
			}
			next++
		case model.SegItemPath:
			parts = append(parts, "graphgenItemPath("+arg(next)+", "+strconv.FormatBool(i < len(segs)-1)+")")
			next++
		case model.SegFunction, model.SegKey:
			var exprs []string
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
				pre, post, _ := odatapath.Affixes(a)
				exprs = append(exprs, lit(cur+pre), "graphgenUnescape(odataLiteral("+arg(next)+"))")
				next++
				cur = post
			}
			exprs = append(exprs, lit(cur+")"))
			parts = append(parts, colon(strings.Join(exprs, "+")))
		default:
			parts = append(parts, colon(lit(seg.Name)))
		}
	}
	return "graphgenPath(" + strings.Join(parts, ", ") + ")"
}

// argLiteral is the Go literal of an argument value from an example URL.
func argLiteral(f *goFile, a argPlan, v string) (string, *litError) {
	switch a.gt.kind {
	case kString:
		return lit(v), nil
	case kEnum:
		return a.gt.t.name + "(" + lit(v) + ")", nil
	case kBool:
		b, err := strconv.ParseBool(v)
		if err != nil {
			return "", litErr("example-type-mismatch", "argument %s: expected a boolean, got %q", a.arg.Name, v)
		}
		return strconv.FormatBool(b), nil
	case kInt16, kInt32, kInt64:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return "", litErr("example-type-mismatch", "argument %s: expected an integer, got %q", a.arg.Name, v)
		}
		return strconv.FormatInt(n, 10), nil
	case kFloat:
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return "", litErr("example-type-mismatch", "argument %s: expected a number, got %q", a.arg.Name, v)
		}
		return strconv.FormatFloat(x, 'g', -1, 64), nil
	}
	e, err := (&gen{}).literal(f, a.gt, v, false)
	if err != nil {
		return "", err
	}
	return e[0], nil
}

// zeroArg is the value the escaping test passes for an argument: the odd id
// for a string, the zero value otherwise.
func zeroArg(f *goFile, a argPlan) string {
	switch a.gt.kind {
	case kString:
		return "id"
	case kEnum:
		return a.gt.t.name + "(id)"
	case kBool:
		return "false"
	case kTime:
		return f.q(timePkg) + ".Time{}"
	case kDate:
		return "Date{}"
	case kTimeOfDay:
		return "TimeOfDay{}"
	}
	return "0"
}

func (g *gen) exampleTest(f *goFile, op *opPlan, i int, ex model.Example) {
	page := op.op.Page
	req := ex.Request
	name := op.tests[i]
	n := strconv.Itoa(i + 1)
	at := func(pos model.Pos) string { return g.source(page.Path) + ":" + strconv.Itoa(pos.Line) }
	tParam := "t *" + f.q(testingPkg) + ".T"
	mark := len(f.imports)
	skip := func(pos model.Pos, code, reason string) {
		// Imports recorded while building what is now skipped go with it.
		f.imports = f.imports[:mark]
		g.diag(page.Path, api.At(page, pos), model.SevWarning, code, "example "+n+": "+reason+"; its generated test is skipped")
		f.docParas(name + " is generated from example " + n + " (" + at(pos) + ").")
		f.open("func ", name, "(t *", f.q(testingPkg), ".T) {")
		f.l("t.Skip(", lit(at(pos)+": "+reason), ")")
		f.close("}")
	}
	m, args, reason := g.matchExample(op, req)
	if m == nil {
		skip(req.Pos, "example-unmatched", reason)
		return
	}
	elems := []kv{{"Method", one(lit(m.ep.Method))}}
	call := f.q(contextPkg) + ".Background()"
	var argVals []string
	for j, a := range m.args {
		c, err := argLiteral(f, a, args[j])
		if err != nil {
			skip(req.Pos, err.code, err.msg)
			return
		}
		argVals = append(argVals, c)
		call += ", " + c
	}
	elems = append(elems, kv{"Path", one(wantPath(m, func(i int) string { return argVals[i] }))})
	// Body.
	reqText := exampleText(req.Body, req.BodyJSON)
	var bodyLit expr
	switch {
	case m.upload:
		ct := ""
		for _, h := range req.Headers {
			if strings.EqualFold(h.Name, "Content-Type") {
				ct = h.Value
			}
		}
		call += ", " + f.q(stringsPkg) + ".NewReader(" + lit(reqText) + "), " + lit(ct)
		elems = append(elems, kv{"Bytes", one(lit(reqText))})
		if ct != "" {
			elems = append(elems, kv{"ContentType", one(lit(ct))})
		}
	case m.body != nil:
		reqJSON, why := exampleBody(req.Body, req.BodyJSON)
		if why != "" {
			skip(req.Pos, "example-bad-json", "request "+why)
			return
		}
		if reqJSON == nil {
			if nilable(*m.body) {
				bodyLit = one("nil")
			} else {
				bodyLit = one("graphgenZero[" + f.typeOf(*m.body) + "]()")
			}
			break
		}
		v, err := decodeOrdered(reqJSON)
		if err != nil {
			skip(req.Pos, "example-bad-json", "request body is not valid JSON ("+err.Error()+")")
			return
		}
		c, lerr := g.literal(f, *m.body, v, true)
		if lerr != nil {
			skip(req.Pos, lerr.code, "request body: "+lerr.msg)
			return
		}
		bodyLit = c
		elems = append(elems, kv{"Body", one(lit(string(reqJSON)))})
	default:
		if reqJSON, _ := exampleBody(req.Body, req.BodyJSON); reqJSON != nil || strings.TrimSpace(reqText) != "" {
			skip(req.Pos, "example-unexpected-body", "the request has a body but the page documents none")
			return
		}
	}
	// Options: the example's query and headers.
	var opts []string
	if query := odatapath.ParseURL(req.URL).Query; query != "" {
		elems = append(elems, kv{"Query", one(lit(query))})
		for _, q := range parseQuery(query) {
			opts = append(opts, queryOption(q[0], q[1]))
		}
	}
	var hdrs []string
	for _, h := range req.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization", "content-length", "host", "content-type":
			continue
		}
		hdrs = append(hdrs, "{"+lit(h.Name)+", "+lit(h.Value)+"}")
		opts = append(opts, "Header("+lit(h.Name)+", "+lit(h.Value)+")")
	}
	if len(hdrs) > 0 {
		elems = append(elems, kv{"Headers", one("[][2]string{" + strings.Join(hdrs, ", ") + "}")})
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
		status, respHeaders = 200, nil
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
	elems = append(elems, kv{"Status", one(strconv.Itoa(status))})
	var rh []string
	loc := ""
	for _, h := range respHeaders {
		if strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		if strings.EqualFold(h.Name, "Location") {
			loc = h.Value
		}
		rh = append(rh, "{"+lit(h.Name)+", "+lit(h.Value)+"}")
	}
	if len(rh) > 0 {
		elems = append(elems, kv{"RespHeaders", one("[][2]string{" + strings.Join(rh, ", ") + "}")})
	}
	hasResp := respJSON != nil && status != 204
	if hasResp {
		elems = append(elems, kv{"Response", one(lit(string(respJSON)))})
	}
	if m.kind == callDownload {
		elems = append(elems, kv{"Download", one("true")})
	}

	f.docParas(name + " replays example " + n + " (" + at(req.Pos) + "): the request must match it on the wire, and the result must re-encode to the example's response.")
	f.open("func ", name, "(", tParam, ") {")
	f.stmt("ex := ", keyedLit("graphgenExchange", elems), "")
	f.l("c := graphgenServe(t, ex)")
	callPre := "c." + m.name + "(" + call
	var callExpr expr
	if bodyLit != nil {
		callExpr = wrapExpr(callPre+", ", bodyLit, "")
	} else {
		callExpr = one(callPre)
	}
	if len(opts) > 0 {
		callExpr = wrapExpr("", callExpr, ", "+strings.Join(opts, ", "))
	}
	callExpr = wrapExpr("", callExpr, ")")
	fatal := func() {
		f.open("if err != nil {")
		f.l("t.Fatal(err)")
		f.close("}")
	}
	switch {
	case m.kind == callList:
		f.stmt("graphgenCheckItems(t, ex.Response, ", callExpr, ")")
	case m.kind == callDownload:
		f.stmt("got, err := ", callExpr, "")
		fatal()
		f.l("graphgenCheckDownload(t, got)")
	case m.kind == callAccepted:
		f.stmt("got, err := ", callExpr, "")
		fatal()
		f.open("if got.Location != ", lit(loc), " {")
		f.l("t.Errorf(", lit("Location = %q, want %q"), ", got.Location, ", lit(loc), ")")
		f.close("}")
	case r == nil:
		f.stmt("if err := ", callExpr, "; err != nil {")
		f.depth++
		f.l("t.Fatal(err)")
		f.close("}")
	case !hasResp:
		f.stmt("_, err := ", callExpr, "")
		fatal()
	default:
		f.stmt("got, err := ", callExpr, "")
		fatal()
		if r.kind == kModel || r.kind == kIface || r.kind == kRaw {
			f.l("graphgenCheckResult(t, ex.Response, got)")
		} else {
			f.l("graphgenCheckScalar(t, ex.Response, got)")
		}
	}
	f.close("}")
}

// escapeTest writes a test that calls every method with odd path parameter
// values and checks each arrives as its segments.
func (g *gen) escapeTest(f *goFile, op *opPlan) {
	status := op.status
	if status < 200 || status > 299 {
		status = 200
	}
	f.docParas(op.escape + " calls every endpoint with path parameters holding / ? # % .. ' and spaces, and checks each reaches the server in its own segment (an item path: one segment per folder).")
	f.open("func ", op.escape, "(t *", f.q(testingPkg), ".T) {")
	f.open("for _, id := range graphgenOddIDs {")
	for _, m := range op.methods {
		if len(m.args) == 0 {
			continue
		}
		st, respBody := status, ""
		switch {
		case m.kind == callDownload:
			st = 200
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
		args := f.q(contextPkg) + ".Background()"
		var argVals []string
		for _, a := range m.args {
			v := zeroArg(f, a)
			argVals = append(argVals, v)
			args += ", " + v
		}
		switch {
		case m.upload:
			args += ", " + f.q(stringsPkg) + ".NewReader(\"\"), \"\""
		case m.body != nil && nilable(*m.body):
			args += ", nil"
		case m.body != nil:
			args += ", graphgenZero[" + f.typeOf(*m.body) + "]()"
		}
		callExpr := "c." + m.name + "(" + args + ")"
		report := "t.Errorf(" + lit(m.name+"(%q): %v") + ", id, err)"
		f.open("{")
		f.l("c := graphgenEscapeServer(t, ", wantPath(m, func(i int) string { return argVals[i] }), ", ", strconv.Itoa(st), ", ", lit(respBody), ")")
		switch {
		case m.kind == callList:
			f.open("for _, err := range ", callExpr, " {")
			f.open("if err != nil {")
			f.l(report)
			f.close("}")
			f.close("}")
		case m.kind == callDownload:
			f.open("if d, err := ", callExpr, "; err != nil {")
			f.l(report)
			f.reopen("} else {")
			f.l("d.Body.Close()")
			f.close("}")
		case m.result == nil && m.kind == callJSON:
			f.open("if err := ", callExpr, "; err != nil {")
			f.l(report)
			f.close("}")
		default:
			f.open("if _, err := ", callExpr, "; err != nil {")
			f.l(report)
			f.close("}")
		}
		f.close("}")
	}
	f.close("}")
	f.close("}")
}
