package emit

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"

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
// page's methods and their Handle methods.
func (g *gen) fakeOpFile(op *opPlan) error {
	f := &goFile{pkg: "graphtest", sources: sanitizeComment(g.source(op.op.Page.Path))}
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
		f.docParas(name + " is the example response of " + strings.Join(uses[body], ", ") + ".")
		f.l("const ", name, " = ", rawLit(body))
		f.blank()
	}
	f.open("var _ = register(")
	for _, m := range op.methods {
		f.open("&operation{")
		f.align(g.fakeEntry(f, m, examples))
		f.close("},")
	}
	f.close(")")
	for _, m := range op.methods {
		f.blank()
		g.fakeHandle(f, m)
	}
	g.put("graphtest/"+op.file, g.fakeFinish(f))
	return nil
}

// fakeFinish is goFile's finish for a graphtest file: the client package
// is imported by the name graph, whatever its last path element.
func (g *gen) fakeFinish(f *goFile) []byte {
	type imp struct{ path, spec string }
	imps := []imp{{g.cfg.ImportPath, "graph " + strconv.Quote(g.cfg.ImportPath)}}
	for _, p := range f.imports {
		imps = append(imps, imp{p, strconv.Quote(p)})
	}
	slices.SortFunc(imps, func(a, b imp) int { return strings.Compare(a.path, b.path) })
	var b bytes.Buffer
	b.WriteString("// " + headerLine + "\n// source: " + commentLine(f.sources) + "\n\npackage " + f.pkg + "\n\n")
	if len(imps) == 1 {
		b.WriteString("import " + imps[0].spec + "\n\n")
	} else {
		b.WriteString("import (\n")
		for _, i := range imps {
			b.WriteString("\t" + i.spec + "\n")
		}
		b.WriteString(")\n\n")
	}
	b.Write(bytes.TrimRight(f.buf, "\n"))
	b.WriteByte('\n')
	return b.Bytes()
}

// fakeEntry is the fields of m's table entry, as rows of key and value.
func (g *gen) fakeEntry(f *goFile, m *methodPlan, examples map[string]string) [][]string {
	a := m.ep.Answer
	var path []string
	for _, p := range pathParts(m) {
		path = append(path, p.kind+"("+lit(p.text)+")")
	}
	rows := [][]string{
		{"name:", lit(m.name)},
		{"method:", lit(m.ep.Method)},
		{"path:", "[]part{" + strings.Join(path, ", ") + "}"},
	}
	switch {
	case m.upload:
		rows = append(rows, []string{"upload:", "true"})
	case m.body != nil:
		rows = append(rows, []string{"decode:", "decodeAs[" + g.fakeBody(f, m) + "]"})
		if req := m.op.op.Body.Required; len(req) > 0 {
			var q []string
			for _, r := range req {
				q = append(q, lit(r))
			}
			rows = append(rows, []string{"required:", "[]string{" + strings.Join(q, ", ") + "}"})
		}
	}
	rows = append(rows, []string{"result:", fakeResult(m)})
	if a.Status != 0 {
		rows = append(rows, []string{"status:", strconv.Itoa(a.Status)})
	}
	if a.Body != "" {
		ex := examples[a.Body]
		if ex == "" {
			ex = rawLit(a.Body)
		}
		rows = append(rows, []string{"example:", ex})
	}
	if len(a.Headers) > 0 {
		var hs []string
		for _, h := range a.Headers {
			hs = append(hs, "{"+lit(h.Name)+", "+lit(h.Value)+"}")
		}
		rows = append(rows, []string{"headers:", "[][2]string{" + strings.Join(hs, ", ") + "}"})
	}
	if m.perms != "" {
		rows = append(rows, []string{"perms:", "graph." + m.perms})
	}
	for _, r := range rows {
		r[1] += ","
	}
	return rows
}

// fakeHandle declares Handle<Method>.
func (g *gen) fakeHandle(f *goFile, m *methodPlan) {
	var body string
	switch {
	case m.upload:
		body = "Upload"
	case m.body != nil:
		body = g.fakeBody(f, m)
	default:
		body = "NoBody"
	}
	r := m.result
	var result string // "": only an error
	switch {
	case m.kind == callDownload:
		result = "*graph.Download"
	case m.kind == callAccepted:
		result = "*graph.Accepted"
	case m.kind == callList:
		result = "[]" + g.fakeElem(f, *r)
	case r == nil:
	case m.upload && r.kind != kModel:
		result = "*" + f.q(jsonPkg) + ".RawMessage"
	case r.kind == kModel:
		result = "*graph." + r.t.name
	default:
		result = g.fakeElem(f, *r)
	}
	what := "what " + m.name + " returns, or an error"
	switch {
	case m.kind == callList:
		what = "every item of the collection (sent in pages), or an error"
	case result == "":
		what = "nil or an error"
	}
	f.docParas("Handle"+m.name+" sets how the server answers "+m.name+":",
		"\t"+sanitizeComment(m.ep.Method+" "+m.ep.Path),
		"h gets the request and returns "+what+" (a *graph.Error is sent as Graph's error body); nil restores the default answer.")
	if result == "" {
		f.open("func (s *Server) Handle", m.name, "(h func(r *Request[", body, "]) error) {")
		f.l("handleNone(s, ", lit(m.name), ", h)")
	} else {
		f.open("func (s *Server) Handle", m.name, "(h func(r *Request[", body, "]) (", result, ", error)) {")
		f.l("handle(s, ", lit(m.name), ", h)")
	}
	f.close("}")
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

// fakeElem is the Go type of one value of gt (ignoring coll), the
// generated package's names qualified by graph.
func (g *gen) fakeElem(f *goFile, gt goType) string {
	switch gt.kind {
	case kDate:
		return "graph.Date"
	case kTimeOfDay:
		return "graph.TimeOfDay"
	case kEnum:
		return "graph." + gt.t.name
	case kModel:
		if gt.ptr {
			return "*graph." + gt.t.name
		}
		return "graph." + gt.t.name
	case kIface:
		return "graph." + gt.t.iface
	}
	return f.elem(gt) // predeclared, time.Time, json.RawMessage
}

// fakeBody is the type of m's JSON body argument, as the client method
// names it (a request type under the method's own name).
func (g *gen) fakeBody(f *goFile, m *methodPlan) string {
	if m.reqName != "" {
		return "*graph." + m.reqName
	}
	return g.fakeParamType(f, *m.body)
}

// fakeParamType is the type of a body argument (paramType), the generated
// package's names qualified by graph.
func (g *gen) fakeParamType(f *goFile, gt goType) string {
	switch {
	case !gt.coll && gt.kind == kModel:
		return "*graph." + gt.t.name
	case gt.coll:
		return "[]" + g.fakeElem(f, gt)
	}
	return g.fakeElem(f, gt)
}
