package parser

import (
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
)

// gadgetPage is an operation page of our own: a title, one endpoint, the
// Response section's prose, then the page's examples (and whatever
// follows them).
func gadgetPage(method, response, examples string) string {
	return "# Do something with a gadget\n\nNamespace: microsoft.graph\n\n## HTTP request\n\n```http\n" + method + " /gadgets/{id}/doSomething\n```\n\n" +
		"## Response\n\n" + response + "\n\n## Examples\n\n" + examples
}

// exampleOf is a request and its response, the response annotated with
// @odata.type when odataType is not empty.
func exampleOf(status, odataType, body string) string {
	annot := `<!-- { "blockType": "response" } -->`
	if odataType != "" {
		annot = `<!-- { "blockType": "response", "@odata.type": "` + odataType + `" } -->`
	}
	return "### Request\n\n<!-- { \"blockType\": \"request\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/gadgets/1/doSomething\n```\n\n" +
		"### Response\n\n" + annot + "\n```http\nHTTP/1.1 " + status + "\nContent-Type: application/json\n\n" + body + "\n```\n"
}

// TestResponseType (issue 18.4): a Response section that links a type in
// the response body gives that type whatever the status wording; else the
// example response's @odata.type annotation; else a warning when the
// response has a body. A later Response section of the page (another
// request's) changes nothing.
func TestResponseType(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		status    int
		typ       string // "" for none; "[]x" for a collection of x
		diags     []string
		absent    []string
	}{
		{
			name: "no status in the sentence (driveitem-put-content)",
			src: gadgetPage("PUT", "If successful, this method returns a [gadget](../resources/gadget.md) object in the response body for the new or updated gadget.",
				exampleOf("201 Created", "microsoft.graph.gadget", `{"id": "1"}`)),
			status: 201, typ: "gadget", diags: []string{"response-status-from-example"}, absent: []string{"response-type-from-example"},
		},
		{
			name: "status and type in separate paragraphs",
			src: gadgetPage("GET", "If successful, this method returns a `200 OK` response code.\n\nThe response body includes a [gadget](../resources/gadget.md) object; see [errors](/graph/errors).",
				exampleOf("200 OK", "", `{"id": "1"}`)),
			status: 200, typ: "gadget",
		},
		{
			name: "type before the status (driveitem-createlink)",
			src: gadgetPage("POST", "If successful, this method returns a single [permission](../resources/permission.md) resource in the response body.\n\nThe response is `201 Created` for a new link or `200 OK` for an existing one.",
				exampleOf("201 Created", "", `{"id": "1"}`)),
			status: 201, typ: "permission",
		},
		{
			name: "a list item (onlinemeeting-get)",
			src: gadgetPage("GET", "If successful, this method returns a `200 OK` response code and one of the following:\n\n"+
				"- For a gadget by ID, a collection of [gadget](../resources/gadget.md) objects in the response body.\n- For a report, a `Location` header.",
				exampleOf("200 OK", "", `{"value": []}`)),
			status: 200, typ: "[]gadget",
		},
		{
			name: "204 said to carry a body",
			src: gadgetPage("PATCH", "If successful, this method returns a `204 No Content` response code and an updated [gadget](../resources/gadget.md) object in the response body.",
				exampleOf("204 No Content", "", "")),
			status: 204, typ: "gadget", diags: []string{"response-type-no-content"},
		},
		{
			name: "204, then the representation on request (planner updates)",
			src: gadgetPage("PATCH", "If successful, this method returns `204 No Content` and empty content. If the request specifies `Prefer: return=representation`, it returns `200 OK` and the updated [gadget](../resources/gadget.md) object in the response body.",
				exampleOf("204 No Content", "", "")),
			status: 204, typ: "gadget", diags: []string{"response-type-no-content"},
		},
		{
			name: "202 Accepted links its operation (team clone)",
			src: gadgetPage("POST", "If successful, this method returns a `202 Accepted` response code with a Location header pointing to the [operation](../resources/gadgetoperation.md) resource.",
				exampleOf("202 Accepted", "", "")),
			status: 202, typ: "operation", absent: []string{"response-type-unknown"},
		},
		{
			name: "no linked type: the example's annotation",
			src: gadgetPage("GET", "If successful, this method returns a `200 OK` response code and a collection of gadgets in the response body.",
				exampleOf("200 OK", "microsoft.graph.gadget", `{"value": [{"id": "1"}]}`)),
			status: 200, typ: "[]microsoft.graph.gadget", diags: []string{"response-type-from-example"},
		},
		{
			name: "an annotation written Collection(...)",
			src: gadgetPage("GET", "If successful, this method returns a `200 OK` response code and the gadgets in the response body.",
				exampleOf("200 OK", "Collection(microsoft.graph.gadget)", `{"value": [{"id": "1"}]}`)),
			status: 200, typ: "[]microsoft.graph.gadget", diags: []string{"response-type-from-example"},
		},
		{
			name: "an annotation saying none",
			src: gadgetPage("POST", "If successful, this method returns a `200 OK` response code. It does not return anything in the response body.",
				exampleOf("200 OK", "microsoft.graph.none", "")),
			status: 200, absent: []string{"response-type-from-example", "response-type-unknown"},
		},
		{
			name: "a body of no known type",
			src: gadgetPage("GET", "If successful, this method returns a `200 OK` response code and a **gadget** object in the response body.",
				exampleOf("200 OK", "", `{"id": "1"}`)),
			status: 200, diags: []string{"response-type-unknown"},
		},
		{
			name:   "a body of no known type, no example",
			src:    gadgetPage("GET", "If successful, this method returns a `200 OK` response code and a **gadgets** object in the response body.", ""),
			status: 200, diags: []string{"response-type-unknown"},
		},
		{
			name:   "a download's body is the bytes: no warning",
			src:    strings.Replace(gadgetPage("GET", "The service answers `200 OK` with the bytes in the response body.", ""), "/doSomething", "/content", 1),
			status: 200, absent: []string{"response-type-unknown"},
		},
		{
			name:   "a media entity's $value: no warning",
			src:    strings.Replace(gadgetPage("GET", "If successful, this method returns a `200 OK` response code and the photo's binary data in the response body.", ""), "/doSomething", "/photo/$value", 1),
			status: 200, absent: []string{"response-type-unknown"},
		},
		{
			name: "no body: no warning",
			src: gadgetPage("POST", "If successful, this method returns a `200 OK` response code. It returns nothing in the response body. This method can return any of the [HTTP status codes](/graph/errors); see [Common gadget errors](../resources/gadget-overview.md#errors).",
				exampleOf("200 OK", "", "")),
			status: 200, absent: []string{"response-type-unknown", "response-type-from-example"},
		},
		{
			name: "a redirect's body is the bytes",
			src: gadgetPage("GET", "If successful, this method returns a `302 Found` response that redirects to a download URL.\n\nThe CSV file in the response body has the [gadgetReport](../resources/gadgetreport.md) columns.",
				exampleOf("302 Found", "", "")),
			status: 302,
		},
		{
			name: "a later Response section (another request) changes nothing",
			src: gadgetPage("POST", "The response to this request, if successful, gives where to send the bytes as an [uploadSession](../resources/uploadsession.md) resource.",
				exampleOf("200 OK", "microsoft.graph.uploadSession", `{"uploadUrl": "https://example.com/up/1"}`)) +
				"\n## Upload bytes\n\nPUT the bytes to the uploadUrl.\n\n### Response\n\nThe server responds with `202 Accepted` while more bytes are expected, and a [driveItem](../resources/driveitem.md) in the response body at the end.\n\n" +
				"```http\nHTTP/1.1 202 Accepted\nContent-Type: application/json\n\n{\"nextExpectedRanges\": [\"26-\"]}\n```\n",
			status: 200, typ: "microsoft.graph.uploadSession", diags: []string{"response-status-from-example", "response-type-from-example"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse("api/gadget-dosomething.md", []byte(tc.src))
			r := d.Response
			if r == nil {
				t.Fatalf("no response; diagnostics %v", codes(d))
			}
			got := ""
			if r.Type != nil {
				got = r.Type.Name
				if r.Type.Collection {
					got = "[]" + got
				}
			}
			if r.Status != tc.status || got != tc.typ {
				t.Errorf("response %d %q, want %d %q", r.Status, got, tc.status, tc.typ)
			}
			c := codes(d)
			for _, want := range tc.diags {
				if !slices.Contains(c, want) {
					t.Errorf("no %s diagnostic: %v", want, d.Diagnostics)
				}
			}
			for _, not := range tc.absent {
				if slices.Contains(c, not) {
					t.Errorf("unexpected %s diagnostic: %v", not, d.Diagnostics)
				}
			}
		})
	}
}

// TestResponseDiagnosticsNameTheType: the warnings say which type and
// which example.
func TestResponseDiagnosticsNameTheType(t *testing.T) {
	d := Parse("api/x.md", []byte(gadgetPage("PATCH", "If successful, this method returns a `204 No Content` response code and a [gadget](../resources/gadget.md) object in the response body.", "")))
	if i := slices.Index(codes(d), "response-type-no-content"); i < 0 || !strings.Contains(d.Diagnostics[i].Message, "gadget") {
		t.Errorf("diagnostics %+v", d.Diagnostics)
	}
	d = Parse("api/x.md", []byte(gadgetPage("GET", "If successful, this method returns a `200 OK` response code.", exampleOf("200 OK", "", `{"id": "1"}`))))
	if i := slices.Index(codes(d), "response-type-unknown"); i < 0 || !strings.Contains(d.Diagnostics[i].Message, "line 28") {
		t.Errorf("diagnostics %+v", d.Diagnostics)
	}
}

// TestRequestBodySections (issue 18.4): a Parameters table that documents
// the request body is the request body: under the Request body section, or
// as a sibling "## Parameters" section of a POST page whose body section
// has no table (driveitem-createuploadsession, in both the 2021 and the
// current shape: "No request body is required. However, you can specify
// properties" is an optional body, not none).
func TestRequestBodySections(t *testing.T) {
	const params = "| Parameter | Type | Description |\n|:--|:--|:--|\n| item | [gadgetUploadableProperties](../resources/gadgetuploadableproperties.md) | Data about the gadget. |\n| deferCommit | Boolean | Wait for an explicit commit. |\n"
	page := func(method, body, rest string) string {
		return "# gadget: createUploadSession\n\n## Create an upload session\n\n### HTTP request\n\n```http\n" + method + " /gadgets/{gadget-id}/createUploadSession\n" +
			method + " /me/gadgets/{gadget-id}/createUploadSession\n```\n\n### Request body\n\n" + body + "\n\n" + rest +
			"\n### Response\n\nIf successful, this method returns a `200 OK` response code and an [uploadSession](../resources/uploadsession.md) object in the response body.\n"
	}
	const optional = "No request body is required. However, you can specify properties in the request body to say more about the gadget being uploaded."
	for _, tc := range []struct {
		name, src    string
		body, params []string
		none         bool
		diag         bool
	}{
		{name: "sibling Parameters section of a POST", src: page("POST", optional, "## Parameters\n\n"+params),
			body: []string{"item", "deferCommit"}, diag: true},
		{name: "Parameters sub-heading of the Request body", src: strings.ReplaceAll(page("POST", "Supply the following.\n\n### Parameters\n\n"+params, ""), "### Request body", "## Request body"),
			body: []string{"item", "deferCommit"}},
		{name: "a GET's Parameters stay parameters", src: page("GET", optional, "## Parameters\n\n"+params),
			params: []string{"item", "deferCommit"}},
		{name: "a body table of its own wins", src: page("POST", "| Property | Type | Description |\n|:--|:--|:--|\n| name | String | The name. |", "## Parameters\n\n"+params),
			body: []string{"name"}, params: []string{"item", "deferCommit"}},
		{name: "no body", src: page("POST", "Don't supply a request body for this method.", "## Parameters\n\n"+params),
			params: []string{"item", "deferCommit"}, none: true},
		{name: "query parameters are not a body", src: page("POST", optional, "## Optional query parameters\n\n"+params),
			params: []string{"item", "deferCommit"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := Parse("api/gadget-createuploadsession.md", []byte(tc.src))
			var body, ps []string
			none := false
			if d.RequestBody != nil {
				none = d.RequestBody.None
				for _, p := range d.RequestBody.Properties {
					body = append(body, p.Name)
				}
			}
			for _, p := range d.Parameters {
				ps = append(ps, p.Name)
			}
			if !slices.Equal(body, tc.body) || !slices.Equal(ps, tc.params) || none != tc.none {
				t.Errorf("body %v (none %v), parameters %v; want %v (none %v), %v", body, none, ps, tc.body, tc.none, tc.params)
			}
			if got := slices.Contains(codes(d), "request-body-from-parameters"); got != tc.diag {
				t.Errorf("request-body-from-parameters %v, want %v: %v", got, tc.diag, d.Diagnostics)
			}
			if d.RequestBody != nil && len(d.RequestBody.Properties) > 0 && d.RequestBody.Properties[0].Name == "item" {
				if typ := d.RequestBody.Properties[0].Type; typ.Name != "gadgetUploadableProperties" || typ.Kind != model.TypeResource {
					t.Errorf("item's type %+v", typ)
				}
			}
			if d.Response == nil || d.Response.Type == nil || d.Response.Type.Name != "uploadSession" {
				t.Errorf("response %+v", d.Response)
			}
		})
	}
}
