package parser

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/odatapath"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	gparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// md is the shared goldmark parser: CommonMark plus GFM tables, no renderer.
var md = goldmark.New(goldmark.WithExtensions(extension.Table)).Parser()

// Markdown returns the goldmark parser Parse uses (CommonMark with the table
// extension), for benchmarks that measure goldmark alone.
func Markdown() gparser.Parser { return md }

// section is the kind of the H2 (or H3) section a block sits in.
type section int

const (
	secTop section = iota // before the first section heading
	secOther
	secPermissions
	secHTTPRequest
	secHeaders
	secParams
	secBody
	secResponse
	secExamples
	secProperties
	secRelationships
	secJSON
	secMethods
)

// Parse reads the page src, named path (slash-separated), into a document.
// It never panics; what it cannot read becomes a diagnostic.
//
// The document may reference src: valid JSON example bodies and the JSON
// representation are slices of it, not copies. The caller must not modify
// src afterwards (internal/load reads each page into its own buffer and never
// writes to it).
func Parse(path string, src []byte) *model.Document { return ParseWith(path, src, nil) }

// ParseWith is Parse reading the page's permission includes through inc:
// an [!INCLUDE [permissions-table](path)] (or any include of a file under
// includes/permissions/), outside HTML comments, is read as a permissions
// table of the page. Other includes are ignored. A permission include inc
// cannot give is an error diagnostic at the include line (with a nil inc,
// every permission include is). The parser reads nothing else: inc is the
// caller's (internal/load reads includes inside the docs root).
func ParseWith(path string, src []byte, inc Includer) *model.Document {
	p := pool.Get().(*pageParser)
	*p = pageParser{
		inc:   inc,
		src:   src,
		lines: lineTable{counts: p.lines.counts[:0]},
		doc:   &model.Document{Path: path, Kind: model.KindOther, Diagnostics: []model.Diagnostic{}},
		buf:   p.buf[:0],
		low:   p.low[:0],
		cells: p.cells[:0],
		texts: p.texts[:0],
		ends:  p.ends[:0],

		rowStarts: p.rowStarts[:0],
	}
	p.parse()
	doc := p.doc
	// Keep only the scratch buffers: nothing in doc points into them.
	*p = pageParser{buf: p.buf, low: p.low, lines: lineTable{counts: p.lines.counts[:0]}, cells: p.cells[:0], texts: clear0(p.texts), ends: p.ends[:0], rowStarts: p.rowStarts[:0]}
	pool.Put(p)
	return doc
}

// pool recycles the per-page scratch buffers (line table, text buffers).
// New scratch starts with room for a typical page, so that a pool emptied by
// a garbage collection does not cost a series of slice growths.
var pool = sync.Pool{New: func() any {
	return &pageParser{
		buf: make([]byte, 0, 4096), low: make([]byte, 0, 1024),
		cells: make([]string, 0, 8), texts: make([]string, 0, 8), ends: make([]int, 0, 8),
		lines: lineTable{counts: make([]int32, 0, 64)},
	}
}}

type pageParser struct {
	src   []byte // the whole page
	body  []byte // the markdown after BOM and front matter
	base  int    // offset of body in src
	lines lineTable
	doc   *model.Document
	buf   []byte // scratch for nodeText
	low   []byte // scratch for lower-cased text
	cells []string
	texts []string // scratch for rowTexts: the cell texts of a table's rows
	// rowStarts[k] is the index in texts of row k's first cell; rowNext is
	// the row whose texts are at rowIdx.
	rowStarts []int
	rowNext   ast.Node
	rowIdx    int
	ends      []int

	fmTitle, fmDescription, fmDocType []byte // slices of src; doc_type as written

	sec         section
	secLevel    int
	secNode     ast.Node // the current section's heading
	sawHTTPSec  bool
	sawResponse bool
	// respDone: the page's own Response section (the first) has ended; a
	// later one (another request's, such as "Upload bytes") is not read.
	respDone bool
	respColl bool // the status paragraph says a collection is returned
	// respBody: a paragraph of the Response section says something is in
	// the response body (not "nothing", "no", "empty").
	respBody bool
	// plainParams: the current section is titled "Parameters" alone;
	// paramRows are the indices in doc.Parameters of the rows read from
	// such sections (the body of a POST action, see bodyFromParameters).
	plainParams  bool
	paramRows    []int
	titleSeen    bool
	descDone     bool
	tab          string      // current tab of a tab group ("http", "csharp"...), "" outside
	annot        *annotation // the annotation above the current block, or nil
	annotBuf     annotation  // storage for annot (read only by the next block)
	exampleTitle string
	pending      *model.Example // request waiting for its response
	jsonAnnotODT string         // @odata.type of the JSON representation's annotation

	inc  Includer  // reads permission includes; nil: none can be read
	perm permState // permissions tables and groups, resolved in finish
	// An include's parser (readInclude): the page's parser, the include's
	// target as written and the include line's offset in the page.
	top       *pageParser
	incTarget string
	incOff    int
}

// pos converts an offset in body into a position in the page.
func (p *pageParser) pos(off int) model.Pos {
	if off < 0 {
		return model.Pos{}
	}
	if p.lines.src == nil {
		// Built on first use, after goldmark has read the page (the bytes
		// are then in cache).
		p.lines = newLineTable(p.lines.counts, p.src)
	}
	return p.lines.pos(off + p.base)
}

func (p *pageParser) diag(off int, sev model.Severity, code, format string, args ...any) {
	var pos model.Pos
	if off >= 0 {
		pos = p.pos(off)
	} else {
		pos = model.Pos{Line: 1, Col: 1}
	}
	p.doc.Diagnostics = append(p.doc.Diagnostics, model.Diagnostic{
		Pos: pos, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

func (p *pageParser) parse() {
	src := p.src
	if bytes.HasPrefix(src, []byte("\xef\xbb\xbf")) {
		p.base = 3
	}
	p.frontMatter()
	p.body = src[p.base:]
	if p.tooHostile() {
		return // Kind stays "other"; the diagnostic says why
	}

	root := md.Parse(text.NewReader(p.body))
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		p.block(n)
	}
	p.finish()
}

// frontMatter reads a YAML front matter block (--- ... ---) at the start of
// the page: only the flat keys title, description and doc_type matter.
func (p *pageParser) frontMatter() {
	s := p.src[p.base:]
	if !bytes.HasPrefix(s, []byte("---")) {
		return
	}
	first := bytes.IndexByte(s, '\n')
	if first < 0 || len(bytes.TrimSpace(s[3:first])) != 0 {
		return
	}
	off := first + 1
	for off < len(s) {
		end := bytes.IndexByte(s[off:], '\n')
		var line []byte
		next := len(s)
		if end >= 0 {
			line = s[off : off+end]
			next = off + end + 1
		} else {
			line = s[off:]
		}
		line = trimCR(line)
		if string(bytes.TrimRight(line, " \t")) == "---" {
			p.base += next
			return
		}
		if k := bytes.IndexByte(line, ':'); k > 0 && line[0] != ' ' && line[0] != '\t' {
			val := func() []byte { return bytes.Trim(bytes.TrimSpace(line[k+1:]), `"'`) }
			switch string(bytes.TrimSpace(line[:k])) {
			case "title":
				p.fmTitle = val()
			case "description":
				p.fmDescription = val()
			case "doc_type":
				p.fmDocType = val()
			}
		}
		off = next
	}
	p.diag(-1, model.SevWarning, "front-matter-unclosed", "front matter opened with --- on line 1 is never closed; read as markdown")
	p.fmTitle, p.fmDescription, p.fmDocType = nil, nil, nil
}

func (p *pageParser) block(n ast.Node) {
	switch n := n.(type) {
	case *ast.Heading:
		p.annot = nil
		p.heading(n)
	case *ast.Paragraph:
		a := p.annot
		p.annot = nil
		p.includes(n, a)
		if p.sec == secPermissions {
			p.permParagraph(n)
		}
		p.paragraph(n)
	case *ast.HTMLBlock:
		p.htmlBlock(n)
	case *ast.FencedCodeBlock:
		p.codeBlock(n, n.Info, n.Pos())
		p.annot = nil
	case *ast.CodeBlock:
		p.codeBlock(n, nil, n.Pos())
		p.annot = nil
	case *east.Table:
		a := p.annot
		p.annot = nil
		p.table(n, a)
	case *ast.ThematicBreak:
		p.tab = "" // "---" closes a tab group
	case *ast.Blockquote, *ast.List:
		// Notes and lists: prose, nothing to read. Code blocks inside lists
		// of the HTTP request section still hold endpoints; a list in the
		// Response section may say what the body holds.
		if p.sec == secResponse {
			p.responseList(n)
		}
		if p.sec == secHTTPRequest || p.sec == secExamples {
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				p.nested(c)
			}
		}
	}
}

// nested visits the blocks inside a list or blockquote, looking only for
// code blocks.
func (p *pageParser) nested(n ast.Node) {
	switch n := n.(type) {
	case *ast.FencedCodeBlock:
		p.codeBlock(n, n.Info, n.Pos())
		p.annot = nil
	case *ast.HTMLBlock:
		p.htmlBlock(n)
	default:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			p.nested(c)
		}
	}
}

// tabHeading reports whether h is a tab-group heading "# [HTTP](#tab/http)"
// and returns the tab name.
func (p *pageParser) tabHeading(h *ast.Heading) (string, bool) {
	l, ok := h.FirstChild().(*ast.Link)
	if !ok {
		return "", false
	}
	d := l.Destination
	if !bytes.HasPrefix(d, []byte("#tab/")) {
		return "", false
	}
	switch string(d[5:]) {
	case "http":
		return "http", true
	case "csharp":
		return "csharp", true
	case "javascript":
		return "javascript", true
	case "objc":
		return "objc", true
	case "java":
		return "java", true
	case "go":
		return "go", true
	case "powershell":
		return "powershell", true
	case "cli":
		return "cli", true
	}
	return lowerASCII(string(d[5:])), true
}

func (p *pageParser) heading(h *ast.Heading) {
	if tab, ok := p.tabHeading(h); ok {
		p.tab = tab
		return
	}
	p.tab = ""
	// The heading's text stays in scratch space; a string is made only
	// when it is kept (title, example title).
	p.buf = inlineText(p.buf[:0], h, p.body)
	raw := cleanBytes(p.buf)
	if bytes.HasPrefix(raw, []byte("[!INCLUDE")) || bytes.HasPrefix(raw, []byte("[!include")) {
		// "[!INCLUDE ...]" directly above a "---" reads as a setext
		// heading: it is an include, and the "---" closes a tab group.
		p.includes(h, p.annot)
		p.annot = nil
		return
	}
	if h.Level == 1 && !p.titleSeen {
		p.titleSeen = true
		p.doc.Title = string(raw)
		p.doc.TitlePos = p.pos(h.Pos())
		return
	}
	p.low = appendLowerBytes(p.low[:0], raw)
	low := p.low
	if p.sec == secExamples && h.Level > p.secLevel {
		p.exampleHeading(low, raw)
		return
	}
	if p.sec == secPermissions && h.Level > p.secLevel {
		if s := classifySection(low); s == secOther || s == secPermissions {
			// "### To get the photo of a group", "### Permissions for chat":
			// a group of tables within the section.
			p.permNewGroup(string(raw), true)
			return
		}
	}
	if h.Level == 1 {
		// A second H1 (outside tab groups) is odd but harmless: treat it
		// like a section heading.
		p.diag(h.Pos(), model.SevInfo, "title-duplicate", "second level-1 heading %q; the first one is the title", raw)
	}
	if h.Level > 3 && p.sec != secTop && p.sec != secOther {
		return // a sub-heading inside a known section
	}
	sec := classifySection(low)
	if sec == secOther && h.Level == 3 && p.sec != secTop && p.sec != secOther {
		return // unknown H3 inside a known section: stay in it
	}
	if sec == secParams && p.sec == secBody && h.Level > p.secLevel {
		return // "### Parameters" of the request body: its table is the body's
	}
	p.flushPending()
	if p.sec == secResponse && sec != secResponse {
		p.respDone = true
	}
	p.sec, p.secLevel, p.secNode = sec, h.Level, h
	p.plainParams = sec == secParams && string(bytes.TrimRight(low, ": ")) == "parameters"
	p.descDone = true
	switch sec {
	case secPermissions:
		if !p.perm.heading && bytes.HasPrefix(low, []byte("permission")) {
			p.perm.heading, p.perm.headingOff = true, h.Pos()
		}
		// A new section's tables start a group of their own.
		if n := len(p.perm.groups); n > 0 && p.perm.groups[n-1].tables > 0 {
			p.perm.groups = append(p.perm.groups, permGroup{})
		}
	case secHTTPRequest:
		p.sawHTTPSec = true
	case secResponse:
		p.sawResponse = true
	case secExamples:
		p.exampleTitle = string(raw)
	}
}

// secHeading is the text of the current section's heading, for messages.
func (p *pageParser) secHeading() string {
	if p.secNode == nil {
		return ""
	}
	return p.nodeText(p.secNode)
}

func classifySection(low []byte) section {
	switch {
	case bytes.HasPrefix(low, []byte("permission")), bytes.HasPrefix(low, []byte("prerequisite")):
		return secPermissions
	case bytes.HasPrefix(low, []byte("http request")):
		return secHTTPRequest
	case bytes.Contains(low, []byte("request header")):
		return secHeaders
	case bytes.Contains(low, []byte("request body")):
		return secBody
	case bytes.Contains(low, []byte("parameter")):
		return secParams
	case bytes.HasPrefix(low, []byte("response")):
		return secResponse
	case bytes.HasPrefix(low, []byte("example")):
		return secExamples
	case bytes.HasPrefix(low, []byte("propert")):
		return secProperties
	case bytes.HasPrefix(low, []byte("relationship")):
		return secRelationships
	case bytes.HasPrefix(low, []byte("json representation")):
		return secJSON
	case bytes.HasPrefix(low, []byte("method")):
		return secMethods
	}
	return secOther
}

func (p *pageParser) exampleHeading(low, txt []byte) {
	// "Request", "Response 1", "Sample response": parts of one example.
	if !bytes.HasPrefix(low, []byte("example")) && (bytes.Contains(low, []byte("request")) || bytes.Contains(low, []byte("response"))) {
		return
	}
	switch string(bytes.TrimSuffix(low, []byte(":"))) {
	case "example request", "example response":
		return
	}
	p.flushPending()
	p.exampleTitle = string(txt)
}

// flushPending records a request still waiting for its response as an
// unpaired example: a new example heading or section ends the wait.
func (p *pageParser) flushPending() {
	if p.pending != nil {
		p.unpaired(p.pending)
		p.pending = nil
	}
}

func (p *pageParser) paragraph(n *ast.Paragraph) {
	var first []byte
	if l := n.Lines(); l.Len() > 0 {
		v := bytes.TrimLeft(segValue(l.At(0), p.body), " \t")
		first = v
		if bytes.HasPrefix(v, []byte("[!")) {
			return // [!INCLUDE ...], [!NOTE] and the like
		}
		if l.Len() >= 2 && len(v) > 0 && v[0] == '|' {
			p.diag(n.Pos(), model.SevWarning, "table-malformed", "lines starting with | that do not form a table (the delimiter row is missing or has a different number of cells than the header)")
			return
		}
	}
	switch p.sec {
	case secTop:
		if !p.titleSeen || p.descDone && !mayInherit(first) && !bytes.HasPrefix(first, []byte("Namespace:")) {
			return
		}
		txt := p.nodeText(n)
		if rest, ok := strings.CutPrefix(txt, "Namespace:"); ok && p.doc.Namespace == "" {
			p.doc.Namespace = strings.TrimSpace(rest)
			return
		}
		if p.inherits(n, txt) {
			return
		}
		if !p.descDone && txt != "" {
			p.doc.Description = txt
			p.descDone = true
		}
	case secProperties, secOther:
		if p.doc.BaseType == nil && mayInherit(first) {
			p.inherits(n, p.nodeText(n))
		}
	case secBody:
		p.bodyProse(n)
	case secResponse:
		p.responseProse(n)
	}
}

// mayInherit is a cheap test on a paragraph's first line before inherits.
func mayInherit(first []byte) bool {
	if len(first) > 60 {
		first = first[:60]
	}
	return bytes.Contains(first, []byte("nherits from"))
}

// inherits reads "Inherits from [x](...)".
func (p *pageParser) inherits(n *ast.Paragraph, txt string) bool {
	i := strings.Index(txt, "nherits from")
	if i < 0 || i > 40 {
		return false
	}
	if l := firstLink(n); l != nil {
		p.doc.BaseType = &model.TypeRef{Name: strings.TrimSpace(p.nodeText(l)), Kind: model.TypeResource, Link: string(l.Destination)}
		return true
	}
	words := strings.Fields(txt[i+len("nherits from"):])
	if len(words) == 0 {
		return false
	}
	if rest := strings.TrimRight(words[0], "."); rest != "" {
		p.doc.BaseType = &model.TypeRef{Name: rest, Kind: model.TypeResource}
		return true
	}
	return false
}

func (p *pageParser) bodyProse(n *ast.Paragraph) {
	b := p.ensureBody(n.Pos())
	p.buf = inlineText(p.buf[:0], n, p.body)
	p.low = appendLowerBytes(p.low[:0], p.buf)
	// The arguments of linkType are read before it reuses p.buf.
	has := func(sub string) bool { return bytes.Contains(p.low, []byte(sub)) }
	if has("do not supply") || has("don't supply") ||
		has("no request body") || has("not supply a request body") ||
		has("leave the request body empty") || has("empty request body") {
		// "No request body is required. However, you can specify
		// properties...": an optional body, not none.
		if !has("however") && !has("you can specify") && !has("optional") {
			b.None = true
		}
		return
	}
	if b.Type == nil && has("json representation") {
		if l := firstLink(n); l != nil {
			b.Type = p.linkType(l, has("collection") || has("array"))
		}
	}
}

func (p *pageParser) ensureBody(off int) *model.Body {
	if p.doc.RequestBody == nil {
		p.doc.RequestBody = &model.Body{Properties: []model.Property{}, Pos: p.pos(off)}
	}
	return p.doc.RequestBody
}

func (p *pageParser) linkType(l *ast.Link, collection bool) *model.TypeRef {
	name := strings.TrimSpace(p.nodeText(l))
	t := &model.TypeRef{Name: name, Kind: model.TypeResource, Collection: collection, Link: string(l.Destination)}
	if prim, ok := primitive(name); ok {
		t.Name, t.Kind = prim, model.TypePrimitive
	}
	return t
}

// responseProse reads the status and type from the page's own Response
// section: the status from the first paragraph that names one (with the
// type that paragraph links, as ever); the type, when that paragraph links
// none, from the first paragraph (or list item) that links a type and speaks
// of the response body ("If successful, this method returns a
// [driveItem](...) object in the response body", with or without a
// status). A later Response section (of another request on the page) is
// not read.
func (p *pageParser) responseProse(n ast.Node) {
	if p.respDone {
		return
	}
	if p.doc.Response == nil {
		p.doc.Response = &model.Response{Pos: p.pos(n.Pos())}
	}
	r := p.doc.Response
	if r.Status != 0 && r.Type != nil {
		return
	}
	// The text stays in scratch space: only the status and the reason (a
	// constant) are kept.
	p.buf = inlineText(p.buf[:0], n, p.body)
	txt := cleanBytes(p.buf)
	body := indexFold(txt, "response body") >= 0
	if body && !p.respBody {
		p.respBody = indexFold(txt, "not return") < 0 && indexFold(txt, "nothing") < 0 && indexFold(txt, "empty") < 0 &&
			indexFold(txt, "no response body") < 0 && indexFold(txt, "does not") < 0 && indexFold(txt, "doesn't") < 0
	}
	if r.Status == 0 {
		if status, reason, at := findStatus(txt); status != 0 {
			r.Status, r.Reason, r.Pos = status, reason, p.pos(n.Pos())
			// Read before linkType reuses p.buf.
			p.respColl = collectionWords(txt[at:])
			if r.Type == nil {
				if l := p.typeLink(n); l != nil {
					r.Type = p.linkType(l, p.respColl)
				}
			}
			return
		}
	}
	if r.Type != nil || r.Status >= 300 || !body {
		return // a redirect's body is the bytes it leads to
	}
	l := p.typeLink(n)
	if l == nil {
		return
	}
	// The sentence that holds the link says whether it is a collection.
	p.low, _ = inlineTextTo(p.low[:0], n, p.body, l)
	before := cleanBytes(p.low)
	sentence := txt
	if len(before) <= len(txt) {
		start := bytes.LastIndex(before, []byte(". ")) + 1
		end := len(txt)
		if e := bytes.Index(txt[len(before):], []byte(". ")); e >= 0 {
			end = len(before) + e
		}
		sentence = txt[start:end]
	}
	r.Type = p.linkType(l, collectionWords(sentence))
}

// collectionWords reports whether text says a collection is returned.
func collectionWords(txt []byte) bool {
	return indexFold(txt, "collection") >= 0 || indexFold(txt, "array") >= 0 ||
		indexFold(txt, "list of") >= 0 || indexFold(txt, " objects") >= 0
}

// responseList reads the items of a list in the Response section ("- If
// you're getting an online meeting by its ID, this method also returns an
// [onlineMeeting](...) object in the response body.").
func (p *pageParser) responseList(n ast.Node) {
	for item := n.FirstChild(); item != nil; item = item.NextSibling() {
		for c := item.FirstChild(); c != nil; c = c.NextSibling() {
			switch c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				p.responseProse(c)
			}
		}
	}
}

// typeLink is the first link of n that names a type: a relative link to a
// page (../resources/x.md, x.md#anchor) whose text is one word.
func (p *pageParser) typeLink(n ast.Node) *ast.Link {
	var found *ast.Link
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := c.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		d := l.Destination
		if i := bytes.IndexAny(d, "#?"); i >= 0 {
			d = d[:i]
		}
		if len(d) == 0 || d[0] == '/' || bytes.Contains(d, []byte("://")) || !bytes.HasSuffix(d, []byte(".md")) {
			return ast.WalkSkipChildren, nil
		}
		var buf [64]byte
		if t := bytes.TrimSpace(inlineText(buf[:0], l, p.body)); len(t) == 0 || bytes.ContainsAny(t, " \t") {
			return ast.WalkSkipChildren, nil
		}
		found = l
		return ast.WalkStop, nil
	})
	return found
}

// finish derives kind, type name and version, and reports what is missing.
func (p *pageParser) finish() {
	d := p.doc
	p.flushPending()
	if d.Title == "" {
		d.Title = string(p.fmTitle)
		if len(p.fmTitle) != 0 {
			p.diag(-1, model.SevWarning, "title-missing", "no level-1 heading; title taken from front matter (%q)", d.Title)
		} else {
			p.diag(-1, model.SevWarning, "title-missing", "no level-1 heading and no front matter title")
		}
	}
	if d.Description == "" {
		d.Description = string(p.fmDescription)
	}
	switch {
	case len(d.Endpoints) > 0 || p.sawHTTPSec || bytes.EqualFold(p.fmDocType, []byte("apipagetype")) && !p.resourceShaped():
		// doc_type: apiPageType alone is not enough: some resource pages
		// carry it too (educationAssignmentDefaults in 2021-07 beta).
		d.Kind = model.KindOperation
		if len(d.Endpoints) == 0 {
			p.diag(-1, model.SevError, "endpoint-missing", "operation page without any `METHOD /path` line in an HTTP request section")
		}
		if d.Response == nil {
			if !p.sawResponse {
				p.diag(-1, model.SevWarning, "response-missing", "operation page without a Response section")
			}
		} else if d.Response.Status == 0 {
			p.responseFromExample()
		}
		p.responseTypeFromExample()
		p.responseCollectionFromExample()
		p.responseTypeCheck()
		p.bodyFromParameters()
	case p.resourceShaped():
		d.Kind = model.KindResource
	}
	p.resolvePermissions()
	if d.Kind == model.KindResource {
		name := ""
		if hasSuffixFold(d.Title, " resource type") {
			name = strings.TrimSpace(d.Title[:len(d.Title)-len(" resource type")])
		} else if hasSuffixFold(d.Title, " resource") {
			name = strings.TrimSpace(d.Title[:len(d.Title)-len(" resource")])
		}
		if strings.ContainsAny(name, " \t") {
			name = ""
		}
		odt := strings.TrimPrefix(p.jsonAnnotODT, "#")
		if odt == "" && d.JSON != nil {
			odt = jsonODataType(d.JSON.JSON)
		}
		d.ODataType = odt
		short := odt[strings.LastIndexByte(odt, '.')+1:]
		switch {
		case name == "":
			name = short
		case short != "" && !strings.EqualFold(short, name):
			p.diagAt(d.TitlePos, model.SevWarning, "type-name-mismatch", "title names type %q but the JSON representation is %q", name, odt)
		}
		d.TypeName = name
	}
	if d.APIVersion == "" {
		switch {
		case strings.Contains(d.Path, "/beta/") || strings.HasPrefix(d.Path, "beta/"):
			d.APIVersion = "beta"
		case strings.Contains(d.Path, "/v1.0/") || strings.HasPrefix(d.Path, "v1.0/"):
			d.APIVersion = "v1.0"
		}
	}
	for _, ex := range d.Examples {
		if ex.Request == nil {
			continue
		}
		v, _ := odatapath.Version(ex.Request.URL)
		if v == "" {
			continue
		}
		if d.APIVersion == "" {
			d.APIVersion = v
		} else if v != d.APIVersion {
			p.diagAt(ex.Request.Pos, model.SevInfo, "api-version-mismatch", "example calls %s on a %s page", v, d.APIVersion)
		}
	}
}

// resourceShaped reports whether the page reads as a resource page: a
// properties or relationships table, a "... resource type" title, or a
// JSON representation annotated with its @odata.type.
func (p *pageParser) resourceShaped() bool {
	d := p.doc
	return len(d.Properties) > 0 || len(d.Relationships) > 0 || hasSuffixFold(d.Title, " resource type") || p.jsonAnnotODT != ""
}

func (p *pageParser) diagAt(pos model.Pos, sev model.Severity, code, format string, args ...any) {
	if pos.Line == 0 {
		pos = model.Pos{Line: 1, Col: 1}
	}
	p.doc.Diagnostics = append(p.doc.Diagnostics, model.Diagnostic{
		Pos: pos, Severity: sev, Code: code, Message: fmt.Sprintf(format, args...),
	})
}

// responseFromExample fills a response section that names no status from
// the first example response that has one.
func (p *pageParser) responseFromExample() {
	r := p.doc.Response
	for _, ex := range p.doc.Examples {
		if ex.Response != nil && ex.Response.Status != 0 {
			r.Status, r.Reason = ex.Response.Status, ex.Response.Reason
			p.diagAt(r.Pos, model.SevInfo, "response-status-from-example", "Response section names no status code; took %d from the example at line %d", r.Status, ex.Response.Pos.Line)
			return
		}
	}
	p.diagAt(r.Pos, model.SevWarning, "response-status-missing", "Response section names no status code (such as `200 OK`)")
}

// bodyFromParameters makes the rows of a section titled "Parameters" the
// request body of a page whose endpoints are all POST and whose Request
// body section (if any) has no table of its own and does not say there is
// no body: driveitem-createuploadsession documents its action's parameters
// (item, deferCommit) so.
func (p *pageParser) bodyFromParameters() {
	d := p.doc
	if len(p.paramRows) == 0 || len(d.Endpoints) == 0 || d.RequestBody != nil && (d.RequestBody.None || len(d.RequestBody.Properties) > 0) {
		return
	}
	for _, ep := range d.Endpoints {
		if ep.Method != "POST" {
			return
		}
	}
	first := d.Parameters[p.paramRows[0]]
	b := d.RequestBody
	if b == nil {
		b = &model.Body{Pos: first.Pos}
		d.RequestBody = b
	}
	b.Properties = make([]model.Property, 0, len(p.paramRows))
	keep := d.Parameters[:0:0]
	for i, pr := range d.Parameters {
		if slices.Contains(p.paramRows, i) {
			b.Properties = append(b.Properties, pr)
		} else {
			keep = append(keep, pr)
		}
	}
	d.Parameters = keep
	if len(keep) == 0 {
		d.Parameters = nil
	}
	p.diagAt(first.Pos, model.SevInfo, "request-body-from-parameters", "the Parameters table of this POST page documents its request body (the Request body section has no table)")
}

// bodyStatus reports whether a response of this status carries a value
// graphgen reads: a 2xx other than 202 Accepted (followed by its Location)
// and 204 No Content.
func bodyStatus(status int) bool {
	return status >= 200 && status < 300 && status != 202 && status != 204
}

// responseTypeFromExample types a response whose section links no type from
// the @odata.type annotation of the first example response of the same
// status ("microsoft.graph.uploadSession", "Collection(microsoft.graph.x)").
func (p *pageParser) responseTypeFromExample() {
	r := p.doc.Response
	if r == nil || r.Type != nil || !bodyStatus(r.Status) {
		return
	}
	for _, ex := range p.doc.Examples {
		er := ex.Response
		if er == nil || er.Status != r.Status || er.ODataType == "" {
			continue
		}
		t, ok := annotationType(er.ODataType)
		if !ok {
			continue
		}
		t.Collection = t.Collection || p.respColl
		r.Type = t
		p.diagAt(r.Pos, model.SevInfo, "response-type-from-example", "the Response section links no type; took %s from the annotation of the example response at line %d", er.ODataType, er.Pos.Line)
		return
	}
}

// annotationType reads an example response's @odata.type annotation as a
// type: "microsoft.graph.x", "Collection(microsoft.graph.x)", "Edm.String";
// not "stream", "microsoft.graph.none" or anything that is not a qualified
// name.
func annotationType(s string) (*model.TypeRef, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	coll := false
	if inner, ok := strings.CutPrefix(s, "Collection("); ok && strings.HasSuffix(inner, ")") {
		s, coll = strings.TrimSuffix(inner, ")"), true
	}
	if !strings.Contains(s, ".") {
		return nil, false
	}
	switch strings.ToLower(s[strings.LastIndexByte(s, '.')+1:]) {
	case "none", "null", "void":
		return nil, false // "microsoft.graph.none": no value (2018's Excel pages)
	}
	for _, r := range s {
		if !(r == '.' || r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return nil, false
		}
	}
	if prim, ok := primitive(s); ok {
		return &model.TypeRef{Name: prim, Kind: model.TypePrimitive, Collection: coll}, true
	}
	return &model.TypeRef{Name: s, Kind: model.TypeResource, Collection: coll}, true
}

// responseTypeCheck warns about a response that carries a value of no
// known type (the Response section speaks of a body, or an example response
// of that status has one, but no type was found), and about a 204 No Content
// said to carry one.
func (p *pageParser) responseTypeCheck() {
	r := p.doc.Response
	if r == nil {
		return
	}
	if r.Type != nil {
		if r.Status == 204 {
			p.diagAt(r.Pos, model.SevWarning, "response-type-no-content", "the Response section names %s in the response body of a 204 No Content, which has no body; the method returns no value", r.Type.Name)
		}
		return
	}
	if !bodyStatus(r.Status) {
		return
	}
	for _, ex := range p.doc.Examples {
		if er := ex.Response; er != nil && er.Status == r.Status && er.BodyJSON && !emptyJSON(er.Body) {
			p.diagAt(r.Pos, model.SevWarning, "response-type-unknown", "the response type is unknown: the Response section links no type and the example response at line %d, which has a body, is not annotated with one", er.Pos.Line)
			return
		}
	}
	if p.respBody && !p.streamsOnly() {
		p.diagAt(r.Pos, model.SevWarning, "response-type-unknown", "the response type is unknown: the Response section speaks of a response body but links no type, and no example response of status %d is annotated with one", r.Status)
	}
}

// streamsOnly reports whether every endpoint of the page GETs a stream of
// bytes (/content, /$value): its response body is the bytes, not a value
// of some type.
func (p *pageParser) streamsOnly() bool {
	for _, ep := range p.doc.Endpoints {
		if ep.Method != "GET" || !odatapath.Stream(ep.Segments) {
			return false
		}
	}
	return len(p.doc.Endpoints) > 0
}

// emptyJSON reports whether a JSON body is {} or [] (or null).
func emptyJSON(b []byte) bool {
	t := bytes.TrimSpace(b)
	switch string(t) {
	case "{}", "[]", "null", "":
		return true
	}
	if len(t) >= 2 && (t[0] == '{' || t[0] == '[') {
		return len(bytes.TrimSpace(t[1:len(t)-1])) == 0
	}
	return false
}

// responseCollectionFromExample makes a single response type a collection
// when an example response's annotation says "isCollection": true and its
// body is an object with a "value" array (the prose says "the requested
// [session] objects" in ways no keyword catches; the annotation alone is
// wrong on some pages, group-get.md's third example among them).
func (p *pageParser) responseCollectionFromExample() {
	r := p.doc.Response
	if r == nil || r.Type == nil || r.Type.Collection {
		return
	}
	for _, ex := range p.doc.Examples {
		if ex.Response != nil && ex.Response.Collection && ex.Response.BodyJSON && valueArray(ex.Response.Body) {
			r.Type.Collection = true
			p.diagAt(r.Pos, model.SevInfo, "response-collection-from-example", "the Response section does not say the %s is a collection; the example response at line %d does (isCollection)", r.Type.Name, ex.Response.Pos.Line)
			return
		}
	}
}

// valueArray reports whether body is a JSON object whose "value" is an
// array.
func valueArray(body []byte) bool {
	var o struct {
		Value json.RawMessage `json:"value"`
	}
	if json.Unmarshal(body, &o) != nil {
		return false
	}
	v := bytes.TrimLeft(o.Value, " \t\r\n")
	return len(v) > 0 && v[0] == '['
}

// clear0 empties a scratch slice of strings, dropping its references.
func clear0(s []string) []string {
	clear(s[:cap(s)])
	return s[:0]
}
