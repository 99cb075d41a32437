package graphrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// WaitResult is what the monitor of a long-running operation said last:
// where the operation ended, for Wait, or where it stands, for OnPoll.
type WaitResult struct {
	// Status is the monitor's status as it wrote it: "completed" or
	// "succeeded" when the operation ended well, "failed" when it did not,
	// anything else ("inProgress", "notStarted", "running"...) on the way;
	// "completed" after a 303, and after a 2xx with no status but 202.
	Status string
	// PercentageComplete is percentageComplete (OneDrive) or
	// percentageProgress; 0 when the monitor does not say.
	PercentageComplete float64
	// ResourceID is resourceId (OneDrive) or targetResourceId (Teams).
	ResourceID string
	// ResourceLocation is resourceLocation, targetResourceLocation, or
	// the Location of a 303 (an older monitor's way to end), not followed.
	ResourceLocation string
	// StatusCode is the HTTP status of the monitor's last answer.
	StatusCode int
	// Body is the monitor's last answer, raw JSON (nil for none).
	Body json.RawMessage
	// Err is the operation's error when Status is "failed": the code and
	// message of the monitor's error (or errorCode, statusDetail).
	Err *Error
}

// WaitOption configures Wait.
type WaitOption func(*graphrtWaitConfig)

type graphrtWaitConfig struct {
	maxInterval time.Duration
	onPoll      func(*WaitResult)
}

// graphrtDefaultPollCap is the longest wait between two polls unless
// MaxPollInterval says.
const graphrtDefaultPollCap = time.Minute

// MaxPollInterval caps every wait between two polls, Retry-After's too
// (1 minute unless set; d <= 0 keeps it).
func MaxPollInterval(d time.Duration) WaitOption {
	return func(c *graphrtWaitConfig) {
		if d > 0 {
			c.maxInterval = d
		}
	}
}

// OnPoll makes Wait call f with every answer of the monitor before the
// last (the operation still running), from Wait's goroutine.
func OnPoll(f func(*WaitResult)) WaitOption {
	return func(c *graphrtWaitConfig) { c.onPoll = f }
}

// Wait watches a long-running operation, the *Accepted a method returned
// (a copy, a restore, a clone...), until it ends. It polls
// a.OperationLocation, else a.Location, with GET: first after
// a.RetryAfter (at once when 0), then as each answer's Retry-After says,
// else with a backoff from 0.5s doubling to MaxPollInterval. The
// monitor's status ends it when it is "completed", "succeeded" or
// "failed" (in any case); so does a 303 See Other, whose Location is the
// new resource: it is reported in ResourceLocation, not followed.
//
// The token is sent only to a monitor with the base URL's origin (a
// monitor URL on another host, as OneDrive's, carries its own credential
// and is kept out of errors); a Location that is a path ("/teams('1')/
// operations('2')") is under the base URL. A 429/503/504 is retried as the
// client's retry policy says. Every wait goes through the client's Clock
// and ends with ctx.
//
// A failed operation returns its WaitResult and its *Error (also in
// WaitResult.Err); a monitor that cannot be asked (an error answer, a body
// that is not JSON, the context) returns a nil WaitResult and the error.
func (c *Client) Wait(ctx context.Context, a *Accepted, opts ...WaitOption) (*WaitResult, error) {
	const op = "Wait"
	cfg := graphrtWaitConfig{maxInterval: graphrtDefaultPollCap}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if a == nil {
		return nil, errors.New(op + ": no *Accepted to wait for")
	}
	monitor := a.OperationLocation
	if monitor == "" {
		monitor = a.Location
	}
	if monitor == "" {
		return nil, errors.New(op + ": the answer names no monitor (no Operation-Location or Location header)")
	}
	if c.batch != nil {
		return nil, graphrtNotBatched(op)
	}
	spec := graphrtSpec{op: op, method: http.MethodGet, noRedirect: true}
	if strings.HasPrefix(monitor, "/") && !strings.HasPrefix(monitor, "//") {
		spec.url = c.baseURL + monitor
	} else {
		spec.url = monitor
		u, err := url.Parse(monitor)
		spec.opaque = err != nil || c.base == nil || !graphrtSameOrigin(c.base.Scheme, c.base.Host, u.Scheme, u.Host)
	}
	wait := min(max(a.RetryAfter, 0), cfg.maxInterval)
	for n := 0; ; n++ {
		if n > 0 || wait > 0 {
			if err := c.clock.Sleep(ctx, wait); err != nil {
				return nil, fmt.Errorf("%s: waiting to poll: %w", op, err)
			}
		}
		s := spec // graphrtSend may rewrite the URL
		resp, token, err := c.graphrtSend(ctx, &s)
		if err != nil {
			return nil, err
		}
		r := &WaitResult{StatusCode: resp.StatusCode}
		if resp.StatusCode >= 300 {
			// An older monitor's end: the new resource, not followed with
			// the token (or at all).
			graphrtDrain(resp)
			r.Status = "completed"
			r.ResourceLocation = resp.Header.Get("Location")
			if u, err := url.Parse(s.url); err == nil && r.ResourceLocation != "" {
				if l, err := u.Parse(r.ResourceLocation); err == nil {
					r.ResourceLocation = l.String()
				}
			}
			return r, nil
		}
		retryAfter := resp.Header.Get("Retry-After")
		data, err := graphrtReadBody(op, resp, token, c.maxResponse, nil)
		if err != nil {
			var de *DecodeError
			if s.opaque && errors.As(err, &de) {
				de.ContentType = graphrtRedactOpaque(de.ContentType, s.url)
			}
			return nil, err
		}
		r.Body = data
		var m graphrtMonitor
		if data != nil {
			// A member of an unexpected type is left out, not fatal.
			var te *json.UnmarshalTypeError
			if err := json.Unmarshal(data, &m); err != nil && !errors.As(err, &te) {
				ct := graphrtRedact(resp.Header.Get("Content-Type"), token, nil)
				if s.opaque {
					ct = graphrtRedactOpaque(ct, s.url)
				}
				return nil, &DecodeError{Op: op, StatusCode: resp.StatusCode, ContentType: ct, Err: err}
			}
		}
		r.Status = m.Status
		r.PercentageComplete = graphrtFirst(m.PercentageComplete, m.PercentageProgress)
		r.ResourceID = graphrtFirst(m.ResourceID, m.TargetResourceID)
		r.ResourceLocation = graphrtFirst(m.ResourceLocation, m.TargetResourceLocation)
		if r.Status == "" && resp.StatusCode != http.StatusAccepted {
			r.Status = "completed" // the answer is the result itself
		}
		switch {
		case strings.EqualFold(r.Status, "completed"), strings.EqualFold(r.Status, "succeeded"):
			return r, nil
		case strings.EqualFold(r.Status, "failed"):
			redact := func(str string) string {
				if s.opaque {
					return graphrtRedactOpaque(str, s.url)
				}
				return graphrtRedact(str, token, nil)
			}
			e := graphrtNewError(op, resp.StatusCode, resp.Header.Get("Request-Id"), resp.Header.Get("Client-Request-Id"), []byte(redact(string(data))), token, nil)
			if e.Code == "" {
				e.Code = graphrtExcerpt(redact(m.ErrorCode), graphrtExcerptLimit)
			}
			if e.Message == "" {
				e.Message = graphrtExcerpt(redact(graphrtFirst(m.StatusDetail, "the operation failed")), graphrtExcerptLimit)
			}
			r.Err = e
			return r, e
		}
		if cfg.onPoll != nil {
			cfg.onPoll(r)
		}
		wait = graphrtRetryDelay(retryAfter, n, cfg.maxInterval, c.clock.Now())
	}
}

// graphrtMonitor is what Wait reads of a monitor's answer: OneDrive's
// asyncJobStatus, longRunningOperation, teamsAsyncOperation.
type graphrtMonitor struct {
	Status                 string  `json:"status"`
	PercentageComplete     float64 `json:"percentageComplete"`
	PercentageProgress     float64 `json:"percentageProgress"`
	ResourceID             string  `json:"resourceId"`
	TargetResourceID       string  `json:"targetResourceId"`
	ResourceLocation       string  `json:"resourceLocation"`
	TargetResourceLocation string  `json:"targetResourceLocation"`
	ErrorCode              string  `json:"errorCode"`
	StatusDetail           string  `json:"statusDetail"`
}

// graphrtFirst returns a unless it is the zero value, else b.
func graphrtFirst[T comparable](a, b T) T {
	var zero T
	if a != zero {
		return a
	}
	return b
}
