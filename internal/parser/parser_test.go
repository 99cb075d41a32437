package parser

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
)

var update = flag.Bool("update", false, "rewrite testdata/*/want.json from the parser's output")

// render is the one function that produces want.json, for both the test
// and -update.
func render(path string, src []byte) []byte {
	b, err := json.MarshalIndent(Parse(path, src), "", "  ")
	if err != nil {
		panic(err) // the model always marshals
	}
	return append(b, '\n')
}

// TestGolden parses testdata/<case>/page.md and compares the document with
// testdata/<case>/want.json, decoded (so formatting does not matter).
func TestGolden(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/page.md")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no golden cases: %v", err)
	}
	for _, page := range dirs {
		dir := filepath.Dir(page)
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(page)
			if err != nil {
				t.Fatal(err)
			}
			got := render(name+"/page.md", src)
			wantFile := filepath.Join(dir, "want.json")
			if *update {
				if err := os.WriteFile(wantFile, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantB, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			var want, gotV any
			if err := json.Unmarshal(wantB, &want); err != nil {
				t.Fatalf("%s: %v", wantFile, err)
			}
			if err := json.Unmarshal(got, &gotV); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, gotV); diff != "" {
				t.Errorf("%s mismatch (-want +got):\n%s", name, diff)
			}
			// Deterministic: a second parse gives the same bytes.
			if again := render(name+"/page.md", src); string(again) != string(got) {
				t.Errorf("second parse differs from the first")
			}
		})
	}
}

// TestSeed asserts the figures issue 2 names for the seed page.
func TestSeed(t *testing.T) {
	src, err := os.ReadFile("testdata/seed/page.md")
	if err != nil {
		t.Fatal(err)
	}
	d := Parse("specs/update-deviceconfigurationassignment.md", src)
	if d.Kind != model.KindOperation || d.Title != "Update deviceConfigurationAssignment" || d.APIVersion != "beta" {
		t.Errorf("kind, title, version = %q, %q, %q", d.Kind, d.Title, d.APIVersion)
	}
	if len(d.Endpoints) != 8 {
		t.Fatalf("got %d endpoints, want 8", len(d.Endpoints))
	}
	wantTails := []string{"", "/rootCertificate", "/identityCertificate", "/identityCertificate/rootCertificate",
		"/microsoft.graph.iosScepCertificateProfile/rootCertificate", "/microsoft.graph.macOSScepCertificateProfile/rootCertificate",
		"/microsoft.graph.windows81SCEPCertificateProfile/rootCertificate", "/microsoft.graph.windowsPhone81VpnConfiguration/identityCertificate"}
	for i, e := range d.Endpoints {
		want := "/deviceManagement/deviceConfigurations/{deviceConfigurationId}" + wantTails[i] + "/assignments/{deviceConfigurationAssignmentId}"
		if e.Method != "PATCH" || e.Path != want || e.Query != "" {
			t.Errorf("endpoint %d = %s %s ?%s, want PATCH %s", i, e.Method, e.Path, e.Query, want)
		}
		if diff := cmp.Diff([]string{"deviceConfigurationId", "deviceConfigurationAssignmentId"}, e.Params); diff != "" {
			t.Errorf("endpoint %d params (-want +got):\n%s", i, diff)
		}
		if e.Pos != (model.Pos{Line: 23 + i, Col: 1}) {
			t.Errorf("endpoint %d at %v, want line %d col 1", i, e.Pos, 23+i)
		}
	}
	if got := d.Endpoints[4].Segments[3]; got.Kind != model.SegCast || got.Name != "microsoft.graph.iosScepCertificateProfile" {
		t.Errorf("cast segment = %+v", got)
	}
	wantPerm := []model.Permission{
		{Type: model.PermDelegatedWork, Scopes: []string{"DeviceManagementConfiguration.ReadWrite.All"}, Pos: model.Pos{Line: 13, Col: 1}},
		{Type: model.PermDelegatedPersonal, Scopes: []string{}, Pos: model.Pos{Line: 14, Col: 1}},
		{Type: model.PermApplication, Scopes: []string{}, Pos: model.Pos{Line: 15, Col: 1}},
	}
	if diff := cmp.Diff(wantPerm, d.Permissions); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	if d.RequestBody == nil || len(d.RequestBody.Properties) != 2 {
		t.Fatalf("request body = %+v", d.RequestBody)
	}
	id, target := d.RequestBody.Properties[0], d.RequestBody.Properties[1]
	if id.Name != "id" || id.Type != (model.TypeRef{Name: "String", Kind: model.TypePrimitive}) {
		t.Errorf("body[0] = %+v", id)
	}
	if target.Name != "target" || target.Type.Name != "deviceAndAppManagementAssignmentTarget" || target.Type.Kind != model.TypeResource || target.Type.Collection {
		t.Errorf("body[1] = %+v", target)
	}
	if r := d.Response; r == nil || r.Status != 200 || r.Reason != "OK" || r.Type == nil || r.Type.Name != "deviceConfigurationAssignment" || r.Type.Collection {
		t.Errorf("response = %+v", d.Response)
	}
	if len(d.Examples) != 1 {
		t.Fatalf("got %d examples, want 1", len(d.Examples))
	}
	ex := d.Examples[0]
	if ex.Request == nil || ex.Response == nil || ex.Request.Method != "PATCH" || !ex.Request.BodyJSON || ex.Response.Status != 200 || !ex.Response.BodyJSON {
		t.Errorf("example = %+v", ex)
	}
	if len(d.Diagnostics) != 0 {
		t.Errorf("diagnostics on the seed: %v", d.Diagnostics)
	}
}

// TestCodesDocumented checks that every code in Codes is in the package
// doc's table with the same severity, and that no code is emitted by the
// golden cases without being in Codes.
func TestCodesDocumented(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(f) >= 2 && strings.Contains(f[0], "-") && (f[1] == "error" || f[1] == "warning" || f[1] == "info") {
			table[f[0]] = f[1]
		}
	}
	for code, sev := range Codes {
		if table[code] != string(sev) {
			t.Errorf("code %s: doc table says %q, Codes says %q", code, table[code], sev)
		}
	}
	if len(table) != len(Codes) {
		t.Errorf("doc table has %d codes, Codes %d", len(table), len(Codes))
	}
	pages, _ := filepath.Glob("testdata/*/page.md")
	for _, pg := range pages {
		src, _ := os.ReadFile(pg)
		for _, d := range Parse(pg, src).Diagnostics {
			if sev, ok := Codes[d.Code]; !ok || sev != d.Severity {
				t.Errorf("%s: diagnostic %s with severity %s is not in Codes (or has another severity)", pg, d.Code, d.Severity)
			}
		}
	}
}

// TestOddInput feeds every prefix-truncation and a few mutations of the
// golden pages to Parse: it must not panic, and the diagnostics it returns
// must all carry a known code and a position inside the page.
func TestOddInput(t *testing.T) {
	pages, _ := filepath.Glob("testdata/*/page.md")
	var inputs [][]byte
	for _, pg := range pages {
		src, _ := os.ReadFile(pg)
		for n := 0; n < len(src); n += 7 {
			inputs = append(inputs, src[:n])
		}
		inputs = append(inputs,
			[]byte(strings.ReplaceAll(string(src), "\n", "\r")),
			[]byte(strings.ReplaceAll(string(src), "|", "")),
			[]byte(strings.ReplaceAll(string(src), "```", "")),
			[]byte(strings.ReplaceAll(string(src), "{", "")))
	}
	inputs = append(inputs, []byte("---"), []byte("---\n"), []byte("\xef\xbb\xbf"), []byte("|a|\n|-|\n|"),
		[]byte("## HTTP request\n```\nGET /x(((\n```"), []byte("## HTTP request\n```\nGET /{a|\n```"),
		[]byte("<!-- {\"blockType\": \"response\" -->\n```\n"), []byte("## Example\n```http\nHTTP/1.1\n```"))
	for i, in := range inputs {
		d := Parse("odd.md", in)
		lines := strings.Count(string(in), "\n") + 1
		for _, dg := range d.Diagnostics {
			if _, ok := Codes[dg.Code]; !ok {
				t.Errorf("input %d: unknown code %q", i, dg.Code)
			}
			if dg.Line < 1 || dg.Line > lines || dg.Col < 1 {
				t.Errorf("input %d: diagnostic %s at %d:%d outside the page (%d lines)", i, dg.Code, dg.Line, dg.Col, lines)
			}
		}
	}
}

// TestLineTable compares lineTable with a naive count at every offset of a
// page longer than several chunks, with lines of many lengths (and CRLF).
func TestLineTable(t *testing.T) {
	var b strings.Builder
	for i := 0; b.Len() < 5*chunk+77; i++ {
		b.WriteString(strings.Repeat("x", (i*37)%300))
		if i%3 == 0 {
			b.WriteString("\r")
		}
		b.WriteString("\n")
	}
	src := []byte(b.String())
	lt := newLineTable(nil, src)
	line, col := 1, 1
	for off := 0; off <= len(src); off++ {
		if got := lt.pos(off); got != (model.Pos{Line: line, Col: col}) {
			t.Fatalf("offset %d: got %v, want %d:%d", off, got, line, col)
		}
		if off < len(src) && src[off] == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	if got := lt.pos(-1); got != (model.Pos{}) {
		t.Errorf("pos(-1) = %v, want 0:0", got)
	}
}

// TestConcurrent parses the golden pages from several goroutines at once
// (run with -race): the shared goldmark parser and the scratch pool must not
// leak state between pages.
func TestConcurrent(t *testing.T) {
	pages, _ := filepath.Glob("testdata/*/page.md")
	want := map[string]string{}
	srcs := map[string][]byte{}
	for _, pg := range pages {
		src, _ := os.ReadFile(pg)
		srcs[pg] = src
		want[pg] = string(render(pg, src))
	}
	errs := make(chan string, 8*len(pages))
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func() {
			for _, pg := range pages {
				if got := string(render(pg, srcs[pg])); got != want[pg] {
					errs <- pg
				}
			}
			done <- true
		}()
	}
	for g := 0; g < 8; g++ {
		<-done
	}
	close(errs)
	for pg := range errs {
		t.Errorf("%s: concurrent parse differs from the sequential one", pg)
	}
}

// TestResponseCollection: the Response section's prose ("a list of [x]
// objects", "the requested [x] objects") or, failing that, an example
// response annotated isCollection whose body has a "value" array makes the
// response type a collection; the annotation alone does not.
func TestResponseCollection(t *testing.T) {
	page := func(prose, annotation, body string) string {
		return "# List widgets\n\n## HTTP request\n\n```http\nGET /widgets\n```\n\n## Response\n\n" + prose +
			"\n\n## Example\n\n### Request\n\n```http\nGET https://graph.microsoft.com/beta/widgets\n```\n\n### Response\n\n" +
			"<!-- {\"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.widget\"" + annotation + "} -->\n" +
			"```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n" + body + "\n```\n"
	}
	const single = "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body."
	for _, tc := range []struct {
		name, src string
		want      bool
		diag      bool
	}{
		{"list of", page("If successful, this method returns a `200 OK` response code and a list of [widget](../resources/widget.md) objects in the response body.", "", `{"value":[]}`), true, false},
		{"requested objects", page("If successful, this method returns a `200 OK` response code and the requested [widget](../resources/widget.md) objects in the response body.", "", `{"value":[]}`), true, false},
		{"single", page(single, "", `{"id":"1"}`), false, false},
		{"annotation and value array", page(single, `, "isCollection": true`, `{"value":[{"id":"1"}]}`), true, true},
		{"annotation without value array", page(single, `, "isCollection": true`, `{"id":"1"}`), false, false},
	} {
		d := Parse("widget-list.md", []byte(tc.src))
		if d.Response == nil || d.Response.Type == nil {
			t.Fatalf("%s: no response type: %+v", tc.name, d.Response)
		}
		if d.Response.Type.Collection != tc.want {
			t.Errorf("%s: collection = %v, want %v", tc.name, d.Response.Type.Collection, tc.want)
		}
		got := false
		for _, dg := range d.Diagnostics {
			got = got || dg.Code == "response-collection-from-example"
		}
		if got != tc.diag {
			t.Errorf("%s: response-collection-from-example reported %v, want %v (%+v)", tc.name, got, tc.diag, d.Diagnostics)
		}
	}
}
