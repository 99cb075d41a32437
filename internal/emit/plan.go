package emit

import (
	"slices"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
)

// kind is the Go shape of a value.
type kind int

const (
	kString kind = iota
	kBool
	kInt16
	kInt32
	kInt64
	kFloat
	kTime      // time.Time (Edm.DateTimeOffset)
	kDate      // Date (Edm.Date)
	kTimeOfDay // TimeOfDay (Edm.TimeOfDay)
	kEnum      // a named string type
	kModel     // a model struct
	kIface     // a polymorphic family's interface
	kRaw       // json.RawMessage
)

// goType is the Go type of a property, body, result or argument.
type goType struct {
	kind kind
	t    *typePlan // kEnum, kModel, kIface
	coll bool      // a slice of the above
	// ptr: a model held as *T: every model field (Nullable[*T]) and every
	// item of a collection result. Go compiles a generic type or function
	// once per struct type but once for all pointers, so pointers keep the
	// whole API's build small (and no struct can hold itself by value).
	ptr bool
}

// typePlan is a type the package declares.
type typePlan struct {
	t      *api.Type
	name   string // Go name
	file   string // the file that declares it ("" for a request type: its operation's file)
	fields []*fieldPlan
	// referenced: some field, body or result has this type (not only a
	// derived type inheriting from it). A referenced type with derived
	// types is a family: it gets iface, unknown and marker.
	referenced             bool
	iface, unknown, marker string
	// accessor: a family's method, on each member, that returns the
	// member's base fields as a new base value (the base's name).
	accessor string
	consts   []string // enum constants, one per member
}

type fieldPlan struct {
	p    *api.Property
	name string
	gt   goType
}

// callKind is how a method calls the service.
type callKind int

const (
	callJSON     callKind = iota // a JSON result (or none): graphrtCall, graphrtCallValue, graphrtCallScalar, graphrtNoContent
	callList                     // a collection: an iterator and a Page method
	callDownload                 // a stream of bytes back
	callAccepted                 // 202 Accepted: Location and Operation-Location
)

// methodPlan is one generated Client method (one endpoint).
type methodPlan struct {
	op      *opPlan
	ep      *api.Endpoint
	name    string
	kind    callKind
	created bool // POST answered with 201
	args    []argPlan
	body    *goType // a JSON body; nil when none
	upload  bool    // the body is a stream (io.Reader) with a content type
	// ref is the name of the argument a method that links an object
	// (api.Endpoint.Ref: POST or PUT …/$ref) takes the object's URL in,
	// sent as {"@odata.id": ref}; "" for other methods (body is nil).
	ref     string
	result  *goType // a JSON result; nil when none
	page    string  // callList: the name of the Page method
	perms   string  // <Method>Permissions
	reqName string  // <Method>Request, when the body is the page's request type
}

type argPlan struct {
	name string
	arg  *api.Arg
	gt   goType
}

// opPlan is one selected operation page.
type opPlan struct {
	op      *api.Operation
	file    string // op_<page>_gen.go
	methods []*methodPlan
	base    string    // the name of the page's first method: its tests' names start with it
	perms   string    // the first method's <Method>Permissions, "" when the page has no method
	req     *typePlan // the request type of a body listing properties without a type
	body    *goType
	result  *goType
	status  int
	tests   []string            // test names per example index (0-based), "" for none
	escape  string              // the path escaping test's name, "" for none
	args    map[*api.Arg]goType // function arguments' types
	// provider: the page is not selected, but documents first an
	// endpoint a selected page documents too; it provides that method.
	provider bool
}

// plan decides everything the files print: which types are needed, every
// Go name, every field's and argument's Go type. It runs once, in a fixed
// order; the files are then printed independently.
func (g *gen) plan() {
	// An endpoint's method comes from the first page (in path order) of
	// the whole input that documents it, selected or not: which pages are
	// selected cannot change a method's name or shape. A page that is not
	// selected but owns an endpoint a selected page documents provides
	// that method only.
	owner := map[string]*api.Operation{}
	for _, op := range g.api.Operations {
		for _, ep := range op.Endpoints {
			if owner[ep.Key] == nil {
				owner[ep.Key] = op
			}
		}
	}
	g.owner = owner
	g.wanted = map[string]bool{}
	plans := map[*api.Operation]*opPlan{}
	var from *api.Operation
	for _, op := range g.api.Operations {
		if g.cfg.Select != nil && !g.cfg.Select(op) {
			continue
		}
		plans[op] = &opPlan{op: op, status: statusOf(op)}
		for _, ep := range op.Endpoints {
			g.wanted[ep.Key] = true
			if o := owner[ep.Key]; plans[o] == nil && (g.cfg.Select != nil && !g.cfg.Select(o)) {
				plans[o] = &opPlan{op: o, status: statusOf(o), provider: true}
			}
		}
		switch v := op.Page.APIVersion; {
		case v == "":
		case g.version == "":
			g.version, from = v, op
		case v != g.version:
			g.diag(op.Page.Path, op.Doc, model.SevWarning, "api-version-mixed",
				"the page documents "+v+", but the package talks to "+g.version+" (DefaultBaseURL, from "+from.Page.Path+"); generate each version into its own package")
		}
	}
	if g.version == "" {
		g.version = "v1.0"
	}
	for _, op := range g.api.Operations {
		if p := plans[op]; p != nil {
			g.ops = append(g.ops, p)
		}
	}
	// Bodies and results, then the closure over fields, bases and
	// derived types.
	for _, op := range g.ops {
		g.resolveOp(op)
	}
	g.closure()
	g.nameTypes()
	g.methods()
}

func statusOf(op *api.Operation) int {
	if op.Response != nil {
		return op.Response.Status
	}
	return 0
}

// need returns the plan of a type the package declares, adding it to the
// work list the first time.
func (g *gen) need(t *api.Type) *typePlan {
	if tp := g.types[t]; tp != nil {
		return tp
	}
	tp := &typePlan{t: t}
	g.types[t] = tp
	g.work = append(g.work, tp)
	return tp
}

// needRef needs a type used as a field's, body's or result's type: it and
// every type derived from it (any of them may come in its place).
func (g *gen) needRef(t *api.Type) *typePlan {
	tp := g.need(t)
	if !tp.referenced {
		tp.referenced = true
		for _, d := range t.Family()[1:] {
			g.need(d)
		}
	}
	return tp
}

// goTypeOf maps a resolved reference to its Go shape, marking the types it
// needs.
func (g *gen) goTypeOf(r api.Ref) goType {
	gt := goType{coll: r.Collection}
	switch {
	case r.Type != nil && r.Type.Kind == api.KindEnum:
		gt.kind, gt.t = kEnum, g.need(r.Type)
	case r.Type != nil:
		gt.kind, gt.t = kModel, g.needRef(r.Type)
	case r.Prim != "":
		gt.kind = primKind(r.Prim)
	default:
		gt.kind = kRaw
	}
	return gt
}

func primKind(p api.Prim) kind {
	switch p {
	case api.PrimBoolean:
		return kBool
	case api.PrimInt16:
		return kInt16
	case api.PrimInt32, api.PrimByte, api.PrimSByte:
		return kInt32
	case api.PrimInt64:
		return kInt64
	case api.PrimSingle, api.PrimDouble, api.PrimDecimal:
		return kFloat
	case api.PrimDateTimeOffset:
		return kTime
	case api.PrimDate:
		return kDate
	case api.PrimTimeOfDay:
		return kTimeOfDay
	case api.PrimUntyped:
		return kRaw
	}
	return kString // String, Guid, Duration, Binary, Stream
}

func (g *gen) resolveOp(op *opPlan) {
	a := op.op
	op.args = map[*api.Arg]goType{}
	for _, ep := range a.Endpoints {
		for _, arg := range ep.Args {
			gt := goType{kind: kString}
			r := arg.Type
			if arg.Kind == api.ArgFunction && !r.Collection && (r.Prim != "" || r.Type != nil && r.Type.Kind == api.KindEnum) {
				gt = g.goTypeOf(r)
			}
			op.args[arg] = gt
		}
	}
	// A reference endpoint sends a reference, not the page's body: a page
	// whose endpoints all link objects needs none of the body's types.
	sendsBody := len(a.Endpoints) == 0 || slices.ContainsFunc(a.Endpoints, func(ep *api.Endpoint) bool { return !ep.Ref })
	if b := a.Body; b != nil && !b.Binary && sendsBody {
		if b.Type.Type != nil && b.Type.Type.Request != nil {
			op.req = &typePlan{t: b.Type.Type}
			gt := goType{kind: kModel, t: op.req}
			op.body = &gt
			for _, p := range b.Type.Type.Properties {
				op.req.fields = append(op.req.fields, &fieldPlan{p: p, gt: g.goTypeOf(p.Type)})
			}
		} else {
			gt := g.goTypeOf(b.Type)
			op.body = &gt
		}
	}
	if r := a.Response; r != nil && r.Type != nil && r.Status != 204 {
		gt := g.goTypeOf(*r.Type)
		op.result = &gt
	}
}

// closure computes the fields of every needed type; needing a type needs
// its base chain (for the inherited properties) and its fields' types (with
// their derived types), but not the other types derived from its bases.
func (g *gen) closure() {
	for len(g.work) > 0 {
		tp := g.work[0]
		g.work = g.work[1:]
		t := tp.t
		if t.Kind == api.KindEnum {
			continue
		}
		if t.Base != nil {
			g.need(t.Base)
		}
		for _, p := range t.Fields() {
			if strings.HasPrefix(p.Name, "@") {
				continue
			}
			tp.fields = append(tp.fields, &fieldPlan{p: p, gt: g.goTypeOf(p.Type)})
		}
	}
	// A model with derived types is used through its family interface;
	// a model field holds a pointer, and so does a collection result.
	fix := func(gt *goType) {
		if gt != nil && gt.kind == kModel && g.hasDerived(gt.t) {
			gt.kind = kIface
		}
	}
	for _, tp := range g.types {
		for _, f := range tp.fields {
			fix(&f.gt)
			f.gt.ptr = f.gt.kind == kModel && !f.gt.coll
		}
	}
	for _, op := range g.ops {
		if op.req != nil {
			for _, f := range op.req.fields {
				fix(&f.gt)
				f.gt.ptr = f.gt.kind == kModel && !f.gt.coll
			}
		} else {
			fix(op.body)
		}
		fix(op.result)
		if r := op.result; r != nil && r.coll && r.kind == kModel {
			r.ptr = true
		}
	}
}

// hasDerived reports whether tp is a family: a referenced type with
// derived types (which are then all needed).
func (g *gen) hasDerived(tp *typePlan) bool {
	return tp.referenced && tp.t.Request == nil && len(tp.t.Derived) > 0
}

// nameTypes names the needed types in qualified-name order: each name
// depends on its type alone (TypeName) unless two types' names collide.
func (g *gen) nameTypes() {
	for _, t := range g.api.Types {
		tp := g.types[t]
		if tp == nil {
			continue
		}
		g.order = append(g.order, tp)
		tp.name = g.pkg.unique(TypeName(t))
		if t.Kind != api.KindEnum {
			tp.file = g.files.unique("model_"+fileStem(tp.name)) + "_gen.go"
		}
	}
	for _, tp := range g.order {
		if tp.t.Kind != api.KindEnum && g.hasDerived(tp) {
			tp.iface = g.pkg.unique(tp.name + "Variant")
			tp.unknown = g.pkg.unique("Unknown" + tp.name)
			tp.marker = "is" + tp.iface
			tp.accessor = newScope(reservedAccessorNames...).unique(tp.name)
		}
	}
	for _, tp := range g.order {
		if tp.t.Kind == api.KindEnum {
			for _, m := range tp.t.Members {
				tp.consts = append(tp.consts, g.pkg.unique(tp.name+GoName(m.Name)))
			}
			continue
		}
		g.nameFields(tp)
	}
}

// nameFields names tp's fields; the accessors of the families tp belongs
// to are its methods too, so a field of such a name gets a trailing '_'.
func (g *gen) nameFields(tp *typePlan) {
	s := newScope(reservedMemberNames...)
	for _, fam := range g.families(tp) {
		s.reserved[fam.accessor] = true
	}
	for _, f := range tp.fields {
		f.name = s.unique(GoName(f.p.Name))
	}
}

// methods plans one method per selected endpoint; an endpoint several
// selected pages document is generated once, from the first page.
func (g *gen) methods() {
	byKey := map[string]*methodPlan{}
	byName := map[string]*methodPlan{}
	for _, op := range g.ops {
		a := op.op
		op.file = g.files.unique("op_"+pageStem(a.Page.Path)) + "_gen.go"
		if len(a.Endpoints) == 0 {
			g.diag(a.Page.Path, a.Doc, model.SevWarning, "no-endpoint", "operation page has no endpoint; no method generated")
		}
		for _, ep := range a.Endpoints {
			if o := g.owner[ep.Key]; o != a {
				if !op.provider {
					g.diag(a.Page.Path, ep.Doc, model.SevInfo, "endpoint-duplicate", "endpoint "+ep.Method+" "+ep.Path+" is also documented by "+o.Page.Path+", which comes first: its method is generated from there")
				}
				continue
			}
			if byKey[ep.Key] != nil || op.provider && !g.wanted[ep.Key] {
				continue
			}
			m := g.method(op, ep)
			if old := byName[m.name]; old != nil {
				g.diag(a.Page.Path, ep.Doc, model.SevWarning, "method-name-collision",
					"endpoint "+ep.Method+" "+ep.Path+" would be named "+m.name+", like "+old.ep.Method+" "+old.ep.Path+" ("+old.op.op.Page.Path+"); it is not generated")
				continue
			}
			byKey[ep.Key] = m
			byName[m.name] = m
			op.methods = append(op.methods, m)
			if m.kind == callList {
				m.page = m.name + "Page"
				if old := byName[m.page]; old != nil {
					g.diag(a.Page.Path, ep.Doc, model.SevWarning, "method-name-collision",
						"the page method of "+ep.Method+" "+ep.Path+" would be named "+m.page+", like "+old.ep.Method+" "+old.ep.Path+" ("+old.op.op.Page.Path+"); it is not generated")
					m.page = ""
				} else {
					byName[m.page] = m
				}
			}
		}
		// Every method M has its own MPermissions, and MRequest when its
		// body is the page's request type: names of the method alone,
		// whichever page generates it. Each MPermissions is a literal of
		// its own; the others' MRequest are type aliases of the first's.
		if len(op.methods) > 0 {
			m0 := op.methods[0]
			op.base = m0.name
			op.perms = g.pkg.unique(m0.name + "Permissions")
			if op.req != nil {
				op.req.name = g.pkg.unique(m0.name + "Request")
				g.nameFields(op.req)
			}
			for _, m := range op.methods {
				m.perms = op.perms
				if m != m0 {
					m.perms = g.pkg.unique(m.name + "Permissions")
				}
				if op.req != nil && m.body != nil && m.body.t == op.req {
					m.reqName = op.req.name
					if m != m0 {
						m.reqName = g.pkg.unique(m.name + "Request")
					}
				}
			}
		} else {
			op.req = nil // no method sends it
		}
	}
	// Test names, in operation order.
	for _, op := range g.ops {
		if op.provider {
			continue
		}
		base := "Page" + GoName(pageStem(op.op.Page.Path))
		if op.base != "" {
			base = op.base
		}
		op.tests = make([]string, len(op.op.Examples))
		for i, ex := range op.op.Examples {
			if ex.Request != nil {
				op.tests[i] = g.tests.unique("Test" + base + "Example" + strconv.Itoa(i+1))
			}
		}
		for _, m := range op.methods {
			if len(m.args) > 0 {
				op.escape = g.tests.unique("Test" + base + "PathEscaping")
				break
			}
		}
	}
	g.byKey = byKey
}

// method plans the method of one endpoint of op.
func (g *gen) method(op *opPlan, ep *api.Endpoint) *methodPlan {
	m := &methodPlan{op: op, ep: ep, body: op.body, result: op.result}
	switch {
	case ep.BinaryOut:
		m.kind, m.result = callDownload, nil
	case op.status == 202:
		m.kind, m.result = callAccepted, nil
	case op.result != nil && op.result.coll:
		m.kind = callList
	}
	if ep.BinaryIn {
		m.upload, m.body = true, nil
	}
	if ep.Method == "GET" || ep.Method == "DELETE" || ep.Method == "HEAD" {
		if m.body != nil && ep.Method != "GET" {
			m.body = nil
		}
	}
	m.created = ep.Method == "POST" && op.status == 201
	m.name = methodName(m)
	args := newScope(reservedArgNames...)
	for _, a := range ep.Args {
		gt := op.args[a]
		if gt.kind == kRaw {
			gt = goType{kind: kString}
		}
		m.args = append(m.args, argPlan{name: args.unique(lowerName(a.Name)), arg: a, gt: gt})
	}
	if ep.Ref {
		// After the path arguments, in their scope: a path parameter
		// named ref keeps its name.
		m.body, m.upload, m.ref = nil, false, args.unique("ref")
	}
	return m
}

// familyMembers lists tp and its derived types, depth first.
func familyMembers(g *gen, tp *typePlan) []*typePlan {
	var out []*typePlan
	for _, t := range tp.t.Family() {
		if m := g.types[t]; m != nil {
			out = append(out, m)
		}
	}
	return out
}

// sortedOps returns the operations in file order.
func (g *gen) sortedOps() []*opPlan {
	ops := slices.Clone(g.ops)
	slices.SortStableFunc(ops, func(a, b *opPlan) int { return strings.Compare(a.file, b.file) })
	return ops
}
