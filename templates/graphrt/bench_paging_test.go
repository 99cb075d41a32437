package graphrt

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
	"strings"
	"testing"
	"time"
)

// Side by side, in one run:
//
//	go test ./templates/graphrt -run '^$' -bench 'Paging|Download|Codec' -benchmem -count 5

// User is a model as the emitter writes it.
type User struct {
	ODataType         string                     `json:"@odata.type,omitempty" graph:"#microsoft.graph.user"`
	ID                Nullable[string]           `json:"id,omitzero" graph:"readonly"`
	DisplayName       Nullable[string]           `json:"displayName,omitzero"`
	GivenName         Nullable[string]           `json:"givenName,omitzero"`
	Surname           Nullable[string]           `json:"surname,omitzero"`
	Mail              Nullable[string]           `json:"mail,omitzero"`
	UserPrincipalName Nullable[string]           `json:"userPrincipalName,omitzero"`
	JobTitle          Nullable[string]           `json:"jobTitle,omitzero"`
	Department        Nullable[string]           `json:"department,omitzero"`
	AccountEnabled    Nullable[bool]             `json:"accountEnabled,omitzero"`
	CreatedDateTime   Nullable[time.Time]        `json:"createdDateTime,omitzero" graph:"readonly"`
	AdditionalData    map[string]json.RawMessage `json:"-"`
}

func (v *User) MarshalJSON() ([]byte, error) { return graphrtMarshal(v) }
func (v *User) UnmarshalJSON(b []byte) error { return graphrtUnmarshal(b, v) }

// rtTestPlainUser is what a careful person writes without a generator.
type rtTestPlainUser struct {
	ODataType         string    `json:"@odata.type,omitempty"`
	ID                string    `json:"id,omitempty"`
	DisplayName       string    `json:"displayName,omitempty"`
	GivenName         string    `json:"givenName,omitempty"`
	Surname           string    `json:"surname,omitempty"`
	Mail              string    `json:"mail,omitempty"`
	UserPrincipalName string    `json:"userPrincipalName,omitempty"`
	JobTitle          string    `json:"jobTitle,omitempty"`
	Department        string    `json:"department,omitempty"`
	AccountEnabled    bool      `json:"accountEnabled,omitempty"`
	CreatedDateTime   time.Time `json:"createdDateTime,omitzero"`
}

func rtTestUserJSON(i int) string {
	return fmt.Sprintf(`{"id":"%08d-6342-d59b-4263-9bd542639bd5","displayName":"User Number %d","givenName":"Given%d","surname":"Surname%d",`+
		`"mail":"user%d@contoso.onmicrosoft.com","userPrincipalName":"user%d@contoso.onmicrosoft.com","jobTitle":"Software Engineer",`+
		`"department":"Research & Development","accountEnabled":%v,"createdDateTime":"2019-0%d-1%dT10:%02d:00Z"}`, i, i, i, i, i, i, i%2 == 0, i%9+1, i%10, i%60)
}

const (
	rtTestBenchPages    = 10
	rtTestBenchPageSize = 100
)

// rtTestUserPages serves 10 pages of 100 users from pre-built JSON, each
// with a nextLink to the next (a full URL, as Graph writes it).
func rtTestUserPages(b *testing.B) *httptest.Server {
	pages := make([][]byte, rtTestBenchPages)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("$skiptoken"))
		h := w.Header()
		h["Content-Type"] = []string{"application/json;odata.metadata=minimal"}
		h["Content-Length"] = []string{strconv.Itoa(len(pages[n]))}
		w.Write(pages[n])
	}))
	b.Cleanup(srv.Close)
	for p := range pages {
		var sb strings.Builder
		sb.WriteString(`{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users","value":[`)
		for i := 0; i < rtTestBenchPageSize; i++ {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(rtTestUserJSON(p*rtTestBenchPageSize + i))
		}
		sb.WriteString(`]`)
		if p+1 < rtTestBenchPages {
			sb.WriteString(`,"@odata.nextLink":"` + srv.URL + `/v1.0/users?$top=100&$skiptoken=` + strconv.Itoa(p+1) + `"`)
		}
		sb.WriteString(`}`)
		pages[p] = []byte(sb.String())
	}
	return srv
}

// rtTestPerItem runs list (which returns how many items it saw) and
// reports the time and the allocations per item.
func rtTestPerItem(b *testing.B, list func() int) {
	b.ReportAllocs()
	list() // warm up: connections, plans
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	items := 0
	for b.Loop() {
		if n := list(); n != rtTestBenchPages*rtTestBenchPageSize {
			b.Fatalf("%d items", n)
		}
		items += rtTestBenchPages * rtTestBenchPageSize
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(items), "ns/item")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(items), "allocs/item")
}

func BenchmarkPagingGenerated(b *testing.B) {
	srv := rtTestUserPages(b)
	c := NewClient(WithBaseURL(srv.URL+"/v1.0"), WithTokenProvider(rtTestToken("token")),
		WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
	ctx := context.Background()
	rtTestPerItem(b, func() int {
		n := 0
		for u, err := range graphrtItems[User](ctx, c, "ListUsers", "GET", "/users", nil, []RequestOption{Top(100)}) {
			if err != nil {
				b.Fatal(err)
			}
			if !rtIsSet(u.ID) {
				b.Fatal("no id")
			}
			n++
		}
		return n
	})
}

// rtTestHandWrittenList follows nextLink with net/http and encoding/json.
func rtTestHandWrittenList(ctx context.Context, hc *http.Client, url, token string, fn func(*rtTestPlainUser)) error {
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
			return errors.New(resp.Status)
		}
		var page struct {
			Value    []rtTestPlainUser `json:"value"`
			NextLink string            `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(data, &page); err != nil {
			return err
		}
		for i := range page.Value {
			fn(&page.Value[i])
		}
		url = page.NextLink
	}
	return nil
}

func BenchmarkPagingHandWritten(b *testing.B) {
	srv := rtTestUserPages(b)
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	ctx := context.Background()
	rtTestPerItem(b, func() int {
		n := 0
		err := rtTestHandWrittenList(ctx, hc, srv.URL+"/v1.0/users?$top=100", "token", func(u *rtTestPlainUser) {
			if u.ID == "" {
				b.Fatal("no id")
			}
			n++
		})
		if err != nil {
			b.Fatal(err)
		}
		return n
	})
}

// The downloads: memory must not grow with the size (compare B/op).
func rtTestBenchDownload(b *testing.B, size int) {
	chunk := bytes.Repeat([]byte("0123456789abcdef"), 1<<16) // 1 MiB
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(size))
		for left := size; left > 0; left -= len(chunk) {
			if _, err := w.Write(chunk[:min(left, len(chunk))]); err != nil {
				return
			}
		}
	}))
	b.Cleanup(srv.Close)
	c := NewClient(WithBaseURL(srv.URL), WithTokenProvider(rtTestToken("token")),
		WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
	ctx := context.Background()
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		d, err := graphrtDownload(ctx, c, "GetContent", "GET", "/drive/items/1/content", nil)
		if err != nil {
			b.Fatal(err)
		}
		n, err := io.Copy(io.Discard, d.Body)
		d.Body.Close()
		if err != nil || n != int64(size) {
			b.Fatalf("%d bytes, %v", n, err)
		}
	}
}

func BenchmarkDownload1MiB(b *testing.B)  { rtTestBenchDownload(b, 1<<20) }
func BenchmarkDownload64MiB(b *testing.B) { rtTestBenchDownload(b, 64<<20) }

// The codec against encoding/json on the equivalent plain struct.
var (
	rtTestBenchUserJSON = []byte(`{"@odata.type":"#microsoft.graph.user",` + rtTestUserJSON(7)[1:])
	rtTestBenchUser     = func() (u User) { graphrtUnmarshal(rtTestBenchUserJSON, &u); return u }()
)

func BenchmarkCodecDecode(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rtTestBenchUserJSON)))
	for b.Loop() {
		var u User
		if err := graphrtUnmarshal(rtTestBenchUserJSON, &u); err != nil || !rtIsSet(u.ID) {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecDecodeStdlib(b *testing.B) {
	b.ReportAllocs()
	b.SetBytes(int64(len(rtTestBenchUserJSON)))
	for b.Loop() {
		var u rtTestPlainUser
		if err := json.Unmarshal(rtTestBenchUserJSON, &u); err != nil || u.ID == "" {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecEncode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := graphrtMarshalAll(&rtTestBenchUser); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCodecEncodeStdlib(b *testing.B) {
	var u rtTestPlainUser
	json.Unmarshal(rtTestBenchUserJSON, &u)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := json.Marshal(&u); err != nil {
			b.Fatal(err)
		}
	}
}
