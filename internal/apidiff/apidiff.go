// Package apidiff compares two revisions of a Microsoft Graph API, each the
// linked model internal/api builds from the doc pages (and, when given, the
// service's CSDL metadata), and lists what changed for a client user:
// operations and types added or removed, endpoints, permissions, request,
// parameter, response and resource properties, response status and type.
// Each change is classed breaking or not and carries the file:line of the
// element in both revisions where it applies.
//
// Diff is a pure function; Report.Markdown and Report.JSON render its result.
// It resolves no names and knows no markdown convention: operations are
// matched across revisions by what they document, not by file name: by
// their endpoint keys (api's Endpoint.Key), then by title, then by file base
// name with '-' and '_' unified. Types are matched by qualified name
// (case-insensitive), then by simple name. A type's properties are its
// resolved fields, inherited ones included (api's Type.Fields), so a
// property that moved into a base type, or a page renamed without changing
// its type, is no change; with metadata the types of properties and base
// types are the metadata's. Types known only from the metadata are compared
// too; enums made from a page's "possible values" are not types here.
//
// Type references are compared by qualified name (case-insensitive). A
// reference the model could not resolve is compared by the name as
// written: with another such name, or with a resolved type whose primitive,
// simple or qualified name it is. Two things the model does not link yet
// are read from the pages' IR and typed as written: relationships
// (navigation properties, inherited along the model's base types) and the
// rows of a request body that names its type.
//
// Positions: an operation's lines are in its page; a property's in the
// page that documents it (a base type's page for an inherited one), else in
// the metadata file; a type's at its page's title, else at its metadata
// element.
//
// Breaking, for a client user: an operation, type, endpoint or property
// removed; a property's type changed, or flipped between single value and
// collection; a request property that became read-only or required, or a
// required one added; a response status or response type changed (except a
// type appearing where there was none); a base type or request body type
// changed. Not breaking: anything added (but a required request property),
// a permission added or removed (a removed scope does not stop a client that
// holds another), a property that became writable or optional, an endpoint
// that moved to another page, a page whose endpoints all live on in others
// (operation-merged).
//
// Least-privilege scopes (scopes-changed, see diffScopes): per permission
// type, the fewest scopes that allow every operation found in both
// revisions (internal/scopes) are computed on each side; a change is
// reported when they differ, and is breaking when an operation the type
// allows in both revisions is allowed by none of the old scopes in the new
// one (an app consented to the old set can no longer call it).
package apidiff

import (
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
)

// Kind names one kind of change. The values are part of the JSON output.
type Kind string

// The kinds of change, in the order reports list them within a group.
const (
	OperationRemoved      Kind = "operation-removed"
	OperationAdded        Kind = "operation-added"
	TypeRemoved           Kind = "type-removed"
	TypeAdded             Kind = "type-added"
	OperationMerged       Kind = "operation-merged"
	EndpointRemoved       Kind = "endpoint-removed"
	EndpointMoved         Kind = "endpoint-moved"
	EndpointAdded         Kind = "endpoint-added"
	PermissionRemoved     Kind = "permission-removed"
	PermissionAdded       Kind = "permission-added"
	RequestTypeChanged    Kind = "request-type-changed"
	PropertyRemoved       Kind = "property-removed"
	PropertyAdded         Kind = "property-added"
	PropertyChanged       Kind = "property-changed"
	ResponseStatusChanged Kind = "response-status-changed"
	ResponseTypeChanged   Kind = "response-type-changed"
	BaseTypeChanged       Kind = "base-type-changed"
	ScopesChanged         Kind = "scopes-changed"
)

// Kinds lists every kind in report order.
var Kinds = []Kind{
	OperationRemoved, OperationMerged, OperationAdded, TypeRemoved, TypeAdded,
	EndpointRemoved, EndpointMoved, EndpointAdded, PermissionRemoved, PermissionAdded,
	RequestTypeChanged, PropertyRemoved, PropertyAdded, PropertyChanged,
	ResponseStatusChanged, ResponseTypeChanged, BaseTypeChanged, ScopesChanged,
}

func kindOrder(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// Subject tells whether a change is about an operation, a resource type, or
// the least-privilege scopes of all the operations found in both revisions.
type Subject string

const (
	SubjectOperation Subject = "operation"
	SubjectType      Subject = "type"
	SubjectScopes    Subject = "scopes"
)

// subjectOrder is the order of subjects in a report.
var subjectOrder = map[Subject]int{SubjectOperation: 0, SubjectType: 1, SubjectScopes: 2}

// Sections of a page a change can be in.
const (
	SecEndpoints     = "endpoints"
	SecPermissions   = "permissions"
	SecRequest       = "request"
	SecParameters    = "parameters"
	SecResponse      = "response"
	SecProperties    = "properties"
	SecRelationships = "relationships"
	SecBaseType      = "baseType"
	SecScopes        = "scopes" // least-privilege scopes, of no page
)

var sectionOrder = map[string]int{
	"": 0, SecEndpoints: 1, SecPermissions: 2, SecRequest: 3, SecParameters: 4,
	SecResponse: 5, SecBaseType: 6, SecProperties: 7, SecRelationships: 8, SecScopes: 9,
}

// Loc is a line in one revision: Path is a page's Document.Path, or a
// metadata file's name (csdl.Metadata.File) for an element only the
// metadata describes.
type Loc struct {
	Path string `json:"path"`
	Line int    `json:"line"`
}

// String is "path:line", or the path alone when the line is unknown.
func (l *Loc) String() string {
	if l == nil {
		return ""
	}
	if l.Line <= 0 {
		return l.Path
	}
	return l.Path + ":" + itoa(l.Line)
}

// Change is one difference between the revisions.
type Change struct {
	Kind     Kind    `json:"kind"`
	Breaking bool    `json:"breaking"`
	Subject  Subject `json:"subject"`
	// Name is the operation's title or the type's qualified name
	// ("microsoft.graph.gadget"; the new revision's when both exist);
	// "least-privilege scopes" for a scopes-changed change.
	Name string `json:"name"`
	// Section is where in the page the change is (see the Sec constants);
	// empty for an operation or type added or removed.
	Section string `json:"section,omitempty"`
	// Item is what changed inside the page: "PATCH /path" for an endpoint,
	// "application DeviceManagementConfiguration.ReadWrite.All" for a
	// permission, a property's name; the permission type ("application")
	// for a scopes-changed change, whose Old and New are the scopes, comma
	// separated ("none" for no scope).
	Item string `json:"item,omitempty"`
	// Old and New are the values before and after, for a changed element
	// ("String", "deviceConfiguration collection", "200", "read-only").
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// OldLoc and NewLoc are where the element (or, for an element present in
	// one revision only, the page or section that would hold it) is in each
	// revision; nil for the revision that lacks the page. For
	// scopes-changed, the permission rows of the first operation the old
	// scopes no longer allow, else of the first whose scopes changed.
	OldLoc *Loc `json:"oldLoc"`
	NewLoc *Loc `json:"newLoc"`
	// Message says the change in words.
	Message string `json:"message"`

	// group orders changes of the same pair of operations or types
	// together; oldPage and newPage are their pages (or metadata files).
	group            string
	oldPage, newPage string
	lowerName        string
}

// Report is the result of Diff. OldLabel and NewLabel name the revisions in
// rendered output (Diff leaves them empty; the caller sets them).
type Report struct {
	OldLabel string
	NewLabel string
	// Limit caps the changes Markdown lists in each of its two sections
	// (breaking, other); 0 lists them all. The counts stay complete.
	Limit   int
	Changes []Change
	// Matched counts the operations and types found in both revisions.
	MatchedOperations int
	MatchedTypes      int
}

// Breaking is the number of breaking changes.
func (r *Report) Breaking() int {
	n := 0
	for _, c := range r.Changes {
		if c.Breaking {
			n++
		}
	}
	return n
}

// CountByKind counts the changes of each kind (kinds without changes are
// absent).
func (r *Report) CountByKind() map[Kind]int {
	m := make(map[Kind]int)
	for _, c := range r.Changes {
		m[c.Kind]++
	}
	return m
}

// Diff compares the old revision's API with the new one's (a nil API is an
// empty one). The result's order is deterministic: by subject (operations,
// types, then scopes), name, pages, section, kind and item.
func Diff(old, new *api.API) *Report {
	r := &Report{}
	oldOps, newOps := operations(old), operations(new)
	opPairs, opOld, opNew := matchOperations(oldOps, newOps)
	r.MatchedOperations = len(opPairs)
	oldIndex, newIndex := indexEndpoints(oldOps), indexEndpoints(newOps)
	for _, p := range opPairs {
		r.Changes = append(r.Changes, diffOperation(p[0], p[1], oldIndex, newIndex)...)
	}
	for _, o := range opOld {
		c := Change{Kind: OperationRemoved, Breaking: true, Subject: SubjectOperation,
			Name: opName(o), Item: endpointSummary(o), OldLoc: opLoc(o, 0),
			Message: "operation removed", group: opGroup(o, nil)}
		if at := elsewhere(o, newIndex); at != nil {
			// Every endpoint of the page is still documented, on other pages.
			c.Kind, c.Breaking, c.NewLoc = OperationMerged, false, at
			c.Message = "operation page removed; its endpoints are documented on other pages, first " + at.String()
		}
		r.Changes = append(r.Changes, c)
	}
	for _, n := range opNew {
		r.Changes = append(r.Changes, Change{Kind: OperationAdded, Subject: SubjectOperation,
			Name: opName(n), Item: endpointSummary(n), NewLoc: opLoc(n, 0),
			Message: "operation added", group: opGroup(nil, n)})
	}

	r.Changes = append(r.Changes, diffScopes(opPairs)...)

	typePairs, tyOld, tyNew := matchTypes(types(old), types(new))
	r.MatchedTypes = len(typePairs)
	for _, p := range typePairs {
		r.Changes = append(r.Changes, diffType(p[0], p[1])...)
	}
	for _, t := range tyOld {
		r.Changes = append(r.Changes, Change{Kind: TypeRemoved, Breaking: true, Subject: SubjectType,
			Name: t.QualifiedName(), OldLoc: typeLoc(t), Message: "type removed", group: typeGroup(t, nil)})
	}
	for _, t := range tyNew {
		r.Changes = append(r.Changes, Change{Kind: TypeAdded, Subject: SubjectType,
			Name: t.QualifiedName(), NewLoc: typeLoc(t), Message: "type added", group: typeGroup(nil, t)})
	}
	sortChanges(r.Changes)
	return r
}

func sortChanges(cs []Change) {
	for i := range cs {
		cs[i].lowerName = strings.ToLower(cs[i].Name)
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if a.Subject != b.Subject {
			return subjectOrder[a.Subject] < subjectOrder[b.Subject]
		}
		if x, y := a.lowerName, b.lowerName; x != y {
			return x < y
		}
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.group != b.group {
			return a.group < b.group
		}
		if x, y := sectionOrder[a.Section], sectionOrder[b.Section]; x != y {
			return x < y
		}
		if x, y := kindOrder(a.Kind), kindOrder(b.Kind); x != y {
			return x < y
		}
		if a.Item != b.Item {
			return a.Item < b.Item
		}
		return a.Message < b.Message
	})
}

// operations are a's operations in page path order (Build's order; sorted
// again so that matching among equals never depends on the caller).
func operations(a *api.API) []*api.Operation {
	if a == nil {
		return nil
	}
	var ops []*api.Operation
	for _, op := range a.Operations {
		if op != nil && op.Page != nil {
			ops = append(ops, op)
		}
	}
	sort.SliceStable(ops, func(i, j int) bool { return ops[i].Page.Path < ops[j].Page.Path })
	return ops
}

// types are a's types that a revision documents: those with a resource page
// and those the metadata defines. Enums made up from a page's "possible
// values" (neither) and request-body types are not compared as types.
func types(a *api.API) []*api.Type {
	if a == nil {
		return nil
	}
	var ts []*api.Type
	for _, t := range a.Types {
		if t != nil && t.Request == nil && (t.Page != nil || !t.Meta.IsZero()) {
			ts = append(ts, t)
		}
	}
	return ts
}

func opGroup(o, n *api.Operation) string {
	var a, b string
	if o != nil {
		a = o.Page.Path
	}
	if n != nil {
		b = n.Page.Path
	}
	return a + "\x00" + b
}

// typeGroup keys a pair of types by their places and qualified names (two
// types the metadata alone defines share a file).
func typeGroup(o, n *api.Type) string {
	var k [4]string
	if o != nil {
		k[0], k[2] = typeLoc(o).Path, o.QualifiedName()
	}
	if n != nil {
		k[1], k[3] = typeLoc(n).Path, n.QualifiedName()
	}
	return strings.Join(k[:], "\x00")
}

// opLoc is line in op's page; the title's line when line is 0.
func opLoc(op *api.Operation, line int) *Loc {
	if line <= 0 {
		line = op.Page.TitlePos.Line
	}
	return &Loc{Path: op.Page.Path, Line: line}
}

// srcLoc is a model source as a Loc; nil for the zero Source.
func srcLoc(s api.Source) *Loc {
	if s.IsZero() {
		return nil
	}
	return &Loc{Path: s.File, Line: s.Line}
}

// typeLoc is where a type is documented: its page's title, else its
// metadata element.
func typeLoc(t *api.Type) *Loc {
	if t.Page != nil {
		return &Loc{Path: t.Page.Path, Line: t.Page.TitlePos.Line}
	}
	if l := srcLoc(t.Meta); l != nil {
		return l
	}
	return srcLoc(t.Doc)
}

// propLoc is where a property is documented: its page row, else its
// metadata element.
func propLoc(p *api.Property) *Loc {
	if l := srcLoc(p.Doc); l != nil {
		return l
	}
	return srcLoc(p.Meta)
}

func opName(op *api.Operation) string {
	if t := strings.TrimSpace(op.Title); t != "" {
		return t
	}
	return path.Base(op.Page.Path)
}

// indexEndpoints maps each endpoint key to its first endpoint (in the
// given operation order).
func indexEndpoints(ops []*api.Operation) map[string]*api.Endpoint {
	m := make(map[string]*api.Endpoint)
	for _, op := range ops {
		for _, e := range op.Endpoints {
			if _, ok := m[e.Key]; !ok {
				m[e.Key] = e
			}
		}
	}
	return m
}

// elsewhere returns where the first endpoint of op is documented in index,
// when every endpoint of op is there in an operation other than op; nil
// otherwise.
func elsewhere(op *api.Operation, index map[string]*api.Endpoint) *Loc {
	if len(op.Endpoints) == 0 {
		return nil
	}
	var first *Loc
	for _, e := range op.Endpoints {
		at, ok := index[e.Key]
		if !ok || at.Op == op {
			return nil
		}
		if first == nil {
			first = opLoc(at.Op, at.Pos.Line)
		}
	}
	return first
}

// endpointSummary is the first endpoint and how many others there are.
func endpointSummary(op *api.Operation) string {
	if len(op.Endpoints) == 0 {
		return ""
	}
	s := op.Endpoints[0].Method + " " + op.Endpoints[0].Path
	if n := len(op.Endpoints) - 1; n > 0 {
		s += " (+" + itoa(n) + " more)"
	}
	return s
}

// baseKey is a page's file base name without extension, lower-case, with '_'
// written '-'; "" for no page.
func baseKey(p string) string {
	if p == "" {
		return ""
	}
	b := strings.TrimSuffix(path.Base(p), ".md")
	return strings.ReplaceAll(strings.ToLower(b), "_", "-")
}

func titleKey(title string) string {
	return strings.ToLower(strings.Join(strings.Fields(title), " "))
}

func itoa(n int) string { return strconv.Itoa(n) }
