package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// rtTestInner is one request of a $batch as the server saw it.
type rtTestInner struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	DependsOn []string          `json:"dependsOn"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
}

// rtTestBatchServer plays Graph's /$batch: it runs the requests in order
// with inner (424 for one whose dependency did not succeed) and answers in
// reverse order (the client matches by id). It records every $batch
// request and its Authorization.
type rtTestBatchServer struct {
	srv   *httptest.Server
	inner func(r rtTestInner) (int, map[string]string, string)

	mu      sync.Mutex
	batches [][]rtTestInner
	auth    []string
	fail    int // answer the next $batch requests 503
}

func rtTestNewBatchServer(t *testing.T, inner func(r rtTestInner) (int, map[string]string, string)) *rtTestBatchServer {
	s := &rtTestBatchServer{inner: inner}
	s.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/v1.0/$batch" || r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s (%s): not a $batch request", r.Method, r.URL, r.Header.Get("Content-Type"))
			w.WriteHeader(400)
			return
		}
		var in struct{ Requests []rtTestInner }
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Requests) == 0 || len(in.Requests) > 20 {
			t.Errorf("$batch body: %v, %d requests", err, len(in.Requests))
			w.WriteHeader(400)
			return
		}
		s.mu.Lock()
		s.batches = append(s.batches, in.Requests)
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		fail := s.fail > 0
		s.fail--
		s.mu.Unlock()
		if fail {
			rtTestJSON(w, 503, `{"error":{"code":"serviceNotAvailable","message":"batch down"}}`)
			return
		}
		status := map[string]int{}
		var out []string
		for _, q := range in.Requests {
			code, h, body := 424, map[string]string{"Content-Type": "application/json"}, `{"error":{"code":"FailedDependency","message":"dependency failed"}}`
			dep := true
			for _, d := range q.DependsOn {
				if st, ok := status[d]; !ok || st < 200 || st > 299 {
					dep = false
				}
			}
			if dep {
				code, h, body = s.inner(q)
			}
			status[q.ID] = code
			hj, _ := json.Marshal(h)
			entry := fmt.Sprintf(`{"id":%q,"status":%d,"headers":%s`, q.ID, code, hj)
			if body != "" {
				entry += `,"body":` + body
			}
			out = append(out, entry+"}")
		}
		slices.Reverse(out)
		rtTestJSON(w, 200, `{"responses":[`+strings.Join(out, ",")+`]}`)
	}))
	t.Cleanup(s.srv.Close)
	return s
}

// Batches returns, per $batch request, "id method url [dependsOn]" lines.
func (s *rtTestBatchServer) Batches() [][]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out [][]string
	for _, b := range s.batches {
		var lines []string
		for _, q := range b {
			l := q.ID + " " + q.Method + " " + q.URL
			if len(q.DependsOn) > 0 {
				l += " after " + strings.Join(q.DependsOn, ",")
			}
			lines = append(lines, l)
		}
		out = append(out, lines)
	}
	return out
}

// rtTestUsers answers GET /users/{id} with the user, once 429 for u7,
// 404 for "missing"; PATCH with 204 (400 for an empty body); and the
// members of g1 in two pages.
func rtTestUsers(base string) func(r rtTestInner) (int, map[string]string, string) {
	var mu sync.Mutex
	throttled := false
	json := map[string]string{"Content-Type": "application/json;odata.metadata=minimal"}
	return func(r rtTestInner) (int, map[string]string, string) {
		if r.Headers["Authorization"] != "" {
			return 400, json, `{"error":{"code":"BadRequest","message":"token inside"}}`
		}
		id, isUser := strings.CutPrefix(r.URL, "/users/")
		switch {
		case r.Method == "GET" && id == "u7":
			mu.Lock()
			defer mu.Unlock()
			if !throttled {
				throttled = true
				return 429, map[string]string{"Retry-After": "7", "Content-Type": "application/json"}, `{"error":{"code":"TooManyRequests","message":"slow down"}}`
			}
			return 200, json, `{"id":"u7","target":{"groupId":"g-u7"}}`
		case r.Method == "GET" && id == "missing":
			return 404, map[string]string{"Content-Type": "application/json", "Request-Id": "rq-1"}, `{"error":{"code":"Request_ResourceNotFound","message":"no user missing"}}`
		case r.Method == "GET" && isUser:
			return 200, json, fmt.Sprintf(`{"id":%q,"target":{"groupId":"g-%s"}}`, id, id)
		case r.Method == "PATCH" && isUser:
			if len(r.Body) == 0 || r.Headers["Content-Type"] != "application/json" {
				return 400, json, `{"error":{"code":"BadRequest","message":"no body"}}`
			}
			return 204, nil, ""
		case r.Method == "GET" && r.URL == "/groups/g1/members":
			return 200, json, `{"value":[{"id":"m1"},{"id":"m2"}],"@odata.nextLink":"` + base + `/groups/g1/members?$skiptoken=2"}`
		case r.Method == "GET" && r.URL == "/groups/g1/members?$skiptoken=2":
			return 200, json, `{"value":[{"id":"m3"}]}`
		}
		return 404, json, `{"error":{"code":"NotFound","message":"` + r.Method + ` ` + r.URL + `"}}`
	}
}

func rtTestGetUser(ctx context.Context, c *Client, id string) (*rtTestAssignment, error) {
	return graphrtCall(ctx, c, "GetUser", "GET", "/users/"+pathSegment(id), nil, new(rtTestAssignment), nil)
}

// 25 calls: two $batch requests (20 and 5); the one throttled inside the
// batch is retried by its method after its Retry-After (through the
// clock), in a third. Each result is decoded by its own call; the token is
// on the $batch requests only.
func TestBatch25WithOneThrottled(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	clk := rtTestNewClock()
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(clk), WithRetry(3, time.Minute))
	ctx := context.Background()
	b := c.Batch()
	got := make([]*rtTestAssignment, 25)
	for i := range 25 {
		if n := b.Go(func(c *Client) (err error) {
			got[i], err = rtTestGetUser(ctx, c, fmt.Sprintf("u%d", i))
			return err
		}); n != i {
			t.Errorf("Go returned %d, want %d", n, i)
		}
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for i, u := range got {
		if id := fmt.Sprintf("u%d", i); u == nil || u.ID != id || u.Target == nil || u.Target.GroupID != "g-"+id {
			t.Errorf("call %d: %+v", i, u)
		}
	}
	batches := s.Batches()
	if len(batches) != 3 || len(batches[0]) != 20 || len(batches[1]) != 5 || len(batches[2]) != 1 {
		t.Fatalf("$batch requests %v, want 20, 5, then 1", batches)
	}
	if batches[0][0] != "1 GET /users/u0" || batches[0][19] != "20 GET /users/u19" || batches[1][0] != "1 GET /users/u20" || batches[2][0] != "1 GET /users/u7" {
		t.Errorf("requests out of order: %v", batches)
	}
	if !slices.Equal(s.auth, []string{"Bearer tok", "Bearer tok", "Bearer tok"}) {
		t.Errorf("Authorization of the $batch requests: %q", s.auth)
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{7 * time.Second}) {
		t.Errorf("waits %v, want [7s]", w)
	}
}

// A call's error is the one its method returns unbatched; the others go
// on; Run joins the errors. A $batch request that fails (after the
// client's retries) fails its calls with that error.
func TestBatchErrors(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(rtTestNewClock()))
	ctx := context.Background()
	b := c.Batch()
	var okUser *rtTestAssignment
	var missErr error
	b.Go(func(c *Client) (err error) { okUser, err = rtTestGetUser(ctx, c, "u1"); return })
	b.Go(func(c *Client) error { _, missErr = rtTestGetUser(ctx, c, "missing"); return missErr })
	err := b.Run(ctx)
	var e *Error
	if !errors.As(missErr, &e) || e.Op != "GetUser" || e.StatusCode != 404 || e.Code != "Request_ResourceNotFound" || e.Message != "no user missing" || e.RequestID != "rq-1" {
		t.Errorf("404 inside the batch: %v", missErr)
	}
	if !errors.Is(err, missErr) || okUser == nil || okUser.ID != "u1" {
		t.Errorf("Run: %v; u1 %+v", err, okUser)
	}

	s.fail = 3 // the first try and both retries (rtTestClient retries twice)
	b = c.Batch()
	var errs [2]error
	for i := range 2 {
		b.Go(func(c *Client) (err error) { _, errs[i] = rtTestGetUser(ctx, c, "u1"); return errs[i] })
	}
	if err := b.Run(ctx); err == nil {
		t.Error("Run: nil after a failed $batch")
	}
	for i, err := range errs {
		if !errors.As(err, &e) || e.Op != "Batch" || e.StatusCode != 503 || !strings.HasPrefix(err.Error(), "GetUser: Batch: HTTP 503") {
			t.Errorf("call %d after a failed $batch: %v", i, err)
		}
	}
}

// Pages, bodies and headers: an iterator's next page goes in a later
// round (its nextLink made relative); a PATCH sends its JSON body and
// Content-Type inside the batch; Header options go with their request.
func TestBatchPagesBodiesHeaders(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(rtTestNewClock()))
	ctx := context.Background()
	b := c.Batch()
	var members []string
	b.Go(func(c *Client) error {
		for m, err := range graphrtItems[*rtTestAssignment](ctx, c, "ListMembers", "GET", "/groups/g1/members", nil, []RequestOption{Header("ConsistencyLevel", "eventual")}) {
			if err != nil {
				return err
			}
			members = append(members, m.ID)
		}
		return nil
	})
	b.Go(func(c *Client) error {
		return graphrtNoContent(ctx, c, "UpdateUser", "PATCH", "/users/u1", rtTestAssignment{Target: &rtTestTarget{GroupID: "g"}}, nil)
	})
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(members, []string{"m1", "m2", "m3"}) {
		t.Errorf("members %v", members)
	}
	want := [][]string{{"1 GET /groups/g1/members", "2 PATCH /users/u1"}, {"1 GET /groups/g1/members?$skiptoken=2"}}
	if d := rtTestDiff(want, s.Batches()); d != "" {
		t.Errorf("$batch requests (-want +got):\n%s", d)
	}
	first := s.batches[0]
	if string(first[1].Body) != `{"target":{"groupId":"g"}}` || first[1].Headers["Content-Type"] != "application/json" ||
		first[0].Headers["Consistencylevel"] != "eventual" || s.batches[1][0].Headers["Consistencylevel"] != "eventual" {
		t.Errorf("inner requests %+v / %+v", first, s.batches[1])
	}
	for _, q := range first {
		if _, ok := q.Headers["Authorization"]; ok {
			t.Errorf("%s carries Authorization", q.URL)
		}
	}
}

// dependsOn: in the same $batch the request names its dependency's id and
// the service answers 424 when that failed; a dependency in an earlier
// $batch (more than 20 requests) is not named, its failure answers 424
// without sending; a func that failed before answers 424 at once.
func TestBatchDependsOn(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(rtTestNewClock()))
	ctx := context.Background()
	b := c.Batch()
	errs := make([]error, 25)
	get := func(i int, id string, deps ...int) {
		b.Go(func(c *Client) (err error) { _, errs[i] = rtTestGetUser(ctx, c, id); return nil }, deps...)
	}
	get(0, "u0")
	get(1, "u1", 0)           // same $batch, succeeds
	get(2, "missing")         // fails
	get(3, "u3", 2)           // same $batch: the service answers 424
	get(4, "u4", 1, 0)        // two dependencies
	for i := 5; i < 19; i++ { // fill up to 19
		get(i, fmt.Sprintf("v%d", i))
	}
	get(19, "missing") // id 20 of the first $batch, fails
	get(20, "u20", 19) // in the second: 424 without being sent
	get(21, "u21", 18) // in the second: sent, 18 succeeded
	get(22, "u22", 99) // not an earlier func: not run
	if err := b.Run(ctx); err == nil || !strings.Contains(err.Error(), "Batch: func 22 depends on 99, which is not an earlier func") {
		t.Errorf("Run: %v", err)
	}
	batches := s.Batches()
	if len(batches) != 2 || len(batches[0]) != 20 || len(batches[1]) != 1 {
		t.Fatalf("$batch requests %v", batches)
	}
	for _, l := range []string{"2 GET /users/u1 after 1", "4 GET /users/u3 after 3", "5 GET /users/u4 after 2,1"} {
		if !slices.Contains(batches[0], l) {
			t.Errorf("first $batch lacks %q: %v", l, batches[0])
		}
	}
	if batches[1][0] != "2 GET /users/u21" {
		t.Errorf("second $batch %v", batches[1])
	}
	for i, want := range map[int]int{0: 0, 1: 0, 2: 404, 3: 424, 4: 0, 19: 404, 20: 424, 21: 0} {
		var e *Error
		if got := 0; errors.As(errs[i], &e) {
			got = e.StatusCode
			if got != want {
				t.Errorf("call %d: %v, want %d", i, errs[i], want)
			}
		} else if want != 0 || errs[i] != nil {
			t.Errorf("call %d: %v, want %d", i, errs[i], want)
		}
	}

	// A func depended on that failed in an earlier round: the requests
	// answer 424 at once (func 2, added by func 1 after round 1).
	b = c.Batch()
	var second error
	b.Go(func(c *Client) error { _, err := rtTestGetUser(ctx, c, "missing"); return err })
	b.Go(func(c *Client) error {
		if _, err := rtTestGetUser(ctx, c, "u1"); err != nil {
			return err
		}
		b.Go(func(c *Client) error { _, second = rtTestGetUser(ctx, c, "u2"); return nil }, 0)
		return nil
	})
	n := len(s.Batches())
	b.Run(ctx)
	var e *Error
	if !errors.As(second, &e) || e.StatusCode != 424 || e.Code != "FailedDependency" {
		t.Errorf("after a failed func: %v", second)
	}
	if got := s.Batches()[n:]; len(got) != 1 {
		t.Errorf("$batch requests %v, want only the first round's", got)
	}
}

// What cannot be batched fails at once, naming the method, and sends
// nothing; Go from a running func starts at once; Run runs what Go added
// since the last Run; a second Run at once is an error.
func TestBatchRefusedAndGo(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(rtTestNewClock()))
	ctx := context.Background()
	b := c.Batch()
	var errs []error
	var mu sync.Mutex
	add := func(err error) {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
	}
	b.Go(func(c *Client) error {
		_, err := graphrtDownload(ctx, c, "DownloadContent", "GET", "/items/1/content", nil)
		add(err)
		_, err = graphrtUpload(ctx, c, "UploadContent", "PUT", "/items/1/content", strings.NewReader("x"), "", new(rtTestAssignment), nil)
		add(err)
		_, err = UploadLarge[rtTestItem](ctx, c, "https://up.example.com/x", bytes.NewReader([]byte("x")), 1)
		add(err)
		add(CancelUpload(ctx, c, "https://up.example.com/x"))
		_, err = c.Wait(ctx, &Accepted{Location: "https://m.example.com/x"})
		add(err)
		_, err = graphrtCall(ctx, c, "GetUser", "GET", "", nil, new(rtTestAssignment), []RequestOption{FromLink(s.srv.URL + "/beta/users/u1")})
		add(err)
		return nil
	})
	var late *rtTestAssignment
	b.Go(func(c *Client) error {
		b.Go(func(c *Client) (err error) { late, err = rtTestGetUser(ctx, c, "u9"); return })
		return nil
	})
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"DownloadContent: cannot be batched",
		"UploadContent: cannot be batched",
		"UploadLarge: cannot be batched",
		"CancelUpload: cannot be batched",
		"Wait: cannot be batched",
		"GetUser: cannot be batched: the URL is not under the client's base URL",
	}
	for i, err := range errs {
		if err == nil || !strings.HasPrefix(err.Error(), want[i]) {
			t.Errorf("refused %d: %v, want %q", i, err, want[i])
		}
	}
	if late == nil || late.ID != "u9" {
		t.Errorf("func added by a func: %+v", late)
	}
	if d := rtTestDiff([][]string{{"1 GET /users/u9"}}, s.Batches()); d != "" {
		t.Errorf("$batch requests (-want +got):\n%s", d)
	}
	// Added after Run: the next Run runs it (and only it).
	var again *rtTestAssignment
	b.Go(func(c *Client) (err error) { again, err = rtTestGetUser(ctx, c, "u10"); return })
	if err := b.Run(ctx); err != nil || again == nil || again.ID != "u10" || len(s.Batches()) != 2 {
		t.Errorf("second Run: %v %+v %v", err, again, s.Batches())
	}

	// Run while running.
	b = c.Batch()
	release := make(chan struct{})
	b.Go(func(c *Client) error { <-release; return nil })
	done := make(chan error)
	go func() { done <- b.Run(ctx) }()
	for {
		b.mu.Lock()
		running := b.running
		b.mu.Unlock()
		if running {
			break
		}
		runtime.Gosched()
	}
	if err := b.Run(ctx); err == nil || err.Error() != "Batch.Run: already running" {
		t.Errorf("second Run: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

// A call whose context ends while its request waits for a round returns
// the context's error; the others are answered.
func TestBatchCallContext(t *testing.T) {
	s := rtTestNewBatchServer(t, nil)
	s.inner = rtTestUsers(s.srv.URL + "/v1.0")
	c := rtTestClient(s.srv.URL+"/v1.0", WithClock(rtTestNewClock()))
	ctx := context.Background()
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	b := c.Batch()
	var cerr error
	var u *rtTestAssignment
	b.Go(func(c *Client) error { _, cerr = rtTestGetUser(cctx, c, "u1"); return nil })
	b.Go(func(c *Client) (err error) { u, err = rtTestGetUser(ctx, c, "u2"); return })
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if !errors.Is(cerr, context.Canceled) || u == nil || u.ID != "u2" {
		t.Errorf("cancelled call: %v; other %+v", cerr, u)
	}
}
