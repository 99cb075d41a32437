package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// rtTestReq is what a server saw of one request.
type rtTestReq struct {
	Method, URI string
	Header      http.Header
	Body        string
}

// rtTestRecorder is an httptest server that records every request and
// answers with h.
func rtTestRecorder(t testing.TB, h func(w http.ResponseWriter, r *http.Request, n int)) (*httptest.Server, func() []rtTestReq) {
	var (
		mu  sync.Mutex
		got []rtTestReq
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, rtTestReq{r.Method, r.RequestURI, r.Header.Clone(), string(body)})
		n := len(got)
		mu.Unlock()
		h(w, r, n)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []rtTestReq {
		mu.Lock()
		defer mu.Unlock()
		return append([]rtTestReq(nil), got...)
	}
}

func rtTestClient(url string, opts ...Option) *Client {
	return NewClient(append([]Option{WithBaseURL(url), WithTokenProvider(rtTestToken("tok")), WithRetry(2, time.Millisecond)}, opts...)...)
}

func TestCall(t *testing.T) {
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		rtTestJSON(w, 200, `{"@odata.type":"#microsoft.graph.groupAssignmentTarget","id":"a1","groupId":"g","extra":[1]}`)
	})
	c := rtTestClient(srv.URL+"/beta", WithUserAgent("ua/1"))
	body := &GroupAssignmentTarget{GroupID: Value("g"), ID: Value("never sent"), Target: Value[TargetVariant](&AllDevicesAssignmentTarget{})}
	got, err := graphrtCall(context.Background(), c, "UpdateTarget", "PATCH", "/targets/"+pathSegment("a b"), body, new(GroupAssignmentTarget),
		[]RequestOption{Select("id", "groupId"), nil, Header("X-Custom", "1"), Header("authorization", "Bearer stolen"), Header("Content-Type", "text/plain"), Header("Accept", "application/json;odata.metadata=none")})
	if err != nil {
		t.Fatal(err)
	}
	want := &GroupAssignmentTarget{ODataType: "#microsoft.graph.groupAssignmentTarget", ID: Value("a1"), GroupID: Value("g"),
		AdditionalData: map[string]json.RawMessage{"extra": json.RawMessage(`[1]`)}}
	if d := rtTestDiff(want, got); d != "" {
		t.Errorf("result (-want +got):\n%s", d)
	}
	reqs := seen()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != "PATCH" || r.URI != "/beta/targets/a%20b?$select=id,groupId" {
		t.Errorf("request %s %s", r.Method, r.URI)
	}
	if r.Body != `{"groupId":"g","target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget"}}` {
		t.Errorf("body %s", r.Body)
	}
	for name, want := range map[string][]string{
		"Authorization": {"Bearer tok"}, "Accept": {"application/json;odata.metadata=none"}, "Content-Type": {"application/json"},
		"User-Agent": {"ua/1"}, "X-Custom": {"1"}, "Content-Length": {strconv.Itoa(len(r.Body))},
	} {
		if got := r.Header[name]; !cmp.Equal(got, want) {
			t.Errorf("header %s = %q, want %q", name, got, want)
		}
	}
}

func TestCallNoBodyAndNoContent(t *testing.T) {
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch n {
		case 1:
			w.WriteHeader(204)
		case 2:
			w.WriteHeader(200) // empty, no content type
		default:
			rtTestJSON(w, 200, `"raw"`)
		}
	})
	c := rtTestClient(srv.URL)
	ctx := context.Background()
	var nilModel *GroupAssignmentTarget
	var nilSlice []string
	for i, body := range []any{nil, nilModel, nilSlice, nil} {
		out, err := graphrtCall(ctx, c, "Op", "POST", "/x?a=1", body, new(json.RawMessage), []RequestOption{Top(5)})
		if err != nil {
			t.Fatal(err)
		}
		if i < 2 && out != nil {
			t.Errorf("call %d: out = %s, want nil for no content", i, *out)
		}
		if i >= 2 && (out == nil || string(*out) != `"raw"`) {
			t.Errorf("call %d: out = %v", i, out)
		}
	}
	for i, r := range seen() {
		if r.Body != "" || r.Header.Get("Content-Type") != "" || r.URI != "/x?a=1&$top=5" {
			t.Errorf("request %d: %+v, want no body, no Content-Type", i, r)
		}
	}
}

// TestRef: graphrtRef(ref) is sent as {"@odata.id": ref} alone, by every
// call helper, the same bytes on a retry; an empty ref is an error before
// any request.
func TestRef(t *testing.T) {
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch {
		case n == 1:
			w.Header().Set("Retry-After", "0")
			rtTestJSON(w, 503, `{"error":{"code":"Busy"}}`)
		case r.Method == "PUT":
			rtTestJSON(w, 201, `{"id":"m1"}`)
		default:
			w.WriteHeader(204)
		}
	})
	c := rtTestClient(srv.URL + "/v1.0")
	ctx := context.Background()
	ref := `https://graph.microsoft.com/v1.0/directoryObjects/a "b" <&> é`
	if err := graphrtNoContent(ctx, c, "CallGroupMembersRef", "POST", "/groups/g1/members/$ref", graphrtRef(ref), nil); err != nil {
		t.Fatal(err)
	}
	got, err := graphrtCall(ctx, c, "ReplaceUserManagerRef", "PUT", "/users/u1/manager/$ref", graphrtRef(ref), new(json.RawMessage), nil)
	if err != nil || got == nil || string(*got) != `{"id":"m1"}` {
		t.Fatalf("graphrtCall: %v, %v", got, err)
	}
	reqs := seen()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3 (one retried)", len(reqs))
	}
	for i, r := range reqs {
		var body map[string]any
		if err := json.Unmarshal([]byte(r.Body), &body); err != nil {
			t.Fatalf("request %d: body %q: %v", i, r.Body, err)
		}
		if d := cmp.Diff(map[string]any{"@odata.id": ref}, body); d != "" {
			t.Errorf("request %d: body (-want +got):\n%s", i, d)
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("request %d: Content-Type %q", i, ct)
		}
	}
	if reqs[0].Body != reqs[1].Body {
		t.Errorf("the retry sent %q, the first attempt %q", reqs[1].Body, reqs[0].Body)
	}
	for _, call := range []func() error{
		func() error {
			return graphrtNoContent(ctx, c, "CallGroupMembersRef", "POST", "/groups/g1/members/$ref", graphrtRef(""), nil)
		},
		func() error {
			_, err := graphrtCall(ctx, c, "CallGroupMembersRef", "POST", "/groups/g1/members/$ref", graphrtRef(""), new(json.RawMessage), nil)
			return err
		},
	} {
		err := call()
		if err == nil || !strings.Contains(err.Error(), "CallGroupMembersRef: ref is empty") {
			t.Errorf("empty ref: error %v, want one saying ref is empty", err)
		}
	}
	if n := len(seen()); n != 3 {
		t.Errorf("an empty ref was sent: %d requests, want 3", n)
	}
}

func TestCallErrors(t *testing.T) {
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/busy":
			if n == 1 {
				w.Header().Set("Retry-After", "0")
				rtTestJSON(w, 429, `{}`)
				return
			}
			rtTestJSON(w, 200, `{"groupId":"after retry"}`)
		case "/missing":
			rtTestJSON(w, 404, `{"error":{"code":"NotFound","message":"gone"}}`)
		case "/bad":
			rtTestJSON(w, 200, `{"groupId":7}`)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			io.WriteString(w, "<p>")
		case "/big":
			rtTestJSON(w, 200, `{"groupId":"`+strings.Repeat("x", 100)+`"}`)
		}
	})
	ctx := context.Background()
	c := rtTestClient(srv.URL)
	out, err := graphrtCall(ctx, c, "Op", "PATCH", "/busy", &GroupAssignmentTarget{GroupID: Value("b")}, new(GroupAssignmentTarget), nil)
	if err != nil || !rtIs(out.GroupID, "after retry") {
		t.Errorf("retry: %v, %v", out, err)
	}
	if r := seen(); len(r) != 2 || r[0].Body != r[1].Body || r[1].Body != `{"groupId":"b"}` {
		t.Errorf("retry: requests %+v", r)
	}
	_, err = graphrtCall(ctx, c, "Op", "GET", "/missing", nil, new(GroupAssignmentTarget), nil)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 404 || ge.Code != "NotFound" || ge.Op != "Op" {
		t.Errorf("404: %v", err)
	}
	_, err = graphrtCall(ctx, c, "Op", "GET", "/bad", nil, new(GroupAssignmentTarget), nil)
	var de *DecodeError
	if !errors.As(err, &de) || err.Error() != `Op: decoding HTTP 200 response (Content-Type "application/json; charset=utf-8"): GroupAssignmentTarget.groupId: expected string, got number 7` {
		t.Errorf("bad body: %v", err)
	}
	_, err = graphrtCallValue[TargetVariant](ctx, c, "Op", "GET", "/html", nil, nil)
	if !errors.As(err, &de) || !errors.Is(err, graphrtErrNotJSON) {
		t.Errorf("html: %v", err)
	}
	_, err = graphrtCall(ctx, rtTestClient(srv.URL, WithMaxResponseSize(64)), "Op", "GET", "/big", nil, new(GroupAssignmentTarget), nil)
	var tl *ResponseTooLargeError
	if !errors.As(err, &tl) || tl.Limit != 64 {
		t.Errorf("big: %v", err)
	}
	_, err = graphrtCall(ctx, c, "Op", "POST", "/x", map[string]any{"f": func() {}}, new(GroupAssignmentTarget), nil)
	if err == nil || err.Error() != "Op: encoding request body: json: unsupported type: func()" {
		t.Errorf("encode: %v", err)
	}
}

func TestCallValue(t *testing.T) {
	srv, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			w.WriteHeader(204)
			return
		}
		rtTestJSON(w, 200, `{"groupId":"g","@odata.type":"microsoft.graph.exclusionGroupAssignmentTarget"}`)
	})
	c := rtTestClient(srv.URL)
	v, err := graphrtCallValue[TargetVariant](context.Background(), c, "Op", "GET", "/t", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if d := rtTestDiff(&ExclusionGroupAssignmentTarget{ODataType: "microsoft.graph.exclusionGroupAssignmentTarget", GroupID: Value("g")}, v); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	v, err = graphrtCallValue[TargetVariant](context.Background(), c, "Op", "GET", "/t", nil, nil)
	if err != nil || v != nil {
		t.Errorf("204: %v, %v", v, err)
	}
}

func TestCallScalar(t *testing.T) {
	bodies := []string{`{"@odata.context":"$metadata#Edm.Int64","value":9007199254740993}`, `{"value":["a","b"],"@odata.context":"x"}`, `"bare"`, `{"other":1}`, ``, `{"value":true} x`}
	srv, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if bodies[n-1] == "" {
			w.WriteHeader(204)
			return
		}
		rtTestJSON(w, 200, bodies[n-1])
	})
	c := rtTestClient(srv.URL)
	ctx := context.Background()
	n, err := graphrtCallScalar[int64](ctx, c, "Op", "GET", "/n", nil, nil)
	if err != nil || n != 1<<53+1 {
		t.Errorf("int64: %d, %v", n, err)
	}
	s, err := graphrtCallScalar[[]string](ctx, c, "Op", "GET", "/s", nil, nil)
	if err != nil || !cmp.Equal(s, []string{"a", "b"}) {
		t.Errorf("[]string: %v, %v", s, err)
	}
	b, err := graphrtCallScalar[string](ctx, c, "Op", "GET", "/b", nil, nil)
	if err != nil || b != "bare" {
		t.Errorf("bare: %q, %v", b, err)
	}
	_, err = graphrtCallScalar[int64](ctx, c, "Op", "GET", "/o", nil, nil)
	if err == nil || !strings.HasSuffix(err.Error(), `: no "value" member`) {
		t.Errorf("no value: %v", err)
	}
	z, err := graphrtCallScalar[int64](ctx, c, "Op", "GET", "/z", nil, nil)
	if err != nil || z != 0 {
		t.Errorf("204: %d, %v", z, err)
	}
	if _, err = graphrtCallScalar[bool](ctx, c, "Op", "GET", "/t", nil, nil); err == nil {
		t.Errorf("trailing garbage: no error")
	}
}

func TestNoContentAndAccepted(t *testing.T) {
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/delete":
			rtTestJSON(w, 200, `{"ignored":true}`)
		case "/gone":
			rtTestJSON(w, 404, `{"error":{"code":"NotFound"}}`)
		case "/start":
			w.Header().Set("Location", "https://graph.example/ops/1")
			w.Header().Set("Operation-Location", "https://graph.example/ops/1/status")
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(202)
		default:
			w.Header().Set("Location", "/now")
			w.WriteHeader(201)
		}
	})
	c := rtTestClient(srv.URL)
	ctx := context.Background()
	if err := graphrtNoContent(ctx, c, "Delete", "DELETE", "/delete", nil, nil); err != nil {
		t.Error(err)
	}
	var ge *Error
	if err := graphrtNoContent(ctx, c, "Delete", "DELETE", "/gone", nil, nil); !errors.As(err, &ge) || ge.Code != "NotFound" {
		t.Errorf("404: %v", err)
	}
	a, err := graphrtAccepted(ctx, c, "Start", "POST", "/start", map[string]string{"k": "v"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if *a != (Accepted{202, "https://graph.example/ops/1", "https://graph.example/ops/1/status", 7 * time.Second}) {
		t.Errorf("Accepted = %+v", *a)
	}
	if a, err = graphrtAccepted(ctx, c, "Start", "POST", "/other", nil, nil); err != nil || *a != (Accepted{StatusCode: 201, Location: "/now"}) {
		t.Errorf("201: %+v, %v", a, err)
	}
	if r := seen(); r[0].Method != "DELETE" || r[2].Body != `{"k":"v"}` || r[2].Header.Get("Content-Type") != "application/json" {
		t.Errorf("requests %+v", r)
	}
}

func TestRequestOptions(t *testing.T) {
	for _, tc := range []struct {
		opts []RequestOption
		want string
	}{
		{[]RequestOption{Filter("startswith(displayName,'a b')")}, `$filter=startswith(displayName,%27a%20b%27)`},
		{[]RequestOption{Search(`"display:x"`)}, `$search=%22display:x%22`},
		{[]RequestOption{Top(5)}, `$top=5`},
		{[]RequestOption{Count()}, `$count=true`},
		{[]RequestOption{Skip(10), Select("id", "displayName"), Expand("members($select=id)")}, `$skip=10&$select=id,displayName&$expand=members($select%3Did)`},
		{[]RequestOption{OrderBy("displayName desc", "id")}, `$orderby=displayName%20desc,id`},
		{[]RequestOption{Filter("x eq 'a+b&c=d#e%f;g?h'")}, `$filter=x%20eq%20%27a%2Bb%26c%3Dd%23e%25f%3Bg%3Fh%27`},
		{[]RequestOption{Filter("name eq 'é'")}, `$filter=name%20eq%20%27%C3%A9%27`},
		{[]RequestOption{Query("api-version", "1.0"), Query("k y", "v/@:$,()")}, `api-version=1.0&k%20y=v/@:$,()`},
		{[]RequestOption{Select(), Expand(), Filter(""), Search(""), nil}, ``},
	} {
		o := graphrtApplyOptions(tc.opts)
		if string(o.query) != tc.want {
			t.Errorf("query = %s, want %s", o.query, tc.want)
		}
	}
	c := NewClient(WithBaseURL("https://h/v1.0"))
	o := graphrtApplyOptions([]RequestOption{Top(1), Count()})
	if got := c.graphrtURL("/users?$filter=a", &o); got != "https://h/v1.0/users?$filter=a&$top=1&$count=true" {
		t.Errorf("url = %s", got)
	}
	if got := c.graphrtURL("/users", &o); got != "https://h/v1.0/users?$top=1&$count=true" {
		t.Errorf("url = %s", got)
	}
	// The server decodes what we send back to the original text.
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	expr := `startswith(displayName,'a b') and x eq "é+&=#%"`
	graphrtNoContent(context.Background(), rtTestClient(srv.URL), "Op", "GET", "/u", nil, []RequestOption{Filter(expr)})
	if r := seen(); len(r) != 1 {
		t.Fatal(len(r))
	} else if q, _ := http.NewRequest("GET", "http://h"+r[0].URI, nil); q.URL.Query().Get("$filter") != expr {
		t.Errorf("server decoded %q", q.URL.Query().Get("$filter"))
	}
}

// ---- Collections ----

// rtTestPages serves three pages of three targets each; nextLink is a full
// URL. It records the requests.
func rtTestPages(t *testing.T) (*httptest.Server, func() []rtTestReq) {
	var srv *httptest.Server
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		page, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
		var items []string
		for i := page * 3; i < page*3+3; i++ {
			items = append(items, fmt.Sprintf(`{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"g%d"}`, i))
		}
		body := `{"@odata.context":"ctx","@odata.count":9,"value":[` + strings.Join(items, ",") + `]`
		if page < 2 {
			body += `,"@odata.nextLink":"` + srv.URL + `/v1/targets?$top=3&$skiptoken=` + strconv.Itoa(page+1) + `"`
		} else {
			body += `,"@odata.deltaLink":"` + srv.URL + `/v1/targets/delta?$deltatoken=d"`
		}
		rtTestJSON(w, 200, body+"}")
	})
	return srv, seen
}

func TestItemsThreePages(t *testing.T) {
	srv, seen := rtTestPages(t)
	c := rtTestClient(srv.URL + "/v1")
	seq := graphrtItems[TargetVariant](context.Background(), c, "ListTargets", "POST", "/targets", map[string]int{"q": 1},
		[]RequestOption{Top(3), Header("ConsistencyLevel", "eventual")})
	if n := len(seen()); n != 0 {
		t.Fatalf("%d requests before the loop started", n)
	}
	var got []string
	for v, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, v.(*GroupAssignmentTarget).GroupID.v)
	}
	if want := []string{"g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8"}; !cmp.Equal(got, want) {
		t.Errorf("items %v, want %v", got, want)
	}
	reqs := seen()
	wantURIs := []string{"/v1/targets?$top=3", "/v1/targets?$top=3&$skiptoken=1", "/v1/targets?$top=3&$skiptoken=2"}
	for i, r := range reqs {
		if i >= len(wantURIs) || r.URI != wantURIs[i] {
			t.Errorf("request %d: %s", i, r.URI)
			continue
		}
		if r.Header.Get("ConsistencyLevel") != "eventual" || r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("request %d headers: %v", i, r.Header)
		}
		if wantM, wantB := map[bool]string{true: "POST", false: "GET"}[i == 0], map[bool]string{true: `{"q":1}`, false: ""}[i == 0]; r.Method != wantM || r.Body != wantB {
			t.Errorf("request %d: %s with body %q", i, r.Method, r.Body)
		}
	}
	if len(reqs) != 3 {
		t.Errorf("%d requests, want 3", len(reqs))
	}
}

func TestItemsBreakStopsRequests(t *testing.T) {
	for _, stopAt := range []int{0, 2, 3, 5} {
		srv, seen := rtTestPages(t)
		n := 0
		for _, err := range graphrtItems[*GroupAssignmentTarget](context.Background(), rtTestClient(srv.URL+"/v1"), "L", "GET", "/targets", nil, nil) {
			if err != nil {
				t.Fatal(err)
			}
			if n == stopAt {
				break
			}
			n++
		}
		if got, want := len(seen()), stopAt/3+1; got != want {
			t.Errorf("break at item %d: %d requests, want %d", stopAt, got, want)
		}
	}
}

func TestItemsContextCancelled(t *testing.T) {
	srv, seen := rtTestPages(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var items, errs int
	for _, err := range graphrtItems[TargetVariant](ctx, rtTestClient(srv.URL+"/v1"), "L", "GET", "/targets", nil, nil) {
		if err != nil {
			errs++
			if !errors.Is(err, context.Canceled) || err.Error() != "L: context canceled" {
				t.Errorf("err = %v", err)
			}
			continue // the iterator must stop by itself
		}
		if items++; items == 4 {
			cancel()
		}
	}
	if items != 4 || errs != 1 || len(seen()) != 2 {
		t.Errorf("%d items, %d errors, %d requests; want 4, 1, 2", items, errs, len(seen()))
	}
}

func TestItemsErrorOnLaterPage(t *testing.T) {
	srv, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			rtTestJSON(w, 200, `{"value":[{},{}],"@odata.nextLink":"http://`+r.Host+`/p2"}`)
			return
		}
		rtTestJSON(w, 500, `{"error":{"code":"Boom"}}`)
	})
	var items, errs int
	for _, err := range graphrtItems[Target](context.Background(), rtTestClient(srv.URL), "L", "GET", "/p1", nil, nil) {
		if err != nil {
			var ge *Error
			if !errors.As(err, &ge) || ge.Code != "Boom" {
				t.Errorf("err = %v", err)
			}
			errs++
			continue
		}
		items++
	}
	if items != 2 || errs != 1 {
		t.Errorf("%d items, %d errors", items, errs)
	}
}

func TestNextLinkToAnotherOrigin(t *testing.T) {
	other, otherSeen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { rtTestJSON(w, 200, `{"value":[]}`) })
	for _, link := range []string{other.URL + "/steal", "https://graph.microsoft.com/v1.0/x", "ftp://x/y"} {
		srv, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
			rtTestJSON(w, 200, `{"value":[{}],"@odata.nextLink":"`+link+`"}`)
		})
		c := rtTestClient(srv.URL)
		var errs []error
		for _, err := range graphrtItems[Target](context.Background(), c, "L", "GET", "/p1", nil, nil) {
			if err != nil {
				errs = append(errs, err)
			}
		}
		if len(errs) != 1 || !strings.Contains(errs[0].Error(), "@odata.nextLink leads to") {
			t.Errorf("%s: errors %v", link, errs)
		}
		if _, err := graphrtPage[Target](context.Background(), c, "L", "GET", "/p1", nil, nil); err == nil {
			t.Errorf("%s: graphrtPage: no error", link)
		}
		// A NextLink changed by the caller is checked too.
		p := &Page[Target]{c: c, op: "L", NextLink: link}
		if _, err := p.Next(context.Background()); err == nil || !strings.Contains(err.Error(), "not followed") {
			t.Errorf("%s: Next: %v", link, err)
		}
	}
	if n := len(otherSeen()); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
	// A deltaLink to another origin is kept in the page and refused when
	// followed; a relative nextLink resolves against the base URL.
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			rtTestJSON(w, 200, `{"value":[],"@odata.nextLink":"/v1/p2?x=1"}`)
			return
		}
		rtTestJSON(w, 200, `{"value":[],"@odata.deltaLink":"`+other.URL+`/d"}`)
	})
	p, err := graphrtPage[Target](context.Background(), rtTestClient(srv.URL+"/v1"), "L", "GET", "/p1", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err = p.Next(context.Background())
	if err != nil || p.DeltaLink != other.URL+"/d" || seen()[1].URI != "/v1/p2?x=1" {
		t.Fatalf("deltaLink page: %+v, %v", p, err)
	}
	if n := len(otherSeen()); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}

func TestPageNext(t *testing.T) {
	srv, seen := rtTestPages(t)
	c := rtTestClient(srv.URL + "/v1")
	var got []string
	var last *Page[TargetVariant]
	for p, err := graphrtPage[TargetVariant](context.Background(), c, "L", "GET", "/targets", nil, []RequestOption{Count(), Header("X-H", "1")}); p != nil || err != nil; p, err = p.Next(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if n, ok := p.Count.Get(); !ok || n != 9 {
			t.Errorf("Count = %v", p.Count)
		}
		for _, it := range p.Items {
			got = append(got, it.(*GroupAssignmentTarget).GroupID.v)
		}
		last = p
	}
	if len(got) != 9 || got[8] != "g8" || last.DeltaLink != srv.URL+"/v1/targets/delta?$deltatoken=d" || last.NextLink != "" {
		t.Errorf("items %v, last page %+v", got, last)
	}
	for i, r := range seen() {
		if r.Header.Get("X-H") != "1" || (i > 0 && strings.Contains(r.URI, "$count")) {
			t.Errorf("request %d: %s %v", i, r.URI, r.Header)
		}
	}
	if p, err := last.Next(context.Background()); p != nil || err != nil {
		t.Errorf("Next after the last page: %v, %v", p, err)
	}
	if p, err := (*Page[int])(nil).Next(context.Background()); p != nil || err != nil {
		t.Errorf("nil Next: %v, %v", p, err)
	}
}

// TestFromLink: a delta query's last page gives DeltaLink; the delta
// call with FromLink(DeltaLink) fetches the changes there, with its
// headers, and their last page the next DeltaLink. A link to another origin
// is refused before anything is sent.
func TestFromLink(t *testing.T) {
	var srvURL string
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			rtTestJSON(w, 200, `{"value":[{"groupId":"a"}],"@odata.deltaLink":"`+srvURL+`/v1/targets/delta?$deltatoken=t1"}`)
			return
		}
		rtTestJSON(w, 200, `{"value":[{"groupId":"b"}],"@odata.deltaLink":"`+srvURL+`/v1/targets/delta?$deltatoken=t2"}`)
	})
	srvURL = srv.URL
	ctx := context.Background()
	c := rtTestClient(srv.URL + "/v1")
	p, err := graphrtPage[*GroupAssignmentTarget](ctx, c, "D", "GET", "/targets/delta", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := p.Next(ctx); p != nil || err != nil {
		t.Errorf("Next on a delta's last page: %v, %v", p, err)
	}
	var got []string
	for it, err := range graphrtItems[*GroupAssignmentTarget](ctx, c, "D", "GET", "/targets/delta", nil, []RequestOption{FromLink(p.DeltaLink), Header("Prefer", "return=minimal"), Top(5)}) {
		if err != nil {
			t.Fatal(err)
		}
		id, _ := it.GroupID.Get()
		got = append(got, id)
	}
	if len(got) != 1 || got[0] != "b" {
		t.Errorf("changes %v, want [b]", got)
	}
	if r := seen(); len(r) != 2 || r[1].URI != "/v1/targets/delta?$deltatoken=t1" || r[1].Header.Get("Prefer") != "return=minimal" {
		t.Errorf("requests %+v", r)
	}
	other, otherSeen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { rtTestJSON(w, 200, `{"value":[]}`) })
	if _, err := graphrtPage[*GroupAssignmentTarget](ctx, c, "D", "GET", "/targets/delta", nil, []RequestOption{FromLink(other.URL + "/v1/targets/delta?$deltatoken=x")}); err == nil || !strings.Contains(err.Error(), "not followed") {
		t.Errorf("FromLink to another origin: %v", err)
	}
	if n := len(otherSeen()); n != 0 {
		t.Errorf("the other server got %d requests", n)
	}
}

// ---- Binary content ----

func TestDownloadThroughRedirect(t *testing.T) {
	content := bytes.Repeat([]byte("0123456789abcdef\x00\xff"), 100000)
	storage, storageSeen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Length", strconv.Itoa(len(content)))
		w.Write(content)
	})
	graph, graphSeen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, storage.URL+"/blob?sig=x", http.StatusFound)
	})
	c := rtTestClient(graph.URL+"/v1", WithMaxResponseSize(1024))
	d, err := graphrtDownload(context.Background(), c, "GetContent", "GET", "/drive/items/1/content", []RequestOption{Query("format", "pdf")})
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(d.Body)
	d.Body.Close()
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("read %d bytes (%v), want %d", len(got), err, len(content))
	}
	if d.ContentType != "application/pdf" || d.ContentLength != int64(len(content)) {
		t.Errorf("Download = %q, %d", d.ContentType, d.ContentLength)
	}
	g, s := graphSeen(), storageSeen()
	if len(g) != 1 || g[0].Header.Get("Authorization") != "Bearer tok" || g[0].URI != "/v1/drive/items/1/content?format=pdf" || g[0].Header.Get("Accept") != "*/*" {
		t.Errorf("graph saw %+v", g)
	}
	if len(s) != 1 || s[0].Header.Get("Authorization") != "" || s[0].URI != "/blob?sig=x" {
		t.Errorf("storage saw %+v", s)
	}
	// Errors and retries as for every call.
	busy, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			rtTestJSON(w, 503, `{}`)
			return
		}
		rtTestJSON(w, 404, `{"error":{"code":"itemNotFound"}}`)
	})
	_, err = graphrtDownload(context.Background(), rtTestClient(busy.URL), "GetContent", "GET", "/x", nil)
	var ge *Error
	if !errors.As(err, &ge) || ge.StatusCode != 404 || ge.Code != "itemNotFound" {
		t.Errorf("err = %v", err)
	}
}

// TestDownloadStreams: the body reaches the caller while the server is
// still writing (a buffering client would wait forever for the end), and
// reading 64 MiB allocates little.
func TestDownloadStreams(t *testing.T) {
	const size = 64 << 20
	release := make(chan struct{})
	chunk := bytes.Repeat([]byte{'z'}, 1<<20)
	srv, _ := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Length", strconv.Itoa(size))
		w.Write(chunk)
		w.(http.Flusher).Flush()
		select {
		case <-release:
		case <-time.After(30 * time.Second):
			return
		}
		for i := 1; i < size/len(chunk); i++ {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	type result struct {
		d   *Download
		err error
	}
	done := make(chan result, 1)
	go func() {
		d, err := graphrtDownload(context.Background(), rtTestClient(srv.URL), "Get", "GET", "/big", nil)
		done <- result{d, err}
	}()
	var d *Download
	select {
	case r := <-done:
		if r.err != nil {
			t.Fatal(r.err)
		}
		d = r.d
	case <-time.After(20 * time.Second):
		close(release)
		t.Fatal("graphrtDownload did not return before the server finished: the body is buffered")
	}
	defer d.Body.Close()
	first := make([]byte, 1<<20)
	if _, err := io.ReadFull(d.Body, first); err != nil {
		t.Fatal(err)
	}
	close(release)
	var before, after rtTestMem
	before.read()
	n, err := io.Copy(io.Discard, d.Body)
	after.read()
	if err != nil || n != size-1<<20 {
		t.Fatalf("read %d more bytes, err %v", n, err)
	}
	if alloc := after.total - before.total; alloc > 4<<20 {
		t.Errorf("reading 63 MiB allocated %d bytes", alloc)
	}
}

// rtTestMem reads the bytes allocated so far.
type rtTestMem struct{ total uint64 }

func (m *rtTestMem) read() {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	m.total = s.TotalAlloc
}

// rtTestSeeker is an io.ReadSeeker that is none of the types
// http.NewRequest knows.
type rtTestSeeker struct{ r *bytes.Reader }

func (s *rtTestSeeker) Read(p []byte) (int, error)                { return s.r.Read(p) }
func (s *rtTestSeeker) Seek(off int64, whence int) (int64, error) { return s.r.Seek(off, whence) }

// rtTestPlain is an io.Reader that cannot be sent again.
type rtTestPlain struct{ r io.Reader }

func (p *rtTestPlain) Read(b []byte) (int, error) { return p.r.Read(b) }

func TestUpload(t *testing.T) {
	content := bytes.Repeat([]byte("\x00\x01binary\xff"), 5000)
	busyFirst := func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "0")
			rtTestJSON(w, 429, `{"error":{"code":"TooMany"}}`)
			return
		}
		rtTestJSON(w, 201, `{"groupId":"uploaded"}`)
	}
	for _, tc := range []struct {
		name     string
		body     func() io.Reader
		retried  bool
		length   string
		skipHead int64 // bytes the caller already read from the reader
	}{
		{"bytes.Reader", func() io.Reader { return bytes.NewReader(content) }, true, strconv.Itoa(len(content)), 0},
		{"strings.Reader", func() io.Reader { return strings.NewReader(string(content)) }, true, strconv.Itoa(len(content)), 0},
		{"bytes.Buffer", func() io.Reader { return bytes.NewBuffer(bytes.Clone(content)) }, true, strconv.Itoa(len(content)), 0},
		{"io.Seeker", func() io.Reader { return &rtTestSeeker{bytes.NewReader(content)} }, true, strconv.Itoa(len(content)), 0},
		{"io.Seeker not at its start", func() io.Reader {
			s := &rtTestSeeker{bytes.NewReader(append([]byte("HEAD"), content...))}
			s.Seek(4, io.SeekStart)
			return s
		}, true, strconv.Itoa(len(content)), 4},
		{"plain io.Reader", func() io.Reader { return &rtTestPlain{bytes.NewReader(content)} }, false, "", 0},
	} {
		srv, seen := rtTestRecorder(t, busyFirst)
		out, err := graphrtUpload(context.Background(), rtTestClient(srv.URL), "Put", "PUT", "/items/1/content", tc.body(), "image/png", new(GroupAssignmentTarget),
			[]RequestOption{Header("Content-Type", "text/plain"), Header("If-Match", "*")})
		reqs := seen()
		if tc.retried {
			if err != nil || out == nil || !rtIs(out.GroupID, "uploaded") {
				t.Errorf("%s: %v, %v", tc.name, out, err)
			}
			if len(reqs) != 2 {
				t.Errorf("%s: %d requests, want 2", tc.name, len(reqs))
			}
		} else {
			var ge *Error
			if !errors.As(err, &ge) || ge.StatusCode != 429 || len(reqs) != 1 {
				t.Errorf("%s: err %v after %d requests, want the 429 after 1", tc.name, err, len(reqs))
			}
		}
		for i, r := range reqs {
			if r.Body != string(content) {
				t.Errorf("%s request %d: %d bytes arrived, not the content", tc.name, i, len(r.Body))
			}
			if r.Method != "PUT" || r.Header.Get("Content-Type") != "image/png" || r.Header.Get("If-Match") != "*" || r.Header.Get("Content-Length") != tc.length || r.Header.Get("Authorization") != "Bearer tok" {
				t.Errorf("%s request %d: %s %v", tc.name, i, r.Method, r.Header)
			}
		}
	}
	// No content type: octet-stream; a Header then may say it.
	srv, seen := rtTestRecorder(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c := rtTestClient(srv.URL)
	if err := graphrtUploadNoContent(context.Background(), c, "Put", "PUT", "/a", strings.NewReader("x"), "", nil); err != nil {
		t.Fatal(err)
	}
	if out, err := graphrtUpload(context.Background(), c, "Put", "PUT", "/b", strings.NewReader(""), "", new(Target), []RequestOption{Header("Content-Type", "text/csv")}); out != nil || err != nil {
		t.Errorf("204: %v, %v", out, err)
	}
	if r := seen(); r[0].Header.Get("Content-Type") != "application/octet-stream" || r[1].Header.Get("Content-Type") != "text/csv" || r[1].Header.Get("Content-Length") != "0" {
		t.Errorf("requests %+v", r)
	}
	// A nil body is an error before any request.
	var nilReader *bytes.Reader
	for _, body := range []io.Reader{nil, nilReader} {
		if _, err := graphrtUpload(context.Background(), c, "Put", "PUT", "/c", body, "", new(Target), nil); err == nil || err.Error() != "Put: upload body is nil" {
			t.Errorf("nil body: %v", err)
		}
		if err := graphrtUploadNoContent(context.Background(), c, "Put", "PUT", "/c", body, "", nil); err == nil {
			t.Errorf("nil body: no error")
		}
	}
	if n := len(seen()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
