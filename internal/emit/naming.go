package emit

import (
	"go/token"
	"strconv"
	"strings"
	"unicode"
)

// initialisms maps a lower-case word to its Go spelling.
var initialisms = map[string]string{
	"acl": "ACL", "api": "API", "ascii": "ASCII", "cpu": "CPU", "css": "CSS", "dns": "DNS",
	"eof": "EOF", "guid": "GUID", "html": "HTML", "http": "HTTP", "https": "HTTPS", "id": "ID",
	"ios": "IOS", "ip": "IP", "json": "JSON", "odata": "OData", "sql": "SQL", "ssh": "SSH",
	"tcp": "TCP", "tls": "TLS", "ttl": "TTL", "udp": "UDP", "ui": "UI", "uid": "UID",
	"uri": "URI", "url": "URL", "utf8": "UTF8", "uuid": "UUID", "vm": "VM", "vpn": "VPN",
	"xml": "XML", "xsrf": "XSRF", "xss": "XSS",
}

// words splits a documentation name into words: at every character that is
// not an ASCII letter or digit, at a lower-case letter or digit followed by an
// upper-case letter ("deviceId" -> device, Id), and before the last capital
// of a run followed by a lower-case letter ("SCEPCertificate" -> SCEP,
// Certificate). Digits stay with the word before them.
func words(s string) []string {
	var out []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			out = append(out, string(cur))
			cur = cur[:0]
		}
	}
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	isDigit := func(c byte) bool { return c >= '0' && c <= '9' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !isUpper(c) && !isLower(c) && !isDigit(c) {
			flush()
			continue
		}
		if isUpper(c) && len(cur) > 0 {
			prev := cur[len(cur)-1]
			if isLower(prev) || isDigit(prev) {
				flush()
			} else if isUpper(prev) && i+1 < len(s) && isLower(s[i+1]) {
				flush()
			}
		}
		cur = append(cur, c)
	}
	flush()
	return out
}

// capWord spells one word for an identifier: an initialism from the table,
// an initialism plus plural "s" ("Ids" -> "IDs"), or the word with its first
// letter upper-cased (the rest as written).
func capWord(w string) string {
	lw := strings.ToLower(w)
	if in, ok := initialisms[lw]; ok {
		return in
	}
	if len(lw) > 2 && strings.HasSuffix(lw, "s") {
		if in, ok := initialisms[lw[:len(lw)-1]]; ok {
			return in + "s"
		}
	}
	return strings.ToUpper(w[:1]) + w[1:]
}

// GoName converts a documentation name (property, type, title, path
// segment) to an exported Go identifier. See the package documentation for
// the rules.
func GoName(s string) string {
	var b strings.Builder
	for _, w := range words(s) {
		b.WriteString(capWord(w))
	}
	name := b.String()
	if name == "" {
		return "X"
	}
	if name[0] >= '0' && name[0] <= '9' {
		name = "X" + name
	}
	return name
}

// lowerName converts a documentation name to an unexported Go identifier
// (method arguments): the first word in lower case, the others as in GoName;
// "x" before a leading digit; a trailing underscore on Go keywords and
// predeclared identifiers.
func lowerName(s string) string {
	ws := words(s)
	if len(ws) == 0 {
		return "x"
	}
	var b strings.Builder
	b.WriteString(strings.ToLower(ws[0]))
	for _, w := range ws[1:] {
		b.WriteString(capWord(w))
	}
	name := b.String()
	if name[0] >= '0' && name[0] <= '9' {
		name = "x" + name
	}
	if token.IsKeyword(name) || predeclared[name] {
		name += "_"
	}
	return name
}

// predeclared holds Go's predeclared identifiers.
var predeclared = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`any append bool byte cap clear close comparable complex complex64
	complex128 copy delete error false float32 float64 imag int int8 int16 int32 int64 iota len make
	max min new nil panic print println real recover rune string true uint uint8 uint16 uint32 uint64 uintptr`) {
		predeclared[s] = true
	}
}

// scope hands out unique identifiers: a name equal to a reserved name gets a
// trailing underscore; a name already handed out gets the smallest free
// numeric suffix 2, 3, ...
type scope struct {
	reserved map[string]bool
	taken    map[string]bool
}

func newScope(reserved ...string) *scope {
	s := &scope{reserved: map[string]bool{}, taken: map[string]bool{}}
	for _, r := range reserved {
		s.reserved[r] = true
	}
	return s
}

// unique returns name, or its renamed form, and marks it taken.
func (s *scope) unique(name string) string {
	if s.reserved[name] {
		name += "_"
	}
	if !s.taken[name] && !s.reserved[name] {
		s.taken[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := name + strconv.Itoa(i)
		if !s.taken[n] && !s.reserved[n] {
			s.taken[n] = true
			return n
		}
	}
}

// has reports whether name is reserved or taken.
func (s *scope) has(name string) bool { return s.reserved[name] || s.taken[name] }

// reservedPackageNames are the package-level names of the runtime and of the
// helpers the emitter itself generates.
var reservedPackageNames = []string{
	"Client", "Option", "NewClient", "WithHTTPClient", "WithBaseURL", "WithTokenProvider",
	"TokenProvider", "WithUserAgent", "WithRetry", "Error", "DecodeError", "Nullable", "Value",
	"Null", "DefaultBaseURL", "Permissions", "WithMaxResponseSize", "ResponseTooLargeError",
}

// reservedMethodNames are the method names of Client in the runtime.
var reservedMethodNames = []string{"do"}

// reservedMemberNames are the field and method names every generated model
// has.
var reservedMemberNames = []string{"ODataType", "AdditionalData", "MarshalJSON", "UnmarshalJSON"}

// reservedArgNames are the local names generated methods use.
var reservedArgNames = []string{"c", "ctx", "body", "path", "in", "out", "err", "x", "raw", "v", "ok", "list", "i"}

// sanitizeComment makes doc text safe for a // comment: control characters
// and Unicode line/paragraph separators become spaces, runs of space are
// collapsed.
func sanitizeComment(s string) string {
	if plainComment(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || unicode.IsSpace(r) || r == '\uFEFF' {
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

// plainComment reports whether sanitizeComment would return s as it is:
// printable ASCII with single spaces between words, none at the ends.
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

// wrap splits s, text as sanitizeComment returns it (words separated by
// single spaces), into lines of at most width bytes at spaces; a word longer
// than width gets a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	for len(s) > width {
		i := strings.LastIndexByte(s[:width+1], ' ')
		if i < 0 {
			if i = strings.IndexByte(s, ' '); i < 0 {
				break
			}
		}
		lines = append(lines, s[:i])
		s = s[i+1:]
	}
	if s != "" {
		lines = append(lines, s)
	}
	return lines
}

// fileBase turns a page path into a file name stem: the base name without
// ".md", lower case, every character other than a-z and 0-9 becoming '_'.
func fileBase(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	p = strings.TrimSuffix(p, ".md")
	var b strings.Builder
	for _, r := range strings.ToLower(p) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	s := strings.Trim(b.String(), "_")
	if s == "" {
		s = "page"
	}
	return s
}
