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
