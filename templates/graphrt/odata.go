package graphrt

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// graphrtODataType returns the top-level "@odata.type" string of the JSON
// object in data, without one leading '#' (the docs' examples write the
// type both ways), and true; or "", false when data is not a JSON object,
// is malformed, has no such member, or its value is not a string. It scans
// the bytes without building a map and allocates only for the returned
// string (and for keys or values that use escapes). When the member
// repeats, the last one wins, as with encoding/json. (Unknown keeps it.)
func graphrtODataType(data []byte) (string, bool) {
	i := graphrtSkipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return "", false
	}
	i = graphrtSkipSpace(data, i+1)
	if i < len(data) && data[i] == '}' {
		return "", false
	}
	var (
		typ   string
		found bool
	)
	for {
		// Key.
		if i >= len(data) || data[i] != '"' {
			return "", false
		}
		end, esc := graphrtScanString(data, i)
		if end < 0 {
			return "", false
		}
		key := data[i:end]
		i = graphrtSkipSpace(data, end)
		if i >= len(data) || data[i] != ':' {
			return "", false
		}
		i = graphrtSkipSpace(data, i+1)
		isType, ok := false, false
		if esc {
			k, ok := graphrtUnquote(key)
			if !ok {
				return "", false
			}
			isType = k == "@odata.type"
		} else {
			isType = string(key[1:len(key)-1]) == "@odata.type"
		}
		// Value.
		if isType && i < len(data) && data[i] == '"' {
			vend, vesc := graphrtScanString(data, i)
			if vend < 0 {
				return "", false
			}
			if v := data[i+1 : vend-1]; !vesc && utf8.Valid(v) {
				typ = string(v)
			} else if typ, ok = graphrtUnquote(data[i:vend]); !ok { // escapes; U+FFFD for bad UTF-8, as encoding/json
				return "", false
			}
			found = true
			i = vend
		} else {
			end := graphrtSkipValue(data, i)
			if end < 0 {
				return "", false
			}
			if isType {
				typ, found = "", false
			}
			i = end
		}
		i = graphrtSkipSpace(data, i)
		if i >= len(data) {
			return "", false
		}
		switch data[i] {
		case ',':
			i = graphrtSkipSpace(data, i+1)
		case '}':
			if !found {
				return "", false
			}
			return strings.TrimPrefix(typ, "#"), true
		default:
			return "", false
		}
	}
}

// graphrtUnquote decodes a JSON string literal (the slow path, for escapes).
func graphrtUnquote(lit []byte) (string, bool) {
	var s string
	if json.Unmarshal(lit, &s) != nil {
		return "", false
	}
	return s, true
}

func graphrtSkipSpace(data []byte, i int) int {
	for i < len(data) {
		switch data[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

// graphrtScanString returns the index just past the JSON string starting at
// data[i] (a '"'), and whether it contains escapes; -1 when unterminated.
func graphrtScanString(data []byte, i int) (int, bool) {
	esc := false
	for j := i + 1; j < len(data); j++ {
		switch data[j] {
		case '\\':
			esc = true
			j++
		case '"':
			return j + 1, esc
		}
	}
	return -1, esc
}

// graphrtSkipValue returns the index just past the JSON value starting at
// data[i], or -1 when it is malformed. Nested values are skipped by counting
// brackets outside strings; their inner syntax is checked only loosely.
func graphrtSkipValue(data []byte, i int) int {
	if i >= len(data) {
		return -1
	}
	switch c := data[i]; c {
	case '"':
		end, _ := graphrtScanString(data, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(data); j++ {
			switch data[j] {
			case '"':
				end, _ := graphrtScanString(data, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return -1
	default:
		// Number or literal: up to the next delimiter.
		j := i
		for j < len(data) {
			switch data[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				if j == i {
					return -1
				}
				return graphrtCheckScalar(data[i:j], j)
			}
			j++
		}
		return -1 // a member value cannot end the input
	}
}

func graphrtCheckScalar(tok []byte, end int) int {
	switch string(tok) {
	case "true", "false", "null":
		return end
	}
	if c := tok[0]; c == '-' || ('0' <= c && c <= '9') {
		return end
	}
	return -1
}
