package graphrt

import "reflect"

// Nullable is a property value with three states, for PATCH semantics:
// unset (the zero value; omitted from the JSON with `json:",omitzero"`),
// null (sent as JSON null, to clear the property) and a value.
type Nullable[T any] struct {
	v     T
	state uint8 // 0 unset, 1 null, 2 value
}

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
func (n Nullable[T]) Get() (T, bool) {
	if n.state == graphrtNullableValue {
		return n.v, true
	}
	var zero T
	return zero, false
}

// IsSet reports whether n holds a value or an explicit null.
func (n Nullable[T]) IsSet() bool { return n.state != 0 }

// IsNull reports whether n is an explicit null.
func (n Nullable[T]) IsNull() bool { return n.state == graphrtNullableNull }

// IsZero reports whether n is unset (== !IsSet), so that encoding/json's
// `omitzero` option leaves unset fields out.
func (n Nullable[T]) IsZero() bool { return n.state == 0 }

// MarshalJSON encodes the value, or null when n is null (or unset, when a
// caller marshals it without omitzero). The value goes through the model
// codec: a model, a time.Time, a family interface (which names its
// @odata.type) all encode as they do inside a model.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != graphrtNullableValue {
		return []byte("null"), nil
	}
	return graphrtEncodeValue(reflect.ValueOf(&n.v).Elem())
}

// UnmarshalJSON sets n to null for a JSON null, and to the decoded value
// otherwise (through the model codec, as MarshalJSON). On error n is left
// unchanged.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if graphrtIsNullLiteral(data) {
		var zero T
		n.v, n.state = zero, graphrtNullableNull
		return nil
	}
	var v T
	if err := graphrtDecodeInto(data, reflect.ValueOf(&v).Elem()); err != nil {
		return err
	}
	n.v, n.state = v, graphrtNullableValue
	return nil
}

// graphrtParts gives the codec n's value (settable) and state.
func (n *Nullable[T]) graphrtParts() (reflect.Value, *uint8) {
	return reflect.ValueOf(&n.v).Elem(), &n.state
}
