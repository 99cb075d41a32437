package emit

import (
	"go/format"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
)

func goFormat(src []byte) ([]byte, error) { return format.Source(src) }

// typeSources names where a type comes from in its file's source line.
func (g *gen) typeSources(t *api.Type) []string {
	var s []string
	if t.Page != nil {
		s = append(s, g.source(t.Page.Path))
	}
	if !t.Meta.IsZero() {
		s = append(s, t.Meta.File)
	}
	if len(s) == 0 {
		s = append(s, t.Doc.File)
	}
	return s
}

// modelFile writes the file of one model: its struct, JSON methods, family
// memberships and, for a base type, its family.
func (g *gen) modelFile(tp *typePlan) error {
	f := g.newGoFile(g.typeSources(tp.t)...)
	g.modelDecls(f, tp)
	return g.finishFile(tp.file, f)
}

// modelDecls declares tp's struct and methods (and its family when it has
// derived types).
func (g *gen) modelDecls(f *goFile, tp *typePlan) {
	t := tp.t
	var intro string
	if t.Request != nil {
		intro = tp.name + " is the request body of " + t.Request.Title + "."
	} else {
		intro = tp.name + " is the " + t.QualifiedName() + " " + map[api.Kind]string{api.KindEntity: "entity", api.KindComplex: "type"}[t.Kind] + "."
		if t.Description != "" {
			intro += " " + t.Description
		}
	}
	f.docParas(intro)
	f.open("type ", tp.name, " struct {")
	// Consecutive fields without a comment between them form one
	// alignment section.
	var rows [][]string
	flush := func() {
		f.align(rows)
		rows = rows[:0]
	}
	if t.Request == nil {
		rows = append(rows, []string{"ODataType", "string", tag("@odata.type,omitempty", "#"+t.QualifiedName())})
	}
	for _, fp := range tp.fields {
		if d := sanitizeComment(fp.p.Description); d != "" {
			flush()
			f.doc(wrap(d, 90)...)
		}
		graph := ""
		if fp.p.ReadOnly {
			graph = "readonly"
		}
		rows = append(rows, []string{fp.name, "Nullable[" + f.typeOf(fp.gt) + "]", tag(fp.p.Name+",omitzero", graph)})
	}
	rows = append(rows, []string{"AdditionalData", "map[string]" + f.q(jsonPkg) + ".RawMessage", structTag("json", "-")})
	flush()
	f.close("}")
	f.blank()
	funcs := [][2]string{
		{"func (v *" + tp.name + ") MarshalJSON() ([]byte, error)", "return graphrtMarshal(v)"},
		{"func (v *" + tp.name + ") UnmarshalJSON(b []byte) error", "return graphrtUnmarshal(b, v)"},
	}
	for _, fam := range g.families(tp) {
		funcs = append(funcs, [2]string{"func (*" + tp.name + ") " + fam.marker + "()", ""})
	}
	f.oneLiners(funcs)
	if tp.iface != "" {
		f.blank()
		g.familyDecls(f, tp)
	}
}

// families lists the families tp belongs to: its own and every base's.
func (g *gen) families(tp *typePlan) []*typePlan {
	var out []*typePlan
	for t, n := tp.t, 0; t != nil && n < 64; t, n = t.Base, n+1 {
		if b := g.types[t]; b != nil && b.iface != "" {
			out = append(out, b)
		}
	}
	return out
}

// familyDecls declares a base type's family: the interface its members
// implement, the type that keeps an unknown member's JSON, and the
// registration the runtime decodes by.
func (g *gen) familyDecls(f *goFile, tp *typePlan) {
	members := familyMembers(g, tp)
	var names []string
	for _, m := range members {
		names = append(names, m.name)
	}
	f.docParas(tp.iface + " is a " + tp.t.Name + " of any type derived from it: " + strings.Join(names, ", ") + "; or " + tp.unknown + " for an @odata.type this package does not know.")
	f.open("type ", tp.iface, " interface {")
	f.l(tp.marker, "()")
	f.close("}")
	f.blank()
	f.docParas(tp.unknown + " is a " + tp.t.Name + " whose @odata.type this package does not know: its JSON is kept as received and sent back unchanged.")
	f.open("type ", tp.unknown, " struct {")
	f.l("Unknown")
	f.close("}")
	f.blank()
	var funcs [][2]string
	for _, fam := range g.families(tp) {
		funcs = append(funcs, [2]string{"func (*" + tp.unknown + ") " + fam.marker + "()", ""})
	}
	f.oneLiners(funcs)
	f.blank()
	f.open("var _ = graphrtFamily[", tp.iface, "](")
	f.l("new(", tp.unknown, "),")
	for _, m := range members {
		f.l("new(", m.name, "),")
	}
	f.close(")")
}

// enumsFile writes every enum of the package.
func (g *gen) enumsFile() error {
	var sources []string
	seen := map[string]bool{}
	var enums []*typePlan
	for _, tp := range g.order {
		if tp.t.Kind != api.KindEnum {
			continue
		}
		enums = append(enums, tp)
		for _, s := range g.typeSources(tp.t) {
			if !seen[s] {
				seen[s] = true
				sources = append(sources, s)
			}
		}
	}
	if len(sources) > 3 {
		sources = append(sources[:3], "…")
	}
	f := g.newGoFile(sources...)
	for _, tp := range enums {
		t := tp.t
		d := tp.name + " is the " + t.QualifiedName() + " enumeration."
		if t.Flags {
			d += " It is a set of flags: several members, separated by commas, make one value."
		}
		d += " Values it does not list are kept as they are."
		if t.Description != "" {
			d += " " + t.Description
		}
		f.blank()
		f.docParas(d)
		f.l("type ", tp.name, " string")
		if len(tp.consts) > 0 {
			f.blank()
			f.open("const (")
			rows := make([][]string, len(tp.consts))
			for j, m := range t.Members {
				rows[j] = []string{tp.consts[j], tp.name, "= " + lit(m.Name)}
			}
			f.align(rows)
			f.close(")")
		}
	}
	return g.finishFile("enums_gen.go", f)
}

// packageSources is the source line of a file made from every selected
// page: the first three, then "…".
func (g *gen) packageSources() []string {
	var sources []string
	for _, op := range g.ops {
		sources = append(sources, g.source(op.op.Page.Path))
	}
	if len(sources) > 3 {
		sources = append(sources[:3], "…")
	}
	if len(sources) == 0 {
		sources = []string{"(no operation pages)"}
	}
	return sources
}

// docFile writes doc.go: the package documentation, the go:generate line,
// DefaultBaseURL and the Permissions type.
func (g *gen) docFile() error {
	f := g.newGoFile(g.packageSources()...)
	var d strings.Builder
	for _, l := range []string{
		"Package " + g.cfg.Package + " is a Microsoft Graph client generated by graphgen from",
		"documentation pages. Build a Client with NewClient; every operation is a",
		"method of Client. Models use Nullable fields: only the fields a caller sets",
		"are sent, Null sends an explicit JSON null, read-only properties are never",
		"sent, and properties the docs do not describe survive a round trip in",
		"AdditionalData.",
	} {
		d.WriteString("// " + l + "\n")
	}
	if g.cfg.GoGenerate != "" {
		d.WriteString("//\n//go:generate " + sanitizeComment(g.cfg.GoGenerate) + "\n")
	}
	f.pkgDoc = d.String()
	f.doc("DefaultBaseURL is the service root a Client talks to unless WithBaseURL says otherwise.")
	f.l("const DefaultBaseURL = ", lit("https://graph.microsoft.com/"+g.version))
	f.blank()
	f.docParas("Permissions lists the scopes that allow one operation, per permission type, as its documentation page says.",
		"DelegatedWork, DelegatedPersonal and Application hold the least privileged scopes, least privileged first; the Higher lists hold higher privileged scopes that allow the operation too (an unordered set, sorted by name). A token needs any one scope of its type's lists. When every list of a type is nil (Resources included), the type is not supported, unless Unknown is set.",
		"Unknown is set when the page documents no permissions graphgen could read: nothing is known about what the operation needs, which is not the same as \"not supported\" (graphgen check says why).",
		"Resources is set when the scopes depend on the resource the request names (a table with one row per resource, as for subscriptions): each resource has its own lists, never merged into one.")
	f.open("type Permissions struct {")
	f.align([][]string{{"DelegatedWork", "[]string"}, {"DelegatedPersonal", "[]string"}, {"Application", "[]string"},
		{"DelegatedWorkHigher", "[]string"}, {"DelegatedPersonalHigher", "[]string"}, {"ApplicationHigher", "[]string"},
		{"Resources", "[]ResourcePermissions"}, {"Unknown", "bool"}})
	f.close("}")
	f.blank()
	f.docParas("ResourcePermissions are the scopes that allow an operation on one resource, per permission type: a row of a table with one row per resource. Resource names it as the page does.")
	f.open("type ResourcePermissions struct {")
	f.align([][]string{{"Resource", "string"}, {"DelegatedWork", "[]string"}, {"DelegatedPersonal", "[]string"}, {"Application", "[]string"}})
	f.close("}")
	return g.finishFile("doc.go", f)
}
