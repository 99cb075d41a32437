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
// page's methods and their Handle methods. It imports the client package
// by the name graph, whatever its last path element.
func (g *gen) fakeOpFile(op *opPlan) error {
	f := newJenFile(g.cfg.ImportPath+"/graphtest", "graphtest", []string{g.source(op.op.Page.Path)})
	f.ImportAlias(g.cfg.ImportPath, "graph")
	answers := g.fakeAnswers(op)
	// An example several methods answer with is a constant of its own.
	examples := map[string]string{}
	uses := map[string][]string{}
	for i, m := range op.methods {
		if body := answers[i].body; body != "" {
			uses[body] = append(uses[body], m.name)
		}
	}
	for i, m := range op.methods {
		body := answers[i].body
		if len(uses[body]) < 2 || examples[body] != "" {
			continue
		}
		name := "example" + m.name
		examples[body] = name
		doc(f.Group, name+" is the example response of "+strings.Join(uses[body], ", ")+".")
		f.Const().Id(name).Op("=").Add(rawString(body))
		f.Line()
	}
	var entries []jen.Code
	for i, m := range op.methods {
		entries = append(entries, jen.Op("&").Id("operation").Add(multiLine("{", "}", g.fakeEntry(m, answers[i], examples)...)))
	}
	f.Var().Id("_").Op("=").Id("register").Add(multiLine("(", ")", entries...))
	for _, m := range op.methods {
		f.Line()
		g.fakeHandle(f, m)
	}
	return g.renderFile("graphtest/"+op.file, f)
}

// rawString is the string literal of s that rawLit writes: a raw string
// when the compiler reads it back unchanged. jennifer's Lit writes only
// interpreted strings, which would escape every quote of an example's
// JSON.
func rawString(s string) *jen.Statement { return jen.Op(rawLit(s)) }

// fakeEntry is the fields of m's table entry.
func (g *gen) fakeEntry(m *methodPlan, a fakeAnswer, examples map[string]string) []jen.Code {
	op := m.op
	var path []jen.Code
	for _, p := range pathParts(m) {
		path = append(path, jen.Id(p.kind).Call(jen.Lit(p.text)))
	}
	elems := []jen.Code{
		keyVal("name", jen.Lit(m.name)),
		keyVal("method", jen.Lit(m.ep.Method)),
		keyVal("path", jen.Index().Id("part").Values(path...)),
	}
	switch {
	case m.upload:
		elems = append(elems, keyVal("upload", jen.True()))
	case m.body != nil:
		elems = append(elems, keyVal("decode", jen.Id("decodeAs").Types(g.fakeBody(m))))
		if req := requiredProps(op.op); len(req) > 0 {
			var q []jen.Code
			for _, r := range req {
				q = append(q, jen.Lit(r))
			}
			elems = append(elems, keyVal("required", jen.Index().String().Values(q...)))
		}
	}
	elems = append(elems, keyVal("result", jen.Id(fakeResult(m))))
	if a.status != 0 {
		elems = append(elems, keyVal("status", jen.Lit(a.status)))
	}
	if a.body != "" {
		ex := jen.Id(examples[a.body])
		if examples[a.body] == "" {
			ex = rawString(a.body)
		}
		elems = append(elems, keyVal("example", ex))
	}
	if len(a.headers) > 0 {
		var hs []jen.Code
		for _, h := range a.headers {
			hs = append(hs, jen.Values(jen.Lit(h[0]), jen.Lit(h[1])))
		}
		elems = append(elems, keyVal("headers", jen.Index().Index(jen.Lit(2)).String().Values(hs...)))
	}
	if m.perms != "" {
		elems = append(elems, keyVal("perms", g.local(m.perms)))
	}
	return elems
}

// fakeHandle declares Handle<Method>.
func (g *gen) fakeHandle(f *jen.File, m *methodPlan) {
	var body *jen.Statement
	switch {
	case m.upload:
		body = jen.Id("Upload")
	case m.body != nil:
		body = g.fakeBody(m)
	default:
		body = jen.Id("NoBody")
	}
	r := m.result
	var result *jen.Statement // nil: only an error
	switch {
	case m.kind == callDownload:
		result = jen.Op("*").Add(g.local("Download"))
	case m.kind == callAccepted:
		result = jen.Op("*").Add(g.local("Accepted"))
	case m.kind == callList:
		result = jen.Index().Add(g.elemCode(*r))
	case r == nil:
	case m.upload && r.kind != kModel:
		result = jen.Op("*").Qual(jsonPkg, "RawMessage")
	case r.kind == kModel:
		result = jen.Op("*").Add(g.local(r.t.name))
	default:
		result = g.elemCode(*r)
	}
	what := "what " + m.name + " returns, or an error"
	switch {
	case m.kind == callList:
		what = "every item of the collection (sent in pages), or an error"
	case result == nil:
		what = "nil or an error"
	}
	doc(f.Group, "Handle"+m.name+" sets how the server answers "+m.name+":",
		"\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path),
		"h gets the request and returns "+what+" (a *graph.Error is sent as Graph's error body); nil restores the default answer.")
	h := jen.Id("h").Func().Params(jen.Id("r").Op("*").Id("Request").Types(body))
	call := jen.Id("handleNone")
	if result == nil {
		h.Error()
	} else {
		h.Params(result, jen.Error())
		call = jen.Id("handle")
	}
	f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("Handle" + m.name).Params(h).
		Block(call.Call(jen.Id("s"), jen.Lit(m.name), jen.Id("h")))
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

// fakeAnswer is a method's default answer: the compact JSON body of an
// example ("" for none), its status (0: the server's default) and headers.
type fakeAnswer struct {
	body    string
	status  int
	headers [][2]string
}

// fakeAnswers picks each method's default answer: the response of the
// first example that calls it, or else of the page's first example, that
// a generated test would replay (a 2xx response whose body fits the
// result); without one, the page's status. Each example is matched and
// checked once per result shape.
func (g *gen) fakeAnswers(op *opPlan) []fakeAnswer {
	exs := op.op.Examples
	calls := make([]*methodPlan, len(exs)) // the method each example calls
	for i, ex := range exs {
		if ex.Request != nil && ex.Response != nil {
			calls[i], _, _ = g.matchExample(op, ex.Request)
		}
	}
	type key struct {
		ex   int
		none bool
		gt   goType
	}
	type use struct {
		body   string
		status int
		ok     bool
	}
	checked := map[key]use{}
	usable := func(m *methodPlan, i int) use {
		k := key{ex: i, none: m.result == nil}
		if m.result != nil {
			k.gt = *m.result
		}
		u, ok := checked[k]
		if !ok {
			u.body, u.status, u.ok = g.usableExample(m.result, exs[i].Response)
			checked[k] = u
		}
		return u
	}
	status := op.status
	if status < 200 || status > 299 {
		status = 0
	}
	out := make([]fakeAnswer, len(op.methods))
	for j, m := range op.methods {
		out[j] = fakeAnswer{status: status}
		if m.kind == callDownload {
			out[j].status = 200
			continue
		}
	search:
		for pass := range 2 {
			for i, ex := range exs {
				if ex.Response == nil || pass == 0 && calls[i] != m {
					continue
				}
				u := usable(m, i)
				if !u.ok {
					continue
				}
				out[j].body = u.body
				if u.status != 0 {
					out[j].status = u.status
				}
				for _, h := range ex.Response.Headers {
					switch strings.ToLower(h.Name) {
					case "content-type", "content-length":
						continue
					}
					out[j].headers = append(out[j].headers, [2]string{h.Name, h.Value})
				}
				break search
			}
		}
	}
	return out
}

// usableExample reports whether resp can answer a method whose result is
// r (nil: none), with its compact JSON body ("" for none) and status (0
// when it names none).
func (g *gen) usableExample(r *goType, resp *model.ExampleResponse) (string, int, bool) {
	st := resp.Status
	if st != 0 && (st < 200 || st > 299) {
		return "", 0, false
	}
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

// fakeBody is the type of m's JSON body argument, as the client method
// names it (a request type under the method's own name).
func (g *gen) fakeBody(m *methodPlan) *jen.Statement {
	if m.reqName != "" {
		return jen.Op("*").Add(g.local(m.reqName))
	}
	return g.paramCode(*m.body)
}
