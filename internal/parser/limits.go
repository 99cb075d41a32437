package parser

import (
	"bytes"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Limits on what Parse hands to goldmark. A page is read in time and memory
// roughly linear in its size only within them: goldmark's inline parser is
// quadratic in the size of one block full of unclosed links ("[a](" over
// and over), and its block parser in the depth of nested containers. The
// real docs stay far below (2018-09 and 2021-07: longest line outside code
// 2,110 bytes, largest non-table block 55 KB, deepest indentation 78
// columns, one level of blockquote, longest table 828 rows).
const (
	// MaxLineBytes is the longest line outside fenced code blocks.
	MaxLineBytes = 64 << 10
	// MaxBlockBytes is the largest run of non-blank lines outside fenced
	// code blocks and tables (lines starting with |).
	MaxBlockBytes = 128 << 10
	// MaxDepth is the deepest container nesting of a line: blockquote and
	// list markers at its start, plus one per two columns of indentation.
	MaxDepth = 100
	// MaxTableRows is the number of body rows read from one table; the rest
	// are dropped with a table-truncated diagnostic.
	MaxTableRows = 10000
)

// tooHostile reports the first line of body (the markdown after front
// matter, at offset base in the page) beyond the limits above, as a
// page-refused diagnostic, and true when there is one. It reads each byte
// once.
func (p *pageParser) tooHostile() bool {
	body := p.body
	if len(body) <= MaxLineBytes && !mayBeDeep(body) {
		// No line can be over MaxLineBytes nor a block over
		// MaxBlockBytes, and no line nests beyond MaxDepth: the full scan
		// below would find nothing.
		return false
	}
	var fence []byte // the opening fence's marker while inside a fenced block
	block := 0       // bytes of the current run of non-table lines
	for off := 0; off < len(body); {
		end := bytes.IndexByte(body[off:], '\n')
		next := len(body)
		if end >= 0 {
			end += off
			next = end + 1
		} else {
			end = len(body)
		}
		line := body[off:end]
		trimmed := bytes.TrimLeft(line, " \t")
		switch {
		case fence != nil:
			if bytes.HasPrefix(trimmed, fence) {
				fence = nil
			}
		case bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~")):
			fence = trimmed[:3:3]
			block = 0
		default:
			if len(line) > MaxLineBytes {
				p.refuse(off, "line of %d bytes, over the %d-byte limit for a line outside code blocks", len(line), MaxLineBytes)
				return true
			}
			if d := depth(line); d > MaxDepth {
				p.refuse(off, "line nested %d levels deep (blockquote and list markers, indentation), over the limit of %d", d, MaxDepth)
				return true
			}
			switch {
			case len(trimmed) == 0 || trimmed[0] == '\r':
				block = 0
			case trimmed[0] != '|':
				block += len(line) + 1
				if block > MaxBlockBytes {
					p.refuse(off, "block of more than %d bytes without a blank line (outside code blocks and tables)", MaxBlockBytes)
					return true
				}
			}
		}
		off = next
	}
	return false
}

// mayBeDeep reports whether some line of body, inside a fenced code block
// or not, nests deeper than MaxDepth. depth grows by at most two per byte
// (a tab is four columns) and reads only container bytes (blanks, markers,
// digits, '.' and ')'), so a line deeper than MaxDepth starts with a run of
// at least MaxDepth/2+1 container bytes. mayBeDeep looks for such runs the
// way Boyer-Moore looks for a pattern: it tests the last byte of a window
// and, when that byte cannot be in a run (a letter, most of the time), skips
// a whole window; depth is computed only for the lines that start with a
// long enough run. It is a pre-check: tooHostile runs its full scan (which
// knows about fences) when it is true.
func mayBeDeep(body []byte) bool {
	const w = MaxDepth/2 + 1 // the shortest run a deep line starts with
	for i := w - 1; i < len(body); {
		if !containerByte[body[i]] {
			i += w // no run of w container bytes holds body[i]
			continue
		}
		j := i - 1
		for j >= 0 && containerByte[body[j]] {
			j--
		}
		if i-j < w {
			i = j + w // a run long enough ends at j+w or later
			continue
		}
		// body[j+1:i+1] is a run of w or more container bytes: a line
		// start when j is -1 or a newline.
		end := bytes.IndexByte(body[i:], '\n')
		if end < 0 {
			end = len(body)
		} else {
			end += i
		}
		if (j < 0 || body[j] == '\n') && depth(body[j+1:end]) > MaxDepth {
			return true
		}
		i = end + w // the next line
	}
	return false
}

// containerByte marks the bytes depth reads before a line's content.
var containerByte = func() (t [256]bool) {
	for _, c := range []byte(" \t>-*+.)0123456789") {
		t[c] = true
	}
	return t
}()

// depth is the container nesting a line's start opens: one per blockquote
// or list marker (with the space after it), one per two further columns of
// indentation.
func depth(line []byte) int {
	d, cols := 0, 0
	for i := 0; i < len(line); {
		if d > 0 && i > 0 && (line[i-1] == '>' || line[i-1] == '-' || line[i-1] == '*' || line[i-1] == '+' || line[i-1] == '.' || line[i-1] == ')') && (line[i] == ' ' || line[i] == '\t') {
			i++ // the space that ends a marker
			continue
		}
		switch c := line[i]; {
		case c == ' ':
			cols++
			i++
		case c == '\t':
			cols += 4
			i++
		case c == '>':
			d++
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			d++
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				d++
				i = j + 1
				continue
			}
			return d + cols/2
		default:
			return d + cols/2
		}
	}
	return d + cols/2
}

// refuse records why the page is not parsed.
func (p *pageParser) refuse(off int, format string, args ...any) {
	p.diag(off, model.SevError, "page-refused", format+"; page not parsed", args...)
}

// truncateTable drops the body rows of t past MaxTableRows, with a
// diagnostic naming how many were kept.
func (p *pageParser) truncateTable(t *east.Table) {
	n := 0
	var c ast.Node
	for c = t.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*east.TableRow); ok {
			n++
			if n == MaxTableRows {
				break
			}
		}
	}
	if c == nil || c.NextSibling() == nil {
		return
	}
	dropped := 0
	for r := c.NextSibling(); r != nil; {
		next := r.NextSibling()
		t.RemoveChild(t, r)
		dropped++
		r = next
	}
	p.diag(t.Pos(), model.SevWarning, "table-truncated", "table of %d rows; the first %d are read, %d dropped", MaxTableRows+dropped, MaxTableRows, dropped)
}
