// Package graphtest is a fake Microsoft Graph service for the tests of
// programs that use the generated client package (imported here as graph):
// an httptest server that knows every operation of the package, answers
// each with the example its documentation page shows (or an empty answer of
// the right shape), and checks requests the way the service does. It needs
// the standard library only, and a program that does not import it gets
// none of it.
//
//	srv := graphtest.NewServer(t)
//	c := srv.Client() // a *graph.Client pointed at srv
//	srv.HandleGetUser(func(r *graphtest.Request[graphtest.NoBody]) (*graph.User, error) {
//		if r.Params["id"] != "42" {
//			return nil, &graph.Error{StatusCode: 404, Code: "Request_ResourceNotFound", Message: "no such user"}
//		}
//		return &graph.User{ID: graph.Value("42"), DisplayName: graph.Value("Ada")}, nil
//	})
//	u, err := c.GetUser(ctx, "42")
//
// # Answers
//
// Each operation of the client (a method of graph.Client) has a method
// Handle<Method> on Server taking a function that gets the *Request (the
// path parameters by the method's argument names, the decoded body as the
// method's body type, the query, the headers) and returns what the client
// method returns: *graph.User, a family interface, a value, *graph.Download,
// *graph.Accepted, only an error, or, for a collection, every item as a
// slice (the server pages it). A *graph.Error it returns is sent as Graph's
// error body with its StatusCode (400 when 0); another error is a 500. A nil
// function goes back to the default answer: the page's example response, or
// {} / an empty collection / 204 / empty bytes when the page shows none.
// Read-only properties are sent in answers.
//
// # Requests
//
// Before any answer, a request is checked as the service checks it: a path
// no operation has is 404, a path with another method 405; a body that is
// not the operation's JSON type (a property of the wrong JSON type), that
// has a property its type does not describe, that sets a read-only
// property, or that lacks a property the page marks Required, is 400 with
// Graph's error body (code BadRequest) naming the property. An operation
// that links an object (POST or PUT to a path ending in /$ref: a client
// method taking ref string) takes a reference, {"@odata.id": "<URL>"}: a
// body that is none, not an object, without a string "@odata.id" that is
// not empty, or with another property, is 400; its handler gets a Ref.
//
// # Collections
//
// A collection is sent in pages of WithPageSize items (100 unless set; $top
// sets it for one call, as Graph does) with @odata.nextLink; $select keeps
// only the named properties (in collections and single answers) and
// $count=true adds @odata.count.
//
// $filter on a collection compares string properties for equality, `name
// eq 'x'` (nested as `owner/displayName`), joined by and, or and
// parentheses, without regard to case; any other filter is answered 501
// NotImplemented saying what the fake does not evaluate, never with the
// whole collection.
//
// # Graph's patterns
//
// Upload sessions (upload.go): an operation whose path ends in
// createUploadSession answers with a session on the server's storage host,
// a second listener standing for OneDrive's upload host (another origin):
// fragments with Content-Range, the status (nextExpectedRanges), DELETE,
// and the final 201 (OnUploadComplete; Uploads lists the files received).
// NewUploadSession makes one directly.
//
// Long-running operations (monitor.go): an operation answered 202 gets a
// Location naming a monitor on the storage host that answers inProgress,
// then completed or failed, as ScriptMonitor (or NewMonitor) says.
//
// JSON batching (batch.go): POST /$batch answers each of its (at most 20)
// requests with the server's own handlers, faults and checks, dependsOn
// included (424 when a dependency failed).
//
// Delta queries (delta.go): an operation whose path ends in delta ends its
// last page with @odata.deltaLink; the link answers the changes
// DeltaChanges recorded since (Removed for a deleted item).
//
// The storage host takes no token: a request that carries one is answered
// 401, so a test proves the client never sends its token to an upload URL
// or a foreign monitor.
//
// # Faults
//
// Fault makes the next n requests of an operation (or of any) fail as the
// service does, and FaultAt the k-th one: Throttle (429) and Unavailable
// (503) with Retry-After, Slow (an answer after a delay), Truncated (a body
// cut short), Dropped (a connection closed without an answer). The
// operation may be a client method or a request that is none:
// UploadFragment, UploadStatus, UploadCancel, MonitorPoll, BatchRequest
// (inside a $batch, each request counts as its own operation). The client
// made by Client retries as graph.NewClient's defaults say, on the
// server's clock: every wait returns at once and is recorded, so retry
// code runs fast and a test asserts on the waits (Waits), not on elapsed
// time.
//
// # Permissions
//
// A request whose bearer token is a fake token of this package (Token,
// PersonalToken, AppToken; TokenProvider makes a graph.TokenProvider of
// one) must carry one of the scopes the operation documents for the token's
// permission type (the <Method>Permissions variables of the client
// package: least or higher privileged, or those of any resource when the
// scopes depend on it), as Graph accepts any of them, or it is answered 403
// with code Authorization_RequestDenied. An operation whose page documents
// no permissions graphgen could read (Permissions.Unknown) is denied too,
// with a message saying the docs do not say, unless the server was started
// with AllowUnknownPermissions. A request without a fake token is allowed.
//
// # Calls
//
// Every request is recorded (Calls, CallsOf): the operation, the path
// parameters, the decoded body (a Fragment for an upload's fragment), the
// query, the headers and the status answered.
package graphtest
