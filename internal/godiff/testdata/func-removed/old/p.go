// Package p: a function removed.
package p

// Keep stays.
func Keep() int { return 1 }

// Gone is removed in new.
func Gone(name string) error { return nil }
