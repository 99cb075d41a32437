package graphrt

import (
	"context"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"unsafe"
)

func TestPathSegment(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"abc-DEF_0.9~", "abc-DEF_0.9~"},
		{"a/b", "a%2Fb"},
		{"a?b#c%d e", "a%3Fb%23c%25d%20e"},
		{".", "%2E"},
		{"..", "%2E%2E"},
		{"...", "..."},
		{"./", ".%2F"},
		{"é", "%C3%A9"},
		{"\x00\xff", "%00%FF"},
		{"a+b=c&d;e,f:g@h!i$j'k(l)m*n", "a%2Bb%3Dc%26d%3Be%2Cf%3Ag%40h%21i%24j%27k%28l%29m%2An"},
	} {
		if got := pathSegment(tc.in); got != tc.want {
			t.Errorf("pathSegment(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A clean segment is returned as it is, not copied (its cost, 0
// allocations, is BenchmarkPathSegment/clean's).
func TestPathSegmentCleanIsNotCopied(t *testing.T) {
	s := strings.Clone("d59b6342-6342-d59b-4263-9bd542639bd5")
	if got := pathSegment(s); got != s || unsafe.StringData(got) != unsafe.StringData(s) {
		t.Errorf("pathSegment(%q) = %q, a copy", s, got)
	}
}

// rtTestSegmentServer answers every request with 204 and records the escaped
// path it saw.
func rtTestSegmentServer(t *testing.T) (*httptest.Server, func() []string) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.URL.EscapedPath())
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

// rtTestRoundTripSegment sends id as one segment between two fixed ones and
// checks that the server sees exactly three segments, the middle one
// decoding to id.
func rtTestRoundTripSegment(t *testing.T, c *Client, seen func() []string, id string) {
	t.Helper()
	before := len(seen())
	if err := graphrtNoContent(context.Background(), c, "Seg", http.MethodGet, "/items/"+pathSegment(id)+"/tail", nil, nil); err != nil {
		t.Fatalf("graphrtNoContent(%q): %v", id, err)
	}
	all := seen()
	if len(all) != before+1 {
		t.Fatalf("id %q: server saw %d requests, want 1", id, len(all)-before)
	}
	segs := strings.Split(all[len(all)-1], "/")
	if len(segs) != 4 || segs[0] != "" || segs[1] != "items" || segs[3] != "tail" {
		t.Fatalf("id %q: server saw path %q, want /items/<one segment>/tail", id, all[len(all)-1])
	}
	got, err := url.PathUnescape(segs[2])
	if err != nil {
		t.Fatalf("id %q: segment %q: %v", id, segs[2], err)
	}
	if got != id {
		t.Fatalf("server decoded %q, want %q", got, id)
	}
}

func TestPathSegmentReachesServer(t *testing.T) {
	srv, seen := rtTestSegmentServer(t)
	c := NewClient(WithBaseURL(srv.URL), WithRetry(0, 0))
	for _, id := range []string{"plain", "a/b", "a?b=c", "a#frag", "100%", "with space", ".", "..", "../../admin", "é€😀", "%2F", "a\x00b", "\r\nX-Injected: 1"} {
		rtTestRoundTripSegment(t, c, seen, id)
	}
	// The escaped form reaches the server intact.
	for _, tc := range []struct{ id, want string }{
		{"..", "/items/%2E%2E/tail"},
		{"../x y", "/items/..%2Fx%20y/tail"},
	} {
		if err := graphrtNoContent(context.Background(), c, "Seg", http.MethodGet, "/items/"+pathSegment(tc.id)+"/tail", nil, nil); err != nil {
			t.Fatal(err)
		}
		all := seen()
		if got := all[len(all)-1]; got != tc.want {
			t.Errorf("id %q: server saw %q, want %q", tc.id, got, tc.want)
		}
	}
}

// Property: every random byte string (any byte value, any length up to 24)
// reaches the server as exactly one segment that decodes to itself.
func TestPathSegmentProperty(t *testing.T) {
	srv, seen := rtTestSegmentServer(t)
	c := NewClient(WithBaseURL(srv.URL), WithRetry(0, 0))
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []byte("./%?#~ -_aZ09")
	for i := 0; i < 400; i++ {
		b := make([]byte, 1+r.IntN(24))
		for j := range b {
			if r.IntN(2) == 0 {
				b[j] = byte(r.IntN(256))
			} else {
				b[j] = alphabet[r.IntN(len(alphabet))]
			}
		}
		rtTestRoundTripSegment(t, c, seen, string(b))
	}
}
