package graphrt

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestGraphgenAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote`, `back\slash`, "nl\n\r\t", "\x00\x1f", "é ü 日本", "\u2028\u2029", "bad\xffutf8", "<&>"} {
		got := graphgenAppendString(nil, s)
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

func TestGraphgenAppendFloat(t *testing.T) {
	for _, f := range []float64{0, 1, -2.5, 1e21, 1e-7, 123456789.125} {
		got, err := graphgenAppendFloat(nil, f)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := json.Marshal(f)
		if string(got) != string(want) {
			t.Errorf("%v: got %s, want %s", f, got, want)
		}
	}
}

func TestGraphgenObject(t *testing.T) {
	type kv struct{ K, V string }
	var got []kv
	in := ` { "a" : 1, "b\u0022" : {"x": [1, "]}"]}, "c": "s,}" , "d":null } `
	err := graphgenObject([]byte(in), func(k, v []byte) error {
		got = append(got, kv{string(k), string(v)})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []kv{{"a", "1"}, {`b"`, `{"x": [1, "]}"]}`}, {"c", `"s,}"`}, {"d", "null"}}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	for _, bad := range []string{``, `[]`, `{`, `{"a"}`, `{"a":}`, `{"a":1,}`, `{"a":1} x`, `{"a":"x}`} {
		if err := graphgenObject([]byte(bad), func(k, v []byte) error { return nil }); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}

func TestGraphgenScalars(t *testing.T) {
	if s, err := graphgenString([]byte(`"a\nb"`)); err != nil || s != "a\nb" {
		t.Errorf("string: %q, %v", s, err)
	}
	if _, err := graphgenString([]byte(`1`)); err == nil {
		t.Error("string: no error for a number")
	}
	if n, err := graphgenInt([]byte(`-42`), 32); err != nil || n != -42 {
		t.Errorf("int: %d, %v", n, err)
	}
	if _, err := graphgenInt([]byte(`2147483648`), 32); err == nil {
		t.Error("int32: no error on overflow")
	}
	if b, err := graphgenBool([]byte(`true`)); err != nil || !b {
		t.Errorf("bool: %v, %v", b, err)
	}
	if _, err := graphgenFloat([]byte(`"1"`)); err == nil {
		t.Error("float: no error for a string")
	}
	var got []string
	if err := graphgenArray([]byte(`[1, "a", {"b": [2]}]`), func(e []byte) error { got = append(got, string(e)); return nil }); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"1", `"a"`, `{"b": [2]}`}, got); d != "" {
		t.Errorf("array (-want +got):\n%s", d)
	}
}
