package graphtest

import (
	"net/url"
	"strings"
)

// route finds the operation of method and the escaped path: the one whose
// template matches with the most literal text (so /users/delta() wins over
// /users/{id}), the first registered on a tie. When the path matches only
// operations of other methods, allowed lists those methods.
func route(method, path string) (op *operation, params map[string]string, allowed []string) {
	best := -1
	for _, o := range table {
		vals, ok := matchPath(o.path, path, nil)
		if !ok {
			continue
		}
		if !strings.EqualFold(o.method, method) {
			if !contains(allowed, o.method) {
				allowed = append(allowed, o.method)
			}
			continue
		}
		if n := literalLen(o.path); n > best {
			best, op = n, o
			params = map[string]string{}
			i := 0
			for _, p := range o.path {
				if p.isParam() {
					params[p.text] = vals[i]
					i++
				}
			}
		}
	}
	if op != nil {
		allowed = nil
	}
	return op, params, allowed
}

func literalLen(parts []part) int {
	n := 0
	for _, p := range parts {
		if p.kind == partLit {
			n += len(p.text)
		}
	}
	return n
}

// matchPath matches the escaped path against a template and returns the
// parameter values in order, unescaped. Literals match without regard to
// case; a segment or function parameter takes text without '/', an item
// path any text; each tries its longest match first.
func matchPath(parts []part, path string, vals []string) ([]string, bool) {
	if len(parts) == 0 {
		return vals, path == ""
	}
	p := parts[0]
	if p.kind == partLit {
		if len(path) < len(p.text) || !strings.EqualFold(path[:len(p.text)], p.text) {
			return nil, false
		}
		return matchPath(parts[1:], path[len(p.text):], vals)
	}
	limit := len(path)
	if p.kind != partItem {
		if i := strings.IndexByte(path, '/'); i >= 0 {
			limit = i
		}
	}
	for end := limit; end >= 0; end-- {
		v, ok := paramValue(p.kind, path[:end])
		if !ok {
			continue
		}
		if out, ok := matchPath(parts[1:], path[end:], append(vals, v)); ok {
			return out, true
		}
	}
	return nil, false
}

// paramValue unescapes a parameter's text: a function parameter is also
// read as an OData literal: a string in single quotes, each quote in it
// doubled.
func paramValue(k partKind, raw string) (string, bool) {
	v, err := url.PathUnescape(raw)
	if err != nil {
		return "", false
	}
	if k == partFunc {
		if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
			return strings.ReplaceAll(v[1:len(v)-1], "''", "'"), true
		}
		if v == "" {
			return "", false
		}
	}
	if k == partItem {
		if v == "" {
			return "", false
		}
	}
	return v, true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}
