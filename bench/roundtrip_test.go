package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/graphgen/graphgen/generated/graph"
)

// The seed page's exchange, PATCH of a deviceConfigurationAssignment answered
// by 200 with the assignment, done by the generated client and by the floor:
// what a careful person writes by hand with net/http and encoding/json. Same
// server, same bytes, same run:
//
//	go test ./bench -run '^$' -bench . -benchmem -count 6

const exampleResponse = `{
  "@odata.type": "#microsoft.graph.deviceConfigurationAssignment",
  "id": "d59b6342-6342-d59b-4263-9bd542639bd5",
  "target": {
    "@odata.type": "microsoft.graph.deviceAndAppManagementAssignmentTarget"
  }
}`

func server(tb testing.TB) *httptest.Server {
	resp := []byte(exampleResponse)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPatch || r.URL.EscapedPath() != "/beta/deviceManagement/deviceConfigurations/cfg-1/assignments/asg-1" ||
			!bytes.Equal(body, []byte(`{"target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`)) {
			http.Error(w, "unexpected request "+r.Method+" "+r.URL.EscapedPath()+" "+string(body), http.StatusBadRequest)
			return
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{strconv.Itoa(len(resp))}
		w.Write(resp)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func transport() *http.Client {
	return &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
}

func generatedPatch(ctx context.Context, c *graph.Client) (*graph.DeviceConfigurationAssignment, error) {
	body := &graph.DeviceConfigurationAssignment{
		Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](&graph.DeviceAndAppManagementAssignmentTarget{
			ODataType: "microsoft.graph.deviceAndAppManagementAssignmentTarget",
		}),
	}
	return c.UpdateDeviceManagementDeviceConfigurationAssignment(ctx, "cfg-1", "asg-1", body)
}

func BenchmarkGeneratedClient(b *testing.B) {
	srv := server(b)
	c := graph.NewClient(graph.WithBaseURL(srv.URL+"/beta"), graph.WithHTTPClient(transport()),
		graph.WithTokenProvider(func(context.Context) (string, error) { return "token", nil }))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		out, err := generatedPatch(ctx, c)
		if err != nil {
			b.Fatal(err)
		}
		if id, _ := out.ID.Get(); id != "d59b6342-6342-d59b-4263-9bd542639bd5" {
			b.Fatalf("id %q", id)
		}
	}
}

// The floor's types: what encoding/json needs for this exchange.
type handTarget struct {
	ODataType string `json:"@odata.type"`
}

type handAssignment struct {
	ODataType string      `json:"@odata.type,omitempty"`
	ID        string      `json:"id,omitempty"`
	Target    *handTarget `json:"target,omitempty"`
}

func handPatch(ctx context.Context, hc *http.Client, url, token string, in, out any) error {
	body, err := json.Marshal(in)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPatch, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "graphgen")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status + ": " + string(data))
	}
	return json.Unmarshal(data, out)
}

func BenchmarkHandWritten(b *testing.B) {
	srv := server(b)
	hc := transport()
	ctx := context.Background()
	url := srv.URL + "/beta/deviceManagement/deviceConfigurations/cfg-1/assignments/asg-1"
	in := &handAssignment{Target: &handTarget{ODataType: "microsoft.graph.deviceAndAppManagementAssignmentTarget"}}
	b.ReportAllocs()
	for b.Loop() {
		var out handAssignment
		if err := handPatch(ctx, hc, url, "token", in, &out); err != nil {
			b.Fatal(err)
		}
		if out.ID != "d59b6342-6342-d59b-4263-9bd542639bd5" {
			b.Fatalf("id %q", out.ID)
		}
	}
}

// TestBothSidesAgree makes sure the two benchmarks do the same exchange.
func TestBothSidesAgree(t *testing.T) {
	srv := server(t)
	c := graph.NewClient(graph.WithBaseURL(srv.URL+"/beta"), graph.WithHTTPClient(transport()))
	out, err := generatedPatch(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"@odata.type":"#microsoft.graph.deviceConfigurationAssignment","target":{"@odata.type":"microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`; string(got) != want {
		t.Errorf("generated client's result re-encodes as\n%s\nwant\n%s", got, want)
	}
	var hand handAssignment
	if err := handPatch(context.Background(), transport(), srv.URL+"/beta/deviceManagement/deviceConfigurations/cfg-1/assignments/asg-1", "t", &handAssignment{Target: &handTarget{ODataType: "microsoft.graph.deviceAndAppManagementAssignmentTarget"}}, &hand); err != nil {
		t.Fatal(err)
	}
	if id, _ := out.ID.Get(); id != hand.ID {
		t.Errorf("ids differ: generated %q, hand-written %q", id, hand.ID)
	}
}
