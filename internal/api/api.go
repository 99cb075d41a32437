package api

import (
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// Source is where an element was read: a page (its Document.Path) or a
// metadata file. The zero Source means "not from there".
type Source struct {
	File string `json:"file"`
	Line int    `json:"line"`
	Col  int    `json:"col"`
}

// IsZero reports whether s names no place.
func (s Source) IsZero() bool { return s.File == "" }

// String is "file:line:col" ("" for the zero Source).
func (s Source) String() string {
	if s.File == "" {
		return ""
	}
	return s.File + ":" + strconv.Itoa(s.Line) + ":" + strconv.Itoa(s.Col)
}

// At returns the Source of pos in page doc.
func At(doc *model.Document, pos model.Pos) Source {
	return Source{File: doc.Path, Line: pos.Line, Col: pos.Col}
}

// Kind classifies a type.
type Kind string

const (
	KindEntity  Kind = "entity"  // an entity type (metadata); pages cannot tell entity from complex
	KindComplex Kind = "complex" // a complex type, or a resource page's type without metadata
	KindEnum    Kind = "enum"
)

// Type is a structured (entity or complex) type or an enum.
type Type struct {
	Namespace   string // "microsoft.graph", "microsoft.graph.termStore"
	Name        string // "groupAssignmentTarget", as the source writes it
	Kind        Kind
	Abstract    bool
	Open        bool
	Description string

	Base    *Type
	Derived []*Type // direct derived types, by qualified name

	// Properties are the type's own structural properties (inherited ones
	// are the base's), in source order: the page's table, then properties
	// only the metadata has.
	Properties []*Property

	// Enums: members in source order; Flags from the metadata.
	Members []*Member
	Flags   bool

	// Page is the resource page that describes the type, nil for a type
	// known only from the metadata, for enums and for request bodies.
	Page *model.Document
	Doc  Source // the page's title, or the first property naming an enum
	Meta Source // the metadata element

	// Request is set for the synthetic type of a request body that lists
	// its properties without naming a type: the operation it belongs to.
	Request *Operation
}

// QualifiedName is "namespace.name" ("" namespace: the name alone).
func (t *Type) QualifiedName() string {
	if t.Namespace == "" {
		return t.Name
	}
	return t.Namespace + "." + t.Name
}

// Fields lists t's properties with inherited ones first (from the root of
// the base chain down); the first of a repeated name wins.
func (t *Type) Fields() []*Property {
	var chain []*Type
	for p, n := t, 0; p != nil && n < 64; p, n = p.Base, n+1 {
		chain = append(chain, p)
	}
	var out []*Property
	seen := map[string]bool{}
	for i := len(chain) - 1; i >= 0; i-- {
		for _, p := range chain[i].Properties {
			if !seen[p.Name] {
				seen[p.Name] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// Field returns the property t has (own or inherited) with this name.
func (t *Type) Field(name string) *Property {
	for p, n := t, 0; p != nil && n < 64; p, n = p.Base, n+1 {
		for _, q := range p.Properties {
			if q.Name == name {
				return q
			}
		}
	}
	return nil
}

// IsA reports whether t is b or derives from it.
func (t *Type) IsA(b *Type) bool {
	for p, n := t, 0; p != nil && n < 64; p, n = p.Base, n+1 {
		if p == b {
			return true
		}
	}
	return false
}

// Family lists t and every type derived from it, depth first, each level in
// Derived order.
func (t *Type) Family() []*Type {
	var out []*Type
	var walk func(*Type, int)
	walk = func(p *Type, depth int) {
		out = append(out, p)
		if depth > 64 {
			return
		}
		for _, d := range p.Derived {
			walk(d, depth+1)
		}
	}
	walk(t, 0)
	return out
}

// Member is an enum member.
type Member struct {
	Name  string
	Value string // the metadata's value, "" when unknown
	Doc   Source
	Meta  Source
}

// Property is a structural property of a type, a request body property or
// a parameter.
type Property struct {
	Name        string
	Type        Ref
	ReadOnly    bool
	Required    bool
	Nullable    *bool // "Nullable." / "Not nullable." when the page says
	Description string
	Owner       *Type // nil for parameters
	Doc         Source
	Meta        Source

	pageEnum []string // the values the page lists ("Possible values are")
}

// Prim is an Edm primitive type, named as the metadata writes it without
// "Edm.": String, Boolean, Int16, Int32, Int64, Byte, SByte, Single,
// Double, Decimal, DateTimeOffset, Date, TimeOfDay, Duration, Guid, Binary,
// Stream; Untyped for values of any JSON shape (Json, GeographyPoint...).
type Prim string

const (
	PrimString         Prim = "String"
	PrimBoolean        Prim = "Boolean"
	PrimInt16          Prim = "Int16"
	PrimInt32          Prim = "Int32"
	PrimInt64          Prim = "Int64"
	PrimByte           Prim = "Byte"
	PrimSByte          Prim = "SByte"
	PrimSingle         Prim = "Single"
	PrimDouble         Prim = "Double"
	PrimDecimal        Prim = "Decimal"
	PrimDateTimeOffset Prim = "DateTimeOffset"
	PrimDate           Prim = "Date"
	PrimTimeOfDay      Prim = "TimeOfDay"
	PrimDuration       Prim = "Duration"
	PrimGuid           Prim = "Guid"
	PrimBinary         Prim = "Binary"
	PrimStream         Prim = "Stream"
	PrimUntyped        Prim = "Untyped"
)

// ParsePrim maps a primitive name as the docs or the metadata write it
// ("Edm.String", "string", "Int", "DateTime"...) to a Prim.
func ParsePrim(name string) (Prim, bool) {
	n := strings.ToLower(strings.TrimSpace(name))
	n = strings.TrimPrefix(n, "edm.")
	switch n {
	case "string", "url", "uri":
		return PrimString, true
	case "boolean", "bool":
		return PrimBoolean, true
	case "int16":
		return PrimInt16, true
	case "int32", "int", "integer":
		return PrimInt32, true
	case "int64", "long":
		return PrimInt64, true
	case "byte":
		return PrimByte, true
	case "sbyte":
		return PrimSByte, true
	case "single", "float":
		return PrimSingle, true
	case "double":
		return PrimDouble, true
	case "decimal":
		return PrimDecimal, true
	case "datetimeoffset", "datetime":
		return PrimDateTimeOffset, true
	case "date":
		return PrimDate, true
	case "timeofday":
		return PrimTimeOfDay, true
	case "duration":
		return PrimDuration, true
	case "guid":
		return PrimGuid, true
	case "binary":
		return PrimBinary, true
	case "stream":
		return PrimStream, true
	case "json", "object", "geographypoint", "untyped":
		return PrimUntyped, true
	}
	return "", false
}

// Ref is a resolved type reference.
type Ref struct {
	Prim       Prim  // a primitive; "" otherwise
	Type       *Type // a structured type or an enum; nil otherwise
	Collection bool
	// Name is the type as the source wrote it, kept for messages; when
	// neither Prim nor Type is set the reference could not be resolved and
	// a diagnostic says why (the value is raw JSON).
	Name string
}

// Unresolved reports whether r names nothing known: its values are kept as
// raw JSON.
func (r Ref) Unresolved() bool { return r.Prim == "" && r.Type == nil }

// String is how a reference reads in messages: "Int32",
// "Collection(microsoft.graph.user)", or the name as written when it is
// unresolved.
func (r Ref) String() string {
	s := r.Name
	switch {
	case r.Type != nil:
		s = r.Type.QualifiedName()
	case r.Prim != "":
		s = string(r.Prim)
	}
	if r.Collection {
		return "Collection(" + s + ")"
	}
	return s
}

// Same reports whether two references denote the same wire shape.
func (r Ref) Same(o Ref) bool {
	return r.Prim == o.Prim && r.Type == o.Type && r.Collection == o.Collection &&
		(!r.Unresolved() || strings.EqualFold(r.Name, o.Name))
}

// Operation is what one operation page documents.
type Operation struct {
	Page        *model.Document
	Title       string
	Description string
	Endpoints   []*Endpoint
	// Permissions are the page's rows (model.Document.Permissions: on a
	// page with several tables, their union); each endpoint has its own
	// (Endpoint.Permissions). PermissionsUnknown: the page gives none that
	// graphgen could read.
	Permissions        []model.Permission
	PermissionsUnknown bool
	Headers            []model.Header
	// Params are the page's parameter tables (query, path or function
	// parameters), resolved.
	Params   []*Property
	Body     *Body     // nil when the page documents no request body
	Response *Response // nil when the page documents no response
	// Examples are the page's examples, linked (example.go), in page order.
	Examples []*Example
	Doc      Source // the title
}

// Endpoint is one documented `METHOD /path`.
type Endpoint struct {
	// Endpoint is the page's, with Permissions and PermissionsUnknown
	// resolved: the endpoint's own when the page's tables say them, else
	// the page's (Operation.Permissions, Operation.PermissionsUnknown).
	model.Endpoint
	Op *Operation
	// Key identifies the endpoint across pages: the method and the path
	// with every parameter written {}, lower case. Two endpoints with the
	// same Key are the same operation of the service.
	Key string
	// Args are the endpoint's parameters in path order, typed.
	Args []*Arg
	// BinaryIn: the request body is a stream of bytes (an upload: the path
	// ends in /content or /$value, or the page documents a non-JSON
	// Content-Type). BinaryOut: the response is a stream of bytes (a GET of
	// /content or /$value, or a page documenting a redirect to the bytes).
	BinaryIn, BinaryOut bool
	// Ref: the endpoint links an object to the one its path addresses
	// (POST or PUT to a path whose last segment is $ref:
	// POST /groups/{id}/members/$ref). What it sends is a reference,
	// {"@odata.id": "<URL of the object to link>"}, whatever the page's
	// request body section says: JSONBody is nil, and its examples'
	// references are ExampleRequest.Ref. GET and DELETE of a $ref are not
	// (they send nothing), nor is a PATCH.
	Ref bool
	// Primary is the first endpoint of the input (pages in path order)
	// with this Key, itself when it is the first: the one a client's
	// method is made from, whose shapes its examples are read against.
	Primary *Endpoint
	// Answer is how a fake service answers the endpoint by default.
	Answer Answer
	Doc    Source
}

// ArgKind tells where an argument goes in the path.
type ArgKind string

const (
	ArgSegment  ArgKind = "segment"  // a whole path segment: /users/{id}
	ArgItemPath ArgKind = "itemPath" // a path of folders: root:/{item-path}: (each folder escaped, '/' kept)
	ArgFunction ArgKind = "function" // a function argument: f(period='{period}') (an OData literal)
)

// Arg is one parameter of an endpoint's path.
type Arg struct {
	Name string  // as documented: "deviceConfigurationId", "item-path"
	Kind ArgKind // where it goes
	Type Ref     // ArgFunction: the parameter's type (String when the page does not say); otherwise String
}

// Body is a request body.
type Body struct {
	// Type is the JSON body's type (possibly a synthetic request type, see
	// Type.Request). Unset for a binary body.
	Type Ref
	// Binary is set when the body is not JSON (file content, a photo,
	// text/plain): a stream of bytes.
	Binary      bool
	ContentType string // the documented content type of a binary body, if any
	// Required are the properties the page's request body table marks
	// required (for a body of a named type, the type's own page may call a
	// property required when creating one: not this operation's rule).
	Required []string
	Doc      Source
}

// Response is the documented response.
type Response struct {
	Status int  // 0 when the page names none
	Type   *Ref // nil when no value is returned
	// Binary is set when the response is a stream of bytes (file content,
	// a photo's $value, a report, an Edm.Stream), possibly after a
	// redirect.
	Binary bool
	Doc    Source
}

// API is the linked model of one API version.
type API struct {
	// Types are every structured type and enum, sorted by qualified name
	// (case-insensitively, then as written).
	Types []*Type
	// Operations are the operation pages in path order.
	Operations  []*Operation
	Diagnostics []model.Diagnostic // with Path set, sorted

	byName map[string]*Type // lower-case qualified name
}

// Type returns the type with this qualified name (case-insensitive).
func (a *API) Type(qualified string) *Type {
	return a.byName[strings.ToLower(strings.TrimPrefix(qualified, "#"))]
}
