package apidiff

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

func opDoc(path, title string, eps ...string) *model.Document {
	d := &model.Document{Path: path, Kind: model.KindOperation, Title: title, TitlePos: model.Pos{Line: 1, Col: 1}}
	for i, e := range eps {
		method := "GET"
		if m, p, ok := strings.Cut(e, " "); ok {
			method, e = m, p
		}
		d.Endpoints = append(d.Endpoints, endpoint(method, e, 10+i))
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
	pairs, oldLeft, newLeft := matchOperations(operations(api.Build(oldDocs, api.Options{})), operations(api.Build(newDocs, api.Options{})))
	var got [][2]string
	for _, p := range pairs {
		got = append(got, [2]string{p[0].Page.Path, p[1].Page.Path})
	}
	// In old-page path order.
	want := [][2]string{
		{"a_one.md", "z-other.md"},             // endpoint overlap first
		{"b_two.md", "a-one.md"},               // then the title (a-one.md is alone with "Get thing" left)
		{"chart_delete.md", "chart-delete.md"}, // same title and base name, another method
		{"list_x.md", "list-x.md"},             // shared title: by base name
		{"list_y.md", "list-y.md"},
		{"lonely.md", "lonely.md"}, // base name last
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("pairs (-want +got):\n%s", d)
	}
	var left []string
	for _, op := range append(oldLeft, newLeft...) {
		left = append(left, op.Page.Path)
	}
	if d := cmp.Diff([]string{"p_one.md", "q_one.md", "p-two.md", "q-one.md"}, left); d != "" {
		t.Errorf("left unmatched (-want +got):\n%s", d)
	}
}

// TestDeterministic diffs a golden case's pages given in shuffled orders and
// expects the same JSON each time (and that the JSON is not empty).
func TestDeterministic(t *testing.T) {
	oldDocs := append(loadDocs(t, "testdata/operations/old"), loadDocs(t, "testdata/types/old")...)
	newDocs := append(loadDocs(t, "testdata/operations/new"), loadDocs(t, "testdata/types/new")...)
	build := func(docs []*model.Document) *api.API { return api.Build(docs, api.Options{}) }
	r := Diff(build(oldDocs), build(newDocs))
	if len(r.Changes) < 10 {
		t.Fatalf("%d changes; the cases hold more", len(r.Changes))
	}
	first, err := r.JSON()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		rng.Shuffle(len(oldDocs), func(a, b int) { oldDocs[a], oldDocs[b] = oldDocs[b], oldDocs[a] })
		rng.Shuffle(len(newDocs), func(a, b int) { newDocs[a], newDocs[b] = newDocs[b], newDocs[a] })
		got, err := Diff(build(oldDocs), build(newDocs)).JSON()
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(string(first), string(got)); d != "" {
			t.Fatalf("shuffle %d changed the output (-first +got):\n%s", i, d)
		}
	}
}
