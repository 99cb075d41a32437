package emit

import (
	"strconv"
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/model"
)

// elemCode is the Go type of one value of gt (ignoring coll).
func (g *gen) elemCode(gt goType) *jen.Statement {
	switch gt.kind {
	case kString:
		return jen.String()
	case kBool:
		return jen.Bool()
	case kInt:
		return jen.Id("int" + strconv.Itoa(gt.bits))
	case kFloat:
		return jen.Float64()
	case kEnum:
		if gt.enum.name == "" {
			return jen.String()
		}
		return jen.Id(gt.enum.name)
	case kModel:
		if gt.ptr {
			return jen.Op("*").Id(gt.typ.name)
		}
		return jen.Id(gt.typ.name)
	case kIface:
		return jen.Id(gt.typ.iface)
	}
	return jen.Qual(jsonPkg, "RawMessage")
}

// typeCode is the Go type of gt.
func (g *gen) typeCode(gt goType) *jen.Statement {
	if gt.coll {
		return jen.Index().Add(g.elemCode(gt))
	}
	return g.elemCode(gt)
}

// comment adds doc text as wrapped // lines.
func comment(s string) []jen.Code {
	var out []jen.Code
	for _, l := range wrap(sanitizeComment(s), 90) {
		out = append(out, jen.Comment(l))
	}
	return out
}

func addComments(f *jen.File, text string) {
	for _, c := range comment(text) {
		f.Add(c)
	}
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

// modelFile renders the file of one resource page's model.
func (g *gen) modelFile(t *typeInfo) error {
	f := g.newFile(g.source(t.doc))
	g.modelDecls(f, t)
	return g.render(t.file, f)
}

// modelDecls adds t's struct, JSON methods, family and enums to f.
func (g *gen) modelDecls(f *jen.File, t *typeInfo) {
	desc := t.doc.Description
	if t.doc.Kind == model.KindOperation {
		desc = "the request body of " + t.doc.Title + "."
	}
	if t.doc.Kind == model.KindOperation {
		addComments(f, t.name+" is "+sanitizeComment(desc))
	} else {
		addComments(f, t.name+" is the "+sanitizeComment(t.doc.TypeName)+" resource. "+sanitizeComment(desc))
	}
	if t.doc.Kind == model.KindResource {
		f.Comment("OData type: " + sanitizeComment(t.odata) + ".")
	}
	var fields []jen.Code
	fields = append(fields, jen.Comment("ODataType is the \"@odata.type\" annotation as received, or to send (a"))
	fields = append(fields, jen.Comment("polymorphic type sends its own when this is empty)."))
	fields = append(fields, jen.Id("ODataType").String().Tag(map[string]string{"json": "@odata.type,omitempty"}))
	for _, fi := range t.fields {
		c := jen.Id(fi.name).Id("Nullable").Types(g.typeCode(fi.t))
		if simpleTag(fi.json) {
			c.Tag(map[string]string{"json": fi.json + ",omitzero"})
		}
		d := fi.desc
		if fi.readOnly {
			d = "Read-only: never sent. " + d
		}
		fields = append(fields, comment(fi.name+": "+d)...)
		fields = append(fields, c)
	}
	fields = append(fields, jen.Comment("AdditionalData holds the properties the docs do not describe, as raw JSON,"))
	fields = append(fields, jen.Comment("so a read-modify-write keeps them. They are sent back in key order."))
	fields = append(fields, jen.Id("AdditionalData").Map(jen.String()).Qual(jsonPkg, "RawMessage").Tag(map[string]string{"json": "-"}))
	f.Type().Id(t.name).Struct(fields...)
	f.Line()

	g.marshalMethods(f, t)
	g.unmarshalMethod(f, t)

	// Family membership.
	for p := t; p != nil; p = p.base {
		if p.iface != "" {
			f.Func().Params(jen.Op("*").Id(t.name)).Id(p.marker).Params().Block()
		}
	}
	if t.iface != "" {
		g.familyDecls(f, t)
	}
	for _, e := range g.enumsOf(t) {
		g.enumDecls(f, e)
	}
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

func (g *gen) enumDecls(f *jen.File, e *enumInfo) {
	f.Comment(e.name + " is the " + sanitizeComment(e.doc) + " enumeration. Values the docs do not list are kept as they are.")
	f.Type().Id(e.name).String()
	if len(e.values) > 0 {
		var cs []jen.Code
		for i, v := range e.values {
			cs = append(cs, jen.Id(e.consts[i]).Id(e.name).Op("=").Lit(v))
		}
		f.Const().Defs(cs...)
	}
}

func (g *gen) familyDecls(f *jen.File, t *typeInfo) {
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
	f.Comment(t.iface + " is any " + sanitizeComment(t.doc.TypeName) + ": " + strings.Join(members, ", ") + ",")
	f.Comment("or " + t.unknown + " for an @odata.type this package does not know.")
	f.Type().Id(t.iface).Interface(
		jen.Qual(jsonPkg, "Marshaler"),
		jen.Id("appendJSON").Params(jen.Id("b").Index().Byte(), jen.List(jen.Id("all"), jen.Id("poly")).Bool()).Params(jen.Index().Byte(), jen.Error()),
		jen.Id(t.marker).Params(),
	)
	f.Line()
	f.Comment(t.unknown + " is a " + sanitizeComment(t.doc.TypeName) + " whose @odata.type is not known here. Raw")
	f.Comment("holds its JSON as received and is sent back unchanged.")
	f.Type().Id(t.unknown).Struct(
		jen.Comment("ODataType is the \"@odata.type\" of Raw, without a leading '#'."),
		jen.Id("ODataType").String(),
		jen.Id("Raw").Qual(jsonPkg, "RawMessage"),
	)
	f.Comment("MarshalJSON returns Raw.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.unknown)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("v").Dot("appendJSON").Call(jen.Nil(), jen.False(), jen.False())),
	)
	f.Func().Params(jen.Id("v").Op("*").Id(t.unknown)).Id("appendJSON").Params(jen.Id("b").Index().Byte(), jen.List(jen.Id("_"), jen.Id("_")).Bool()).Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("graphgenAppendRaw").Call(jen.Id("b"), jen.Id("v").Dot("Raw"))),
	)
	f.Comment("UnmarshalJSON keeps a copy of data.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.unknown)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.List(jen.Id("raw"), jen.Err()).Op(":=").Id("graphgenRaw").Call(jen.Id("data")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.List(jen.Id("v").Dot("ODataType"), jen.Id("_")).Op("=").Id("odataType").Call(jen.Id("raw")),
		jen.Id("v").Dot("Raw").Op("=").Id("raw"),
		jen.Return(jen.Nil()),
	)
	for p := t; p != nil; p = p.base {
		if p.iface != "" {
			f.Func().Params(jen.Op("*").Id(t.unknown)).Id(p.marker).Params().Block()
		}
	}
	f.Line()
	// Decoder.
	var cases []jen.Code
	var add func(p *typeInfo, extra ...jen.Code)
	add = func(p *typeInfo, extra ...jen.Code) {
		vals := append(extra, jen.Lit(p.odata))
		cases = append(cases, jen.Case(vals...).Block(
			jen.Id("v").Op(":=").New(jen.Id(p.name)),
			jen.If(jen.Err().Op(":=").Id("v").Dot("UnmarshalJSON").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
			jen.Return(jen.Id("v"), jen.Nil()),
		))
		for _, d := range p.derived {
			if d.needed {
				add(d)
			}
		}
	}
	add(t, jen.Lit(""))
	cases = append(cases, jen.Default().Block(
		jen.Id("v").Op(":=").New(jen.Id(t.unknown)),
		jen.If(jen.Err().Op(":=").Id("v").Dot("UnmarshalJSON").Call(jen.Id("data")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.Return(jen.Id("v"), jen.Nil()),
	))
	f.Comment(t.unmarshal + " decodes any " + sanitizeComment(t.doc.TypeName) + " by its @odata.type (with or")
	f.Comment("without '#'); no @odata.type means " + t.name + ".")
	f.Func().Id(t.unmarshal).Params(jen.Id("data").Index().Byte()).Params(jen.Id(t.iface), jen.Error()).Block(
		jen.List(jen.Id("typ"), jen.Id("_")).Op(":=").Id("odataType").Call(jen.Id("data")),
		jen.Switch(jen.Id("typ")).Block(cases...),
	)
}

// marshalMethods renders MarshalJSON and appendJSON.
func (g *gen) marshalMethods(f *jen.File, t *typeInfo) {
	f.Comment("MarshalJSON encodes the fields that are set, except read-only ones, then AdditionalData.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("v").Dot("appendJSON").Call(jen.Make(jen.Index().Byte(), jen.Lit(0), jen.Lit(256)), jen.False(), jen.False())),
	)
	var body []jen.Code
	body = append(body,
		jen.Id("start").Op(":=").Len(jen.Id("b")),
		jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('{')),
		// err is always used: graphgenAppendExtra below assigns it.
		jen.Var().Id("err").Error(),
	)
	// @odata.type.
	odataSet := jen.Id("b").Op("=").Id("graphgenField").Call(jen.Id("b"), jen.Id("start"), jen.Lit(`"@odata.type":`))
	if t.base != nil {
		body = append(body,
			jen.If(jen.Id("v").Dot("ODataType").Op("!=").Lit("")).Block(
				odataSet,
				jen.Id("b").Op("=").Id("graphgenAppendString").Call(jen.Id("b"), jen.Id("v").Dot("ODataType")),
			).Else().If(jen.Id("poly").Op("&&").Op("!").Id("all")).Block(
				jen.Id("b").Op("=").Id("graphgenField").Call(jen.Id("b"), jen.Id("start"), jen.Lit(`"@odata.type":`)),
				jen.Id("b").Op("=").Id("graphgenAppendString").Call(jen.Id("b"), jen.Lit("#"+t.odata)),
			),
		)
	} else {
		body = append(body, jen.If(jen.Id("v").Dot("ODataType").Op("!=").Lit("")).Block(
			odataSet,
			jen.Id("b").Op("=").Id("graphgenAppendString").Call(jen.Id("b"), jen.Id("v").Dot("ODataType")),
		))
	}
	for _, fi := range t.fields {
		key := string(appendJSONKey(fi.json))
		if c := compactKind(fi.t); c != "" {
			// One helper call per scalar field (see fieldHelpers).
			put := jen.Id("b").Op("=").Id("graphgenPut"+c).Call(jen.Id("b"), jen.Id("start"), jen.Lit(key), jen.Id("v").Dot(fi.name))
			if fi.readOnly {
				put = jen.If(jen.Id("all")).Block(put)
			}
			body = append(body, put)
			continue
		}
		inner := []jen.Code{
			jen.Id("b").Op("=").Id("graphgenField").Call(jen.Id("b"), jen.Id("start"), jen.Lit(key)),
			jen.If(jen.List(jen.Id("x"), jen.Id("ok")).Op(":=").Id("v").Dot(fi.name).Dot("Get").Call(), jen.Id("ok")).Block(
				g.appendValue(fi.t, jen.Id("x"), t.name, fi.json)...,
			).Else().Block(
				jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("...")),
			),
		}
		cond := jen.Id("v").Dot(fi.name).Dot("IsSet").Call()
		if fi.readOnly {
			cond = jen.Id("all").Op("&&").Add(cond)
		}
		body = append(body, jen.If(cond).Block(inner...))
	}
	body = append(body,
		jen.If(jen.List(jen.Id("b"), jen.Id("err")).Op("=").Id("graphgenAppendExtra").Call(jen.Id("b"), jen.Id("start"), jen.Id("v").Dot("AdditionalData")), jen.Err().Op("!=").Nil()).Block(
			jen.Return(jen.Id("b"), jen.Id("graphgenFieldError").Call(jen.Lit(t.name), jen.Lit("AdditionalData"), jen.Err())),
		),
		jen.Return(jen.Append(jen.Id("b"), jen.LitRune('}')), jen.Nil()),
	)
	f.Comment("appendJSON appends v's JSON to b. all includes read-only properties (for tests")
	f.Comment("and round trips); poly (set for a value in a polymorphic field) sends the type's")
	f.Comment("own @odata.type when ODataType is empty and all is false.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.name)).Id("appendJSON").Params(jen.Id("b").Index().Byte(), jen.List(jen.Id("all"), jen.Id("poly")).Bool()).Params(jen.Index().Byte(), jen.Error()).Block(body...)
	f.Line()
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

// appendValue returns statements appending x (of type gt) to b.
func (g *gen) appendValue(gt goType, x *jen.Statement, typ, prop string) []jen.Code {
	if gt.coll {
		elem := gt
		elem.coll = false
		return []jen.Code{
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune('[')),
			jen.For(jen.List(jen.Id("i"), jen.Id("e")).Op(":=").Range().Add(x)).Block(
				append([]jen.Code{jen.If(jen.Id("i").Op(">").Lit(0)).Block(jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(',')))},
					g.appendValue(elem, jen.Id("e"), typ, prop)...)...,
			),
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.LitRune(']')),
		}
	}
	wrapErr := jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("b"), jen.Id("graphgenFieldError").Call(jen.Lit(typ), jen.Lit(prop), jen.Err())))
	switch gt.kind {
	case kString:
		return []jen.Code{jen.Id("b").Op("=").Id("graphgenAppendString").Call(jen.Id("b"), x)}
	case kEnum:
		return []jen.Code{jen.Id("b").Op("=").Id("graphgenAppendString").Call(jen.Id("b"), jen.String().Call(x))}
	case kBool:
		return []jen.Code{jen.Id("b").Op("=").Qual("strconv", "AppendBool").Call(jen.Id("b"), x)}
	case kInt:
		return []jen.Code{jen.Id("b").Op("=").Qual("strconv", "AppendInt").Call(jen.Id("b"), jen.Int64().Call(x), jen.Lit(10))}
	case kFloat:
		return []jen.Code{jen.List(jen.Id("b"), jen.Err()).Op("=").Id("graphgenAppendFloat").Call(jen.Id("b"), x), wrapErr}
	case kModel:
		enc := []jen.Code{jen.List(jen.Id("b"), jen.Err()).Op("=").Add(x).Dot("appendJSON").Call(jen.Id("b"), jen.Id("all"), jen.False()), wrapErr}
		if gt.ptr {
			return []jen.Code{jen.If(x.Clone().Op("==").Nil()).Block(
				jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("...")),
			).Else().Block(enc...)}
		}
		return enc
	case kIface:
		return []jen.Code{jen.If(x.Clone().Op("==").Nil()).Block(
			jen.Id("b").Op("=").Append(jen.Id("b"), jen.Lit("null").Op("...")),
		).Else().Block(
			jen.List(jen.Id("b"), jen.Err()).Op("=").Add(x).Dot("appendJSON").Call(jen.Id("b"), jen.Id("all"), jen.True()), wrapErr,
		)}
	}
	return []jen.Code{jen.List(jen.Id("b"), jen.Err()).Op("=").Id("graphgenAppendRaw").Call(jen.Id("b"), x), wrapErr}
}

// decodeValue returns statements that decode raw (of type gt) into a new
// variable named out, returning a wrapped error on failure.
func (g *gen) decodeValue(gt goType, raw *jen.Statement, out string, typ, prop string, ret func(err jen.Code) jen.Code) []jen.Code {
	fail := jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Id("graphgenFieldError").Call(jen.Lit(typ), jen.Lit(prop), jen.Err())))
	if gt.coll {
		elem := gt
		elem.coll = false
		return []jen.Code{
			jen.Var().Id(out).Add(g.typeCode(gt)),
			jen.Err().Op(":=").Id("graphgenArray").Call(raw, jen.Func().Params(jen.Id("e").Index().Byte()).Error().Block(
				append(g.decodeValue(elem, jen.Id("e"), "y", typ, prop, func(err jen.Code) jen.Code { return jen.Return(err) }),
					jen.Id(out).Op("=").Append(jen.Id(out), jen.Id("y")),
					jen.Return(jen.Nil()))...,
			)),
			jen.If(jen.Err().Op("!=").Nil()).Block(ret(jen.Err())),
		}
	}
	switch gt.kind {
	case kString:
		return []jen.Code{jen.List(jen.Id(out), jen.Err()).Op(":=").Id("graphgenString").Call(raw), fail}
	case kEnum:
		s := out + "s"
		return []jen.Code{
			jen.List(jen.Id(s), jen.Err()).Op(":=").Id("graphgenString").Call(raw), fail,
			jen.Id(out).Op(":=").Add(g.elemCode(gt)).Call(jen.Id(s)),
		}
	case kBool:
		return []jen.Code{jen.List(jen.Id(out), jen.Err()).Op(":=").Id("graphgenBool").Call(raw), fail}
	case kInt:
		n := out + "n"
		return []jen.Code{
			jen.List(jen.Id(n), jen.Err()).Op(":=").Id("graphgenInt").Call(raw, jen.Lit(gt.bits)), fail,
			jen.Id(out).Op(":=").Add(g.elemCode(gt)).Call(jen.Id(n)),
		}
	case kFloat:
		return []jen.Code{jen.List(jen.Id(out), jen.Err()).Op(":=").Id("graphgenFloat").Call(raw), fail}
	case kModel:
		decl := jen.Var().Id(out).Id(gt.typ.name)
		if gt.ptr {
			decl = jen.Id(out).Op(":=").New(jen.Id(gt.typ.name))
		}
		return []jen.Code{
			decl,
			jen.If(jen.Err().Op(":=").Id(out).Dot("UnmarshalJSON").Call(raw), jen.Err().Op("!=").Nil()).Block(
				ret(jen.Id("graphgenFieldError").Call(jen.Lit(typ), jen.Lit(prop), jen.Err()))),
		}
	case kIface:
		return []jen.Code{jen.List(jen.Id(out), jen.Err()).Op(":=").Id(gt.typ.unmarshal).Call(raw), fail}
	}
	return []jen.Code{jen.List(jen.Id(out), jen.Err()).Op(":=").Id("graphgenRaw").Call(raw), fail}
}

// unmarshalMethod renders UnmarshalJSON.
func (g *gen) unmarshalMethod(f *jen.File, t *typeInfo) {
	ret := func(err jen.Code) jen.Code { return jen.Return(err) }
	var cases []jen.Code
	cases = append(cases, jen.Case(jen.Lit("@odata.type")).Block(
		jen.If(jen.Id("graphgenIsNull").Call(jen.Id("raw"))).Block(jen.Return(jen.Nil())),
		jen.List(jen.Id("s"), jen.Err()).Op(":=").Id("graphgenString").Call(jen.Id("raw")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("graphgenFieldError").Call(jen.Lit(t.name), jen.Lit("@odata.type"), jen.Err()))),
		jen.Id("v").Dot("ODataType").Op("=").Id("s"),
	))
	for _, fi := range t.fields {
		if c := compactKind(fi.t); c != "" {
			args := []jen.Code{jen.Id("raw"), jen.Lit(t.name), jen.Lit(fi.json)}
			if c == "Int" {
				args = append(args, jen.Lit(fi.t.bits))
			}
			args = append(args, jen.Op("&").Id("v").Dot(fi.name))
			cases = append(cases, jen.Case(jen.Lit(fi.json)).Block(jen.Return(jen.Id("graphgenGet"+c).Call(args...))))
			continue
		}
		body := []jen.Code{
			jen.If(jen.Id("graphgenIsNull").Call(jen.Id("raw"))).Block(
				jen.Id("v").Dot(fi.name).Op("=").Id("Null").Types(g.typeCode(fi.t)).Call(),
				jen.Return(jen.Nil()),
			),
		}
		body = append(body, g.decodeValue(fi.t, jen.Id("raw"), "x", t.name, fi.json, ret)...)
		body = append(body, jen.Id("v").Dot(fi.name).Op("=").Id("Value").Call(jen.Id("x")))
		cases = append(cases, jen.Case(jen.Lit(fi.json)).Block(body...))
	}
	cases = append(cases, jen.Default().Block(
		jen.List(jen.Id("x"), jen.Err()).Op(":=").Id("graphgenRaw").Call(jen.Id("raw")),
		jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Id("graphgenFieldError").Call(jen.Lit(t.name), jen.String().Call(jen.Id("key")), jen.Err()))),
		jen.If(jen.Id("v").Dot("AdditionalData").Op("==").Nil()).Block(
			jen.Id("v").Dot("AdditionalData").Op("=").Map(jen.String()).Qual(jsonPkg, "RawMessage").Values(),
		),
		jen.Id("v").Dot("AdditionalData").Index(jen.String().Call(jen.Id("key"))).Op("=").Id("x"),
	))
	f.Comment("UnmarshalJSON decodes data into v, replacing its contents; properties the docs")
	f.Comment("do not describe go to AdditionalData.")
	f.Func().Params(jen.Id("v").Op("*").Id(t.name)).Id("UnmarshalJSON").Params(jen.Id("data").Index().Byte()).Error().Block(
		jen.Op("*").Id("v").Op("=").Id(t.name).Values(),
		jen.Return(jen.Id("graphgenObject").Call(jen.Id("data"), jen.Func().Params(jen.Id("key"), jen.Id("raw").Index().Byte()).Error().Block(
			jen.Switch(jen.String().Call(jen.Id("key"))).Block(cases...),
			jen.Return(jen.Nil()),
		))),
	)
	f.Line()
}
