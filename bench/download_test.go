package bench

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
)

// Downloading a file's content with the generated client the way Graph
// serves it: GET /me/drive/items/{id}/content answered by 302 to a storage
// host (a second server) that streams the bytes. The client streams them
// too, so B/op stays the same whatever the size:
//
//	go test ./bench -run '^$' -bench 'Download' -benchmem -count 5

// contentServers returns the Graph server, whose /content redirects to the
// storage server, which writes size bytes from one 64 KiB chunk.
func contentServers(tb testing.TB, size int64) *httptest.Server {
	chunk := make([]byte, 64<<10)
	for i := range chunk {
		chunk[i] = byte(i * 31)
	}
	storage := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h["Content-Type"] = []string{"application/octet-stream"}
		h["Content-Length"] = []string{strconv.FormatInt(size, 10)}
		for left := size; left > 0; {
			n := min(left, int64(len(chunk)))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			left -= n
		}
	}))
	tb.Cleanup(storage.Close)
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/beta/me/drive/items/01FILE/content" {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		w.Header()["Location"] = []string{storage.URL + "/dl/blob?sig=x"}
		w.WriteHeader(http.StatusFound)
	}))
	tb.Cleanup(api.Close)
	return api
}

func benchmarkDownload(b *testing.B, size int64) {
	c := newGraphClient(contentServers(b, size))
	ctx := context.Background()
	buf := make([]byte, 32<<10)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		d, err := c.DownloadMeDriveItemContent(ctx, "01FILE")
		if err != nil {
			b.Fatal(err)
		}
		// io.Discard's ReadFrom would take its own pooled buffer; the
		// caller's buffer keeps the measure to what the client costs.
		n, err := io.CopyBuffer(struct{ io.Writer }{io.Discard}, d.Body, buf)
		d.Body.Close()
		if err != nil || n != size {
			b.Fatalf("read %d bytes of %d: %v", n, size, err)
		}
	}
}

func BenchmarkDownload1MiB(b *testing.B)  { benchmarkDownload(b, 1<<20) }
func BenchmarkDownload64MiB(b *testing.B) { benchmarkDownload(b, 64<<20) }
