// Package graphrt is the hand-written runtime of the clients graphgen
// generates. It is a normal package, compiled and tested here; the emitter
// copies its files (all but default.go and the tests) into every generated
// package as source, so everything below lives next to the generated models.
//
// # Contract with the emitter
//
// Exported: Client, Option, NewClient, WithHTTPClient, WithBaseURL,
// TokenProvider, WithTokenProvider, WithUserAgent, WithRetry,
// WithMaxResponseSize, Error, DecodeError, ResponseTooLargeError, Nullable,
// Value, Null, and DefaultBaseURL (default.go, which the emitter replaces
// with its own).
//
// Unexported, for generated code:
//
//   - (*Client).do(ctx, op, method, path, body, out) makes one call: path is
//     already escaped and starts with "/"; body is nil or a value for
//     json.Marshal, marshalled once and resent as the same bytes on each
//     attempt; out is nil or a pointer for json.Unmarshal. It sends
//     Authorization: Bearer <token> (asking the TokenProvider on every
//     attempt), Accept and User-Agent, and Content-Type when there is a body.
//     429, 503 and 504 are retried up to maxRetries times, waiting as
//     Retry-After says (seconds or an HTTP date) or with a capped exponential
//     backoff; every wait is capped at maxDelay and ends at once with the
//     context. A 2xx with no body (or 204) decodes nothing; otherwise the body
//     must be JSON (application/json or +json), else *DecodeError, and at
//     most maxResponse bytes (64 MiB unless WithMaxResponseSize says), else
//     *ResponseTooLargeError without reading past the limit. A non-2xx
//     becomes *Error, built from at most 64 KiB of the body.
//   - pathSegment(s) escapes s as one path segment.
//   - odataType(data) finds the top-level "@odata.type" of a JSON object;
//     trimODataHash(s) drops its leading '#'.
//
// Safety: a redirect to another origin (scheme, host or port) drops the
// Authorization header; no error string holds the token or the request body;
// nothing is logged.
//
// Every other unexported name starts with "graphrt" so it cannot clash with
// generated code.
package graphrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Client calls the service. Build it with NewClient; it is safe for
// concurrent use.
type Client struct {
	hc         *http.Client
	baseURL    string
	token      TokenProvider
	userAgent  string
	maxRetries int
	maxDelay   time.Duration
	// maxResponse is the largest 2xx body read; see WithMaxResponseSize.
	maxResponse int64
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

		maxResponse: graphrtDefaultMaxResponse,
	}
	for _, o := range opts {
		if o != nil {
			o(c)
		}
	}
	// A copy, so the caller's client is not changed, whose CheckRedirect
	// drops Authorization on a redirect to another origin (net/http alone
	// keeps it for another port of the same host).
	hc := *c.hc
	hc.CheckRedirect = graphrtCheckRedirect(c.hc.CheckRedirect)
	c.hc = &hc
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

// do sends one operation; see the package comment for the contract.
func (c *Client) do(ctx context.Context, op, method, path string, body any, out any) error {
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("%s: encoding request body: %w", op, err)
		}
	}
	resp, token, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.baseURL + path, payload: payload})
	if err != nil {
		return err
	}
	return graphrtDecode(op, resp, out, token, c.maxResponse)
}

// graphrtDecode reads a 2xx response of at most limit bytes into out with
// encoding/json (for do). The token is only used to redact an echo of it
// from the content type a *DecodeError reports.
func graphrtDecode(op string, resp *http.Response, out any, token string, limit int64) error {
	if out == nil {
		graphrtDrain(resp)
		return nil
	}
	data, err := graphrtReadBody(op, resp, token, limit, nil)
	if err != nil || data == nil {
		return err
	}
	if err := json.Unmarshal(data, out); err != nil {
		return &DecodeError{Op: op, StatusCode: resp.StatusCode, ContentType: resp.Header.Get("Content-Type"), Err: err}
	}
	return nil
}

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

// graphrtReadAll reads r whole; see graphrtReadAllInto.
func graphrtReadAll(r io.Reader, n int64) ([]byte, error) { return graphrtReadAllInto(nil, r, n) }

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

// graphrtSleep waits d, or returns ctx's error as soon as ctx ends.
func graphrtSleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
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
