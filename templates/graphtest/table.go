package graphtest

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"

	graph "github.com/graphgen/graphgen/templates/graphtest/internal/graph"
)

// Request is one call of an operation, as a handler (Handle<Method>) gets
// it. B is the body type of the client method: *graph.User, a family
// interface, a slice...; Upload for bytes; Ref for a reference (a method
// that links an object); NoBody when it takes none.
type Request[B any] struct {
	Operation string            // the client method, "GetUser"
	Params    map[string]string // the path parameters by the method's argument names, unescaped
	Body      B                 // the decoded request body
	Query     url.Values        // the query parameters ($select, $filter...)
	Header    http.Header       // the request headers
	Scopes    []string          // the scopes (roles for AppToken) of a fake token; nil without one
	Context   context.Context   // the request's context: done when the client goes away

	// ResponseHeader holds headers to send with the answer (ETag,
	// Location...).
	ResponseHeader http.Header
}

// NoBody is the body type of an operation that sends none.
type NoBody struct{}

// Ref is the body of an operation that links an object (POST or PUT to a
// path ending in /$ref, a client method taking ref string): the reference
// the client sent, {"@odata.id": "<URL>"}.
type Ref struct {
	// ODataID is the "@odata.id": the URL of the object to link, as sent
	// ("https://graph.microsoft.com/v1.0/directoryObjects/42").
	ODataID string
}

// Upload is the body of an operation that sends bytes (an upload).
type Upload struct {
	ContentType string
	Data        []byte
}

// resultKind is how an operation's answer is written.
type resultKind uint8

const (
	resultNone     resultKind = iota // no body (204, or the page's status)
	resultObject                     // a model, a family value or raw JSON, as is
	resultValue                      // a value or a slice, wrapped as {"value": x}
	resultList                       // a collection: {"value": [...]} in pages
	resultDownload                   // bytes (*graph.Download)
	resultAccepted                   // 202 and headers (*graph.Accepted)
)

// partKind is the kind of one piece of a path template.
type partKind uint8

const (
	partLit  partKind = iota // literal text, escaped as the client sends it
	partSeg                  // a path parameter: one segment
	partItem                 // an item path: folders kept apart by '/'
	partFunc                 // a function parameter: an OData literal
)

// part is one piece of a path template: literal text, or a parameter named
// by the client method's argument.
type part struct {
	kind partKind
	text string
}

func lit(s string) part      { return part{partLit, s} }
func seg(name string) part   { return part{partSeg, name} }
func item(name string) part  { return part{partItem, name} }
func fn(name string) part    { return part{partFunc, name} }
func (p part) isParam() bool { return p.kind != partLit }

// operation is one client method as the generated table describes it.
type operation struct {
	name   string // the client method
	method string // the HTTP method
	path   []part
	// decode decodes a JSON body into the method's body type; nil for a
	// method without a JSON body.
	decode   func(data []byte) (any, error)
	upload   bool     // the body is bytes
	ref      bool     // the body is a reference (Ref)
	required []string // body properties the page marks Required
	result   resultKind
	status   int         // the page's success status; 0: 200 (204 for resultNone)
	example  string      // the example response body (compact JSON); "" for none
	headers  [][2]string // the example response's headers (Location...)
	perms    graph.Permissions

	// Set by register, from the path: the operation creates an upload
	// session (.../createUploadSession), or is a delta query (.../delta).
	session, delta bool
}

// table holds every operation, in the order the generated files register
// them (by file name); byName indexes it.
var (
	table  []*operation
	byName = map[string]*operation{}
)

// register adds operations to the table; the generated files call it once
// each, in a package-level var.
func register(ops ...*operation) bool {
	for _, op := range ops {
		if byName[op.name] != nil {
			panic("graphtest: operation " + op.name + " registered twice")
		}
		op.session, op.delta = pathKind(op)
		byName[op.name] = op
		table = append(table, op)
	}
	return true
}

// pathKind says whether op creates an upload session (an object answer at a
// path ending in createUploadSession) or is a delta query (a collection at
// a path ending in delta or delta(), after '/' or a namespace's '.').
func pathKind(op *operation) (session, delta bool) {
	if len(op.path) == 0 || op.path[len(op.path)-1].kind != partLit {
		return false, false
	}
	last := strings.ToLower(op.path[len(op.path)-1].text)
	session = op.result == resultObject && strings.HasSuffix(last, "/createuploadsession")
	last = strings.TrimSuffix(last, "()")
	delta = op.result == resultList && (strings.HasSuffix(last, "/delta") || strings.HasSuffix(last, ".delta"))
	return session, delta
}

// operationNames lists the operations, sorted.
func operationNames() []string {
	names := make([]string, 0, len(table))
	for _, op := range table {
		names = append(names, op.name)
	}
	sort.Strings(names)
	return names
}

// decodeAs decodes a JSON body as B through the client package's codec
// (graph.Unmarshal: families by @odata.type, unknown properties into
// AdditionalData).
func decodeAs[B any](data []byte) (any, error) {
	var v B
	if err := graph.Unmarshal(data, &v); err != nil {
		return nil, err
	}
	return v, nil
}

// incoming is a request on its way to an answer.
type incoming struct {
	op         *operation
	r          *http.Request
	params     map[string]string
	body       any
	scopes     []string
	respHeader http.Header
	filter     *filter // $filter of a collection; nil for none
}

// handlerFunc is a typed handler made untyped: the result as a
// reflect.Value of the client method's result type (invalid for none).
type handlerFunc func(in *incoming) (reflect.Value, error)

func newRequest[B any](in *incoming) *Request[B] {
	req := &Request[B]{
		Operation:      in.op.name,
		Params:         in.params,
		Query:          in.r.URL.Query(),
		Header:         in.r.Header.Clone(),
		Scopes:         in.scopes,
		Context:        in.r.Context(),
		ResponseHeader: in.respHeader,
	}
	if b, ok := in.body.(B); ok {
		req.Body = b
	}
	return req
}

// handle sets the handler of an operation whose client method returns R
// (for a collection: []T); nil removes it.
func handle[B, R any](s *Server, op string, h func(r *Request[B]) (R, error)) {
	if h == nil {
		s.setHandler(op, nil)
		return
	}
	s.setHandler(op, func(in *incoming) (reflect.Value, error) {
		res, err := h(newRequest[B](in))
		return reflect.ValueOf(&res).Elem(), err
	})
}

// handleNone sets the handler of an operation whose client method returns
// only an error; nil removes it.
func handleNone[B any](s *Server, op string, h func(r *Request[B]) error) {
	if h == nil {
		s.setHandler(op, nil)
		return
	}
	s.setHandler(op, func(in *incoming) (reflect.Value, error) {
		return reflect.Value{}, h(newRequest[B](in))
	})
}

func (s *Server) setHandler(op string, h handlerFunc) {
	if byName[op] == nil {
		panic(fmt.Sprintf("graphtest: no operation %s", op))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if h == nil {
		delete(s.handlers, op)
		return
	}
	s.handlers[op] = h
}
