package graphrt

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// pathSegment escapes s as exactly one URL path segment: every byte that is
// not an RFC 3986 unreserved character (ALPHA / DIGIT / "-" / "." / "_" /
// "~") becomes %XX, so "/", "?", "#", "%", spaces and non-ASCII bytes stay
// inside the segment; the dot segments "." and ".." (which a server or proxy
// would resolve away) become "%2E" and "%2E%2E". The empty string stays
// empty. A string that needs no escaping is returned as is (no allocation).
func pathSegment(s string) string {
	switch s {
	case ".":
		return "%2E"
	case "..":
		return "%2E%2E"
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if !graphrtUnreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if graphrtUnreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// graphrtUnreserved reports whether c is an RFC 3986 unreserved character.
func graphrtUnreserved(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '.' || c == '_' || c == '~'
}

// pathItem escapes an item path (the {item-path} of root:/{item-path}:): a
// path of folders kept apart by '/', each escaped as one segment (so "a b"
// is "a%20b", "#" is "%23" and ".." is "%2E%2E"); leading and trailing '/'
// are dropped.
func pathItem(s string) string {
	s = strings.Trim(s, "/")
	if s == "" {
		return ""
	}
	parts := strings.Split(s, "/")
	for i, p := range parts {
		parts[i] = pathSegment(p)
	}
	return strings.Join(parts, "/")
}

// odataLiteral writes v as the OData literal of a function parameter in a
// path (getOffice365ActiveUserDetail(period='D7')), escaped for the path: a
// string or an enum in single quotes with every ' doubled; a bool, an
// integer or a float as Go writes it; a time.Time in RFC 3339; a Date or a
// TimeOfDay as its text. Every byte but the unreserved ones and ' : + is
// escaped, so the literal stays inside its segment.
func odataLiteral[T any](v T) string {
	var s string
	switch x := any(v).(type) {
	case string:
		s = graphrtQuote(x)
	case bool:
		s = strconv.FormatBool(x)
	case int:
		s = strconv.Itoa(x)
	case int16:
		s = strconv.FormatInt(int64(x), 10)
	case int32:
		s = strconv.FormatInt(int64(x), 10)
	case int64:
		s = strconv.FormatInt(x, 10)
	case float64:
		s = strconv.FormatFloat(x, 'g', -1, 64)
	case time.Time:
		s = x.Format(time.RFC3339Nano)
	case Date:
		s = x.String()
	case TimeOfDay:
		s = x.String()
	default:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
			s = graphrtQuote(rv.String())
		} else {
			s = graphrtQuote(fmt.Sprint(v))
		}
	}
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(s)+8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if graphrtUnreserved(c) || c == '\'' || c == ':' || c == '+' {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hex[c>>4], hex[c&15])
	}
	return string(b)
}

// graphrtQuote quotes an OData string literal.
func graphrtQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
