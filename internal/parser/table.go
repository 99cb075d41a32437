package parser

import (
	"bytes"
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// columns locates the columns of a property-like table.
type columns struct {
	name, typ, desc, required int
}

// propertyColumns finds the name, type, description and required columns
// of a header row; ok is false when there is no name column.
func propertyColumns(cells []string) (columns, bool) {
	c := columns{-1, -1, -1, -1}
	for i, h := range cells {
		switch h {
		case "property", "name", "parameter", "property name", "parameter name", "relationship", "relationship name", "key",
			"query parameter", "required parameter", "optional parameter", "parameters", "properties", "function parameter":
			if c.name < 0 {
				c.name = i
			}
		case "type", "value type", "data type":
			if c.typ < 0 {
				c.typ = i
			}
		case "description", "notes", "remarks":
			if c.desc < 0 {
				c.desc = i
			}
		case "required", "required?", "required (y/n)", "optional":
			if c.required < 0 {
				c.required = i
			}
		}
	}
	return c, c.name >= 0
}

// valueAsType uses a "Value" column as the type column (request body tables
// written Name | Value | Description, the value being "string").
func valueAsType(c columns, cells []string) columns {
	if c.typ < 0 {
		for i, h := range cells {
			if h == "value" {
				c.typ = i
				break
			}
		}
	}
	return c
}

func (p *pageParser) table(t *east.Table, a *annotation) {
	hdr, _ := t.FirstChild().(*east.TableHeader)
	if hdr == nil {
		return
	}
	off := hdr.Pos()
	p.truncateTable(t)
	cells := p.headerCells(t)
	first, second := "", ""
	if len(cells) > 0 {
		first = cells[0]
	}
	if len(cells) > 1 {
		second = cells[1]
	}
	if rows, ok := p.permissionTable(t, cells); ok {
		pt := permTable{rows: rows, off: off}
		if a != nil {
			pt.urls = a.requestURLs
		}
		p.addPermTable(pt)
		return
	}
	switch {
	case first == "method" && strings.Contains(second, "return type"):
		return // a methods table: links to operation pages
	case first == "header" || first == "request header" || first == "header name" || first == "name" && p.sec == secHeaders:
		if p.sec == secHeaders || first != "name" {
			p.headers(t)
			return
		}
	}
	cols, ok := propertyColumns(cells)
	if p.sec == secBody {
		cols = valueAsType(cols, cells)
	}
	switch {
	case p.sec == secMethods:
		return // the methods table of a resource page: links to operation pages
	case isEnumHeader(first, second) && p.sec != secParams && p.sec != secBody:
		return // an enum's members (Member | Value | Description): not modelled
	case !ok:
		p.unclassified(off, "table with header %q under %q is none of permissions, headers, parameters or properties", strings.Join(cells, " | "), p.secHeading())
		return
	}
	var dst *[]model.Property
	switch p.sec {
	case secProperties:
		dst = &p.doc.Properties
	case secRelationships:
		dst = &p.doc.Relationships
	case secBody:
		dst = &p.ensureBody(off).Properties
	case secParams, secHTTPRequest:
		dst = &p.doc.Parameters
	default:
		p.unclassified(off, "property-like table under %q: not a section that holds properties, parameters or a request body", p.secHeading())
		return
	}
	if cols.typ < 0 && p.sec != secParams && p.sec != secHTTPRequest {
		p.unclassified(off, "table under %q has no Type column (header %q)", p.secHeading(), strings.Join(cells, " | "))
		return
	}
	// Room for every row at once: a request body's list starts empty but
	// non-nil, and a page may hold several tables for one list.
	if *dst == nil {
		*dst = make([]model.Property, 0, t.ChildCount()-1)
	} else {
		*dst = slices.Grow(*dst, t.ChildCount()-1)
	}
	for r := hdr.NextSibling(); r != nil; r = r.NextSibling() {
		p.checkRow(r, len(cells))
		if prop, ok := p.propertyRow(r, cols); ok {
			if p.plainParams && dst == &p.doc.Parameters {
				p.paramRows = append(p.paramRows, len(*dst))
			}
			*dst = append(*dst, prop)
		}
	}
}

// unclassified reports a table the parser cannot place: a warning in the
// sections whose tables graphgen reads, info elsewhere (examples, error
// codes, see also...).
func (p *pageParser) unclassified(off int, format string, args ...any) {
	switch p.sec {
	case secPermissions, secHTTPRequest, secHeaders, secParams, secBody, secProperties, secRelationships:
		p.diag(off, model.SevWarning, "table-unclassified", format, args...)
	default:
		p.diag(off, model.SevInfo, "table-ignored", format, args...)
	}
}

func isEnumHeader(first, second string) bool {
	switch first {
	case "member", "value", "members", "enum value", "name":
		return second == "value" || second == "description" || second == ""
	}
	return false
}

// cell returns the i-th cell of a row, or nil.
func cell(r ast.Node, i int) ast.Node {
	if i < 0 {
		return nil
	}
	c := r.FirstChild()
	for ; c != nil && i > 0; i-- {
		c = c.NextSibling()
	}
	return c
}

// rowTexts returns the cleaned text of every cell of a row. The first call
// for a row reads it and every row after it (the rest of its table): all
// the cell texts are slices of one string, one allocation per table; the
// calls for the following rows, in order, return what was read. The result
// is valid until the next call.
func (p *pageParser) rowTexts(r ast.Node) []string {
	if r != p.rowNext || p.rowIdx+1 >= len(p.rowStarts) {
		p.readRows(r)
	}
	i := p.rowIdx
	p.rowIdx++
	p.rowNext = r.NextSibling()
	lo, hi := p.rowStarts[i], p.rowStarts[i+1]
	return p.texts[lo:hi:hi]
}

// readRows reads the cell texts of r and its following siblings into
// p.texts, with p.rowStarts[k] the index of row k's first cell.
func (p *pageParser) readRows(r ast.Node) {
	p.buf = p.buf[:0]
	p.ends = p.ends[:0]
	p.rowStarts = append(p.rowStarts[:0], 0)
	for ; r != nil; r = r.NextSibling() {
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			start := len(p.buf)
			p.buf = inlineText(p.buf, c, p.body)
			if cleaned := cleanBytes(p.buf[start:]); len(cleaned) > 0 && &cleaned[0] == &p.buf[start] {
				p.buf = p.buf[:start+len(cleaned)] // cleaned in place
			} else {
				p.buf = append(p.buf[:start], cleaned...)
			}
			p.ends = append(p.ends, len(p.buf))
		}
		p.rowStarts = append(p.rowStarts, len(p.ends))
	}
	all := string(p.buf)
	texts := p.texts[:0]
	prev := 0
	for _, e := range p.ends {
		texts = append(texts, all[prev:e])
		prev = e
	}
	p.texts = texts
	p.rowIdx = 0
}

// at returns texts[i], or "" when the row has no such cell.
func at(texts []string, i int) string {
	if i < 0 || i >= len(texts) {
		return ""
	}
	return texts[i]
}

func (p *pageParser) propertyRow(r ast.Node, cols columns) (model.Property, bool) {
	off := r.Pos()
	texts := p.rowTexts(r)
	name := trimMarks(at(texts, cols.name))
	desc := at(texts, cols.desc)
	if name == "" {
		if desc == "" && at(texts, cols.typ) == "" {
			return model.Property{}, false // an empty row
		}
		p.diag(off, model.SevWarning, "property-name-missing", "table row without a name")
		return model.Property{}, false
	}
	prop := model.Property{Name: name, Description: desc, Pos: p.pos(off)}
	if cols.typ >= 0 {
		prop.Type = p.typeCell(cell(r, cols.typ), at(texts, cols.typ), off)
	} else {
		prop.Type = model.TypeRef{Kind: model.TypeUnknown}
	}
	p.low = appendLower(p.low[:0], desc)
	low := p.low
	if bytes.Contains(low, []byte("read")) {
		prop.ReadOnly = bytes.Contains(low, []byte("read-only")) || bytes.Contains(low, []byte("read only")) || bytes.Contains(low, []byte("readonly"))
	}
	prop.Required = strings.Contains(desc, "Required.") || bytes.HasPrefix(low, []byte("required"))
	if cols.required >= 0 {
		switch v := strings.Trim(at(texts, cols.required), ". "); {
		case strings.EqualFold(v, "yes"), strings.EqualFold(v, "y"), strings.EqualFold(v, "true"), strings.EqualFold(v, "required"):
			prop.Required = true
		}
	}
	if bytes.Contains(low, []byte("null")) {
		switch {
		case bytes.Contains(low, []byte("not nullable")) || bytes.Contains(low, []byte("non-nullable")) || bytes.Contains(low, []byte("not null")):
			f := false
			prop.Nullable = &f
		case bytes.Contains(low, []byte("nullable")):
			t := true
			prop.Nullable = &t
		}
	}
	if bytes.Contains(low, []byte("possible values are")) {
		if c := cell(r, cols.desc); c != nil {
			prop.EnumValues = p.enumValues(c)
		}
		if prop.Type.Kind == model.TypeResource {
			prop.Type.Kind = model.TypeEnum
		}
	}
	return prop, true
}

// enumValues reads the values after "Possible values are": code spans when
// there are any, else comma-separated words up to the end of the sentence.
func (p *pageParser) enumValues(c ast.Node) []string {
	var vals []string
	found := false
	for n := c.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Text:
			v := n.Segment.Value(p.body)
			if !found {
				if i := indexFold(v, "possible values are"); i >= 0 {
					found = true
					rest := v[i+len("possible values are"):]
					rest = bytes.TrimLeft(rest, ": ")
					if n.NextSibling() == nil || len(bytes.TrimRight(rest, " ,")) > 0 {
						// values written as plain words
						if vals = plainValues(rest); len(vals) > 0 {
							return vals
						}
					}
				}
				continue
			}
			if bytes.IndexByte(v, '.') >= 0 && len(vals) > 0 {
				return vals // end of the sentence
			}
		case *ast.CodeSpan:
			if found {
				if v := strings.TrimSpace(p.nodeText(n)); v != "" {
					vals = append(vals, v)
				}
			}
		}
	}
	return vals
}

func plainValues(b []byte) []string {
	s := string(b)
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSpace(s), ".")
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		f = strings.TrimPrefix(f, "and ")
		f = strings.TrimPrefix(f, "or ")
		f = strings.Trim(f, "`'\" ")
		if f == "" || strings.ContainsAny(f, " ") {
			continue
		}
		out = append(out, f)
	}
	return out
}

var primitives = map[string]string{
	"string": "String", "int16": "Int16", "int32": "Int32", "int64": "Int64", "int": "Int32", "integer": "Int32",
	"boolean": "Boolean", "bool": "Boolean", "double": "Double", "single": "Single", "float": "Single",
	"decimal": "Decimal", "datetimeoffset": "DateTimeOffset", "datetime": "DateTimeOffset", "date": "Date",
	"timeofday": "TimeOfDay", "duration": "Duration", "guid": "Guid", "uuid": "Guid", "binary": "Binary",
	"byte": "Byte", "sbyte": "SByte", "stream": "Stream", "number": "Double", "timespan": "Duration",
	"geographypoint": "GeographyPoint", "json": "Json", "object": "Object",
}

// primitive returns the canonical name of a primitive type, with or without
// the Edm. prefix.
func primitive(name string) (string, bool) {
	n := strings.TrimPrefix(strings.TrimPrefix(name, "Edm."), "edm.")
	if len(n) > 32 {
		return "", false
	}
	var buf [32]byte
	v, ok := primitives[string(appendLower(buf[:0], n))]
	return v, ok
}

// typeCell parses a type cell: primitives, links to resource pages,
// "X collection", "Collection(X)", enums.
func (p *pageParser) typeCell(c ast.Node, txt string, off int) model.TypeRef {
	if c == nil {
		return model.TypeRef{Kind: model.TypeUnknown}
	}
	// Fast path: a cell that is one plain word naming a primitive.
	if tx, ok := c.FirstChild().(*ast.Text); ok && tx.NextSibling() == nil {
		v := tx.Segment.Value(p.body)
		if len(v) < 24 {
			p.low = appendLowerBytes(p.low[:0], v)
			if bytes.HasPrefix(p.low, []byte("edm.")) {
				p.low = p.low[4:]
			}
			if prim, ok := primitives[string(p.low)]; ok {
				return model.TypeRef{Name: prim, Kind: model.TypePrimitive}
			}
		}
	}
	t := model.TypeRef{}
	t.Collection = containsFold(txt, "collection") || strings.HasSuffix(txt, "[]")
	if l := firstLink(c); l != nil {
		t.Name = strings.TrimSpace(p.nodeText(l))
		t.Link = string(l.Destination)
		t.Kind = model.TypeResource
		if containsFold(t.Link, "enum") || strings.HasPrefix(t.Link, "#") {
			// An enums page, or a values section of this page.
			t.Kind = model.TypeEnum
		}
		t.Name = strings.TrimSuffix(strings.TrimPrefix(t.Name, "Collection("), ")")
		t.Name = strings.TrimSpace(strings.TrimSuffix(t.Name, " collection"))
		if prim, ok := primitive(t.Name); ok {
			t.Name, t.Kind = prim, model.TypePrimitive
		}
		if t.Name == "" {
			t.Kind = model.TypeUnknown
			p.diag(off, model.SevWarning, "type-unknown", "type cell %q links without a name", txt)
		}
		return t
	}
	name := txt
	if len(txt) > 11 && strings.EqualFold(txt[:11], "collection(") {
		name = strings.TrimSuffix(name[len("collection("):], ")")
	}
	if i := indexFold(name, " collection"); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimSuffix(strings.TrimSpace(name), "[]")
	name = strings.Trim(name, "*_` ")
	if prim, ok := primitive(name); ok {
		t.Name, t.Kind = prim, model.TypePrimitive
		return t
	}
	// "String (optional)", "(Optional) String", "string, maximum size 20".
	if note := stripNotes(name); note != name {
		if prim, ok := primitive(note); ok {
			t.Name, t.Kind = prim, model.TypePrimitive
			return t
		}
		if isTypeName(note) {
			t.Name, t.Kind = note, model.TypeResource
			return t
		}
	}
	lowName := strings.ToLower(name)
	switch {
	case name == "":
		t.Kind = model.TypeUnknown
		p.diag(off, model.SevWarning, "type-unknown", "empty type cell")
	case strings.HasSuffix(lowName, " enum") || strings.HasPrefix(lowName, "enum"):
		t.Kind = model.TypeEnum
		t.Name = strings.TrimSpace(strings.TrimSuffix(strings.TrimPrefix(name, "enum"), " enum"))
		t.Name = strings.Trim(t.Name, "() ")
	case isTypeName(name):
		t.Name, t.Kind = name, model.TypeResource
	default:
		t.Name, t.Kind = name, model.TypeUnknown
		p.diag(off, model.SevWarning, "type-unknown", "cannot read type cell %q", txt)
	}
	return t
}

// isTypeName reports whether s looks like a (possibly qualified) type name.
func isTypeName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '.' || c == '_' || isLetter(c) || isDigit(c)) {
			return false
		}
	}
	return isLetter(s[0])
}

func (p *pageParser) headers(t *east.Table) {
	hdr := t.FirstChild()
	for r := hdr.NextSibling(); r != nil; r = r.NextSibling() {
		texts := p.rowTexts(r)
		name := trimMarks(at(texts, 0))
		if name == "" {
			continue
		}
		val := at(texts, 1)
		if d := at(texts, 2); d != "" {
			val = strings.TrimSpace(val + " " + d)
		}
		p.doc.RequestHeaders = append(p.doc.RequestHeaders, model.Header{
			Name: name, Value: val,
			Required: containsFold(val, "required") && !containsFold(val, "not required"),
			Pos:      p.pos(r.Pos()),
		})
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// scopes splits a permissions cell into scope names. A note after the
// scopes ("Note: X cannot be used") is not read; a word that is not a scope
// name is dropped (noteOdd).
func (p *pageParser) scopes(cell string, off int) []string {
	out := make([]string, 0, 4)
	if i := indexFold(cell, "note:"); i >= 0 {
		cell = cell[:i]
	}
	switch trimmed := strings.TrimSpace(strings.TrimRight(cell, ". ")); {
	case trimmed == "", trimmed == "-", strings.EqualFold(trimmed, "not supported"), strings.EqualFold(trimmed, "not applicable"),
		strings.EqualFold(trimmed, "none"), strings.EqualFold(trimmed, "n/a"), strings.EqualFold(trimmed, "na"),
		strings.EqualFold(trimmed, "not available"):
		return out
	}
	s := cell
	if strings.IndexByte(cell, '(') >= 0 {
		// Drop parenthesised notes: "User.Read (admin only)".
		var b strings.Builder
		depth := 0
		for i := 0; i < len(cell); i++ {
			switch c := cell[i]; {
			case c == '(':
				depth++
			case c == ')':
				if depth > 0 {
					depth--
				}
			case depth == 0:
				b.WriteByte(c)
			}
		}
		s = b.String()
	}
	for i := 0; i < len(s); {
		// The fields of s between commas, spaces, semicolons and tabs
		// (strings.FieldsFunc without its slice).
		for i < len(s) && isScopeSep(s[i]) {
			i++
		}
		j := i
		for j < len(s) && !isScopeSep(s[j]) {
			j++
		}
		if j == i {
			break
		}
		f := strings.Trim(s[i:j], "*.` ")
		i = j
		if f == "" || strings.EqualFold(f, "and") || strings.EqualFold(f, "or") {
			continue
		}
		if !isScope(f) {
			p.noteOdd(f, cell, off)
			continue
		}
		if !contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

func isScopeSep(c byte) bool { return c == ',' || c == ' ' || c == ';' || c == '\t' }

func clipS(s string) string {
	if len(s) > 80 {
		return s[:77] + "..."
	}
	return s
}

// isScope reports whether s looks like a permission scope: letters, digits,
// dots, underscores and hyphens, with a dot or underscore somewhere (or one
// of the OpenID scopes).
func isScope(s string) bool {
	if !isLetter(s[0]) {
		return false
	}
	marked := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.' || c == '_':
			marked = true
		case c == '-' || isLetter(c) || isDigit(c):
		default:
			return false
		}
	}
	if marked {
		return true
	}
	switch s {
	case "openid", "profile", "email":
		return true
	}
	return false
}

// stripNotes removes parenthesised notes and anything after a comma.
func stripNotes(s string) string {
	if i := strings.IndexByte(s, ','); i >= 0 {
		s = s[:i]
	}
	for {
		o := strings.IndexByte(s, '(')
		if o < 0 {
			break
		}
		c := strings.IndexByte(s[o:], ')')
		if c < 0 {
			s = s[:o]
			break
		}
		s = s[:o] + s[o+c+1:]
	}
	return strings.TrimSpace(s)
}

// checkRow reports a row with fewer or more cells than the header: goldmark
// pads the first and drops the extra cells of the second.
func (p *pageParser) checkRow(r ast.Node, want int) {
	last := r.LastChild()
	if last != nil && last.Pos() < 0 {
		n := 0
		for c := r.FirstChild(); c != nil && c.Pos() >= 0; c = c.NextSibling() {
			n++
		}
		p.diag(r.Pos(), model.SevWarning, "table-row-cells", "row has %d cells, the header %d; the missing ones are read as empty", n, want)
		return
	}
	off := r.Pos()
	if off < 0 || off >= len(p.body) {
		return
	}
	// Quick exit: after the last cell only "|" and spaces before the end
	// of the line, so no cell was dropped.
	if last != nil && last.Lines().Len() > 0 {
		end := last.Lines().At(0).Stop
		for end < len(p.body) && (p.body[end] == ' ' || p.body[end] == '\t' || p.body[end] == '\r') {
			end++
		}
		if end < len(p.body) && p.body[end] == '|' {
			end++
		}
		for end < len(p.body) && (p.body[end] == ' ' || p.body[end] == '\t' || p.body[end] == '\r') {
			end++
		}
		if end >= len(p.body) || p.body[end] == '\n' {
			return
		}
	}
	line := p.body[off:]
	if e := bytes.IndexByte(line, '\n'); e >= 0 {
		line = line[:e]
	}
	line = bytes.TrimSpace(line)
	n, tick := 0, false
	for i, c := range line {
		switch {
		case c == '`':
			tick = !tick
		case c == '|' && !tick && (i == 0 || line[i-1] != '\\'):
			n++
		}
	}
	if len(line) > 0 && line[0] == '|' {
		n--
	}
	if len(line) > 0 && line[len(line)-1] != '|' {
		n++ // no trailing pipe: one more cell than pipes
	}
	if n > want {
		p.diag(off, model.SevWarning, "table-row-cells", "row has %d cells, the header %d; the extra ones are dropped", n, want)
	}
}

// permissionType normalises a permission type cell (lower case).
func permissionType(kind []byte) (model.PermissionType, bool) {
	switch {
	case bytes.Contains(kind, []byte("delegated")) && (bytes.Contains(kind, []byte("work")) || bytes.Contains(kind, []byte("school"))):
		return model.PermDelegatedWork, true
	case bytes.Contains(kind, []byte("delegated")) && (bytes.Contains(kind, []byte("personal")) || bytes.Contains(kind, []byte("microsoft account"))):
		return model.PermDelegatedPersonal, true
	case bytes.HasPrefix(kind, []byte("application")):
		return model.PermApplication, true
	}
	return "", false
}

// indented reports whether a cell's source starts with a no-break space
// (&nbsp; or U+00A0): Intune's workflow rows under a permission type.
func (p *pageParser) indented(c ast.Node) bool {
	if c == nil || c.Lines().Len() == 0 {
		return false
	}
	v := segValue(c.Lines().At(0), p.body)
	return bytes.HasPrefix(v, []byte("&nbsp;")) || bytes.HasPrefix(v, []byte("\u00a0"))
}

// trimMarks trims emphasis marks and spaces (the cut set "*_ ") around a
// name cell, without strings.Trim's per-call set construction.
func trimMarks(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == '*' || s[i] == '_' || s[i] == ' ') {
		i++
	}
	for j > i && (s[j-1] == '*' || s[j-1] == '_' || s[j-1] == ' ') {
		j--
	}
	return s[i:j]
}
