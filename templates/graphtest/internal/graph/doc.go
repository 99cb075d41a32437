// Package graph is a hand-written stand-in for a client package graphgen
// generates, for the tests of templates/graphtest (which imports it the way
// a generated graphtest package imports its client): the runtime, copied
// from templates/graphrt as the emitter copies it (graphrt_*.go, refreshed
// by `go test ./templates/graphtest -run TestStandInRuntime -update`), and
// a few models and operations written as the emitter writes them.
package graph

// DefaultBaseURL is the service root a Client talks to unless WithBaseURL says otherwise.
const DefaultBaseURL = "https://graph.microsoft.com/v1.0"

// Permissions lists the scopes that allow one operation, per permission type, as its
// documentation page says.
//
// DelegatedWork, DelegatedPersonal and Application hold the least privileged scopes, least
// privileged first; the Higher lists hold higher privileged scopes that allow the operation
// too (an unordered set, sorted by name). A token needs any one scope of its type's lists.
// When every list of a type is nil (Resources included), the type is not supported, unless
// Unknown is set.
//
// Unknown is set when the page documents no permissions graphgen could read: nothing is
// known about what the operation needs, which is not the same as "not supported" (graphgen
// check says why).
//
// Resources is set when the scopes depend on the resource the request names (a table with
// one row per resource, as for subscriptions): each resource has its own lists, never merged
// into one.
type Permissions struct {
	DelegatedWork           []string
	DelegatedPersonal       []string
	Application             []string
	DelegatedWorkHigher     []string
	DelegatedPersonalHigher []string
	ApplicationHigher       []string
	Resources               []ResourcePermissions
	Unknown                 bool
}

// ResourcePermissions are the scopes that allow an operation on one resource, per permission
// type: a row of a table with one row per resource. Resource names it as the page does.
type ResourcePermissions struct {
	Resource          string
	DelegatedWork     []string
	DelegatedPersonal []string
	Application       []string
}
