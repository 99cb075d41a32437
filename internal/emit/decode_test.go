package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// decodeOrderedStd is decodeOrdered written with encoding/json's Decoder
// (the emitter's first version, which let anything that is not a token
// follow the value): the oracle.
func decodeOrderedStd(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValueStd(dec, 0)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")) > 0 {
		return nil, fmt.Errorf("data after the JSON value")
	}
	return v, nil
}

func decodeValueStd(dec *json.Decoder, depth int) (any, error) {
	if depth > 200 {
		return nil, fmt.Errorf("JSON nested more than 200 levels")
	}
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		o := &obj{vals: map[string]any{}}
		for dec.More() {
			kt, err := dec.Token()
			if err != nil {
				return nil, err
			}
			k, _ := kt.(string)
			v, err := decodeValueStd(dec, depth+1)
			if err != nil {
				return nil, err
			}
			if _, dup := o.vals[k]; !dup {
				o.keys = append(o.keys, k)
			}
			o.vals[k] = v
		}
		_, err := dec.Token()
		return o, err
	case json.Delim('['):
		a := []any{}
		for dec.More() {
			v, err := decodeValueStd(dec, depth+1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := dec.Token()
		return a, err
	}
	return tok, nil
}

var decodeOrderedSeeds = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0`, `12.5e-3`, `-1E+9`, `"x"`, `""`,
	` { "b" : 1 , "a" : [ 1 , "2" , null , { } ] } `,
	`{"a":1,"a":2,"b":{"c":[true,false]}}`,
	`"esc \" \\ \/ \b \f \n \r \t \u00e9 \ud83d\ude00"`,
	"\"bad \xff utf8\"", `"é ünicode"`,
	`{"value":[{"@odata.type":"#microsoft.graph.user","id":"1"}],"@odata.nextLink":"https://x/y?$skip=2"}`,
	// Invalid: both must fail.
	`{`, `[1,]`, `{"a"}`, `{"a":}`, `01`, `1.`, `-`, `tru`, `"unterminated`, "\"ctl \x01\"", `{} {}`, `[1 2]`, `{"a":1,}`,
}

func TestDecodeOrderedMatchesEncodingJSON(t *testing.T) {
	for _, in := range decodeOrderedSeeds {
		checkDecodeOrdered(t, []byte(in))
	}
}

func FuzzDecodeOrdered(f *testing.F) {
	for _, in := range decodeOrderedSeeds {
		f.Add([]byte(in))
	}
	f.Fuzz(func(t *testing.T, data []byte) { checkDecodeOrdered(t, data) })
}

func checkDecodeOrdered(t *testing.T, data []byte) {
	t.Helper()
	got, gerr := decodeOrdered(data)
	want, werr := decodeOrderedStd(data)
	if (gerr == nil) != (werr == nil) {
		t.Fatalf("%q: error %v, encoding/json's %v", data, gerr, werr)
	}
	if gerr != nil {
		return
	}
	if d := cmp.Diff(want, got, cmp.AllowUnexported(obj{})); d != "" {
		t.Fatalf("%q (-encoding/json +decodeOrdered):\n%s", data, d)
	}
}

func FuzzSanitizeComment(f *testing.F) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "é", "a\u2028b", "x\x7fy", "\xff", "Read-only. Nullable."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := sanitizeComment(s), sanitizeCommentRunes(s); got != want {
			t.Fatalf("sanitizeComment(%q) = %q, want %q", s, got, want)
		}
	})
}
