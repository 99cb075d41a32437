package graphrt

import (
	"encoding/json"
	"errors"
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
		got, err := graphrtMarshal(&tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("Marshal = %s, want %s", got, tc.want)
		}
	}
	// Nullable has no JSON methods: encoding/json meeting a set one on its
	// own fails (Guard), an unset one under omitzero is left out.
	if _, err := json.Marshal(Value(1)); !errors.Is(err, graphrtErrNullableJSON) {
		t.Errorf("json.Marshal(Value(1)): err = %v, want graphrtErrNullableJSON", err)
	}
	if got, err := json.Marshal(rtTestPatch{}); err != nil || string(got) != `{}` {
		t.Errorf("json.Marshal(rtTestPatch{}) = %s, %v; want {}", got, err)
	}
}

// TestModelMarshalJSONPointer: a model's MarshalJSON has a pointer
// receiver (one compiled function per model, not two). encoding/json calls
// it for a pointer and for an addressable value (a slice element, a field
// reached through a pointer); a model value passed on its own fails loudly
// rather than encode its Nullable fields as {}.
func TestModelMarshalJSONPointer(t *testing.T) {
	m := GroupAssignmentTarget{GroupID: Value("g")}
	const want = `{"groupId":"g"}`
	if got, err := json.Marshal(&m); err != nil || string(got) != want {
		t.Errorf("json.Marshal(&m) = %s, %v", got, err)
	}
	if got, err := json.Marshal([]GroupAssignmentTarget{m}); err != nil || string(got) != "["+want+"]" {
		t.Errorf("json.Marshal([]T{m}) = %s, %v", got, err)
	}
	if got, err := json.Marshal(&struct{ M GroupAssignmentTarget }{m}); err != nil || string(got) != `{"M":`+want+`}` {
		t.Errorf("json.Marshal(&struct{M T}) = %s, %v", got, err)
	}
	if got, err := json.Marshal(m); !errors.Is(err, graphrtErrNullableJSON) {
		t.Errorf("json.Marshal(m) = %s, %v; want graphrtErrNullableJSON", got, err)
	}
	if got, err := Marshal(m); err != nil || string(got) != want {
		t.Errorf("Marshal(m) = %s, %v", got, err)
	}
}

func TestNullableStates(t *testing.T) {
	var unset Nullable[int]
	null := Null[int]()
	val := Value(7)
	for _, tc := range []struct {
		name       string
		n          Nullable[int]
		isNull, ok bool
		v          int
	}{
		{"unset", unset, false, false, 0},
		{"null", null, true, false, 0},
		{"value", val, false, true, 7},
	} {
		v, ok := tc.n.Get()
		if tc.n.IsNull() != tc.isNull || ok != tc.ok || v != tc.v {
			t.Errorf("%s: IsNull=%v Get=(%v,%v); want %v (%v,%v)", tc.name, tc.n.IsNull(), v, ok, tc.isNull, tc.v, tc.ok)
		}
	}
}

func TestNullableUnmarshal(t *testing.T) {
	var p rtTestPatch
	if err := graphrtUnmarshal([]byte(`{"name":null,"count":3}`), &p); err != nil {
		t.Fatal(err)
	}
	if !p.Name.IsNull() || !rtIsSet(p.Name) {
		t.Errorf("name: IsNull=%v IsSet=%v, want true true", p.Name.IsNull(), rtIsSet(p.Name))
	}
	if v, ok := p.Count.Get(); v != 3 || !ok {
		t.Errorf("count = (%v,%v), want (3,true)", v, ok)
	}
	if rtIsSet(p.Tags) {
		t.Errorf("tags set, want unset")
	}
	// Round trip keeps all three states.
	out, _ := graphrtMarshal(&p)
	if string(out) != `{"name":null,"count":3}` {
		t.Errorf("round trip = %s", out)
	}
	// A value replaces null, null replaces a value.
	var w struct {
		N Nullable[string] `json:"n"`
		C Nullable[int]    `json:"c"`
	}
	w.N = Null[string]()
	if err := graphrtUnmarshal([]byte(`{"n":"v"}`), &w); err != nil {
		t.Fatal(err)
	}
	if v, ok := w.N.Get(); v != "v" || !ok {
		t.Errorf("Get = (%q,%v), want (v,true)", v, ok)
	}
	if err := graphrtUnmarshal([]byte(`{"n": null }`), &w); err != nil || !w.N.IsNull() {
		t.Errorf("after null: IsNull=%v err=%v", w.N.IsNull(), err)
	}
	// A bad value is an error.
	w.C = Value(5)
	if err := graphrtUnmarshal([]byte(`{"c":"five"}`), &w); err == nil {
		t.Error(`{"c":"five"} into Nullable[int]: no error`)
	}
}
