package emit

// Every file is written as text already in gofmt's layout, by goFile
// below: a side-by-side measurement showed jennifer could not meet the
// generation target. On the whole 2021-07 beta api/ folder (12,025 files,
// 26 MB), go/format.Source alone took 1.70 s on one CPU, against 0.88 s for
// parsing every page of the folder, and jennifer's rendering plus that
// format pass made Generate 3.7x the parse (the target is 2x). The layout
// rules gofmt applies to this code (indentation, alignment of struct fields,
// key-value lists, const specs and one-line funcs, doc comment
// normalisation) are reproduced here; every test that generates a package
// (golden cases, fuzzing, the real-docs tests) checks that each file is
// unchanged by go/format, and a construct whose layout gofmt decides in ways
// not reproduced (several multi-line elements in one list) sends its file
// through go/format.

import (
	"bytes"
	"go/doc/comment"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// goFile is one Go file being written in gofmt's layout.
type goFile struct {
	pkg     string
	sources string
	imports []string // import paths used, unsorted, unique
	buf     []byte
	depth   int // indentation of the next line, in tabs
	// reformat is set when a construct was written whose layout gofmt
	// decides in ways not reproduced here (several multi-line elements
	// in one list); the file then goes through go/format.
	reformat bool
	pkgDoc   string // the package doc comment lines, "//" included
}

// newGoFile starts a file of package pkg whose header names sources. Its
// buffer comes from bufPool and goes back there in finish.
func (g *gen) newGoFile(sources ...string) *goFile {
	f := &goFile{pkg: g.cfg.Package, sources: sanitizeComment(strings.Join(sources, ", "))}
	if b, ok := bufPool.Get().(*[]byte); ok {
		f.buf = (*b)[:0]
	}
	return f
}

// bufPool recycles the buffers files are written into: only the finished
// copy of each file is kept.
var bufPool sync.Pool

// q returns the name to qualify an identifier of the package at path with,
// and records the import.
func (f *goFile) q(path string) string {
	if !slices.Contains(f.imports, path) {
		f.imports = append(f.imports, path)
	}
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		return path[i+1:]
	}
	return path
}

// indent writes the current indentation.
func (f *goFile) indent() {
	for range f.depth {
		f.buf = append(f.buf, '\t')
	}
}

// l writes one line: the indentation, then parts.
func (f *goFile) l(parts ...string) {
	f.indent()
	for _, p := range parts {
		f.buf = append(f.buf, p...)
	}
	f.buf = append(f.buf, '\n')
}

// open writes a line that opens a block ("if x {") and indents.
func (f *goFile) open(parts ...string) {
	f.l(parts...)
	f.depth++
}

// close unindents and writes the line that closes a block ("}", "} else {").
func (f *goFile) close(parts ...string) {
	f.depth--
	f.l(parts...)
}

// reopen writes a line like "} else {" between two blocks.
func (f *goFile) reopen(parts ...string) {
	f.depth--
	f.l(parts...)
	f.depth++
}

// blank writes an empty line, unless the last line is empty already or
// nothing has been written (gofmt keeps at most one).
func (f *goFile) blank() {
	n := len(f.buf)
	if n == 0 || n >= 2 && f.buf[n-1] == '\n' && f.buf[n-2] == '\n' {
		return
	}
	f.buf = append(f.buf, '\n')
}

// doc writes a comment that gofmt treats as a doc comment, lines given
// without "// ", at the current indentation. gofmt rewrites such comments
// into the canonical go/doc form. That covers those of top-level
// declarations and, because jennifer rendered every line at column one
// before gofmt indented it, also those of struct fields; doc keeps the
// output of both emitters the same. Lines of one plain paragraph are
// already in canonical form; anything else goes through go/doc/comment
// exactly as gofmt does it.
func (f *goFile) doc(lines ...string) {
	if !plainDoc(lines) {
		f.docSlow(lines)
		return
	}
	for _, s := range lines {
		f.docLine(s)
	}
}

// docLine writes one doc comment line as go/printer does: "//" alone for
// an empty line, "//" then a code line's tab, "// " then text.
func (f *goFile) docLine(s string) {
	f.indent()
	switch {
	case s == "":
		f.buf = append(f.buf, "//"...)
	case s[0] == '\t':
		f.buf = append(f.buf, "//"...)
		f.buf = append(f.buf, commentLine(s)...)
	default:
		f.buf = append(f.buf, "// "...)
		f.buf = append(f.buf, commentLine(s)...)
	}
	f.buf = append(f.buf, '\n')
}

// docSlow writes a doc comment through go/doc/comment, as go/printer's
// formatDocComment does.
func (f *goFile) docSlow(lines []string) {
	var text strings.Builder
	for _, s := range lines {
		text.WriteString(s)
		text.WriteByte('\n')
	}
	var p comment.Parser
	var pr comment.Printer
	out := string(pr.Comment(p.Parse(text.String())))
	for out != "" {
		var line string
		line, out, _ = strings.Cut(out, "\n")
		f.docLine(strings.TrimRight(line, " \t")) // gofmt trims line ends
	}
}

// plainDoc reports whether go/doc/comment prints lines back unchanged:
// blocks separated by single blank lines, each either text (nothing
// indented, no trailing space, no directive-like line, no doubled
// backquotes or single quotes (they become curly quotes), not only link
// definitions, and no one-line block that could be read as a heading) or
// code (every line one tab, then text), the first block text.
func plainDoc(lines []string) bool {
	if len(lines) == 0 || lines[0] == "" || lines[len(lines)-1] == "" {
		return false
	}
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i < len(lines) && lines[i] != "" {
			continue
		}
		block := lines[start:i]
		if len(block) == 0 {
			return false // two blank lines in a row
		}
		if block[0][0] == '\t' {
			if start == 0 {
				return false
			}
			for _, s := range block {
				if len(s) < 2 || s[0] != '\t' || s[1] == ' ' || s[1] == '\t' || endsInSpace(s) {
					return false
				}
			}
		} else {
			allLinks := true
			for _, s := range block {
				if s[0] == ' ' || s[0] == '\t' || endsInSpace(s) || isDirectiveLine(s) ||
					strings.Contains(s, "``") || strings.Contains(s, "''") {
					return false
				}
				if !(s[0] == '[' && strings.Contains(s, "]:")) {
					allLinks = false
				}
			}
			if allLinks {
				return false
			}
			// A one-line block after the first may be a heading ("# x",
			// or an old-style one: no final punctuation, text after).
			if len(block) == 1 && start > 0 {
				s := block[0]
				last, _ := utf8.DecodeLastRuneInString(s)
				if s[0] == '#' || i < len(lines) && (unicode.IsLetter(last) || unicode.IsDigit(last)) {
					return false
				}
			}
		}
		start = i + 1
	}
	return true
}

func endsInSpace(s string) bool {
	c := s[len(s)-1]
	return c == ' ' || c == '\t'
}

// isDirectiveLine reports whether a comment line (without "//") looks like a
// directive (go/printer's isDirective): "line ", "extern ", "export ", or
// [a-z0-9]+:[a-z0-9].
func isDirectiveLine(c string) bool {
	if strings.HasPrefix(c, "line ") || strings.HasPrefix(c, "extern ") || strings.HasPrefix(c, "export ") {
		return true
	}
	colon := strings.Index(c, ":")
	if colon <= 0 || colon+1 >= len(c) {
		return false
	}
	for i := 0; i <= colon+1; i++ {
		if i == colon {
			continue
		}
		b := c[i]
		if !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// align writes rows of cells at the current indentation the way gofmt's
// tabwriter does: every cell but a row's last is padded to the widest cell
// of its column block plus one space, a column block being the consecutive
// rows that have a cell after it. A nil row breaks the blocks (a formfeed)
// and writes nothing.
func (f *goFile) align(rows [][]string) {
	width := make([][]int, len(rows))
	for i, r := range rows {
		if len(r) > 1 {
			width[i] = make([]int, len(r)-1)
		}
	}
	for i := range rows {
		for c := 0; c < len(rows[i])-1; c++ {
			if width[i][c] != 0 {
				continue
			}
			// The block of column c starting at row i.
			j, w := i, 0
			for j < len(rows) && c < len(rows[j])-1 {
				w = max(w, utf8.RuneCountInString(rows[j][c]))
				j++
			}
			for k := i; k < j; k++ {
				width[k][c] = w + 1
			}
		}
	}
	for i, r := range rows {
		if r == nil {
			continue
		}
		f.indent()
		for c, cell := range r {
			f.buf = append(f.buf, cell...)
			if c < len(r)-1 {
				for n := utf8.RuneCountInString(cell); n < width[i][c]; n++ {
					f.buf = append(f.buf, ' ')
				}
			}
		}
		f.buf = append(f.buf, '\n')
	}
}

// expr is a Go expression as text. One line unless it holds a multi-line
// composite literal: then lines[1:] carry their indentation relative to the
// line the expression starts on.
type expr []string

// one returns a single-line expression.
func one(s string) expr { return expr{s} }

// multi reports whether e spans lines.
func (e expr) multi() bool { return len(e) > 1 }

// wrapExpr returns pre + e + post.
func wrapExpr(pre string, e expr, post string) expr {
	out := make(expr, len(e))
	copy(out, e)
	out[0] = pre + out[0]
	out[len(out)-1] += post
	return out
}

// stmt writes pre + e + post as a statement at the current indentation.
func (f *goFile) stmt(pre string, e expr, post string) {
	f.l(pre, e[0], postIf(len(e) == 1, post))
	for i := 1; i < len(e); i++ {
		f.l(e[i], postIf(i == len(e)-1, post))
	}
}

func postIf(ok bool, s string) string {
	if ok {
		return s
	}
	return ""
}

// kv is one key: value element of a composite literal.
type kv struct {
	key string
	val expr
}

// keyedLit returns typ{k: v, ...} as gofmt formats it when written with one
// element on the line of the brace, or several one per line in the given
// order, values aligned unless gofmt's size heuristic breaks
// the alignment (exprList in go/printer: a key over 40 bytes whose size is
// far from the geometric mean of the keys since the last break, or an
// element spanning lines, starts a new section).
func keyedLit(typ string, elems []kv) expr {
	switch len(elems) {
	case 0:
		return one(typ + "{}")
	case 1:
		return wrapExpr(typ+"{"+elems[0].key+": ", elems[0].val, "}")
	}
	out := expr{typ + "{"}
	var rows [][]string
	flush := func() {
		if len(rows) == 0 {
			return
		}
		var sub goFile
		sub.depth = 1
		sub.align(rows)
		out = append(out, strings.Split(strings.TrimSuffix(string(sub.buf), "\n"), "\n")...)
		rows = rows[:0]
	}
	lnsum, count, size := 0.0, 0, 0
	for i, e := range elems {
		prevSize := size
		size = 0
		if !e.val.multi() {
			size = len(e.key)
		}
		if i > 0 {
			useFF := true
			if prevSize > 0 && size > 0 {
				if count == 0 || prevSize <= 40 && size <= 40 {
					useFF = false
				} else {
					ratio := float64(size) / math.Exp(lnsum/float64(count))
					useFF = 2.5*ratio <= 1 || 2.5 <= ratio
				}
			}
			if useFF {
				// A formfeed: a new section, and a new mean.
				flush()
				lnsum, count = 0, 0
			}
		}
		if size > 0 {
			rows = append(rows, []string{e.key + ":", e.val[0] + ","})
			lnsum += math.Log(float64(size))
			count++
			continue
		}
		flush()
		v := wrapExpr("\t"+e.key+": ", e.val, ",")
		for j := 1; j < len(v); j++ {
			v[j] = "\t" + v[j]
		}
		out = append(out, v...)
	}
	flush()
	return append(out, "}")
}

// finish returns the finished file: header, package doc (if any), package
// clause, imports (one block, sorted by path), body without trailing blank
// lines. The buffer goes back to bufPool: f must not be used afterwards.
func (f *goFile) finish() []byte {
	head := "// " + headerLine + "\n// source: " + commentLine(f.sources) + "\n\n" + f.pkgDoc + "package " + f.pkg + "\n"
	body := bytes.TrimRight(f.buf, "\n")
	var imports string
	imps := slices.Clone(f.imports)
	slices.Sort(imps)
	switch len(imps) {
	case 0:
	case 1:
		imports = "import " + strconv.Quote(imps[0]) + "\n\n"
	default:
		imports = "import (\n"
		for _, p := range imps {
			imports += "\t" + strconv.Quote(p) + "\n"
		}
		imports += ")\n\n"
	}
	var out []byte
	if len(body) == 0 {
		out = []byte(head)
	} else {
		out = make([]byte, 0, len(head)+1+len(imports)+len(body)+1)
		out = append(out, head...)
		out = append(out, '\n')
		out = append(out, imports...)
		out = append(out, body...)
		out = append(out, '\n')
	}
	if cap(f.buf) <= 1<<20 {
		buf := f.buf[:0]
		bufPool.Put(&buf)
	}
	f.buf = nil
	return out
}
