package odatapath

import (
	"fmt"
	"strings"
)

// repair mends the typos the package comment lists and says how it read
// each (once per distinct reading). A path without them comes back as it
// was, with no repairs.
func repair(p string) (string, []Repair) {
	var notes []Repair
	note := func(format string, args ...any) {
		r := Repair{fmt.Sprintf(format, args...)}
		for _, n := range notes {
			if n == r {
				return
			}
		}
		notes = append(notes, r)
	}
	if strings.HasPrefix(p, "~/") {
		p = p[1:]
		note("~/ (the service root) read as /")
	}
	lead, body := "", p
	if strings.HasPrefix(p, "/") {
		lead, body = "/", p[1:]
	}
	raws := rawSegments(body)
	for i, s := range raws {
		for _, f := range segmentRepairs {
			s = f(s, note)
		}
		raws[i] = s
	}
	return lead + strings.Join(raws, "/"), notes
}

type noter func(format string, args ...any)

// segmentRepairs run in order on each segment.
var segmentRepairs = []func(string, noter) string{
	angleBrackets, parenPlaceholder, unclosedParen, swappedQuote, dashValue, unclosedBrace, alternativeOutside, missingSlash, quotedKey,
}

// angleBrackets reads <id | userPrincipalName> as {id | userPrincipalName}.
func angleBrackets(s string, note noter) string {
	for from := 0; ; {
		i := strings.IndexByte(s[from:], '<')
		if i < 0 {
			return s
		}
		i += from
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			return s
		}
		j += i
		if _, _, ok := names(s[i+1 : j]); ok {
			note("<%s> read as {%s}", s[i+1:j], s[i+1:j])
			s = s[:i] + "{" + s[i+1:j] + "}" + s[j+1:]
		}
		from = j + 1
	}
}

// parenPlaceholder reads a segment (team-id) as {team-id}: a call needs
// a name.
func parenPlaceholder(s string, note noter) string {
	if len(s) < 3 || s[0] != '(' || s[len(s)-1] != ')' {
		return s
	}
	n := s[1 : len(s)-1]
	if _, _, ok := names(n); !ok {
		return s
	}
	note("(%s) read as {%s}", n, n)
	return "{" + n + "}"
}

// unclosedParen closes a call's parenthesis left open before the next /
// outside quotes: range(address='{address}'/entireRow.
func unclosedParen(s string, note noter) string {
	open := strings.IndexByte(s, '(')
	if open < 0 || matchParen(s, open) >= 0 {
		return s
	}
	quote := false
	for i := open + 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'':
			quote = !quote
		case quote:
		case c == '(' || c == ')':
			return s
		case c == '/':
			note("unclosed %s read as %s)", s[:i], s[:i])
			return s[:i] + ")" + s[i:]
		}
	}
	return s
}

// swappedQuote reads '{x'} as '{x}'.
func swappedQuote(s string, note noter) string {
	i := strings.Index(s, "'}")
	if i < 0 {
		return s
	}
	b := strings.LastIndexByte(s[:i], '{')
	if b < 1 || s[b-1] != '\'' || !name(s[b+1:i]) {
		return s
	}
	note("'{%s'} read as '{%s}'", s[b+1:i], s[b+1:i])
	return s[:i] + "}'" + s[i+2:]
}

// dashValue reads a function argument written name=name-value as
// name={name}.
func dashValue(s string, note noter) string {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.Contains(s, "-value") {
		return s
	}
	end := matchParen(s, open)
	if end < 0 {
		return s
	}
	args := Split(s[open+1:end], ',')
	changed := false
	for i, a := range args {
		k, v, ok := strings.Cut(a, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if ok && name(k) && v == k+"-value" {
			note("%s=%s read as %s={%s}", k, v, k, k)
			args[i] = k + "={" + k + "}"
			changed = true
		}
	}
	if !changed {
		return s
	}
	return s[:open+1] + strings.Join(args, ",") + s[end:]
}

// unclosedBrace closes a { left open at the end of its segment (before
// the next / or the end of the path): {group-id before /drive.
func unclosedBrace(s string, note noter) string {
	b := strings.LastIndexByte(s, '{')
	if b < 0 || strings.IndexByte(s[b:], '}') >= 0 || strings.IndexByte(s[:b], '(') >= 0 {
		return s
	}
	rest, colon := s[b+1:], ""
	if strings.HasSuffix(rest, ":") {
		rest, colon = rest[:len(rest)-1], ":"
	}
	if _, _, ok := names(rest); !ok {
		return s
	}
	note("unclosed {%s read as {%s}", rest, rest)
	return s[:b+1] + rest + "}" + colon
}

// alternativeOutside reads {user-id} | user-principal-name as
// {user-id | user-principal-name}.
func alternativeOutside(s string, note noter) string {
	e := strings.IndexByte(s, '}')
	if e < 0 || e == len(s)-1 || strings.IndexByte(s, '(') >= 0 {
		return s
	}
	t := strings.TrimLeft(s[e+1:], " \t")
	if !strings.HasPrefix(t, "|") {
		return s
	}
	alt := strings.TrimSpace(t[1:])
	b := strings.LastIndexByte(s[:e], '{')
	if b < 0 || !name(alt) {
		return s
	}
	note("%s read as %s | %s}", s[b:], s[b:e], alt)
	return s[:e] + " | " + alt + "}"
}

// missingSlash puts back the / between a name and a brace outside
// parentheses: companies{id} and {id}$ref.
func missingSlash(s string, note noter) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			if e := matchParen(s, i); e > 0 {
				i = e
				continue
			}
			i = len(s)
		case c == '{' && i > 0 && (isAlnum(s[i-1]) || s[i-1] == '_'):
			e := strings.IndexByte(s[i:], '}')
			if e < 0 {
				continue
			}
			note("missing / between %s and %s", s[nameStart(s, i):i], s[i:i+e+1])
			b.WriteString(s[last:i])
			b.WriteByte('/')
			last = i
		case c == '}' && i+1 < len(s) && (isAlnum(s[i+1]) || s[i+1] == '$' || s[i+1] == '_'):
			o := strings.LastIndexByte(s[:i], '{')
			if o < 0 {
				continue
			}
			note("missing / between %s and %s", s[o:i+1], s[i+1:nameEnd(s, i+1)])
			b.WriteString(s[last : i+1])
			b.WriteByte('/')
			last = i + 1
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// nameStart is where the name ending before s[i] starts.
func nameStart(s string, i int) int {
	j := i
	for j > 0 && (isAlnum(s[j-1]) || s[j-1] == '_' || s[j-1] == '-' || s[j-1] == '.') {
		j--
	}
	return j
}

// nameEnd is where the name starting at s[i] ends.
func nameEnd(s string, i int) int {
	j := i
	for j < len(s) && (isAlnum(s[j]) || s[j] == '_' || s[j] == '-' || s[j] == '.' || s[j] == '$') {
		j++
	}
	return j
}

// quotedKey reads a segment '{id}' as {id}: a key written as a segment is
// not quoted.
func quotedKey(s string, note noter) string {
	if len(s) < 5 || s[0] != '\'' || s[len(s)-1] != '\'' || s[1] != '{' || s[len(s)-2] != '}' {
		return s
	}
	n := s[2 : len(s)-2]
	if _, _, ok := names(n); !ok {
		return s
	}
	note("quoted key segment '{%s}' read as {%s}", n, n)
	return s[1 : len(s)-1]
}
