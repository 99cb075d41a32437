package emit

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
)

// oddIDs are the path parameter values of the generated escaping tests.
var oddIDs = []string{"a/b", "a?b=c", "a#b", "100%", "..", ".", "a b", "x/../y", "é/ü", "%2F", "it's"}

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
		g.exampleTest(f, op, i, ex)
	}
	if op.escape != "" {
		if n > 0 {
			f.Line()
		}
		n++
		g.escapeTest(f, op)
	}
	if n == 0 {
		f.Add(commentStmt("The page has no example and no path parameter: nothing to test."))
	}
	return g.renderFile(strings.TrimSuffix(op.file, ".go")+"_test.go", f)
}

// queryOption is the option that sends one example query parameter.
func queryOption(q api.QueryOption) *jen.Statement {
	list := func() []jen.Code {
		var parts []jen.Code
		for _, x := range q.List {
			parts = append(parts, jen.Lit(x))
		}
		return parts
	}
	switch q.Kind {
	case api.QuerySelect:
		return jen.Id("Select").Call(list()...)
	case api.QueryExpand:
		return jen.Id("Expand").Call(list()...)
	case api.QueryOrderBy:
		return jen.Id("OrderBy").Call(list()...)
	case api.QueryFilter:
		return jen.Id("Filter").Call(jen.Lit(q.Value))
	case api.QuerySearch:
		return jen.Id("Search").Call(jen.Lit(q.Value))
	case api.QueryTop:
		return jen.Id("Top").Call(jen.Lit(q.N))
	case api.QuerySkip:
		return jen.Id("Skip").Call(jen.Lit(q.N))
	case api.QueryCount:
		return jen.Id("Count").Call()
	}
	return jen.Id("Query").Call(jen.Lit(q.Name), jen.Lit(q.Value))
}

// wantPath is the expression of the path segments a method's request must
// arrive with, given each argument's expression.
func wantPath(m *methodPlan, args []jen.Code) *jen.Statement {
	var parts []jen.Code
	next := 0
	segs := m.ep.Segments
	for i, seg := range segs {
		opens := i+1 < len(segs) && segs[i+1].Kind == model.SegItemPath
		colon := func(c *jen.Statement) *jen.Statement {
			if opens {
				return c.Op("+").Lit(":")
			}
			return c
		}
		switch seg.Kind {
		case model.SegParam:
			if seg.Prefix != "" {
				parts = append(parts, colon(jen.Lit(seg.Prefix).Op("+").Add(args[next])))
			} else {
				parts = append(parts, colon(jen.Add(args[next])))
			}
			next++
		case model.SegItemPath:
			parts = append(parts, jen.Id("graphgenItemPath").Call(args[next], jen.Lit(i < len(segs)-1)))
			next++
		case model.SegFunction, model.SegKey:
			e := jen.Null()
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
				e.Lit(cur + pre).Op("+").Id("graphgenUnescape").Call(jen.Id("odataLiteral").Call(args[next])).Op("+")
				next++
				cur = post
			}
			parts = append(parts, colon(e.Lit(cur+")")))
		default:
			parts = append(parts, colon(jen.Lit(seg.Name)))
		}
	}
	return jen.Id("graphgenPath").Call(parts...)
}

// argLiteral is the Go literal of an argument value read from an example
// URL.
func (g *gen) argLiteral(a argPlan, v *api.Value) (*jen.Statement, bool) {
	switch a.gt.kind {
	case kString:
		return jen.Lit(v.Text), true
	case kEnum:
		return g.local(a.gt.t.name).Call(jen.Lit(v.Text)), true
	case kBool, kInt16, kInt32, kInt64, kFloat:
		return scalarLit(a.gt, v.Text)
	}
	return timeLiteral(a.gt, v.Text), true
}

// zeroArg is the value the escaping test passes for an argument: the odd id
// for a string, the zero value otherwise.
func (g *gen) zeroArg(a argPlan) *jen.Statement {
	switch a.gt.kind {
	case kString:
		return jen.Id("id")
	case kEnum:
		return g.local(a.gt.t.name).Call(jen.Id("id"))
	case kBool:
		return jen.False()
	case kTime:
		return jen.Qual(timePkg, "Time").Values()
	case kDate:
		return g.local("Date").Values()
	case kTimeOfDay:
		return g.local("TimeOfDay").Values()
	}
	return jen.Lit(0)
}

// testParam is a test function's parameter: t *testing.T.
func testParam() *jen.Statement { return jen.Id("t").Op("*").Qual(testingPkg, "T") }

// background is context.Background(), every call's first argument.
func background() *jen.Statement { return jen.Qual(contextPkg, "Background").Call() }

// headerPairs is a [][2]string literal of name, value pairs.
func headerPairs(hs []model.HeaderField) *jen.Statement {
	var pairs []jen.Code
	for _, h := range hs {
		pairs = append(pairs, jen.Values(jen.Lit(h.Name), jen.Lit(h.Value)))
	}
	return jen.Index().Index(jen.Lit(2)).String().Values(pairs...)
}

func (g *gen) exampleTest(f *jen.File, op *opPlan, i int, ex *api.Example) {
	page := op.op.Page
	name := op.tests[i]
	at := func(s api.Source) string { return g.source(page.Path) + ":" + strconv.Itoa(s.Line) }
	skip := func(pos api.Source, reason string) {
		doc(f.Group, name+" is generated from example "+strconv.Itoa(ex.N)+" ("+at(pos)+").")
		f.Func().Id(name).Params(testParam()).Block(jen.Id("t").Dot("Skip").Call(jen.Lit(at(pos) + ": " + reason)))
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
	elems := []jen.Code{keyVal("Method", jen.Lit(m.ep.Method))}
	callArgs := []jen.Code{background()}
	var argVals []jen.Code
	for j, a := range m.args {
		c, ok := g.argLiteral(a, req.Args[j])
		if !ok {
			skip(req.Doc, "graphgen cannot print the argument "+a.name+" "+strconv.Quote(req.Args[j].Text)+" (a bug of graphgen; please report it)")
			return
		}
		argVals = append(argVals, c)
		callArgs = append(callArgs, c)
	}
	elems = append(elems, keyVal("Path", wantPath(m, argVals)))
	switch {
	case m.upload:
		callArgs = append(callArgs, jen.Qual(stringsPkg, "NewReader").Call(jen.Lit(req.Bytes)), jen.Lit(req.ContentType))
		elems = append(elems, keyVal("Bytes", jen.Lit(req.Bytes)))
		if req.ContentType != "" {
			elems = append(elems, keyVal("ContentType", jen.Lit(req.ContentType)))
		}
	case m.ref != "":
		callArgs = append(callArgs, jen.Lit(req.Ref))
		elems = append(elems, keyVal("Body", jen.Lit(req.BodyText)))
	case m.body != nil && req.Body == nil:
		if nilable(*m.body) {
			callArgs = append(callArgs, jen.Nil())
		} else {
			callArgs = append(callArgs, jen.Id("graphgenZero").Types(g.typeCode(*m.body)).Call())
		}
	case m.body != nil:
		c, ok := g.literal(*m.body, req.Body, true)
		if !ok {
			skip(req.Doc, "graphgen cannot print the request body as "+typeText(*m.body)+" (a bug of graphgen; please report it)")
			return
		}
		callArgs = append(callArgs, c)
		elems = append(elems, keyVal("Body", jen.Lit(req.BodyText)))
	}
	// Options: the example's query and headers.
	if req.Query != "" {
		elems = append(elems, keyVal("Query", jen.Lit(req.Query)))
		for _, q := range req.Options {
			callArgs = append(callArgs, queryOption(q))
		}
	}
	for _, h := range req.Headers {
		callArgs = append(callArgs, jen.Id("Header").Call(jen.Lit(h.Name), jen.Lit(h.Value)))
	}
	if len(req.Headers) > 0 {
		elems = append(elems, keyVal("Headers", headerPairs(req.Headers)))
	}
	// Response.
	elems = append(elems, keyVal("Status", jen.Lit(resp.Status)))
	loc := ""
	for _, h := range resp.Headers {
		if strings.EqualFold(h.Name, "Location") {
			loc = h.Value
		}
	}
	if len(resp.Headers) > 0 {
		elems = append(elems, keyVal("RespHeaders", headerPairs(resp.Headers)))
	}
	hasResp := resp.BodyText != ""
	if hasResp {
		elems = append(elems, keyVal("Response", jen.Lit(resp.BodyText)))
	}
	if m.kind == callDownload {
		elems = append(elems, keyVal("Download", jen.True()))
	}

	doc(f.Group, name+" replays example "+strconv.Itoa(ex.N)+" ("+at(req.Doc)+"): the request must match it on the wire, and the result must re-encode to the example's response.")
	call := func() *jen.Statement { return jen.Id("c").Dot(m.name).Call(callArgs...) }
	fatal := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
	got := func() *jen.Statement { return jen.List(jen.Id("got"), jen.Err()).Op(":=").Add(call()) }
	f.Func().Id(name).Params(testParam()).BlockFunc(func(b *jen.Group) {
		b.Id("ex").Op(":=").Add(keyed(jen.Id("graphgenExchange"), elems...))
		b.Id("c").Op(":=").Id("graphgenServe").Call(jen.Id("t"), jen.Id("ex"))
		r := m.result
		switch {
		case m.kind == callList:
			b.Id("graphgenCheckItems").Call(jen.Id("t"), jen.Id("ex").Dot("Response"), call())
		case m.kind == callDownload:
			b.Add(got())
			b.Add(fatal)
			b.Id("graphgenCheckDownload").Call(jen.Id("t"), jen.Id("got"))
		case m.kind == callAccepted:
			b.Add(got())
			b.Add(fatal)
			b.If(jen.Id("got").Dot("Location").Op("!=").Lit(loc)).Block(
				jen.Id("t").Dot("Errorf").Call(jen.Lit("Location = %q, want %q"), jen.Id("got").Dot("Location"), jen.Lit(loc)))
		case r == nil:
			b.If(jen.Err().Op(":=").Add(call()), jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err()))
		case !hasResp:
			b.List(jen.Id("_"), jen.Err()).Op(":=").Add(call())
			b.Add(fatal)
		default:
			b.Add(got())
			b.Add(fatal)
			check := "graphgenCheckScalar"
			if r.kind == kModel || r.kind == kIface || r.kind == kRaw {
				check = "graphgenCheckResult"
			}
			b.Id(check).Call(jen.Id("t"), jen.Id("ex").Dot("Response"), jen.Id("got"))
		}
	})
}

// typeText is gt as Go source, for a message.
func typeText(gt goType) string {
	s := ""
	if gt.coll {
		s = "[]"
	}
	switch gt.kind {
	case kString:
		return s + "string"
	case kBool:
		return s + "bool"
	case kInt16, kInt32, kInt64:
		return s + map[kind]string{kInt16: "int16", kInt32: "int32", kInt64: "int64"}[gt.kind]
	case kFloat:
		return s + "float64"
	case kTime:
		return s + "time.Time"
	case kDate:
		return s + "Date"
	case kTimeOfDay:
		return s + "TimeOfDay"
	case kEnum:
		return s + gt.t.name
	case kModel:
		if gt.ptr {
			return s + "*" + gt.t.name
		}
		return s + gt.t.name
	case kIface:
		return s + gt.t.iface
	}
	return s + "json.RawMessage"
}

// escapeTest writes a test that calls every method with odd path parameter
// values and checks each arrives as its segments.
func (g *gen) escapeTest(f *jen.File, op *opPlan) {
	status := op.status
	if status < 200 || status > 299 {
		status = 200
	}
	var blocks []jen.Code
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
		args := []jen.Code{background()}
		var argVals []jen.Code
		for _, a := range m.args {
			v := g.zeroArg(a)
			argVals = append(argVals, v)
			args = append(args, v)
		}
		switch {
		case m.upload:
			args = append(args, jen.Qual(stringsPkg, "NewReader").Call(jen.Lit("")), jen.Lit(""))
		case m.ref != "":
			args = append(args, jen.Lit(g.refExample()))
		case m.body != nil && nilable(*m.body):
			args = append(args, jen.Nil())
		case m.body != nil:
			args = append(args, jen.Id("graphgenZero").Types(g.typeCode(*m.body)).Call())
		}
		call := jen.Id("c").Dot(m.name).Call(args...)
		report := jen.Id("t").Dot("Errorf").Call(jen.Lit(m.name+"(%q): %v"), jen.Id("id"), jen.Err())
		var check *jen.Statement
		switch {
		case m.kind == callList:
			check = jen.For(jen.List(jen.Id("_"), jen.Err()).Op(":=").Range().Add(call)).Block(
				jen.If(jen.Err().Op("!=").Nil()).Block(report))
		case m.kind == callDownload:
			check = jen.If(jen.List(jen.Id("d"), jen.Err()).Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(report).
				Else().Block(jen.Id("d").Dot("Body").Dot("Close").Call())
		case m.result == nil && m.kind == callJSON:
			check = jen.If(jen.Err().Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(report)
		default:
			check = jen.If(jen.List(jen.Id("_"), jen.Err()).Op(":=").Add(call), jen.Err().Op("!=").Nil()).Block(report)
		}
		blocks = append(blocks, jen.Block(
			jen.Id("c").Op(":=").Id("graphgenEscapeServer").Call(jen.Id("t"), wantPath(m, argVals), jen.Lit(st), jen.Lit(respBody)),
			check,
		))
	}
	doc(f.Group, op.escape+" calls every endpoint with path parameters holding / ? # % .. ' and spaces, and checks each reaches the server in its own segment (an item path: one segment per folder).")
	f.Func().Id(op.escape).Params(testParam()).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("id")).Op(":=").Range().Id("graphgenOddIDs")).Block(blocks...),
	)
}
