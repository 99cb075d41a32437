// Package model is graphgen's intermediate representation (IR) of Microsoft
// Graph documentation pages: plain data, no markdown and no Go naming, with
// the source position of every element.
//
// The JSON form of these types (through encoding/json and the struct tags
// below) is the stable output of `graphgen ir`; see docs/ir.md.
package model

import (
	"encoding/json"
	"strconv"
)

// Pos is a 1-based line and column (in bytes) in a page.
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

// Kind tells what a page documents.
type Kind string

const (
	KindOperation Kind = "operation" // an API page with an HTTP request section
	KindResource  Kind = "resource"  // a resource (type) page with a properties table
	KindOther     Kind = "other"     // anything else (concepts, enums, overviews)
)

// Severity of a diagnostic.
type Severity string

const (
	SevError   Severity = "error"
	SevWarning Severity = "warning"
	SevInfo    Severity = "info"
)

// Diagnostic is something odd about a page, at a position in it.
type Diagnostic struct {
	// Path is the page the diagnostic is about. It is empty inside
	// Document.Diagnostics (the document's own path applies) and set when a
	// diagnostic travels alone (from the emitter, say).
	Path string `json:"path,omitempty"`
	Pos
	Severity Severity `json:"severity"`
	Code     string   `json:"code"`
	Message  string   `json:"message"`
}

// Document is one page.
type Document struct {
	Path        string `json:"path"` // slash-separated, relative to the folder given, or as given for a file
	Kind        Kind   `json:"kind"`
	Title       string `json:"title"`
	TitlePos    Pos    `json:"titlePos"`
	Namespace   string `json:"namespace,omitempty"`   // "microsoft.graph" from the `Namespace:` line
	Description string `json:"description,omitempty"` // first prose paragraph after the title (front matter's when none)
	// APIVersion is "beta" or "v1.0" when the page says (example URLs, the
	// page's path); empty when unknown.
	APIVersion string `json:"apiVersion,omitempty"`

	// Operation pages.
	Endpoints []Endpoint `json:"endpoints,omitempty"`
	// Permissions are the rows of the page's permissions table(s), inline
	// or read from the include files the Permissions section names: the
	// page's only table, or, on a page with several tables (one per group
	// of endpoints or per resource), their union, which applies to the
	// endpoints no table is surely for. An endpoint whose table is known
	// has its own rows (Endpoint.Permissions). Empty when the page documents
	// no permissions that graphgen could read: PermissionsUnknown says so.
	Permissions []Permission `json:"permissions,omitempty"`
	// PermissionsUnknown is set on an operation page that gives no readable
	// permissions (no Permissions section, or one graphgen could not read:
	// an error diagnostic then says why). Unknown is not "not supported":
	// rows whose scopes are empty say that.
	PermissionsUnknown bool `json:"permissionsUnknown,omitempty"`

	RequestHeaders []Header   `json:"requestHeaders,omitempty"`
	Parameters     []Property `json:"parameters,omitempty"` // query, path or function parameter tables
	RequestBody    *Body      `json:"requestBody,omitempty"`
	Response       *Response  `json:"response,omitempty"`
	Examples       []Example  `json:"examples,omitempty"`

	// Resource pages.
	TypeName      string     `json:"typeName,omitempty"`  // "deviceConfigurationAssignment"
	ODataType     string     `json:"odataType,omitempty"` // "microsoft.graph.deviceConfigurationAssignment", from the JSON representation
	BaseType      *TypeRef   `json:"baseType,omitempty"`  // from "Inherits from [x](...)"
	Properties    []Property `json:"properties,omitempty"`
	Relationships []Property `json:"relationships,omitempty"`
	JSON          *Code      `json:"jsonRepresentation,omitempty"`

	Diagnostics []Diagnostic `json:"diagnostics"`
}

// SegmentKind classifies one segment of an endpoint path.
type SegmentKind string

const (
	SegLiteral  SegmentKind = "literal"  // deviceManagement
	SegParam    SegmentKind = "param"    // {deviceConfigurationId}
	SegCast     SegmentKind = "cast"     // microsoft.graph.iosScepCertificateProfile
	SegFunction SegmentKind = "function" // getSchedule(...) or delta()
	SegKey      SegmentKind = "key"      // users('{id}') style key segment: literal with a key in parentheses
	// SegItemPath is a path-addressed parameter: the {item-path} of
	// root:/{item-path}: or the {filename} of items/{parent-id}:/{filename}:.
	// Name is the parameter; the colons around it belong to it (the segment
	// before it is written without its ':'). Its value is a path of folders:
	// '/' separates them and each folder is escaped on its own.
	SegItemPath SegmentKind = "itemPath"
)

// Endpoint is one `METHOD /path` line of the HTTP request section.
type Endpoint struct {
	Method   string    `json:"method"`          // upper case: GET, PATCH...
	Path     string    `json:"path"`            // as documented (typos repaired), without the query string
	Query    string    `json:"query,omitempty"` // what followed '?', without it
	Params   []string  `json:"params"`          // parameter names in path order (first alternative of {a | b})
	Segments []Segment `json:"segments"`
	Pos      Pos       `json:"pos"`
	// Permissions are this endpoint's own rows, on a page whose several
	// permissions tables are each for some of its endpoints: those of the
	// table for this endpoint (the union of the tables, with a warning, when
	// more than one may be). Nil: the page's (Document.Permissions) apply.
	Permissions []Permission `json:"permissions,omitempty"`
	// PermissionsUnknown: the only table for this endpoint could not be read
	// (its include file is missing); an error diagnostic says why.
	PermissionsUnknown bool `json:"permissionsUnknown,omitempty"`
}

// Segment is one '/'-separated part of an endpoint path (internal/odatapath
// reads them).
type Segment struct {
	Kind SegmentKind `json:"kind"`
	// Name is the literal text, the parameter name (first alternative), the
	// cast's qualified type name, or the function (or keyed segment) name.
	Name string `json:"name"`
	// Alternatives lists every name of a parameter written {id | userPrincipalName}.
	Alternatives []string `json:"alternatives,omitempty"`
	// Prefix is the text before a parameter's brace in its segment: an
	// alternate key, roleTemplateId= in /directoryRoles/roleTemplateId={roleTemplateId}.
	Prefix string `json:"prefix,omitempty"`
	// Args are a function's (or keyed segment's) arguments, in order.
	Args []Arg `json:"args,omitempty"`
}

// Arg is one argument of a function segment: name=value, or a bare value.
// Param is set when the value is a {placeholder}.
type Arg struct {
	Name  string `json:"name,omitempty"`
	Value string `json:"value"`
	Param string `json:"param,omitempty"`
}

// PermissionType is a normalised permissions-table row.
type PermissionType string

const (
	PermDelegatedWork     PermissionType = "delegatedWork"
	PermDelegatedPersonal PermissionType = "delegatedPersonal"
	PermApplication       PermissionType = "application"
)

// Permission is one row of a permissions table: the scopes that allow the
// operation with one permission type. A token needs any one of Scopes or
// Higher. A type whose rows have no scope at all ("Not supported.", "Not
// available.") does not allow the operation.
type Permission struct {
	Type PermissionType `json:"type"`
	// Scopes are the least privileged scopes, least privileged first
	// whatever order the table was written in: a two-column table's list
	// ("Permissions (from least to most privileged)"), or the "Least
	// privileged permissions" cell of a three-column table. Empty for "Not
	// supported." and the like.
	Scopes []string `json:"scopes"`
	// Higher are the scopes of a three-column table's "Higher privileged
	// permissions" cell: they allow the operation too, but are not ranked
	// (the generated include files list them in no order of privilege), so
	// they are an unordered set, sorted by name, none in Scopes.
	Higher []string `json:"higher,omitempty"`
	// Resource is set on a row of a table with one row per resource
	// ("Supported resource | Delegated ... | Application", such as POST
	// /subscriptions): the resource the request names, as the row's first
	// cell writes it. Such rows are kept apart: the scopes depend on the
	// resource, and no list is "least privileged first" across resources.
	Resource string `json:"resource,omitempty"`
	// Pos is the row in the page; for a row read from an include file,
	// the page's [!INCLUDE] line, and Source is the row in that file.
	Pos Pos `json:"pos"`
	// Source is "file:line" of a row read from an include file: the file
	// as the page names it, relative to the page.
	Source string `json:"source,omitempty"`
}

// Header is one row of a request headers table.
type Header struct {
	Name     string `json:"name"`
	Value    string `json:"value"`
	Required bool   `json:"required"`
	Pos      Pos    `json:"pos"`
}

// TypeKind classifies a type cell.
type TypeKind string

const (
	TypePrimitive TypeKind = "primitive" // String, Int32, Edm.Guid...
	TypeResource  TypeKind = "resource"  // a link to a resource page, or a bare complex type name
	TypeEnum      TypeKind = "enum"      // a link to an enum section/page, or an enum named in the cell
	TypeUnknown   TypeKind = "unknown"   // a cell the parser could not read (a diagnostic says why)
)

// TypeRef is a parsed type cell.
type TypeRef struct {
	// Name is the primitive as documented without "Edm." (String, Int32,
	// DateTimeOffset...) or the type's name as written in the link text.
	Name       string   `json:"name"`
	Kind       TypeKind `json:"kind"`
	Collection bool     `json:"collection"`
	// Link is the link target as written, "../resources/x.md" or "x.md#anchor".
	Link string `json:"link,omitempty"`
}

// Property is one row of a property, relationship or parameter table.
type Property struct {
	Name        string  `json:"name"`
	Type        TypeRef `json:"type"`
	ReadOnly    bool    `json:"readOnly"`
	Required    bool    `json:"required"`
	Nullable    *bool   `json:"nullable,omitempty"` // "Nullable." / "Not nullable." when the description says
	Description string  `json:"description"`
	// EnumValues are the values listed by "Possible values are: `a`, `b`".
	EnumValues []string `json:"enumValues,omitempty"`
	Pos        Pos      `json:"pos"`
}

// Body is the request body section.
type Body struct {
	// Type is the resource named by the section's prose ("supply a JSON
	// representation of a [deviceConfigurationAssignment](...) object"), if any.
	Type       *TypeRef   `json:"type,omitempty"`
	Properties []Property `json:"properties"`
	// None is true when the page says no body is supplied.
	None bool `json:"none,omitempty"`
	Pos  Pos  `json:"pos"`
}

// Response is the response section.
type Response struct {
	Status int      `json:"status"` // 200; 0 when no status was found (a diagnostic says so)
	Reason string   `json:"reason"` // "OK", "No Content"
	Type   *TypeRef `json:"type,omitempty"`
	Pos    Pos      `json:"pos"`
}

// Example is one request/response pair of the examples section.
type Example struct {
	Title    string           `json:"title,omitempty"` // the nearest heading above the request ("Example 1: ...")
	Request  *ExampleRequest  `json:"request,omitempty"`
	Response *ExampleResponse `json:"response,omitempty"`
}

// HeaderField is one header line of an example.
type HeaderField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// ExampleRequest is an example HTTP request.
type ExampleRequest struct {
	Name    string        `json:"name,omitempty"` // annotation "name"
	Method  string        `json:"method"`
	URL     string        `json:"url"`
	Headers []HeaderField `json:"headers"`
	// Body is the body as JSON: the parsed value when the body is JSON, or a
	// JSON string holding the raw text when it is not (BodyJSON false).
	Body     json.RawMessage `json:"body,omitempty"`
	BodyJSON bool            `json:"bodyJSON"`
	Pos      Pos             `json:"pos"`
}

// ExampleResponse is an example HTTP response.
type ExampleResponse struct {
	Status   int             `json:"status"`
	Reason   string          `json:"reason,omitempty"`
	Headers  []HeaderField   `json:"headers"`
	Body     json.RawMessage `json:"body,omitempty"`
	BodyJSON bool            `json:"bodyJSON"`
	// Annotation fields of the response block, when present.
	ODataType  string `json:"odataType,omitempty"`
	Truncated  bool   `json:"truncated,omitempty"`
	Collection bool   `json:"isCollection,omitempty"`
	Pos        Pos    `json:"pos"`
}

// Code is a fenced code block (the JSON representation of a resource).
type Code struct {
	Lang string          `json:"lang"`
	Text string          `json:"text"`
	JSON json.RawMessage `json:"json,omitempty"` // parsed value when Text is valid JSON
	Pos  Pos             `json:"pos"`
}

// String formats d as `path:line:col: severity: code: message`, with path
// taken from d.Path.
func (d Diagnostic) String() string {
	return d.Path + ":" + strconv.Itoa(d.Line) + ":" + strconv.Itoa(d.Col) + ": " + string(d.Severity) + ": " + d.Code + ": " + d.Message
}
