// Package p: a struct field added.
package p

// Point is a point.
type Point struct {
	X, Y int
}
