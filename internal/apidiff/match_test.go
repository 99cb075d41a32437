package apidiff

import (
	"math/rand"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/model"
)

func TestEndpointKey(t *testing.T) {
	tests := []struct {
		method, path, want string
	}{
		{"patch", "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/assignments/{id}", "PATCH /devicemanagement/deviceconfigurations/{}/assignments/{}"},
		{"GET", "/users/{id | userPrincipalName}/calendar", "GET /users/{}/calendar"},
		{"GET", "/accessReviews('{reviewId}')/reviewers", "GET /accessreviews/{}/reviewers"},
		{"GET", "/workbook/names(<name>)/range", "GET /workbook/names/{}/range"},
		{"POST", "/financials/companies{id}/taxGroups", "POST /financials/companies/{}/taxgroups"},
		{"GET", "/me/calendar/getSchedule(start={s},end={e})", "GET /me/calendar/getschedule(start={},end={})"},
		{"GET", "https://graph.microsoft.com/beta/me/events/", "GET /me/events"},
		{"GET", "/v1.0/me", "GET /me"},
		{"GET", "me/drive", "GET /me/drive"},
	}
	for _, tt := range tests {
		if got := EndpointKey(model.Endpoint{Method: tt.method, Path: tt.path}); got != tt.want {
			t.Errorf("EndpointKey(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func opDoc(path, title string, eps ...string) *model.Document {
	d := &model.Document{Path: path, Kind: model.KindOperation, Title: title, TitlePos: model.Pos{Line: 1, Col: 1}}
	for i, e := range eps {
		method := "GET"
		if m, p, ok := strings.Cut(e, " "); ok {
			method, e = m, p
		}
		d.Endpoints = append(d.Endpoints, model.Endpoint{Method: method, Path: e, Pos: model.Pos{Line: 10 + i, Col: 1}})
	}
	return d
}

// TestMatchPreference checks the matching order: endpoint overlap beats a
// shared title, a shared title beats a base name, and pages that share a
// title pair by base name.
func TestMatchPreference(t *testing.T) {
	oldDocs := []*model.Document{
		opDoc("a_one.md", "Get thing", "/things/{id}", "/me/things/{id}"),
		opDoc("b_two.md", "Get thing", "/stuff/{id}"),
		opDoc("list_x.md", "List x", "/x"),
		opDoc("list_y.md", "List x", "/y"),
		opDoc("lonely.md", "Old title", "/lonely"),
		opDoc("chart_delete.md", "Chart: delete", "POST /charts/{id}/delete"),
		opDoc("p_one.md", "Ping", "POST /ping"),
		opDoc("q_one.md", "Query", "GET /query"),
	}
	newDocs := []*model.Document{
		opDoc("z-other.md", "Fetch thing", "/things/{thingId}"), // overlap with a_one
		opDoc("a-one.md", "Get thing", "/elsewhere"),            // title and base name of a_one, no overlap
		opDoc("list-y.md", "List x", "/y2"),
		opDoc("list-x.md", "List x", "/x2"),
		opDoc("lonely.md", "New title", "/alone"),
		opDoc("chart-delete.md", "Chart: delete", "DELETE /charts/{id}"), // same title and base name: pairs across methods
		opDoc("p-two.md", "Ping", "GET /ping"),                           // same title only, another method: no pair
		opDoc("q-one.md", "Other", "POST /query2"),                       // same base name only, another method: no pair
	}
	pairs, oldLeft, newLeft := matchOperations(oldDocs, newDocs)
	var got [][2]string
	for _, p := range pairs {
		got = append(got, [2]string{p[0].Path, p[1].Path})
	}
	want := [][2]string{
		{"a_one.md", "z-other.md"}, // endpoint overlap first
		{"b_two.md", "a-one.md"},   // then the title (a-one.md is alone with "Get thing" left)
		{"list_x.md", "list-x.md"}, // shared title: by base name
		{"list_y.md", "list-y.md"},
		{"lonely.md", "lonely.md"}, // base name last
		{"chart_delete.md", "chart-delete.md"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pairs (-want +got):\n%s", d)
	}
	var left []string
	for _, d := range append(oldLeft, newLeft...) {
		left = append(left, d.Path)
	}
	if d := cmp.Diff([]string{"p_one.md", "q_one.md", "p-two.md", "q-one.md"}, left); d != "" {
		t.Errorf("left unmatched (-want +got):\n%s", d)
	}
}

// TestDeterministic diffs a golden case's pages given in shuffled orders and
// expects the same JSON each time.
func TestDeterministic(t *testing.T) {
	oldDocs := append(loadDocs(t, "testdata/operations/old"), loadDocs(t, "testdata/types/old")...)
	newDocs := append(loadDocs(t, "testdata/operations/new"), loadDocs(t, "testdata/types/new")...)
	first, err := Diff(oldDocs, newDocs).JSON()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		rng.Shuffle(len(oldDocs), func(a, b int) { oldDocs[a], oldDocs[b] = oldDocs[b], oldDocs[a] })
		rng.Shuffle(len(newDocs), func(a, b int) { newDocs[a], newDocs[b] = newDocs[b], newDocs[a] })
		got, err := Diff(oldDocs, newDocs).JSON()
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(string(first), string(got)); d != "" {
			t.Fatalf("shuffle %d changed the output (-first +got):\n%s", i, d)
		}
	}
}

var (
	refParamRE = regexp.MustCompile(`\{[^{}]*\}|<[^<>]*>`)
	refGluedRE = regexp.MustCompile(`([^/(=,'])\{\}`)
	refKeyRE   = regexp.MustCompile(`\('?\{\}'?\)`)
)

// endpointKeyRef is EndpointKey written with regular expressions: the
// reference the scanner is checked against.
func endpointKeyRef(e model.Endpoint) string {
	p := strings.ToLower(strings.TrimSpace(e.Path))
	p = refParamRE.ReplaceAllString(p, "{}")
	p = refKeyRE.ReplaceAllString(p, "/{}")
	p = refGluedRE.ReplaceAllString(p, "$1/{}")
	p = strings.ReplaceAll(p, " ", "")
	for _, pre := range []string{"https://graph.microsoft.com", "/beta/", "/v1.0/"} {
		if strings.HasPrefix(p, pre) {
			p = "/" + strings.TrimPrefix(strings.TrimPrefix(p, pre), "/")
		}
	}
	p = strings.TrimRight(p, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return strings.ToUpper(strings.TrimSpace(e.Method)) + " " + p
}

// TestEndpointKeyReference compares EndpointKey with the reference on every
// endpoint of both real beta folders (skipped without them) and on odd
// hand-written paths.
func TestEndpointKeyReference(t *testing.T) {
	eps := []model.Endpoint{
		{Method: "GET", Path: "/a/{unclosed"}, {Method: "GET", Path: "/a/{x{y}}"}, {Method: "GET", Path: "<x>"},
		{Method: "GET", Path: "/a/b<c"}, {Method: "GET", Path: "{id}"}, {Method: "GET", Path: "/x('{a}')/y({b})/z{c}"},
		{Method: "GET", Path: "/a /{ b }/c//"}, {Method: "GET", Path: ""}, {Method: "GET", Path: "/"},
	}
	if _, err := os.Stat(docsRoot); err == nil {
		for _, rev := range []string{"2018-09", "2021-07"} {
			for _, d := range loadDocs(t, filepath.Join(docsRoot, rev, "api-reference/beta/api")) {
				eps = append(eps, d.Endpoints...)
			}
		}
	}
	bad := 0
	for _, e := range eps {
		if got, want := EndpointKey(e), endpointKeyRef(e); got != want {
			if bad++; bad <= 10 {
				t.Errorf("EndpointKey(%q %q) = %q, reference %q", e.Method, e.Path, got, want)
			}
		}
	}
	t.Logf("%d endpoints compared, %d differ", len(eps), bad)
}
