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
