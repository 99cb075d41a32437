package emit

import (
	"strings"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/scopes"
)

// Method is one method of the package Generate writes, with the
// permissions of the page that generates it (the values of its
// <Method>Permissions).
type Method struct {
	Name        string
	Page        string // the page's path, as the model has it
	Permissions []model.Permission
	Unknown     bool // the page documents no permissions graphgen could read
}

// Methods plans the package Generate would write for a and cfg, without
// printing it, and returns its methods in file order (then endpoint order).
// scopes_gen.go's RequiredScopes is the cover of these; `graphgen scopes`
// prints the same.
func Methods(a *api.API, cfg Config) []Method {
	g := newGen(a, cfg)
	g.plan()
	return g.methodList()
}

func (g *gen) methodList() []Method {
	var out []Method
	for _, op := range g.sortedOps() {
		for _, m := range op.methods {
			out = append(out, Method{Name: m.name, Page: op.op.Page.Path, Permissions: m.ep.Permissions, Unknown: m.ep.PermissionsUnknown})
		}
	}
	return out
}

// ScopeOps are methods as the operations internal/scopes covers.
func ScopeOps(methods []Method) []scopes.Op {
	out := make([]scopes.Op, len(methods))
	for i, m := range methods {
		out[i] = scopes.Op{Name: m.Name, Permissions: m.Permissions, Unknown: m.Unknown}
	}
	return out
}

// scopesFile writes scopes_gen.go: RequiredScopes, per permission type the
// fewest scopes that allow every method of the package (internal/scopes'
// Cover), and MethodsNotAllowed, the methods a type does not allow.
func (g *gen) scopesFile() error {
	ops := ScopeOps(g.methodList())
	f := g.newFile(g.packageSources()...)
	var required, notAllowed []jen.Code
	var inexact, undocumented []string
	for i, t := range scopes.Types {
		r := scopes.Cover(scopes.Needs(ops, t))
		if i == 0 {
			undocumented = r.Undocumented // the same for every type
		}
		key := permField(t)
		required = append(required, keyVal(key, stringList(r.Names())))
		notAllowed = append(notAllowed, keyVal(key, stringList(r.NotAllowed)))
		if !r.Exact {
			inexact = append(inexact, key)
		}
	}
	paras := []string{
		"RequiredScopes holds, per permission type, the fewest scopes that together allow every method of this package, chosen among the least privileged scopes each page lists (the higher privileged ones allow too, but are never asked for), preferring the least privileged first; a nil list means no method can be called with that permission type. Each method's own scopes are its <Method>Permissions; MethodsNotAllowed lists the methods a permission type does not allow, which no scope makes callable. graphgen scopes prints the same, with the methods each scope covers.",
	}
	if len(undocumented) > 0 {
		paras = append(paras, "These methods' pages document no permissions graphgen could read (their <Method>Permissions are Unknown); no list accounts for them: "+strings.Join(undocumented, ", ")+".")
	}
	if len(inexact) > 0 {
		paras = append(paras, "The search for the fewest scopes stopped at its node limit for "+strings.Join(inexact, ", ")+": those lists cover every method but may not be the smallest.")
	}
	doc(f.Group, paras...)
	f.Var().Id("RequiredScopes").Op("=").Add(keyed(jen.Id("Permissions"), required...))
	f.Line()
	doc(f.Group, "MethodsNotAllowed lists, per permission type, the methods whose page documents no scope of that type (\"Not supported.\"): no token of that type can call them. A list method's Page method goes with it.")
	f.Var().Id("MethodsNotAllowed").Op("=").Add(keyed(jen.Id("MethodLists"), notAllowed...))
	f.Line()
	doc(f.Group, "MethodLists holds method names per permission type.")
	f.Type().Id("MethodLists").Struct(
		jen.Id("DelegatedWork").Index().String(),
		jen.Id("DelegatedPersonal").Index().String(),
		jen.Id("Application").Index().String(),
	)
	return g.renderFile("scopes_gen.go", f)
}

// permField is the Permissions field of a permission type.
func permField(t model.PermissionType) string {
	switch t {
	case model.PermDelegatedWork:
		return "DelegatedWork"
	case model.PermDelegatedPersonal:
		return "DelegatedPersonal"
	}
	return "Application"
}

// stringList is nil, or a []string literal with one element per line.
func stringList(s []string) *jen.Statement {
	if len(s) == 0 {
		return jen.Nil()
	}
	xs := make([]jen.Code, len(s))
	for i, x := range s {
		xs[i] = jen.Lit(x)
	}
	return jen.Index().String().Add(multiLine("{", "}", xs...))
}
