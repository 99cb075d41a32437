package api

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

func TestODataNames(t *testing.T) {
	for _, c := range []struct {
		s                          string
		ident, ns, qualified, path bool
	}{
		{"user", true, true, false, true},
		{"_x9", true, true, false, true},
		{"microsoft.graph.user", false, true, true, false},
		{"Edm.String", false, true, true, false},
		{"a/b", false, false, false, true},
		{"", false, false, false, false},
		{"9lives", false, false, false, false},
		{"a.9b", false, false, false, false},
		{"x`y", false, false, false, false},
		{"x\"y", false, false, false, false},
		{"x,y", false, false, false, false},
		{"x*/y", false, false, false, false},
		{"x//y", false, false, false, false},
		{"x\ny", false, false, false, false},
		{"x y", false, false, false, false},
		{"ns..x", false, false, false, false},
		{".x", false, false, false, false},
		{"x.", false, false, false, false},
		{"é", false, false, false, false},
		{strings.Repeat("a", 128), true, true, false, true},
		{strings.Repeat("a", 129), false, false, false, false},
	} {
		got := [4]bool{odataIdentifier(c.s), odataNamespace(c.s), odataQualified(c.s), odataPath(c.s)}
		if want := [4]bool{c.ident, c.ns, c.qualified, c.path}; got != want {
			t.Errorf("%q: identifier, namespace, qualified, path = %v, want %v", c.s, got, want)
		}
	}
}

// craftedMetadata holds, for each kind of name the metadata has, one that
// is not an identifier (a backquote, a quote, a comma, */, //, a newline, a
// space; {BQ} stands for a backquote), next to good elements and elements that refer to the bad ones.
var craftedMetadata = strings.ReplaceAll(`<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="gadget">
        <Property Name="good" Type="Edm.String"/>
        <Property Name="x{BQ}}; func init() { panic(7001) }; var _ struct { Q int {BQ}" Type="Edm.String"/>
        <Property Name="a&quot;b" Type="Edm.String"/>
        <Property Name="c,d" Type="Edm.String"/>
        <Property Name="e*/f" Type="Edm.String"/>
        <Property Name="g//h" Type="Edm.String"/>
        <Property Name="i&#10;j" Type="Edm.String"/>
        <Property Name="badType" Type="graph.no pe"/>
        <Property Name="toBad" Type="graph.bad,type"/>
        <Property Name="toBase" Type="graph.badBase"/>
        <Property Name="toChild" Type="Collection(graph.childOfBadBase)"/>
        <Property Name="toEnum" Type="graph.mood"/>
        <NavigationProperty Name="n{BQ}av" Type="graph.gadget"/>
        <NavigationProperty Name="navToChild" Type="graph.childOfBadBase"/>
      </EntityType>
      <EntityType Name="bad,type">
        <Property Name="p" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="badBase" BaseType="graph.x*/y">
        <Property Name="p" Type="Edm.String"/>
      </EntityType>
      <EntityType Name="childOfBadBase" BaseType="graph.badBase">
        <Property Name="q" Type="Edm.String"/>
      </EntityType>
      <EnumType Name="mood">
        <Member Name="happy" Value="0"/>
        <Member Name="s//ad" Value="1"/>
        <Member Name="odd" Value="1); panic(2"/>
      </EnumType>
      <EnumType Name="bad&quot;enum">
        <Member Name="x" Value="0"/>
      </EnumType>
      <Action Name="do,it" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.gadget"/>
      </Action>
      <Action Name="doGood" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.gadget"/>
        <Parameter Name="a b" Type="Edm.String"/>
      </Action>
      <Function Name="getChild" IsBound="true">
        <Parameter Name="bindingParameter" Type="graph.gadget"/>
        <ReturnType Type="graph.childOfBadBase"/>
      </Function>
      <EntityContainer Name="GraphService">
        <EntitySet Name="gadgets" EntityType="graph.gadget"/>
        <EntitySet Name="bad sets" EntityType="graph.gadget"/>
        <Singleton Name="child" Type="graph.childOfBadBase"/>
      </EntityContainer>
    </Schema>
    <Schema Namespace="microsoft.graph.*/evil" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="lost"/>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`, "{BQ}", "`")

// TestMetadataNamesChecked: every unusable name is an error at its
// metadata line naming the element; the element is left out of the model,
// and so is everything that refers to it, each with an error; the rest is
// kept. The metadata given to Build is not modified.
func TestMetadataNamesChecked(t *testing.T) {
	md, err := csdl.Parse(strings.NewReader(craftedMetadata), "crafted.xml")
	if err != nil {
		t.Fatal(err)
	}
	before := fmt.Sprintf("%+v", *md.Schemas[0].EntityTypes[0])
	a := Build(nil, Options{Metadata: []*csdl.Metadata{md}})
	var got []string
	for _, d := range a.Diagnostics {
		if d.Severity == model.SevError {
			got = append(got, fmt.Sprintf("%s:%d %s: %s", d.Path, d.Line, d.Code, d.Message))
		}
	}
	invalid := func(line int, what, name, left string) string {
		return fmt.Sprintf("crafted.xml:%d metadata-name-invalid: %s %s is not an OData identifier (letters, digits and underscores; dotted when qualified): %s is left out", line, what, name, left)
	}
	dropped := func(line int, what, name, target string) string {
		return fmt.Sprintf("crafted.xml:%d metadata-reference-dropped: %s %s refers to %s, which is left out (see its metadata-name-invalid error): it is left out too", line, what, name, target)
	}
	want := []string{
		invalid(7, "property name of microsoft.graph.gadget", "\"x`}; func init() { panic(7001) }; var _ struct { Q int `\"", "the property"),
		invalid(8, "property name of microsoft.graph.gadget", `"a\"b"`, "the property"),
		invalid(9, "property name of microsoft.graph.gadget", `"c,d"`, "the property"),
		invalid(10, "property name of microsoft.graph.gadget", `"e*/f"`, "the property"),
		invalid(11, "property name of microsoft.graph.gadget", `"g//h"`, "the property"),
		invalid(12, "property name of microsoft.graph.gadget", `"i\nj"`, "the property"),
		invalid(13, "type of property microsoft.graph.gadget/badType", `"microsoft.graph.no pe"`, "the property"),
		invalid(14, "type of property microsoft.graph.gadget/toBad", `"microsoft.graph.bad,type"`, "the property"),
		dropped(15, "property", "microsoft.graph.gadget/toBase", "the type microsoft.graph.badBase"),
		dropped(16, "property", "microsoft.graph.gadget/toChild", "the type microsoft.graph.childOfBadBase"),
		invalid(18, "navigation property name of microsoft.graph.gadget", "\"n`av\"", "the navigation property"),
		dropped(19, "navigation property", "microsoft.graph.gadget/navToChild", "the type microsoft.graph.childOfBadBase"),
		invalid(21, "entity type name", `"bad,type"`, "the type"),
		invalid(24, "base type of microsoft.graph.badBase", `"microsoft.graph.x*/y"`, "the type"),
		dropped(27, "type", "microsoft.graph.childOfBadBase", "its base type microsoft.graph.badBase"),
		invalid(32, "member name of microsoft.graph.mood", `"s//ad"`, "the member"),
		"crafted.xml:33 metadata-name-invalid: value \"1); panic(2\" of member microsoft.graph.mood/odd is not an integer: the member is left out",
		invalid(35, "enum type name", `"bad\"enum"`, "the enum"),
		invalid(38, "action name", `"do,it"`, "the action"),
		invalid(43, "parameter name of microsoft.graph.doGood", `"a b"`, "the action"),
		dropped(45, "function", "microsoft.graph.getChild", "the type microsoft.graph.childOfBadBase"),
		invalid(51, "entity set name", `"bad sets"`, "the entity set"),
		dropped(52, "singleton", "child", "the type microsoft.graph.childOfBadBase"),
		invalid(55, "schema namespace", `"microsoft.graph.*/evil"`, "the schema"),
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("error diagnostics (-want +got):\n%s", d)
	}
	table := docCodes(t)
	for _, d := range a.Diagnostics {
		if table[d.Code] != string(d.Severity) {
			t.Errorf("%s: code %s is a %s; the doc table says %q", d.Path, d.Code, d.Severity, table[d.Code])
		}
	}
	var types []string
	for _, ty := range a.Types {
		s := ty.QualifiedName() + ":"
		for _, p := range ty.Properties {
			s += " " + p.Name
		}
		for _, m := range ty.Members {
			s += " " + m.Name
		}
		types = append(types, s)
	}
	wantTypes := []string{"microsoft.graph.gadget: good toEnum", "microsoft.graph.mood: happy"}
	if d := cmp.Diff(wantTypes, types); d != "" {
		t.Errorf("types (-want +got):\n%s", d)
	}
	if after := fmt.Sprintf("%+v", *md.Schemas[0].EntityTypes[0]); after != before {
		t.Errorf("Build modified its metadata:\n%s\nbecame\n%s", before, after)
	}
}

// docCodes reads the package doc's table of diagnostics: code -> severity.
func docCodes(t *testing.T) map[string]string {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	table := map[string]string{}
	for _, line := range strings.Split(string(doc), "\n") {
		f := strings.Fields(strings.TrimPrefix(line, "//"))
		if len(f) >= 2 && strings.Contains(f[0], "-") && (f[1] == "error" || f[1] == "warning" || f[1] == "info") {
			table[f[0]] = f[1]
		}
	}
	return table
}

// TestRealMetadataNames: every name of the service's real metadata (2018-12,
// 2021-07 and 2026-08, beta and v1.0) passes the check: nothing is left out.
func TestRealMetadataNames(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(metaDir(t), "*", "*.xml"))
	if len(files) == 0 {
		t.Skip("no metadata files")
	}
	for _, f := range files {
		md, err := csdl.ParseFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a := Build(nil, Options{Metadata: []*csdl.Metadata{md}})
		bad := slices.DeleteFunc(slices.Clone(a.Diagnostics), func(d model.Diagnostic) bool {
			return !strings.HasPrefix(d.Code, "metadata-name") && d.Code != "metadata-reference-dropped"
		})
		for i, d := range bad {
			if i < 5 {
				t.Errorf("%s", d)
			}
		}
		x := csdl.NewIndex(md)
		if n := len(x.Types()) + len(x.Enums()); len(a.Types) != n {
			t.Errorf("%s: %d types in the model, %d in the metadata", f, len(a.Types), n)
		}
		t.Logf("%s: %d types, %d left out", f, len(a.Types), len(bad))
	}
}

// TestPagePropertyNamesChecked: a page's property name that would end or
// change a json tag (a comma, a quote, a backslash, a backquote) or that
// holds a space is refused with property-name-invalid; others are kept.
func TestPagePropertyNamesChecked(t *testing.T) {
	doc := &model.Document{Path: "resources/gadget.md", Kind: model.KindResource, Title: "gadget resource type",
		TypeName: "gadget", Namespace: "microsoft.graph"}
	names := []string{"good", "a,b", `a"b`, `a\b`, "a`b", "a b", "x*/y", "x//y"}
	for i, n := range names {
		doc.Properties = append(doc.Properties, model.Property{Name: n, Type: model.TypeRef{Name: "String"}, Pos: model.Pos{Line: 10 + i, Col: 1}})
	}
	a := Build([]*model.Document{doc}, Options{})
	var refused []int
	for _, d := range a.Diagnostics {
		if d.Code == "property-name-invalid" {
			refused = append(refused, d.Line)
		}
	}
	if want := []int{11, 12, 13, 14, 15}; !slices.Equal(refused, want) {
		t.Errorf("property-name-invalid at lines %v, want %v", refused, want)
	}
	var kept []string
	for _, ty := range a.Types {
		for _, p := range ty.Properties {
			kept = append(kept, p.Name)
		}
	}
	if want := []string{"good", "x*/y", "x//y"}; !slices.Equal(kept, want) {
		t.Errorf("kept %q, want %q", kept, want)
	}
}

// TestActionBodyNamesChecked: a page whose endpoint calls an action takes
// its body from the action's parameters (actions.go); an action the name
// check leaves out (doGood has a parameter named "a b") gives no body
// property, so its name cannot reach a request type.
func TestActionBodyNamesChecked(t *testing.T) {
	md, err := csdl.Parse(strings.NewReader(craftedMetadata), "crafted.xml")
	if err != nil {
		t.Fatal(err)
	}
	page := parser.Parse("api/gadget-dogood.md", []byte("# gadget: doGood\n\n## HTTP request\n\n```http\nPOST /gadgets/{id}/doGood\n```\n\n## Request body\n\n"+
		"|Parameter|Type|Description|\n|:--|:--|:--|\n|note|String|A note.|\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n"))
	a := Build([]*model.Document{page}, Options{Metadata: []*csdl.Metadata{md}})
	b := a.Operations[0].Body
	if b == nil || b.Type.Type == nil {
		t.Fatalf("body %+v", b)
	}
	var got []string
	for _, p := range b.Type.Type.Properties {
		got = append(got, p.Name)
	}
	if s := strings.Join(got, ","); s != "note" {
		t.Errorf("request body properties %q, want the page's alone (note): the left-out action's parameters must not come back", s)
	}
}
