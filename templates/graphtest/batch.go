package graphtest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
)

// JSON batching. POST /$batch (under the version, as the client sends it)
// takes {"requests":[...]}, at most 20 of them, each with a unique id, a
// method, a url relative to the version ("/users/1?$select=id"), headers,
// a body and dependsOn (ids of earlier requests of the batch). The server
// answers each request with its own handlers, in order, as if it had been
// sent alone (routing, faults, scopes, validation, handlers, Calls: each is
// recorded as its own operation, the batch as BatchRequest), with the
// batch's Authorization; a request whose dependency was not answered 2xx is
// answered 424 Failed Dependency. The answer is
// {"responses":[{"id","status","headers","body"}...]}, in the order of the
// requests, a JSON body as JSON and another as base64. A batch that is not
// JSON, holds more than 20 requests, repeats an id or depends on an id not
// before it is answered 400.

const batchMax = 20

type batchRequest struct {
	ID        string            `json:"id"`
	Method    string            `json:"method"`
	URL       string            `json:"url"`
	DependsOn []string          `json:"dependsOn"`
	Headers   map[string]string `json:"headers"`
	Body      json.RawMessage   `json:"body"`
}

type batchResponse struct {
	ID      string            `json:"id"`
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    json.RawMessage   `json:"body,omitempty"`
}

// serveBatch answers POST /$batch.
func (s *Server) serveBatch(w http.ResponseWriter, r *http.Request, e *errorWriter, call *Call, inBatch bool) {
	call.Operation = BatchRequest
	setStatus := s.record(call)
	if inBatch {
		setStatus(e.write(http.StatusBadRequest, "BadRequest", "graphtest: a request of a $batch cannot be a $batch", false))
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", "POST")
		setStatus(e.write(http.StatusMethodNotAllowed, "Request_BadRequest", "The HTTP method '"+r.Method+"' is not allowed on $batch; it allows POST.", false))
		return
	}
	f, _ := s.takeFault(BatchRequest)
	if f.Drop {
		panic(http.ErrAbortHandler)
	}
	if f.RetryAfter > 0 {
		w.Header().Set("Retry-After", retryAfter(f.RetryAfter))
	}
	if f.Status != 0 {
		setStatus(e.fault(f))
		return
	}
	var in struct {
		Requests []batchRequest `json:"requests"`
	}
	if err := json.Unmarshal(call.RawBody, &in); err != nil || in.Requests == nil {
		msg := "graphtest: a $batch body is {\"requests\":[...]}"
		if err != nil {
			msg += ": " + err.Error()
		}
		setStatus(e.write(http.StatusBadRequest, "BadRequest", msg, f.Truncate))
		return
	}
	if msg := checkBatch(in.Requests); msg != "" {
		setStatus(e.write(http.StatusBadRequest, "BadRequest", msg, f.Truncate))
		return
	}
	out := struct {
		Responses []batchResponse `json:"responses"`
	}{Responses: []batchResponse{}}
	status := map[string]int{}
	for _, br := range in.Requests {
		resp := batchResponse{ID: br.ID}
		failed := ""
		for _, d := range br.DependsOn {
			if st := status[d]; st < 200 || st > 299 {
				failed = d
				break
			}
		}
		if failed != "" {
			resp.Status = http.StatusFailedDependency
			resp.Headers = map[string]string{"Content-Type": "application/json"}
			resp.Body, _ = json.Marshal(map[string]any{"error": map[string]string{"code": "FailedDependency", "message": "the request it depends on (" + failed + ") failed"}})
		} else {
			resp = s.batchOne(r, br)
		}
		status[br.ID] = resp.Status
		out.Responses = append(out.Responses, resp)
	}
	data, _ := json.Marshal(out)
	setStatus(write(w, http.StatusOK, "application/json", data, f.Truncate))
}

// checkBatch checks a batch's requests as the service does: the message
// of a 400, or "".
func checkBatch(reqs []batchRequest) string {
	if len(reqs) > batchMax {
		return fmt.Sprintf("graphtest: a $batch holds at most %d requests; this one holds %d", batchMax, len(reqs))
	}
	var seen []string
	for i, br := range reqs {
		switch {
		case br.ID == "":
			return fmt.Sprintf("graphtest: request %d of the $batch has no id", i+1)
		case slices.Contains(seen, br.ID):
			return "graphtest: the $batch holds the id " + strconv.Quote(br.ID) + " twice"
		case br.Method == "" || br.URL == "":
			return "graphtest: request " + strconv.Quote(br.ID) + " of the $batch has no method or no url"
		}
		for _, d := range br.DependsOn {
			if !slices.Contains(seen, d) {
				return "graphtest: request " + strconv.Quote(br.ID) + " depends on " + strconv.Quote(d) + ", which is not an earlier request of the $batch"
			}
		}
		seen = append(seen, br.ID)
	}
	return ""
}

// batchOne answers one request of a batch with the server's own handlers.
func (s *Server) batchOne(outer *http.Request, br batchRequest) batchResponse {
	resp := batchResponse{ID: br.ID}
	fail := func(status int, msg string) batchResponse {
		resp.Status = status
		resp.Headers = map[string]string{"Content-Type": "application/json"}
		resp.Body, _ = json.Marshal(map[string]any{"error": map[string]string{"code": "BadRequest", "message": msg}})
		return resp
	}
	if !strings.HasPrefix(br.URL, "/") {
		return fail(http.StatusBadRequest, "graphtest: the url of a request of a $batch is relative to the version: /users/1, not "+strconv.Quote(br.URL))
	}
	body, ct := []byte(nil), ""
	for k, v := range br.Headers {
		if strings.EqualFold(k, "Content-Type") {
			ct = v
		}
	}
	if len(br.Body) > 0 && string(br.Body) != "null" {
		body = br.Body
		var str string
		if br.Body[0] == '"' && json.Unmarshal(br.Body, &str) == nil && !isJSONType(ct) {
			// Another body is carried as a string, base64 if it is.
			if dec, err := base64.StdEncoding.DecodeString(str); err == nil {
				body = dec
			} else {
				body = []byte(str)
			}
		}
		if ct == "" {
			ct = "application/json"
		}
	}
	ctx := context.WithValue(outer.Context(), batchKey{}, true)
	req, err := http.NewRequestWithContext(ctx, br.Method, s.URL()+br.URL, bytes.NewReader(body))
	if err != nil {
		return fail(http.StatusBadRequest, "graphtest: request "+strconv.Quote(br.ID)+" of the $batch: "+err.Error())
	}
	for k, v := range br.Headers {
		req.Header.Set(k, v)
	}
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if a := outer.Header.Get("Authorization"); a != "" && req.Header.Get("Authorization") == "" {
		req.Header.Set("Authorization", a)
	}
	rec := httptest.NewRecorder()
	s.serve(rec, req)
	res := rec.Result()
	resp.Status = res.StatusCode
	for k, v := range res.Header {
		if resp.Headers == nil {
			resp.Headers = map[string]string{}
		}
		resp.Headers[k] = strings.Join(v, ", ")
	}
	if data := rec.Body.Bytes(); len(data) > 0 {
		if isJSONType(res.Header.Get("Content-Type")) && json.Valid(data) {
			resp.Body = data
		} else {
			resp.Body, _ = json.Marshal(base64.StdEncoding.EncodeToString(data))
		}
	}
	return resp
}

// isJSONType reports whether a Content-Type is JSON.
func isJSONType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json"))
}
