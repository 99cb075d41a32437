package parser

import (
	"bytes"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
)

var methods = [...]string{"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS"}

// splitMethod splits "METHOD rest" when the first word is an HTTP method
// (any case). It returns the upper-case method.
func splitMethod(line []byte) (string, []byte, bool) {
	sp := bytes.IndexAny(line, " \t")
	if sp < 3 || sp > 7 {
		return "", nil, false
	}
	w := line[:sp]
	for _, m := range methods {
		if len(m) == len(w) && bytes.EqualFold(w, []byte(m)) {
			return m, bytes.TrimSpace(line[sp+1:]), true
		}
	}
	return "", nil, false
}

// gluedMethod splits "DELETE/path", a method written without its space.
func gluedMethod(line []byte) (string, []byte, bool) {
	for _, m := range methods {
		if len(line) > len(m) && line[len(m)] == '/' && bytes.EqualFold(line[:len(m)], []byte(m)) {
			return m, line[len(m):], true
		}
	}
	return "", nil, false
}

// endpoints reads every `METHOD /path` line of a code block in the HTTP
// request section.
func (p *pageParser) endpoints(n ast.Node) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		raw := seg.Value(p.body)
		line := bytes.TrimSpace(raw)
		if len(line) == 0 || bytes.HasPrefix(line, []byte("//")) || line[0] == '#' {
			continue
		}
		off := seg.Start + bytes.IndexByte(raw, line[0])
		method, rest, ok := splitMethod(line)
		if !ok {
			if m, r, glued := gluedMethod(line); glued {
				p.diag(off, model.SevWarning, "endpoint-malformed", "no space between method and path in %q; read as %s %s", clip(line), m, clip(r))
				method, rest, ok = m, r, true
			}
		}
		if !ok {
			p.diag(off, model.SevWarning, "endpoint-malformed", "line %q in the HTTP request section is not `METHOD /path`", clip(line))
			continue
		}
		if method != string(line[:len(method)]) {
			p.diag(off, model.SevInfo, "endpoint-method-case", "method %q written in lower or mixed case", line[:len(method)])
		}
		// Drop a trailing " HTTP/1.1" and an absolute host.
		if sp := bytes.LastIndexAny(rest, " \t"); sp > 0 && bytes.HasPrefix(bytes.TrimSpace(rest[sp:]), []byte("HTTP/")) {
			rest = bytes.TrimSpace(rest[:sp])
		}
		if bytes.HasPrefix(rest, []byte("https://")) || bytes.HasPrefix(rest, []byte("http://")) {
			u := string(rest)
			if v := urlVersion(u); v != "" {
				i := strings.Index(u, "graph.microsoft.com/") + len("graph.microsoft.com/") + len(v)
				rest = rest[i:]
				p.diag(off, model.SevInfo, "endpoint-absolute-url", "endpoint written as a full URL; host and version dropped")
			}
		}
		pathPart := rest
		restS := string(rest) // one copy for the search and the endpoint
		if q := indexOutside(restS, '?'); q >= 0 {
			pathPart = rest[:q]
		}
		if hasSpaceOutsideBraces(pathPart) {
			p.diag(off, model.SevWarning, "endpoint-malformed", "endpoint %q contains spaces", clip(line))
			continue
		}
		if len(rest) == 0 {
			p.diag(off, model.SevWarning, "endpoint-malformed", "line %q has a method but no path", clip(line))
			continue
		}
		if rest[0] != '/' {
			p.diag(off, model.SevWarning, "endpoint-relative", "path of %q does not start with /; kept as written", clip(line))
		}
		ep := parseEndpoint(method, restS)
		ep.Pos = p.pos(off)
		if p.doc.Endpoints == nil {
			// Room for one endpoint a line of the block.
			p.doc.Endpoints = make([]model.Endpoint, 0, lines.Len()-i)
		}
		p.doc.Endpoints = append(p.doc.Endpoints, ep)
	}
}

func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// parseEndpoint splits a path (with an optional query string) into segments.
func parseEndpoint(method, raw string) model.Endpoint {
	path := raw
	query := ""
	if q := indexOutside(raw, '?'); q >= 0 {
		path, query = raw[:q], raw[q+1:]
	}
	ep := model.Endpoint{Method: method, Path: path, Query: query,
		Params:   make([]string, 0, strings.Count(path, "{")),
		Segments: make([]model.Segment, 0, strings.Count(path, "/")+1)}
	depth := 0
	start := 0
	opens := false // the previous segment ended in ':' and may open an item path
	s := strings.TrimPrefix(path, "/")
	for i := 0; i <= len(s); i++ {
		if i < len(s) {
			switch s[i] {
			case '(', '{':
				depth++
				continue
			case ')', '}':
				if depth > 0 {
					depth--
				}
				continue
			case '/':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		if seg := s[start:i]; seg != "" {
			if opens {
				if p, ok := itemPath(seg); ok {
					prev := &ep.Segments[len(ep.Segments)-1]
					prev.Name = strings.TrimSuffix(prev.Name, ":")
					ep.Params = append(ep.Params, p)
					ep.Segments = append(ep.Segments, model.Segment{Kind: model.SegItemPath, Name: p})
					opens = false
					start = i + 1
					continue
				}
			}
			opens = len(seg) > 1 && seg[len(seg)-1] == ':'
			if opens && seg[0] == '{' {
				// {parent-id}: is a key that opens an item path.
				sg := segment(seg[:len(seg)-1], &ep.Params)
				sg.Name += ":"
				ep.Segments = append(ep.Segments, sg)
			} else {
				ep.Segments = append(ep.Segments, segment(seg, &ep.Params))
			}
		}
		start = i + 1
	}
	return ep
}

// itemPath returns x for "{x}" or "{x}:", the parameter of an OData
// path-addressed segment (root:/{item-path}:).
func itemPath(seg string) (string, bool) {
	seg = strings.TrimSuffix(seg, ":")
	if len(seg) < 3 || seg[0] != '{' || seg[len(seg)-1] != '}' || strings.IndexByte(seg[1:], '{') >= 0 {
		return "", false
	}
	p := seg[1 : len(seg)-1]
	if bar := strings.IndexByte(p, '|'); bar >= 0 {
		p = p[:bar]
	}
	p = strings.TrimSpace(p)
	return p, p != ""
}

// indexOutside finds c outside of (), {} and quotes.
func indexOutside(s string, c byte) int {
	depth := 0
	quote := false
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case ch == '\'':
			quote = !quote
		case quote:
		case ch == '(' || ch == '{':
			depth++
		case ch == ')' || ch == '}':
			if depth > 0 {
				depth--
			}
		case ch == c && depth == 0:
			return i
		}
	}
	return -1
}

func segment(s string, params *[]string) model.Segment {
	// {id} or {id | userPrincipalName}
	if len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}' && strings.IndexByte(s[1:], '{') < 0 {
		if strings.IndexByte(s, '|') < 0 {
			name := strings.TrimSpace(s[1 : len(s)-1])
			*params = append(*params, name)
			return model.Segment{Kind: model.SegParam, Name: name}
		}
		alts := strings.Split(s[1:len(s)-1], "|")
		for i := range alts {
			alts[i] = strings.TrimSpace(alts[i])
		}
		seg := model.Segment{Kind: model.SegParam, Name: alts[0]}
		if len(alts) > 1 {
			seg.Alternatives = alts
		}
		*params = append(*params, alts[0])
		return seg
	}
	// name(args)
	if open := strings.IndexByte(s, '('); open > 0 && s[len(s)-1] == ')' {
		name := s[:open]
		args := splitArgs(s[open+1 : len(s)-1])
		seg := model.Segment{Kind: model.SegFunction, Name: name}
		for _, a := range args {
			arg := model.Arg{Value: a}
			if eq := indexOutside(a, '='); eq > 0 {
				arg.Name, arg.Value = strings.TrimSpace(a[:eq]), strings.TrimSpace(a[eq+1:])
			}
			if pn := placeholder(arg.Value); pn != "" {
				arg.Param = pn
				*params = append(*params, pn)
			}
			seg.Args = append(seg.Args, arg)
		}
		if len(args) == 1 && seg.Args[0].Name == "" {
			seg.Kind = model.SegKey // users('{id}')
		}
		return seg
	}
	// Params embedded in a literal: root:/{item-path}: and the like.
	for i := 0; i < len(s); {
		o := strings.IndexByte(s[i:], '{')
		if o < 0 {
			break
		}
		c := strings.IndexByte(s[i+o:], '}')
		if c < 0 {
			break
		}
		name := strings.TrimSpace(s[i+o+1 : i+o+c])
		if bar := strings.IndexByte(name, '|'); bar >= 0 {
			name = strings.TrimSpace(name[:bar])
		}
		if name != "" {
			*params = append(*params, name)
		}
		i += o + c + 1
	}
	if isCast(s) {
		return model.Segment{Kind: model.SegCast, Name: s}
	}
	return model.Segment{Kind: model.SegLiteral, Name: s}
}

// isCast reports whether s is a qualified type name such as
// microsoft.graph.iosScepCertificateProfile.
func isCast(s string) bool {
	dot := strings.IndexByte(s, '.')
	if dot <= 0 || dot == len(s)-1 || s[len(s)-1] == '.' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '.' || c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// placeholder returns x for "{x}", "'{x}'" or "@x" style values.
func placeholder(v string) string {
	v = strings.Trim(strings.TrimSpace(v), `'"`)
	if len(v) > 2 && v[0] == '{' && v[len(v)-1] == '}' {
		return strings.TrimSpace(v[1 : len(v)-1])
	}
	return ""
}

func splitArgs(s string) []string {
	var out []string
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for {
		i := indexOutside(s, ',')
		if i < 0 {
			out = append(out, strings.TrimSpace(s))
			return out
		}
		out = append(out, strings.TrimSpace(s[:i]))
		s = s[i+1:]
	}
}

// hasSpaceOutsideBraces reports a space or tab outside {...}: the
// alternatives of {id | userPrincipalName} are spaced.
func hasSpaceOutsideBraces(b []byte) bool {
	depth := 0
	for _, c := range b {
		switch c {
		case '{', '(':
			depth++
		case '}', ')':
			if depth > 0 {
				depth--
			}
		case ' ', '\t':
			if depth == 0 {
				return true
			}
		}
	}
	return false
}
