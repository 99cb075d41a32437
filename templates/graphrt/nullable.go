package graphrt

import "errors"

// Nullable is a property value with three states, for PATCH semantics:
// unset (the zero value; omitted from the JSON), null (sent as JSON null, to
// clear the property) and a value. Read it with Get and IsNull; make one
// with Value or Null.
//
// The package's models encode and decode their Nullable fields; Nullable
// has no JSON methods of its own, its methods have pointer receivers and it
// cannot be compared with ==, because a Go compiler builds every method (and
// the equality) of every Nullable[T] a package names: about 1,500 of them in
// the whole beta API, where each method cost about 1,100 compiled functions.
// For a struct of your own that holds Nullable fields, use Marshal and
// Unmarshal.
type Nullable[T any] struct {
	_ [0]func() // not comparable
	// Guard makes encoding/json fail on a set Nullable that it meets outside
	// a model's MarshalJSON (json.Marshal of a model value rather than a
	// pointer, or of a struct of your own), rather than write {} for it.
	Guard graphrtNullableGuard `json:"guard"`
	v     T
	state uint8 // 0 unset, 1 null, 2 value
}

// graphrtNullableGuard is the type of Nullable.Guard: one MarshalJSON for
// every Nullable[T].
type graphrtNullableGuard struct{}

// graphrtErrNullableJSON is the error encoding/json reports for a Nullable
// it meets on its own.
var graphrtErrNullableJSON = errors.New("graph: encoding/json met a Nullable outside its model's MarshalJSON: marshal a pointer to the model (json.Marshal(&m)), or use graph.Marshal for a struct of your own")

// MarshalJSON fails with graphrtErrNullableJSON.
func (graphrtNullableGuard) MarshalJSON() ([]byte, error) { return nil, graphrtErrNullableJSON }

const (
	graphrtNullableNull  = 1
	graphrtNullableValue = 2
)

// Value returns a Nullable holding v.
func Value[T any](v T) Nullable[T] { return Nullable[T]{v: v, state: graphrtNullableValue} }

// Null returns a Nullable in the null state (sent as JSON null).
func Null[T any]() Nullable[T] { return Nullable[T]{state: graphrtNullableNull} }

// Get returns the value and true when a value is set; the zero T and false
// when n is unset or null.
func (n *Nullable[T]) Get() (T, bool) {
	if n.state == graphrtNullableValue {
		return n.v, true
	}
	var zero T
	return zero, false
}

// IsNull reports whether n is an explicit null.
func (n *Nullable[T]) IsNull() bool { return n.state == graphrtNullableNull }
