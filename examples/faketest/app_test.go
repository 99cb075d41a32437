package faketest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/graphgen/graphgen/examples/faketest"
	"github.com/graphgen/graphgen/generated/graph"
	"github.com/graphgen/graphgen/generated/graph/graphtest"
)

var ctx = context.Background()

func TestAssignToGroup(t *testing.T) {
	srv := graphtest.NewServer(t)
	srv.HandleUpdateDeviceManagementDeviceConfigurationAssignment(func(r *graphtest.Request[*graph.DeviceConfigurationAssignment]) (*graph.DeviceConfigurationAssignment, error) {
		target, _ := r.Body.Target.Get()
		g, ok := target.(*graph.GroupAssignmentTarget)
		if !ok {
			return nil, &graph.Error{StatusCode: 400, Code: "BadRequest", Message: fmt.Sprintf("target %T", target)}
		}
		return &graph.DeviceConfigurationAssignment{
			ID:     graph.Value(r.Params["deviceConfigurationAssignmentID"]),
			Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](g),
		}, nil
	})
	app := &faketest.App{Graph: srv.Client()}
	id, err := app.AssignToGroup(ctx, "config 1", "assignment/7", "group-42")
	if err != nil {
		t.Fatal(err)
	}
	if id != "assignment/7" {
		t.Errorf("assignment id %q, want assignment/7", id)
	}
	calls := srv.CallsOf("UpdateDeviceManagementDeviceConfigurationAssignment")
	if len(calls) != 1 {
		t.Fatalf("%d calls, want 1", len(calls))
	}
	c := calls[0]
	if c.Method != "PATCH" || c.Params["deviceConfigurationID"] != "config 1" || c.Status != 200 {
		t.Errorf("call %s %v, status %d", c.Method, c.Params, c.Status)
	}
	body := c.Body.(*graph.DeviceConfigurationAssignment)
	target, _ := body.Target.Get()
	if g, _ := target.(*graph.GroupAssignmentTarget); g == nil || !is(g.GroupID, "group-42") {
		t.Errorf("sent target %#v", target)
	}
}

func TestEnabledUsersAcrossPages(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.WithPageSize(3))
	var users []*graph.User
	var want []string
	for i := range 8 {
		name := fmt.Sprintf("User %d", i)
		enabled := i%4 != 3
		users = append(users, &graph.User{ID: graph.Value(fmt.Sprint(i)), DisplayName: graph.Value(name), AccountEnabled: graph.Value(enabled), Mail: graph.Value(name + "@example.com")})
		if enabled {
			want = append(want, name)
		}
	}
	srv.HandleListUsers(func(r *graphtest.Request[graphtest.NoBody]) ([]*graph.User, error) { return users, nil })
	app := &faketest.App{Graph: srv.Client()}
	got, err := app.EnabledUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("enabled users %q, want %q", got, want)
	}
	var pages []int
	for _, c := range srv.CallsOf("ListUsers") {
		pages = append(pages, c.Page)
		if c.Query.Get("$select") != "displayName,accountEnabled" {
			t.Errorf("page %d asked $select=%q", c.Page, c.Query.Get("$select"))
		}
	}
	if !slices.Equal(pages, []int{0, 1, 2}) {
		t.Errorf("pages requested %v, want 3 pages of 3", pages)
	}

	// Without a handler: the documentation's example users.
	srv.HandleListUsers(nil)
	got, err = app.EnabledUsers(ctx)
	if err != nil || !slices.Equal(got, []string{"Ines Okafor", "Tomas Varga"}) {
		t.Errorf("the example's enabled users: %q, %v", got, err)
	}
}

func TestUploadReport(t *testing.T) {
	srv := graphtest.NewServer(t)
	srv.HandleUploadMeDriveItemByPathContent(func(r *graphtest.Request[graphtest.Upload]) (*graph.DriveItem, error) {
		if r.Body.ContentType != "text/csv" {
			return nil, &graph.Error{StatusCode: 415, Code: "unsupportedMediaType", Message: r.Body.ContentType}
		}
		return &graph.DriveItem{ID: graph.Value("item-1"), Name: graph.Value(r.Params["filename"]), Size: graph.Value(int64(len(r.Body.Data)))}, nil
	})
	app := &faketest.App{Graph: srv.Client()}
	report := "month,total\n2024-01,12\n"
	size, err := app.UploadReport(ctx, "folder-9", "reports/2024 Q1.csv", strings.NewReader(report))
	if err != nil {
		t.Fatal(err)
	}
	if size != int64(len(report)) {
		t.Errorf("size %d, want %d", size, len(report))
	}
	c := srv.CallsOf("UploadMeDriveItemByPathContent")[0]
	up := c.Body.(graphtest.Upload)
	if c.Params["parentID"] != "folder-9" || c.Params["filename"] != "reports/2024 Q1.csv" || string(up.Data) != report || c.Status != 201 {
		t.Errorf("upload call %v %q status %d", c.Params, up.Data, c.Status)
	}
}

func TestThrottledOnce(t *testing.T) {
	srv := graphtest.NewServer(t)
	srv.Fault("GetMe", 1, graphtest.Throttle(5*time.Second))
	app := &faketest.App{Graph: srv.Client()}
	name, err := app.Whoami(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if name == "" {
		t.Errorf("no display name from the example")
	}
	// The client waited as Retry-After said, on the server's clock: no
	// time passed.
	if w := srv.Waits(); !slices.Equal(w, []time.Duration{5 * time.Second}) {
		t.Errorf("waits %v, want [5s]", w)
	}
	var statuses []int
	for _, c := range srv.CallsOf("GetMe") {
		statuses = append(statuses, c.Status)
	}
	if !slices.Equal(statuses, []int{429, 200}) {
		t.Errorf("statuses %v, want a 429 then a 200", statuses)
	}

	// A client that does not retry sees the 429 itself.
	srv.Fault("GetMe", 1, graphtest.Throttle(5*time.Second))
	app = &faketest.App{Graph: srv.Client(graph.WithRetry(0, 0))}
	_, err = app.Whoami(ctx)
	var gerr *graph.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != 429 || gerr.Code != "TooManyRequests" {
		t.Errorf("without retries: %v", err)
	}
}

func TestDeniedWithoutScope(t *testing.T) {
	srv := graphtest.NewServer(t)
	// User.Read lets the app read the signed-in user, not list users.
	token := graphtest.TokenProvider(graphtest.Token("User.Read"))
	app := &faketest.App{Graph: srv.Client(graph.WithTokenProvider(token))}
	if _, err := app.Whoami(ctx); err != nil {
		t.Errorf("GetMe with User.Read: %v", err)
	}
	_, err := app.EnabledUsers(ctx)
	var gerr *graph.Error
	if !errors.As(err, &gerr) {
		t.Fatalf("listing users with User.Read: %v, want a *graph.Error", err)
	}
	if gerr.StatusCode != 403 || gerr.Code != "Authorization_RequestDenied" || !strings.Contains(gerr.Message, "User.ReadBasic.All") {
		t.Errorf("denied: %d %s %q", gerr.StatusCode, gerr.Code, gerr.Message)
	}
	// With one of ListUsers' scopes it works.
	app = &faketest.App{Graph: srv.Client(graph.WithTokenProvider(graphtest.TokenProvider(graphtest.Token(graph.ListUsersPermissions.DelegatedWork[0]))))}
	if _, err := app.EnabledUsers(ctx); err != nil {
		t.Errorf("with %s: %v", graph.ListUsersPermissions.DelegatedWork[0], err)
	}
}

// video is 7 MiB of made-up bytes.
func video() []byte {
	b := make([]byte, 7<<20)
	for i := range b {
		b[i] = byte(i ^ i>>9)
	}
	return b
}

const chunk = 16 * 320 << 10 // the app's fragments: 5 MiB

// A 7 MiB upload through an upload session survives a 503 and a dropped
// connection: the client asks the session where to go on each time, waits
// on the fake's clock, and never sends the token to the upload host (the
// fake answers 401 to a request that does).
func TestUploadVideo(t *testing.T) {
	srv := graphtest.NewServer(t)
	app := &faketest.App{Graph: srv.Client(graph.WithTokenProvider(graphtest.TokenProvider(graphtest.Token("Files.ReadWrite"))))}
	data := video()
	uploadURL, err := app.StartUpload(ctx, "folder-7", "walkthrough.mp4", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	srv.FaultAt(graphtest.UploadFragment, 1, graphtest.Unavailable(2*time.Second))
	srv.FaultAt(graphtest.UploadFragment, 3, graphtest.Dropped())
	item, err := app.Upload(ctx, uploadURL, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	if !is(item.Name, "walkthrough.mp4") || !is(item.Size, int64(len(data))) {
		t.Errorf("item %+v", item)
	}
	up := srv.Uploads()
	if len(up) != 1 || !bytes.Equal(up[0].Data, data) || up[0].Params["parentID"] != "folder-7" {
		t.Fatalf("the fake received %d files", len(up))
	}
	body := up[0].Body.(*graph.CallMeDriveItemByPathCreateUploadSessionRequest)
	if props, _ := body.Item.Get(); props == nil || !is(props.FileSize, int64(len(data))) {
		t.Errorf("createUploadSession body %+v", body)
	}
	var starts []int64
	var statuses []int
	for _, c := range srv.CallsOf(graphtest.UploadFragment) {
		starts = append(starts, c.Body.(graphtest.Fragment).Start)
		statuses = append(statuses, c.Status)
		if c.Header.Get("Authorization") != "" {
			t.Errorf("a fragment carried the token")
		}
	}
	if !slices.Equal(starts, []int64{0, 0, chunk, chunk}) || !slices.Equal(statuses, []int{503, 202, 0, 201}) {
		t.Errorf("fragments from %v answered %v", starts, statuses)
	}
	if w := srv.Waits(); len(w) != 2 || w[0] != 2*time.Second {
		t.Errorf("waits %v, want Retry-After's 2s then a backoff", w)
	}
}

// A second Upload with the same URL, after the first one failed, starts
// where the session stands.
func TestResumeUpload(t *testing.T) {
	srv := graphtest.NewServer(t)
	app := &faketest.App{Graph: srv.Client()}
	data := video()
	uploadURL, err := app.StartUpload(ctx, "folder-7", "walkthrough.mp4", int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	srv.FaultAt(graphtest.UploadFragment, 2, graphtest.Fault{Status: http.StatusLocked})
	if _, err := app.Upload(ctx, uploadURL, bytes.NewReader(data), int64(len(data))); err == nil {
		t.Fatal("the first upload did not fail")
	}
	item, err := app.Upload(ctx, uploadURL, bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	calls := srv.CallsOf(graphtest.UploadFragment)
	if last := calls[len(calls)-1].Body.(graphtest.Fragment); len(calls) != 3 || last.Start != chunk || !is(item.Size, int64(len(data))) {
		t.Errorf("%d fragments, the resumed one from %d; want 3, from %d", len(calls), last.Start, chunk)
	}
}

// A copy watched to completed: the monitor says inProgress twice, then
// completed with the copy's id.
func TestCopyAndWait(t *testing.T) {
	srv := graphtest.NewServer(t)
	app := &faketest.App{Graph: srv.Client(graph.WithTokenProvider(graphtest.TokenProvider(graphtest.Token("Files.ReadWrite"))))}
	srv.ScriptMonitor("CallMeDriveItemCopy", graphtest.InProgress(30), graphtest.InProgress(80), graphtest.Completed("01COPY0000"))
	id, err := app.CopyAndWait(ctx, "01NOTESTXT", "notes (copy).txt")
	if err != nil {
		t.Fatal(err)
	}
	if id != "01COPY0000" {
		t.Errorf("copy id %q", id)
	}
	if n := len(srv.CallsOf(graphtest.MonitorPoll)); n != 3 {
		t.Errorf("%d polls, want 3", n)
	}
	if n := len(srv.Waits()); n != 2 {
		t.Errorf("%d waits between polls, want 2 (on the fake's clock)", n)
	}
	srv.ScriptMonitor("CallMeDriveItemCopy", graphtest.Failed("nameAlreadyExists", "an item of that name exists"))
	_, err = app.CopyAndWait(ctx, "01NOTESTXT", "notes.txt")
	var gerr *graph.Error
	if !errors.As(err, &gerr) || gerr.Code != "nameAlreadyExists" {
		t.Errorf("a failed copy: %v", err)
	}
}

// 25 profiles in JSON batches (20, then 5); the 7th request is throttled
// inside its batch and retried after its Retry-After.
func TestProfilesBatched(t *testing.T) {
	srv := graphtest.NewServer(t)
	srv.HandleGetUser(func(r *graphtest.Request[graphtest.NoBody]) (*graph.User, error) {
		return &graph.User{ID: graph.Value(r.Params["id"]), DisplayName: graph.Value("User " + r.Params["id"])}, nil
	})
	srv.FaultAt("GetUser", 7, graphtest.Throttle(3*time.Second))
	app := &faketest.App{Graph: srv.Client()}
	var ids []string
	for i := range 25 {
		ids = append(ids, fmt.Sprint(i))
	}
	users, err := app.Profiles(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	for i, u := range users {
		if !is(u.DisplayName, "User "+ids[i]) {
			t.Errorf("profile %d: %+v", i, u)
		}
	}
	var sizes []int
	for _, c := range srv.CallsOf(graphtest.BatchRequest) {
		var b struct{ Requests []json.RawMessage }
		json.Unmarshal(c.RawBody, &b)
		sizes = append(sizes, len(b.Requests))
	}
	if !slices.Equal(sizes, []int{20, 5, 1}) {
		t.Errorf("batches of %v, want 20 and 5, then the throttled one", sizes)
	}
	if w := srv.Waits(); !slices.Equal(w, []time.Duration{3 * time.Second}) {
		t.Errorf("waits %v", w)
	}
	if q := srv.CallsOf("GetUser")[0].Query.Get("$select"); q != "id,displayName" {
		t.Errorf("a batched call's $select %q", q)
	}
}

// Tracking users: the first round returns everyone and a deltaLink; the
// link returns what changed since.
func TestSyncUsers(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.WithPageSize(1))
	app := &faketest.App{Graph: srv.Client()}
	changed, removed, link, err := app.SyncUsers(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"Ines Okafor", "Tomas Varga"}) || removed != nil || link == "" {
		t.Fatalf("first round: %q %q %q", changed, removed, link)
	}
	srv.DeltaChanges("ListUsersDelta",
		&graph.User{ID: graph.Value("7a2e9c41-3f6d-4b08-a1c2-5d7e8f9a0b1c"), DisplayName: graph.Value("Tomas Varga-Kiss")},
		graphtest.Removed("4d1f3c2a-9b8e-47a1-b6c5-0e2f1a3b4c5d"))
	changed, removed, next, err := app.SyncUsers(ctx, link)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"Tomas Varga-Kiss"}) || !slices.Equal(removed, []string{"4d1f3c2a-9b8e-47a1-b6c5-0e2f1a3b4c5d"}) || next == "" || next == link {
		t.Errorf("second round: %q %q %q", changed, removed, next)
	}
	if changed, removed, _, err := app.SyncUsers(ctx, next); err != nil || changed != nil || removed != nil {
		t.Errorf("third round, nothing changed: %q %q %v", changed, removed, err)
	}
}

// $filter: the fake evaluates the equality the app sends (a quote in the
// name doubled), and refuses what it cannot evaluate.
func TestUsersNamed(t *testing.T) {
	srv := graphtest.NewServer(t)
	srv.HandleListUsers(func(r *graphtest.Request[graphtest.NoBody]) ([]*graph.User, error) {
		return []*graph.User{
			{ID: graph.Value("1"), DisplayName: graph.Value("Ada O'Neil")},
			{ID: graph.Value("2"), DisplayName: graph.Value("Ada Lovelace")},
			{ID: graph.Value("3"), DisplayName: graph.Value("ada o'neil")},
		}, nil
	})
	app := &faketest.App{Graph: srv.Client()}
	ids, err := app.UsersNamed(ctx, "Ada O'Neil")
	if err != nil || !slices.Equal(ids, []string{"1", "3"}) {
		t.Errorf("UsersNamed: %v %v", ids, err)
	}
	var gerr *graph.Error
	for _, err := range srv.Client().ListUsers(ctx, graph.Filter("startswith(displayName,'Ada')")) {
		if !errors.As(err, &gerr) || gerr.StatusCode != 501 {
			t.Errorf("an unsupported filter: %v, want a 501", err)
		}
	}
}

// is reports whether n holds want (graph.Nullable is not comparable).
func is[T comparable](n graph.Nullable[T], want T) bool {
	v, ok := n.Get()
	return ok && v == want
}

func TestGroupMemberIDs(t *testing.T) {
	srv := graphtest.NewServer(t, graphtest.WithPageSize(2))
	srv.HandleListGroupMembers(func(r *graphtest.Request[graphtest.NoBody]) ([]graph.DirectoryObjectVariant, error) {
		if r.Params["id"] != "g1" {
			return nil, &graph.Error{StatusCode: 404, Code: "Request_ResourceNotFound", Message: "no group " + r.Params["id"]}
		}
		device := &graph.UnknownDirectoryObject{}
		if err := device.UnmarshalJSON([]byte(`{"@odata.type":"#microsoft.graph.device","id":"d1"}`)); err != nil {
			return nil, err
		}
		return []graph.DirectoryObjectVariant{
			&graph.User{ID: graph.Value("u1"), DisplayName: graph.Value("Priya")},
			&graph.Group{ID: graph.Value("g2")},
			&graph.OrgContact{ID: graph.Value("c1")},
			device,
			&graph.DirectoryObject{ID: graph.Value("o1")},
		}, nil
	})
	app := &faketest.App{Graph: srv.Client()}
	got, err := app.GroupMemberIDs(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"u1", "g2", "c1", "d1", "o1"}; !slices.Equal(got, want) {
		t.Errorf("member ids %q, want %q", got, want)
	}
	if n := len(srv.CallsOf("ListGroupMembers")); n != 3 {
		t.Errorf("%d pages asked, want 3", n)
	}
}

// TestAddMember: the fake group keeps the members the app adds (by the
// reference it sends) and lists them back; adding one twice is Graph's 400.
func TestAddMember(t *testing.T) {
	srv := graphtest.NewServer(t)
	var members []graph.DirectoryObjectVariant
	srv.HandleCallGroupMembersRef(func(r *graphtest.Request[graphtest.Ref]) error {
		if r.Params["groupID"] != "g1" {
			return &graph.Error{StatusCode: 404, Code: "Request_ResourceNotFound", Message: "no group " + r.Params["groupID"]}
		}
		prefix := graph.DefaultBaseURL + "/directoryObjects/"
		id, ok := strings.CutPrefix(r.Body.ODataID, prefix)
		if !ok {
			return &graph.Error{StatusCode: 400, Code: "Request_BadRequest", Message: "not a directory object: " + r.Body.ODataID}
		}
		if id, err := url.PathUnescape(id); err == nil {
			for _, m := range members {
				if is(m.DirectoryObject().ID, id) {
					return &graph.Error{StatusCode: 400, Code: "Request_BadRequest", Message: "One or more added object references already exist for the following modified properties: 'members'."}
				}
			}
			members = append(members, &graph.DirectoryObject{ID: graph.Value(id)})
		}
		return nil
	})
	srv.HandleListGroupMembers(func(r *graphtest.Request[graphtest.NoBody]) ([]graph.DirectoryObjectVariant, error) {
		return members, nil
	})
	app := &faketest.App{Graph: srv.Client()}
	for _, id := range []string{"u1", "user/2 é"} {
		if err := app.AddMember(ctx, "g1", id); err != nil {
			t.Fatal(err)
		}
	}
	got, err := app.GroupMemberIDs(ctx, "g1")
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"u1", "user/2 é"}; !slices.Equal(got, want) {
		t.Errorf("members %q, want %q", got, want)
	}
	calls := srv.CallsOf("CallGroupMembersRef")
	if len(calls) != 2 || calls[1].Body != (graphtest.Ref{ODataID: "https://graph.microsoft.com/beta/directoryObjects/user%2F2%20%C3%A9"}) || calls[1].Status != 204 {
		t.Errorf("calls %+v", calls)
	}
	var body map[string]any
	if err := json.Unmarshal(calls[0].RawBody, &body); err != nil || len(body) != 1 || body["@odata.id"] != "https://graph.microsoft.com/beta/directoryObjects/u1" {
		t.Errorf("sent %s (%v), want only the reference", calls[0].RawBody, err)
	}
	err = app.AddMember(ctx, "g1", "u1")
	var gerr *graph.Error
	if !errors.As(err, &gerr) || gerr.StatusCode != 400 || !strings.Contains(gerr.Message, "already exist") {
		t.Errorf("adding u1 again: %v", err)
	}
}
