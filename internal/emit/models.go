package emit

import (
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// elemType is the Go type of one value of gt (ignoring coll).
func (f *goFile) elemType(gt goType) string {
	switch gt.kind {
	case kString:
		return "string"
	case kBool:
		return "bool"
	case kInt:
		return "int" + strconv.Itoa(gt.bits)
	case kFloat:
		return "float64"
	case kEnum:
		if gt.enum.name == "" {
			return "string"
		}
		return gt.enum.name
	case kModel:
		if gt.ptr {
			return "*" + gt.typ.name
		}
		return gt.typ.name
	case kIface:
		return gt.typ.iface
	}
	return f.q(jsonPkg) + ".RawMessage"
}

// typeOf is the Go type of gt.
func (f *goFile) typeOf(gt goType) string {
	if gt.coll {
		return "[]" + f.elemType(gt)
	}
	return f.elemType(gt)
}

// commentLines wraps doc text into comment lines.
func commentLines(s string) []string {
	return wrap(sanitizeComment(s), 90)
}

// simpleTag reports whether name can go in a struct tag as is.
func simpleTag(name string) bool {
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.@$", r)) {
			return false
		}
	}
	return name != ""
}

func (g *gen) enumsOf(t *typeInfo) []*enumInfo {
	var out []*enumInfo
	seen := map[*enumInfo]bool{}
	for _, fi := range t.fields {
		if e := fi.t.enum; e != nil && e.owner == t && e.name != "" && !seen[e] {
			seen[e] = true
			out = append(out, e)
		}
	}
	return out
}

// compactKind names the field helpers (graphgenPut<Kind>, graphgenGet<Kind>)
// that encode and decode a field of type gt in one call, or "" when the
// field needs inline code (collections, floats, models, raw JSON).
func compactKind(gt goType) string {
	if gt.coll {
		return ""
	}
	switch gt.kind {
	case kString, kEnum:
		return "String"
	case kBool:
		return "Bool"
	case kInt:
		return "Int"
	}
	return ""
}

// fieldHelpers is graphgen_fields.go: the helpers behind compactKind. One
// call per scalar field instead of eight inline lines keeps the generated
// package small, which is most of its compile time and memory at scale.
const fieldHelpers = `package graphgen

import "strconv"

// graphgenPutString appends "key":value (or null) when n is set.
func graphgenPutString[T ~string](b []byte, start int, key string, n Nullable[T]) []byte {
	if !n.IsSet() {
		return b
	}
	b = graphgenField(b, start, key)
	if x, ok := n.Get(); ok {
		return graphgenAppendString(b, string(x))
	}
	return append(b, "null"...)
}

// graphgenPutBool appends "key":value (or null) when n is set.
func graphgenPutBool(b []byte, start int, key string, n Nullable[bool]) []byte {
	if !n.IsSet() {
		return b
	}
	b = graphgenField(b, start, key)
	if x, ok := n.Get(); ok {
		return strconv.AppendBool(b, x)
	}
	return append(b, "null"...)
}

// graphgenPutInt appends "key":value (or null) when n is set.
func graphgenPutInt[T int16 | int32 | int64](b []byte, start int, key string, n Nullable[T]) []byte {
	if !n.IsSet() {
		return b
	}
	b = graphgenField(b, start, key)
	if x, ok := n.Get(); ok {
		return strconv.AppendInt(b, int64(x), 10)
	}
	return append(b, "null"...)
}

// graphgenGetString decodes a string (or null) into dst.
func graphgenGetString[T ~string](raw []byte, typ, prop string, dst *Nullable[T]) error {
	if graphgenIsNull(raw) {
		*dst = Null[T]()
		return nil
	}
	x, err := graphgenString(raw)
	if err != nil {
		return graphgenFieldError(typ, prop, err)
	}
	*dst = Value(T(x))
	return nil
}

// graphgenGetBool decodes a boolean (or null) into dst.
func graphgenGetBool(raw []byte, typ, prop string, dst *Nullable[bool]) error {
	if graphgenIsNull(raw) {
		*dst = Null[bool]()
		return nil
	}
	x, err := graphgenBool(raw)
	if err != nil {
		return graphgenFieldError(typ, prop, err)
	}
	*dst = Value(x)
	return nil
}

// graphgenGetInt decodes an integer of the given bit size (or null) into dst.
func graphgenGetInt[T int16 | int32 | int64](raw []byte, typ, prop string, bits int, dst *Nullable[T]) error {
	if graphgenIsNull(raw) {
		*dst = Null[T]()
		return nil
	}
	x, err := graphgenInt(raw, bits)
	if err != nil {
		return graphgenFieldError(typ, prop, err)
	}
	*dst = Value(T(x))
	return nil
}
`

// appendJSONKey returns `"name":` with name JSON-escaped.
func appendJSONKey(name string) []byte {
	var b []byte
	b = append(b, '"')
	for _, r := range name {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r < 0x20 || r == '\u2028' || r == '\u2029':
			b = append(b, []byte(`\u`+strconv.FormatInt(int64(r)+0x10000, 16)[1:])...)
		default:
			b = append(b, string(r)...)
		}
	}
	return append(b, '"', ':')
}

// modelFile writes the file of one resource page's model.
func (g *gen) modelFile(t *typeInfo) error {
	f := g.newGoFile(g.source(t.doc))
	g.modelDecls(f, t)
	g.putFile(t.file, f.finish())
	return nil
}

// modelDecls writes t's struct, JSON methods, family and enums.
func (g *gen) modelDecls(f *goFile, t *typeInfo) {
	var doc []string
	if t.doc.Kind == model.KindOperation {
		doc = commentLines(t.name + " is " + sanitizeComment("the request body of "+t.doc.Title+"."))
	} else {
		doc = commentLines(t.name + " is the " + sanitizeComment(t.doc.TypeName) + " resource. " + sanitizeComment(t.doc.Description))
	}
	if t.doc.Kind == model.KindResource {
		doc = append(doc, "OData type: "+sanitizeComment(t.odata)+".")
	}
	f.doc(doc...)
	f.open("type ", t.name, " struct {")
	f.doc("ODataType is the \"@odata.type\" annotation as received, or to send (a",
		"polymorphic type sends its own when this is empty).")
	f.l("ODataType string `json:\"@odata.type,omitempty\"`")
	for _, fi := range t.fields {
		d := fi.desc
		if fi.readOnly {
			d = "Read-only: never sent. " + d
		}
		f.doc(commentLines(fi.name + ": " + d)...)
		if simpleTag(fi.json) {
			f.l(fi.name, " Nullable[", f.typeOf(fi.t), "] `json:\"", fi.json, ",omitzero\"`")
		} else {
			f.l(fi.name, " Nullable[", f.typeOf(fi.t), "]")
		}
	}
	f.doc("AdditionalData holds the properties the docs do not describe, as raw JSON,",
		"so a read-modify-write keeps them. They are sent back in key order.")
	f.l("AdditionalData map[string]", f.q(jsonPkg), ".RawMessage `json:\"-\"`")
	f.close("}")
	f.blank()

	g.marshalMethods(f, t)
	g.unmarshalMethod(f, t)

	// Family membership.
	var marks []string
	for p := t; p != nil; p = p.base {
		if p.iface != "" {
			marks = append(marks, "func (*"+t.name+") "+p.marker+"()")
		}
	}
	f.oneLineFuncs(marks)
	if t.iface != "" {
		f.blank()
		g.familyDecls(f, t)
	}
	for _, e := range g.enumsOf(t) {
		f.blank()
		g.enumDecls(f, e)
	}
}

func (g *gen) enumDecls(f *goFile, e *enumInfo) {
	f.doc(e.name + " is the " + sanitizeComment(e.doc) + " enumeration. Values the docs do not list are kept as they are.")
	f.l("type ", e.name, " string")
	if len(e.values) > 0 {
		f.blank()
		f.open("const (")
		rows := make([][]string, len(e.values))
		for i, v := range e.values {
			rows[i] = []string{e.consts[i], e.name, "= " + lit(v)}
		}
		f.align(rows)
		f.close(")")
	}
}

func (g *gen) familyDecls(f *goFile, t *typeInfo) {
	var members []string
	var walk func(*typeInfo)
	walk = func(p *typeInfo) {
		members = append(members, p.name)
		for _, d := range p.derived {
			if d.needed {
				walk(d)
			}
		}
	}
	walk(t)
	f.doc(t.iface+" is any "+sanitizeComment(t.doc.TypeName)+": "+strings.Join(members, ", ")+",",
		"or "+t.unknown+" for an @odata.type this package does not know.")
	f.open("type ", t.iface, " interface {")
	f.l(f.q(jsonPkg), ".Marshaler")
	f.l("appendJSON(b []byte, all, poly bool) ([]byte, error)")
	f.l(t.marker, "()")
	f.close("}")
	f.blank()
	f.doc(t.unknown+" is a "+sanitizeComment(t.doc.TypeName)+" whose @odata.type is not known here. Raw",
		"holds its JSON as received and is sent back unchanged.")
	f.open("type ", t.unknown, " struct {")
	f.doc("ODataType is the \"@odata.type\" of Raw, without a leading '#'.")
	f.align([][]string{{"ODataType", "string"}, {"Raw", f.q(jsonPkg) + ".RawMessage"}})
	f.close("}")
	f.blank()
	f.doc("MarshalJSON returns Raw.")
	f.open("func (v *", t.unknown, ") MarshalJSON() ([]byte, error) {")
	f.l("return v.appendJSON(nil, false, false)")
	f.close("}")
	f.open("func (v *", t.unknown, ") appendJSON(b []byte, _, _ bool) ([]byte, error) {")
	f.l("return graphgenAppendRaw(b, v.Raw)")
	f.close("}")
	f.blank()
	f.doc("UnmarshalJSON keeps a copy of data.")
	f.open("func (v *", t.unknown, ") UnmarshalJSON(data []byte) error {")
	f.l("raw, err := graphgenRaw(data)")
	f.open("if err != nil {")
	f.l("return err")
	f.close("}")
	f.l("v.ODataType, _ = odataType(raw)")
	f.l("v.Raw = raw")
	f.l("return nil")
	f.close("}")
	var marks []string
	for p := t; p != nil; p = p.base {
		if p.iface != "" {
			marks = append(marks, "func (*"+t.unknown+") "+p.marker+"()")
		}
	}
	f.oneLineFuncs(marks)
	f.blank()
	// Decoder.
	f.doc(t.unmarshal+" decodes any "+sanitizeComment(t.doc.TypeName)+" by its @odata.type (with or",
		"without '#'); no @odata.type means "+t.name+".")
	f.open("func ", t.unmarshal, "(data []byte) (", t.iface, ", error) {")
	f.l("typ, _ := odataType(data)")
	f.l("switch typ {")
	decode := func(name string) {
		f.depth++
		f.l("v := new(", name, ")")
		f.open("if err := v.UnmarshalJSON(data); err != nil {")
		f.l("return nil, err")
		f.close("}")
		f.l("return v, nil")
		f.depth--
	}
	var add func(p *typeInfo, first bool)
	add = func(p *typeInfo, first bool) {
		if first {
			f.l(`case "", `, lit(p.odata), ":")
		} else {
			f.l("case ", lit(p.odata), ":")
		}
		decode(p.name)
		for _, d := range p.derived {
			if d.needed {
				add(d, false)
			}
		}
	}
	add(t, true)
	f.l("default:")
	decode(t.unknown)
	f.l("}")
	f.close("}")
}

// marshalMethods writes MarshalJSON and appendJSON.
func (g *gen) marshalMethods(f *goFile, t *typeInfo) {
	f.doc("MarshalJSON encodes the fields that are set, except read-only ones, then AdditionalData.")
	f.open("func (v *", t.name, ") MarshalJSON() ([]byte, error) {")
	f.l("return v.appendJSON(make([]byte, 0, 256), false, false)")
	f.close("}")
	f.blank()
	f.doc("appendJSON appends v's JSON to b. all includes read-only properties (for tests",
		"and round trips); poly (set for a value in a polymorphic field) sends the type's",
		"own @odata.type when ODataType is empty and all is false.")
	f.open("func (v *", t.name, ") appendJSON(b []byte, all, poly bool) ([]byte, error) {")
	f.l("start := len(b)")
	f.l("b = append(b, '{')")
	// err is always used: graphgenAppendExtra below assigns it.
	f.l("var err error")
	f.open(`if v.ODataType != "" {`)
	f.l(`b = graphgenField(b, start, "\"@odata.type\":")`)
	f.l("b = graphgenAppendString(b, v.ODataType)")
	if t.base != nil {
		f.reopen("} else if poly && !all {")
		f.l(`b = graphgenField(b, start, "\"@odata.type\":")`)
		f.l("b = graphgenAppendString(b, ", lit("#"+t.odata), ")")
	}
	f.close("}")
	for _, fi := range t.fields {
		key := lit(string(appendJSONKey(fi.json)))
		if c := compactKind(fi.t); c != "" {
			// One helper call per scalar field (see fieldHelpers).
			if fi.readOnly {
				f.open("if all {")
			}
			f.l("b = graphgenPut", c, "(b, start, ", key, ", v.", fi.name, ")")
			if fi.readOnly {
				f.close("}")
			}
			continue
		}
		if fi.readOnly {
			f.open("if all && v.", fi.name, ".IsSet() {")
		} else {
			f.open("if v.", fi.name, ".IsSet() {")
		}
		f.l("b = graphgenField(b, start, ", key, ")")
		f.open("if x, ok := v.", fi.name, ".Get(); ok {")
		g.appendValue(f, fi.t, "x", t.name, fi.json)
		f.reopen("} else {")
		f.l(`b = append(b, "null"...)`)
		f.close("}")
		f.close("}")
	}
	f.open("if b, err = graphgenAppendExtra(b, start, v.AdditionalData); err != nil {")
	f.l("return b, graphgenFieldError(", lit(t.name), `, "AdditionalData", err)`)
	f.close("}")
	f.l("return append(b, '}'), nil")
	f.close("}")
	f.blank()
}

// appendValue writes statements appending x (of type gt) to b.
func (g *gen) appendValue(f *goFile, gt goType, x string, typ, prop string) {
	wrapErr := func() {
		f.open("if err != nil {")
		f.l("return b, graphgenFieldError(", lit(typ), ", ", lit(prop), ", err)")
		f.close("}")
	}
	if gt.coll {
		elem := gt
		elem.coll = false
		f.l("b = append(b, '[')")
		f.open("for i, e := range ", x, " {")
		f.open("if i > 0 {")
		f.l("b = append(b, ',')")
		f.close("}")
		g.appendValue(f, elem, "e", typ, prop)
		f.close("}")
		f.l("b = append(b, ']')")
		return
	}
	switch gt.kind {
	case kString:
		f.l("b = graphgenAppendString(b, ", x, ")")
	case kEnum:
		f.l("b = graphgenAppendString(b, string(", x, "))")
	case kBool:
		f.l("b = ", f.q("strconv"), ".AppendBool(b, ", x, ")")
	case kInt:
		f.l("b = ", f.q("strconv"), ".AppendInt(b, int64(", x, "), 10)")
	case kFloat:
		f.l("b, err = graphgenAppendFloat(b, ", x, ")")
		wrapErr()
	case kModel:
		if gt.ptr {
			f.open("if ", x, " == nil {")
			f.l(`b = append(b, "null"...)`)
			f.reopen("} else {")
		}
		f.l("b, err = ", x, ".appendJSON(b, all, false)")
		wrapErr()
		if gt.ptr {
			f.close("}")
		}
	case kIface:
		f.open("if ", x, " == nil {")
		f.l(`b = append(b, "null"...)`)
		f.reopen("} else {")
		f.l("b, err = ", x, ".appendJSON(b, all, true)")
		wrapErr()
		f.close("}")
	default:
		f.l("b, err = graphgenAppendRaw(b, ", x, ")")
		wrapErr()
	}
}

// decodeValue writes statements that decode raw (of type gt) into a new
// variable named out; on failure they run ret with the error expression.
func (g *gen) decodeValue(f *goFile, gt goType, raw, out, typ, prop string, ret func(err string)) {
	fieldErr := "graphgenFieldError(" + lit(typ) + ", " + lit(prop) + ", err)"
	fail := func() {
		f.open("if err != nil {")
		ret(fieldErr)
		f.close("}")
	}
	if gt.coll {
		elem := gt
		elem.coll = false
		f.l("var ", out, " ", f.typeOf(gt))
		f.open("err := graphgenArray(", raw, ", func(e []byte) error {")
		g.decodeValue(f, elem, "e", "y", typ, prop, func(err string) { f.l("return ", err) })
		f.l(out, " = append(", out, ", y)")
		f.l("return nil")
		f.close("})")
		f.open("if err != nil {")
		ret("err")
		f.close("}")
		return
	}
	switch gt.kind {
	case kString:
		f.l(out, ", err := graphgenString(", raw, ")")
		fail()
	case kEnum:
		s := out + "s"
		f.l(s, ", err := graphgenString(", raw, ")")
		fail()
		f.l(out, " := ", f.elemType(gt), "(", s, ")")
	case kBool:
		f.l(out, ", err := graphgenBool(", raw, ")")
		fail()
	case kInt:
		n := out + "n"
		f.l(n, ", err := graphgenInt(", raw, ", ", strconv.Itoa(gt.bits), ")")
		fail()
		f.l(out, " := ", f.elemType(gt), "(", n, ")")
	case kFloat:
		f.l(out, ", err := graphgenFloat(", raw, ")")
		fail()
	case kModel:
		if gt.ptr {
			f.l(out, " := new(", gt.typ.name, ")")
		} else {
			f.l("var ", out, " ", gt.typ.name)
		}
		f.open("if err := ", out, ".UnmarshalJSON(", raw, "); err != nil {")
		ret(fieldErr)
		f.close("}")
	case kIface:
		f.l(out, ", err := ", gt.typ.unmarshal, "(", raw, ")")
		fail()
	default:
		f.l(out, ", err := graphgenRaw(", raw, ")")
		fail()
	}
}

// unmarshalMethod writes UnmarshalJSON.
func (g *gen) unmarshalMethod(f *goFile, t *typeInfo) {
	ret := func(err string) { f.l("return ", err) }
	name := lit(t.name)
	f.doc("UnmarshalJSON decodes data into v, replacing its contents; properties the docs",
		"do not describe go to AdditionalData.")
	f.open("func (v *", t.name, ") UnmarshalJSON(data []byte) error {")
	f.l("*v = ", t.name, "{}")
	f.open("return graphgenObject(data, func(key, raw []byte) error {")
	f.l("switch string(key) {")
	f.open(`case "@odata.type":`)
	f.open("if graphgenIsNull(raw) {")
	f.l("return nil")
	f.close("}")
	f.l("s, err := graphgenString(raw)")
	f.open("if err != nil {")
	f.l("return graphgenFieldError(", name, `, "@odata.type", err)`)
	f.close("}")
	f.l("v.ODataType = s")
	f.depth--
	for _, fi := range t.fields {
		f.open("case ", lit(fi.json), ":")
		if c := compactKind(fi.t); c != "" {
			bits := ""
			if c == "Int" {
				bits = ", " + strconv.Itoa(fi.t.bits)
			}
			f.l("return graphgenGet", c, "(raw, ", name, ", ", lit(fi.json), bits, ", &v.", fi.name, ")")
			f.depth--
			continue
		}
		f.open("if graphgenIsNull(raw) {")
		f.l("v.", fi.name, " = Null[", f.typeOf(fi.t), "]()")
		f.l("return nil")
		f.close("}")
		g.decodeValue(f, fi.t, "raw", "x", t.name, fi.json, ret)
		f.l("v.", fi.name, " = Value(x)")
		f.depth--
	}
	f.open("default:")
	f.l("x, err := graphgenRaw(raw)")
	f.open("if err != nil {")
	f.l("return graphgenFieldError(", name, ", string(key), err)")
	f.close("}")
	f.open("if v.AdditionalData == nil {")
	f.l("v.AdditionalData = map[string]", f.q(jsonPkg), ".RawMessage{}")
	f.close("}")
	f.l("v.AdditionalData[string(key)] = x")
	f.depth--
	f.l("}")
	f.l("return nil")
	f.close("})")
	f.close("}")
	f.blank()
}
