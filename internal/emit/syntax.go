package emit

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The text constructors of the Go syntax that carries input text besides
// jennifer's Lit and Tag: raw string literals and comments. Doc text,
// example values and metadata text reach a generated file only through
// them, jennifer's Lit (strconv.Quote's escaping) and Tag (an interpreted
// string when a value holds a backquote), and none of them can produce a
// literal, tag or comment that ends early, whatever the input
// (TestSyntaxConstructors; FuzzGenerate and FuzzGenerateMetadata check
// every generated package's syntax tree against its plan).

// rawLit returns a Go string literal of s: a raw one when the compiler reads
// it back unchanged (valid UTF-8 without a backquote, a carriage return,
// which raw strings drop, a NUL or a byte order mark, which the compiler
// refuses), else strconv.Quote's. Compact JSON of examples is written this
// way (rawString).
func rawLit(s string) string {
	if utf8.ValidString(s) && !strings.ContainsAny(s, "`\r\x00\uFEFF") {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
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

// commentLine is the last guard of every comment line (commentText: the
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
