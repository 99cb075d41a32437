package emit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The constructors of the Go syntax that carries input text: string
// literals, struct tags and comments. Doc text, example values and
// metadata text reach a generated file only through them, and none of them
// can produce a literal, tag or comment that ends early, whatever the
// input (TestSyntaxConstructors; FuzzGenerate and FuzzGenerateMetadata
// check every generated package's syntax tree against its plan).

// lit returns the Go string literal of s, exactly as strconv.Quote writes
// it; printable ASCII is copied without strconv's per-rune work.
func lit(s string) string {
	b := make([]byte, 0, len(s)+len(s)/8+2)
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c >= ' ' && c <= '~' && c != '"' && c != '\\':
			b = append(b, c)
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c == '\n':
			b = append(b, '\\', 'n')
		case c == '\t':
			b = append(b, '\\', 't')
		case c == '\r':
			b = append(b, '\\', 'r')
		default:
			j := i + 1
			for c >= 0x80 && j < len(s) && s[j] >= 0x80 {
				j++
			}
			q := strconv.Quote(s[i:j])
			b = append(b, q[1:len(q)-1]...)
			i = j
			continue
		}
		i++
	}
	return string(append(b, '"'))
}

// rawLit returns a Go string literal of s: a raw one when the compiler reads
// it back unchanged (valid UTF-8 without a backquote, a carriage return,
// which raw strings drop, a NUL or a byte order mark, which the compiler
// refuses), else lit's. Compact JSON of examples is written this way.
func rawLit(s string) string {
	if utf8.ValidString(s) && !strings.ContainsAny(s, "`\r\x00\uFEFF") {
		return "`" + s + "`"
	}
	return lit(s)
}

// structTag returns a struct tag of key:"value" pairs (keys and values
// alternate in kv; each value is written as a Go string literal, which
// reflect.StructTag reads back), as jennifer's Tag writes it: a raw string
// when the tag can be one unchanged (strconv.CanBackquote), else an
// interpreted string literal, so a value holding a backquote cannot end
// the tag. Keys are graphgen's own ("json", "graph").
func structTag(kv ...string) string {
	var b strings.Builder
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(kv[i] + ":" + lit(kv[i+1]))
	}
	s := b.String()
	if strconv.CanBackquote(s) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

// tag is a model field's struct tag: the graph key (when set) then json, as
// jennifer and gofmt write them. The json name never holds a comma or a
// quote: internal/api refuses such names (property-name-invalid for a page,
// metadata-name-invalid for the metadata).
func tag(json, graph string) string {
	if strings.IndexByte(json, '`') >= 0 || strings.IndexByte(graph, '`') >= 0 {
		if graph != "" {
			return structTag("graph", graph, "json", json)
		}
		return structTag("json", json)
	}
	// lit escapes everything else a raw string cannot hold: structTag's
	// result, in one concatenation (a model field each).
	if graph != "" {
		return "`graph:" + lit(graph) + " json:" + lit(json) + "`"
	}
	return "`json:" + lit(json) + "`"
}

// sanitizeComment makes doc text safe for a // comment and one paragraph of
// it: control characters (newlines among them), Unicode line and paragraph
// separators, bidirectional controls (which can show a comment's text as
// code), byte order marks and invalid UTF-8 become spaces; runs of space
// are collapsed, and none is left at either end. In a // comment only a
// newline ends the comment, so "*/" and "//" stay as they are.
func sanitizeComment(s string) string {
	if plainComment(s) {
		return s
	}
	return sanitizeCommentRunes(s)
}

// commentBreaker reports whether r may not stand in a generated comment: it
// ends the comment (a newline), makes the file fail to compile (NUL, a byte
// order mark, invalid UTF-8) or breaks or reorders the line on screen.
func commentBreaker(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\uFEFF' || r == utf8.RuneError ||
		unicode.Is(unicode.Bidi_Control, r)
}

// sanitizeCommentRunes is sanitizeComment's rune by rune path.
func sanitizeCommentRunes(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if commentBreaker(r) || unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// plainComment reports whether sanitizeComment leaves s as it is: printable
// ASCII, single spaces, none at either end (most doc text).
func plainComment(s string) bool {
	if s == "" || s[0] == ' ' || s[len(s)-1] == ' ' {
		return s == ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// commentLine is the last guard of every comment line goFile writes (the
// text after "// ", or after "//" for a code line): text already through
// sanitizeComment is returned as it is; any commentBreaker left (a tab
// stays) becomes a space, and trailing space is trimmed as gofmt does.
func commentLine(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < ' ' && c != '\t' || c > '~' {
			return commentLineRunes(s)
		}
	}
	return s
}

func commentLineRunes(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r != '\t' && commentBreaker(r) }) {
		return s // non-ASCII text, all of it printable
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r != '\t' && commentBreaker(r) {
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimRight(b.String(), " \t")
}
