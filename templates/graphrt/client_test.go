package graphrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

type rtTestTarget struct {
	ODataType string `json:"@odata.type,omitempty"`
	GroupID   string `json:"groupId,omitempty"`
}

type rtTestAssignment struct {
	ODataType string        `json:"@odata.type,omitempty"`
	ID        string        `json:"id,omitempty"`
	Target    *rtTestTarget `json:"target,omitempty"`
}

// rtTestRecorded is what the server saw of one request.
type rtTestRecorded struct {
	Method, Path, Auth, Accept, ContentType, UserAgent string
	HasContentType                                     bool
	Body                                               string
}

// rtTestServer records requests and answers with the handler given.
func rtTestServer(t *testing.T, h func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, func() []rtTestRecorded) {
	var (
		mu  sync.Mutex
		got []rtTestRecorded
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, hasCT := r.Header["Content-Type"]
		mu.Lock()
		got = append(got, rtTestRecorded{r.Method, r.URL.EscapedPath(), r.Header.Get("Authorization"), r.Header.Get("Accept"),
			r.Header.Get("Content-Type"), r.Header.Get("User-Agent"), hasCT, string(body)})
		n := len(got)
		mu.Unlock()
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []rtTestRecorded {
		mu.Lock()
		defer mu.Unlock()
		return append([]rtTestRecorded(nil), got...)
	}
}

func rtTestJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func rtTestToken(tok string) TokenProvider {
	return func(context.Context) (string, error) { return tok, nil }
}

const rtTestResponse = `{"@odata.type":"#microsoft.graph.deviceConfigurationAssignment","id":"d59b6342-6342-d59b-4263-9bd542639bd5","target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`

func TestDoPatch(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		rtTestJSON(w, 200, rtTestResponse)
	})
	c := NewClient(WithBaseURL(srv.URL+"/v1.0/"), WithTokenProvider(rtTestToken("tok-123")))
	in := rtTestAssignment{Target: &rtTestTarget{ODataType: "microsoft.graph.groupAssignmentTarget", GroupID: "g/1"}}
	path := "/deviceManagement/deviceConfigurations/" + pathSegment("a b") + "/assignments/" + pathSegment("x?y")
	out, err := graphrtCall(context.Background(), c, "UpdateAssignment", http.MethodPatch, path, &in, new(rtTestAssignment), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []rtTestRecorded{{
		Method: "PATCH", Path: "/v1.0/deviceManagement/deviceConfigurations/a%20b/assignments/x%3Fy",
		Auth: "Bearer tok-123", Accept: "application/json", ContentType: "application/json", UserAgent: "graphgen",
		HasContentType: true,
		Body:           `{"target":{"@odata.type":"microsoft.graph.groupAssignmentTarget","groupId":"g/1"}}`,
	}}
	if got := seen(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("server saw\n%+v\nwant\n%+v", got, want)
	}
	wantOut := rtTestAssignment{ODataType: "#microsoft.graph.deviceConfigurationAssignment", ID: "d59b6342-6342-d59b-4263-9bd542639bd5",
		Target: &rtTestTarget{ODataType: "microsoft.graph.deviceAndAppManagementAssignmentTarget"}}
	if out.ID != wantOut.ID || out.ODataType != wantOut.ODataType || out.Target == nil || *out.Target != *wantOut.Target {
		t.Errorf("out = %+v, want %+v", *out, wantOut)
	}
}

func TestDoGetNoTokenNoBody(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		rtTestJSON(w, 200, `{"id":"1"}`)
	})
	c := NewClient(WithBaseURL(srv.URL), WithUserAgent("my-app/1.0"))
	out, err := graphrtCall(context.Background(), c, "Get", http.MethodGet, "/x", nil, new(rtTestAssignment), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := rtTestRecorded{Method: "GET", Path: "/x", Accept: "application/json", UserAgent: "my-app/1.0"}
	if got := seen(); len(got) != 1 || got[0] != want {
		t.Errorf("server saw %+v, want [%+v]", got, want)
	}
	if out.ID != "1" {
		t.Errorf("out.ID = %q, want 1", out.ID)
	}
}

func TestDoNoContent(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    func(w http.ResponseWriter)
	}{
		{"204", func(w http.ResponseWriter) { w.WriteHeader(204) }},
		{"200 empty, no content type", func(w http.ResponseWriter) { w.WriteHeader(200) }},
		{"202 empty html", func(w http.ResponseWriter) { w.Header().Set("Content-Type", "text/html"); w.WriteHeader(202) }},
	} {
		srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { tc.h(w) })
		c := NewClient(WithBaseURL(srv.URL))
		ctx := context.Background()
		if out, err := graphrtCall(ctx, c, "Op", http.MethodDelete, "/x", nil, new(GroupAssignmentTarget), nil); err != nil || out != nil {
			t.Errorf("%s: graphrtCall = %+v, %v; want nil, nil", tc.name, out, err)
		}
		if v, err := graphrtCallValue[TargetVariant](ctx, c, "Op", http.MethodDelete, "/x", nil, nil); err != nil || v != nil {
			t.Errorf("%s: graphrtCallValue = %+v, %v; want nil, nil", tc.name, v, err)
		}
		if err := graphrtNoContent(ctx, c, "Op", http.MethodDelete, "/x", nil, nil); err != nil {
			t.Errorf("%s: graphrtNoContent: %v", tc.name, err)
		}
	}
}

func TestIsJSON(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json": true, "Application/JSON": true, "application/json; charset=utf-8": true,
		" application/json ;odata.metadata=minimal": true, "application/problem+json": true, "application/vnd.x+JSON; q=1": true,
		"": false, "text/html": false, "text/plain; charset=application/json": false, "application/jsonp": false,
		"+json": false, "application/x-json-stream": false, "json": false,
	} {
		if got := graphrtIsJSON(ct); got != want {
			t.Errorf("graphrtIsJSON(%q) = %v, want %v", ct, got, want)
		}
	}
}

// TestDoDecodeErrors: a 2xx body that is not JSON, is malformed, or does not
// fit the result is a *DecodeError naming the operation, whichever helper
// decodes it.
func TestDoDecodeErrors(t *testing.T) {
	calls := map[string]func(c *Client) error{
		"graphrtCall": func(c *Client) error {
			_, err := graphrtCall(context.Background(), c, "GetX", http.MethodGet, "/x", nil, new(GroupAssignmentTarget), nil)
			return err
		},
		"graphrtCallValue": func(c *Client) error {
			_, err := graphrtCallValue[GroupAssignmentTarget](context.Background(), c, "GetX", http.MethodGet, "/x", nil, nil)
			return err
		},
		"graphrtUpload": func(c *Client) error {
			_, err := graphrtUpload(context.Background(), c, "GetX", http.MethodPut, "/x", strings.NewReader("up"), "", new(GroupAssignmentTarget), nil)
			return err
		},
	}
	for _, tc := range []struct {
		name, ct, body string
		wantMsg        string
		notJSON        bool
		wantErr        any // what Err unwraps to
	}{
		{"html", "text/html; charset=utf-8", "<html>hello</html>", `GetX: decoding HTTP 200 response (Content-Type "text/html; charset=utf-8"): response content type is not JSON`, true, nil},
		{"bad json", "application/json", `{"groupId":`, `GetX: decoding HTTP 200 response (Content-Type "application/json"): GroupAssignmentTarget.groupId: unexpected end of JSON input`, false, new(*json.SyntaxError)},
		{"wrong shape", "application/json", `{"groupId":5}`, `GetX: decoding HTTP 200 response (Content-Type "application/json"): GroupAssignmentTarget.groupId: expected string, got number 5`, false, new(*json.UnmarshalTypeError)},
	} {
		srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Content-Type", tc.ct)
			io.WriteString(w, tc.body)
		})
		c := NewClient(WithBaseURL(srv.URL))
		for name, call := range calls {
			err := fmt.Errorf("wrapped: %w", call(c))
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("%s %s: error %v is not a *DecodeError", name, tc.name, err)
			}
			if de.Op != "GetX" || de.StatusCode != 200 || de.ContentType != tc.ct {
				t.Errorf("%s %s: DecodeError = %+v", name, tc.name, de)
			}
			if de.Error() != tc.wantMsg {
				t.Errorf("%s %s: Error() = %q, want %q", name, tc.name, de.Error(), tc.wantMsg)
			}
			if got := errors.Is(err, graphrtErrNotJSON); got != tc.notJSON {
				t.Errorf("%s %s: errors.Is(err, graphrtErrNotJSON) = %v", name, tc.name, got)
			}
			if tc.wantErr != nil && !errors.As(err, tc.wantErr) {
				t.Errorf("%s %s: %v does not unwrap to %T", name, tc.name, err, tc.wantErr)
			}
		}
		// A page is decoded by its own code (where "groupId" is just a
		// member the page skips).
		if tc.name == "wrong shape" {
			continue
		}
		yields := 0
		for _, err := range graphrtItems[*GroupAssignmentTarget](context.Background(), c, "GetX", http.MethodGet, "/x", nil, nil) {
			yields++
			var de *DecodeError
			if !errors.As(err, &de) || de.Op != "GetX" || errors.Is(err, graphrtErrNotJSON) != tc.notJSON {
				t.Errorf("graphrtItems %s: %v", tc.name, err)
			}
		}
		if yields != 1 {
			t.Errorf("graphrtItems %s: %d yields, want 1 (the error)", tc.name, yields)
		}
	}
}

func TestDoGraphError(t *testing.T) {
	const body = `{"error":{"code":"ResourceNotFound","message":"Assignment 'x' was not found.","innerError":{"request-id":"rid-1","date":"2021-07-01T10:00:00","client-request-id":"crid-1"}}}`
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		rtTestJSON(w, 404, body)
	})
	c := NewClient(WithBaseURL(srv.URL), WithTokenProvider(rtTestToken("secret")))
	err := graphrtNoContent(context.Background(), c, "UpdateAssignment", http.MethodPatch, "/a", rtTestAssignment{ID: "x"}, nil)
	err = fmt.Errorf("layer 2: %w", fmt.Errorf("layer 1: %w", err))
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v is not an *Error", err)
	}
	want := Error{Op: "UpdateAssignment", StatusCode: 404, Code: "ResourceNotFound", Message: "Assignment 'x' was not found.",
		RequestID: "rid-1", ClientRequestID: "crid-1", Date: "2021-07-01T10:00:00", Body: body}
	if *ge != want {
		t.Errorf("Error = %+v\nwant %+v", *ge, want)
	}
	if got, w := ge.Error(), "UpdateAssignment: HTTP 404: ResourceNotFound: Assignment 'x' was not found. (request-id rid-1)"; got != w {
		t.Errorf("Error() = %q, want %q", got, w)
	}
	if n := len(seen()); n != 1 {
		t.Errorf("404 sent %d requests, want 1 (not retried)", n)
	}
}

func TestDoErrorNotGraphShape(t *testing.T) {
	srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Request-Id", "hdr-rid")
		w.Header().Set("Client-Request-Id", "hdr-crid")
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(502)
		io.WriteString(w, strings.Repeat("a", 511)+"é"+strings.Repeat("b", 100))
	})
	c := NewClient(WithBaseURL(srv.URL))
	_, err := graphrtCall(context.Background(), c, "Op", http.MethodGet, "/a", nil, new(GroupAssignmentTarget), nil)
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v is not an *Error", err)
	}
	want := Error{Op: "Op", StatusCode: 502, RequestID: "hdr-rid", ClientRequestID: "hdr-crid", Body: strings.Repeat("a", 511)}
	if *ge != want {
		t.Errorf("Error = %+v\nwant %+v", *ge, want)
	}
	if got := ge.Error(); got != "Op: HTTP 502 (request-id hdr-rid)" {
		t.Errorf("Error() = %q", got)
	}
}

func TestExcerpt(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"abc", 5, "abc"},
		{"abcdef", 3, "abc"},
		{"aé", 2, "a"},
		{"a\xffb", 5, "a\uFFFDb"},
		{"ab\xff\xfe", 4, "ab"}, // U+FFFD (3 bytes) would not fit
		{"€€", 4, "€"},
	} {
		if got := graphrtExcerpt(tc.in, tc.n); got != tc.want {
			t.Errorf("graphrtExcerpt(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// rtTestCountingTransport counts the response body bytes the client reads.
type rtTestCountingTransport struct{ n atomic.Int64 }

type rtTestCountingBody struct {
	io.ReadCloser
	n *atomic.Int64
}

func (b rtTestCountingBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	b.n.Add(int64(n))
	return n, err
}

func (t *rtTestCountingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		resp.Body = rtTestCountingBody{resp.Body, &t.n}
	}
	return resp, err
}

func TestDoHugeErrorBodyIsNotReadWhole(t *testing.T) {
	srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(500)
		chunk := []byte(strings.Repeat("x", 32<<10))
		for i := 0; i < 1024; i++ { // 32 MiB, if anyone read it
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	tr := &rtTestCountingTransport{}
	c := NewClient(WithBaseURL(srv.URL), WithHTTPClient(&http.Client{Transport: tr}))
	err := graphrtNoContent(context.Background(), c, "Op", http.MethodGet, "/a", nil, nil)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 500 || ge.Body != strings.Repeat("x", 512) {
		t.Fatalf("err = %v", err)
	}
	if n := tr.n.Load(); n != 64<<10 {
		t.Errorf("client read %d bytes of the error body, want exactly %d", n, 64<<10)
	}
}

func TestNoSecretsInErrors(t *testing.T) {
	const token = "eyJ0eXAiOiJKV1QiLCJhbGciOi.SECRET-TOKEN"
	in := rtTestAssignment{ID: "private-value-that-must-not-leak", Target: &rtTestTarget{GroupID: "group-secret"}}
	payload, _ := json.Marshal(in)
	// A hostile server echoes the Authorization header and the request body
	// in its error message and body.
	srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		msg, _ := json.Marshal(r.Header.Get("Authorization") + " / " + string(payload))
		w.Header().Set("Request-Id", token)
		rtTestJSON(w, 400, `{"error":{"code":"`+token+`","message":`+string(msg)+`}}`)
	})
	c := NewClient(WithBaseURL(srv.URL), WithTokenProvider(rtTestToken(token)))
	err := graphrtNoContent(context.Background(), c, "Op", http.MethodPatch, "/a", in, nil)
	var ge *Error
	if !errors.As(err, &ge) {
		t.Fatalf("err = %v", err)
	}
	for name, s := range map[string]string{"Error()": err.Error(), "Code": ge.Code, "Message": ge.Message, "RequestID": ge.RequestID, "Body": ge.Body} {
		if strings.Contains(s, "SECRET-TOKEN") || strings.Contains(s, "private-value") {
			t.Errorf("%s leaks a secret: %q", name, s)
		}
	}
	if got, want := err.Error(), "Op: HTTP 400: [REDACTED]: Bearer [REDACTED] / [request body] (request-id [REDACTED])"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// Nor does a decode error whose content type echoes the token.
	srv2, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/plain; x="+r.Header.Get("Authorization"))
		io.WriteString(w, "hi")
	})
	c = NewClient(WithBaseURL(srv2.URL), WithTokenProvider(rtTestToken(token)))
	_, err = graphrtCall(context.Background(), c, "Op", http.MethodGet, "/a", nil, new(GroupAssignmentTarget), nil)
	if got, want := err.Error(), `Op: decoding HTTP 200 response (Content-Type "text/plain; x=Bearer [REDACTED]"): response content type is not JSON`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	// Nor one whose JSON content type does, with a body that does not fit,
	// whichever helper decodes it.
	srv3, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json; x="+r.Header.Get("Authorization"))
		io.WriteString(w, `{"groupId":5,"value":7}`)
	})
	c = NewClient(WithBaseURL(srv3.URL), WithTokenProvider(rtTestToken(token)))
	ctx := context.Background()
	_, err = graphrtCall(ctx, c, "Op", http.MethodGet, "/a", nil, new(GroupAssignmentTarget), nil)
	_, upErr := graphrtUpload(ctx, c, "Op", http.MethodPut, "/a", strings.NewReader("up"), "", new(GroupAssignmentTarget), nil)
	_, pageErr := graphrtPage[string](ctx, c, "Op", http.MethodGet, "/a", nil, nil)
	for i, err := range []error{err, upErr, pageErr} {
		var de *DecodeError
		if !errors.As(err, &de) || strings.Contains(err.Error(), "SECRET-TOKEN") || !strings.Contains(de.ContentType, "Bearer [REDACTED]") {
			t.Errorf("decode error %d = %v", i, err)
		}
	}
	// A transport error names neither.
	c = NewClient(WithBaseURL("http://127.0.0.1:1"), WithTokenProvider(rtTestToken(token)))
	_, err = graphrtCall(context.Background(), c, "Op", http.MethodPatch, "/a", in, new(GroupAssignmentTarget), nil)
	if err == nil || strings.Contains(err.Error(), "SECRET-TOKEN") || strings.Contains(err.Error(), "private-value") || !strings.HasPrefix(err.Error(), "Op: Patch \"http://127.0.0.1:1/a\": ") {
		t.Errorf("transport error = %v", err)
	}
}

func TestDoTokenAndEncodeErrors(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	errNoToken := errors.New("no token")
	c := NewClient(WithBaseURL(srv.URL), WithTokenProvider(func(context.Context) (string, error) { return "", errNoToken }))
	err := graphrtNoContent(context.Background(), c, "Op", http.MethodGet, "/a", nil, nil)
	if !errors.Is(err, errNoToken) || err.Error() != "Op: getting token: no token" {
		t.Errorf("err = %v", err)
	}
	c = NewClient(WithBaseURL(srv.URL))
	err = graphrtNoContent(context.Background(), c, "Op", http.MethodPost, "/a", map[string]any{"f": func() {}}, nil)
	if err == nil || err.Error() != "Op: encoding request body: json: unsupported type: func()" {
		t.Errorf("err = %v", err)
	}
	if n := len(seen()); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}

func TestRetryAttemptsAreBounded(t *testing.T) {
	for _, tc := range []struct {
		status, retries, wantAttempts int
	}{
		{503, 2, 3}, {429, 3, 4}, {504, 1, 2}, {503, 0, 1}, {500, 3, 1}, {502, 3, 1},
	} {
		// Without a bound the client would retry forever: the server ends
		// the call after 20 attempts so that the test fails instead of hanging.
		ctx, cancel := context.WithCancel(context.Background())
		srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n >= 20 {
				cancel()
			}
			w.Header().Set("Retry-After", "0")
			rtTestJSON(w, tc.status, `{"error":{"code":"Busy"}}`)
		})
		var tokens atomic.Int32
		c := NewClient(WithBaseURL(srv.URL), WithRetry(tc.retries, time.Millisecond),
			WithTokenProvider(func(context.Context) (string, error) { return fmt.Sprint("t", tokens.Add(1)), nil }))
		err := graphrtNoContent(ctx, c, "Op", http.MethodPatch, "/a", rtTestAssignment{ID: "same"}, nil)
		cancel()
		var ge *Error
		if !errors.As(err, &ge) || ge.StatusCode != tc.status || ge.Code != "Busy" {
			t.Errorf("status %d: err = %v", tc.status, err)
		}
		got := seen()
		if len(got) != tc.wantAttempts {
			t.Errorf("status %d, %d retries: %d attempts, want %d", tc.status, tc.retries, len(got), tc.wantAttempts)
		}
		for i, r := range got {
			if r.Body != `{"id":"same"}` || r.Auth != fmt.Sprint("Bearer t", i+1) {
				t.Errorf("status %d attempt %d: body %q auth %q", tc.status, i, r.Body, r.Auth)
			}
		}
	}
}

func TestRetryThenSuccess(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n <= 2 {
			w.Header().Set("Retry-After", "0")
			rtTestJSON(w, 429, `{}`)
			return
		}
		rtTestJSON(w, 200, `{"id":"ok"}`)
	})
	c := NewClient(WithBaseURL(srv.URL), WithRetry(3, time.Millisecond))
	out, err := graphrtCall(context.Background(), c, "Op", http.MethodPatch, "/a", rtTestAssignment{ID: "b"}, new(rtTestAssignment), nil)
	if err != nil {
		t.Fatal(err)
	}
	if out.ID != "ok" || len(seen()) != 3 {
		t.Errorf("out = %+v after %d attempts, want ok after 3", *out, len(seen()))
	}
}

func TestRetryDelay(t *testing.T) {
	now := time.Date(2021, 7, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		ra      string
		attempt int
		max     time.Duration
		lo, hi  time.Duration
	}{
		{"5", 0, time.Minute, 5 * time.Second, 5 * time.Second},
		{" 0 ", 0, time.Minute, 0, 0},
		{"120", 0, time.Minute, time.Minute, time.Minute},
		{"99999999999999999999", 0, time.Minute, time.Minute, time.Minute},
		{"9223372036", 0, time.Minute, time.Minute, time.Minute},
		{"Thu, 01 Jul 2021 10:00:30 GMT", 0, time.Minute, 30 * time.Second, 30 * time.Second},
		{"Thu, 01 Jul 2021 12:00:00 GMT", 0, time.Minute, time.Minute, time.Minute},
		{"Thu, 01 Jul 2021 09:00:00 GMT", 0, time.Minute, 0, 0},
		{"", 0, time.Minute, 250 * time.Millisecond, 500 * time.Millisecond},
		{"soon", 2, time.Minute, time.Second, 2 * time.Second},
		{"-1", 3, time.Minute, 2 * time.Second, 4 * time.Second},
		{"1.5", 1, time.Minute, 500 * time.Millisecond, time.Second},
		{"", 40, time.Minute, time.Minute, time.Minute},
		{"", 0, 0, 0, 0},
	} {
		for i := 0; i < 20; i++ {
			if d := graphrtRetryDelay(tc.ra, tc.attempt, tc.max, now); d < tc.lo || d > tc.hi {
				t.Errorf("graphrtRetryDelay(%q, %d, %v) = %v, want in [%v, %v]", tc.ra, tc.attempt, tc.max, d, tc.lo, tc.hi)
				break
			}
		}
	}
}

func TestRedirectToOtherHostDropsAuthorization(t *testing.T) {
	other, otherSeen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) { rtTestJSON(w, 200, `{"id":"other"}`) })
	first, firstSeen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landed", http.StatusTemporaryRedirect)
		case "/here":
			http.Redirect(w, r, "/landed", http.StatusTemporaryRedirect)
		default:
			rtTestJSON(w, 200, `{"id":"same"}`)
		}
	})
	checked := 0
	user := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { checked++; return nil }}
	c := NewClient(WithBaseURL(first.URL), WithTokenProvider(rtTestToken("tok")), WithHTTPClient(user))

	out, err := graphrtCall(context.Background(), c, "Op", http.MethodPatch, "/away", rtTestAssignment{ID: "b"}, new(rtTestAssignment), nil)
	if err != nil {
		t.Fatal(err)
	}
	f, o := firstSeen(), otherSeen()
	if len(f) != 1 || f[0].Auth != "Bearer tok" || len(o) != 1 || o[0].Auth != "" || o[0].Body != `{"id":"b"}` || out.ID != "other" {
		t.Errorf("first saw %+v, other saw %+v, out %+v; want the token only on first, the body on both", f, o, *out)
	}
	// Same origin keeps it.
	if _, err := graphrtCall(context.Background(), c, "Op", http.MethodPatch, "/here", rtTestAssignment{ID: "b"}, new(rtTestAssignment), nil); err != nil {
		t.Fatal(err)
	}
	if f := firstSeen(); len(f) != 3 || f[2].Path != "/landed" || f[2].Auth != "Bearer tok" {
		t.Errorf("same-origin redirect: first saw %+v", f)
	}
	// The caller's CheckRedirect still runs; the caller's client is unchanged.
	if checked != 2 {
		t.Errorf("user CheckRedirect ran %d times, want 2", checked)
	}
	if user.Transport != nil || c.hc == user {
		t.Errorf("caller's *http.Client was modified or used directly")
	}
}

func TestRedirectLimitAndOrigins(t *testing.T) {
	srv, seen := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	c := NewClient(WithBaseURL(srv.URL))
	err := graphrtNoContent(context.Background(), c, "Op", http.MethodGet, "/loop", nil, nil)
	if err == nil || !strings.HasSuffix(err.Error(), "stopped after 10 redirects") || len(seen()) != 10 {
		t.Errorf("err = %v after %d requests", err, len(seen()))
	}
	for _, tc := range []struct {
		s1, h1, s2, h2 string
		same           bool
	}{
		{"https", "graph.microsoft.com", "https", "graph.microsoft.com:443", true},
		{"https", "Graph.Microsoft.com", "HTTPS", "graph.microsoft.com", true},
		{"https", "graph.microsoft.com", "http", "graph.microsoft.com", false},
		{"http", "127.0.0.1:80", "http", "127.0.0.1", true},
		{"http", "127.0.0.1:8080", "http", "127.0.0.1:8081", false},
		{"https", "graph.microsoft.com", "https", "evil.com", false},
		{"https", "[::1]", "https", "[::1]:443", true},
	} {
		if got := graphrtSameOrigin(tc.s1, tc.h1, tc.s2, tc.h2); got != tc.same {
			t.Errorf("graphrtSameOrigin(%s://%s, %s://%s) = %v", tc.s1, tc.h1, tc.s2, tc.h2, got)
		}
	}
}

func TestNewClientDefaults(t *testing.T) {
	c := NewClient()
	if c.baseURL != DefaultBaseURL || c.userAgent != "graphgen" || c.maxRetries != 3 || c.maxDelay != 60*time.Second ||
		c.token != nil || c.hc.Timeout != 0 || c.hc.Transport != http.DefaultTransport || c.hc.CheckRedirect == nil {
		t.Errorf("defaults: %+v", c)
	}
	c = NewClient(WithRetry(-1, -time.Second), WithHTTPClient(nil), nil)
	if c.maxRetries != 0 || c.maxDelay != 0 || c.hc == nil {
		t.Errorf("clamped: %+v", c)
	}
}
