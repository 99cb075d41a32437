package graphtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Upload sessions, as OneDrive plays them. An operation whose path ends in
// createUploadSession answers, by default, with a new session: its
// uploadUrl is on the server's storage host (another origin than URL, as
// OneDrive's are), carries its own credential (a tempauth query
// parameter), and takes:
//
//   - PUT with Content-Range "bytes start-end/total": a fragment. It must
//     start at the next byte the session expects (else 416), hold
//     end-start+1 bytes, and be a multiple of 320 KiB unless it is the
//     last one (else 400), and total must stay the same. The session
//     answers 202 with nextExpectedRanges, and the last fragment 201 with
//     the new item (OnUploadComplete; by default its id, name and size).
//   - GET: the session's status, nextExpectedRanges (["<next>-"]).
//   - DELETE: cancels the session (204); it is gone (404) from then on.
//
// A request that sends an Authorization header is answered 401, as
// OneDrive may answer it: the URL is its own credential, and a client
// that sends its token there leaks it. A session expires 15 minutes (on
// the server's clock) after its last fragment.
//
// Every request is recorded (Calls) as UploadFragment, UploadStatus or
// UploadCancel, a fragment's Body a Fragment (its bytes are not kept in
// the call), and faults apply to them: FaultAt(UploadFragment, 3,
// Unavailable(time.Second)) fails the third fragment, Dropped() cuts one
// off (nothing of it kept).

// Fragment is the Body of an UploadFragment call: the range it sent.
type Fragment struct {
	Start, End, Total int64 // bytes Start to End (inclusive) of Total
}

// UploadedFile is a file an upload session received in full.
type UploadedFile struct {
	// Operation is the createUploadSession method that made the session
	// ("" for NewUploadSession), Params its path parameters, Body its
	// decoded request body.
	Operation string
	Params    map[string]string
	Body      any
	UploadURL string
	Data      []byte
}

// uploadSession is one session: the bytes received so far.
type uploadSession struct {
	id, secret string
	file       UploadedFile
	size       int64 // -1 until the first fragment says
	expires    time.Time
}

const (
	uploadUnit     = 320 << 10 // fragments but the last are multiples of it
	sessionTimeout = 15 * time.Minute
)

// NewUploadSession starts an upload session on the server's storage host
// and returns its upload URL: for a handler of a createUploadSession
// operation to answer with, or for a test that calls graph.UploadLarge
// without one.
func (s *Server) NewUploadSession() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.newSessionLocked(UploadedFile{}).file.UploadURL
}

func (s *Server) newSessionLocked(f UploadedFile) *uploadSession {
	s.nextAux++
	id := strconv.Itoa(s.nextAux)
	us := &uploadSession{id: id, secret: fmt.Sprintf("t%08x", uint32(s.nextAux)*2654435761), file: f, size: -1, expires: s.clock.Now().Add(sessionTimeout)}
	us.file.UploadURL = s.aux.URL + "/up/" + id + "?tempauth=" + us.secret
	s.sessions[id] = us
	return us
}

// sessionAnswer is the default answer of a createUploadSession operation:
// a new session's uploadSession.
func (s *Server) sessionAnswer(in *incoming) []byte {
	s.mu.Lock()
	us := s.newSessionLocked(UploadedFile{Operation: in.op.name, Params: in.params, Body: in.body})
	exp := us.expires
	s.mu.Unlock()
	out, _ := json.Marshal(map[string]any{
		"uploadUrl":          us.file.UploadURL,
		"expirationDateTime": exp.UTC().Format(time.RFC3339),
		"nextExpectedRanges": []string{"0-"},
	})
	return out
}

// OnUploadComplete sets how the server answers the last fragment of an
// upload session: f gets the file and returns the new item (a
// *graph.DriveItem...), sent with 201 Created as the service would send it
// (read-only properties included); nil sends 201 with no body (as Outlook's
// attachment sessions answer); a *graph.Error is sent as Graph's error body.
// A nil f restores the default: {"id", "name" (the last path parameter's
// base name), "size"}.
func (s *Server) OnUploadComplete(f func(u *UploadedFile) (any, error)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.onComplete = f
}

// Uploads returns the files upload sessions received in full, in order.
func (s *Server) Uploads() []UploadedFile {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.uploads)
}

// serveAux answers the storage host: upload sessions and monitors.
func (s *Server) serveAux(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody))
	if err != nil {
		return
	}
	e := s.begin(w, r)
	p := r.URL.EscapedPath()
	call := &Call{Method: r.Method, Path: p, Query: r.URL.Query(), Header: r.Header.Clone()}
	switch {
	case strings.HasPrefix(p, "/up/"):
		s.serveSession(w, r, e, call, strings.TrimPrefix(p, "/up/"), raw)
	case strings.HasPrefix(p, "/monitor/"):
		s.serveMonitor(w, r, e, call, strings.TrimPrefix(p, "/monitor/"))
	default:
		s.record(call)(e.write(http.StatusNotFound, "itemNotFound", "graphtest: nothing at "+p+" on the storage host", false))
	}
}

// auxBegin records a request of the storage host (call.Operation set),
// applies its fault and refuses a token; ok is false when it answered (or
// dropped) the request. what names the URL in the 401's message.
func (s *Server) auxBegin(r *http.Request, e *errorWriter, call *Call, what string) (f Fault, setStatus func(int), ok bool) {
	setStatus = s.record(call)
	f, _ = s.takeFault(call.Operation)
	if f.Drop {
		panic(http.ErrAbortHandler)
	}
	if f.Delay > 0 {
		t := time.NewTimer(f.Delay)
		select {
		case <-t.C:
		case <-r.Context().Done():
		case <-s.done:
		}
		t.Stop()
	}
	if f.RetryAfter > 0 {
		e.w.Header().Set("Retry-After", retryAfter(f.RetryAfter))
	}
	if f.Status != 0 {
		setStatus(e.fault(f))
		return f, setStatus, false
	}
	if r.Header.Get("Authorization") != "" {
		setStatus(e.write(http.StatusUnauthorized, "unauthenticated",
			"graphtest: the request to "+what+" sent an Authorization header: the URL carries its own credential, and a client must not send its token to it", false))
		return f, setStatus, false
	}
	return f, setStatus, true
}

func (s *Server) serveSession(w http.ResponseWriter, r *http.Request, e *errorWriter, call *Call, id string, raw []byte) {
	switch r.Method {
	case http.MethodPut:
		call.Operation = UploadFragment
	case http.MethodDelete:
		call.Operation = UploadCancel
	default:
		call.Operation = UploadStatus
	}
	var fr Fragment
	var frErr string
	if call.Operation == UploadFragment {
		fr, frErr = contentRange(r.Header.Get("Content-Range"), int64(len(raw)))
		call.Body = fr
	}
	f, setStatus, ok := s.auxBegin(r, e, call, "an upload session")
	if !ok {
		return
	}
	s.mu.Lock()
	us := s.sessions[id]
	if us != nil && (r.URL.Query().Get("tempauth") != us.secret || s.clock.Now().After(us.expires)) {
		us = nil
	}
	s.mu.Unlock()
	if us == nil {
		setStatus(e.write(http.StatusNotFound, "itemNotFound", "graphtest: no upload session at this URL (never made, cancelled, finished or expired)", f.Truncate))
		return
	}
	switch r.Method {
	case http.MethodGet:
		s.mu.Lock()
		next := int64(len(us.file.Data))
		s.mu.Unlock()
		setStatus(write(w, http.StatusOK, "application/json", s.sessionStatus(us, next), f.Truncate))
	case http.MethodDelete:
		s.mu.Lock()
		delete(s.sessions, id)
		s.mu.Unlock()
		setStatus(write(w, http.StatusNoContent, "", nil, f.Truncate))
	case http.MethodPut:
		if frErr != "" {
			setStatus(e.write(http.StatusBadRequest, "invalidRange", frErr, f.Truncate))
			return
		}
		setStatus(s.fragment(w, e, us, fr, raw, f.Truncate))
	default:
		w.Header().Set("Allow", "GET, PUT, DELETE")
		setStatus(e.write(http.StatusMethodNotAllowed, "invalidRequest", "graphtest: an upload session takes GET, PUT and DELETE", f.Truncate))
	}
}

// contentRange reads "bytes start-end/total" for a body of n bytes.
func contentRange(h string, n int64) (Fragment, string) {
	spec, ok := strings.CutPrefix(h, "bytes ")
	rng, total, ok2 := strings.Cut(spec, "/")
	a, b, ok3 := strings.Cut(rng, "-")
	var fr Fragment
	var err1, err2, err3 error
	fr.Start, err1 = strconv.ParseInt(a, 10, 64)
	fr.End, err2 = strconv.ParseInt(b, 10, 64)
	fr.Total, err3 = strconv.ParseInt(total, 10, 64)
	switch {
	case !ok || !ok2 || !ok3 || err1 != nil || err2 != nil || err3 != nil:
		return fr, fmt.Sprintf("graphtest: a fragment needs Content-Range: bytes start-end/total, not %q", h)
	case fr.Start < 0 || fr.End < fr.Start || fr.End >= fr.Total:
		return fr, fmt.Sprintf("graphtest: Content-Range %q is not a range of the file", h)
	case fr.End-fr.Start+1 != n:
		return fr, fmt.Sprintf("graphtest: Content-Range %q announces %d bytes, the body holds %d", h, fr.End-fr.Start+1, n)
	case fr.End < fr.Total-1 && n%uploadUnit != 0:
		return fr, fmt.Sprintf("graphtest: a fragment but the last must be a multiple of 320 KiB (327,680 bytes); this one has %d bytes", n)
	}
	return fr, ""
}

// sessionStatus is the JSON of a session expecting bytes from next.
func (s *Server) sessionStatus(us *uploadSession, next int64) []byte {
	s.mu.Lock()
	exp := us.expires
	s.mu.Unlock()
	out, _ := json.Marshal(map[string]any{
		"expirationDateTime": exp.UTC().Format(time.RFC3339),
		"nextExpectedRanges": []string{strconv.FormatInt(next, 10) + "-"},
	})
	return out
}

// fragment keeps a fragment and answers: 202 and where to continue, or the
// final answer.
func (s *Server) fragment(w http.ResponseWriter, e *errorWriter, us *uploadSession, fr Fragment, raw []byte, truncate bool) int {
	s.mu.Lock()
	next := int64(len(us.file.Data))
	switch {
	case us.size >= 0 && fr.Total != us.size:
		s.mu.Unlock()
		return e.write(http.StatusBadRequest, "invalidRange", fmt.Sprintf("graphtest: the file has %d bytes, as the first fragment said, not %d", us.size, fr.Total), truncate)
	case fr.Start != next:
		s.mu.Unlock()
		w.Header().Set("Content-Range", "bytes */"+strconv.FormatInt(fr.Total, 10))
		return e.write(http.StatusRequestedRangeNotSatisfiable, "invalidRange", fmt.Sprintf("graphtest: the session expects bytes from %d, not %d", next, fr.Start), truncate)
	}
	us.size = fr.Total
	us.file.Data = append(us.file.Data, raw...)
	us.expires = s.clock.Now().Add(sessionTimeout)
	done := int64(len(us.file.Data)) == us.size
	var file UploadedFile
	var complete func(*UploadedFile) (any, error)
	if done {
		delete(s.sessions, us.id)
		file = us.file
		s.uploads = append(s.uploads, file)
		complete = s.onComplete
	}
	s.mu.Unlock()
	if !done {
		return write(w, http.StatusAccepted, "application/json", s.sessionStatus(us, fr.End+1), truncate)
	}
	if complete == nil {
		name := file.Params[lastParam(file.Operation)] // the item path, or the file name after a parent id
		s.mu.Lock()
		s.nextAux++
		id := "upload-" + strconv.Itoa(s.nextAux)
		s.mu.Unlock()
		data, _ := json.Marshal(map[string]any{"id": id, "name": path.Base(name), "size": len(file.Data)})
		if name == "" {
			data, _ = json.Marshal(map[string]any{"id": id, "size": len(file.Data)})
		}
		return write(w, http.StatusCreated, "application/json", data, truncate)
	}
	v, err := s.callComplete(complete, &file)
	if err != nil {
		return e.handlerError(err, truncate)
	}
	if isNil(v) {
		return write(w, http.StatusCreated, "", nil, truncate)
	}
	data, err := encodeAnswer(v)
	if err != nil {
		return e.write(http.StatusInternalServerError, "generalException", "graphtest: encoding OnUploadComplete's answer: "+err.Error(), false)
	}
	return write(w, http.StatusCreated, "application/json", data, truncate)
}

// lastParam is the name of the last path parameter of an operation ("" for
// none).
func lastParam(op string) string {
	name := ""
	if o := byName[op]; o != nil {
		for _, p := range o.path {
			if p.isParam() {
				name = p.text
			}
		}
	}
	return name
}

// callComplete runs OnUploadComplete's function; a panic fails the test.
func (s *Server) callComplete(f func(*UploadedFile) (any, error), u *UploadedFile) (v reflect.Value, err error) {
	defer func() {
		if p := recover(); p != nil {
			s.t.Errorf("graphtest: OnUploadComplete's function panicked: %v", p)
			v, err = reflect.Value{}, errPanicked
		}
	}()
	res, err := f(u)
	return reflect.ValueOf(&res).Elem(), err
}
