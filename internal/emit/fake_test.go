package emit

import (
	"bytes"
	"path"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
	"github.com/graphgen/graphgen/templates"
)

// graphtestFiles returns the files of the graphtest sub-package, by base
// name.
func graphtestFiles(files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for p, data := range files {
		if path.Dir(p) == "graph/graphtest" {
			out[path.Base(p)] = data
		}
	}
	return out
}

func TestFakeSkippedWithoutImportPath(t *testing.T) {
	res, err := Generate(buildCase(t, "seed"), goldenConfig)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(graphtestFiles(res.Files)); n != 0 {
		t.Errorf("%d graphtest files without an import path", n)
	}
	i := slices.IndexFunc(res.Diagnostics, func(d model.Diagnostic) bool { return d.Code == "graphtest-skipped" })
	if i < 0 {
		t.Fatalf("no graphtest-skipped diagnostic in %v", res.Diagnostics)
	}
	if d := res.Diagnostics[i]; d.Severity != model.SevWarning || d.Path != "graph/graphtest" {
		t.Errorf("diagnostic %s", d)
	}
}

func TestFakeFiles(t *testing.T) {
	cfg := goldenConfig
	cfg.ImportPath = "example.com/m/gen/graph"
	res, err := Generate(buildCase(t, "seed"), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := graphtestFiles(res.Files)
	names := templates.FakeFiles()
	if !slices.Contains(names, "graphtest/selfcheck_gen_test.go") || slices.Contains(names, "graphtest/server_test.go") {
		t.Errorf("template files %v: want the _gen_test.go test, not the template's own", names)
	}
	imports := 0
	for _, n := range names {
		data, ok := got["graphtest_"+path.Base(n)]
		if !ok {
			t.Errorf("no copy of %s", n)
			continue
		}
		if !bytes.HasPrefix(data, []byte("// "+headerLine+"\n// source: templates/"+n+"\n\n")) {
			t.Errorf("%s: header %q", n, data[:min(len(data), 80)])
		}
		if bytes.Contains(data, []byte(fakeStandIn)) {
			t.Errorf("%s still imports the stand-in", n)
		}
		if bytes.Contains(data, []byte(`graph "example.com/m/gen/graph"`)) {
			imports++
		}
		if !bytes.Contains(data, []byte("\npackage graphtest\n")) {
			t.Errorf("%s: not package graphtest", n)
		}
	}
	if imports == 0 {
		t.Errorf("no copy imports the client package")
	}
	op := string(got["op_update_deviceconfigurationassignment_gen.go"])
	for _, want := range []string{
		"// source: specs/api/update-deviceconfigurationassignment.md\n",
		`import graph "example.com/m/gen/graph"`,
		`path:    []part{lit("/deviceManagement/deviceConfigurations/"), seg("deviceConfigurationID"), lit("/assignments/"), seg("deviceConfigurationAssignmentID")},`,
		"decode:  decodeAs[*graph.DeviceConfigurationAssignment],",
		"perms:   graph.UpdateDeviceManagementDeviceConfigurationAssignmentPermissions,",
		"func (s *Server) HandleUpdateDeviceManagementDeviceConfigurationAssignment(h func(r *Request[*graph.DeviceConfigurationAssignment]) (*graph.DeviceConfigurationAssignment, error)) {",
	} {
		if !strings.Contains(op, want) {
			t.Errorf("the operation file lacks %q:\n%s", want, op)
		}
	}
	if len(got) != len(names)+1 {
		t.Errorf("%d graphtest files, want the %d copies and one operation file", len(got), len(names))
	}
}

func TestFakeCopy(t *testing.T) {
	src := "// Package graphtest x.\npackage graphtest\n\nimport graph " + strconv.Quote(fakeStandIn) + "\n"
	out, err := fakeCopy([]byte(src), "example.com/a/b", "templates/graphtest/x.go")
	if err != nil {
		t.Fatal(err)
	}
	want := "// " + headerLine + "\n// source: templates/graphtest/x.go\n\n// Package graphtest x.\npackage graphtest\n\nimport graph \"example.com/a/b\"\n"
	if string(out) != want {
		t.Errorf("copy:\n%s\nwant:\n%s", out, want)
	}
	if _, err := fakeCopy([]byte("package other\n"), "x", "s"); err == nil {
		t.Error("a file of another package was copied")
	}
	twice := src + "var _ = " + strconv.Quote(fakeStandIn) + "\n"
	if _, err := fakeCopy([]byte(twice), "x", "s"); err == nil {
		t.Error("a file naming the stand-in twice was copied")
	}
	// Every template file copies.
	if _, err := fakeCopyAll(templates.Fake, "example.com/x"); err != nil {
		t.Error(err)
	}
}

const fakeWidgetPage = `# widget resource type

Namespace: microsoft.graph

A widget.

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|The id. Read-only.|
|displayName|String|The name. Required.|
|size|Int64|The size.|
`

const fakeCreatePage = `# Create widget

Namespace: microsoft.graph

Create a widget.

## HTTP request

` + "```http\nPOST /widgets\n```" + `

## Request body

|Property|Type|Description|
|:---|:---|:---|
|displayName|String|The name. Required.|
|size|Int64|The size. Optional.|

## Response

If successful, this method returns a ` + "`201 Created`" + ` response code and a [widget](../resources/widget.md) object in the response body.
`

const fakeUpdatePage = `# Update widget

Namespace: microsoft.graph

Update a widget: its resource page calls displayName required, which is about creating one.

## HTTP request

` + "```http\nPATCH /widgets/{id}\n```" + `

## Request body

|Property|Type|Description|
|:---|:---|:---|
|displayName|String|The name.|
|size|Int64|The size.|

## Response

If successful, this method returns a ` + "`200 OK`" + ` response code and a [widget](../resources/widget.md) object in the response body.
`

const fakeArchivePage = `# Archive widget

Namespace: microsoft.graph

Archive a widget: the body is its own request type.

## HTTP request

` + "```http\nPOST /widgets/{id}/archive\n```" + `

## Request body

|Parameter|Type|Description|
|:---|:---|:---|
|reason|String|Why. Required.|
|until|DateTimeOffset|Until when.|

## Response

If successful, this method returns a ` + "`204 No Content`" + ` response code.
`

// The table lists the properties the page's request body marks Required:
// a request type's, a model body's (from the page's table, not the
// model's own page).
func TestFakeRequired(t *testing.T) {
	docs := []*model.Document{
		parser.Parse("resources/widget.md", []byte(fakeWidgetPage)),
		parser.Parse("api/widget-create.md", []byte(fakeCreatePage)),
		parser.Parse("api/widget-update.md", []byte(fakeUpdatePage)),
		parser.Parse("api/widget-archive.md", []byte(fakeArchivePage)),
	}
	a := api.Build(docs, api.Options{})
	for _, op := range a.Operations {
		want := map[string][]string{"Create widget": {"displayName"}, "Archive widget": {"reason"}}[op.Title]
		var got []string
		if op.Body != nil {
			got = op.Body.Required
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: required %v, want %v", op.Title, got, want)
		}
	}
	cfg := goldenConfig
	cfg.ImportPath = "example.com/m/graph"
	res, err := Generate(a, cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := graphtestFiles(res.Files)
	for file, want := range map[string]string{
		"op_widget_create_gen.go":  `required: []string{"displayName"},`,
		"op_widget_archive_gen.go": `required: []string{"reason"},`,
	} {
		if !strings.Contains(string(got[file]), want) {
			t.Errorf("%s lacks %q:\n%s", file, want, got[file])
		}
	}
	if strings.Contains(string(got["op_widget_update_gen.go"]), "required:") {
		t.Errorf("the update lists required properties:\n%s", got["op_widget_update_gen.go"])
	}
	if !strings.Contains(string(got["op_widget_archive_gen.go"]), "func (s *Server) HandleCallWidgetArchive(h func(r *Request[*graph.CallWidgetArchiveRequest]) error) {") {
		t.Errorf("archive's Handle method:\n%s", got["op_widget_archive_gen.go"])
	}
}

func TestJSONLiteral(t *testing.T) {
	for in, want := range map[string]string{
		`{"a":"b"}`:        "`{\"a\":\"b\"}`",
		"{\"a\":\"`\"}":    strconv.Quote("{\"a\":\"`\"}"),
		"{\"a\":\"\xff\"}": strconv.Quote("{\"a\":\"\xff\"}"),
		"{\"a\":\"\r\"}":   strconv.Quote("{\"a\":\"\r\"}"),
	} {
		if got := rawLit(in); got != want {
			t.Errorf("rawLit(%q) = %s, want %s", in, got, want)
		}
	}
}
