// Package roundtrip compares the seed's PATCH round trip and JSON coding
// through the golden client with hand-written net/http + encoding/json code.
// want/graph holds no runtime copies, so this package runs only inside
// TestGoldenCompiles, on a copy with the runtime beside it; the benchmark of
// record is ./bench (go test ./bench -run '^$' -bench . -benchmem).
package roundtrip

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/graphgen/graphgen/internal/emit/testdata/seed/want/graph"
)

const response = `{"@odata.type":"#microsoft.graph.deviceConfigurationAssignment","id":"d59b6342-6342-d59b-4263-9bd542639bd5","target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"6b9e5c4a-0000-4000-8000-000000000001"}}`

func server(tb testing.TB) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, response)
	}))
	tb.Cleanup(srv.Close)
	return srv
}

func token(context.Context) (string, error) { return "token", nil }

func generated(ctx context.Context, c *graph.Client) (string, error) {
	body := &graph.DeviceConfigurationAssignment{
		Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](&graph.GroupAssignmentTarget{
			GroupID: graph.Value("6b9e5c4a-0000-4000-8000-000000000001"),
		}),
	}
	got, err := c.UpdateDeviceManagementDeviceConfigurationAssignment(ctx, "cfg-1", "asg-1", body)
	if err != nil {
		return "", err
	}
	t, _ := got.Target.Get()
	g, ok := t.(*graph.GroupAssignmentTarget)
	if !ok {
		return "", fmt.Errorf("target is %T", t)
	}
	id, _ := g.GroupID.Get()
	return id, nil
}

// Hand-written equivalent: plain structs, encoding/json, net/http.
type target struct {
	ODataType string `json:"@odata.type"`
	GroupID   string `json:"groupId,omitempty"`
}

type assignment struct {
	ODataType string  `json:"@odata.type,omitempty"`
	ID        string  `json:"id,omitempty"`
	Target    *target `json:"target,omitempty"`
}

func handWritten(ctx context.Context, hc *http.Client, base string) (string, error) {
	payload, err := json.Marshal(&assignment{Target: &target{ODataType: "#microsoft.graph.groupAssignmentTarget", GroupID: "6b9e5c4a-0000-4000-8000-000000000001"}})
	if err != nil {
		return "", err
	}
	req, err := http.NewRequestWithContext(ctx, "PATCH", base+"/deviceManagement/deviceConfigurations/cfg-1/assignments/asg-1", bytes.NewReader(payload))
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer token")
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		return "", fmt.Errorf("status %d", resp.StatusCode)
	}
	var out assignment
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", err
	}
	return out.Target.GroupID, nil
}

func TestBothAgree(t *testing.T) {
	srv := server(t)
	c := graph.NewClient(graph.WithBaseURL(srv.URL), graph.WithTokenProvider(token))
	a, err := generated(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	b, err := handWritten(context.Background(), srv.Client(), srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if a != b || a != "6b9e5c4a-0000-4000-8000-000000000001" {
		t.Errorf("generated %q, hand-written %q", a, b)
	}
}

func BenchmarkPatchRoundTrip(b *testing.B) {
	srv := server(b)
	ctx := context.Background()
	b.Run("generated", func(b *testing.B) {
		c := graph.NewClient(graph.WithBaseURL(srv.URL), graph.WithTokenProvider(token), graph.WithHTTPClient(srv.Client()))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := generated(ctx, c); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		hc := srv.Client()
		b.ReportAllocs()
		for b.Loop() {
			if _, err := handWritten(ctx, hc, srv.URL); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// JSON only, without HTTP: the generated MarshalJSON/UnmarshalJSON against
// encoding/json on plain structs.
func BenchmarkJSON(b *testing.B) {
	b.Run("generated", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v := &graph.DeviceConfigurationAssignment{Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](&graph.GroupAssignmentTarget{GroupID: graph.Value("g")})}
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
			var out graph.DeviceConfigurationAssignment
			if err := json.Unmarshal([]byte(response), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("handwritten", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			v := &assignment{Target: &target{ODataType: "#microsoft.graph.groupAssignmentTarget", GroupID: "g"}}
			if _, err := json.Marshal(v); err != nil {
				b.Fatal(err)
			}
			var out assignment
			if err := json.Unmarshal([]byte(response), &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// The generated methods called directly, as a runtime could do it, without
// encoding/json's validation pass around them.
func BenchmarkJSONDirect(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		v := &graph.DeviceConfigurationAssignment{Target: graph.Value[graph.DeviceAndAppManagementAssignmentTargetVariant](&graph.GroupAssignmentTarget{GroupID: graph.Value("g")})}
		if _, err := v.MarshalJSON(); err != nil {
			b.Fatal(err)
		}
		var out graph.DeviceConfigurationAssignment
		if err := out.UnmarshalJSON([]byte(response)); err != nil {
			b.Fatal(err)
		}
	}
}
