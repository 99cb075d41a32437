package graphtest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

var ctx = context.Background()

func get[T any](n graph.Nullable[T]) T {
	v, _ := n.Get()
	return v
}

// raw sends a request by hand and returns the status and the body.
func raw(t *testing.T, s *Server, method, path, body string, header ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
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

// graphError reads Graph's error body.
func graphError(t *testing.T, body string) (code, message, requestID string) {
	t.Helper()
	var e struct {
		Error struct {
			Code       string
			Message    string
			InnerError struct {
				RequestID string `json:"request-id"`
				Date      string `json:"date"`
			} `json:"innerError"`
		} `json:"error"`
	}
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("not Graph's error body: %v: %s", err, body)
	}
	if e.Error.InnerError.Date == "" || e.Error.InnerError.RequestID == "" {
		t.Errorf("error body without innerError date and request-id: %s", body)
	}
	return e.Error.Code, e.Error.Message, e.Error.InnerError.RequestID
}

func wantGraphError(t *testing.T, err error, status int, code string, inMessage string) *graph.Error {
	t.Helper()
	var ge *graph.Error
	if !errors.As(err, &ge) {
		t.Fatalf("error %v (%T), want a *graph.Error", err, err)
	}
	if ge.StatusCode != status || ge.Code != code || !strings.Contains(ge.Message, inMessage) {
		t.Errorf("error %d %s %q, want %d %s with %q", ge.StatusCode, ge.Code, ge.Message, status, code, inMessage)
	}
	if ge.RequestID == "" {
		t.Errorf("error without request-id: %+v", ge)
	}
	return ge
}

func TestDefaultAnswers(t *testing.T) {
	s := NewServer(t)
	c := s.Client()
	w, err := c.GetWidget(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := w.ID.Get(); id != "w1" {
		t.Errorf("ID = %q, want w1 (read-only properties are answered)", id)
	}
	if cr, _ := w.CreatedDateTime.Get(); !cr.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("Created = %v", cr)
	}
	if _, err := c.GetMeWidget(ctx); err != nil {
		t.Error(err)
	}
	n, err := c.GetWidgetsCountWithColor(ctx, "red")
	if err != nil || n != 7 {
		t.Errorf("GetWidgetsCountWithColor = %d, %v; want the example's 7", n, err)
	}
	// No example: an empty answer of the right shape.
	var shapes int
	for _, err := range c.ListShapes(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		shapes++
	}
	if shapes != 0 {
		t.Errorf("ListShapes gave %d items, want none", shapes)
	}
	sh, err := c.GetShape(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := sh.(*graph.Shape); !ok {
		t.Errorf("GetShape = %T, want the base type for {}", sh)
	}
	if err := c.DeleteWidget(ctx, "w1"); err != nil {
		t.Error(err)
	}
	a, err := c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if err != nil {
		t.Fatal(err)
	}
	// The example's Location is the real service's: the fake answers with
	// a monitor of its own, on its storage host (another origin).
	if a.StatusCode != 202 || !strings.HasPrefix(a.Location, s.aux.URL+"/monitor/") || strings.HasPrefix(a.Location, s.srv.URL) {
		t.Errorf("Accepted = %+v, want 202 and a monitor on the storage host", a)
	}
	d, err := c.DownloadWidgetContent(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(d.Body)
	d.Body.Close()
	if len(data) != 0 || d.ContentType != "application/octet-stream" {
		t.Errorf("download %q %q, want no bytes", data, d.ContentType)
	}
	up, err := c.UploadDriveRootByPathContent(ctx, "a/b.txt", strings.NewReader("hello"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if name, _ := up.Name.Get(); name != "notes.txt" {
		t.Errorf("upload answered %q, want the example's notes.txt", name)
	}
	if got := s.Calls()[len(s.Calls())-1].Status; got != 201 {
		t.Errorf("upload status %d, want the page's 201", got)
	}
}

func TestHandlers(t *testing.T) {
	s := NewServer(t)
	c := s.Client()
	s.HandleUpdateWidget(func(r *Request[*graph.Widget]) (*graph.Widget, error) {
		if r.Params["id"] == "a/b c" && (r.Operation != "UpdateWidget" || r.Query.Get("$select") != "id,name,owner,shape,createdDateTime" || r.Header.Get("X-Test") != "1") {
			t.Errorf("request %+v", r)
		}
		name, _ := r.Body.Name.Get()
		r.ResponseHeader.Set("ETag", "W/1")
		return &graph.Widget{
			ID: graph.Value(r.Params["id"]), Name: graph.Value(name + "!"),
			CreatedDateTime: graph.Value(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)),
			Owner:           graph.Value(&graph.Person{ID: graph.Value("p1"), DisplayName: graph.Value("Ada")}),
			Shape:           graph.Value[graph.ShapeVariant](&graph.Circle{ID: graph.Value("c1"), Radius: graph.Value(2.5)}),
		}, nil
	})
	w, err := c.UpdateWidget(ctx, "a/b c", &graph.Widget{Name: graph.Value("x")}, graph.Select("id", "name", "owner", "shape", "createdDateTime"), graph.Header("X-Test", "1"))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(w) // what a caller would send back: no read-only properties
	if string(b) != `{"name":"x!","owner":{"displayName":"Ada"},"shape":{"@odata.type":"#microsoft.graph.circle","radius":2.5}}` {
		t.Errorf("re-encoded %s", b)
	}
	if id, _ := w.ID.Get(); id != "a/b c" {
		t.Errorf("ID %q", id)
	}
	owner, _ := w.Owner.Get()
	if id, _ := owner.ID.Get(); id != "p1" {
		t.Errorf("nested read-only owner.id %q, want p1", id)
	}
	sh, _ := w.Shape.Get()
	if ci, ok := sh.(*graph.Circle); !ok || !is(ci.ID, "c1") {
		t.Errorf("shape %#v", sh)
	}
	if cr, _ := w.CreatedDateTime.Get(); cr.Year() != 2020 {
		t.Errorf("created %v", cr)
	}

	// $select drops what it does not name.
	_, _, body := raw(t, s, "PATCH", "/widgets/x?$select=name", `{}`)
	if body != `{"name":"!"}` {
		t.Errorf("$select=name answered %s", body)
	}

	// A family body and result.
	s.HandleUpdateShape(func(r *Request[graph.ShapeVariant]) (graph.ShapeVariant, error) {
		ci, ok := r.Body.(*graph.Circle)
		if !ok {
			return nil, &graph.Error{StatusCode: 400, Code: "BadShape", Message: fmt.Sprintf("%T", r.Body)}
		}
		return ci, nil
	})
	// A body is sent as the caller set it: a derived type names itself.
	got, err := c.UpdateShape(ctx, "s", &graph.Circle{ODataType: "#microsoft.graph.circle", Radius: graph.Value(1.0)})
	if err != nil {
		t.Fatal(err)
	}
	if ci, ok := got.(*graph.Circle); !ok || !is(ci.Radius, 1.0) {
		t.Errorf("UpdateShape = %#v", got)
	}
	_, err = c.UpdateShape(ctx, "s", &graph.Shape{})
	wantGraphError(t, err, 400, "BadShape", "*graph.Shape")

	// *graph.Error answers with Graph's error body; another error is 500.
	s.HandleGetWidget(func(r *Request[NoBody]) (*graph.Widget, error) {
		switch r.Params["id"] {
		case "gone":
			return nil, &graph.Error{StatusCode: 404, Code: "Request_ResourceNotFound", Message: "Resource 'gone' does not exist.", RequestID: "my-id"}
		case "nil":
			return nil, nil
		}
		return nil, errors.New("boom")
	})
	_, err = c.GetWidget(ctx, "gone")
	if ge := wantGraphError(t, err, 404, "Request_ResourceNotFound", "'gone' does not exist"); ge.RequestID != "my-id" {
		t.Errorf("request-id %q, want the handler's", ge.RequestID)
	}
	_, err = c.GetWidget(ctx, "x")
	wantGraphError(t, err, 500, "generalException", "boom")
	if w, err := c.GetWidget(ctx, "nil"); w != nil || err != nil {
		t.Errorf("a nil answer: %v, %v; want 204 and nil", w, err)
	}
	// nil goes back to the example.
	s.HandleGetWidget(nil)
	if w, err := c.GetWidget(ctx, "gone"); err != nil || !is(w.Name, "one") {
		t.Errorf("after HandleGetWidget(nil): %v, %v", w, err)
	}

	// Values, downloads, uploads, accepted, no content.
	s.HandleGetWidgetsCountWithColor(func(r *Request[NoBody]) (int64, error) {
		if r.Params["color"] != "re'd" {
			t.Errorf("color parameter %q", r.Params["color"])
		}
		return 42, nil
	})
	if n, err := c.GetWidgetsCountWithColor(ctx, "re'd"); n != 42 || err != nil {
		t.Errorf("count %d %v", n, err)
	}
	s.HandleDownloadWidgetContent(func(r *Request[NoBody]) (*graph.Download, error) {
		return &graph.Download{Body: io.NopCloser(strings.NewReader("bytes of " + r.Params["id"])), ContentType: "text/plain"}, nil
	})
	d, err := c.DownloadWidgetContent(ctx, "w9")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(d.Body)
	d.Body.Close()
	if string(data) != "bytes of w9" || d.ContentType != "text/plain" {
		t.Errorf("download %q %q", data, d.ContentType)
	}
	s.HandleUploadDriveItemByPathContent(func(r *Request[Upload]) (*graph.Widget, error) {
		return &graph.Widget{Name: graph.Value(r.Params["parentID"] + "|" + r.Params["filename"] + "|" + r.Body.ContentType + "|" + string(r.Body.Data))}, nil
	})
	up, err := c.UploadDriveItemByPathContent(ctx, "p:1", "dir/a b#.txt", strings.NewReader("hi"), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := up.Name.Get(); n != "p:1|dir/a b#.txt|text/plain|hi" {
		t.Errorf("upload saw %q", n)
	}
	s.HandleCallWidgetsExport(func(r *Request[*graph.CallWidgetsExportRequest]) (*graph.Accepted, error) {
		return &graph.Accepted{Location: s.URL() + "/operations/" + get(r.Body.Format), RetryAfter: 2 * time.Second}, nil
	})
	a, err := c.CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	if err != nil || a.StatusCode != 202 || a.Location != s.URL()+"/operations/csv" || a.RetryAfter != 2*time.Second {
		t.Errorf("accepted %+v %v", a, err)
	}
	deleted := ""
	s.HandleDeleteWidget(func(r *Request[NoBody]) error {
		deleted = r.Params["id"]
		return nil
	})
	if err := c.DeleteWidget(ctx, "w7"); err != nil || deleted != "w7" {
		t.Errorf("delete %q %v", deleted, err)
	}
}

func TestValidation(t *testing.T) {
	s := NewServer(t)
	called := 0
	s.HandleCreateWidget(func(r *Request[*graph.Widget]) (*graph.Widget, error) {
		called++
		return r.Body, nil
	})
	for _, tc := range []struct {
		name, body, inMessage string
	}{
		{"unknown property", `{"name":"a","bogus":1}`, "'bogus' does not exist on type 'microsoft.graph.widget'"},
		{"nested unknown property", `{"name":"a","owner":{"displayName":"x","nick":"y"}}`, "'owner.nick' does not exist on type 'microsoft.graph.person'"},
		{"read-only property", `{"name":"a","id":"w1"}`, "'id' is read-only"},
		{"nested read-only property", `{"name":"a","owner":{"id":"p"}}`, "'owner.id' is read-only"},
		{"wrong JSON type", `{"name":"a","size":"big"}`, "size"},
		{"wrong JSON type in a list", `{"name":"a","tags":[1]}`, "tags"},
		{"not JSON", `{"name":`, "not valid JSON"},
		{"missing required property", `{"size":1}`, "'name' is missing"},
		{"null required property", `{"name":null}`, "'name' cannot be null"},
		{"unknown @odata.type", `{"name":"a","shape":{"@odata.type":"#microsoft.graph.square"}}`, "'microsoft.graph.square' of 'shape'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, _, body := raw(t, s, "POST", "/widgets", tc.body)
			code, msg, _ := graphError(t, body)
			if status != 400 || code != "BadRequest" || !strings.Contains(msg, tc.inMessage) {
				t.Errorf("%s: %d %s %q, want 400 BadRequest naming %q", tc.body, status, code, msg, tc.inMessage)
			}
		})
	}
	if called != 0 {
		t.Errorf("the handler was called %d times for bad requests", called)
	}
	// Fine: annotations, a known @odata.type, the required property.
	status, _, body := raw(t, s, "POST", "/widgets", `{"name":"a","members@odata.bind":["x"],"shape":{"@odata.type":"#microsoft.graph.circle","radius":1}}`)
	if status != 201 || called != 1 || !strings.Contains(body, `"radius":1`) {
		t.Errorf("a good request: %d %s (handler called %d times)", status, body, called)
	}
	// Through the client: a body without the required name.
	_, err := s.Client().CreateWidget(ctx, &graph.Widget{Size: graph.Value[int64](1)})
	wantGraphError(t, err, 400, "BadRequest", "'name' is missing")
	// AdditionalData is sent back by the client: the service rejects it.
	_, err = s.Client().CreateWidget(ctx, &graph.Widget{Name: graph.Value("a"), AdditionalData: map[string]json.RawMessage{"extra": json.RawMessage(`1`)}})
	wantGraphError(t, err, 400, "BadRequest", "'extra' does not exist")
	// A body of a request type (no OData name): its Go name.
	_, err = s.Client().CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{AdditionalData: map[string]json.RawMessage{"fmt": json.RawMessage(`"x"`)}})
	wantGraphError(t, err, 400, "BadRequest", "'fmt' does not exist on type 'CallWidgetsExportRequest'")

	// Unknown path, wrong method.
	status, _, body = raw(t, s, "GET", "/gadgets", "")
	if code, _, _ := graphError(t, body); status != 404 || code != "Request_ResourceNotFound" {
		t.Errorf("unknown path: %d %s", status, body)
	}
	status, h, body := raw(t, s, "PUT", "/widgets/w1", `{}`)
	if code, _, _ := graphError(t, body); status != 405 || h.Get("Allow") != "DELETE, GET, PATCH" || code == "" {
		t.Errorf("wrong method: %d Allow %q %s", status, h.Get("Allow"), body)
	}
	// Paths with and without the version, escaped ids.
	for _, p := range []string{"/widgets/a%2Fb", "/beta/widgets/x", "/WIDGETS/x"} {
		req, _ := http.NewRequest("GET", s.srv.URL+p, nil)
		if p == "/widgets/a%2Fb" {
			req, _ = http.NewRequest("GET", s.URL()+p, nil)
		}
		resp, err := s.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, resp.StatusCode)
		}
	}
	if got := s.CallsOf("GetWidget")[0].Params["id"]; got != "a/b" {
		t.Errorf("escaped id arrived as %q", got)
	}
}

// TestReferences: an operation that links an object takes a reference: its
// handler gets the URL the client sent; a body that is not one is 400,
// and the handler is not called.
func TestReferences(t *testing.T) {
	s := NewServer(t)
	var owners []string
	s.HandleCallWidgetOwnersRef(func(r *Request[Ref]) error {
		if r.Params["id"] != "w/1" {
			return &graph.Error{StatusCode: 404, Code: "NotFound", Message: r.Params["id"]}
		}
		owners = append(owners, r.Body.ODataID)
		return nil
	})
	c := s.Client()
	for _, ref := range []string{"https://graph.microsoft.com/v1.0/people/p1", `https://graph.microsoft.com/v1.0/people('a "b" é')`} {
		if err := c.CallWidgetOwnersRef(ctx, "w/1", ref); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"https://graph.microsoft.com/v1.0/people/p1", `https://graph.microsoft.com/v1.0/people('a "b" é')`}; !slices.Equal(owners, want) {
		t.Errorf("owners %q, want %q", owners, want)
	}
	calls := s.CallsOf("CallWidgetOwnersRef")
	if len(calls) != 2 || calls[0].Body != (Ref{ODataID: "https://graph.microsoft.com/v1.0/people/p1"}) || calls[0].Status != 204 {
		t.Errorf("calls %+v", calls)
	}
	// An empty ref never leaves the client.
	if err := c.CallWidgetOwnersRef(ctx, "w/1", ""); err == nil || !strings.Contains(err.Error(), "ref is empty") {
		t.Errorf("empty ref: %v", err)
	}
	if n := len(s.CallsOf("CallWidgetOwnersRef")); n != 2 {
		t.Errorf("%d calls after an empty ref, want 2", n)
	}
	for _, tc := range []struct{ name, body, inMessage string }{
		{"no body", "", "The request body is missing"},
		{"not JSON", `{"@odata.id":`, "not valid JSON"},
		{"an array", `["https://x/people/p1"]`, "not a JSON object"},
		{"null", `null`, "is null"},
		{"empty object", `{}`, "has no '@odata.id'"},
		{"an object to create", `{"displayName":"Ada"}`, "'displayName' does not belong in a reference"},
		{"more than a reference", `{"@odata.id":"https://x/people/p1","id":"p1"}`, "'id' does not belong in a reference"},
		{"a number", `{"@odata.id":1}`, "'@odata.id' is not a string"},
		{"null id", `{"@odata.id":null}`, "'@odata.id' is not a string"},
		{"empty id", `{"@odata.id":""}`, "'@odata.id' is empty"},
	} {
		status, _, body := raw(t, s, "POST", "/widgets/w%2F1/owners/$ref", tc.body)
		code, msg, _ := graphError(t, body)
		if status != 400 || code != "BadRequest" || !strings.Contains(msg, tc.inMessage) || !strings.Contains(msg, `{"@odata.id": "<URL of the object>"}`) && tc.name != "not JSON" {
			t.Errorf("%s: %d %s %q, want 400 BadRequest saying %q", tc.name, status, code, msg, tc.inMessage)
		}
	}
	if len(owners) != 2 {
		t.Errorf("the handler was called for a bad reference: owners %q", owners)
	}
	// An annotation beside @odata.id is fine; the default answer is 204.
	s.HandleCallWidgetOwnersRef(nil)
	if status, _, body := raw(t, s, "POST", "/widgets/w1/owners/$ref", `{"@odata.id":"https://x/people/p2","@odata.context":"x"}`); status != 204 || body != "" {
		t.Errorf("default answer: %d %q", status, body)
	}
}

func widgets(n int) []*graph.Widget {
	out := make([]*graph.Widget, n)
	for i := range out {
		out[i] = &graph.Widget{ID: graph.Value(fmt.Sprint("w", i)), Name: graph.Value(fmt.Sprint("n", i)), Size: graph.Value(int64(i))}
	}
	return out
}

func TestPaging(t *testing.T) {
	s := NewServer(t, WithPageSize(10))
	c := s.Client()
	calls := 0
	s.HandleListWidgets(func(r *Request[NoBody]) ([]*graph.Widget, error) {
		calls++
		return widgets(25), nil
	})
	var ids []string
	for w, err := range c.ListWidgets(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		id, _ := w.ID.Get()
		ids = append(ids, id)
	}
	if len(ids) != 25 || ids[0] != "w0" || ids[24] != "w24" || calls != 1 {
		t.Errorf("got %d items (%v), handler called %d times; want 25 in order, one call", len(ids), ids, calls)
	}
	var pages []int
	for _, cl := range s.CallsOf("ListWidgets") {
		pages = append(pages, cl.Page)
	}
	if !slices.Equal(pages, []int{0, 1, 2}) {
		t.Errorf("page requests %v, want [0 1 2]", pages)
	}

	// $top sets the page size, $count the total, $select the properties.
	p, err := c.ListWidgetsPage(ctx, graph.Top(20), graph.Count(), graph.Select("name"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 20 || !is(p.Count, int64(25)) || p.NextLink == "" || !strings.HasPrefix(p.NextLink, s.URL()+"/widgets?") {
		t.Errorf("first page: %d items, count %v, next %q", len(p.Items), p.Count, p.NextLink)
	}
	if isSet(p.Items[0].ID) || !is(p.Items[0].Name, "n0") {
		t.Errorf("$select=name: %+v", p.Items[0])
	}
	p, err = p.Next(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 5 || p.NextLink != "" || !is(p.Items[4].Name, "n24") || isSet(p.Items[4].Size) {
		t.Errorf("last page: %d items, next %q", len(p.Items), p.NextLink)
	}
	if q := s.Calls()[len(s.Calls())-1].Query; q.Get("$top") != "20" || q.Get("$select") != "name" {
		t.Errorf("next page query %v: the call's options carry over", q)
	}

	// SetPageSize, and the example's collection when there is no handler.
	s.HandleListWidgets(nil)
	s.SetPageSize(2)
	p, err = c.ListWidgetsPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Items) != 2 || !is(p.Items[1].ID, "w2") || p.NextLink == "" {
		t.Errorf("example page: %+v", p)
	}
	// Families in a collection.
	s.HandleListShapes(func(r *Request[NoBody]) ([]graph.ShapeVariant, error) {
		return []graph.ShapeVariant{&graph.Shape{Name: graph.Value("s")}, &graph.Circle{Radius: graph.Value(3.0)}, &graph.Shape{}}, nil
	})
	var kinds []string
	for v, err := range c.ListShapes(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, reflect.TypeOf(v).String())
	}
	if strings.Join(kinds, " ") != "*graph.Shape *graph.Circle *graph.Shape" {
		t.Errorf("shapes %v", kinds)
	}
	// A $skiptoken the server never gave.
	status, _, _ := raw(t, s, "GET", "/widgets?$skiptoken=99-1", "")
	if status != 200 {
		t.Errorf("unknown $skiptoken: %d (it is a query parameter like another)", status)
	}
}

func TestFaults(t *testing.T) {
	s := NewServer(t, WithPageSize(2))
	c := s.Client()

	// Throttled once: the client waits as Retry-After says, on the
	// server's clock (recorded, no time taken), and retries.
	s.Fault("GetWidget", 1, Throttle(time.Second))
	if _, err := c.GetWidget(ctx, "w1"); err != nil {
		t.Fatal(err)
	}
	if w := s.Waits(); !slices.Equal(w, []time.Duration{time.Second}) {
		t.Errorf("waits %v, want [1s] (Retry-After)", w)
	}
	var st []int
	for _, cl := range s.CallsOf("GetWidget") {
		st = append(st, cl.Status)
	}
	if !slices.Equal(st, []int{429, 200}) {
		t.Errorf("statuses %v, want [429 200]", st)
	}
	status, h, body := func() (int, http.Header, string) {
		s.Fault("GetWidget", 1, Throttle(1500*time.Millisecond))
		return raw(t, s, "GET", "/widgets/w1", "")
	}()
	if code, _, _ := graphError(t, body); status != 429 || h.Get("Retry-After") != "2" || code != "TooManyRequests" {
		t.Errorf("throttled: %d Retry-After %q %s", status, h.Get("Retry-After"), body)
	}

	// More faults than retries: the caller sees the 503; faults of any
	// operation ("") count every request.
	s.Fault("", 4, Unavailable(0))
	_, err := c.GetWidget(ctx, "w1")
	wantGraphError(t, err, 503, "serviceNotAvailable", "unavailable")
	if _, err := c.GetWidget(ctx, "w1"); err != nil {
		t.Errorf("after 4 faults: %v", err)
	}
	// Three retries without Retry-After: three backoff waits, 0.25-0.5s,
	// 0.5-1s, 1-2s.
	if w := s.Waits(); len(w) != 4 || w[1] < 250*time.Millisecond || w[1] > 500*time.Millisecond || w[3] < time.Second || w[3] > 2*time.Second {
		t.Errorf("waits %v, want [1s, then three backoffs]", w)
	}

	// A throttled second page is retried.
	s.HandleListWidgets(func(r *Request[NoBody]) ([]*graph.Widget, error) { return widgets(5), nil })
	p, err := c.ListWidgetsPage(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Fault("ListWidgets", 1, Throttle(0))
	if p, err = p.Next(ctx); err != nil || len(p.Items) != 2 || !is(p.Items[0].ID, "w2") {
		t.Errorf("next page after a 429: %v %v", p, err)
	}

	// Slow: a client deadline ends the call.
	s.Fault("GetWidget", 1, Slow(2*time.Second))
	tctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	_, err = c.GetWidget(tctx, "w1")
	cancel()
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow answer: %v, want the deadline", err)
	}
	s.Fault("GetWidget", 1, Slow(20*time.Millisecond))
	if _, err := c.GetWidget(ctx, "w1"); err != nil {
		t.Errorf("slow answer: %v", err)
	}

	// Truncated: the body is cut short.
	s.Fault("GetWidget", 1, Truncated())
	_, err = c.GetWidget(ctx, "w1")
	if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
		t.Errorf("truncated answer: %v, want unexpected EOF", err)
	}
	s.Fault("DownloadWidgetContent", 1, Truncated())
	s.HandleDownloadWidgetContent(func(r *Request[NoBody]) (*graph.Download, error) {
		return &graph.Download{Body: io.NopCloser(strings.NewReader("0123456789"))}, nil
	})
	d, err := c.DownloadWidgetContent(ctx, "w1")
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(d.Body)
	d.Body.Close()
	if string(data) != "01234" || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("truncated download: %q %v", data, err)
	}

	// n <= 0: until ClearFaults.
	s.Fault("DeleteWidget", 0, Fault{Status: 500})
	for range 2 {
		err := c.DeleteWidget(ctx, "w1")
		wantGraphError(t, err, 500, "InternalServerError", "Fault")
	}
	s.ClearFaults()
	if err := c.DeleteWidget(ctx, "w1"); err != nil {
		t.Error(err)
	}
}

func TestPermissions(t *testing.T) {
	s := NewServer(t)
	with := func(tok string) *graph.Client { return s.Client(graph.WithTokenProvider(TokenProvider(tok))) }

	var scopes []string
	s.HandleGetWidget(func(r *Request[NoBody]) (*graph.Widget, error) {
		scopes = r.Scopes
		return &graph.Widget{}, nil
	})
	if _, err := with(Token("Mail.Read", "widget.read")).GetWidget(ctx, "w"); err != nil {
		t.Errorf("a documented scope (any case): %v", err)
	}
	if !slices.Equal(scopes, []string{"Mail.Read", "widget.read"}) {
		t.Errorf("Request.Scopes = %v", scopes)
	}
	_, err := with(Token("Mail.Read")).GetWidget(ctx, "w")
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "needs one of Widget.Read, Widget.ReadWrite (delegated")
	// A higher privileged scope allows too, as Graph does.
	if _, err := with(Token("Widget.ReadWrite")).GetWidget(ctx, "w"); err != nil {
		t.Errorf("a higher privileged scope: %v", err)
	}
	if _, err := with(PersonalToken("Widget.Read")).GetWidget(ctx, "w"); err != nil {
		t.Errorf("personal token: %v", err)
	}
	_, err = with(PersonalToken("Widget.ReadWrite")).CreateWidget(ctx, &graph.Widget{Name: graph.Value("a")})
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "does not support delegated (personal Microsoft account) permissions")
	if _, err := with(AppToken("Widget.Read.All")).GetWidget(ctx, "w"); err != nil {
		t.Errorf("app token: %v", err)
	}
	_, err = with(AppToken("Widget.Read")).GetWidget(ctx, "w")
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "(application)")

	// Requests without a fake token are allowed.
	if _, err := s.Client().GetWidget(ctx, "w"); err != nil {
		t.Errorf("no token: %v", err)
	}
	if _, err := with("eyJhbGciOiJSUzI1NiJ9.eyJzY3AiOiIifQ.c2ln").GetWidget(ctx, "w"); err != nil {
		t.Errorf("another token: %v", err)
	}
	// An operation whose page documents no permissions graphgen could read
	// (Unknown) is not "any token goes": denied, saying the docs do not
	// say, unless the test opts in.
	_, err = with(Token("Shape.ReadWrite.All")).GetShape(ctx, "s")
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "the docs do not say which scopes allow GetShape")
	if _, err := s.Client().GetShape(ctx, "s"); err != nil {
		t.Errorf("unknown permissions, no token: %v", err)
	}
	open := NewServer(t, AllowUnknownPermissions())
	if _, err := open.Client(graph.WithTokenProvider(TokenProvider(Token()))).GetShape(ctx, "s"); err != nil {
		t.Errorf("unknown permissions, AllowUnknownPermissions: %v", err)
	}
	_, err = open.Client(graph.WithTokenProvider(TokenProvider(Token("Mail.Read")))).GetWidget(ctx, "w")
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "GetWidget needs one of")
	// Scopes per resource: any resource's scope of the token's type allows
	// (the fake does not read which resource the body names); a type no
	// resource lists is not supported.
	if _, err := with(AppToken("Widget.Export.All")).CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")}); err != nil {
		t.Errorf("a resource's scope: %v", err)
	}
	if _, err := with(Token("Gadget.Export")).CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")}); err != nil {
		t.Errorf("another resource's scope: %v", err)
	}
	_, err = with(PersonalToken("Widget.Export.All")).CallWidgetsExport(ctx, &graph.CallWidgetsExportRequest{Format: graph.Value("csv")})
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "does not support delegated (personal Microsoft account) permissions")
	// The token is checked before the body.
	_, err = with(Token()).CreateWidget(ctx, &graph.Widget{})
	wantGraphError(t, err, 403, "Authorization_RequestDenied", "CreateWidget")
}

func TestCalls(t *testing.T) {
	s := NewServer(t)
	c := s.Client(graph.WithUserAgent("calls-test"))
	if _, err := c.UpdateWidget(ctx, "w 1", &graph.Widget{Name: graph.Value("n"), Tags: graph.Value([]string{"a"})}, graph.Filter("x eq 1"), graph.Header("Prefer", "return=minimal")); err != nil {
		t.Fatal(err)
	}
	raw(t, s, "GET", "/nowhere?a=b", "")
	calls := s.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls, want 2", len(calls))
	}
	cl := calls[0]
	if cl.Operation != "UpdateWidget" || cl.Method != "PATCH" || cl.Path != "/widgets/w%201" || cl.Params["id"] != "w 1" || cl.Status != 200 || cl.Page != 0 {
		t.Errorf("call %+v", cl)
	}
	body, ok := cl.Body.(*graph.Widget)
	if !ok || !is(body.Name, "n") || !slices.Equal(get(body.Tags), []string{"a"}) {
		t.Errorf("Body %#v", cl.Body)
	}
	if string(cl.RawBody) != `{"name":"n","tags":["a"]}` {
		t.Errorf("RawBody %s", cl.RawBody)
	}
	if cl.Query.Get("$filter") != "x eq 1" || cl.Header.Get("Prefer") != "return=minimal" || cl.Header.Get("User-Agent") != "calls-test" {
		t.Errorf("query %v headers %v", cl.Query, cl.Header)
	}
	if u := calls[1]; u.Operation != "" || u.Status != 404 || u.Path != "/nowhere" || u.Query.Get("a") != "b" {
		t.Errorf("unmatched call %+v", u)
	}
	if n := len(s.CallsOf("UpdateWidget")); n != 1 {
		t.Errorf("CallsOf: %d", n)
	}
}

// A handler's panic fails the test (a fake testing.TB records it) and
// answers 500.
func TestHandlerPanic(t *testing.T) {
	rec := &recordingTB{TB: t}
	s := NewServer(rec)
	s.HandleGetWidget(func(r *Request[NoBody]) (*graph.Widget, error) { panic("oops") })
	_, err := s.Client().GetWidget(ctx, "w")
	wantGraphError(t, err, 500, "generalException", "panicked")
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], "the handler of GetWidget panicked: oops") {
		t.Errorf("errors reported: %q", rec.errors)
	}
}

type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func TestTLS(t *testing.T) {
	s := NewServer(t, WithTLS())
	if !strings.HasPrefix(s.URL(), "https://") || !strings.HasSuffix(s.URL(), "/v1.0") {
		t.Errorf("URL %q", s.URL())
	}
	if _, err := s.Client().GetWidget(ctx, "w"); err != nil {
		t.Error(err)
	}
	// The storage host serves HTTPS too, with a certificate the client
	// trusts.
	u := s.NewUploadSession()
	if !strings.HasPrefix(u, "https://") {
		t.Errorf("upload URL %s", u)
	}
	if w, err := graph.UploadLarge[graph.Widget](ctx, s.Client(), u, strings.NewReader("hello"), 5); err != nil || !is(w.Size, int64(5)) {
		t.Errorf("an upload over TLS: %+v %v", w, err)
	}
}

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		method, path string
		op           string
		params       map[string]string
	}{
		{"GET", "/widgets", "ListWidgets", map[string]string{}},
		{"GET", "/widgets/a%2Fb%3Fc", "GetWidget", map[string]string{"id": "a/b?c"}},
		{"GET", "/widgets/count(color='it''s')", "GetWidgetsCountWithColor", map[string]string{"color": "it's"}},
		{"GET", "/widgets/count(color='x%2Cy')", "GetWidgetsCountWithColor", map[string]string{"color": "x,y"}},
		{"GET", "/widgets/w/content", "DownloadWidgetContent", map[string]string{"id": "w"}},
		{"PUT", "/drive/root:/a/b%20c/d.txt:/content", "UploadDriveRootByPathContent", map[string]string{"itemPath": "a/b c/d.txt"}},
		{"PUT", "/drive/items/p%3A1:/f.txt:/content", "UploadDriveItemByPathContent", map[string]string{"parentID": "p:1", "filename": "f.txt"}},
		{"GET", "/widgets/a/b", "", nil},
		{"PUT", "/drive/root::/content", "", nil},
	} {
		op, params, _ := route(tc.method, tc.path)
		name := ""
		if op != nil {
			name = op.name
		}
		if name != tc.op || op != nil && !reflect.DeepEqual(params, tc.params) {
			t.Errorf("%s %s: %q %v, want %q %v", tc.method, tc.path, name, params, tc.op, tc.params)
		}
	}
	if got := operationNames(); len(got) != len(table) || !slices.IsSorted(got) {
		t.Errorf("operationNames %v", got)
	}
}

// is reports whether n holds want (graph.Nullable is not comparable).
func is[T comparable](n graph.Nullable[T], want T) bool {
	v, ok := n.Get()
	return ok && v == want
}

// isSet reports whether n holds a value or null.
func isSet[T any](n graph.Nullable[T]) bool {
	_, ok := n.Get()
	return ok || n.IsNull()
}
