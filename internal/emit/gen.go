package emit

import (
	"go/format"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/graphgen/graphgen/internal/model"
)

func goFormat(src []byte) ([]byte, error) { return format.Source(src) }

// kind is the Go shape of a value.
type kind int

const (
	kString kind = iota
	kBool
	kInt
	kFloat
	kEnum
	kModel // a concrete model struct
	kIface // a polymorphic family's interface
	kRaw   // json.RawMessage
)

// goType is the Go type of a property, body or response.
type goType struct {
	kind kind
	bits int       // kInt: 16, 32, 64
	enum *enumInfo // kEnum
	typ  *typeInfo // kModel, kIface
	coll bool      // a slice of the above
	ptr  bool      // kModel, not coll: held as *T to break a by-value cycle (see breakCycles)
}

type enumInfo struct {
	key    string // lower-case doc name
	doc    string // as written
	name   string // Go type name
	values []string
	consts []string
	owner  *typeInfo // the model file that declares it
}

type typeInfo struct {
	doc     *model.Document
	name    string // Go struct name
	odata   string // "microsoft.graph.groupAssignmentTarget"
	base    *typeInfo
	derived []*typeInfo // direct, in page path order
	needed  bool
	fields  []*fieldInfo
	file    string
	// Set when the type has derived types in the input.
	iface, unknown, unmarshal, marker string
	resolvedFields                    bool
}

type fieldInfo struct {
	json     string
	name     string
	t        goType
	readOnly bool
	desc     string
	prop     model.Property
	from     *model.Document
}

type argInfo struct {
	name  string // Go argument name
	param string // doc parameter name
}

type methodInfo struct {
	name string
	ep   model.Endpoint
	args []argInfo
}

type opInfo struct {
	doc *model.Document
	// Test names, handed out in operation order before the files are
	// written: per example index (from 1), and the path escaping test's
	// ("" when there is none).
	exampleTests map[int]string
	escapeTest   string
	file         string
	base         string // base method name
	methods      []*methodInfo
	perms        string
	body         *goType
	bodyReq      *typeInfo // synthetic request struct, when the body has properties but no type
	resp         *goType
	status       int
}

type gen struct {
	cfg       Config
	docs      []*model.Document
	resources []*model.Document
	byName    map[string]*typeInfo
	byBase    map[string]*typeInfo
	byOData   map[string]*typeInfo       // lower-case "microsoft.graph.termstore.group"
	pages     map[string]*model.Document // every page by lower-case base name, first in path order
	types     map[*model.Document]*typeInfo
	order     []*typeInfo // every resource type, in page path order
	enums     map[string]*enumInfo
	ops       []*opInfo
	pkg       *scope
	methods   *scope
	fileNames *scope
	tests     *scope
	files     map[string][]byte
	diags     []model.Diagnostic
	filesMu   sync.Mutex // guards files while file workers run
	diagMu    sync.Mutex // guards diags while file workers run
}

func newGen(docs []*model.Document, cfg Config) *gen {
	g := &gen{
		cfg:       cfg,
		byName:    map[string]*typeInfo{},
		byBase:    map[string]*typeInfo{},
		byOData:   map[string]*typeInfo{},
		pages:     map[string]*model.Document{},
		types:     map[*model.Document]*typeInfo{},
		enums:     map[string]*enumInfo{},
		pkg:       newScope(reservedPackageNames...),
		methods:   newScope(reservedMethodNames...),
		fileNames: newScope("doc"),
		tests:     newScope(),
		files:     map[string][]byte{},
	}
	for _, d := range docs {
		if d != nil {
			g.docs = append(g.docs, d)
		}
	}
	slices.SortStableFunc(g.docs, func(a, b *model.Document) int { return strings.Compare(a.Path, b.Path) })
	return g
}

func (g *gen) diag(doc *model.Document, pos model.Pos, sev model.Severity, code, msg string) {
	g.diagMu.Lock()
	defer g.diagMu.Unlock()
	g.diags = append(g.diags, model.Diagnostic{Path: doc.Path, Pos: pos, Severity: sev, Code: code, Message: msg})
}

func (g *gen) run() error {
	// Index every page by base name (enum pages are not resources), then
	// resource pages by type name and base name.
	for _, d := range g.docs {
		b := strings.ToLower(strings.TrimSuffix(path.Base(d.Path), ".md"))
		if _, ok := g.pages[b]; !ok {
			g.pages[b] = d
		}
	}
	for _, d := range g.docs {
		if d.Kind != model.KindResource || d.TypeName == "" {
			continue
		}
		t := &typeInfo{doc: d}
		t.odata = d.ODataType
		if t.odata == "" {
			ns := d.Namespace
			if ns == "" {
				ns = "microsoft.graph"
			}
			t.odata = ns + "." + d.TypeName
		}
		t.odata = strings.TrimPrefix(t.odata, "#")
		g.types[d] = t
		g.order = append(g.order, t)
		name := strings.ToLower(d.TypeName)
		if old, ok := g.byName[name]; !ok || preferred(t, old) {
			g.byName[name] = t
		}
		if _, ok := g.byOData[strings.ToLower(t.odata)]; !ok {
			g.byOData[strings.ToLower(t.odata)] = t
		}
		b := strings.ToLower(strings.TrimSuffix(path.Base(d.Path), ".md"))
		if _, ok := g.byBase[b]; !ok {
			g.byBase[b] = t
		}
	}
	// Inheritance.
	for _, t := range g.order {
		if t.doc.BaseType == nil {
			continue
		}
		b := g.lookup(*t.doc.BaseType)
		if b == nil {
			g.diag(t.doc, t.doc.TitlePos, model.SevWarning, "missing-base-type",
				"base type "+quoteName(t.doc.BaseType.Name)+" has no resource page in the input; its properties are not inherited")
			continue
		}
		// Refuse cycles.
		cyc := false
		for p := b; p != nil; p = p.base {
			if p == t {
				cyc = true
				break
			}
		}
		if cyc {
			g.diag(t.doc, t.doc.TitlePos, model.SevError, "inheritance-cycle", "type "+quoteName(t.doc.TypeName)+" inherits from itself")
			continue
		}
		t.base = b
		b.derived = append(b.derived, t)
	}
	// Operations.
	for _, d := range g.docs {
		if d.Kind != model.KindOperation {
			continue
		}
		if g.cfg.Select != nil && !g.cfg.Select(d) {
			continue
		}
		g.ops = append(g.ops, &opInfo{doc: d})
	}
	// Needed types: bodies and responses, then their closure.
	for _, op := range g.ops {
		g.resolveOp(op)
	}
	g.closure()
	g.nameTypes()
	for _, op := range g.ops {
		g.nameOp(op)
	}
	return g.renderAll()
}

// hasModels reports whether any model struct is rendered (the field
// helpers are needed only then).
func (g *gen) hasModels() bool {
	for _, t := range g.order {
		if t.needed {
			return true
		}
	}
	for _, op := range g.ops {
		if op.bodyReq != nil {
			return true
		}
	}
	return false
}

// renderAll writes every file. Everything that hands out names in order
// (request structs, test names) runs first; then the per-page files, which
// are independent, are written on every CPU.
func (g *gen) renderAll() error {
	if err := g.docFile(); err != nil {
		return err
	}
	if err := g.copyRuntime(); err != nil {
		return err
	}
	if g.hasModels() {
		if err := g.fieldHelpersFile(); err != nil {
			return err
		}
	}
	var jobs []func() error
	for _, t := range g.order {
		if t.needed {
			jobs = append(jobs, func() error { return g.modelFile(t) })
		}
	}
	for _, op := range g.ops {
		g.nameOpDecls(op)
		jobs = append(jobs, func() error { return g.opFile(op) }, func() error { return g.testFile(op) })
	}
	if err := runJobs(jobs); err != nil {
		return err
	}
	if len(g.ops) > 0 {
		if err := g.helpersTestFile(); err != nil {
			return err
		}
	}
	return nil
}

// runJobs runs jobs on every CPU and returns the error of the first failing
// job in list order, so the result does not depend on scheduling.
func runJobs(jobs []func() error) error {
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				errs[i] = jobs[i]()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func quoteName(s string) string { return "`" + strings.ReplaceAll(s, "`", "'") + "`" }

// lookup resolves a type reference to a resource page, with maps built
// once (no scans):
//
//  1. the page the link points to (by file base name), when that page
//     defines the type the cell names ("[group](termstore-group.md)" in a
//     termStore page is termStore's group, not microsoft.graph.group);
//  2. a qualified name ("microsoft.graph.termStore.term") by its OData name;
//  3. the type name, case-insensitively; when several pages define it, the
//     canonical one (see preferred);
//  4. the link's file base name alone (the link names the page, the cell
//     text is off), unless it points at a "…-values" enum section.
func (g *gen) lookup(ref model.TypeRef) *typeInfo {
	full := strings.ToLower(strings.TrimPrefix(ref.Name, "#"))
	name := full
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	var linked *typeInfo
	if ref.Link != "" {
		l := ref.Link
		if i := strings.IndexAny(l, "#?"); i >= 0 {
			l = l[:i]
		}
		if l != "" {
			linked = g.byBase[strings.ToLower(strings.TrimSuffix(path.Base(l), ".md"))]
		}
		if linked != nil && strings.EqualFold(linked.doc.TypeName, name) {
			return linked
		}
	}
	if strings.Contains(full, ".") {
		if t, ok := g.byOData[full]; ok {
			return t
		}
		if t, ok := g.byOData["microsoft.graph."+full]; ok {
			return t
		}
	}
	if t, ok := g.byName[name]; ok {
		return t
	}
	if _, anchor, _ := strings.Cut(ref.Link, "#"); strings.HasSuffix(strings.ToLower(anchor), "-values") {
		return nil // an enum section of the linked page (see enumRef)
	}
	return linked
}

// preferred reports whether t should win over old for a type name both
// pages define: the page whose file base name is the type name (user.md
// over intune-shared-user.md), then the microsoft.graph namespace, then the
// first in path order.
func preferred(t, old *typeInfo) bool {
	if ct, co := canonical(t), canonical(old); ct != co {
		return ct
	}
	if mt, mo := strings.EqualFold(t.odata, "microsoft.graph."+t.doc.TypeName), strings.EqualFold(old.odata, "microsoft.graph."+old.doc.TypeName); mt != mo {
		return mt
	}
	return false
}

// canonical reports whether t's page is named after its type.
func canonical(t *typeInfo) bool {
	return strings.EqualFold(strings.TrimSuffix(path.Base(t.doc.Path), ".md"), t.doc.TypeName)
}

// enumRef reports whether a type cell the parser read as a resource link
// names an enum: a link to an anchor of the same page ("#agegroup-values"),
// to an "…-values" anchor of another page ("enums.md#printscaling-values"),
// or to a page in the input that is not a resource page and whose title
// says "enum" (2021's "devicePlatformType enum type" pages).
func (g *gen) enumRef(ref model.TypeRef) bool {
	l := ref.Link
	if l == "" || ref.Name == "" || strings.ContainsAny(ref.Name, " \t") {
		return false
	}
	if strings.HasPrefix(l, "#") {
		return true
	}
	file, anchor, _ := strings.Cut(l, "#")
	if strings.HasSuffix(strings.ToLower(anchor), "-values") {
		return true
	}
	if i := strings.IndexByte(file, '?'); i >= 0 {
		file = file[:i]
	}
	d := g.pages[strings.ToLower(strings.TrimSuffix(path.Base(file), ".md"))]
	return d != nil && d.Kind != model.KindResource && strings.Contains(strings.ToLower(d.Title), "enum")
}

// primitive maps an Edm primitive name to a Go shape.
func primitive(name string) (goType, bool) {
	n := strings.ToLower(strings.TrimPrefix(strings.TrimPrefix(name, "Edm."), "edm."))
	switch n {
	case "string", "guid", "datetimeoffset", "datetime", "date", "timeofday", "duration", "binary", "stream", "url", "uri":
		return goType{kind: kString}, true
	case "boolean", "bool":
		return goType{kind: kBool}, true
	case "int16":
		return goType{kind: kInt, bits: 16}, true
	case "int32", "int", "integer", "byte", "sbyte":
		return goType{kind: kInt, bits: 32}, true
	case "int64", "long":
		return goType{kind: kInt, bits: 64}, true
	case "double", "single", "decimal", "float":
		return goType{kind: kFloat}, true
	case "json", "object", "geographypoint", "untyped":
		return goType{kind: kRaw}, true
	}
	return goType{}, false
}

// resolve turns a type reference into a Go type, with a diagnostic (on doc
// at pos) when it cannot.
func (g *gen) resolve(doc *model.Document, pos model.Pos, ref model.TypeRef, enumValues []string) goType {
	var t goType
	switch ref.Kind {
	case model.TypePrimitive:
		p, ok := primitive(ref.Name)
		if !ok {
			g.diag(doc, pos, model.SevWarning, "unknown-primitive", "primitive type "+quoteName(ref.Name)+" is not known; the value is kept as raw JSON")
			p = goType{kind: kRaw}
		}
		t = p
	case model.TypeEnum:
		key := strings.ToLower(ref.Name)
		if key == "" {
			t = goType{kind: kString}
			break
		}
		e, ok := g.enums[key]
		if !ok {
			e = &enumInfo{key: key, doc: ref.Name}
			g.enums[key] = e
		}
		for _, v := range enumValues {
			if !slices.Contains(e.values, v) {
				e.values = append(e.values, v)
			}
		}
		t = goType{kind: kEnum, enum: e}
	case model.TypeResource:
		if p, ok := primitive(ref.Name); ok && ref.Link == "" {
			t = p
			break
		}
		ti := g.lookup(ref)
		if ti == nil && g.enumRef(ref) {
			return g.resolve(doc, pos, model.TypeRef{Name: ref.Name, Kind: model.TypeEnum, Collection: ref.Collection, Link: ref.Link}, enumValues)
		}
		if ti == nil {
			g.diag(doc, pos, model.SevWarning, "missing-type", "type "+quoteName(ref.Name)+" has no resource page in the input; the value is kept as raw JSON (json.RawMessage)")
			t = goType{kind: kRaw}
			break
		}
		t = goType{kind: kModel, typ: ti}
	default:
		g.diag(doc, pos, model.SevWarning, "unknown-type", "type cell "+quoteName(ref.Name)+" could not be read; the value is kept as raw JSON")
		t = goType{kind: kRaw}
	}
	t.coll = ref.Collection
	return t
}

func (g *gen) resolveOp(op *opInfo) {
	d := op.doc
	if rb := d.RequestBody; rb != nil && !rb.None {
		switch {
		case rb.Type != nil:
			t := g.resolve(d, rb.Pos, *rb.Type, nil)
			op.body = &t
		case len(rb.Properties) > 0 && g.bodyIsResponseModel(d) != nil:
			// A create or update page that lists the properties of the
			// type it returns: the body is that model (one struct, not a
			// copy per page).
			t := goType{kind: kModel, typ: g.bodyIsResponseModel(d)}
			op.body = &t
		case len(rb.Properties) > 0:
			ti := &typeInfo{doc: d, needed: true}
			op.bodyReq = ti
			t := goType{kind: kModel, typ: ti}
			op.body = &t
		}
	}
	if r := d.Response; r != nil {
		op.status = r.Status
		if r.Type != nil && r.Status != 204 {
			t := g.resolve(d, r.Pos, *r.Type, nil)
			op.resp = &t
		}
	}
}

// bodyIsResponseModel returns the model a page's request body table
// describes, or nil: the page's response type when it is a single resource
// the title names ("Create windows10GeneralConfiguration") and every body
// property is one of its properties (inherited ones included).
func (g *gen) bodyIsResponseModel(d *model.Document) *typeInfo {
	r := d.Response
	if r == nil || r.Type == nil || r.Type.Collection || r.Type.Kind != model.TypeResource {
		return nil
	}
	t := g.lookup(*r.Type)
	if t == nil || !containsFold(d.Title, t.doc.TypeName) {
		return nil
	}
	for _, pr := range d.RequestBody.Properties {
		if !g.hasProperty(t, pr.Name) {
			return nil
		}
	}
	return t
}

// hasProperty reports whether t or a base type documents a property name
// (relationships are not model fields).
func (g *gen) hasProperty(t *typeInfo, name string) bool {
	for p, n := t, 0; p != nil && n < 64; p, n = p.base, n+1 {
		for _, q := range p.doc.Properties {
			if q.Name == name {
				return true
			}
		}
	}
	return false
}

// containsFold reports whether s contains sub, ignoring ASCII case.
func containsFold(s, sub string) bool {
	return sub != "" && strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}

// markNeeded marks t needed, with its base chain and every derived type.
func (g *gen) markNeeded(t *typeInfo, work *[]*typeInfo) {
	if t == nil || t.needed && t.resolvedFields {
		return
	}
	if !t.needed {
		t.needed = true
		*work = append(*work, t)
	}
}

// closure computes every type the operations need and their fields.
func (g *gen) closure() {
	var work []*typeInfo
	add := func(gt *goType) {
		if gt != nil && gt.typ != nil {
			g.markNeeded(gt.typ, &work)
		}
	}
	for _, op := range g.ops {
		if op.bodyReq != nil {
			work = append(work, op.bodyReq)
		} else {
			add(op.body)
		}
		add(op.resp)
	}
	for len(work) > 0 {
		t := work[0]
		work = work[1:]
		if t.resolvedFields {
			continue
		}
		t.resolvedFields = true
		if t.base != nil {
			g.markNeeded(t.base, &work)
		}
		for _, d := range t.derived {
			g.markNeeded(d, &work)
		}
		g.fieldsOf(t)
		for _, f := range t.fields {
			if f.t.typ != nil {
				g.markNeeded(f.t.typ, &work)
			}
		}
	}
	// Polymorphic field types: a model with derived types is used through
	// its interface.
	fix := func(gt *goType) {
		if gt != nil && gt.kind == kModel && len(gt.typ.derived) > 0 {
			gt.kind = kIface
		}
	}
	for _, t := range g.order {
		for _, f := range t.fields {
			fix(&f.t)
		}
	}
	for _, op := range g.ops {
		if op.bodyReq != nil {
			for _, f := range op.bodyReq.fields {
				fix(&f.t)
			}
		} else {
			fix(op.body)
		}
		fix(op.resp)
	}
	g.breakCycles()
}

// breakCycles gives a pointer type (Nullable[*T]) to every field that holds
// a model by value in the same strongly connected component of the by-value
// field graph as its own struct: a struct that holds itself by value,
// directly (a self reference, or a derived type inheriting a property of its
// own type) or through other structs, is an "invalid recursive type" in Go.
// Slices, interfaces (polymorphic families) and raw JSON already break
// cycles, so only non-collection kModel fields are edges. The rule depends
// on the graph alone, not on visiting order; fields outside a cycle keep
// their value type.
func (g *gen) breakCycles() {
	var nodes []*typeInfo
	for _, t := range g.order {
		if t.needed {
			nodes = append(nodes, t)
		}
	}
	// Tarjan's algorithm, iterative over the fields of each node.
	index := map[*typeInfo]int{}
	low := map[*typeInfo]int{}
	onStack := map[*typeInfo]bool{}
	comp := map[*typeInfo]int{}
	var stack []*typeInfo
	next, ncomp := 0, 0
	edge := func(f *fieldInfo) *typeInfo {
		if f.t.kind == kModel && !f.t.coll && f.t.typ != nil && f.t.typ.needed {
			return f.t.typ
		}
		return nil
	}
	type frame struct {
		t *typeInfo
		i int // next field to visit
	}
	for _, root := range nodes {
		if _, ok := index[root]; ok {
			continue
		}
		index[root], low[root] = next, next
		next++
		stack = append(stack, root)
		onStack[root] = true
		call := []frame{{t: root}}
		for len(call) > 0 {
			fr := &call[len(call)-1]
			if fr.i < len(fr.t.fields) {
				w := edge(fr.t.fields[fr.i])
				fr.i++
				if w == nil {
					continue
				}
				if _, ok := index[w]; !ok {
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{t: w})
				} else if onStack[w] {
					low[fr.t] = min(low[fr.t], index[w])
				}
				continue
			}
			v := fr.t
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].t
				low[u] = min(low[u], low[v])
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					comp[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
		}
	}
	for _, t := range nodes {
		for _, f := range t.fields {
			if w := edge(f); w != nil && comp[w] == comp[t] {
				f.t.ptr = true
			}
		}
	}
}

// fieldsOf lists t's properties: inherited ones first (base chain from the
// root), then its own, the first of a repeated JSON name winning.
func (g *gen) fieldsOf(t *typeInfo) {
	var chain []*typeInfo
	for p := t; p != nil; p = p.base {
		chain = append([]*typeInfo{p}, chain...)
	}
	seen := map[string]bool{}
	for _, p := range chain {
		props := p.doc.Properties
		if t.doc.Kind == model.KindOperation {
			props = t.doc.RequestBody.Properties
		}
		for _, pr := range props {
			if pr.Name == "" || seen[pr.Name] || strings.HasPrefix(pr.Name, "@") {
				continue
			}
			seen[pr.Name] = true
			ft := g.resolve(p.doc, pr.Pos, pr.Type, pr.EnumValues)
			if ft.kind == kEnum && ft.enum.owner == nil {
				ft.enum.owner = t
			}
			t.fields = append(t.fields, &fieldInfo{json: pr.Name, t: ft, readOnly: pr.ReadOnly, desc: pr.Description, prop: pr, from: p.doc})
		}
	}
}

// nameTypes hands out Go names for models, families, enums and files.
func (g *gen) nameTypes() {
	// The type a name lookup picks (see preferred) gets the plain name;
	// other pages defining the same type name get the clash suffix.
	for _, first := range []bool{true, false} {
		for _, t := range g.order {
			if t.needed && (g.byName[strings.ToLower(t.doc.TypeName)] == t) == first {
				t.name = g.pkg.unique(GoName(t.doc.TypeName))
			}
		}
	}
	for _, t := range g.order {
		if t.needed {
			t.file = g.fileNames.unique("model_"+fileBase(t.doc.Path)) + "_gen.go"
		}
	}
	for _, t := range g.order {
		if !t.needed || len(t.derived) == 0 {
			continue
		}
		t.iface = g.pkg.unique(t.name + "Variant")
		t.unknown = g.pkg.unique("Unknown" + t.name)
		t.unmarshal = "unmarshal" + t.iface
		t.marker = "is" + t.iface
	}
	var keys []string
	for k, e := range g.enums {
		if e.owner != nil {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		e := g.enums[k]
		e.name = g.pkg.unique(GoName(e.doc))
		for _, v := range e.values {
			e.consts = append(e.consts, g.pkg.unique(e.name+GoName(v)))
		}
	}
	for _, t := range g.order {
		if t.needed {
			g.nameFields(t)
		}
	}
}

func (g *gen) nameFields(t *typeInfo) {
	s := newScope(reservedMemberNames...)
	for _, f := range t.fields {
		f.name = s.unique(GoName(f.json))
	}
}
