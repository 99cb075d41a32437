package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/graphgen/graphgen/generated/graph"
)

const token = "wire-test-token"

// newClient returns a client of the generated package talking to srv as if
// it were https://graph.microsoft.com/beta.
func newClient(t *testing.T, srv *httptest.Server, opts ...graph.Option) *graph.Client {
	t.Helper()
	base := []graph.Option{
		graph.WithBaseURL(srv.URL + "/beta"),
		graph.WithHTTPClient(srv.Client()),
		graph.WithTokenProvider(func(context.Context) (string, error) { return token, nil }),
	}
	return graph.NewClient(append(base, opts...)...)
}

// serve starts a server whose handler failures are reported on t (a handler
// cannot call t.Fatal) and answered with 400, so the client sees them too.
func serve(t *testing.T, h func(w http.ResponseWriter, r *http.Request) error) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			t.Errorf("server: %s %s: %v", r.Method, r.URL, err)
			http.Error(w, err.Error(), http.StatusBadRequest)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func checkAuth(r *http.Request) error {
	if got := r.Header.Get("Authorization"); got != "Bearer "+token {
		return fmt.Errorf("Authorization = %q, want %q", got, "Bearer "+token)
	}
	return nil
}

// wireUser is what the test expects of one user after decoding.
type wireUser struct {
	ID, Name string
	Phones   []string
	Created  time.Time
}

func usersPage(users []wireUser, next string) string {
	var b strings.Builder
	b.WriteString(`{"@odata.context":"https://graph.microsoft.com/beta/$metadata#users","value":[`)
	for i, u := range users {
		if i > 0 {
			b.WriteByte(',')
		}
		phones, _ := json.Marshal(u.Phones)
		fmt.Fprintf(&b, `{"id":%q,"displayName":%q,"businessPhones":%s,"createdDateTime":%q,"accountEnabled":true}`,
			u.ID, u.Name, phones, u.Created.Format(time.RFC3339Nano))
	}
	b.WriteString(`]`)
	if next != "" {
		fmt.Fprintf(&b, `,"@odata.nextLink":%q`, next)
	}
	b.WriteString(`}`)
	return b.String()
}

// pagedUsers serves GET /beta/users in three pages linked by nextLink
// (absolute URLs with a $skiptoken, as Graph writes them) and counts the
// requests per page.
type pagedUsers struct {
	pages [3][]wireUser
	hits  [3]atomic.Int32
	srv   *httptest.Server
}

func newPagedUsers(t *testing.T) *pagedUsers {
	p := &pagedUsers{}
	n := 0
	for i := range p.pages {
		for range 3 + i { // 3, 4 and 5 users
			n++
			p.pages[i] = append(p.pages[i], wireUser{
				ID:      fmt.Sprintf("user-%02d", n),
				Name:    fmt.Sprintf("User Number %d", n),
				Phones:  []string{fmt.Sprintf("+1 555 01%02d", n), fmt.Sprintf("+1 555 02%02d", n)}[:1+n%2],
				Created: time.Date(2021, 7, 1+n, 8, 30, n, 100*(1234567+n), time.UTC),
			})
		}
	}
	p.srv = serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		if r.Method != http.MethodGet || r.URL.EscapedPath() != "/beta/users" {
			return fmt.Errorf("unexpected request")
		}
		page := 0
		switch tok := r.URL.Query().Get("$skiptoken"); tok {
		case "":
		case "page2":
			page = 1
		case "page3":
			page = 2
		default:
			return fmt.Errorf("unknown $skiptoken %q", tok)
		}
		p.hits[page].Add(1)
		next := ""
		if page < 2 {
			next = fmt.Sprintf("%s/beta/users?$skiptoken=page%d", p.srv.URL, page+2)
		}
		writeJSON(w, http.StatusOK, usersPage(p.pages[page], next))
		return nil
	})
	return p
}

func (p *pagedUsers) all() []wireUser {
	return slices.Concat(p.pages[:]...)
}

func (p *pagedUsers) hitCounts() [3]int32 {
	return [3]int32{p.hits[0].Load(), p.hits[1].Load(), p.hits[2].Load()}
}

func toWire(t *testing.T, u *graph.User) wireUser {
	t.Helper()
	id, _ := u.ID.Get()
	name, _ := u.DisplayName.Get()
	phones, _ := u.BusinessPhones.Get()
	created, ok := u.CreatedDateTime.Get()
	if !ok {
		t.Errorf("user %q: createdDateTime not decoded", id)
	}
	return wireUser{ID: id, Name: name, Phones: phones, Created: created}
}

func equalUsers(a, b wireUser) bool {
	return a.ID == b.ID && a.Name == b.Name && slices.Equal(a.Phones, b.Phones) && a.Created.Equal(b.Created)
}

// TestListUsersAllPages ranges over ListUsers: every user of the three
// pages arrives once, in order, with its fields (items kept from earlier
// pages are not overwritten by later ones), and each page is requested
// exactly once, only when the loop gets there.
func TestListUsersAllPages(t *testing.T) {
	p := newPagedUsers(t)
	c := newClient(t, p.srv)
	seq := c.ListUsers(context.Background())
	if h := p.hitCounts(); h != [3]int32{} {
		t.Fatalf("ListUsers requested pages %v before the loop started", h)
	}
	var got []*graph.User
	for u, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, u)
	}
	want := p.all()
	if len(got) != len(want) {
		t.Fatalf("got %d users, want %d", len(got), len(want))
	}
	for i := range want {
		if g := toWire(t, got[i]); !equalUsers(g, want[i]) {
			t.Errorf("user %d = %+v, want %+v", i, g, want[i])
		}
		if on, _ := got[i].AccountEnabled.Get(); !on {
			t.Errorf("user %d: accountEnabled not true", i)
		}
	}
	if h := p.hitCounts(); h != [3]int32{1, 1, 1} {
		t.Errorf("requests per page = %v, want [1 1 1]", h)
	}
}

// TestListUsersBreak stops after the first user: the server sees the first
// page only, during and after the loop.
func TestListUsersBreak(t *testing.T) {
	p := newPagedUsers(t)
	c := newClient(t, p.srv)
	var first []string
	for u, err := range c.ListUsers(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		id, _ := u.ID.Get()
		first = append(first, id)
		break
	}
	if want := []string{p.pages[0][0].ID}; !slices.Equal(first, want) {
		t.Errorf("items seen = %v, want %v", first, want)
	}
	time.Sleep(50 * time.Millisecond) // a request made in the background would show now
	if h := p.hitCounts(); h != [3]int32{1, 0, 0} {
		t.Errorf("requests per page after break = %v, want [1 0 0]", h)
	}
}

// TestListUsersPages walks the same three pages with ListUsersPage and
// Page.Next: three pages of 3, 4 and 5 users, then (nil, nil).
func TestListUsersPages(t *testing.T) {
	p := newPagedUsers(t)
	c := newClient(t, p.srv)
	ctx := context.Background()
	var sizes []int
	var ids []string
	pg, err := c.ListUsersPage(ctx)
	for ; pg != nil || err != nil; pg, err = pg.Next(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(pg.Items))
		for _, u := range pg.Items {
			id, _ := u.ID.Get()
			ids = append(ids, id)
		}
	}
	if !slices.Equal(sizes, []int{3, 4, 5}) {
		t.Errorf("page sizes = %v, want [3 4 5]", sizes)
	}
	var want []string
	for _, u := range p.all() {
		want = append(want, u.ID)
	}
	if !slices.Equal(ids, want) {
		t.Errorf("ids = %v, want %v", ids, want)
	}
}

// TestQueryOptionsOnTheWire sends Select, Filter, Top, Count and the
// ConsistencyLevel header to ListGroupMembers: the query string arrives
// exactly as Graph expects it (in the options' order, with the filter's
// quotes and spaces percent-encoded), on the first page and, as the
// nextLink carries it, on the second; the header goes with both pages.
func TestQueryOptionsOnTheWire(t *testing.T) {
	const wantQuery = "$select=id,displayName&$filter=startswith(displayName,%27Plant%20S%27)&$top=2&$count=true"
	var mu sync.Mutex
	var queries []string
	var srv *httptest.Server
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		if got, want := r.URL.EscapedPath(), "/beta/groups/g%201%2F2/members"; got != want {
			return fmt.Errorf("path %q, want %q", got, want)
		}
		if got := r.Header.Values("ConsistencyLevel"); !slices.Equal(got, []string{"eventual"}) {
			return fmt.Errorf("ConsistencyLevel = %q, want [eventual]", got)
		}
		mu.Lock()
		queries = append(queries, r.URL.RawQuery)
		mu.Unlock()
		if r.URL.Query().Get("$skiptoken") == "" {
			writeJSON(w, http.StatusOK, `{"@odata.count":3,"value":[`+
				`{"@odata.type":"#microsoft.graph.user","id":"u1","displayName":"Plant Supervisor"},`+
				`{"@odata.type":"#microsoft.graph.group","id":"g9","displayName":"Plant Safety"}],`+
				`"@odata.nextLink":"`+srv.URL+`/beta/groups/g%201%2F2/members?`+wantQuery+`&$skiptoken=X2"}`)
			return nil
		}
		writeJSON(w, http.StatusOK, `{"@odata.count":3,"value":[{"@odata.type":"#microsoft.graph.orgContact","id":"c1","displayName":"Plant Services Ltd"}]}`)
		return nil
	})
	c := newClient(t, srv)
	opts := []graph.RequestOption{
		graph.Select("id", "displayName"),
		graph.Filter("startswith(displayName,'Plant S')"),
		graph.Top(2),
		graph.Count(),
		graph.Header("ConsistencyLevel", "eventual"),
	}
	pg, err := c.ListGroupMembersPage(context.Background(), "g 1/2", opts...)
	if err != nil {
		t.Fatal(err)
	}
	if n, ok := pg.Count.Get(); !ok || n != 3 {
		t.Errorf("Page.Count = %d, %v; want 3, true", n, ok)
	}
	var ids []string
	for m, err := range c.ListGroupMembers(context.Background(), "g 1/2", opts...) {
		if err != nil {
			t.Fatal(err)
		}
		switch m := m.(type) {
		case *graph.User:
			id, _ := m.ID.Get()
			ids = append(ids, id)
		case *graph.Group:
			id, _ := m.ID.Get()
			ids = append(ids, id)
		case *graph.OrgContact:
			id, _ := m.ID.Get()
			ids = append(ids, id)
		default:
			t.Errorf("member of type %T", m)
		}
	}
	if !slices.Equal(ids, []string{"u1", "g9", "c1"}) {
		t.Errorf("member ids = %v", ids)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{wantQuery, wantQuery, wantQuery + "&$skiptoken=X2"}
	if !slices.Equal(queries, want) {
		t.Errorf("queries:\n got %q\nwant %q", queries, want)
	}
}

// fileBytes is content that no text handling would leave alone: NUL, CR
// LF, bytes that are not UTF-8, a BOM-like start.
var fileBytes = []byte("\xef\xbb\xbfline one\r\nline two\x00\xff\xfe tail\n")

// TestUploadBytes uploads with both upload endpoints: the body arrives byte
// for byte with the caller's Content-Type and its length, and the 201's
// driveItem comes back decoded (an Int64 size beyond 32 bits, dates, the
// nested parentReference).
func TestUploadBytes(t *testing.T) {
	const answer = `{
		"id": "01NEWFILE",
		"name": "notes.txt",
		"size": 5368709120,
		"createdDateTime": "2021-07-16T10:20:30.9876543Z",
		"lastModifiedDateTime": "2021-07-16T12:20:30+02:00",
		"parentReference": {"driveId": "b!drive", "id": "01PARENT", "path": "/drive/root:/Errands"},
		"webUrl": "https://files.example/notes.txt"
	}`
	var paths []string
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		if r.Method != http.MethodPut {
			return fmt.Errorf("method %s", r.Method)
		}
		if !bytes.Equal(body, fileBytes) {
			return fmt.Errorf("body %q, want %q", body, fileBytes)
		}
		if got := r.Header.Get("Content-Type"); got != "text/plain" {
			return fmt.Errorf("Content-Type %q, want text/plain", got)
		}
		if r.ContentLength != int64(len(fileBytes)) {
			return fmt.Errorf("Content-Length %d, want %d", r.ContentLength, len(fileBytes))
		}
		paths = append(paths, r.URL.EscapedPath())
		writeJSON(w, http.StatusCreated, answer)
		return nil
	})
	c := newClient(t, srv)
	ctx := context.Background()
	byPath, err := c.UploadMeDriveItemByPathContent(ctx, "01PARENT", "notes.txt", bytes.NewReader(fileBytes), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	byID, err := c.UploadMeDriveItemContent(ctx, "01NEWFILE", bytes.NewReader(fileBytes), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"/beta/me/drive/items/01PARENT:/notes.txt:/content", "/beta/me/drive/items/01NEWFILE/content"}; !slices.Equal(paths, want) {
		t.Errorf("paths = %q, want %q", paths, want)
	}
	for _, it := range []*graph.DriveItem{byPath, byID} {
		if it == nil {
			t.Fatal("nil driveItem")
		}
		id, _ := it.ID.Get()
		name, _ := it.Name.Get()
		size, _ := it.Size.Get()
		created, _ := it.CreatedDateTime.Get()
		modified, _ := it.LastModifiedDateTime.Get()
		parent, _ := it.ParentReference.Get()
		driveID, _ := parent.DriveID.Get()
		parentID, _ := parent.ID.Get()
		if id != "01NEWFILE" || name != "notes.txt" || size != 5368709120 || driveID != "b!drive" || parentID != "01PARENT" {
			t.Errorf("driveItem = id %q name %q size %d parent %q/%q", id, name, size, driveID, parentID)
		}
		if want := time.Date(2021, 7, 16, 10, 20, 30, 987654300, time.UTC); !created.Equal(want) {
			t.Errorf("createdDateTime = %v, want %v", created, want)
		}
		if want := time.Date(2021, 7, 16, 10, 20, 30, 0, time.UTC); !modified.Equal(want) {
			t.Errorf("lastModifiedDateTime = %v, want %v", modified, want)
		}
	}
}

// TestDownloadThroughRedirect downloads through Graph's 302 to a second
// server (another origin, as a storage host is): the bytes arrive intact,
// the first server got the token, the second did not.
func TestDownloadThroughRedirect(t *testing.T) {
	content := bytes.Repeat(fileBytes, 4096) // 150 KB or so
	var storageAuth []string
	var storageHits atomic.Int32
	storage := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		storageHits.Add(1)
		storageAuth = r.Header.Values("Authorization")
		if r.URL.Path != "/dl/8c1e55a0" || r.URL.Query().Get("sig") != "q7Zr2" {
			return fmt.Errorf("unexpected storage request")
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(content)))
		w.Write(content)
		return nil
	})
	var graphAuth string
	api := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		graphAuth = r.Header.Get("Authorization")
		if r.Method != http.MethodGet || r.URL.EscapedPath() != "/beta/me/drive/items/01FILE/content" {
			return fmt.Errorf("unexpected request")
		}
		w.Header().Set("Location", storage.URL+"/dl/8c1e55a0?sig=q7Zr2")
		w.WriteHeader(http.StatusFound)
		return nil
	})
	c := newClient(t, api)
	d, err := c.DownloadMeDriveItemContent(context.Background(), "01FILE")
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(d.Body)
	d.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, content) {
		t.Errorf("downloaded %d bytes, want the %d bytes served (equal: false)", len(got), len(content))
	}
	if d.ContentType != "application/octet-stream" || d.ContentLength != int64(len(content)) {
		t.Errorf("Download.ContentType %q, ContentLength %d; want application/octet-stream, %d", d.ContentType, d.ContentLength, len(content))
	}
	if graphAuth != "Bearer "+token {
		t.Errorf("Graph got Authorization %q, want the token", graphAuth)
	}
	if storageHits.Load() != 1 {
		t.Errorf("storage host got %d requests, want 1", storageHits.Load())
	}
	if len(storageAuth) != 0 {
		t.Errorf("storage host got Authorization %q, want none", storageAuth)
	}
}

// TestItemPathEscaping downloads by path: each folder of the item path is
// escaped as one segment and the '/' between folders kept.
func TestItemPathEscaping(t *testing.T) {
	for _, tc := range []struct{ itemPath, want string }{
		{"folder a/file #1.txt", "/beta/me/drive/root:/folder%20a/file%20%231.txt:/content"},
		{"/100% sure?/x+y&z.txt", "/beta/me/drive/root:/100%25%20sure%3F/x%2By%26z.txt:/content"},
		{"Ünïcode/..", "/beta/me/drive/root:/%C3%9Cn%C3%AFcode/%2E%2E:/content"},
	} {
		var got string
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
			got = r.URL.EscapedPath()
			if r.URL.RawQuery != "" {
				return fmt.Errorf("query %q leaked from the path", r.URL.RawQuery)
			}
			io.WriteString(w, "x")
			return nil
		})
		d, err := newClient(t, srv).DownloadMeDriveRootByPathContent(context.Background(), tc.itemPath)
		if err != nil {
			t.Errorf("%q: %v", tc.itemPath, err)
			continue
		}
		d.Body.Close()
		if got != tc.want {
			t.Errorf("item path %q arrived as\n %s\nwant\n %s", tc.itemPath, got, tc.want)
		}
	}
}

// TestCopyAccepted: the copy's JSON body goes out as the caller built it,
// and the 202's Location, Operation-Location and Retry-After come back in
// *Accepted.
func TestCopyAccepted(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		if err := checkAuth(r); err != nil {
			return err
		}
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.EscapedPath() != "/beta/me/drive/items/01FILE/copy" {
			return fmt.Errorf("unexpected request")
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			return fmt.Errorf("Content-Type %q", ct)
		}
		if want := `{"parentReference":{"driveId":"b!drive","id":"01ARCHIVE"},"name":"notes (2021).txt"}`; string(body) != want {
			return fmt.Errorf("body %s, want %s", body, want)
		}
		h := w.Header()
		h.Set("Location", "https://files.example/monitor/6d0c")
		h.Set("Operation-Location", "https://files.example/operations/6d0c?api=2")
		h.Set("Retry-After", "7")
		w.WriteHeader(http.StatusAccepted)
		return nil
	})
	c := newClient(t, srv)
	a, err := c.CallMeDriveItemCopy(context.Background(), "01FILE", &graph.CallMeDriveItemCopyRequest{
		ParentReference: graph.Value(&graph.ItemReference{DriveID: graph.Value("b!drive"), ID: graph.Value("01ARCHIVE")}),
		Name:            graph.Value("notes (2021).txt"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := graph.Accepted{
		StatusCode:        http.StatusAccepted,
		Location:          "https://files.example/monitor/6d0c",
		OperationLocation: "https://files.example/operations/6d0c?api=2",
		RetryAfter:        7 * time.Second,
	}
	if *a != want {
		t.Errorf("Accepted = %+v, want %+v", *a, want)
	}
}

// TestGroupMembersPolymorphic decodes each member by its @odata.type: with
// or without '#', in any case; none gives the base type; an unknown type is
// kept byte for byte.
func TestGroupMembersPolymorphic(t *testing.T) {
	const device = `{"@odata.type":"#microsoft.graph.device","id":"d1","operatingSystem":"Linux"}`
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusOK, `{"value":[
			{"@odata.type":"#microsoft.graph.orgContact","id":"c1","displayName":"Pablo Herrera","companyName":"Herrera Supplies"},
			{"@odata.type":"microsoft.graph.orgcontact","id":"c2","surname":"Lindqvist","mail":"kai@supplier.example"},
			{"@odata.type":"#microsoft.graph.user","id":"u1","userPrincipalName":"priya@tailspin.example","businessPhones":["+44 1"]},
			{"@odata.type":"#microsoft.graph.group","id":"g1","groupTypes":["Unified"],"securityEnabled":false},
			{"id":"o1","deletedDateTime":"2021-01-02T03:04:05Z"},
			`+device+`
		]}`)
		return nil
	})
	var got []graph.DirectoryObjectVariant
	for m, err := range newClient(t, srv).ListGroupMembers(context.Background(), "g0") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if len(got) != 6 {
		t.Fatalf("got %d members, want 6", len(got))
	}
	for i, wantCo := range []struct{ id, company, surname, mail string }{
		{"c1", "Herrera Supplies", "", ""},
		{"c2", "", "Lindqvist", "kai@supplier.example"},
	} {
		oc, ok := got[i].(*graph.OrgContact)
		if !ok {
			t.Errorf("member %d is %T, want *graph.OrgContact", i, got[i])
			continue
		}
		id, _ := oc.ID.Get()
		co, _ := oc.CompanyName.Get()
		sn, _ := oc.Surname.Get()
		mail, _ := oc.Mail.Get()
		if id != wantCo.id || co != wantCo.company || sn != wantCo.surname || mail != wantCo.mail {
			t.Errorf("member %d = id %q company %q surname %q mail %q, want %+v", i, id, co, sn, mail, wantCo)
		}
	}
	if u, ok := got[2].(*graph.User); !ok {
		t.Errorf("member 2 is %T, want *graph.User", got[2])
	} else if upn, _ := u.UserPrincipalName.Get(); upn != "priya@tailspin.example" {
		t.Errorf("user upn %q", upn)
	}
	if g, ok := got[3].(*graph.Group); !ok {
		t.Errorf("member 3 is %T, want *graph.Group", got[3])
	} else if gt, _ := g.GroupTypes.Get(); !slices.Equal(gt, []string{"Unified"}) {
		t.Errorf("group types %q", gt)
	} else if sec, set := g.SecurityEnabled.Get(); sec || !set {
		t.Errorf("securityEnabled = %v (set %v), want false (set)", sec, set)
	}
	if o, ok := got[4].(*graph.DirectoryObject); !ok {
		t.Errorf("member 4 is %T, want *graph.DirectoryObject", got[4])
	} else if id, _ := o.ID.Get(); id != "o1" {
		t.Errorf("directoryObject id %q", id)
	}
	if u, ok := got[5].(*graph.UnknownDirectoryObject); !ok {
		t.Errorf("member 5 is %T, want *graph.UnknownDirectoryObject", got[5])
	} else if string(u.Raw) != device || u.ODataType != "microsoft.graph.device" {
		t.Errorf("unknown member kept as %q (type %q), want %q", u.Raw, u.ODataType, device)
	}
}

// TestGroupMembersWithoutTypeSwitch reads the directoryObject fields (id,
// deletedDateTime) of every member of a group through the family's
// interface: contacts, a user, a group, a plain directoryObject and a
// member of a type the package does not know.
func TestGroupMembersWithoutTypeSwitch(t *testing.T) {
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		writeJSON(w, http.StatusOK, `{"value":[
			{"@odata.type":"#microsoft.graph.orgContact","id":"c1","displayName":"Pablo Herrera"},
			{"@odata.type":"#microsoft.graph.user","id":"u1","userPrincipalName":"priya@tailspin.example"},
			{"@odata.type":"#microsoft.graph.group","id":"g1","deletedDateTime":"2021-01-02T03:04:05Z"},
			{"id":"o1"},
			{"@odata.type":"#microsoft.graph.device","id":"d1","operatingSystem":"Linux"}
		]}`)
		return nil
	})
	var ids []string
	var deleted []string
	for m, err := range newClient(t, srv).ListGroupMembers(context.Background(), "g0") {
		if err != nil {
			t.Fatal(err)
		}
		o := m.DirectoryObject()
		id, _ := o.ID.Get()
		ids = append(ids, id)
		if at, ok := o.DeletedDateTime.Get(); ok {
			deleted = append(deleted, id+"@"+at.Format(time.RFC3339))
		}
	}
	if want := []string{"c1", "u1", "g1", "o1", "d1"}; !slices.Equal(ids, want) {
		t.Errorf("member ids %q, want %q", ids, want)
	}
	if want := []string{"g1@2021-01-02T03:04:05Z"}; !slices.Equal(deleted, want) {
		t.Errorf("deleted members %q, want %q", deleted, want)
	}
}

// TestAddGroupMember: CallGroupMembersRef sends the reference it takes as
// Graph's body, {"@odata.id": ref} and nothing else, as JSON, to the
// group's members/$ref; an empty ref is an error before any request.
func TestAddGroupMember(t *testing.T) {
	var hits atomic.Int32
	const ref = "https://graph.microsoft.com/v1.0/directoryObjects/x"
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		hits.Add(1)
		if err := checkAuth(r); err != nil {
			return err
		}
		if r.Method != http.MethodPost || r.URL.EscapedPath() != "/beta/groups/g%201/members/$ref" {
			return fmt.Errorf("unexpected request")
		}
		if ct := r.Header.Get("Content-Type"); ct != "application/json" {
			return fmt.Errorf("Content-Type %q", ct)
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		if string(body) != `{"@odata.id":"`+ref+`"}` {
			return fmt.Errorf("body %s", body)
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	})
	c := newClient(t, srv)
	if err := c.CallGroupMembersRef(context.Background(), "g 1", ref); err != nil {
		t.Fatal(err)
	}
	if err := c.CallGroupMembersRef(context.Background(), "g 1", ""); err == nil || !strings.Contains(err.Error(), "CallGroupMembersRef: ref is empty") {
		t.Errorf("empty ref: %v", err)
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestDateTimeOffsetPrecision: Graph's 7 fractional digits (100 ns) decode
// into time.Time without loss, from UTC and from an offset, and re-encode
// as the same instant.
func TestDateTimeOffsetPrecision(t *testing.T) {
	want := time.Date(2020, 11, 3, 8, 15, 42, 123456700, time.UTC)
	for _, wire := range []string{"2020-11-03T08:15:42.1234567Z", "2020-11-03T10:15:42.1234567+02:00"} {
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
			if r.URL.EscapedPath() != "/beta/me" {
				return fmt.Errorf("unexpected request")
			}
			writeJSON(w, http.StatusOK, `{"id":"me-1","createdDateTime":"`+wire+`"}`)
			return nil
		})
		u, err := newClient(t, srv).GetMe(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got, ok := u.CreatedDateTime.Get()
		if !ok || !got.Equal(want) {
			t.Errorf("%s decoded as %v (set %v), want %v", wire, got, ok, want)
		}
		// Re-encode: through the Nullable inside a caller's struct with
		// graph.Marshal (createdDateTime is read-only, so the model itself
		// never sends it), then decode that again with graph.Unmarshal.
		type holder struct {
			T graph.Nullable[time.Time] `json:"t"`
		}
		out, err := graph.Marshal(&holder{T: u.CreatedDateTime})
		if err != nil {
			t.Fatal(err)
		}
		var back holder
		if err := graph.Unmarshal(out, &back); err != nil {
			t.Fatalf("%s: %v", out, err)
		}
		var raw struct{ T string }
		json.Unmarshal(out, &raw)
		parsed, err := time.Parse(time.RFC3339Nano, raw.T)
		if err != nil || !parsed.Equal(want) {
			t.Errorf("%s re-encoded as %s: %v (parse error %v), want the instant %v", wire, out, parsed, err, want)
		}
		if bt, _ := back.T.Get(); !bt.Equal(want) {
			t.Errorf("%s: round trip gives %v, want %v", wire, bt, want)
		}
		// The model itself leaves the read-only property out.
		if b, _ := json.Marshal(u); strings.Contains(string(b), "createdDateTime") {
			t.Errorf("user re-encoded with its read-only createdDateTime: %s", b)
		}
	}
}

// TestRetry429 answers 429 three times (Retry-After 2, 0, then an hour),
// then 200: the call succeeds with the fourth answer after waiting as
// Retry-After says, capped at WithRetry's maxDelay (on a fake clock: the
// waits are recorded, no time passes), the token is sent every time; a
// fourth 429 in a row is returned as *graph.Error.
func TestRetry429(t *testing.T) {
	for _, tc := range []struct {
		tooMany int
		wantErr bool
	}{{3, false}, {4, true}} {
		var hits atomic.Int32
		srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
			if err := checkAuth(r); err != nil {
				return err
			}
			if n := hits.Add(1); int(n) <= tc.tooMany {
				w.Header().Set("Retry-After", []string{"2", "0", "3600", "1"}[n-1])
				writeJSON(w, http.StatusTooManyRequests, `{"error":{"code":"TooManyRequests","message":"slow down"}}`)
				return nil
			}
			writeJSON(w, http.StatusOK, `{"id":"u-42","displayName":"Patient User"}`)
			return nil
		})
		clk := newFakeClock()
		u, err := newClient(t, srv, graph.WithClock(clk), graph.WithRetry(3, time.Minute)).GetUser(context.Background(), "u-42")
		if w := clk.Waits(); !slices.Equal(w, []time.Duration{2 * time.Second, 0, time.Minute}) {
			t.Errorf("%d x 429: waits %v, want [2s 0s 1m]", tc.tooMany, w)
		}
		if tc.wantErr {
			var gerr *graph.Error
			if !errors.As(err, &gerr) || gerr.StatusCode != http.StatusTooManyRequests || gerr.Code != "TooManyRequests" {
				t.Errorf("%d x 429: err = %v, want *graph.Error 429 TooManyRequests", tc.tooMany, err)
			}
			if n := hits.Load(); n != 4 {
				t.Errorf("%d x 429: %d requests, want 4 (1 + 3 retries)", tc.tooMany, n)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%d x 429: %v", tc.tooMany, err)
		}
		if name, _ := u.DisplayName.Get(); name != "Patient User" {
			t.Errorf("displayName %q", name)
		}
		if n := hits.Load(); n != 4 {
			t.Errorf("%d requests, want 4", n)
		}
	}
}

// TestRetry429Upload: a 429 on an upload of a replayable reader sends the
// same bytes again.
func TestRetry429Upload(t *testing.T) {
	var bodies [][]byte
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) error {
		b, _ := io.ReadAll(r.Body)
		bodies = append(bodies, b)
		if len(bodies) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			return nil
		}
		writeJSON(w, http.StatusCreated, `{"id":"01X","size":42}`)
		return nil
	})
	it, err := newClient(t, srv).UploadMeDriveItemContent(context.Background(), "01X", bytes.NewReader(fileBytes), "text/plain")
	if err != nil {
		t.Fatal(err)
	}
	if size, _ := it.Size.Get(); size != 42 {
		t.Errorf("size %d", size)
	}
	if len(bodies) != 2 || !bytes.Equal(bodies[0], fileBytes) || !bytes.Equal(bodies[1], fileBytes) {
		t.Errorf("bodies sent = %q, want the file twice", bodies)
	}
}
