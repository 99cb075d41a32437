package emit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/dave/jennifer/jen"
	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/templates"
)

// The graphtest sub-package: a fake Graph service for the tests of the
// generated package's users (templates/graphtest documents it). Its files:
//
//	<pkg>/graphtest/graphtest_<name>.go  the fake (templates/graphtest), copied, with
//	                                     its test of every operation (selfcheck_gen_test.go)
//	<pkg>/graphtest/op_<page>_gen.go     per operation page: the operations'
//	                                     table entries and Handle<Method> methods
//
// It imports the generated package by Config.ImportPath: without one, no
// graphtest is generated (diagnostic graphtest-skipped). A program that
// does not import graphtest gets nothing of it.

// fakeStandIn is the import path of the stand-in client package the
// hand-written fake is tested against; the copy replaces it.
const fakeStandIn = "github.com/graphgen/graphgen/templates/graphtest/internal/graph"

// fakeFiles writes the graphtest sub-package: the copied fake and one file
// per operation page with methods.
func (g *gen) fakeFiles() error {
	if len(g.ops) == 0 {
		return nil
	}
	if g.cfg.ImportPath == "" {
		g.diag(g.cfg.Package+"/graphtest", api.Source{}, model.SevWarning, "graphtest-skipped",
			"the import path of the generated package is unknown (the output is not inside a Go module): no graphtest package is generated")
		return nil
	}
	files, err := fakeCache.get(g.cfg.ImportPath)
	if err != nil {
		return err
	}
	for _, f := range files {
		g.put("graphtest/"+f.name, bytes.Clone(f.data))
	}
	var jobs []func() error
	for _, op := range g.ops {
		if len(op.methods) > 0 {
			jobs = append(jobs, func() error { return g.fakeOpFile(op) })
		}
	}
	return runJobs(jobs)
}

// fakeCopies caches the finished copies of the fake per import path.
type fakeCopies struct {
	mu   sync.Mutex
	byIP map[string]*runtimeEntry
}

var fakeCache = &fakeCopies{byIP: map[string]*runtimeEntry{}}

func (c *fakeCopies) get(importPath string) ([]runtimeFile, error) {
	c.mu.Lock()
	e := c.byIP[importPath]
	if e == nil {
		e = &runtimeEntry{}
		c.byIP[importPath] = e
	}
	c.mu.Unlock()
	e.once.Do(func() { e.files, e.err = fakeCopyAll(templates.Fake, importPath) })
	return e.files, e.err
}

// fakeCopyAll copies the template's files (fakeTemplateFiles) as
// graphtest_<name>.go.
func fakeCopyAll(fsys fs.FS, importPath string) ([]runtimeFile, error) {
	names, err := fakeTemplateFiles(fsys)
	if err != nil {
		return nil, fmt.Errorf("emit: reading the graphtest template: %w", err)
	}
	var out []runtimeFile
	for _, name := range names {
		src, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("emit: reading the graphtest template: %w", err)
		}
		data, err := fakeCopy(src, importPath, "templates/"+name)
		if err != nil {
			return nil, fmt.Errorf("emit: graphtest template %s: %w", name, err)
		}
		out = append(out, runtimeFile{"graphtest_" + path.Base(name), data})
	}
	return out, nil
}

// fakeTemplateFiles lists the template's files the generated graphtest
// gets: every graphtest/*.go but the template's own tests (the tests of
// every generated graphtest, *_gen_test.go, are copied).
func fakeTemplateFiles(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "graphtest/*.go")
	if err != nil {
		return nil, err
	}
	names = slices.DeleteFunc(names, func(n string) bool {
		return strings.HasSuffix(n, "_test.go") && !strings.HasSuffix(n, "_gen_test.go")
	})
	if len(names) == 0 {
		return nil, fmt.Errorf("no graphtest files")
	}
	return names, nil
}

// fakeCopy is the one rewrite of a graphtest template file: the graphgen
// header and a `// source:` line first, and the stand-in's import path
// replaced by the generated package's (the import keeps its name, graph).
// The package clause stays `package graphtest`, its doc comment too.
func fakeCopy(src []byte, importPath, source string) ([]byte, error) {
	if !bytes.Contains(src, []byte("\npackage graphtest\n")) && !bytes.HasPrefix(src, []byte("package graphtest\n")) {
		return nil, fmt.Errorf("no `package graphtest` line")
	}
	old := []byte(strconv.Quote(fakeStandIn))
	if n := bytes.Count(src, old); n > 1 {
		return nil, fmt.Errorf("%d imports of %s; want at most one", n, fakeStandIn)
	}
	var b bytes.Buffer
	b.WriteString("// " + headerLine + "\n// source: " + source + "\n\n")
	b.Write(bytes.Replace(src, old, []byte(strconv.Quote(importPath)), 1))
	return b.Bytes(), nil
}

// fakeOpFile writes graphtest/op_<page>_gen.go: the table entries of the
// page's methods and their Handle methods.
func (g *gen) fakeOpFile(op *opPlan) error {
	f := jen.NewFilePathName(g.cfg.ImportPath+"/graphtest", "graphtest")
	f.HeaderComment(headerLine)
	f.HeaderComment("source: " + sanitizeComment(g.source(op.op.Page.Path)))
	f.ImportAlias(g.cfg.ImportPath, "graph")
	f.ImportName(jsonPkg, "json")
	// An example several methods answer with is a constant of its own.
	examples := map[string]jen.Code{}
	uses := map[string][]string{}
	for _, m := range op.methods {
		if body, _, _ := g.fakeExample(m); body != "" {
			uses[body] = append(uses[body], m.name)
		}
	}
	for _, m := range op.methods {
		body, _, _ := g.fakeExample(m)
		if len(uses[body]) < 2 || examples[body] != nil {
			continue
		}
		name := "example" + m.name
		examples[body] = jen.Id(name)
		fakeDoc(f.Group, name+" is the example response of "+strings.Join(uses[body], ", ")+".")
		f.Const().Id(name).Op("=").Add(jsonLiteral(body))
		f.Line()
	}
	f.Var().Id("_").Op("=").Id("register").CallFunc(func(c *jen.Group) {
		for _, m := range op.methods {
			c.Line().Op("&").Id("operation").Values(g.fakeEntry(m, examples)...)
		}
		c.Line()
	})
	for _, m := range op.methods {
		f.Line()
		g.fakeHandle(f.Group, m)
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return fmt.Errorf("emit: rendering graphtest/%s: %w", op.file, err)
	}
	g.put("graphtest/"+op.file, buf.Bytes())
	return nil
}

// fakeDoc adds a doc comment of paragraphs (wrapped at 90 bytes; a
// paragraph starting with a tab is a code line).
func fakeDoc(f *jen.Group, paras ...string) {
	for i, p := range paras {
		if i > 0 {
			f.Comment("")
		}
		if strings.HasPrefix(p, "\t") {
			f.Comment("\t" + sanitizeComment(p))
			continue
		}
		for _, l := range wrap(sanitizeComment(p), 90) {
			f.Comment(l)
		}
	}
}

// fakeEntry is the fields of m's table entry.
func (g *gen) fakeEntry(m *methodPlan, examples map[string]jen.Code) []jen.Code {
	op := m.op
	fields := []jen.Code{
		jen.Id("name").Op(":").Lit(m.name),
		jen.Id("method").Op(":").Lit(m.ep.Method),
		jen.Id("path").Op(":").Index().Id("part").ValuesFunc(func(c *jen.Group) {
			for _, p := range fakePath(m) {
				c.Id(p.fn).Call(jen.Lit(p.text))
			}
		}),
	}
	switch {
	case m.upload:
		fields = append(fields, jen.Id("upload").Op(":").True())
	case m.body != nil:
		fields = append(fields, jen.Id("decode").Op(":").Id("decodeAs").Types(g.fakeParamType(*m.body)))
		if req := requiredProps(op.op); len(req) > 0 {
			fields = append(fields, jen.Id("required").Op(":").Index().String().ValuesFunc(func(c *jen.Group) {
				for _, r := range req {
					c.Lit(r)
				}
			}))
		}
	}
	fields = append(fields, jen.Id("result").Op(":").Id(fakeResult(m)))
	body, status, headers := g.fakeExample(m)
	if status != 0 {
		fields = append(fields, jen.Id("status").Op(":").Lit(status))
	}
	if body != "" {
		ex := examples[body]
		if ex == nil {
			ex = jsonLiteral(body)
		}
		fields = append(fields, jen.Id("example").Op(":").Add(ex))
	}
	if len(headers) > 0 {
		fields = append(fields, jen.Id("headers").Op(":").Index().Index(jen.Lit(2)).String().ValuesFunc(func(c *jen.Group) {
			for _, h := range headers {
				c.Values(jen.Lit(h[0]), jen.Lit(h[1]))
			}
		}))
	}
	if op.perms != "" {
		fields = append(fields, jen.Id("perms").Op(":").Qual(g.cfg.ImportPath, op.perms))
	}
	for i := range fields {
		fields[i] = jen.Line().Add(fields[i])
	}
	fields[len(fields)-1] = jen.Add(fields[len(fields)-1]).Op(",").Line()
	return fields
}

// jsonLiteral is compact JSON as a Go string literal: a raw one when it can
// be.
func jsonLiteral(s string) jen.Code {
	if utf8.ValidString(s) && !strings.ContainsAny(s, "`\r\uFEFF") {
		return jen.Op("`" + s + "`")
	}
	return jen.Lit(s)
}

// fakeHandle declares Handle<Method>.
func (g *gen) fakeHandle(f *jen.Group, m *methodPlan) {
	var body jen.Code
	switch {
	case m.upload:
		body = jen.Id("Upload")
	case m.body != nil:
		body = g.fakeParamType(*m.body)
	default:
		body = jen.Id("NoBody")
	}
	req := jen.Id("r").Op("*").Id("Request").Types(body)
	r := m.result
	var result jen.Code // nil: only an error
	switch {
	case m.kind == callDownload:
		result = jen.Op("*").Qual(g.cfg.ImportPath, "Download")
	case m.kind == callAccepted:
		result = jen.Op("*").Qual(g.cfg.ImportPath, "Accepted")
	case m.kind == callList:
		result = jen.Index().Add(g.fakeElem(*r))
	case r == nil:
	case m.upload && r.kind != kModel:
		result = jen.Op("*").Qual(jsonPkg, "RawMessage")
	case r.kind == kModel:
		result = jen.Op("*").Qual(g.cfg.ImportPath, r.t.name)
	default:
		result = g.fakeElem(*r)
	}
	what := "what " + m.name + " returns, or an error"
	switch {
	case m.kind == callList:
		what = "every item of the collection (sent in pages), or an error"
	case result == nil:
		what = "nil or an error"
	}
	fakeDoc(f, "Handle"+m.name+" sets how the server answers "+m.name+":",
		"\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path),
		"h gets the request and returns "+what+" (a *graph.Error is sent as Graph's error body); nil restores the default answer.")
	recv := jen.Id("s").Op("*").Id("Server")
	if result == nil {
		f.Func().Params(recv).Id("Handle" + m.name).Params(jen.Id("h").Func().Params(req).Error()).Block(
			jen.Id("handleNone").Call(jen.Id("s"), jen.Lit(m.name), jen.Id("h")))
		return
	}
	f.Func().Params(recv).Id("Handle" + m.name).Params(jen.Id("h").Func().Params(req).Params(result, jen.Error())).Block(
		jen.Id("handle").Call(jen.Id("s"), jen.Lit(m.name), jen.Id("h")))
}

// fakeResult names how m's answer is written (templates/graphtest's
// resultKind).
func fakeResult(m *methodPlan) string {
	r := m.result
	switch {
	case m.kind == callDownload:
		return "resultDownload"
	case m.kind == callAccepted:
		return "resultAccepted"
	case m.kind == callList:
		return "resultList"
	case r == nil:
		return "resultNone"
	case m.upload || r.kind == kModel || r.kind == kIface || r.kind == kRaw:
		return "resultObject"
	}
	return "resultValue"
}

// fakePart is one piece of a path template: fn is the template's
// constructor (lit, seg, item, fn), text the literal or the argument name.
type fakePart struct{ fn, text string }

// fakePath is m's path as the fake matches it: the literal text exactly
// as pathParts writes it, and each argument where pathParts escapes it
// (pathSegment: seg, pathItem: item, odataLiteral: fn).
func fakePath(m *methodPlan) []fakePart {
	var parts []fakePart
	cur := ""
	flush := func() {
		if cur != "" {
			parts = append(parts, fakePart{"lit", cur})
			cur = ""
		}
	}
	next := 0
	arg := func(fn string) {
		flush()
		parts = append(parts, fakePart{fn, m.args[next].name})
		next++
	}
	segs := m.ep.Segments
	for i, seg := range segs {
		if seg.Kind != model.SegItemPath {
			cur += "/"
		}
		switch seg.Kind {
		case model.SegParam:
			arg("seg")
		case model.SegItemPath:
			cur += ":/"
			arg("item")
			if i < len(segs)-1 {
				cur += ":"
			}
		case model.SegFunction, model.SegKey:
			cur += safeLiteral(seg.Name) + "("
			for j, a := range seg.Args {
				if j > 0 {
					cur += ","
				}
				if a.Name != "" {
					cur += safeLiteral(a.Name) + "="
				}
				if a.Param == "" {
					cur += safeLiteral(a.Value)
					continue
				}
				pre, post, ok := strings.Cut(a.Value, "{"+a.Param+"}")
				if !ok {
					pre, post = "", ""
				}
				if strings.HasSuffix(pre, "'") && strings.HasPrefix(post, "'") {
					pre, post = pre[:len(pre)-1], post[1:]
				}
				cur += safeLiteral(pre)
				arg("fn")
				cur += safeLiteral(post)
			}
			cur += ")"
		default:
			cur += safeLiteral(seg.Name)
		}
	}
	if len(segs) == 0 {
		cur += "/"
	}
	flush()
	return parts
}

// requiredProps lists the request body properties the page marks Required
// (its request body table; for a body type named by the page, the type's
// own page may call a property required when creating one, which is not
// this operation's business).
func requiredProps(op *api.Operation) []string {
	var out []string
	if op.Body != nil && op.Body.Type.Type != nil && op.Body.Type.Type.Request != nil {
		for _, p := range op.Body.Type.Type.Properties {
			if p.Required && !slices.Contains(out, p.Name) {
				out = append(out, p.Name)
			}
		}
		return out
	}
	if op.Page == nil || op.Page.RequestBody == nil {
		return nil
	}
	for _, p := range op.Page.RequestBody.Properties {
		if p.Required && p.Name != "" && !strings.HasPrefix(p.Name, "@") && !slices.Contains(out, p.Name) {
			out = append(out, p.Name)
		}
	}
	return out
}

// fakeExample picks m's default answer: the response of the first example
// that calls m, or else of the page's first example, that a generated test
// would replay (a 2xx response whose body fits the result); its compact
// body, its status and headers. ("", status, nil): the page's status and
// no example.
func (g *gen) fakeExample(m *methodPlan) (string, int, [][2]string) {
	op := m.op
	status := op.status
	if status < 200 || status > 299 {
		status = 0
	}
	if m.kind == callDownload {
		return "", 200, nil
	}
	for pass := range 2 {
		for _, ex := range op.op.Examples {
			if ex.Response == nil {
				continue
			}
			if pass == 0 {
				if ex.Request == nil {
					continue
				}
				if mm, _, _ := g.matchExample(op, ex.Request); mm != m {
					continue
				}
			}
			if body, st, ok := g.usableExample(m, ex.Response); ok {
				if st == 0 {
					st = status
				}
				var hs [][2]string
				for _, h := range ex.Response.Headers {
					switch strings.ToLower(h.Name) {
					case "content-type", "content-length":
						continue
					}
					hs = append(hs, [2]string{h.Name, h.Value})
				}
				return body, st, hs
			}
		}
	}
	return "", status, nil
}

// usableExample reports whether resp can be m's answer, with its compact
// JSON body ("" for none) and status (0 when it names none).
func (g *gen) usableExample(m *methodPlan, resp *model.ExampleResponse) (string, int, bool) {
	st := resp.Status
	if st != 0 && (st < 200 || st > 299) {
		return "", 0, false
	}
	r := m.result
	if r == nil || st == 204 {
		return "", st, true
	}
	data, why := exampleBody(resp.Body, resp.BodyJSON)
	if why != "" || data == nil || g.checkResponse(*r, data) != nil {
		return "", 0, false
	}
	var b bytes.Buffer
	if err := json.Compact(&b, data); err != nil {
		return "", 0, false
	}
	return b.String(), st, true
}

// fakeElem is the Go type of one value of gt (ignoring coll), the
// generated package's names qualified.
func (g *gen) fakeElem(gt goType) *jen.Statement {
	q := func(name string) *jen.Statement { return jen.Qual(g.cfg.ImportPath, name) }
	switch gt.kind {
	case kString:
		return jen.String()
	case kBool:
		return jen.Bool()
	case kInt16:
		return jen.Int16()
	case kInt32:
		return jen.Int32()
	case kInt64:
		return jen.Int64()
	case kFloat:
		return jen.Float64()
	case kTime:
		return jen.Qual(timePkg, "Time")
	case kDate:
		return q("Date")
	case kTimeOfDay:
		return q("TimeOfDay")
	case kEnum:
		return q(gt.t.name)
	case kModel:
		if gt.ptr {
			return jen.Op("*").Add(q(gt.t.name))
		}
		return q(gt.t.name)
	case kIface:
		return q(gt.t.iface)
	}
	return jen.Qual(jsonPkg, "RawMessage")
}

// fakeParamType is paramType with the generated package's names qualified.
func (g *gen) fakeParamType(gt goType) *jen.Statement {
	switch {
	case !gt.coll && gt.kind == kModel:
		return jen.Op("*").Qual(g.cfg.ImportPath, gt.t.name)
	case gt.coll:
		return jen.Index().Add(g.fakeElem(gt))
	}
	return g.fakeElem(gt)
}
