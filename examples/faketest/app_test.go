package faketest_test

import (
	"context"
	"errors"
	"fmt"
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
