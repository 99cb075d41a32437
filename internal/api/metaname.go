package api

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
)

// The one check every name read from the metadata passes before the model
// is built (checkMetadata). Names become Go identifiers, struct tags, string
// literals and comments; a page name has its own, looser check (validName),
// but the metadata has a grammar, and every name of the service's real
// metadata (2018 to 2026) follows it.

// Limits of OData CSDL: a SimpleIdentifier has at most 128 characters, a
// Namespace at most 511.
const (
	maxIdentifier = 128
	maxNamespace  = 511
)

// odataIdentifier reports whether s is an OData SimpleIdentifier as graphgen
// accepts it: an ASCII letter or underscore, then ASCII letters, digits and
// underscores, at most 128 in all. (OData allows other Unicode letters; no
// Graph name uses one, and ASCII keeps every derived name plain.)
func odataIdentifier(s string) bool {
	if s == "" || len(s) > maxIdentifier {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// odataNamespace reports whether s is identifiers joined by dots.
func odataNamespace(s string) bool {
	if len(s) > maxNamespace {
		return false
	}
	for part := range strings.SplitSeq(s, ".") {
		if !odataIdentifier(part) {
			return false
		}
	}
	return true
}

// odataQualified reports whether s is a qualified name: a namespace, a dot
// and an identifier ("microsoft.graph.user", "Edm.String").
func odataQualified(s string) bool {
	i := strings.LastIndexByte(s, '.')
	return i > 0 && odataNamespace(s[:i]) && odataIdentifier(s[i+1:])
}

// odataPath reports whether s is identifiers joined by slashes (a
// PropertyRef name, an EntitySetPath).
func odataPath(s string) bool {
	for part := range strings.SplitSeq(s, "/") {
		if !odataIdentifier(part) {
			return false
		}
	}
	return true
}

// enumValue reports whether s is an enum member's value: an integer, or
// absent.
func enumValue(s string) bool {
	if s == "" {
		return true
	}
	_, err := strconv.ParseInt(s, 10, 64)
	return err == nil
}

// quoteBad quotes a refused name for a message: Go syntax, ASCII only (a
// newline or a control character stays visible and cannot break the
// diagnostic's line), shortened when long.
func quoteBad(s string) string {
	if len(s) > 60 {
		cut := 57
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.QuoteToASCII(s[:cut]) + "..."
	}
	return strconv.QuoteToASCII(s)
}

// metaCheck is one run of checkMetadata.
type metaCheck struct {
	l    *linker
	file string
	// defs counts, per lower-case qualified name, the type and enum
	// definitions that are kept; a name whose count falls to zero after
	// one of them was left out is gone, and so is what refers to it.
	defs map[string]int
	gone map[string]bool
}

func (c *metaCheck) at(p csdl.Pos) Source { return metaSource(c.file, p) }

func (c *metaCheck) invalid(p csdl.Pos, what, name, left string) {
	c.l.diagAt(c.at(p), model.SevError, "metadata-name-invalid",
		what+" "+quoteBad(name)+" is not an OData identifier (letters, digits and underscores; dotted when qualified): "+left+" is left out")
}

// checkMetadata returns the documents with every element whose name (or
// type reference) is not an OData identifier left out, and every element
// that refers to one left out, each with a diagnostic at its metadata line.
// The documents given are not modified: what is kept is copied.
func (l *linker) checkMetadata(docs []*csdl.Metadata) []*csdl.Metadata {
	c := &metaCheck{l: l, defs: map[string]int{}, gone: map[string]bool{}}
	var dropped []string // lower-case qualified names of left-out types with a usable name
	out := make([]*csdl.Metadata, 0, len(docs))
	for _, md := range docs {
		if md == nil {
			continue
		}
		c.file = md.File
		cp := &csdl.Metadata{File: md.File}
		for _, s := range md.Schemas {
			switch {
			case !odataNamespace(s.Namespace):
				c.invalid(s.Pos, "schema namespace", s.Namespace, "the schema")
			case s.Alias != "" && !odataIdentifier(s.Alias):
				c.invalid(s.Pos, "schema alias", s.Alias, "the schema "+s.Namespace)
			default:
				cp.Schemas = append(cp.Schemas, c.schema(s, &dropped))
				continue
			}
			for _, list := range [2][]*csdl.StructuredType{s.EntityTypes, s.ComplexTypes} {
				for _, t := range list {
					dropped = append(dropped, strings.ToLower(s.Namespace+"."+t.Name))
				}
			}
			for _, e := range s.EnumTypes {
				dropped = append(dropped, strings.ToLower(s.Namespace+"."+e.Name))
			}
		}
		out = append(out, cp)
	}
	for _, q := range dropped {
		if c.defs[q] == 0 {
			c.gone[q] = true
		}
	}
	if len(c.gone) == 0 {
		return out
	}
	c.dependents(out)
	return out
}

// schema copies a schema with the elements whose names are usable.
func (c *metaCheck) schema(s *csdl.Schema, dropped *[]string) *csdl.Schema {
	cp := &csdl.Schema{Namespace: s.Namespace, Alias: s.Alias, Pos: s.Pos}
	keep := func(t *csdl.StructuredType) *csdl.StructuredType {
		q := strings.ToLower(t.QualifiedName())
		nt := c.structured(t)
		if nt == nil {
			*dropped = append(*dropped, q)
		} else {
			c.defs[q]++
		}
		return nt
	}
	for _, t := range s.EntityTypes {
		if nt := keep(t); nt != nil {
			cp.EntityTypes = append(cp.EntityTypes, nt)
		}
	}
	for _, t := range s.ComplexTypes {
		if nt := keep(t); nt != nil {
			cp.ComplexTypes = append(cp.ComplexTypes, nt)
		}
	}
	for _, e := range s.EnumTypes {
		q := strings.ToLower(e.QualifiedName())
		if ne := c.enum(e); ne != nil {
			c.defs[q]++
			cp.EnumTypes = append(cp.EnumTypes, ne)
		} else {
			*dropped = append(*dropped, q)
		}
	}
	for _, o := range s.Actions {
		if c.operation(o) {
			cp.Actions = append(cp.Actions, o)
		}
	}
	for _, o := range s.Functions {
		if c.operation(o) {
			cp.Functions = append(cp.Functions, o)
		}
	}
	for _, ct := range s.Containers {
		if nc := c.container(ct); nc != nil {
			cp.Containers = append(cp.Containers, nc)
		}
	}
	return cp
}

// typeRef reports whether a type reference names a type the way a
// qualified name can.
func typeRef(t csdl.TypeRef) bool { return odataQualified(t.Name) }

func (c *metaCheck) structured(t *csdl.StructuredType) *csdl.StructuredType {
	kind := map[string]string{"entity": "entity type", "complex": "complex type"}[t.Kind]
	if !odataIdentifier(t.Name) {
		c.invalid(t.Pos, kind+" name", t.Name, "the type")
		return nil
	}
	if t.BaseType != "" && !odataQualified(t.BaseType) {
		c.invalid(t.Pos, "base type of "+t.QualifiedName(), t.BaseType, "the type")
		return nil
	}
	cp := *t
	cp.Properties, cp.NavigationProperties, cp.Key = nil, nil, nil
	for _, p := range t.Properties {
		switch {
		case !odataIdentifier(p.Name):
			c.invalid(p.Pos, "property name of "+t.QualifiedName(), p.Name, "the property")
		case !typeRef(p.Type):
			c.invalid(p.Pos, "type of property "+t.QualifiedName()+"/"+p.Name, p.Type.Name, "the property")
		default:
			cp.Properties = append(cp.Properties, p)
		}
	}
	for _, n := range t.NavigationProperties {
		switch {
		case !odataIdentifier(n.Name):
			c.invalid(n.Pos, "navigation property name of "+t.QualifiedName(), n.Name, "the navigation property")
		case !typeRef(n.Type):
			c.invalid(n.Pos, "type of navigation property "+t.QualifiedName()+"/"+n.Name, n.Type.Name, "the navigation property")
		default:
			cp.NavigationProperties = append(cp.NavigationProperties, n)
		}
	}
	if t.Key != nil {
		cp.Key = []string{}
		for _, k := range t.Key {
			if odataPath(k) {
				cp.Key = append(cp.Key, k)
			} else {
				c.invalid(t.Pos, "key property of "+t.QualifiedName(), k, "the key property")
			}
		}
	}
	return &cp
}

func (c *metaCheck) enum(e *csdl.EnumType) *csdl.EnumType {
	if !odataIdentifier(e.Name) {
		c.invalid(e.Pos, "enum type name", e.Name, "the enum")
		return nil
	}
	if e.UnderlyingType != "" && !odataQualified(e.UnderlyingType) {
		c.invalid(e.Pos, "underlying type of "+e.QualifiedName(), e.UnderlyingType, "the enum")
		return nil
	}
	cp := *e
	cp.Members = nil
	for _, m := range e.Members {
		switch {
		case !odataIdentifier(m.Name):
			c.invalid(m.Pos, "member name of "+e.QualifiedName(), m.Name, "the member")
		case !enumValue(m.Value):
			c.l.diagAt(c.at(m.Pos), model.SevError, "metadata-name-invalid",
				"value "+quoteBad(m.Value)+" of member "+e.QualifiedName()+"/"+m.Name+" is not an integer: the member is left out")
		default:
			cp.Members = append(cp.Members, m)
		}
	}
	return &cp
}

// operation reports whether an action or function is kept: one unusable
// name in its signature leaves the whole operation out.
func (c *metaCheck) operation(o *csdl.Operation) bool {
	if !odataIdentifier(o.Name) {
		c.invalid(o.Pos, o.Kind+" name", o.Name, "the "+o.Kind)
		return false
	}
	for _, p := range o.Parameters {
		if !odataIdentifier(p.Name) {
			c.invalid(p.Pos, "parameter name of "+o.QualifiedName(), p.Name, "the "+o.Kind)
			return false
		}
		if !typeRef(p.Type) {
			c.invalid(p.Pos, "type of parameter "+o.QualifiedName()+"/"+p.Name, p.Type.Name, "the "+o.Kind)
			return false
		}
	}
	if o.ReturnType != nil && !typeRef(*o.ReturnType) {
		c.invalid(o.Pos, "return type of "+o.QualifiedName(), o.ReturnType.Name, "the "+o.Kind)
		return false
	}
	if o.EntitySetPath != "" && !odataPath(o.EntitySetPath) {
		c.invalid(o.Pos, "entity set path of "+o.QualifiedName(), o.EntitySetPath, "the "+o.Kind)
		return false
	}
	return true
}

func (c *metaCheck) container(ct *csdl.Container) *csdl.Container {
	if !odataIdentifier(ct.Name) {
		c.invalid(ct.Pos, "entity container name", ct.Name, "the container")
		return nil
	}
	cp := *ct
	cp.EntitySets, cp.Singletons = nil, nil
	for _, es := range ct.EntitySets {
		switch {
		case !odataIdentifier(es.Name):
			c.invalid(es.Pos, "entity set name", es.Name, "the entity set")
		case !odataQualified(es.EntityType):
			c.invalid(es.Pos, "entity type of entity set "+es.Name, es.EntityType, "the entity set")
		default:
			cp.EntitySets = append(cp.EntitySets, es)
		}
	}
	for _, s := range ct.Singletons {
		switch {
		case !odataIdentifier(s.Name):
			c.invalid(s.Pos, "singleton name", s.Name, "the singleton")
		case !odataQualified(s.Type):
			c.invalid(s.Pos, "type of singleton "+s.Name, s.Type, "the singleton")
		default:
			cp.Singletons = append(cp.Singletons, s)
		}
	}
	return &cp
}

// dependents leaves out, in the copies, what refers to a type that is gone:
// a type whose base is gone (and so on down), then every property,
// navigation property, operation, entity set and singleton whose type is.
func (c *metaCheck) dependents(docs []*csdl.Metadata) {
	left := func(p csdl.Pos, file, what, name, target string) {
		c.l.diagAt(metaSource(file, p), model.SevError, "metadata-reference-dropped",
			what+" "+name+" refers to "+target+", which is left out (see its metadata-name-invalid error): it is left out too")
	}
	for changed := true; changed; {
		changed = false
		for _, md := range docs {
			for _, s := range md.Schemas {
				baseGone := func(t *csdl.StructuredType) bool {
					b := strings.ToLower(t.BaseType)
					if b == "" || !c.gone[b] {
						return false
					}
					left(t.Pos, md.File, "type", t.QualifiedName(), "its base type "+t.BaseType)
					q := strings.ToLower(t.QualifiedName())
					if c.defs[q]--; c.defs[q] == 0 {
						c.gone[q] = true
					}
					changed = true
					return true
				}
				s.EntityTypes = without(s.EntityTypes, baseGone)
				s.ComplexTypes = without(s.ComplexTypes, baseGone)
			}
		}
	}
	gone := func(t csdl.TypeRef) bool { return c.gone[strings.ToLower(t.Name)] }
	for _, md := range docs {
		for _, s := range md.Schemas {
			for _, list := range [2][]*csdl.StructuredType{s.EntityTypes, s.ComplexTypes} {
				for _, t := range list {
					t.Properties = without(t.Properties, func(p *csdl.Property) bool {
						if gone(p.Type) {
							left(p.Pos, md.File, "property", t.QualifiedName()+"/"+p.Name, "the type "+p.Type.Name)
						}
						return gone(p.Type)
					})
					t.NavigationProperties = without(t.NavigationProperties, func(n *csdl.NavigationProperty) bool {
						if gone(n.Type) {
							left(n.Pos, md.File, "navigation property", t.QualifiedName()+"/"+n.Name, "the type "+n.Type.Name)
						}
						return gone(n.Type)
					})
				}
			}
			opGone := func(o *csdl.Operation) bool {
				refs := []csdl.TypeRef{}
				for _, p := range o.Parameters {
					refs = append(refs, p.Type)
				}
				if o.ReturnType != nil {
					refs = append(refs, *o.ReturnType)
				}
				for _, r := range refs {
					if gone(r) {
						left(o.Pos, md.File, o.Kind, o.QualifiedName(), "the type "+r.Name)
						return true
					}
				}
				return false
			}
			s.Actions = without(s.Actions, opGone)
			s.Functions = without(s.Functions, opGone)
			for _, ct := range s.Containers {
				ct.EntitySets = without(ct.EntitySets, func(es *csdl.EntitySet) bool {
					if c.gone[strings.ToLower(es.EntityType)] {
						left(es.Pos, md.File, "entity set", es.Name, "the type "+es.EntityType)
						return true
					}
					return false
				})
				ct.Singletons = without(ct.Singletons, func(st *csdl.Singleton) bool {
					if c.gone[strings.ToLower(st.Type)] {
						left(st.Pos, md.File, "singleton", st.Name, "the type "+st.Type)
						return true
					}
					return false
				})
			}
		}
	}
}

// without returns a new slice of list's elements for which drop is false,
// in order. It never writes to list's array, which the documents as given
// share with the checked copies.
func without[T any](list []T, drop func(T) bool) []T {
	kept := list[:0:0]
	for _, x := range list {
		if !drop(x) {
			kept = append(kept, x)
		}
	}
	return kept
}
