package graphrt

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
