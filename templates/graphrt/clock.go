package graphrt

import (
	"context"
	"time"
)

// Clock is the time a Client reads and waits on: before a retry (as
// Retry-After says, or a backoff), between the polls of Wait, and before an
// upload session's fragment is sent again. Every wait of the package goes
// through it, so a test can pass a fake one (WithClock) that returns at
// once and records the waits asked for: code that retries then runs fast,
// and its tests assert on the waits, not on elapsed time.
type Clock interface {
	// Now returns the current time; a Retry-After date is relative to it.
	Now() time.Time
	// Sleep waits d, or returns ctx's error as soon as ctx ends (at once
	// when ctx has ended already, whatever d).
	Sleep(ctx context.Context, d time.Duration) error
}

// WithClock sets the Clock the Client reads the time from and waits on;
// nil keeps the real one (time.Now and a timer).
func WithClock(clk Clock) Option {
	return func(c *Client) {
		if clk != nil {
			c.clock = clk
		}
	}
}

// graphrtRealClock is the default Clock.
type graphrtRealClock struct{}

func (graphrtRealClock) Now() time.Time { return time.Now() }

func (graphrtRealClock) Sleep(ctx context.Context, d time.Duration) error {
	return graphrtSleep(ctx, d)
}

// graphrtSleep waits d, or returns ctx's error as soon as ctx ends.
func graphrtSleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
