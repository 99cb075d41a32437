package graphrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// UploadOption configures UploadLarge.
type UploadOption func(*graphrtUploadConfig)

type graphrtUploadConfig struct {
	chunk    int64
	progress func(sent, total int64)
	location *string
}

const (
	// graphrtFragmentUnit: every fragment but the last is a multiple of
	// 320 KiB, as Graph requires.
	graphrtFragmentUnit = 320 << 10
	// graphrtDefaultChunk is 10 MiB (32 units): the fragment size Graph's
	// documentation calls optimal on a stable connection (it recommends
	// 5-10 MiB, and resumable uploads above 10 MiB). A smaller one costs a
	// round trip per fragment more often; a larger one resends more after
	// a dropped connection. Memory does not depend on it (fragments are
	// streamed from the io.ReaderAt).
	graphrtDefaultChunk = 32 * graphrtFragmentUnit
	// graphrtMaxChunk is the largest multiple of 320 KiB under Graph's
	// limit of 60 MiB per request.
	graphrtMaxChunk = 191 * graphrtFragmentUnit
)

// ChunkSize sets the size of each fragment UploadLarge sends (but the
// last): a multiple of 320 KiB (327,680 bytes) from 320 KiB to 59.6875 MiB
// (under Graph's 60 MiB per request). Any other size makes UploadLarge fail
// before it sends anything. The default is 10 MiB.
func ChunkSize(n int64) UploadOption {
	return func(c *graphrtUploadConfig) { c.chunk = n }
}

// OnProgress makes UploadLarge call f after every fragment the session
// accepts, with the bytes the session holds (where it expects the next
// fragment) and the size; it is called from UploadLarge's goroutine.
func OnProgress(f func(sent, total int64)) UploadOption {
	return func(c *graphrtUploadConfig) { c.progress = f }
}

// UploadLocation makes UploadLarge store the Location header of the
// session's final answer in *dst ("" when it has none): Outlook's
// attachment sessions answer the last fragment with 201 Created, no body,
// and the new attachment's URL there.
func UploadLocation(dst *string) UploadOption {
	return func(c *graphrtUploadConfig) { c.location = dst }
}

// UploadLarge sends size bytes of body to an upload session, the uploadUrl
// a createUploadSession call answered (a drive item's, an Outlook
// attachment's, a print document's), and returns the session's final
// answer decoded as a T (for a drive item, a *DriveItem).
//
// It sends the bytes in fragments of ChunkSize (10 MiB unless set), each a
// PUT with Content-Range, streamed from body (an io.SectionReader: at most
// one transport buffer in memory, never a whole fragment). It first asks
// the session where to start (GET uploadURL: nextExpectedRanges), so a new
// call with the same uploadURL, from this process or another, resumes
// where the session says, and it goes on from wherever each answer says.
//
// The upload URL carries its own credential: UploadLarge never sends
// Authorization to it, whatever its host, and never puts it in an error.
// It uses the client's HTTP client (transport, redirect rules), User-Agent
// and retry policy: a fragment answered 429 or 5xx, cut off (a dropped
// connection), or answered 416 (the session has those bytes already)
// makes UploadLarge wait (Retry-After, else the client's backoff, capped
// by WithRetry's maxDelay), ask the session where to continue, and go on
// from there; WithRetry's maxRetries bounds the failures in a row without
// progress (a status request that fails counts as one), after which the
// last error is returned. Any other answer is an *Error at once (409 when
// the name is taken, 404 when the session is gone).
//
// The context cancels the upload between fragments and during one. The
// session is kept for another call to resume: CancelUpload deletes it.
//
// The final answer (200 or 201 to the last fragment) is decoded as a T;
// when it has no body, as Outlook's attachment sessions answer (201 and
// the attachment's URL in Location: see UploadLocation), UploadLarge
// returns (nil, nil). So it does when the session expects no more bytes
// and has not finished (a session created with deferCommit: commit it as
// its documentation says). Errors: an invalid ChunkSize, size < 1, a nil
// body or an uploadURL that is not an absolute http(s) URL fail before any
// request; the client's own *Error and *DecodeError otherwise.
func UploadLarge[T any](ctx context.Context, c *Client, uploadURL string, body io.ReaderAt, size int64, opts ...UploadOption) (*T, error) {
	out := new(T)
	done, err := c.graphrtUploadSession(ctx, uploadURL, body, size, opts, reflect.ValueOf(out).Elem())
	if err != nil || !done {
		return nil, err
	}
	return out, nil
}

// CancelUpload deletes an upload session (DELETE uploadURL): the bytes it
// holds are dropped. Like UploadLarge it sends no Authorization to the
// upload URL; a 429/503/504 is retried as the client's retry policy says.
func CancelUpload(ctx context.Context, c *Client, uploadURL string) error {
	const op = "CancelUpload"
	if c.batch != nil {
		return graphrtNotBatched(op)
	}
	resp, _, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: http.MethodDelete, url: uploadURL, opaque: true})
	if err != nil {
		return err
	}
	graphrtDrain(resp)
	return nil
}

// graphrtOpaqueName stands for an opaque URL in errors.
const graphrtOpaqueName = "(URL withheld)"

// graphrtCheckOpaque checks that an opaque URL is an absolute http(s) URL,
// without echoing it.
func graphrtCheckOpaque(op, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Errorf("%s: the URL is not an absolute http(s) URL", op)
	}
	return nil
}

// graphrtOpaqueError reads a non-2xx answer from an opaque URL into an
// *Error, with every part of the URL that may carry its credential (the
// URL, its query, a long query value or path segment) redacted from the
// body before anything is kept.
func graphrtOpaqueError(op string, resp *http.Response, raw string) *Error {
	data, _ := io.ReadAll(io.LimitReader(resp.Body, graphrtErrorBodyLimit))
	resp.Body.Close()
	for _, secret := range graphrtOpaqueSecrets(raw) {
		data = bytes.ReplaceAll(data, []byte(secret), []byte("[REDACTED]"))
	}
	return graphrtNewError(op, resp.StatusCode, resp.Header.Get("Request-Id"), resp.Header.Get("Client-Request-Id"), data, "", nil)
}

// graphrtRedactOpaque redacts from str what graphrtOpaqueError redacts.
func graphrtRedactOpaque(str, raw string) string {
	for _, secret := range graphrtOpaqueSecrets(raw) {
		str = strings.ReplaceAll(str, secret, "[REDACTED]")
	}
	return str
}

// graphrtOpaqueSecrets lists the parts of an opaque URL to redact, longest
// first.
func graphrtOpaqueSecrets(raw string) []string {
	out := []string{raw}
	u, err := url.Parse(raw)
	if err != nil {
		return out
	}
	if u.RawQuery != "" {
		out = append(out, u.RawQuery)
		for _, vs := range u.Query() {
			for _, v := range vs {
				if len(v) >= 8 {
					out = append(out, v)
				}
			}
		}
	}
	for _, seg := range strings.Split(u.EscapedPath(), "/") {
		if len(seg) >= 16 {
			out = append(out, seg)
		}
	}
	slices.SortStableFunc(out, func(a, b string) int { return len(b) - len(a) })
	return out
}

// graphrtURLCause is the cause of a transport error without the
// *url.Error's method and URL.
func graphrtURLCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// graphrtSession is one UploadLarge call.
type graphrtSession struct {
	c     *Client
	url   string
	body  io.ReaderAt
	size  int64
	chunk int64
	cfg   graphrtUploadConfig
}

const graphrtUploadOp = "UploadLarge"

// graphrtUploadSession runs UploadLarge: true when the final answer was
// decoded into out.
func (c *Client) graphrtUploadSession(ctx context.Context, uploadURL string, body io.ReaderAt, size int64, opts []UploadOption, out reflect.Value) (bool, error) {
	const op = graphrtUploadOp
	cfg := graphrtUploadConfig{chunk: graphrtDefaultChunk}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	switch {
	case c.batch != nil:
		return false, graphrtNotBatched(op)
	case cfg.chunk < graphrtFragmentUnit || cfg.chunk > graphrtMaxChunk || cfg.chunk%graphrtFragmentUnit != 0:
		return false, fmt.Errorf("%s: ChunkSize(%d) is not a multiple of 320 KiB (327,680 bytes) from 320 KiB to 59.6875 MiB", op, cfg.chunk)
	case size < 1:
		return false, fmt.Errorf("%s: size %d: nothing to upload", op, size)
	case body == nil || reflect.ValueOf(body).Kind() == reflect.Pointer && reflect.ValueOf(body).IsNil():
		return false, errors.New(op + ": body is nil")
	}
	if err := graphrtCheckOpaque(op, uploadURL); err != nil {
		return false, err
	}
	if cfg.location != nil {
		*cfg.location = ""
	}
	s := &graphrtSession{c: c, url: uploadURL, body: body, size: size, chunk: cfg.chunk, cfg: cfg}
	return s.run(ctx, out)
}

// graphrtFailure is an attempt that may be retried: err, and the
// Retry-After of its answer.
type graphrtFailure struct {
	err        error
	retryAfter string
}

func (s *graphrtSession) run(ctx context.Context, out reflect.Value) (bool, error) {
	var (
		offset   int64
		failures int // in a row, without progress
		ask      = true
	)
	for {
		if err := ctx.Err(); err != nil {
			return false, fmt.Errorf("%s: %w", graphrtUploadOp, err)
		}
		var (
			fail *graphrtFailure
			err  error
		)
		if ask {
			var next int64
			var more bool
			next, more, fail, err = s.status(ctx)
			if err != nil {
				return false, err
			}
			if fail == nil {
				ask = false
				if !more {
					s.progress(s.size)
					return false, nil // all bytes held, not finished: deferCommit
				}
				if next > offset {
					failures = 0
				}
				offset = next
				continue
			}
		} else {
			end := min(offset+s.chunk, s.size)
			var next int64
			var done, more bool
			next, done, more, fail, err = s.fragment(ctx, offset, end, out)
			switch {
			case err != nil:
				return false, err
			case done:
				s.progress(s.size)
				return true, nil
			case fail == nil && !more:
				s.progress(s.size)
				return false, nil
			case fail == nil && next > offset:
				failures = 0
				offset = next
				s.progress(offset)
				continue
			case fail == nil:
				// Accepted, but the session expects nothing new: count it,
				// so that a session that never moves on ends the upload.
				fail = &graphrtFailure{err: fmt.Errorf("%s: the session accepted bytes %d-%d but still expects bytes from %d", graphrtUploadOp, offset, end-1, next)}
				offset = next
			}
		}
		failures++
		if failures > s.c.maxRetries {
			return false, fail.err
		}
		wait := graphrtRetryDelay(fail.retryAfter, failures-1, s.c.maxDelay, s.c.clock.Now())
		if err := s.c.clock.Sleep(ctx, wait); err != nil {
			return false, fmt.Errorf("%s: waiting to retry: %w", graphrtUploadOp, err)
		}
		ask = true
	}
}

func (s *graphrtSession) progress(sent int64) {
	if s.cfg.progress != nil {
		s.cfg.progress(min(sent, s.size), s.size)
	}
}

// status asks the session where to continue (GET uploadURL): the first
// byte it expects and whether it expects any; a failure to retry; or an
// error that ends the upload.
func (s *graphrtSession) status(ctx context.Context) (next int64, more bool, fail *graphrtFailure, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return 0, false, nil, fmt.Errorf("%s: %w", graphrtUploadOp, graphrtURLCause(err))
	}
	s.header(req.Header)
	resp, err := s.c.hc.Do(req)
	if err != nil {
		fail, err := s.cutOff(ctx, "GET", err)
		return 0, false, fail, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		fail, err := s.refused(resp)
		return 0, false, fail, err
	}
	var st graphrtSessionStatus
	data, err := s.readBody(resp, graphrtErrorBodyLimit)
	if err == nil {
		err = json.Unmarshal(data, &st)
	}
	if err == nil && st.Ranges == nil {
		err = errors.New("no nextExpectedRanges")
	}
	if err != nil {
		return 0, false, nil, fmt.Errorf("%s: the session's status: %w", graphrtUploadOp, err)
	}
	next, more, err = s.nextByte(*st.Ranges)
	return next, more, nil, err
}

type graphrtSessionStatus struct {
	Ranges *[]string `json:"nextExpectedRanges"`
}

// nextByte reads nextExpectedRanges ("26-", "12345-55232", Outlook's
// "2097152"): the lowest start, and false for an empty list.
func (s *graphrtSession) nextByte(ranges []string) (int64, bool, error) {
	if len(ranges) == 0 {
		return 0, false, nil
	}
	next := int64(-1)
	for _, r := range ranges {
		start, _, _ := strings.Cut(strings.TrimSpace(r), "-")
		n, err := strconv.ParseInt(start, 10, 64)
		if err != nil || n < 0 || n >= s.size {
			return 0, false, fmt.Errorf("%s: the session expects the range %q, not within the %d bytes", graphrtUploadOp, graphrtExcerpt(r, 64), s.size)
		}
		if next < 0 || n < next {
			next = n
		}
	}
	return next, true, nil
}

// fragment sends bytes [start, end): done when the final answer was
// decoded into out; else the next byte the session expects and whether it
// expects any; or a failure to retry; or an error that ends the upload.
func (s *graphrtSession) fragment(ctx context.Context, start, end int64, out reflect.Value) (next int64, done, more bool, fail *graphrtFailure, err error) {
	n := end - start
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, s.url, io.NewSectionReader(s.body, start, n))
	if err != nil {
		return 0, false, false, nil, fmt.Errorf("%s: %w", graphrtUploadOp, graphrtURLCause(err))
	}
	req.ContentLength = n
	req.GetBody = func() (io.ReadCloser, error) { // a 307/308 sends it again
		return io.NopCloser(io.NewSectionReader(s.body, start, n)), nil
	}
	s.header(req.Header)
	req.Header["Content-Type"] = graphrtOctetHeader
	req.Header["Content-Range"] = []string{"bytes " + strconv.FormatInt(start, 10) + "-" + strconv.FormatInt(end-1, 10) + "/" + strconv.FormatInt(s.size, 10)}
	resp, err := s.c.hc.Do(req)
	if err != nil {
		fail, err := s.cutOff(ctx, "PUT bytes "+strconv.FormatInt(start, 10)+"-"+strconv.FormatInt(end-1, 10), err)
		return 0, false, false, fail, err
	}
	switch {
	case resp.StatusCode == http.StatusRequestedRangeNotSatisfiable || resp.StatusCode < 200 || resp.StatusCode > 299:
		fail, err := s.refused(resp)
		return 0, false, false, fail, err
	case end == s.size && resp.StatusCode != http.StatusAccepted:
		// The final answer: 200 or 201 (Outlook answers earlier fragments
		// 200 too, which is why only the last fragment's answer is final).
		if s.cfg.location != nil {
			*s.cfg.location = resp.Header.Get("Location")
		}
		data, err := s.readBody(resp, s.c.maxResponse)
		if err != nil || data == nil {
			return 0, false, false, nil, err
		}
		if err := graphrtDecodeInto(data, out); err != nil {
			return 0, false, false, nil, &DecodeError{Op: graphrtUploadOp, StatusCode: resp.StatusCode, ContentType: graphrtRedactOpaque(resp.Header.Get("Content-Type"), s.url), Err: err}
		}
		return 0, true, false, nil, nil
	}
	// More to send: where the answer says, else after this fragment.
	var st graphrtSessionStatus
	data, err := s.readBody(resp, graphrtErrorBodyLimit)
	if err == nil && data != nil && json.Unmarshal(data, &st) == nil && st.Ranges != nil {
		next, more, err = s.nextByte(*st.Ranges)
		return next, false, more, nil, err
	}
	if end == s.size {
		return 0, false, false, nil, nil // 202 to the last fragment, nothing said: all held
	}
	return end, false, true, nil, nil
}

// readBody reads a 2xx answer of at most limit bytes (nil for none).
func (s *graphrtSession) readBody(resp *http.Response, limit int64) ([]byte, error) {
	data, err := graphrtReadBody(graphrtUploadOp, resp, "", limit, nil)
	var de *DecodeError
	if errors.As(err, &de) {
		de.ContentType = graphrtRedactOpaque(de.ContentType, s.url)
	}
	return data, err
}

// header sets what every request to the session carries: no
// Authorization, ever.
func (s *graphrtSession) header(h http.Header) {
	h["Accept"] = graphrtJSONHeader
	if s.c.userAgent != "" {
		h["User-Agent"] = []string{s.c.userAgent}
	}
}

// cutOff is a request that got no answer: the context's end stops the
// upload, anything else (a dropped connection) is a failure to retry.
func (s *graphrtSession) cutOff(ctx context.Context, what string, err error) (*graphrtFailure, error) {
	err = fmt.Errorf("%s: %s %s: %w", graphrtUploadOp, what, graphrtOpaqueName, graphrtURLCause(err))
	if ctx.Err() != nil {
		return nil, err
	}
	return &graphrtFailure{err: err}, nil
}

// refused is a non-2xx answer (or 416): 429, 5xx and 416 are failures to
// retry, anything else ends the upload.
func (s *graphrtSession) refused(resp *http.Response) (*graphrtFailure, error) {
	e := graphrtOpaqueError(graphrtUploadOp, resp, s.url)
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestedRangeNotSatisfiable {
		return &graphrtFailure{err: e, retryAfter: resp.Header.Get("Retry-After")}, nil
	}
	return nil, e
}

// graphrtNotBatched is the error of a call a Batch cannot carry.
func graphrtNotBatched(op string) error {
	return errors.New(op + ": cannot be batched (its body or its URL is not the service's JSON): call it with the Client itself")
}
