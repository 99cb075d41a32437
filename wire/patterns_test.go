package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/graphgen/graphgen/generated/graph"
)

// Graph's own patterns through the generated package: upload sessions,
// long-running operations watched with Wait, JSON batching.

// session is an upload session on its own host, as OneDrive plays it: GET
// answers nextExpectedRanges, PUT takes the fragment at the byte it expects,
// 202 until the last byte, then 201 and the driveItem. fault names what the
// n-th PUT (1-based) gets: "503" (Retry-After: 3) or "drop" (the
// connection closed in the middle of the fragment).
type session struct {
	t    *testing.T
	srv  *httptest.Server
	size int64

	mu    sync.Mutex
	data  []byte
	puts  int
	fault map[int]string
	log   []string
	auth  []string
}

func newSession(t *testing.T, size int64) *session {
	s := &session{t: t, size: size, fault: map[int]string{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *session) url() string { return s.srv.URL + "/up/fe6987415ace7X4e1eF866337?tempauth=abc" }

func (s *session) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if a := r.Header.Get("Authorization"); a != "" {
		s.auth = append(s.auth, a)
	}
	have := int64(len(s.data))
	if r.Method == http.MethodGet {
		s.log = append(s.log, fmt.Sprintf("GET %d-", have))
		s.mu.Unlock()
		writeJSON(w, 200, fmt.Sprintf(`{"expirationDateTime":"2021-07-17T10:00:00Z","nextExpectedRanges":["%d-"]}`, have))
		return
	}
	s.puts++
	fault := s.fault[s.puts]
	var a, b, total int64
	fmt.Sscanf(r.Header.Get("Content-Range"), "bytes %d-%d/%d", &a, &b, &total)
	s.log = append(s.log, strings.TrimSpace(fmt.Sprintf("PUT %d-%d %s", a, b, fault)))
	s.mu.Unlock()
	if r.Method != http.MethodPut || total != s.size || a != have || r.ContentLength != b-a+1 {
		s.t.Errorf("%s Content-Range %q Content-Length %d, session holds %d", r.Method, r.Header.Get("Content-Range"), r.ContentLength, have)
		w.WriteHeader(400)
		return
	}
	switch fault {
	case "503":
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Retry-After", "3")
		writeJSON(w, 503, `{"error":{"code":"serviceNotAvailable","message":"busy"}}`)
		return
	case "drop":
		io.CopyN(io.Discard, r.Body, (b-a+1)/2)
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return
	}
	frag, err := io.ReadAll(r.Body)
	if err != nil {
		return
	}
	s.mu.Lock()
	s.data = append(s.data, frag...)
	held := int64(len(s.data))
	s.mu.Unlock()
	if held == s.size {
		writeJSON(w, 201, fmt.Sprintf(`{"id":"01LARGE","name":"large.vhd","size":%d,"file":{}}`, s.size))
		return
	}
	writeJSON(w, 202, fmt.Sprintf(`{"expirationDateTime":"2021-07-17T10:00:00Z","nextExpectedRanges":["%d-"]}`, held))
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestUploadSession: a 7 MiB file in fragments of 1.5625 MiB (5 x 320 KiB)
// survives a 503 and a connection dropped mid-fragment, resuming each time
// where the session says; the token never reaches the upload host; the
// waits are Retry-After's 3s and a backoff, on the fake clock.
func TestUploadSession(t *testing.T) {
	const size, chunk = 7 << 20, 5 * 327680
	src := randomBytes(size)
	sess := newSession(t, size)
	sess.fault[2] = "503"
	sess.fault[4] = "drop"
	graphSrv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		return fmt.Errorf("the upload went to the service")
	})
	clk := newFakeClock()
	c := newClient(t, graphSrv, graph.WithClock(clk))
	var last int64
	item, err := graph.UploadLarge[graph.DriveItem](context.Background(), c, sess.url(), bytes.NewReader(src), size,
		graph.ChunkSize(chunk), graph.OnProgress(func(sent, total int64) { last = sent }))
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := item.ID.Get(); id != "01LARGE" || last != size {
		t.Errorf("item %s, progress %d", id, last)
	}
	if n, _ := item.Size.Get(); n != size || !bytes.Equal(sess.data, src) {
		t.Errorf("size %d; the session holds %d bytes, equal: %v", n, len(sess.data), bytes.Equal(sess.data, src))
	}
	want := []string{"GET 0-", "PUT 0-1638399", "PUT 1638400-3276799 503", "GET 1638400-", "PUT 1638400-3276799",
		"PUT 3276800-4915199 drop", "GET 3276800-", "PUT 3276800-4915199", "PUT 4915200-6553599", "PUT 6553600-7340031"}
	if !slices.Equal(sess.log, want) {
		t.Errorf("requests\n %q\nwant\n %q", sess.log, want)
	}
	if len(sess.auth) != 0 {
		t.Errorf("the upload host got Authorization %q", sess.auth)
	}
	if w := clk.Waits(); len(w) != 2 || w[0] != 3*time.Second || w[1] < 250*time.Millisecond || w[1] > 500*time.Millisecond {
		t.Errorf("waits %v, want [3s, 250-500ms]", w)
	}
}

// TestUploadSessionResumed: another process sent the first 2 MiB; a new
// call with the same upload URL starts where the session says.
func TestUploadSessionResumed(t *testing.T) {
	const size = 5 << 20
	src := randomBytes(size)
	sess := newSession(t, size)
	sess.data = slices.Clone(src[:2<<20])
	c := newClient(t, serve(t, func(http.ResponseWriter, *http.Request) error { return nil }))
	item, err := graph.UploadLarge[graph.DriveItem](context.Background(), c, sess.url(), bytes.NewReader(src), size)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := item.ID.Get(); id != "01LARGE" || !bytes.Equal(sess.data, src) {
		t.Errorf("item %s, data equal %v", id, bytes.Equal(sess.data, src))
	}
	if want := []string{"GET 2097152-", "PUT 2097152-5242879"}; !slices.Equal(sess.log, want) {
		t.Errorf("requests %q, want %q (one 10 MiB fragment from where the session was)", sess.log, want)
	}
}

// TestCopyWatched: the copy answers 202 and a monitor URL on another host
// (OneDrive's); Wait polls it until it says completed, with its resourceId,
// never sending the token there. A monitor that ends with 303 is reported,
// not followed.
func TestCopyWatched(t *testing.T) {
	var mu sync.Mutex
	var monAuth []string
	polls := 0
	mon := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		mu.Lock()
		defer mu.Unlock()
		if a := r.Header.Get("Authorization"); a != "" {
			monAuth = append(monAuth, a)
		}
		polls++
		switch {
		case r.URL.Path == "/monitor/seeother" && polls > 1:
			w.Header().Set("Location", "https://graph.microsoft.com/beta/me/drive/items/01COPY")
			w.WriteHeader(http.StatusSeeOther)
		case r.URL.Path == "/monitor/seeother":
			writeJSON(w, 202, `{"operation":"itemCopy","status":"inProgress","percentageComplete":50.0}`)
		case polls == 1:
			writeJSON(w, 202, `{"operation":"itemCopy","status":"notStarted","percentageComplete":0.0}`)
		case polls == 2:
			w.Header().Set("Retry-After", "5")
			writeJSON(w, 202, `{"operation":"itemCopy","status":"inProgress","percentageComplete":62.5}`)
		default:
			writeJSON(w, 200, `{"percentageComplete":100.0,"resourceId":"01COPY","status":"completed"}`)
		}
		return nil
	})
	monitor := "/monitor/4A3407B5-88FC-4504-8B21-0AABD3412717"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		w.Header().Set("Location", mon.URL+monitor)
		w.WriteHeader(http.StatusAccepted)
		return nil
	})
	clk := newFakeClock()
	c := newClient(t, srv, graph.WithClock(clk))
	ctx := context.Background()
	a, err := c.CallMeDriveItemCopy(ctx, "01FILE", &graph.CallMeDriveItemCopyRequest{Name: graph.Value("copy.txt")})
	if err != nil {
		t.Fatal(err)
	}
	var seen []float64
	res, err := c.Wait(ctx, a, graph.OnPoll(func(r *graph.WaitResult) { seen = append(seen, r.PercentageComplete) }))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "completed" || res.ResourceID != "01COPY" || res.PercentageComplete != 100 || !slices.Equal(seen, []float64{0, 62.5}) {
		t.Errorf("result %+v, progress %v", res, seen)
	}
	if w := clk.Waits(); len(w) != 2 || w[1] != 5*time.Second {
		t.Errorf("waits %v, want [backoff 5s]", w)
	}

	monitor, polls = "/monitor/seeother", 0
	a, err = c.CallMeDriveItemCopy(ctx, "01FILE", &graph.CallMeDriveItemCopyRequest{Name: graph.Value("copy.txt")})
	if err != nil {
		t.Fatal(err)
	}
	res, err = c.Wait(ctx, a)
	if err != nil || res.StatusCode != 303 || res.ResourceLocation != "https://graph.microsoft.com/beta/me/drive/items/01COPY" || polls != 2 {
		t.Errorf("303: %+v %v after %d polls", res, err, polls)
	}
	if len(monAuth) != 0 {
		t.Errorf("the monitor host got Authorization %q", monAuth)
	}
}

// TestBatch25: 25 GetUser calls made with the generated method as it is,
// batched: a $batch of 20 and one of 5, the user throttled inside the first
// retried after its Retry-After in a third; each user decoded by its call.
func TestBatch25(t *testing.T) {
	var mu sync.Mutex
	var batches [][]string
	throttled := false
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		if r.Method != http.MethodPost || r.URL.Path != "/beta/$batch" {
			return fmt.Errorf("not a $batch request")
		}
		var in struct {
			Requests []struct{ ID, Method, URL string }
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			return err
		}
		var urls, out []string
		for _, q := range in.Requests {
			urls = append(urls, q.URL)
			id, ok := strings.CutPrefix(q.URL, "/users/")
			mu.Lock()
			throttle := id == "u-7" && !throttled
			throttled = throttled || throttle
			mu.Unlock()
			switch {
			case !ok || q.Method != "GET":
				return fmt.Errorf("inner request %s %s", q.Method, q.URL)
			case throttle:
				out = append(out, fmt.Sprintf(`{"id":%q,"status":429,"headers":{"Retry-After":"4","Content-Type":"application/json"},"body":{"error":{"code":"TooManyRequests","message":"slow down"}}}`, q.ID))
			default:
				out = append(out, fmt.Sprintf(`{"id":%q,"status":200,"headers":{"Content-Type":"application/json"},"body":{"id":%q,"displayName":"User %s"}}`, q.ID, id, id))
			}
		}
		mu.Lock()
		batches = append(batches, urls)
		mu.Unlock()
		writeJSON(w, 200, `{"responses":[`+strings.Join(out, ",")+`]}`)
		return nil
	})
	clk := newFakeClock()
	c := newClient(t, srv, graph.WithClock(clk))
	ctx := context.Background()
	b := c.Batch()
	users := make([]*graph.User, 25)
	for i := range users {
		b.Go(func(c *graph.Client) (err error) {
			users[i], err = c.GetUser(ctx, fmt.Sprintf("u-%d", i))
			return err
		})
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for i, u := range users {
		if name, _ := u.DisplayName.Get(); name != fmt.Sprintf("User u-%d", i) {
			t.Errorf("user %d: %q", i, name)
		}
	}
	if len(batches) != 3 || len(batches[0]) != 20 || len(batches[1]) != 5 || !slices.Equal(batches[2], []string{"/users/u-7"}) {
		t.Errorf("$batch requests %q, want 20, 5, then u-7 again", batches)
	}
	if w := clk.Waits(); !slices.Equal(w, []time.Duration{4 * time.Second}) {
		t.Errorf("waits %v, want [4s]", w)
	}
}
