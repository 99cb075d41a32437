package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// JSONKind is the JSON type of an example value as the page writes it.
type JSONKind string

const (
	JSONNull   JSONKind = "null"
	JSONBool   JSONKind = "boolean"
	JSONNumber JSONKind = "number"
	JSONString JSONKind = "string"
	JSONArray  JSONKind = "array"
	JSONObject JSONKind = "object"
)

// noun is how a message names a JSON kind: "a string", "an array".
func (k JSONKind) noun() string {
	switch k {
	case JSONNull:
		return "null"
	case JSONArray, JSONObject:
		return "an " + string(k)
	case "":
		return "a value"
	}
	return "a " + string(k)
}

// Value is a JSON value of an example (a request or response body, or an
// argument read from the URL), read against the type its place documents.
// The tree holds the whole JSON value, members in the example's order (a
// member written twice keeps its first place and its last value); the
// reading annotates what it reaches:
//
//   - Type is the documented type of the value's place (an item of a
//     collection has the element type, Collection false). Zero where
//     nothing is documented (a response's @odata.context, a member no
//     property names).
//   - A scalar read as a primitive has Text in a canonical form: an
//     integer in decimal, a floating-point number as strconv writes it
//     ('g', shortest), a boolean "true" or "false"; a string's text as
//     written. An enum value naming one of the enum's members has Member.
//   - An object read as a structured type has Object: the documented type,
//     or the member of its family that "@odata.type" names. Its members
//     documented by a property have Prop; in a request body, the others
//     (a request body type's "@odata.type" too) are read as untyped: a
//     client sends them as additional data.
//   - A value whose place is untyped (Edm.Untyped, or a type that could not
//     be resolved; each item of a collection of those) has Raw(), its JSON
//     as encoding/json writes it (compact, object keys sorted): the client
//     keeps it as raw JSON.
type Value struct {
	JSON      JSONKind
	Type      Ref
	Text      string      // a string, number or boolean as described above
	Items     []*Value    // an array's items
	Props     []PropValue // an object's members, in the example's order
	Object    *Type       // an object read as a structured type
	ODataType string      // an object's "@odata.type" string, as written ("" when none)
	Member    *Member     // an enum value naming a member
	untyped   bool        // read as untyped: see Raw
}

// PropValue is one member of an example object.
type PropValue struct {
	Name  string
	Prop  *Property // the property the object's type documents under Name; nil when none does
	Value *Value
}

// Get returns the object member named name, or nil.
func (v *Value) Get(name string) *Value {
	if v == nil {
		return nil
	}
	if p := v.prop(name); p != nil {
		return p.Value
	}
	return nil
}

// maxDepth is how deeply an example's JSON may nest.
const maxDepth = 200

// decodeValue reads one JSON document into an unannotated Value tree, with
// encoding/json's tokenizer (numbers kept as written).
func decodeValue(data []byte) (*Value, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	d := &decoder{dec: dec}
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			return nil, errors.New("data after the JSON value")
		}
		return nil, err
	}
	return v, nil
}

// decoder reads Values from a json.Decoder, allocating them in blocks.
type decoder struct {
	dec  *json.Decoder
	slab []Value
	n    int // the next block's size
}

func (d *decoder) node(kind JSONKind, text string) *Value {
	if len(d.slab) == 0 {
		d.n = min(max(2*d.n, 4), 64)
		d.slab = make([]Value, d.n)
	}
	v := &d.slab[0]
	d.slab = d.slab[1:]
	v.JSON, v.Text = kind, text
	return v
}

func (d *decoder) value(depth int) (*Value, error) {
	tok, err := d.dec.Token()
	if err == io.EOF {
		return nil, io.ErrUnexpectedEOF
	}
	if err != nil {
		return nil, err
	}
	switch t := tok.(type) {
	case nil:
		return d.node(JSONNull, ""), nil
	case bool:
		if t {
			return d.node(JSONBool, "true"), nil
		}
		return d.node(JSONBool, "false"), nil
	case json.Number:
		return d.node(JSONNumber, string(t)), nil
	case string:
		return d.node(JSONString, t), nil
	case json.Delim:
		if depth >= maxDepth {
			return nil, fmt.Errorf("JSON nested more than %d levels", maxDepth)
		}
		if t == '[' {
			v := d.node(JSONArray, "")
			v.Items = []*Value{}
			for d.dec.More() {
				x, err := d.value(depth + 1)
				if err != nil {
					return nil, err
				}
				v.Items = append(v.Items, x)
			}
			_, err := d.dec.Token() // ']'
			return v, err
		}
		v := d.node(JSONObject, "")
		for d.dec.More() {
			k, err := d.dec.Token()
			if err != nil {
				return nil, err
			}
			name, _ := k.(string)
			x, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if p := v.prop(name); p != nil {
				p.Value = x // the last value, in the first place
				continue
			}
			v.Props = append(v.Props, PropValue{Name: name, Value: x})
		}
		_, err := d.dec.Token() // '}'
		return v, err
	}
	return nil, fmt.Errorf("unexpected JSON token %v", tok)
}

func (v *Value) prop(name string) *PropValue {
	for i := range v.Props {
		if v.Props[i].Name == name {
			return &v.Props[i]
		}
	}
	return nil
}

// plain is v as encoding/json decodes it into an any (numbers as
// json.Number), for re-encoding.
func (v *Value) plain() any {
	switch v.JSON {
	case JSONBool:
		return v.Text == "true"
	case JSONNumber:
		return json.Number(v.Text)
	case JSONString:
		return v.Text
	case JSONArray:
		out := make([]any, len(v.Items))
		for i, x := range v.Items {
			out[i] = x.plain()
		}
		return out
	case JSONObject:
		m := make(map[string]any, len(v.Props))
		for _, p := range v.Props {
			m[p.Name] = p.Value.plain()
		}
		return m
	}
	return nil
}

// Raw is the JSON of a value read as untyped, as encoding/json writes it
// (compact, object keys sorted); nil for any other value.
func (v *Value) Raw() []byte {
	if v == nil || !v.untyped {
		return nil
	}
	b, err := json.Marshal(v.plain())
	if err != nil {
		return nil // plain values always encode
	}
	return b
}
