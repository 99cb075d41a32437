package api

import (
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// gizmoResource is a resource page of our own.
const gizmoResource = "# gizmo resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|The ID.|\n|name|String|The name.|\n\n" +
	"## JSON representation\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.gizmo\"} -->\n```json\n{\"id\": \"1\", \"name\": \"n\"}\n```\n"

// TestResponseLinked (issue 18.4): the linked model gives an operation the
// response type its Response section links without a status code (the
// status from the example), the type of an example's annotation when the
// section links none, and an Edm.Stream annotation is bytes (Binary), not
// a JSON string.
func TestResponseLinked(t *testing.T) {
	op := func(response, status, annotation, body string) *model.Document {
		return parser.Parse("api/gizmo-upload.md", []byte("# Upload a gizmo\n\n## HTTP request\n\n```http\nPUT /gizmos/{id}/content\nPOST /gizmos/{id}/render\n```\n\n"+
			"## Response\n\n"+response+"\n\n## Example\n\n### Request\n\n<!-- {\"blockType\": \"request\"} -->\n```http\nPUT https://graph.microsoft.com/v1.0/gizmos/1/content\n```\n\n"+
			"### Response\n\n<!-- {\"blockType\": \"response\", \"@odata.type\": \""+annotation+"\"} -->\n```http\nHTTP/1.1 "+status+"\nContent-Type: application/json\n\n"+body+"\n```\n"))
	}
	res := parser.Parse("resources/gizmo.md", []byte(gizmoResource))
	for _, tc := range []struct {
		name   string
		doc    *model.Document
		status int
		typ    string
		binary bool
	}{
		{"linked without a status", op("If successful, this method returns a [gizmo](../resources/gizmo.md) object in the response body.", "201 Created", "microsoft.graph.gizmo", `{"id": "1"}`), 201, "microsoft.graph.gizmo", false},
		{"the example's annotation", op("If successful, this method returns a `200 OK` response code and the gizmo in the response body.", "200 OK", "microsoft.graph.gizmo", `{"id": "1"}`), 200, "microsoft.graph.gizmo", false},
		{"an Edm.Stream annotation", op("If successful, this method returns a `200 OK` response code and the rendered bytes in the response body.", "200 OK", "Edm.Stream", "..."), 200, "", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := Build([]*model.Document{tc.doc, res}, Options{})
			if len(a.Operations) != 1 || a.Operations[0].Response == nil {
				t.Fatalf("operations %+v", a.Operations)
			}
			r := a.Operations[0].Response
			got := ""
			if r.Type != nil {
				got = r.Type.String()
			}
			if r.Status != tc.status || got != tc.typ || r.Binary != tc.binary {
				t.Errorf("response %d %q binary %v; want %d %q binary %v", r.Status, got, r.Binary, tc.status, tc.typ, tc.binary)
			}
		})
	}
}

// TestParameterWithoutType: a parameter table without a Type column
// ($filter, $top) gives String parameters without a diagnostic (it gave
// an unknown-type warning quoting an empty name per row); an empty type cell of a body
// table says it is empty.
func TestParameterWithoutType(t *testing.T) {
	d := parser.Parse("api/gizmo-list.md", []byte("# List gizmos\n\n## HTTP request\n\n```http\nPOST /gizmos/query\n```\n\n## Optional query parameters\n\n"+
		"|Name|Description|\n|:--|:--|\n|$filter|Filters.|\n|$top|How many.|\n\n## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name||The name.|\n"))
	a := Build([]*model.Document{d}, Options{})
	op := a.Operations[0]
	if len(op.Params) != 2 || op.Params[0].Type.Prim != PrimString || op.Params[1].Name != "$top" || op.Params[1].Type.Prim != PrimString {
		t.Errorf("params %+v", op.Params)
	}
	var msgs []string
	for _, dg := range a.Diagnostics {
		msgs = append(msgs, dg.String())
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], "api/gizmo-list.md:20:1: warning: unknown-type: the type cell is empty") {
		t.Errorf("diagnostics %q", msgs)
	}
}
