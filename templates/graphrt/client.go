// Package graphrt is the hand-written runtime of the clients graphgen
// generates. It is a normal package, compiled and tested here; the emitter
// copies its files (those templates.RuntimeFiles lists) into every generated
// package as source, so everything below lives next to the generated models.
//
// # Contract with the emitter
//
// Exported (part of every generated package's API): Client, Option,
// NewClient, WithHTTPClient, WithBaseURL, TokenProvider, WithTokenProvider,
// WithUserAgent, WithRetry, WithMaxResponseSize, Clock, WithClock, Error,
// DecodeError, ResponseTooLargeError, Nullable, Value, Null, Marshal,
// Unmarshal, Unknown, Date, ParseDate, TimeOfDay, ParseTimeOfDay,
// RequestOption, Select, Expand, Filter, OrderBy, Search, Top, Skip, Count,
// Header, Query, FromLink, Page, Download, Accepted, UploadLarge,
// UploadOption, ChunkSize, OnProgress, UploadLocation, CancelUpload,
// WaitResult, WaitOption, MaxPollInterval, OnPoll, Batch (and Client's
// methods Wait and Batch, which no generated method can be named: theirs
// start with a verb of their HTTP method), and DefaultBaseURL (default.go,
// which the emitter replaces with its own).
//
// # Models
//
// A model is a plain struct with two one-line methods:
//
//	type GroupAssignmentTarget struct {
//		ODataType      string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.groupAssignmentTarget"`
//		ID             Nullable[string]           `json:"id,omitzero" graph:"readonly"`
//		GroupID        Nullable[string]           `json:"groupId,omitzero"`
//		Target         Nullable[TargetVariant]    `json:"target,omitzero"`
//		AdditionalData map[string]json.RawMessage `json:"-"`
//	}
//	func (v *GroupAssignmentTarget) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
//	func (v *GroupAssignmentTarget) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }
//
// Tags: `json:"name,omitzero"` names the property (keys match exactly);
// the field `ODataType string` tagged `json:"@odata.type,omitempty"` holds
// "@odata.type" as received or to send, and its `graph` tag the type's own
// OData name with '#'; `graph:"readonly"` marks a property that is decoded
// but never sent; `AdditionalData map[string]json.RawMessage` tagged
// `json:"-"` keeps the members no field takes. ODataType and AdditionalData
// are optional. Field types: Nullable[T] of string, named string types
// (enums: any value kept), bool, int16/int32/int64 (exact, never through
// float64), float64 (and OData's "NaN", "INF", "-INF"), time.Time
// (Edm.DateTimeOffset: RFC 3339 out; in, also without offset meaning UTC,
// lower-case t/z, seconds left out, any number of fractional digits), Date,
// TimeOfDay, json.RawMessage, []byte (base64), another model by value or by
// pointer, a family interface, and slices and map[string]T of those.
//
//   - graphrtMarshal(v any) ([]byte, error) encodes the *model v:
//     "@odata.type" when ODataType is set, then every Nullable field that
//     is set (null for Null), in declaration order, except read-only ones,
//     then AdditionalData in key order, leaving out keys a field holds.
//   - graphrtMarshalAll(v any) ([]byte, error) is the same with read-only
//     properties, in nested models, slices and family values too; v may be
//     any value (a model, a pointer, a family interface, a scalar).
//   - graphrtUnmarshal(data []byte, v any) error decodes into the *model v,
//     replacing its contents. Errors name the model and the property
//     ("GroupAssignmentTarget.groupId: expected string, got number 5") and
//     unwrap to *json.UnmarshalTypeError or *json.SyntaxError.
//
// Nullable has no JSON methods (each would be compiled once per Nullable[T]
// the package names, about 1,500 in the whole beta API): a struct of the
// caller's that holds Nullable fields goes through Marshal and Unmarshal,
// the exported names of graphrtMarshal and graphrtUnmarshal.
//
// # Families (polymorphic properties)
//
// A family is an interface with an unexported marker method, implemented by
// pointers to its models and to a type embedding Unknown, registered once:
//
//	type TargetVariant interface{ isTarget() }
//	type UnknownTarget struct{ Unknown }
//	var _ = graphrtFamily[TargetVariant](new(UnknownTarget), new(Target), new(GroupAssignmentTarget))
//
// graphrtFamily[I any](unknown, base I, members ...I) bool takes the
// Unknown type, then the base type, then the others. Decoding into I (a
// field, a slice element, a response) picks the member whose OData name
// matches "@odata.type" without regard to case, with or without '#' (a name
// without namespace matches a unique last segment); no "@odata.type" is the
// base; any other name is the Unknown type, holding the JSON byte for byte.
// Encoding a value held as I sends "@odata.type":"#<its name>" first when
// its ODataType is empty and it is not the base. A model at the top level
// (a request body) sends only what the caller set.
//
// # Operations
//
// Every generated operation is one call of one of these (path is already
// escaped and starts with "/"; op names the method in errors; body is nil,
// a nil pointer, slice, map or interface for none, else JSON-encoded once
// with encoding/json and resent as the same bytes on retries; opts are the
// caller's RequestOptions, query parameters then added in order):
//
//	graphrtCall[P any](ctx context.Context, c *Client, op, method, path string, body any, out P, opts []RequestOption) (P, error)
//	graphrtCallValue[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (T, error)
//	graphrtCallScalar[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (T, error)
//	graphrtNoContent(ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) error
//	graphrtAccepted(ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (*Accepted, error)
//	graphrtPage[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) (*Page[T], error)
//	graphrtItems[T any](ctx context.Context, c *Client, op, method, path string, body any, opts []RequestOption) iter.Seq2[T, error]
//	graphrtDownload(ctx context.Context, c *Client, op, method, path string, opts []RequestOption) (*Download, error)
//	graphrtUpload[P any](ctx context.Context, c *Client, op, method, path string, body io.Reader, contentType string, out P, opts []RequestOption) (P, error)
//	graphrtUploadNoContent(ctx context.Context, c *Client, op, method, path string, body io.Reader, contentType string, opts []RequestOption) error
//
// A method that links an object (POST or PUT to a path ending in /$ref)
// passes graphrtRef(ref) as body: the URL of the object to link, sent as
// {"@odata.id": ref}; an empty ref is an error before any request.
//
// graphrtCall decodes the whole 2xx body into out, a new value's pointer
// (new(T): a pointer shares one compiled instantiation), and returns it
// ((nil, nil) for 204 or an empty body); graphrtCallValue decodes it as a T (a family
// interface, a slice...; the zero T for no content); graphrtCallScalar
// unwraps OData's {"value": x}; graphrtNoContent and graphrtAccepted drain
// the body (Accepted from the Location, Operation-Location and Retry-After
// headers). graphrtItems yields every item of every page, following
// @odata.nextLink with GET (requesting nothing before the loop starts,
// nothing more once the loop breaks or the context ends; an error is
// yielded once, with the zero T, and ends it); graphrtPage returns the
// first page, Page.Next the others; FromLink calls a deltaLink (or a
// nextLink) instead of the method's path. A nextLink or deltaLink to
// another origin than the base URL is an error when followed. graphrtDownload streams the 2xx
// body (not limited by WithMaxResponseSize; redirects followed);
// graphrtUpload streams body (nil is an error before any request) and
// retries only a body it can replay (*bytes.Reader, *strings.Reader,
// *bytes.Buffer, an io.Seeker).
//
// Every call sends Authorization: Bearer <token> (asking the TokenProvider
// on every attempt), Accept (application/json; */* for downloads),
// User-Agent, and Content-Type when there is a body; Header options add to
// these (never Authorization). 429, 503 and 504 are retried up to
// maxRetries times, waiting as Retry-After says (seconds or an HTTP date)
// or with a capped exponential backoff; every wait is capped at maxDelay
// and ends at once with the context. Every wait and every reading of the
// time goes through the Client's Clock (WithClock), which tests replace.
// A JSON body must be application/json or +json, else *DecodeError (also
// for JSON that does not fit T), and at most maxResponse bytes (64 MiB
// unless WithMaxResponseSize says), else *ResponseTooLargeError without
// reading past the limit. A non-2xx becomes *Error, built from at most
// 64 KiB of the body.
//
// Paths are built with pathSegment(s), which escapes s as one path
// segment; pathItem(s), which escapes an item path folder by folder
// (root:/{item-path}:); and odataLiteral(v), a function parameter written
// as an OData literal ('it”s', 42, 2021-07-16T00:00:00Z). Generated code
// uses nothing else (its tests also use helpers_gen_test.go), and the
// runtime keeps nothing that neither generated code nor the runtime itself
// needs.
//
// # Graph's own patterns
//
// Beside the generated methods, for what Graph does across operations:
//
//   - UploadLarge[T](ctx, c, uploadURL, body io.ReaderAt, size, opts...)
//     sends a file to an upload session (the uploadUrl of a
//     createUploadSession answer) in Content-Range fragments (ChunkSize,
//     OnProgress, UploadLocation), resuming where the session says after a
//     failure or in a new call; CancelUpload deletes the session. The
//     upload URL carries its own credential: no token is sent to it and
//     no error names it.
//   - (*Client).Wait(ctx, *Accepted, opts...) polls a long-running
//     operation's monitor (Operation-Location, else Location) until it
//     says completed, succeeded or failed, or answers 303 (not followed),
//     and returns a *WaitResult (MaxPollInterval, OnPoll). The token goes
//     only to a monitor with the base URL's origin.
//   - (*Client).Batch() returns a *Batch: funcs given to its Go make calls
//     with the generated methods as they are, through a Client that
//     queues their requests; Run sends them as JSON batches (POST /$batch,
//     20 each, dependsOn where asked) whenever every func waits, and each
//     method decodes its own answer. See Batch for why it is built so.
//
// Safety: a redirect to another origin (scheme, host or port) drops the
// Authorization header, and so does following a page link (never sent to
// another origin at all); an upload session's URL and a monitor on another
// origin get no token and are kept out of errors; no error string holds
// the token or the request body; nothing is logged.
//
// Every other unexported name starts with "graphrt" so it cannot clash with
// generated code.
package graphrt

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Client calls the service. Build it with NewClient; it is safe for
// concurrent use.
type Client struct {
	hc           *http.Client
	hcNoRedirect *http.Client // hc, but a 3xx is answered as it is (Wait)
	baseURL      string
	base         *url.URL // baseURL parsed by NewClient; nil unless http(s)
	token        TokenProvider
	userAgent    string
	maxRetries   int
	maxDelay     time.Duration
	clock        Clock // every wait and every reading of the time
	// maxResponse is the largest 2xx body read; see WithMaxResponseSize.
	maxResponse int64
	// batch: the Batch func whose calls this copy of the Client queues.
	batch *graphrtBatchCall
}

// graphrtDefaultMaxResponse is the default of WithMaxResponseSize.
const graphrtDefaultMaxResponse = 64 << 20

// Option configures a Client.
type Option func(*Client)

// TokenProvider returns the bearer token for a request. It is called once per
// attempt, so it may refresh tokens; an empty token sends no Authorization.
type TokenProvider func(ctx context.Context) (string, error)

// NewClient returns a Client. Defaults: http.DefaultTransport (dial and TLS
// timeouts but no overall timeout: pass a context with a deadline instead),
// base URL DefaultBaseURL, no token, user agent "graphgen", 3 retries, at
// most 60s per retry wait, 2xx bodies of at most 64 MiB.
func NewClient(opts ...Option) *Client {
	c := &Client{
		hc:         &http.Client{Transport: http.DefaultTransport},
		baseURL:    DefaultBaseURL,
		userAgent:  "graphgen",
		maxRetries: 3,
		maxDelay:   60 * time.Second,
		clock:      graphrtRealClock{},

		maxResponse: graphrtDefaultMaxResponse,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	if u, err := url.Parse(c.baseURL); err == nil && (u.Scheme == "https" || u.Scheme == "http") {
		c.base = u
	}
	// A copy, so the caller's client is not changed, whose CheckRedirect
	// drops Authorization on a redirect to another origin (net/http alone
	// keeps it for another port of the same host).
	hc := *c.hc
	hc.CheckRedirect = graphrtCheckRedirect(c.hc.CheckRedirect)
	c.hc = &hc
	noRedirect := hc
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	c.hcNoRedirect = &noRedirect
	return c
}

// WithHTTPClient sets the *http.Client (transport, timeouts, proxies); nil
// keeps the default. The Client uses a copy whose CheckRedirect also strips
// Authorization on cross-origin redirects.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.hc = hc
		}
	}
}

// WithBaseURL sets the service root, such as
// "https://graph.microsoft.com/beta" (a trailing "/" is ignored).
func WithBaseURL(u string) Option {
	return func(c *Client) { c.baseURL = strings.TrimRight(u, "/") }
}

// WithTokenProvider sets the source of bearer tokens.
func WithTokenProvider(p TokenProvider) Option {
	return func(c *Client) { c.token = p }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = ua }
}

// WithRetry sets how many times a 429, 503 or 504 response is retried
// (0 disables retries) and the longest wait before a retry.
func WithRetry(maxRetries int, maxDelay time.Duration) Option {
	return func(c *Client) {
		c.maxRetries = max(maxRetries, 0)
		c.maxDelay = max(maxDelay, 0)
	}
}

// WithMaxResponseSize sets the largest successful (2xx) response body the
// Client reads, in bytes; a larger one is a *ResponseTooLargeError, detected
// from Content-Length before reading or after reading n+1 bytes. n <= 0
// keeps the default of 64 MiB.
func WithMaxResponseSize(n int64) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxResponse = n
		}
	}
}

// Header values shared by every request (net/http only reads them).
var (
	graphrtJSONHeader = []string{"application/json"}
)

// graphrtDrain reads a little of a body we do not want, so the connection
// can be reused, and closes it.
func graphrtDrain(resp *http.Response) {
	io.CopyN(io.Discard, resp.Body, 4<<10)
	resp.Body.Close()
}

// graphrtReadBody reads and closes a 2xx JSON response of at most limit
// bytes, into buf (reused when it is big enough); nil for no content (204,
// or an empty body). A body that is not JSON is a *DecodeError, one over
// the limit a *ResponseTooLargeError (with an honest Content-Length,
// detected before reading anything).
func graphrtReadBody(op string, resp *http.Response, token string, limit int64, buf []byte) ([]byte, error) {
	if resp.StatusCode == http.StatusNoContent || resp.ContentLength == 0 {
		graphrtDrain(resp)
		return nil, nil
	}
	defer resp.Body.Close()
	if limit <= 0 {
		limit = graphrtDefaultMaxResponse
	}
	if resp.ContentLength > limit {
		// Closing the unread body ends the connection: nothing is read.
		return nil, &ResponseTooLargeError{Op: op, StatusCode: resp.StatusCode, Limit: limit, ContentLength: resp.ContentLength}
	}
	data, err := graphrtReadAllInto(buf, io.LimitReader(resp.Body, limit+1), resp.ContentLength)
	if err != nil {
		return nil, fmt.Errorf("%s: reading response: %w", op, err)
	}
	if int64(len(data)) > limit {
		return nil, &ResponseTooLargeError{Op: op, StatusCode: resp.StatusCode, Limit: limit, ContentLength: resp.ContentLength}
	}
	if len(data) == 0 {
		return nil, nil
	}
	ct := resp.Header.Get("Content-Type")
	if !graphrtIsJSON(ct) {
		return nil, &DecodeError{Op: op, StatusCode: resp.StatusCode, ContentType: graphrtRedact(ct, token, nil), Err: graphrtErrNotJSON}
	}
	return data, nil
}

// graphrtReadAllInto reads r whole into buf[:0], growing it as needed: to
// the Content-Length n at once when it is known (up to 1 MiB ahead, so a
// lying header cannot make it allocate gigabytes).
func graphrtReadAllInto(buf []byte, r io.Reader, n int64) ([]byte, error) {
	buf = buf[:0]
	if want := min(n, 1<<20) + 1; n > 0 && int64(cap(buf)) < want {
		buf = make([]byte, 0, want)
	} else if cap(buf) == 0 {
		buf = make([]byte, 0, 512)
	}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		m, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// graphrtReadError reads at most graphrtErrorBodyLimit bytes of a non-2xx
// response, closes it and builds the *Error.
func graphrtReadError(op string, resp *http.Response, token string, payload []byte) *Error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, graphrtErrorBodyLimit))
	resp.Body.Close() // an unread rest of a huge body just ends the connection
	return graphrtNewError(op, resp.StatusCode,
		resp.Header.Get("Request-Id"), resp.Header.Get("Client-Request-Id"),
		data, token, payload)
}

func graphrtRetryable(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

// graphrtRetryDelay is the wait before retry number attempt+1: Retry-After
// (delta-seconds, or an HTTP date relative to now) when present and valid,
// else 500ms * 2^attempt with jitter; never more than maxDelay.
func graphrtRetryDelay(retryAfter string, attempt int, maxDelay time.Duration, now time.Time) time.Duration {
	d, ok := graphrtParseRetryAfter(retryAfter, now)
	if !ok {
		d = 500 * time.Millisecond << min(attempt, 20)
		d = d/2 + rand.N(d/2+1) // jitter in [d/2, d]
	}
	return min(max(d, 0), maxDelay)
}

// graphrtParseRetryAfter parses a Retry-After value (RFC 9110 10.2.3).
func graphrtParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if '0' <= v[0] && v[0] <= '9' {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			var ne *strconv.NumError
			if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
				return time.Duration(1<<63 - 1), true // absurdly long: capped by the caller
			}
			return 0, false
		}
		if n > uint64((1<<63-1)/time.Second) {
			return time.Duration(1<<63 - 1), true
		}
		return time.Duration(n) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// graphrtIsJSON reports whether a Content-Type is JSON: application/json or
// any +json type, with or without parameters, in any case.
func graphrtIsJSON(ct string) bool {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	ct = strings.TrimSpace(ct)
	if strings.EqualFold(ct, "application/json") {
		return true
	}
	slash := strings.IndexByte(ct, '/')
	return slash > 0 && len(ct) > slash+len("+json") &&
		strings.EqualFold(ct[len(ct)-len("+json"):], "+json")
}

// graphrtCheckRedirect wraps a CheckRedirect (nil: net/http's default of at
// most 10 redirects) so that Authorization is dropped once any hop leaves
// the origin (scheme, host and port) of the first request.
func graphrtCheckRedirect(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		if len(via) > 0 {
			first := via[0].URL
			cross := !graphrtSameOrigin(first.Scheme, first.Host, req.URL.Scheme, req.URL.Host)
			for _, v := range via[1:] {
				cross = cross || !graphrtSameOrigin(first.Scheme, first.Host, v.URL.Scheme, v.URL.Host)
			}
			if cross {
				req.Header.Del("Authorization")
			}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

func graphrtSameOrigin(s1, h1, s2, h2 string) bool {
	return strings.EqualFold(s1, s2) && strings.EqualFold(graphrtHostPort(s1, h1), graphrtHostPort(s2, h2))
}

// graphrtHostPort adds the scheme's default port to a host without one.
func graphrtHostPort(scheme, host string) string {
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		return host
	}
	if strings.EqualFold(scheme, "http") {
		return host + ":80"
	}
	return host + ":443"
}
