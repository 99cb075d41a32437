// Package apidiff compares two revisions of Microsoft Graph documentation,
// each a set of model documents, and lists what changed for a client user:
// operations and types added or removed, endpoints, permissions, request,
// parameter, response and resource properties, response status and type.
// Each change is classed breaking or not and carries the file:line of the
// element in both revisions where it applies.
//
// Diff is a pure function; Report.Markdown and Report.JSON render its result.
// Pages are matched across revisions by what they document, not by file
// name: operations by their normalised endpoint set (method and path, every
// {param} written {}, case-insensitive), then by title, then by file base
// name with '-' and '_' unified; resource types by type name,
// case-insensitive, then by base name.
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
package apidiff

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
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
)

// Kinds lists every kind in report order.
var Kinds = []Kind{
	OperationRemoved, OperationMerged, OperationAdded, TypeRemoved, TypeAdded,
	EndpointRemoved, EndpointMoved, EndpointAdded, PermissionRemoved, PermissionAdded,
	RequestTypeChanged, PropertyRemoved, PropertyAdded, PropertyChanged,
	ResponseStatusChanged, ResponseTypeChanged, BaseTypeChanged,
}

func kindOrder(k Kind) int {
	for i, x := range Kinds {
		if x == k {
			return i
		}
	}
	return len(Kinds)
}

// Subject tells whether a change is about an operation or a resource type.
type Subject string

const (
	SubjectOperation Subject = "operation"
	SubjectType      Subject = "type"
)

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
)

var sectionOrder = map[string]int{
	"": 0, SecEndpoints: 1, SecPermissions: 2, SecRequest: 3, SecParameters: 4,
	SecResponse: 5, SecBaseType: 6, SecProperties: 7, SecRelationships: 8,
}

// Loc is a line in one revision's page. Path is the document's path.
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
	// Name is the operation's title or the type's name (the new revision's
	// when both exist).
	Name string `json:"name"`
	// Section is where in the page the change is (see the Sec constants);
	// empty for an operation or type added or removed.
	Section string `json:"section,omitempty"`
	// Item is what changed inside the page: "PATCH /path" for an endpoint,
	// "application DeviceManagementConfiguration.ReadWrite.All" for a
	// permission, a property's name.
	Item string `json:"item,omitempty"`
	// Old and New are the values before and after, for a changed element
	// ("String", "deviceConfiguration collection", "200", "read-only").
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// OldLoc and NewLoc are where the element (or, for an element present in
	// one revision only, the page or section that would hold it) is in each
	// revision; nil for the revision that lacks the page.
	OldLoc *Loc `json:"oldLoc"`
	NewLoc *Loc `json:"newLoc"`
	// Message says the change in words.
	Message string `json:"message"`

	// group orders changes of the same pair of pages together; oldPage and
	// newPage are those pages.
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

// Diff compares the old revision's documents with the new one's. Documents
// that are neither operations nor resources are ignored. The result's order
// is deterministic: by subject (operations first), name, pages, section,
// kind and item.
func Diff(oldDocs, newDocs []*model.Document) *Report {
	r := &Report{}
	oldOps, oldTypes := split(oldDocs)
	newOps, newTypes := split(newDocs)

	opPairs, opOld, opNew := matchOperations(oldOps, newOps)
	r.MatchedOperations = len(opPairs)
	oldIndex, newIndex := indexEndpoints(oldOps), indexEndpoints(newOps)
	for _, p := range opPairs {
		r.Changes = append(r.Changes, diffOperation(p[0], p[1], oldIndex, newIndex)...)
	}
	for _, d := range opOld {
		c := Change{Kind: OperationRemoved, Breaking: true, Subject: SubjectOperation,
			Name: opName(d), Item: endpointSummary(d), OldLoc: loc(d, d.TitlePos.Line),
			Message: "operation removed", group: groupKey(d, nil)}
		if at := elsewhere(d, newIndex); at != nil {
			// Every endpoint of the page is still documented, on other pages.
			c.Kind, c.Breaking, c.NewLoc = OperationMerged, false, at
			c.Message = "operation page removed; its endpoints are documented on other pages, first " + at.String()
		}
		r.Changes = append(r.Changes, c)
	}
	for _, d := range opNew {
		r.Changes = append(r.Changes, Change{Kind: OperationAdded, Subject: SubjectOperation,
			Name: opName(d), Item: endpointSummary(d), NewLoc: loc(d, d.TitlePos.Line),
			Message: "operation added", group: groupKey(nil, d)})
	}

	typePairs, tyOld, tyNew := matchTypes(oldTypes, newTypes)
	r.MatchedTypes = len(typePairs)
	for _, p := range typePairs {
		r.Changes = append(r.Changes, diffType(p[0], p[1])...)
	}
	for _, d := range tyOld {
		r.Changes = append(r.Changes, Change{Kind: TypeRemoved, Breaking: true, Subject: SubjectType,
			Name: typeName(d), OldLoc: loc(d, d.TitlePos.Line), Message: "type removed", group: groupKey(d, nil)})
	}
	for _, d := range tyNew {
		r.Changes = append(r.Changes, Change{Kind: TypeAdded, Subject: SubjectType,
			Name: typeName(d), NewLoc: loc(d, d.TitlePos.Line), Message: "type added", group: groupKey(nil, d)})
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
			return a.Subject == SubjectOperation
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

func groupKey(o, n *model.Document) string {
	var a, b string
	if o != nil {
		a = o.Path
	}
	if n != nil {
		b = n.Path
	}
	return a + "\x00" + b
}

func split(docs []*model.Document) (ops, types []*model.Document) {
	for _, d := range docs {
		if d == nil {
			continue
		}
		switch {
		case d.Kind == model.KindResource:
			types = append(types, d)
		case d.Kind == model.KindOperation:
			ops = append(ops, d)
		}
	}
	// Path order, whatever order the caller gave, so that matching among
	// equals is deterministic.
	byPath := func(ds []*model.Document) {
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Path < ds[j].Path })
	}
	byPath(ops)
	byPath(types)
	return ops, types
}

func loc(d *model.Document, line int) *Loc {
	if d == nil {
		return nil
	}
	if line <= 0 {
		line = d.TitlePos.Line
	}
	return &Loc{Path: d.Path, Line: line}
}

func opName(d *model.Document) string {
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return path.Base(d.Path)
}

var typeTitle = regexp.MustCompile(`(?i)^\s*(\S+)\s+resource\s+type\s*$`)

// typeName is the resource's name: TypeName, or X from a title "X resource
// type", or the title.
func typeName(d *model.Document) string {
	if d.TypeName != "" {
		return d.TypeName
	}
	if m := typeTitle.FindStringSubmatch(d.Title); m != nil {
		return m[1]
	}
	if t := strings.TrimSpace(d.Title); t != "" {
		return t
	}
	return path.Base(d.Path)
}

// endpointAt is where an endpoint is documented.
type endpointAt struct {
	doc *model.Document
	ep  model.Endpoint
}

// indexEndpoints maps each normalised endpoint to its first page (in the
// given order).
func indexEndpoints(docs []*model.Document) map[string]endpointAt {
	m := make(map[string]endpointAt)
	for _, d := range docs {
		for _, e := range d.Endpoints {
			k := EndpointKey(e)
			if _, ok := m[k]; !ok {
				m[k] = endpointAt{d, e}
			}
		}
	}
	return m
}

// elsewhere returns where the first endpoint of d is documented in index,
// when every endpoint of d is there on a page other than d; nil otherwise.
func elsewhere(d *model.Document, index map[string]endpointAt) *Loc {
	if len(d.Endpoints) == 0 {
		return nil
	}
	var first *Loc
	for _, e := range d.Endpoints {
		at, ok := index[EndpointKey(e)]
		if !ok || at.doc == d {
			return nil
		}
		if first == nil {
			first = loc(at.doc, at.ep.Pos.Line)
		}
	}
	return first
}

// endpointSummary is the first endpoint and how many others there are.
func endpointSummary(d *model.Document) string {
	if len(d.Endpoints) == 0 {
		return ""
	}
	s := d.Endpoints[0].Method + " " + d.Endpoints[0].Path
	if n := len(d.Endpoints) - 1; n > 0 {
		s += " (+" + itoa(n) + " more)"
	}
	return s
}

// EndpointKey normalises an endpoint for matching: upper-case method, the
// path lower-cased, with every {param} (or <param>) written {}, a key
// segment x('{id}') and a glued x{id} written x/{}, no API version prefix, no
// spaces and no trailing slash. (A scanner: the regular-expression version,
// kept in the tests as the reference, took a third of Diff's time.)
func EndpointKey(e model.Endpoint) string {
	p := strings.ToLower(strings.TrimSpace(e.Path))
	var b strings.Builder
	b.Grow(len(e.Method) + 2 + len(p))
	b.WriteString(strings.ToUpper(strings.TrimSpace(e.Method)))
	b.WriteByte(' ')
	mark := b.Len()
	last := byte(0)
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch c {
		case ' ':
			continue
		case '{', '<':
			end := byte('}')
			if c == '<' {
				end = '>'
			}
			j := strings.IndexByte(p[i+1:], end)
			if j < 0 || strings.IndexByte(p[i+1:i+1+j], c) >= 0 {
				break // not a placeholder: keep the character
			}
			if last != 0 && !strings.ContainsRune("/(=,'", rune(last)) {
				b.WriteByte('/') // glued: companies{id}
			}
			b.WriteString("{}")
			i += j + 1
			last = '}'
			continue
		}
		b.WriteByte(c)
		last = c
	}
	p = b.String()[mark:]
	if strings.Contains(p, "({}") || strings.Contains(p, "('{}") {
		p = keySegment.Replace(p)
	}
	for _, pre := range []string{"https://graph.microsoft.com", "/beta/", "/v1.0/"} {
		if strings.HasPrefix(p, pre) {
			p = "/" + strings.TrimPrefix(strings.TrimPrefix(p, pre), "/")
		}
	}
	p = strings.TrimRight(p, "/")
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return b.String()[:mark] + p
}

var keySegment = strings.NewReplacer("('{}')", "/{}", "('{})", "/{}", "({}')", "/{}", "({})", "/{}")

// baseKey is a page's file base name without extension, lower-case, with '_'
// written '-'.
func baseKey(d *model.Document) string {
	b := strings.TrimSuffix(path.Base(d.Path), ".md")
	return strings.ReplaceAll(strings.ToLower(b), "_", "-")
}

func titleKey(d *model.Document) string {
	return strings.ToLower(strings.Join(strings.Fields(d.Title), " "))
}

func itoa(n int) string { return strconv.Itoa(n) }
