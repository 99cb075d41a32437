package wire

import (
	"context"
	"slices"
	"sync"
	"time"
)

// fakeClock is a graph.Clock whose Sleep records the wait, moves Now on by
// it and returns at once: tests assert on the waits, not on elapsed time.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC)}
}

func (k *fakeClock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.waits = append(k.waits, d)
	k.now = k.now.Add(d)
	return nil
}

func (k *fakeClock) Waits() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.waits)
}
