package apidiff

import (
	"slices"
	"sort"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// differ collects the changes of one pair of operations or types.
type differ struct {
	subject          Subject
	name             string
	group            string
	oldPage, newPage string
	out              []Change

	// Operations only.
	o, n               *api.Operation
	oldIndex, newIndex map[string]*api.Endpoint
}

func (d *differ) add(c Change) {
	c.Subject, c.Name, c.group = d.subject, d.name, d.group
	c.oldPage, c.newPage = d.oldPage, d.newPage
	d.out = append(d.out, c)
}

func diffOperation(o, n *api.Operation, oldIndex, newIndex map[string]*api.Endpoint) []Change {
	d := &differ{subject: SubjectOperation, name: opName(n), group: opGroup(o, n),
		oldPage: o.Page.Path, newPage: n.Page.Path, o: o, n: n, oldIndex: oldIndex, newIndex: newIndex}
	d.endpoints()
	d.permissions()
	d.requestBody()
	op, np := params(o), params(n)
	d.properties(SecParameters, op, np, firstLoc(op, opLoc(o, 0)), firstLoc(np, opLoc(n, 0)))
	d.response()
	return d.out
}

func diffType(o, n *api.Type) []Change {
	ol, nl := typeLoc(o), typeLoc(n)
	d := &differ{subject: SubjectType, name: n.QualifiedName(), group: typeGroup(o, n), oldPage: ol.Path, newPage: nl.Path}
	if ob, nb := baseName(o), baseName(n); !strings.EqualFold(ob, nb) {
		d.add(Change{Kind: BaseTypeChanged, Breaking: true, Section: SecBaseType, Old: orNone(ob), New: orNone(nb),
			OldLoc: ol, NewLoc: nl, Message: "base type changed from " + orNone(ob) + " to " + orNone(nb)})
	}
	d.properties(SecProperties, fields(o), fields(n), ownLoc(o), ownLoc(n))
	or, nr := relationships(o), relationships(n)
	d.properties(SecRelationships, or, nr, firstOwnRelationship(o), firstOwnRelationship(n))
	return d.out
}

// baseName is the qualified name of t's base type, "" when it has none.
func baseName(t *api.Type) string {
	if t.Base == nil {
		return ""
	}
	return t.Base.QualifiedName()
}

func (d *differ) endpoints() {
	oldBy := make(map[string]*api.Endpoint)
	for _, e := range d.o.Endpoints {
		if _, ok := oldBy[e.Key]; !ok {
			oldBy[e.Key] = e
		}
	}
	newBy := make(map[string]*api.Endpoint)
	for _, e := range d.n.Endpoints {
		if _, ok := newBy[e.Key]; !ok {
			newBy[e.Key] = e
		}
	}
	oldFirst, newFirst := 0, 0
	if len(d.o.Endpoints) > 0 {
		oldFirst = d.o.Endpoints[0].Pos.Line
	}
	if len(d.n.Endpoints) > 0 {
		newFirst = d.n.Endpoints[0].Pos.Line
	}
	for _, e := range d.o.Endpoints {
		if _, ok := newBy[e.Key]; ok || oldBy[e.Key] != e {
			continue
		}
		item := e.Method + " " + e.Path
		if at, ok := d.newIndex[e.Key]; ok {
			d.add(Change{Kind: EndpointMoved, Section: SecEndpoints, Item: item,
				OldLoc: opLoc(d.o, e.Pos.Line), NewLoc: opLoc(at.Op, at.Pos.Line), Message: "endpoint moved to " + at.Op.Page.Path})
			continue
		}
		d.add(Change{Kind: EndpointRemoved, Breaking: true, Section: SecEndpoints, Item: item,
			OldLoc: opLoc(d.o, e.Pos.Line), NewLoc: opLoc(d.n, newFirst), Message: "endpoint removed"})
	}
	for _, e := range d.n.Endpoints {
		if _, ok := oldBy[e.Key]; ok || newBy[e.Key] != e {
			continue
		}
		if _, ok := d.oldIndex[e.Key]; ok {
			continue // documented by another old operation: reported there as moved
		}
		d.add(Change{Kind: EndpointAdded, Section: SecEndpoints, Item: e.Method + " " + e.Path,
			OldLoc: opLoc(d.o, oldFirst), NewLoc: opLoc(d.n, e.Pos.Line), Message: "endpoint added"})
	}
}

// permTypes is the order permission rows are compared in.
var permTypes = []model.PermissionType{model.PermDelegatedWork, model.PermDelegatedPersonal, model.PermApplication}

func (d *differ) permissions() {
	rows := func(perms []model.Permission) map[model.PermissionType][]model.Permission {
		m := make(map[model.PermissionType][]model.Permission)
		for _, p := range perms {
			m[p.Type] = append(m[p.Type], p)
		}
		return m
	}
	or, nr := rows(d.o.Permissions), rows(d.n.Permissions)
	types := append([]model.PermissionType{}, permTypes...)
	for _, m := range []map[model.PermissionType][]model.Permission{or, nr} {
		for t := range m {
			if !containsType(types, t) {
				types = append(types, t)
			}
		}
	}
	sort.SliceStable(types[len(permTypes):], func(i, j int) bool { return types[len(permTypes)+i] < types[len(permTypes)+j] })
	rowLine := func(all, rs []model.Permission) int {
		if len(rs) > 0 {
			return rs[0].Pos.Line
		}
		if len(all) > 0 {
			return all[0].Pos.Line
		}
		return 0
	}
	for _, t := range types {
		os, ol := scopeSet(or[t])
		ns, nl := scopeSet(nr[t])
		oLoc, nLoc := opLoc(d.o, rowLine(d.o.Permissions, or[t])), opLoc(d.n, rowLine(d.n.Permissions, nr[t]))
		for _, s := range ol {
			if !ns[strings.ToLower(s)] {
				msg := "permission removed"
				switch {
				case d.n.PermissionsUnknown:
					msg = "permission removed; the new page documents no permissions graphgen can read"
				case len(nl) == 0:
					msg = "permission removed; " + string(t) + " access is no longer documented as supported"
				}
				d.add(Change{Kind: PermissionRemoved, Section: SecPermissions, Item: string(t) + " " + s,
					OldLoc: oLoc, NewLoc: nLoc, Message: msg})
			}
		}
		for _, s := range nl {
			if !os[strings.ToLower(s)] {
				msg := "permission added"
				switch {
				case d.o.PermissionsUnknown:
					msg = "permission added; the old page documented no permissions graphgen could read"
				case len(ol) == 0:
					msg = "permission added; " + string(t) + " access was not supported before"
				}
				d.add(Change{Kind: PermissionAdded, Section: SecPermissions, Item: string(t) + " " + s,
					OldLoc: oLoc, NewLoc: nLoc, Message: msg})
			}
		}
	}
}

func containsType(ts []model.PermissionType, t model.PermissionType) bool {
	for _, x := range ts {
		if x == t {
			return true
		}
	}
	return false
}

// scopeSet is the scopes of rows (least privileged, then higher), as a
// lower-case set and as a list in first-seen order without duplicates.
func scopeSet(rows []model.Permission) (map[string]bool, []string) {
	set := make(map[string]bool)
	var list []string
	for _, r := range rows {
		for _, s := range append(slices.Clip(r.Scopes), r.Higher...) {
			k := strings.ToLower(s)
			if !set[k] {
				set[k] = true
				list = append(list, s)
			}
		}
	}
	return set, list
}

func (d *differ) requestBody() {
	ot, nt := bodyTypeName(d.o), bodyTypeName(d.n)
	oLoc, nLoc := bodyLoc(d.o), bodyLoc(d.n)
	if ot != "" && nt != "" && !sameType(d.o.Body.Type, d.n.Body.Type) {
		d.add(Change{Kind: RequestTypeChanged, Breaking: true, Section: SecRequest, Old: ot, New: nt,
			OldLoc: oLoc, NewLoc: nLoc, Message: "request body type changed from " + ot + " to " + nt})
	}
	op, np := requestProps(d.o), requestProps(d.n)
	d.properties(SecRequest, op, np, bodySectionLoc(d.o, op), bodySectionLoc(d.n, np))
}

// bodyTypeName is the resolved type a request body names, "" for a body of
// listed properties (a synthetic request type), a binary body or none.
func bodyTypeName(op *api.Operation) string {
	b := op.Body
	if b == nil || b.Binary || b.Type.Type != nil && b.Type.Type.Request != nil {
		return ""
	}
	return refString(b.Type)
}

// bodyLoc is the request body section's line, the title's without one.
func bodyLoc(op *api.Operation) *Loc {
	line := 0
	if rb := op.Page.RequestBody; rb != nil {
		line = rb.Pos.Line
	} else if op.Body != nil {
		line = op.Body.Doc.Line
	}
	return opLoc(op, line)
}

// bodySectionLoc is where a request property would be: the body section,
// else its first property, else the title.
func bodySectionLoc(op *api.Operation, props []prop) *Loc {
	if rb := op.Page.RequestBody; rb != nil && rb.Pos.Line > 0 {
		return opLoc(op, rb.Pos.Line)
	}
	return firstLoc(props, opLoc(op, 0))
}

func (d *differ) response() {
	var or, nr api.Response
	if d.o.Response != nil {
		or = *d.o.Response
	}
	if d.n.Response != nil {
		nr = *d.n.Response
	}
	oLoc, nLoc := opLoc(d.o, or.Doc.Line), opLoc(d.n, nr.Doc.Line)
	if or.Status != 0 && nr.Status != 0 && or.Status != nr.Status {
		os, ns := statusString(d.o), statusString(d.n)
		d.add(Change{Kind: ResponseStatusChanged, Breaking: true, Section: SecResponse, Old: os, New: ns,
			OldLoc: oLoc, NewLoc: nLoc, Message: "response status changed from " + os + " to " + ns})
	}
	var ot, nt string
	if or.Type != nil {
		ot = refString(*or.Type)
	}
	if nr.Type != nil {
		nt = refString(*nr.Type)
	}
	if (ot == "") != (nt == "") || ot != "" && (or.Type.Collection != nr.Type.Collection || !sameType(*or.Type, *nr.Type)) {
		// A type appearing where there was none takes nothing from a client;
		// any other change does.
		d.add(Change{Kind: ResponseTypeChanged, Breaking: ot != "", Section: SecResponse, Old: orNone(ot), New: orNone(nt),
			OldLoc: oLoc, NewLoc: nLoc, Message: "response type changed from " + orNone(ot) + " to " + orNone(nt)})
	}
}

// statusString is "200 OK": the status and the reason the page writes.
func statusString(op *api.Operation) string {
	s := itoa(op.Response.Status)
	if r := op.Page.Response; r != nil && r.Reason != "" {
		s += " " + r.Reason
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// elemName is the name of a reference's type without its collection:
// "Int32", "microsoft.graph.gadget", or the name as written when it is
// unresolved ("" when there is none).
func elemName(r api.Ref) string {
	r.Collection = false
	return r.String()
}

// refString is Ref.String ("Collection(microsoft.graph.gadget)"), or ""
// when the reference names no type.
func refString(r api.Ref) string {
	if elemName(r) == "" {
		return ""
	}
	return r.String()
}

// sameType reports whether two references name the same type, collection
// aside: two resolved ones by primitive or qualified name
// (case-insensitive); two unresolved ones by the name as written; an
// unresolved one and a resolved one when the name as written is the
// resolved type's primitive, simple or qualified name (a revision that
// lacks the type's page next to one that has it, or a page row the model
// does not link).
func sameType(a, b api.Ref) bool {
	ua, ub := a.Unresolved(), b.Unresolved()
	switch {
	case ua && ub:
		return strings.EqualFold(a.Name, b.Name)
	case ua:
		return writtenAs(b, a.Name)
	case ub:
		return writtenAs(a, b.Name)
	}
	if a.Type == nil || b.Type == nil {
		return a.Type == b.Type && a.Prim == b.Prim
	}
	return strings.EqualFold(a.Type.QualifiedName(), b.Type.QualifiedName())
}

// writtenAs reports whether name is r's primitive (as api.ParsePrim reads
// it), or its type's simple or qualified name (case-insensitive).
func writtenAs(r api.Ref, name string) bool {
	if r.Type == nil {
		p, ok := api.ParsePrim(name)
		return ok && p == r.Prim
	}
	return strings.EqualFold(name, r.Type.Name) || strings.EqualFold(name, r.Type.QualifiedName())
}

// prop is one row compared: a resolved property, or (for relationships and
// the rows of a request body that names its type) a page row.
type prop struct {
	name               string
	ref                api.Ref
	readOnly, required bool
	loc                *Loc
	// meta is the property's metadata element, if it has one.
	meta *Loc
}

func fromProperty(p *api.Property) prop {
	return prop{name: p.Name, ref: p.Type, readOnly: p.ReadOnly, required: p.Required, loc: propLoc(p), meta: srcLoc(p.Meta)}
}

// fields are t's properties, inherited ones first.
func fields(t *api.Type) []prop {
	fs := t.Fields()
	out := make([]prop, len(fs))
	for i, p := range fs {
		out[i] = fromProperty(p)
	}
	return out
}

// ownLoc is where t's own properties start: the first one, else t itself.
func ownLoc(t *api.Type) *Loc {
	if len(t.Properties) > 0 {
		if l := propLoc(t.Properties[0]); l != nil {
			return l
		}
	}
	return typeLoc(t)
}

func params(op *api.Operation) []prop {
	out := make([]prop, len(op.Params))
	for i, p := range op.Params {
		out[i] = fromProperty(p)
	}
	return out
}

// requestProps are a request body's properties: those of the request type
// the model makes of the page's table; for a body that names its type, the
// rows its page lists.
//
// The model keeps no rows for a body that names its type, so those are
// read from the page (as relationships are), typed as the table writes
// them: an unresolved Ref compared by name (see sameType).
func requestProps(op *api.Operation) []prop {
	b := op.Body
	if b == nil {
		return nil
	}
	if t := b.Type.Type; t != nil && t.Request != nil {
		out := make([]prop, len(t.Properties))
		for i, p := range t.Properties {
			out[i] = fromProperty(p)
		}
		return out
	}
	rb := op.Page.RequestBody
	if rb == nil {
		return nil
	}
	var out []prop
	seen := map[string]bool{}
	for _, row := range rb.Properties {
		if row.Name == "" || seen[row.Name] || strings.HasPrefix(row.Name, "@") {
			continue
		}
		seen[row.Name] = true
		out = append(out, prop{name: row.Name, ref: api.Ref{Name: row.Type.Name, Collection: row.Type.Collection},
			readOnly: row.ReadOnly, required: row.Required, loc: opLoc(op, row.Pos.Line)})
	}
	return out
}

// relationships are the relationship rows of t's page and of its base
// types' pages (inherited ones first; the first of a name wins), typed as
// the pages write them.
//
// The model does not link relationships (navigation properties), so they
// are read from the pages, along the model's resolved base chain, and their
// types compared as written (case-insensitively).
func relationships(t *api.Type) []prop {
	var chain []*api.Type
	for p, n := t, 0; p != nil && n < 64; p, n = p.Base, n+1 {
		chain = append(chain, p)
	}
	var out []prop
	seen := map[string]bool{}
	for i := len(chain) - 1; i >= 0; i-- {
		pg := chain[i].Page
		if pg == nil {
			continue
		}
		for _, row := range pg.Relationships {
			k := strings.ToLower(row.Name)
			if row.Name == "" || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, prop{name: row.Name, ref: api.Ref{Name: row.Type.Name, Collection: row.Type.Collection},
				readOnly: row.ReadOnly, required: row.Required, loc: &Loc{Path: pg.Path, Line: row.Pos.Line}})
		}
	}
	return out
}

// firstOwnRelationship is where t's relationship table starts, t itself
// without one.
func firstOwnRelationship(t *api.Type) *Loc {
	if t.Page != nil && len(t.Page.Relationships) > 0 {
		return &Loc{Path: t.Page.Path, Line: t.Page.Relationships[0].Pos.Line}
	}
	return typeLoc(t)
}

// firstLoc is the first row's place, else def.
func firstLoc(ps []prop, def *Loc) *Loc {
	if len(ps) > 0 && ps[0].loc != nil && ps[0].loc.Line > 0 {
		return ps[0].loc
	}
	return def
}

// properties compares two property lists of one section, matching rows by
// name (case-insensitive; the first of a name counts). oSec and nSec locate
// the section in each revision for rows that exist on one side only.
func (d *differ) properties(sec string, ops, nps []prop, oSec, nSec *Loc) {
	index := func(ps []prop) map[string]int {
		m := make(map[string]int, len(ps))
		for i := range ps {
			k := strings.ToLower(ps[i].name)
			if _, ok := m[k]; !ok {
				m[k] = i
			}
		}
		return m
	}
	om, nm := index(ops), index(nps)
	where := sectionWord(sec)
	for i := range ops {
		p := &ops[i]
		k := strings.ToLower(p.name)
		if om[k] != i {
			continue // a repeated row; the first one counts
		}
		j, ok := nm[k]
		if !ok {
			d.add(Change{Kind: PropertyRemoved, Breaking: true, Section: sec, Item: p.name, Old: propString(p),
				OldLoc: orLoc(p.loc, oSec), NewLoc: nSec, Message: where + " removed"})
			continue
		}
		d.propertyChanges(sec, p, &nps[j], oSec, nSec)
	}
	for j := range nps {
		q := &nps[j]
		k := strings.ToLower(q.name)
		if nm[k] != j {
			continue
		}
		if _, ok := om[k]; ok {
			continue
		}
		breaking := sec != SecProperties && sec != SecRelationships && q.required && !q.readOnly
		msg := where + " added"
		if breaking {
			msg = "required " + msg
		}
		d.add(Change{Kind: PropertyAdded, Breaking: breaking, Section: sec, Item: q.name, New: propString(q),
			OldLoc: oSec, NewLoc: orLoc(q.loc, nSec), Message: msg})
	}
}

func orLoc(l, def *Loc) *Loc {
	if l != nil {
		return l
	}
	return def
}

func sectionWord(sec string) string {
	switch sec {
	case SecRequest:
		return "request property"
	case SecParameters:
		return "parameter"
	case SecRelationships:
		return "relationship"
	}
	return "property"
}

// propString describes a property's type and flags:
// "Collection(String), read-only, required".
func propString(p *prop) string {
	s := refString(p.ref)
	if s == "" {
		s = "unknown type"
	}
	if p.readOnly {
		s += ", read-only"
	}
	if p.required {
		s += ", required"
	}
	return s
}

// metaNote names two properties' metadata elements, where the metadata has
// them (with metadata, the type is the metadata's):
// " (metadata: old beta.xml:12, new beta.xml:40)"; "" when neither has one.
func metaNote(p, q *prop) string {
	var parts []string
	if p.meta != nil {
		parts = append(parts, "old "+p.meta.String())
	}
	if q.meta != nil {
		parts = append(parts, "new "+q.meta.String())
	}
	if len(parts) == 0 {
		return ""
	}
	return " (metadata: " + strings.Join(parts, ", ") + ")"
}

func (d *differ) propertyChanges(sec string, p, q *prop, oSec, nSec *Loc) {
	where := sectionWord(sec)
	ol, nl := orLoc(p.loc, oSec), orLoc(q.loc, nSec)
	on, nn := elemName(p.ref), elemName(q.ref)
	if on != "" && nn != "" && !sameType(p.ref, q.ref) {
		d.add(Change{Kind: PropertyChanged, Breaking: true, Section: sec, Item: q.name, Old: on, New: nn,
			OldLoc: ol, NewLoc: nl, Message: where + " type changed from " + on + " to " + nn + metaNote(p, q)})
	}
	if p.ref.Collection != q.ref.Collection {
		o, n := "single value", "collection"
		if p.ref.Collection {
			o, n = n, o
		}
		d.add(Change{Kind: PropertyChanged, Breaking: true, Section: sec, Item: q.name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " changed from " + o + " to " + n + metaNote(p, q)})
	}
	if p.readOnly != q.readOnly {
		o, n := "writable", "read-only"
		if p.readOnly {
			o, n = n, o
		}
		// A property a client could set and no longer can breaks it; the
		// other way round only adds.
		d.add(Change{Kind: PropertyChanged, Breaking: q.readOnly, Section: sec, Item: q.name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " became " + n})
	}
	if (sec == SecRequest || sec == SecParameters) && p.required != q.required {
		o, n := "optional", "required"
		if p.required {
			o, n = n, o
		}
		d.add(Change{Kind: PropertyChanged, Breaking: q.required, Section: sec, Item: q.name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " became " + n})
	}
}
