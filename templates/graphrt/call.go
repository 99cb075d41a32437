package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"
)

// graphrtSpec is one call as the shared core (graphrtSend) sends it.
type graphrtSpec struct {
	op, method, url string
	payload         []byte    // JSON body; nil: none
	upload          io.Reader // streamed body (uploads); nil: none
	uploadType      string    // its Content-Type ("" with an upload: application/octet-stream)
	accept          []string  // nil: application/json
	opts            *graphrtRequestOptions
	// opaque: the URL is one the service handed out that carries its own
	// credential (an upload session's, a monitor on another host): it may
	// have any origin, gets no token, and is kept out of errors.
	opaque bool
	// noRedirect: a 3xx is returned as it is (body unread), not followed.
	noRedirect bool
}

// graphrtSend sends s, retrying 429/503/504 as the package comment says,
// and returns the 2xx response with its body unread (the caller closes
// it), and the token of that attempt. A non-2xx is an *Error.
func (c *Client) graphrtSend(ctx context.Context, s *graphrtSpec) (*http.Response, string, error) {
	// Every URL is checked against the base URL's origin, whatever built
	// it (the method's path, a nextLink, FromLink): the token is never sent
	// elsewhere.
	if c.batch != nil && (s.upload != nil || s.accept != nil || s.opaque || s.noRedirect) {
		return nil, "", graphrtNotBatched(s.op)
	}
	if s.opaque {
		if err := graphrtCheckOpaque(s.op, s.url); err != nil {
			return nil, "", err
		}
	} else {
		name := "the URL"
		if s.opts != nil && s.opts.link != "" {
			name = "FromLink's URL"
		}
		u, err := c.graphrtLink(s.op, name, s.url)
		if err != nil {
			return nil, "", err
		}
		s.url = u
	}
	var up *graphrtUploadBody
	if s.upload != nil {
		var err error
		if up, err = graphrtNewUploadBody(ctx, s.upload); err != nil {
			return nil, "", fmt.Errorf("%s: upload body: %w", s.op, err)
		}
	}
	for attempt := 0; ; attempt++ {
		var token string
		if c.token != nil && !s.opaque && c.batch == nil { // a batch's $batch request carries it
			var err error
			if token, err = c.token(ctx); err != nil {
				return nil, "", fmt.Errorf("%s: getting token: %w", s.op, err)
			}
		}
		var (
			req *http.Request
			err error
		)
		if up != nil {
			req, err = up.request(ctx, s.method, s.url, attempt)
		} else {
			var rd io.Reader
			if s.payload != nil {
				// A new reader per attempt over the same bytes: a transport
				// may still be reading the previous attempt's body when it
				// returns.
				rd = bytes.NewReader(s.payload)
			}
			req, err = http.NewRequestWithContext(ctx, s.method, s.url, rd)
		}
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", s.op, err)
		}
		h := req.Header
		if token != "" {
			h["Authorization"] = []string{"Bearer " + token}
		}
		if s.accept != nil {
			h["Accept"] = s.accept
		} else {
			h["Accept"] = graphrtJSONHeader
		}
		typed := false // whether the body's Content-Type is ours to say
		switch {
		case s.payload != nil:
			h["Content-Type"] = graphrtJSONHeader
			typed = true
		case up != nil && s.uploadType != "":
			h["Content-Type"] = []string{s.uploadType}
			typed = true
		case up != nil:
			h["Content-Type"] = graphrtOctetHeader
		}
		if c.userAgent != "" {
			h["User-Agent"] = []string{c.userAgent}
		}
		if s.opts != nil && len(s.opts.headers) > 0 {
			graphrtOptionHeaders(h, s.opts.headers, typed)
		}
		var resp *http.Response
		switch {
		case c.batch != nil:
			resp, err = c.batch.roundTrip(ctx, s, h)
		case s.noRedirect:
			resp, err = c.hcNoRedirect.Do(req)
		default:
			resp, err = c.hc.Do(req)
		}
		if err != nil {
			if s.opaque {
				return nil, "", fmt.Errorf("%s: %s %s: %w", s.op, s.method, graphrtOpaqueName, graphrtURLCause(err))
			}
			// *url.Error: method, URL (no token, no body) and the cause.
			return nil, "", fmt.Errorf("%s: %w", s.op, err)
		}
		if resp.StatusCode >= 200 && resp.StatusCode <= 299 || s.noRedirect && resp.StatusCode >= 300 && resp.StatusCode <= 399 {
			return resp, token, nil
		}
		var e *Error
		if s.opaque {
			e = graphrtOpaqueError(s.op, resp, s.url) // its credential is not echoed
		} else {
			e = graphrtReadError(s.op, resp, token, s.payload)
		}
		if attempt >= c.maxRetries || !graphrtRetryable(resp.StatusCode) || up != nil && !up.replayable() {
			return nil, "", e
		}
		wait := graphrtRetryDelay(resp.Header.Get("Retry-After"), attempt, c.maxDelay, c.clock.Now())
		if err := c.clock.Sleep(ctx, wait); err != nil {
			return nil, "", fmt.Errorf("%s: waiting to retry after HTTP %d: %w", s.op, resp.StatusCode, err)
		}
	}
}

var graphrtOctetHeader = []string{"application/octet-stream"}

// graphrtOptionHeaders adds the headers of Header options: each name
// replaces what the client set, once; Authorization never, Content-Type not
// when typed.
func graphrtOptionHeaders(h http.Header, kv []string, typed bool) {
	var replaced []string
	for i := 0; i+1 < len(kv); i += 2 {
		k, v := kv[i], kv[i+1]
		if k == "Authorization" || k == "Content-Type" && typed {
			continue
		}
		if !slices.Contains(replaced, k) {
			delete(h, k)
			replaced = append(replaced, k)
		}
		h[k] = append(h[k], v)
	}
}

// graphrtRef is the body of a method that links an object (POST or PUT to
// a path ending in /$ref): the URL of the object to link, which
// graphrtPayload sends as {"@odata.id": "<URL>"}. An empty one is an error
// before any request.
type graphrtRef string

// graphrtPayload encodes a request body: nil, a nil pointer, slice, map or
// interface is no body; a graphrtRef is a reference; anything else goes
// through encoding/json once.
func graphrtPayload(op string, body any) ([]byte, error) {
	if body == nil {
		return nil, nil
	}
	if ref, ok := body.(graphrtRef); ok {
		if ref == "" {
			return nil, fmt.Errorf("%s: ref is empty: it must be the URL of the object to link (its @odata.id)", op)
		}
		return json.Marshal(struct {
			ID string `json:"@odata.id"`
		}{string(ref)})
	}
	switch rv := reflect.ValueOf(body); rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
	}
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding request body: %w", op, err)
	}
	return b, nil
}

// graphrtResult is a 2xx JSON response read whole.
type graphrtResult struct {
	data        []byte // nil: no content
	status      int
	contentType string // with the token redacted (a server may echo it)
}

func (r *graphrtResult) decodeError(op string, err error) error {
	return &DecodeError{Op: op, StatusCode: r.status, ContentType: r.contentType, Err: err}
}

// graphrtJSON makes a call whose 2xx answer is JSON (or nothing), read into
// buf when it is big enough.
func (c *Client) graphrtJSON(ctx context.Context, op, method, path string, body any, opts []RequestOption, buf []byte) (graphrtResult, error) {
	payload, err := graphrtPayload(op, body)
	if err != nil {
		return graphrtResult{}, err
	}
	o := graphrtApplyOptions(opts)
	resp, token, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), payload: payload, opts: &o})
	if err != nil {
		return graphrtResult{}, err
	}
	data, err := graphrtReadBody(op, resp, token, c.maxResponse, buf)
	return graphrtResult{data, resp.StatusCode, graphrtRedact(resp.Header.Get("Content-Type"), token, nil)}, err
}

// graphrtCall makes a call and decodes its whole 2xx body into out, a
// pointer to a new value (a model, json.RawMessage, or anything
// encoding/json takes), which it returns; no content (204, or an empty
// body) and an error return nil. out is a pointer so that every call shares
// one compiled instantiation (Go compiles a generic function once per
// pointer shape, but once per struct type).
//
// graphrtCall and the other helpers generated methods call (graphrtPage,
// graphrtItems, graphrtNoContent, graphrtUpload, graphrtDownload...) are
// never inlined: inlined into each of the whole beta API's 9,000 methods,
// their bodies (and graphrtItems's closures) were compiled 9,000 times.
//
//go:noinline
func graphrtCall[P any](ctx context.Context, c *Client, op, method, path string, body any, out P, opts []RequestOption) (P, error) {
	var zero P
	r, err := c.graphrtJSON(ctx, op, method, path, body, opts, nil)
	if err != nil || r.data == nil {
		return zero, err
	}
	if err := graphrtDecodeInto(r.data, reflect.ValueOf(out).Elem()); err != nil {
		return zero, r.decodeError(op, err)
	}
	return out, nil
}

// graphrtCallValue makes a call and decodes its whole 2xx body as a T; a
// family interface T picks its member by "@odata.type". No content is the
// zero T.
//
//go:noinline
func graphrtCallValue[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (T, error) {
	var out T
	r, err := c.graphrtJSON(ctx, op, method, path, body, opts, nil)
	if err != nil || r.data == nil {
		return out, err
	}
	if err := graphrtDecodeInto(r.data, reflect.ValueOf(&out).Elem()); err != nil {
		var zero T
		return zero, r.decodeError(op, err)
	}
	return out, nil
}

// graphrtCallScalar makes a call whose 2xx answer is OData's wrapped single
// value {"value": x} (a primitive, an enum, a collection of primitives) and
// returns x; a body that is not an object is decoded as x itself. No
// content is the zero T.
//
//go:noinline
func graphrtCallScalar[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (T, error) {
	var out T
	r, err := c.graphrtJSON(ctx, op, method, path, body, opts, nil)
	if err != nil || r.data == nil {
		return out, err
	}
	if err := graphrtDecodeScalar(r.data, reflect.ValueOf(&out).Elem()); err != nil {
		var zero T
		return zero, r.decodeError(op, err)
	}
	return out, nil
}

var graphrtErrNoValue = errors.New(`no "value" member`)

func graphrtDecodeScalar(data []byte, v reflect.Value) error {
	d := graphrtDecoder{data: data}
	d.ws()
	if d.i >= len(d.data) || d.data[d.i] != '{' {
		return graphrtDecodeInto(data, v)
	}
	found := false
	err := d.members(func(key []byte) error {
		if string(key) != "value" {
			return d.skip()
		}
		found = true
		return d.value(graphrtCodecFor(v.Type()), v)
	})
	if err == nil && !found {
		err = graphrtErrNoValue
	}
	return err
}

// members walks the object at d.i (which must be one, and the whole rest
// of the input): fn must consume each member's value. Its errors are
// wrapped with the member's key.
func (d *graphrtDecoder) members(fn func(key []byte) error) error {
	if d.i >= len(d.data) || d.data[d.i] != '{' {
		return errors.New("expected a JSON object")
	}
	err := d.object(func(key []byte) error {
		if err := fn(key); err != nil {
			return graphrtWrapPath(string(key), err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	d.ws()
	if d.i != len(d.data) {
		return d.syntax()
	}
	return nil
}

// graphrtNoContent makes a call that answers any 2xx; its body is drained
// and ignored.
//
//go:noinline
func graphrtNoContent(ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) error {
	payload, err := graphrtPayload(op, body)
	if err != nil {
		return err
	}
	o := graphrtApplyOptions(opts)
	resp, _, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), payload: payload, opts: &o})
	if err != nil {
		return err
	}
	graphrtDrain(resp)
	return nil
}

// Accepted is the answer to a long-running operation (202 Accepted): where
// to find the result or watch the progress, and how long to wait before
// asking. Another 2xx gives one too, with what its headers say.
type Accepted struct {
	StatusCode        int
	Location          string        // the Location header
	OperationLocation string        // the Operation-Location header
	RetryAfter        time.Duration // the Retry-After header; 0 when absent
}

// graphrtAccepted makes a call answered by 202 Accepted and returns what its
// headers say; the body is drained and ignored.
//
//go:noinline
func graphrtAccepted(ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (*Accepted, error) {
	payload, err := graphrtPayload(op, body)
	if err != nil {
		return nil, err
	}
	o := graphrtApplyOptions(opts)
	resp, _, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), payload: payload, opts: &o})
	if err != nil {
		return nil, err
	}
	graphrtDrain(resp)
	a := &Accepted{StatusCode: resp.StatusCode, Location: resp.Header.Get("Location"), OperationLocation: resp.Header.Get("Operation-Location")}
	a.RetryAfter, _ = graphrtParseRetryAfter(resp.Header.Get("Retry-After"), c.clock.Now())
	return a, nil
}

// graphrtUploadBody sends an upload's body, and sends it again for a retry
// when it can: *bytes.Reader, *strings.Reader and *bytes.Buffer through the
// snapshot http.NewRequest takes of them, an io.Seeker by seeking back to
// where it started (once the transport has closed the previous attempt's
// body, so that two attempts never read it at once). The caller's reader is
// never closed.
type graphrtUploadBody struct {
	src     io.Reader
	getBody func() (io.ReadCloser, error) // nil: cannot be sent again
	length  int64                         // Content-Length; -1 unknown
}

func graphrtNewUploadBody(ctx context.Context, r io.Reader) (*graphrtUploadBody, error) {
	b := &graphrtUploadBody{src: r, length: -1}
	switch r.(type) {
	case *bytes.Reader, *strings.Reader, *bytes.Buffer:
		return b, nil // request() takes http.NewRequest's GetBody
	}
	s, ok := r.(io.Seeker)
	if !ok {
		return b, nil
	}
	start, err := s.Seek(0, io.SeekCurrent)
	if err != nil {
		return b, nil // a pipe or a terminal: not seekable after all
	}
	end, err := s.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if _, err := s.Seek(start, io.SeekStart); err != nil {
		return nil, err
	}
	b.length = end - start
	var last *graphrtBodyCloser
	b.getBody = func() (io.ReadCloser, error) {
		if last != nil {
			select {
			case <-last.done: // transports always close a request body
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		}
		if _, err := s.Seek(start, io.SeekStart); err != nil {
			return nil, err
		}
		if b.length == 0 {
			return http.NoBody, nil
		}
		last = graphrtNewBodyCloser(io.LimitReader(r, b.length))
		return last, nil
	}
	return b, nil
}

func (b *graphrtUploadBody) replayable() bool { return b.getBody != nil }

// request builds the request of one attempt.
func (b *graphrtUploadBody) request(ctx context.Context, method, url string, attempt int) (*http.Request, error) {
	if attempt == 0 && b.getBody == nil {
		src := b.src
		switch src.(type) {
		case *bytes.Reader, *strings.Reader, *bytes.Buffer:
		default:
			src = graphrtNewBodyCloser(src) // never close the caller's reader
		}
		req, err := http.NewRequestWithContext(ctx, method, url, src)
		if err != nil {
			return nil, err
		}
		if req.GetBody != nil {
			b.getBody, b.length = req.GetBody, req.ContentLength
		}
		return req, nil
	}
	if b.getBody == nil {
		return nil, errors.New("upload body cannot be sent again")
	}
	body, err := b.getBody()
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, method, url, body)
	if err != nil {
		return nil, err
	}
	req.GetBody = b.getBody // lets a 307/308 redirect send it again too
	req.ContentLength = b.length
	if b.length == 0 {
		req.Body = http.NoBody
	}
	return req, nil
}

// graphrtBodyCloser hides the caller's Close and reports the transport's.
type graphrtBodyCloser struct {
	r    io.Reader
	done chan struct{}
	once sync.Once
}

func graphrtNewBodyCloser(r io.Reader) *graphrtBodyCloser {
	return &graphrtBodyCloser{r: r, done: make(chan struct{})}
}

func (c *graphrtBodyCloser) Read(p []byte) (int, error) { return c.r.Read(p) }

func (c *graphrtBodyCloser) Close() error {
	c.once.Do(func() { close(c.done) })
	return nil
}
