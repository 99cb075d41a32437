package emit

import (
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
)

// literal prints an example value, linked by internal/api, as the Go
// expression of type gt; top is true for a request body (a model is passed
// by pointer). Every check was made when the example was linked: ok is
// false only when the value does not have the shape gt says, which the
// linker rules out (the caller then skips the test as graphgen's bug).
func (g *gen) literal(f *goFile, gt goType, v *api.Value, top bool) (expr, bool) {
	if gt.coll {
		if v.JSON != api.JSONArray {
			return nil, false
		}
		e := gt
		e.coll = false
		items := make([]expr, 0, len(v.Items))
		multi := false
		for _, x := range v.Items {
			c, ok := g.literal(f, e, x, false)
			if !ok {
				return nil, false
			}
			items = append(items, c)
			multi = multi || c.multi()
		}
		typ := f.typeOf(gt)
		if len(items) == 1 {
			return wrapExpr(typ+"{", items[0], "}"), true
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
		return out, true
	}
	switch gt.kind {
	case kString:
		return one(lit(v.Text)), v.JSON == api.JSONString
	case kEnum:
		if i := slices.Index(gt.t.t.Members, v.Member); v.Member != nil && i >= 0 {
			return one(gt.t.consts[i]), true
		}
		return one(gt.t.name + "(" + lit(v.Text) + ")"), v.JSON == api.JSONString
	case kBool:
		return one(v.Text), v.JSON == api.JSONBool
	case kInt16, kInt32, kInt64:
		return one(v.Text), v.JSON == api.JSONNumber
	case kFloat:
		s := v.Text
		if !strings.ContainsAny(s, ".eEIN") {
			s += ".0"
		}
		return one(s), v.JSON == api.JSONNumber
	case kTime, kDate, kTimeOfDay:
		return one(timeLiteral(gt, v.Text)), v.JSON == api.JSONString
	case kModel, kIface:
		tp := gt.t
		if v.Object != tp.t {
			tp = g.types[v.Object]
		}
		if tp == nil {
			return nil, false
		}
		c, ok := g.modelLiteral(f, tp, v)
		if !ok {
			return nil, false
		}
		if top || gt.kind == kIface || gt.ptr {
			return wrapExpr("&", c, ""), true
		}
		return c, true
	}
	raw := v.Raw()
	if raw == nil {
		return nil, false
	}
	return one(f.q(jsonPkg) + ".RawMessage(" + lit(string(raw)) + ")"), true
}

// timeLiteral is a date-time, date or time of day: graphgenTime(t, "...").
func timeLiteral(gt goType, s string) string {
	fn := "graphgenTime"
	switch gt.kind {
	case kDate:
		fn = "graphgenDate"
	case kTimeOfDay:
		fn = "graphgenTimeOfDay"
	}
	return fn + "(t, " + lit(s) + ")"
}

// modelLiteral prints T{...} from an example object, fields in struct
// order.
func (g *gen) modelLiteral(f *goFile, tp *typePlan, v *api.Value) (expr, bool) {
	var elems []kv
	if tp.t.Request == nil && v.Get("@odata.type") != nil {
		elems = append(elems, kv{"ODataType", one(lit(v.ODataType))})
	}
	for _, fp := range tp.fields {
		x := v.Get(fp.p.Name)
		if x == nil {
			continue
		}
		if x.JSON == api.JSONNull {
			elems = append(elems, kv{fp.name, one("Null[" + f.typeOf(fp.gt) + "]()")})
			continue
		}
		c, ok := g.literal(f, fp.gt, x, false)
		if !ok {
			return nil, false
		}
		elems = append(elems, kv{fp.name, wrapExpr("Value["+f.typeOf(fp.gt)+"](", c, ")")})
	}
	// Members the type does not document, in the example's order.
	var extra []string
	for _, p := range v.Props {
		if p.Prop != nil || p.Name == "@odata.type" && tp.t.Request == nil {
			continue
		}
		raw := p.Value.Raw()
		if raw == nil {
			return nil, false
		}
		extra = append(extra, lit(p.Name)+": "+f.q(jsonPkg)+".RawMessage("+lit(string(raw))+")")
	}
	if len(extra) > 0 {
		elems = append(elems, kv{"AdditionalData", one("map[string]" + f.q(jsonPkg) + ".RawMessage{" + strings.Join(extra, ", ") + "}")})
	}
	return keyedLit(tp.name, elems), true
}
