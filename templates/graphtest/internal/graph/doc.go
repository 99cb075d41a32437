// Package graph is a hand-written stand-in for a client package graphgen
// generates, for the tests of templates/graphtest (which imports it the way
// a generated graphtest package imports its client): the runtime, copied
// from templates/graphrt as the emitter copies it (graphrt_*.go, refreshed
// by `go test ./templates/graphtest -run TestStandInRuntime -update`), and
// a few models and operations written as the emitter writes them.
package graph

// DefaultBaseURL is the service root a Client talks to unless WithBaseURL says otherwise.
const DefaultBaseURL = "https://graph.microsoft.com/v1.0"

// Permissions lists, for one operation, the scopes that allow it per permission type,
// least privileged first. A nil list means the permission type is not supported.
type Permissions struct {
	DelegatedWork     []string
	DelegatedPersonal []string
	Application       []string
}
