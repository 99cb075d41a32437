package graphtest

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
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
	// Drop closes the connection without an answer (the request body
	// read, nothing done: no handler runs, a fragment is not kept).
	Drop bool
}

// The operations of requests that are no client method, for Fault, FaultAt
// and Call.Operation: they never clash with a client method (whose names
// start with a capital).
const (
	// UploadFragment is a PUT of bytes to an upload session (UploadLarge).
	UploadFragment = "uploadFragment"
	// UploadStatus is a GET of an upload session: where to continue.
	UploadStatus = "uploadStatus"
	// UploadCancel is a DELETE of an upload session (CancelUpload).
	UploadCancel = "uploadCancel"
	// MonitorPoll is a GET of a long-running operation's monitor (Wait).
	MonitorPoll = "monitor"
	// BatchRequest is a POST of a JSON batch ($batch). The requests it
	// carries are each of their own operation, faults included.
	BatchRequest = "batch"
)

// pseudoOps are the operations above.
var pseudoOps = []string{UploadFragment, UploadStatus, UploadCancel, MonitorPoll, BatchRequest}

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

// fault answers with a fault's status and Graph's error body.
func (e *errorWriter) fault(f Fault) int {
	code, msg := "TooManyRequests", "Too many requests: the application was throttled; retry after the time Retry-After says."
	switch {
	case f.Status == http.StatusServiceUnavailable:
		code, msg = "serviceNotAvailable", "The service is temporarily unavailable; retry after the time Retry-After says."
	case f.Status != http.StatusTooManyRequests:
		code, msg = strings.ReplaceAll(http.StatusText(f.Status), " ", ""), "A fault set with graphtest's Server.Fault."
	}
	return e.write(f.Status, code, msg, f.Truncate)
}

// retryAfter is a Retry-After header of d: whole seconds, rounded up.
func retryAfter(d time.Duration) string {
	return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
}

// Dropped is a connection closed without an answer, as when a network
// drops it: the client gets no status at all (a transport error), and the
// call's Status stays 0. (net/http's transport sends a GET again by itself
// on a new connection when a reused one drops before any answer.)
func Dropped() Fault { return Fault{Drop: true} }

type faultRule struct {
	op    string // "" for every operation
	skip  int    // requests to let through first (FaultAt)
	left  int    // < 0: no limit
	fault Fault
}

// Fault makes the next n requests of the operation (a client method name;
// "" for requests of any operation) get f; n <= 0 means every request
// until ClearFaults. Faults are used in the order they were set. Each page
// request of a collection counts as one request. Inside a $batch, Truncate and Drop do not apply (the batch's answer is
// whole); a status does, in that request's own answer.
//
// The operation may be one of the requests that are no client method:
// UploadFragment, UploadStatus, UploadCancel, MonitorPoll, BatchRequest.
func (s *Server) Fault(operation string, n int, f Fault) {
	s.t.Helper()
	if !s.checkFaultOp("Fault", operation) {
		return
	}
	if n <= 0 {
		n = -1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{op: operation, left: n, fault: f})
}

// FaultAt makes the k-th request of the operation from now on (1: the
// next one) get f, once; the requests before it are answered as usual (or
// as other faults say). FaultAt(UploadFragment, 3, Unavailable(0)) fails
// the third fragment an upload session gets; FaultAt("GetUser", 7,
// Throttle(time.Second)) the seventh GetUser, inside a $batch too.
func (s *Server) FaultAt(operation string, k int, f Fault) {
	s.t.Helper()
	if !s.checkFaultOp("FaultAt", operation) {
		return
	}
	if k < 1 {
		s.t.Fatalf("graphtest: FaultAt: k = %d; the next request is 1", k)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &faultRule{op: operation, skip: k - 1, left: 1, fault: f})
}

func (s *Server) checkFaultOp(fn, operation string) bool {
	s.t.Helper()
	if operation != "" && byName[operation] == nil && !slices.Contains(pseudoOps, operation) {
		s.t.Fatalf("graphtest: %s: no operation %q", fn, operation)
		return false
	}
	return true
}

// ClearFaults drops every fault not used yet.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = nil
}

// takeFault returns the fault for the next request of op, if any: the
// first rule for op that lets no more requests through; every rule for op
// still letting requests through counts this one.
func (s *Server) takeFault(op string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	chosen := -1
	for i, r := range s.faults {
		if r.op != "" && r.op != op {
			continue
		}
		if r.skip > 0 {
			r.skip--
			continue
		}
		if chosen < 0 {
			chosen = i
		}
	}
	if chosen < 0 {
		return Fault{}, false
	}
	r := s.faults[chosen]
	if r.left > 0 {
		r.left--
		if r.left == 0 {
			s.faults = slices.Delete(s.faults, chosen, chosen+1)
		}
	}
	return r.fault, true
}

// Call is one request the server got.
type Call struct {
	Operation string            // the client method, or UploadFragment... BatchRequest; "" when the request matched no operation
	Method    string            // the HTTP method
	Path      string            // the escaped path, without the version ("/users/a%2Fb"; "/up/3" on the storage host)
	Params    map[string]string // the path parameters by the method's argument names
	Query     url.Values
	Header    http.Header
	// Body is the decoded request body, of the client method's body type
	// (*graph.User...; Upload for bytes); nil for none or one that did not
	// decode. RawBody is the body as sent.
	Body    any
	RawBody []byte
	Page    int // 0 for a call; n for the n-th next page of a collection
	// Status is the status answered; 0 while the answer is not written
	// yet, or when there was none (Dropped).
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
