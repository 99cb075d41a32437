package odatapath

import (
	"fmt"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// Template is a parsed path template.
type Template struct {
	// Path is the path as read, typos repaired, without the query string.
	Path string
	// Query is what followed '?', without it.
	Query    string
	Segments []model.Segment
	// Params are the parameter names in path order (the first name of
	// {a | b}; a function's placeholders where they stand).
	Params []string
}

// Repair says how Parse read a typo.
type Repair struct{ Message string }

// Error is why Parse refused a template.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func refuse(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a documented path template (with an optional query string).
// It repairs the typos the package comment lists (one Repair each) and
// refuses, with an *Error, what the grammar does not read.
func Parse(s string) (Template, []Repair, error) {
	path, query, _ := SplitQuery(s)
	var repairs []Repair
	if suspicious(path) {
		path, repairs = repair(path)
	}
	segs, params, more, err := parse(path)
	if err != nil && repairs == nil {
		if fixed, rs := repair(path); rs != nil {
			path, repairs = fixed, rs
			segs, params, more, err = parse(path)
		}
	}
	if err != nil {
		return Template{}, nil, err
	}
	return Template{Path: path, Query: query, Segments: segs, Params: params}, append(repairs, more...), nil
}

// suspicious reports the typos a strict parse would read without an error:
// angle-bracket placeholders, "<name>-value" arguments, a path from ~/.
func suspicious(p string) bool {
	return strings.IndexByte(p, '<') >= 0 || strings.HasPrefix(p, "~/") || strings.Contains(p, "-value")
}

// SplitQuery splits s at its first '?' outside parentheses, braces and
// quoted values: the path, the query, and whether there was one.
func SplitQuery(s string) (path, query string, ok bool) {
	if i := indexTop(s, '?'); i >= 0 {
		return s[:i], s[i+1:], true
	}
	return s, "", false
}

// indexTop finds c outside parentheses and braces, and outside quotes
// within parentheses (an apostrophe elsewhere is text). A brace never
// spans a '/', so an unclosed one ends there.
func indexTop(s string, c byte) int {
	paren, brace := 0, 0
	quote := false
	for i := 0; i < len(s); i++ {
		ch := s[i]
		if quote {
			if ch == '\'' {
				quote = false
			}
			continue
		}
		switch ch {
		case '\'':
			if paren > 0 {
				quote = true
				continue
			}
		case '(':
			paren++
			continue
		case ')':
			if paren > 0 {
				paren--
			}
			continue
		case '{':
			brace++
			continue
		case '}':
			if brace > 0 {
				brace--
			}
			continue
		case '/':
			brace = 0
		}
		if ch == c && paren == 0 && brace == 0 {
			return i
		}
	}
	return -1
}

// segEnd is the index of the '/' that ends s's first segment (outside
// parentheses and quotes within them), or len(s).
func segEnd(s string) int {
	paren := 0
	quote := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quote:
			if ch == '\'' {
				quote = false
			}
		case ch == '\'' && paren > 0:
			quote = true
		case ch == '(':
			paren++
		case ch == ')':
			if paren > 0 {
				paren--
			}
		case ch == '/' && paren == 0:
			return i
		}
	}
	return len(s)
}

// Split splits s at every sep outside parentheses and quotes (a $select
// list, a function's arguments), each part trimmed of spaces. An empty s
// has no parts.
func Split(s string, sep byte) []string {
	var out []string
	for s != "" {
		i := indexArg(s, sep)
		if i < 0 {
			out = append(out, strings.TrimSpace(s))
			break
		}
		out = append(out, strings.TrimSpace(s[:i]))
		s = s[i+1:]
	}
	return out
}

// indexArg finds c outside parentheses and quotes.
func indexArg(s string, c byte) int {
	paren := 0
	quote := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\'':
			quote = !quote
		case quote:
		case ch == '(':
			paren++
		case ch == ')':
			if paren > 0 {
				paren--
			}
		case ch == c && paren == 0:
			return i
		}
	}
	return -1
}

// rawSegments splits a path (after its leading '/') at the '/'s outside
// parentheses; empty segments are kept.
func rawSegments(p string) []string {
	out := make([]string, 0, strings.Count(p, "/")+1)
	for {
		i := segEnd(p)
		out = append(out, p[:i])
		if i == len(p) {
			return out
		}
		p = p[i+1:]
	}
}

// parse reads a repaired path strictly.
func parse(p string) ([]model.Segment, []string, []Repair, error) {
	rest := strings.TrimPrefix(p, "/")
	segs := make([]model.Segment, 0, strings.Count(rest, "/")+1)
	params := make([]string, 0, strings.Count(p, "{"))
	var notes []Repair
	raw, rest := nextSegment(rest)
	for raw != "" {
		next, after := nextSegment(rest)
		// A segment ending in ':' before {x} or {x}: opens an item path.
		if len(raw) > 1 && raw[len(raw)-1] == ':' && next != "" {
			if name, closed, ok := itemParam(next); ok {
				seg, err := segment(raw[:len(raw)-1], &params)
				if err != nil {
					return nil, nil, nil, err
				}
				segs = append(segs, seg, model.Segment{Kind: model.SegItemPath, Name: name})
				params = append(params, name)
				raw, rest = nextSegment(after)
				if !closed && raw != "" {
					notes = append(notes, Repair{fmt.Sprintf("the item path {%s} is closed with ':' before /%s", name, raw)})
				}
				continue
			}
		}
		seg, err := segment(raw, &params)
		if err != nil {
			return nil, nil, nil, err
		}
		segs = append(segs, seg)
		raw, rest = next, after
	}
	return segs, params, notes, nil
}

// nextSegment returns the first segment of p that is not empty (a doubled
// or trailing / makes an empty one) and the text after it.
func nextSegment(p string) (seg, rest string) {
	for p != "" {
		i := segEnd(p)
		seg = p[:i]
		if i < len(p) {
			p = p[i+1:]
		} else {
			p = ""
		}
		if seg != "" {
			return seg, p
		}
	}
	return "", ""
}

// itemParam reads the {x} or {x}: of a path-addressed item.
func itemParam(raw string) (name string, closed bool, ok bool) {
	if strings.HasSuffix(raw, ":") {
		raw, closed = raw[:len(raw)-1], true
	}
	if len(raw) < 3 || raw[0] != '{' || raw[len(raw)-1] != '}' || strings.ContainsAny(raw[1:len(raw)-1], "{}") {
		return "", false, false
	}
	first, _, ok := names(raw[1 : len(raw)-1])
	return first, closed, ok
}

// segment classifies one segment (without an item path's colon).
func segment(s string, params *[]string) (model.Segment, error) {
	if spaceOutside(s) {
		return model.Segment{}, refuse("%q holds white space outside braces and parentheses", s)
	}
	if open := strings.IndexByte(s, '('); open >= 0 {
		return call(s, open, params)
	}
	if strings.IndexByte(s, ')') >= 0 {
		return model.Segment{}, refuse("%q has ')' without '('", s)
	}
	if b := strings.IndexByte(s, '{'); b >= 0 || strings.IndexByte(s, '}') >= 0 {
		if b < 0 || s[len(s)-1] != '}' || strings.IndexByte(s[:len(s)-1], '}') >= 0 || strings.IndexByte(s[b+1:], '{') >= 0 {
			return model.Segment{}, refuse("%q is not a parameter: text around its braces, or braces unpaired", s)
		}
		prefix := s[:b]
		if prefix != "" && (prefix[len(prefix)-1] != '=' || !ident(prefix[:len(prefix)-1])) {
			return model.Segment{}, refuse("%q: only name= may stand before a parameter's brace in a segment", s)
		}
		first, alts, ok := names(s[b+1 : len(s)-1])
		if !ok {
			return model.Segment{}, refuse("%q: a parameter name may hold letters, digits, spaces and - _ . @ (alternatives separated by |)", s)
		}
		*params = append(*params, first)
		return model.Segment{Kind: model.SegParam, Name: first, Alternatives: alts, Prefix: prefix}, nil
	}
	if isCast(s) {
		return model.Segment{Kind: model.SegCast, Name: s}, nil
	}
	if strings.IndexByte(s, '?') >= 0 {
		return model.Segment{}, refuse("%q: a '?' in a segment would start the query", s)
	}
	return model.Segment{Kind: model.SegLiteral, Name: s}, nil
}

// call reads name(args): a key (one unnamed argument) or a function.
func call(s string, open int, params *[]string) (model.Segment, error) {
	name := s[:open]
	if !ident(name) {
		return model.Segment{}, refuse("%q: %q is not a function or collection name", s, name)
	}
	end := matchParen(s, open)
	if end < 0 {
		return model.Segment{}, refuse("%q has '(' without ')'", s)
	}
	if end != len(s)-1 {
		return model.Segment{}, refuse("%q has text after ')'", s)
	}
	seg := model.Segment{Kind: model.SegFunction, Name: name}
	inner := s[open+1 : end]
	if strings.TrimSpace(inner) == "" {
		return seg, nil
	}
	parts := Split(inner, ',')
	seg.Args = make([]model.Arg, 0, len(parts))
	for _, part := range parts {
		arg := model.Arg{Value: part}
		if eq := indexArg(part, '='); eq >= 0 {
			arg.Name, arg.Value = strings.TrimSpace(part[:eq]), strings.TrimSpace(part[eq+1:])
			if !ident(arg.Name) {
				return model.Segment{}, refuse("%q: argument name %q", s, arg.Name)
			}
		}
		for _, prev := range seg.Args {
			if arg.Name != "" && strings.EqualFold(prev.Name, arg.Name) {
				return model.Segment{}, refuse("%q: argument %s twice", s, arg.Name)
			}
		}
		if arg.Value == "" {
			return model.Segment{}, refuse("%q: an argument without a value", s)
		}
		p, ok := placeholder(arg.Value)
		if !ok {
			return model.Segment{}, refuse("%q: argument %q is neither a value without braces nor one {placeholder} ({x}, '{x}', Type'{x}')", s, arg.Value)
		}
		if p != "" {
			arg.Param = p
			*params = append(*params, p)
		}
		seg.Args = append(seg.Args, arg)
	}
	if len(seg.Args) == 1 && seg.Args[0].Name == "" {
		seg.Kind = model.SegKey // users('{id}')
	}
	return seg, nil
}

// spaceOutside reports white space outside braces and parentheses.
func spaceOutside(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '{', '(':
			depth++
		case '}', ')':
			if depth > 0 {
				depth--
			}
		case ' ', '\t', '\r', '\n', '\v', '\f':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}

// matchParen is the index of the ')' closing s[open], or -1.
func matchParen(s string, open int) int {
	depth := 0
	quote := false
	for i := open; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\'':
			quote = !quote
		case quote:
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// placeholder reads an argument value: the placeholder's name ("" for a
// literal value), or false when braces stand anywhere else.
func placeholder(v string) (string, bool) {
	b := strings.IndexByte(v, '{')
	if b < 0 {
		return "", strings.IndexByte(v, '}') < 0
	}
	e := strings.IndexByte(v, '}')
	if e < b || strings.IndexByte(v[e+1:], '}') >= 0 || strings.IndexByte(v[b+1:], '{') >= 0 {
		return "", false
	}
	pre, post := v[:b], v[e+1:]
	switch {
	case pre == "" && post == "":
	case post == "'" && pre == "'":
	case post == "'" && strings.HasSuffix(pre, "'") && isCast(pre[:len(pre)-1]):
	default:
		return "", false
	}
	first, _, ok := names(v[b+1 : e])
	return first, ok
}

// names reads "a | b" inside braces: each name trimmed, none empty. alts
// lists them when there are several.
func names(s string) (first string, alts []string, ok bool) {
	if strings.IndexByte(s, '|') < 0 {
		n := strings.TrimSpace(s)
		return n, nil, name(n)
	}
	alts = strings.Split(s, "|")
	for i := range alts {
		alts[i] = strings.TrimSpace(alts[i])
		if !name(alts[i]) {
			return "", nil, false
		}
	}
	return alts[0], alts, true
}

// name reports a parameter name: letters, digits, - _ . @, and spaces
// inside ({tenant id}).
func name(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '@' || c == ' ') {
			return false
		}
	}
	return true
}

// ident reports a function, collection or argument name.
func ident(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '@' || c == '$') {
			return false
		}
	}
	return true
}

func isAlnum(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// isCast reports whether s is a qualified type name such as
// microsoft.graph.iosScepCertificateProfile.
func isCast(s string) bool {
	dot := strings.IndexByte(s, '.')
	if dot <= 0 || dot == len(s)-1 || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c == '.' || c == '_' || isAlnum(c)) {
			return false
		}
	}
	return true
}

// System names the OData system segment s is: "$value", "$ref", "$count",
// or "" for none.
func System(s model.Segment) string {
	if s.Kind != model.SegLiteral || len(s.Name) < 4 || s.Name[0] != '$' {
		return ""
	}
	switch low := strings.ToLower(s.Name); low {
	case "$value", "$ref", "$count":
		return low
	}
	return ""
}

// Stream reports whether a path addresses a stream of bytes: its last
// segment is /content (a drive item's, an attachment's) or /$value (a
// media entity's, a photo's).
func Stream(segs []model.Segment) bool {
	if len(segs) == 0 {
		return false
	}
	last := segs[len(segs)-1]
	return last.Kind == model.SegLiteral && strings.EqualFold(last.Name, "content") || System(last) == "$value"
}

// Print writes segments back as a template: Parse(Print(segs)) gives segs
// back for every segs Parse made. Alternatives are written "a | b", an
// item path's closing ':' only when more path follows.
func Print(segs []model.Segment) string {
	var b strings.Builder
	for i, s := range segs {
		if s.Kind == model.SegItemPath {
			b.WriteString(":/{" + s.Name + "}")
			if i < len(segs)-1 {
				b.WriteByte(':')
			}
			continue
		}
		b.WriteByte('/')
		switch s.Kind {
		case model.SegParam:
			b.WriteString(s.Prefix + "{")
			if len(s.Alternatives) > 0 {
				b.WriteString(strings.Join(s.Alternatives, " | "))
			} else {
				b.WriteString(s.Name)
			}
			b.WriteByte('}')
		case model.SegFunction, model.SegKey:
			b.WriteString(s.Name + "(")
			for j, a := range s.Args {
				if j > 0 {
					b.WriteByte(',')
				}
				if a.Name != "" {
					b.WriteString(a.Name + "=")
				}
				b.WriteString(a.Value)
			}
			b.WriteByte(')')
		default:
			b.WriteString(s.Name)
		}
	}
	if len(segs) == 0 {
		return "/"
	}
	return b.String()
}

// ParamKind tells where a parameter stands in a path.
type ParamKind uint8

const (
	InSegment  ParamKind = iota // a segment of its own (after an alternate key's name=)
	InItemPath                  // a path of folders: root:/{item-path}:
	InFunction                  // a function's or key's argument, written as an OData literal
)

// Param is one parameter of a template, in path order.
type Param struct {
	Name string
	Kind ParamKind
	Seg  int // the index of its segment
	Arg  int // InFunction: the index of its argument
}

// Params lists the parameters of segs in path order: what a method takes,
// and what Match returns values for.
func Params(segs []model.Segment) []Param {
	var out []Param
	for i, s := range segs {
		switch s.Kind {
		case model.SegParam:
			out = append(out, Param{Name: s.Name, Kind: InSegment, Seg: i})
		case model.SegItemPath:
			out = append(out, Param{Name: s.Name, Kind: InItemPath, Seg: i})
		case model.SegFunction, model.SegKey:
			for j, a := range s.Args {
				if a.Param != "" {
					out = append(out, Param{Name: a.Param, Kind: InFunction, Seg: i, Arg: j})
				}
			}
		}
	}
	return out
}

// Affixes splits a function argument's value around its placeholder,
// without the quotes around it (an OData literal writes its own):
// microsoft.graph.timeZoneStandard'{x}' gives "microsoft.graph.timeZoneStandard"
// and "". quoted reports the quotes: the value is a string (or an enum).
func Affixes(a model.Arg) (pre, post string, quoted bool) {
	pre, post, ok := strings.Cut(a.Value, "{"+a.Param+"}")
	if !ok {
		// The placeholder was written with spaces: { x }.
		b, e := strings.IndexByte(a.Value, '{'), strings.IndexByte(a.Value, '}')
		if b < 0 || e < b {
			return "", "", false
		}
		pre, post = a.Value[:b], a.Value[e+1:]
	}
	if strings.HasSuffix(pre, "'") && strings.HasPrefix(post, "'") {
		return pre[:len(pre)-1], post[1:], true
	}
	return pre, post, false
}

// Key is segs' identity across pages: every parameter written {}, a key
// segment written as /name/{}, a function's arguments by name, lower case.
func Key(segs []model.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		if s.Kind == model.SegItemPath {
			b.WriteString(":/{}:")
			continue
		}
		b.WriteByte('/')
		switch s.Kind {
		case model.SegParam:
			b.WriteString(strings.ToLower(s.Prefix) + "{}")
		case model.SegKey:
			// users('{id}') is users/{id}.
			b.WriteString(strings.ToLower(s.Name))
			if len(s.Args) == 1 && s.Args[0].Param != "" {
				b.WriteString("/{}")
			} else if len(s.Args) == 1 {
				b.WriteString("(" + strings.ToLower(s.Args[0].Value) + ")")
			}
		case model.SegFunction:
			b.WriteString(strings.ToLower(s.Name))
			b.WriteByte('(')
			for i, a := range s.Args {
				if i > 0 {
					b.WriteByte(',')
				}
				switch {
				case a.Param != "" && a.Name == "":
					b.WriteString("{}")
				case a.Param != "":
					b.WriteString(strings.ToLower(a.Name) + "={}")
				case a.Name == "":
					b.WriteString(strings.ToLower(a.Value))
				default:
					b.WriteString(strings.ToLower(a.Name + "=" + a.Value))
				}
			}
			b.WriteByte(')')
		default:
			b.WriteString(strings.ToLower(s.Name))
		}
	}
	if len(segs) == 0 {
		b.WriteByte('/')
	}
	return b.String()
}
