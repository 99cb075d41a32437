package graphrt

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// rtTestBigBody answers 200 with a JSON string of size bytes, announcing
// its length or not (chunked).
func rtTestBigBody(t *testing.T, size int, announce bool) string {
	srv, _ := rtTestServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		if announce {
			w.Header().Set("Content-Length", strconv.Itoa(size))
		}
		w.Write([]byte{'"'})
		chunk := []byte(strings.Repeat("x", 32<<10))
		for left := size - 2; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return
			}
			if f, ok := w.(http.Flusher); ok && !announce {
				f.Flush() // keeps the response chunked
			}
		}
		w.Write([]byte{'"'})
	})
	return srv.URL
}

// TestDoHugeSuccessBodyIsNotReadWhole: a 2xx body over the limit is a
// *ResponseTooLargeError; with an honest Content-Length nothing is read, and
// without one exactly limit+1 bytes are.
func TestDoHugeSuccessBodyIsNotReadWhole(t *testing.T) {
	const limit = 1 << 20
	for _, tc := range []struct {
		announce bool
		read     int64
		msg      string
	}{
		{true, 0, "Op: HTTP 200 response body over the 1048576-byte limit (Content-Length 8388608)"},
		{false, limit + 1, "Op: HTTP 200 response body over the 1048576-byte limit"},
	} {
		// A whole body and a page are read by the same code, and checked
		// against the same limit; graphrtItems reads pages as graphrtPage.
		for name, call := range map[string]func(c *Client) error{
			"graphrtCall": func(c *Client) error {
				out, err := graphrtCall(context.Background(), c, "Op", http.MethodGet, "/a", nil, new(string), nil)
				if out != nil {
					t.Errorf("out decoded anyway: %d bytes", len(*out))
				}
				return err
			},
			"graphrtPage": func(c *Client) error {
				_, err := graphrtPage[string](context.Background(), c, "Op", http.MethodGet, "/a", nil, nil)
				return err
			},
		} {
			url := rtTestBigBody(t, 8<<20, tc.announce)
			tr := &rtTestCountingTransport{}
			c := NewClient(WithBaseURL(url), WithHTTPClient(&http.Client{Transport: tr}), WithMaxResponseSize(limit))
			err := call(c)
			var te *ResponseTooLargeError
			if !errors.As(err, &te) || te.Op != "Op" || te.StatusCode != 200 || te.Limit != limit {
				t.Fatalf("%s, announce %v: err = %#v", name, tc.announce, err)
			}
			if err.Error() != tc.msg {
				t.Errorf("%s: Error() = %q, want %q", name, err.Error(), tc.msg)
			}
			if n := tr.n.Load(); n != tc.read {
				t.Errorf("%s, announce %v: client read %d bytes of the body, want %d", name, tc.announce, n, tc.read)
			}
		}
	}
}

// TestDoBodyAtTheLimitDecodes: a body of exactly the limit is read, with or
// without a Content-Length.
func TestDoBodyAtTheLimitDecodes(t *testing.T) {
	const limit = 256 << 10
	for _, announce := range []bool{true, false} {
		c := NewClient(WithBaseURL(rtTestBigBody(t, limit, announce)), WithMaxResponseSize(limit))
		out, err := graphrtCall(context.Background(), c, "Op", http.MethodGet, "/a", nil, new(string), nil)
		if err != nil || out == nil || len(*out) != limit-2 {
			t.Errorf("announce %v: %v, err %v", announce, out != nil, err)
		}
	}
}

// TestMaxResponseSizeDefault: 64 MiB unless set; n <= 0 keeps it.
func TestMaxResponseSizeDefault(t *testing.T) {
	for _, tc := range []struct {
		opts []Option
		want int64
	}{
		{nil, 64 << 20},
		{[]Option{WithMaxResponseSize(0)}, 64 << 20},
		{[]Option{WithMaxResponseSize(-5)}, 64 << 20},
		{[]Option{WithMaxResponseSize(10)}, 10},
	} {
		if got := NewClient(tc.opts...).maxResponse; got != tc.want {
			t.Errorf("maxResponse = %d, want %d", got, tc.want)
		}
	}
}
