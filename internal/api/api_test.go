package api

import (
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/parser"
)

func TestParsePrim(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Prim
	}{
		{"String", PrimString}, {"string", PrimString}, {"Edm.String", PrimString}, {"edm.string", PrimString},
		{" String ", PrimString}, {"url", PrimString}, {"URI", PrimString},
		{"Boolean", PrimBoolean}, {"bool", PrimBoolean},
		{"Int16", PrimInt16}, {"Int32", PrimInt32}, {"int", PrimInt32}, {"Integer", PrimInt32},
		{"Int64", PrimInt64}, {"long", PrimInt64}, {"Edm.Int64", PrimInt64},
		{"Byte", PrimByte}, {"SByte", PrimSByte},
		{"Single", PrimSingle}, {"float", PrimSingle}, {"Double", PrimDouble}, {"Decimal", PrimDecimal},
		{"DateTimeOffset", PrimDateTimeOffset}, {"DateTime", PrimDateTimeOffset}, {"Edm.DateTimeOffset", PrimDateTimeOffset},
		{"Date", PrimDate}, {"TimeOfDay", PrimTimeOfDay}, {"Duration", PrimDuration},
		{"Guid", PrimGuid}, {"Edm.Guid", PrimGuid}, {"Binary", PrimBinary}, {"Stream", PrimStream},
		{"Json", PrimUntyped}, {"Object", PrimUntyped}, {"GeographyPoint", PrimUntyped}, {"Edm.Untyped", PrimUntyped},
	} {
		got, ok := ParsePrim(c.in)
		if !ok || got != c.want {
			t.Errorf("ParsePrim(%q) = %q, %t; want %q", c.in, got, ok, c.want)
		}
	}
	for _, in := range []string{"", "user", "microsoft.graph.user", "Edm.", "Collection(Edm.String)", "Edm.Geography", "strings", "Edm.Int", "timestamp"} {
		if in == "Edm.Int" {
			// "Int" is a docs spelling; with the prefix it is still read.
			if got, ok := ParsePrim(in); !ok || got != PrimInt32 {
				t.Errorf("ParsePrim(%q) = %q, %t", in, got, ok)
			}
			continue
		}
		if got, ok := ParsePrim(in); ok {
			t.Errorf("ParsePrim(%q) = %q, true; want not a primitive", in, got)
		}
	}
}

func TestSource(t *testing.T) {
	if s := (Source{}); !s.IsZero() || s.String() != "" {
		t.Errorf("zero Source: IsZero %t, String %q", s.IsZero(), s.String())
	}
	doc := &model.Document{Path: "resources/user.md"}
	s := At(doc, model.Pos{Line: 12, Col: 3})
	if s.IsZero() || s.String() != "resources/user.md:12:3" {
		t.Errorf("At: %+v %q", s, s.String())
	}
}

func TestRefString(t *testing.T) {
	user := &Type{Namespace: "microsoft.graph", Name: "user"}
	bare := &Type{Name: "thing"}
	for _, c := range []struct {
		r    Ref
		want string
	}{
		{Ref{Prim: PrimInt32, Name: "int"}, "Int32"},
		{Ref{Prim: PrimString, Collection: true}, "Collection(String)"},
		{Ref{Type: user, Name: "User"}, "microsoft.graph.user"},
		{Ref{Type: user, Collection: true}, "Collection(microsoft.graph.user)"},
		{Ref{Type: bare}, "thing"},
		{Ref{Name: "gadgetThing"}, "gadgetThing"},
		{Ref{Name: "gadgetThing", Collection: true}, "Collection(gadgetThing)"},
		{Ref{}, ""},
	} {
		if got := c.r.String(); got != c.want {
			t.Errorf("%+v.String() = %q, want %q", c.r, got, c.want)
		}
	}
}

func TestRefSame(t *testing.T) {
	user := &Type{Namespace: "microsoft.graph", Name: "user"}
	other := &Type{Namespace: "microsoft.graph", Name: "user"} // same name, another type
	for _, c := range []struct {
		a, b Ref
		want bool
	}{
		{Ref{Prim: PrimString, Name: "String"}, Ref{Prim: PrimString, Name: "Edm.String"}, true},
		{Ref{Prim: PrimString}, Ref{Prim: PrimString, Collection: true}, false},
		{Ref{Prim: PrimInt32}, Ref{Prim: PrimInt64}, false},
		{Ref{Type: user, Name: "user"}, Ref{Type: user, Name: "microsoft.graph.user"}, true},
		{Ref{Type: user}, Ref{Type: other}, false},
		{Ref{Type: user}, Ref{Prim: PrimString}, false},
		{Ref{Name: "thing"}, Ref{Name: "Thing"}, true}, // unresolved: by name, ignoring case
		{Ref{Name: "thing"}, Ref{Name: "other"}, false},
		{Ref{Name: "thing"}, Ref{Name: "thing", Collection: true}, false},
		{Ref{Name: "user"}, Ref{Type: user, Name: "user"}, false},
	} {
		if got := c.a.Same(c.b); got != c.want {
			t.Errorf("%v.Same(%v) = %t, want %t", c.a, c.b, got, c.want)
		}
		if got := c.b.Same(c.a); got != c.want {
			t.Errorf("%v.Same(%v) = %t, want %t (not symmetric)", c.b, c.a, got, c.want)
		}
	}
	if !(Ref{Name: "x"}).Unresolved() || (Ref{Prim: PrimString}).Unresolved() || (Ref{Type: user}).Unresolved() {
		t.Error("Unresolved")
	}
}

// chain makes root <- mid <- leaf with these own properties.
func chain() (root, mid, leaf *Type) {
	prop := func(owner *Type, name string, p Prim) *Property {
		return &Property{Name: name, Type: Ref{Prim: p}, Owner: owner}
	}
	root = &Type{Namespace: "microsoft.graph", Name: "entity"}
	root.Properties = []*Property{prop(root, "id", PrimString)}
	mid = &Type{Namespace: "microsoft.graph", Name: "widget", Base: root}
	mid.Properties = []*Property{prop(mid, "name", PrimString), prop(mid, "size", PrimInt32)}
	leaf = &Type{Namespace: "microsoft.graph", Name: "specialWidget", Base: mid}
	leaf.Properties = []*Property{prop(leaf, "badge", PrimString), prop(leaf, "size", PrimInt64), prop(leaf, "id", PrimGuid)}
	root.Derived = []*Type{mid}
	mid.Derived = []*Type{leaf}
	return
}

func names(ps []*Property) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Owner.Name+"."+p.Name)
	}
	return out
}

func TestFields(t *testing.T) {
	root, mid, leaf := chain()
	for _, c := range []struct {
		t    *Type
		want []string
	}{
		{root, []string{"entity.id"}},
		{mid, []string{"entity.id", "widget.name", "widget.size"}},
		// Inherited first, from the root down; the first of a name wins.
		{leaf, []string{"entity.id", "widget.name", "widget.size", "specialWidget.badge"}},
	} {
		if got := names(c.t.Fields()); !slices.Equal(got, c.want) {
			t.Errorf("%s.Fields() = %v, want %v", c.t.Name, got, c.want)
		}
	}
	if p := leaf.Field("size"); p == nil || p.Owner != leaf {
		// Field looks from t up: the nearest wins, unlike Fields.
		t.Errorf("leaf.Field(size) = %v, want the leaf's own", p)
	}
	if p := leaf.Field("name"); p == nil || p.Owner != mid {
		t.Errorf("leaf.Field(name) = %v", p)
	}
	if p := mid.Field("badge"); p != nil {
		t.Errorf("mid.Field(badge) = %v, want nil", p)
	}
	if !leaf.IsA(root) || !leaf.IsA(leaf) || root.IsA(leaf) || mid.IsA(leaf) {
		t.Error("IsA")
	}
	var fam []string
	for _, f := range root.Family() {
		fam = append(fam, f.Name)
	}
	if !slices.Equal(fam, []string{"entity", "widget", "specialWidget"}) {
		t.Errorf("Family = %v", fam)
	}
	// A cycle (which Build refuses) does not hang.
	a := &Type{Name: "a"}
	b := &Type{Name: "b", Base: a}
	a.Base = b
	a.Properties = []*Property{{Name: "x", Owner: a}}
	if got := names(a.Fields()); !slices.Equal(got, []string{"a.x"}) {
		t.Errorf("cycle: Fields = %v", got)
	}
	if a.Field("nope") != nil || a.IsA(&Type{}) {
		t.Error("cycle: Field or IsA")
	}
	if (&Type{Name: "x"}).QualifiedName() != "x" || leaf.QualifiedName() != "microsoft.graph.specialWidget" {
		t.Error("QualifiedName")
	}
}

// endpoint parses one `METHOD /path` through the parser, as Build sees it.
func endpoint(t *testing.T, line string) model.Endpoint {
	t.Helper()
	d := parser.Parse("api/x.md", []byte("# Do x\n\n## HTTP request\n\n```http\n"+line+"\n```\n\n## Response\n\nReturns `204 No Content`.\n"))
	if len(d.Endpoints) != 1 {
		t.Fatalf("%q: %d endpoints", line, len(d.Endpoints))
	}
	return d.Endpoints[0]
}

func TestEndpointKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"GET /users/{id}", "GET /users/{}"},
		{"GET /Users/{user-id}/MailFolders", "GET /users/{}/mailfolders"},
		{"GET /users/{id | userPrincipalName}/photo/$value", "GET /users/{}/photo/$value"},
		{"PATCH /deviceManagement/deviceConfigurations/{deviceConfigurationId}/assignments/{deviceConfigurationAssignmentId}",
			"PATCH /devicemanagement/deviceconfigurations/{}/assignments/{}"},
		{"GET /deviceManagement/deviceConfigurations/{id}/microsoft.graph.iosScepCertificateProfile/rootCertificate",
			"GET /devicemanagement/deviceconfigurations/{}/microsoft.graph.iosscepcertificateprofile/rootcertificate"},
		// Function arguments by name; a placeholder is {}, a literal stays.
		{"GET /reports/getOffice365ActiveUserDetail(period='{period_value}')", "GET /reports/getoffice365activeuserdetail(period={})"},
		{"GET /reports/getOffice365ActiveUserDetail(Period='D7')", "GET /reports/getoffice365activeuserdetail(period='d7')"},
		{"GET /widgets/top(count={n})", "GET /widgets/top(count={})"},
		{"POST /me/calendar/getSchedule(start='{startTime}',end='{endTime}')", "POST /me/calendar/getschedule(start={},end={})"},
		{"GET /gadgets/delta()", "GET /gadgets/delta()"},
		// Path addressing: the item path is :{}:.
		{"GET /me/drive/root:/{item-path}:/content", "GET /me/drive/root:/{}:/content"},
		{"PUT /me/drive/items/{parent-id}:/{filename}:/content", "PUT /me/drive/items/{}:/{}:/content"},
		{"GET /", "GET /"},
	} {
		if got := EndpointKey(endpoint(t, c.in)); got != c.want {
			t.Errorf("EndpointKey(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	// The same operation written with other parameter names and case has
	// the same key.
	a := EndpointKey(endpoint(t, "GET /users/{id}/events/{event-id}"))
	b := EndpointKey(endpoint(t, "get /Users/{user-id}/Events/{eventId}"))
	if a != b {
		t.Errorf("%q != %q", a, b)
	}
}

func TestBinaryRequest(t *testing.T) {
	doc := func(headers ...model.Header) *model.Document { return &model.Document{RequestHeaders: headers} }
	h := func(name, value string) model.Header { return model.Header{Name: name, Value: value} }
	for _, c := range []struct {
		d    *model.Document
		want string
	}{
		{doc(), ""},
		{doc(h("Authorization", "Bearer {token}. Required.")), ""},
		{doc(h("Content-Type", "application/json. Required.")), ""},
		{doc(h("Content-Type", "application/json; charset=utf-8")), ""},
		{doc(h("content-type", "text/plain. Required.")), "text/plain"},
		{doc(h("Content-Type", "Text/Plain")), "text/plain"},
		{doc(h("Content-Type", "image/jpeg")), "image/jpeg"},
		{doc(h("Content-Type", "The image's type, such as image/png, image/gif.")), "image/png"},
		{doc(h("Content-Type", "application/octet-stream. Required.")), "application/octet-stream"},
		{doc(h("Content-Type", "text/csv;charset=utf-8")), "text/csv"},
		{doc(h("Content-Type", "application/xml")), "application/xml"},
		{doc(h("Content-Type", "Nature of the data in the body of an entity. Required.")), ""},
		// The first Content-Type row decides.
		{doc(h("Content-Type", "application/json"), h("Content-Type", "text/plain")), ""},
		{doc(h("Authorization", "Bearer"), h("Content-Type", "image/png")), "image/png"},
	} {
		if got := binaryRequest(c.d); got != c.want {
			t.Errorf("binaryRequest(%v) = %q, want %q", c.d.RequestHeaders, got, c.want)
		}
	}
}

// TestAPITypeLookup: API.Type is case-insensitive and takes a leading '#'.
func TestAPITypeLookup(t *testing.T) {
	docs, metas := readCase(t, "testdata/pages-only")
	a := Build(docs, Options{Metadata: metas})
	for _, q := range []string{"microsoft.graph.widget", "Microsoft.Graph.Widget", "#microsoft.graph.widget"} {
		if ty := a.Type(q); ty == nil || ty.Name != "widget" || ty.Page == nil {
			t.Errorf("Type(%q) = %v", q, ty)
		}
	}
	if ty := a.Type("microsoft.graph.termStore.group"); ty == nil || ty.Namespace != "microsoft.graph.termStore" {
		t.Errorf("termStore group: %v", ty)
	}
	if a.Type("widget") != nil || a.Type("microsoft.graph.nothing") != nil {
		t.Error("Type of a simple or unknown name")
	}
	// Types are sorted by qualified name, case-insensitively.
	if !slices.IsSortedFunc(a.Types, compareTypes) {
		t.Error("Types not sorted")
	}
	// Build leaves no nil and skips nil pages.
	b := Build(append([]*model.Document{nil}, docs...), Options{})
	if dump(b) != dump(a) {
		t.Error("a nil page changes the model")
	}
	if e := Build(nil, Options{}); len(e.Types) != 0 || len(e.Operations) != 0 || len(e.Diagnostics) != 0 {
		t.Errorf("Build(nil) = %+v", e)
	}
}

// TestTypeNameSpelling (issue 18.6): a resource page titled "orgContact
// resource type" whose JSON shows microsoft.graph.orgcontact gives the type
// orgContact; when the JSON says more of the camel case than the title, the
// JSON's spelling wins.
func TestTypeNameSpelling(t *testing.T) {
	page := func(title, odata string) *model.Document {
		return parser.Parse("resources/x.md", []byte("# "+title+" resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n\n"+
			"## JSON representation\n\n<!-- {\"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph."+odata+"\"} -->\n```json\n{\"id\": \"x\"}\n```\n"))
	}
	for _, tc := range []struct{ title, odata, want string }{
		{"orgContact", "orgcontact", "microsoft.graph.orgContact"},
		{"accessReviewnotificationrecipientqueryscope", "accessReviewNotificationRecipientQueryScope", "microsoft.graph.accessReviewNotificationRecipientQueryScope"},
		{"Contact", "contact", "microsoft.graph.contact"},
		{"user", "user", "microsoft.graph.user"},
	} {
		a := Build([]*model.Document{page(tc.title, tc.odata)}, Options{})
		if len(a.Types) != 1 || a.Types[0].QualifiedName() != tc.want {
			t.Errorf("%s / %s: types %v, want %s", tc.title, tc.odata, a.Types, tc.want)
		}
	}
}

// TestEndpointPermissions: an endpoint has its own rows when the page's
// tables say them, else the page's; unknown goes the same way.
func TestEndpointPermissions(t *testing.T) {
	d := &model.Document{Path: "api/x.md", Kind: model.KindOperation, Title: "X",
		Permissions: []model.Permission{{Type: model.PermApplication, Scopes: []string{"Page.Read"}}},
		Endpoints: []model.Endpoint{
			{Method: "GET", Path: "/a", Segments: []model.Segment{{Kind: model.SegLiteral, Name: "a"}}},
			{Method: "GET", Path: "/b", Segments: []model.Segment{{Kind: model.SegLiteral, Name: "b"}},
				Permissions: []model.Permission{{Type: model.PermApplication, Scopes: []string{"Own.Read"}}}},
			{Method: "GET", Path: "/c", Segments: []model.Segment{{Kind: model.SegLiteral, Name: "c"}}, PermissionsUnknown: true},
		}}
	a := Build([]*model.Document{d}, Options{})
	var got []string
	for _, e := range a.Operations[0].Endpoints {
		s := e.Path + ":"
		if e.PermissionsUnknown {
			s += "unknown"
		}
		for _, p := range e.Permissions {
			s += strings.Join(p.Scopes, ",")
		}
		got = append(got, s)
	}
	if s := strings.Join(got, " "); s != "/a:Page.Read /b:Own.Read /c:unknown" {
		t.Errorf("endpoint permissions: %s", s)
	}
	d.Permissions, d.PermissionsUnknown = nil, true
	if e := Build([]*model.Document{d}, Options{}).Operations[0].Endpoints[0]; !e.PermissionsUnknown || e.Permissions != nil {
		t.Errorf("an unknown page's endpoint: unknown %v, %v", e.PermissionsUnknown, e.Permissions)
	}
}
