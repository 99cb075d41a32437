// Package p: a method added to an interface anyone can implement
// (breaking), and to one only the package can (not breaking).
package p

// Getter can be implemented outside the package.
type Getter interface {
	Get() string
}

// Variant is sealed by its unexported method, like a generated family.
type Variant interface {
	isVariant()
}
