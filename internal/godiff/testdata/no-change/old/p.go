// Package p: only unexported names, comments and parameter names differ.
package p

// F does it.
func F(a int) int { return helper(a) }

func helper(a int) int { return a }
