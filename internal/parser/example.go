package parser

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// annotation is the `<!-- { "blockType": ... } -->` comment above a code
// block. Only the keys graphgen uses are read.
type annotation struct {
	blockType  string
	name       string
	odataType  string
	truncated  bool
	collection bool
	// requestURLs are a permissions table's "requestUrls": the endpoints
	// it is for ("GET /users/{id}/..."), parsed.
	requestURLs []model.Endpoint
}

// htmlBlock reads an annotation comment; other HTML is ignored.
func (p *pageParser) htmlBlock(n *ast.HTMLBlock) {
	p.annot = nil
	if n.HTMLBlockType != ast.HTMLBlockType2 {
		return
	}
	raw := rawLines(n, p.body)
	if n.HasClosure() {
		c := n.ClosureLine
		p.buf = append(append(p.buf[:0], raw...), c.Value(p.body)...)
		raw = p.buf
	}
	t := bytes.TrimSpace(raw)
	t = bytes.TrimPrefix(t, []byte("<!--"))
	t = bytes.TrimSpace(bytes.TrimSuffix(t, []byte("-->")))
	if len(t) == 0 || t[0] != '{' {
		return
	}
	// The annotation lives in p: only the code block right after it reads
	// it, and copies what it keeps.
	a := &p.annotBuf
	*a = annotation{}
	if !strictAnnotation(t, a) {
		*a = annotation{
			blockType: annotString(t, "blockType"),
			name:      annotString(t, "name"),
			odataType: annotString(t, "@odata.type"),
		}
		a.truncated = annotString(t, "truncated") == "true"
		a.collection = annotString(t, "isCollection") == "true"
		a.requestURLs = annotURLs(t)
		p.diag(n.Pos(), model.SevWarning, "annotation-invalid-json", "annotation comment is not valid JSON; keys read leniently")
	}
	p.annot = a
}

// annotationKeys are the keys of an annotation graphgen reads, as
// encoding/json finds them (an exact key first, else one differing only in
// case; the last of duplicates wins).
type annotationKeys struct {
	BlockType    json.RawMessage `json:"blockType"`
	Name         json.RawMessage `json:"name"`
	ODataType    json.RawMessage `json:"@odata.type"`
	Truncated    json.RawMessage `json:"truncated"`
	IsCollection json.RawMessage `json:"isCollection"`
	RequestURLs  json.RawMessage `json:"requestUrls"`
}

// strictAnnotation reads an annotation that is strict JSON: a top-level
// object whose keys of interest have string or boolean values (a string
// value is taken as written, without unescaping). It returns false when t
// is not a valid JSON object (the caller then reads it leniently).
func strictAnnotation(t []byte, a *annotation) bool {
	var k annotationKeys
	if json.Unmarshal(t, &k) != nil {
		return false
	}
	str := func(val []byte) []byte { // the string value's content, not copied
		if len(val) >= 2 && val[0] == '"' {
			return val[1 : len(val)-1]
		}
		return nil
	}
	flag := func(val []byte) bool { return string(val) == "true" || string(str(val)) == "true" }
	a.blockType = annotValue(str(k.BlockType))
	a.name = string(str(k.Name))
	a.odataType = string(str(k.ODataType))
	a.truncated = flag(k.Truncated)
	a.collection = flag(k.IsCollection)
	if k.RequestURLs != nil {
		a.requestURLs = requestURLs(k.RequestURLs)
	}
	return true
}

// requestURLs parses a JSON array of "METHOD /path" strings; entries that
// are not are skipped.
func requestURLs(val []byte) []model.Endpoint {
	var list []string
	if json.Unmarshal(val, &list) != nil {
		return nil
	}
	var out []model.Endpoint
	for _, u := range list {
		if m, rest, ok := splitMethod([]byte(strings.TrimSpace(u))); ok {
			if ep, ok := quietEndpoint(m, rest); ok {
				out = append(out, ep)
			}
		}
	}
	return out
}

// annotURLs finds "requestUrls": [...] in an annotation that is not strict
// JSON and parses the array when it is.
func annotURLs(t []byte) []model.Endpoint {
	i := bytes.Index(t, []byte(`"requestUrls"`))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(t[i+len(`"requestUrls"`):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return nil
	}
	var val json.RawMessage
	if json.NewDecoder(bytes.NewReader(rest[1:])).Decode(&val) != nil {
		return nil
	}
	return requestURLs(val)
}

// commonHeader is string(b) without an allocation for the header names
// and values most examples carry.
func commonHeader(b []byte) string {
	switch string(b) {
	case "Content-type":
		return "Content-type"
	case "Content-Type":
		return "Content-Type"
	case "Content-length":
		return "Content-length"
	case "Content-Length":
		return "Content-Length"
	case "application/json":
		return "application/json"
	case "Prefer":
		return "Prefer"
	case "Authorization":
		return "Authorization"
	}
	return string(b)
}

// annotValue is string(b) without an allocation for the common block
// types.
func annotValue(b []byte) string {
	switch string(b) {
	case "request":
		return "request"
	case "response":
		return "response"
	case "resource":
		return "resource"
	case "example":
		return "example"
	case "ignored":
		return "ignored"
	}
	return string(b)
}

// annotString finds "key": value in an annotation and returns the string (or
// bare true/false) value. It is lenient: the annotations are hand-written and
// are often not strict JSON.
func annotString(t []byte, key string) string {
	for off := 0; ; {
		i := bytes.Index(t[off:], []byte(key))
		if i < 0 {
			return ""
		}
		i += off
		off = i + len(key)
		if i == 0 || t[i-1] != '"' || off >= len(t) || t[off] != '"' {
			continue
		}
		rest := bytes.TrimLeft(t[off+1:], " \t\r\n")
		if len(rest) == 0 || rest[0] != ':' {
			continue
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) > 0 && rest[0] == '"' {
			if e := bytes.IndexByte(rest[1:], '"'); e >= 0 {
				return string(rest[1 : 1+e])
			}
			return ""
		}
		e := bytes.IndexAny(rest, ",} \t\r\n")
		if e < 0 {
			e = len(rest)
		}
		return strings.ToLower(string(rest[:e]))
	}
}

var httpLabels = map[string]bool{"": true, "http": true, "msgraph-interactive": true}

// codeBlock dispatches a code block by its section and annotation.
func (p *pageParser) codeBlock(n ast.Node, info *ast.Text, pos int) {
	lang := ""
	if info != nil {
		l := bytes.TrimSpace(info.Segment.Value(p.body))
		if sp := bytes.IndexAny(l, " \t{"); sp >= 0 {
			l = l[:sp]
		}
		lang = codeLang(l)
	}
	if fc, ok := n.(*ast.FencedCodeBlock); ok {
		p.checkClosed(fc)
		if first, second, ok := p.splitRunaway(fc); ok {
			p.codeBlock(first, info, pos)
			p.annot = nil
			p.codeBlock(second, info, second.Lines().At(0).Start)
			return
		}
	}
	a := p.annot
	bt := ""
	if a != nil {
		bt = lowerASCII(a.blockType)
	}
	switch {
	case p.sec == secHTTPRequest && bt != "response":
		first := firstLine(n, p.body)
		if _, _, ok := splitMethod(first); ok || httpLabels[lang] {
			p.endpoints(n)
		} else {
			p.diag(pos, model.SevInfo, "code-block-ignored", "%s code block in the HTTP request section holds no `METHOD /path` line", langName(lang))
		}
	case p.sec == secPermissions && bt != "request" && bt != "response":
		if httpLabels[lang] {
			p.permEndpoints(n)
		}
	case p.sec == secJSON || bt == "resource":
		if p.doc.JSON == nil {
			p.jsonRepresentation(n, lang, pos)
		}
	case p.sec == secExamples || bt == "request" || bt == "response":
		if p.tab != "" && p.tab != "http" {
			return // another language's tab: sample code, not HTTP
		}
		first := firstLine(n, p.body)
		switch {
		case bytes.HasPrefix(first, []byte("HTTP/")):
			p.exampleResponse(n, pos, a)
		case (bt == "response" || p.pending != nil && bt == "") && len(first) > 0 && (first[0] == '{' || first[0] == '['):
			p.exampleResponse(n, pos, a)
		default:
			if _, _, ok := splitMethod(first); ok {
				p.exampleRequest(n, pos, a)
			} else if bt == "request" || bt == "response" || (httpLabels[lang] && lang != "") {
				p.diag(pos, model.SevWarning, "example-block-unknown", "%s code block in the examples is neither a request (`METHOD URL`) nor a response (`HTTP/1.1 200 OK`)", langName(lang))
			}
		}
	}
}

// codeLang is the lower-cased info string of a fence, without an
// allocation for the languages the docs use most.
func codeLang(l []byte) string {
	if len(l) <= 24 {
		var buf [24]byte
		switch low := appendLowerBytes(buf[:0], l); string(low) {
		case "http":
			return "http"
		case "json":
			return "json"
		case "csharp":
			return "csharp"
		case "javascript":
			return "javascript"
		case "objc":
			return "objc"
		case "java":
			return "java"
		case "go":
			return "go"
		case "powershell":
			return "powershell"
		case "msgraph-interactive":
			return "msgraph-interactive"
		}
	}
	return lowerASCII(string(l))
}

func langName(l string) string {
	if l == "" {
		return "unlabelled"
	}
	return strconv.Quote(l)
}

// checkClosed reports a fence that runs to the end of the page.
func (p *pageParser) checkClosed(n *ast.FencedCodeBlock) {
	if _, top := n.Parent().(*ast.Document); !top {
		return
	}
	after := -1
	if l := n.Lines(); l.Len() > 0 {
		after = l.At(l.Len() - 1).Stop
	} else if e := bytes.IndexByte(p.body[n.Pos():], '\n'); e >= 0 {
		after = n.Pos() + e + 1
	}
	if after >= 0 && after < len(p.body) {
		rest := bytes.TrimLeft(p.body[after:], " \t")
		if bytes.HasPrefix(rest, []byte("```")) || bytes.HasPrefix(rest, []byte("~~~")) {
			return
		}
	}
	p.diag(n.Pos(), model.SevWarning, "fence-unclosed", "code fence is never closed; it runs to the end of the page")
}

// splitRunaway handles a fence left open by mistake: the next fence's
// opening line ("```http") then sits inside the block. The block is read as
// two: its lines before the inner fence (up to a markdown heading, if any)
// and the lines after it.
func (p *pageParser) splitRunaway(n *ast.FencedCodeBlock) (ast.Node, ast.Node, bool) {
	lines := n.Lines()
	if lines.Len() < 2 {
		return nil, nil, false
	}
	// Quick check on the block's bytes: no fence marker, nothing to split.
	if first, last := lines.At(0), lines.At(lines.Len()-1); first.Start <= last.Stop && last.Stop <= len(p.body) {
		blk := p.body[first.Start:last.Stop]
		if !bytes.Contains(blk, []byte("```")) && !bytes.Contains(blk, []byte("~~~")) {
			return nil, nil, false
		}
	}
	cut, heading := -1, -1
	for i := 1; i < lines.Len(); i++ {
		l := bytes.TrimLeft(segValue(lines.At(i), p.body), " ")
		if heading < 0 && len(l) > 1 && l[0] == '#' && (l[1] == '#' || l[1] == ' ') {
			heading = i
		}
		if bytes.HasPrefix(l, []byte("```")) || bytes.HasPrefix(l, []byte("~~~")) {
			cut = i
			break
		}
	}
	if cut < 0 || cut+1 >= lines.Len() {
		return nil, nil, false
	}
	end := cut
	if heading > 0 {
		end = heading
	}
	p.diag(lines.At(cut).Start, model.SevWarning, "fence-unclosed", "a new code fence opens inside the code block that starts at line %d: that block was not closed; read as two blocks", p.pos(n.Pos()).Line)
	first := ast.NewFencedCodeBlock(nil)
	a := text.NewSegments()
	a.AppendAll(lines.Sliced(0, end))
	first.SetLines(a)
	second := ast.NewFencedCodeBlock(nil)
	b := text.NewSegments()
	b.AppendAll(lines.Sliced(cut+1, lines.Len()))
	second.SetLines(b)
	return first, second, true
}

// firstLine returns the first non-blank line of a code block, trimmed.
func firstLine(n ast.Node, src []byte) []byte {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		if l := bytes.TrimSpace(segValue(lines.At(i), src)); len(l) > 0 {
			return l
		}
	}
	return nil
}

// httpMessage splits a code block into its start line, headers and body.
type httpMessage struct {
	start    []byte
	startOff int
	headers  []model.HeaderField
	body     []byte
	bodyOff  int
}

func (p *pageParser) splitMessage(n ast.Node) httpMessage {
	var m httpMessage
	lines := n.Lines()
	i := 0
	for ; i < lines.Len(); i++ {
		s := lines.At(i)
		if l := bytes.TrimSpace(s.Value(p.body)); len(l) > 0 {
			m.start, m.startOff = l, s.Start
			i++
			break
		}
	}
	m.headers = []model.HeaderField{}
	if len(m.start) > 0 && (m.start[0] == '{' || m.start[0] == '[') {
		i = 0 // no start line: the block is a body
		m.start = nil
	} else {
		for ; i < lines.Len(); i++ {
			l := bytes.TrimSpace(segValue(lines.At(i), p.body))
			if len(l) == 0 {
				i++
				break
			}
			c := bytes.IndexByte(l, ':')
			if c <= 0 || l[0] == '{' || l[0] == '[' || l[0] == '"' || bytes.ContainsAny(l[:c], " \t") {
				break // the body starts without a blank line
			}
			m.headers = append(m.headers, model.HeaderField{
				Name: commonHeader(l[:c]), Value: commonHeader(bytes.TrimSpace(l[c+1:])),
			})
		}
	}
	if i < lines.Len() {
		first, last := lines.At(i), lines.At(lines.Len()-1)
		contiguous := true
		for j := i + 1; j < lines.Len(); j++ {
			if lines.At(j).Start != lines.At(j-1).Stop || lines.At(j).Padding != 0 {
				contiguous = false
				break
			}
		}
		if contiguous && first.Padding == 0 {
			m.body = p.body[first.Start:last.Stop]
		} else {
			for j := i; j < lines.Len(); j++ {
				m.body = append(m.body, segValue(lines.At(j), p.body)...)
			}
		}
		m.body = bytes.TrimSpace(m.body)
		m.bodyOff = first.Start
	}
	return m
}

// exampleBody returns the body as JSON, and whether it was JSON.
func (p *pageParser) exampleBody(body []byte, off int) (json.RawMessage, bool) {
	if len(body) == 0 {
		return nil, false
	}
	if json.Valid(body) {
		// A slice of the page (or of splitMessage's own copy of a
		// non-contiguous body): the Document references src.
		return json.RawMessage(body), true
	}
	if body[0] == '{' || body[0] == '[' {
		p.diag(off, model.SevWarning, "example-body-invalid-json", "example body looks like JSON but does not parse; kept as text")
	}
	s := string(body)
	if bytes.IndexByte(body, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r", "")
	}
	raw, _ := json.Marshal(s)
	return raw, false
}

func (p *pageParser) exampleRequest(n ast.Node, pos int, a *annotation) {
	m := p.splitMessage(n)
	method, rest, _ := splitMethod(m.start)
	url := rest
	if sp := bytes.LastIndexAny(url, " \t"); sp > 0 && bytes.HasPrefix(bytes.TrimSpace(url[sp:]), []byte("HTTP/")) {
		url = bytes.TrimSpace(url[:sp])
	}
	req := &model.ExampleRequest{Method: method, URL: string(url), Headers: m.headers, Pos: p.pos(m.startOff)}
	if a != nil {
		req.Name = a.name
	}
	req.Body, req.BodyJSON = p.exampleBody(m.body, m.bodyOff)
	if p.pending != nil {
		p.unpaired(p.pending)
	}
	p.pending = &model.Example{Title: p.exampleTitle, Request: req}
}

func (p *pageParser) exampleResponse(n ast.Node, pos int, a *annotation) {
	m := p.splitMessage(n)
	resp := &model.ExampleResponse{Headers: m.headers, Pos: p.pos(pos)}
	if m.start != nil {
		resp.Pos = p.pos(m.startOff)
		f := bytes.Fields(m.start)
		if len(f) >= 2 {
			resp.Status, _ = strconv.Atoi(string(f[1]))
			resp.Reason = string(bytes.Join(f[2:], []byte(" ")))
		}
	}
	if resp.Status == 0 {
		off := m.startOff
		if m.start == nil {
			off = pos
		}
		p.diag(off, model.SevWarning, "response-status-missing", "example response has no `HTTP/1.1 <status> <reason>` line")
	}
	if a != nil {
		resp.ODataType, resp.Truncated, resp.Collection = a.odataType, a.truncated, a.collection
	}
	resp.Body, resp.BodyJSON = p.exampleBody(m.body, m.bodyOff)
	if p.pending == nil {
		p.diagAt(resp.Pos, model.SevWarning, "example-unpaired", "example response without a request before it")
		p.doc.Examples = append(p.doc.Examples, model.Example{Title: p.exampleTitle, Response: resp})
		return
	}
	p.pending.Response = resp
	p.doc.Examples = append(p.doc.Examples, *p.pending)
	p.pending = nil
}

func (p *pageParser) unpaired(ex *model.Example) {
	p.diagAt(ex.Request.Pos, model.SevWarning, "example-unpaired", "example request without a response after it")
	p.doc.Examples = append(p.doc.Examples, *ex)
}

func (p *pageParser) jsonRepresentation(n ast.Node, lang string, pos int) {
	raw := bytes.TrimSpace(rawLines(n, p.body))
	txt := string(raw)
	if bytes.IndexByte(raw, '\r') >= 0 {
		txt = strings.ReplaceAll(txt, "\r", "")
	}
	c := &model.Code{Lang: lang, Text: txt, Pos: p.pos(pos)}
	if json.Valid(raw) {
		c.JSON = json.RawMessage(raw) // shares the page's bytes, as example bodies do
	} else {
		p.diag(pos, model.SevInfo, "json-representation-invalid", "JSON representation is not valid JSON (kept as text)")
	}
	p.doc.JSON = c
	if p.annot != nil && p.annot.odataType != "" {
		p.jsonAnnotODT = p.annot.odataType
	}
}

// jsonODataType returns the "@odata.type" of a JSON object's top level.
func jsonODataType(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v struct {
		T string `json:"@odata.type"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return strings.TrimPrefix(v.T, "#")
}

// findStatus finds the first HTTP status (with its standard reason, in any
// case, commas allowed) in txt. It returns the code, the standard reason
// and the offset just after it.
func findStatus[T string | []byte](txt T) (int, string, int) {
	for i := 0; i+3 <= len(txt); i++ {
		c := txt[i]
		if c < '1' || c > '5' || (i > 0 && isDigit(txt[i-1])) {
			continue
		}
		if !isDigit(txt[i+1]) || !isDigit(txt[i+2]) || (i+3 < len(txt) && isDigit(txt[i+3])) {
			continue
		}
		code := int(c-'0')*100 + int(txt[i+1]-'0')*10 + int(txt[i+2]-'0')
		reason := http.StatusText(code)
		if reason == "" {
			continue
		}
		j := i + 3
		for j < len(txt) && (txt[j] == ' ' || txt[j] == ',' || txt[j] == '`' || txt[j] == '-') {
			j++
		}
		if k, ok := matchFold(txt[j:], reason); ok {
			return code, reason, j + k
		}
	}
	return 0, "", 0
}

// matchFold reports whether s starts with want, ignoring case and treating
// runs of spaces, commas and hyphens alike.
func matchFold[T string | []byte](s T, want string) (int, bool) {
	i := 0
	for w := 0; w < len(want); w++ {
		if want[w] == ' ' || want[w] == '-' {
			if i >= len(s) || (s[i] != ' ' && s[i] != '-' && s[i] != ',') {
				if i < len(s) && want[w] == '-' {
					continue
				}
				return 0, false
			}
			for i < len(s) && (s[i] == ' ' || s[i] == '-' || s[i] == ',') {
				i++
			}
			continue
		}
		if i >= len(s) || lowerByte(s[i]) != lowerByte(want[w]) {
			return 0, false
		}
		i++
	}
	if i < len(s) && isLetter(s[i]) {
		return 0, false
	}
	return i, true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 32
	}
	return c
}
