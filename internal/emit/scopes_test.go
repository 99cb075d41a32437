package emit

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/model"
	docparser "github.com/graphgen/graphgen/internal/parser"
)

// scopesPage is an operation page: title, endpoint, the three permission
// rows ("" drops the whole table) and the resource type it returns.
func scopesPage(title, endpoint, work, personal, app, typ string) string {
	perms := ""
	if work != "" {
		perms = "## Permissions\n\n|Permission type|Permissions (from least to most privileged)|\n|:---|:---|\n" +
			"|Delegated (work or school account)|" + work + "|\n" +
			"|Delegated (personal Microsoft account)|" + personal + "|\n" +
			"|Application|" + app + "|\n\n"
	}
	return "# " + title + "\n\nNamespace: microsoft.graph\n\nA made-up operation.\n\n" + perms +
		"## HTTP request\n\n```http\n" + endpoint + "\n```\n\n## Response\n\n" +
		"If successful, this method returns a `200 OK` response code and a [" + typ + "](../resources/" + typ + ".md) object in the response body.\n"
}

func resourcePage(typ string) string {
	return "# " + typ + " resource type\n\nNamespace: microsoft.graph\n\nA made-up type.\n\n## Properties\n\n" +
		"|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Id.|\n\n" +
		"## JSON representation\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph." + typ + "\" } -->\n```json\n{ \"id\": \"String\" }\n```\n"
}

// generatePages generates a package from pages (path -> markdown) and
// checks that it type-checks and that go/format leaves scopes_gen.go as
// it is.
func generatePages(t *testing.T, pages map[string]string) map[string][]byte {
	t.Helper()
	var docs []*model.Document
	for p, src := range pages {
		docs = append(docs, docparser.Parse(p, []byte(src)))
	}
	res, err := Generate(api.Build(docs, api.Options{}), Config{Package: "graph"})
	if err != nil {
		t.Fatal(err)
	}
	pkg := map[string][]byte{}
	for name, data := range res.Files {
		if !strings.Contains(strings.TrimPrefix(name, "graph/"), "/") {
			pkg[name] = data
		}
	}
	if err := gocheck.Check(pkg); err != nil {
		t.Fatalf("the package does not type-check: %v", err)
	}
	src := res.Files["graph/scopes_gen.go"]
	if src == nil {
		t.Fatal("no graph/scopes_gen.go")
	}
	if f, err := format.Source(src); err != nil || string(f) != string(src) {
		t.Errorf("go/format changes scopes_gen.go (%v):\n%s", err, src)
	}
	return res.Files
}

// scopesVars reads RequiredScopes and MethodsNotAllowed from scopes_gen.go:
// variable -> field -> strings (a nil field is present with no strings).
func scopesVars(t *testing.T, src []byte) (map[string]map[string][]string, string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "scopes_gen.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string][]string{}
	var docs strings.Builder
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		docs.WriteString(gd.Doc.Text())
		vs := gd.Specs[0].(*ast.ValueSpec)
		m := map[string][]string{}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			kv := e.(*ast.KeyValueExpr)
			key := kv.Key.(*ast.Ident).Name
			m[key] = []string{}
			if l, ok := kv.Value.(*ast.CompositeLit); ok {
				for _, x := range l.Elts {
					s, _ := strconv.Unquote(x.(*ast.BasicLit).Value)
					m[key] = append(m[key], s)
				}
			}
		}
		out[vs.Names[0].Name] = m
	}
	return out, docs.String()
}

// TestScopesFile: RequiredScopes is the least-privilege cover per type
// (nil for a type no method supports), MethodsNotAllowed the methods a type
// does not allow, and a method whose page has no permissions table is named
// in the doc comment, in neither.
func TestScopesFile(t *testing.T) {
	files := generatePages(t, map[string]string{
		"api/gadget-get.md":    scopesPage("Get gadget", "GET /gadgets/{id}", "Gadget.Read, Gadget.ReadWrite", "Not supported.", "Gadget.ReadWrite.All", "gadget"),
		"api/gadget-update.md": scopesPage("Update gadget", "PATCH /gadgets/{id}", "Gadget.ReadWrite", "Not supported.", "Not supported.", "gadget"),
		"api/gadget-delete.md": scopesPage("Delete gadget", "DELETE /gadgets/{id}", "", "", "", "gadget"),
		"resources/gadget.md":  resourcePage("gadget"),
	})
	vars, docs := scopesVars(t, files["graph/scopes_gen.go"])
	want := map[string]map[string][]string{
		"RequiredScopes": {
			"DelegatedWork":     {"Gadget.ReadWrite"},
			"DelegatedPersonal": {},
			"Application":       {"Gadget.ReadWrite.All"},
		},
		"MethodsNotAllowed": {
			"DelegatedWork":     {},
			"DelegatedPersonal": {"GetGadget", "UpdateGadget"},
			"Application":       {"UpdateGadget"},
		},
	}
	if d := cmp.Diff(want, vars); d != "" {
		t.Errorf("scopes_gen.go (-want +got):\n%s", d)
	}
	if !strings.Contains(strings.ReplaceAll(docs, "\n", " "), "document no permissions graphgen could read (their <Method>Permissions are Unknown); no list accounts for them: DeleteGadget.") {
		t.Errorf("the doc comments do not name DeleteGadget as undocumented:\n%s", docs)
	}
	if strings.Contains(docs, "node limit") {
		t.Errorf("the doc comments say the search was cut short:\n%s", docs)
	}
}

// TestScopesFileNamesReserved: types documented as requiredScopes and
// methodLists do not clash with what scopes_gen.go declares (the package
// type-checks, in generatePages).
func TestScopesFileNamesReserved(t *testing.T) {
	files := generatePages(t, map[string]string{
		"api/a-get.md":                   scopesPage("Get requiredScopes", "GET /a/{id}", "A.Read", "Not supported.", "A.Read.All", "requiredScopes"),
		"api/b-get.md":                   scopesPage("Get methodLists", "GET /b/{id}", "B.Read", "Not supported.", "Not supported.", "methodLists"),
		"api/c-get.md":                   scopesPage("Get methodsNotAllowed", "GET /c/{id}", "B.Read", "Not supported.", "Not supported.", "methodsNotAllowed"),
		"resources/requiredscopes.md":    resourcePage("requiredScopes"),
		"resources/methodlists.md":       resourcePage("methodLists"),
		"resources/methodsnotallowed.md": resourcePage("methodsNotAllowed"),
	})
	all := ""
	for _, data := range files {
		all += string(data)
	}
	for _, s := range []string{"type RequiredScopes_ struct", "type MethodLists_ struct", "type MethodsNotAllowed_ struct"} {
		if !strings.Contains(all, s) {
			t.Errorf("no %q in the package", s)
		}
	}
}

// TestMethods: Methods lists the methods Generate writes, in file order,
// each with its page's permissions.
func TestMethods(t *testing.T) {
	a := buildCase(t, "seed")
	ms := Methods(a, goldenConfig)
	if len(ms) != 8 {
		t.Fatalf("%d methods, want the seed's 8", len(ms))
	}
	if ms[0].Name != "UpdateDeviceManagementDeviceConfigurationAssignment" || ms[0].Page != "api/update-deviceconfigurationassignment.md" {
		t.Errorf("first method %s of %s", ms[0].Name, ms[0].Page)
	}
	for _, m := range ms {
		if len(m.Permissions) == 0 {
			t.Errorf("%s has no permissions", m.Name)
		}
	}
	// The same names as the generated file declares.
	res, err := Generate(a, goldenConfig)
	if err != nil {
		t.Fatal(err)
	}
	src := string(res.Files["graph/op_update_deviceconfigurationassignment_gen.go"])
	for _, m := range ms {
		if !strings.Contains(src, "func (c *Client) "+m.Name+"(") {
			t.Errorf("%s is not a method of the generated file", m.Name)
		}
	}
}

// permVars reads every var X = Permissions{...} of a file: variable ->
// field -> the literal's text (nil, []string{...}, true, the Resources
// slice).
func permVars(t *testing.T, src []byte) map[string]map[string]string {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		cl, ok := vs.Values[0].(*ast.CompositeLit)
		if !ok || cl.Type.(*ast.Ident).Name != "Permissions" {
			continue
		}
		m := map[string]string{}
		for _, e := range cl.Elts {
			kv := e.(*ast.KeyValueExpr)
			var b strings.Builder
			format.Node(&b, fset, kv.Value)
			m[kv.Key.(*ast.Ident).Name] = strings.Join(strings.Fields(b.String()), " ")
		}
		out[vs.Names[0].Name] = m
	}
	return out
}

// TestPermissionsLiterals: each method's <Method>Permissions holds what its
// page's tables say for its endpoint: least privileged lists, the higher
// privileged ones apart (sorted), Unknown alone for a page without
// readable permissions, rows per resource in Resources (and in the
// method's doc) rather than merged, and on a page with several tables each
// endpoint its own table's scopes. RequiredScopes asks only for least
// privileged scopes.
func TestPermissionsLiterals(t *testing.T) {
	three := func(work, workHigher, app, appHigher string) string {
		return "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n" +
			"|Delegated (work or school account)|" + work + "|" + workHigher + "|\n" +
			"|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n|Application|" + app + "|" + appHigher + "|\n"
	}
	op := func(title, perms string, eps ...string) string {
		return "# " + title + "\n\nNamespace: microsoft.graph\n\nA made-up operation.\n\n" + perms +
			"\n\n## HTTP request\n\n```http\n" + strings.Join(eps, "\n") + "\n```\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
	}
	files := generatePages(t, map[string]string{
		"api/gadget-delete.md": op("Delete gadget", "## Permissions\n\n"+three("Gadget.ReadWrite", "Gadget.ReadWrite.All, Directory.ReadWrite.All", "Gadget.ReadWrite.All", "Not available."), "DELETE /gadgets/{id}"),
		"api/gadget-poke.md":   op("Poke gadget", "", "POST /gadgets/{id}/poke"),
		"api/subscribe.md": op("Subscribe", "## Permissions\n\n| Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n"+
			"| [gadget](../resources/gadget.md) | Gadget.Read | Not supported. | Gadget.Read.All |\n| widget | Not supported. | Not supported. | Widget.Read.All |\n", "POST /subscriptions"),
		"api/gadget-wipe.md": op("Wipe gadget", "## Permissions\n\n### For users\n\n"+three("User.ReadWrite", "Not available.", "User.ReadWrite.All", "Not available.")+
			"\n### For groups\n\n"+three("Group.ReadWrite.All", "Not available.", "Group.ReadWrite.All", "Directory.ReadWrite.All"),
			"POST /users/{id}/gadget/wipe", "POST /groups/{id}/gadget/wipe"),
		"resources/gadget.md": resourcePage("gadget"),
	})
	got := map[string]map[string]string{}
	for name, src := range files {
		if strings.HasPrefix(name, "graph/op_") && !strings.HasSuffix(name, "_test.go") {
			for k, v := range permVars(t, src) {
				got[k] = v
			}
		}
	}
	want := map[string]map[string]string{
		"DeleteGadgetPermissions": {"DelegatedWork": `[]string{"Gadget.ReadWrite"}`, "DelegatedPersonal": "nil", "Application": `[]string{"Gadget.ReadWrite.All"}`,
			"DelegatedWorkHigher": `[]string{"Directory.ReadWrite.All", "Gadget.ReadWrite.All"}`},
		"CallGadgetPokePermissions": {"Unknown": "true"},
		"CallSubscriptionsPermissions": {"DelegatedWork": "nil", "DelegatedPersonal": "nil", "Application": "nil",
			"Resources": `[]ResourcePermissions{ {Resource: "gadget", DelegatedWork: []string{"Gadget.Read"}, Application: []string{"Gadget.Read.All"}}, {Resource: "widget", Application: []string{"Widget.Read.All"}}, }`},
		"CallUserGadgetWipePermissions":  {"DelegatedWork": `[]string{"User.ReadWrite"}`, "DelegatedPersonal": "nil", "Application": `[]string{"User.ReadWrite.All"}`},
		"CallGroupGadgetWipePermissions": {"DelegatedWork": `[]string{"Group.ReadWrite.All"}`, "DelegatedPersonal": "nil", "Application": `[]string{"Group.ReadWrite.All"}`, "ApplicationHigher": `[]string{"Directory.ReadWrite.All"}`},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Permissions literals (-want +got):\n%s", d)
	}
	all := ""
	for name, src := range files {
		if strings.HasPrefix(name, "graph/op_") {
			all += strings.ReplaceAll(string(src), "\n// ", " ")
		}
	}
	for _, s := range []string{"The scopes depend on the resource the request names (CallSubscriptionsPermissions.Resources): gadget: delegated work Gadget.Read; application Gadget.Read.All. widget: application Widget.Read.All.",
		"Scopes: unknown, the page documents none graphgen could read (CallGadgetPokePermissions.Unknown)."} {
		if !strings.Contains(all, s) {
			t.Errorf("no %q in the method docs", s)
		}
	}
	checkFormatted(t, files)
	vars, _ := scopesVars(t, files["graph/scopes_gen.go"])
	if d := cmp.Diff([]string{"Gadget.Read", "Gadget.ReadWrite", "Group.ReadWrite.All", "User.ReadWrite"}, vars["RequiredScopes"]["DelegatedWork"]); d != "" {
		t.Errorf("RequiredScopes.DelegatedWork (-want +got):\n%s", d)
	}
}
