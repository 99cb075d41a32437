package parser

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// Includer reads an include file a page names ([!INCLUDE [label](target)]):
// target is as the page writes it, relative to the page. It returns the
// file's bytes, or an error that wraps fs.ErrNotExist for a file that is not
// there and ErrIncludeOutside for one that resolves outside the docs root
// the page came from (which it must not open). The parser calls it only for
// permission includes (see ParseWith), at most once per include line.
type Includer func(target string) ([]byte, error)

// ErrIncludeOutside is the error an Includer returns for an include that
// resolves (after following symbolic links) outside the docs root.
var ErrIncludeOutside = errors.New("it resolves outside the docs root")

// permState is what the page says about permissions, in page order: its
// permissions tables (inline or included) and the groups of the Permissions
// section they sit in. finish resolves it (resolvePermissions).
type permState struct {
	tables []permTable
	groups []permGroup
	// heading is set once a "Permissions" heading is seen, at headingOff.
	heading    bool
	headingOff int
	// Words dropped from permissions cells: one diagnostic per page.
	odd      []string // the first few
	oddN     int
	oddOff   int    // offset in the page of the first
	oddWhere string // "" on the page, or " (in file:line)" for an include's
	oddCell  string
}

// permGroup is a run of the Permissions section under one sub-heading or
// lead-in paragraph ("Permissions to get an allotment for a user:"): its
// words, and its tables and http blocks in page order.
type permGroup struct {
	words  []string // lower-case words of the heading and lead-ins, and adjacent pairs joined
	items  []permItem
	tables int
}

// permItem is a table (index in permState.tables) or an http block's
// endpoints (table -1).
type permItem struct {
	table int
	eps   []model.Endpoint
}

// permTable is one permissions table.
type permTable struct {
	rows    []model.Permission
	unknown bool // an include that could not be read, or a table without a readable row
	off     int  // the table's (or the include line's) offset in the page body
	urls    []model.Endpoint
	group   int
	include string // the include's target as written; "" for an inline table
}

// label names a table in messages: the include, or the table's line.
func (p *pageParser) label(t *permTable) string {
	if t.include != "" {
		return "the include " + t.include
	}
	return fmt.Sprintf("the permissions table at line %d", p.pos(t.off).Line)
}

// isIncludeStart reports whether raw[i:] starts "[!INCLUDE" (any case).
func isIncludeStart(raw []byte, i int) bool {
	const w = "[!include"
	if len(raw)-i < len(w) {
		return false
	}
	for k := 0; k < len(w); k++ {
		if lowerByte(raw[i+k]) != w[k] {
			return false
		}
	}
	return true
}

// include is one [!INCLUDE [label](target)] of a paragraph.
type include struct {
	label, target string
	at            int // offset of "[!" in the text searched
}

// findIncludes lists the permission includes (permissionInclude) among the
// [!INCLUDE [label](target)] directives of raw, in order, skipping any
// inside an HTML comment (<!-- ... -->, an unclosed one running to the end).
// Other includes (code snippets: most of a page's) cost no allocation.
func findIncludes(raw []byte) []include {
	var out []include
	for i := 0; i < len(raw); i++ {
		switch {
		case raw[i] == '<' && bytes.HasPrefix(raw[i:], []byte("<!--")):
			e := bytes.Index(raw[i+4:], []byte("-->"))
			if e < 0 {
				return out
			}
			i += 4 + e + 2
		case raw[i] == '[' && isIncludeStart(raw, i):
			at := i
			j := i + len("[!include")
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t') {
				j++
			}
			if j >= len(raw) || raw[j] != '[' {
				continue
			}
			le := bytes.IndexByte(raw[j:], ']')
			if le < 0 {
				continue
			}
			label := bytes.TrimSpace(raw[j+1 : j+le])
			k := j + le + 1
			if k >= len(raw) || raw[k] != '(' {
				continue
			}
			te := bytes.IndexByte(raw[k:], ')')
			if te < 0 {
				continue
			}
			target := bytes.TrimSpace(raw[k+1 : k+te])
			i = k + te
			if len(target) > 0 && permissionInclude(label, target) {
				out = append(out, include{label: string(label), target: string(target), at: at})
			}
		}
	}
	return out
}

// permissionInclude reports whether an include is a permissions table: the
// permissions-table label, or a file under includes/permissions/ (any case,
// either slash).
func permissionInclude(label, target []byte) bool {
	if bytes.EqualFold(label, []byte("permissions-table")) {
		return true
	}
	const dir = "includes/permissions/"
	for i := 0; i+len(dir) <= len(target); i++ {
		k := 0
		for ; k < len(dir); k++ {
			c := lowerByte(target[i+k])
			if c == '\\' {
				c = '/'
			}
			if c != dir[k] {
				break
			}
		}
		if k == len(dir) {
			return true
		}
	}
	return false
}

// includes reads the permission includes of a paragraph (n, whose first
// line may be an [!INCLUDE]); a is the annotation above it.
func (p *pageParser) includes(n ast.Node, a *annotation) {
	lines := n.Lines()
	if lines.Len() == 0 {
		return
	}
	start, stop := lines.At(0).Start, lines.At(lines.Len()-1).Stop
	if start < 0 || stop > len(p.body) || start >= stop {
		return
	}
	raw := p.body[start:stop]
	if bytes.Index(raw, []byte("[!")) < 0 {
		return
	}
	for _, inc := range findIncludes(raw) {
		p.readInclude(inc.target, start+inc.at, a)
		a = nil // the annotation is the first include's
	}
}

// readInclude reads a permission include named at off (in the page body):
// its permissions table becomes one of the page's, with the rows' Pos at
// the include line and Source in the file. The include's own diagnostics
// are the page's, at the include line, naming the file and its line.
func (p *pageParser) readInclude(target string, off int, a *annotation) {
	line := p.pos(off).Line
	t := permTable{off: off, include: target}
	if a != nil {
		t.urls = a.requestURLs
	}
	if p.inc == nil {
		p.diag(off, model.SevError, "permission-include-missing", "permission include %s (line %d) is not read: the page was parsed alone, with no folder to read includes from", target, line)
		t.unknown = true
		p.addPermTable(t)
		return
	}
	data, err := p.inc(target)
	if err != nil {
		switch {
		case errors.Is(err, ErrIncludeOutside):
			p.diag(off, model.SevError, "permission-include-refused", "permission include %s (line %d) is refused: %v; it is not read", target, line, err)
		case errors.Is(err, fs.ErrNotExist):
			p.diag(off, model.SevError, "permission-include-missing", "permission include %s (line %d) does not exist; the scopes it lists are unknown", target, line)
		default:
			p.diag(off, model.SevError, "permission-include-missing", "permission include %s (line %d) cannot be read: %v", target, line, err)
		}
		t.unknown = true
		p.addPermTable(t)
		return
	}
	sub := &pageParser{src: data, top: p, incTarget: target, incOff: off,
		doc: &model.Document{Path: target, Kind: model.KindOther, Diagnostics: []model.Diagnostic{}}}
	sub.sec = secPermissions
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		sub.base = 3
	}
	sub.frontMatter()
	sub.body = data[sub.base:]
	found := false
	if !sub.tooHostile() {
		root := md.Parse(text.NewReader(sub.body))
		for n := root.FirstChild(); n != nil; n = n.NextSibling() {
			switch n := n.(type) {
			case *ast.HTMLBlock:
				sub.htmlBlock(n)
			case *east.Table:
				an := sub.annot
				sub.annot = nil
				hdr, _ := n.FirstChild().(*east.TableHeader)
				if hdr == nil {
					continue
				}
				sub.truncateTable(n)
				rows, ok := sub.permissionTable(n, sub.headerCells(n))
				if !ok {
					continue
				}
				found = true
				t.rows = append(t.rows, rows...)
				if len(t.urls) == 0 && an != nil {
					t.urls = an.requestURLs
				}
			default:
				sub.annot = nil
			}
		}
	}
	for _, d := range sub.doc.Diagnostics {
		p.doc.Diagnostics = append(p.doc.Diagnostics, model.Diagnostic{
			Pos: p.pos(off), Severity: d.Severity, Code: d.Code,
			Message: fmt.Sprintf("in %s:%d (included at line %d): %s", target, d.Line, line, d.Message),
		})
	}
	for i := range t.rows {
		r := &t.rows[i]
		r.Source = fmt.Sprintf("%s:%d", target, r.Pos.Line)
		r.Pos = p.pos(off)
	}
	if !found {
		p.diag(off, model.SevError, "permissions-unreadable", "permission include %s (line %d) holds no permissions table graphgen can read; the scopes it lists are unknown", target, line)
		t.unknown = true
	}
	p.addPermTable(t)
}

// permGroupNow returns the current group of the Permissions section,
// starting the first when there is none.
func (p *pageParser) permGroupNow() int {
	if len(p.perm.groups) == 0 {
		p.perm.groups = append(p.perm.groups, permGroup{})
	}
	return len(p.perm.groups) - 1
}

// permNewGroup starts a group under a sub-heading, or at a lead-in
// paragraph once the current group has a table.
func (p *pageParser) permNewGroup(txt string, heading bool) {
	if heading || len(p.perm.groups) > 0 && p.perm.groups[len(p.perm.groups)-1].tables > 0 {
		p.perm.groups = append(p.perm.groups, permGroup{})
	}
	g := &p.perm.groups[p.permGroupNow()]
	g.words = append(g.words, words(txt)...)
}

// words splits text into lower-case runs of letters and digits (two or
// more), with each adjacent pair also joined ("azure resources" gives
// azureresources).
func words(txt string) []string {
	var ws []string
	var b []byte
	flush := func() {
		if len(b) >= 2 {
			ws = append(ws, string(b))
		}
		b = b[:0]
	}
	for i := 0; i < len(txt); i++ {
		c := lowerByte(txt[i])
		if c >= 'a' && c <= 'z' || isDigit(c) {
			b = append(b, c)
			continue
		}
		flush()
	}
	flush()
	n := len(ws)
	for i := 0; i+1 < n; i++ {
		ws = append(ws, ws[i]+ws[i+1])
	}
	return ws
}

// addPermTable records a table of the page (from the page's parser or an
// include's).
func (p *pageParser) addPermTable(t permTable) {
	top := p.root()
	t.group = top.permGroupNow()
	if top.perm.tables == nil {
		top.perm.tables = make([]permTable, 0, 2)
	}
	top.perm.tables = append(top.perm.tables, t)
	g := &top.perm.groups[t.group]
	g.items = append(g.items, permItem{table: len(top.perm.tables) - 1})
	g.tables++
}

// root is the page's parser: p, or the page's for an include's.
func (p *pageParser) root() *pageParser {
	if p.top != nil {
		return p.top
	}
	return p
}

// permEndpoints reads the `METHOD /path` lines of an http block in the
// Permissions section: the endpoints the table next to it is for.
func (p *pageParser) permEndpoints(n ast.Node) {
	var eps []model.Endpoint
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		line := bytes.TrimSpace(segValue(lines.At(i), p.body))
		if m, rest, ok := splitMethod(line); ok {
			if ep, ok := quietEndpoint(m, rest); ok {
				eps = append(eps, ep)
			}
		}
	}
	if len(eps) == 0 {
		return
	}
	g := &p.perm.groups[p.permGroupNow()]
	g.items = append(g.items, permItem{table: -1, eps: eps})
}

// permParagraph reads a paragraph of the Permissions section: a lead-in
// ("Permissions to get an allotment for a user:") starts a group.
func (p *pageParser) permParagraph(n *ast.Paragraph) {
	if l := n.Lines(); l.Len() > 0 && bytes.HasPrefix(bytes.TrimLeft(segValue(l.At(0), p.body), " \t"), []byte("[!")) {
		return
	}
	txt := strings.TrimRight(p.nodeText(n), " *_")
	if len(txt) > 0 && len(txt) <= 200 && txt[len(txt)-1] == ':' {
		p.permNewGroup(txt, false)
	}
}

// permissionTable reads a permissions table by its header: two columns
// (Permission type | Permissions (from least to most privileged)), three
// (Permission type | Least privileged permissions | Higher privileged
// permissions), or one row per resource (Supported resource | Delegated
// (work or school account) | ... | Application). ok is false for another
// table.
func (p *pageParser) permissionTable(t *east.Table, cells []string) (rows []model.Permission, ok bool) {
	first, second, third := "", "", ""
	if len(cells) > 0 {
		first = cells[0]
	}
	if len(cells) > 1 {
		second = cells[1]
	}
	if len(cells) > 2 {
		third = cells[2]
	}
	switch {
	case strings.HasPrefix(first, "permission type") && strings.HasPrefix(second, "least privileged"):
		higher := -1
		if strings.HasPrefix(third, "higher privileged") {
			higher = 2
		}
		return p.permissionsLeastHigher(t, higher), true
	case strings.HasPrefix(first, "permission type") && strings.HasPrefix(second, "permission"):
		return p.permissions(t, second), true
	case len(cells) >= 3 && strings.HasPrefix(second, "delegated"):
		return p.permissionsByResource(t, cells), true
	}
	return nil, false
}

// permissions reads a two-column permissions table; order is the header's
// second cell. Indented rows (Intune's "&nbsp; &nbsp; **Device
// management**" workflow rows) add their scopes to the permission type
// above them.
func (p *pageParser) permissions(t *east.Table, order string) []model.Permission {
	reverse := strings.Contains(order, "most to least")
	rows := make([]model.Permission, 0, t.ChildCount()-1)
	last := -1
	hdr := t.FirstChild()
	for r := hdr.NextSibling(); r != nil; r = r.NextSibling() {
		texts := p.rowTexts(r)
		raw, scopeCell := at(texts, 0), at(texts, 1)
		p.low = appendLower(p.low[:0], raw)
		kind := p.low
		off := r.Pos()
		typ, ok := permissionType(kind)
		if !ok {
			if len(kind) == 0 && scopeCell == "" {
				continue
			}
			if last >= 0 && p.indented(cell(r, 0)) {
				perm := &rows[last]
				for _, sc := range p.scopes(scopeCell, off) {
					if !contains(perm.Scopes, sc) {
						perm.Scopes = append(perm.Scopes, sc)
					}
				}
				continue
			}
			p.diag(off, model.SevWarning, "permission-row-unknown", "permission type %q is not delegated (work or school), delegated (personal) or application", raw)
			last = -1
			continue
		}
		rows = append(rows, model.Permission{Type: typ, Scopes: p.scopes(scopeCell, off), Pos: p.pos(off)})
		last = len(rows) - 1
	}
	if reverse {
		for _, perm := range rows {
			slices.Reverse(perm.Scopes)
		}
	}
	return rows
}

// permissionsLeastHigher reads a three-column permissions table: the least
// privileged scopes in table order, the higher privileged ones (column
// higher, -1 for none) as a set sorted by name.
func (p *pageParser) permissionsLeastHigher(t *east.Table, higher int) []model.Permission {
	rows := make([]model.Permission, 0, t.ChildCount()-1)
	for r := t.FirstChild().NextSibling(); r != nil; r = r.NextSibling() {
		texts := p.rowTexts(r)
		raw := at(texts, 0)
		off := r.Pos()
		p.low = appendLower(p.low[:0], raw)
		typ, ok := permissionType(p.low)
		if !ok {
			if len(p.low) != 0 || at(texts, 1) != "" {
				p.diag(off, model.SevWarning, "permission-row-unknown", "permission type %q is not delegated (work or school), delegated (personal) or application", raw)
			}
			continue
		}
		perm := model.Permission{Type: typ, Scopes: p.scopes(at(texts, 1), off), Pos: p.pos(off)}
		if higher >= 0 {
			perm.Higher = higherSet(p.scopes(at(texts, higher), off), perm.Scopes)
		}
		rows = append(rows, perm)
	}
	return rows
}

// higherSet is hi without repeats and without the scopes of least
// (compared case-insensitively), sorted; nil when empty.
func higherSet(hi, least []string) []string {
	var out []string
	for _, s := range hi {
		if !slices.ContainsFunc(least, func(x string) bool { return strings.EqualFold(x, s) }) &&
			!slices.ContainsFunc(out, func(x string) bool { return strings.EqualFold(x, s) }) {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}

// permissionsByResource reads a table with one row per resource and one
// column per permission type ("Supported resource | Delegated (work or
// school account) | ... | Application"): a row per resource and type, with
// Resource set, kept apart (the scopes depend on the resource the request
// names).
func (p *pageParser) permissionsByResource(t *east.Table, cells []string) []model.Permission {
	off := t.FirstChild().Pos()
	type col struct {
		i   int
		typ model.PermissionType
	}
	var cols []col
	for i, h := range cells[1:] {
		p.low = appendLower(p.low[:0], h)
		if typ, ok := permissionType(p.low); ok {
			cols = append(cols, col{i + 1, typ})
		}
	}
	var rows []model.Permission
	n := 0
	for r := t.FirstChild().NextSibling(); r != nil; r = r.NextSibling() {
		texts := p.rowTexts(r)
		res := trimMarks(at(texts, 0))
		if res == "" {
			continue
		}
		n++
		for _, c := range cols {
			rows = append(rows, model.Permission{Type: c.typ, Scopes: p.scopes(at(texts, c.i), r.Pos()), Resource: res, Pos: p.pos(r.Pos())})
		}
	}
	if len(cols) > 0 {
		p.diag(off, model.SevInfo, "permission-table-by-resource", "permissions table with one row per resource (%d rows): the scopes depend on the resource the request names; kept per resource", n)
	}
	return rows
}

// noteOdd records a word dropped from a permissions cell: the page gets
// one permission-scope-odd diagnostic (resolvePermissions).
func (p *pageParser) noteOdd(word, cell string, off int) {
	top := p.root()
	ps := &top.perm
	if ps.oddN == 0 {
		if p != top {
			ps.oddOff = p.incOff
			ps.oddWhere = fmt.Sprintf(" (in %s:%d)", p.incTarget, p.pos(off).Line)
		} else {
			ps.oddOff = off
		}
		ps.oddCell = clipS(cell)
	}
	ps.oddN++
	if len(ps.odd) < 5 && !contains(ps.odd, word) {
		ps.odd = append(ps.odd, word)
	}
}

// resolvePermissions fills the document's permissions from the tables
// read (see model.Document.Permissions): one table is the page's; several
// are mapped to the endpoints they are for (mapPermissions). An operation
// page without a readable table has PermissionsUnknown, and an error when
// it has a Permissions section.
func (p *pageParser) resolvePermissions() {
	ps := &p.perm
	d := p.doc
	if ps.oddN > 0 {
		quoted := make([]string, len(ps.odd))
		for i, w := range ps.odd {
			quoted[i] = fmt.Sprintf("%q", w)
		}
		more := ""
		if ps.oddN > len(ps.odd) {
			more = fmt.Sprintf(" (%d words in all)", ps.oddN)
		}
		p.diag(ps.oddOff, model.SevWarning, "permission-scope-odd", "dropped %s%s from permissions cells: not scope names (first in %q%s)", strings.Join(quoted, ", "), more, ps.oddCell, ps.oddWhere)
	}
	op := d.Kind == model.KindOperation
	if len(ps.tables) == 0 {
		if op {
			d.PermissionsUnknown = true
			if ps.heading {
				p.diag(ps.headingOff, model.SevError, "permissions-unreadable", "the Permissions section holds no permissions table graphgen can read (Permission type | Least privileged permissions | Higher privileged permissions, or an include of one); the scopes are unknown")
			}
		}
		return
	}
	known := 0
	for i := range ps.tables {
		t := &ps.tables[i]
		if !t.unknown && len(t.rows) == 0 {
			t.unknown = true
			p.diag(t.off, model.SevError, "permissions-unreadable", "permissions table with no row of a known permission type; the scopes are unknown")
		}
		if !t.unknown {
			known++
		}
	}
	d.Permissions = unionRows(ps.tables, nil)
	if known == 0 {
		d.PermissionsUnknown = op
		return
	}
	if len(ps.tables) > 1 && op && len(d.Endpoints) > 0 {
		p.mapPermissions()
	}
}

// unionRows merges the rows of the tables (all of them when which is nil)
// that are not unknown: per permission type and resource, the scopes in
// table order, then the higher ones not among them, sorted.
func unionRows(tables []permTable, which []int) []model.Permission {
	var out []model.Permission
	add := func(r model.Permission) {
		for i := range out {
			o := &out[i]
			if o.Type != r.Type || o.Resource != r.Resource {
				continue
			}
			for _, s := range r.Scopes {
				if !slices.ContainsFunc(o.Scopes, func(x string) bool { return strings.EqualFold(x, s) }) {
					o.Scopes = append(o.Scopes, s)
				}
			}
			o.Higher = higherSet(append(slices.Clone(o.Higher), r.Higher...), o.Scopes)
			return
		}
		r.Scopes = slices.Clone(r.Scopes)
		r.Higher = slices.Clone(r.Higher)
		out = append(out, r)
	}
	known, last := 0, -1
	for i, t := range tables {
		if !t.unknown && (which == nil || slices.Contains(which, i)) {
			known, last = known+1, i
		}
	}
	if known == 1 {
		return tables[last].rows
	}
	for i, t := range tables {
		if !t.unknown && (which == nil || slices.Contains(which, i)) {
			for _, r := range t.rows {
				add(r)
			}
		}
	}
	return out
}

// mapPermissions maps a page's several permissions tables to its
// endpoints by the strongest signal each table has: the requestUrls of its
// annotation, then the words of its sub-heading or lead-in naming a path
// segment of the endpoints (the rightmost segment any table's words name),
// then the http block next to it. When a weaker signal names an endpoint
// the stronger does not, the table is for all they name, with a warning.
// An endpoint one table is for gets that table's rows; one that several or
// none are surely for keeps the union (Document.Permissions), with one
// warning per page.
func (p *pageParser) mapPermissions() {
	ps := &p.perm
	d := p.doc
	eps := d.Endpoints
	keys := make([]string, len(eps))
	for i, ep := range eps {
		keys[i] = endpointKey(ep)
	}
	match := func(list []model.Endpoint) []int {
		var out []int
		for _, ep := range list {
			k := endpointKey(ep)
			for i := range eps {
				if keys[i] == k && !slices.Contains(out, i) {
					out = append(out, i)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	byWords := p.permByWords()
	byHTTP := p.permByHTTP()
	claims := make([][]int, len(eps))
	for ti := range ps.tables {
		t := &ps.tables[ti]
		signals := []struct {
			name string
			set  []int
		}{{"its annotation's requestUrls", match(t.urls)}, {"its heading (or lead-in)", byWords[ti]}, {"the http block next to it", byHTTP[ti]}}
		set, strongest := []int(nil), -1
		for i, s := range signals {
			if len(s.set) > 0 {
				set, strongest = s.set, i
				break
			}
		}
		if strongest < 0 {
			continue
		}
		for _, s := range signals[strongest+1:] {
			if len(s.set) == 0 || subset(s.set, set) {
				continue
			}
			p.diag(t.off, model.SevWarning, "permission-table-signals", "%s: %s names %s, but %s names %s; the table is read as for all of them",
				p.label(t), signals[strongest].name, epList(eps, set), s.name, epList(eps, s.set))
			for _, x := range s.set {
				if !slices.Contains(set, x) {
					set = append(set, x)
				}
			}
			slices.Sort(set)
		}
		for _, e := range set {
			claims[e] = append(claims[e], ti)
		}
	}
	var none, several []int
	for e := range eps {
		switch c := claims[e]; len(c) {
		case 0:
			none = append(none, e)
		case 1:
			t := ps.tables[c[0]]
			if t.unknown {
				eps[e].PermissionsUnknown = true
			} else {
				eps[e].Permissions = t.rows
			}
		default:
			several = append(several, e)
			rows := unionRows(ps.tables, c)
			if len(rows) == 0 {
				eps[e].PermissionsUnknown = true
			} else {
				eps[e].Permissions = rows
			}
		}
	}
	if len(none) > 0 || len(several) > 0 {
		var why []string
		if len(none) > 0 {
			why = append(why, fmt.Sprintf("no table is surely for %s", epList(eps, none)))
		}
		if len(several) > 0 {
			why = append(why, fmt.Sprintf("several may be for %s", epList(eps, several)))
		}
		off := ps.tables[0].off
		if ps.heading {
			off = ps.headingOff
		}
		p.diag(off, model.SevWarning, "permission-table-unsure", "%d permissions tables: %s; those endpoints get the union of the tables' scopes", len(ps.tables), strings.Join(why, ", and "))
	}
}

func subset(a, b []int) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// epList names endpoints for a message: the first three, then a count.
func epList(eps []model.Endpoint, idx []int) string {
	var s []string
	for i, e := range idx {
		if i == 3 {
			s = append(s, fmt.Sprintf("%d more", len(idx)-3))
			break
		}
		s = append(s, eps[e].Method+" "+eps[e].Path)
	}
	return strings.Join(s, ", ")
}

// endpointKey identifies an endpoint within a page: the method and the
// lower-case path with every parameter written {}.
func endpointKey(ep model.Endpoint) string {
	var b strings.Builder
	b.WriteString(ep.Method)
	for _, s := range ep.Segments {
		b.WriteByte('/')
		switch s.Kind {
		case model.SegParam, model.SegItemPath:
			b.WriteString("{}")
		default:
			b.WriteString(strings.ToLower(s.Name))
			for _, a := range s.Args {
				b.WriteString("," + strings.ToLower(a.Name))
			}
		}
	}
	return b.String()
}

// segmentWord is the name a heading may use for a path segment: the
// literal, a cast's type name, a function's name; "" for parameters.
func segmentWord(s model.Segment) string {
	switch s.Kind {
	case model.SegParam, model.SegItemPath:
		return ""
	case model.SegCast:
		return strings.ToLower(s.Name[strings.LastIndexByte(s.Name, '.')+1:])
	}
	return strings.ToLower(s.Name)
}

// wordMatch says how a heading's word names a path segment: 2 for the
// segment itself (singular or plural: group, groups), 1 for the signed-in
// user's /me named by "user", 0 for none.
func wordMatch(w, seg string) int {
	if seg == "" {
		return 0
	}
	if seg == "me" {
		switch w {
		case "me", "self":
			return 2
		case "user", "users":
			return 1
		}
		return 0
	}
	if w == seg || w+"s" == seg || w == seg+"s" || w+"es" == seg || w == seg+"es" {
		return 2
	}
	return 0
}

// permByWords maps each table to the endpoints its group's words name:
// for each endpoint, the rightmost path segment that some group's words
// name decides, the groups naming it for sure (2) over the others (1). A
// word that names a segment of every endpoint tells none apart and is not
// used.
func (p *pageParser) permByWords() [][]int {
	ps := &p.perm
	eps := p.doc.Endpoints
	everywhere := func(w string) bool {
		for _, ep := range eps {
			found := false
			for _, s := range ep.Segments {
				if wordMatch(w, segmentWord(s)) == 2 {
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
		return true
	}
	useful := make([][]string, len(ps.groups))
	for g, gr := range ps.groups {
		if gr.tables == 0 {
			continue
		}
		for _, w := range gr.words {
			if !slices.Contains(useful[g], w) && !everywhere(w) {
				useful[g] = append(useful[g], w)
			}
		}
	}
	byGroup := make([][]int, len(ps.groups))
	for e, ep := range eps {
		for si := len(ep.Segments) - 1; si >= 0; si-- {
			seg := segmentWord(ep.Segments[si])
			best, groups := 0, []int(nil)
			for g, ws := range useful {
				m := 0
				for _, w := range ws {
					m = max(m, wordMatch(w, seg))
				}
				switch {
				case m == 0 || m < best:
				case m > best:
					best, groups = m, []int{g}
				default:
					groups = append(groups, g)
				}
			}
			if best > 0 {
				for _, g := range groups {
					byGroup[g] = append(byGroup[g], e)
				}
				break
			}
		}
	}
	out := make([][]int, len(ps.tables))
	for ti, t := range ps.tables {
		out[ti] = byGroup[t.group]
	}
	return out
}

// permByHTTP maps each table to the page's endpoints that the http blocks
// of its group list: all of them when the group has one table; otherwise
// each block goes with the table after it when the group starts with a
// block (a last block after every table: with the last), else with the
// table before it.
func (p *pageParser) permByHTTP() [][]int {
	ps := &p.perm
	eps := p.doc.Endpoints
	out := make([][]int, len(ps.tables))
	add := func(ti int, list []model.Endpoint) {
		for _, ep := range list {
			k := endpointKey(ep)
			for e := range eps {
				if endpointKey(eps[e]) == k && !slices.Contains(out[ti], e) {
					out[ti] = append(out[ti], e)
				}
			}
		}
		slices.Sort(out[ti])
	}
	for _, g := range ps.groups {
		if g.tables == 0 {
			continue
		}
		before := len(g.items) > 0 && g.items[0].table < 0 // blocks precede their tables
		for i, it := range g.items {
			if it.table >= 0 {
				continue
			}
			ti := -1
			if g.tables == 1 {
				for _, x := range g.items {
					if x.table >= 0 {
						ti = x.table
					}
				}
			} else {
				if before {
					for _, x := range g.items[i+1:] {
						if x.table >= 0 {
							ti = x.table
							break
						}
					}
				}
				for k := i - 1; ti < 0 && k >= 0; k-- { // after its table, or last
					if g.items[k].table >= 0 {
						ti = g.items[k].table
					}
				}
			}
			if ti >= 0 {
				add(ti, it.eps)
			}
		}
	}
	return out
}
