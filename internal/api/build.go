package api

import (
	"cmp"
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/model"
)

// Options says what else Build reads besides the pages.
type Options struct {
	// Metadata are the service's CSDL documents (the beta and v1.0 files
	// are separate); none means the pages alone decide.
	Metadata []*csdl.Metadata
}

// Build links pages (in any order; nil entries are skipped) into the API
// model. Diagnostics are about what could not be linked, or (with metadata)
// where the pages and the metadata disagree; the pages' own parse
// diagnostics are not repeated.
func Build(docs []*model.Document, opts Options) *API {
	l := newLinker()
	for _, d := range docs {
		if d != nil {
			l.docs = append(l.docs, d)
		}
	}
	slices.SortStableFunc(l.docs, func(a, b *model.Document) int { return strings.Compare(a.Path, b.Path) })
	l.indexPages()
	if len(opts.Metadata) > 0 {
		l.mergeMetadata(opts.Metadata)
	}
	l.inherit()
	if l.meta != nil {
		l.mergeBases()
	}
	l.properties()
	if l.meta != nil {
		l.mergeProperties()
	}
	a := &API{byName: map[string]*Type{}}
	for _, d := range l.docs {
		if d.Kind == model.KindOperation {
			a.Operations = append(a.Operations, l.operation(d))
		}
	}
	for _, t := range l.types {
		a.Types = append(a.Types, t)
	}
	slices.SortStableFunc(a.Types, compareTypes)
	for _, t := range a.Types {
		a.byName[strings.ToLower(t.QualifiedName())] = t
		if t.Base != nil {
			t.Base.Derived = append(t.Base.Derived, t)
		}
	}
	l.linkExamples(a.Operations)
	var diags []model.Diagnostic
	for _, d := range l.diags {
		switch d.Code {
		case "missing-type", "unknown-type", "unknown-primitive":
			if l.resolvedLater[Source{File: d.Path, Line: d.Line, Col: d.Col}] {
				continue
			}
		}
		diags = append(diags, d)
	}
	a.Diagnostics = sortDiags(diags)
	return a
}

func newLinker() *linker {
	return &linker{
		pages: map[string]*model.Document{}, byBase: map[string]*Type{}, byName: map[string]*Type{},
		byQual: map[string]*Type{}, enums: map[string]*Type{}, resolvedLater: map[Source]bool{},
	}
}

func compareTypes(a, b *Type) int {
	qa, qb := a.QualifiedName(), b.QualifiedName()
	return cmp.Or(strings.Compare(strings.ToLower(qa), strings.ToLower(qb)), strings.Compare(qa, qb))
}

// sortDiags sorts by path, position, code and message, dropping repeats.
func sortDiags(diags []model.Diagnostic) []model.Diagnostic {
	slices.SortStableFunc(diags, func(a, b model.Diagnostic) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message), strings.Compare(string(a.Severity), string(b.Severity)))
	})
	return slices.CompactFunc(diags, func(a, b model.Diagnostic) bool { return a == b })
}
