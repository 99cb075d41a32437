package graphrt

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

// rtTestMonitor answers the n-th GET (1-based) with the n-th answer (the
// last one again after that); an answer is a status, headers and a body.
type rtTestAnswer struct {
	status int
	header map[string]string
	body   string
}

func rtTestMonitor(t *testing.T, answers ...rtTestAnswer) (string, func() []rtTestRecorded) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		a := answers[min(n, len(answers))-1]
		for k, v := range a.header {
			w.Header().Set(k, v)
		}
		if a.body == "" {
			w.WriteHeader(a.status)
			return
		}
		rtTestJSON(w, a.status, a.body)
	})
	return srv.URL, seen
}

// OneDrive's copy: 202 and a monitor URL on another host, which answers 202
// with status and percentageComplete until it answers 200 with
// resourceId. The token never reaches it; the waits are the backoff, then
// Retry-After.
func TestWaitOneDriveCopy(t *testing.T) {
	graph, graphSeen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(500) })
	mon, monSeen := rtTestMonitor(t,
		rtTestAnswer{202, nil, `{"operation":"itemCopy","percentageComplete":0.0,"status":"notStarted"}`},
		rtTestAnswer{202, map[string]string{"Retry-After": "2"}, `{"operation":"itemCopy","percentageComplete":37.5,"status":"inProgress"}`},
		rtTestAnswer{200, nil, `{"percentageComplete":100.0,"resourceId":"01NEWITEM","status":"completed"}`},
	)
	clk := rtTestNewClock()
	c := rtTestClient(graph.URL+"/v1.0", WithClock(clk))
	var polls []string
	a := &Accepted{StatusCode: 202, Location: mon + "/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717"}
	r, err := c.Wait(context.Background(), a, OnPoll(func(r *WaitResult) {
		polls = append(polls, r.Status)
		if r.Status == "inProgress" && r.PercentageComplete != 37.5 {
			t.Errorf("percentage %v", r.PercentageComplete)
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "completed" || r.ResourceID != "01NEWITEM" || r.PercentageComplete != 100 || r.StatusCode != 200 || r.Err != nil ||
		string(r.Body) != `{"percentageComplete":100.0,"resourceId":"01NEWITEM","status":"completed"}` {
		t.Errorf("result %+v", r)
	}
	if !slices.Equal(polls, []string{"notStarted", "inProgress"}) {
		t.Errorf("OnPoll saw %q", polls)
	}
	got := monSeen()
	if len(got) != 3 || len(graphSeen()) != 0 {
		t.Fatalf("%d polls, %d requests to the service", len(got), len(graphSeen()))
	}
	for _, q := range got {
		if q.Auth != "" || q.Method != "GET" || q.Path != "/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717" {
			t.Errorf("poll %s %s with Authorization %q", q.Method, q.Path, q.Auth)
		}
	}
	w := clk.Waits()
	if len(w) != 2 || w[0] < 250*time.Millisecond || w[0] > 500*time.Millisecond || w[1] != 2*time.Second {
		t.Errorf("waits %v, want [250-500ms 2s]", w)
	}
}

// An older monitor ends with 303 See Other to the new item: Wait stops
// there and reports it, following it neither with the token nor at all,
// even on the service's own host.
func TestWaitSeeOther(t *testing.T) {
	var graphURL string
	graph, graphSeen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/v1.0/monitor/1" && n == 1 {
			rtTestJSON(w, 202, `{"status":"inProgress"}`)
			return
		}
		if r.URL.Path == "/v1.0/monitor/1" {
			w.Header().Set("Location", "/v1.0/drive/items/01NEW")
			w.WriteHeader(http.StatusSeeOther)
			return
		}
		rtTestJSON(w, 200, `{"id":"01NEW"}`)
	})
	graphURL = graph.URL
	c := rtTestClient(graphURL+"/v1.0", WithClock(rtTestNewClock()))
	r, err := c.Wait(context.Background(), &Accepted{Location: graphURL + "/v1.0/monitor/1"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != "completed" || r.StatusCode != 303 || r.ResourceLocation != graphURL+"/v1.0/drive/items/01NEW" || r.Body != nil {
		t.Errorf("result %+v", r)
	}
	got := graphSeen()
	if len(got) != 2 || got[1].Path != "/v1.0/monitor/1" {
		t.Errorf("requests %+v: the 303 was followed", got)
	}
	// Same origin as the base URL: the token goes to the monitor.
	for _, q := range got {
		if q.Auth != "Bearer tok" {
			t.Errorf("poll without the token: %+v", q)
		}
	}
}

// Operation-Location comes before Location; statuses compare in any case;
// a path is under the base URL (Teams); targetResource* fill in.
func TestWaitOperationLocationAndTeams(t *testing.T) {
	graph, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/beta/operations/op1":
			rtTestJSON(w, 200, `{"id":"op1","status":"Succeeded","resourceLocation":"https://graph.example.com/beta/sites/s1"}`)
		case "/beta/teams('t0')/operations('op2')":
			if n == 2 {
				rtTestJSON(w, 200, `{"status":"inProgress"}`)
				return
			}
			rtTestJSON(w, 200, `{"status":"SUCCEEDED","targetResourceId":"t1","targetResourceLocation":"/teams('t1')","percentageProgress":100}`)
		default:
			w.WriteHeader(404)
		}
	})
	c := rtTestClient(graph.URL+"/beta", WithClock(rtTestNewClock()))
	r, err := c.Wait(context.Background(), &Accepted{Location: "https://elsewhere.example.com/x", OperationLocation: graph.URL + "/beta/operations/op1"})
	if err != nil || r.Status != "Succeeded" || r.ResourceLocation != "https://graph.example.com/beta/sites/s1" {
		t.Errorf("Operation-Location: %+v %v", r, err)
	}
	r, err = c.Wait(context.Background(), &Accepted{Location: "/teams('t0')/operations('op2')"})
	if err != nil || r.Status != "SUCCEEDED" || r.ResourceID != "t1" || r.ResourceLocation != "/teams('t1')" || r.PercentageComplete != 100 {
		t.Errorf("Teams: %+v %v", r, err)
	}
	for _, q := range seen() {
		if q.Auth != "Bearer tok" {
			t.Errorf("%s without the token", q.Path)
		}
	}
	if n := len(seen()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// A failed operation: its WaitResult and its *Error, from the monitor's
// error object (longRunningOperation) or errorCode (OneDrive); the
// monitor's credential is kept out of it.
func TestWaitFailed(t *testing.T) {
	for _, tc := range []struct {
		body, code, message string
	}{
		{`{"status":"failed","error":{"code":"quotaLimitReached","message":"no room"}}`, "quotaLimitReached", "no room"},
		{`{"status":"FAILED","errorCode":"nameAlreadyExists","resourceId":null}`, "nameAlreadyExists", "the operation failed"},
		{`{"status":"failed","statusDetail":"copy of /mon/sec-ret-token-123456 broke"}`, "", "copy of /mon/[REDACTED] broke"},
	} {
		mon, _ := rtTestMonitor(t, rtTestAnswer{200, nil, tc.body})
		c := rtTestClient("https://graph.example.com/v1.0", WithClock(rtTestNewClock()))
		r, err := c.Wait(context.Background(), &Accepted{Location: mon + "/mon/sec-ret-token-123456"})
		var e *Error
		if !errors.As(err, &e) || r == nil || r.Err != e || e.Op != "Wait" || e.StatusCode != 200 || e.Code != tc.code || e.Message != tc.message {
			t.Errorf("%s: %+v, %v", tc.body, r, err)
		}
	}
}

// Waits: Accepted.RetryAfter before the first poll, Retry-After after
// each, all capped by MaxPollInterval; a 503 from the monitor is retried as
// the client retries; the context ends it, during a wait or from OnPoll.
func TestWaitWaitsAndEnds(t *testing.T) {
	mon, seen := rtTestMonitor(t,
		rtTestAnswer{503, map[string]string{"Retry-After": "1"}, `{}`},
		rtTestAnswer{202, map[string]string{"Retry-After": "3600"}, `{"status":"running"}`},
		rtTestAnswer{202, map[string]string{"Retry-After": "4"}, `{"status":"running"}`},
		rtTestAnswer{200, nil, `{"status":"succeeded"}`},
	)
	clk := rtTestNewClock()
	c := rtTestClient("https://graph.example.com/v1.0", WithClock(clk), WithRetry(3, time.Hour))
	r, err := c.Wait(context.Background(), &Accepted{Location: mon + "/m", RetryAfter: 5 * time.Second}, MaxPollInterval(10*time.Second))
	if err != nil || r.Status != "succeeded" || len(seen()) != 4 {
		t.Errorf("%+v %v after %d requests", r, err, len(seen()))
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{5 * time.Second, time.Second, 10 * time.Second, 4 * time.Second}) {
		t.Errorf("waits %v, want [5s 1s 10s 4s]", w)
	}

	// The context ends during a wait.
	mon, seen = rtTestMonitor(t, rtTestAnswer{202, nil, `{"status":"inProgress"}`})
	clk = rtTestNewClock()
	clk.block, clk.sleeping = true, make(chan time.Duration, 1)
	c = rtTestClient("https://graph.example.com/v1.0", WithClock(clk))
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-clk.sleeping
		cancel()
	}()
	r, err = c.Wait(ctx, &Accepted{Location: mon + "/m"})
	if r != nil || !errors.Is(err, context.Canceled) || err.Error() != "Wait: waiting to poll: context canceled" || len(seen()) != 1 {
		t.Errorf("cancelled: %+v %v after %d polls", r, err, len(seen()))
	}

	// ... or from OnPoll.
	ctx, cancel = context.WithCancel(context.Background())
	c = rtTestClient("https://graph.example.com/v1.0", WithClock(rtTestNewClock()))
	r, err = c.Wait(ctx, &Accepted{Location: mon + "/m"}, OnPoll(func(*WaitResult) { cancel() }))
	if r != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled in OnPoll: %+v %v", r, err)
	}
}

func TestWaitErrors(t *testing.T) {
	mon, _ := rtTestMonitor(t, rtTestAnswer{404, nil, `{"error":{"code":"itemNotFound","message":"gone: /m/sec-ret-token-123456"}}`})
	c := rtTestClient("https://graph.example.com/v1.0", WithClock(rtTestNewClock()))
	r, err := c.Wait(context.Background(), &Accepted{Location: mon + "/m/sec-ret-token-123456"})
	var e *Error
	if r != nil || !errors.As(err, &e) || e.StatusCode != 404 || e.Code != "itemNotFound" || strings.Contains(e.Message+e.Body, "sec-ret") {
		t.Errorf("404: %+v %v", r, err)
	}
	badJSON, _ := rtTestMonitor(t, rtTestAnswer{202, nil, `{"status":`})
	for _, tc := range []struct {
		a    *Accepted
		want string
	}{
		{nil, "Wait: no *Accepted to wait for"},
		{&Accepted{StatusCode: 202}, "Wait: the answer names no monitor (no Operation-Location or Location header)"},
		{&Accepted{Location: "monitor/relative"}, "Wait: the URL is not an absolute http(s) URL"},
		{&Accepted{Location: "ftp://host/m"}, "Wait: the URL is not an absolute http(s) URL"},
		{&Accepted{Location: badJSON + "/m"}, "Wait: decoding HTTP 202 response (Content-Type \"application/json; charset=utf-8\"): unexpected end of JSON input"},
		{&Accepted{Location: "http://127.0.0.1:1/m/sec-ret-token-123456"}, "Wait: GET (URL withheld): "},
	} {
		r, err := c.Wait(context.Background(), tc.a)
		if r != nil || err == nil || !strings.HasPrefix(err.Error(), tc.want) || strings.Contains(err.Error(), "sec-ret") {
			t.Errorf("%+v: %+v %v, want %q", tc.a, r, err, tc.want)
		}
	}
}
