package graphtest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// Long-running operations, as OneDrive's copy plays them. An operation
// answered 202 Accepted (a *graph.Accepted method) answers, by default,
// with a Location header naming a new monitor on the server's storage host
// (another origin than URL, as OneDrive's monitors are, so a client must
// not send its token there: a request that does is answered 401). Each GET
// of a monitor is its next step, as ScriptMonitor (or NewMonitor) scripted
// it; after the last step, the last step again:
//
//   - InProgress(p): 202 {"status":"inProgress","percentageComplete":p}
//   - Completed(id): 200 {"status":"completed","percentageComplete":100,"resourceId":id}
//   - Failed(code, message): 200 {"status":"failed","error":{"code":...,"message":...}}
//
// and a step's RetryAfter is sent as Retry-After. Unless a script says
// otherwise, a monitor answers Completed at once, with a resourceId of its
// own. Polls are recorded (Calls) as MonitorPoll, and faults apply to them.

// MonitorStep is one answer of a monitor.
type MonitorStep struct {
	// Status is the monitor's status: "notStarted", "inProgress",
	// "completed", "failed" (as OneDrive writes them), or any other.
	Status string
	// PercentageComplete is sent as percentageComplete.
	PercentageComplete float64
	// ResourceID, when the operation has completed, is the new resource's
	// id ("" with Completed: one made up by the server).
	ResourceID string
	// Error is a failed operation's code and message.
	Error *graph.Error
	// RetryAfter, when not 0, is sent as Retry-After (whole seconds,
	// rounded up): how long the client should wait before the next poll.
	RetryAfter time.Duration
}

// InProgress is a step of an operation still running, percent done.
func InProgress(percent float64) MonitorStep {
	return MonitorStep{Status: "inProgress", PercentageComplete: percent}
}

// Completed is the step of an operation that completed; resourceID is the
// new resource's id ("" for one made up by the server).
func Completed(resourceID string) MonitorStep {
	return MonitorStep{Status: "completed", PercentageComplete: 100, ResourceID: resourceID}
}

// Failed is the step of an operation that failed with Graph's error code
// and message.
func Failed(code, message string) MonitorStep {
	return MonitorStep{Status: "failed", Error: &graph.Error{Code: code, Message: message}}
}

// monitor is one long-running operation being watched.
type monitor struct {
	steps []MonitorStep
	next  int
}

// ScriptMonitor sets the steps of the monitors of the operation's next 202
// answers (a client method that returns *graph.Accepted): each new monitor
// plays them from the first. No steps restores the default (Completed at
// once).
func (s *Server) ScriptMonitor(operation string, steps ...MonitorStep) {
	s.t.Helper()
	if op := byName[operation]; op == nil || op.result != resultAccepted {
		s.t.Fatalf("graphtest: ScriptMonitor: %q is no operation answered 202 Accepted", operation)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(steps) == 0 {
		delete(s.scripts, operation)
		return
	}
	s.scripts[operation] = slices.Clone(steps)
}

// script returns the steps ScriptMonitor set for op.
func (s *Server) script(op string) []MonitorStep {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.scripts[op])
}

// NewMonitor starts a monitor playing steps (Completed at once when there
// are none) and returns its URL: for a handler of a 202 operation to
// answer with (&graph.Accepted{Location: srv.NewMonitor(...)}).
func (s *Server) NewMonitor(steps ...MonitorStep) string {
	if len(steps) == 0 {
		steps = []MonitorStep{Completed("")}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextAux++
	id := strconv.Itoa(s.nextAux)
	steps = slices.Clone(steps)
	for i := range steps {
		if strings.EqualFold(steps[i].Status, "completed") && steps[i].ResourceID == "" {
			steps[i].ResourceID = "resource-" + id
		}
	}
	s.monitors[id] = &monitor{steps: steps}
	return s.aux.URL + "/monitor/" + id
}

func (s *Server) serveMonitor(w http.ResponseWriter, r *http.Request, e *errorWriter, call *Call, id string) {
	call.Operation = MonitorPoll
	f, setStatus, ok := s.auxBegin(r, e, call, "a monitor on another host")
	if !ok {
		return
	}
	s.mu.Lock()
	m := s.monitors[id]
	var step MonitorStep
	if m != nil {
		step = m.steps[min(m.next, len(m.steps)-1)]
		m.next++
	}
	s.mu.Unlock()
	if m == nil || r.Method != http.MethodGet {
		setStatus(e.write(http.StatusNotFound, "itemNotFound", "graphtest: no monitor at this URL", f.Truncate))
		return
	}
	body := map[string]any{"status": step.Status, "percentageComplete": step.PercentageComplete}
	status := http.StatusAccepted
	switch {
	case strings.EqualFold(step.Status, "completed"), strings.EqualFold(step.Status, "succeeded"):
		status = http.StatusOK
		if step.ResourceID != "" {
			body["resourceId"] = step.ResourceID
		}
	case strings.EqualFold(step.Status, "failed"):
		status = http.StatusOK
		ge := step.Error
		if ge == nil {
			ge = &graph.Error{}
		}
		body["error"] = map[string]string{"code": ge.Code, "message": ge.Message}
	}
	if step.RetryAfter > 0 {
		w.Header().Set("Retry-After", retryAfter(step.RetryAfter))
	}
	data, _ := json.Marshal(body)
	setStatus(write(w, status, "application/json", data, f.Truncate))
}
