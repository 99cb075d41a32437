// Package p: an enum constant's value changed, one removed, one added.
package p

// Color is an enum.
type Color string

// Colors.
const (
	ColorRed   Color = "red"
	ColorGreen Color = "lime"
	ColorBlue  Color = "blue"
)
