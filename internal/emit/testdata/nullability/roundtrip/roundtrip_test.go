// Package roundtrip tests the API generated for the nullability case by hand:
// PATCH semantics, read-only properties and unknown properties.
package roundtrip

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/emit/testdata/nullability/want/graph"
)

func marshal(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestOnlySetFieldsAreSent(t *testing.T) {
	w := &graph.Widget{
		ID:          graph.Value("ignored"), // read-only: never sent
		DisplayName: graph.Null[string](),
		Count:       graph.Value[int32](0),
		Status:      graph.Value(graph.WidgetStatusRetired),
	}
	got := marshal(t, w)
	want := `{"displayName":null,"count":0,"status":"retired"}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := marshal(t, &graph.Widget{}); got != `{}` {
		t.Errorf("empty widget: got %s, want {}", got)
	}
}

func TestReadModifyWriteKeepsUnknownProperties(t *testing.T) {
	in := `{"id":"w1","displayName":"x","createdDateTime":"2021-01-01T00:00:00Z","settings":{"theme":"dark","future":[1,2]},"zeta":{"a":null},"alpha":true}`
	var w graph.Widget
	if err := json.Unmarshal([]byte(in), &w); err != nil {
		t.Fatal(err)
	}
	if id, ok := w.ID.Get(); !ok || id != "w1" {
		t.Errorf("ID = %q, %v; want w1 (read-only properties are kept on decode)", id, ok)
	}
	w.DisplayName = graph.Value("y")
	got := marshal(t, &w)
	want := `{"displayName":"y","settings":{"theme":"dark","future":[1,2]},"alpha":true,"zeta":{"a":null}}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestDecodeErrorsNameTheProperty(t *testing.T) {
	var w graph.Widget
	err := json.Unmarshal([]byte(`{"count":"three"}`), &w)
	if err == nil {
		t.Fatal("no error for a string count")
	}
	if diff := cmp.Diff(`Widget.count: expected int32, got string`, err.Error()); diff != "" {
		t.Errorf("error (-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"count":2147483648}`), &w); err == nil {
		t.Error("no error for an int32 overflow")
	}
}
