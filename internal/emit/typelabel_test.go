package emit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// TestDiagnosticsNameTheRequestType: an example that sends a property the
// page's request body (a table, no named type) does not list, or a value
// of the wrong shape, gets a diagnostic naming the request type; it said
// "is not a property of ;" before.
func TestDiagnosticsNameTheRequestType(t *testing.T) {
	op := `# gizmo: polish

Namespace: microsoft.graph

Polish a gizmo.

## HTTP request

` + "```http\nPOST /gizmos/{gizmoId}/polish\n```" + `

## Request body

|Parameter|Type|Description|
|:---|:---|:---|
|finish|String|The finish to reach.|
|passes|Int32|How many passes.|

## Response

If successful, this method returns a ` + "`204 No Content`" + ` response code.

## Example

` + "```http\nPOST https://graph.microsoft.com/v1.0/gizmos/g1/polish\nContent-type: application/json\n\n{ \"finish\": \"matte\", \"groupTypes\": [\"Unified\"] }\n```" + `

` + "```http\nHTTP/1.1 204 No Content\n```" + `

` + "```http\nPOST https://graph.microsoft.com/v1.0/gizmos/g1/polish\nContent-type: application/json\n\n{ \"finish\": \"matte\", \"passes\": \"two\" }\n```" + `

` + "```http\nHTTP/1.1 204 No Content\n```" + `
`
	res, err := os.ReadFile(filepath.Join("testdata", "scale", "resources", "gizmo.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs := []*model.Document{parser.Parse("api/gizmo-polish.md", []byte(op)), parser.Parse("resources/gizmo.md", res)}
	r, err := Generate(api.Build(docs, api.Options{}), goldenConfig)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, d := range r.Diagnostics {
		if strings.HasPrefix(d.Code, "example-") {
			msgs = append(msgs, d.Message)
		}
	}
	want := `property "groupTypes" is not a property of the request body CallGizmoPolishRequest`
	if len(msgs) == 0 || !strings.Contains(msgs[0], want) {
		t.Errorf("diagnostics %q, want one saying %q", msgs, want)
	}
	for _, m := range msgs {
		if strings.Contains(m, " of ;") || strings.Contains(m, "  ") {
			t.Errorf("a diagnostic names no type: %q", m)
		}
	}
}
