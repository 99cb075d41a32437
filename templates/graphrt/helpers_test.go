package graphrt

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestPathItem(t *testing.T) {
	for in, want := range map[string]string{
		"folder a/file #1.txt": "folder%20a/file%20%231.txt",
		"/a/../b/":             "a/%2E%2E/b",
		"é/ü?x":                "%C3%A9/%C3%BC%3Fx",
		"":                     "",
	} {
		if got := pathItem(in); got != want {
			t.Errorf("pathItem(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestODataLiteral(t *testing.T) {
	type kind string
	for _, c := range []struct {
		got, want string
	}{
		{odataLiteral("D7"), "'D7'"},
		{odataLiteral("it's"), "'it''s'"},
		{odataLiteral("a/b c"), "'a%2Fb%20c'"},
		{odataLiteral(int32(42)), "42"},
		{odataLiteral(int64(-7)), "-7"},
		{odataLiteral(true), "true"},
		{odataLiteral(1.5), "1.5"},
		{odataLiteral(time.Date(2021, 7, 16, 8, 0, 0, 0, time.UTC)), "2021-07-16T08:00:00Z"},
		{odataLiteral(Date{Year: 2021, Month: 7, Day: 16}), "2021-07-16"},
		{odataLiteral(kind("week")), "'week'"},
	} {
		if c.got != c.want {
			t.Errorf("odataLiteral = %q, want %q", c.got, c.want)
		}
	}
}

// rtTestTB records what the generated tests' helpers report.
type rtTestTB struct {
	testing.TB
	errs []string
}

func (r *rtTestTB) Helper()                      {}
func (r *rtTestTB) Errorf(f string, args ...any) { r.errs = append(r.errs, f) }
func (r *rtTestTB) Fatalf(f string, args ...any) { r.errs = append(r.errs, f) }

// The generated tests' request check passes a request that matches the
// example and reports each way one can differ.
func TestGeneratedRequestCheck(t *testing.T) {
	ex := graphgenExchange{
		Method:  "PATCH",
		Path:    graphgenPath("me", "drive", "root:", graphgenItemPath("a b/c.txt", true), "content"),
		Query:   "$select=id,name&$filter=startswith(name, 'a')",
		Headers: [][2]string{{"Prefer", "return=minimal"}},
		Body:    `{"a": 1, "when": "2021-07-16T08:00:00.0000000Z"}`,
	}
	good := func() *http.Request {
		r := httptest.NewRequest("PATCH", "/me/drive/root:/a%20b/c.txt:/content?$select=id,name&$filter=startswith(name,%20%27a%27)",
			strings.NewReader(`{"when":"2021-07-16T08:00:00Z","a":1}`))
		r.Header.Set("Prefer", "return=minimal")
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Authorization", "Bearer graphgen-test-token")
		return r
	}
	r := &rtTestTB{TB: t}
	graphgenCheckRequest(r, good(), ex)
	if len(r.errs) != 0 {
		t.Fatalf("a matching request: %q", r.errs)
	}
	for name, edit := range map[string]func(*http.Request){
		"method": func(q *http.Request) { q.Method = "POST" },
		"path":   func(q *http.Request) { q.URL.RawPath, q.URL.Path = "", "/me/drive/root:/a b/c.txt/content" },
		"query":  func(q *http.Request) { q.URL.RawQuery = "$select=id" },
		"header": func(q *http.Request) { q.Header.Del("Prefer") },
		"token":  func(q *http.Request) { q.Header.Set("Authorization", "Bearer other") },
		"body": func(q *http.Request) {
			q.Body = io.NopCloser(strings.NewReader(`{"a":2,"when":"2021-07-16T08:00:00Z"}`))
		},
	} {
		q := good()
		edit(q)
		r := &rtTestTB{TB: t}
		graphgenCheckRequest(r, q, ex)
		if len(r.errs) == 0 {
			t.Errorf("%s: a request that differs passed", name)
		}
	}
}

func TestGeneratedJSONCompare(t *testing.T) {
	for _, c := range []struct {
		want, got string
		same      bool
	}{
		{`{"t":"2021-07-16T08:00:00.0000000Z"}`, `{"t":"2021-07-16T08:00:00Z"}`, true},
		{`{"t":"2021-07-16T08:00:00"}`, `{"t":"2021-07-16T08:00:00Z"}`, true},
		{`{"t":"2021-07-16T08:00:01Z"}`, `{"t":"2021-07-16T08:00:00Z"}`, false},
		{`{"a":[1,2]}`, `{"a":[2,1]}`, false},
		{`{"a":1}`, `{"a":1,"b":null}`, false},
		{`{"a":"x"}`, `{"a":"x"}`, true},
	} {
		r := &rtTestTB{TB: t}
		graphgenCheckJSON(r, "x", c.want, []byte(c.got))
		if same := len(r.errs) == 0; same != c.same {
			t.Errorf("%s vs %s: same = %v, want %v", c.want, c.got, same, c.same)
		}
	}
}

// rtIs reports whether n holds the value want (Nullable is not comparable).
func rtIs[T comparable](n Nullable[T], want T) bool {
	v, ok := n.Get()
	return ok && v == want
}

// rtIsSet reports whether n holds a value or null.
func rtIsSet[T any](n Nullable[T]) bool {
	_, ok := n.Get()
	return ok || n.IsNull()
}
