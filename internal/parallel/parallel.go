// Package parallel runs n independent, indexed jobs on every CPU. Callers
// keep results by index, so what they compute never depends on scheduling.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Each calls f(i) for every i in [0, n) on min(GOMAXPROCS, n) goroutines
// and returns when all calls have returned.
func Each(n int, f func(i int)) {
	EachWith(n, func() struct{} { return struct{}{} }, func(_ struct{}, i int) { f(i) })
}

// EachWith is Each with per-goroutine state: each goroutine calls newState
// once and passes its state to every f it runs (a scratch buffer, a cache).
func EachWith[S any](n int, newState func() S, f func(s S, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := newState()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				f(s, i)
			}
		}()
	}
	wg.Wait()
}
