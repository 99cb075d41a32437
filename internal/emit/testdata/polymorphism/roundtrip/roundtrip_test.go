// Package roundtrip tests the polymorphic API generated for the
// polymorphism case by hand.
package roundtrip

import (
	"encoding/json"
	"testing"

	"github.com/graphgen/graphgen/internal/emit/testdata/polymorphism/want/graph"
)

func TestDecodePicksTheDerivedType(t *testing.T) {
	for _, in := range []string{
		`{"primary":{"@odata.type":"#microsoft.graph.triangle","corners":3}}`,
		`{"primary":{"@odata.type":"microsoft.graph.triangle","corners":3}}`,
	} {
		var d graph.Drawing
		if err := json.Unmarshal([]byte(in), &d); err != nil {
			t.Fatal(err)
		}
		p, _ := d.Primary.Get()
		tr, ok := p.(*graph.Triangle)
		if !ok {
			t.Fatalf("%s: primary is %T, want *graph.Triangle", in, p)
		}
		if n, _ := tr.Corners.Get(); n != 3 {
			t.Errorf("corners = %d", n)
		}
	}
}

func TestUnknownTypeKeepsItsJSON(t *testing.T) {
	raw := `{ "@odata.type" : "#microsoft.graph.hexagon", "sides": [1, 2], "x": {"y": null} }`
	var d graph.Drawing
	if err := json.Unmarshal([]byte(`{"primary":`+raw+`}`), &d); err != nil {
		t.Fatal(err)
	}
	p, _ := d.Primary.Get()
	u, ok := p.(*graph.UnknownShape)
	if !ok {
		t.Fatalf("primary is %T, want *graph.UnknownShape", p)
	}
	if u.ODataType != "microsoft.graph.hexagon" {
		t.Errorf("ODataType = %q", u.ODataType)
	}
	if string(u.Raw) != raw {
		t.Errorf("Raw = %s, want the bytes received", u.Raw)
	}
	data, err := json.Marshal(&d)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"primary":{"@odata.type":"#microsoft.graph.hexagon","sides":[1,2],"x":{"y":null}}}`; string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}

func TestDerivedTypeSendsItsODataType(t *testing.T) {
	d := &graph.Drawing{Primary: graph.Value[graph.ShapeVariant](&graph.Circle{Radius: graph.Value(1.5)})}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"primary":{"@odata.type":"#microsoft.graph.circle","radius":1.5}}`; string(data) != want {
		t.Errorf("got  %s\nwant %s", data, want)
	}
}

// TestFamilyFieldsWithoutTypeSwitch reads the base's fields of every member
// of a family through its interface: a known derived type (two families
// deep), an unknown @odata.type (from its JSON) and the base itself.
func TestFamilyFieldsWithoutTypeSwitch(t *testing.T) {
	var d graph.Drawing
	in := `{"shapes":[
		{"@odata.type":"#microsoft.graph.triangle","label":"t","corners":3,"polygon":"square"},
		{"@odata.type":"#microsoft.graph.star","label":"s","points":5},
		{"@odata.type":"#microsoft.graph.circle","label":"c","radius":2},
		{"label":"plain"}
	]}`
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	shapes, _ := d.Shapes.Get()
	var labels []string
	for _, s := range shapes {
		l, _ := s.Shape().Label.Get()
		labels = append(labels, l)
	}
	if want := []string{"t", "s", "c", "plain"}; len(labels) != len(want) || labels[0] != want[0] || labels[1] != want[1] || labels[2] != want[2] || labels[3] != want[3] {
		t.Errorf("labels %q, want %q", labels, want)
	}
	var p graph.PolygonVariant = shapes[0].(*graph.Triangle)
	if n, _ := p.Polygon().Corners.Get(); n != 3 {
		t.Errorf("corners through Polygon() = %d, want 3", n)
	}
	// The property named like the accessor keeps its value in Polygon_.
	if name, _ := shapes[0].(*graph.Triangle).Polygon_.Get(); name != "square" {
		t.Errorf("Polygon_ = %q, want square", name)
	}
	if got := shapes[0].Shape().ODataType; got != "#microsoft.graph.triangle" {
		t.Errorf("the base's ODataType = %q, want the member's", got)
	}
}
