package graphtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// checkBody decodes and checks a request's JSON body as the service would:
// JSON of the operation's type, no property the type does not describe (an
// instance annotation such as members@odata.bind is fine), no read-only
// property, every property the page marks Required; for an operation that
// links an object, a reference (checkRef). It returns the decoded body, or
// the message of a 400.
func checkBody(op *operation, data []byte) (any, string) {
	if op.ref {
		return checkRef(data)
	}
	if op.decode == nil || len(bytes.TrimSpace(data)) == 0 {
		if len(op.required) > 0 {
			return nil, "The request body is missing; the property '" + op.required[0] + "' is required."
		}
		return nil, ""
	}
	body, err := op.decode(data)
	if err != nil {
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
			return nil, "The request body is not valid JSON: " + err.Error()
		}
		return nil, "Cannot read the request body: " + err.Error()
	}
	if msg := checkValue(reflect.ValueOf(&body).Elem(), "", 0); msg != "" {
		return body, msg
	}
	if len(op.required) > 0 {
		var top map[string]json.RawMessage
		if json.Unmarshal(data, &top) == nil {
			for _, name := range op.required {
				v, ok := top[name]
				if !ok {
					return body, "The required property '" + name + "' is missing."
				}
				if string(bytes.TrimSpace(v)) == "null" {
					return body, "The required property '" + name + "' cannot be null."
				}
			}
		}
	}
	return body, ""
}

// checkRef reads the body of an operation that links an object, as the
// service does: a JSON object whose "@odata.id" is a string that is not
// empty, and no other property (an instance annotation, with '@', is
// fine).
func checkRef(data []byte) (any, string) {
	const want = `; send a reference, {"@odata.id": "<URL of the object>"}.`
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, "The request body is missing" + want
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		if se := (*json.SyntaxError)(nil); errors.As(err, &se) {
			return nil, "The request body is not valid JSON: " + err.Error()
		}
		return nil, "The request body is not a JSON object" + want
	}
	if top == nil {
		return nil, "The request body is null" + want
	}
	var others []string
	for k := range top {
		if !strings.Contains(k, "@") {
			others = append(others, k)
		}
	}
	if len(others) > 0 {
		sort.Strings(others)
		return nil, "The property '" + others[0] + "' does not belong in a reference" + want
	}
	raw, ok := top["@odata.id"]
	if !ok {
		return nil, "The reference has no '@odata.id'" + want
	}
	var v any
	json.Unmarshal(raw, &v) // valid: it was decoded once
	id, ok := v.(string)
	if !ok {
		return nil, "The reference's '@odata.id' is not a string" + want
	}
	if id == "" {
		return nil, "The reference's '@odata.id' is empty" + want
	}
	return Ref{ODataID: id}, ""
}

// checkValue walks a decoded body; at is the property path so far.
func checkValue(v reflect.Value, at string, depth int) string {
	if !v.IsValid() || depth > 64 {
		return ""
	}
	t := v.Type()
	switch t.Kind() {
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return ""
		}
		return checkValue(v.Elem(), at, depth+1)
	case reflect.Slice, reflect.Array:
		if t == rawType || !holdsModel(t) {
			return ""
		}
		for i := range v.Len() {
			if msg := checkValue(v.Index(i), at+"["+strconv.Itoa(i)+"]", depth+1); msg != "" {
				return msg
			}
		}
	case reflect.Map:
		if !holdsModel(t) {
			return ""
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return keys[i].String() < keys[j].String() })
		for _, k := range keys {
			if msg := checkValue(v.MapIndex(k), join(at, k.String()), depth+1); msg != "" {
				return msg
			}
		}
	case reflect.Struct:
		if isUnknown(t) {
			typ := v.Field(0).FieldByName("ODataType").String()
			return "The @odata.type '" + typ + "'" + where(at) + " is not a type this operation accepts."
		}
		if !isModel(t) {
			return ""
		}
		return checkModel(v, at, depth)
	}
	return ""
}

func checkModel(v reflect.Value, at string, depth int) string {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() || !isNullable(f.Type) {
			continue
		}
		key, _ := jsonName(f)
		fv := v.Field(i)
		set, null, inner := nullable(fv)
		if !set {
			continue
		}
		if hasOption(f.Tag.Get("graph"), "readonly") {
			return "The property '" + join(at, key) + "' is read-only and cannot be set."
		}
		if !null && holdsModel(inner.Type()) {
			if msg := checkValue(inner, join(at, key), depth+1); msg != "" {
				return msg
			}
		}
	}
	if ad, ok := additionalData(v); ok && len(ad) > 0 {
		keys := make([]string, 0, len(ad))
		for k := range ad {
			if !strings.Contains(k, "@") {
				keys = append(keys, k)
			}
		}
		if len(keys) > 0 {
			sort.Strings(keys)
			return "The property '" + join(at, keys[0]) + "' does not exist on type '" + typeName(v) + "'."
		}
	}
	return ""
}

// typeName is a model's OData name (its ODataType tag), or its Go name.
func typeName(v reflect.Value) string {
	if f, ok := v.Type().FieldByName("ODataType"); ok {
		if g := strings.TrimPrefix(f.Tag.Get("graph"), "#"); g != "" {
			return g
		}
	}
	return v.Type().Name()
}

func hasOption(tag, opt string) bool {
	for _, o := range strings.Split(tag, ",") {
		if o == opt {
			return true
		}
	}
	return false
}

func join(at, key string) string {
	if at == "" {
		return key
	}
	return at + "." + key
}

func where(at string) string {
	if at == "" {
		return ""
	}
	return " of '" + at + "'"
}
