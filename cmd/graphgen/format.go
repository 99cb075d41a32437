package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// checkFormat accepts the --format of diagnostics: text or github.
func checkFormat(cmd, format string, stderr io.Writer) (int, bool) {
	if format != "text" && format != "github" {
		fmt.Fprintf(stderr, "graphgen %s: --format %q: want text or github\n", cmd, format)
		return exitUsage, false
	}
	return 0, true
}

// reportDiags prints diagnostics sorted by file, position, code and
// message, each once, and returns how many are errors and warnings. check
// and generate print the same way.
func reportDiags(w io.Writer, format string, diags []model.Diagnostic) (errs, warns int) {
	diags = slices.Clone(diags)
	slices.SortStableFunc(diags, func(a, b model.Diagnostic) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col),
			strings.Compare(a.Code, b.Code), strings.Compare(a.Message, b.Message))
	})
	diags = slices.CompactFunc(diags, func(a, b model.Diagnostic) bool { return a == b })
	for _, d := range diags {
		printDiag(w, format, d)
		switch d.Severity {
		case model.SevError:
			errs++
		case model.SevWarning:
			warns++
		}
	}
	return errs, warns
}

// printDiag writes one diagnostic as file:line:col: severity: code: message,
// or as a GitHub workflow command (::warning file=...,line=...::) so CI
// shows it on the pull request's line.
func printDiag(w io.Writer, format string, d model.Diagnostic) {
	if format != "github" {
		// One line per diagnostic, whatever text a message quotes.
		d.Message = lineBreaks.Replace(d.Message)
		fmt.Fprintln(w, d.String())
		return
	}
	level := "warning"
	switch d.Severity {
	case model.SevError:
		level = "error"
	case model.SevInfo:
		level = "notice"
	}
	fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d,title=%s::%s\n", level,
		ghProperty(d.Path), d.Line, d.Col, ghProperty("graphgen "+d.Code), ghData(d.Message))
}

var lineBreaks = strings.NewReplacer("\r", `\r`, "\n", `\n`, "\u2028", `\u2028`, "\u2029", `\u2029`)

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

// irModel is the linked model as `graphgen ir --metadata` prints it.
type irModel struct {
	Types       []irType           `json:"types"`
	Diagnostics []model.Diagnostic `json:"diagnostics"`
}

type irType struct {
	Name       string       `json:"name"` // qualified
	Kind       api.Kind     `json:"kind"`
	Base       string       `json:"base,omitempty"`
	Abstract   bool         `json:"abstract,omitempty"`
	Page       string       `json:"page,omitempty"`
	Meta       string       `json:"meta,omitempty"`
	Properties []irProperty `json:"properties,omitempty"`
	Members    []string     `json:"members,omitempty"`
}

type irProperty struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	ReadOnly bool   `json:"readOnly,omitempty"`
	Doc      string `json:"doc,omitempty"`
	Meta     string `json:"meta,omitempty"`
}

func dumpModel(a *api.API) *irModel {
	m := &irModel{Diagnostics: a.Diagnostics}
	if m.Diagnostics == nil {
		m.Diagnostics = []model.Diagnostic{}
	}
	for _, t := range a.Types {
		it := irType{Name: t.QualifiedName(), Kind: t.Kind, Abstract: t.Abstract, Meta: t.Meta.String()}
		if t.Base != nil {
			it.Base = t.Base.QualifiedName()
		}
		if t.Page != nil {
			it.Page = t.Page.Path
		}
		for _, p := range t.Properties {
			it.Properties = append(it.Properties, irProperty{Name: p.Name, Type: p.Type.String(), ReadOnly: p.ReadOnly, Doc: p.Doc.String(), Meta: p.Meta.String()})
		}
		for _, mb := range t.Members {
			it.Members = append(it.Members, mb.Name)
		}
		m.Types = append(m.Types, it)
	}
	return m
}
