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
	g.modelDecls(f.Group, tp)
	return g.finish(tp.file, f)
}

// modelDecls declares tp's struct and methods (and its family when it has
// derived types).
func (g *gen) modelDecls(f *jen.Group, tp *typePlan) {
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
	doc(f, intro)
	odata := map[string]string{"json": "@odata.type,omitempty"}
	if t.Request == nil {
		odata["graph"] = "#" + t.QualifiedName()
	}
	fields := []jen.Code{jen.Id("ODataType").String().Tag(odata)}
	for _, fp := range tp.fields {
		var c []jen.Code
		if d := sanitizeComment(fp.p.Description); d != "" {
			for _, l := range wrap(d, 90) {
				c = append(c, jen.Comment(l))
			}
		}
		tag := map[string]string{"json": fp.p.Name + ",omitzero"}
		if fp.p.ReadOnly {
			tag["graph"] = "readonly"
		}
		c = append(c, jen.Id(fp.name).Id("Nullable").Types(typeOf(fp.gt)).Tag(tag))
		fields = append(fields, c...)
	}
	fields = append(fields, jen.Id("AdditionalData").Map(jen.String()).Qual(jsonPkg, "RawMessage").Tag(map[string]string{"json": "-"}))
	f.Type().Id(tp.name).Struct(fields...)
	f.Line()
	f.Func().Params(jen.Id("v").Id(tp.name)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Return(jen.Id("graphrtMarshal").Call(jen.Op("&").Id("v"))))
	f.Func().Params(jen.Id("v").Op("*").Id(tp.name)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Return(jen.Id("graphrtUnmarshal").Call(jen.Id("b"), jen.Id("v"))))
	for _, fam := range g.families(tp) {
		f.Func().Params(jen.Op("*").Id(tp.name)).Id(fam.marker).Params().Block()
	}
	if tp.iface != "" {
		f.Line()
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
func (g *gen) familyDecls(f *jen.Group, tp *typePlan) {
	members := familyMembers(g, tp)
	var names []string
	for _, m := range members {
		names = append(names, m.name)
	}
	doc(f, tp.iface+" is a "+tp.t.Name+" of any type derived from it: "+strings.Join(names, ", ")+"; or "+tp.unknown+" for an @odata.type this package does not know.")
	f.Type().Id(tp.iface).Interface(jen.Id(tp.marker).Params())
	f.Line()
	doc(f, tp.unknown+" is a "+tp.t.Name+" whose @odata.type this package does not know: its JSON is kept as received and sent back unchanged.")
	f.Type().Id(tp.unknown).Struct(jen.Id("Unknown"))
	f.Line()
	for _, fam := range g.families(tp) {
		f.Func().Params(jen.Op("*").Id(tp.unknown)).Id(fam.marker).Params().Block()
	}
	f.Line()
	args := []jen.Code{jen.New(jen.Id(tp.unknown))}
	for _, m := range members {
		args = append(args, jen.New(jen.Id(m.name)))
	}
	f.Var().Id("_").Op("=").Id("graphrtFamily").Types(jen.Id(tp.iface)).CallFunc(func(c *jen.Group) {
		for _, a := range args {
			c.Line().Add(a)
		}
		c.Line()
	})
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
		if i > 0 {
			f.Line()
		}
		t := tp.t
		d := tp.name + " is the " + t.QualifiedName() + " enumeration."
		if t.Flags {
			d += " It is a set of flags: several members, separated by commas, make one value."
		}
		d += " Values it does not list are kept as they are."
		if t.Description != "" {
			d += " " + t.Description
		}
		doc(f.Group, d)
		f.Type().Id(tp.name).String()
		if len(tp.consts) > 0 {
			f.Const().DefsFunc(func(c *jen.Group) {
				for j, m := range t.Members {
					c.Id(tp.consts[j]).Id(tp.name).Op("=").Lit(m.Name)
				}
			})
		}
	}
	return g.finish("enums_gen.go", f)
}

// docFile writes doc.go: the package documentation, the go:generate line,
// DefaultBaseURL and the Permissions type.
func (g *gen) docFile() error {
	var sources []string
	version := ""
	for _, op := range g.ops {
		sources = append(sources, g.source(op.op.Page.Path))
		if version == "" && op.op.Page.APIVersion != "" {
			version = op.op.Page.APIVersion
		}
	}
	if version == "" {
		version = "v1.0"
	}
	if len(sources) > 3 {
		sources = append(sources[:3], "…")
	}
	if len(sources) == 0 {
		sources = []string{"(no operation pages)"}
	}
	f := g.newFile(sources...)
	f.PackageComment("Package " + g.cfg.Package + " is a Microsoft Graph client generated by graphgen from")
	f.PackageComment("documentation pages. Build a Client with NewClient; every operation is a")
	f.PackageComment("method of Client. Models use Nullable fields: only the fields a caller sets")
	f.PackageComment("are sent, Null sends an explicit JSON null, read-only properties are never")
	f.PackageComment("sent, and properties the docs do not describe survive a round trip in")
	f.PackageComment("AdditionalData.")
	if g.cfg.GoGenerate != "" {
		f.PackageComment("")
		f.PackageComment("//go:generate " + sanitizeComment(g.cfg.GoGenerate))
	}
	f.Comment("DefaultBaseURL is the service root a Client talks to unless WithBaseURL says otherwise.")
	f.Const().Id("DefaultBaseURL").Op("=").Lit("https://graph.microsoft.com/" + version)
	f.Line()
	f.Comment("Permissions lists, for one operation, the scopes that allow it per permission type,")
	f.Comment("least privileged first. A nil list means the permission type is not supported.")
	f.Type().Id("Permissions").Struct(
		jen.Id("DelegatedWork").Index().String(),
		jen.Id("DelegatedPersonal").Index().String(),
		jen.Id("Application").Index().String(),
	)
	return g.finish("doc.go", f)
}
