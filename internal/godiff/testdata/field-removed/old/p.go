// Package p: a struct field removed.
package p

// Point is a point.
type Point struct {
	X, Y int
	Z    int
}
