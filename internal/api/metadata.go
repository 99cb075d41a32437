package api

import (
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
)

// metaIndex maps the metadata's types to the model's: a page type with the
// same qualified name, or a type made from the metadata alone.
type metaIndex struct {
	x      *csdl.Index
	types  map[string]*Type   // lower-case qualified name
	simple map[string][]*Type // lower-case simple name
	st     map[*Type]*csdl.StructuredType
	en     map[*Type]*csdl.EnumType
	docs   []*csdl.Metadata
	acts   *actionIndex // built on first use (actions.go)
}

func metaSource(file string, p csdl.Pos) Source { return Source{File: file, Line: p.Line, Col: p.Col} }

// find returns the metadata type of a qualified name, or of a simple name
// when exactly one namespace defines it (microsoft.graph's wins a tie).
func (m *metaIndex) find(name string) *Type {
	n := strings.ToLower(strings.TrimPrefix(strings.TrimSpace(name), "#"))
	if n == "" {
		return nil
	}
	if t := m.types[n]; t != nil {
		return t
	}
	if t := m.types["microsoft.graph."+n]; t != nil {
		return t
	}
	if c := m.simple[n]; len(c) == 1 {
		return c[0]
	}
	return nil
}

// ref converts a metadata type reference.
func (m *metaIndex) ref(tr csdl.TypeRef) Ref {
	r := Ref{Name: tr.Name, Collection: tr.Collection}
	if tr.IsPrimitive() {
		if p, ok := ParsePrim(tr.Name); ok {
			r.Prim = p
		} else {
			r.Prim = PrimUntyped // Edm.Geography*, Edm.Untyped...
		}
		return r
	}
	// microsoft.graph.Json, an empty complex type, stands for any JSON
	// value (a workbook range's values are arrays of arrays): raw JSON, as
	// a page's "Json" cell reads.
	if strings.EqualFold(tr.Name, "microsoft.graph.Json") {
		if st, ok := m.x.Type(tr.Name); ok && len(st.Properties) == 0 && len(st.NavigationProperties) == 0 {
			r.Prim = PrimUntyped
			return r
		}
	}
	r.Type = m.types[strings.ToLower(tr.Name)]
	return r
}

// takeMetaType gives p the metadata's type mr (the metadata decides wire
// shapes), with a diagnostic at at when the page typed it otherwise; what
// names the metadata's element in it ("the metadata", "the metadata's
// action x"). A page cell that could not be resolved takes mr silently: its
// own diagnostic no longer applies.
func (l *linker) takeMetaType(p *Property, mr Ref, at Source, what string) {
	if mr.Unresolved() || mr.Same(p.Type) {
		return
	}
	if p.Type.Unresolved() {
		l.resolvedLater[p.Doc] = true
		p.Type = mr
		return
	}
	code, sev := "metadata-type-differs", model.SevWarning
	if sameShape(p.Type, mr) {
		code, sev = "metadata-type-refined", model.SevInfo
	}
	l.diagAt(at, sev, code, "the page types "+quoteName(p.Name)+" as "+quoteName(p.Type.String())+"; "+what+" says "+quoteName(mr.String())+" ("+p.Meta.String()+"), which is used")
	p.Type = mr
}

// mergeMetadata applies the metadata to the page types (see the package
// documentation for the policy) and adds the types only the metadata has.
// It runs after indexPages and before inherit and properties, so page
// references resolve to the merged types; mergeProperties runs after them.
func (l *linker) mergeMetadata(docs []*csdl.Metadata) {
	// Only checked names go on: the index and the actions (actions.go)
	// read the documents checkMetadata returns, never the ones given.
	docs = l.checkMetadata(docs)
	x := csdl.NewIndex(docs...)
	m := &metaIndex{x: x, types: map[string]*Type{}, simple: map[string][]*Type{},
		st: map[*Type]*csdl.StructuredType{}, en: map[*Type]*csdl.EnumType{}, docs: docs}
	l.meta = m
	add := func(t *Type) {
		m.types[strings.ToLower(t.QualifiedName())] = t
		k := strings.ToLower(t.Name)
		m.simple[k] = append(m.simple[k], t)
	}
	for _, ct := range x.Types() {
		q := strings.ToLower(ct.QualifiedName())
		if m.types[q] != nil {
			continue // an earlier document's
		}
		t := l.byQual[q]
		if t == nil {
			t = &Type{Namespace: ct.Namespace, Name: ct.Name, Description: ct.Description}
			l.types = append(l.types, t)
			l.byQual[q] = t
		} else if t.Name != ct.Name || t.Namespace != ct.Namespace {
			l.diagAt(t.Doc, model.SevWarning, "metadata-type-name", "the page names the type "+quoteName(t.QualifiedName())+"; the metadata spells it "+quoteName(ct.QualifiedName())+" ("+metaSource(ct.File, ct.Pos).String()+"), which is used")
			t.Namespace, t.Name = ct.Namespace, ct.Name
		}
		t.Kind = KindComplex
		if ct.Kind == "entity" {
			t.Kind = KindEntity
		}
		t.Abstract, t.Open = ct.Abstract, ct.OpenType
		t.Meta = metaSource(ct.File, ct.Pos)
		if t.Description == "" {
			t.Description = ct.Description
		}
		m.st[t] = ct
		add(t)
	}
	for _, ce := range x.Enums() {
		q := strings.ToLower(ce.QualifiedName())
		if m.types[q] != nil {
			continue
		}
		t := &Type{Namespace: ce.Namespace, Name: ce.Name, Kind: KindEnum, Flags: ce.IsFlags, Description: ce.Description,
			Meta: metaSource(ce.File, ce.Pos)}
		for _, mb := range ce.Members {
			t.Members = append(t.Members, &Member{Name: mb.Name, Value: mb.Value, Meta: metaSource(ce.File, mb.Pos)})
		}
		l.types = append(l.types, t)
		l.byQual[q] = t
		m.en[t] = ce
		add(t)
	}
	for _, t := range l.types {
		if t.Page != nil && t.Meta.IsZero() {
			l.diagAt(t.Doc, model.SevWarning, "metadata-type-unknown", "the metadata does not define "+quoteName(t.QualifiedName()))
		}
	}
}

// mergeBases sets every metadata type's base type from the metadata (after
// the pages' "Inherits from" were read).
func (l *linker) mergeBases() {
	m := l.meta
	for _, t := range l.types {
		ct := m.st[t]
		if ct == nil {
			continue
		}
		if ct.BaseType == "" {
			if t.Base != nil {
				l.diagAt(t.Doc, model.SevWarning, "metadata-base-differs", "the page says "+quoteName(t.Name)+" inherits from "+quoteName(t.Base.QualifiedName())+"; the metadata gives it no base type ("+t.Meta.String()+")")
				t.Base = nil
			}
			continue
		}
		b := m.types[strings.ToLower(ct.BaseType)]
		if b == nil || b.IsA(t) {
			continue
		}
		switch {
		case t.Base == b || t.Page == nil:
		case t.Base == nil:
			l.diagAt(t.Doc, model.SevInfo, "metadata-base-undocumented", "the page does not say what "+quoteName(t.Name)+" inherits from; the metadata's base type is "+quoteName(b.QualifiedName())+" ("+t.Meta.String()+")")
		default:
			l.diagAt(t.Doc, model.SevWarning, "metadata-base-differs", "the page says "+quoteName(t.Name)+" inherits from "+quoteName(t.Base.QualifiedName())+"; the metadata's base type is "+quoteName(b.QualifiedName())+" ("+t.Meta.String()+"), which is used")
		}
		t.Base = b
	}
}

// mergeProperties compares each type's properties with the metadata's: the
// metadata's type wins, properties only the metadata has are added, enum
// members come from the metadata.
func (l *linker) mergeProperties() {
	m := l.meta
	// Deterministic order: the types as listed.
	for _, t := range l.types {
		if ct := m.st[t]; ct != nil {
			l.mergeType(t, ct)
		}
	}
	// Page-made enums (from "Possible values" of a property whose enum the
	// metadata does not define) stay as they are; values a page lists for a
	// metadata enum are checked against its members.
	for _, t := range l.types {
		for _, p := range t.Properties {
			e := p.Type.Type
			if len(p.pageEnum) == 0 || e == nil || e.Kind != KindEnum || m.en[e] == nil {
				continue
			}
			for _, v := range p.pageEnum {
				if !slices.ContainsFunc(e.Members, func(mb *Member) bool { return mb.Name == v }) {
					l.diagAt(p.Doc, model.SevWarning, "metadata-enum-member-unknown", "value "+quoteName(v)+" of "+quoteName(p.Name)+" is not a member of "+quoteName(e.QualifiedName())+" in the metadata ("+e.Meta.String()+")")
				}
			}
		}
	}
}

func (l *linker) mergeType(t *Type, ct *csdl.StructuredType) {
	if t.Page == nil {
		for _, mp := range ct.Properties {
			t.Properties = append(t.Properties, l.metaProperty(t, ct, mp))
		}
		return
	}
	byName := map[string]*csdl.Property{}
	byFold := map[string]*csdl.Property{}
	for _, mp := range ct.Properties {
		byName[mp.Name] = mp
		byFold[strings.ToLower(mp.Name)] = mp
	}
	used := map[*csdl.Property]bool{}
	for _, p := range t.Properties {
		mp := byName[p.Name]
		if mp == nil {
			if mp = byFold[strings.ToLower(p.Name)]; mp != nil {
				l.diagAt(p.Doc, model.SevWarning, "metadata-property-name", "the page writes "+quoteName(p.Name)+"; the metadata (and the wire) spell it "+quoteName(mp.Name)+" ("+metaSource(ct.File, mp.Pos).String()+"), which is used")
				p.Name = mp.Name
			}
		}
		if mp == nil || used[mp] {
			if np, nav := ct.NavigationProperty(p.Name); nav {
				p.Meta = metaSource(ct.File, np.Pos)
				l.diagAt(p.Doc, model.SevInfo, "metadata-property-navigation", "property "+quoteName(p.Name)+" is a navigation property in the metadata ("+p.Meta.String()+"); it is sent only when expanded")
				continue
			}
			if t.Base != nil && t.Base.Field(p.Name) != nil {
				continue // the page repeats an inherited property
			}
			// The base's properties may not be merged yet (a base only the
			// metadata has, such as entity when no page describes it): the
			// metadata's base chain says what is inherited.
			if from, nav := l.meta.inherited(ct, p.Name); from != nil {
				if nav != nil {
					p.Meta = metaSource(from.File, nav.Pos)
					l.diagAt(p.Doc, model.SevInfo, "metadata-property-navigation", "property "+quoteName(p.Name)+" is a navigation property in the metadata ("+p.Meta.String()+"); it is sent only when expanded")
				}
				continue
			}
			l.diagAt(p.Doc, model.SevWarning, "metadata-property-unknown", "the metadata's "+quoteName(t.QualifiedName())+" ("+t.Meta.String()+") has no property "+quoteName(p.Name))
			continue
		}
		used[mp] = true
		p.Meta = metaSource(ct.File, mp.Pos)
		l.takeMetaType(p, l.metaRef(mp.Type, p.Meta), p.Doc, "the metadata")
	}
	for _, mp := range ct.Properties {
		if used[mp] {
			continue
		}
		if t.Base != nil && t.Base.Field(mp.Name) != nil {
			continue
		}
		p := l.metaProperty(t, ct, mp)
		l.diagAt(t.Doc, model.SevWarning, "metadata-property-undocumented", "the page does not list "+quoteName(mp.Name)+" ("+p.Type.String()+"), which the metadata defines ("+p.Meta.String()+"); it is added")
		t.Properties = append(t.Properties, p)
	}
}

// inherited finds the property called name among those ct inherits through
// the metadata's base types: the type that declares it, and the navigation
// property when it is one (nil for a structural property).
func (m *metaIndex) inherited(ct *csdl.StructuredType, name string) (*csdl.StructuredType, *csdl.NavigationProperty) {
	for b, n := ct, 0; b != nil && b.BaseType != "" && n < 64; n++ {
		var ok bool
		if b, ok = m.x.Type(b.BaseType); !ok {
			return nil, nil
		}
		if _, ok := b.Property(name); ok {
			return b, nil
		}
		if np, ok := b.NavigationProperty(name); ok {
			return b, np
		}
	}
	return nil, nil
}

func (l *linker) metaProperty(t *Type, ct *csdl.StructuredType, mp *csdl.Property) *Property {
	n := mp.Nullable
	src := metaSource(ct.File, mp.Pos)
	return &Property{Name: mp.Name, Type: l.metaRef(mp.Type, src), ReadOnly: mp.ReadOnly, Nullable: &n,
		Description: mp.Description, Owner: t, Meta: src}
}

// metaRef converts a metadata type reference, with a diagnostic at src when
// it names a type the metadata does not define.
func (l *linker) metaRef(tr csdl.TypeRef, src Source) Ref {
	r := l.meta.ref(tr)
	if r.Unresolved() {
		l.diagAt(src, model.SevWarning, "metadata-type-unresolved", "the metadata names the type "+quoteName(tr.Name)+", which it does not define; the value is kept as raw JSON")
	}
	return r
}

// sameShape reports whether two references have the same wire shape and Go
// representation although they differ: String and Guid, an enum and
// String.
func sameShape(a, b Ref) bool {
	if a.Collection != b.Collection {
		return false
	}
	str := func(r Ref) bool {
		switch r.Prim {
		case PrimString, PrimGuid, PrimDuration, PrimBinary:
			return true
		}
		return r.Type != nil && r.Type.Kind == KindEnum
	}
	return str(a) && str(b)
}
