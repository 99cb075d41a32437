package csdl

import (
	"strings"
	"sync"
)

// Index gives O(1) lookups over one or more documents (the beta and v1.0
// files are separate documents; a caller may pass several). When two
// documents declare the same qualified name, Type and Enum return the one of
// the earlier document; Types, Enums, Operations and Derived list every one.
// An Index is read-only once built and safe for concurrent use; it holds the
// documents' elements, which callers must not modify.
type Index struct {
	docs  []*Metadata
	types []*StructuredType
	enums []*EnumType
	ops   []*Operation

	typeByName map[string]*StructuredType // lower-cased qualified name
	enumByName map[string]*EnumType       // lower-cased qualified name
	derived    map[string][]*StructuredType

	filesOnce sync.Once
	files     map[any]string // element pointer -> Metadata.File, for the kinds without a File field
}

// NewIndex indexes docs (nil entries are ignored).
func NewIndex(docs ...*Metadata) *Index {
	x := &Index{
		typeByName: map[string]*StructuredType{},
		enumByName: map[string]*EnumType{},
		derived:    map[string][]*StructuredType{},
	}
	for _, md := range docs {
		if md == nil {
			continue
		}
		x.docs = append(x.docs, md)
		for _, s := range md.Schemas {
			x.types = append(x.types, merge(s.EntityTypes, s.ComplexTypes, func(t *StructuredType) Pos { return t.Pos })...)
			x.enums = append(x.enums, s.EnumTypes...)
			x.ops = append(x.ops, merge(s.Actions, s.Functions, func(o *Operation) Pos { return o.Pos })...)
		}
	}
	for _, t := range x.types {
		key := strings.ToLower(t.QualifiedName())
		if _, ok := x.typeByName[key]; !ok {
			x.typeByName[key] = t
		}
		if t.BaseType != "" {
			base := strings.ToLower(t.BaseType)
			x.derived[base] = append(x.derived[base], t)
		}
	}
	for _, e := range x.enums {
		key := strings.ToLower(e.QualifiedName())
		if _, ok := x.enumByName[key]; !ok {
			x.enumByName[key] = e
		}
	}
	return x
}

// merge interleaves two lists, each in document order, into document order.
func merge[T any](a, b []T, pos func(T) Pos) []T {
	out := make([]T, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		pa, pb := pos(a[0]), pos(b[0])
		if pa.Line < pb.Line || pa.Line == pb.Line && pa.Col < pb.Col {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	out = append(out, a...)
	return append(out, b...)
}

// Type returns the entity or complex type of that qualified name
// ("microsoft.graph.user"), case-insensitively.
func (x *Index) Type(qualified string) (*StructuredType, bool) {
	t, ok := x.typeByName[strings.ToLower(qualified)]
	return t, ok
}

// Enum returns the enum type of that qualified name, case-insensitively.
func (x *Index) Enum(qualified string) (*EnumType, bool) {
	e, ok := x.enumByName[strings.ToLower(qualified)]
	return e, ok
}

// Types returns every entity and complex type, in document order (documents
// in the order given to NewIndex). The slice is shared: do not modify it.
func (x *Index) Types() []*StructuredType { return x.types }

// Enums returns every enum type, in document order. The slice is shared.
func (x *Index) Enums() []*EnumType { return x.enums }

// Operations returns every action and function, in document order. The slice
// is shared.
func (x *Index) Operations() []*Operation { return x.ops }

// Derived returns the types whose BaseType is qualified (case-insensitively),
// direct ones only, in document order. The slice is shared.
func (x *Index) Derived(qualified string) []*StructuredType {
	return x.derived[strings.ToLower(qualified)]
}

// File returns the Metadata.File an element came from: t is one of
// *Metadata, *Schema, *StructuredType, *EnumType, *Operation, *Property,
// *NavigationProperty, *Parameter, *Container, *EntitySet or *Singleton of an
// indexed document. It returns "" for anything else.
func (x *Index) File(t any) string {
	switch t := t.(type) {
	case *Metadata:
		if t != nil {
			return t.File
		}
		return ""
	case *StructuredType:
		if t != nil {
			return t.File
		}
		return ""
	case *EnumType:
		if t != nil {
			return t.File
		}
		return ""
	case *Operation:
		if t != nil {
			return t.File
		}
		return ""
	case *Schema, *Property, *NavigationProperty, *Parameter, *Container, *EntitySet, *Singleton:
		x.filesOnce.Do(x.buildFiles)
		return x.files[t]
	}
	return ""
}

func (x *Index) buildFiles() {
	x.files = map[any]string{}
	for _, md := range x.docs {
		f := md.File
		for _, s := range md.Schemas {
			x.files[s] = f
			for _, list := range [2][]*StructuredType{s.EntityTypes, s.ComplexTypes} {
				for _, t := range list {
					for _, p := range t.Properties {
						x.files[p] = f
					}
					for _, n := range t.NavigationProperties {
						x.files[n] = f
					}
				}
			}
			for _, list := range [2][]*Operation{s.Actions, s.Functions} {
				for _, o := range list {
					for _, p := range o.Parameters {
						x.files[p] = f
					}
				}
			}
			for _, c := range s.Containers {
				x.files[c] = f
				for _, es := range c.EntitySets {
					x.files[es] = f
				}
				for _, st := range c.Singletons {
					x.files[st] = f
				}
			}
		}
	}
}
