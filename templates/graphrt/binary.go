package graphrt

import (
	"context"
	"errors"
	"io"
	"reflect"
)

// Download is a response body streamed to the caller, who must close Body
// (and keep the call's context alive while reading it).
type Download struct {
	Body          io.ReadCloser
	ContentType   string
	ContentLength int64 // -1 when unknown
}

var graphrtAnyHeader = []string{"*/*"}

// graphrtDownload makes a call whose 2xx body is content (a file, a photo)
// and streams it: not buffered, not limited by WithMaxResponseSize. It
// sends Accept: */*. Redirects are followed (Graph answers .../content with
// a 302 to a storage host), without Authorization on another origin.
//
//go:noinline
func graphrtDownload(ctx context.Context, c *Client, op, method, path string, opts []RequestOption) (*Download, error) {
	o := graphrtApplyOptions(opts)
	resp, _, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), accept: graphrtAnyHeader, opts: &o})
	if err != nil {
		return nil, err
	}
	return &Download{Body: resp.Body, ContentType: resp.Header.Get("Content-Type"), ContentLength: resp.ContentLength}, nil
}

// graphrtUpload streams body as the request content, with contentType
// (application/octet-stream when empty), and decodes the 2xx JSON answer
// into out, a pointer to a new value, which it returns (nil for no content
// or an error). A nil body is an error before any request. Content-Length
// is sent when known (*bytes.Reader, *strings.Reader, *bytes.Buffer, an
// io.Seeker). A 429/503/504 is retried only when the body can be sent
// again: those three types, or an io.Seeker (sought back to where it was).
// body is never closed.
//
//go:noinline
func graphrtUpload[P any](ctx context.Context, c *Client, op, method, path string, body io.Reader, contentType string, out P, opts []RequestOption) (P, error) {
	var zero P
	r, err := c.graphrtSendUpload(ctx, op, method, path, body, contentType, opts)
	if err != nil || r.data == nil {
		return zero, err
	}
	if err := graphrtDecodeInto(r.data, reflect.ValueOf(out).Elem()); err != nil {
		return zero, r.decodeError(op, err)
	}
	return out, nil
}

// graphrtUploadNoContent is graphrtUpload for a call whose answer is any
// 2xx, drained and ignored.
//
//go:noinline
func graphrtUploadNoContent(ctx context.Context, c *Client, op, method, path string, body io.Reader, contentType string, opts []RequestOption) error {
	if graphrtNilReader(body) {
		return errors.New(op + ": upload body is nil")
	}
	o := graphrtApplyOptions(opts)
	resp, _, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), upload: body, uploadType: contentType, opts: &o})
	if err != nil {
		return err
	}
	graphrtDrain(resp)
	return nil
}

func (c *Client) graphrtSendUpload(ctx context.Context, op, method, path string, body io.Reader, contentType string, opts []RequestOption) (graphrtResult, error) {
	if graphrtNilReader(body) {
		return graphrtResult{}, errors.New(op + ": upload body is nil")
	}
	o := graphrtApplyOptions(opts)
	resp, token, err := c.graphrtSend(ctx, &graphrtSpec{op: op, method: method, url: c.graphrtURL(path, &o), upload: body, uploadType: contentType, opts: &o})
	if err != nil {
		return graphrtResult{}, err
	}
	data, err := graphrtReadBody(op, resp, token, c.maxResponse, nil)
	return graphrtResult{data, resp.StatusCode, graphrtRedact(resp.Header.Get("Content-Type"), token, nil)}, err
}

// graphrtNilReader reports whether r is nil or a nil pointer.
func graphrtNilReader(r io.Reader) bool {
	if r == nil {
		return true
	}
	v := reflect.ValueOf(r)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
