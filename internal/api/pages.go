package api

import (
	"path"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
)

// linker builds the model from pages: the markdown conventions of the
// Graph docs (links to resource pages, "…-values" enum anchors, "enum"
// titles, "Inherits from") are known here and nowhere else.
type linker struct {
	docs   []*model.Document
	pages  map[string]*model.Document // every page by lower-case base name, first in path order
	byBase map[string]*Type           // resource pages by lower-case base name
	byName map[string]*Type           // by lower-case type name; the preferred page when several define it
	byQual map[string]*Type           // by lower-case qualified name
	enums  map[string]*Type           // page-made enums by lower-case name
	types  []*Type                    // page types in path order, then enums as they are made
	diags  []model.Diagnostic
	meta   *metaIndex // nil without metadata
	// resolvedLater holds the places of page cells the metadata resolved
	// after the pages could not: their resolution diagnostics are dropped.
	resolvedLater map[Source]bool
}

func (l *linker) diagAt(s Source, sev model.Severity, code, msg string) {
	l.diags = append(l.diags, model.Diagnostic{Path: s.File, Pos: model.Pos{Line: s.Line, Col: s.Col}, Severity: sev, Code: code, Message: msg})
}

func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

func baseName(p string) string {
	return strings.ToLower(strings.TrimSuffix(path.Base(p), ".md"))
}

// indexPages makes a Type for every resource page. Two pages defining the
// same qualified name make one type: the preferred page's (see preferred);
// the other gets a type-duplicate diagnostic.
func (l *linker) indexPages() {
	for _, d := range l.docs {
		if b := baseName(d.Path); l.pages[b] == nil {
			l.pages[b] = d
		}
	}
	for _, d := range l.docs {
		if d.Kind != model.KindResource || d.TypeName == "" {
			continue
		}
		// The title ("orgContact resource type") and the JSON
		// representation's @odata.type may spell one name in two ways: the
		// one that says more of its camel case wins (a lower-cased
		// microsoft.graph.orgcontact never does).
		ns, name := splitQualified(d.ODataType)
		if name == "" || !strings.EqualFold(name, d.TypeName) {
			ns, name = d.Namespace, d.TypeName
		} else if !betterSpelling(name, d.TypeName) {
			name = d.TypeName
		}
		if ns == "" {
			ns = "microsoft.graph"
		}
		t := &Type{Namespace: ns, Name: name, Kind: KindComplex, Description: d.Description, Page: d, Doc: At(d, d.TitlePos)}
		q := strings.ToLower(t.QualifiedName())
		if old := l.byQual[q]; old != nil {
			keep, drop := old, t
			if preferred(t, old) {
				keep, drop = t, old
				l.types[slices.Index(l.types, old)] = t
				l.byQual[q] = t
			}
			l.diagAt(drop.Doc, model.SevInfo, "type-duplicate", "type "+quoteName(t.QualifiedName())+" is also described by "+keep.Page.Path+", which is used")
			// Links to either page mean the type kept.
			for k, v := range l.byBase {
				if v == drop {
					l.byBase[k] = keep
				}
			}
			if b := baseName(d.Path); l.byBase[b] == nil {
				l.byBase[b] = keep
			}
			if l.byName[strings.ToLower(name)] == drop {
				l.byName[strings.ToLower(name)] = keep
			}
			continue
		}
		l.types = append(l.types, t)
		l.byQual[q] = t
		if old, ok := l.byName[strings.ToLower(name)]; !ok || preferred(t, old) {
			l.byName[strings.ToLower(name)] = t
		}
		if b := baseName(d.Path); l.byBase[b] == nil {
			l.byBase[b] = t
		}
	}
}

// betterSpelling reports whether a, the JSON's spelling of a type name,
// should win over b, the title's (equal but for case): a has more capitals
// after the first letter (accessReviewNotificationRecipientQueryScope over
// accessReviewnotificationrecipientqueryscope), or as many and a lower-case
// first letter where b has a capital (OData names start lower case).
func betterSpelling(a, b string) bool {
	caps := func(s string) int {
		n := 0
		for i := 1; i < len(s); i++ {
			if s[i] >= 'A' && s[i] <= 'Z' {
				n++
			}
		}
		return n
	}
	if ca, cb := caps(a), caps(b); ca != cb {
		return ca > cb
	}
	return a != "" && b != "" && a[0] >= 'a' && a[0] <= 'z' && b[0] >= 'A' && b[0] <= 'Z'
}

// splitQualified splits "#microsoft.graph.user" into its namespace and name.
func splitQualified(q string) (string, string) {
	q = strings.TrimPrefix(strings.TrimSpace(q), "#")
	if i := strings.LastIndexByte(q, '.'); i >= 0 {
		return q[:i], q[i+1:]
	}
	return "", q
}

// preferred reports whether t should win over old for a name both pages
// define: a page in a resources/ folder, then the page whose file base name
// is the type name (user.md over intune-shared-user.md), then the
// microsoft.graph namespace, then the first in path order.
func preferred(t, old *Type) bool {
	if rt, ro := resourcesFolder(t), resourcesFolder(old); rt != ro {
		return rt
	}
	if ct, co := canonical(t), canonical(old); ct != co {
		return ct
	}
	if mt, mo := t.Namespace == "microsoft.graph", old.Namespace == "microsoft.graph"; mt != mo {
		return mt
	}
	return false
}

// resourcesFolder reports whether t's page lives in a resources/ folder
// (where the docs keep type pages).
func resourcesFolder(t *Type) bool {
	return t.Page != nil && (strings.HasPrefix(t.Page.Path, "resources/") || strings.Contains(t.Page.Path, "/resources/"))
}

// canonical reports whether t's page is named after its type.
func canonical(t *Type) bool {
	return t.Page != nil && strings.EqualFold(baseName(t.Page.Path), t.Name)
}

// lookup resolves a type reference to a resource page's type:
//
//  1. the page the link points to (by file base name), when that page
//     defines the type the cell names ("[group](termstore-group.md)" in a
//     termStore page is termStore's group, not microsoft.graph.group);
//  2. a qualified name ("microsoft.graph.termStore.term");
//  3. the type name, case-insensitively; when several pages define it, the
//     preferred one;
//  4. the link's file base name alone (the link names the page, the cell
//     text is off), unless it points at a "…-values" enum section.
func (l *linker) lookup(ref model.TypeRef) *Type {
	full := strings.ToLower(strings.TrimPrefix(ref.Name, "#"))
	name := full
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	var linked *Type
	if ref.Link != "" {
		f := ref.Link
		if i := strings.IndexAny(f, "#?"); i >= 0 {
			f = f[:i]
		}
		if f != "" {
			linked = l.byBase[baseName(f)]
		}
		if linked != nil && strings.EqualFold(linked.Name, name) {
			return linked
		}
	}
	if strings.Contains(full, ".") {
		if t := l.byQual[full]; t != nil {
			return t
		}
		if t := l.byQual["microsoft.graph."+full]; t != nil {
			return t
		}
	}
	if t := l.byName[name]; t != nil {
		return t
	}
	if _, anchor, _ := strings.Cut(ref.Link, "#"); strings.HasSuffix(strings.ToLower(anchor), "-values") {
		return nil // an enum section of the linked page (see enumRef)
	}
	return linked
}

// enumRef reports whether a type cell the parser read as a resource link
// names an enum: a link to an anchor of the same page ("#agegroup-values"),
// to an "…-values" anchor of another page ("enums.md#printscaling-values"),
// or to a page that is not a resource page and whose title says "enum"
// (2021's "devicePlatformType enum type" pages).
func (l *linker) enumRef(ref model.TypeRef) bool {
	f := ref.Link
	if f == "" || ref.Name == "" || strings.ContainsAny(ref.Name, " \t") {
		return false
	}
	if strings.HasPrefix(f, "#") {
		return true
	}
	file, anchor, _ := strings.Cut(f, "#")
	if strings.HasSuffix(strings.ToLower(anchor), "-values") {
		return true
	}
	if i := strings.IndexByte(file, '?'); i >= 0 {
		file = file[:i]
	}
	d := l.pages[baseName(file)]
	return d != nil && d.Kind != model.KindResource && strings.Contains(strings.ToLower(d.Title), "enum")
}

// enum returns the page-made enum of this name, making it on first use at
// src. A name without a namespace takes ns, the namespace of the type whose
// page names it. Its members are the values property descriptions list.
func (l *linker) enum(name, ns string, src Source, values []string) *Type {
	q, n := splitQualified(name)
	if q == "" {
		q = ns
	}
	if q == "" {
		q = "microsoft.graph"
	}
	key := strings.ToLower(q + "." + n)
	e := l.enums[key]
	if e == nil {
		e = &Type{Namespace: q, Name: n, Kind: KindEnum, Doc: src}
		l.enums[key] = e
		l.types = append(l.types, e)
	}
	for _, v := range values {
		if !slices.ContainsFunc(e.Members, func(m *Member) bool { return m.Name == v }) {
			e.Members = append(e.Members, &Member{Name: v, Doc: src})
		}
	}
	return e
}

// resolve turns a page's type cell into a Ref, with a diagnostic at src
// when it cannot. ns is the namespace of the type (or operation) whose page
// has the cell.
func (l *linker) resolve(src Source, ns string, ref model.TypeRef, enumValues []string) Ref {
	r := Ref{Name: ref.Name, Collection: ref.Collection}
	switch ref.Kind {
	case model.TypePrimitive:
		p, ok := ParsePrim(ref.Name)
		if !ok {
			if t := l.metaLookup(ref.Name); t != nil {
				r.Type = t
				return r
			}
			l.diagAt(src, model.SevWarning, "unknown-primitive", "primitive type "+quoteName(ref.Name)+" is not known; the value is kept as raw JSON")
			return r
		}
		r.Prim = p
	case model.TypeEnum:
		if ref.Name == "" {
			r.Prim = PrimString
			return r
		}
		if t := l.metaLookup(ref.Name); t != nil && t.Kind == KindEnum {
			r.Type = t
			return r
		}
		r.Type = l.enum(ref.Name, ns, src, enumValues)
	case model.TypeResource:
		if p, ok := ParsePrim(ref.Name); ok && ref.Link == "" {
			r.Prim = p
			return r
		}
		if t := l.lookup(ref); t != nil {
			r.Type = t
			return r
		}
		if l.enumRef(ref) {
			return l.resolve(src, ns, model.TypeRef{Name: ref.Name, Kind: model.TypeEnum, Collection: ref.Collection, Link: ref.Link}, enumValues)
		}
		if t := l.metaLookup(ref.Name); t != nil {
			r.Type = t
			return r
		}
		l.diagAt(src, model.SevWarning, "missing-type", "type "+quoteName(ref.Name)+" has no resource page in the input; the value is kept as raw JSON")
	default:
		if ref.Name == "" {
			l.diagAt(src, model.SevWarning, "unknown-type", "the type cell is empty; the value is kept as raw JSON")
			break
		}
		l.diagAt(src, model.SevWarning, "unknown-type", "type cell "+quoteName(ref.Name)+" could not be read; the value is kept as raw JSON")
	}
	return r
}

// metaLookup finds a type the pages do not define in the metadata, by
// qualified or simple name; nil without metadata.
func (l *linker) metaLookup(name string) *Type {
	if l.meta == nil {
		return nil
	}
	return l.meta.find(name)
}

// inherit links each page type to its base ("Inherits from"), refusing
// cycles.
func (l *linker) inherit() {
	for _, t := range l.types {
		if t.Page == nil || t.Page.BaseType == nil {
			continue
		}
		b := l.lookup(*t.Page.BaseType)
		if b == nil {
			b = l.metaLookup(t.Page.BaseType.Name)
		}
		if b == nil || b.Kind == KindEnum {
			l.diagAt(t.Doc, model.SevWarning, "missing-base-type",
				"base type "+quoteName(t.Page.BaseType.Name)+" has no resource page in the input; its properties are not inherited")
			continue
		}
		if b.IsA(t) {
			l.diagAt(t.Doc, model.SevError, "inheritance-cycle", "type "+quoteName(t.Name)+" inherits from itself")
			continue
		}
		t.Base = b
	}
}

// properties resolves every page type's properties.
func (l *linker) properties() {
	for _, t := range slices.Clone(l.types) {
		if t.Page == nil {
			continue
		}
		seen := map[string]bool{}
		for _, pr := range t.Page.Properties {
			if pr.Name == "" || strings.HasPrefix(pr.Name, "@") {
				continue
			}
			src := At(t.Page, pr.Pos)
			if !validName(pr.Name) {
				l.diagAt(src, model.SevWarning, "property-name-invalid", "property name "+quoteName(clip(pr.Name))+" is not a JSON property name (a table row out of place?); the row is skipped")
				continue
			}
			if seen[pr.Name] {
				l.diagAt(src, model.SevWarning, "property-duplicate", "property "+quoteName(pr.Name)+" is listed twice; the first row is used")
				continue
			}
			seen[pr.Name] = true
			t.Properties = append(t.Properties, l.property(t, src, pr))
		}
	}
}

func (l *linker) property(owner *Type, src Source, pr model.Property) *Property {
	ns := ""
	if owner != nil {
		ns = owner.Namespace
	}
	return &Property{
		Name: pr.Name, Type: l.resolve(src, ns, pr.Type, pr.EnumValues), pageEnum: pr.EnumValues,
		ReadOnly: pr.ReadOnly, Required: pr.Required, Nullable: pr.Nullable,
		Description: pr.Description, Owner: owner, Doc: src,
	}
}

// operation links one operation page.
func (l *linker) operation(d *model.Document) *Operation {
	op := &Operation{
		Page: d, Title: d.Title, Description: d.Description,
		Permissions: d.Permissions, PermissionsUnknown: d.PermissionsUnknown,
		Headers: d.RequestHeaders,
		Doc:     At(d, d.TitlePos),
	}
	for _, pr := range d.Parameters {
		if pr.Type.Kind == model.TypeUnknown && pr.Type.Name == "" {
			// A parameter table without a Type column ("Name |
			// Description": $filter, $top): the value goes in the URL.
			op.Params = append(op.Params, &Property{Name: pr.Name, Type: Ref{Prim: PrimString, Name: "String"},
				Required: pr.Required, Description: pr.Description, Doc: At(d, pr.Pos)})
			continue
		}
		op.Params = append(op.Params, l.property(nil, At(d, pr.Pos), pr))
	}
	binIn := binaryRequest(d)
	if rb := d.RequestBody; rb != nil && !rb.None {
		b := &Body{Doc: At(d, rb.Pos), Binary: binIn != "", ContentType: binIn}
		switch {
		case b.Binary:
		case rb.Type != nil:
			b.Type = l.resolve(b.Doc, "", *rb.Type, nil)
		case len(rb.Properties) > 0:
			act := l.endpointAction(d)
			if t := l.bodyIsResponseModel(d); t != nil && act == nil {
				// A create or update page that lists the properties of the
				// type it returns: the body is that type.
				b.Type = Ref{Type: t, Name: t.Name}
				break
			}
			// Named for messages ("request body of driveItem:
			// createUploadSession"); the printers name its Go type.
			rt := &Type{Name: "request body of " + d.Title, Kind: KindComplex, Request: op, Doc: b.Doc}
			b.Type = Ref{Type: rt}
			rows := l.bodyRows(d, rb.Properties)
			if act != nil {
				l.actionBody(d, rt, rows, act)
				break
			}
			for _, pr := range rows {
				rt.Properties = append(rt.Properties, l.property(rt, At(d, pr.Pos), pr))
			}
		default:
			b = nil
		}
		op.Body = b
	} else if binIn != "" {
		// A content type but no body section: still an upload.
		op.Body = &Body{Binary: true, ContentType: binIn, Doc: op.Doc}
	}
	if op.Body != nil && d.RequestBody != nil {
		op.Body.Required = requiredProps(op.Body, d.RequestBody)
	}
	if r := d.Response; r != nil {
		resp := &Response{Status: r.Status, Doc: At(d, r.Pos)}
		if r.Type != nil && r.Status != 204 {
			t := l.resolve(resp.Doc, "", *r.Type, nil)
			if t.Prim == PrimStream && !t.Collection {
				resp.Binary = true // an Edm.Stream: bytes, not a JSON string
			} else {
				resp.Type = &t
			}
		}
		resp.Binary = resp.Binary || r.Status == 302
		op.Response = resp
	}
	in, out := false, false
	for _, ep := range d.Endpoints {
		e := l.endpoint(op, ep)
		op.Endpoints = append(op.Endpoints, e)
		in = in || e.BinaryIn
		out = out || e.BinaryOut
	}
	// An upload whose page says nothing about the bytes' type.
	if in && (op.Body == nil || op.Body.Type.Unresolved() && op.Body.Type.Name == "") {
		if op.Body == nil {
			op.Body = &Body{Doc: op.Doc}
		}
		op.Body.Binary = true
		if op.Body.ContentType == "" {
			op.Body.ContentType = "application/octet-stream"
		}
	}
	if out && op.Response != nil && op.Response.Type == nil {
		op.Response.Binary = true
	}
	return op
}

// bodyRows are the rows of a request body table that name a property: the
// first of each name, without @-annotations and invalid names (those with a
// diagnostic).
func (l *linker) bodyRows(d *model.Document, rows []model.Property) []model.Property {
	var out []model.Property
	seen := map[string]bool{}
	for _, pr := range rows {
		if pr.Name == "" || seen[pr.Name] || strings.HasPrefix(pr.Name, "@") {
			continue
		}
		if !validName(pr.Name) {
			l.diagAt(At(d, pr.Pos), model.SevWarning, "property-name-invalid", "property name "+quoteName(clip(pr.Name))+" is not a JSON property name (a table row out of place?); the row is skipped")
			continue
		}
		seen[pr.Name] = true
		out = append(out, pr)
	}
	return out
}

// requiredProps lists the body properties the request body table marks
// required: the request type's (rows with a valid name), or the table's
// rows for a body of a named type.
func requiredProps(b *Body, rb *model.Body) []string {
	var out []string
	if t := b.Type.Type; t != nil && t.Request != nil {
		for _, p := range t.Properties {
			if p.Required && !slices.Contains(out, p.Name) {
				out = append(out, p.Name)
			}
		}
		return out
	}
	for _, p := range rb.Properties {
		if p.Required && p.Name != "" && !strings.HasPrefix(p.Name, "@") && !slices.Contains(out, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// endpointAction is the metadata action every endpoint of the page calls
// (overloads of one action with the same parameters), or nil: without
// metadata, or when an endpoint calls no action or another one (a page
// that documents a reply among other requests).
func (l *linker) endpointAction(d *model.Document) *csdl.Operation {
	if l.meta == nil || len(d.Endpoints) == 0 {
		return nil
	}
	var first *csdl.Operation
	for _, ep := range d.Endpoints {
		op := l.meta.action(ep)
		if ep.Method != "POST" || op == nil {
			return nil
		}
		if first == nil {
			first = op
			continue
		}
		if op.QualifiedName() != first.QualifiedName() || len(op.Parameters) != len(first.Parameters) {
			return nil
		}
		for i := 1; i < len(op.Parameters); i++ {
			if op.Parameters[i].Name != first.Parameters[i].Name || op.Parameters[i].Type != first.Parameters[i].Type {
				return nil
			}
		}
	}
	return first
}

// binaryRequest returns the content type of a request body that is not
// JSON, as the page documents it: a Content-Type request header other than
// JSON (image/jpeg, text/plain...), or "" when the body is JSON or absent.
// A body section that speaks of a binary stream without a header gives
// application/octet-stream.
func binaryRequest(d *model.Document) string {
	for _, h := range d.RequestHeaders {
		if !strings.EqualFold(h.Name, "Content-Type") {
			continue
		}
		v := strings.ToLower(h.Value)
		if strings.Contains(v, "json") {
			return ""
		}
		for _, ct := range []string{"application/octet-stream", "text/plain", "image/jpeg", "image/png", "image/", "text/", "application/"} {
			if i := strings.Index(v, ct); i >= 0 {
				end := i + len(ct)
				for end < len(v) && v[end] != ' ' && v[end] != '.' && v[end] != ',' && v[end] != ';' {
					end++
				}
				return v[i:end]
			}
		}
	}
	return ""
}

// bodyIsResponseModel returns the type a page's request body table
// describes, or nil: the page's response type when it is a single resource
// the title names ("Create windows10GeneralConfiguration") and every body
// property is one of its properties (inherited ones included).
func (l *linker) bodyIsResponseModel(d *model.Document) *Type {
	r := d.Response
	if r == nil || r.Type == nil || r.Type.Collection || r.Type.Kind != model.TypeResource {
		return nil
	}
	t := l.lookup(*r.Type)
	if t == nil {
		t = l.metaLookup(r.Type.Name)
	}
	if t == nil || t.Kind == KindEnum || !containsFold(d.Title, t.Name) {
		return nil
	}
	for _, pr := range d.RequestBody.Properties {
		if t.Field(pr.Name) == nil {
			return nil
		}
	}
	return t
}

// validName reports whether a documented property name can be one on the
// wire and in a struct tag: no space, control character, comma, quote,
// backslash or backquote (a row whose name cell holds a sentence is out of
// place; a comma would add json tag options, and encoding/json ignores a
// name holding a quote or a backslash).
func validName(s string) bool {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == ',' || r == '`' || r == '"' || r == '\\' || r == utf8.RuneError {
			return false
		}
	}
	return s != ""
}

// clip shortens a long name for a message.
func clip(s string) string {
	if len(s) > 60 {
		return s[:57] + "..."
	}
	return s
}

func containsFold(s, sub string) bool {
	return sub != "" && strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// endpoint types an endpoint's arguments (odatapath.Params, in path
// order): function arguments take the type of the page's parameter of the
// same name (String otherwise).
func (l *linker) endpoint(op *Operation, ep model.Endpoint) *Endpoint {
	e := &Endpoint{Endpoint: ep, Op: op, Key: EndpointKey(ep), Doc: At(op.Page, ep.Pos)}
	if e.Permissions == nil && !e.PermissionsUnknown {
		// The page's rows, unless its tables say this endpoint's own.
		e.Permissions, e.PermissionsUnknown = op.Permissions, op.PermissionsUnknown
	}
	str := Ref{Prim: PrimString, Name: "String"}
	for _, p := range odatapath.Params(ep.Segments) {
		switch p.Kind {
		case odatapath.InSegment:
			e.Args = append(e.Args, &Arg{Name: p.Name, Kind: ArgSegment, Type: str})
		case odatapath.InItemPath:
			e.Args = append(e.Args, &Arg{Name: p.Name, Kind: ArgItemPath, Type: str})
		case odatapath.InFunction:
			s := ep.Segments[p.Seg]
			a := s.Args[p.Arg]
			t := str
			for _, pp := range op.Params {
				if strings.EqualFold(pp.Name, a.Name) || strings.EqualFold(pp.Name, a.Param) {
					if !pp.Type.Unresolved() && !pp.Type.Collection {
						t = pp.Type
					}
					break
				}
			}
			// A value written in quotes ('{id}') is a string whatever
			// the table says; a key segment's value is a string.
			if _, _, quoted := odatapath.Affixes(a); s.Kind == model.SegKey || quoted {
				t = str
			}
			e.Args = append(e.Args, &Arg{Name: a.Param, Kind: ArgFunction, Type: t})
		}
	}
	stream := odatapath.Stream(ep.Segments) // the path ends in /content or /$value
	switch ep.Method {
	case "GET":
		e.BinaryOut = stream || op.Response != nil && op.Response.Binary
	case "PUT", "PATCH", "POST":
		e.BinaryIn = stream || op.Body != nil && op.Body.Binary
	}
	if n := len(ep.Segments); n > 0 && (ep.Method == "POST" || ep.Method == "PUT") && odatapath.System(ep.Segments[n-1]) == "$ref" {
		// A reference is JSON, whatever the page says of the body.
		e.Ref, e.BinaryIn = true, false
	}
	return e
}

// EndpointKey is an endpoint's identity across pages: the method and the
// path with every parameter written {} and a function's arguments by name,
// lower case (odatapath.Key).
func EndpointKey(ep model.Endpoint) string {
	return ep.Method + " " + odatapath.Key(ep.Segments)
}
