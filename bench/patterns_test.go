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
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/graphgen/graphgen/generated/graph"
)

// Graph's own patterns against floors written by hand, same server, same
// run (figures in docs/runtime.md):
//
//	go test ./bench -run '^$' -bench 'UploadSession|Batch|SingleCalls' -benchmem -count 6

// uploadSize is the file each upload benchmark sends: 64 MiB.
const uploadSize = 64 << 20

// uploadServer is an upload session host: every path is a session (a new
// one per benchmark iteration), GET answers nextExpectedRanges, PUT
// discards its fragment (the server keeps no bytes) and answers 202, or 201
// and a driveItem for the last one.
func uploadServer(tb testing.TB) *httptest.Server {
	var mu sync.Mutex
	held := map[string]int64{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		have := held[r.URL.Path]
		mu.Unlock()
		w.Header()["Content-Type"] = []string{"application/json"}
		if r.Method == http.MethodGet {
			fmt.Fprintf(w, `{"expirationDateTime":"2021-07-17T10:00:00Z","nextExpectedRanges":["%d-"]}`, have)
			return
		}
		var a, z, total int64
		if _, err := fmt.Sscanf(r.Header.Get("Content-Range"), "bytes %d-%d/%d", &a, &z, &total); err != nil || a != have || r.Header.Get("Authorization") != "" {
			http.Error(w, "bad fragment", http.StatusBadRequest)
			return
		}
		n, err := io.Copy(io.Discard, r.Body)
		if err != nil || n != z-a+1 {
			return
		}
		mu.Lock()
		held[r.URL.Path] = z + 1
		mu.Unlock()
		if z+1 == total {
			w.WriteHeader(http.StatusCreated)
			fmt.Fprintf(w, `{"id":"01LARGE","name":"large.vhd","size":%d,"file":{}}`, total)
			return
		}
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"expirationDateTime":"2021-07-17T10:00:00Z","nextExpectedRanges":["%d-"]}`, z+1)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

// zeros is a 64 MiB io.ReaderAt that holds nothing in memory.
type zeros struct{}

func (zeros) ReadAt(p []byte, off int64) (int, error) {
	if off >= uploadSize {
		return 0, io.EOF
	}
	n := min(int64(len(p)), uploadSize-off)
	clear(p[:n])
	if n < int64(len(p)) {
		return int(n), io.EOF
	}
	return int(n), nil
}

var session atomic.Int64

// BenchmarkUploadSession sends 64 MiB with graph.UploadLarge in fragments
// of 10 MiB (the default) and of 40 MiB: B/op against the fragment size
// (fragment-B) shows memory bounded by the transport's buffers, not by a
// fragment.
func BenchmarkUploadSession(b *testing.B) {
	for _, chunk := range []int64{10 << 20, 128 * 327680} {
		b.Run(strconv.FormatInt(chunk>>20, 10)+"MiB", func(b *testing.B) {
			srv := uploadServer(b)
			c := graph.NewClient(graph.WithHTTPClient(transport()))
			ctx := context.Background()
			b.SetBytes(uploadSize)
			b.ReportAllocs()
			for b.Loop() {
				url := srv.URL + "/up/" + strconv.FormatInt(session.Add(1), 10) + "?tempauth=x"
				item, err := graph.UploadLarge[graph.DriveItem](ctx, c, url, zeros{}, uploadSize, graph.ChunkSize(chunk))
				if err != nil {
					b.Fatal(err)
				}
				if n, _ := item.Size.Get(); n != uploadSize {
					b.Fatalf("size %d", n)
				}
			}
			b.ReportMetric(float64(chunk), "fragment-B")
		})
	}
}

// handStatus is what the floor reads of a session's answers.
type handStatus struct {
	NextExpectedRanges []string `json:"nextExpectedRanges"`
}

type handItem struct {
	ID   string `json:"id"`
	Size int64  `json:"size"`
}

// handUpload is the floor: the same exchange written by hand with net/http
// and encoding/json (GET the status, PUT io.SectionReader fragments with
// Content-Range, read each answer), without retries or resuming.
func handUpload(ctx context.Context, hc *http.Client, url string, body io.ReaderAt, size, chunk int64) (*handItem, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	var st handStatus
	err = json.NewDecoder(resp.Body).Decode(&st)
	resp.Body.Close()
	if err != nil || len(st.NextExpectedRanges) == 0 {
		return nil, fmt.Errorf("status: %v", err)
	}
	off, err := strconv.ParseInt(strings.TrimSuffix(st.NextExpectedRanges[0], "-"), 10, 64)
	if err != nil {
		return nil, err
	}
	for {
		end := min(off+chunk, size)
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, url, io.NewSectionReader(body, off, end-off))
		if err != nil {
			return nil, err
		}
		req.ContentLength = end - off
		req.Header.Set("Content-Range", "bytes "+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(end-1, 10)+"/"+strconv.FormatInt(size, 10))
		resp, err := hc.Do(req)
		if err != nil {
			return nil, err
		}
		if end == size && (resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusCreated) {
			var item handItem
			err := json.NewDecoder(resp.Body).Decode(&item)
			resp.Body.Close()
			return &item, err
		}
		err = json.NewDecoder(resp.Body).Decode(&st)
		resp.Body.Close()
		if resp.StatusCode != http.StatusAccepted || err != nil || len(st.NextExpectedRanges) == 0 {
			return nil, errors.New(resp.Status)
		}
		if off, err = strconv.ParseInt(strings.TrimSuffix(st.NextExpectedRanges[0], "-"), 10, 64); err != nil {
			return nil, err
		}
	}
}

// BenchmarkUploadSessionByHand is the floor, in 10 MiB fragments.
func BenchmarkUploadSessionByHand(b *testing.B) {
	srv := uploadServer(b)
	hc := transport()
	ctx := context.Background()
	b.SetBytes(uploadSize)
	b.ReportAllocs()
	for b.Loop() {
		url := srv.URL + "/up/" + strconv.FormatInt(session.Add(1), 10) + "?tempauth=x"
		item, err := handUpload(ctx, hc, url, zeros{}, uploadSize, 10<<20)
		if err != nil {
			b.Fatal(err)
		}
		if item.Size != uploadSize {
			b.Fatalf("size %d", item.Size)
		}
	}
	b.ReportMetric(10<<20, "fragment-B")
}

// userServer answers GET /beta/users/{id} and POST /beta/$batch of such
// GETs with the same user bodies.
func userServer(tb testing.TB) *httptest.Server {
	user := func(id string) string {
		return `{"id":"` + id + `","displayName":"User ` + id + `","accountEnabled":true,"businessPhones":["+1 555 0100"]}`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header()["Content-Type"] = []string{"application/json"}
		if id, ok := strings.CutPrefix(r.URL.Path, "/beta/users/"); ok && r.Method == http.MethodGet {
			io.WriteString(w, user(id))
			return
		}
		if r.URL.Path != "/beta/$batch" || r.Method != http.MethodPost {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		var in struct {
			Requests []struct{ ID, Method, URL string }
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || len(in.Requests) > 20 {
			http.Error(w, "bad batch", http.StatusBadRequest)
			return
		}
		var out bytes.Buffer
		out.WriteString(`{"responses":[`)
		for i, q := range in.Requests {
			if i > 0 {
				out.WriteByte(',')
			}
			id, _ := strings.CutPrefix(q.URL, "/users/")
			out.WriteString(`{"id":"` + q.ID + `","status":200,"headers":{"Content-Type":"application/json"},"body":` + user(id) + `}`)
		}
		out.WriteString(`]}`)
		w.Write(out.Bytes())
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func usersClient(srv *httptest.Server) *graph.Client {
	return graph.NewClient(graph.WithBaseURL(srv.URL+"/beta"), graph.WithHTTPClient(transport()),
		graph.WithTokenProvider(func(context.Context) (string, error) { return "token", nil }))
}

func checkUsers(b *testing.B, users []*graph.User) {
	for i, u := range users {
		if id, _ := u.ID.Get(); id != "u"+strconv.Itoa(i) {
			b.Fatalf("user %d: %q", i, id)
		}
	}
}

// BenchmarkBatch20 gets 20 users as one $batch (graph.Batch); the next two
// get them with 20 single calls, one after another and all at once.
func BenchmarkBatch20(b *testing.B) {
	c := usersClient(userServer(b))
	ctx := context.Background()
	users := make([]*graph.User, 20)
	b.ReportAllocs()
	for b.Loop() {
		bt := c.Batch()
		for i := range users {
			bt.Go(func(c *graph.Client) (err error) {
				users[i], err = c.GetUser(ctx, "u"+strconv.Itoa(i))
				return err
			})
		}
		if err := bt.Run(ctx); err != nil {
			b.Fatal(err)
		}
		checkUsers(b, users)
	}
}

func BenchmarkSingleCalls20(b *testing.B) {
	c := usersClient(userServer(b))
	ctx := context.Background()
	users := make([]*graph.User, 20)
	b.ReportAllocs()
	for b.Loop() {
		for i := range users {
			var err error
			if users[i], err = c.GetUser(ctx, "u"+strconv.Itoa(i)); err != nil {
				b.Fatal(err)
			}
		}
		checkUsers(b, users)
	}
}

func BenchmarkSingleCalls20Concurrent(b *testing.B) {
	c := usersClient(userServer(b))
	ctx := context.Background()
	users := make([]*graph.User, 20)
	errs := make([]error, 20)
	b.ReportAllocs()
	for b.Loop() {
		var wg sync.WaitGroup
		for i := range users {
			wg.Go(func() { users[i], errs[i] = c.GetUser(ctx, "u"+strconv.Itoa(i)) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			b.Fatal(err)
		}
		checkUsers(b, users)
	}
}

// TestPatternBenchmarksAgree makes sure each benchmark does what its floor
// does: the same upload, the same 20 users.
func TestPatternBenchmarksAgree(t *testing.T) {
	srv := uploadServer(t)
	ctx := context.Background()
	item, err := graph.UploadLarge[graph.DriveItem](ctx, graph.NewClient(), srv.URL+"/up/agree-1", zeros{}, uploadSize)
	if err != nil {
		t.Fatal(err)
	}
	hand, err := handUpload(ctx, transport(), srv.URL+"/up/agree-2", zeros{}, uploadSize, 10<<20)
	if err != nil {
		t.Fatal(err)
	}
	if id, _ := item.ID.Get(); id != hand.ID || hand.Size != uploadSize {
		t.Errorf("upload: generated %q, by hand %+v", id, hand)
	}
	c := usersClient(userServer(t))
	bt := c.Batch()
	users := make([]*graph.User, 20)
	for i := range users {
		bt.Go(func(c *graph.Client) (err error) { users[i], err = c.GetUser(ctx, "u"+strconv.Itoa(i)); return })
	}
	if err := bt.Run(ctx); err != nil {
		t.Fatal(err)
	}
	for i, u := range users {
		single, err := c.GetUser(ctx, "u"+strconv.Itoa(i))
		if err != nil {
			t.Fatal(err)
		}
		a, _ := json.Marshal(u)
		s, _ := json.Marshal(single)
		if string(a) != string(s) {
			t.Errorf("user %d batched %s, single %s", i, a, s)
		}
	}
}
