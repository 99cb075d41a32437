package graphrt

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
)

// The seed's exchange: PATCH an assignment, 200 with the assignment back.
// BenchmarkCall and BenchmarkHandWritten (the floor: net/http + encoding/json
// written by hand) send the same request to the same server, with the same
// types, in the same run:
//
//	go test ./templates/graphrt -run '^$' -bench . -benchmem -count 5

func rtTestBenchServer(b *testing.B) *httptest.Server {
	resp := []byte(rtTestResponse)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h := w.Header()
		h["Content-Type"] = []string{"application/json"}
		h["Content-Length"] = []string{strconv.Itoa(len(resp))}
		w.Write(resp)
	}))
	b.Cleanup(srv.Close)
	return srv
}

var rtTestBenchBody = rtTestAssignment{Target: &rtTestTarget{ODataType: "microsoft.graph.deviceAndAppManagementAssignmentTarget"}}

const rtTestBenchPath = "/deviceManagement/deviceConfigurations/{deviceConfigurationId}/assignments/{deviceConfigurationAssignmentId}"

func BenchmarkCall(b *testing.B) {
	srv := rtTestBenchServer(b)
	c := NewClient(WithBaseURL(srv.URL+"/beta"), WithTokenProvider(rtTestToken("token")),
		WithHTTPClient(&http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}))
	ctx := context.Background()
	path := "/deviceManagement/deviceConfigurations/" + pathSegment("{deviceConfigurationId}") +
		"/assignments/" + pathSegment("{deviceConfigurationAssignmentId}")
	b.ReportAllocs()
	for b.Loop() {
		out, err := graphrtCall(ctx, c, "UpdateAssignment", http.MethodPatch, path, &rtTestBenchBody, new(rtTestAssignment), nil)
		if err != nil {
			b.Fatal(err)
		}
		if out.ID == "" {
			b.Fatal("no id")
		}
	}
}

// rtTestHandWritten is what a careful person writes without a generator.
func rtTestHandWritten(ctx context.Context, hc *http.Client, url, token string, in, out any) error {
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
		return errors.New(resp.Status)
	}
	return json.Unmarshal(data, out)
}

func BenchmarkHandWritten(b *testing.B) {
	srv := rtTestBenchServer(b)
	hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	ctx := context.Background()
	url := srv.URL + "/beta/deviceManagement/deviceConfigurations/%7BdeviceConfigurationId%7D/assignments/%7BdeviceConfigurationAssignmentId%7D"
	b.ReportAllocs()
	for b.Loop() {
		var out rtTestAssignment
		if err := rtTestHandWritten(ctx, hc, url, "token", &rtTestBenchBody, &out); err != nil {
			b.Fatal(err)
		}
		if out.ID == "" {
			b.Fatal("no id")
		}
	}
}

// BenchmarkPathSegment: a clean segment costs no allocation (it is
// returned as it is), one to escape costs one (the result).
func BenchmarkPathSegment(b *testing.B) {
	for _, s := range []string{"d59b6342-6342-d59b-4263-9bd542639bd5", "a/b c"} {
		name := "clean"
		if s != pathSegment(s) {
			name = "escaped"
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				pathSegment(s)
			}
		})
	}
}

// BenchmarkODataType: one allocation, the result string.
func BenchmarkODataType(b *testing.B) {
	data := []byte(rtTestResponse)
	b.ReportAllocs()
	for b.Loop() {
		graphrtODataType(data)
	}
}
