package graphrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// rtTestDiff compares values field by field, unexported fields included
// (Nullable's state), times with Equal.
func rtTestDiff(want, got any) string {
	return cmp.Diff(want, got, cmp.Exporter(func(reflect.Type) bool { return true }))
}

// rtTestMarshal encodes v with encoding/json, through a pointer (models'
// MarshalJSON has a pointer receiver).
func rtTestMarshal(t *testing.T, v any) string {
	t.Helper()
	p := reflect.New(reflect.TypeOf(v))
	p.Elem().Set(reflect.ValueOf(v))
	b, err := json.Marshal(p.Interface())
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	return string(b)
}

func rtTestCodecMarshal(t *testing.T, v any) string {
	t.Helper()
	b, err := graphrtMarshal(v)
	if err != nil {
		t.Fatalf("graphrtMarshal: %v", err)
	}
	return string(b)
}

func rtTestFull() GroupAssignmentTarget {
	return GroupAssignmentTarget{
		ODataType: "#microsoft.graph.groupAssignmentTarget",
		ID:        Value("id-1"),
		GroupID:   Value("g/1 \"é\" <&>"),
		Created:   Value(time.Date(2018, 9, 21, 10, 0, 0, 123456700, time.UTC)),
		Day:       Value(Date{2024, time.February, 29}),
		At:        Value(TimeOfDay{8, 30, 0, 500000000}),
		Kind:      Value(TargetKind("include")),
		Enabled:   Value(false),
		Small:     Value(int16(-32768)),
		Count:     Value(int32(0)),
		Size:      Value(int64(1<<53 + 1)),
		Ratio:     Value(0.25),
		Tags:      Value([]string{"a", "b"}),
		Inner:     Value(Inner{ID: Value("inner-id"), Name: Value("n"), Count: Value(int32(3))}),
		Inners:    Value([]Inner{{Name: Value("i0")}, {ID: Value("i1-id")}}),
		Self:      Value(&GroupAssignmentTarget{GroupID: Value("child"), Target: Null[TargetVariant]()}),
		Target:    Value[TargetVariant](&AllDevicesAssignmentTarget{}),
		Targets: Value([]TargetVariant{
			&Target{},
			&GroupAssignmentTarget{GroupID: Value("x"), ID: Value("nested-id")},
			&ExclusionGroupAssignmentTarget{ODataType: "microsoft.graph.exclusionGroupAssignmentTarget"},
			&UnknownTarget{Unknown{ODataType: "microsoft.graph.future", Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.future",  "x" : [1, 2]}`)}},
		}),
		Raw: Value(json.RawMessage(`{"k":[1,2]}`)),
		AdditionalData: map[string]json.RawMessage{
			"zeta": json.RawMessage(`1`), "alpha": json.RawMessage(`"a"`),
			"groupId": json.RawMessage(`"shadowed by the field"`), "@odata.type": json.RawMessage(`"#shadowed"`),
		},
	}
}

// What graphrtMarshal sends for rtTestFull: no read-only fields (id, at
// every level), auto @odata.type for non-base members in a family
// position, the unknown member byte for byte, AdditionalData in key order
// without the keys fields hold.
const rtTestFullJSON = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g/1 \"é\" <&>",` +
	`"createdDateTime":"2018-09-21T10:00:00.1234567Z","day":"2024-02-29","at":"08:30:00.5","kind":"include",` +
	`"enabled":false,"small":-32768,"count":0,"size":9007199254740993,"ratio":0.25,"tags":["a","b"],` +
	`"inner":{"name":"n","count":3},"inners":[{"name":"i0"},{}],"self":{"groupId":"child","target":null},` +
	`"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},` +
	`"targets":[{},{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"x"},` +
	`{"@odata.type":"microsoft.graph.exclusionGroupAssignmentTarget"},{"@odata.type":"#microsoft.graph.future",  "x" : [1, 2]}],` +
	`"raw":{"k":[1,2]},"alpha":"a","zeta":1}`

// graphrtMarshalAll adds the read-only fields, in nested models, slices
// and variants too.
const rtTestFullAllJSON = `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","id":"id-1","groupId":"g/1 \"é\" <&>",` +
	`"createdDateTime":"2018-09-21T10:00:00.1234567Z","day":"2024-02-29","at":"08:30:00.5","kind":"include",` +
	`"enabled":false,"small":-32768,"count":0,"size":9007199254740993,"ratio":0.25,"tags":["a","b"],` +
	`"inner":{"id":"inner-id","name":"n","count":3},"inners":[{"name":"i0"},{"id":"i1-id"}],"self":{"groupId":"child","target":null},` +
	`"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},` +
	`"targets":[{},{"@odata.type":"#microsoft.graph.groupAssignmentTarget","id":"nested-id","groupId":"x"},` +
	`{"@odata.type":"microsoft.graph.exclusionGroupAssignmentTarget"},{"@odata.type":"#microsoft.graph.future",  "x" : [1, 2]}],` +
	`"raw":{"k":[1,2]},"alpha":"a","zeta":1}`

func TestCodecMarshal(t *testing.T) {
	v := rtTestFull()
	got, err := graphrtMarshal(&v)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rtTestFullJSON {
		t.Errorf("graphrtMarshal:\n got %s\nwant %s", got, rtTestFullJSON)
	}
	all, err := graphrtMarshalAll(&v)
	if err != nil {
		t.Fatal(err)
	}
	if string(all) != rtTestFullAllJSON {
		t.Errorf("graphrtMarshalAll:\n got %s\nwant %s", all, rtTestFullAllJSON)
	}
	// MarshalJSON has a value receiver: the value and the pointer encode
	// alike (encoding/json then escapes <, > and & as it always does).
	byValue, byPointer := rtTestMarshal(t, v), rtTestMarshal(t, &v)
	if byValue != byPointer {
		t.Errorf("json.Marshal(v) = %s\njson.Marshal(&v) = %s", byValue, byPointer)
	}
	var compact bytes.Buffer
	json.Compact(&compact, []byte(rtTestFullJSON))
	if want := strings.NewReplacer("<", `\u003c`, ">", `\u003e`, "&", `\u0026`).Replace(compact.String()); byValue != want {
		t.Errorf("json.Marshal(v):\n got %s\nwant %s", byValue, want)
	}
	// The caller's value is not changed by encoding.
	if d := rtTestDiff(rtTestFull(), v); d != "" {
		t.Errorf("v changed (-want +got):\n%s", d)
	}
}

func TestCodecUnmarshal(t *testing.T) {
	var got GroupAssignmentTarget
	if err := json.Unmarshal([]byte(rtTestFullAllJSON), &got); err != nil {
		t.Fatal(err)
	}
	want := rtTestFull()
	// As received: the types sent automatically are now in ODataType; the
	// AdditionalData keys that fields hold were never sent.
	want.Targets = Value([]TargetVariant{
		&Target{},
		&GroupAssignmentTarget{ODataType: "#microsoft.graph.groupAssignmentTarget", GroupID: Value("x"), ID: Value("nested-id")},
		&ExclusionGroupAssignmentTarget{ODataType: "microsoft.graph.exclusionGroupAssignmentTarget"},
		&UnknownTarget{Unknown{ODataType: "microsoft.graph.future", Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.future",  "x" : [1, 2]}`)}},
	})
	want.Target = Value[TargetVariant](&AllDevicesAssignmentTarget{ODataType: "#microsoft.graph.allDevicesAssignmentTarget"})
	want.AdditionalData = map[string]json.RawMessage{"zeta": json.RawMessage(`1`), "alpha": json.RawMessage(`"a"`)}
	if d := rtTestDiff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	// And back: byte for byte.
	again, err := graphrtMarshalAll(&got)
	if err != nil {
		t.Fatal(err)
	}
	if string(again) != rtTestFullAllJSON {
		t.Errorf("re-encoded:\n got %s\nwant %s", again, rtTestFullAllJSON)
	}
}

func TestCodecUnsetNullValue(t *testing.T) {
	for _, tc := range []struct {
		in   GroupAssignmentTarget
		want string
	}{
		{GroupAssignmentTarget{}, `{}`},
		{GroupAssignmentTarget{GroupID: Null[string](), Tags: Null[[]string](), Target: Null[TargetVariant](), Inner: Null[Inner]()},
			`{"groupId":null,"tags":null,"inner":null,"target":null}`},
		{GroupAssignmentTarget{GroupID: Value(""), Tags: Value([]string{}), Size: Value(int64(0)), Enabled: Value(false)},
			`{"groupId":"","enabled":false,"size":0,"tags":[]}`},
		{GroupAssignmentTarget{Tags: Value[[]string](nil), Target: Value[TargetVariant](nil), Self: Value[*GroupAssignmentTarget](nil)},
			`{"tags":null,"self":null,"target":null}`},
		{GroupAssignmentTarget{ID: Value("read-only"), ODataType: "#x"}, `{"@odata.type":"#x"}`},
	} {
		got, err := graphrtMarshal(&tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("graphrtMarshal = %s, want %s", got, tc.want)
		}
	}
	// Decoding keeps the three states apart.
	var v GroupAssignmentTarget
	if err := json.Unmarshal([]byte(`{"groupId":null,"tags":[],"size":0}`), &v); err != nil {
		t.Fatal(err)
	}
	if !v.GroupID.IsNull() || rtIsSet(v.Kind) {
		t.Errorf("groupId null: IsNull=%v; kind unset: IsSet=%v", v.GroupID.IsNull(), rtIsSet(v.Kind))
	}
	if tags, ok := v.Tags.Get(); !ok || tags == nil || len(tags) != 0 {
		t.Errorf("tags [] = %#v, %v; want a non-nil empty slice", tags, ok)
	}
	if n, ok := v.Size.Get(); !ok || n != 0 {
		t.Errorf("size = %v, %v", n, ok)
	}
}

// TestCodecUnmarshalReplaces: decoding replaces everything the value held.
func TestCodecUnmarshalReplaces(t *testing.T) {
	v := rtTestFull()
	if err := json.Unmarshal([]byte(`{"count":7}`), &v); err != nil {
		t.Fatal(err)
	}
	if d := rtTestDiff(GroupAssignmentTarget{Count: Value(int32(7))}, v); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

func TestCodecReadOnly(t *testing.T) {
	var v GroupAssignmentTarget
	in := `{"id":"1","inner":{"id":"2"},"self":{"id":"4"},"targets":[{"@odata.type":"#microsoft.graph.groupAssignmentTarget","id":"3"}]}`
	if err := graphrtUnmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	inner, _ := v.Inner.Get()
	targets, _ := v.Targets.Get()
	self, _ := v.Self.Get()
	if id, _ := v.ID.Get(); id != "1" || !rtIs(inner.ID, "2") || !rtIs(targets[0].(*GroupAssignmentTarget).ID, "3") || !rtIs(self.ID, "4") {
		t.Errorf("read-only ids not decoded: %+v", v)
	}
	sent, _ := graphrtMarshal(&v)
	if want := `{"inner":{},"self":{},"targets":[{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}]}`; string(sent) != want {
		t.Errorf("graphrtMarshal = %s, want %s", sent, want)
	}
	all, _ := graphrtMarshalAll(&v)
	if string(all) != in {
		t.Errorf("graphrtMarshalAll = %s, want %s", all, in)
	}
}

func TestCodecAdditionalData(t *testing.T) {
	in := `{"z":{"deep":[1,{"a":null}]},"groupId":"g","@odata.etag":"W/\"1\"","a\u00e9":true,"n":-1.5e3,"s":"\u00e9\ud83d\ude00"}`
	var v GroupAssignmentTarget
	if err := json.Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	want := map[string]json.RawMessage{
		"z": json.RawMessage(`{"deep":[1,{"a":null}]}`), "@odata.etag": json.RawMessage(`"W/\"1\""`),
		"aé": json.RawMessage(`true`), "n": json.RawMessage(`-1.5e3`), "s": json.RawMessage(`"\u00e9\ud83d\ude00"`),
	}
	if d := cmp.Diff(want, v.AdditionalData); d != "" {
		t.Errorf("AdditionalData (-want +got):\n%s", d)
	}
	got, _ := graphrtMarshal(&v)
	if w := `{"groupId":"g","@odata.etag":"W/\"1\"","aé":true,"n":-1.5e3,"s":"\u00e9\ud83d\ude00","z":{"deep":[1,{"a":null}]}}`; string(got) != w {
		t.Errorf("graphrtMarshal = %s\nwant %s", got, w)
	}
	// Copies: changing the input afterwards changes nothing.
	buf := []byte(in)
	var c GroupAssignmentTarget
	graphrtUnmarshal(buf, &c)
	for i := range buf {
		buf[i] = ' '
	}
	if string(c.AdditionalData["z"]) != `{"deep":[1,{"a":null}]}` {
		t.Errorf("AdditionalData aliases the input: %s", c.AdditionalData["z"])
	}
	// Invalid raw JSON in AdditionalData is an error naming the key.
	bad := GroupAssignmentTarget{AdditionalData: map[string]json.RawMessage{"k": json.RawMessage(`{`)}}
	if _, err := graphrtMarshal(&bad); err == nil || !strings.HasPrefix(err.Error(), `GroupAssignmentTarget.AdditionalData["k"]: `) {
		t.Errorf("invalid AdditionalData: err = %v", err)
	}
	// An empty RawMessage is sent as null.
	empty := GroupAssignmentTarget{AdditionalData: map[string]json.RawMessage{"k": nil}}
	if got, _ := graphrtMarshal(&empty); string(got) != `{"k":null}` {
		t.Errorf("empty raw = %s", got)
	}
}

// TestCodecNullAndNil: null leaves a model as it is (what encoding/json
// expects of UnmarshalJSON), also inside a caller's struct; a nil target
// is an error, not a panic.
func TestCodecNullAndNil(t *testing.T) {
	v := GroupAssignmentTarget{GroupID: Value("kept")}
	if err := graphrtUnmarshal([]byte(" null "), &v); err != nil || !rtIs(v.GroupID, "kept") {
		t.Errorf("null: %v, %+v", err, v)
	}
	var user struct {
		In  Inner  `json:"in"`
		Ptr *Inner `json:"ptr"`
	}
	if err := json.Unmarshal([]byte(`{"in":null,"ptr":null}`), &user); err != nil || user.Ptr != nil {
		t.Errorf("null in a user struct: %v", err)
	}
	var ie *json.InvalidUnmarshalError
	if err := graphrtUnmarshal([]byte(`{}`), nil); !errors.As(err, &ie) {
		t.Errorf("nil: %v", err)
	}
	if err := graphrtUnmarshal([]byte(`{}`), (*Inner)(nil)); !errors.As(err, &ie) {
		t.Errorf("nil *Inner: %v", err)
	}
	if out, err := graphrtMarshal((*Inner)(nil)); err != nil || string(out) != "null" {
		t.Errorf("Marshal nil *Inner: %s, %v", out, err)
	}
	if out, err := graphrtMarshalAll(nil); err != nil || string(out) != "null" {
		t.Errorf("MarshalAll nil: %s, %v", out, err)
	}
}

func TestCodecBareModel(t *testing.T) {
	var b Bare
	if err := json.Unmarshal([]byte(`{"@odata.type":"#x","name":"a","other":1,"n":5}`), &b); err != nil {
		t.Fatal(err)
	}
	if d := rtTestDiff(Bare{Name: Value("a"), N: Value(int64(5))}, b); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if got := rtTestMarshal(t, b); got != `{"name":"a","n":5}` {
		t.Errorf("Marshal = %s", got)
	}
}

func TestCodecPolymorphicDecode(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want TargetVariant
	}{
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"}`,
			&GroupAssignmentTarget{ODataType: "#microsoft.graph.groupAssignmentTarget", GroupID: Value("g")}},
		{`{"groupId":"g","@odata.type":"microsoft.graph.groupAssignmentTarget"}`,
			&GroupAssignmentTarget{ODataType: "microsoft.graph.groupAssignmentTarget", GroupID: Value("g")}},
		{`{"@odata.type":"#Microsoft.Graph.GROUPAssignmentTarget"}`,
			&GroupAssignmentTarget{ODataType: "#Microsoft.Graph.GROUPAssignmentTarget"}},
		{`{"@odata.type":"#microsoft.graph.security.groupAssignmentTarget"}`,
			&SecurityGroupAssignmentTarget{ODataType: "#microsoft.graph.security.groupAssignmentTarget"}},
		{`{"@odata.type":"#exclusionGroupAssignmentTarget"}`, // no namespace: a unique last segment
			&ExclusionGroupAssignmentTarget{ODataType: "#exclusionGroupAssignmentTarget"}},
		{`{"@odata.type":"#groupAssignmentTarget"}`, // ambiguous last segment: unknown
			&UnknownTarget{Unknown{ODataType: "groupAssignmentTarget", Raw: json.RawMessage(`{"@odata.type":"#groupAssignmentTarget"}`)}}},
		{`{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget","x":1}`,
			&Target{ODataType: "#microsoft.graph.deviceAndAppManagementAssignmentTarget", AdditionalData: map[string]json.RawMessage{"x": json.RawMessage("1")}}},
		{`{"x":{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}}`, // nested types do not count
			&Target{AdditionalData: map[string]json.RawMessage{"x": json.RawMessage(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}`)}}},
		{`{}`, &Target{}},
		{`{ "a" : [1,2] ,"@odata.type" : "#microsoft.graph.future"  }`,
			&UnknownTarget{Unknown{ODataType: "microsoft.graph.future", Raw: json.RawMessage(`{ "a" : [1,2] ,"@odata.type" : "#microsoft.graph.future"  }`)}}},
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTargetX"}`,
			&UnknownTarget{Unknown{ODataType: "microsoft.graph.groupAssignmentTargetX", Raw: json.RawMessage(`{"@odata.type":"#microsoft.graph.groupAssignmentTargetX"}`)}}},
	} {
		// In a field, in a slice, at the top level, and through Nullable
		// in a struct of the caller's with encoding/json.
		var m GroupAssignmentTarget
		if err := json.Unmarshal([]byte(`{"target":`+tc.in+`,"targets":[{},`+tc.in+`]}`), &m); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		one, _ := m.Target.Get()
		many, _ := m.Targets.Get()
		if d := rtTestDiff(tc.want, one); d != "" {
			t.Errorf("%s in a field (-want +got):\n%s", tc.in, d)
		}
		if d := rtTestDiff([]TargetVariant{&Target{}, tc.want}, many); d != "" {
			t.Errorf("%s in a slice (-want +got):\n%s", tc.in, d)
		}
		var top TargetVariant
		if err := graphrtDecodeInto([]byte(" "+tc.in+"\n"), reflect.ValueOf(&top).Elem()); err != nil {
			t.Fatal(err)
		}
		if d := rtTestDiff(tc.want, top); d != "" {
			t.Errorf("%s at the top level (-want +got):\n%s", tc.in, d)
		}
		var user struct {
			T Nullable[TargetVariant] `json:"t"`
		}
		if err := graphrtUnmarshal([]byte(`{"t":`+tc.in+`}`), &user); err != nil {
			t.Fatal(err)
		}
		if got, _ := user.T.Get(); rtTestDiff(tc.want, got) != "" {
			t.Errorf("%s through Nullable in a plain struct: %#v", tc.in, got)
		}
		// An unknown member is sent back byte for byte.
		if u, ok := tc.want.(*UnknownTarget); ok {
			out, _ := graphrtMarshal(&m)
			if !bytes.Contains(out, []byte(`"target":`+string(u.Raw)+`,`)) || !bytes.Contains(out, []byte(`,`+string(u.Raw)+`]`)) {
				t.Errorf("unknown not re-sent byte for byte: %s", out)
			}
		}
	}
}

func TestCodecAutoODataType(t *testing.T) {
	g := &GroupAssignmentTarget{GroupID: Value("g")}
	// Top level (a request body): only what the caller set.
	if got := rtTestMarshal(t, g); got != `{"groupId":"g"}` {
		t.Errorf("top level = %s", got)
	}
	// In a family position: the member's own type first, unless it is the
	// base or ODataType says otherwise.
	holder := GroupAssignmentTarget{Targets: Value([]TargetVariant{g, &Target{}, &GroupAssignmentTarget{ODataType: "as.set"}}), Target: Value[TargetVariant](g)}
	want := `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},"targets":[{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},{},{"@odata.type":"as.set"}]}`
	if got := rtTestMarshal(t, holder); got != want {
		t.Errorf("family positions:\n got %s\nwant %s", got, want)
	}
	// A model field that is not polymorphic names no type; a member nested
	// inside a member gets its own.
	nested := GroupAssignmentTarget{Self: Value(&GroupAssignmentTarget{Target: Value[TargetVariant](&ExclusionGroupAssignmentTarget{})})}
	if got, want := rtTestMarshal(t, nested), `{"self":{"target":{"@odata.type":"#microsoft.graph.exclusionGroupAssignmentTarget"}}}`; got != want {
		t.Errorf("nested:\n got %s\nwant %s", got, want)
	}
	// Through Nullable in a plain struct (not a model), with the codec.
	user := struct {
		T  Nullable[TargetVariant]   `json:"t,omitzero"`
		TS Nullable[[]TargetVariant] `json:"ts,omitzero"`
		U  Nullable[TargetVariant]   `json:"u,omitzero"`
	}{T: Value[TargetVariant](g), TS: Value([]TargetVariant{&AllDevicesAssignmentTarget{}})}
	if got, want := rtTestCodecMarshal(t, &user), `{"t":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g"},"ts":[{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}]}`; got != want {
		t.Errorf("user struct:\n got %s\nwant %s", got, want)
	}
}

func TestCodecIntegers(t *testing.T) {
	var v GroupAssignmentTarget
	if err := json.Unmarshal([]byte(`{"size":9007199254740993,"count":-2147483648,"small":32767}`), &v); err != nil {
		t.Fatal(err)
	}
	if n, _ := v.Size.Get(); n != 1<<53+1 {
		t.Errorf("size = %d, want %d", n, int64(1<<53+1))
	}
	if n, _ := v.Count.Get(); n != math.MinInt32 {
		t.Errorf("count = %d", n)
	}
	for _, tc := range []struct{ in, err string }{
		{`{"size":9223372036854775807}`, ""},
		{`{"size":-9223372036854775808}`, ""},
		{`{"size":"9223372036854775807"}`, ""}, // IEEE754Compatible
		{`{"size":9223372036854775808}`, "GroupAssignmentTarget.size: expected int64, got number 9223372036854775808"},
		{`{"count":2147483648}`, "GroupAssignmentTarget.count: expected int32, got number 2147483648"},
		{`{"small":-32769}`, "GroupAssignmentTarget.small: expected int16, got number -32769"},
		{`{"count":1.5}`, "GroupAssignmentTarget.count: expected int32, got number 1.5"},
		{`{"count":1e3}`, "GroupAssignmentTarget.count: expected int32, got number 1e3"},
		{`{"count":"x"}`, "GroupAssignmentTarget.count: expected int32, got string"},
		{`{"count":true}`, "GroupAssignmentTarget.count: expected int32, got boolean"},
		{`{"ratio":1e400}`, "GroupAssignmentTarget.ratio: expected float64, got number 1e400"},
	} {
		var v GroupAssignmentTarget
		err := json.Unmarshal([]byte(tc.in), &v)
		if got := fmtErr(err); got != tc.err {
			t.Errorf("%s: err = %q, want %q", tc.in, got, tc.err)
		}
	}
}

func fmtErr(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestCodecFloats(t *testing.T) {
	for in, want := range map[string]float64{`0.1`: 0.1, `-2.5e-3`: -2.5e-3, `3`: 3, `"1.25"`: 1.25, `1E2`: 100} {
		var v GroupAssignmentTarget
		if err := json.Unmarshal([]byte(`{"ratio":`+in+`}`), &v); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if f, _ := v.Ratio.Get(); f != want {
			t.Errorf("%s = %v, want %v", in, f, want)
		}
	}
	for in, want := range map[string]float64{`"NaN"`: math.NaN(), `"INF"`: math.Inf(1), `"-INF"`: math.Inf(-1)} {
		var v GroupAssignmentTarget
		if err := json.Unmarshal([]byte(`{"ratio":`+in+`}`), &v); err != nil {
			t.Fatal(err)
		}
		f, _ := v.Ratio.Get()
		if !(math.IsNaN(want) && math.IsNaN(f)) && f != want {
			t.Errorf("%s = %v", in, f)
		}
		if got := rtTestMarshal(t, v); got != `{"ratio":`+in+`}` {
			t.Errorf("%s re-encoded as %s", in, got)
		}
	}
	for f, want := range map[float64]string{1e21: "1e+21", 1e-7: "1e-7", 123456789.125: "123456789.125", 0: "0"} {
		if got := rtTestMarshal(t, GroupAssignmentTarget{Ratio: Value(f)}); got != `{"ratio":`+want+`}` {
			t.Errorf("%v encoded as %s", f, got)
		}
	}
}

func TestCodecDateTimeOffset(t *testing.T) {
	ist := time.FixedZone("", 5*3600+1800)
	pst := time.FixedZone("", -8*3600)
	for _, tc := range []struct {
		in   string
		want time.Time
		out  string // re-encoded; "" means in
	}{
		{"2018-09-21T10:00:00Z", time.Date(2018, 9, 21, 10, 0, 0, 0, time.UTC), ""},
		{"2018-09-21T00:00:00", time.Date(2018, 9, 21, 0, 0, 0, 0, time.UTC), "2018-09-21T00:00:00Z"},
		{"2018-09-21t10:00:00z", time.Date(2018, 9, 21, 10, 0, 0, 0, time.UTC), "2018-09-21T10:00:00Z"},
		{"2018-09-21T10:00Z", time.Date(2018, 9, 21, 10, 0, 0, 0, time.UTC), "2018-09-21T10:00:00Z"},
		{"2018-09-21T10:00:00.1234567Z", time.Date(2018, 9, 21, 10, 0, 0, 123456700, time.UTC), ""},
		{"2018-09-21T10:00:00.0000000Z", time.Date(2018, 9, 21, 10, 0, 0, 0, time.UTC), "2018-09-21T10:00:00Z"},
		{"2018-09-21T10:00:00.123456789Z", time.Date(2018, 9, 21, 10, 0, 0, 123456789, time.UTC), ""},
		{"2018-09-21T10:00:00.1234567891234Z", time.Date(2018, 9, 21, 10, 0, 0, 123456789, time.UTC), "2018-09-21T10:00:00.123456789Z"},
		{"2018-09-21T10:00:00.5", time.Date(2018, 9, 21, 10, 0, 0, 500000000, time.UTC), "2018-09-21T10:00:00.5Z"},
		{"2018-09-21T10:00:00+05:30", time.Date(2018, 9, 21, 10, 0, 0, 0, ist), ""},
		{"2018-09-21T10:00:00.25-08:00", time.Date(2018, 9, 21, 10, 0, 0, 250000000, pst), ""},
		{"2018-09-21T10:00:00+00:00", time.Date(2018, 9, 21, 10, 0, 0, 0, time.UTC), "2018-09-21T10:00:00Z"},
		{"0001-01-01T00:00:00Z", time.Time{}, ""},
		{"9999-12-31T23:59:59.999999999Z", time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), ""},
		{"2024-02-29T00:00:00Z", time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC), ""},
	} {
		var v GroupAssignmentTarget
		if err := json.Unmarshal([]byte(`{"createdDateTime":"`+tc.in+`"}`), &v); err != nil {
			t.Errorf("%s: %v", tc.in, err)
			continue
		}
		got, _ := v.Created.Get()
		if !got.Equal(tc.want) {
			t.Errorf("%s = %v, want %v", tc.in, got, tc.want)
		}
		_, off := got.Zone()
		if _, woff := tc.want.Zone(); off != woff {
			t.Errorf("%s: offset %d, want %d", tc.in, off, woff)
		}
		out := tc.out
		if out == "" {
			out = tc.in
		}
		if enc := rtTestMarshal(t, v); enc != `{"createdDateTime":"`+out+`"}` {
			t.Errorf("%s re-encoded as %s, want %s", tc.in, enc, out)
		}
	}
	for _, bad := range []string{"2018-09-21", "2018-09-21T", "2018-9-21T10:00:00Z", "2018-09-21 10:00:00Z", "2018-13-01T00:00:00Z",
		"2023-02-29T00:00:00Z", "2018-09-21T24:00:00Z", "2018-09-21T10:60:00Z", "2018-09-21T10:00:60Z", "2018-09-21T10:00:00.Z",
		"2018-09-21T10:00:00+5:30", "2018-09-21T10:00:00+05:30x", "2018-09-21T10:00:00+24:00", "2018-09-21T10:00:00 Z", ""} {
		var v GroupAssignmentTarget
		err := json.Unmarshal([]byte(`{"createdDateTime":"`+bad+`"}`), &v)
		if want := `GroupAssignmentTarget.createdDateTime: expected date-time string, got string "` + bad + `"`; fmtErr(err) != want {
			t.Errorf("%q: err = %v, want %s", bad, err, want)
		}
	}
	// Years outside 0-9999 cannot be written.
	if _, err := graphrtMarshal(&GroupAssignmentTarget{Created: Value(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))}); err == nil {
		t.Error("year 10000: no error")
	}
}

func TestDateAndTimeOfDay(t *testing.T) {
	for _, s := range []string{"2024-02-29", "0001-01-01", "9999-12-31", "2023-11-30"} {
		d, err := ParseDate(s)
		if err != nil || d.String() != s {
			t.Errorf("ParseDate(%q) = %v, %v; String %q", s, d, err, d.String())
		}
	}
	if d, _ := ParseDate("2024-02-29"); d != (Date{2024, time.February, 29}) {
		t.Errorf("ParseDate = %#v", d)
	}
	for _, s := range []string{"2023-02-29", "2024-04-31", "2024-00-01", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", "2024/01/01", ""} {
		if _, err := ParseDate(s); err == nil {
			t.Errorf("ParseDate(%q): no error", s)
		}
	}
	for in, want := range map[string]string{
		"08:30:00": "08:30:00", "23:59:59.9999999": "23:59:59.9999999", "00:00:00.0000000": "00:00:00",
		"12:00": "12:00:00", "01:02:03.5": "01:02:03.5", "01:02:03.1234567891": "01:02:03.123456789",
	} {
		tod, err := ParseTimeOfDay(in)
		if err != nil || tod.String() != want {
			t.Errorf("ParseTimeOfDay(%q) = %v, %v; want %s", in, tod, err, want)
		}
	}
	if tod, _ := ParseTimeOfDay("23:59:59.9999999"); tod != (TimeOfDay{23, 59, 59, 999999900}) {
		t.Errorf("ParseTimeOfDay = %#v", tod)
	}
	for _, s := range []string{"24:00:00", "12:60:00", "12:00:60", "1:00:00", "12:00:00.", "12:00:00Z", "12", ""} {
		if _, err := ParseTimeOfDay(s); err == nil {
			t.Errorf("ParseTimeOfDay(%q): no error", s)
		}
	}
	// JSON, standing alone and with encoding/json.
	type pair struct {
		D Date      `json:"d"`
		T TimeOfDay `json:"t"`
	}
	var p pair
	if err := json.Unmarshal([]byte(`{"d":"2020-01-02","t":"10:11:12.013"}`), &p); err != nil {
		t.Fatal(err)
	}
	if p != (pair{Date{2020, 1, 2}, TimeOfDay{10, 11, 12, 13000000}}) {
		t.Errorf("decoded %#v", p)
	}
	if got := rtTestMarshal(t, p); got != `{"d":"2020-01-02","t":"10:11:12.013"}` {
		t.Errorf("encoded %s", got)
	}
	if err := json.Unmarshal([]byte(`{"d":"2020-02-30"}`), &p); err == nil {
		t.Error("2020-02-30: no error")
	}
	if err := json.Unmarshal([]byte(`{"d":null,"t":null}`), &p); err != nil || p.D != (Date{2020, 1, 2}) {
		t.Errorf("null changed %v (err %v)", p, err)
	}
}

func TestCodecErrors(t *testing.T) {
	for _, tc := range []struct {
		in, err string
		typeErr bool
	}{
		{`{"groupId":5}`, `GroupAssignmentTarget.groupId: expected string, got number 5`, true},
		{`{"enabled":"yes"}`, `GroupAssignmentTarget.enabled: expected boolean, got string`, true},
		{`{"inner":{"count":1.5}}`, `GroupAssignmentTarget.inner: Inner.count: expected int32, got number 1.5`, true},
		{`{"inners":[{},{"name":[]}]}`, `GroupAssignmentTarget.inners[1]: Inner.name: expected string, got array`, true},
		{`{"tags":["a",3]}`, `GroupAssignmentTarget.tags[1]: expected string, got number 3`, true},
		{`{"tags":"a"}`, `GroupAssignmentTarget.tags: expected array, got string`, true},
		{`{"inner":[]}`, `GroupAssignmentTarget.inner: Inner: expected object, got array`, true},
		{`{"target":"x"}`, `GroupAssignmentTarget.target: expected object, got string`, true},
		{`{"targets":[{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":false}]}`,
			`GroupAssignmentTarget.targets[0]: GroupAssignmentTarget.groupId: expected string, got boolean`, true},
		{`{"day":"2020-02-30"}`, `GroupAssignmentTarget.day: expected date string, got string "2020-02-30"`, true},
		{`{"at":"25:00:00"}`, `GroupAssignmentTarget.at: expected time-of-day string, got string "25:00:00"`, true},
		{`{"@odata.type":1}`, `GroupAssignmentTarget.@odata.type: expected string, got number 1`, true},
		{`[]`, `GroupAssignmentTarget: expected object, got array`, true},
		{`{"groupId":"a"`, `GroupAssignmentTarget: unexpected end of JSON input`, false},
		{`{"groupId":"a",}`, `GroupAssignmentTarget: invalid character '}' looking for beginning of object key string`, false},
		{`{"groupId":"a" "b"}`, `GroupAssignmentTarget: invalid character '"' after object key:value pair`, false},
		{`{"x":[1,2}`, `GroupAssignmentTarget.x: invalid character '}' after array element`, false},
		{`{"groupId":"a\x"}`, `GroupAssignmentTarget.groupId: invalid character 'x' in string escape code`, false},
		{"{\"groupId\":\"a\tb\"}", `GroupAssignmentTarget.groupId: invalid character '\t' in string literal`, false},
		{`{"size":01}`, `GroupAssignmentTarget: invalid character '1' after object key:value pair`, false},
		{`{"size":-}`, `GroupAssignmentTarget.size: invalid character '}' in numeric literal`, false},
		{`{"enabled":tru}`, `GroupAssignmentTarget.enabled: invalid character '}' in literal true (expecting 'e')`, false},
		{`{} {}`, `invalid character '{' after top-level value`, false},
		{``, `unexpected end of JSON input`, false},
	} {
		var v GroupAssignmentTarget
		err := graphrtUnmarshal([]byte(tc.in), &v)
		if fmtErr(err) != tc.err {
			t.Errorf("%s:\n got %v\nwant %s", tc.in, err, tc.err)
			continue
		}
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		if tc.typeErr && !errors.As(err, &te) || !tc.typeErr && !errors.As(err, &se) {
			t.Errorf("%s: errors.As finds no *json.%s in %v", tc.in, map[bool]string{true: "UnmarshalTypeError", false: "SyntaxError"}[tc.typeErr], err)
			continue
		}
		if tc.in == `{"groupId":5}` && (te.Struct != "GroupAssignmentTarget" || te.Field != "groupId" || te.Offset != 11 || te.Value != "number 5") {
			t.Errorf("%s: UnmarshalTypeError %+v", tc.in, te)
		}
	}
}

// TestCodecDeepNesting: absurd nesting is an error, not a crashed stack.
func TestCodecDeepNesting(t *testing.T) {
	const n = 20000
	self := strings.Repeat(`{"self":`, n) + `{}` + strings.Repeat(`}`, n)
	extra := `{"x":` + strings.Repeat(`[`, n) + strings.Repeat(`]`, n) + `}`
	for _, in := range []string{self, extra} {
		var v GroupAssignmentTarget
		if err := graphrtUnmarshal([]byte(in), &v); err == nil || !strings.Contains(err.Error(), "nested deeper than 10000") {
			t.Errorf("err = %.200v", err)
		}
	}
	// A cycle is an error when encoding.
	c := &GroupAssignmentTarget{}
	c.Self = Value(c)
	if _, err := graphrtMarshal(c); err == nil || !strings.Contains(err.Error(), "nested deeper than 10000") {
		t.Errorf("cycle: err = %.200v", err)
	}
}

// TestNullableThroughCodec: Nullable[T] in a plain struct (not a model),
// through the codec, for every kind the codec handles.
func TestNullableThroughCodec(t *testing.T) {
	type user struct {
		Time    Nullable[time.Time]              `json:"time,omitzero"`
		Day     Nullable[Date]                   `json:"day,omitzero"`
		Model   Nullable[Inner]                  `json:"model,omitzero"`
		Ptr     Nullable[*GroupAssignmentTarget] `json:"ptr,omitzero"`
		Targets Nullable[[]TargetVariant]        `json:"targets,omitzero"`
		Raw     Nullable[json.RawMessage]        `json:"raw,omitzero"`
		Map     Nullable[map[string]int64]       `json:"map,omitzero"`
		Bytes   Nullable[[]byte]                 `json:"bytes,omitzero"`
	}
	in := `{"time":"2018-09-21T00:00:00","day":"2018-09-21","model":{"id":"x","name":"n","extra":1},"ptr":{"groupId":"g"},` +
		`"targets":[{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},{"@odata.type":"#x.y","z":1}],"raw":[1, 2],"map":{"b":2,"a":9007199254740993},"bytes":"aGk="}`
	var u user
	if err := graphrtUnmarshal([]byte(in), &u); err != nil {
		t.Fatal(err)
	}
	want := user{
		Time:  Value(time.Date(2018, 9, 21, 0, 0, 0, 0, time.UTC)),
		Day:   Value(Date{2018, 9, 21}),
		Model: Value(Inner{ID: Value("x"), Name: Value("n"), AdditionalData: map[string]json.RawMessage{"extra": json.RawMessage(`1`)}}),
		Ptr:   Value(&GroupAssignmentTarget{GroupID: Value("g")}),
		Targets: Value([]TargetVariant{&AllDevicesAssignmentTarget{ODataType: "#microsoft.graph.allDevicesAssignmentTarget"},
			&UnknownTarget{Unknown{"x.y", json.RawMessage(`{"@odata.type":"#x.y","z":1}`)}}}),
		Raw:   Value(json.RawMessage(`[1, 2]`)),
		Map:   Value(map[string]int64{"a": 1<<53 + 1, "b": 2}),
		Bytes: Value([]byte("hi")),
	}
	if d := rtTestDiff(want, u); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	out := `{"time":"2018-09-21T00:00:00Z","day":"2018-09-21","model":{"name":"n","extra":1},"ptr":{"groupId":"g"},` +
		`"targets":[{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"},{"@odata.type":"#x.y","z":1}],"raw":[1, 2],"map":{"a":9007199254740993,"b":2},"bytes":"aGk="}`
	if got := rtTestCodecMarshal(t, &u); got != out {
		t.Errorf("Marshal:\n got %s\nwant %s", got, out)
	}
}

// TestCodecConcurrent: plans are built once and shared safely (run with
// -race).
func TestCodecConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var v GroupAssignmentTarget
			if err := json.Unmarshal([]byte(rtTestFullAllJSON), &v); err != nil {
				t.Error(err)
			}
			if out, _ := graphrtMarshalAll(&v); string(out) != rtTestFullAllJSON {
				t.Errorf("concurrent round trip: %s", out)
			}
		}()
	}
	wg.Wait()
}

func TestUnknownMethods(t *testing.T) {
	var u UnknownTarget
	if err := json.Unmarshal([]byte(`{"@odata.type":"#a.b","v":1}`), &u); err != nil {
		t.Fatal(err)
	}
	if u.ODataType != "a.b" || string(u.Raw) != `{"@odata.type":"#a.b","v":1}` {
		t.Errorf("u = %+v", u)
	}
	if got := rtTestMarshal(t, u); got != `{"@odata.type":"#a.b","v":1}` {
		t.Errorf("Marshal = %s", got)
	}
	if got := rtTestMarshal(t, UnknownTarget{}); got != `null` {
		t.Errorf("empty Marshal = %s", got)
	}
	if err := u.UnmarshalJSON([]byte(`{`)); err == nil {
		t.Error("invalid JSON: no error")
	}
}

func FuzzCodec(f *testing.F) {
	for _, s := range []string{rtTestFullJSON, rtTestFullAllJSON, `{}`, `{"targets":[{"@odata.type":"#x"}]}`, `{"groupId":"\ud83d\ude00\ud83d"}`,
		`{"size":"-12","ratio":"NaN","tags":null,"self":{"self":null}}`, `{"createdDateTime":"2018-09-21t10:00:00.123+01:00"}`, `{"a":[{"b":{}}]}`, `[`, `{"x":tru}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var v GroupAssignmentTarget
		if err := graphrtUnmarshal(data, &v); err != nil {
			return
		}
		if !json.Valid(data) {
			t.Fatalf("accepted invalid JSON %q", data)
		}
		out, err := graphrtMarshalAll(&v)
		if err != nil {
			if strings.Contains(err.Error(), "year outside") {
				return
			}
			t.Fatalf("re-encoding %q: %v", data, err)
		}
		var w GroupAssignmentTarget
		if err := graphrtUnmarshal(out, &w); err != nil {
			t.Fatalf("decoding our own %s: %v", out, err)
		}
		again, err := graphrtMarshalAll(&w)
		if err != nil || !bytes.Equal(out, again) {
			t.Fatalf("not stable:\n%s\n%s (%v)", out, again, err)
		}
	})
}

// rtTestSchema and rtTestRule: a model reached first through a slice of a
// model that holds a slice of itself (synchronizationSchema's rules).
type rtTestSchema struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#x.schema"`
	Rules          Nullable[[]rtTestRule]     `json:"rules,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v rtTestSchema) MarshalJSON() ([]byte, error)  { return graphrtMarshal(&v) }
func (v *rtTestSchema) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

type rtTestRule struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#x.rule"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Children       Nullable[[]rtTestRule]     `json:"children,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v rtTestRule) MarshalJSON() ([]byte, error)  { return graphrtMarshal(&v) }
func (v *rtTestRule) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

func TestCodecRecursiveSlices(t *testing.T) {
	in := `{"rules":[{"name":"a","children":[{"name":"b","children":[]}]}]}`
	var s rtTestSchema
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != in {
		t.Errorf("round trip: %s, want %s", out, in)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "nl\n\r\t", "\x00\x1f", "é ü 日本", "\u2028\u2029", "bad\xffutf8", "<&>"} {
		got := graphrtAppendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%q: %s is not JSON: %v", s, got, err)
		}
		want := strings.ToValidUTF8(s, "\uFFFD")
		if back != want {
			t.Errorf("%q: round trip gives %q", s, back)
		}
	}
}
