package odatapath

import (
	"net/url"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// URL is a concrete request URL read for matching.
type URL struct {
	// Segments are the path's segments after the version (v1.0, beta),
	// each unescaped on its own, so an escaped '/' stays inside its
	// segment.
	Segments []string
	// Query is what followed '?', as written.
	Query string
}

// ParseURL reads an example's URL: an absolute one loses its scheme and
// host, any URL its fragment, its version segment and its query string
// (split outside parentheses and quotes).
func ParseURL(u string) URL {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if j := strings.IndexByte(u, '/'); j >= 0 {
			u = u[j:]
		} else {
			u = "/"
		}
	}
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	u, query, _ := SplitQuery(u)
	segs := rawSegments(strings.Trim(u, "/"))
	if len(segs) > 0 && (segs[0] == "v1.0" || segs[0] == "beta") {
		segs = segs[1:]
	}
	for i, s := range segs {
		if us, err := url.PathUnescape(s); err == nil {
			segs[i] = us
		}
	}
	return URL{Segments: segs, Query: query}
}

// Version is the Graph version an absolute URL names right after its host
// (https://graph.microsoft.com/v1.0/...), and the rest of the URL from the
// '/' after it; "" when it names none.
func Version(u string) (version, rest string) {
	const host = "graph.microsoft.com/"
	i := strings.Index(u, host)
	if i < 0 {
		return "", ""
	}
	r := u[i+len(host):]
	for _, v := range [...]string{"beta", "v1.0"} {
		if r == v || strings.HasPrefix(r, v+"/") {
			return v, r[len(v):]
		}
	}
	return "", ""
}

// Match matches a URL's segments with a template's and returns the
// parameters' values in Params order, or false.
func Match(segs []model.Segment, u URL) ([]string, bool) {
	var args []string
	us := u.Segments
	j := 0
	for i, seg := range segs {
		if j >= len(us) {
			return nil, false
		}
		s := us[j]
		if i+1 < len(segs) && segs[i+1].Kind == model.SegItemPath {
			// The segment before an item path ends in ':'.
			if !strings.HasSuffix(s, ":") {
				return nil, false
			}
			s = s[:len(s)-1]
		}
		switch seg.Kind {
		case model.SegParam:
			if len(s) < len(seg.Prefix) || !strings.EqualFold(s[:len(seg.Prefix)], seg.Prefix) {
				return nil, false
			}
			args = append(args, s[len(seg.Prefix):])
		case model.SegItemPath:
			// Folders up to one ending in ':' (or the end).
			last := i == len(segs)-1
			var folders []string
			for ; j < len(us); j++ {
				if !last && strings.HasSuffix(us[j], ":") {
					folders = append(folders, strings.TrimSuffix(us[j], ":"))
					break
				}
				folders = append(folders, us[j])
			}
			if last {
				// The rest of the URL; j stays on its last segment.
				j = len(us) - 1
				folders[len(folders)-1] = strings.TrimSuffix(folders[len(folders)-1], ":")
			}
			args = append(args, strings.Join(folders, "/"))
		case model.SegFunction, model.SegKey:
			vals, ok := callArgs(seg, s)
			if !ok {
				return nil, false
			}
			args = append(args, vals...)
		default:
			if !strings.EqualFold(seg.Name, s) {
				return nil, false
			}
		}
		j++
	}
	if j != len(us) {
		return nil, false
	}
	return args, true
}

// callArgs reads the values of a function segment's parameters from a
// URL's segment: name(a='x',b=2) gives x and 2.
func callArgs(seg model.Segment, s string) ([]string, bool) {
	open := strings.IndexByte(s, '(')
	if open < 0 || !strings.EqualFold(s[:open], seg.Name) || !strings.HasSuffix(s, ")") {
		// A function without parameters may be written without ().
		return nil, strings.EqualFold(s, seg.Name) && !hasParams(seg)
	}
	got := map[string]string{}
	var bare []string
	for _, part := range Split(s[open+1:len(s)-1], ',') {
		if eq := indexArg(part, '='); eq >= 0 {
			got[strings.ToLower(strings.TrimSpace(part[:eq]))] = strings.TrimSpace(part[eq+1:])
		} else {
			bare = append(bare, part)
		}
	}
	var vals []string
	nth := 0 // unnamed arguments so far
	for _, a := range seg.Args {
		var v string
		ok := false
		if a.Name == "" {
			if nth < len(bare) {
				v, ok = bare[nth], true
			}
			nth++
		} else {
			v, ok = got[strings.ToLower(a.Name)]
		}
		if a.Param == "" {
			continue
		}
		if !ok {
			return nil, false
		}
		vals = append(vals, literalValue(a, v))
	}
	return vals, true
}

// literalValue reads an OData literal standing for a's placeholder: a type
// prefix written in a's value is dropped, and a quoted string unquoted
// (a doubled quote in it read as one).
func literalValue(a model.Arg, v string) string {
	if pre, _, _ := Affixes(a); pre != "" && len(v) > len(pre) && strings.EqualFold(v[:len(pre)], pre) {
		v = v[len(pre):]
	}
	if len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'' {
		return strings.ReplaceAll(v[1:len(v)-1], "''", "'")
	}
	return v
}

func hasParams(seg model.Segment) bool {
	for _, a := range seg.Args {
		if a.Param != "" {
			return true
		}
	}
	return false
}
