package graphtest

import (
	"context"
	"slices"
	"sync"
	"time"
)

// clock is the graph.Clock of the server's clients: Sleep records the wait,
// moves Now on by it and returns at once (or with the context's error).
type clock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func (k *clock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	k.waits = append(k.waits, d)
	k.now = k.now.Add(max(d, 0))
	return nil
}

// Waits returns every wait the server's clients (Client, ClientOptions)
// asked for so far, in order: before a retry (as Retry-After said, capped,
// or a backoff), between the polls of Wait, before an upload session's
// retry. None of them took time: the clients run on the server's clock,
// which moves on by each wait and returns at once.
func (s *Server) Waits() []time.Duration {
	s.clock.mu.Lock()
	defer s.clock.mu.Unlock()
	return slices.Clone(s.clock.waits)
}
