package csdl

import (
	"fmt"
	"strings"
)

// Pos is a 1-based line and column (in bytes) of an element's start tag '<'.
type Pos struct{ Line, Col int }

// String gives "LINE:COL".
func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Metadata is one parsed CSDL document.
type Metadata struct {
	File    string    // as given to Parse
	Schemas []*Schema // document order
}

// Schema is one edm:Schema element.
type Schema struct {
	Namespace, Alias string
	Pos              Pos
	EntityTypes      []*StructuredType // Kind "entity"
	ComplexTypes     []*StructuredType // Kind "complex"
	EnumTypes        []*EnumType
	Actions          []*Operation // Kind "action"
	Functions        []*Operation // Kind "function"
	Containers       []*Container
}

// StructuredType is an EntityType or a ComplexType.
type StructuredType struct {
	Kind                 string // "entity" or "complex"
	Namespace            string // of its schema
	Name                 string
	BaseType             string // qualified, alias resolved ("microsoft.graph.entity"), "" when none
	Abstract             bool
	OpenType             bool
	HasStream            bool
	Key                  []string // PropertyRef names, entity types only; nil when there is no Key
	Properties           []*Property
	NavigationProperties []*NavigationProperty
	Description          string // Org.OData.Core.V1.Description, inline or via <Annotations Target="ns.Type">
	Pos                  Pos
	File                 string // the Metadata.File it came from
}

// QualifiedName gives "Namespace.Name".
func (t *StructuredType) QualifiedName() string { return t.Namespace + "." + t.Name }

// Property returns the structural property called name (case sensitive).
func (t *StructuredType) Property(name string) (*Property, bool) {
	for _, p := range t.Properties {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// NavigationProperty returns the navigation property called name (case sensitive).
func (t *StructuredType) NavigationProperty(name string) (*NavigationProperty, bool) {
	for _, p := range t.NavigationProperties {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// Property is a structural property.
type Property struct {
	Name        string
	Type        TypeRef
	Nullable    bool   // CSDL default: true when the attribute is absent
	ReadOnly    bool   // Core.Computed (true) or Core.Permissions = Read, inline or out of line
	Description string // Core.Description, inline or via <Annotations Target="ns.Type/prop">
	Pos         Pos
}

// NavigationProperty is a navigation property.
type NavigationProperty struct {
	Name           string
	Type           TypeRef
	Nullable       bool // true when the attribute is absent
	ContainsTarget bool
	Description    string // Core.Description, inline or via <Annotations Target="ns.Type/prop">
	Pos            Pos
}

// EnumType is an edm:EnumType.
type EnumType struct {
	Namespace, Name string
	IsFlags         bool
	UnderlyingType  string // "" when absent
	Members         []EnumMember
	Description     string // Core.Description, inline or via <Annotations Target="ns.Enum">
	Pos             Pos
	File            string // the Metadata.File it came from
}

// QualifiedName gives "Namespace.Name".
func (t *EnumType) QualifiedName() string { return t.Namespace + "." + t.Name }

// EnumMember is one Member of an EnumType.
type EnumMember struct {
	Name        string
	Value       string // as written; "" when absent
	Description string // Core.Description, inline or via <Annotations Target="ns.Enum/member">
	Pos         Pos
}

// Operation is an edm:Action or edm:Function.
type Operation struct {
	Kind           string // "action" or "function"
	Namespace      string
	Name           string
	IsBound        bool
	IsComposable   bool
	EntitySetPath  string
	Parameters     []*Parameter // in order; for a bound operation the first is the binding parameter
	ReturnType     *TypeRef     // nil when none
	ReturnNullable bool         // the ReturnType's Nullable (true when absent); false when there is no ReturnType
	Description    string       // Core.Description, inline or via <Annotations Target="ns.op(T1, T2)">
	Pos            Pos
	File           string // the Metadata.File it came from
}

// QualifiedName gives "Namespace.Name".
func (o *Operation) QualifiedName() string { return o.Namespace + "." + o.Name }

// Parameter is one Parameter of an operation.
type Parameter struct {
	Name        string
	Type        TypeRef
	Nullable    bool   // true when the attribute is absent
	Optional    bool   // Org.OData.Core.V1.OptionalParameter annotation, inline or out of line
	Description string // Core.Description, inline or via <Annotations Target="ns.op(T1, T2)/param">
	Pos         Pos
}

// Container is an edm:EntityContainer.
type Container struct {
	Name       string
	EntitySets []*EntitySet
	Singletons []*Singleton
	Pos        Pos
}

// EntitySet is an EntitySet of a container; EntityType is qualified, alias resolved.
type EntitySet struct {
	Name, EntityType string
	Pos              Pos
}

// Singleton is a Singleton of a container; Type is qualified, alias resolved.
type Singleton struct {
	Name, Type string
	Pos        Pos
}

// TypeRef is a CSDL type reference: "Edm.String", "microsoft.graph.user", "Collection(graph.user)".
type TypeRef struct {
	Name       string // qualified, alias resolved: "Edm.String", "microsoft.graph.user"
	Collection bool
}

// String gives "Collection(microsoft.graph.user)" or the name.
func (t TypeRef) String() string {
	if t.Collection {
		return "Collection(" + t.Name + ")"
	}
	return t.Name
}

// IsPrimitive reports whether Name starts with "Edm.".
func (t TypeRef) IsPrimitive() bool { return strings.HasPrefix(t.Name, "Edm.") }

// Error is a parse error at a position of a file.
type Error struct {
	File      string
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg) }
