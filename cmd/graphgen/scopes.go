package main

import (
	"encoding/json"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/emit"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/scopes"
)

// selection is what generate and scopes read: the pages under --specs,
// linked (with --metadata), and the operation pages --include/--exclude
// select.
type selection struct {
	linked   *api.API
	selected map[*model.Document]bool
	// rel is each page's path relative to its --specs folder (what the
	// globs match); the documents' own paths are relative to the module
	// root, as `// source:` lines name them.
	rel map[*model.Document]string
	// docs are the pages read; display maps their paths (and the
	// metadata files') to the paths the user gave, as check names them.
	docs    []*model.Document
	display map[string]string
}

func (s *selection) selects(op *api.Operation) bool { return s.selected[op.Page] }

// diagnostics are what generate prints: the pages' own (parser), the
// linker's and the generator's, each naming its file as the user gave it.
// Errors are printed whatever page they are about (an error may be why an
// operation is missing); warnings only about the pages and metadata the
// package is made from (res.Used), so that --include of one page does not
// print what is odd about thousands of others (check prints those); info
// only with --verbose, under the same rule.
func (s *selection) diagnostics(res *emit.Result, verbose bool) []model.Diagnostic {
	var out []model.Diagnostic
	add := func(d model.Diagnostic, used bool) {
		if d.Severity != model.SevError && !used || d.Severity == model.SevInfo && !verbose {
			return
		}
		if p, ok := s.display[d.Path]; ok {
			d.Path = p
		}
		out = append(out, d)
	}
	for _, doc := range s.docs {
		for _, d := range doc.Diagnostics {
			d.Path = doc.Path
			add(d, res.Used[d.Path])
		}
	}
	for _, d := range s.linked.Diagnostics {
		add(d, res.Used[d.Path])
	}
	for _, d := range res.Diagnostics {
		add(d, true)
	}
	return out
}

// loadSelection checks the globs, loads the pages under specs and the
// metadata files, names pages (and metadata) by their path from root and
// links them; it returns (status, false) after reporting what stopped it.
func loadSelection(cmd, root string, specs, include, exclude, metadata []string, stderr io.Writer) (*selection, int, bool) {
	for _, g := range append(append([]string{}, include...), exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			fmt.Fprintf(stderr, "graphgen %s: bad glob %q: %v\n", cmd, g, err)
			return nil, exitUsage, false
		}
	}
	pages, code, ok := loadPages(cmd, specs, stderr)
	if !ok {
		return nil, code, false
	}
	if msg := unmatchedGlobs(pages, include, exclude); msg != "" {
		if cmd == "generate" {
			msg += "; nothing was written"
		}
		fmt.Fprintf(stderr, "graphgen %s: %s\n", cmd, msg)
		return nil, exitUsage, false
	}
	s := &selection{selected: map[*model.Document]bool{}, rel: map[*model.Document]string{}, display: map[string]string{}}
	docs := make([]*model.Document, len(pages))
	for i, p := range pages {
		doc := p.Doc
		if matches(doc.Path, include, true) && !matches(doc.Path, exclude, false) {
			s.selected[doc] = true
		}
		s.rel[doc] = doc.Path
		// Name pages in `// source:` lines by their path from the module
		// root, so the output is the same from any working folder.
		doc.Path = relSlash(root, p.File)
		docs[i] = doc
		s.display[doc.Path] = filepath.ToSlash(p.File)
	}
	mds, code, ok := loadMetadata(cmd, metadata, root, stderr)
	if !ok {
		return nil, code, false
	}
	for _, m := range metadata {
		s.display[relSlash(root, m)] = filepath.ToSlash(m)
	}
	s.docs = docs
	s.linked = api.Build(docs, api.Options{Metadata: mds})
	return s, 0, true
}

const scopesSynopsis = `Usage: graphgen scopes [--specs PATH]... [--include GLOB]... [--exclude GLOB]... [--metadata FILE]... [--format text|json]

Prints the least-privilege scopes of the package generate would write with the
same flags (by default the one generated from specs/): per permission type
(delegated work or school, delegated personal, application), the fewest scopes
that together allow every method, chosen among the least privileged scopes each
page lists (a page's higher privileged scopes allow too but are never asked
for), preferring the least privileged first; under each scope, the operations (pages, and their methods)
it is the least privileged chosen scope of; then the operations the type does
not allow at all (the page says "Not supported."). The generated package holds
the same lists as RequiredScopes and MethodsNotAllowed (scopes_gen.go).

The fewest scopes are found by an exact search (internal/scopes); when it stops
at its node limit, the output says so and the set may not be the smallest.

--format json prints {"operations", "methods", "noMethod" (selected pages that
give no method of their own), "types": [{"type", "title", "exact", "scopes":
[{"scope", "operations": [{"page", "title", "methods"}]}], "notAllowed": [...],
"undocumented": [...] (pages whose permissions are unknown: none graphgen could
read, which is not "not allowed")}]}.`

// runScopes is `graphgen scopes`.
func runScopes(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("scopes", scopesSynopsis, stdout)
	specs := fs.StringArray("specs", []string{"specs"}, "folder (or page) of doc pages to read; repeatable")
	include := fs.StringArray("include", nil, "only operation pages matching this glob; repeatable")
	exclude := fs.StringArray("exclude", nil, "skip operation pages matching this glob; repeatable")
	metadata := fs.StringArray("metadata", nil, "the service's CSDL metadata ($metadata XML); repeatable")
	format := fs.String("format", "text", "text, or json")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphgen scopes: unexpected argument %q (pages are given with --specs)\n", fs.Arg(0))
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "graphgen scopes: --format %q: want text or json\n", *format)
		return exitUsage
	}
	wd, err := filepath.Abs(".")
	if err != nil {
		fmt.Fprintf(stderr, "graphgen scopes: %v\n", err)
		return exitUsage
	}
	sel, code, ok := loadSelection("scopes", moduleRoot(wd), *specs, *include, *exclude, *metadata, stderr)
	if !ok {
		return code
	}
	rep := scopesReport(sel, emit.Methods(sel.linked, emit.Config{Select: sel.selects}))
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "graphgen scopes: %v\n", err)
			return 1
		}
		return 0
	}
	rep.text(stdout)
	return 0
}

// scopesOutput is the JSON output of graphgen scopes.
type scopesOutput struct {
	Operations int `json:"operations"` // operation pages with a method
	Methods    int `json:"methods"`
	// NoMethod are the selected pages that give no method of their own:
	// they document no endpoint, or only endpoints whose method comes
	// from another page (the first to document it), listed instead.
	NoMethod []string     `json:"noMethod,omitempty"`
	Types    []scopesType `json:"types"`
}

type scopesType struct {
	Type   model.PermissionType `json:"type"`
	Title  string               `json:"title"`
	Exact  bool                 `json:"exact"`
	Scopes []scopesScope        `json:"scopes"`
	// NotAllowed: the pages say no scope of this type allows them.
	NotAllowed []scopesOp `json:"notAllowed"`
	// Undocumented: the pages document no permissions graphgen could read
	// (unknown: neither covered nor "not allowed").
	Undocumented []scopesOp `json:"undocumented,omitempty"`
}

type scopesScope struct {
	Scope      string     `json:"scope"`
	Operations []scopesOp `json:"operations"`
}

// scopesOp is one operation page and its methods.
type scopesOp struct {
	Page    string   `json:"page"` // relative to its --specs folder
	Title   string   `json:"title"`
	Methods []string `json:"methods"`
}

func scopesReport(sel *selection, methods []emit.Method) *scopesOutput {
	byPath := map[string]*model.Document{}
	for doc := range sel.rel {
		byPath[doc.Path] = doc
	}
	out := &scopesOutput{Methods: len(methods)}
	pages := map[string]bool{}
	for _, m := range methods {
		pages[m.Page] = true
	}
	out.Operations = len(pages)
	for _, op := range sel.linked.Operations {
		if sel.selected[op.Page] && !pages[op.Page.Path] {
			out.NoMethod = append(out.NoMethod, sel.rel[op.Page])
		}
	}
	// group turns method names into operations, in the order first seen.
	page := map[string]string{}
	for _, m := range methods {
		page[m.Name] = m.Page
	}
	group := func(names []string) []scopesOp {
		ops := []scopesOp{}
		at := map[string]int{}
		for _, n := range names {
			p := page[n]
			i, ok := at[p]
			if !ok {
				i = len(ops)
				at[p] = i
				doc := byPath[p]
				ops = append(ops, scopesOp{Page: sel.rel[doc], Title: doc.Title})
			}
			ops[i].Methods = append(ops[i].Methods, n)
		}
		return ops
	}
	ops := emit.ScopeOps(methods)
	for _, t := range scopes.Types {
		r := scopes.Cover(scopes.Needs(ops, t))
		st := scopesType{Type: t, Title: scopes.TypeTitle(t), Exact: r.Exact, Scopes: []scopesScope{}, NotAllowed: group(r.NotAllowed)}
		if len(r.Undocumented) > 0 {
			st.Undocumented = group(r.Undocumented)
		}
		for _, c := range r.Scopes {
			st.Scopes = append(st.Scopes, scopesScope{Scope: c.Scope, Operations: group(c.Ops)})
		}
		out.Types = append(out.Types, st)
	}
	return out
}

// text writes the report for a person: per type, each scope and the
// operations under it (page, then its methods: the first two and how many
// more), then those not allowed.
func (o *scopesOutput) text(w io.Writer) {
	fmt.Fprintf(w, "%s, %s.\n", plural(o.Operations, "operation page"), plural(o.Methods, "method"))
	if len(o.NoMethod) > 0 {
		fmt.Fprintf(w, "Selected pages with no method of their own (no endpoint, or each endpoint's method comes from the first page documenting it): %s.\n", strings.Join(o.NoMethod, ", "))
	}
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	opLines := func(ops []scopesOp) {
		for _, op := range ops {
			fmt.Fprintf(tw, "    %s\t%s\n", op.Page, methodList(op.Methods))
		}
	}
	for _, t := range o.Types {
		fmt.Fprintf(tw, "\n%s: %s", t.Title, plural(len(t.Scopes), "scope"))
		if !t.Exact {
			fmt.Fprint(tw, " (the search stopped at its node limit: there may be fewer)")
		}
		fmt.Fprintln(tw)
		for _, s := range t.Scopes {
			fmt.Fprintf(tw, "  %s\n", s.Scope)
			opLines(s.Operations)
		}
		switch {
		case len(t.NotAllowed) == 0:
			fmt.Fprintln(tw, "  not allowed: none")
		case len(t.Scopes) == 0 && len(t.Undocumented) == 0:
			fmt.Fprintln(tw, "  not allowed: every operation")
		default:
			fmt.Fprintln(tw, "  not allowed (no scope of this type allows them):")
			opLines(t.NotAllowed)
		}
		if len(t.Undocumented) > 0 {
			fmt.Fprintln(tw, "  unknown (the page documents no permissions graphgen could read; graphgen check says why):")
			opLines(t.Undocumented)
		}
		tw.Flush()
	}
}

// methodList is "A", "A, B" or "A, B and 3 more".
func methodList(ms []string) string {
	if len(ms) <= 2 {
		return strings.Join(ms, ", ")
	}
	return ms[0] + ", " + ms[1] + " and " + fmt.Sprint(len(ms)-2) + " more"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprint(n) + " " + word + "s"
}
