package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/graphgen/graphgen/generated/graph"
)

// Listing users: 10 pages of 100 users linked by @odata.nextLink, served
// from pre-built JSON, walked by the generated client (ranging over
// ListUsers) and by the floor (net/http + encoding/json into a plain
// struct, following nextLink). Side by side in one run:
//
//	go test ./bench -run '^$' -bench 'ListUsers' -benchmem -count 5
//
// ns/item and allocs/item are per user (an op is the whole list of 1,000).

const (
	listPages    = 10
	listPageSize = 100
	listItems    = listPages * listPageSize
)

// usersServer serves GET /beta/users?$skiptoken=N from pre-built pages.
func usersServer(tb testing.TB) *httptest.Server {
	var pages [listPages][]byte
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := 0
		if tok := r.URL.Query().Get("$skiptoken"); tok != "" {
			n, _ = strconv.Atoi(tok)
		}
		if r.Method != http.MethodGet || r.URL.Path != "/beta/users" || n < 0 || n >= listPages {
			http.Error(w, "unexpected request "+r.Method+" "+r.URL.String(), http.StatusBadRequest)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json; odata.metadata=minimal"}
		h["Content-Length"] = []string{strconv.Itoa(len(pages[n]))}
		w.Write(pages[n])
	}))
	tb.Cleanup(srv.Close)
	for p := range pages {
		var b bytes.Buffer
		b.WriteString(`{"@odata.context":"` + srv.URL + `/beta/$metadata#users","value":[`)
		for i := range listPageSize {
			k := p*listPageSize + i
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"id":"%08x-4a1b-4c2d-9e3f-%012x","displayName":"Person %d","userPrincipalName":"person.%d@tailspin.example",`+
				`"mail":"person.%d@tailspin.example","jobTitle":"Engineer","businessPhones":["+1 425 555 %04d"],`+
				`"accountEnabled":true,"createdDateTime":"2021-0%d-1%dT08:%02d:%02d.%07dZ"}`,
				k, k, k, k, k, k, 1+k%9, k%10, k%60, k%60, k*7919%10000000)
		}
		b.WriteString(`]`)
		if p+1 < listPages {
			fmt.Fprintf(&b, `,"@odata.nextLink":"%s/beta/users?$skiptoken=%d"`, srv.URL, p+1)
		}
		b.WriteString(`}`)
		pages[p] = b.Bytes()
	}
	return srv
}

func newGraphClient(srv *httptest.Server) *graph.Client {
	return graph.NewClient(graph.WithBaseURL(srv.URL+"/beta"), graph.WithHTTPClient(transport()),
		graph.WithTokenProvider(func(context.Context) (string, error) { return "token", nil }))
}

// generatedList ranges over every user; it returns how many it saw and the
// sum of their ids' lengths (so that the decoding cannot be skipped).
func generatedList(ctx context.Context, c *graph.Client) (int, int, error) {
	n, sum := 0, 0
	for u, err := range c.ListUsers(ctx) {
		if err != nil {
			return n, sum, err
		}
		id, _ := u.ID.Get()
		n++
		sum += len(id)
	}
	return n, sum, nil
}

// perItem reports ns/item and allocs/item around the benchmark loop.
func perItem(b *testing.B, run func()) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for b.Loop() {
		run()
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	items := float64(b.N) * listItems
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/items, "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/items, "allocs/item")
}

func BenchmarkListUsersGenerated(b *testing.B) {
	srv := usersServer(b)
	c := newGraphClient(srv)
	ctx := context.Background()
	b.ReportAllocs()
	perItem(b, func() {
		n, sum, err := generatedList(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		if n != listItems || sum != listItems*36 {
			b.Fatalf("%d users, id length sum %d", n, sum)
		}
	})
}

// The floor's types: a plain struct for what the pages hold.
type handUser struct {
	ID                string    `json:"id"`
	DisplayName       string    `json:"displayName"`
	UserPrincipalName string    `json:"userPrincipalName"`
	Mail              string    `json:"mail"`
	JobTitle          string    `json:"jobTitle"`
	BusinessPhones    []string  `json:"businessPhones"`
	AccountEnabled    bool      `json:"accountEnabled"`
	CreatedDateTime   time.Time `json:"createdDateTime"`
}

type handUsersPage struct {
	Value    []handUser `json:"value"`
	NextLink string     `json:"@odata.nextLink"`
}

// handList walks the pages as a careful person would by hand: one GET per
// page with the token, decoding the body into a fresh page struct,
// following nextLink until there is none.
func handList(ctx context.Context, hc *http.Client, url, token string, each func(*handUser)) error {
	for url != "" {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return err
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Accept", "application/json")
		req.Header.Set("User-Agent", "graphgen")
		resp, err := hc.Do(req)
		if err != nil {
			return err
		}
		data, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status + ": " + string(data))
		}
		var page handUsersPage
		if err := json.Unmarshal(data, &page); err != nil {
			return err
		}
		for i := range page.Value {
			each(&page.Value[i])
		}
		url = page.NextLink
	}
	return nil
}

func BenchmarkListUsersHandWritten(b *testing.B) {
	srv := usersServer(b)
	hc := transport()
	ctx := context.Background()
	url := srv.URL + "/beta/users"
	b.ReportAllocs()
	perItem(b, func() {
		n, sum := 0, 0
		if err := handList(ctx, hc, url, "token", func(u *handUser) { n++; sum += len(u.ID) }); err != nil {
			b.Fatal(err)
		}
		if n != listItems || sum != listItems*36 {
			b.Fatalf("%d users, id length sum %d", n, sum)
		}
	})
}

// TestListUsersBothSidesAgree makes sure both list benchmarks see the same
// 1,000 users, in the same order, with the same values.
func TestListUsersBothSidesAgree(t *testing.T) {
	srv := usersServer(t)
	var gen []handUser
	for u, err := range newGraphClient(srv).ListUsers(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		var h handUser
		h.ID, _ = u.ID.Get()
		h.DisplayName, _ = u.DisplayName.Get()
		h.UserPrincipalName, _ = u.UserPrincipalName.Get()
		h.Mail, _ = u.Mail.Get()
		h.JobTitle, _ = u.JobTitle.Get()
		h.BusinessPhones, _ = u.BusinessPhones.Get()
		h.AccountEnabled, _ = u.AccountEnabled.Get()
		h.CreatedDateTime, _ = u.CreatedDateTime.Get()
		gen = append(gen, h)
	}
	var hand []handUser
	if err := handList(context.Background(), transport(), srv.URL+"/beta/users", "t", func(u *handUser) { hand = append(hand, *u) }); err != nil {
		t.Fatal(err)
	}
	if len(gen) != listItems || len(hand) != listItems {
		t.Fatalf("generated saw %d users, hand-written %d, want %d each", len(gen), len(hand), listItems)
	}
	for i := range gen {
		g, h := gen[i], hand[i]
		if g.ID != h.ID || g.DisplayName != h.DisplayName || g.UserPrincipalName != h.UserPrincipalName || g.Mail != h.Mail ||
			g.JobTitle != h.JobTitle || len(g.BusinessPhones) != 1 || g.BusinessPhones[0] != h.BusinessPhones[0] ||
			g.AccountEnabled != h.AccountEnabled || !g.CreatedDateTime.Equal(h.CreatedDateTime) {
			t.Fatalf("user %d differs:\ngenerated   %+v\nhand-written %+v", i, g, h)
		}
	}
}
