package graphtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// Graph's own patterns, played by the fake and driven by the client's
// runtime (UploadLarge, Wait, Batch, FromLink), every wait on the server's
// clock.

// fileBytes is n bytes of a pattern that does not repeat every 320 KiB.
func fileBytes(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i>>11)
	}
	return b
}

// origin is a URL's scheme and host.
func origin(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Scheme + "://" + u.Host
}

func fragmentsOf(s *Server) (starts []int64, statuses []int) {
	for _, c := range s.CallsOf(UploadFragment) {
		starts = append(starts, c.Body.(Fragment).Start)
		statuses = append(statuses, c.Status)
	}
	return starts, statuses
}

const chunk = 8 * 320 << 10 // 2.5 MiB: a 7 MiB file is three fragments

// A 7 MiB upload through createUploadSession and UploadLarge survives a 503
// on its second fragment and a dropped connection on its third: each time
// the client asks the session where to go on, and the file arrives whole.
// No token reaches the storage host (the fake answers 401 to one).
func TestUploadSession(t *testing.T) {
	s := NewServer(t)
	c := s.Client(graph.WithTokenProvider(TokenProvider(Token("Files.ReadWrite"))))
	sess, err := c.CallDriveRootByPathCreateUploadSession(ctx, "reports/q3.csv", &graph.CallDriveRootByPathCreateUploadSessionRequest{Description: graph.Value("third quarter")})
	if err != nil {
		t.Fatal(err)
	}
	uploadURL := get(sess.UploadURL)
	if origin(t, uploadURL) == origin(t, s.URL()) || !slices.Equal(get(sess.NextExpectedRanges), []string{"0-"}) || !isSet(sess.ExpirationDateTime) {
		t.Errorf("session %s %v: want an upload URL on another origin than %s, expecting 0-", uploadURL, get(sess.NextExpectedRanges), s.URL())
	}
	data := fileBytes(7 << 20)
	s.FaultAt(UploadFragment, 2, Unavailable(3*time.Second))
	s.FaultAt(UploadFragment, 4, Dropped()) // the third fragment's first try (the second's retry is the third PUT)
	var progress []int64
	item, err := graph.UploadLarge[graph.Widget](ctx, c, uploadURL, bytes.NewReader(data), int64(len(data)),
		graph.ChunkSize(chunk), graph.OnProgress(func(sent, total int64) { progress = append(progress, sent) }))
	if err != nil {
		t.Fatal(err)
	}
	if !is(item.Name, "q3.csv") || !is(item.Size, int64(len(data))) || !isSet(item.ID) {
		t.Errorf("final answer %+v, want the default item named q3.csv of %d bytes", item, len(data))
	}
	up := s.Uploads()
	if len(up) != 1 || !bytes.Equal(up[0].Data, data) {
		t.Fatalf("uploads: %d, want one holding the 7 MiB as sent", len(up))
	}
	if up[0].Operation != "CallDriveRootByPathCreateUploadSession" || up[0].Params["itemPath"] != "reports/q3.csv" || up[0].UploadURL != uploadURL {
		t.Errorf("upload %s %v %s", up[0].Operation, up[0].Params, up[0].UploadURL)
	}
	if body, ok := up[0].Body.(*graph.CallDriveRootByPathCreateUploadSessionRequest); !ok || !is(body.Description, "third quarter") {
		t.Errorf("the session's request body: %#v", up[0].Body)
	}
	starts, statuses := fragmentsOf(s)
	if !slices.Equal(starts, []int64{0, chunk, chunk, 2 * chunk, 2 * chunk}) || !slices.Equal(statuses, []int{202, 503, 202, 0, 201}) {
		t.Errorf("fragments from %v answered %v; want the second failing (503) and the third dropped (no answer), each sent again", starts, statuses)
	}
	if n := len(s.CallsOf(UploadStatus)); n != 3 {
		t.Errorf("%d status requests, want 3: where to start, after the 503, after the drop", n)
	}
	if w := s.Waits(); len(w) != 2 || w[0] != 3*time.Second {
		t.Errorf("waits %v, want Retry-After's 3s, then a backoff", w)
	}
	if !slices.Equal(progress, []int64{chunk, 2 * chunk, int64(len(data))}) {
		t.Errorf("progress %v", progress)
	}
	for _, cl := range s.Calls() {
		onStorage := cl.Operation == UploadFragment || cl.Operation == UploadStatus
		if hasToken := cl.Header.Get("Authorization") != ""; hasToken == onStorage {
			t.Errorf("%s %s: Authorization %q", cl.Operation, cl.Path, cl.Header.Get("Authorization"))
		}
	}
	// A client that sends its token to the upload URL leaks it: 401.
	sessURL := s.NewUploadSession()
	status, _, body := rawURL(t, s, "GET", sessURL, "", "Authorization", "Bearer "+Token("Files.ReadWrite"))
	if code, msg, _ := graphError(t, body); status != 401 || code != "unauthenticated" || !strings.Contains(msg, "Authorization") {
		t.Errorf("a token to the upload URL: %d %s", status, body)
	}
}

// rawURL sends a request to an absolute URL (the storage host's).
func rawURL(t *testing.T, s *Server, method, u, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(data)
}

// A second UploadLarge with the same URL resumes where the session says:
// its first fragment starts at the byte the session expects, not at 0.
// CancelUpload deletes a session.
func TestUploadResume(t *testing.T) {
	s := NewServer(t)
	c := s.Client()
	uploadURL := s.NewUploadSession()
	data := fileBytes(7 << 20)
	s.FaultAt(UploadFragment, 2, Fault{Status: http.StatusConflict}) // not retried: the first call ends
	_, err := graph.UploadLarge[graph.Widget](ctx, c, uploadURL, bytes.NewReader(data), int64(len(data)), graph.ChunkSize(chunk))
	wantGraphError(t, err, 409, "Conflict", "Fault")
	first := len(s.CallsOf(UploadFragment))
	var completed *UploadedFile
	s.OnUploadComplete(func(u *UploadedFile) (any, error) {
		completed = u
		return &graph.Widget{ID: graph.Value("big-1"), Size: graph.Value(int64(len(u.Data)))}, nil
	})
	item, err := graph.UploadLarge[graph.Widget](ctx, c, uploadURL, bytes.NewReader(data), int64(len(data)), graph.ChunkSize(chunk))
	if err != nil {
		t.Fatal(err)
	}
	if !is(item.ID, "big-1") || completed == nil || !bytes.Equal(completed.Data, data) || completed.Operation != "" {
		t.Errorf("OnUploadComplete's item %+v", item)
	}
	starts, _ := fragmentsOf(s)
	if !slices.Equal(starts[first:], []int64{chunk, 2 * chunk}) {
		t.Errorf("the resumed upload sent fragments from %v, want from %d (where the session stood)", starts[first:], chunk)
	}
	if st := s.CallsOf(UploadStatus); len(st) != 2 {
		t.Errorf("%d status requests, want one per UploadLarge", len(st))
	}
	// The session is gone once finished.
	if status, _, _ := rawURL(t, s, "GET", uploadURL, ""); status != 404 {
		t.Errorf("a finished session answered %d, want 404", status)
	}

	// Cancelled: DELETE, then 404 for everything.
	gone := s.NewUploadSession()
	if err := graph.CancelUpload(ctx, c, gone); err != nil {
		t.Fatal(err)
	}
	_, err = graph.UploadLarge[graph.Widget](ctx, c, gone, bytes.NewReader(data), int64(len(data)))
	wantGraphError(t, err, 404, "itemNotFound", "no upload session")
	if cl := s.CallsOf(UploadCancel); len(cl) != 1 || cl[0].Status != 204 {
		t.Errorf("cancel calls %+v", cl)
	}
	// A URL whose credential is wrong is no session.
	if status, _, _ := rawURL(t, s, "GET", strings.Replace(s.NewUploadSession(), "tempauth=", "tempauth=x", 1), ""); status != 404 {
		t.Errorf("a wrong tempauth: %d, want 404", status)
	}
}

// Fragments are checked as the service checks them.
func TestUploadFragmentChecks(t *testing.T) {
	s := NewServer(t)
	u := s.NewUploadSession()
	unit := strings.Repeat("x", 320<<10)
	for _, tc := range []struct {
		name, rng, body string
		status          int
		inMessage       string
	}{
		{"no Content-Range", "", "abc", 400, "Content-Range"},
		{"range and body differ", "bytes 0-9/100", "abc", 400, "announces 10 bytes"},
		{"not a multiple of 320 KiB", "bytes 0-2/100", "abc", 400, "multiple of 320 KiB"},
		{"a gap", "bytes 327680-655359/1000000", unit, 416, "expects bytes from 0"},
		{"the first fragment", "bytes 0-327679/1000000", unit, 202, ""},
		{"again", "bytes 0-327679/1000000", unit, 416, "expects bytes from 327680"},
		{"another size", "bytes 327680-655359/2000000", unit, 400, "has 1000000 bytes"},
	} {
		status, _, body := rawURL(t, s, "PUT", u, tc.body, "Content-Range", tc.rng)
		if status != tc.status {
			t.Errorf("%s: %d %s, want %d", tc.name, status, body, tc.status)
			continue
		}
		if tc.inMessage != "" {
			if _, msg, _ := graphError(t, body); !strings.Contains(msg, tc.inMessage) {
				t.Errorf("%s: message %q lacks %q", tc.name, msg, tc.inMessage)
			}
		} else if !strings.Contains(body, `"nextExpectedRanges":["327680-"]`) {
			t.Errorf("%s: %s", tc.name, body)
		}
	}
}

// A copy watched with Wait: the monitor (on the storage host) answers as
// the test scripts it, Retry-After goes through the clock, and no token
// reaches it.
func TestMonitor(t *testing.T) {
	s := NewServer(t)
	c := s.Client(graph.WithTokenProvider(TokenProvider(AppToken("Widget.Export.All"))))
	s.ScriptMonitor("CallWidgetsExport", InProgress(25), MonitorStep{Status: "inProgress", PercentageComplete: 60, RetryAfter: 5 * time.Second}, Completed("export-9"))
	a, err := c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if err != nil {
		t.Fatal(err)
	}
	if origin(t, a.Location) == origin(t, s.URL()) {
		t.Errorf("monitor %s on the service's origin, want another host's", a.Location)
	}
	var seen []float64
	res, err := c.Wait(ctx, a, graph.OnPoll(func(r *graph.WaitResult) { seen = append(seen, r.PercentageComplete) }))
	if err != nil {
		t.Fatal(err)
	}
	if res.Status != "completed" || res.ResourceID != "export-9" || res.PercentageComplete != 100 || !slices.Equal(seen, []float64{25, 60}) {
		t.Errorf("Wait = %+v after %v", res, seen)
	}
	polls := s.CallsOf(MonitorPoll)
	var st []int
	for _, p := range polls {
		st = append(st, p.Status)
		if p.Header.Get("Authorization") != "" {
			t.Errorf("the token reached the monitor")
		}
	}
	if !slices.Equal(st, []int{202, 202, 200}) {
		t.Errorf("monitor statuses %v", st)
	}
	if w := s.Waits(); len(w) != 2 || w[1] != 5*time.Second {
		t.Errorf("waits %v, want a backoff then Retry-After's 5s", w)
	}

	// Failed, with Graph's error.
	s.ScriptMonitor("CallWidgetsExport", InProgress(10), Failed("quotaLimitReached", "the drive is full"))
	a, err = c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if err != nil {
		t.Fatal(err)
	}
	res, err = c.Wait(ctx, a)
	if ge := wantGraphError(t, err, 200, "quotaLimitReached", "the drive is full"); res == nil || res.Status != "failed" || res.Err != ge {
		t.Errorf("failed: %+v %v", res, err)
	}

	// Unscripted: completed at once with an id of the server's; a handler
	// answers with NewMonitor.
	s.ScriptMonitor("CallWidgetsExport")
	a, _ = c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if res, err := c.Wait(ctx, a); err != nil || res.Status != "completed" || !strings.HasPrefix(res.ResourceID, "resource-") {
		t.Errorf("default monitor: %+v %v", res, err)
	}
	s.HandleCallWidgetsExport(func(r *Request[*graph.CallWidgetsExportRequest]) (*graph.Accepted, error) {
		return &graph.Accepted{Location: s.NewMonitor(Completed("by-handler"))}, nil
	})
	a, _ = c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if res, err := c.Wait(ctx, a); err != nil || res.ResourceID != "by-handler" {
		t.Errorf("the handler's monitor: %+v %v", res, err)
	}
	status, _, body := rawURL(t, s, "GET", a.Location, "", "Authorization", "Bearer x")
	if code, _, _ := graphError(t, body); status != 401 || code != "unauthenticated" {
		t.Errorf("a token to the monitor: %d %s", status, body)
	}
}

// A batch of 25 calls written as the methods are: two $batch requests (20,
// then 5), one call throttled inside its batch and retried, after its
// Retry-After, in a third.
func TestBatch(t *testing.T) {
	s := NewServer(t)
	c := s.Client(graph.WithTokenProvider(TokenProvider(Token("Widget.Read"))))
	s.HandleGetWidget(func(r *Request[NoBody]) (*graph.Widget, error) {
		if len(r.Scopes) != 1 {
			t.Errorf("a request of the batch without the batch's token: scopes %v", r.Scopes)
		}
		return &graph.Widget{ID: graph.Value(r.Params["id"]), Name: graph.Value("widget " + r.Params["id"])}, nil
	})
	s.FaultAt("GetWidget", 7, Throttle(2*time.Second))
	b := c.Batch()
	got := make([]*graph.Widget, 25)
	for i := range got {
		b.Go(func(c *graph.Client) (err error) {
			got[i], err = c.GetWidget(ctx, fmt.Sprint("w/", i))
			return err
		})
	}
	if err := b.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for i, w := range got {
		if w == nil || !is(w.ID, fmt.Sprint("w/", i)) || !is(w.Name, fmt.Sprint("widget w/", i)) {
			t.Errorf("call %d: %+v", i, w)
		}
	}
	batches := s.CallsOf(BatchRequest)
	var sizes []int
	for _, bc := range batches {
		var in struct{ Requests []json.RawMessage }
		json.Unmarshal(bc.RawBody, &in)
		sizes = append(sizes, len(in.Requests))
	}
	if !slices.Equal(sizes, []int{20, 5, 1}) {
		t.Errorf("batch sizes %v, want [20 5 1]: two round trips, then the throttled call", sizes)
	}
	var st []int
	for _, cl := range s.CallsOf("GetWidget") {
		st = append(st, cl.Status)
	}
	if len(st) != 26 || st[6] != 429 || slices.Index(st, 429) != 6 || slices.Contains(st[7:], 429) {
		t.Errorf("GetWidget statuses %v, want the 7th 429 and 25 200s", st)
	}
	if w := s.Waits(); !slices.Equal(w, []time.Duration{2 * time.Second}) {
		t.Errorf("waits %v, want Retry-After's 2s", w)
	}
}

// The $batch endpoint checks a batch as the service does, answers
// dependsOn with 424 when the request depended on failed, and carries a
// body that is not JSON as base64.
func TestBatchChecks(t *testing.T) {
	s := NewServer(t)
	reqs := func(n int) string {
		var r []string
		for i := range n {
			r = append(r, fmt.Sprintf(`{"id":"%d","method":"GET","url":"/widgets/w%d"}`, i+1, i))
		}
		return `{"requests":[` + strings.Join(r, ",") + `]}`
	}
	for _, tc := range []struct{ name, body, inMessage string }{
		{"21 requests", reqs(21), "at most 20"},
		{"not JSON", `{"requests":`, "{\"requests\":[...]}"},
		{"an id twice", `{"requests":[{"id":"1","method":"GET","url":"/widgets"},{"id":"1","method":"GET","url":"/widgets"}]}`, "twice"},
		{"depends on a later id", `{"requests":[{"id":"1","method":"GET","url":"/widgets","dependsOn":["2"]},{"id":"2","method":"GET","url":"/widgets"}]}`, "not an earlier request"},
	} {
		status, _, body := raw(t, s, "POST", "/$batch", tc.body)
		if _, msg, _ := graphError(t, body); status != 400 || !strings.Contains(msg, tc.inMessage) {
			t.Errorf("%s: %d %s", tc.name, status, body)
		}
	}
	s.HandleDownloadWidgetContent(func(r *Request[NoBody]) (*graph.Download, error) {
		return &graph.Download{Body: io.NopCloser(strings.NewReader("bytes!")), ContentType: "text/plain"}, nil
	})
	status, _, body := raw(t, s, "POST", "/$batch", `{"requests":[
		{"id":"a","method":"DELETE","url":"/nowhere/1"},
		{"id":"b","method":"GET","url":"/widgets/w1","dependsOn":["a"]},
		{"id":"c","method":"GET","url":"/widgets/w1/content"},
		{"id":"d","method":"POST","url":"/widgets","body":{"size":1},"headers":{"Content-Type":"application/json"}},
		{"id":"e","method":"POST","url":"/$batch","body":{"requests":[]}},
		{"id":"f","method":"GET","url":"https://graph.microsoft.com/v1.0/widgets"}]}`)
	var out struct {
		Responses []struct {
			ID      string
			Status  int
			Headers map[string]string
			Body    json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(body), &out); status != 200 || err != nil || len(out.Responses) != 6 {
		t.Fatalf("%d %s", status, body)
	}
	var got []string
	for _, r := range out.Responses {
		got = append(got, fmt.Sprint(r.ID, " ", r.Status))
	}
	if want := []string{"a 404", "b 424", "c 200", "d 400", "e 400", "f 400"}; !slices.Equal(got, want) {
		t.Errorf("responses %v, want %v", got, want)
	}
	if c := out.Responses[2]; string(c.Body) != `"Ynl0ZXMh"` || c.Headers["Content-Type"] != "text/plain" {
		t.Errorf("a download in a batch: %s %v", c.Body, c.Headers)
	}
	if d := out.Responses[3]; !strings.Contains(string(d.Body), "'name' is missing") {
		t.Errorf("a bad body in a batch: %s", d.Body)
	}
	if n := len(s.CallsOf("GetWidget")); n != 0 {
		t.Errorf("the request depending on a failed one was answered by its operation (%d calls)", n)
	}
}

// Delta rounds: every item, pages, then @odata.deltaLink; the link
// (FromLink) returns the changes recorded since it was given.
func TestDelta(t *testing.T) {
	s := NewServer(t, WithPageSize(1))
	c := s.Client()
	var ids []string
	var p *graph.Page[*graph.Widget]
	var err error
	for p, err = c.ListWidgetsDeltaPage(ctx); p != nil && p.DeltaLink == ""; p, err = p.Next(ctx) {
		for _, w := range p.Items {
			ids = append(ids, get(w.ID))
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	ids = append(ids, get(p.Items[0].ID))
	if !slices.Equal(ids, []string{"w1", "w2"}) || p.NextLink != "" || !strings.HasPrefix(p.DeltaLink, s.URL()+"/widgets/delta?") {
		t.Fatalf("first round: %v, last page next %q delta %q", ids, p.NextLink, p.DeltaLink)
	}
	link := p.DeltaLink
	s.DeltaChanges("ListWidgetsDelta", &graph.Widget{ID: graph.Value("w2"), Name: graph.Value("two!")}, Removed("w1"))
	var changes []string
	for w, err := range c.ListWidgetsDelta(ctx, graph.FromLink(link)) {
		if err != nil {
			t.Fatal(err)
		}
		changes = append(changes, get(w.ID)+"|"+get(w.Name)+"|"+string(w.AdditionalData["@removed"]))
	}
	if want := []string{"w2|two!|", `w1||{"reason":"deleted"}`}; !slices.Equal(changes, want) {
		t.Errorf("changes %q, want %q", changes, want)
	}
	// The next round's link returns what changed after it; the old link
	// still returns everything since it.
	last, err := c.ListWidgetsDeltaPage(ctx, graph.FromLink(link))
	for err == nil && last.DeltaLink == "" {
		last, err = last.Next(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	s.DeltaChanges("ListWidgetsDelta", &graph.Widget{ID: graph.Value("w3")})
	p, err = c.ListWidgetsDeltaPage(ctx, graph.FromLink(last.DeltaLink))
	if err != nil || len(p.Items) != 1 || !is(p.Items[0].ID, "w3") || p.DeltaLink == "" {
		t.Errorf("the next round: %+v %v", p, err)
	}
	// An unknown token: 410.
	bad := strings.Replace(link, "deltatoken=", "deltatoken=x", 1)
	_, err = c.ListWidgetsDeltaPage(ctx, graph.FromLink(bad))
	wantGraphError(t, err, 410, "resyncRequired", "$deltatoken")
}

// $filter: equality of string properties, and/or/parentheses, nested
// properties; anything else is 501, never the whole list.
func TestFilter(t *testing.T) {
	s := NewServer(t)
	c := s.Client()
	handled := 0
	s.HandleListWidgets(func(r *Request[NoBody]) ([]*graph.Widget, error) {
		handled++
		ws := widgets(5)
		ws[3].Owner = graph.Value(&graph.Person{DisplayName: graph.Value("Ada O'Neil")})
		return ws, nil
	})
	names := func(opts ...graph.RequestOption) ([]string, error) {
		var out []string
		for w, err := range c.ListWidgets(ctx, opts...) {
			if err != nil {
				return out, err
			}
			out = append(out, get(w.Name))
		}
		return out, nil
	}
	for _, tc := range []struct {
		filter string
		want   []string
	}{
		{"name eq 'n1'", []string{"n1"}},
		{"name eq 'N1' or name eq 'n3'", []string{"n1", "n3"}},
		{"name eq 'n1' and id eq 'w2'", nil},
		{"(name eq 'n1' or name eq 'n2') and id eq 'w2'", []string{"n2"}},
		{"owner/displayName eq 'ada o''neil'", []string{"n3"}},
		{"name eq 'nobody'", nil},
	} {
		got, err := names(graph.Filter(tc.filter))
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("$filter=%s: %v %v, want %v", tc.filter, got, err, tc.want)
		}
	}
	p, err := c.ListWidgetsPage(ctx, graph.Filter("name eq 'n1' or name eq 'n4'"), graph.Count())
	if err != nil || len(p.Items) != 2 || !is(p.Count, int64(2)) {
		t.Errorf("$count of a filtered list: %+v %v", p, err)
	}
	before := handled
	for _, tc := range []struct{ filter, inMessage string }{
		{"startswith(name,'n')", "the function startswith() is not supported"},
		{"name ne 'n1'", "the operator ne is not supported"},
		{"size eq 3", "only string literals"},
		{"size eq '3'", "the property size is not a string"},
		{"not name eq 'n1'", "not is not supported"},
		{"tags/any(t:t eq 'a')", "not supported"},
		{"name eq 'n1", "not closed"},
	} {
		got, err := names(graph.Filter(tc.filter))
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.StatusCode != 501 || ge.Code != "NotImplemented" || !strings.Contains(ge.Message, tc.inMessage) || !strings.Contains(ge.Message, "the fake evaluates only eq") || len(got) != 0 {
			t.Errorf("$filter=%s: %v %v, want 501 naming %q", tc.filter, got, err, tc.inMessage)
		}
	}
	if handled-before != 1 {
		t.Errorf("the handler ran %d times for 7 unsupported filters; only the one the fake cannot evaluate on its answer should reach it", handled-before)
	}
}

// FaultAt lets k-1 requests through, then faults one.
func TestFaultAt(t *testing.T) {
	s := NewServer(t)
	c := s.Client(graph.WithRetry(0, 0))
	s.FaultAt("GetWidget", 2, Fault{Status: 500})
	s.FaultAt("GetWidget", 3, Unavailable(0))
	var st []int
	for range 4 {
		c.GetWidget(ctx, "w")
	}
	for _, cl := range s.CallsOf("GetWidget") {
		st = append(st, cl.Status)
	}
	if !slices.Equal(st, []int{200, 500, 503, 200}) {
		t.Errorf("statuses %v", st)
	}
	// A dropped connection: no answer at all, a transport error for the
	// client (a PATCH: net/http may send a GET again by itself).
	s.FaultAt("UpdateWidget", 1, Dropped())
	if _, err := c.UpdateWidget(ctx, "w", &graph.Widget{}); err == nil || errors.As(err, new(*graph.Error)) {
		t.Errorf("a dropped connection: %v, want a transport error", err)
	}
	if cl := s.CallsOf("UpdateWidget"); len(cl) != 1 || cl[0].Status != 0 {
		t.Errorf("dropped call %+v", cl)
	}
}
