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
		url := rtTestBigBody(t, 8<<20, tc.announce)
		tr := &rtTestCountingTransport{}
		c := NewClient(WithBaseURL(url), WithHTTPClient(&http.Client{Transport: tr}), WithMaxResponseSize(limit))
		var out string
		err := c.do(context.Background(), "Op", http.MethodGet, "/a", nil, &out)
		var te *ResponseTooLargeError
		if !errors.As(err, &te) || te.Op != "Op" || te.StatusCode != 200 || te.Limit != limit {
			t.Fatalf("announce %v: err = %#v", tc.announce, err)
		}
		if err.Error() != tc.msg {
			t.Errorf("Error() = %q, want %q", err.Error(), tc.msg)
		}
		if n := tr.n.Load(); n != tc.read {
			t.Errorf("announce %v: client read %d bytes of the body, want %d", tc.announce, n, tc.read)
		}
		if out != "" {
			t.Errorf("out decoded anyway: %d bytes", len(out))
		}
	}
}

// TestDoBodyAtTheLimitDecodes: a body of exactly the limit is read, with or
// without a Content-Length.
func TestDoBodyAtTheLimitDecodes(t *testing.T) {
	const limit = 256 << 10
	for _, announce := range []bool{true, false} {
		c := NewClient(WithBaseURL(rtTestBigBody(t, limit, announce)), WithMaxResponseSize(limit))
		var out string
		if err := c.do(context.Background(), "Op", http.MethodGet, "/a", nil, &out); err != nil || len(out) != limit-2 {
			t.Errorf("announce %v: %d bytes, err %v", announce, len(out), err)
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
