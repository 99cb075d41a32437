package graph

import (
	"encoding/json"
	"time"
)

// Color is the microsoft.graph.color enumeration.
type Color string

const (
	ColorRed  Color = "red"
	ColorBlue Color = "blue"
)

// Widget is the microsoft.graph.widget entity.
type Widget struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.widget"`
	ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Size           Nullable[int64]            `json:"size,omitzero"`
	Color          Nullable[Color]            `json:"color,omitzero"`
	Tags           Nullable[[]string]         `json:"tags,omitzero"`
	Created        Nullable[time.Time]        `json:"createdDateTime,omitzero" graph:"readonly"`
	Owner          Nullable[Person]           `json:"owner,omitzero"`
	Shape          Nullable[ShapeVariant]     `json:"shape,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Widget) MarshalJSON() ([]byte, error) {
	return graphrtMarshal(v)
}
func (v *Widget) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}

// Person is the microsoft.graph.person type.
type Person struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.person"`
	ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	DisplayName    Nullable[string]           `json:"displayName,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Person) MarshalJSON() ([]byte, error) {
	return graphrtMarshal(v)
}
func (v *Person) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}

// Shape is the microsoft.graph.shape entity.
type Shape struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.shape"`
	ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	Name           Nullable[string]           `json:"name,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Shape) MarshalJSON() ([]byte, error) {
	return graphrtMarshal(v)
}
func (v *Shape) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}
func (*Shape) isShapeVariant() {}

// ShapeVariant is a shape of any type derived from it: Shape, Circle; or
// UnknownShape for an @odata.type this package does not know.
type ShapeVariant interface {
	isShapeVariant()
}

// UnknownShape is a shape whose @odata.type this package does not know: its JSON is kept as
// received and sent back unchanged.
type UnknownShape struct {
	Unknown
}

func (*UnknownShape) isShapeVariant() {}

var _ = graphrtFamily[ShapeVariant](
	new(UnknownShape),
	new(Shape),
	new(Circle),
)

// Circle is the microsoft.graph.circle entity.
type Circle struct {
	ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.circle"`
	ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	Name           Nullable[string]           `json:"name,omitzero"`
	Radius         Nullable[float64]          `json:"radius,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *Circle) MarshalJSON() ([]byte, error) {
	return graphrtMarshal(v)
}
func (v *Circle) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}
func (*Circle) isShapeVariant() {}

// CallWidgetsExportRequest is the request body of Export widgets.
type CallWidgetsExportRequest struct {
	ODataType      string                     `json:"@odata.type,omitempty"`
	Format         Nullable[string]           `json:"format,omitzero"`
	Since          Nullable[time.Time]        `json:"since,omitzero"`
	AdditionalData map[string]json.RawMessage `json:"-"`
}

func (v *CallWidgetsExportRequest) MarshalJSON() ([]byte, error) {
	return graphrtMarshal(v)
}
func (v *CallWidgetsExportRequest) UnmarshalJSON(b []byte) error {
	return graphrtUnmarshal(b, v)
}
