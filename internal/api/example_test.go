package api

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// The pages of the example tests: a shape family (circle derives from
// shape), a drawing holding shapes and one of each primitive, and
// operations whose examples the tests write.

const exShape = `# shape resource type

Namespace: microsoft.graph

A shape.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The id. Read-only.|
|label|String|A label.|
|kind|[shapeKind](#shapekind-values)|The kind. Possible values are: round, square.|

### shapeKind values

|Member|Value|Description|
|:---|:---|:---|
|round|0|Round.|
|square|1|Square.|
`

const exCircle = `# circle resource type

Namespace: microsoft.graph

A circle.

Inherits from [shape](shape.md).

## Properties

|Property|Type|Description|
|:---|:---|:---|
|radius|Double|The radius.|
`

const exDrawing = `# drawing resource type

Namespace: microsoft.graph

A drawing.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The id. Read-only.|
|title|String|The title.|
|layers|Int16|How many layers.|
|size|Int64|Its size.|
|shared|Boolean|Shared or not.|
|created|DateTimeOffset|When.|
|day|Date|Which day.|
|at|TimeOfDay|What time.|
|main|[shape](shape.md)|The main shape.|
|shapes|[shape](shape.md) collection|Every shape.|
|extra|Json|Anything.|
|tags|String collection|Tags.|
`

// exOp is an operation page: its HTTP request lines, its request body and
// response sections, and its examples (each a request and a response
// block, "" for none).
func exOp(title, endpoints, params, body, response string, examples ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\nNamespace: microsoft.graph\n\nDo it.\n\n## HTTP request\n\n```http\n%s\n```\n\n", title, endpoints)
	if params != "" {
		b.WriteString("## Function parameters\n\n|Parameter|Type|Description|\n|:---|:---|:---|\n" + params + "\n\n")
	}
	if body != "" {
		b.WriteString("## Request body\n\n" + body + "\n\n")
	}
	b.WriteString("## Response\n\n" + response + "\n\n## Examples\n\n")
	for i := 0; i+1 < len(examples); i += 2 {
		fmt.Fprintf(&b, "### Example %d\n\n", i/2+1)
		if examples[i] != "" {
			b.WriteString("```http\n" + examples[i] + "\n```\n\n")
		}
		if examples[i+1] != "" {
			b.WriteString("```http\n" + examples[i+1] + "\n```\n\n")
		}
	}
	return b.String()
}

const (
	drawingBody  = "In the request body, supply a JSON representation of the [drawing](../resources/drawing.md) object."
	drawingReply = "If successful, this method returns a `200 OK` response code and a [drawing](../resources/drawing.md) object in the response body."
	okDrawing    = "HTTP/1.1 200 OK\nContent-type: application/json\n\n{ \"title\": \"x\" }"
)

func patchDrawing(body string) string {
	return "PATCH https://graph.microsoft.com/v1.0/drawings/d1\nContent-type: application/json\n\n" + body
}

// buildEx links the shape pages and the given operation pages
// (api/<name>.md: page).
func buildEx(t *testing.T, ops map[string]string) *API {
	t.Helper()
	docs := []*model.Document{
		parser.Parse("resources/shape.md", []byte(exShape)),
		parser.Parse("resources/circle.md", []byte(exCircle)),
		parser.Parse("resources/drawing.md", []byte(exDrawing)),
	}
	for name, src := range ops {
		docs = append(docs, parser.Parse("api/"+name+".md", []byte(src)))
	}
	a := Build(docs, Options{})
	for _, d := range a.Diagnostics {
		if !strings.HasPrefix(d.Code, "example-") {
			t.Fatalf("unexpected diagnostic %s", d)
		}
	}
	return a
}

func opNamed(t *testing.T, a *API, title string) *Operation {
	t.Helper()
	for _, op := range a.Operations {
		if op.Title == title {
			return op
		}
	}
	t.Fatalf("no operation %q", title)
	return nil
}

// TestExampleBodyTree: a request body becomes a typed tree: members in the
// example's order with their properties, the object of the declared type
// or the family member @odata.type names, scalars in canonical form, enum
// members, raw JSON for an untyped place.
func TestExampleBodyTree(t *testing.T) {
	body := `{
  "title": "t",
  "layers": 007e0,
  "size": -0,
  "shared": true,
  "created": "2024-01-02T03:04:05Z",
  "day": "2024-01-02",
  "at": "10:30",
  "main": { "@odata.type": "#microsoft.graph.circle", "radius": 2, "kind": "round" },
  "shapes": [ { "label": "a", "kind": "oval" }, { "@odata.type": "microsoft.graph.CIRCLE", "radius": 1.50 } ],
  "extra": { "b": 1, "a": [true, null] },
  "tags": ["x"],
  "title": "u"
}`
	body = strings.Replace(body, "007e0", "7", 1)
	a := buildEx(t, map[string]string{"drawing-update": exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
		patchDrawing(body), okDrawing)})
	op := opNamed(t, a, "Update drawing")
	ex := op.Examples[0]
	if ex.Skip != nil {
		t.Fatalf("skipped: %+v", ex.Skip)
	}
	got := dumpValue(ex.Request.Body)
	want := `microsoft.graph.drawing{"title": "u":String, "layers": "7":Int16, "size": "0":Int64, "shared": "true":Boolean, ` +
		`"created": "2024-01-02T03:04:05Z":DateTimeOffset, "day": "2024-01-02":Date, "at": "10:30":TimeOfDay, ` +
		`"main": microsoft.graph.circle{"@odata.type"?: "#microsoft.graph.circle", "radius": "2":Double, "kind": "round"=round}, ` +
		`"shapes": [microsoft.graph.shape{"label": "a":String, "kind": "oval":microsoft.graph.shapeKind}, microsoft.graph.circle{"@odata.type"?: "microsoft.graph.CIRCLE", "radius": "1.5":Double}], ` +
		`"extra": raw({"a":[true,null],"b":1}), "tags": ["x":String]}`
	if got != want {
		t.Errorf("body tree:\n got %s\nwant %s", got, want)
	}
	main := ex.Request.Body.Get("main")
	if main.Object == nil || main.Object.Name != "circle" || main.ODataType != "#microsoft.graph.circle" {
		t.Errorf("main: object %v, @odata.type %q", main.Object, main.ODataType)
	}
	if p := ex.Request.Body.Props[0]; p.Prop == nil || p.Prop.Owner.Name != "drawing" || p.Prop.Name != "title" {
		t.Errorf("title's property: %+v", p.Prop)
	}
	if ex.Request.BodyText == "" || ex.Response == nil || ex.Response.Status != 200 || ex.Response.Body.Object.Name != "drawing" {
		t.Errorf("request text %q, response %+v", ex.Request.BodyText, ex.Response)
	}
}

// TestExampleDiagnostics: each example-* problem marks its example
// unsendable, with the diagnostic at the request's (or response's) line.
func TestExampleDiagnostics(t *testing.T) {
	noBody := "If successful, this method returns a `204 No Content` response code."
	list := "If successful, this method returns a `200 OK` response code and a collection of [drawing](../resources/drawing.md) objects in the response body."
	cases := []struct {
		name, page     string
		code, reason   string
		responseLine   bool
		endpointLinked bool
	}{
		{"unmatched", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			"PATCH https://graph.microsoft.com/v1.0/sketches/d1\n\n{}", okDrawing),
			"example-unmatched", "the example's PATCH https://graph.microsoft.com/v1.0/sketches/d1 matches none of the page's endpoints", false, false},
		{"wrong method", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			"PUT https://graph.microsoft.com/v1.0/drawings/d1\n\n{}", okDrawing),
			"example-unmatched", "the example's PUT https://graph.microsoft.com/v1.0/drawings/d1 matches none of the page's endpoints", false, false},
		{"bad json", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "title": "x", }`), okDrawing),
			"example-bad-json", "request body is not valid JSON (invalid character '}' looking for beginning of object key string)", false, true},
		{"bad response json", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "title": "x" }`), "HTTP/1.1 200 OK\n\n{ \"title\": ... }"),
			"example-bad-json", "response body is not valid JSON (invalid character '.' looking for beginning of value)", true, true},
		{"unexpected body", exOp("Delete drawing", "DELETE /drawings/{id}", "", "", noBody,
			"DELETE https://graph.microsoft.com/v1.0/drawings/d1\n\n{ \"why\": 1 }", "HTTP/1.1 204 No Content"),
			"example-unexpected-body", "the request has a body but the page documents none", false, true},
		{"not success", exOp("Delete drawing", "DELETE /drawings/{id}", "", "", noBody,
			"DELETE https://graph.microsoft.com/v1.0/drawings/d1", "HTTP/1.1 404 Not Found"),
			"example-not-success", "the example response has status 404", false, true},
		{"missing body", exOp("Get drawing", "GET /drawings/{id}", "", "", drawingReply,
			"GET https://graph.microsoft.com/v1.0/drawings/d1", "HTTP/1.1 200 OK"),
			"example-missing-body", "the page returns a drawing object with status 200, but the example response (status 200) has no body", true, true},
		{"mismatch", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "layers": 70000 }`), okDrawing),
			"example-type-mismatch", "request body: layers: expected an int16, got 70000", false, true},
		{"date-time offset", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "created": "2024-01-02T03:04:05+0100" }`), okDrawing),
			"example-type-mismatch", `request body: created: expected a date-time, got "2024-01-02T03:04:05+0100"`, false, true},
		{"nested mismatch", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "shapes": [ { "kind": 1 } ] }`), okDrawing),
			"example-type-mismatch", "request body: shapes: kind: expected a string (shapeKind), got a number", false, true},
		{"response mismatch", exOp("List drawings", "GET /drawings", "", "", list,
			"GET https://graph.microsoft.com/v1.0/drawings", "HTTP/1.1 200 OK\n\n[]"),
			"example-type-mismatch", "response body: the body is an array, not an object with a \"value\" property as the page's return type needs", true, true},
		{"argument", exOp("Get top drawings", "GET /drawings/top(n={n})", "|n|Int32|How many.|", "", list,
			"GET https://graph.microsoft.com/v1.0/drawings/top(n=three)", "HTTP/1.1 200 OK\n\n{\"value\": []}"),
			"example-type-mismatch", `argument n: expected an integer, got "three"`, false, true},
		{"unknown type", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "main": { "@odata.type": "#microsoft.graph.square" } }`), okDrawing),
			"example-unknown-type", `request body: main: @odata.type "#microsoft.graph.square" is not shape or a type derived from it`, false, true},
		{"read-only", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "id": "d1" }`), okDrawing),
			"example-read-only-property", `request body: property "id" of drawing is read-only, and the client never sends it`, false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := buildEx(t, map[string]string{"op": c.page})
			op := a.Operations[0]
			ex := op.Examples[0]
			if ex.Skip == nil {
				t.Fatalf("not skipped; request %+v", ex.Request)
			}
			if ex.Skip.Code != c.code || ex.Skip.Reason != c.reason {
				t.Errorf("skip %s: %s\nwant %s: %s", ex.Skip.Code, ex.Skip.Reason, c.code, c.reason)
			}
			if ex.Response != nil {
				t.Errorf("a skipped example has a response: %+v", ex.Response)
			}
			if (ex.Endpoint != nil) != c.endpointLinked {
				t.Errorf("endpoint %v, want linked %t", ex.Endpoint, c.endpointLinked)
			}
			d := op.Page.Examples[0]
			wantLine := d.Request.Pos.Line
			if c.responseLine {
				wantLine = d.Response.Pos.Line
			}
			if ex.Skip.At.File != "api/op.md" || ex.Skip.At.Line != wantLine {
				t.Errorf("skip at %s, want api/op.md:%d", ex.Skip.At, wantLine)
			}
			var diags []string
			for _, d := range a.Diagnostics {
				diags = append(diags, d.String())
			}
			want := fmt.Sprintf("api/op.md:%d:1: warning: %s: example 1: %s; its generated test is skipped", wantLine, c.code, c.reason)
			if !slices.Equal(diags, []string{want}) {
				t.Errorf("diagnostics:\n%s\nwant\n%s", strings.Join(diags, "\n"), want)
			}
		})
	}
}

// TestExampleUndocumented: members a request body's type does not
// document (a request body type's @odata.type too) are read as raw JSON,
// sent as additional data, and reported once per example with a warning
// that does not skip it.
func TestExampleUndocumented(t *testing.T) {
	for _, c := range []struct {
		name, page, msg, tree string
	}{
		{"model", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "title": "x", "bogus": {"b": 1, "a": null}, "shapes": [{"label": "l", "color": "red"}] }`), okDrawing),
			`request body: property "bogus" is not a property of drawing (and 1 more undocumented properties); the client sends them as additional data`,
			`microsoft.graph.drawing{"title": "x":String, "bogus"?: raw({"a":null,"b":1}), "shapes": [microsoft.graph.shape{"label": "l":String, "color"?: raw("red")}]}`},
		{"nested", exOp("Update drawing", "PATCH /drawings/{id}", "", drawingBody, drawingReply,
			patchDrawing(`{ "main": {"label": "l", "color": "red"} }`), okDrawing),
			`request body: main: property "color" is not a property of shape; the client sends it as additional data`,
			`microsoft.graph.drawing{"main": microsoft.graph.shape{"label": "l":String, "color"?: raw("red")}}`},
		{"request type", exOp("Rename drawing", "POST /drawings/{id}/rename", "", "|Parameter|Type|Description|\n|:---|:---|:---|\n|name|String|The name.|",
			"If successful, this method returns a `204 No Content` response code.",
			"POST https://graph.microsoft.com/v1.0/drawings/d1/rename\n\n{ \"@odata.type\": \"#x\", \"nom\": \"x\" }", "HTTP/1.1 204 No Content"),
			`request body: property "@odata.type" is not a property of the page's request body (and 1 more undocumented properties); the client sends them as additional data`,
			`request{"@odata.type"?: raw("#x"), "nom"?: raw("x")}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := buildEx(t, map[string]string{"op": c.page})
			ex := a.Operations[0].Examples[0]
			if ex.Skip != nil {
				t.Fatalf("skipped: %+v", ex.Skip)
			}
			if got := dumpValue(ex.Request.Body); got != c.tree {
				t.Errorf("tree:\n got %s\nwant %s", got, c.tree)
			}
			want := fmt.Sprintf("api/op.md:%d:1: warning: example-unknown-property: example 1: %s", ex.Request.Doc.Line, c.msg)
			if len(a.Diagnostics) != 1 || a.Diagnostics[0].String() != want {
				t.Errorf("diagnostics %v\nwant %s", a.Diagnostics, want)
			}
		})
	}
}

// TestExampleRequest: arguments typed by the function's parameters,
// query options classified, the headers a client sends, an upload's
// bytes; a response with a primitive collection read in its "value".
func TestExampleRequest(t *testing.T) {
	page := exOp("Get top drawings", "GET /drawings/top(n={n},shared={shared},kind={kind})",
		"|n|Int32|How many.|\n|shared|Boolean|Shared.|\n|kind|[shapeKind](../resources/shape.md#shapekind-values)|Which kind.|", "",
		"If successful, this function returns a `200 OK` response code and a collection of [shapeKind](../resources/shape.md#shapekind-values) values in the response body.",
		"GET https://graph.microsoft.com/v1.0/drawings/top(n=+03,shared=True,kind=round)?$select=id,%20title&$expand=shapes($select=id,kind)&$top=5&$skip=01&$count=true&$orderBy=title&$filter=startswith(title,'a%26b')&x=y\nAuthorization: Bearer x\nConsistencyLevel: eventual\nContent-Type: application/json\nHost: graph.microsoft.com",
		"HTTP/1.1 200 OK\nContent-Length: 20\nContent-Type: application/json\n\n{\"value\": [\"round\", \"oval\"]}")
	a := buildEx(t, map[string]string{"top": page})
	ex := a.Operations[0].Examples[0]
	if ex.Skip != nil {
		t.Fatalf("skipped: %+v", ex.Skip)
	}
	var args []string
	for _, v := range ex.Request.Args {
		args = append(args, dumpValue(v))
	}
	if want := []string{`"3":Int32`, `"true":Boolean`, `"round":microsoft.graph.shapeKind`}; !slices.Equal(args, want) {
		t.Errorf("args %q, want %q", args, want)
	}
	want := []QueryOption{
		{Kind: QuerySelect, Name: "$select", Value: "id, title", List: []string{"id", "title"}},
		{Kind: QueryExpand, Name: "$expand", Value: "shapes($select=id,kind)", List: []string{"shapes($select=id,kind)"}},
		{Kind: QueryTop, Name: "$top", Value: "5", N: 5},
		{Kind: QueryOther, Name: "$skip", Value: "01"},
		{Kind: QueryCount, Name: "$count", Value: "true"},
		{Kind: QueryOther, Name: "$orderBy", Value: "title"},
		{Kind: QueryFilter, Name: "$filter", Value: "startswith(title,'a&b')"},
		{Kind: QueryOther, Name: "x", Value: "y"},
	}
	if d := cmp.Diff(want, ex.Request.Options); d != "" {
		t.Errorf("options (-want +got):\n%s", d)
	}
	if want := []model.HeaderField{{Name: "ConsistencyLevel", Value: "eventual"}}; !slices.Equal(ex.Request.Headers, want) {
		t.Errorf("headers %v, want %v", ex.Request.Headers, want)
	}
	r := ex.Response
	if r.Status != 200 || len(r.Headers) != 1 || r.Headers[0].Name != "Content-Type" {
		t.Errorf("response %d %v", r.Status, r.Headers)
	}
	if got := dumpValue(r.Body); got != `-{"value": ["round"=round, "oval":microsoft.graph.shapeKind]}` {
		t.Errorf("response body %s", got)
	}
}

// TestExampleUpload: an upload sends the example's text and Content-Type.
func TestExampleUpload(t *testing.T) {
	page := exOp("Upload drawing", "PUT /drawings/{id}/content", "", "",
		"If successful, this method returns a `204 No Content` response code.",
		"PUT https://graph.microsoft.com/v1.0/drawings/d1/content\nContent-Type: text/plain\n\nsome text", "HTTP/1.1 204 No Content")
	ex := buildEx(t, map[string]string{"up": page}).Operations[0].Examples[0]
	if ex.Skip != nil || ex.Request.Bytes != "some text" || ex.Request.ContentType != "text/plain" || ex.Request.Body != nil {
		t.Errorf("upload: skip %+v, request %+v", ex.Skip, ex.Request)
	}
}

// TestExampleResponseLenient: a response may hold null anywhere,
// undocumented members and an @odata.type the family lacks.
func TestExampleResponseLenient(t *testing.T) {
	page := exOp("Get drawing", "GET /drawings/{id}", "", "", drawingReply,
		"GET https://graph.microsoft.com/v1.0/drawings/d1",
		"HTTP/1.1 200 OK\n\n{\"@odata.context\": \"x\", \"title\": null, \"id\": \"d1\", \"main\": {\"@odata.type\": \"#microsoft.graph.hexagon\", \"sides\": 6}, \"shapes\": [null], \"more\": 1}")
	ex := buildEx(t, map[string]string{"get": page}).Operations[0].Examples[0]
	if ex.Skip != nil {
		t.Fatalf("skipped: %+v", ex.Skip)
	}
	got := dumpValue(ex.Response.Body)
	want := `microsoft.graph.drawing{"@odata.context"?: "x", "title": null, "id": "d1":String, "main": -{"@odata.type": "#microsoft.graph.hexagon", "sides": "6"}, "shapes": [null], "more"?: "1"}`
	if got != want {
		t.Errorf("response tree:\n got %s\nwant %s", got, want)
	}
}

// TestExamplePrimary: an endpoint two pages document is read against the
// first page's shapes (whose method a client calls).
func TestExamplePrimary(t *testing.T) {
	first := exOp("Get top drawings", "GET /drawings/top(n={n})", "|n|String|How many, as text.|", "",
		"If successful, this function returns a `200 OK` response code and a collection of String in the response body.")
	second := exOp("Get top drawings again", "GET /drawings/top(n={n})", "|n|Int32|How many.|", "",
		"If successful, this function returns a `200 OK` response code and a collection of String in the response body.",
		"GET https://graph.microsoft.com/v1.0/drawings/top(n=three)", "HTTP/1.1 200 OK\n\n{\"value\": []}")
	a := buildEx(t, map[string]string{"a-top": first, "b-top": second})
	op := opNamed(t, a, "Get top drawings again")
	ex := op.Examples[0]
	if ex.Endpoint != op.Endpoints[0] || ex.Endpoint.Primary != opNamed(t, a, "Get top drawings").Endpoints[0] {
		t.Fatalf("endpoint %v, primary %v", ex.Endpoint, ex.Endpoint.Primary)
	}
	if ex.Skip != nil || dumpValue(ex.Request.Args[0]) != `"three":String` {
		t.Errorf("skip %+v, args %v", ex.Skip, ex.Request.Args)
	}
}

// TestExampleAnswer: the fake answers an endpoint with the first example
// that calls it and whose response its result type reads, else the page's
// first usable example, else the page's status alone.
func TestExampleAnswer(t *testing.T) {
	page := exOp("Get drawing", "GET /drawings/{id}\nGET /me/drawing\nGET /drawings/{id}/content", "", "", drawingReply,
		"GET https://graph.microsoft.com/v1.0/me/drawing", "HTTP/1.1 404 Not Found\n\n{\"error\": {}}",
		"GET https://graph.microsoft.com/v1.0/me/drawing", "HTTP/1.1 200 OK\n\n{\"title\": 5}",
		"", "HTTP/1.1 200 OK\nContent-Type: application/json\nETag: W/\"1\"\n\n{ \"title\": \"any\" }",
		"GET https://graph.microsoft.com/v1.0/me/drawing", "HTTP/1.1 203 Non-Authoritative Information\n\n{ \"title\": \"me\" }")
	op := buildEx(t, map[string]string{"get": page}).Operations[0]
	got := map[string]string{}
	for _, ep := range op.Endpoints {
		a := ep.Answer
		n := 0
		if a.Example != nil {
			n = a.Example.N
		}
		got[ep.Path] = fmt.Sprintf("%d %s %v example %d", a.Status, a.Body, a.Headers, n)
	}
	want := map[string]string{
		"/drawings/{id}":         `200 {"title":"any"} [{ETag W/"1"}] example 3`,
		"/me/drawing":            `203 {"title":"me"} [] example 4`,
		"/drawings/{id}/content": `200  [] example 0`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("answers (-want +got):\n%s", d)
	}
}

// TestParseQuery: a query string's parameters, unescaped, classified.
func TestParseQuery(t *testing.T) {
	got := ParseQuery("$top=-1&&$top=1e2&$count=false&$search=%22a+b%22&$select=a,b(c,d),'e,f'&bad=%zz")
	want := []QueryOption{
		{Kind: QueryOther, Name: "$top", Value: "-1"},
		{Kind: QueryOther, Name: "$top", Value: "1e2"},
		{Kind: QueryOther, Name: "$count", Value: "false"},
		{Kind: QuerySearch, Name: "$search", Value: `"a b"`},
		{Kind: QuerySelect, Name: "$select", Value: "a,b(c,d),'e,f'", List: []string{"a", "b(c,d)", "'e,f'"}},
		{Kind: QueryOther, Name: "bad", Value: "%zz"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("ParseQuery (-want +got):\n%s", d)
	}
	if got := ParseQuery(""); got != nil {
		t.Errorf("ParseQuery(\"\") = %v", got)
	}
}

// TestDecodeValue: the tree keeps members in order (a repeated one keeps
// its first place and its last value), numbers as written; trailing data
// and deep nesting are errors.
func TestDecodeValue(t *testing.T) {
	v, err := decodeValue([]byte(`{"b": 1.50, "a": [true, null, "x"], "b": {"c": -0}}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := dumpValue(v); got != `-{"b": -{"c": "-0"}, "a": ["true", null, "x"]}` {
		t.Errorf("tree %s", got)
	}
	if raw := v.Raw(); raw != nil {
		t.Errorf("Raw of a value not read as untyped: %s", raw)
	}
	v.untyped = true
	if raw := v.Raw(); string(raw) != `{"a":[true,null,"x"],"b":{"c":-0}}` {
		t.Errorf("Raw %s", raw)
	}
	for _, bad := range []string{`{} {}`, `{"a" 1}`, `[1,]`, `{"a":1,}`, ``, `[`, strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1)} {
		if _, err := decodeValue([]byte(bad)); err == nil {
			t.Errorf("decodeValue(%.20q): no error", bad)
		}
	}
	if _, err := decodeValue([]byte(strings.Repeat("[", maxDepth) + strings.Repeat("]", maxDepth))); err != nil {
		t.Errorf("nesting %d: %v", maxDepth, err)
	}
}

// TestExampleRequired: the body properties the request body table marks
// required.
func TestExampleRequired(t *testing.T) {
	page := exOp("Rename drawing", "POST /drawings/{id}/rename", "",
		"|Parameter|Type|Description|\n|:---|:---|:---|\n|name|String|The name. Required.|\n|note|String|A note.|",
		"If successful, this method returns a `204 No Content` response code.")
	op := buildEx(t, map[string]string{"rename": page}).Operations[0]
	if got := op.Body.Required; !slices.Equal(got, []string{"name"}) {
		t.Errorf("required %v", got)
	}
}
