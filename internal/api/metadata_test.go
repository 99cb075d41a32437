package api

import (
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

// TestMetadataInheritedProperty (issue 18.8): a page property the metadata
// gives the type through its base chain (id from entity) is not unknown
// when no page describes the base, whatever the order of the types; one
// inherited as a navigation property is said to be one; a property no
// type of the chain has is still unknown.
func TestMetadataInheritedProperty(t *testing.T) {
	const xml = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="gizmo" BaseType="graph.gizmoBase">
    <Property Name="name" Type="Edm.String"/>
  </EntityType>
  <EntityType Name="gizmoBase" BaseType="graph.entity" Abstract="true">
    <Property Name="kind" Type="Edm.String"/>
    <NavigationProperty Name="owner" Type="graph.entity"/>
  </EntityType>
  <EntityType Name="entity" Abstract="true">
    <Key><PropertyRef Name="id"/></Key>
    <Property Name="id" Type="Edm.String" Nullable="false"/>
  </EntityType>
</Schema></edmx:DataServices></edmx:Edmx>`
	md, err := csdl.Parse(strings.NewReader(xml), "metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	page := parser.Parse("resources/gizmo.md", []byte("# gizmo resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n"+
		"|id|String|The ID. Inherited from entity.|\n|kind|String|Inherited.|\n|owner|[entity](entity.md)|Inherited.|\n|name|String|The name.|\n|bogus|String|Not in the metadata.|\n\n"+
		"## JSON representation\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.gizmo\"} -->\n```json\n{\"id\": \"1\"}\n```\n"))
	a := Build([]*model.Document{page}, Options{Metadata: []*csdl.Metadata{md}})
	var unknown, nav []string
	for _, d := range a.Diagnostics {
		switch d.Code {
		case "metadata-property-unknown":
			unknown = append(unknown, d.Message)
		case "metadata-property-navigation":
			nav = append(nav, d.Message)
		}
	}
	if len(unknown) != 1 || !strings.Contains(unknown[0], "`bogus`") || !strings.Contains(unknown[0], "`microsoft.graph.gizmo`") {
		t.Errorf("metadata-property-unknown: %q, want only bogus", unknown)
	}
	if len(nav) != 1 || !strings.Contains(nav[0], "`owner`") {
		t.Errorf("metadata-property-navigation: %q, want owner", nav)
	}
	g := a.Type("microsoft.graph.gizmo")
	if g == nil || g.Base == nil || g.Base.Name != "gizmoBase" || g.Field("id") == nil || g.Field("id").Type.Prim != PrimString {
		t.Fatalf("gizmo %+v", g)
	}
}

// actionXML has two actions named configure (bound to gizmo and to a
// collection of gizmos), one bound to a base type, paths through a
// singleton, navigation properties, a cast and a type derived from the
// one a segment addresses.
const actionXML = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>
<Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
  <EntityType Name="entity" Abstract="true"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>
  <EntityType Name="thing" BaseType="graph.entity"/>
  <EntityType Name="gizmo" BaseType="graph.thing"><NavigationProperty Name="parts" Type="Collection(graph.part)" ContainsTarget="true"/></EntityType>
  <EntityType Name="superGizmo" BaseType="graph.gizmo"><NavigationProperty Name="turbo" Type="graph.part"/></EntityType>
  <EntityType Name="part" BaseType="graph.entity"/>
  <EntityType Name="user" BaseType="graph.entity"><NavigationProperty Name="gizmos" Type="Collection(graph.gizmo)"/></EntityType>
  <ComplexType Name="settings"><Property Name="level" Type="Edm.Int32"/></ComplexType>
  <Action Name="configure" IsBound="true"><Parameter Name="bindingParameter" Type="graph.gizmo"/><Parameter Name="settings" Type="graph.settings"/><Parameter Name="force" Type="Edm.Boolean" Nullable="false"/></Action>
  <Action Name="configure" IsBound="true"><Parameter Name="bindingParameter" Type="Collection(graph.gizmo)"/><Parameter Name="all" Type="Edm.Boolean"/></Action>
  <Action Name="configure" IsBound="true"><Parameter Name="bindingParameter" Type="graph.part"/><Parameter Name="label" Type="Edm.String"/></Action>
  <Action Name="touch" IsBound="true"><Parameter Name="bindingParameter" Type="graph.thing"/><Parameter Name="when" Type="Edm.DateTimeOffset"/></Action>
  <EntityContainer Name="GraphService">
    <EntitySet Name="gizmos" EntityType="graph.gizmo"/>
    <Singleton Name="me" Type="graph.user"/>
  </EntityContainer>
</Schema></edmx:DataServices></edmx:Edmx>`

// TestEndpointAction (issue 18.4): an endpoint's action is found by the
// type its path addresses (entity sets, singletons, navigation properties,
// keys, casts, item paths, derived types) among actions of one name, or a
// base type's action; none when the path leads nowhere sure.
func TestEndpointAction(t *testing.T) {
	md, err := csdl.Parse(strings.NewReader(actionXML), "metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	l := newLinker()
	l.mergeMetadata([]*csdl.Metadata{md})
	for _, tc := range []struct{ path, want string }{
		{"/gizmos/{id}/configure", "settings force"},
		{"/gizmos/configure", "all"},
		{"/me/gizmos/{gizmo-id}/configure", "settings force"},
		{"/me/gizmos/{gizmo-id}/microsoft.graph.configure", "settings force"},
		{"/gizmos/{id}/parts/{part-id}/configure", "label"},
		{"/gizmos/{id}/microsoft.graph.superGizmo/turbo/configure", "label"},
		{"/gizmos/{id}/turbo/configure", "label"}, // turbo is superGizmo's
		{"/gizmos/{id}/touch", "when"},            // bound to thing, gizmo's base
		{"/widgets/{id}/configure", ""},           // no such entity set: three candidates
		{"/gizmos/{id}/parts/configure", ""},      // no configure bound to a collection of parts
		{"/gizmos/{id}/paint", ""},
	} {
		d := parser.Parse("api/x.md", []byte("# x\n\n## HTTP request\n\n```http\nPOST "+tc.path+"\n```\n"))
		got := ""
		if op := l.meta.action(d.Endpoints[0]); op != nil {
			var names []string
			for _, p := range op.Parameters[1:] {
				names = append(names, p.Name)
			}
			got = strings.Join(names, " ")
		}
		if got != tc.want {
			t.Errorf("%s: action parameters %q, want %q", tc.path, got, tc.want)
		}
	}
}

// TestActionBody: with the metadata, a request body listing an action's
// parameters takes them all from the action: the page's types give way
// (with a diagnostic naming the action), a parameter the page omits is
// added, one the action lacks is kept with a warning; without it, the
// page's table alone.
func TestActionBody(t *testing.T) {
	md, err := csdl.Parse(strings.NewReader(actionXML), "metadata.xml")
	if err != nil {
		t.Fatal(err)
	}
	page := parser.Parse("api/gizmo-configure.md", []byte("# gizmo: configure\n\n## HTTP request\n\n```http\nPOST /me/gizmos/{id}/configure\n```\n\n## Request body\n\n"+
		"|Parameter|Type|Description|\n|:--|:--|:--|\n|settings|String|The settings.|\n|extra|Int32|Not the action's.|\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n"))
	for _, withMeta := range []bool{false, true} {
		var opts Options
		if withMeta {
			opts.Metadata = []*csdl.Metadata{md}
		}
		a := Build([]*model.Document{page}, opts)
		b := a.Operations[0].Body
		if b == nil || b.Type.Type == nil || b.Type.Type.Request == nil {
			t.Fatalf("body %+v", b)
		}
		rt := b.Type.Type
		if rt.Name != "request body of gizmo: configure" {
			t.Errorf("request type named %q", rt.Name)
		}
		var got []string
		for _, p := range rt.Properties {
			got = append(got, p.Name+":"+p.Type.String())
		}
		want := "settings:String extra:Int32"
		if withMeta {
			want = "settings:microsoft.graph.settings extra:Int32 force:Boolean"
		}
		if s := strings.Join(got, " "); s != want {
			t.Errorf("metadata %v: body %s, want %s", withMeta, s, want)
		}
		codes := map[string]string{}
		for _, d := range a.Diagnostics {
			codes[d.Code] = d.Message
		}
		if !withMeta {
			continue
		}
		for _, c := range []string{"metadata-type-differs", "metadata-parameter-unknown", "metadata-parameter-undocumented"} {
			if !strings.Contains(codes[c], "`microsoft.graph.configure`") {
				t.Errorf("%s: %q does not name the action", c, codes[c])
			}
		}
	}
}
