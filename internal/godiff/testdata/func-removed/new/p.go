// Package p: a function removed.
package p

// Keep stays.
func Keep() int { return 1 }
