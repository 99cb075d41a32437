// Package roundtrip tests the API generated for the recursive case by hand:
// fields that close a by-value cycle are Nullable[*T], a nil pointer encodes
// as null, and decoding allocates each level.
package roundtrip

import (
	"encoding/json"
	"testing"

	"github.com/graphgen/graphgen/internal/emit/testdata/recursive/want/graph"
)

func marshal(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func TestSelfReferenceRoundTrip(t *testing.T) {
	in := `{"name":"a","self":{"name":"b","self":{"name":"c","self":null}}}`
	var n graph.Node
	if err := json.Unmarshal([]byte(in), &n); err != nil {
		t.Fatal(err)
	}
	b, ok := n.Self.Get()
	if !ok || b == nil {
		t.Fatalf("Self = %v, %v; want a non-nil *Node", b, ok)
	}
	c, ok := b.Self.Get()
	if !ok || c == nil {
		t.Fatalf("Self.Self = %v, %v; want a non-nil *Node", c, ok)
	}
	if name, _ := c.Name.Get(); name != "c" {
		t.Errorf("Self.Self.Name = %q, want c", name)
	}
	if !c.Self.IsNull() {
		t.Errorf("Self.Self.Self is not null")
	}
	if got := marshal(t, &n); got != in {
		t.Errorf("got  %s\nwant %s", got, in)
	}
}

func TestNilPointerIsNull(t *testing.T) {
	n := &graph.Node{Self: graph.Value[*graph.Node](nil)}
	if got, want := marshal(t, n), `{"self":null}`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestTwoTypeCycle(t *testing.T) {
	a := &graph.Alpha{
		Label:   graph.Value("a"),
		Partner: graph.Value(&graph.Beta{Weight: graph.Value[int32](2), Partner: graph.Value(&graph.Alpha{Label: graph.Value("a2")})}),
	}
	want := `{"label":"a","partner":{"weight":2,"partner":{"label":"a2"}}}`
	if got := marshal(t, a); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var back graph.Alpha
	if err := json.Unmarshal([]byte(want), &back); err != nil {
		t.Fatal(err)
	}
	if got := marshal(t, &back); got != want {
		t.Errorf("round trip: got %s, want %s", got, want)
	}
}

func TestDerivedTypeCycle(t *testing.T) {
	// Shape holds a *Circle; Circle inherits that property.
	s := &graph.Shape{Biggest: graph.Value(&graph.Circle{Radius: graph.Value(2.0), Biggest: graph.Value(&graph.Circle{Radius: graph.Value(1.0)})})}
	want := `{"biggest":{"biggest":{"radius":1},"radius":2}}`
	if got := marshal(t, s); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
