package emit

import (
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
)

// oddIDs are the path parameter values of the generated escaping tests.
var oddIDs = []string{"a/b", "a?b=c", "a#b", "100%", "..", ".", "a b", "x/../y", "é/ü", "%2F", "it's"}

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

// queryOption is the option that sends one example query parameter.
func queryOption(q api.QueryOption) string {
	list := func() string {
		var parts []string
		for _, x := range q.List {
			parts = append(parts, lit(x))
		}
		return strings.Join(parts, ", ")
	}
	switch q.Kind {
	case api.QuerySelect:
		return "Select(" + list() + ")"
	case api.QueryExpand:
		return "Expand(" + list() + ")"
	case api.QueryOrderBy:
		return "OrderBy(" + list() + ")"
	case api.QueryFilter:
		return "Filter(" + lit(q.Value) + ")"
	case api.QuerySearch:
		return "Search(" + lit(q.Value) + ")"
	case api.QueryTop:
		return "Top(" + strconv.Itoa(q.N) + ")"
	case api.QuerySkip:
		return "Skip(" + strconv.Itoa(q.N) + ")"
	case api.QueryCount:
		return "Count()"
	}
	return "Query(" + lit(q.Name) + ", " + lit(q.Value) + ")"
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

// argLiteral is the Go literal of an argument value read from an example
// URL.
func argLiteral(a argPlan, v *api.Value) string {
	switch a.gt.kind {
	case kString:
		return lit(v.Text)
	case kEnum:
		return a.gt.t.name + "(" + lit(v.Text) + ")"
	case kBool, kInt16, kInt32, kInt64, kFloat:
		return v.Text
	}
	return timeLiteral(a.gt, v.Text)
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

func (g *gen) exampleTest(f *goFile, op *opPlan, i int, ex *api.Example) {
	page := op.op.Page
	name := op.tests[i]
	at := func(s api.Source) string { return g.source(page.Path) + ":" + strconv.Itoa(s.Line) }
	tParam := "t *" + f.q(testingPkg) + ".T"
	mark := len(f.imports)
	skip := func(pos api.Source, reason string) {
		// Imports recorded while building what is now skipped go with it.
		f.imports = f.imports[:mark]
		f.docParas(name + " is generated from example " + strconv.Itoa(ex.N) + " (" + at(pos) + ").")
		f.open("func ", name, "(t *", f.q(testingPkg), ".T) {")
		f.l("t.Skip(", lit(at(pos)+": "+reason), ")")
		f.close("}")
	}
	if ex.Skip != nil {
		skip(ex.Skip.At, ex.Skip.Reason)
		return
	}
	req, resp := ex.Request, ex.Response
	m := g.byKey[ex.Endpoint.Key]
	if m == nil {
		skip(req.Doc, "the example's endpoint "+ex.Endpoint.Method+" "+ex.Endpoint.Path+" has no method (see its method-name-collision)")
		return
	}
	if len(req.Args) != len(m.args) || m.ep != ex.Endpoint.Primary {
		skip(req.Doc, "graphgen linked the example to another endpoint than "+m.name+"'s (a bug of graphgen; please report it)")
		return
	}
	elems := []kv{{"Method", one(lit(m.ep.Method))}}
	call := "c." + m.name + "(" + f.q(contextPkg) + ".Background()"
	var argVals []string
	for j, a := range m.args {
		c := argLiteral(a, req.Args[j])
		argVals = append(argVals, c)
		call += ", " + c
	}
	elems = append(elems, kv{"Path", one(wantPath(m, func(i int) string { return argVals[i] }))})
	var bodyLit expr
	switch {
	case m.upload:
		call += ", " + f.q(stringsPkg) + ".NewReader(" + lit(req.Bytes) + "), " + lit(req.ContentType)
		elems = append(elems, kv{"Bytes", one(lit(req.Bytes))})
		if req.ContentType != "" {
			elems = append(elems, kv{"ContentType", one(lit(req.ContentType))})
		}
	case m.body != nil && req.Body == nil:
		if nilable(*m.body) {
			bodyLit = one("nil")
		} else {
			bodyLit = one("graphgenZero[" + f.typeOf(*m.body) + "]()")
		}
	case m.body != nil:
		c, ok := g.literal(f, *m.body, req.Body, true)
		if !ok {
			skip(req.Doc, "graphgen cannot print the request body as "+f.typeOf(*m.body)+" (a bug of graphgen; please report it)")
			return
		}
		bodyLit = c
		elems = append(elems, kv{"Body", one(lit(req.BodyText))})
	}
	// Options: the example's query and headers.
	var opts []string
	if req.Query != "" {
		elems = append(elems, kv{"Query", one(lit(req.Query))})
		for _, q := range req.Options {
			opts = append(opts, queryOption(q))
		}
	}
	var hdrs []string
	for _, h := range req.Headers {
		hdrs = append(hdrs, "{"+lit(h.Name)+", "+lit(h.Value)+"}")
		opts = append(opts, "Header("+lit(h.Name)+", "+lit(h.Value)+")")
	}
	if len(hdrs) > 0 {
		elems = append(elems, kv{"Headers", one("[][2]string{" + strings.Join(hdrs, ", ") + "}")})
	}
	// Response.
	elems = append(elems, kv{"Status", one(strconv.Itoa(resp.Status))})
	var rh []string
	loc := ""
	for _, h := range resp.Headers {
		if strings.EqualFold(h.Name, "Location") {
			loc = h.Value
		}
		rh = append(rh, "{"+lit(h.Name)+", "+lit(h.Value)+"}")
	}
	if len(rh) > 0 {
		elems = append(elems, kv{"RespHeaders", one("[][2]string{" + strings.Join(rh, ", ") + "}")})
	}
	hasResp := resp.BodyText != ""
	if hasResp {
		elems = append(elems, kv{"Response", one(lit(resp.BodyText))})
	}
	if m.kind == callDownload {
		elems = append(elems, kv{"Download", one("true")})
	}

	f.docParas(name + " replays example " + strconv.Itoa(ex.N) + " (" + at(req.Doc) + "): the request must match it on the wire, and the result must re-encode to the example's response.")
	f.open("func ", name, "(", tParam, ") {")
	f.stmt("ex := ", keyedLit("graphgenExchange", elems), "")
	f.l("c := graphgenServe(t, ex)")
	callExpr := one(call)
	if bodyLit != nil {
		callExpr = wrapExpr(call+", ", bodyLit, "")
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
	r := m.result
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
