package api

import (
	"strings"
	"testing"
)

// refPage is an operation page whose endpoints link a shape, with one
// example sending body (none when "").
func refPage(endpoints, bodySection, method, url, body string) string {
	req := method + " " + url
	if body != "" {
		req += "\nContent-type: application/json\n\n" + body
	}
	return exOp("Link shape", endpoints, "", bodySection,
		"If successful, this method returns a `204 No Content` response code.", req, "HTTP/1.1 204 No Content")
}

const shapeBody = "In the request body, supply a JSON representation of a [shape](../resources/shape.md) object."

// TestRefEndpoints: POST and PUT to a path ending in $ref send a reference
// (Endpoint.Ref, no JSONBody), whatever the page's body section says; GET,
// DELETE and PATCH of one, and other paths, do not.
func TestRefEndpoints(t *testing.T) {
	endpoints := strings.Join([]string{
		"POST /drawings/{id}/shapes/$ref",
		"PUT /drawings/{id}/main/$ref",
		"POST /drawings/{id}/layers/$REF",
		"GET /drawings/{id}/shapes/$ref",
		"DELETE /drawings/{id}/shapes/{shape-id}/$ref",
		"PATCH /drawings/{id}/main/$ref",
		"POST /drawings/{id}/shapes",
		"POST /drawings/{id}/$ref/copy",
	}, "\n")
	want := map[string]bool{
		"POST /drawings/{id}/shapes/$ref": true, "PUT /drawings/{id}/main/$ref": true, "POST /drawings/{id}/layers/$REF": true,
	}
	for _, body := range []string{shapeBody, "", "|Property|Type|Description|\n|:---|:---|:---|\n|label|String|A label.|"} {
		a := buildEx(t, map[string]string{"op": exOp("Link shape", endpoints, "", body, "If successful, this method returns a `204 No Content` response code.")})
		op := a.Operations[0]
		if len(op.Endpoints) != 8 {
			t.Fatalf("%d endpoints, want 8", len(op.Endpoints))
		}
		for _, ep := range op.Endpoints {
			k := ep.Method + " " + ep.Path
			if ep.Ref != want[k] {
				t.Errorf("body %q: %s: Ref = %t, want %t", body, k, ep.Ref, want[k])
			}
			if ep.Ref && (ep.JSONBody() != nil || ep.BinaryIn) {
				t.Errorf("body %q: %s: a reference endpoint with JSONBody %v, BinaryIn %t", body, k, ep.JSONBody(), ep.BinaryIn)
			}
		}
		if body != "" && op.Endpoints[6].JSONBody() == nil {
			t.Errorf("body %q: POST /drawings/{id}/shapes lost its body", body)
		}
	}
}

// TestRefExamples: an example of a reference endpoint gives the reference
// it sends when its body is {"@odata.id": "<URL>"} alone; anything else
// skips it with example-not-reference (example-bad-json for JSON that is
// not), at the request's line.
func TestRefExamples(t *testing.T) {
	const url = "https://graph.microsoft.com/v1.0/drawings/d1/shapes/$ref"
	good := []struct{ name, body, ref string }{
		{"plain", `{ "@odata.id": "https://graph.microsoft.com/v1.0/shapes/s1" }`, "https://graph.microsoft.com/v1.0/shapes/s1"},
		{"escaped", `{"@odata.id":"https://graph.microsoft.com/v1.0/shapes('s\u00e9 \"1\"')"}`, `https://graph.microsoft.com/v1.0/shapes('sé "1"')`},
		{"written twice", `{"@odata.id":"a","@odata.id":"b"}`, "b"},
	}
	for _, c := range good {
		for _, section := range []string{shapeBody, ""} { // the page's body section does not matter
			a := buildEx(t, map[string]string{"op": refPage("POST /drawings/{id}/shapes/$ref", section, "POST", url, c.body)})
			ex := a.Operations[0].Examples[0]
			if ex.Skip != nil {
				t.Errorf("%s (section %q): skipped: %s: %s", c.name, section, ex.Skip.Code, ex.Skip.Reason)
				continue
			}
			r := ex.Request
			if r.Ref != c.ref || r.BodyText != c.body || r.Body != nil {
				t.Errorf("%s: Ref %q, BodyText %q, Body %v; want Ref %q, the body as written, no Body", c.name, r.Ref, r.BodyText, r.Body, c.ref)
			}
			if ex.Response == nil || ex.Response.Status != 204 {
				t.Errorf("%s: response %+v", c.name, ex.Response)
			}
		}
	}
	bad := []struct{ name, body, code, reason string }{
		{"no body", "", "example-not-reference",
			`the request has no body, but POST or PUT to $ref sends a reference, {"@odata.id": "<URL>"}`},
		{"empty object", "{ }", "example-not-reference",
			`the request body is an empty object, not a reference, {"@odata.id": "<URL>"}`},
		{"an object to create", `{ "label": "x", "kind": "round" }`, "example-not-reference",
			`the request body holds "label", "kind", not a reference, {"@odata.id": "<URL>"}`},
		{"more than a reference", `{ "@odata.id": "https://x/shapes/1", "label": "x" }`, "example-not-reference",
			`the request body holds "label" besides "@odata.id"; a reference holds nothing else`},
		{"number", `{ "@odata.id": 7 }`, "example-not-reference",
			`the request body's "@odata.id" is a number, not a URL string`},
		{"empty", `{ "@odata.id": "" }`, "example-not-reference",
			`the request body's "@odata.id" is empty, not the URL of an object`},
		{"array", `[ { "@odata.id": "https://x/shapes/1" } ]`, "example-not-reference",
			`the request body is an array, not a reference, {"@odata.id": "<URL>"}`},
		{"bad json", `{ "@odata.id": "x", }`, "example-bad-json",
			`request body is not valid JSON (invalid character '}' looking for beginning of object key string)`},
	}
	for _, c := range bad {
		a := buildEx(t, map[string]string{"op": refPage("POST /drawings/{id}/shapes/$ref", shapeBody, "POST", url, c.body)})
		ex := a.Operations[0].Examples[0]
		if ex.Skip == nil {
			t.Errorf("%s: not skipped (Ref %q)", c.name, ex.Request.Ref)
			continue
		}
		if ex.Skip.Code != c.code || ex.Skip.Reason != c.reason {
			t.Errorf("%s: skip %s: %s\nwant %s: %s", c.name, ex.Skip.Code, ex.Skip.Reason, c.code, c.reason)
		}
		if ex.Skip.At != ex.Request.Doc || ex.Response != nil || ex.Request.Ref != "" {
			t.Errorf("%s: skip at %s (request at %s), response %+v, Ref %q", c.name, ex.Skip.At, ex.Request.Doc, ex.Response, ex.Request.Ref)
		}
		found := false
		for _, d := range a.Diagnostics {
			found = found || d.Code == c.code && strings.Contains(d.Message, c.reason) && d.Line == ex.Skip.At.Line
		}
		if !found {
			t.Errorf("%s: no %s diagnostic at line %d: %v", c.name, c.code, ex.Skip.At.Line, a.Diagnostics)
		}
	}
	// GET and DELETE of a $ref are unchanged: a DELETE example with a
	// body is still an unexpected body.
	a := buildEx(t, map[string]string{"op": refPage("DELETE /drawings/{id}/shapes/{shape-id}/$ref", "", "DELETE",
		"https://graph.microsoft.com/v1.0/drawings/d1/shapes/s1/$ref", `{ "@odata.id": "https://x/shapes/1" }`)})
	if s := a.Operations[0].Examples[0].Skip; s == nil || s.Code != "example-unexpected-body" {
		t.Errorf("DELETE $ref with a body: skip %+v, want example-unexpected-body", s)
	}
}
