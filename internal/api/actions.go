package api

import (
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
)

// The metadata's actions: an operation page whose endpoint calls one (its
// last segment names an action bound to the type the path before it
// addresses) gets its request body's properties from the action's
// parameters, whatever the page's table lists.

// actionIndex holds what finding an endpoint's action needs, built on first
// use: the actions by lower-case name, and the entity sets and singletons
// by name (the first segment of a path).
type actionIndex struct {
	actions map[string][]*csdl.Operation
	roots   map[string]csdl.TypeRef
}

func (m *metaIndex) actionIdx() *actionIndex {
	if m.acts != nil {
		return m.acts
	}
	a := &actionIndex{actions: map[string][]*csdl.Operation{}, roots: map[string]csdl.TypeRef{}}
	for _, op := range m.x.Operations() {
		if op.Kind == "action" {
			k := strings.ToLower(op.Name)
			a.actions[k] = append(a.actions[k], op)
		}
	}
	for _, md := range m.docs {
		for _, s := range md.Schemas {
			for _, c := range s.Containers {
				for _, es := range c.EntitySets {
					if _, ok := a.roots[es.Name]; !ok {
						a.roots[es.Name] = csdl.TypeRef{Name: es.EntityType, Collection: true}
					}
				}
				for _, st := range c.Singletons {
					if _, ok := a.roots[st.Name]; !ok {
						a.roots[st.Name] = csdl.TypeRef{Name: st.Type}
					}
				}
			}
		}
	}
	m.acts = a
	return a
}

// action returns the metadata action ep calls, or nil: an action named by
// ep's last segment, the only one of that name or the one whose binding
// parameter is the type the rest of the path addresses (or one of its
// bases).
func (m *metaIndex) action(ep model.Endpoint) *csdl.Operation {
	n := len(ep.Segments)
	if n == 0 {
		return nil
	}
	last := ep.Segments[n-1]
	if last.Kind != model.SegLiteral && last.Kind != model.SegCast {
		return nil
	}
	name := last.Name
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if _, isType := m.x.Type(name); isType {
			return nil
		}
		name = name[i+1:]
	}
	cands := m.actionIdx().actions[strings.ToLower(name)]
	if len(cands) == 0 {
		return nil
	}
	bound, ok := m.walk(ep.Segments[:n-1])
	var found *csdl.Operation
	for _, op := range cands {
		if !op.IsBound || len(op.Parameters) == 0 {
			if n == 1 && len(cands) == 1 {
				return op // an unbound action at the root
			}
			continue
		}
		if !ok {
			if len(cands) == 1 {
				return op // the only action of that name
			}
			return nil
		}
		if m.binds(op.Parameters[0].Type, bound) {
			if found != nil {
				return nil // two actions fit: none is sure
			}
			found = op
		}
	}
	return found
}

// binds reports whether an action bound to b can be called on a value of
// type t: the same collection-ness, and b is t or one of its bases.
func (m *metaIndex) binds(b, t csdl.TypeRef) bool {
	if b.Collection != t.Collection {
		return false
	}
	for q, i := t.Name, 0; q != "" && i < 64; i++ {
		if strings.EqualFold(q, b.Name) {
			return true
		}
		st, ok := m.x.Type(q)
		if !ok {
			return false
		}
		q = st.BaseType
	}
	return false
}

// walk follows a path's segments through the metadata: the entity set or
// singleton of the first, then navigation and structural properties (of
// the type or a type it derives from, or one derived from it), keys, casts
// and item paths. It returns the type the path addresses.
func (m *metaIndex) walk(segs []model.Segment) (csdl.TypeRef, bool) {
	if len(segs) == 0 || segs[0].Kind != model.SegLiteral && segs[0].Kind != model.SegKey {
		return csdl.TypeRef{}, false
	}
	cur, ok := m.actionIdx().roots[segs[0].Name]
	if !ok {
		return cur, false
	}
	if segs[0].Kind == model.SegKey {
		cur.Collection = false
	}
	for _, s := range segs[1:] {
		switch s.Kind {
		case model.SegParam:
			if !cur.Collection {
				return cur, false
			}
			cur.Collection = false
		case model.SegItemPath:
			cur.Collection = false // root:/{item-path}: addresses one item
		case model.SegCast:
			if _, ok := m.x.Type(s.Name); !ok {
				return cur, false
			}
			cur.Name = s.Name
		case model.SegLiteral, model.SegKey:
			if cur.Collection {
				return cur, false
			}
			next, ok := m.member(cur.Name, s.Name)
			if !ok {
				return cur, false
			}
			cur = next
			if s.Kind == model.SegKey {
				cur.Collection = false
			}
		default:
			return cur, false
		}
	}
	return cur, true
}

// member is the type of the navigation or structural property called name
// of the type q, of one of its bases, or else of a type derived from it
// (breadth first).
func (m *metaIndex) member(q, name string) (csdl.TypeRef, bool) {
	look := func(st *csdl.StructuredType) (csdl.TypeRef, bool) {
		for b, i := st, 0; b != nil && i < 64; i++ {
			if np, ok := b.NavigationProperty(name); ok {
				return np.Type, true
			}
			if p, ok := b.Property(name); ok {
				return p.Type, true
			}
			var ok bool
			if b, ok = m.x.Type(b.BaseType); !ok {
				break
			}
		}
		return csdl.TypeRef{}, false
	}
	st, ok := m.x.Type(q)
	if !ok {
		return csdl.TypeRef{}, false
	}
	if r, ok := look(st); ok {
		return r, true
	}
	queue := slices.Clone(m.x.Derived(st.QualifiedName())) // Derived's slice is shared
	for i := 0; i < len(queue) && i < 4096; i++ {
		if r, ok := look(queue[i]); ok {
			return r, true
		}
		queue = append(queue, m.x.Derived(queue[i].QualifiedName())...)
	}
	return csdl.TypeRef{}, false
}

// actionBody makes rt's properties the parameters of the metadata action
// op (all but the binding parameter), in the page's order then the
// metadata's: a documented parameter keeps the page's description and
// flags with the metadata's type; one only the metadata has is added, and
// one only the page has is kept; each disagreement is a diagnostic naming
// the action.
func (l *linker) actionBody(d *model.Document, rt *Type, rows []model.Property, op *csdl.Operation) {
	params := op.Parameters
	if op.IsBound && len(params) > 0 {
		params = params[1:]
	}
	src := func(p *csdl.Parameter) Source { return metaSource(op.File, p.Pos) }
	name := quoteName(op.QualifiedName())
	used := map[*csdl.Parameter]bool{}
	for _, pr := range rows {
		var mp *csdl.Parameter
		for _, q := range params {
			if q.Name == pr.Name || mp == nil && strings.EqualFold(q.Name, pr.Name) {
				mp = q
			}
		}
		at := At(d, pr.Pos)
		p := l.property(rt, at, pr)
		rt.Properties = append(rt.Properties, p)
		if mp == nil || used[mp] {
			l.diagAt(at, model.SevWarning, "metadata-parameter-unknown", "the metadata's action "+name+" ("+metaSource(op.File, op.Pos).String()+") has no parameter "+quoteName(pr.Name)+"; it is sent as the page says")
			continue
		}
		used[mp] = true
		p.Meta = src(mp)
		switch {
		case p.Name == mp.Name:
		case lowerFirst(p.Name) && !lowerFirst(mp.Name):
			// The metadata writes some actions' parameters in Pascal case
			// (getSchedule's Schedules, sendMail's Message) where the pages
			// and their examples write camel case, as JSON members are.
			l.diagAt(at, model.SevInfo, "metadata-parameter-name", "the metadata's action "+name+" spells "+quoteName(p.Name)+" "+quoteName(mp.Name)+" ("+p.Meta.String()+"); the page's camel case is kept")
		default:
			l.diagAt(at, model.SevWarning, "metadata-property-name", "the page writes "+quoteName(p.Name)+"; the metadata's action "+name+" spells it "+quoteName(mp.Name)+" ("+p.Meta.String()+"), which is used")
			p.Name = mp.Name
		}
		l.takeMetaType(p, l.metaRef(mp.Type, p.Meta), at, "the metadata's action "+name)
	}
	for _, mp := range params {
		if used[mp] {
			continue
		}
		n := mp.Nullable
		// Not Required: the pages decide that (Graph's metadata rarely
		// marks a parameter optional, and the fake service refuses a
		// request without a required property).
		p := &Property{Name: mp.Name, Type: l.metaRef(mp.Type, src(mp)), Nullable: &n,
			Description: mp.Description, Owner: rt, Meta: src(mp)}
		l.diagAt(rt.Doc, model.SevWarning, "metadata-parameter-undocumented", "the page does not list "+quoteName(mp.Name)+" ("+p.Type.String()+"), a parameter of the metadata's action "+name+" ("+p.Meta.String()+"); it is added")
		rt.Properties = append(rt.Properties, p)
	}
}

// lowerFirst reports whether s starts with a lower-case ASCII letter.
func lowerFirst(s string) bool { return s != "" && s[0] >= 'a' && s[0] <= 'z' }
