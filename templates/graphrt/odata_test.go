package graphrt

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestODataType(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
		ok   bool
	}{
		{`{"@odata.type":"#microsoft.graph.groupAssignmentTarget"}`, "microsoft.graph.groupAssignmentTarget", true},
		{`{"@odata.type":"microsoft.graph.groupAssignmentTarget"}`, "microsoft.graph.groupAssignmentTarget", true},
		{" \r\n{ \"id\" : 1 ,\t\"@odata.type\" :\n\"#a.b\" } ", "a.b", true},
		{`{"target":{"@odata.type":"#nested"},"s":"\"@odata.type\":\"y\"","l":[{"@odata.type":"q"},"]}"],"n":-1.5e3,"t":true,"f":false,"z":null,"@odata.type":"#top"}`, "top", true},
		{`{"target":{"@odata.type":"#nested"}}`, "", false},
		{`{"\u0040odata.type":"#esc"}`, "esc", true},
		{`{"@odata.type":"#a\u002eb\"c"}`, `a.b"c`, true},
		{`{"@odata.type":"#first","@odata.type":"#last"}`, "last", true},
		{`{"@odata.type":"#first","@odata.type":null}`, "", false},
		{`{"@odata.type":null}`, "", false},
		{`{"@odata.type":5}`, "", false},
		{`{"@odata.type":"##x"}`, "#x", true},
		{`{"@odata.type":""}`, "", true},
		{`{"@odata.typex":"a","@odata.typ":"b"}`, "", false},
		{`{}`, "", false},
		{`[{"@odata.type":"a"}]`, "", false},
		{`"@odata.type"`, "", false},
		{``, "", false},
		{`{"@odata.type":"a"`, "", false},
		{`{"@odata.type":"a}`, "", false},
		{`{"@odata.type" "a"}`, "", false},
		{`{"x":bogus,"@odata.type":"a"}`, "", false},
		{`{"x":{"y":1,"@odata.type":"a"}`, "", false},
		{`{"@odata.type":"a",}`, "", false},
		{"{\"@odata.type\":\"a\xffb\"}", "a\uFFFDb", true},
	} {
		got, ok := graphrtODataType([]byte(tc.in))
		if got != tc.want || ok != tc.ok {
			t.Errorf("graphrtODataType(%s) = (%q,%v), want (%q,%v)", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

// rtTestODataTypeSlow is the reference: decode the object into a map.
func rtTestODataTypeSlow(data []byte) (string, bool) {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) != nil || m == nil {
		return "", false
	}
	raw, ok := m["@odata.type"]
	var s string
	if !ok || string(raw) == "null" || json.Unmarshal(raw, &s) != nil {
		return "", false
	}
	return strings.TrimPrefix(s, "#"), true
}

// FuzzODataType: never panics, and on valid JSON agrees with decoding the
// whole object into a map.
func FuzzODataType(f *testing.F) {
	for _, s := range []string{
		`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"x"}`,
		`{"a":[1,{"b":"}"}],"@odata.type":"t"}`,
		`{"\u0040odata.type":"#e"}`,
		`{"@odata.type":null}`,
		`[]`, `{`, `{"a":1,}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		got, ok := graphrtODataType(data)
		if !json.Valid(data) {
			return
		}
		want, wok := rtTestODataTypeSlow(data)
		if got != want || ok != wok {
			t.Errorf("graphrtODataType(%q) = (%q,%v), map decode gives (%q,%v)", data, got, ok, want, wok)
		}
	})
}
