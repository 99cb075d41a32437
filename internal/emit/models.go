package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
)

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
	f := g.newFile(g.typeSources(tp.t)...)
	g.modelDecls(f, tp)
	return g.renderFile(tp.file, f)
}

// modelDecls declares tp's struct and methods (and its family when it has
// derived types).
func (g *gen) modelDecls(f *jen.File, tp *typePlan) {
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
	doc(f.Group, intro)
	f.Type().Id(tp.name).StructFunc(func(s *jen.Group) {
		if t.Request == nil {
			s.Id("ODataType").String().Tag(map[string]string{"graph": "#" + t.QualifiedName(), "json": "@odata.type,omitempty"})
		}
		for _, fp := range tp.fields {
			if d := sanitizeComment(fp.p.Description); d != "" {
				for _, l := range wrap(d, 90) {
					s.Add(commentStmt(l))
				}
			}
			tags := map[string]string{"json": fp.p.Name + ",omitzero"}
			if fp.p.ReadOnly {
				tags["graph"] = "readonly"
			}
			s.Id(fp.name).Add(g.nullable(fp.gt)).Tag(tags)
		}
		s.Id("AdditionalData").Map(jen.String()).Qual(jsonPkg, "RawMessage").Tag(map[string]string{"json": "-"})
	})
	f.Line()
	recv := jen.Id("v").Op("*").Id(tp.name)
	f.Func().Params(recv.Clone()).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).
		Add(oneLine(jen.Return(jen.Id("graphrtMarshal").Call(jen.Id("v")))))
	f.Func().Params(recv.Clone()).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().
		Add(oneLine(jen.Return(jen.Id("graphrtUnmarshal").Call(jen.Id("b"), jen.Id("v")))))
	for _, fam := range g.families(tp) {
		f.Func().Params(jen.Op("*").Id(tp.name)).Id(fam.marker).Params().Add(oneLine())
	}
	for _, fam := range g.families(tp) {
		f.Line()
		g.accessorDecl(f, tp.name, fam)
	}
	if tp.iface != "" {
		f.Line()
		g.familyDecls(f, tp)
	}
}

// accessorDecl declares the accessor of family fam on the model recv: the
// fields of fam's base type as a new value, which the runtime fills
// (graphrtBaseOf).
func (g *gen) accessorDecl(f *jen.File, recv string, fam *typePlan) {
	doc(f.Group, fam.accessor+" returns v's "+fam.t.Name+" fields as a new "+fam.name+" (a shallow copy); see "+fam.iface+".")
	f.Func().Params(jen.Id("v").Op("*").Id(recv)).Id(fam.accessor).Params().Op("*").Id(fam.name).Block(
		jen.Id("b").Op(":=").New(jen.Id(fam.name)),
		jen.Id("graphrtBaseOf").Call(jen.Id("v"), jen.Id("b")),
		jen.Return(jen.Id("b")),
	)
}

// nullable is the type of a model field: Nullable[T].
func (g *gen) nullable(gt goType) *jen.Statement {
	return g.local("Nullable").Types(g.typeCode(gt))
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
func (g *gen) familyDecls(f *jen.File, tp *typePlan) {
	members := familyMembers(g, tp)
	var names []string
	for _, m := range members {
		names = append(names, m.name)
	}
	doc(f.Group, tp.iface+" is a "+tp.t.Name+" of any type derived from it: "+strings.Join(names, ", ")+"; or "+tp.unknown+" for an @odata.type this package does not know.")
	f.Type().Id(tp.iface).InterfaceFunc(func(i *jen.Group) {
		i.Id(tp.marker).Params()
		doc(i, tp.accessor+" returns the "+tp.t.Name+" fields of the value, whatever its type, as a new "+tp.name+": a shallow copy (setting its fields changes nothing in the value). An "+tp.unknown+" gives what its JSON holds.")
		i.Id(tp.accessor).Params().Op("*").Id(tp.name)
	})
	f.Line()
	doc(f.Group, tp.unknown+" is a "+tp.t.Name+" whose @odata.type this package does not know: its JSON is kept as received and sent back unchanged.")
	f.Type().Id(tp.unknown).Struct(jen.Id("Unknown"))
	f.Line()
	for _, fam := range g.families(tp) {
		f.Func().Params(jen.Op("*").Id(tp.unknown)).Id(fam.marker).Params().Add(oneLine())
	}
	for _, fam := range g.families(tp) {
		f.Line()
		g.accessorDecl(f, tp.unknown, fam)
	}
	f.Line()
	regs := []jen.Code{jen.New(jen.Id(tp.unknown))}
	for _, m := range members {
		regs = append(regs, jen.New(jen.Id(m.name)))
	}
	f.Var().Id("_").Op("=").Id("graphrtFamily").Types(jen.Id(tp.iface)).Add(multiLine("(", ")", regs...))
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
	f := g.newFile(sources...)
	for i, tp := range enums {
		t := tp.t
		d := tp.name + " is the " + t.QualifiedName() + " enumeration."
		if t.Flags {
			d += " It is a set of flags: several members, separated by commas, make one value."
		}
		d += " Values it does not list are kept as they are."
		if t.Description != "" {
			d += " " + t.Description
		}
		if i > 0 {
			f.Line()
		}
		doc(f.Group, d)
		f.Type().Id(tp.name).String()
		if len(tp.consts) > 0 {
			f.Line()
			f.Const().DefsFunc(func(c *jen.Group) {
				for j, m := range t.Members {
					c.Id(tp.consts[j]).Id(tp.name).Op("=").Lit(m.Name)
				}
			})
		}
	}
	return g.renderFile("enums_gen.go", f)
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
	f := g.newFile(g.packageSources()...)
	for _, l := range []string{
		"Package " + g.cfg.Package + " is a Microsoft Graph client generated by graphgen from",
		"documentation pages. Build a Client with NewClient; every operation is a",
		"method of Client. Models use Nullable fields: only the fields a caller sets",
		"are sent, Null sends an explicit JSON null, read-only properties are never",
		"sent, and properties the docs do not describe survive a round trip in",
		"AdditionalData.",
	} {
		f.PackageComment(commentText(l))
	}
	if g.cfg.GoGenerate != "" {
		f.PackageComment(commentText(""))
		// A directive: "//go:generate", then the command as one comment line.
		f.PackageComment("//go:generate " + commentLine(sanitizeComment(g.cfg.GoGenerate)))
	}
	doc(f.Group, "DefaultBaseURL is the service root a Client talks to unless WithBaseURL says otherwise.")
	f.Const().Id("DefaultBaseURL").Op("=").Lit("https://graph.microsoft.com/" + g.version)
	f.Line()
	doc(f.Group, "Permissions lists the scopes that allow one operation, per permission type, as its documentation page says.",
		"DelegatedWork, DelegatedPersonal and Application hold the least privileged scopes, least privileged first; the Higher lists hold higher privileged scopes that allow the operation too (an unordered set, sorted by name). A token needs any one scope of its type's lists. When every list of a type is nil (Resources included), the type is not supported, unless Unknown is set.",
		"Unknown is set when the page documents no permissions graphgen could read: nothing is known about what the operation needs, which is not the same as \"not supported\" (graphgen check says why).",
		"Resources is set when the scopes depend on the resource the request names (a table with one row per resource, as for subscriptions): each resource has its own lists, never merged into one.")
	f.Type().Id("Permissions").Struct(
		jen.Id("DelegatedWork").Index().String(),
		jen.Id("DelegatedPersonal").Index().String(),
		jen.Id("Application").Index().String(),
		jen.Id("DelegatedWorkHigher").Index().String(),
		jen.Id("DelegatedPersonalHigher").Index().String(),
		jen.Id("ApplicationHigher").Index().String(),
		jen.Id("Resources").Index().Id("ResourcePermissions"),
		jen.Id("Unknown").Bool(),
	)
	f.Line()
	doc(f.Group, "ResourcePermissions are the scopes that allow an operation on one resource, per permission type: a row of a table with one row per resource. Resource names it as the page does.")
	f.Type().Id("ResourcePermissions").Struct(
		jen.Id("Resource").String(),
		jen.Id("DelegatedWork").Index().String(),
		jen.Id("DelegatedPersonal").Index().String(),
		jen.Id("Application").Index().String(),
	)
	return g.renderFile("doc.go", f)
}
