package graphrt

import (
	"encoding/json"
	"testing"
)

type rtTestPatch struct {
	Name  Nullable[string]   `json:"name,omitzero"`
	Count Nullable[int]      `json:"count,omitzero"`
	Tags  Nullable[[]string] `json:"tags,omitzero"`
}

func TestNullableMarshal(t *testing.T) {
	for _, tc := range []struct {
		in   rtTestPatch
		want string
	}{
		{rtTestPatch{}, `{}`},
		{rtTestPatch{Name: Null[string]()}, `{"name":null}`},
		{rtTestPatch{Name: Value("x"), Count: Value(0)}, `{"name":"x","count":0}`},
		{rtTestPatch{Name: Value(""), Tags: Value([]string{"a", "b"})}, `{"name":"","tags":["a","b"]}`},
		{rtTestPatch{Tags: Value[[]string](nil)}, `{"tags":null}`},
	} {
		got, err := json.Marshal(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("Marshal = %s, want %s", got, tc.want)
		}
	}
	// Without omitzero, unset marshals as null.
	got, _ := json.Marshal(struct{ A Nullable[int] }{})
	if string(got) != `{"A":null}` {
		t.Errorf("unset without omitzero = %s, want {\"A\":null}", got)
	}
}

func TestNullableStates(t *testing.T) {
	var unset Nullable[int]
	null := Null[int]()
	val := Value(7)
	for _, tc := range []struct {
		name                  string
		n                     Nullable[int]
		set, isNull, zero, ok bool
		v                     int
	}{
		{"unset", unset, false, false, true, false, 0},
		{"null", null, true, true, false, false, 0},
		{"value", val, true, false, false, true, 7},
	} {
		v, ok := tc.n.Get()
		if tc.n.IsSet() != tc.set || tc.n.IsNull() != tc.isNull || tc.n.IsZero() != tc.zero || ok != tc.ok || v != tc.v {
			t.Errorf("%s: IsSet=%v IsNull=%v IsZero=%v Get=(%v,%v); want %v %v %v (%v,%v)",
				tc.name, tc.n.IsSet(), tc.n.IsNull(), tc.n.IsZero(), v, ok, tc.set, tc.isNull, tc.zero, tc.v, tc.ok)
		}
	}
}

func TestNullableUnmarshal(t *testing.T) {
	var p rtTestPatch
	if err := json.Unmarshal([]byte(`{"name":null,"count":3}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Name.IsNull() || !p.Name.IsSet() {
		t.Errorf("name: IsNull=%v IsSet=%v, want true true", p.Name.IsNull(), p.Name.IsSet())
	}
	if v, ok := p.Count.Get(); v != 3 || !ok {
		t.Errorf("count = (%v,%v), want (3,true)", v, ok)
	}
	if p.Tags.IsSet() {
		t.Errorf("tags set, want unset")
	}
	// Round trip keeps all three states.
	out, _ := json.Marshal(p)
	if string(out) != `{"name":null,"count":3}` {
		t.Errorf("round trip = %s", out)
	}
	// A value replaces null, null replaces a value.
	n := Null[string]()
	if err := n.UnmarshalJSON([]byte(`"v"`)); err != nil {
		t.Fatal(err)
	}
	if v, ok := n.Get(); v != "v" || !ok {
		t.Errorf("Get = (%q,%v), want (v,true)", v, ok)
	}
	if err := n.UnmarshalJSON([]byte(" null ")); err != nil || !n.IsNull() {
		t.Errorf("after null: IsNull=%v err=%v", n.IsNull(), err)
	}
	// A bad value is an error and leaves the Nullable unchanged.
	c := Value(5)
	if err := c.UnmarshalJSON([]byte(`"five"`)); err == nil {
		t.Error("UnmarshalJSON(\"five\") into Nullable[int]: no error")
	}
	if v, ok := c.Get(); v != 5 || !ok {
		t.Errorf("after error Get = (%v,%v), want (5,true)", v, ok)
	}
}
