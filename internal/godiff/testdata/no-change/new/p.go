// Package p: only unexported names, comments and parameter names differ.
package p

// F does it, differently.
func F(b int) int { return other(b) + 0 }

func other(b int) int { return b }
