package graphrt

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// rtTestClock is a fake Clock: Sleep records the wait, moves Now on by it
// and returns at once (or with ctx's error); block makes Sleep wait for
// ctx instead, telling sleeping when it starts.
type rtTestClock struct {
	mu       sync.Mutex
	now      time.Time
	waits    []time.Duration
	block    bool
	sleeping chan time.Duration
}

func rtTestNewClock() *rtTestClock {
	return &rtTestClock{now: time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC)}
}

func (k *rtTestClock) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.now
}

func (k *rtTestClock) Sleep(ctx context.Context, d time.Duration) error {
	k.mu.Lock()
	k.waits = append(k.waits, d)
	block, sleeping := k.block, k.sleeping
	k.mu.Unlock()
	if err := ctx.Err(); err != nil {
		return err
	}
	if block {
		if sleeping != nil {
			sleeping <- d
		}
		<-ctx.Done()
		return ctx.Err()
	}
	k.mu.Lock()
	k.now = k.now.Add(d)
	k.mu.Unlock()
	return nil
}

// Waits returns the waits asked for so far.
func (k *rtTestClock) Waits() []time.Duration {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.waits)
}

func TestRetryWaitsGoThroughTheClock(t *testing.T) {
	// Retry-After in seconds, as an HTTP date (relative to the clock's
	// Now, not the machine's), absent (backoff), then more than the cap.
	clk := rtTestNewClock()
	answers := []string{"7", clk.Now().Add(30 * time.Second).Format(http.TimeFormat), "", "7200"}
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= len(answers) {
			if ra := answers[n-1]; ra != "" {
				w.Header().Set("Retry-After", ra)
			}
			rtTestJSON(w, 503, `{}`)
			return
		}
		rtTestJSON(w, 200, `{"id":"ok"}`)
	})
	c := NewClient(WithBaseURL(srv.URL), WithRetry(4, time.Minute), WithClock(clk))
	out, err := graphrtCall(context.Background(), c, "Op", http.MethodGet, "/a", nil, new(rtTestAssignment), nil)
	if err != nil || out.ID != "ok" || len(seen()) != 5 {
		t.Fatalf("out %+v, err %v after %d attempts", out, err, len(seen()))
	}
	w := clk.Waits()
	if len(w) != 4 || w[0] != 7*time.Second || w[1] != 23*time.Second || w[3] != time.Minute {
		// 7s moved the clock on: the date 30s after the start is 23s away.
		t.Errorf("waits %v, want [7s 23s <backoff> 1m]", w)
	}
	// The third attempt (attempt 2) had no Retry-After: 2s with jitter in [1s, 2s].
	if len(w) == 4 && (w[2] < time.Second || w[2] > 2*time.Second) {
		t.Errorf("backoff wait %v, want in [1s, 2s]", w[2])
	}
}

func TestRetryAfterOfHoursIsCapped(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "7200")
		rtTestJSON(w, 503, `{}`)
	})
	clk := rtTestNewClock()
	c := NewClient(WithBaseURL(srv.URL), WithRetry(1, 5*time.Millisecond), WithClock(clk))
	err := graphrtNoContent(context.Background(), c, "Op", http.MethodGet, "/a", nil, nil)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 503 || len(seen()) != 2 {
		t.Errorf("err = %v after %d attempts, want a 503 after 2", err, len(seen()))
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{5 * time.Millisecond}) {
		t.Errorf("waits %v, want [5ms] (two hours capped)", w)
	}
}

func TestCancelDuringRetryWait(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "3600")
		rtTestJSON(w, 429, `{}`)
	})
	clk := rtTestNewClock()
	clk.block, clk.sleeping = true, make(chan time.Duration, 1)
	c := NewClient(WithBaseURL(srv.URL), WithRetry(3, 2*time.Hour), WithClock(clk))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-clk.sleeping // the call is waiting to retry
		cancel()
	}()
	err := graphrtNoContent(ctx, c, "Op", http.MethodGet, "/a", nil, nil)
	if !errors.Is(err, context.Canceled) || err.Error() != "Op: waiting to retry after HTTP 429: context canceled" {
		t.Errorf("err = %v", err)
	}
	if n := len(seen()); n != 1 {
		t.Errorf("%d attempts, want 1", n)
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{time.Hour}) {
		t.Errorf("waits %v, want [1h]", w)
	}
}

// The real clock's Sleep ends with the context: already ended, or ended
// while it waits (a Sleep deaf to it would wait an hour and fail the test
// on go test's timeout rather than pass).
func TestRealClockSleepEndsWithContext(t *testing.T) {
	var clk Clock = graphrtRealClock{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := clk.Sleep(ctx, 0); err != context.Canceled {
		t.Errorf("ended context, no wait: %v", err)
	}
	if err := clk.Sleep(context.Background(), 0); err != nil {
		t.Errorf("no wait: %v", err)
	}
	ctx, cancel = context.WithCancel(context.Background())
	go cancel()
	if err := clk.Sleep(ctx, time.Hour); err != context.Canceled {
		t.Errorf("cancelled while waiting: %v", err)
	}
}

func TestWithClock(t *testing.T) {
	clk := rtTestNewClock()
	if c := NewClient(WithClock(clk)); c.clock != clk {
		t.Errorf("WithClock not kept: %T", c.clock)
	}
	if c := NewClient(WithClock(nil)); c.clock != (graphrtRealClock{}) {
		t.Errorf("WithClock(nil): %T, want the real clock", c.clock)
	}
}
