package graphrt

// The helpers of the tests graphgen generates from the docs' examples. This
// file is copied into every generated package (as graphgen_helpers_test.go,
// with the runtime's one rewrite) and is tested here, with the runtime, by
// helpers_test.go. It needs the standard library only.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// graphgenOddIDs are path parameter values that must each stay in their own
// segment.
var graphgenOddIDs = []string{"a/b", "a?b=c", "a#b", "100%", "..", ".", "a b", "x/../y", "é/ü", "%2F", "it's"}

// graphgenExchange is one example exchange: what the client must send and
// what the server answers.
type graphgenExchange struct {
	Method      string
	Path        []string    // the unescaped segments the request must arrive with
	Query       string      // the example's query string: compared as parsed values
	Headers     [][2]string // headers the request must carry
	Body        string      // a JSON request body ("" for none)
	Bytes       string      // a binary request body
	ContentType string      // its content type
	Status      int
	RespHeaders [][2]string
	Response    string // the response body
	Download    bool   // answer with graphgenDownloadBytes
}

// graphgenTestClient returns a client for a test server, with a fixed token
// and no retries.
func graphgenTestClient(u string) *Client {
	return NewClient(WithBaseURL(u), WithRetry(0, 0), WithTokenProvider(func(context.Context) (string, error) {
		return "graphgen-test-token", nil
	}))
}

// graphgenServe starts a server that checks one request against ex and
// answers it; the server stops with the test.
func graphgenServe(t *testing.T, ex graphgenExchange) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		graphgenCheckRequest(t, r, ex)
		for _, h := range ex.RespHeaders {
			w.Header().Add(h[0], h[1])
		}
		body := ex.Response
		if body != "" && w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		if ex.Download {
			if w.Header().Get("Content-Type") == "" {
				w.Header().Set("Content-Type", "application/octet-stream")
			}
			body = graphgenDownloadBytes
		}
		w.WriteHeader(ex.Status)
		io.WriteString(w, graphgenWithoutNextLink(body))
	}))
	t.Cleanup(srv.Close)
	return graphgenTestClient(srv.URL)
}

// graphgenDownloadBytes are the bytes a download test is answered with.
const graphgenDownloadBytes = "graphgen test bytes\x00\xff"

// graphgenWithoutNextLink drops a top-level "@odata.nextLink" from a JSON
// object: an example's link points at the real service.
func graphgenWithoutNextLink(body string) string {
	if !strings.Contains(body, "@odata.nextLink") {
		return body
	}
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(body), &m) != nil {
		return body
	}
	delete(m, "@odata.nextLink")
	out, err := json.Marshal(m)
	if err != nil {
		return body
	}
	return string(out)
}

// graphgenCheckRequest checks method, path, query, token, headers and body.
func graphgenCheckRequest(t testing.TB, r *http.Request, ex graphgenExchange) {
	t.Helper()
	if r.Method != ex.Method {
		t.Errorf("method = %q, want %q", r.Method, ex.Method)
	}
	graphgenCheckPath(t, r, ex.Path)
	want, err := url.ParseQuery(graphgenQueryEscape(ex.Query))
	if err != nil {
		t.Errorf("example query %q: %v", ex.Query, err)
	}
	if got := r.URL.Query(); !(len(got) == 0 && len(want) == 0) && !reflect.DeepEqual(got, want) {
		t.Errorf("query = %v, want %v", got, want)
	}
	if got := r.Header.Get("Authorization"); got != "Bearer graphgen-test-token" {
		t.Errorf("Authorization = %q, want the test token", got)
	}
	for _, h := range ex.Headers {
		if got := r.Header.Values(h[0]); len(got) != 1 || got[0] != h[1] {
			t.Errorf("header %s = %q, want %q", h[0], got, h[1])
		}
	}
	data, err := io.ReadAll(r.Body)
	if err != nil {
		t.Errorf("reading body: %v", err)
	}
	switch {
	case ex.Body != "":
		if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type = %q, want application/json", ct)
		}
		graphgenCheckJSON(t, "request body", ex.Body, data)
	case ex.Bytes != "" || ex.ContentType != "":
		if string(data) != ex.Bytes {
			t.Errorf("request body = %q, want %q", data, ex.Bytes)
		}
		if ex.ContentType != "" && r.Header.Get("Content-Type") != ex.ContentType {
			t.Errorf("Content-Type = %q, want %q", r.Header.Get("Content-Type"), ex.ContentType)
		}
	case len(data) != 0:
		t.Errorf("unexpected request body %q", data)
	}
}

// graphgenQueryEscape escapes what the docs write unescaped in a query
// (spaces, quotes) the way url.ParseQuery reads it back.
func graphgenQueryEscape(q string) string {
	var b strings.Builder
	for _, kv := range strings.Split(q, "&") {
		if kv == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('&')
		}
		k, v, _ := strings.Cut(kv, "=")
		if u, err := url.QueryUnescape(k); err == nil {
			k = u
		}
		if u, err := url.QueryUnescape(v); err == nil {
			v = u
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(v))
	}
	return b.String()
}

// graphgenCheckPath checks that r's escaped path has exactly the segments
// want, each unescaped.
func graphgenCheckPath(t testing.TB, r *http.Request, want []string) {
	t.Helper()
	esc := r.URL.EscapedPath()
	var got []string
	for _, p := range strings.Split(strings.TrimPrefix(esc, "/"), "/") {
		u, err := url.PathUnescape(p)
		if err != nil {
			t.Errorf("path %s: %v", esc, err)
		}
		got = append(got, u)
	}
	if !reflect.DeepEqual(want, got) {
		t.Errorf("path %s: segments %q, want %q", esc, got, want)
	}
}

// graphgenPath flattens path segments: strings and []string.
func graphgenPath(parts ...any) []string {
	var out []string
	for _, p := range parts {
		switch x := p.(type) {
		case string:
			out = append(out, x)
		case []string:
			out = append(out, x...)
		}
	}
	return out
}

// graphgenItemPath is the segments an item path arrives as: one per
// folder, the last with the closing ':' when more path follows.
func graphgenItemPath(v string, closed bool) []string {
	segs := strings.Split(strings.Trim(v, "/"), "/")
	if closed {
		segs[len(segs)-1] += ":"
	}
	return segs
}

// graphgenUnescape undoes a path segment's escaping.
func graphgenUnescape(s string) string {
	u, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return u
}

// graphgenEscapeServer starts a server that checks the path segments and
// answers with status and body.
func graphgenEscapeServer(t *testing.T, want []string, status int, body string) *Client {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		graphgenCheckPath(t, r, want)
		if body != "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(srv.Close)
	return graphgenTestClient(srv.URL)
}

// graphgenCheckJSON compares two JSON documents once decoded; strings that
// are both date-times compare as instants (Graph's 7 fractional digits
// come back as Go writes them).
func graphgenCheckJSON(t testing.TB, what, want string, got []byte) {
	t.Helper()
	var w, g any
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: example: %v", what, err)
	}
	if err := json.Unmarshal(got, &g); err != nil {
		t.Errorf("%s: %v in %s", what, err, got)
		return
	}
	if path, ok := graphgenSameJSON(w, g, "$"); !ok {
		t.Errorf("%s differs at %s:\nwant %s\n got %s", what, path, want, got)
	}
}

// graphgenSameJSON compares decoded JSON values; it returns where they
// first differ.
func graphgenSameJSON(w, g any, at string) (string, bool) {
	switch w := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok || len(gm) != len(w) {
			return at, false
		}
		for k, v := range w {
			gv, ok := gm[k]
			if !ok {
				return at + "." + k, false
			}
			if p, ok := graphgenSameJSON(v, gv, at+"."+k); !ok {
				return p, false
			}
		}
		return "", true
	case []any:
		ga, ok := g.([]any)
		if !ok || len(ga) != len(w) {
			return at, false
		}
		for i := range w {
			if p, ok := graphgenSameJSON(w[i], ga[i], fmt.Sprintf("%s[%d]", at, i)); !ok {
				return p, false
			}
		}
		return "", true
	case string:
		gs, ok := g.(string)
		if !ok {
			return at, false
		}
		if gs == w {
			return "", true
		}
		if wt, ok := graphgenParseTime(w); ok {
			if gt, ok := graphgenParseTime(gs); ok && wt.Equal(gt) {
				return "", true
			}
		}
		return at, false
	}
	return at, reflect.DeepEqual(w, g)
}

// graphgenParseTime reads a date-time, or a time of day, as the docs write
// them.
func graphgenParseTime(s string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "15:04:05.999999999"} {
		if t, err := time.Parse(layout, strings.ToUpper(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// graphgenCheckResult checks that a decoded result re-encodes (read-only
// properties included) to the example's response.
func graphgenCheckResult(t *testing.T, want string, got any) {
	t.Helper()
	var enc []byte
	var err error
	if raw, ok := got.(json.RawMessage); ok {
		enc = raw
	} else if enc, err = graphrtMarshalAll(got); err != nil {
		t.Fatal(err)
	}
	graphgenCheckJSON(t, "response re-encoded", want, enc)
}

// graphgenCheckScalar checks a single value against the example's
// {"value": x}.
func graphgenCheckScalar(t *testing.T, want string, got any) {
	t.Helper()
	enc, err := graphrtMarshalAll(got)
	if err != nil {
		t.Fatal(err)
	}
	var w struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("example: %v", err)
	}
	graphgenCheckJSON(t, "result re-encoded", string(w.Value), enc)
}

// graphgenCheckItems iterates a collection and checks its items re-encode
// to the example's "value" array (an example without a response checks
// only that the call succeeds).
func graphgenCheckItems[T any](t *testing.T, want string, seq iter.Seq2[T, error]) {
	t.Helper()
	var items []json.RawMessage
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		enc, err := graphrtMarshalAll(v)
		if err != nil {
			t.Fatal(err)
		}
		items = append(items, enc)
	}
	if want == "" {
		return // the example shows only the request: the server sent no content
	}
	var w struct {
		Value json.RawMessage `json:"value"`
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("example: %v", err)
	}
	if len(w.Value) == 0 {
		w.Value = json.RawMessage("[]")
	}
	if items == nil {
		items = []json.RawMessage{}
	}
	enc, err := json.Marshal(items)
	if err != nil {
		t.Fatal(err)
	}
	graphgenCheckJSON(t, "items re-encoded", string(w.Value), enc)
}

// graphgenCheckDownload checks a download hands over the server's bytes.
func graphgenCheckDownload(t *testing.T, d *Download) {
	t.Helper()
	defer d.Body.Close()
	data, err := io.ReadAll(d.Body)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, []byte(graphgenDownloadBytes)) {
		t.Errorf("downloaded %q, want %q", data, graphgenDownloadBytes)
	}
}

// graphgenZero is the zero value of a body type.
func graphgenZero[T any]() T {
	var z T
	return z
}

// graphgenTime, graphgenDate and graphgenTimeOfDay read an example's value.
func graphgenTime(t *testing.T, s string) time.Time {
	t.Helper()
	v, ok := graphgenParseTime(s)
	if !ok {
		t.Fatalf("bad date-time %q", s)
	}
	return v
}

func graphgenDate(t *testing.T, s string) Date {
	t.Helper()
	v, err := ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func graphgenTimeOfDay(t *testing.T, s string) TimeOfDay {
	t.Helper()
	v, err := ParseTimeOfDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
