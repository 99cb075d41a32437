package emit

import (
	"slices"
	"strconv"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
)

// literal prints an example value, linked by internal/api, as the Go
// expression of type gt; top is true for a request body (a model is passed
// by pointer). Every check was made when the example was linked: ok is
// false only when the value does not have the shape gt says, which the
// linker rules out (the caller then skips the test as graphgen's bug).
func (g *gen) literal(gt goType, v *api.Value, top bool) (*jen.Statement, bool) {
	if gt.coll {
		if v.JSON != api.JSONArray {
			return nil, false
		}
		e := gt
		e.coll = false
		items := make([]jen.Code, 0, len(v.Items))
		for _, x := range v.Items {
			c, ok := g.literal(e, x, false)
			if !ok {
				return nil, false
			}
			items = append(items, c)
		}
		return g.typeCode(gt).Values(items...), true
	}
	switch gt.kind {
	case kString:
		return jen.Lit(v.Text), v.JSON == api.JSONString
	case kEnum:
		if i := slices.Index(gt.t.t.Members, v.Member); v.Member != nil && i >= 0 {
			return g.local(gt.t.consts[i]), true
		}
		return g.local(gt.t.name).Call(jen.Lit(v.Text)), v.JSON == api.JSONString
	case kBool:
		c, ok := scalarLit(gt, v.Text)
		return c, ok && v.JSON == api.JSONBool
	case kInt16, kInt32, kInt64, kFloat:
		c, ok := scalarLit(gt, v.Text)
		return c, ok && v.JSON == api.JSONNumber
	case kTime, kDate, kTimeOfDay:
		return timeLiteral(gt, v.Text), v.JSON == api.JSONString
	case kModel, kIface:
		tp := gt.t
		if v.Object != tp.t {
			tp = g.types[v.Object]
		}
		if tp == nil {
			return nil, false
		}
		c, ok := g.modelLiteral(tp, v)
		if !ok {
			return nil, false
		}
		if top || gt.kind == kIface || gt.ptr {
			return jen.Op("&").Add(c), true
		}
		return c, true
	}
	raw := v.Raw()
	if raw == nil {
		return nil, false
	}
	return jen.Qual(jsonPkg, "RawMessage").Call(jen.Lit(string(raw))), true
}

// scalarLit is the Go literal of a boolean or number as an example writes
// it (JSON text, or a URL's for an argument): parsed, then written by
// jennifer's Lit (an untyped constant: 5, 1.5, 1.0 for a float written
// 1).
func scalarLit(gt goType, text string) (*jen.Statement, bool) {
	switch gt.kind {
	case kBool:
		b, err := strconv.ParseBool(text)
		return jen.Lit(b), err == nil && (text == "true" || text == "false")
	case kInt16, kInt32, kInt64:
		n, err := strconv.ParseInt(text, 10, map[kind]int{kInt16: 16, kInt32: 32, kInt64: 64}[gt.kind])
		return jen.Lit(int(n)), err == nil
	}
	x, err := strconv.ParseFloat(text, 64)
	return jen.Lit(x), err == nil
}

// timeLiteral is a date-time, date or time of day: graphgenTime(t, "...").
func timeLiteral(gt goType, s string) *jen.Statement {
	fn := "graphgenTime"
	switch gt.kind {
	case kDate:
		fn = "graphgenDate"
	case kTimeOfDay:
		fn = "graphgenTimeOfDay"
	}
	return jen.Id(fn).Call(jen.Id("t"), jen.Lit(s))
}

// modelLiteral prints T{...} from an example object, fields in struct
// order.
func (g *gen) modelLiteral(tp *typePlan, v *api.Value) (*jen.Statement, bool) {
	var elems []jen.Code
	if tp.t.Request == nil && v.Get("@odata.type") != nil {
		elems = append(elems, keyVal("ODataType", jen.Lit(v.ODataType)))
	}
	for _, fp := range tp.fields {
		x := v.Get(fp.p.Name)
		if x == nil {
			continue
		}
		if x.JSON == api.JSONNull {
			elems = append(elems, keyVal(fp.name, g.local("Null").Types(g.typeCode(fp.gt)).Call()))
			continue
		}
		c, ok := g.literal(fp.gt, x, false)
		if !ok {
			return nil, false
		}
		elems = append(elems, keyVal(fp.name, g.local("Value").Types(g.typeCode(fp.gt)).Call(c)))
	}
	// Members the type does not document, in the example's order.
	var extra []jen.Code
	for _, p := range v.Props {
		if p.Prop != nil || p.Name == "@odata.type" && tp.t.Request == nil {
			continue
		}
		raw := p.Value.Raw()
		if raw == nil {
			return nil, false
		}
		extra = append(extra, jen.Lit(p.Name).Op(":").Qual(jsonPkg, "RawMessage").Call(jen.Lit(string(raw))))
	}
	if len(extra) > 0 {
		elems = append(elems, keyVal("AdditionalData", jen.Map(jen.String()).Qual(jsonPkg, "RawMessage").Values(extra...)))
	}
	return keyed(g.local(tp.name), elems...), true
}
