package graphrt

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// rtTestSession is an upload session as OneDrive plays it (Outlook's when
// outlook is set): GET answers nextExpectedRanges, PUT takes the fragment
// at the byte it expects (416 for one it has, 400 out of order), 202 until
// the last byte, then the final answer; DELETE drops it. Faults, by PUT
// number (1-based): "503", "429", "500", "409", "drop" (read part of the
// fragment, then close the connection), "hang" (wait for the client to go
// away).
type rtTestSession struct {
	t       *testing.T
	srv     *httptest.Server
	size    int64
	outlook bool
	faults  map[int]string
	hung    chan struct{} // closed when a "hang" fault starts

	mu      sync.Mutex
	data    []byte // the bytes held: the first len(data) of the file
	puts    int
	log     []string
	auth    []string
	deleted bool
	final   func(w http.ResponseWriter) // nil: 201 and a driveItem
	stale   string                      // the first GET's nextExpectedRanges, when set
}

func rtTestNewSession(t *testing.T, size int64) *rtTestSession {
	s := &rtTestSession{t: t, size: size, faults: map[int]string{}, hung: make(chan struct{})}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the session's upload URL: on its own host, with a credential in
// the query, as Graph's are.
func (s *rtTestSession) URL() string {
	return s.srv.URL + "/up/fe6987415ace7X4e1eF866337?tempauth=s3cr3t"
}

func (s *rtTestSession) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.log)
}

func (s *rtTestSession) ranges() string {
	if int64(len(s.data)) == s.size {
		return `[]`
	}
	if s.outlook {
		return fmt.Sprintf(`["%d"]`, len(s.data))
	}
	return fmt.Sprintf(`["%d-"]`, len(s.data))
}

func (s *rtTestSession) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	if a := r.Header.Get("Authorization"); a != "" {
		s.auth = append(s.auth, r.Method+" "+a)
	}
	if r.URL.RawQuery != "tempauth=s3cr3t" {
		s.mu.Unlock()
		s.t.Errorf("%s %s: the upload URL's query was changed", r.Method, r.URL)
		http.Error(w, "bad URL", 400)
		return
	}
	if s.deleted {
		s.log = append(s.log, r.Method+" 404")
		s.mu.Unlock()
		rtTestJSON(w, 404, `{"error":{"code":"itemNotFound","message":"The upload session was not found"}}`)
		return
	}
	switch r.Method {
	case http.MethodGet:
		ranges := s.ranges()
		if s.stale != "" {
			ranges, s.stale = s.stale, ""
		}
		s.log = append(s.log, "GET "+ranges)
		body := `{"expirationDateTime":"2021-07-01T10:00:00Z","nextExpectedRanges":` + ranges + `}`
		s.mu.Unlock()
		rtTestJSON(w, 200, body)
		return
	case http.MethodDelete:
		s.deleted = true
		s.log = append(s.log, "DELETE")
		s.mu.Unlock()
		w.WriteHeader(204)
		return
	case http.MethodPut:
	default:
		s.mu.Unlock()
		http.Error(w, "method", 405)
		return
	}
	s.puts++
	fault := s.faults[s.puts]
	var a, b, total int64
	if _, err := fmt.Sscanf(r.Header.Get("Content-Range"), "bytes %d-%d/%d", &a, &b, &total); err != nil || total != s.size || b < a || b >= total || r.ContentLength != b-a+1 {
		s.mu.Unlock()
		s.t.Errorf("PUT Content-Range %q, Content-Length %d", r.Header.Get("Content-Range"), r.ContentLength)
		http.Error(w, "bad range", 400)
		return
	}
	entry := fmt.Sprintf("PUT %d-%d", a, b)
	if fault != "" {
		entry += " " + fault
	}
	s.log = append(s.log, entry)
	have := int64(len(s.data))
	s.mu.Unlock()

	switch fault {
	case "503", "429", "500", "409":
		io.Copy(io.Discard, r.Body)
		if fault != "500" && fault != "409" {
			w.Header().Set("Retry-After", map[string]string{"503": "3", "429": "5"}[fault])
		}
		code, _ := strconv.Atoi(fault)
		rtTestJSON(w, code, `{"error":{"code":"busy","message":"try later, tempauth=s3cr3t"}}`)
		return
	case "drop":
		io.CopyN(io.Discard, r.Body, (b-a+1)/2)
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			s.t.Error(err)
			return
		}
		conn.Close()
		return
	case "hang":
		// Read the fragment, so that the server notices the client
		// going away, then answer nothing until it does.
		io.Copy(io.Discard, r.Body)
		close(s.hung)
		<-r.Context().Done()
		return
	}
	switch {
	case a < have:
		io.Copy(io.Discard, r.Body)
		s.mu.Lock()
		s.log[len(s.log)-1] += " 416"
		s.mu.Unlock()
		rtTestJSON(w, 416, `{"error":{"code":"invalidRange","message":"already received"}}`)
		return
	case a > have:
		io.Copy(io.Discard, r.Body)
		rtTestJSON(w, 400, `{"error":{"code":"invalidRange","message":"out of order"}}`)
		return
	}
	frag, err := io.ReadAll(r.Body)
	if err != nil || int64(len(frag)) != b-a+1 {
		return // cut off: nothing kept
	}
	s.mu.Lock()
	s.data = append(s.data, frag...)
	done, final := int64(len(s.data)) == s.size, s.final
	next := s.ranges()
	s.mu.Unlock()
	switch {
	case done && final != nil:
		final(w)
	case done:
		rtTestJSON(w, 201, fmt.Sprintf(`{"id":"01BIG","name":"big.bin","size":%d}`, s.size))
	case s.outlook:
		rtTestJSON(w, 200, `{"expirationDateTime":"2021-07-01T10:00:00Z","nextExpectedRanges":`+next+`}`)
	default:
		rtTestJSON(w, 202, `{"expirationDateTime":"2021-07-01T10:00:00Z","nextExpectedRanges":`+next+`}`)
	}
}

// rtTestItem is what the final answer decodes into.
type rtTestItem struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Size int64  `json:"size"`
}

func rtTestRandom(n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// rtTestReaderAt records the largest read (UploadLarge streams each
// fragment, never reading one whole).
type rtTestReaderAt struct {
	r       *bytes.Reader
	mu      sync.Mutex
	maxRead int
}

func (r *rtTestReaderAt) ReadAt(p []byte, off int64) (int, error) {
	r.mu.Lock()
	r.maxRead = max(r.maxRead, len(p))
	r.mu.Unlock()
	return r.r.ReadAt(p, off)
}

const rtTestChunk = 4 * graphrtFragmentUnit // 1.25 MiB

// A 7 MiB upload in 1.25 MiB fragments survives a 503 (Retry-After: 3) and
// a connection dropped in the middle of a fragment: each time it waits, asks
// the session where to go on, and sends from there. No request to the
// upload host carries the token; every wait goes through the clock.
func TestUploadLargeSurvives503AndDroppedConnection(t *testing.T) {
	const size = 7 << 20
	src := rtTestRandom(size)
	sess := rtTestNewSession(t, size)
	sess.faults[2] = "503"
	sess.faults[5] = "drop"
	clk := rtTestNewClock()
	c := rtTestClient("https://graph.example.com/v1.0", WithClock(clk), WithRetry(3, time.Minute))
	body := &rtTestReaderAt{r: bytes.NewReader(src)}
	var progress []int64
	item, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), body, size, ChunkSize(rtTestChunk),
		OnProgress(func(sent, total int64) {
			if total != size {
				t.Errorf("progress total %d", total)
			}
			progress = append(progress, sent)
		}))
	if err != nil {
		t.Fatal(err)
	}
	if item == nil || item.ID != "01BIG" || item.Size != size {
		t.Errorf("item %+v", item)
	}
	if !bytes.Equal(sess.data, src) {
		t.Errorf("the session holds %d bytes, not the file's", len(sess.data))
	}
	const k = rtTestChunk
	want := []string{
		`GET ["0-"]`,
		"PUT 0-1310719",
		"PUT 1310720-2621439 503",
		`GET ["1310720-"]`,
		"PUT 1310720-2621439",
		"PUT 2621440-3932159",
		"PUT 3932160-5242879 drop",
		`GET ["3932160-"]`,
		"PUT 3932160-5242879",
		"PUT 5242880-6553599",
		"PUT 6553600-7340031",
	}
	if d := rtTestDiff(want, sess.Log()); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	if len(sess.auth) != 0 {
		t.Errorf("the upload host got Authorization: %q", sess.auth)
	}
	if d := rtTestDiff([]int64{k, 2 * k, 3 * k, 4 * k, 5 * k, size}, progress); d != "" {
		t.Errorf("progress (-want +got):\n%s", d)
	}
	// 3s as Retry-After said; then the backoff of a first failure (the 503
	// was followed by progress, so the drop is one in a row again).
	w := clk.Waits()
	if len(w) != 2 || w[0] != 3*time.Second || w[1] < 250*time.Millisecond || w[1] > 500*time.Millisecond {
		t.Errorf("waits %v, want [3s, 250-500ms]", w)
	}
	if body.maxRead <= 0 || body.maxRead >= rtTestChunk/4 {
		t.Errorf("largest read %d bytes: a fragment is streamed, not read whole (%d)", body.maxRead, rtTestChunk)
	}
}

// A new call with the same upload URL (another process's, here one whose
// first three fragments arrived) starts where the session says, in
// OneDrive's range format and Outlook's.
func TestUploadLargeResumesWhereTheSessionSays(t *testing.T) {
	for _, outlook := range []bool{false, true} {
		const size = 5*rtTestChunk + 1000
		src := rtTestRandom(size)
		sess := rtTestNewSession(t, size)
		sess.outlook = outlook
		held := int64(3*rtTestChunk + 4096) // not even on a fragment boundary
		sess.data = slices.Clone(src[:held])
		c := rtTestClient(sess.srv.URL) // same origin as the session: still no token
		var sent []int64
		item, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk),
			OnProgress(func(s, _ int64) { sent = append(sent, s) }))
		if err != nil || item == nil || item.ID != "01BIG" {
			t.Fatalf("outlook %v: %+v, %v", outlook, item, err)
		}
		first := "GET [\"3936256-\"]"
		if outlook {
			first = "GET [\"3936256\"]"
		}
		want := []string{first, "PUT 3936256-5246975", "PUT 5246976-6554599"}
		if d := rtTestDiff(want, sess.Log()); d != "" {
			t.Errorf("outlook %v: requests (-want +got):\n%s", outlook, d)
		}
		if !bytes.Equal(sess.data, src) || len(sess.auth) != 0 {
			t.Errorf("outlook %v: %d bytes held, Authorization %q", outlook, len(sess.data), sess.auth)
		}
		if d := rtTestDiff([]int64{held + rtTestChunk, size}, sent); d != "" {
			t.Errorf("outlook %v: progress (-want +got):\n%s", outlook, d)
		}
	}
}

// The session already holds a fragment the client sends (the client's
// view was stale): 416, then it asks and goes on from where it says.
func TestUploadLargeRangeAlreadyReceived(t *testing.T) {
	const size = 3 * rtTestChunk
	src := rtTestRandom(size)
	sess := rtTestNewSession(t, size)
	clk := rtTestNewClock()
	c := rtTestClient("https://graph.example.com/v1.0", WithClock(clk))
	// The session's first status answer is one fragment behind: as if
	// another process sent it between that answer and this PUT.
	sess.data = slices.Clone(src[:rtTestChunk])
	sess.stale = `["0-"]`
	item, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk))
	if err != nil || item == nil {
		t.Fatalf("%+v %v", item, err)
	}
	want := []string{`GET ["0-"]`, "PUT 0-1310719 416", `GET ["1310720-"]`, "PUT 1310720-2621439", "PUT 2621440-3932159"}
	if d := rtTestDiff(want, sess.Log()); d != "" {
		t.Errorf("requests (-want +got):\n%s", d)
	}
	if w := clk.Waits(); len(w) != 1 {
		t.Errorf("waits %v, want one backoff", w)
	}
	if !bytes.Equal(sess.data, src) {
		t.Errorf("data differs")
	}
}

// Failures in a row without progress are bounded by WithRetry: the last
// error is returned; an answer that is not a failure to retry ends the
// upload at once; nothing names the upload URL's credential.
func TestUploadLargeGivesUp(t *testing.T) {
	const size = 2 * rtTestChunk
	src := rtTestRandom(size)
	for _, tc := range []struct {
		fault     string
		status    int
		wantPuts  int
		wantWaits int
	}{
		{"503", 503, 3, 2}, {"429", 429, 3, 2}, {"500", 500, 3, 2}, {"drop", 0, 3, 2}, {"409", 409, 1, 0},
	} {
		sess := rtTestNewSession(t, size)
		for i := 1; i <= 10; i++ {
			sess.faults[i] = tc.fault
		}
		clk := rtTestNewClock()
		c := rtTestClient("https://graph.example.com/v1.0", WithClock(clk), WithRetry(2, time.Minute))
		item, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk))
		if item != nil || err == nil {
			t.Fatalf("%s: %+v, %v", tc.fault, item, err)
		}
		var ge *Error
		if tc.status != 0 && (!errors.As(err, &ge) || ge.StatusCode != tc.status || ge.Op != "UploadLarge") {
			t.Errorf("%s: err %v, want an *Error %d", tc.fault, err, tc.status)
		}
		if tc.status == 0 && (errors.As(err, &ge) || !strings.HasPrefix(err.Error(), "UploadLarge: PUT bytes 0-1310719 (URL withheld): ")) {
			t.Errorf("%s: err %v", tc.fault, err)
		}
		if strings.Contains(err.Error(), "s3cr3t") || ge != nil && strings.Contains(ge.Body, "s3cr3t") {
			t.Errorf("%s: the error holds the upload URL's credential: %v %q", tc.fault, err, ge.Body)
		}
		puts := 0
		for _, l := range sess.Log() {
			if strings.HasPrefix(l, "PUT") {
				puts++
			}
		}
		if puts != tc.wantPuts || len(clk.Waits()) != tc.wantWaits {
			t.Errorf("%s: %d PUTs, waits %v; want %d PUTs, %d waits (log %q)", tc.fault, puts, clk.Waits(), tc.wantPuts, tc.wantWaits, sess.Log())
		}
	}
}

// An invalid ChunkSize, size, body or URL fails before anything is sent.
func TestUploadLargeInvalid(t *testing.T) {
	sess := rtTestNewSession(t, 1000)
	c := rtTestClient("https://graph.example.com/v1.0")
	src := bytes.NewReader(rtTestRandom(1000))
	var nilReader *bytes.Reader
	for _, tc := range []struct {
		url  string
		body io.ReaderAt
		size int64
		opts []UploadOption
		want string
	}{
		{sess.URL(), src, 1000, []UploadOption{ChunkSize(0)}, "UploadLarge: ChunkSize(0) is not a multiple of 320 KiB (327,680 bytes) from 320 KiB to 59.6875 MiB"},
		{sess.URL(), src, 1000, []UploadOption{ChunkSize(1000)}, "ChunkSize(1000) is not"},
		{sess.URL(), src, 1000, []UploadOption{ChunkSize(graphrtFragmentUnit + 1)}, "ChunkSize(327681) is not"},
		{sess.URL(), src, 1000, []UploadOption{ChunkSize(-graphrtFragmentUnit)}, "ChunkSize(-327680) is not"},
		{sess.URL(), src, 1000, []UploadOption{ChunkSize(60 << 20)}, "ChunkSize(62914560) is not"},
		{sess.URL(), src, 0, nil, "UploadLarge: size 0: nothing to upload"},
		{sess.URL(), nil, 1000, nil, "UploadLarge: body is nil"},
		{sess.URL(), nilReader, 1000, nil, "UploadLarge: body is nil"},
		{"/up/x?tempauth=s3cr3t", src, 1000, nil, "UploadLarge: the URL is not an absolute http(s) URL"},
		{"ftp://host/up?tempauth=s3cr3t", src, 1000, nil, "UploadLarge: the URL is not an absolute http(s) URL"},
		{"http://[::1", src, 1000, nil, "UploadLarge: the URL is not an absolute http(s) URL"},
	} {
		item, err := UploadLarge[rtTestItem](context.Background(), c, tc.url, tc.body, tc.size, tc.opts...)
		if item != nil || err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("%q %d: %v, want %q", tc.url, tc.size, err, tc.want)
		}
	}
	// The largest valid fragment size is accepted.
	if _, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), src, 1000, ChunkSize(graphrtMaxChunk)); err != nil {
		t.Errorf("ChunkSize(max): %v", err)
	}
	if n := len(sess.Log()); n != 2 {
		t.Errorf("%d requests, want 2 (the valid upload's)", n)
	}
}

// The context ends the upload between fragments (here from OnProgress)
// and during one.
func TestUploadLargeContext(t *testing.T) {
	const size = 3 * rtTestChunk
	src := rtTestRandom(size)
	sess := rtTestNewSession(t, size)
	c := rtTestClient("https://graph.example.com/v1.0")
	ctx, cancel := context.WithCancel(context.Background())
	_, err := UploadLarge[rtTestItem](ctx, c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk),
		OnProgress(func(int64, int64) { cancel() }))
	if !errors.Is(err, context.Canceled) || err.Error() != "UploadLarge: context canceled" {
		t.Errorf("between fragments: %v", err)
	}
	if d := rtTestDiff([]string{`GET ["0-"]`, "PUT 0-1310719"}, sess.Log()); d != "" {
		t.Errorf("between fragments: requests (-want +got):\n%s", d)
	}

	sess = rtTestNewSession(t, size)
	sess.faults[2] = "hang"
	ctx, cancel = context.WithCancel(context.Background())
	go func() {
		<-sess.hung
		cancel()
	}()
	clk := rtTestNewClock()
	c = rtTestClient("https://graph.example.com/v1.0", WithClock(clk))
	_, err = UploadLarge[rtTestItem](ctx, c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk))
	if !errors.Is(err, context.Canceled) || strings.Contains(err.Error(), "s3cr3t") {
		t.Errorf("during a fragment: %v", err)
	}
	if d := rtTestDiff([]string{`GET ["0-"]`, "PUT 0-1310719", "PUT 1310720-2621439 hang"}, sess.Log()); d != "" || len(clk.Waits()) != 0 {
		t.Errorf("during a fragment: waits %v, requests (-want +got):\n%s", clk.Waits(), d)
	}
}

// Outlook's attachment session answers the last fragment 201 with no body
// and the attachment's URL in Location: (nil, nil) and UploadLocation.
// A session made with deferCommit answers it 202 expecting nothing more:
// (nil, nil) too.
func TestUploadLargeFinalWithoutBody(t *testing.T) {
	const size = rtTestChunk + 10
	src := rtTestRandom(size)
	sess := rtTestNewSession(t, size)
	sess.outlook = true
	sess.final = func(w http.ResponseWriter) {
		w.Header().Set("Location", "https://outlook.office.com/api/v2.0/Users('a')/Messages('m')/Attachments('x')")
		w.WriteHeader(201)
	}
	c := rtTestClient("https://graph.example.com/v1.0")
	loc := "stale"
	item, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk), UploadLocation(&loc))
	if item != nil || err != nil || loc != "https://outlook.office.com/api/v2.0/Users('a')/Messages('m')/Attachments('x')" {
		t.Errorf("Outlook: %+v, %v, Location %q", item, err, loc)
	}

	sess = rtTestNewSession(t, size)
	sess.final = func(w http.ResponseWriter) {
		rtTestJSON(w, 202, `{"nextExpectedRanges":[]}`)
	}
	var last int64
	item, err = UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk),
		OnProgress(func(s, _ int64) { last = s }))
	if item != nil || err != nil || last != size || !bytes.Equal(sess.data, src) {
		t.Errorf("deferCommit: %+v, %v, progress %d", item, err, last)
	}
	// Called again, the session says it expects nothing: (nil, nil), no PUT.
	item, err = UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(src), size, ChunkSize(rtTestChunk))
	if item != nil || err != nil || sess.Log()[len(sess.Log())-1] != "GET []" {
		t.Errorf("deferCommit again: %+v, %v, %q", item, err, sess.Log())
	}
}

// CancelUpload deletes the session without the token; the session is gone
// for UploadLarge then (404, at once).
func TestCancelUpload(t *testing.T) {
	sess := rtTestNewSession(t, 1000)
	c := rtTestClient(sess.srv.URL)
	if err := CancelUpload(context.Background(), c, sess.URL()); err != nil {
		t.Fatal(err)
	}
	_, err := UploadLarge[rtTestItem](context.Background(), c, sess.URL(), bytes.NewReader(rtTestRandom(1000)), 1000)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 404 || ge.Code != "itemNotFound" {
		t.Errorf("after cancel: %v", err)
	}
	if d := rtTestDiff([]string{"DELETE", "GET 404"}, sess.Log()); d != "" || len(sess.auth) != 0 {
		t.Errorf("Authorization %q; requests (-want +got):\n%s", sess.auth, d)
	}
	if err := CancelUpload(context.Background(), c, "/relative"); err == nil || err.Error() != "CancelUpload: the URL is not an absolute http(s) URL" {
		t.Errorf("relative: %v", err)
	}
	err = CancelUpload(context.Background(), c, "http://127.0.0.1:1/up?tempauth=s3cr3t")
	if err == nil || strings.Contains(err.Error(), "s3cr3t") || !strings.HasPrefix(err.Error(), "CancelUpload: DELETE (URL withheld): ") {
		t.Errorf("unreachable: %v", err)
	}
}
