package graphtest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// Server is a fake Graph service for one test. Its methods are safe for
// concurrent use.
type Server struct {
	t       testing.TB
	srv     *httptest.Server
	version string        // the path of graph.DefaultBaseURL: "/v1.0"
	done    chan struct{} // closed when the test ends

	allowUnknown bool // AllowUnknownPermissions

	mu       sync.Mutex
	pageSize int
	handlers map[string]handlerFunc
	faults   []*faultRule
	calls    []*Call
	lists    map[int]*list
	nextList int
	nextID   int

	clock *clock // the clients' (Waits)

	// The storage host: another origin, as OneDrive's upload and monitor
	// URLs are on other hosts than graph.microsoft.com (upload.go,
	// monitor.go).
	aux        *httptest.Server
	sessions   map[string]*uploadSession
	uploads    []UploadedFile
	onComplete func(*UploadedFile) (any, error)
	monitors   map[string]*monitor
	scripts    map[string][]MonitorStep
	// Delta queries (delta.go): the changes DeltaChanges recorded per
	// operation, and where each deltaLink given points in them.
	deltaLogs   map[string][]json.RawMessage
	deltaTokens map[string]deltaMark
	nextAux     int // numbers sessions, monitors, delta tokens, new resources
}

// ServerOption configures a Server.
type ServerOption func(*serverConfig)

type serverConfig struct {
	pageSize     int
	tls          bool
	allowUnknown bool
}

// AllowUnknownPermissions lets a fake token call an operation whose page
// documents no permissions graphgen could read (its <Method>Permissions
// is Unknown). Without it such a call is denied (403) with a message
// saying the docs do not say which scopes allow it: a test that checks
// scopes cannot pass on what nobody knows.
func AllowUnknownPermissions() ServerOption {
	return func(c *serverConfig) { c.allowUnknown = true }
}

// WithPageSize sets how many items a page of a collection holds (100
// unless set); $top overrides it for one call.
func WithPageSize(n int) ServerOption {
	return func(c *serverConfig) {
		if n > 0 {
			c.pageSize = n
		}
	}
}

// WithTLS serves HTTPS (Client trusts the server's certificate).
func WithTLS() ServerOption {
	return func(c *serverConfig) { c.tls = true }
}

// NewServer starts a fake Graph service; it stops when the test ends.
func NewServer(t testing.TB, opts ...ServerOption) *Server {
	t.Helper()
	cfg := serverConfig{pageSize: 100}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	s := &Server{
		t: t, done: make(chan struct{}),
		pageSize: cfg.pageSize, allowUnknown: cfg.allowUnknown,
		handlers: map[string]handlerFunc{},
		lists:    map[int]*list{},
		clock:    &clock{now: time.Now()},
		sessions: map[string]*uploadSession{}, monitors: map[string]*monitor{}, scripts: map[string][]MonitorStep{},
		deltaLogs: map[string][]json.RawMessage{}, deltaTokens: map[string]deltaMark{},
	}
	if u, err := url.Parse(graph.DefaultBaseURL); err == nil {
		s.version = strings.TrimRight(u.EscapedPath(), "/")
	}
	h, aux := http.HandlerFunc(s.serve), http.HandlerFunc(s.serveAux)
	if cfg.tls {
		// httptest's servers share one certificate: the client of s.srv
		// trusts s.aux too.
		s.srv, s.aux = httptest.NewTLSServer(h), httptest.NewTLSServer(aux)
	} else {
		s.srv, s.aux = httptest.NewServer(h), httptest.NewServer(aux)
	}
	t.Cleanup(func() {
		close(s.done)
		s.srv.Close()
		s.aux.Close()
	})
	return s
}

// URL is the service root: the server's address and the API version of
// the client package ("http://127.0.0.1:5555/v1.0").
func (s *Server) URL() string { return s.srv.URL + s.version }

// ClientOptions are the options Client uses: the server's URL, an HTTP
// client that trusts it, and the server's clock, on which every wait
// (retries as graph.NewClient's defaults say, Retry-After included) returns
// at once and is recorded (Waits). Pass them to code that builds its own
// client.
func (s *Server) ClientOptions() []graph.Option {
	return []graph.Option{
		graph.WithBaseURL(s.URL()),
		graph.WithHTTPClient(s.srv.Client()),
		graph.WithClock(s.clock),
	}
}

// Client returns a client of the server: ClientOptions, then opts (which
// may override them).
func (s *Server) Client(opts ...graph.Option) *graph.Client {
	return graph.NewClient(append(s.ClientOptions(), opts...)...)
}

// SetPageSize sets how many items a page of a collection holds from now
// on; n <= 0 is ignored.
func (s *Server) SetPageSize(n int) {
	if n <= 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pageSize = n
}

const maxRequestBody = 64 << 20

// begin gives an answer its request-id (and the client's) and returns
// the writer of its error bodies.
func (s *Server) begin(w http.ResponseWriter, r *http.Request) *errorWriter {
	s.mu.Lock()
	s.nextID++
	reqID := fmt.Sprintf("00000000-0000-4000-8000-%012d", s.nextID)
	s.mu.Unlock()
	w.Header().Set("Request-Id", reqID)
	if id := r.Header.Get("Client-Request-Id"); id != "" {
		w.Header().Set("Client-Request-Id", id)
	}
	return &errorWriter{w: w, reqID: reqID, clientID: r.Header.Get("Client-Request-Id")}
}

// batchKey marks the context of a request of a $batch (batch.go): it is
// answered into a recorder, so a fault cannot cut it short or drop it.
type batchKey struct{}

// serve answers one request: route it (404, 405; $batch), record it, apply
// a fault, check the token's scopes (403) and the body (400), then answer
// with the handler, or the default answer.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := s.trimVersion(r.URL.EscapedPath())
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err != nil {
		return // the client went away
	}
	query := r.URL.Query()
	call := &Call{Method: r.Method, Path: path, Query: query, Header: r.Header.Clone(), RawBody: raw}
	inBatch := r.Context().Value(batchKey{}) != nil
	e := s.begin(w, r)
	if strings.EqualFold(path, "/$batch") {
		s.serveBatch(w, r, e, call, inBatch)
		return
	}

	// A next page of a collection, or an operation.
	l, offset := s.listOf(query.Get("$skiptoken"), path)
	var (
		op     *operation
		params map[string]string
	)
	if l != nil {
		op, params = l.op, l.params
		call.Page = offset / l.size
	} else {
		var allowed []string
		op, params, allowed = route(r.Method, path)
		if op == nil {
			setStatus := s.record(call)
			if allowed != nil {
				w.Header().Set("Allow", strings.Join(allowed, ", "))
				setStatus(e.write(http.StatusMethodNotAllowed, "Request_BadRequest",
					"The HTTP method '"+r.Method+"' is not allowed on this resource; it allows "+strings.Join(allowed, ", ")+".", false))
				return
			}
			setStatus(e.write(http.StatusNotFound, "Request_ResourceNotFound",
				"Resource not found: no operation of this package has the path "+path+".", false))
			return
		}
	}
	call.Operation, call.Params = op.name, params
	in := &incoming{op: op, r: r, params: params, respHeader: http.Header{}}
	bodyMsg := ""
	if l == nil {
		if op.upload {
			in.body = Upload{ContentType: r.Header.Get("Content-Type"), Data: raw}
		} else {
			in.body, bodyMsg = checkBody(op, raw)
		}
		call.Body = in.body
	}
	setStatus := s.record(call)

	f, _ := s.takeFault(op.name)
	if inBatch {
		f.Truncate, f.Drop = false, false // the $batch's own answer is whole
	}
	if f.Drop {
		panic(http.ErrAbortHandler) // net/http closes the connection, unanswered
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return
		case <-s.done:
			t.Stop()
			return
		}
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", retryAfter(f.RetryAfter))
	}
	if f.Status != 0 {
		setStatus(e.fault(f))
		return
	}
	if scopes, typ, ok := fakeToken(r.Header); ok {
		in.scopes = scopes
		if msg := denied(op, scopes, typ, s.allowUnknown); msg != "" {
			setStatus(e.write(http.StatusForbidden, "Authorization_RequestDenied", msg, f.Truncate))
			return
		}
	}
	if l != nil {
		setStatus(s.writePage(w, l, offset, f.Truncate))
		return
	}
	if bodyMsg != "" {
		setStatus(e.write(http.StatusBadRequest, "BadRequest", bodyMsg, f.Truncate))
		return
	}
	if op.result == resultList {
		var err error
		if in.filter, err = parseFilter(query.Get("$filter")); err != nil {
			setStatus(e.write(http.StatusNotImplemented, "NotImplemented", err.Error(), f.Truncate))
			return
		}
	}
	if op.delta && query.Get("$deltatoken") != "" {
		setStatus(s.answerDelta(w, e, in, query, f.Truncate))
		return
	}
	setStatus(s.answer(w, e, in, query, f.Truncate))
}

// trimVersion drops the API version from a path: the client package's, or
// another of Graph's.
func (s *Server) trimVersion(p string) string {
	for _, v := range []string{s.version, "/v1.0", "/beta"} {
		if v != "" && len(p) >= len(v) && strings.EqualFold(p[:len(v)], v) && (len(p) == len(v) || p[len(v)] == '/') {
			p = p[len(v):]
			break
		}
	}
	if p == "" {
		p = "/"
	}
	return p
}

// answer writes the operation's answer: the handler's, or the default one.
func (s *Server) answer(w http.ResponseWriter, e *errorWriter, in *incoming, query url.Values, truncate bool) int {
	op := in.op
	s.mu.Lock()
	h := s.handlers[op.name]
	s.mu.Unlock()
	var res reflect.Value
	if h != nil {
		var err error
		res, err = s.call(h, in)
		if err != nil {
			return e.handlerError(err, truncate)
		}
		for k, v := range in.respHeader {
			w.Header()[k] = v
		}
	} else {
		for _, kv := range op.headers {
			if op.result == resultAccepted && strings.EqualFold(kv[0], "Location") {
				continue // the example's monitor is not this server's
			}
			w.Header().Add(kv[0], kv[1])
		}
	}
	status := op.status
	if status == 0 {
		status = http.StatusOK
	}
	sel := selectList(query)
	switch op.result {
	case resultNone:
		if op.status == 0 {
			status = http.StatusNoContent
		}
		return write(w, status, "", nil, truncate)
	case resultObject, resultValue:
		var data []byte
		switch {
		case h == nil && op.session:
			data = s.sessionAnswer(in)
		case h == nil && op.example != "":
			data = []byte(op.example)
		case h == nil && op.result == resultObject:
			data = []byte("{}")
		case h == nil:
			data = []byte(`{"value":null}`)
		case isNil(res):
			return write(w, http.StatusNoContent, "", nil, truncate)
		default:
			var err error
			if data, err = encodeAnswer(res); err != nil {
				return e.write(http.StatusInternalServerError, "generalException", "graphtest: encoding the handler's answer: "+err.Error(), false)
			}
			if op.result == resultValue {
				data = append(append([]byte(`{"value":`), data...), '}')
			}
		}
		if op.result == resultObject {
			data = selectProps(data, sel)
		}
		return write(w, status, "application/json", data, truncate)
	case resultList:
		var items []json.RawMessage
		switch {
		case h == nil && op.example != "":
			var page struct{ Value []json.RawMessage }
			json.Unmarshal([]byte(op.example), &page)
			items = page.Value
		case h != nil && !isNil(res):
			data, err := encodeAnswer(res)
			if err == nil {
				err = json.Unmarshal(data, &items)
			}
			if err != nil {
				return e.write(http.StatusInternalServerError, "generalException", "graphtest: encoding the handler's answer: "+err.Error(), false)
			}
		}
		items, err := in.filter.apply(items)
		if err != nil {
			return e.write(http.StatusNotImplemented, "NotImplemented", err.Error(), false)
		}
		for i := range items {
			items[i] = selectProps(items[i], sel)
		}
		return s.writePage(w, s.newList(in, query, status, items), 0, truncate)
	case resultDownload:
		ct, data := "application/octet-stream", []byte(nil)
		if h != nil {
			d, _ := res.Interface().(*graph.Download)
			if d == nil {
				return write(w, http.StatusNoContent, "", nil, truncate)
			}
			if d.ContentType != "" {
				ct = d.ContentType
			}
			if d.Body != nil {
				var err error
				data, err = io.ReadAll(d.Body)
				d.Body.Close()
				if err != nil {
					return e.write(http.StatusInternalServerError, "generalException", "graphtest: reading the handler's Download.Body: "+err.Error(), false)
				}
			}
		}
		return write(w, http.StatusOK, ct, data, truncate)
	case resultAccepted:
		status = http.StatusAccepted
		if h == nil {
			w.Header().Set("Location", s.NewMonitor(s.script(op.name)...))
		}
		if h != nil {
			a, _ := res.Interface().(*graph.Accepted)
			if a != nil {
				if a.StatusCode != 0 {
					status = a.StatusCode
				}
				if a.Location != "" {
					w.Header().Set("Location", a.Location)
				}
				if a.OperationLocation != "" {
					w.Header().Set("Operation-Location", a.OperationLocation)
				}
				if a.RetryAfter > 0 {
					w.Header().Set("Retry-After", retryAfter(a.RetryAfter))
				}
			}
		}
		return write(w, status, "", nil, truncate)
	}
	return write(w, status, "", nil, truncate)
}

// errPanicked is the error of a handler that panicked (the test is
// failed with the panic).
var errPanicked = errors.New("graphtest: the handler panicked")

// call runs a handler; a panic fails the test and answers 500.
func (s *Server) call(h handlerFunc, in *incoming) (res reflect.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.t.Errorf("graphtest: the handler of %s panicked: %v", in.op.name, p)
			res, err = reflect.Value{}, errPanicked
		}
	}()
	return h(in)
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer, reflect.Map, reflect.Slice:
		return v.IsNil()
	}
	return false
}

// write sends an answer; truncate sends half the body with a
// Content-Length announcing all of it (net/http then closes the
// connection). It returns the status.
func write(w http.ResponseWriter, status int, contentType string, body []byte, truncate bool) int {
	if contentType != "" {
		w.Header().Set("Content-Type", contentType)
	}
	if truncate && len(body) > 0 {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(status)
		w.Write(body[:len(body)/2])
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
		return status
	}
	w.WriteHeader(status)
	w.Write(body)
	return status
}

// errorWriter writes Graph's error body.
type errorWriter struct {
	w               http.ResponseWriter
	reqID, clientID string
}

func (e *errorWriter) write(status int, code, message string, truncate bool) int {
	return e.writeDated(status, code, message, "", "", truncate)
}

func (e *errorWriter) writeDated(status int, code, message, reqID, date string, truncate bool) int {
	if reqID == "" {
		reqID = e.reqID
	}
	if date == "" {
		date = time.Now().UTC().Format("2006-01-02T15:04:05")
	}
	type inner struct {
		Date            string `json:"date"`
		RequestID       string `json:"request-id"`
		ClientRequestID string `json:"client-request-id,omitempty"`
	}
	var body struct {
		Error struct {
			Code       string `json:"code"`
			Message    string `json:"message"`
			InnerError inner  `json:"innerError"`
		} `json:"error"`
	}
	body.Error.Code, body.Error.Message = code, message
	body.Error.InnerError = inner{Date: date, RequestID: reqID, ClientRequestID: e.clientID}
	data, _ := json.Marshal(body)
	return write(e.w, status, "application/json", data, truncate)
}

// handlerError answers with the error a handler returned: a *graph.Error
// as Graph's error body with its status (400 when 0), anything else as a
// 500.
func (e *errorWriter) handlerError(err error, truncate bool) int {
	var ge *graph.Error
	if !errors.As(err, &ge) {
		return e.write(http.StatusInternalServerError, "generalException", err.Error(), truncate)
	}
	status := ge.StatusCode
	if status == 0 {
		status = http.StatusBadRequest
	}
	code := ge.Code
	if code == "" {
		code = strings.ReplaceAll(http.StatusText(status), " ", "")
	}
	return e.writeDated(status, code, ge.Message, ge.RequestID, ge.Date, truncate)
}

// list is a collection being sent in pages.
type list struct {
	id     int
	op     *operation
	params map[string]string
	path   string     // the escaped path of the call
	query  url.Values // the call's query, without $skiptoken
	status int
	items  []json.RawMessage
	size   int
	count  bool
	// delta is the token of the deltaLink the last page carries (a delta
	// query's round); "" for another collection.
	delta string
}

// newList keeps a call's collection for its next pages.
func (s *Server) newList(in *incoming, query url.Values, status int, items []json.RawMessage) *list {
	s.mu.Lock()
	defer s.mu.Unlock()
	size := s.pageSize
	if top, err := strconv.Atoi(query.Get("$top")); err == nil && top > 0 {
		size = top
	}
	s.nextList++
	q := url.Values{}
	for k, v := range query {
		if k != "$skiptoken" {
			q[k] = v
		}
	}
	delete(q, "$deltatoken")
	l := &list{
		id: s.nextList, op: in.op, params: in.params, path: s.trimVersion(in.r.URL.EscapedPath()), query: q,
		status: status, items: items, size: size, count: query.Get("$count") == "true",
	}
	if in.op.delta {
		l.delta = s.deltaTokenLocked(in.op.name, l.path)
	}
	s.lists[l.id] = l
	return l
}

// listOf finds the collection a $skiptoken continues, and the offset of
// its page; nil when there is none for this path.
func (s *Server) listOf(token, path string) (*list, int) {
	if token == "" {
		return nil, 0
	}
	a, b, ok := strings.Cut(token, "-")
	if !ok {
		return nil, 0
	}
	id, err1 := strconv.Atoi(a)
	off, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || off < 0 {
		return nil, 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	l := s.lists[id]
	if l == nil || l.path != path || off > len(l.items) {
		return nil, 0
	}
	return l, off
}

// writePage sends the page of l at offset.
func (s *Server) writePage(w http.ResponseWriter, l *list, offset int, truncate bool) int {
	end := min(offset+l.size, len(l.items))
	var b bytes.Buffer
	b.WriteByte('{')
	if l.count {
		b.WriteString(`"@odata.count":` + strconv.Itoa(len(l.items)) + `,`)
	}
	b.WriteString(`"value":[`)
	for i, it := range l.items[offset:end] {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(it)
	}
	b.WriteByte(']')
	if end < len(l.items) {
		q := url.Values{}
		for k, v := range l.query {
			q[k] = v
		}
		q.Set("$skiptoken", strconv.Itoa(l.id)+"-"+strconv.Itoa(end))
		link, _ := json.Marshal(s.URL() + l.path + "?" + q.Encode())
		b.WriteString(`,"@odata.nextLink":`)
		b.Write(link)
	} else if l.delta != "" {
		q := url.Values{}
		for k, v := range l.query {
			q[k] = v
		}
		q.Set("$deltatoken", l.delta)
		link, _ := json.Marshal(s.URL() + l.path + "?" + q.Encode())
		b.WriteString(`,"@odata.deltaLink":`)
		b.Write(link)
	}
	b.WriteByte('}')
	status := l.status
	if offset > 0 || status < 200 || status > 299 {
		status = http.StatusOK
	}
	return write(w, status, "application/json", b.Bytes(), truncate)
}

// selectList reads $select.
func selectList(q url.Values) []string {
	var out []string
	for _, v := range q["$select"] {
		for _, f := range strings.Split(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
	}
	return out
}

// selectProps keeps only the properties sel names (and annotations) of a
// JSON object; anything else is returned as is.
func selectProps(obj []byte, sel []string) []byte {
	if len(sel) == 0 {
		return obj
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return obj
	}
	var b bytes.Buffer
	b.WriteByte('{')
	n := 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return obj
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return obj
		}
		if !strings.Contains(key, "@") && !contains(sel, key) {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		writeKey(&b, key)
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes()
}
