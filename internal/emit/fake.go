package emit

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
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
// graphtest is generated (diagnostic graphtest-skipped); with
// Config.NoFake, none either (and no diagnostic). A program that
// does not import graphtest gets nothing of it.

// fakeStandIn is the import path of the stand-in client package the
// hand-written fake is tested against; the copy replaces it.
const fakeStandIn = "github.com/graphgen/graphgen/templates/graphtest/internal/graph"

// fakeFiles writes the graphtest sub-package: the copied fake and one file
// per operation page with methods.
func (g *gen) fakeFiles() error {
	if len(g.ops) == 0 || g.cfg.NoFake {
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

// fakeCopyAll copies the template's files (templates.FakeFiles) as
// graphtest_<name>.go.
func fakeCopyAll(fsys fs.FS, importPath string) ([]runtimeFile, error) {
	var out []runtimeFile
	for _, name := range templates.FakeFiles() {
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
	// An example several methods answer with is a constant of its own.
	examples := map[string]string{}
	uses := map[string][]string{}
	for _, m := range op.methods {
		if body := m.ep.Answer.Body; body != "" {
			uses[body] = append(uses[body], m.name)
		}
	}
	for _, m := range op.methods {
		body := m.ep.Answer.Body
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
	for _, m := range op.methods {
		entries = append(entries, jen.Op("&").Id("operation").Add(multiLine("{", "}", g.fakeEntry(m, examples)...)))
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
func (g *gen) fakeEntry(m *methodPlan, examples map[string]string) []jen.Code {
	a := m.ep.Answer
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
	case m.ref != "":
		elems = append(elems, keyVal("ref", jen.True()))
	case m.body != nil:
		elems = append(elems, keyVal("decode", jen.Id("decodeAs").Types(g.fakeBody(m))))
		if req := m.op.op.Body.Required; len(req) > 0 {
			var q []jen.Code
			for _, r := range req {
				q = append(q, jen.Lit(r))
			}
			elems = append(elems, keyVal("required", jen.Index().String().Values(q...)))
		}
	}
	elems = append(elems, keyVal("result", jen.Id(fakeResult(m))))
	if a.Status != 0 {
		elems = append(elems, keyVal("status", jen.Lit(a.Status)))
	}
	if a.Body != "" {
		ex := jen.Id(examples[a.Body])
		if examples[a.Body] == "" {
			ex = rawString(a.Body)
		}
		elems = append(elems, keyVal("example", ex))
	}
	if len(a.Headers) > 0 {
		var hs []jen.Code
		for _, h := range a.Headers {
			hs = append(hs, jen.Values(jen.Lit(h.Name), jen.Lit(h.Value)))
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
	case m.ref != "":
		body = jen.Id("Ref")
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
	gets := "h gets the request"
	if m.ref != "" {
		gets += " (r.Body.ODataID is the URL of the object to link)"
	}
	doc(f.Group, "Handle"+m.name+" sets how the server answers "+m.name+":",
		"\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path),
		gets+" and returns "+what+" (a *graph.Error is sent as Graph's error body); nil restores the default answer.")
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

// fakeBody is the type of m's JSON body argument, as the client method
// names it (a request type under the method's own name).
func (g *gen) fakeBody(m *methodPlan) *jen.Statement {
	if m.reqName != "" {
		return jen.Op("*").Add(g.local(m.reqName))
	}
	return g.paramCode(*m.body)
}
