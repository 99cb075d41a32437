package parallel

import (
	"sync/atomic"
	"testing"
)

func TestEachRunsEveryIndexOnce(t *testing.T) {
	for _, n := range []int{0, 1, 2, 7, 1000} {
		got := make([]int32, n)
		Each(n, func(i int) { atomic.AddInt32(&got[i], 1) })
		for i, c := range got {
			if c != 1 {
				t.Fatalf("n=%d: index %d ran %d times", n, i, c)
			}
		}
	}
}

func TestEachWithStatePerGoroutine(t *testing.T) {
	var states atomic.Int32
	out := make([]int, 100)
	EachWith(len(out), func() *int { states.Add(1); return new(int) }, func(s *int, i int) {
		*s++ // touched by its own goroutine only (-race checks)
		out[i] = i * i
	})
	for i, v := range out {
		if v != i*i {
			t.Fatalf("out[%d] = %d", i, v)
		}
	}
	if s := states.Load(); s < 1 || s > 100 {
		t.Errorf("%d states made", s)
	}
}
