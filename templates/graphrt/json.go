package graphrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// JSON helpers for the MarshalJSON/UnmarshalJSON methods graphgen generates
// (internal/emit). Generated models append their JSON into one buffer and
// walk an object's members once, without a map or reflection for the common
// scalar kinds. Every name here starts with "graphgen" (reserved by the
// emitter's naming rules).

// graphgenErrSyntax is returned for malformed JSON.
var graphgenErrSyntax = errors.New("malformed JSON")

// graphgenField appends `,` (unless the object that starts at start is still
// empty) and the quoted key with its colon, key being e.g. `"groupId":`.
func graphgenField(b []byte, start int, key string) []byte {
	if len(b) > start+1 {
		b = append(b, ',')
	}
	return append(b, key...)
}

const graphgenHex = "0123456789abcdef"

// graphgenAppendString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as with encoding/json; <, > and & are not escaped.
func graphgenAppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', graphgenHex[c>>4], graphgenHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', graphgenHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// graphgenAppendFloat appends f as encoding/json would; NaN and infinities
// are an error.
func graphgenAppendFloat(b []byte, f float64) ([]byte, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return b, errors.New("unsupported float value " + strconv.FormatFloat(f, 'g', -1, 64))
	}
	abs := math.Abs(f)
	fmt := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		fmt = 'e'
	}
	b = strconv.AppendFloat(b, f, fmt, -1, 64)
	if fmt == 'e' {
		// clean up e-09 to e-9
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// graphgenAppendRaw appends the JSON value raw after checking it is valid;
// an empty raw is written as null.
func graphgenAppendRaw(b []byte, raw []byte) ([]byte, error) {
	if len(raw) == 0 {
		return append(b, "null"...), nil
	}
	if !json.Valid(raw) {
		return b, graphgenErrSyntax
	}
	return append(b, raw...), nil
}

// graphgenAppendAny appends v through encoding/json (the slow path, for
// kinds the emitter has no fast code for).
func graphgenAppendAny(b []byte, v any) ([]byte, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return b, err
	}
	return append(b, data...), nil
}

// graphgenAppendExtra appends the members of m, sorted by key, after the
// members already in the object that starts at start.
func graphgenAppendExtra(b []byte, start int, m map[string]json.RawMessage) ([]byte, error) {
	if len(m) == 0 {
		return b, nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if len(b) > start+1 {
			b = append(b, ',')
		}
		b = graphgenAppendString(b, k)
		b = append(b, ':')
		var err error
		if b, err = graphgenAppendRaw(b, m[k]); err != nil {
			return b, errors.New("property " + strconv.Quote(k) + ": " + err.Error())
		}
	}
	return b, nil
}

// graphgenFieldError wraps err with the model and JSON property it concerns.
func graphgenFieldError(typ, prop string, err error) error {
	return &graphgenPropError{typ: typ, prop: prop, err: err}
}

type graphgenPropError struct {
	typ, prop string
	err       error
}

func (e *graphgenPropError) Error() string {
	return e.typ + "." + strconv.Quote(e.prop) + ": " + e.err.Error()
}

func (e *graphgenPropError) Unwrap() error { return e.err }

func graphgenWS(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func graphgenSkipWS(d []byte, i int) int {
	for i < len(d) && graphgenWS(d[i]) {
		i++
	}
	return i
}

// graphgenSkipString returns the index after the string that starts at d[i]
// (a '"'), and whether it holds a backslash escape.
func graphgenSkipString(d []byte, i int) (int, bool, error) {
	esc := false
	for i++; i < len(d); i++ {
		switch d[i] {
		case '\\':
			esc = true
			i++
		case '"':
			return i + 1, esc, nil
		}
	}
	return i, esc, graphgenErrSyntax
}

// graphgenSkipValue returns the index after the JSON value that starts at
// d[i]. It checks structure only; values are checked when decoded.
func graphgenSkipValue(d []byte, i int) (int, error) {
	if i >= len(d) {
		return i, graphgenErrSyntax
	}
	switch d[i] {
	case '"':
		j, _, err := graphgenSkipString(d, i)
		return j, err
	case '{', '[':
		depth := 0
		for i < len(d) {
			switch d[i] {
			case '"':
				j, _, err := graphgenSkipString(d, i)
				if err != nil {
					return j, err
				}
				i = j
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1, nil
				}
			}
			i++
		}
		return i, graphgenErrSyntax
	default:
		j := i
		for j < len(d) && !graphgenWS(d[j]) && d[j] != ',' && d[j] != '}' && d[j] != ']' {
			j++
		}
		if j == i {
			return j, graphgenErrSyntax
		}
		return j, nil
	}
}

// graphgenObject calls fn for each member of the JSON object d, in order,
// with the unescaped key and the raw value.
func graphgenObject(d []byte, fn func(key, value []byte) error) error {
	i := graphgenSkipWS(d, 0)
	if i >= len(d) || d[i] != '{' {
		return errors.New("expected a JSON object")
	}
	i = graphgenSkipWS(d, i+1)
	if i < len(d) && d[i] == '}' {
		if graphgenSkipWS(d, i+1) != len(d) {
			return graphgenErrSyntax
		}
		return nil
	}
	for {
		if i >= len(d) || d[i] != '"' {
			return graphgenErrSyntax
		}
		j, esc, err := graphgenSkipString(d, i)
		if err != nil {
			return err
		}
		key := d[i+1 : j-1]
		if esc {
			var s string
			if err := json.Unmarshal(d[i:j], &s); err != nil {
				return err
			}
			key = []byte(s)
		}
		i = graphgenSkipWS(d, j)
		if i >= len(d) || d[i] != ':' {
			return graphgenErrSyntax
		}
		i = graphgenSkipWS(d, i+1)
		j, err = graphgenSkipValue(d, i)
		if err != nil {
			return err
		}
		if err := fn(key, d[i:j]); err != nil {
			return err
		}
		i = graphgenSkipWS(d, j)
		if i < len(d) && d[i] == ',' {
			i = graphgenSkipWS(d, i+1)
			continue
		}
		if i < len(d) && d[i] == '}' {
			if graphgenSkipWS(d, i+1) != len(d) {
				return graphgenErrSyntax
			}
			return nil
		}
		return graphgenErrSyntax
	}
}

// graphgenArray calls fn for each element of the JSON array d.
func graphgenArray(d []byte, fn func(elem []byte) error) error {
	i := graphgenSkipWS(d, 0)
	if i >= len(d) || d[i] != '[' {
		return errors.New("expected a JSON array")
	}
	i = graphgenSkipWS(d, i+1)
	if i < len(d) && d[i] == ']' {
		return nil
	}
	for {
		j, err := graphgenSkipValue(d, i)
		if err != nil {
			return err
		}
		if err := fn(d[i:j]); err != nil {
			return err
		}
		i = graphgenSkipWS(d, j)
		if i < len(d) && d[i] == ',' {
			i = graphgenSkipWS(d, i+1)
			continue
		}
		if i < len(d) && d[i] == ']' {
			return nil
		}
		return graphgenErrSyntax
	}
}

// graphgenIsNull reports whether raw is the JSON null.
func graphgenIsNull(raw []byte) bool { return string(raw) == "null" }

// graphgenString decodes a JSON string.
func graphgenString(raw []byte) (string, error) {
	n := len(raw)
	if n >= 2 && raw[0] == '"' && raw[n-1] == '"' {
		s := raw[1 : n-1]
		simple := true
		for _, c := range s {
			if c < 0x20 || c == '\\' || c == '"' || c >= utf8.RuneSelf {
				simple = false
				break
			}
		}
		if simple {
			return string(s), nil
		}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", err
	}
	return s, nil
}

// graphgenBool decodes a JSON boolean.
func graphgenBool(raw []byte) (bool, error) {
	switch string(raw) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errors.New("expected a JSON boolean, got " + graphgenQuote(raw))
}

// graphgenInt decodes a JSON integer that fits in bits bits.
func graphgenInt(raw []byte, bits int) (int64, error) {
	n, err := strconv.ParseInt(string(raw), 10, bits)
	if err != nil {
		return 0, errors.New("expected a JSON integer (" + strconv.Itoa(bits) + " bits), got " + graphgenQuote(raw))
	}
	return n, nil
}

// graphgenFloat decodes a JSON number.
func graphgenFloat(raw []byte) (float64, error) {
	if len(raw) == 0 || !(raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return 0, errors.New("expected a JSON number, got " + graphgenQuote(raw))
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return 0, errors.New("expected a JSON number, got " + graphgenQuote(raw))
	}
	return f, nil
}

// graphgenRaw returns a copy of the JSON value raw, after checking it.
func graphgenRaw(raw []byte) (json.RawMessage, error) {
	if !json.Valid(raw) {
		return nil, graphgenErrSyntax
	}
	return bytes.Clone(raw), nil
}

// graphgenQuote quotes at most 32 bytes of raw for an error message.
func graphgenQuote(raw []byte) string {
	if len(raw) > 32 {
		return strconv.Quote(string(raw[:32])) + "..."
	}
	return strconv.Quote(string(raw))
}
