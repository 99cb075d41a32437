// Package p: a type renamed.
package p

// Gadget is what Widget became.
type Gadget struct {
	N int
}

// Make makes one.
func Make() *Gadget { return &Gadget{} }
