package graphtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// $filter on a collection: the server evaluates equality of string
// properties, `name eq 'x'` (a nested property as `file/mimeType`, a quote
// doubled inside the literal), joined by `and`, `or` and parentheses,
// comparing without regard to case as the directory does, on every item
// (the handler's or the example's) before it pages them; $count counts what
// is kept. Any other filter (ne, startswith(), any(), a number, a property
// that holds no string...) is answered 501 NotImplemented naming what the
// fake does not evaluate: never the whole collection as if it had been
// filtered.

// filter is a parsed $filter.
type filter struct {
	expr string
	root fnode
}

// fnode is a node of a filter: eq, and, or.
type fnode interface {
	eval(item map[string]json.RawMessage) (bool, error)
}

type fEq struct {
	path  []string
	value string
}

type fBool struct {
	and  bool
	l, r fnode
}

// filterError says what the fake does not evaluate.
func filterError(expr, what string) error {
	return fmt.Errorf("graphtest: $filter %q: %s; the fake evaluates only eq on string properties (name eq 'x'), joined by and, or and parentheses", expr, what)
}

// parseFilter reads $filter; nil for none.
func parseFilter(expr string) (*filter, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	toks, err := filterTokens(expr)
	if err != nil {
		return nil, filterError(expr, err.Error())
	}
	p := &filterParser{toks: toks}
	root, err := p.or()
	if err == nil && p.i < len(p.toks) {
		err = fmt.Errorf("%s is not supported here", p.toks[p.i].text)
	}
	if err != nil {
		return nil, filterError(expr, err.Error())
	}
	return &filter{expr: expr, root: root}, nil
}

type ftok struct {
	text string
	str  bool // a string literal (text unquoted)
}

// filterTokens splits a filter into words, parentheses and string
// literals.
func filterTokens(s string) ([]ftok, error) {
	var out []ftok
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == ',':
			out = append(out, ftok{text: string(c)})
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for {
				if j >= len(s) {
					return nil, fmt.Errorf("a string literal is not closed")
				}
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j += 2
						continue
					}
					break
				}
				b.WriteByte(s[j])
				j++
			}
			out = append(out, ftok{text: b.String(), str: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t(),'", rune(s[j])) {
				j++
			}
			out = append(out, ftok{text: s[i:j]})
			i = j
		}
	}
	return out, nil
}

type filterParser struct {
	toks []ftok
	i    int
}

func (p *filterParser) peekWord(w string) bool {
	return p.i < len(p.toks) && !p.toks[p.i].str && strings.EqualFold(p.toks[p.i].text, w)
}

func (p *filterParser) or() (fnode, error) {
	l, err := p.and()
	for err == nil && p.peekWord("or") {
		p.i++
		var r fnode
		if r, err = p.and(); err == nil {
			l = fBool{l: l, r: r}
		}
	}
	return l, err
}

func (p *filterParser) and() (fnode, error) {
	l, err := p.factor()
	for err == nil && p.peekWord("and") {
		p.i++
		var r fnode
		if r, err = p.factor(); err == nil {
			l = fBool{and: true, l: l, r: r}
		}
	}
	return l, err
}

func (p *filterParser) factor() (fnode, error) {
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("the filter ends too soon")
	}
	t := p.toks[p.i]
	switch {
	case t.str:
		return nil, fmt.Errorf("a literal ('%s') before the property is not supported", t.text)
	case t.text == "(":
		p.i++
		n, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].text != ")" {
			return nil, fmt.Errorf("a parenthesis is not closed")
		}
		p.i++
		return n, nil
	case strings.EqualFold(t.text, "not"):
		return nil, fmt.Errorf("not is not supported")
	case t.text == ")" || t.text == ",":
		return nil, fmt.Errorf("%q is not supported here", t.text)
	}
	p.i++
	if p.i < len(p.toks) && p.toks[p.i].text == "(" {
		return nil, fmt.Errorf("the function %s() is not supported", t.text)
	}
	if strings.Contains(t.text, "/any") || strings.Contains(t.text, "/all") {
		return nil, fmt.Errorf("the lambda %s is not supported", t.text)
	}
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("%s is compared with nothing", t.text)
	}
	if op := p.toks[p.i]; op.str || !strings.EqualFold(op.text, "eq") {
		return nil, fmt.Errorf("the operator %s is not supported", op.text)
	}
	p.i++
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("%s eq compares with nothing", t.text)
	}
	v := p.toks[p.i]
	if !v.str {
		return nil, fmt.Errorf("%s eq %s: only string literals ('x') are supported", t.text, v.text)
	}
	p.i++
	return fEq{path: strings.Split(t.text, "/"), value: v.text}, nil
}

func (n fBool) eval(item map[string]json.RawMessage) (bool, error) {
	l, err := n.l.eval(item)
	if err != nil || l != n.and {
		return l, err // false and ..., true or ...
	}
	return n.r.eval(item)
}

func (n fEq) eval(item map[string]json.RawMessage) (bool, error) {
	obj := item
	for i, name := range n.path {
		raw, ok := obj[name]
		if !ok || string(raw) == "null" {
			return false, nil
		}
		if i < len(n.path)-1 {
			obj = nil
			if json.Unmarshal(raw, &obj) != nil {
				return false, fmt.Errorf("%s is not an object", strings.Join(n.path[:i+1], "/"))
			}
			continue
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return false, fmt.Errorf("the property %s is not a string (%s)", strings.Join(n.path, "/"), clipJSON(raw))
		}
		return strings.EqualFold(s, n.value), nil
	}
	return false, nil
}

func clipJSON(raw json.RawMessage) string {
	if len(raw) > 40 {
		return string(raw[:40]) + "..."
	}
	return string(raw)
}

// apply keeps the items the filter accepts; a nil filter keeps every one.
func (f *filter) apply(items []json.RawMessage) ([]json.RawMessage, error) {
	if f == nil {
		return items, nil
	}
	var out []json.RawMessage
	for _, it := range items {
		var obj map[string]json.RawMessage
		if json.Unmarshal(it, &obj) != nil {
			return nil, filterError(f.expr, "an item is not a JSON object")
		}
		ok, err := f.root.eval(obj)
		if err != nil {
			return nil, filterError(f.expr, err.Error())
		}
		if ok {
			out = append(out, it)
		}
	}
	return out, nil
}
