package graphrt

import (
	"encoding/json"
	"testing"
)

// A family as the emitter writes it, with the accessor every member has
// for the family's base (graphrtBaseOf).

type Thing struct {
	ODataType      string                     `graph:"#microsoft.graph.thing" json:"@odata.type,omitempty"`
	ID             Nullable[string]           `graph:"readonly" json:"id,omitzero"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Tags           Nullable[[]string]         `json:"tags,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

type Gadget struct {
	ODataType      string                     `graph:"#microsoft.graph.gadget" json:"@odata.type,omitempty"`
	ID             Nullable[string]           `graph:"readonly" json:"id,omitzero"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Tags           Nullable[[]string]         `json:"tags,omitzero"`
	Volts          Nullable[int32]            `json:"volts,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

type ThingVariant interface {
	isThingVariant()
	Thing() *Thing
}

type UnknownThing struct {
	Unknown
}

func (v *Thing) MarshalJSON() ([]byte, error)  { return graphrtMarshal(v) }
func (v *Thing) UnmarshalJSON(b []byte) error  { return graphrtUnmarshal(b, v) }
func (v *Gadget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *Gadget) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }
func (*Thing) isThingVariant()                 {}
func (*Gadget) isThingVariant()                {}
func (*UnknownThing) isThingVariant()          {}

func (v *Thing) Thing() *Thing {
	b := new(Thing)
	graphrtBaseOf(v, b)
	return b
}

func (v *Gadget) Thing() *Thing {
	b := new(Thing)
	graphrtBaseOf(v, b)
	return b
}

func (v *UnknownThing) Thing() *Thing {
	b := new(Thing)
	graphrtBaseOf(v, b)
	return b
}

var _ = graphrtFamily[ThingVariant](new(UnknownThing), new(Thing), new(Gadget))

// TestBaseOfMembers reads the base's fields of every kind of member of a
// family through the interface, without a type switch: the base itself, a
// derived model, an unknown @odata.type (decoded from its JSON), and a
// member whose JSON does not fit the base.
func TestBaseOfMembers(t *testing.T) {
	var list struct {
		Value []ThingVariant `json:"value"`
	}
	data := `{"value":[
		{"id":"t1","name":"plain"},
		{"@odata.type":"#microsoft.graph.gadget","id":"g1","name":"lamp","volts":12,"tags":["a"],"x":1},
		{"@odata.type":"#microsoft.graph.widget","id":"w1","name":"new kind","teeth":3},
		{"@odata.type":"#microsoft.graph.widget","id":7,"name":"odd"}
	]}`
	if err := graphrtUnmarshal([]byte(data), &list); err != nil {
		t.Fatal(err)
	}
	type want struct {
		odataType, id, name string
		hasID, hasName      bool
		extra               string
	}
	wants := []want{
		{"", "t1", "plain", true, true, ""},
		{"#microsoft.graph.gadget", "g1", "lamp", true, true, "x"},
		{"#microsoft.graph.widget", "w1", "new kind", true, true, "teeth"},
		{"#microsoft.graph.widget", "", "", false, false, ""},
	}
	if len(list.Value) != len(wants) {
		t.Fatalf("%d members, want %d", len(list.Value), len(wants))
	}
	for i, m := range list.Value {
		b := m.Thing()
		w := wants[i]
		id, hasID := b.ID.Get()
		name, hasName := b.Name.Get()
		if b.ODataType != w.odataType || id != w.id || hasID != w.hasID || name != w.name || hasName != w.hasName {
			t.Errorf("member %d (%T): base is ODataType %q, id %q (%v), name %q (%v); want %+v", i, m, b.ODataType, id, hasID, name, hasName, w)
		}
		if w.extra != "" && b.AdditionalData[w.extra] == nil {
			t.Errorf("member %d (%T): AdditionalData %v lacks %q", i, m, b.AdditionalData, w.extra)
		}
	}
	g := list.Value[1].(*Gadget)
	if tags, _ := list.Value[1].Thing().Tags.Get(); len(tags) != 1 || tags[0] != "a" {
		t.Errorf("gadget's tags through the base: %v", tags)
	}
	// A copy: setting its field does not set the member's.
	b := g.Thing()
	b.Name = Value("changed")
	if name, _ := g.Name.Get(); name != "lamp" {
		t.Errorf("setting the copy's name changed the member's to %q", name)
	}
}

// TestBaseOfNil: a nil member gives a zero base, not a panic.
func TestBaseOfNil(t *testing.T) {
	var g *Gadget
	if b := g.Thing(); b == nil || isSet(&b.ID) || b.ODataType != "" {
		t.Errorf("nil gadget's base = %+v, want a zero Thing", b)
	}
	var u *UnknownThing
	if b := u.Thing(); b == nil || isSet(&b.ID) {
		t.Errorf("nil unknown's base = %+v, want a zero Thing", b)
	}
	if b := new(UnknownThing).Thing(); b == nil || isSet(&b.ID) {
		t.Errorf("empty unknown's base = %+v, want a zero Thing", b)
	}
}

// TestBasePlanSkipsOtherTypes: a field of the same JSON name but another
// type is not copied (a derived type that redeclares a property).
func TestBasePlanSkipsOtherTypes(t *testing.T) {
	type odd struct {
		ODataType      string                     `json:"@odata.type,omitempty"`
		ID             Nullable[int32]            `json:"id,omitzero"`
		Name           Nullable[string]           `json:"name,omitzero"`
		AdditionalData map[string]json.RawMessage `json:"-"`
	}
	v := &odd{ID: Value[int32](3), Name: Value("n")}
	b := new(Thing)
	graphrtBaseOf(v, b)
	if isSet(&b.ID) {
		t.Errorf("an int32 id was copied into a string id: %+v", b.ID)
	}
	if name, _ := b.Name.Get(); name != "n" {
		t.Errorf("name = %q, want n", name)
	}
}

func isSet[T any](n *Nullable[T]) bool {
	_, ok := n.Get()
	return ok || n.IsNull()
}
