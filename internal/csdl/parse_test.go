package csdl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sample covers every element the package reads: aliases (a Core alias from
// edmx:Include, schema aliases used before and after their schema), inline
// and out-of-line annotations in each form, and elements it skips.
const sample = `<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core"/>
  </edmx:Reference>
  <!-- a comment -->
  <edmx:DataServices>
    <Schema Namespace="test.ns" Alias="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EnumType Name="color" IsFlags="true" UnderlyingType="Edm.Int32">
        <Member Name="red" Value="1"/>
        <Member Name="green" Value="2">
          <Annotation Term="Core.Description" String="Green."/>
        </Member>
        <Member Name="none"/>
      </EnumType>
      <TypeDefinition Name="text" UnderlyingType="Edm.String"/>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false">
          <Annotation Term="Org.OData.Core.V1.Computed"/>
        </Property>
      </EntityType>
      <ComplexType Name="address" OpenType="true" Unknown="ignored">
        <Annotation Term="Org.OData.Core.V1.Description">
          <String>A postal &amp; street address.</String>
        </Annotation>
        <Property Name="street" Type="Edm.String" MaxLength="200"/>
        <Property Name="tags" Type="Collection(Edm.String)" Nullable="false"/>
      </ComplexType>
      <EntityType Name="user" BaseType="t.entity" HasStream="true" OpenType="true">
        <Property Name="home" Type="t.address"/>
        <Property Name="favorite" Type="t.color"/>
        <Property Name="location" Type="o.point"/>
        <Property Name="created" Type="Edm.DateTimeOffset">
          <Annotation Term="Core.Permissions" EnumMember="Core.Permission/Read"/>
        </Property>
        <Property Name="notes" Type="Edm.String">
          <Annotation Term="Core.Computed" Bool="false"/>
          <Annotation Term="Core.Permissions"><EnumMember>Core.Permission/Read Core.Permission/Write</EnumMember></Annotation>
        </Property>
        <Property Name="age" Type="Edm.Int32">
          <Annotation Term="Core.Computed"><Bool>true</Bool></Annotation>
        </Property>
        <NavigationProperty Name="photos" Type="Collection(t.photo)" ContainsTarget="true"/>
        <NavigationProperty Name="manager" Type="t.user" Nullable="false">
          <ReferentialConstraint Property="managerId" ReferencedProperty="id"/>
        </NavigationProperty>
        <Unknown><Property Name="skipped" Type="Edm.String"/></Unknown>
      </EntityType>
      <EntityType Name="photo" BaseType="test.ns.entity"/>
      <Action Name="resize" IsBound="true" EntitySetPath="bindingParameter/photos">
        <Parameter Name="bindingParameter" Type="t.photo"/>
        <Parameter Name="width" Type="Edm.Int32" Nullable="false"/>
        <Parameter Name="height" Type="Edm.Int32">
          <Annotation Term="Org.OData.Core.V1.OptionalParameter">
            <Record><PropertyValue Property="DefaultValue" String="100"/></Record>
          </Annotation>
        </Parameter>
      </Action>
      <Function Name="search" IsComposable="true">
        <Parameter Name="q" Type="Edm.String"/>
        <ReturnType Type="Collection(t.user)" Nullable="false"/>
      </Function>
      <Function Name="now">
        <ReturnType Type="Edm.DateTimeOffset"/>
      </Function>
      <Function Name="count" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(t.user)"/>
        <ReturnType Type="Edm.Int64"/>
      </Function>
      <Function Name="count" IsBound="1" IsComposable="0">
        <Parameter Name="bindingParameter" Type="Collection(t.photo)"/>
        <ReturnType Type="Edm.Int64"/>
      </Function>
      <EntityContainer Name="service">
        <EntitySet Name="users" EntityType="t.user">
          <NavigationPropertyBinding Path="manager" Target="users"/>
        </EntitySet>
        <Singleton Name="me" Type="t.user"/>
        <FunctionImport Name="search" Function="t.search"/>
      </EntityContainer>
      <Annotations Target="t.user">
        <Annotation Term="Core.Description" String="A user."/>
      </Annotations>
      <Annotations Target="t.user/home">
        <Annotation Term="Core.LongDescription" String="ignored"/>
        <Annotation Term="Core.Description" String="Where they live."/>
      </Annotations>
      <Annotations Target="t.user/home">
        <Annotation Term="Core.Description" String="loses to the first"/>
      </Annotations>
      <Annotations Target="test.ns.address">
        <Annotation Term="Core.Description" String="loses to the inline one"/>
      </Annotations>
      <Annotations Target="t.user/photos">
        <Annotation Term="Core.Description" String="Their photos."/>
      </Annotations>
      <Annotations Target="t.color">
        <Annotation Term="Core.Description" String="A colour."/>
      </Annotations>
      <Annotations Target="t.color/red">
        <Annotation Term="Core.Description" String="Red."/>
      </Annotations>
      <Annotations Target="t.resize(t.photo)">
        <Annotation Term="Core.Description" String="Resizes a photo."/>
      </Annotations>
      <Annotations Target="t.search(Edm.String)/q">
        <Annotation Term="Core.Description" String="The query."/>
      </Annotations>
      <Annotations Target="t.count(Collection(t.photo))/bindingParameter">
        <Annotation Term="Core.Description" String="The photos."/>
      </Annotations>
      <Annotations Target="t.service/users">
        <Annotation Term="Core.Description" String="ignored: a container target"/>
      </Annotations>
      <Annotations Target="t.nothing">
        <Annotation Term="Core.Description" String="ignored: no such type"/>
      </Annotations>
    </Schema>
    <Schema Namespace="test.other" Alias="o" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <ComplexType Name="point" BaseType="t.address">
        <Property Name="x" Type="Edm.Double"/>
      </ComplexType>
      <Annotations Target="t.user/created">
        <Annotation Term="Core.Description" String="When it was made."/>
      </Annotations>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`

// at is the position of the '<' of the only occurrence of needle in src.
func at(t *testing.T, src, needle string) Pos {
	t.Helper()
	i := strings.Index(src, needle)
	if i < 0 || strings.Count(src, needle) != 1 || src[i] != '<' {
		t.Fatalf("needle %q: not a unique start tag of the source", needle)
	}
	line := 1 + strings.Count(src[:i], "\n")
	return Pos{line, i - strings.LastIndex(src[:i], "\n")}
}

func TestParseSample(t *testing.T) {
	md, err := Parse(strings.NewReader(sample), "sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	p := func(needle string) Pos { return at(t, sample, needle) }
	str := TypeRef{Name: "Edm.String"}
	want := &Metadata{
		File: "sample.xml",
		Schemas: []*Schema{{
			Namespace: "test.ns", Alias: "t", Pos: p(`<Schema Namespace="test.ns"`),
			EnumTypes: []*EnumType{{
				Namespace: "test.ns", Name: "color", IsFlags: true, UnderlyingType: "Edm.Int32",
				Members: []EnumMember{
					{Name: "red", Value: "1", Description: "Red.", Pos: p(`<Member Name="red"`)},
					{Name: "green", Value: "2", Description: "Green.", Pos: p(`<Member Name="green"`)},
					{Name: "none", Pos: p(`<Member Name="none"`)},
				},
				Description: "A colour.",
				Pos:         p(`<EnumType Name="color"`), File: "sample.xml",
			}},
			EntityTypes: []*StructuredType{{
				Kind: "entity", Namespace: "test.ns", Name: "entity", Abstract: true, Key: []string{"id"},
				Properties: []*Property{{Name: "id", Type: str, ReadOnly: true, Pos: p(`<Property Name="id"`)}},
				Pos:        p(`<EntityType Name="entity"`), File: "sample.xml",
			}, {
				Kind: "entity", Namespace: "test.ns", Name: "user", BaseType: "test.ns.entity", HasStream: true, OpenType: true,
				Properties: []*Property{
					{Name: "home", Type: TypeRef{Name: "test.ns.address"}, Nullable: true, Description: "Where they live.", Pos: p(`<Property Name="home"`)},
					{Name: "favorite", Type: TypeRef{Name: "test.ns.color"}, Nullable: true, Pos: p(`<Property Name="favorite"`)},
					{Name: "location", Type: TypeRef{Name: "test.other.point"}, Nullable: true, Pos: p(`<Property Name="location"`)},
					{Name: "created", Type: TypeRef{Name: "Edm.DateTimeOffset"}, Nullable: true, ReadOnly: true, Description: "When it was made.", Pos: p(`<Property Name="created"`)},
					{Name: "notes", Type: str, Nullable: true, Pos: p(`<Property Name="notes"`)},
					{Name: "age", Type: TypeRef{Name: "Edm.Int32"}, Nullable: true, ReadOnly: true, Pos: p(`<Property Name="age"`)},
				},
				NavigationProperties: []*NavigationProperty{
					{Name: "photos", Type: TypeRef{Name: "test.ns.photo", Collection: true}, Nullable: true, ContainsTarget: true, Description: "Their photos.", Pos: p(`<NavigationProperty Name="photos"`)},
					{Name: "manager", Type: TypeRef{Name: "test.ns.user"}, Pos: p(`<NavigationProperty Name="manager"`)},
				},
				Description: "A user.",
				Pos:         p(`<EntityType Name="user"`), File: "sample.xml",
			}, {
				Kind: "entity", Namespace: "test.ns", Name: "photo", BaseType: "test.ns.entity",
				Pos: p(`<EntityType Name="photo"`), File: "sample.xml",
			}},
			ComplexTypes: []*StructuredType{{
				Kind: "complex", Namespace: "test.ns", Name: "address", OpenType: true,
				Properties: []*Property{
					{Name: "street", Type: str, Nullable: true, Pos: p(`<Property Name="street"`)},
					{Name: "tags", Type: TypeRef{Name: "Edm.String", Collection: true}, Pos: p(`<Property Name="tags"`)},
				},
				Description: "A postal & street address.",
				Pos:         p(`<ComplexType Name="address"`), File: "sample.xml",
			}},
			Actions: []*Operation{{
				Kind: "action", Namespace: "test.ns", Name: "resize", IsBound: true, EntitySetPath: "bindingParameter/photos",
				Parameters: []*Parameter{
					{Name: "bindingParameter", Type: TypeRef{Name: "test.ns.photo"}, Nullable: true, Pos: p(`<Parameter Name="bindingParameter" Type="t.photo"`)},
					{Name: "width", Type: TypeRef{Name: "Edm.Int32"}, Pos: p(`<Parameter Name="width"`)},
					{Name: "height", Type: TypeRef{Name: "Edm.Int32"}, Nullable: true, Optional: true, Pos: p(`<Parameter Name="height"`)},
				},
				Description: "Resizes a photo.",
				Pos:         p(`<Action Name="resize"`), File: "sample.xml",
			}},
			Functions: []*Operation{{
				Kind: "function", Namespace: "test.ns", Name: "search", IsComposable: true,
				Parameters: []*Parameter{
					{Name: "q", Type: str, Nullable: true, Description: "The query.", Pos: p(`<Parameter Name="q"`)},
				},
				ReturnType: &TypeRef{Name: "test.ns.user", Collection: true},
				Pos:        p(`<Function Name="search"`), File: "sample.xml",
			}, {
				Kind: "function", Namespace: "test.ns", Name: "now",
				ReturnType: &TypeRef{Name: "Edm.DateTimeOffset"}, ReturnNullable: true,
				Pos: p(`<Function Name="now"`), File: "sample.xml",
			}, {
				Kind: "function", Namespace: "test.ns", Name: "count", IsBound: true,
				Parameters: []*Parameter{
					{Name: "bindingParameter", Type: TypeRef{Name: "test.ns.user", Collection: true}, Nullable: true, Pos: p(`<Parameter Name="bindingParameter" Type="Collection(t.user)"`)},
				},
				ReturnType: &TypeRef{Name: "Edm.Int64"}, ReturnNullable: true,
				Pos: p(`<Function Name="count" IsBound="true"`), File: "sample.xml",
			}, {
				Kind: "function", Namespace: "test.ns", Name: "count", IsBound: true,
				Parameters: []*Parameter{
					{Name: "bindingParameter", Type: TypeRef{Name: "test.ns.photo", Collection: true}, Nullable: true, Description: "The photos.", Pos: p(`<Parameter Name="bindingParameter" Type="Collection(t.photo)"`)},
				},
				ReturnType: &TypeRef{Name: "Edm.Int64"}, ReturnNullable: true,
				Pos: p(`<Function Name="count" IsBound="1"`), File: "sample.xml",
			}},
			Containers: []*Container{{
				Name:       "service",
				EntitySets: []*EntitySet{{Name: "users", EntityType: "test.ns.user", Pos: p(`<EntitySet Name="users"`)}},
				Singletons: []*Singleton{{Name: "me", Type: "test.ns.user", Pos: p(`<Singleton Name="me"`)}},
				Pos:        p(`<EntityContainer Name="service"`),
			}},
		}, {
			Namespace: "test.other", Alias: "o", Pos: p(`<Schema Namespace="test.other"`),
			ComplexTypes: []*StructuredType{{
				Kind: "complex", Namespace: "test.other", Name: "point", BaseType: "test.ns.address",
				Properties: []*Property{{Name: "x", Type: TypeRef{Name: "Edm.Double"}, Nullable: true, Pos: p(`<Property Name="x"`)}},
				Pos:        p(`<ComplexType Name="point"`), File: "sample.xml",
			}},
		}},
	}
	if diff := cmp.Diff(want, md); diff != "" {
		t.Errorf("Parse(sample) mismatch (-want +got):\n%s", diff)
	}
}

// TestPositions checks positions written out by hand: the column is that of
// the '<', counted in bytes (a tab is one, "é" two), for elements sharing a
// line and elements after a multi-line start tag.
func TestPositions(t *testing.T) {
	src := "<edmx:Edmx xmlns:edmx=\"x\">\n" + // line 1
		"<edmx:DataServices><Schema Namespace=\"n\">\n" + // line 2: DataServices 1, Schema 20
		"\t<EntityType Name=\"a\"><Property Name=\"p\" Type=\"Edm.String\"/><Property Name=\"q\"\n" + // line 3: EntityType 2, p 23, q 61
		"   Type=\"Edm.Int32\"/></EntityType>\n" + // line 4
		"<!-- é --><ComplexType Name=\"b\"/>  <EnumType\n" + // line 5: ComplexType 12 (é is 2 bytes), EnumType 37
		"Name=\"e\"><Member Name=\"m\"/></EnumType>\n" + // line 6: Member 10
		"</Schema></edmx:DataServices></edmx:Edmx>\n"
	md, err := Parse(strings.NewReader(src), "pos.xml")
	if err != nil {
		t.Fatal(err)
	}
	s := md.Schemas[0]
	got := map[string]Pos{
		"Schema":      s.Pos,
		"EntityType":  s.EntityTypes[0].Pos,
		"p":           s.EntityTypes[0].Properties[0].Pos,
		"q":           s.EntityTypes[0].Properties[1].Pos,
		"ComplexType": s.ComplexTypes[0].Pos,
		"EnumType":    s.EnumTypes[0].Pos,
		"Member":      s.EnumTypes[0].Members[0].Pos,
	}
	want := map[string]Pos{
		"Schema":      {2, 20},
		"EntityType":  {3, 2},
		"p":           {3, 23},
		"q":           {3, 61},
		"ComplexType": {5, 12},
		"EnumType":    {5, 37},
		"Member":      {6, 10},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("positions (-want +got):\n%s", diff)
	}
}

func TestTypeRef(t *testing.T) {
	for _, c := range []struct {
		t         TypeRef
		s         string
		primitive bool
	}{
		{TypeRef{Name: "Edm.String"}, "Edm.String", true},
		{TypeRef{Name: "microsoft.graph.user", Collection: true}, "Collection(microsoft.graph.user)", false},
		{TypeRef{Name: "Edm.Int32", Collection: true}, "Collection(Edm.Int32)", true},
		{TypeRef{Name: "Edmx.thing"}, "Edmx.thing", false},
	} {
		if got := c.t.String(); got != c.s {
			t.Errorf("%#v.String() = %q, want %q", c.t, got, c.s)
		}
		if got := c.t.IsPrimitive(); got != c.primitive {
			t.Errorf("%#v.IsPrimitive() = %v, want %v", c.t, got, c.primitive)
		}
	}
}

// wrap puts schema content in a document whose schema starts on line 3, so
// that the content starts at line 4, column 1.
func wrap(content string) string {
	return "<edmx:Edmx xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n<edmx:DataServices>\n" +
		"<Schema Namespace=\"n\" Alias=\"a\" xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n" +
		content + "\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n"
}

func TestMalformed(t *testing.T) {
	deep := "<edmx:Edmx>" + strings.Repeat("<x>", 300) + strings.Repeat("</x>", 300) + "</edmx:Edmx>"
	for _, c := range []struct {
		name, src string
		line, col int
		msg       string // substring of the message
	}{
		{"empty", "", 1, 1, "no <edmx:Edmx> root element"},
		{"only a declaration", "<?xml version=\"1.0\"?>\n", 2, 1, "no <edmx:Edmx> root element"},
		{"garbage", "\n  hello, world", 1, 1, "text outside the root element"},
		{"binary garbage", "\x00\x01\x02", 1, 4, "illegal character code U+0000"}, // XML errors are where the decoder stopped
		{"root is not Edmx", "<?xml version=\"1.0\"?>\n<Schema Namespace=\"n\"/>", 2, 1, "root element is <Schema>, want <edmx:Edmx>"},
		{"unclosed tag", "<edmx:Edmx>\n  <edmx:DataServices>\n</edmx:Edmx>\n", 3, 1, "element <edmx:DataServices> closed by </edmx:Edmx>"},
		{"unquoted attribute", "<edmx:Edmx>\n  <edmx:DataServices foo=bar>", 2, 27, "unquoted or missing attribute value in element"},
		{"attribute without value", "<edmx:Edmx>\n <edmx:DataServices foo>", 2, 25, "attribute name without = in element"},
		{"truncated in a tag", "<edmx:Edmx>\n<edmx:DataServices>\n<Schema Namespace=\"n\">\n<EntityType Name=\"e\"><Property Name=\"p\" Ty", 4, 43, "unexpected EOF"},
		{"truncated in text", "<edmx:Edmx>\n<edmx:DataServices>\n<Schema Namespace=\"n\">\n<EntityType Name=\"e\"><Annotation Term=\"Core.Description\"><String>half a sent", 4, 77, "unexpected end of file: <String> is not closed"},
		{"truncated after a tag", "<edmx:Edmx>\n  <edmx:DataServices>\n", 3, 1, "unexpected end of file: <edmx:DataServices> is not closed"},
		{"stray end tag", "<edmx:Edmx/>\n</Schema>", 2, 1, "unexpected end tag </Schema>"},
		{"second root", "<edmx:Edmx/>\n<edmx:Edmx/>", 2, 1, "<edmx:Edmx> after the root element"},
		{"text after root", "<edmx:Edmx/>\nx", 1, 13, "text outside the root element"},
		{"undefined entity", wrap(`<EntityType Name="&bogus;"/>`), 4, 26, "invalid character entity &bogus;"},
		{"doctype entity", "<?xml version=\"1.0\"?>\n<!DOCTYPE x [ <!ENTITY e SYSTEM \"file:///etc/passwd\"> ]>\n<edmx:Edmx>&e;</edmx:Edmx>", 2, 1, "DOCTYPE with ENTITY declarations is not supported"},
		{"too deep", deep, 1, 12 + 3*255, "elements nested deeper than 256"},
		{"property in schema", wrap(`<Property Name="p" Type="Edm.String"/>`), 4, 1, "<Property> cannot appear in <Schema>"},
		{"key in complex type", wrap("<ComplexType Name=\"c\">\n  <Key><PropertyRef Name=\"id\"/></Key>\n</ComplexType>"), 5, 3, "<Key> cannot appear in <ComplexType>"},
		{"member in entity type", wrap("<EntityType Name=\"e\">\n\t<Member Name=\"m\"/>\n</EntityType>"), 5, 2, "<Member> cannot appear in <EntityType>"},
		{"schema in schema", wrap(`<Schema Namespace="m"/>`), 4, 1, "<Schema> cannot appear in <Schema>"},
		{"schema in edmx", "<edmx:Edmx>\n<Schema Namespace=\"m\"/></edmx:Edmx>", 2, 1, "<Schema> cannot appear in <edmx:Edmx>"},
		{"entity set in schema", wrap(`<EntitySet Name="s" EntityType="a.e"/>`), 4, 1, "<EntitySet> cannot appear in <Schema>"},
		{"missing name", wrap(`  <EntityType BaseType="a.e"/>`), 4, 3, "<EntityType> without Name"},
		{"missing namespace", "<edmx:Edmx><edmx:DataServices>\n<Schema/></edmx:DataServices></edmx:Edmx>", 2, 1, "<Schema> without Namespace"},
		{"missing type", wrap("<ComplexType Name=\"c\">\n <Property Name=\"p\"/></ComplexType>"), 5, 2, "<Property> without Type"},
		{"bad boolean", wrap(`<EntityType Name="e" Abstract="yes"/>`), 4, 1, `<EntityType> Abstract="yes" is not a boolean`},
		{"bad nullable", wrap("<Action Name=\"x\">\n<Parameter Name=\"p\" Type=\"Edm.String\" Nullable=\"no\"/></Action>"), 5, 1, `<Parameter> Nullable="no" is not a boolean`},
		{"unclosed collection", wrap("<ComplexType Name=\"c\"><Property Name=\"p\" Type=\"Collection(Edm.String\"/></ComplexType>"), 4, 23, `Type="Collection(Edm.String": Collection( without )`},
		{"empty collection", wrap("<Function Name=\"f\"><ReturnType Type=\"Collection()\"/></Function>"), 4, 20, `<ReturnType> Type="Collection()" is not a type name`},
		{"two return types", wrap("<Function Name=\"f\">\n<ReturnType Type=\"Edm.String\"/>\n<ReturnType Type=\"Edm.String\"/></Function>"), 6, 1, "<Function> has a second <ReturnType>"},
		{"alias clash", wrap("</Schema><Schema Namespace=\"m\" Alias=\"a\">"), 4, 10, `alias "a" of m already stands for n`},
		{"annotation without term", wrap(`<Annotations Target="a.e"><Annotation String="x"/></Annotations>`), 4, 27, "<Annotation> without Term"},
		{"mismatched end in skipped element", wrap("<TypeDefinition Name=\"t\">\n<Annotation Term=\"x.y\"></Record></TypeDefinition>"), 5, 24, "element <Annotation> closed by </Record>"},
		{"ampersand at the end of a line", "<edmx:Edmx>&\n</edmx:Edmx>", 2, 1, "invalid character entity & (no semicolon)"}, // just past the newline
		{"invalid UTF-8", wrap("<EntityType Name=\"\xff\"/>"), 4, 21, "invalid UTF-8"},
	} {
		t.Run(c.name, func(t *testing.T) {
			md, err := Parse(strings.NewReader(c.src), "bad.xml")
			if err == nil {
				t.Fatalf("no error; got %d schemas", len(md.Schemas))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, want *Error", err, err)
			}
			prefix := fmt.Sprintf("bad.xml:%d:%d: ", c.line, c.col)
			if !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(e.Msg, c.msg) {
				t.Errorf("error %q, want %q followed by a message containing %q", err, prefix, c.msg)
			}
		})
	}
}

func TestLimits(t *testing.T) {
	t.Run("size", func(t *testing.T) {
		defer func(n int64) { maxBytes = n }(maxBytes)
		maxBytes = 1 << 20
		src := wrap(strings.Repeat("<!-- padding padding padding -->\n", 40000))
		_, err := Parse(strings.NewReader(src), "big.xml")
		if err == nil || !strings.HasPrefix(err.Error(), "big.xml:") || !strings.Contains(err.Error(), "document larger than 1 MiB") {
			t.Errorf("error %v, want big.xml:LINE:COL: document larger than 1 MiB", err)
		}
		// Exactly at the limit is fine.
		maxBytes = int64(len(sample))
		if _, err := Parse(strings.NewReader(sample), "exact.xml"); err != nil {
			t.Errorf("document of exactly maxBytes: %v", err)
		}
		maxBytes = int64(len(sample)) - 1
		if _, err := Parse(strings.NewReader(sample), "over.xml"); err == nil {
			t.Errorf("document one byte over maxBytes: no error")
		}
	})
	t.Run("depth", func(t *testing.T) {
		// 256 levels (Edmx and 255 unknown elements) are fine.
		src := "<edmx:Edmx>" + strings.Repeat("<x>", 255) + strings.Repeat("</x>", 255) + "</edmx:Edmx>"
		if _, err := Parse(strings.NewReader(src), "deep.xml"); err != nil {
			t.Errorf("256 levels: %v", err)
		}
	})
	t.Run("default", func(t *testing.T) {
		if maxBytes != 256<<20 || maxDepth != 256 {
			t.Errorf("limits %d bytes, %d levels; want 256 MiB, 256", maxBytes, maxDepth)
		}
	})
}

func TestIndex(t *testing.T) {
	md, err := Parse(strings.NewReader(sample), "sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	// A second document with some of the same names, like beta and v1.0.
	md2, err := Parse(strings.NewReader(wrap(`<EntityType Name="thing" BaseType="test.ns.entity"/><EnumType Name="color"/>`)), "second.xml")
	if err != nil {
		t.Fatal(err)
	}
	x := NewIndex(md, nil, md2)
	names := func(ts []*StructuredType) []string {
		var out []string
		for _, t := range ts {
			out = append(out, x.File(t)+":"+t.QualifiedName())
		}
		return out
	}
	if diff := cmp.Diff([]string{
		"sample.xml:test.ns.entity", "sample.xml:test.ns.address", "sample.xml:test.ns.user",
		"sample.xml:test.ns.photo", "sample.xml:test.other.point", "second.xml:n.thing",
	}, names(x.Types())); diff != "" {
		t.Errorf("Types() (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"sample.xml:test.ns.user", "sample.xml:test.ns.photo", "second.xml:n.thing"}, names(x.Derived("TEST.ns.Entity"))); diff != "" {
		t.Errorf("Derived(entity) (-want +got):\n%s", diff)
	}
	if got := x.Derived("test.ns.photo"); len(got) != 0 {
		t.Errorf("Derived(photo) = %v, want none", names(got))
	}
	if u, ok := x.Type("Test.NS.USER"); !ok || u != md.Schemas[0].EntityTypes[1] {
		t.Errorf("Type(Test.NS.USER) = %v, %v; want the user entity type", u, ok)
	}
	if _, ok := x.Type("test.ns.color"); ok {
		t.Errorf("Type(test.ns.color) found an enum")
	}
	if e, ok := x.Enum("test.NS.color"); !ok || e != md.Schemas[0].EnumTypes[0] {
		t.Errorf("Enum(test.NS.color) = %v, %v; want the enum of sample.xml", e, ok)
	}
	if e, ok := x.Enum("n.color"); !ok || x.File(e) != "second.xml" {
		t.Errorf("Enum(n.color) = %v, %v; want the enum of second.xml", e, ok)
	}
	if len(x.Enums()) != 2 {
		t.Errorf("Enums() has %d, want 2", len(x.Enums()))
	}
	var ops []string
	for _, o := range x.Operations() {
		ops = append(ops, o.Kind+" "+o.QualifiedName())
	}
	if diff := cmp.Diff([]string{"action test.ns.resize", "function test.ns.search", "function test.ns.now", "function test.ns.count", "function test.ns.count"}, ops); diff != "" {
		t.Errorf("Operations() (-want +got):\n%s", diff)
	}
	s := md.Schemas[0]
	for _, c := range []struct {
		el   any
		file string
	}{
		{md, "sample.xml"},
		{s, "sample.xml"},
		{s.EntityTypes[1].Properties[0], "sample.xml"},
		{s.EntityTypes[1].NavigationProperties[0], "sample.xml"},
		{s.Actions[0], "sample.xml"},
		{s.Actions[0].Parameters[1], "sample.xml"},
		{s.Containers[0], "sample.xml"},
		{s.Containers[0].EntitySets[0], "sample.xml"},
		{s.Containers[0].Singletons[0], "sample.xml"},
		{md2.Schemas[0].EntityTypes[0], "second.xml"},
		{md2.Schemas[0].EnumTypes[0], "second.xml"},
		{&Property{}, ""},
		{"not an element", ""},
		{[]int{1}, ""},
		{nil, ""},
		{(*StructuredType)(nil), ""},
	} {
		if got := x.File(c.el); got != c.file {
			t.Errorf("File(%T) = %q, want %q", c.el, got, c.file)
		}
	}
}
