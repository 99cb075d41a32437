// Package p: a struct field's type changed.
package p

// Point is a point.
type Point struct {
	X int
	Y string
}
