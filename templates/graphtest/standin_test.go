package graphtest

// The operation table and Handle methods of the stand-in client package
// (internal/graph), written as internal/emit/fake.go generates them for a
// generated package (there, one file per operation page:
// graphtest/op_<page>_gen.go).

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

var _ = register(
	&operation{
		name:    "ListWidgets",
		method:  "GET",
		path:    []part{lit("/widgets")},
		result:  resultList,
		status:  200,
		example: `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#widgets","value":[{"id":"w1","name":"one","size":1},{"id":"w2","name":"two","size":2},{"id":"w3","name":"three","size":3}]}`,
		perms:   graph.ListWidgetsPermissions,
	},
)

// HandleListWidgets answers ListWidgets (GET /widgets) with h: h returns every item of the
// collection, which the server sends in pages.
func (s *Server) HandleListWidgets(h func(r *Request[NoBody]) ([]graph.Widget, error)) {
	handle(s, "ListWidgets", h)
}

var _ = register(
	&operation{
		name:    "GetWidget",
		method:  "GET",
		path:    []part{lit("/widgets/"), seg("id")},
		result:  resultObject,
		status:  200,
		example: `{"id":"w1","name":"one","size":1,"createdDateTime":"2024-01-02T03:04:05Z"}`,
		perms:   graph.GetWidgetPermissions,
	},
	&operation{
		name:    "GetMeWidget",
		method:  "GET",
		path:    []part{lit("/me/widget")},
		result:  resultObject,
		status:  200,
		example: `{"id":"w1","name":"one","size":1,"createdDateTime":"2024-01-02T03:04:05Z"}`,
		perms:   graph.GetWidgetPermissions,
	},
)

// HandleGetWidget answers GetWidget (GET /widgets/{id}) with h.
func (s *Server) HandleGetWidget(h func(r *Request[NoBody]) (*graph.Widget, error)) {
	handle(s, "GetWidget", h)
}

// HandleGetMeWidget answers GetMeWidget (GET /me/widget) with h.
func (s *Server) HandleGetMeWidget(h func(r *Request[NoBody]) (*graph.Widget, error)) {
	handle(s, "GetMeWidget", h)
}

var _ = register(
	&operation{
		name:     "CreateWidget",
		method:   "POST",
		path:     []part{lit("/widgets")},
		decode:   decodeAs[*graph.Widget],
		required: []string{"name"},
		result:   resultObject,
		status:   201,
		perms:    graph.CreateWidgetPermissions,
	},
)

// HandleCreateWidget answers CreateWidget (POST /widgets) with h.
func (s *Server) HandleCreateWidget(h func(r *Request[*graph.Widget]) (*graph.Widget, error)) {
	handle(s, "CreateWidget", h)
}

var _ = register(
	&operation{
		name:   "UpdateWidget",
		method: "PATCH",
		path:   []part{lit("/widgets/"), seg("id")},
		decode: decodeAs[*graph.Widget],
		result: resultObject,
		status: 200,
		perms:  graph.UpdateWidgetPermissions,
	},
)

// HandleUpdateWidget answers UpdateWidget (PATCH /widgets/{id}) with h.
func (s *Server) HandleUpdateWidget(h func(r *Request[*graph.Widget]) (*graph.Widget, error)) {
	handle(s, "UpdateWidget", h)
}

var _ = register(
	&operation{
		name:   "DeleteWidget",
		method: "DELETE",
		path:   []part{lit("/widgets/"), seg("id")},
		result: resultNone,
		status: 204,
		perms:  graph.DeleteWidgetPermissions,
	},
)

// HandleDeleteWidget answers DeleteWidget (DELETE /widgets/{id}) with h.
func (s *Server) HandleDeleteWidget(h func(r *Request[NoBody]) error) {
	handleNone(s, "DeleteWidget", h)
}

var _ = register(
	&operation{
		name:   "ListShapes",
		method: "GET",
		path:   []part{lit("/shapes")},
		result: resultList,
		status: 200,
		perms:  graph.ListShapesPermissions,
	},
	&operation{
		name:   "GetShape",
		method: "GET",
		path:   []part{lit("/shapes/"), seg("id")},
		result: resultObject,
		status: 200,
		perms:  graph.GetShapePermissions,
	},
	&operation{
		name:   "UpdateShape",
		method: "PATCH",
		path:   []part{lit("/shapes/"), seg("id")},
		decode: decodeAs[graph.ShapeVariant],
		result: resultObject,
		status: 200,
		perms:  graph.UpdateShapePermissions,
	},
)

// HandleListShapes answers ListShapes (GET /shapes) with h.
func (s *Server) HandleListShapes(h func(r *Request[NoBody]) ([]graph.ShapeVariant, error)) {
	handle(s, "ListShapes", h)
}

// HandleGetShape answers GetShape (GET /shapes/{id}) with h.
func (s *Server) HandleGetShape(h func(r *Request[NoBody]) (graph.ShapeVariant, error)) {
	handle(s, "GetShape", h)
}

// HandleUpdateShape answers UpdateShape (PATCH /shapes/{id}) with h.
func (s *Server) HandleUpdateShape(h func(r *Request[graph.ShapeVariant]) (graph.ShapeVariant, error)) {
	handle(s, "UpdateShape", h)
}

var _ = register(
	&operation{
		name:    "CountWidgetsWithColor",
		method:  "GET",
		path:    []part{lit("/widgets/count(color="), fn("color"), lit(")")},
		result:  resultValue,
		status:  200,
		example: `{"value":7}`,
		perms:   graph.CountWidgetsWithColorPermissions,
	},
)

// HandleCountWidgetsWithColor answers CountWidgetsWithColor (GET /widgets/count(color='{color}')) with h.
func (s *Server) HandleCountWidgetsWithColor(h func(r *Request[NoBody]) (int64, error)) {
	handle(s, "CountWidgetsWithColor", h)
}

var _ = register(
	&operation{
		name:   "DownloadWidgetContent",
		method: "GET",
		path:   []part{lit("/widgets/"), seg("id"), lit("/content")},
		result: resultDownload,
		status: 200,
		perms:  graph.DownloadWidgetContentPermissions,
	},
)

// HandleDownloadWidgetContent answers DownloadWidgetContent (GET /widgets/{id}/content) with h.
func (s *Server) HandleDownloadWidgetContent(h func(r *Request[NoBody]) (*graph.Download, error)) {
	handle(s, "DownloadWidgetContent", h)
}

var _ = register(
	&operation{
		name:    "UploadDriveRootByPathContent",
		method:  "PUT",
		path:    []part{lit("/drive/root:/"), item("itemPath"), lit(":/content")},
		upload:  true,
		result:  resultObject,
		status:  201,
		example: `{"id":"f1","name":"notes.txt","size":5}`,
		perms:   graph.UploadDriveRootByPathContentPermissions,
	},
	&operation{
		name:    "UploadDriveItemByPathContent",
		method:  "PUT",
		path:    []part{lit("/drive/items/"), seg("parentID"), lit(":/"), item("filename"), lit(":/content")},
		upload:  true,
		result:  resultObject,
		status:  201,
		example: `{"id":"f1","name":"notes.txt","size":5}`,
		perms:   graph.UploadDriveRootByPathContentPermissions,
	},
)

// HandleUploadDriveRootByPathContent answers UploadDriveRootByPathContent (PUT
// /drive/root:/{item-path}:/content) with h.
func (s *Server) HandleUploadDriveRootByPathContent(h func(r *Request[Upload]) (*graph.Widget, error)) {
	handle(s, "UploadDriveRootByPathContent", h)
}

// HandleUploadDriveItemByPathContent answers UploadDriveItemByPathContent (PUT
// /drive/items/{parent-id}:/{filename}:/content) with h.
func (s *Server) HandleUploadDriveItemByPathContent(h func(r *Request[Upload]) (*graph.Widget, error)) {
	handle(s, "UploadDriveItemByPathContent", h)
}

var _ = register(
	&operation{
		name:     "CallWidgetsExport",
		method:   "POST",
		path:     []part{lit("/widgets/export")},
		decode:   decodeAs[*graph.CallWidgetsExportRequest],
		required: []string{"format"},
		result:   resultAccepted,
		status:   202,
		headers:  [][2]string{{"Location", "https://graph.microsoft.com/v1.0/operations/7"}},
		perms:    graph.CallWidgetsExportPermissions,
	},
)

// HandleCallWidgetsExport answers CallWidgetsExport (POST /widgets/export) with h.
func (s *Server) HandleCallWidgetsExport(h func(r *Request[*graph.CallWidgetsExportRequest]) (*graph.Accepted, error)) {
	handle(s, "CallWidgetsExport", h)
}

var update = flag.Bool("update", false, "rewrite the stand-in's runtime copies (internal/graph/graphrt_*.go) from ../graphrt")

// TestStandInRuntime checks that the stand-in holds the current runtime,
// copied as the emitter copies it (every ../graphrt/*.go but default.go and
// the tests, with the graphgen header, package graph and no package
// comment); -update rewrites the copies.
func TestStandInRuntime(t *testing.T) {
	names, err := filepath.Glob(filepath.Join("..", "graphrt", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]byte{}
	for _, n := range names {
		base := filepath.Base(n)
		if base == "default.go" || strings.HasSuffix(base, "_test.go") {
			continue
		}
		src, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		want["graphrt_"+base] = standInCopy(t, src, "templates/graphrt/"+base)
	}
	dir := filepath.Join("internal", "graph")
	have, _ := filepath.Glob(filepath.Join(dir, "graphrt_*.go"))
	if *update {
		for _, h := range have {
			os.Remove(h)
		}
		for name, data := range want {
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	var stale []string
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || !bytes.Equal(got, data) {
			stale = append(stale, name)
		}
	}
	for _, h := range have {
		if _, ok := want[filepath.Base(h)]; !ok {
			stale = append(stale, filepath.Base(h)+" (no longer in the runtime)")
		}
	}
	slices.Sort(stale)
	if len(stale) > 0 {
		t.Errorf("the stand-in's runtime copies are stale: %s; run go test ./templates/graphtest -run TestStandInRuntime -update", strings.Join(stale, ", "))
	}
}

// standInCopy is the emitter's runtime copy (internal/emit's runtimeCopy)
// for package graph.
func standInCopy(t *testing.T, src []byte, source string) []byte {
	lines := strings.Split(string(src), "\n")
	idx := slices.Index(lines, "package graphrt")
	if idx < 0 {
		t.Fatalf("%s: no package graphrt line", source)
	}
	start := idx
	for start > 0 && strings.HasPrefix(lines[start-1], "//") {
		start--
	}
	var b strings.Builder
	b.WriteString("// Code generated by graphgen. DO NOT EDIT.\n// source: " + source + "\n\n")
	for _, l := range lines[:start] {
		b.WriteString(l + "\n")
	}
	if start < idx && !strings.HasPrefix(lines[start], "// Package ") {
		for _, l := range lines[start:idx] {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString("package graph\n")
	b.WriteString(strings.Join(lines[idx+1:], "\n"))
	return []byte(b.String())
}
