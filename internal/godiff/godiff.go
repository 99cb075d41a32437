// Package godiff compares two Go packages (two folders, e.g. two `graphgen
// generate --out` results) by their exported API, for `graphgen diff --go`:
// per identifier, what was removed, changed or added, and whether a caller
// can break.
//
// Compare loads each folder's non-test .go files (those go/build would
// build for this machine) with go/parser, type-checks them with go/types
// and importer.Default(): a generated package imports only the standard
// library, so a folder importing anything else does not type-check and is
// reported as such. It then asks golang.org/x/exp/apidiff, which encodes
// Go's compatibility rules (method sets, struct fields, type identity and
// correspondence, interface satisfaction; see its README), for its
// messages, and turns them into one Entry per identifier.
//
// # Identifiers
//
// A package-level name (GetUser, Point, Permissions), a method with its
// receiver's type name without '*' or type arguments (Client.GetUser), a
// struct field (Point.Z) or an interface method (Getter.Get). A method
// promoted into a type through embedding is named on that type. The entry
// "package" says the package name changed (which breaks every unaliased
// import).
//
// # Kinds and breaking
//
// removed: the identifier exists only in the old package; added: only in the
// new; changed: in both, and apidiff reports a difference. Breaking is
// apidiff's "incompatible": anything removed, a changed type (a parameter,
// result, field or constant type, a constant's value), a method added to an
// interface that has no unexported method, a type that no longer implements
// an interface of the package, a struct that is no longer comparable. Not
// breaking: additions to a struct, a method set or the package (apidiff, like
// the Go 1 compatibility promise, does not count unkeyed struct literals or
// embedding conflicts), a numeric type widened. A renamed type is its old
// name removed and its new name added (and every identifier whose signature
// names it changed).
//
// # Signatures
//
// Old and New are types.ObjectString of the identifier's object in each
// package, with the package's own names unqualified and other packages by
// their name (context.Context, json.RawMessage): "func (*Client).GetUser(ctx
// context.Context, id string) (*User, error)", "field Z int", "var X T",
// "const C T = 1". A defined struct or interface type is written without
// its body ("type Point struct{…}"): its fields and methods are identifiers
// of their own. OldPos and NewPos are file:line, the file named relative to
// its folder.
package godiff

import (
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/build"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/exp/apidiff"
)

// The kinds of an Entry. The values are part of the JSON output.
const (
	Removed = "removed"
	Changed = "changed"
	Added   = "added"
)

// Report is what changed in the exported API between two packages.
type Report struct {
	// Old and New are the folders as given to Compare (labels for output).
	Old, New string
	// OldPackage and NewPackage are the package names.
	OldPackage, NewPackage string
	// Entries holds one entry per identifier that changed, sorted by ID.
	Entries []Entry
}

// Entry is one identifier that was removed, changed or added.
type Entry struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Breaking bool     `json:"breaking"`
	Old      string   `json:"old,omitempty"`
	New      string   `json:"new,omitempty"`
	OldPos   string   `json:"oldPos,omitempty"`
	NewPos   string   `json:"newPos,omitempty"`
	Details  []string `json:"details"`
}

// Breaking counts the breaking entries.
func (r *Report) Breaking() int {
	n := 0
	for _, e := range r.Entries {
		if e.Breaking {
			n++
		}
	}
	return n
}

// count returns how many entries have the kind.
func (r *Report) count(kind string) int {
	n := 0
	for _, e := range r.Entries {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// side is one type-checked package.
type side struct {
	dir  string
	fset *token.FileSet
	pkg  *types.Package
}

// Compare loads the Go package in each folder and reports how its exported
// API changed from oldDir to newDir. The error names the folder, and the
// file:line:col of a parse or type error.
func Compare(oldDir, newDir string) (*Report, error) {
	imp := importer.Default()
	o, err := load(oldDir, imp)
	if err != nil {
		return nil, err
	}
	n, err := load(newDir, imp)
	if err != nil {
		return nil, err
	}
	r := &Report{Old: oldDir, New: newDir, OldPackage: o.pkg.Name(), NewPackage: n.pkg.Name()}
	byID := map[string]*Entry{}
	for _, c := range apidiff.Changes(o.pkg, n.pkg).Changes {
		id, detail := splitMessage(c.Message)
		e := byID[id]
		if e == nil {
			e = &Entry{ID: id}
			byID[id] = e
		}
		e.Details = append(e.Details, detail)
		if !c.Compatible {
			e.Breaking = true
		}
	}
	for id, e := range byID {
		oo, no := o.lookup(id), n.lookup(id)
		switch {
		case oo != nil && no == nil:
			e.Kind = Removed
		case oo == nil && no != nil:
			e.Kind = Added
		default:
			e.Kind = Changed
		}
		e.Old, e.OldPos = o.describe(oo)
		e.New, e.NewPos = n.describe(no)
		sort.Strings(e.Details)
		e.Details = slices.Compact(e.Details)
		r.Entries = append(r.Entries, *e)
	}
	if o.pkg.Name() != n.pkg.Name() {
		r.Entries = append(r.Entries, Entry{
			ID: "package", Kind: Changed, Breaking: true,
			Old: "package " + o.pkg.Name(), New: "package " + n.pkg.Name(),
			Details: []string{"package name changed from " + o.pkg.Name() + " to " + n.pkg.Name()},
		})
	}
	slices.SortFunc(r.Entries, func(a, b Entry) int { return cmp.Compare(a.ID, b.ID) })
	return r, nil
}

// load parses and type-checks the one package in dir.
func load(dir string, imp types.Importer) (*side, error) {
	ents, err := os.ReadDir(dir)
	if err != nil {
		if pe, ok := err.(*fs.PathError); ok {
			err = pe.Err
		}
		return nil, fmt.Errorf("%s: %w", dir, err)
	}
	fset := token.NewFileSet()
	var files []*ast.File
	names := map[string]string{} // package name -> first file
	var order []string
	for _, de := range ents {
		name := de.Name()
		if de.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			if err != nil {
				return nil, err
			}
			continue
		}
		path := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s: does not parse: %w", dir, firstError(err))
		}
		pn := f.Name.Name
		if _, ok := names[pn]; !ok {
			names[pn] = name
			order = append(order, pn)
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s: no Go package (no non-test .go file)", dir)
	}
	if len(order) > 1 {
		var l []string
		for _, pn := range order {
			l = append(l, pn+" ("+names[pn]+")")
		}
		return nil, fmt.Errorf("%s: more than one Go package: %s", dir, strings.Join(l, ", "))
	}
	var terrs []types.Error
	conf := types.Config{
		Importer: imp,
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && !te.Soft {
				terrs = append(terrs, te)
			}
		},
	}
	pkg, _ := conf.Check(order[0], fset, files, nil)
	if len(terrs) > 0 {
		// go/types checks declarations before function bodies: report the
		// first error in file order.
		slices.SortStableFunc(terrs, func(a, b types.Error) int {
			pa, pb := a.Fset.Position(a.Pos), b.Fset.Position(b.Pos)
			return cmp.Or(cmp.Compare(pa.Filename, pb.Filename), cmp.Compare(pa.Line, pb.Line), cmp.Compare(pa.Column, pb.Column))
		})
		te := terrs[0]
		msg := fmt.Sprintf("%s: %s", te.Fset.Position(te.Pos), te.Msg)
		if strings.HasPrefix(te.Msg, "could not import ") {
			msg += " (only the standard library can be imported)"
		}
		if len(terrs) > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", len(terrs)-1)
		}
		return nil, fmt.Errorf("%s: package %s does not type-check: %s", dir, order[0], msg)
	}
	return &side{dir: dir, fset: fset, pkg: pkg}, nil
}

// firstError is the first error of a scanner.ErrorList (which prints
// file:line:col), with the count of the others.
func firstError(err error) error {
	type list interface{ Unwrap() []error }
	var l list
	if errors.As(err, &l) {
		if errs := l.Unwrap(); len(errs) > 1 {
			return fmt.Errorf("%v (and %d more errors)", errs[0], len(errs)-1)
		}
	}
	return err
}

// splitMessage turns an apidiff message ("(*Client).Get: removed", "Point.Z:
// changed from int to string", "(*T).M, method set of *U: removed", "Ch,
// element type: changed from ...") into an identifier and the change in
// words.
func splitMessage(m string) (id, detail string) {
	subject, detail, ok := strings.Cut(m, ": ")
	if !ok {
		return m, ""
	}
	// "(*Pair[K, V]).Get" -> "(*Pair).Get": type arguments are no part of
	// an identifier (and hold ", ").
	var b strings.Builder
	depth := 0
	for _, r := range subject {
		switch {
		case r == '[':
			depth++
		case r == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	subject = b.String()
	if s, part, ok := strings.Cut(subject, ", "); ok {
		subject = s
		if u, ok := strings.CutPrefix(part, "method set of "); ok {
			// A method promoted through an embedded type: name it on u.
			name := subject[strings.LastIndex(subject, ".")+1:]
			subject = strings.TrimPrefix(u, "*") + "." + name
		} else {
			detail = part + " " + detail
		}
	}
	// "(*Client).Get" -> "Client.Get".
	if strings.HasPrefix(subject, "(") {
		if i := strings.Index(subject, ")"); i > 0 {
			subject = strings.TrimPrefix(subject[1:i], "*") + subject[i+1:]
		}
	}
	return subject, detail
}

// lookup finds the object an identifier names, or nil.
func (s *side) lookup(id string) types.Object {
	if id == "package" {
		return nil
	}
	typ, member, ok := strings.Cut(id, ".")
	obj := s.pkg.Scope().Lookup(typ)
	if !ok || obj == nil {
		return obj
	}
	tn, isType := obj.(*types.TypeName)
	if !isType {
		return nil
	}
	m, _, _ := types.LookupFieldOrMethod(tn.Type(), true, s.pkg, member)
	return m
}

// describe is the object's signature and file:line ("" for nil).
func (s *side) describe(obj types.Object) (sig, pos string) {
	if obj == nil {
		return "", ""
	}
	qf := func(p *types.Package) string {
		if p == s.pkg {
			return ""
		}
		return p.Name()
	}
	sig = types.ObjectString(obj, qf)
	if c, ok := obj.(*types.Const); ok {
		sig += " = " + c.Val().ExactString()
	}
	if tn, ok := obj.(*types.TypeName); ok && !tn.IsAlias() {
		u := tn.Type().Underlying()
		elided := ""
		switch u := u.(type) {
		case *types.Struct:
			if u.NumFields() > 0 {
				elided = "struct{…}"
			}
		case *types.Interface:
			if u.NumMethods() > 0 || u.NumEmbeddeds() > 0 {
				elided = "interface{…}"
			}
		}
		if us := types.TypeString(u, qf); elided != "" && strings.HasSuffix(sig, us) {
			sig = strings.TrimSuffix(sig, us) + elided
		}
	}
	if p := s.fset.Position(obj.Pos()); p.IsValid() {
		pos = fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
	}
	return sig, pos
}
