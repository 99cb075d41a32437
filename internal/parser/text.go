package parser

import (
	"bytes"
	"html"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// lineTable maps byte offsets of a page to 1-based line:col. It is built
// once per page: counts[k] is the number of newlines before byte k*chunk,
// computed with bytes.Count (vectorised), so building it costs far less than
// recording every line start; a lookup counts the newlines of at most one
// chunk and finds the line start with bytes.LastIndexByte.
type lineTable struct {
	src    []byte
	counts []int32
}

const chunk = 512

func newLineTable(counts []int32, src []byte) lineTable {
	counts = append(counts[:0], 0)
	for k := chunk; k <= len(src); k += chunk {
		counts = append(counts, counts[len(counts)-1]+int32(bytes.Count(src[k-chunk:k], []byte{'\n'})))
	}
	return lineTable{src: src, counts: counts}
}

// pos converts an offset into line:col; negative offsets give 0:0.
func (t lineTable) pos(off int) model.Pos {
	if off < 0 {
		return model.Pos{}
	}
	if off > len(t.src) {
		off = len(t.src)
	}
	k := off / chunk
	line := int(t.counts[k]) + bytes.Count(t.src[k*chunk:off], []byte{'\n'})
	start := bytes.LastIndexByte(t.src[:off], '\n') + 1
	return model.Pos{Line: line + 1, Col: off - start + 1}
}

// inlineText appends the plain text of n's inline children to b: text,
// code spans without backticks, link texts; HTML tags such as <br> become a
// space.
func inlineText(b []byte, n ast.Node, src []byte) []byte {
	b, _ = inlineTextTo(b, n, src, nil)
	return b
}

// inlineTextTo is inlineText stopping before the node stop (when it is one
// of n's descendants): it reports whether stop was reached.
func inlineTextTo(b []byte, n ast.Node, src []byte, stop ast.Node) ([]byte, bool) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c == stop {
			return b, true
		}
		switch c := c.(type) {
		case *ast.Text:
			b = append(b, c.Segment.Value(src)...)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b = append(b, ' ')
			}
		case *ast.String:
			b = append(b, c.Value...)
		case *ast.RawHTML:
			b = append(b, ' ')
		case *ast.AutoLink:
			b = append(b, c.URL(src)...)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				switch t := t.(type) {
				case *ast.Text:
					b = append(b, t.Segment.Value(src)...)
				case *ast.String:
					b = append(b, t.Value...)
				}
			}
		default:
			var done bool
			if b, done = inlineTextTo(b, c, src, stop); done {
				return b, true
			}
		}
	}
	return b, false
}

// cleanBytes turns raw plain text into one line: CRs, tabs and newlines
// become spaces, runs of spaces collapse, backslash escapes and HTML
// entities are resolved, and the result is trimmed. It compacts b in place
// (b is scratch space) and allocates only when entities are resolved.
func cleanBytes(b []byte) []byte {
	// Fast paths: nothing to rewrite. Short texts (most table cells) in
	// one loop, long ones with vectorised searches.
	if len(b) > 0 && b[0] != ' ' && b[len(b)-1] != ' ' {
		if len(b) <= 64 {
			if clean(b) {
				return b
			}
		} else if bytes.IndexByte(b, '\n') < 0 && bytes.IndexByte(b, '\r') < 0 && bytes.IndexByte(b, '\t') < 0 &&
			bytes.IndexByte(b, '\\') < 0 && bytes.IndexByte(b, '&') < 0 && bytes.Index(b, []byte("  ")) < 0 {
			return b
		}
	}
	w := 0
	space := false
	entity := false
	for i := 0; i < len(b); i++ {
		ch := b[i]
		switch ch {
		case '\\':
			if i+1 < len(b) && isPunct(b[i+1]) {
				i++
				ch = b[i]
			}
		case '&':
			entity = true
		case '\r', '\n', '\t', ' ':
			space = w > 0
			continue
		}
		if space {
			b[w] = ' '
			w++
			space = false
		}
		b[w] = ch
		w++
	}
	if entity {
		// Entities (&lt; &nbsp;...) resolved; a no-break space is a space.
		return []byte(strings.ReplaceAll(html.UnescapeString(string(b[:w])), "\u00a0", " "))
	}
	return b[:w]
}

// rewritten marks the bytes cleanBytes rewrites (a space only when doubled).
var rewritten = [256]bool{'\n': true, '\r': true, '\t': true, '\\': true, '&': true}

// clean reports whether cleanBytes has nothing to rewrite in b, which
// neither starts nor ends with a space.
func clean(b []byte) bool {
	space := false
	for _, c := range b {
		if rewritten[c] || c == ' ' && space {
			return false
		}
		space = c == ' '
	}
	return true
}

// cleanText is cleanBytes as a string.
func cleanText(b []byte) string { return string(cleanBytes(b)) }

// appendLowerBytes appends the ASCII lower case of s to b.
func appendLowerBytes(b, s []byte) []byte {
	for _, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

// appendLower appends the ASCII lower case of s to b.
func appendLower(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return b
}

func isPunct(c byte) bool {
	return c >= '!' && c <= '/' || c >= ':' && c <= '@' || c >= '[' && c <= '`' || c >= '{' && c <= '~'
}

// nodeText is the cleaned plain text of a block's inline content.
func (p *pageParser) nodeText(n ast.Node) string {
	p.buf = inlineText(p.buf[:0], n, p.body)
	return cleanText(p.buf)
}

// firstLink finds the first link under n.
func firstLink(n ast.Node) *ast.Link {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.Link); ok {
			return l
		}
		if c.HasChildren() {
			if l := firstLink(c); l != nil {
				return l
			}
		}
	}
	return nil
}

// rawLines returns the raw text of a block's lines, joined, and whether the
// lines were contiguous in the source (no copy).
func rawLines(n ast.Node, src []byte) []byte {
	lines := n.Lines()
	if lines.Len() == 0 {
		return nil
	}
	first, last := lines.At(0), lines.At(lines.Len()-1)
	contiguous := true
	for i := 1; i < lines.Len(); i++ {
		if lines.At(i).Start != lines.At(i-1).Stop || lines.At(i).Padding != 0 {
			contiguous = false
			break
		}
	}
	if contiguous && first.Padding == 0 {
		return src[first.Start:last.Stop]
	}
	var b []byte
	for i := 0; i < lines.Len(); i++ {
		s := lines.At(i)
		b = append(b, s.Value(src)...)
	}
	return b
}

// headerCells returns the cleaned, lower-cased texts of a table's header
// row. Known header names come from a table of constants (no allocation).
func (p *pageParser) headerCells(t *east.Table) []string {
	h, ok := t.FirstChild().(*east.TableHeader)
	if !ok {
		return nil
	}
	cells := p.cells[:0]
	for c := h.FirstChild(); c != nil; c = c.NextSibling() {
		p.buf = inlineText(p.buf[:0], c, p.body)
		p.low = appendLowerBytes(p.low[:0], bytes.Trim(p.buf, "*_ :\t"))
		if k, ok := knownHeaders[string(p.low)]; ok {
			cells = append(cells, k)
		} else {
			cells = append(cells, strings.ToLower(strings.Trim(cleanText(p.buf), "*_ :")))
		}
	}
	p.cells = cells
	return cells
}

var knownHeaders = map[string]string{}

func init() {
	for _, h := range []string{"property", "type", "description", "name", "parameter", "value", "header",
		"relationship", "method", "return type", "member", "permission type", "required",
		"permissions (from least to most privileged)", "permissions (from most to least privileged)",
		"parameter name", "query parameter", "notes", "key", "property name", "members"} {
		knownHeaders[h] = h
	}
}

// containsFold reports whether sub (lower case) is in s, ignoring ASCII case.
func containsFold(s, sub string) bool { return indexFold(s, sub) >= 0 }

// indexFold finds sub (lower case) in s, ignoring ASCII case.
func indexFold[T string | []byte](s T, sub string) int {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			if lowerByte(s[i+j]) != sub[j] {
				break
			}
		}
		if j == n {
			return i
		}
	}
	return -1
}

// hasSuffixFold reports whether s ends with suffix (lower case), ignoring
// ASCII case.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(s)
		}
	}
	return s
}

func trimCR(b []byte) []byte {
	return bytes.TrimRight(b, "\r")
}

func segValue(s text.Segment, src []byte) []byte { return s.Value(src) }
