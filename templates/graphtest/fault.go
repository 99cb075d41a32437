package graphtest

import (
	"net/http"
	"net/url"
	"time"
)

// Fault is how the server misbehaves for one request (see Server.Fault).
type Fault struct {
	// Status, when not 0, answers with this status and Graph's error body
	// instead of the operation's answer (429, 503...).
	Status int
	// RetryAfter, when not 0, sends Retry-After (in whole seconds, rounded
	// up) with the answer.
	RetryAfter time.Duration
	// Delay holds the answer back this long (less when the client goes
	// away first).
	Delay time.Duration
	// Truncate sends only the first half of the body, with a
	// Content-Length that announces all of it, and closes the connection.
	Truncate bool
}

// Throttle is a 429 Too Many Requests (code TooManyRequests) with
// Retry-After.
func Throttle(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusTooManyRequests, RetryAfter: retryAfter}
}

// Unavailable is a 503 Service Unavailable (code serviceNotAvailable) with
// Retry-After.
func Unavailable(retryAfter time.Duration) Fault {
	return Fault{Status: http.StatusServiceUnavailable, RetryAfter: retryAfter}
}

// Slow is the operation's answer after d.
func Slow(d time.Duration) Fault { return Fault{Delay: d} }

// Truncated is the operation's answer cut short.
func Truncated() Fault { return Fault{Truncate: true} }

type faultRule struct {
	op    string // "" for every operation
	left  int    // < 0: no limit
	fault Fault
}

// Fault makes the next n requests of the operation (a client method name;
// "" for requests of any operation) get f; n <= 0 means every request
// until ClearFaults. Faults are used in the order they were set. Each page
// request of a collection counts as one request.
func (s *Server) Fault(operation string, n int, f Fault) {
	if operation != "" && byName[operation] == nil {
		s.t.Helper()
		s.t.Fatalf("graphtest: Fault: no operation %q", operation)
		return
	}
	if n <= 0 {
		n = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{op: operation, left: n, fault: f})
}

// ClearFaults drops every fault not used yet.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns the fault for the next request of op, if any.
func (s *Server) takeFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, r := range s.faults {
		if r.op != "" && r.op != op {
			continue
		}
		if r.left > 0 {
			r.left--
			if r.left == 0 {
				s.faults = append(s.faults[:i:i], s.faults[i+1:]...)
			}
		}
		return r.fault, true
	}
	return Fault{}, false
}

// Call is one request the server got.
type Call struct {
	Operation string            // the client method; "" when the request matched no operation
	Method    string            // the HTTP method
	Path      string            // the escaped path, without the version ("/users/a%2Fb")
	Params    map[string]string // the path parameters by the method's argument names
	Query     url.Values
	Header    http.Header
	// Body is the decoded request body, of the client method's body type
	// (*graph.User...; Upload for bytes); nil for none or one that did not
	// decode. RawBody is the body as sent.
	Body    any
	RawBody []byte
	Page    int // 0 for a call; n for the n-th next page of a collection
	// Status is the status answered; 0 while the answer is not written yet.
	Status int
}

// Calls returns every request so far, in the order they arrived.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Call, len(s.calls))
	for i, c := range s.calls {
		out[i] = *c
	}
	return out
}

// CallsOf returns the requests of one operation (a client method name).
func (s *Server) CallsOf(operation string) []Call {
	var out []Call
	for _, c := range s.Calls() {
		if c.Operation == operation {
			out = append(out, c)
		}
	}
	return out
}

// record adds c to the calls and returns a function setting its status.
func (s *Server) record(c *Call) func(status int) {
	s.mu.Lock()
	s.calls = append(s.calls, c)
	s.mu.Unlock()
	return func(status int) {
		s.mu.Lock()
		c.Status = status
		s.mu.Unlock()
	}
}
