package graphtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// The client package's models send only what a caller may send: read-only
// properties are left out. An answer of the service has them, so the
// server writes models itself, by the conventions of the client package's
// codec: "@odata.type" (from ODataType, or the type's own name in a
// polymorphic position), every Nullable field that is set (null for Null),
// then AdditionalData in key order. Values that hold no model are written by
// the client package's codec (through encoding/json).

var (
	graphPkg    = reflect.TypeFor[graph.Client]().PkgPath()
	unknownType = reflect.TypeFor[graph.Unknown]()
	rawType     = reflect.TypeFor[json.RawMessage]()
	adType      = reflect.TypeFor[map[string]json.RawMessage]()
)

// encodeAnswer writes v (a result of the client method's type) as the
// service would send it.
func encodeAnswer(v reflect.Value) ([]byte, error) {
	var b bytes.Buffer
	if err := encodeValue(&b, v, false, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func encodeValue(b *bytes.Buffer, v reflect.Value, poly bool, depth int) error {
	if depth > 64 {
		return fmt.Errorf("graphtest: value nested too deep (a cycle?)")
	}
	if !v.IsValid() {
		b.WriteString("null")
		return nil
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Interface:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeValue(b, v.Elem(), true, depth+1)
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		return encodeValue(b, v.Elem(), poly, depth+1)
	case reflect.Struct:
		if isModel(t) {
			return encodeModel(b, v, poly, depth)
		}
	case reflect.Slice:
		if t == rawType {
			if v.Len() == 0 {
				b.WriteString("null")
				return nil
			}
			if !json.Valid(v.Bytes()) {
				return fmt.Errorf("graphtest: json.RawMessage that is not JSON")
			}
			b.Write(v.Bytes())
			return nil
		}
		if t.Elem().Kind() == reflect.Uint8 || !holdsModel(t) {
			break
		}
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := encodeValue(b, v.Index(i), false, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String || !holdsModel(t) {
			break
		}
		if v.IsNil() {
			b.WriteString("null")
			return nil
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k.String())
			b.Write(kb)
			b.WriteByte(':')
			if err := encodeValue(b, v.MapIndex(k), false, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case reflect.Float32, reflect.Float64:
		switch f := v.Float(); {
		case math.IsNaN(f):
			b.WriteString(`"NaN"`)
			return nil
		case math.IsInf(f, 1):
			b.WriteString(`"INF"`)
			return nil
		case math.IsInf(f, -1):
			b.WriteString(`"-INF"`)
			return nil
		}
	}
	data, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	b.Write(data)
	return nil
}

// encodeModel writes a model with its read-only properties.
func encodeModel(b *bytes.Buffer, v reflect.Value, poly bool, depth int) error {
	t := v.Type()
	b.WriteByte('{')
	n := 0
	sep := func() {
		if n > 0 {
			b.WriteByte(',')
		}
		n++
	}
	seen := map[string]bool{}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		switch {
		case f.Name == "AdditionalData" && f.Type == adType:
			continue
		case f.Name == "ODataType" && f.Type.Kind() == reflect.String:
			name := fv.String()
			if name == "" && poly {
				name = f.Tag.Get("graph")
			}
			if name != "" {
				sep()
				nb, _ := json.Marshal(name)
				b.WriteString(`"@odata.type":`)
				b.Write(nb)
			}
			seen["@odata.type"] = true
			continue
		}
		key, opts := jsonName(f)
		if key == "-" {
			continue
		}
		seen[key] = true
		if isNullable(f.Type) {
			set, null, inner := nullable(fv)
			if !set {
				continue
			}
			sep()
			writeKey(b, key)
			if null {
				b.WriteString("null")
				continue
			}
			if err := encodeValue(b, inner, false, depth+1); err != nil {
				return fmt.Errorf("%s.%s: %w", t.Name(), key, err)
			}
			continue
		}
		if (strings.Contains(opts, "omitempty") || strings.Contains(opts, "omitzero")) && fv.IsZero() {
			continue
		}
		sep()
		writeKey(b, key)
		if err := encodeValue(b, fv, false, depth+1); err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), key, err)
		}
	}
	if ad, ok := additionalData(v); ok && len(ad) > 0 {
		keys := make([]string, 0, len(ad))
		for k := range ad {
			if !seen[k] {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			if !json.Valid(ad[k]) {
				return fmt.Errorf("%s.AdditionalData[%q]: not JSON", t.Name(), k)
			}
			sep()
			writeKey(b, k)
			b.Write(ad[k])
		}
	}
	b.WriteByte('}')
	return nil
}

func writeKey(b *bytes.Buffer, k string) {
	kb, _ := json.Marshal(k)
	b.Write(kb)
	b.WriteByte(':')
}

// jsonName is a field's JSON name and the rest of its json tag.
func jsonName(f reflect.StructField) (string, string) {
	tag := f.Tag.Get("json")
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return name, opts
}

// additionalData is a model's AdditionalData.
func additionalData(v reflect.Value) (map[string]json.RawMessage, bool) {
	f := v.FieldByName("AdditionalData")
	if !f.IsValid() || f.Type() != adType {
		return nil, false
	}
	return f.Interface().(map[string]json.RawMessage), true
}

// isModel reports whether t is a model of the client package: a struct
// with an AdditionalData or an "@odata.type" field.
func isModel(t reflect.Type) bool {
	if t.Kind() != reflect.Struct || t.PkgPath() != graphPkg {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if f.Name == "AdditionalData" && f.Type == adType {
			return true
		}
		if name, _ := jsonName(f); name == "@odata.type" {
			return true
		}
	}
	return false
}

// isUnknown reports whether t is a family's type for an unknown
// @odata.type (a struct embedding graph.Unknown).
func isUnknown(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.NumField() == 1 && t.Field(0).Anonymous && t.Field(0).Type == unknownType
}

// isNullable reports whether t is a graph.Nullable.
func isNullable(t reflect.Type) bool {
	return t.Kind() == reflect.Struct && t.PkgPath() == graphPkg && strings.HasPrefix(t.Name(), "Nullable[")
}

// nullable reads a graph.Nullable through its methods (pointer receivers):
// whether it is set, null, and its value (valid when set and not null).
func nullable(fv reflect.Value) (set, null bool, inner reflect.Value) {
	p := reflect.New(fv.Type())
	p.Elem().Set(fv)
	got := p.MethodByName("Get").Call(nil)
	null = p.MethodByName("IsNull").Call(nil)[0].Bool()
	return got[1].Bool() || null, null, got[0]
}

var holdsCache sync.Map // reflect.Type -> bool

// holdsModel reports whether a value of type t can hold a model (or a
// family value).
func holdsModel(t reflect.Type) bool {
	if v, ok := holdsCache.Load(t); ok {
		return v.(bool)
	}
	holdsCache.Store(t, false) // a recursive type finds its model on another path
	r := false
	switch t.Kind() {
	case reflect.Interface:
		r = t.NumMethod() > 0 // a family interface
	case reflect.Pointer, reflect.Slice, reflect.Array:
		r = t != rawType && holdsModel(t.Elem())
	case reflect.Map:
		r = holdsModel(t.Elem())
	case reflect.Struct:
		r = isModel(t)
	}
	holdsCache.Store(t, r)
	return r
}
