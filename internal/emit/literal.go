package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/graphgen/graphgen/internal/api"
)

// litError is why an example value cannot become a Go literal: a
// diagnostic code and a message.
type litError struct{ code, msg string }

func litErr(code, format string, args ...any) *litError {
	return &litError{code: code, msg: fmt.Sprintf(format, args...)}
}

// obj is a JSON object with its keys in document order.
type obj struct {
	keys []string
	vals map[string]any
}

// decodeOrdered decodes JSON keeping object key order and numbers as
// json.Number: *obj (a later duplicate key wins, the first position is
// kept), []any (never nil), string, json.Number, bool, nil.
func decodeOrdered(data []byte) (any, error) {
	d := orderedDecoder{data: data}
	d.ws()
	v, err := d.value(0)
	if err != nil {
		return nil, err
	}
	d.ws()
	if d.i < len(d.data) {
		return nil, fmt.Errorf("data after the JSON value at offset %d", d.i)
	}
	return v, nil
}

// orderedDecoder is decodeOrdered's scanner: a byte-level recursive
// descent (encoding/json's Decoder.Token took a third of the emitter's time
// on the whole beta folder). TestDecodeOrderedMatchesEncodingJSON and
// FuzzDecodeOrdered compare it with encoding/json.
type orderedDecoder struct {
	data []byte
	i    int
}

func (d *orderedDecoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *orderedDecoder) errorf(format string, args ...any) error {
	return fmt.Errorf("offset %d: %s", d.i, fmt.Sprintf(format, args...))
}

func (d *orderedDecoder) value(depth int) (any, error) {
	if depth > 200 {
		return nil, fmt.Errorf("JSON nested more than 200 levels")
	}
	if d.i >= len(d.data) {
		return nil, d.errorf("unexpected end of JSON")
	}
	switch c := d.data[d.i]; {
	case c == '{':
		d.i++
		o := &obj{vals: map[string]any{}}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == '}' {
			d.i++
			return o, nil
		}
		for {
			d.ws()
			if d.i >= len(d.data) || d.data[d.i] != '"' {
				return nil, d.errorf("expected a string key")
			}
			k, err := d.str()
			if err != nil {
				return nil, err
			}
			d.ws()
			if d.i >= len(d.data) || d.data[d.i] != ':' {
				return nil, d.errorf("expected ':'")
			}
			d.i++
			d.ws()
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			if _, dup := o.vals[k]; !dup {
				o.keys = append(o.keys, k)
			}
			o.vals[k] = v
			d.ws()
			if d.i < len(d.data) && d.data[d.i] == ',' {
				d.i++
				continue
			}
			if d.i < len(d.data) && d.data[d.i] == '}' {
				d.i++
				return o, nil
			}
			return nil, d.errorf("expected ',' or '}'")
		}
	case c == '[':
		d.i++
		a := []any{}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == ']' {
			d.i++
			return a, nil
		}
		for {
			d.ws()
			v, err := d.value(depth + 1)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
			d.ws()
			if d.i < len(d.data) && d.data[d.i] == ',' {
				d.i++
				continue
			}
			if d.i < len(d.data) && d.data[d.i] == ']' {
				d.i++
				return a, nil
			}
			return nil, d.errorf("expected ',' or ']'")
		}
	case c == '"':
		return d.str()
	case c == 't':
		return true, d.lit("true")
	case c == 'f':
		return false, d.lit("false")
	case c == 'n':
		return nil, d.lit("null")
	case c == '-' || c >= '0' && c <= '9':
		start := d.i
		if c == '-' {
			d.i++
		}
		if d.i < len(d.data) && d.data[d.i] == '0' {
			d.i++
		} else if !d.digits() {
			return nil, d.errorf("bad number")
		}
		if d.i < len(d.data) && d.data[d.i] == '.' {
			d.i++
			if !d.digits() {
				return nil, d.errorf("bad number")
			}
		}
		if d.i < len(d.data) && (d.data[d.i] == 'e' || d.data[d.i] == 'E') {
			d.i++
			if d.i < len(d.data) && (d.data[d.i] == '+' || d.data[d.i] == '-') {
				d.i++
			}
			if !d.digits() {
				return nil, d.errorf("bad number")
			}
		}
		return json.Number(d.data[start:d.i]), nil
	}
	return nil, d.errorf("invalid character %q", d.data[d.i])
}

func (d *orderedDecoder) digits() bool {
	start := d.i
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		d.i++
	}
	return d.i > start
}

func (d *orderedDecoder) lit(w string) error {
	if !bytes.HasPrefix(d.data[d.i:], []byte(w)) {
		return d.errorf("invalid literal")
	}
	d.i += len(w)
	return nil
}

// str reads a JSON string at d.i; one without escapes is a plain copy,
// one with escapes (or invalid UTF-8) goes through encoding/json.
func (d *orderedDecoder) str() (string, error) {
	start := d.i
	d.i++
	escaped := false
	for d.i < len(d.data) {
		switch c := d.data[d.i]; {
		case c == '"':
			d.i++
			raw := d.data[start:d.i]
			if !escaped && utf8.Valid(raw) {
				return string(raw[1 : len(raw)-1]), nil
			}
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return "", err
			}
			return s, nil
		case c == '\\':
			escaped = true
			d.i += 2
		case c < 0x20:
			return "", d.errorf("control character in string")
		default:
			d.i++
		}
	}
	return "", d.errorf("unterminated string")
}

func jsonKind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case json.Number:
		return "a number"
	case []any:
		return "an array"
	case *obj:
		return "an object"
	}
	return "a value"
}

// plain turns decoded values back into what json.Marshal encodes.
func plain(v any) any {
	switch x := v.(type) {
	case *obj:
		m := map[string]any{}
		for k, e := range x.vals {
			m[k] = plain(e)
		}
		return m
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = plain(e)
		}
		return out
	}
	return v
}

// parseTime reads a date-time as the docs write them (RFC 3339 with or
// without an offset).
func parseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err := time.Parse(layout, strings.ToUpper(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// typeNoun names a type in a message: "a user object", "a collection of
// values".
func typeNoun(gt goType) string {
	switch {
	case (gt.kind == kModel || gt.kind == kIface) && gt.coll:
		return "a collection of " + typeLabel(gt.t) + " objects"
	case gt.kind == kModel || gt.kind == kIface:
		return "a " + typeLabel(gt.t) + " object"
	case gt.coll:
		return "a collection of values"
	}
	return "a value"
}

// member finds the type an example object with @odata.type odata is, in
// tp's family (case-insensitive, with or without '#'); nil when none.
func (g *gen) member(tp *typePlan, odata string) *typePlan {
	odata = strings.TrimPrefix(odata, "#")
	for _, m := range familyMembers(g, tp) {
		if strings.EqualFold(m.t.QualifiedName(), odata) {
			return m
		}
	}
	return nil
}

// literal builds the Go literal of JSON value v as type gt; top is true for
// a request body (a pointer to a model).
func (g *gen) literal(f *goFile, gt goType, v any, top bool) (expr, *litError) {
	if gt.coll {
		a, ok := v.([]any)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a JSON array, got %s", jsonKind(v))
		}
		e := gt
		e.coll = false
		items := make([]expr, 0, len(a))
		multi := false
		for _, x := range a {
			c, err := g.literal(f, e, x, false)
			if err != nil {
				return nil, err
			}
			items = append(items, c)
			multi = multi || c.multi()
		}
		typ := f.typeOf(gt)
		if len(items) == 1 {
			return wrapExpr(typ+"{", items[0], "}"), nil
		}
		if multi {
			// Several elements on the lines of others: gofmt breaks the
			// lines its own way; the file goes through go/format.
			f.reformat = true
		}
		out := expr{typ + "{"}
		for i, it := range items {
			if i > 0 {
				out[len(out)-1] += ", "
			}
			out[len(out)-1] += it[0]
			out = append(out, it[1:]...)
		}
		out[len(out)-1] += "}"
		return out, nil
	}
	switch gt.kind {
	case kString:
		s, ok := v.(string)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a string, got %s", jsonKind(v))
		}
		return one(lit(s)), nil
	case kEnum:
		s, ok := v.(string)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a string (%s), got %s", typeLabel(gt.t), jsonKind(v))
		}
		if i := slices.IndexFunc(gt.t.t.Members, func(m *api.Member) bool { return m.Name == s }); i >= 0 {
			return one(gt.t.consts[i]), nil
		}
		return one(gt.t.name + "(" + lit(s) + ")"), nil
	case kBool:
		b, ok := v.(bool)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a boolean, got %s", jsonKind(v))
		}
		return one(strconv.FormatBool(b)), nil
	case kInt16, kInt32, kInt64:
		bits := map[kind]int{kInt16: 16, kInt32: 32, kInt64: 64}[gt.kind]
		n, ok := v.(json.Number)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected an integer, got %s", jsonKind(v))
		}
		i, err := strconv.ParseInt(string(n), 10, bits)
		if err != nil {
			return nil, litErr("example-type-mismatch", "expected an int%d, got %s", bits, n)
		}
		return one(strconv.FormatInt(i, 10)), nil
	case kFloat:
		n, ok := v.(json.Number)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a number, got %s", jsonKind(v))
		}
		x, err := strconv.ParseFloat(string(n), 64)
		if err != nil {
			return nil, litErr("example-type-mismatch", "expected a number, got %s", n)
		}
		s := strconv.FormatFloat(x, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eEIN") {
			s += ".0"
		}
		return one(s), nil
	case kTime, kDate, kTimeOfDay:
		s, ok := v.(string)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a string, got %s", jsonKind(v))
		}
		fn, what := "graphgenTime", "a date-time"
		valid := false
		switch gt.kind {
		case kTime:
			_, valid = parseTime(s)
		case kDate:
			fn, what = "graphgenDate", "a date"
			_, err := time.Parse("2006-01-02", s)
			valid = err == nil
		default:
			fn, what = "graphgenTimeOfDay", "a time of day"
			_, err := time.Parse("15:04:05.999999999", s)
			valid = err == nil
			if !valid {
				_, err = time.Parse("15:04", s)
				valid = err == nil
			}
		}
		if !valid {
			return nil, litErr("example-type-mismatch", "expected %s, got %q", what, s)
		}
		return one(fn + "(t, " + lit(s) + ")"), nil
	case kModel, kIface:
		o, ok := v.(*obj)
		if !ok {
			return nil, litErr("example-type-mismatch", "expected a %s object, got %s", typeLabel(gt.t), jsonKind(v))
		}
		tp := gt.t
		if ot, ok := o.vals["@odata.type"].(string); ok && (gt.kind == kIface || g.hasDerived(tp)) {
			found := g.member(tp, ot)
			if found == nil {
				return nil, litErr("example-unknown-type", "@odata.type %q is not %s or a type derived from it", ot, typeLabel(tp))
			}
			tp = found
		}
		c, err := g.modelLiteral(f, tp, o)
		if err != nil {
			return nil, err
		}
		if top || gt.kind == kIface || gt.ptr {
			return wrapExpr("&", c, ""), nil
		}
		return c, nil
	}
	data, err := json.Marshal(plain(v))
	if err != nil {
		return nil, litErr("example-bad-json", "%v", err)
	}
	return one(f.q(jsonPkg) + ".RawMessage(" + lit(string(data)) + ")"), nil
}

// modelLiteral builds T{...} from a JSON object, fields in struct order.
func (g *gen) modelLiteral(f *goFile, tp *typePlan, o *obj) (expr, *litError) {
	byJSON := map[string]*fieldPlan{}
	for _, fp := range tp.fields {
		byJSON[fp.p.Name] = fp
	}
	for _, k := range o.keys {
		if k != "@odata.type" && byJSON[k] == nil {
			return nil, litErr("example-unknown-property", "property %q is not a property of %s", k, typeLabel(tp))
		}
	}
	var elems []kv
	if ot, ok := o.vals["@odata.type"]; ok {
		s, isStr := ot.(string)
		if !isStr {
			return nil, litErr("example-type-mismatch", "@odata.type is %s, not a string", jsonKind(ot))
		}
		if tp.t.Request != nil {
			return nil, litErr("example-unknown-property", "the request body has no @odata.type")
		}
		elems = append(elems, kv{"ODataType", one(lit(s))})
	}
	for _, fp := range tp.fields {
		v, ok := o.vals[fp.p.Name]
		if !ok {
			continue
		}
		if fp.p.ReadOnly {
			return nil, litErr("example-read-only-property", "property %q of %s is read-only, and the client never sends it", fp.p.Name, typeLabel(tp))
		}
		if v == nil {
			elems = append(elems, kv{fp.name, one("Null[" + f.typeOf(fp.gt) + "]()")})
			continue
		}
		c, err := g.literal(f, fp.gt, v, false)
		if err != nil {
			return nil, &litError{code: err.code, msg: fp.p.Name + ": " + err.msg}
		}
		elems = append(elems, kv{fp.name, wrapExpr("Value["+f.typeOf(fp.gt)+"](", c, ")")})
	}
	return keyedLit(tp.name, elems), nil
}

// checkResponse checks an example response body against the method's
// result type, so that an example contradicting its page gives a
// diagnostic and a skipped test instead of a failing one: a collection must
// come as {"value": [...]}, a single primitive as {"value": x}, and every
// documented property must have its documented JSON type (null always
// allowed). Undocumented properties are fine in a response (AdditionalData
// keeps them), and so is an @odata.type the package does not know in a
// polymorphic place (Unknown<Type> keeps it).
func (g *gen) checkResponse(gt goType, body []byte) *litError {
	if gt.kind == kRaw && !gt.coll {
		return nil
	}
	v, err := decodeOrdered(body)
	if err != nil {
		return litErr("example-bad-json", "not valid JSON (%v)", err)
	}
	if gt.kind != kModel && gt.kind != kIface || gt.coll {
		o, ok := v.(*obj)
		if !ok {
			return litErr("example-type-mismatch", "the body is %s, not an object with a \"value\" property as the page's return type needs", jsonKind(v))
		}
		if !gt.coll {
			x, ok := o.vals["value"]
			if !ok {
				return litErr("example-type-mismatch", "the page documents a single value, but the body has no \"value\" property")
			}
			return g.checkValue(gt, x, 0)
		}
		if _, ok := o.vals["value"].([]any); !ok {
			return litErr("example-type-mismatch", "the page documents a collection, but the body has no \"value\" array")
		}
		return g.checkValue(gt, o.vals["value"], 0)
	}
	return g.checkValue(gt, v, 0)
}

func (g *gen) checkValue(gt goType, v any, depth int) *litError {
	if v == nil || depth > 64 {
		return nil
	}
	if gt.coll {
		a, ok := v.([]any)
		if !ok {
			return litErr("example-type-mismatch", "expected a JSON array, got %s", jsonKind(v))
		}
		e := gt
		e.coll = false
		for _, x := range a {
			if err := g.checkValue(e, x, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	switch gt.kind {
	case kString, kEnum:
		if _, ok := v.(string); !ok {
			return litErr("example-type-mismatch", "expected a string, got %s", jsonKind(v))
		}
	case kTime, kDate, kTimeOfDay:
		if _, err := g.literal(nil, gt, v, false); err != nil {
			return err
		}
	case kBool:
		if _, ok := v.(bool); !ok {
			return litErr("example-type-mismatch", "expected a boolean, got %s", jsonKind(v))
		}
	case kInt16, kInt32, kInt64:
		if _, err := g.literal(nil, gt, v, false); err != nil {
			return err
		}
	case kFloat:
		if _, ok := v.(json.Number); !ok {
			return litErr("example-type-mismatch", "expected a number, got %s", jsonKind(v))
		}
	case kModel, kIface:
		o, ok := v.(*obj)
		if !ok {
			return litErr("example-type-mismatch", "expected a %s object, got %s", typeLabel(gt.t), jsonKind(v))
		}
		tp := gt.t
		if ot, ok := o.vals["@odata.type"].(string); ok && (gt.kind == kIface || g.hasDerived(tp)) {
			found := g.member(tp, ot)
			if found == nil {
				return nil // kept whole by Unknown<Type>
			}
			tp = found
		}
		for _, f := range tp.fields {
			x, ok := o.vals[f.p.Name]
			if !ok {
				continue
			}
			if err := g.checkValue(f.gt, x, depth+1); err != nil {
				return &litError{code: err.code, msg: f.p.Name + ": " + err.msg}
			}
		}
	}
	return nil
}

// typeLabel names a type in a message: its OData name, or, for the request
// body type of a page that lists its properties without naming a type, its
// Go name (<Method>Request).
func typeLabel(tp *typePlan) string {
	switch {
	case tp.t.Request != nil && tp.name != "":
		return "the request body " + tp.name
	case tp.t.Name != "":
		return tp.t.Name
	}
	return "the request body"
}
