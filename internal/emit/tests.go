package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/model"
)

const (
	testingPkg  = "testing"
	httptestPkg = "net/http/httptest"
	httpPkg     = "net/http"
	cmpPkg      = "github.com/google/go-cmp/cmp"
)

// oddIDs are the path parameter values of the generated escaping tests.
var oddIDs = []string{"a/b", "a?b=c", "a#b", "100%", "..", ".", "a b", "x/../y", "é/ü", "%2F"}

// segmentExprs returns, per segment of m, the Go expression of the
// segment's unescaped text, with arg(i) for the i-th argument.
func segmentExprs(m *methodInfo, arg func(i int) string) []string {
	var out []string
	used := map[int]bool{}
	argOf := func(param string) string {
		for i, a := range m.args {
			if a.param == param && !used[i] {
				used[i] = true
				return arg(i)
			}
		}
		return `""`
	}
	for _, seg := range m.ep.Segments {
		switch seg.Kind {
		case model.SegParam:
			out = append(out, argOf(seg.Name))
		case model.SegFunction, model.SegKey:
			var parts []string
			cur := seg.Name + "("
			for i, a := range seg.Args {
				if i > 0 {
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
				cur += pre
				parts = append(parts, lit(cur))
				cur = ""
				parts = append(parts, argOf(a.Param))
				cur += post
			}
			cur += ")"
			parts = append(parts, lit(cur))
			out = append(out, strings.Join(parts, " + "))
		default:
			out = append(out, lit(seg.Name))
		}
	}
	return out
}

// matchExample finds the method an example request calls, and the
// argument values in its URL.
func matchExample(op *opInfo, req *model.ExampleRequest) (*methodInfo, []string, string) {
	u := req.URL
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = "/"
		}
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	segs := strings.Split(strings.Trim(u, "/"), "/")
	if len(segs) > 0 && (segs[0] == "v1.0" || segs[0] == "beta") {
		segs = segs[1:]
	}
	for _, m := range op.methods {
		if !strings.EqualFold(m.ep.Method, req.Method) || len(m.ep.Segments) != len(segs) {
			continue
		}
		var args []string
		ok := true
		for i, seg := range m.ep.Segments {
			s := segs[i]
			if us, err := url.PathUnescape(s); err == nil {
				s = us
			}
			switch seg.Kind {
			case model.SegParam:
				args = append(args, s)
			case model.SegFunction, model.SegKey:
				hasParam := false
				for _, a := range seg.Args {
					hasParam = hasParam || a.Param != ""
				}
				if hasParam || !strings.HasPrefix(strings.ToLower(s), strings.ToLower(seg.Name)+"(") {
					ok = false
				}
			default:
				if !strings.EqualFold(seg.Name, s) {
					ok = false
				}
			}
			if !ok {
				break
			}
		}
		if ok {
			return m, args, ""
		}
	}
	return nil, nil, "the example's " + req.Method + " " + req.URL + " matches none of the page's endpoints"
}

// exampleBody returns the example body as JSON, or a reason it is not.
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

// testFile writes an operation's generated tests: one per example, and
// one for path escaping.
func (g *gen) testFile(op *opInfo) error {
	d := op.doc
	f := g.newGoFile(g.source(d))
	for i, ex := range d.Examples {
		if ex.Request == nil {
			continue
		}
		g.exampleTest(f, op, i+1, ex)
	}
	g.escapeTest(f, op)
	data := f.finish()
	if f.reformat {
		var err error
		if data, err = formatSource(string(data)); err != nil {
			return fmt.Errorf("emit: formatting %s: %w", op.file, err)
		}
	}
	g.putFile(strings.TrimSuffix(op.file, ".go")+"_test.go", data)
	return nil
}

func (g *gen) exampleTest(f *goFile, op *opInfo, n int, ex model.Example) {
	d := op.doc
	req := ex.Request
	name := op.exampleTests[n]
	at := func(pos model.Pos) string { return g.source(d) + ":" + strconv.Itoa(pos.Line) }
	testing := func() string { return "t *" + f.q(testingPkg) + ".T" }
	// Imports recorded while building literals for a test that ends up
	// skipped are dropped with it.
	mark := len(f.imports)
	skip := func(pos model.Pos, code, reason string) {
		f.imports = f.imports[:mark]
		g.diag(d, pos, model.SevWarning, code, "example "+strconv.Itoa(n)+": "+reason+"; its generated test is skipped")
		f.doc(name + " is generated from example " + strconv.Itoa(n) + " (" + sanitizeComment(at(pos)) + ").")
		f.open("func ", name, "(", testing(), ") {")
		f.l("t.Skip(", lit(at(pos)+": "+reason), ")")
		f.close("}")
		f.blank()
	}
	m, args, reason := matchExample(op, req)
	if m == nil {
		skip(req.Pos, "example-unmatched", reason)
		return
	}
	// Request body.
	reqJSON, why := exampleBody(req.Body, req.BodyJSON)
	if why != "" {
		skip(req.Pos, "example-bad-json", "request "+why)
		return
	}
	var bodyLit expr
	if op.body != nil {
		if reqJSON == nil {
			bodyLit = one("nil")
			if !op.body.coll && op.body.kind != kRaw && op.body.kind != kModel && op.body.kind != kIface {
				bodyLit = one(g.zeroLit(f, *op.body))
			}
		} else {
			v, err := decodeOrdered(reqJSON)
			if err != nil {
				skip(req.Pos, "example-bad-json", "request body is not valid JSON ("+err.Error()+")")
				return
			}
			lit, lerr := g.literal(f, *op.body, v, true)
			if lerr != nil {
				skip(req.Pos, lerr.code, "request body: "+lerr.msg)
				return
			}
			bodyLit = lit
		}
	} else if reqJSON != nil {
		skip(req.Pos, "example-unexpected-body", "the request has a body but the page documents none")
		return
	}
	// Response.
	resp := ex.Response
	status := op.statusOr200()
	var respJSON json.RawMessage
	var headers []model.HeaderField
	if resp != nil {
		if resp.Status != 0 {
			status = resp.Status
		}
		headers = resp.Headers
		respJSON, why = exampleBody(resp.Body, resp.BodyJSON)
		if why != "" {
			skip(resp.Pos, "example-bad-json", "response "+why)
			return
		}
	}
	if status < 200 || status > 299 {
		skip(req.Pos, "example-not-success", "the example response has status "+strconv.Itoa(status))
		return
	}
	if r := op.resp; r != nil && respJSON == nil && op.statusOr200() != 204 && r.kind != kRaw && resp != nil {
		skip(resp.Pos, "example-missing-body", "the page returns "+typeNoun(*r)+" with status "+strconv.Itoa(op.statusOr200())+", but the example response (status "+strconv.Itoa(status)+") has no body")
		return
	}
	if op.resp != nil && respJSON != nil && status != 204 {
		if lerr := g.checkResponse(*op.resp, respJSON); lerr != nil {
			skip(resp.Pos, lerr.code, "response body: "+lerr.msg)
			return
		}
	}
	// Handler.
	reqBodyStr := ""
	if reqJSON != nil {
		reqBodyStr = string(reqJSON)
	}
	f.doc(name+" replays example "+strconv.Itoa(n)+" ("+sanitizeComment(at(req.Pos))+"): the request the client",
		"sends must match it, and the decoded response must re-encode to the example's.")
	f.open("func ", name, "(", testing(), ") {")
	f.l("wantPath := []string{", strings.Join(segmentExprs(m, func(i int) string { return lit(args[i]) }), ", "), "}")
	f.l("reqBody := ", lit(reqBodyStr))
	f.l("respBody := ", lit(string(respJSON)))
	if respJSON == nil || status == 204 {
		// The handler writes no body, so nothing else reads respBody.
		f.l("_ = respBody")
	}
	http := f.q(httpPkg)
	f.open("srv := ", f.q(httptestPkg), ".NewServer(", http, ".HandlerFunc(func(w ", http, ".ResponseWriter, r *", http, ".Request) {")
	f.l("graphgenCheckRequest(t, r, ", lit(m.ep.Method), ", wantPath, reqBody)")
	hasCT := false
	for _, h := range headers {
		if strings.EqualFold(h.Name, "Content-Length") {
			continue
		}
		if strings.EqualFold(h.Name, "Content-Type") {
			hasCT = true
		}
		f.l("w.Header().Add(", lit(h.Name), ", ", lit(h.Value), ")")
	}
	if !hasCT && respJSON != nil {
		f.l(`w.Header().Set("Content-Type", "application/json")`)
	}
	f.l("w.WriteHeader(", strconv.Itoa(status), ")")
	if respJSON != nil && status != 204 {
		f.l(f.q("io"), ".WriteString(w, respBody)")
	}
	f.close("}))")
	f.l("defer srv.Close()")
	f.l("c := graphgenTestClient(srv.URL)")
	// Call.
	callArgs := f.q("context") + ".Background()"
	for _, a := range args {
		callArgs += ", " + lit(a)
	}
	results := "err"
	if op.resp != nil {
		results = "got, err"
	}
	if op.body != nil {
		f.stmt(results+" := c."+m.name+"("+callArgs+", ", bodyLit, ")")
	} else {
		f.l(results, " := c.", m.name, "(", callArgs, ")")
	}
	f.open("if err != nil {")
	f.l("t.Fatal(err)")
	f.close("}")
	if op.resp != nil && respJSON != nil && status != 204 {
		r := *op.resp
		switch {
		case r.coll && (r.kind == kModel || r.kind == kIface):
			f.l("var encs []", f.q(jsonPkg), ".RawMessage")
			f.open("for _, e := range got {")
			f.l("b, err := e.appendJSON(nil, true, false)")
			f.open("if err != nil {")
			f.l("t.Fatal(err)")
			f.close("}")
			f.l("encs = append(encs, b)")
			f.close("}")
			f.l("graphgenCheckValues(t, encs, respBody)")
		case !r.coll && (r.kind == kModel || r.kind == kIface):
			f.l("enc, err := got.appendJSON(nil, true, false)")
			f.open("if err != nil {")
			f.l("t.Fatal(err)")
			f.close("}")
			f.l(`graphgenCheckJSON(t, "response re-encoded", respBody, enc)`)
		default:
			f.l("_ = got")
		}
	} else if op.resp != nil {
		f.l("_ = got")
	}
	f.close("}")
	f.blank()
}

// testBase is the stem of an operation's test names: its first method's
// name, which is unique.
func (op *opInfo) testBase() string {
	if len(op.methods) > 0 {
		return op.methods[0].name
	}
	return op.base
}

// zeroLit is the zero value of a scalar body type.
func (g *gen) zeroLit(f *goFile, gt goType) string {
	switch gt.kind {
	case kString:
		return `""`
	case kEnum:
		return f.elemType(gt) + `("")`
	case kBool:
		return "false"
	}
	return "0"
}

// escapeTest writes a test that calls every method with odd path
// parameter values and checks that each arrives as one segment.
func (g *gen) escapeTest(f *goFile, op *opInfo) {
	respBody := ""
	status := op.statusOr200()
	if status < 200 || status > 299 {
		// A documented redirect (a download's 302) or error status: the
		// client follows or reports it; this test only checks the path.
		status = 200
	}
	if r := op.resp; r != nil {
		switch {
		case r.coll:
			respBody = `{"value":[]}`
		case r.kind == kModel || r.kind == kIface:
			respBody = `{}`
		default:
			respBody = `null`
		}
	}
	if status == 204 {
		respBody = ""
	}
	var ms []*methodInfo
	for _, m := range op.methods {
		if len(m.args) > 0 {
			ms = append(ms, m)
		}
	}
	if len(ms) == 0 {
		return
	}
	name := op.escapeTest
	f.doc(name+" calls every endpoint with path parameters holding / ? # % .. and",
		"spaces, and checks each reaches the server as exactly one segment.")
	f.open("func ", name, "(t *", f.q(testingPkg), ".T) {")
	f.open("for _, id := range graphgenOddIDs {")
	for _, m := range ms {
		args := f.q("context") + ".Background()"
		for range m.args {
			args += ", id"
		}
		if op.body != nil {
			if !op.body.coll && op.body.kind != kRaw && op.body.kind != kModel && op.body.kind != kIface {
				args += ", " + g.zeroLit(f, *op.body)
			} else {
				args += ", nil"
			}
		}
		res := "err"
		if op.resp != nil {
			res = "_, err"
		}
		f.open("{")
		f.l("c, done := graphgenEscapeServer(t, []string{", strings.Join(segmentExprs(m, func(int) string { return "id" }), ", "), "}, ", strconv.Itoa(status), ", ", lit(respBody), ")")
		f.l(res, " := c.", m.name, "(", args, ")")
		f.l("done()")
		f.open("if err != nil {")
		f.l("t.Errorf(", lit(m.name+"(%q): %v"), ", id, err)")
		f.close("}")
		f.close("}")
	}
	f.close("}")
	f.close("}")
}

// helpersTestFile renders the helpers the generated tests share.
func (g *gen) helpersTestFile() error {
	f := g.newFile("graphgen (internal/emit)")
	t := func() jen.Code { return jen.Id("t").Op("*").Qual(testingPkg, "T") }
	var ids []jen.Code
	for _, s := range oddIDs {
		ids = append(ids, jen.Lit(s))
	}
	f.Comment("graphgenOddIDs are path parameter values that must each stay one path segment.")
	f.Var().Id("graphgenOddIDs").Op("=").Index().String().Values(ids...)
	f.Line()
	f.Comment("graphgenTestClient returns a client for a test server, with a fixed token and no retries.")
	f.Func().Id("graphgenTestClient").Params(jen.Id("u").String()).Op("*").Id("Client").Block(
		jen.Return(jen.Id("NewClient").Call(
			jen.Id("WithBaseURL").Call(jen.Id("u")),
			jen.Id("WithRetry").Call(jen.Lit(0), jen.Lit(0)),
			jen.Id("WithTokenProvider").Call(jen.Func().Params(jen.Qual("context", "Context")).Params(jen.String(), jen.Error()).Block(
				jen.Return(jen.Lit("graphgen-test-token"), jen.Nil()),
			)),
		)),
	)
	f.Line()
	f.Comment("graphgenCheckPath checks that r's escaped path has exactly the segments want, once unescaped.")
	f.Func().Id("graphgenCheckPath").Params(t(), jen.Id("r").Op("*").Qual(httpPkg, "Request"), jen.Id("want").Index().String()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Id("esc").Op(":=").Id("r").Dot("URL").Dot("EscapedPath").Call(),
		jen.Var().Id("got").Index().String(),
		jen.For(jen.List(jen.Id("_"), jen.Id("p")).Op(":=").Range().Qual("strings", "Split").Call(jen.Qual("strings", "TrimPrefix").Call(jen.Id("esc"), jen.Lit("/")), jen.Lit("/"))).Block(
			jen.List(jen.Id("u"), jen.Err()).Op(":=").Qual("net/url", "PathUnescape").Call(jen.Id("p")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit("path %s: %v"), jen.Id("esc"), jen.Err())),
			jen.Id("got").Op("=").Append(jen.Id("got"), jen.Id("u")),
		),
		jen.If(jen.Id("d").Op(":=").Qual(cmpPkg, "Diff").Call(jen.Id("want"), jen.Id("got")), jen.Id("d").Op("!=").Lit("")).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("path %s: segments differ (-want +got):\n%s"), jen.Id("esc"), jen.Id("d")),
		),
	)
	f.Line()
	f.Comment("graphgenCheckRequest checks a request's method, path, token and JSON body (\"\" for none).")
	f.Func().Id("graphgenCheckRequest").Params(t(), jen.Id("r").Op("*").Qual(httpPkg, "Request"), jen.Id("method").String(), jen.Id("path").Index().String(), jen.Id("body").String()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.If(jen.Id("r").Dot("Method").Op("!=").Id("method")).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit("method = %q, want %q"), jen.Id("r").Dot("Method"), jen.Id("method"))),
		jen.Id("graphgenCheckPath").Call(jen.Id("t"), jen.Id("r"), jen.Id("path")),
		jen.If(jen.Id("got").Op(":=").Id("r").Dot("Header").Dot("Get").Call(jen.Lit("Authorization")), jen.Id("got").Op("!=").Lit("Bearer graphgen-test-token")).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("Authorization = %q, want the test token"), jen.Id("got")),
		),
		jen.List(jen.Id("data"), jen.Err()).Op(":=").Qual("io", "ReadAll").Call(jen.Id("r").Dot("Body")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit("reading body: %v"), jen.Err())),
		jen.If(jen.Id("body").Op("==").Lit("")).Block(
			jen.If(jen.Len(jen.Id("data")).Op("!=").Lit(0)).Block(jen.Id("t").Dot("Errorf").Call(jen.Lit("unexpected request body %s"), jen.Id("data"))),
			jen.Return(),
		),
		jen.If(jen.Id("ct").Op(":=").Id("r").Dot("Header").Dot("Get").Call(jen.Lit("Content-Type")), jen.Op("!").Qual("strings", "HasPrefix").Call(jen.Id("ct"), jen.Lit("application/json"))).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("Content-Type = %q, want application/json"), jen.Id("ct")),
		),
		jen.Id("graphgenCheckJSON").Call(jen.Id("t"), jen.Lit("request body"), jen.Id("body"), jen.Id("data")),
	)
	f.Line()
	f.Comment("graphgenCheckJSON compares two JSON documents once decoded.")
	f.Func().Id("graphgenCheckJSON").Params(t(), jen.Id("what"), jen.Id("want").String(), jen.Id("got").Index().Byte()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Var().Id("w").Op(",").Id("g").Any(),
		jen.If(jen.Err().Op(":=").Qual(jsonPkg, "Unmarshal").Call(jen.Index().Byte().Call(jen.Id("want")), jen.Op("&").Id("w")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("%s: example: %v"), jen.Id("what"), jen.Err())),
		jen.If(jen.Err().Op(":=").Qual(jsonPkg, "Unmarshal").Call(jen.Id("got"), jen.Op("&").Id("g")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%s: %v in %s"), jen.Id("what"), jen.Err(), jen.Id("got")),
			jen.Return(),
		),
		jen.If(jen.Id("d").Op(":=").Qual(cmpPkg, "Diff").Call(jen.Id("w"), jen.Id("g")), jen.Id("d").Op("!=").Lit("")).Block(
			jen.Id("t").Dot("Errorf").Call(jen.Lit("%s differs (-want +got):\n%s"), jen.Id("what"), jen.Id("d")),
		),
	)
	f.Line()
	f.Comment("graphgenCheckValues compares re-encoded collection items with the example's \"value\" array.")
	f.Func().Id("graphgenCheckValues").Params(t(), jen.Id("got").Index().Qual(jsonPkg, "RawMessage"), jen.Id("want").String()).Block(
		jen.Id("t").Dot("Helper").Call(),
		jen.Var().Id("w").Struct(jen.Id("Value").Qual(jsonPkg, "RawMessage").Tag(map[string]string{"json": "value"})),
		jen.If(jen.Err().Op(":=").Qual(jsonPkg, "Unmarshal").Call(jen.Index().Byte().Call(jen.Id("want")), jen.Op("&").Id("w")), jen.Err().Op("!=").Nil()).Block(
			jen.Id("t").Dot("Fatalf").Call(jen.Lit("example: %v"), jen.Err())),
		jen.If(jen.Id("got").Op("==").Nil()).Block(jen.Id("got").Op("=").Index().Qual(jsonPkg, "RawMessage").Values()),
		jen.List(jen.Id("enc"), jen.Err()).Op(":=").Qual(jsonPkg, "Marshal").Call(jen.Id("got")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Id("t").Dot("Fatal").Call(jen.Err())),
		jen.Id("graphgenCheckJSON").Call(jen.Id("t"), jen.Lit("response values re-encoded"), jen.String().Call(jen.Id("w").Dot("Value")), jen.Id("enc")),
	)
	f.Line()
	f.Comment("graphgenEscapeServer starts a server that checks the path segments and answers with status and body.")
	f.Func().Id("graphgenEscapeServer").Params(t(), jen.Id("want").Index().String(), jen.Id("status").Int(), jen.Id("body").String()).Params(jen.Op("*").Id("Client"), jen.Func().Params()).Block(
		jen.Id("srv").Op(":=").Qual(httptestPkg, "NewServer").Call(jen.Qual(httpPkg, "HandlerFunc").Call(
			jen.Func().Params(jen.Id("w").Qual(httpPkg, "ResponseWriter"), jen.Id("r").Op("*").Qual(httpPkg, "Request")).Block(
				jen.Id("graphgenCheckPath").Call(jen.Id("t"), jen.Id("r"), jen.Id("want")),
				jen.If(jen.Id("body").Op("!=").Lit("")).Block(jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Content-Type"), jen.Lit("application/json"))),
				jen.Id("w").Dot("WriteHeader").Call(jen.Id("status")),
				jen.Qual("io", "WriteString").Call(jen.Id("w"), jen.Id("body")),
			),
		)),
		jen.Return(jen.Id("graphgenTestClient").Call(jen.Id("srv").Dot("URL")), jen.Id("srv").Dot("Close")),
	)
	return g.render("graphgen_helpers_test.go", f)
}

// litError is why an example value cannot become a Go literal.
type litError struct{ code, msg string }

func litErr(code, format string, args ...any) *litError {
	return &litError{code: code, msg: fmt.Sprintf(format, args...)}
}

// obj is a JSON object with its keys in document order.
type obj struct {
	keys []string
	vals map[string]any
}

// decodeOrdered decodes JSON keeping object key order and numbers as
// json.Number. Valid JSON is read by a small scanner; anything else goes
// through encoding/json for its error message.
func decodeOrdered(data []byte) (any, error) {
	if !json.Valid(data) {
		return decodeOrderedSlow(data)
	}
	sc := jsonScanner{data: data}
	return sc.value(), nil
}

// jsonScanner reads values out of valid JSON (json.Valid checked it), as
// decodeOrderedSlow would: *obj (later duplicates win, first position
// kept), []any (never nil), string, json.Number, bool, nil.
type jsonScanner struct {
	data []byte
	i    int
}

func (s *jsonScanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *jsonScanner) value() any {
	s.ws()
	switch c := s.data[s.i]; c {
	case '{':
		s.i++
		o := &obj{vals: map[string]any{}}
		for {
			s.ws()
			if s.data[s.i] == '}' {
				s.i++
				return o
			}
			if s.data[s.i] == ',' {
				s.i++
				s.ws()
			}
			k := s.str()
			s.ws()
			s.i++ // ':'
			v := s.value()
			if _, dup := o.vals[k]; !dup {
				o.keys = append(o.keys, k)
			}
			o.vals[k] = v
		}
	case '[':
		s.i++
		a := []any{}
		for {
			s.ws()
			if s.data[s.i] == ']' {
				s.i++
				return a
			}
			if s.data[s.i] == ',' {
				s.i++
			}
			a = append(a, s.value())
		}
	case '"':
		return s.str()
	case 't':
		s.i += 4
		return true
	case 'f':
		s.i += 5
		return false
	case 'n':
		s.i += 4
		return nil
	}
	j := s.i
	for s.i < len(s.data) && strings.IndexByte("+-0123456789.eE", s.data[s.i]) >= 0 {
		s.i++
	}
	return json.Number(s.data[j:s.i])
}

// str reads a string at s.i; one with escapes or invalid UTF-8 goes
// through encoding/json.
func (s *jsonScanner) str() string {
	j := s.i
	s.i++
	plain := true
	for s.data[s.i] != '"' {
		if s.data[s.i] == '\\' {
			plain = false
			s.i++
		}
		s.i++
	}
	s.i++
	raw := s.data[j:s.i]
	if plain && utf8.Valid(raw) {
		return string(raw[1 : len(raw)-1])
	}
	var out string
	_ = json.Unmarshal(raw, &out) // valid: json.Valid saw it
	return out
}

// decodeOrderedSlow is decodeOrdered through json.Decoder tokens.
func decodeOrderedSlow(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err == nil {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func decodeValue(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &obj{vals: map[string]any{}}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k := kt.(string)
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			if _, dup := o.vals[k]; !dup {
				o.keys = append(o.keys, k)
			}
			o.vals[k] = v
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		var a []any
		for dec.More() {
			v, err := decodeValue(dec)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		if a == nil {
			a = []any{}
		}
		return a, err
	}
	return tok, nil
}

// literal builds the Go literal of value v as type gt; top is true for a
// request body (a pointer to a model).
func (g *gen) literal(f *goFile, gt goType, v any, top bool) (expr, *litError) {
	if gt.coll {
		a, ok := v.([]any)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a JSON array, got %s", jsonKind(v))
		}
		elem := gt
		elem.coll = false
		items := make([]expr, 0, len(a))
		multi := false
		for _, x := range a {
			c, err := g.literal(f, elem, x, false)
			if err != nil {
				return nil, err
			}
			items = append(items, c)
			multi = multi || c.multi()
		}
		typ := f.typeOf(gt)
		if len(items) == 1 {
			return wrapExpr(typ+"{", items[0], "}"), nil
		}
		if multi {
			// Several elements on the lines of others: gofmt breaks
			// the lines its own way; the file is formatted at the end.
			f.reformat = true
		}
		out := expr{typ + "{"}
		for i, it := range items {
			if i > 0 {
				out[len(out)-1] += ", "
			}
			out[len(out)-1] += it[0]
			out = append(out, it[1:]...)
		}
		out[len(out)-1] += "}"
		return out, nil
	}
	switch gt.kind {
	case kString:
		s, ok := v.(string)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a string, got %s", jsonKind(v))
		}
		return one(lit(s)), nil
	case kEnum:
		s, ok := v.(string)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a string (%s), got %s", gt.enum.doc, jsonKind(v))
		}
		if gt.enum.name == "" {
			return one(lit(s)), nil
		}
		if i := slices.Index(gt.enum.values, s); i >= 0 {
			return one(gt.enum.consts[i]), nil
		}
		return one(gt.enum.name + "(" + lit(s) + ")"), nil
	case kBool:
		b, ok := v.(bool)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a boolean, got %s", jsonKind(v))
		}
		return one(strconv.FormatBool(b)), nil
	case kInt:
		n, ok := v.(json.Number)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected an integer, got %s", jsonKind(v))
		}
		i, err := strconv.ParseInt(string(n), 10, gt.bits)
		if err != nil {
			return nil, litErr("example-type-mismatch", "expected an int%d, got %s", gt.bits, n)
		}
		return one(strconv.FormatInt(i, 10)), nil
	case kFloat:
		n, ok := v.(json.Number)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a number, got %s", jsonKind(v))
		}
		x, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return nil, litErr("example-type-mismatch", "expected a number, got %s", n)
		}
		// As jennifer writes a float64: a whole number gets ".0".
		s := fmt.Sprintf("%#v", x)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return one(s), nil
	case kModel, kIface:
		o, ok := v.(*obj)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a %s object, got %s", gt.typ.doc.TypeName, jsonKind(v))
		}
		t := gt.typ
		if gt.kind == kIface || len(t.derived) > 0 {
			if ot, ok := o.vals["@odata.type"].(string); ok {
				name := strings.TrimPrefix(ot, "#")
				found := findDerived(t, name)
				if found == nil {
					return nil, litErr("example-unknown-type", "@odata.type %q is not %s or a type derived from it in the input", ot, t.doc.TypeName)
				}
				t = found
			}
		}
		c, err := g.modelLiteral(f, t, o)
		if err != nil {
			return nil, err
		}
		if top || gt.kind == kIface || gt.ptr {
			return wrapExpr("&", c, ""), nil
		}
		return c, nil
	}
	data, err := json.Marshal(plain(v))
	if err != nil {
		return nil, litErr("example-bad-json", "%v", err)
	}
	return one(f.q(jsonPkg) + ".RawMessage(" + lit(string(data)) + ")"), nil
}

// typeNoun names a response type in a message: "a user object", "a
// collection of user objects", "a value".
func typeNoun(gt goType) string {
	switch {
	case (gt.kind == kModel || gt.kind == kIface) && gt.coll:
		return "a collection of " + gt.typ.doc.TypeName + " objects"
	case gt.kind == kModel || gt.kind == kIface:
		return "a " + gt.typ.doc.TypeName + " object"
	case gt.coll:
		return "a collection of values"
	}
	return "a value"
}

// checkResponse checks an example response body against the page's
// response type, so that an example contradicting its page gives a
// diagnostic and a skipped test instead of a failing one: a collection must
// come as {"value": [...]}, and every documented property must have its
// documented JSON type (null always allowed). Undocumented properties are
// fine in a response (AdditionalData keeps them), and so is an @odata.type
// the input does not know in a polymorphic place (Unknown<Type> keeps it).
func (g *gen) checkResponse(gt goType, body json.RawMessage) *litError {
	if gt.kind == kRaw {
		return nil
	}
	v, err := decodeOrdered(body)
	if err != nil {
		return litErr("example-bad-json", "not valid JSON (%v)", err)
	}
	if gt.kind != kModel && gt.kind != kIface || gt.coll {
		o, ok := v.(*obj)
		if !ok {
			return litErr("example-type-mismatch", "the body is %s, not an object with a \"value\" property as the page's return type needs", jsonKind(v))
		}
		if !gt.coll {
			x, ok := o.vals["value"]
			if !ok {
				return litErr("example-type-mismatch", "the page documents a single value, but the body has no \"value\" property")
			}
			return g.checkValue(gt, x, 0)
		}
		if _, ok := o.vals["value"].([]any); !ok {
			return litErr("example-type-mismatch", "the page documents a collection, but the body has no \"value\" array")
		}
		return g.checkValue(gt, o.vals["value"], 0)
	}
	return g.checkValue(gt, v, 0)
}

// checkValue checks decoded JSON v against gt (see checkResponse).
func (g *gen) checkValue(gt goType, v any, depth int) *litError {
	if v == nil || depth > 64 {
		return nil
	}
	if gt.coll {
		a, ok := v.([]any)
		if !ok {
			return litErr("example-type-mismatch", "expected a JSON array, got %s", jsonKind(v))
		}
		elem := gt
		elem.coll = false
		for _, x := range a {
			if err := g.checkValue(elem, x, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	switch gt.kind {
	case kString, kEnum:
		if _, ok := v.(string); !ok {
			return litErr("example-type-mismatch", "expected a string, got %s", jsonKind(v))
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return litErr("example-type-mismatch", "expected a boolean, got %s", jsonKind(v))
		}
	case kInt:
		n, ok := v.(json.Number)
		if !ok {
			return litErr("example-type-mismatch", "expected an integer, got %s", jsonKind(v))
		}
		if _, err := strconv.ParseInt(string(n), 10, gt.bits); err != nil {
			return litErr("example-type-mismatch", "expected an int%d, got %s", gt.bits, n)
		}
	case kFloat:
		if _, ok := v.(json.Number); !ok {
			return litErr("example-type-mismatch", "expected a number, got %s", jsonKind(v))
		}
	case kModel, kIface:
		o, ok := v.(*obj)
		if !ok {
			return litErr("example-type-mismatch", "expected a %s object, got %s", gt.typ.doc.TypeName, jsonKind(v))
		}
		t := gt.typ
		if ot, ok := o.vals["@odata.type"].(string); ok && (gt.kind == kIface || len(t.derived) > 0) {
			found := findDerived(t, strings.TrimPrefix(ot, "#"))
			if found == nil {
				return nil // kept whole by Unknown<Type>
			}
			t = found
		}
		for _, f := range t.fields {
			x, ok := o.vals[f.json]
			if !ok {
				continue
			}
			if err := g.checkValue(f.t, x, depth+1); err != nil {
				return &litError{code: err.code, msg: f.json + ": " + err.msg}
			}
		}
	}
	return nil
}

func findDerived(t *typeInfo, odata string) *typeInfo {
	if t.odata == odata && t.needed {
		return t
	}
	for _, d := range t.derived {
		if f := findDerived(d, odata); f != nil {
			return f
		}
	}
	return nil
}

// modelLiteral builds T{...} from a JSON object.
func (g *gen) modelLiteral(f *goFile, t *typeInfo, o *obj) (expr, *litError) {
	byJSON := map[string]*fieldInfo{}
	for _, fi := range t.fields {
		byJSON[fi.json] = fi
	}
	for _, k := range o.keys {
		if k == "@odata.type" {
			continue
		}
		if _, ok := byJSON[k]; !ok {
			return nil, litErr("example-unknown-property", "property %q is not a property of %s", k, t.doc.TypeName)
		}
	}
	var elems []kv
	if ot, ok := o.vals["@odata.type"]; ok {
		s, isStr := ot.(string)
		if !isStr {
			return nil, litErr("example-type-mismatch", "@odata.type is %s, not a string", jsonKind(ot))
		}
		elems = append(elems, kv{"ODataType", one(lit(s))})
	}
	for _, fi := range t.fields {
		v, ok := o.vals[fi.json]
		if !ok {
			continue
		}
		if fi.readOnly {
			return nil, litErr("example-read-only-property", "property %q of %s is read-only, and the client never sends it", fi.json, t.doc.TypeName)
		}
		if v == nil {
			elems = append(elems, kv{fi.name, one("Null[" + f.typeOf(fi.t) + "]()")})
			continue
		}
		c, err := g.literal(f, fi.t, v, false)
		if err != nil {
			return nil, &litError{code: err.code, msg: fi.json + ": " + err.msg}
		}
		elems = append(elems, kv{fi.name, wrapExpr("Value["+f.typeOf(fi.t)+"](", c, ")")})
	}
	return keyedLit(t.name, elems), nil
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case *obj:
		return "an object"
	}
	return "a value"
}

// plain turns decoded values back into what json.Marshal encodes.
func plain(v any) any {
	switch x := v.(type) {
	case *obj:
		m := map[string]any{}
		for k, e := range x.vals {
			m[k] = plain(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
