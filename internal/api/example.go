package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
	"github.com/graphgen/graphgen/internal/parallel"
)

// Example is one request/response pair of an operation page's examples,
// linked once (see "Examples" in the package comment): the endpoint its
// request calls, the values it sends and gets back read against the
// documented types, and why a client could not replay it as written.
type Example struct {
	Op    *Operation
	N     int // its number among the page's examples, from 1
	Title string
	Doc   Source // the request; the response when the page shows one alone

	// Endpoint is the page's endpoint the request's method and URL match;
	// nil when none does (Skip says so) or without a request. Values are
	// read against the shapes of Endpoint.Primary, whose method a client
	// calls.
	Endpoint *Endpoint
	// Request is nil when the page shows a response alone. Its Method,
	// URL, Query, Options and Doc are always set; the rest only when Skip
	// is nil.
	Request *ExampleRequest
	// Response is what a replay answers with; nil without a request, or
	// when Skip is set.
	Response *ExampleResponse
	// Skip says why a client test cannot send what the example sends, or
	// check what it gets back, as written; nil when it can. Its
	// diagnostic is in API.Diagnostics.
	Skip *Skip
}

// Skip is why an example cannot be replayed: a diagnostic's code, its
// place, and the reason (the diagnostic's message without "example N: ").
type Skip struct {
	Code   string
	At     Source
	Reason string
}

// ExampleRequest is what an example's request sends, read for the client.
type ExampleRequest struct {
	Method string
	URL    string
	// Args are the values of the endpoint's arguments (Primary's Args, in
	// order), read from the URL: typed (Text canonical) where the argument
	// is a function parameter of a primitive or enum type, a string
	// otherwise.
	Args []*Value
	// Query is the query string as written; Options its parameters,
	// unescaped, in order.
	Query   string
	Options []QueryOption
	// Headers are the request headers a client sends as options: all but
	// Authorization, Content-Length, Host and Content-Type.
	Headers []model.HeaderField
	// Body is a JSON body read against the endpoint's body type, and
	// BodyText its text as written; both empty when the example sends none.
	Body     *Value
	BodyText string
	// Ref is the reference a request to a reference endpoint
	// (Primary.Ref) sends: its body's "@odata.id", as written (BodyText
	// is the body; Body is nil).
	Ref string
	// Bytes and ContentType are an upload's body (Primary.BinaryIn) and
	// the example's Content-Type header.
	Bytes       string
	ContentType string
	Doc         Source
}

// ExampleResponse is what a client test's server answers with.
type ExampleResponse struct {
	// Status is the example's, else the page's, else 200; 200 when the
	// endpoint returns bytes (the docs show a redirect to them).
	Status int
	// Headers are the example's response headers but Content-Length;
	// none when the endpoint returns bytes.
	Headers []model.HeaderField
	// Body is the JSON body read against the endpoint's result type, and
	// BodyText its text as written; both empty when the answer has none
	// (no body, status 204, bytes). When the endpoint documents no JSON
	// result, Body is read as untyped (Raw).
	Body     *Value
	BodyText string
	Doc      Source
}

// QueryKind says which client option sends a query parameter.
type QueryKind string

const (
	QuerySelect  QueryKind = "$select"  // List
	QueryExpand  QueryKind = "$expand"  // List
	QueryOrderBy QueryKind = "$orderby" // List
	QueryFilter  QueryKind = "$filter"  // Value
	QuerySearch  QueryKind = "$search"  // Value
	QueryTop     QueryKind = "$top"     // N
	QuerySkip    QueryKind = "$skip"    // N
	QueryCount   QueryKind = "$count"   // $count=true
	QueryOther   QueryKind = "other"    // Name=Value as written
)

// QueryOption is one parameter of a query string.
type QueryOption struct {
	Kind  QueryKind
	Name  string   // unescaped
	Value string   // unescaped
	List  []string // $select, $expand, $orderby: Value split at commas outside parentheses and quotes
	N     int      // $top, $skip
}

// ParseQuery splits a query string into its parameters, unescaped, in
// order, each classified by the option that sends it: $select, $expand
// and $orderby lists, $filter and $search, $top and $skip when their value
// is a non-negative integer written plainly, $count when it is true; any
// other (another spelling, another value) is QueryOther.
func ParseQuery(q string) []QueryOption {
	var out []QueryOption
	for part := range strings.SplitSeq(q, "&") {
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
		o := QueryOption{Kind: QueryOther, Name: k, Value: v}
		switch k {
		case "$select", "$expand", "$orderby":
			o.Kind, o.List = QueryKind(k), odatapath.Split(v, ',')
		case "$filter", "$search":
			o.Kind = QueryKind(k)
		case "$top", "$skip":
			if n, err := strconv.Atoi(v); err == nil && n >= 0 && strconv.Itoa(n) == v {
				o.Kind, o.N = QueryKind(k), n
			}
		case "$count":
			if v == "true" {
				o.Kind = QueryCount
			}
		}
		out = append(out, o)
	}
	return out
}

// Answer is how a fake service answers an endpoint by default: the
// response of the first example that calls it, or else of the page's first
// example, that a client can read (a 2xx status, and a body its result
// type reads); without one, the page's status.
type Answer struct {
	Status  int                 // 0: the fake's default
	Body    string              // compact JSON; "" for none
	Headers []model.HeaderField // the example's, but Content-Type and Content-Length
	Example *Example            // where it comes from; nil for none
}

// primary is e.Primary, or e before Build sets it.
func (e *Endpoint) primary() *Endpoint {
	if e.Primary != nil {
		return e.Primary
	}
	return e
}

// JSONBody is the type of the JSON body a client sends to e, nil when it
// sends none of a documented type: an upload sends bytes, DELETE and HEAD
// send nothing, a reference endpoint (e.Ref) sends a reference.
func (e *Endpoint) JSONBody() *Ref {
	b := e.Op.Body
	if b == nil || b.Binary || e.BinaryIn || e.Ref || e.Method == "DELETE" || e.Method == "HEAD" {
		return nil
	}
	return &b.Type
}

// Result is the type of the JSON value a client reads from e's response,
// nil when it reads none: bytes, a 202 Accepted, or no documented value.
func (e *Endpoint) Result() *Ref {
	r := e.Op.Response
	if r == nil || r.Type == nil || r.Status == 204 || e.BinaryOut || r.Status == 202 {
		return nil
	}
	return r.Type
}

// Untyped reports whether values of r are kept as raw JSON: an unresolved
// reference or Edm.Untyped.
func (r Ref) Untyped() bool { return r.Unresolved() || r.Type == nil && r.Prim == PrimUntyped }

// structured reports whether r (ignoring Collection) is an entity or
// complex type.
func (r Ref) structured() bool { return r.Type != nil && r.Type.Kind != KindEnum }

// polymorphic reports whether an object of type t is read by its
// "@odata.type": t has derived types (a request body type never has).
func polymorphic(t *Type) bool { return t.Request == nil && len(t.Derived) > 0 }

// label names a type in a message: its name, or "the page's request body"
// for a request body the page lists without naming a type.
func label(t *Type) string {
	if t.Request != nil || t.Name == "" {
		return "the page's request body"
	}
	return t.Name
}

// noun names what a reference holds in a message: "a user object", "a
// collection of values".
func noun(r Ref) string {
	switch {
	case r.structured() && r.Collection:
		return "a collection of " + label(r.Type) + " objects"
	case r.structured():
		return "a " + label(r.Type) + " object"
	case r.Collection:
		return "a collection of values"
	}
	return "a value"
}

// primaries sets every endpoint's Primary: the first endpoint of the input
// (operations in path order, then endpoint order) with its Key.
func primaries(ops []*Operation) {
	first := map[string]*Endpoint{}
	for _, op := range ops {
		for _, e := range op.Endpoints {
			if p := first[e.Key]; p != nil {
				e.Primary = p
			} else {
				first[e.Key] = e
				e.Primary = e
			}
		}
	}
}

// linkExamples links every operation's examples, then picks each
// endpoint's Answer. It runs after types, their Derived lists and every
// endpoint are resolved, which it only reads: operations are linked on
// GOMAXPROCS goroutines, each writing only its own operation, and their
// diagnostics are collected in operation order.
func (l *linker) linkExamples(ops []*Operation) {
	primaries(ops)
	diags := make([][]model.Diagnostic, len(ops))
	parallel.EachWith(len(ops), func() *exampleLinker { return &exampleLinker{fields: map[*Type]*fieldSet{}} }, func(x *exampleLinker, i int) {
		x.diags = nil
		x.operation(ops[i])
		diags[i] = x.diags
	})
	for _, d := range diags {
		l.diags = append(l.diags, d...)
	}
}

// exampleLinker links the examples of one operation at a time.
type exampleLinker struct {
	diags  []model.Diagnostic
	fields map[*Type]*fieldSet // Type.Fields, per type
}

// fieldSet is a type's Fields, in order and by name.
type fieldSet struct {
	list   []*Property
	byName map[string]*Property
}

// operation links op's examples and picks its endpoints' answers.
func (x *exampleLinker) operation(op *Operation) {
	var answers []*answerable
	for i, ex := range op.Page.Examples {
		e, a := x.example(op, i, ex)
		op.Examples = append(op.Examples, e)
		answers = append(answers, a)
	}
	for _, ep := range op.Endpoints {
		ep.Answer = pickAnswer(op, ep, answers)
	}
}

func (x *exampleLinker) warn(s Source, code, msg string) {
	x.diags = append(x.diags, model.Diagnostic{Path: s.File, Pos: model.Pos{Line: s.Line, Col: s.Col}, Severity: model.SevWarning, Code: code, Message: msg})
}

// fieldsOf is t.Fields(), computed once per type.
func (x *exampleLinker) fieldsOf(t *Type) *fieldSet {
	fs := x.fields[t]
	if fs == nil {
		fs = &fieldSet{list: t.Fields()}
		fs.byName = make(map[string]*Property, len(fs.list))
		for _, f := range fs.list {
			fs.byName[f.Name] = f
		}
		x.fields[t] = fs
	}
	return fs
}

// problem is why an example value cannot be read: a diagnostic code and
// a message.
type problem struct{ code, msg string }

func problemf(code, format string, args ...any) *problem {
	return &problem{code: code, msg: fmt.Sprintf(format, args...)}
}

// example links the i-th example of op's page.
func (x *exampleLinker) example(op *Operation, i int, ex model.Example) (*Example, *answerable) {
	doc := op.Page
	e := &Example{Op: op, N: i + 1, Title: ex.Title}
	if ex.Response != nil {
		e.Doc = At(doc, ex.Response.Pos)
	}
	rb := &respBody{resp: ex.Response, x: x}
	ans := answerableFor(op, rb)
	req := ex.Request
	if req == nil {
		return e, ans
	}
	e.Doc = At(doc, req.Pos)
	skip := func(pos model.Pos, code, reason string) (*Example, *answerable) {
		e.Skip = &Skip{Code: code, At: At(doc, pos), Reason: reason}
		e.Response = nil
		x.warn(e.Skip.At, code, "example "+strconv.Itoa(e.N)+": "+reason+"; its generated test is skipped")
		return e, ans
	}
	u := odatapath.ParseURL(req.URL)
	r := &ExampleRequest{Method: req.Method, URL: req.URL, Query: u.Query, Options: ParseQuery(u.Query), Doc: At(doc, req.Pos)}
	e.Request = r
	var args []string
	for _, ep := range op.Endpoints {
		if !strings.EqualFold(ep.Method, req.Method) {
			continue
		}
		if a, ok := odatapath.Match(ep.Segments, u); ok {
			e.Endpoint, args = ep, a
			break
		}
	}
	if e.Endpoint == nil {
		return skip(req.Pos, "example-unmatched", "the example's "+req.Method+" "+req.URL+" matches none of the page's endpoints")
	}
	ep := e.Endpoint.primary()
	if len(args) != len(ep.Args) {
		// Endpoints with one Key have the same parameters; this is not
		// expected, but never an index out of range.
		return skip(req.Pos, "example-unmatched", "the example's "+req.Method+" "+req.URL+" matches "+e.Endpoint.Method+" "+e.Endpoint.Path+", whose arguments differ from "+ep.Op.Page.Path+"'s")
	}
	for j, a := range ep.Args {
		v, p := argValue(a, args[j])
		if p != nil {
			return skip(req.Pos, p.code, p.msg)
		}
		r.Args = append(r.Args, v)
	}
	// The body.
	text := bodyText(req.Body, req.BodyJSON)
	switch body := ep.JSONBody(); {
	case ep.Ref:
		data, why := bodyJSON(req.Body, req.BodyJSON)
		if why != "" {
			return skip(req.Pos, "example-bad-json", "request "+why)
		}
		ref, p := readRef(data)
		if p != nil {
			return skip(req.Pos, p.code, p.msg)
		}
		r.Ref, r.BodyText = ref, string(data)
	case ep.BinaryIn:
		r.Bytes = text
		for _, h := range req.Headers {
			if strings.EqualFold(h.Name, "Content-Type") {
				r.ContentType = h.Value
			}
		}
	case body != nil:
		data, why := bodyJSON(req.Body, req.BodyJSON)
		if why != "" {
			return skip(req.Pos, "example-bad-json", "request "+why)
		}
		if data == nil {
			break
		}
		v, err := decodeValue(data)
		if err != nil {
			return skip(req.Pos, "example-bad-json", "request body is not valid JSON ("+err.Error()+")")
		}
		rd := &reader{strict: true, x: x}
		if p := rd.read(*body, v, 0); p != nil {
			return skip(req.Pos, p.code, "request body: "+p.msg)
		}
		if u := rd.undocumented; len(u) > 0 {
			msg, them := u[0], "it"
			if len(u) > 1 {
				msg += fmt.Sprintf(" (and %d more undocumented properties)", len(u)-1)
				them = "them"
			}
			x.warn(At(doc, req.Pos), "example-unknown-property", "example "+strconv.Itoa(e.N)+": request body: "+msg+"; the client sends "+them+" as additional data")
		}
		r.Body, r.BodyText = v, string(data)
	default:
		if data, _ := bodyJSON(req.Body, req.BodyJSON); data != nil || strings.TrimSpace(text) != "" {
			return skip(req.Pos, "example-unexpected-body", "the request has a body but the page documents none")
		}
	}
	for _, h := range req.Headers {
		switch strings.ToLower(h.Name) {
		case "authorization", "content-length", "host", "content-type":
			continue
		}
		r.Headers = append(r.Headers, h)
	}
	// The response.
	pageStatus := 0
	if op.Response != nil {
		pageStatus = op.Response.Status
	}
	resp := ex.Response
	out := &ExampleResponse{Status: pageStatus}
	if out.Status == 0 {
		out.Status = 200
	}
	var data json.RawMessage
	if resp != nil {
		out.Doc = At(doc, resp.Pos)
		if resp.Status != 0 {
			out.Status = resp.Status
		}
		out.Headers = resp.Headers
		if !ep.BinaryOut {
			var why string
			if data, why = rb.json(); why != "" {
				return skip(resp.Pos, "example-bad-json", "response "+why)
			}
		}
	}
	if ep.BinaryOut {
		out.Status, out.Headers = 200, nil
	}
	if out.Status < 200 || out.Status > 299 {
		return skip(req.Pos, "example-not-success", "the example response has status "+strconv.Itoa(out.Status))
	}
	res := ep.Result()
	if res != nil && data == nil && out.Status != 204 && !(res.Untyped() && !res.Collection) && resp != nil {
		return skip(resp.Pos, "example-missing-body", "the page returns "+noun(*res)+" with status "+strconv.Itoa(pageStatus)+", but the example response (status "+strconv.Itoa(out.Status)+") has no body")
	}
	if data != nil && out.Status != 204 {
		if res == nil {
			res = &Ref{} // no documented result: raw JSON
		}
		v, err, p := rb.read(res)
		if err != nil {
			return skip(resp.Pos, "example-bad-json", "response body is not valid JSON ("+err.Error()+")")
		}
		if p != nil {
			return skip(resp.Pos, p.code, "response body: "+p.msg)
		}
		out.Body, out.BodyText = v, string(data)
	}
	out.Headers = slices.DeleteFunc(slices.Clone(out.Headers), func(h model.HeaderField) bool { return strings.EqualFold(h.Name, "Content-Length") })
	e.Response = out
	return e, ans
}

// answerable is whether an example's response can answer a call, for a
// method reading no result and for one reading the operation's result.
type answerable struct {
	matched     *Endpoint // the endpoint the request matched (nil: none, or no request)
	resp        *model.ExampleResponse
	none, typed bool            // usable without a result, with the operation's result
	body        json.RawMessage // for typed: the body (none for 204)
	compact     string          // body compacted, once an answer uses it
}

// respBody reads an example response's body once: its JSON, and its
// tree read against one result type (read again, on a fresh tree, for
// another).
type respBody struct {
	resp    *model.ExampleResponse
	x       *exampleLinker
	done    bool
	data    json.RawMessage
	why     string
	against *Ref
	tree    *Value
	err     error
	prob    *problem
}

// json is the body as JSON, or why it is not (bodyJSON).
func (b *respBody) json() (json.RawMessage, string) {
	if !b.done {
		b.done = true
		b.data, b.why = bodyJSON(b.resp.Body, b.resp.BodyJSON)
	}
	return b.data, b.why
}

// read decodes the body and reads it as a response of result type res.
func (b *respBody) read(res *Ref) (*Value, error, *problem) {
	if b.tree != nil && b.against == res || b.err != nil {
		return b.tree, b.err, b.prob
	}
	data, _ := b.json()
	v, err := decodeValue(data)
	if err != nil {
		b.err = err
		return nil, err, nil
	}
	p := (&reader{x: b.x}).response(*res, v)
	b.tree, b.against, b.prob = v, res, p
	return v, nil, p
}

// answerableFor checks an example response as an answer of op's calls.
func answerableFor(op *Operation, b *respBody) *answerable {
	resp := b.resp
	a := &answerable{resp: resp}
	if resp == nil {
		return a
	}
	st := resp.Status
	if st != 0 && (st < 200 || st > 299) {
		return a
	}
	a.none = true
	var res *Ref
	if r := op.Response; r != nil && r.Type != nil && r.Status != 204 {
		res = r.Type
	}
	if res == nil || st == 204 {
		a.typed = true
		return a
	}
	data, why := b.json()
	if why != "" || data == nil {
		return a
	}
	if !(res.Untyped() && !res.Collection) {
		if _, err, p := b.read(res); err != nil || p != nil {
			return a
		}
	}
	a.typed, a.body = true, data
	return a
}

// pickAnswer is ep's Answer: the first example whose request calls it,
// else the page's first, whose response the endpoint's call can read.
func pickAnswer(op *Operation, ep *Endpoint, answers []*answerable) Answer {
	out := Answer{}
	if r := op.Response; r != nil && r.Status >= 200 && r.Status <= 299 {
		out.Status = r.Status
	}
	if ep.BinaryOut {
		out.Status = 200
		return out
	}
	typed := ep.Result() != nil
	for pass := range 2 {
		for i, a := range answers {
			ex := op.Examples[i]
			if a.resp == nil || pass == 0 && (ex.Endpoint == nil || ex.Endpoint.Key != ep.Key) {
				continue
			}
			if typed && !a.typed || !typed && !a.none {
				continue
			}
			if typed && a.body != nil {
				if a.compact == "" {
					var buf bytes.Buffer
					if json.Compact(&buf, a.body) != nil {
						continue
					}
					a.compact = buf.String()
				}
				out.Body = a.compact
			}
			if a.resp.Status != 0 {
				out.Status = a.resp.Status
			}
			for _, h := range a.resp.Headers {
				switch strings.ToLower(h.Name) {
				case "content-type", "content-length":
					continue
				}
				out.Headers = append(out.Headers, h)
			}
			out.Example = ex
			return out
		}
	}
	return out
}

// bodyJSON returns an example body as JSON, or why it is not: nil for no
// body (or null); a body that is not JSON (text) must parse as JSON.
func bodyJSON(body json.RawMessage, isJSON bool) (json.RawMessage, string) {
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
	if !json.Valid([]byte(text)) {
		var probe any
		err := json.Unmarshal([]byte(text), &probe)
		return nil, "body is not valid JSON (" + err.Error() + ")"
	}
	return json.RawMessage(text), ""
}

// bodyText is an example body's text: JSON as written, or the text of a
// body that is not JSON.
func bodyText(body json.RawMessage, isJSON bool) string {
	if isJSON || len(body) == 0 {
		return string(body)
	}
	var text string
	if err := json.Unmarshal(body, &text); err != nil {
		return ""
	}
	return text
}

// refShape is how messages write a reference.
const refShape = `a reference, {"@odata.id": "<URL>"}`

// readRef reads the body of a request to a reference endpoint: an object
// whose only member is "@odata.id", a string that is not empty. nil data
// is no body.
func readRef(data json.RawMessage) (string, *problem) {
	if data == nil {
		return "", problemf("example-not-reference", "the request has no body, but POST or PUT to $ref sends %s", refShape)
	}
	v, err := decodeValue(data)
	if err != nil {
		return "", problemf("example-bad-json", "request body is not valid JSON (%s)", err.Error())
	}
	if v.JSON != JSONObject {
		return "", problemf("example-not-reference", "the request body is %s, not %s", v.JSON.noun(), refShape)
	}
	id := v.Get("@odata.id")
	var others []string
	for _, p := range v.Props {
		if p.Name != "@odata.id" {
			others = append(others, strconv.Quote(p.Name))
		}
	}
	switch {
	case id == nil && len(others) == 0:
		return "", problemf("example-not-reference", "the request body is an empty object, not %s", refShape)
	case id == nil:
		return "", problemf("example-not-reference", "the request body holds %s, not %s", strings.Join(others, ", "), refShape)
	case len(others) > 0:
		return "", problemf("example-not-reference", "the request body holds %s besides \"@odata.id\"; a reference holds nothing else", strings.Join(others, ", "))
	case id.JSON != JSONString:
		return "", problemf("example-not-reference", "the request body's \"@odata.id\" is %s, not a URL string", id.JSON.noun())
	case id.Text == "":
		return "", problemf("example-not-reference", "the request body's \"@odata.id\" is empty, not the URL of an object")
	}
	return id.Text, nil
}

// argScalar is the type an argument's value is read as: a function
// parameter's primitive or enum type, else String.
func argScalar(a *Arg) Ref {
	t := a.Type
	if a.Kind == ArgFunction && !t.Collection && (t.Prim != "" && t.Prim != PrimUntyped || t.Type != nil && t.Type.Kind == KindEnum) {
		return t
	}
	return Ref{Prim: PrimString, Name: "String"}
}

// argValue reads an argument's value from an example URL.
func argValue(a *Arg, s string) (*Value, *problem) {
	r := argScalar(a)
	v := &Value{JSON: JSONString, Type: r, Text: s}
	if r.Type != nil {
		return v, nil // an enum argument: any text
	}
	switch scalarOf(r.Prim) {
	case scalarBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, problemf("example-type-mismatch", "argument %s: expected a boolean, got %q", a.Name, s)
		}
		v.JSON, v.Text = JSONBool, strconv.FormatBool(b)
	case scalarInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || !fits(r.Prim, n) {
			return nil, problemf("example-type-mismatch", "argument %s: expected an integer, got %q", a.Name, s)
		}
		v.JSON, v.Text = JSONNumber, strconv.FormatInt(n, 10)
	case scalarFloat:
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, problemf("example-type-mismatch", "argument %s: expected a number, got %q", a.Name, s)
		}
		v.JSON, v.Text = JSONNumber, strconv.FormatFloat(x, 'g', -1, 64)
	case scalarDateTime, scalarDate, scalarTimeOfDay:
		if p := checkTime(r.Prim, s); p != nil {
			return nil, p
		}
	}
	return v, nil
}

// scalar is how a primitive's values are read.
type scalar int

const (
	scalarString scalar = iota
	scalarBool
	scalarInt
	scalarFloat
	scalarDateTime
	scalarDate
	scalarTimeOfDay
	scalarUntyped
)

func scalarOf(p Prim) scalar {
	switch p {
	case PrimBoolean:
		return scalarBool
	case PrimInt16, PrimInt32, PrimInt64, PrimByte, PrimSByte:
		return scalarInt
	case PrimSingle, PrimDouble, PrimDecimal:
		return scalarFloat
	case PrimDateTimeOffset:
		return scalarDateTime
	case PrimDate:
		return scalarDate
	case PrimTimeOfDay:
		return scalarTimeOfDay
	case PrimUntyped, "":
		return scalarUntyped
	}
	return scalarString // String, Guid, Duration, Binary, Stream
}

// bits is the size of an integer primitive's values (Byte and SByte are
// held as 32-bit integers).
func bits(p Prim) int {
	switch p {
	case PrimInt16:
		return 16
	case PrimInt64:
		return 64
	}
	return 32
}

func fits(p Prim, n int64) bool {
	b := bits(p)
	return b == 64 || n >= -(1<<(b-1)) && n < 1<<(b-1)
}

// parseDateTime reads a date-time as a client's tests read them (RFC 3339,
// or without an offset meaning UTC; 't' and 'z' in either case).
func parseDateTime(s string) bool {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if _, err := time.Parse(layout, strings.ToUpper(s)); err == nil {
			return true
		}
	}
	return false
}

// checkTime checks a date-time, date or time of day.
func checkTime(p Prim, s string) *problem {
	what, ok := "a date-time", false
	switch p {
	case PrimDateTimeOffset:
		ok = parseDateTime(s)
	case PrimDate:
		what = "a date"
		_, err := time.Parse("2006-01-02", s)
		ok = err == nil
	default:
		what = "a time of day"
		_, err := time.Parse("15:04:05.999999999", s)
		if err != nil {
			_, err = time.Parse("15:04", s)
		}
		ok = err == nil
	}
	if !ok {
		return problemf("example-type-mismatch", "expected %s, got %q", what, s)
	}
	return nil
}

// reader reads an example value against a documented type. strict is for
// a request body, which a client must be able to build as written: every
// value of its documented JSON type, null only as a property's value, no
// @odata.type outside the type's family, no read-only or unknown property.
// Otherwise (a response) what a client reads: null anywhere, undocumented
// properties and unknown @odata.types allowed (the client keeps them),
// nesting checked 64 levels deep.
type reader struct {
	strict bool
	x      *exampleLinker
	path   []string // the properties being read, outermost first
	// undocumented are the members of request objects that their type
	// does not document (strict): a client sends them as additional data.
	undocumented []string
}

// response reads a response body against the result type: a structured
// type is the body itself; anything else, a collection included, comes as
// {"value": ...}.
func (rd *reader) response(r Ref, v *Value) *problem {
	if r.Untyped() && !r.Collection {
		return rd.read(r, v, 0)
	}
	if r.structured() && !r.Collection {
		return rd.read(r, v, 0)
	}
	if v.JSON != JSONObject {
		return problemf("example-type-mismatch", "the body is %s, not an object with a \"value\" property as the page's return type needs", v.JSON.noun())
	}
	x := v.Get("value")
	if !r.Collection {
		if x == nil {
			return problemf("example-type-mismatch", "the page documents a single value, but the body has no \"value\" property")
		}
		return rd.read(r, x, 0)
	}
	if x == nil || x.JSON != JSONArray {
		return problemf("example-type-mismatch", "the page documents a collection, but the body has no \"value\" array")
	}
	return rd.read(r, x, 0)
}

// read annotates v as a value of r (see Value), or says why it is not one.
func (rd *reader) read(r Ref, v *Value, depth int) *problem {
	v.Type = r
	if !rd.strict && (v.JSON == JSONNull || depth > 64) {
		return nil
	}
	if r.Collection {
		if v.JSON != JSONArray {
			return problemf("example-type-mismatch", "expected a JSON array, got %s", v.JSON.noun())
		}
		elem := r
		elem.Collection = false
		for _, x := range v.Items {
			if p := rd.read(elem, x, depth+1); p != nil {
				return p
			}
		}
		return nil
	}
	if r.Untyped() {
		v.untyped = true
		return nil
	}
	if r.structured() {
		return rd.object(r.Type, v, depth)
	}
	if r.Type != nil { // an enum
		if v.JSON != JSONString {
			if rd.strict {
				return problemf("example-type-mismatch", "expected a string (%s), got %s", label(r.Type), v.JSON.noun())
			}
			return problemf("example-type-mismatch", "expected a string, got %s", v.JSON.noun())
		}
		if i := slices.IndexFunc(r.Type.Members, func(m *Member) bool { return m.Name == v.Text }); i >= 0 {
			v.Member = r.Type.Members[i]
		}
		return nil
	}
	switch scalarOf(r.Prim) {
	case scalarString:
		if v.JSON != JSONString {
			return problemf("example-type-mismatch", "expected a string, got %s", v.JSON.noun())
		}
	case scalarBool:
		if v.JSON != JSONBool {
			return problemf("example-type-mismatch", "expected a boolean, got %s", v.JSON.noun())
		}
	case scalarInt:
		if v.JSON != JSONNumber {
			return problemf("example-type-mismatch", "expected an integer, got %s", v.JSON.noun())
		}
		n, err := strconv.ParseInt(v.Text, 10, 64)
		if err != nil || !fits(r.Prim, n) {
			return problemf("example-type-mismatch", "expected an int%d, got %s", bits(r.Prim), v.Text)
		}
		v.Text = strconv.FormatInt(n, 10)
	case scalarFloat:
		if v.JSON != JSONNumber {
			return problemf("example-type-mismatch", "expected a number, got %s", v.JSON.noun())
		}
		x, err := strconv.ParseFloat(v.Text, 64)
		if err != nil {
			if rd.strict {
				return problemf("example-type-mismatch", "expected a number, got %s", v.Text)
			}
			return nil
		}
		v.Text = strconv.FormatFloat(x, 'g', -1, 64)
	case scalarDateTime, scalarDate, scalarTimeOfDay:
		if v.JSON != JSONString {
			return problemf("example-type-mismatch", "expected a string, got %s", v.JSON.noun())
		}
		return checkTime(r.Prim, v.Text)
	}
	return nil
}

// object reads an object of type t: by its @odata.type when t has a
// family, then member by member.
func (rd *reader) object(t *Type, v *Value, depth int) *problem {
	if v.JSON != JSONObject {
		return problemf("example-type-mismatch", "expected a %s object, got %s", label(t), v.JSON.noun())
	}
	ot := v.Get("@odata.type")
	if ot != nil && ot.JSON == JSONString {
		v.ODataType = ot.Text
		if polymorphic(t) {
			m := familyMember(t, ot.Text)
			if m == nil {
				if rd.strict {
					return problemf("example-unknown-type", "@odata.type %q is not %s or a type derived from it", ot.Text, label(t))
				}
				return nil // a client keeps it whole
			}
			t = m
		}
	}
	v.Object = t
	fields := rd.x.fieldsOf(t)
	for i := range v.Props {
		p := &v.Props[i]
		p.Prop = fields.byName[p.Name]
		if p.Prop != nil || !rd.strict || p.Name == "@odata.type" && t.Request == nil {
			continue
		}
		// A member the type does not document: a client sends it as
		// additional data, as written.
		rd.undocumented = append(rd.undocumented, rd.at(fmt.Sprintf("property %q is not a property of %s", p.Name, label(t))))
		if prob := rd.read(Ref{}, p.Value, depth+1); prob != nil {
			return prob
		}
	}
	if rd.strict && ot != nil && t.Request == nil && ot.JSON != JSONString {
		return problemf("example-type-mismatch", "@odata.type is %s, not a string", ot.JSON.noun())
	}
	// In the type's property order, as a client's struct holds them.
	for _, f := range fields.list {
		x := v.prop(f.Name)
		if x == nil {
			continue
		}
		if rd.strict && f.ReadOnly {
			return problemf("example-read-only-property", "property %q of %s is read-only, and the client never sends it", f.Name, label(t))
		}
		if rd.strict && x.Value.JSON == JSONNull {
			x.Value.Type = f.Type
			continue
		}
		rd.path = append(rd.path, f.Name)
		p := rd.read(f.Type, x.Value, depth+1)
		rd.path = rd.path[:len(rd.path)-1]
		if p != nil {
			return &problem{code: p.code, msg: f.Name + ": " + p.msg}
		}
	}
	return nil
}

// at prefixes msg with the property path being read ("shapes: label: ").
func (rd *reader) at(msg string) string {
	if len(rd.path) == 0 {
		return msg
	}
	return strings.Join(rd.path, ": ") + ": " + msg
}

// familyMember finds the type an object with this @odata.type is in t's
// family (case-insensitive, with or without '#'); nil when none.
func familyMember(t *Type, odata string) *Type {
	odata = strings.TrimPrefix(odata, "#")
	for _, m := range t.Family() {
		if strings.EqualFold(m.QualifiedName(), odata) {
			return m
		}
	}
	return nil
}
