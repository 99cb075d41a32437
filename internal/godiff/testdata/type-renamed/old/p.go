// Package p: a type renamed.
package p

// Widget is a widget.
type Widget struct {
	N int
}

// Make makes one.
func Make() *Widget { return &Widget{} }
