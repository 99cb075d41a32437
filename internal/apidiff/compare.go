package apidiff

import (
	"sort"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// differ collects the changes of one pair of pages.
type differ struct {
	o, n    *model.Document
	subject Subject
	// newIndex locates every endpoint of the new revision.
	newIndex map[string]endpointAt
	oldIndex map[string]endpointAt
	name     string
	out      []Change
}

func (d *differ) add(c Change) {
	c.Subject, c.Name, c.group = d.subject, d.name, groupKey(d.o, d.n)
	c.oldPage, c.newPage = d.o.Path, d.n.Path
	d.out = append(d.out, c)
}

func (d *differ) oldAt(line int) *Loc { return loc(d.o, line) }
func (d *differ) newAt(line int) *Loc { return loc(d.n, line) }

func diffOperation(o, n *model.Document, oldIndex, newIndex map[string]endpointAt) []Change {
	d := &differ{o: o, n: n, subject: SubjectOperation, name: opName(n), oldIndex: oldIndex, newIndex: newIndex}
	d.endpoints()
	d.permissions()
	d.requestBody()
	d.properties(SecParameters, o.Parameters, n.Parameters, firstPropLine(o.Parameters), firstPropLine(n.Parameters))
	d.response()
	return d.out
}

func diffType(o, n *model.Document) []Change {
	d := &differ{o: o, n: n, subject: SubjectType, name: typeName(n)}
	if ob, nb := typeRefString(o.BaseType), typeRefString(n.BaseType); !sameTypeName(ob, nb) {
		d.add(Change{Kind: BaseTypeChanged, Breaking: true, Section: SecBaseType, Old: orNone(ob), New: orNone(nb),
			OldLoc: d.oldAt(0), NewLoc: d.newAt(0), Message: "base type changed from " + orNone(ob) + " to " + orNone(nb)})
	}
	d.properties(SecProperties, o.Properties, n.Properties, firstPropLine(o.Properties), firstPropLine(n.Properties))
	d.properties(SecRelationships, o.Relationships, n.Relationships, firstPropLine(o.Relationships), firstPropLine(n.Relationships))
	return d.out
}

func (d *differ) endpoints() {
	oldBy := make(map[string]model.Endpoint)
	for _, e := range d.o.Endpoints {
		if _, ok := oldBy[EndpointKey(e)]; !ok {
			oldBy[EndpointKey(e)] = e
		}
	}
	newBy := make(map[string]model.Endpoint)
	for _, e := range d.n.Endpoints {
		if _, ok := newBy[EndpointKey(e)]; !ok {
			newBy[EndpointKey(e)] = e
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
		k := EndpointKey(e)
		if _, ok := newBy[k]; ok || oldBy[k].Pos != e.Pos {
			continue
		}
		if at, ok := d.newIndex[k]; ok {
			d.add(Change{Kind: EndpointMoved, Section: SecEndpoints, Item: e.Method + " " + e.Path,
				OldLoc: d.oldAt(e.Pos.Line), NewLoc: loc(at.doc, at.ep.Pos.Line), Message: "endpoint moved to " + at.doc.Path})
			continue
		}
		d.add(Change{Kind: EndpointRemoved, Breaking: true, Section: SecEndpoints, Item: e.Method + " " + e.Path,
			OldLoc: d.oldAt(e.Pos.Line), NewLoc: d.newAt(newFirst), Message: "endpoint removed"})
	}
	for _, e := range d.n.Endpoints {
		k := EndpointKey(e)
		if _, ok := oldBy[k]; ok || newBy[k].Pos != e.Pos {
			continue
		}
		if _, ok := d.oldIndex[k]; ok {
			continue // documented on another old page: reported there as moved
		}
		d.add(Change{Kind: EndpointAdded, Section: SecEndpoints, Item: e.Method + " " + e.Path,
			OldLoc: d.oldAt(oldFirst), NewLoc: d.newAt(e.Pos.Line), Message: "endpoint added"})
	}
}

// permTypes is the order permission rows are compared in.
var permTypes = []model.PermissionType{model.PermDelegatedWork, model.PermDelegatedPersonal, model.PermApplication}

func (d *differ) permissions() {
	rows := func(doc *model.Document) map[model.PermissionType][]model.Permission {
		m := make(map[model.PermissionType][]model.Permission)
		for _, p := range doc.Permissions {
			m[p.Type] = append(m[p.Type], p)
		}
		return m
	}
	or, nr := rows(d.o), rows(d.n)
	types := append([]model.PermissionType{}, permTypes...)
	for _, m := range []map[model.PermissionType][]model.Permission{or, nr} {
		for t := range m {
			if !containsType(types, t) {
				types = append(types, t)
			}
		}
	}
	sort.SliceStable(types[len(permTypes):], func(i, j int) bool { return types[len(permTypes)+i] < types[len(permTypes)+j] })
	rowLine := func(doc *model.Document, rs []model.Permission) int {
		if len(rs) > 0 {
			return rs[0].Pos.Line
		}
		if len(doc.Permissions) > 0 {
			return doc.Permissions[0].Pos.Line
		}
		return 0
	}
	for _, t := range types {
		os, ol := scopeSet(or[t])
		ns, nl := scopeSet(nr[t])
		oLine, nLine := rowLine(d.o, or[t]), rowLine(d.n, nr[t])
		for _, s := range ol {
			if !ns[strings.ToLower(s)] {
				msg := "permission removed"
				if len(nl) == 0 {
					msg = "permission removed; " + string(t) + " access is no longer documented as supported"
				}
				d.add(Change{Kind: PermissionRemoved, Section: SecPermissions, Item: string(t) + " " + s,
					OldLoc: d.oldAt(oLine), NewLoc: d.newAt(nLine), Message: msg})
			}
		}
		for _, s := range nl {
			if !os[strings.ToLower(s)] {
				msg := "permission added"
				if len(ol) == 0 {
					msg = "permission added; " + string(t) + " access was not supported before"
				}
				d.add(Change{Kind: PermissionAdded, Section: SecPermissions, Item: string(t) + " " + s,
					OldLoc: d.oldAt(oLine), NewLoc: d.newAt(nLine), Message: msg})
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

// scopeSet is the scopes of rows, as a lower-case set and as a list in
// first-seen order without duplicates.
func scopeSet(rows []model.Permission) (map[string]bool, []string) {
	set := make(map[string]bool)
	var list []string
	for _, r := range rows {
		for _, s := range r.Scopes {
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
	var ob, nb model.Body
	if d.o.RequestBody != nil {
		ob = *d.o.RequestBody
	}
	if d.n.RequestBody != nil {
		nb = *d.n.RequestBody
	}
	ot, nt := typeRefString(ob.Type), typeRefString(nb.Type)
	if ot != "" && nt != "" && !sameTypeName(ot, nt) {
		d.add(Change{Kind: RequestTypeChanged, Breaking: true, Section: SecRequest, Old: ot, New: nt,
			OldLoc: d.oldAt(ob.Pos.Line), NewLoc: d.newAt(nb.Pos.Line),
			Message: "request body type changed from " + ot + " to " + nt})
	}
	oLine, nLine := ob.Pos.Line, nb.Pos.Line
	if oLine == 0 {
		oLine = firstPropLine(ob.Properties)
	}
	if nLine == 0 {
		nLine = firstPropLine(nb.Properties)
	}
	d.properties(SecRequest, ob.Properties, nb.Properties, oLine, nLine)
}

func (d *differ) response() {
	var or, nr model.Response
	if d.o.Response != nil {
		or = *d.o.Response
	}
	if d.n.Response != nil {
		nr = *d.n.Response
	}
	if or.Status != 0 && nr.Status != 0 && or.Status != nr.Status {
		os, ns := statusString(or), statusString(nr)
		d.add(Change{Kind: ResponseStatusChanged, Breaking: true, Section: SecResponse, Old: os, New: ns,
			OldLoc: d.oldAt(or.Pos.Line), NewLoc: d.newAt(nr.Pos.Line),
			Message: "response status changed from " + os + " to " + ns})
	}
	ot, nt := typeRefString(or.Type), typeRefString(nr.Type)
	if !sameTypeName(ot, nt) {
		// A type appearing where there was none takes nothing from a client;
		// any other change does.
		d.add(Change{Kind: ResponseTypeChanged, Breaking: ot != "", Section: SecResponse, Old: orNone(ot), New: orNone(nt),
			OldLoc: d.oldAt(or.Pos.Line), NewLoc: d.newAt(nr.Pos.Line),
			Message: "response type changed from " + orNone(ot) + " to " + orNone(nt)})
	}
}

func statusString(r model.Response) string {
	s := itoa(r.Status)
	if r.Reason != "" {
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

// typeRefString is "Name" or "Name collection"; "" for nil or an unnamed type.
func typeRefString(t *model.TypeRef) string {
	if t == nil || t.Name == "" {
		return ""
	}
	if t.Collection {
		return t.Name + " collection"
	}
	return t.Name
}

func firstPropLine(ps []model.Property) int {
	if len(ps) > 0 {
		return ps[0].Pos.Line
	}
	return 0
}

// properties compares two property tables of one section, matching rows by
// name (case-insensitive). oLine and nLine locate the table in each page for
// rows that exist on one side only.
func (d *differ) properties(sec string, ops, nps []model.Property, oLine, nLine int) {
	index := func(ps []model.Property) map[string]*model.Property {
		m := make(map[string]*model.Property, len(ps))
		for i := range ps {
			k := strings.ToLower(ps[i].Name)
			if _, ok := m[k]; !ok {
				m[k] = &ps[i]
			}
		}
		return m
	}
	om, nm := index(ops), index(nps)
	where := sectionWord(sec)
	for i := range ops {
		p := &ops[i]
		k := strings.ToLower(p.Name)
		if om[k] != p {
			continue // a repeated row; the first one counts
		}
		q := nm[k]
		if q == nil {
			d.add(Change{Kind: PropertyRemoved, Breaking: true, Section: sec, Item: p.Name, Old: propString(p),
				OldLoc: d.oldAt(p.Pos.Line), NewLoc: d.newAt(nLine), Message: where + " removed"})
			continue
		}
		d.propertyChanges(sec, p, q)
	}
	for i := range nps {
		q := &nps[i]
		k := strings.ToLower(q.Name)
		if nm[k] != q || om[k] != nil {
			continue
		}
		breaking := sec != SecProperties && sec != SecRelationships && q.Required && !q.ReadOnly
		msg := where + " added"
		if breaking {
			msg = "required " + msg
		}
		d.add(Change{Kind: PropertyAdded, Breaking: breaking, Section: sec, Item: q.Name, New: propString(q),
			OldLoc: d.oldAt(oLine), NewLoc: d.newAt(q.Pos.Line), Message: msg})
	}
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

// propString describes a property's type and flags: "String collection,
// read-only, required".
func propString(p *model.Property) string {
	s := typeRefString(&p.Type)
	if s == "" {
		s = "unknown type"
	}
	if p.ReadOnly {
		s += ", read-only"
	}
	if p.Required {
		s += ", required"
	}
	return s
}

func (d *differ) propertyChanges(sec string, p, q *model.Property) {
	where := sectionWord(sec)
	ol, nl := d.oldAt(p.Pos.Line), d.newAt(q.Pos.Line)
	// Type name, compared case-insensitively, and without "Edm." which the
	// parser drops but older pages may keep in a link text.
	on, nn := p.Type.Name, q.Type.Name
	if on != "" && nn != "" && !sameTypeName(on, nn) {
		d.add(Change{Kind: PropertyChanged, Breaking: true, Section: sec, Item: q.Name, Old: on, New: nn,
			OldLoc: ol, NewLoc: nl, Message: where + " type changed from " + on + " to " + nn})
	}
	if p.Type.Collection != q.Type.Collection {
		o, n := "single value", "collection"
		if p.Type.Collection {
			o, n = n, o
		}
		d.add(Change{Kind: PropertyChanged, Breaking: true, Section: sec, Item: q.Name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " changed from " + o + " to " + n})
	}
	if p.ReadOnly != q.ReadOnly {
		o, n := "writable", "read-only"
		if p.ReadOnly {
			o, n = n, o
		}
		// A property a client could set and no longer can breaks it; the
		// other way round only adds.
		d.add(Change{Kind: PropertyChanged, Breaking: q.ReadOnly, Section: sec, Item: q.Name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " became " + n})
	}
	if (sec == SecRequest || sec == SecParameters) && p.Required != q.Required {
		o, n := "optional", "required"
		if p.Required {
			o, n = n, o
		}
		d.add(Change{Kind: PropertyChanged, Breaking: q.Required, Section: sec, Item: q.Name, Old: o, New: n,
			OldLoc: ol, NewLoc: nl, Message: where + " became " + n})
	}
}

// sameTypeName compares type names case-insensitively, ignoring an "Edm.",
// "#" or "microsoft.graph." prefix.
func sameTypeName(a, b string) bool {
	return strings.EqualFold(bareType(a), bareType(b))
}

func bareType(s string) string {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	for _, p := range []string{"Edm.", "edm.", "microsoft.graph.", "Microsoft.Graph."} {
		s = strings.TrimPrefix(s, p)
	}
	return s
}
