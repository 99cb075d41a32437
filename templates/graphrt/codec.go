package graphrt

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// The model codec: generated models are plain structs whose MarshalJSON and
// UnmarshalJSON are one call of graphrtMarshal and graphrtUnmarshal. The
// first use of a type builds a plan of it with reflection (cached in a
// sync.Map); every later call walks the JSON once against that plan.
//
// Conventions (see the package comment):
//   - a field `ODataType string` tagged `json:"@odata.type,omitempty"` holds
//     "@odata.type" as received, or to send; its `graph` tag is the type's
//     own OData name ("#microsoft.graph.user"), sent in a polymorphic
//     position when ODataType is empty and the type is not the family's
//     base;
//   - a field tagged `graph:"readonly"` is decoded but only sent by
//     graphrtMarshalAll;
//   - `AdditionalData map[string]json.RawMessage` tagged `json:"-"` keeps
//     the members no field takes, sent back in key order;
//   - a Nullable field is sent when it is set (a value, or null), whatever
//     its json options; other fields follow their omitempty/omitzero option;
//   - JSON keys match field names exactly (OData names are case-sensitive).

// Unknown is a value of a polymorphic property whose "@odata.type" this
// package does not know. Each family has its own type embedding it (such as
// UnknownTarget), so that it can be stored where the family is expected. Raw
// is the JSON as received, sent back unchanged.
type Unknown struct {
	ODataType string // the "@odata.type" of Raw, without the leading '#'
	Raw       json.RawMessage
}

// MarshalJSON returns Raw (null when Raw is empty).
func (u Unknown) MarshalJSON() ([]byte, error) {
	if len(u.Raw) == 0 {
		return []byte("null"), nil
	}
	return u.Raw, nil
}

// UnmarshalJSON keeps a copy of data and its "@odata.type".
func (u *Unknown) UnmarshalJSON(data []byte) error {
	if !graphrtValidJSON(data) {
		d := graphrtDecoder{data: data}
		return d.syntax()
	}
	raw := bytes.Clone(data)
	u.ODataType, _ = graphrtODataType(raw)
	u.Raw = raw
	return nil
}

// Marshal encodes v as the package's models encode themselves (their
// MarshalJSON calls it): Nullable values by state, family values with their
// @odata.type, no read-only property. Use it for a value of your own that
// holds Nullable fields: Nullable has no JSON methods of its own, so
// encoding/json sees it as an empty struct.
func Marshal(v any) ([]byte, error) { return graphrtEncode(v, false) }

// Unmarshal decodes data into v, a non-nil pointer, as the package's models
// decode themselves: a family interface by "@odata.type", Nullable values
// with their state. See Marshal.
func Unmarshal(data []byte, v any) error { return graphrtUnmarshal(data, v) }

// graphrtMarshal encodes the model *v: @odata.type when ODataType is set,
// then the fields that are set, in declaration order, except read-only
// ones, then AdditionalData in key order (keys that name a field are left
// out: the field wins).
func graphrtMarshal(v any) ([]byte, error) { return graphrtEncode(v, false) }

// graphrtMarshalAll is graphrtMarshal with read-only fields included, in v
// and in every model nested in it.
func graphrtMarshalAll(v any) ([]byte, error) { return graphrtEncode(v, true) }

// graphrtUnmarshal decodes data into the model *v, replacing its contents:
// known keys into fields (null into the null state), "@odata.type" into
// ODataType as received, other keys into AdditionalData (as copies). A JSON
// null leaves *v as it is (encoding/json's convention for UnmarshalJSON).
func graphrtUnmarshal(data []byte, v any) error {
	if len(data) == len(graphrtProbe) && &data[0] == &graphrtProbe[0] {
		return &graphrtProbeError{reflect.TypeOf(v)}
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	if graphrtIsNullLiteral(data) {
		return nil
	}
	return graphrtDecodeTop(data, rv.Elem(), graphrtTopModel(rv.Type().Elem()))
}

// graphrtDecodeInto decodes the JSON value data (the whole of it) into the
// settable v through the codec.
func graphrtDecodeInto(data []byte, v reflect.Value) error { return graphrtDecodeTop(data, v, nil) }

// graphrtDecodeTop decodes data into v, with the plan m when it is not nil.
func graphrtDecodeTop(data []byte, v reflect.Value, m *graphrtModel) error {
	d := graphrtDecoder{data: data}
	d.ws()
	var err error
	if m != nil {
		err = d.model(m, v)
	} else {
		err = d.value(graphrtCodecFor(v.Type()), v)
	}
	if err != nil {
		return err
	}
	d.ws()
	if d.i != len(d.data) {
		return d.syntax()
	}
	return nil
}

func graphrtEncode(v any, all bool) ([]byte, error) {
	rv := reflect.ValueOf(v)
	e := graphrtGetEncoder(all)
	var err error
	switch {
	case !rv.IsValid():
		e.b = append(e.b, "null"...)
	case rv.Kind() == reflect.Pointer && !rv.IsNil() && rv.Type().Elem().Kind() == reflect.Struct:
		if m := graphrtTopModel(rv.Type().Elem()); m != nil {
			// The model itself, never its MarshalJSON (which calls us).
			err = e.model(m, rv.Elem(), false)
			break
		}
		fallthrough
	default:
		err = e.value(graphrtCodecFor(rv.Type()), rv)
	}
	return graphrtPutEncoder(e, err)
}

var graphrtEncoders = sync.Pool{New: func() any { return &graphrtEncoder{b: make([]byte, 0, 512)} }}

func graphrtGetEncoder(all bool) *graphrtEncoder {
	e := graphrtEncoders.Get().(*graphrtEncoder)
	e.b, e.all, e.auto, e.depth = e.b[:0], all, false, 0
	return e
}

// graphrtPutEncoder returns a copy of what e wrote and recycles e.
func graphrtPutEncoder(e *graphrtEncoder, err error) ([]byte, error) {
	var out []byte
	if err == nil {
		out = bytes.Clone(e.b)
	}
	if cap(e.b) <= 256<<10 {
		graphrtEncoders.Put(e)
	}
	return out, err
}

// ---- Families (polymorphic properties) ----

// graphrtFamily registers a family interface I: unknown (a pointer to the
// family's type embedding Unknown) for an "@odata.type" it does not know,
// base for a value without "@odata.type", and every other member. Generated
// code calls it once per family, in a package-level var:
//
//	var _ = graphrtFamily[TargetVariant](new(UnknownTarget), new(Target), new(GroupAssignmentTarget))
//
// Members are pointers to models whose ODataType field carries their OData
// name in its graph tag. It panics on a malformed registration (a bug in the
// generated code, found by its first test).
func graphrtFamily[I any](unknown, base I, members ...I) bool {
	it := reflect.TypeFor[I]()
	if it.Kind() != reflect.Interface {
		panic("graphrtFamily: " + it.String() + " is not an interface type")
	}
	f := &graphrtFamilyInfo{iface: it, byName: map[string]reflect.Type{}, byShort: map[string]reflect.Type{}}
	ut := reflect.TypeOf(unknown)
	if ut == nil || ut.Kind() != reflect.Pointer || !graphrtIsUnknown(ut.Elem()) {
		panic("graphrtFamily[" + it.String() + "]: the first member must be a pointer to a type embedding Unknown")
	}
	f.unknown = ut
	f.base = reflect.TypeOf(base)
	for _, m := range append([]I{base}, members...) {
		t := reflect.TypeOf(m)
		if t == nil || t.Kind() != reflect.Pointer || t.Elem().Kind() != reflect.Struct {
			panic("graphrtFamily[" + it.String() + "]: a member is not a pointer to a struct")
		}
		name := graphrtGraphName(t.Elem())
		if name == "" {
			panic("graphrtFamily[" + it.String() + "]: " + t.Elem().String() + " has no OData name in the graph tag of its ODataType field")
		}
		low := strings.ToLower(name)
		f.byName[low] = t
		short := low[strings.LastIndexByte(low, '.')+1:]
		if _, dup := f.byShort[short]; dup {
			f.byShort[short] = nil // ambiguous: only the qualified name finds these
		} else {
			f.byShort[short] = t
		}
	}
	graphrtFamilies.Store(it, f)
	return true
}

type graphrtFamilyInfo struct {
	iface   reflect.Type
	base    reflect.Type            // pointer to the base model
	unknown reflect.Type            // pointer to the type embedding Unknown
	byName  map[string]reflect.Type // lower-case qualified name without '#'
	byShort map[string]reflect.Type // lower-case name after the last '.'; nil when ambiguous
}

var graphrtFamilies sync.Map // reflect.Type (interface) -> *graphrtFamilyInfo

func graphrtFamilyOf(t reflect.Type) *graphrtFamilyInfo {
	if f, ok := graphrtFamilies.Load(t); ok {
		return f.(*graphrtFamilyInfo)
	}
	return nil
}

// member picks the member for an "@odata.type" value: matched without
// case, with or without '#', by qualified name; a name without a namespace
// by its last segment when that is unique; none -> base; else unknown.
func (f *graphrtFamilyInfo) member(name []byte, found bool) reflect.Type {
	if len(name) > 0 && name[0] == '#' {
		name = name[1:]
	}
	if !found || len(name) == 0 {
		return f.base
	}
	var buf [128]byte
	low := buf[:0]
	for _, c := range name {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		low = append(low, c)
	}
	if t, ok := f.byName[string(low)]; ok {
		return t
	}
	if bytes.IndexByte(low, '.') < 0 {
		if t := f.byShort[string(low)]; t != nil {
			return t
		}
	}
	return f.unknown
}

// graphrtGraphName is the OData name (without '#') in the graph tag of a
// struct's "@odata.type" field.
func graphrtGraphName(t reflect.Type) string {
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if name, _, _ := strings.Cut(sf.Tag.Get("json"), ","); name == "@odata.type" {
			n, _, _ := strings.Cut(sf.Tag.Get("graph"), ",")
			return strings.TrimPrefix(n, "#")
		}
	}
	return ""
}

// ---- A family member's base fields ----

// graphrtBaseOf sets *b, a new value of a family's base model B, to the
// fields B declares as the model v (a pointer to B, to a model derived from
// B, or to a family's type embedding Unknown) holds them. Every model has,
// for each family it belongs to, an accessor named after the family's base
// that calls it:
//
//	func (v *User) DirectoryObject() *DirectoryObject {
//		b := new(DirectoryObject)
//		graphrtBaseOf(v, b)
//		return b
//	}
//
// A model gives the fields of the same JSON name and type, its ODataType
// (the member's own @odata.type, as received) and its AdditionalData: a
// shallow copy (slices, maps and pointers are shared with v; setting a
// field of the copy does not set v's). An Unknown member gives what its
// JSON holds, decoded as B decodes itself (members B does not declare go
// to AdditionalData; a member whose JSON does not fit B's field is left
// unset, and so are the fields after it). A nil v leaves *b zero. It is
// not inlined: one call per accessor.
//
//go:noinline
func graphrtBaseOf(v, b any) {
	dst := reflect.ValueOf(b)
	src := reflect.ValueOf(v)
	if dst.Kind() != reflect.Pointer || dst.IsNil() || src.Kind() != reflect.Pointer || src.IsNil() {
		return
	}
	dst, src = dst.Elem(), src.Elem()
	if graphrtIsUnknown(src.Type()) {
		var raw json.RawMessage
		if src.Type() == graphrtUnknownType {
			raw = src.Interface().(Unknown).Raw
		} else {
			raw = src.Field(0).Interface().(Unknown).Raw
		}
		if len(raw) > 0 && !graphrtIsNullLiteral(raw) {
			_ = graphrtDecodeTop(raw, dst, graphrtTopModel(dst.Type()))
		}
		return
	}
	for _, p := range graphrtBasePlan(src.Type(), dst.Type()) {
		dst.Field(p[0]).Set(src.Field(p[1]))
	}
}

// graphrtBasePlans caches graphrtBasePlan per (model, base) pair.
var graphrtBasePlans sync.Map // [2]reflect.Type -> [][2]int

// graphrtBasePlan lists the fields graphrtBaseOf copies from a model of
// type src into its base of type dst, as (dst index, src index) pairs: the
// fields of the same JSON name and type, ODataType and AdditionalData.
func graphrtBasePlan(src, dst reflect.Type) [][2]int {
	key := [2]reflect.Type{src, dst}
	if p, ok := graphrtBasePlans.Load(key); ok {
		return p.([][2]int)
	}
	var plan [][2]int
	sm, dm := graphrtTopModel(src), graphrtTopModel(dst)
	if sm != nil && dm != nil {
		pair := func(di, si int) {
			if di >= 0 && si >= 0 && dst.Field(di).Type == src.Field(si).Type {
				plan = append(plan, [2]int{di, si})
			}
		}
		pair(dm.typeIdx, sm.typeIdx)
		for _, f := range dm.fields {
			if j, ok := sm.byName[f.name]; ok {
				pair(f.index, sm.fields[j].index)
			}
		}
		pair(dm.extraIdx, sm.extraIdx)
	}
	got, _ := graphrtBasePlans.LoadOrStore(key, plan)
	return got.([][2]int)
}

// ---- Plans ----

type graphrtKind uint8

const (
	graphrtKindJSON graphrtKind = iota // anything else: encoding/json
	graphrtKindString
	graphrtKindBool
	graphrtKindInt
	graphrtKindUint
	graphrtKindFloat
	graphrtKindTime
	graphrtKindDate
	graphrtKindTimeOfDay
	graphrtKindRaw
	graphrtKindBytes
	graphrtKindUnknown
	graphrtKindModel
	graphrtKindPtr
	graphrtKindSlice
	graphrtKindMap
	graphrtKindInterface
	graphrtKindNullable
)

// graphrtCodec is how one Go type is encoded and decoded.
type graphrtCodec struct {
	kind  graphrtKind
	bits  int // of ints, uints and floats
	t     reflect.Type
	elem  *graphrtCodec // of pointers, slices, maps and Nullables
	model *graphrtModel
}

// leaf reports whether values of c can be read from a read-only
// reflect.Value (the inside of a Nullable) without Interface().
func (c *graphrtCodec) leaf() bool {
	switch c.kind {
	case graphrtKindString, graphrtKindBool, graphrtKindInt, graphrtKindUint, graphrtKindFloat:
		return true
	}
	return false
}

type graphrtModel struct {
	t        reflect.Type
	name     string // Go type name, for errors
	typeIdx  int    // index of the ODataType field, or -1
	extraIdx int    // index of AdditionalData, or -1
	autoType []byte // `"@odata.type":"#name"`, or nil
	fields   []graphrtField
	byName   map[string]int // JSON name -> index in fields
}

type graphrtField struct {
	index     int
	name      string // JSON name
	key       []byte // `"name":`
	readonly  bool
	nullable  bool
	leaf      bool // a Nullable of a leaf kind
	omitEmpty bool
	omitZero  bool
	codec     *graphrtCodec // the field's (for a Nullable, the Nullable's)
}

var (
	graphrtCodecs      sync.Map // reflect.Type -> *graphrtCodec
	graphrtPlainModels sync.Map // reflect.Type -> *graphrtModel, for structs that are not models
)

var (
	graphrtTimeType        = reflect.TypeFor[time.Time]()
	graphrtDateType        = reflect.TypeFor[Date]()
	graphrtTimeOfDayType   = reflect.TypeFor[TimeOfDay]()
	graphrtRawType         = reflect.TypeFor[json.RawMessage]()
	graphrtNumberType      = reflect.TypeFor[json.Number]()
	graphrtUnknownType     = reflect.TypeFor[Unknown]()
	graphrtExtraType       = reflect.TypeFor[map[string]json.RawMessage]()
	graphrtNullableType    = reflect.TypeFor[Nullable[int]]()
	graphrtUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	graphrtMarshalerType   = reflect.TypeFor[json.Marshaler]()
	graphrtTextUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()
	graphrtTextMarshaler   = reflect.TypeFor[encoding.TextMarshaler]()
)

// graphrtIsNullable reports whether t is a Nullable[T] of this package.
func graphrtIsNullable(t reflect.Type) bool {
	return t.PkgPath() == graphrtNullableType.PkgPath() && strings.HasPrefix(t.Name(), "Nullable[") &&
		t.NumField() == 4 && t.Field(2).Name == "v" && t.Field(3).Name == "state" && t.Field(3).Type.Kind() == reflect.Uint8
}

// graphrtNullableFields returns the value (settable) and the state of v, an
// addressable Nullable[T]. Nullable has no method for this: every method of
// Nullable costs one compiled function per Nullable[T] the package names.
// (reflect does not set unexported fields; their addresses are read from v,
// which is addressable, so the pointers are as safe as v's.)
func graphrtNullableFields(v reflect.Value) (reflect.Value, *uint8) {
	f := v.Field(2)
	inner := reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
	return inner, (*uint8)(unsafe.Pointer(v.Field(3).UnsafeAddr()))
}

// graphrtCodecFor returns the (cached) codec of t.
func graphrtCodecFor(t reflect.Type) *graphrtCodec {
	if c, ok := graphrtCodecs.Load(t); ok {
		return c.(*graphrtCodec)
	}
	building := map[reflect.Type]*graphrtCodec{}
	graphrtBuild(t, building)
	// Publish only complete codecs. Two goroutines may build the same type
	// at once: both results are equivalent, the first stored wins.
	for bt, bc := range building {
		graphrtCodecs.LoadOrStore(bt, bc)
	}
	c, _ := graphrtCodecs.Load(t)
	return c.(*graphrtCodec)
}

// graphrtTopModel returns the plan to use for t at the top level of
// graphrtMarshal/graphrtUnmarshal: a model's, or a plan built for any other
// struct (whose own JSON methods, if any, must not be called: they may be
// the ones calling us); nil when t is not a struct or has a codec of its
// own (time.Time, Date, Unknown...).
func graphrtTopModel(t reflect.Type) *graphrtModel {
	if t.Kind() != reflect.Struct {
		return nil
	}
	c := graphrtCodecFor(t)
	if c.model != nil {
		return c.model
	}
	if c.kind != graphrtKindJSON {
		return nil
	}
	if m, ok := graphrtPlainModels.Load(t); ok {
		return m.(*graphrtModel)
	}
	building := map[reflect.Type]*graphrtCodec{}
	m := graphrtBuildModel(t, building)
	for bt, bc := range building {
		graphrtCodecs.LoadOrStore(bt, bc)
	}
	got, _ := graphrtPlainModels.LoadOrStore(t, m)
	return got.(*graphrtModel)
}

func graphrtBuild(t reflect.Type, building map[reflect.Type]*graphrtCodec) *graphrtCodec {
	if c, ok := graphrtCodecs.Load(t); ok {
		return c.(*graphrtCodec)
	}
	if c, ok := building[t]; ok {
		return c // in progress: a recursive type
	}
	c := &graphrtCodec{t: t}
	building[t] = c
	pt := reflect.PointerTo(t)
	switch {
	case t.Kind() == reflect.Struct && graphrtIsNullable(t):
		c.kind = graphrtKindNullable
		c.elem = graphrtBuild(t.Field(2).Type, building)
	case t == graphrtTimeType:
		c.kind = graphrtKindTime
	case t == graphrtDateType:
		c.kind = graphrtKindDate
	case t == graphrtTimeOfDayType:
		c.kind = graphrtKindTimeOfDay
	case t == graphrtRawType:
		c.kind = graphrtKindRaw
	case t == graphrtNumberType:
		c.kind = graphrtKindJSON // a string type that encoding/json writes as a number
	case graphrtIsUnknown(t):
		c.kind = graphrtKindUnknown
	case t.Kind() == reflect.Struct && graphrtIsModel(t):
		c.kind = graphrtKindModel
		c.model = graphrtBuildModel(t, building)
	case pt.Implements(graphrtUnmarshalerType), pt.Implements(graphrtMarshalerType),
		pt.Implements(graphrtTextUnmarshaler), pt.Implements(graphrtTextMarshaler):
		c.kind = graphrtKindJSON
	default:
		switch t.Kind() {
		case reflect.String:
			c.kind = graphrtKindString
		case reflect.Bool:
			c.kind = graphrtKindBool
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			c.kind, c.bits = graphrtKindInt, t.Bits()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			c.kind, c.bits = graphrtKindUint, t.Bits()
		case reflect.Float32, reflect.Float64:
			c.kind, c.bits = graphrtKindFloat, t.Bits()
		case reflect.Pointer:
			c.kind = graphrtKindPtr
			c.elem = graphrtBuild(t.Elem(), building)
		case reflect.Slice:
			if t.Elem().Kind() == reflect.Uint8 {
				c.kind = graphrtKindBytes
			} else {
				c.kind = graphrtKindSlice
				c.elem = graphrtBuild(t.Elem(), building)
			}
		case reflect.Map:
			if t.Key().Kind() == reflect.String && !reflect.PointerTo(t.Key()).Implements(graphrtTextUnmarshaler) {
				c.kind = graphrtKindMap
				c.elem = graphrtBuild(t.Elem(), building)
			}
		case reflect.Interface:
			c.kind = graphrtKindInterface
		}
		// Structs that are not models, arrays and the rest: encoding/json.
	}
	return c
}

func graphrtIsUnknown(t reflect.Type) bool {
	return t == graphrtUnknownType ||
		t.Kind() == reflect.Struct && t.NumField() > 0 && t.Field(0).Anonymous && t.Field(0).Type == graphrtUnknownType
}

// graphrtProbe is handed to a struct's UnmarshalJSON to learn whether it is
// a model, that is, whether it calls graphrtUnmarshal: graphrtUnmarshal
// recognizes this very slice (by address) and answers with a
// *graphrtProbeError naming the type it was given, decoding nothing. Any
// other UnmarshalJSON sees a JSON null.
var graphrtProbe = []byte("null")

type graphrtProbeError struct{ t reflect.Type }

func (e *graphrtProbeError) Error() string { return "graphrt: model probe for " + e.t.String() }

func graphrtIsModel(t reflect.Type) (ok bool) {
	pt := reflect.PointerTo(t)
	if !pt.Implements(graphrtUnmarshalerType) {
		return false
	}
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	err := reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON(graphrtProbe)
	var pe *graphrtProbeError
	return errors.As(err, &pe) && pe.t == pt
}

func graphrtBuildModel(t reflect.Type, building map[reflect.Type]*graphrtCodec) *graphrtModel {
	m := &graphrtModel{t: t, name: t.Name(), typeIdx: -1, extraIdx: -1, byName: map[string]int{}}
	if m.name == "" {
		m.name = t.String()
	}
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		if !sf.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			if sf.Name == "AdditionalData" && sf.Type == graphrtExtraType {
				m.extraIdx = i
			}
			continue
		}
		if name == "" {
			name = sf.Name
		}
		if name == "@odata.type" && sf.Type.Kind() == reflect.String {
			m.typeIdx = i
			if n := graphrtGraphName(t); n != "" {
				m.autoType = graphrtAppendString([]byte(`"@odata.type":`), "#"+n)
			}
			continue
		}
		f := graphrtField{index: i, name: name}
		f.key = append(graphrtAppendString(nil, name), ':')
		for o := range strings.SplitSeq(sf.Tag.Get("graph"), ",") {
			if o == "readonly" {
				f.readonly = true
			}
		}
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "omitzero":
				f.omitZero = true
			}
		}
		f.codec = graphrtBuild(sf.Type, building)
		if f.codec.kind == graphrtKindNullable {
			f.nullable = true
			// elem is nil while a recursive type is being built (a
			// model holding a slice of a model holding a slice of
			// itself): not a leaf.
			f.leaf = f.codec.elem != nil && f.codec.elem.leaf()
		}
		m.byName[name] = len(m.fields)
		m.fields = append(m.fields, f)
	}
	return m
}

// has reports whether key names a field of m (AdditionalData does not send
// such keys).
func (m *graphrtModel) has(key string) bool {
	if _, ok := m.byName[key]; ok {
		return true
	}
	return key == "@odata.type" && m.typeIdx >= 0
}

// ---- Errors ----

// graphrtPathError is an error inside a property ("Model.prop") or an
// array element ("[3]").
type graphrtPathError struct {
	path string
	err  error
}

func (e *graphrtPathError) Error() string { return e.path + ": " + e.err.Error() }
func (e *graphrtPathError) Unwrap() error { return e.err }

func graphrtWrapPath(path string, err error) error {
	if pe, ok := err.(*graphrtPathError); ok && strings.HasPrefix(pe.path, "[") {
		return &graphrtPathError{path + pe.path, pe.err}
	}
	return &graphrtPathError{path, err}
}

// graphrtTypeError is a JSON value of the wrong kind; it unwraps to a
// *json.UnmarshalTypeError.
type graphrtTypeError struct {
	want string
	err  *json.UnmarshalTypeError
}

func (e *graphrtTypeError) Error() string { return "expected " + e.want + ", got " + e.err.Value }
func (e *graphrtTypeError) Unwrap() error { return e.err }

const graphrtMaxDepth = 10000

var graphrtErrTooDeep = errors.New("JSON nested deeper than 10000 levels")

// ---- Decoder ----

// graphrtDecoder walks one JSON document, decoding each value as it goes.
type graphrtDecoder struct {
	data  []byte
	i     int
	depth int
	buf   []byte // unescaped strings
}

// graphrtStrClass classifies string bytes: 0 ends the fast scan ('"', '\\',
// control characters), 1 plain ASCII, 2 part of a multi-byte sequence.
var graphrtStrClass = func() (t [256]uint8) {
	for c := 0x20; c < 256; c++ {
		switch {
		case c == '"' || c == '\\':
		case c < 0x80:
			t[c] = 1
		default:
			t[c] = 2
		}
	}
	return t
}()

func (d *graphrtDecoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// syntax is the error for malformed JSON: encoding/json's *json.SyntaxError
// for the same input (computed only on this error path, so its message and
// offset are the familiar ones).
func (d *graphrtDecoder) syntax() error {
	if d.depth > graphrtMaxDepth {
		return graphrtErrTooDeep
	}
	var se *json.SyntaxError
	if err := json.Unmarshal(d.data, new(json.RawMessage)); errors.As(err, &se) {
		return se
	}
	return errors.New("malformed JSON at offset " + strconv.Itoa(d.i))
}

// got names the JSON value at d.i, for type errors.
func (d *graphrtDecoder) got() string {
	switch d.data[d.i] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	j := d.i
	for j < len(d.data) && j-d.i < 32 && strings.IndexByte("+-.0123456789eE", d.data[j]) >= 0 {
		j++
	}
	return "number " + string(d.data[d.i:j])
}

func (d *graphrtDecoder) typeErr(want string, t reflect.Type) error {
	return &graphrtTypeError{want, &json.UnmarshalTypeError{Value: d.got(), Type: t, Offset: int64(d.i)}}
}

func (d *graphrtDecoder) lit(want string) error {
	if len(d.data)-d.i >= len(want) && string(d.data[d.i:d.i+len(want)]) == want {
		d.i += len(want)
		return nil
	}
	return d.syntax()
}

// str reads the string at d.i (a '"'): a sub-slice of the input when it
// needs no unescaping, else d.buf (valid until the next call).
func (d *graphrtDecoder) str() ([]byte, error) {
	data := d.data
	start := d.i + 1
	j := start
	var class uint8
	for j < len(data) {
		c := graphrtStrClass[data[j]]
		if c == 0 {
			break
		}
		class |= c
		j++
	}
	if j < len(data) && data[j] == '"' {
		s := data[start:j]
		if class&2 == 0 || utf8.Valid(s) {
			d.i = j + 1
			return s, nil
		}
	}
	return d.unescape(start)
}

// unescape decodes the string whose contents start at data[start], as
// encoding/json does: invalid UTF-8 and lone surrogates become U+FFFD.
func (d *graphrtDecoder) unescape(start int) ([]byte, error) {
	data := d.data
	b := d.buf[:0]
	j := start
	for j < len(data) {
		c := data[j]
		switch {
		case c == '"':
			d.i = j + 1
			d.buf = b
			return b, nil
		case c == '\\':
			if j+1 >= len(data) {
				d.i = j
				return nil, d.syntax()
			}
			switch e := data[j+1]; e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, ok := graphrtHex4(data, j+2)
				if !ok {
					d.i = j
					return nil, d.syntax()
				}
				j += 6
				if utf16.IsSurrogate(r) {
					first := r
					r = utf8.RuneError
					if j+1 < len(data) && data[j] == '\\' && data[j+1] == 'u' {
						if second, ok := graphrtHex4(data, j+2); ok {
							if dec := utf16.DecodeRune(first, second); dec != utf8.RuneError {
								r = dec
								j += 6
							}
						}
					}
				}
				b = utf8.AppendRune(b, r)
				continue
			default:
				d.i = j
				return nil, d.syntax()
			}
			j += 2
		case c < 0x20:
			d.i = j
			return nil, d.syntax()
		case c < utf8.RuneSelf:
			b = append(b, c)
			j++
		default:
			r, size := utf8.DecodeRune(data[j:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, "\uFFFD"...)
			} else {
				b = append(b, data[j:j+size]...)
			}
			j += size
		}
	}
	d.i = j
	return nil, d.syntax()
}

func graphrtHex4(data []byte, i int) (rune, bool) {
	if i+4 > len(data) {
		return 0, false
	}
	var r rune
	for _, c := range data[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// number scans the number at d.i (JSON's grammar, strictly).
func (d *graphrtDecoder) number() ([]byte, error) {
	data, start := d.data, d.i
	j := start
	if j < len(data) && data[j] == '-' {
		j++
	}
	digits := func() bool {
		k := j
		for j < len(data) && '0' <= data[j] && data[j] <= '9' {
			j++
		}
		return j > k
	}
	switch {
	case j < len(data) && data[j] == '0':
		j++
	case j < len(data) && '1' <= data[j] && data[j] <= '9':
		digits()
	default:
		d.i = j
		return nil, d.syntax()
	}
	if j < len(data) && data[j] == '.' {
		j++
		if !digits() {
			d.i = j
			return nil, d.syntax()
		}
	}
	if j < len(data) && (data[j] == 'e' || data[j] == 'E') {
		j++
		if j < len(data) && (data[j] == '+' || data[j] == '-') {
			j++
		}
		if !digits() {
			d.i = j
			return nil, d.syntax()
		}
	}
	d.i = j
	return data[start:j], nil
}

// skip checks the value at d.i and moves past it.
func (d *graphrtDecoder) skip() error {
	if d.i >= len(d.data) {
		return d.syntax()
	}
	switch c := d.data[d.i]; c {
	case '"':
		return d.skipString()
	case '{', '[':
		close := byte('}')
		if c == '[' {
			close = ']'
		}
		if d.depth++; d.depth > graphrtMaxDepth {
			return graphrtErrTooDeep
		}
		d.i++
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == close {
			d.i++
			d.depth--
			return nil
		}
		for {
			if c == '{' {
				if d.i >= len(d.data) || d.data[d.i] != '"' {
					return d.syntax()
				}
				if err := d.skipString(); err != nil {
					return err
				}
				d.ws()
				if d.i >= len(d.data) || d.data[d.i] != ':' {
					return d.syntax()
				}
				d.i++
				d.ws()
			}
			if err := d.skip(); err != nil {
				return err
			}
			d.ws()
			if d.i < len(d.data) && d.data[d.i] == ',' {
				d.i++
				d.ws()
				continue
			}
			if d.i < len(d.data) && d.data[d.i] == close {
				d.i++
				d.depth--
				return nil
			}
			return d.syntax()
		}
	case 't':
		return d.lit("true")
	case 'f':
		return d.lit("false")
	case 'n':
		return d.lit("null")
	}
	_, err := d.number()
	return err
}

func (d *graphrtDecoder) skipString() error {
	data := d.data
	j := d.i + 1
	for {
		for j < len(data) && graphrtStrClass[data[j]] != 0 {
			j++
		}
		if j >= len(data) {
			d.i = j
			return d.syntax()
		}
		switch data[j] {
		case '"':
			d.i = j + 1
			return nil
		case '\\':
			if j+1 < len(data) && strings.IndexByte(`"\/bfnrt`, data[j+1]) >= 0 {
				j += 2
				continue
			}
			if _, ok := graphrtHex4(data, j+2); ok && data[j+1] == 'u' {
				j += 6
				continue
			}
		}
		d.i = j
		return d.syntax()
	}
}

// graphrtValidJSON reports whether data is one JSON value (with optional
// surrounding space).
func graphrtValidJSON(data []byte) bool {
	d := graphrtDecoder{data: data}
	d.ws()
	if d.skip() != nil {
		return false
	}
	d.ws()
	return d.i == len(data)
}

// graphrtIsNullLiteral reports whether data is the JSON null.
func graphrtIsNullLiteral(data []byte) bool { return string(bytes.TrimSpace(data)) == "null" }

// value decodes the value at d.i into the settable v.
func (d *graphrtDecoder) value(c *graphrtCodec, v reflect.Value) error {
	if d.i >= len(d.data) {
		return d.syntax()
	}
	ch := d.data[d.i]
	if ch == 'n' {
		switch c.kind {
		case graphrtKindJSON, graphrtKindRaw, graphrtKindUnknown:
			// These keep or interpret null themselves.
		case graphrtKindNullable:
			if err := d.lit("null"); err != nil {
				return err
			}
			inner, state := graphrtNullableFields(v)
			inner.SetZero()
			*state = graphrtNullableNull
			return nil
		default:
			if err := d.lit("null"); err != nil {
				return err
			}
			v.SetZero()
			return nil
		}
	}
	switch c.kind {
	case graphrtKindString:
		if ch != '"' {
			return d.typeErr("string", c.t)
		}
		s, err := d.str()
		if err != nil {
			return err
		}
		v.SetString(string(s))
	case graphrtKindBool:
		switch ch {
		case 't':
			if err := d.lit("true"); err != nil {
				return err
			}
			v.SetBool(true)
		case 'f':
			if err := d.lit("false"); err != nil {
				return err
			}
			v.SetBool(false)
		default:
			return d.typeErr("boolean", c.t)
		}
	case graphrtKindInt, graphrtKindUint:
		at := d.i
		num, err := d.numeric(c)
		if err != nil {
			return err
		}
		if c.kind == graphrtKindInt {
			n, ok := graphrtParseInt(num, c.bits)
			if !ok {
				d.i = at
				return d.typeErr(c.t.Kind().String(), c.t)
			}
			v.SetInt(n)
		} else {
			n, ok := graphrtParseUint(num, c.bits)
			if !ok {
				d.i = at
				return d.typeErr(c.t.Kind().String(), c.t)
			}
			v.SetUint(n)
		}
	case graphrtKindFloat:
		at := d.i
		if ch == '"' {
			s, err := d.str()
			if err != nil {
				return err
			}
			switch string(s) { // OData writes these as strings
			case "NaN":
				v.SetFloat(math.NaN())
				return nil
			case "INF", "Infinity":
				v.SetFloat(math.Inf(1))
				return nil
			case "-INF", "-Infinity":
				v.SetFloat(math.Inf(-1))
				return nil
			}
			sub := graphrtDecoder{data: s}
			if num, err := sub.number(); err == nil && sub.i == len(s) {
				if f, err := strconv.ParseFloat(string(num), c.bits); err == nil {
					v.SetFloat(f)
					return nil
				}
			}
			d.i = at
			return d.typeErr("number", c.t)
		}
		if ch != '-' && (ch < '0' || ch > '9') {
			return d.typeErr("number", c.t)
		}
		num, err := d.number()
		if err != nil {
			return err
		}
		f, err := strconv.ParseFloat(string(num), c.bits)
		if err != nil {
			d.i = at
			return d.typeErr(c.t.Kind().String(), c.t)
		}
		v.SetFloat(f)
	case graphrtKindTime, graphrtKindDate, graphrtKindTimeOfDay:
		return d.temporal(c, v)
	case graphrtKindRaw:
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		v.SetBytes(bytes.Clone(d.data[start:d.i]))
	case graphrtKindBytes:
		if ch != '"' {
			return d.typeErr("base64 string", c.t)
		}
		at := d.i
		s, err := d.str()
		if err != nil {
			return err
		}
		b, ok := graphrtBase64(s)
		if !ok {
			d.i = at
			return d.typeErr("base64 string", c.t)
		}
		v.SetBytes(b)
	case graphrtKindUnknown:
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		raw := bytes.Clone(d.data[start:d.i])
		if v.Type() != graphrtUnknownType {
			v = v.Field(0)
		}
		typ, _ := graphrtODataType(raw)
		v.Field(0).SetString(typ)
		v.Field(1).SetBytes(raw)
	case graphrtKindModel:
		return d.model(c.model, v)
	case graphrtKindPtr:
		p := reflect.New(c.t.Elem())
		if err := d.value(c.elem, p.Elem()); err != nil {
			return err
		}
		v.Set(p)
	case graphrtKindSlice:
		return d.slice(c, v)
	case graphrtKindMap:
		return d.mapValue(c, v)
	case graphrtKindInterface:
		return d.iface(c, v)
	case graphrtKindNullable:
		inner, state := graphrtNullableFields(v)
		if err := d.value(c.elem, inner); err != nil {
			return err
		}
		*state = graphrtNullableValue
	default:
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		return json.Unmarshal(d.data[start:d.i], v.Addr().Interface())
	}
	return nil
}

// numeric reads a number for an integer kind; a string holding one is
// accepted too (OData's IEEE754Compatible form of Int64).
func (d *graphrtDecoder) numeric(c *graphrtCodec) ([]byte, error) {
	ch := d.data[d.i]
	if ch == '"' {
		at := d.i
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		sub := graphrtDecoder{data: s}
		if num, err := sub.number(); err == nil && sub.i == len(s) {
			return num, nil
		}
		d.i = at
		return nil, d.typeErr(c.t.Kind().String(), c.t)
	}
	if ch != '-' && (ch < '0' || ch > '9') {
		return nil, d.typeErr(c.t.Kind().String(), c.t)
	}
	return d.number()
}

func (d *graphrtDecoder) temporal(c *graphrtCodec, v reflect.Value) error {
	want := "date-time string"
	switch c.kind {
	case graphrtKindDate:
		want = "date string"
	case graphrtKindTimeOfDay:
		want = "time-of-day string"
	}
	if d.data[d.i] != '"' {
		return d.typeErr(want, c.t)
	}
	at := d.i
	s, err := d.str()
	if err != nil {
		return err
	}
	ok := false
	switch c.kind {
	case graphrtKindTime:
		var t time.Time
		if t, ok = graphrtParseTime(s); ok {
			*v.Addr().Interface().(*time.Time) = t
		}
	case graphrtKindDate:
		var x Date
		if x, ok = graphrtParseDate(s); ok {
			*v.Addr().Interface().(*Date) = x
		}
	case graphrtKindTimeOfDay:
		var x TimeOfDay
		if x, ok = graphrtParseTimeOfDay(s); ok {
			*v.Addr().Interface().(*TimeOfDay) = x
		}
	}
	if !ok {
		d.i = at
		e := d.typeErr(want, c.t).(*graphrtTypeError)
		e.err.Value = "string " + graphrtQuoteShort(s)
		return e
	}
	return nil
}

func graphrtBase64(s []byte) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		b := make([]byte, enc.DecodedLen(len(s)))
		if n, err := enc.Decode(b, s); err == nil {
			return b[:n], true
		}
	}
	return nil, false
}

// graphrtParseInt parses a JSON number that is an integer of bits bits.
func graphrtParseInt(num []byte, bits int) (int64, bool) {
	neg := len(num) > 0 && num[0] == '-'
	if neg {
		num = num[1:]
	}
	u, ok := graphrtParseUint(num, 64)
	limit := uint64(1) << (bits - 1)
	if !ok || u > limit || (!neg && u == limit) {
		return 0, false
	}
	if neg {
		return -int64(u), true
	}
	return int64(u), true
}

func graphrtParseUint(num []byte, bits int) (uint64, bool) {
	if len(num) == 0 {
		return 0, false
	}
	var u uint64
	for _, c := range num {
		if c < '0' || c > '9' || u > (math.MaxUint64-9)/10 {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if bits < 64 && u >= 1<<bits {
		return 0, false
	}
	return u, true
}

// model decodes the object at d.i into the model v, replacing its contents.
func (d *graphrtDecoder) model(m *graphrtModel, v reflect.Value) error {
	if d.i >= len(d.data) {
		return d.syntax()
	}
	if d.data[d.i] != '{' {
		return graphrtWrapPath(m.name, d.typeErr("object", m.t))
	}
	if d.depth++; d.depth > graphrtMaxDepth {
		return graphrtErrTooDeep
	}
	v.SetZero()
	d.i++
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		d.depth--
		return nil
	}
	var extra map[string]json.RawMessage
	for {
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return graphrtWrapPath(m.name, d.syntax())
		}
		key, err := d.str()
		if err != nil {
			return graphrtWrapPath(m.name, err)
		}
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return graphrtWrapPath(m.name, d.syntax())
		}
		d.i++
		d.ws()
		if fi, ok := m.byName[string(key)]; ok {
			f := &m.fields[fi]
			if err := d.value(f.codec, v.Field(f.index)); err != nil {
				if te, ok := err.(*graphrtTypeError); ok && te.err.Field == "" {
					te.err.Struct, te.err.Field = m.name, f.name
				}
				return graphrtWrapPath(m.name+"."+f.name, err)
			}
		} else if m.typeIdx >= 0 && string(key) == "@odata.type" {
			if d.i >= len(d.data) {
				return graphrtWrapPath(m.name, d.syntax())
			}
			if d.data[d.i] == 'n' {
				if err := d.lit("null"); err != nil {
					return graphrtWrapPath(m.name+".@odata.type", err)
				}
			} else if d.data[d.i] == '"' {
				s, err := d.str()
				if err != nil {
					return graphrtWrapPath(m.name+".@odata.type", err)
				}
				v.Field(m.typeIdx).SetString(string(s))
			} else {
				return graphrtWrapPath(m.name+".@odata.type", d.typeErr("string", reflect.TypeFor[string]()))
			}
		} else {
			k := string(key) // before skip: key may live in d.buf
			start := d.i
			if err := d.skip(); err != nil {
				return graphrtWrapPath(m.name+"."+k, err)
			}
			if m.extraIdx >= 0 {
				if extra == nil {
					extra = map[string]json.RawMessage{}
				}
				extra[k] = bytes.Clone(d.data[start:d.i])
			}
		}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == ',' {
			d.i++
			d.ws()
			continue
		}
		if d.i < len(d.data) && d.data[d.i] == '}' {
			d.i++
			break
		}
		return graphrtWrapPath(m.name, d.syntax())
	}
	if extra != nil {
		v.Field(m.extraIdx).Set(reflect.ValueOf(extra))
	}
	d.depth--
	return nil
}

// slice decodes an array into v, reusing its backing array (each element
// is zeroed before it is decoded, so nothing of an old element survives).
func (d *graphrtDecoder) slice(c *graphrtCodec, v reflect.Value) error {
	if d.data[d.i] != '[' {
		return d.typeErr("array", c.t)
	}
	if d.depth++; d.depth > graphrtMaxDepth {
		return graphrtErrTooDeep
	}
	if !v.IsNil() {
		v.SetLen(0)
	}
	d.i++
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == ']' {
		if v.IsNil() {
			// [] decodes to an empty slice, not nil. (MakeSlice allocates
			// a slice header: only here, not before every array.)
			v.Set(reflect.MakeSlice(c.t, 0, 0))
		}
		d.i++
		d.depth--
		return nil
	}
	for n := 0; ; n++ {
		if n == v.Cap() {
			v.Grow(1)
		}
		v.SetLen(n + 1)
		ev := v.Index(n)
		ev.SetZero()
		if err := d.value(c.elem, ev); err != nil {
			return graphrtWrapPath("["+strconv.Itoa(n)+"]", err)
		}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == ',' {
			d.i++
			d.ws()
			continue
		}
		if d.i < len(d.data) && d.data[d.i] == ']' {
			d.i++
			d.depth--
			return nil
		}
		return d.syntax()
	}
}

func (d *graphrtDecoder) mapValue(c *graphrtCodec, v reflect.Value) error {
	if d.data[d.i] != '{' {
		return d.typeErr("object", c.t)
	}
	if d.depth++; d.depth > graphrtMaxDepth {
		return graphrtErrTooDeep
	}
	m := reflect.MakeMap(c.t)
	err := d.object(func(key []byte) error {
		k := reflect.ValueOf(string(key)).Convert(c.t.Key())
		ev := reflect.New(c.t.Elem()).Elem()
		if err := d.value(c.elem, ev); err != nil {
			return graphrtWrapPath(strconv.Quote(k.String()), err)
		}
		m.SetMapIndex(k, ev)
		return nil
	})
	if err != nil {
		return err
	}
	v.Set(m)
	d.depth--
	return nil
}

// object walks the object at d.i, which starts with '{', through its '}':
// for each member, fn gets the key with d.i at the value, and must
// consume the value. fn's errors are returned as they are.
func (d *graphrtDecoder) object(fn func(key []byte) error) error {
	d.i++
	d.ws()
	if d.i < len(d.data) && d.data[d.i] == '}' {
		d.i++
		return nil
	}
	for {
		if d.i >= len(d.data) || d.data[d.i] != '"' {
			return d.syntax()
		}
		key, err := d.str()
		if err != nil {
			return err
		}
		d.ws()
		if d.i >= len(d.data) || d.data[d.i] != ':' {
			return d.syntax()
		}
		d.i++
		d.ws()
		if err := fn(key); err != nil {
			return err
		}
		d.ws()
		if d.i < len(d.data) && d.data[d.i] == ',' {
			d.i++
			d.ws()
			continue
		}
		if d.i < len(d.data) && d.data[d.i] == '}' {
			d.i++
			return nil
		}
		return d.syntax()
	}
}

// iface decodes into an interface: a family's member chosen by
// "@odata.type"; encoding/json for any other interface.
func (d *graphrtDecoder) iface(c *graphrtCodec, v reflect.Value) error {
	f := graphrtFamilyOf(c.t)
	if f == nil {
		start := d.i
		if err := d.skip(); err != nil {
			return err
		}
		return json.Unmarshal(d.data[start:d.i], v.Addr().Interface())
	}
	if d.data[d.i] != '{' {
		return d.typeErr("object", c.t)
	}
	name, found := d.peekType()
	t := f.member(name, found)
	p := reflect.New(t.Elem())
	if err := d.value(graphrtCodecFor(t.Elem()), p.Elem()); err != nil {
		return err
	}
	v.Set(p)
	return nil
}

// peekType finds the "@odata.type" string of the object at d.i without
// moving d: at once when it is the first member (as Graph writes it), else
// by skipping the members before it.
func (d *graphrtDecoder) peekType() ([]byte, bool) {
	sub := graphrtDecoder{data: d.data, i: d.i + 1, depth: d.depth}
	sub.ws()
	for sub.i < len(sub.data) && sub.data[sub.i] == '"' {
		key, err := sub.str()
		if err != nil {
			return nil, false
		}
		isType := string(key) == "@odata.type"
		sub.ws()
		if sub.i >= len(sub.data) || sub.data[sub.i] != ':' {
			return nil, false
		}
		sub.i++
		sub.ws()
		if isType && sub.i < len(sub.data) && sub.data[sub.i] == '"' {
			s, err := sub.str()
			return s, err == nil
		}
		if sub.skip() != nil {
			return nil, false
		}
		sub.ws()
		if sub.i >= len(sub.data) || sub.data[sub.i] != ',' {
			return nil, false
		}
		sub.i++
		sub.ws()
	}
	return nil, false
}

// ---- Encoder ----

type graphrtEncoder struct {
	b     []byte
	all   bool // include read-only fields
	auto  bool // the next model is in a polymorphic position, not its family's base
	depth int
}

var graphrtErrTooDeepEncode = errors.New("value nested deeper than 10000 levels (a cycle?)")

// value appends v's JSON.
func (e *graphrtEncoder) value(c *graphrtCodec, v reflect.Value) error {
	auto := e.auto
	e.auto = false
	switch c.kind {
	case graphrtKindString:
		e.b = graphrtAppendString(e.b, v.String())
	case graphrtKindBool:
		e.b = strconv.AppendBool(e.b, v.Bool())
	case graphrtKindInt:
		e.b = strconv.AppendInt(e.b, v.Int(), 10)
	case graphrtKindUint:
		e.b = strconv.AppendUint(e.b, v.Uint(), 10)
	case graphrtKindFloat:
		e.b = graphrtAppendFloat(e.b, v.Float(), c.bits)
	case graphrtKindTime:
		var err error
		if e.b, err = graphrtAppendTime(e.b, graphrtAddr[time.Time](v)); err != nil {
			return err
		}
	case graphrtKindDate:
		e.b = append(e.b, '"')
		e.b = append(graphrtAddr[Date](v).graphrtAppend(e.b), '"')
	case graphrtKindTimeOfDay:
		e.b = append(e.b, '"')
		e.b = append(graphrtAddr[TimeOfDay](v).graphrtAppend(e.b), '"')
	case graphrtKindRaw:
		return e.raw(v.Bytes())
	case graphrtKindBytes:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return nil
		}
		e.b = append(e.b, '"')
		e.b = base64.StdEncoding.AppendEncode(e.b, v.Bytes())
		e.b = append(e.b, '"')
	case graphrtKindUnknown:
		if v.Type() != graphrtUnknownType {
			v = v.Field(0)
		}
		return e.raw(v.Field(1).Bytes())
	case graphrtKindModel:
		return e.model(c.model, v, auto)
	case graphrtKindPtr:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return nil
		}
		e.auto = auto
		return e.value(c.elem, v.Elem())
	case graphrtKindSlice:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return nil
		}
		if e.depth++; e.depth > graphrtMaxDepth {
			return graphrtErrTooDeepEncode
		}
		e.b = append(e.b, '[')
		for i, n := 0, v.Len(); i < n; i++ {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			if err := e.value(c.elem, v.Index(i)); err != nil {
				return graphrtWrapPath("["+strconv.Itoa(i)+"]", err)
			}
		}
		e.b = append(e.b, ']')
		e.depth--
	case graphrtKindMap:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return nil
		}
		if e.depth++; e.depth > graphrtMaxDepth {
			return graphrtErrTooDeepEncode
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		e.b = append(e.b, '{')
		for i, k := range keys {
			if i > 0 {
				e.b = append(e.b, ',')
			}
			e.b = append(graphrtAppendString(e.b, k.String()), ':')
			if err := e.value(c.elem, v.MapIndex(k)); err != nil {
				return graphrtWrapPath(strconv.Quote(k.String()), err)
			}
		}
		e.b = append(e.b, '}')
		e.depth--
	case graphrtKindInterface:
		if v.IsNil() {
			e.b = append(e.b, "null"...)
			return nil
		}
		dyn := v.Elem()
		if f := graphrtFamilyOf(c.t); f != nil {
			e.auto = dyn.Type() != f.base
		}
		err := e.value(graphrtCodecFor(dyn.Type()), dyn)
		e.auto = false
		return err
	case graphrtKindNullable:
		if !v.CanAddr() {
			v = graphrtAddressable(v)
		}
		inner, state := graphrtNullableFields(v)
		if *state != graphrtNullableValue {
			e.b = append(e.b, "null"...)
			return nil
		}
		return e.value(c.elem, inner)
	default:
		x := v
		if v.CanAddr() {
			x = v.Addr()
		}
		data, err := json.Marshal(x.Interface())
		if err != nil {
			return err
		}
		e.b = append(e.b, data...)
	}
	return nil
}

// graphrtAddr reads a T from v without boxing it when v is addressable.
func graphrtAddr[T any](v reflect.Value) T {
	if v.CanAddr() {
		return *v.Addr().Interface().(*T)
	}
	return v.Interface().(T)
}

func graphrtAddressable(v reflect.Value) reflect.Value {
	p := reflect.New(v.Type()).Elem()
	p.Set(v)
	return p
}

// raw appends a JSON value held as bytes (json.RawMessage, Unknown.Raw,
// AdditionalData) after checking it; empty is null.
func (e *graphrtEncoder) raw(raw []byte) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		e.b = append(e.b, "null"...)
		return nil
	}
	if !graphrtValidJSON(raw) {
		d := graphrtDecoder{data: raw}
		return d.syntax()
	}
	e.b = append(e.b, raw...)
	return nil
}

const graphrtHex = "0123456789abcdef"

// graphrtAppendString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as with encoding/json; <, > and & are not escaped.
func graphrtAppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', graphrtHex[c>>4], graphrtHex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', graphrtHex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// graphrtQuoteShort quotes at most 32 bytes of raw for an error message.
func graphrtQuoteShort(raw []byte) string {
	if len(raw) > 32 {
		return strconv.Quote(string(raw[:32])) + "..."
	}
	return strconv.Quote(string(raw))
}

// graphrtAppendFloat appends f as encoding/json does, except that NaN and
// the infinities are written as OData writes them: "NaN", "INF", "-INF".
func graphrtAppendFloat(b []byte, f float64, bits int) []byte {
	switch {
	case math.IsNaN(f):
		return append(b, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(b, `"INF"`...)
	case math.IsInf(f, -1):
		return append(b, `"-INF"`...)
	}
	abs := math.Abs(f)
	format := byte('f')
	if abs != 0 && (bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21)) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, bits)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

func (e *graphrtEncoder) sep(start int) {
	if len(e.b) > start+1 {
		e.b = append(e.b, ',')
	}
}

// model appends the model v: see graphrtMarshal. auto: v is in a
// polymorphic position and not the family's base, so it names its type
// when ODataType is empty.
func (e *graphrtEncoder) model(m *graphrtModel, v reflect.Value, auto bool) error {
	if !v.CanAddr() {
		v = graphrtAddressable(v)
	}
	if e.depth++; e.depth > graphrtMaxDepth {
		return graphrtErrTooDeepEncode
	}
	start := len(e.b)
	e.b = append(e.b, '{')
	typ := ""
	if m.typeIdx >= 0 {
		typ = v.Field(m.typeIdx).String()
	}
	if typ != "" {
		e.b = append(e.b, `"@odata.type":`...)
		e.b = graphrtAppendString(e.b, typ)
	} else if auto && m.autoType != nil {
		e.b = append(e.b, m.autoType...)
	}
	for i := range m.fields {
		f := &m.fields[i]
		if f.readonly && !e.all {
			continue
		}
		fv := v.Field(f.index)
		if f.nullable {
			// The state is read without a method call; Nullable's fields
			// are _ (0), Guard (1), v (2) and state (3), checked when the codec
			// was built.
			state := fv.Field(3).Uint()
			if state == 0 {
				continue
			}
			e.sep(start)
			e.b = append(e.b, f.key...)
			if state != graphrtNullableValue {
				e.b = append(e.b, "null"...)
				continue
			}
			var inner reflect.Value
			if f.leaf {
				inner = fv.Field(2) // read-only, but String/Int/... may read it
			} else {
				inner, _ = graphrtNullableFields(fv)
			}
			if err := e.value(f.codec.elem, inner); err != nil {
				return graphrtWrapPath(m.name+"."+f.name, err)
			}
			continue
		}
		if f.omitZero && graphrtIsZero(fv) || f.omitEmpty && graphrtIsEmpty(fv) {
			continue
		}
		e.sep(start)
		e.b = append(e.b, f.key...)
		if err := e.value(f.codec, fv); err != nil {
			return graphrtWrapPath(m.name+"."+f.name, err)
		}
	}
	if m.extraIdx >= 0 {
		if extra := v.Field(m.extraIdx); extra.Len() > 0 {
			ad := extra.Interface().(map[string]json.RawMessage)
			keys := make([]string, 0, len(ad))
			for k := range ad {
				if !m.has(k) {
					keys = append(keys, k)
				}
			}
			slices.Sort(keys)
			for _, k := range keys {
				e.sep(start)
				e.b = append(graphrtAppendString(e.b, k), ':')
				if err := e.raw(ad[k]); err != nil {
					return graphrtWrapPath(m.name+".AdditionalData["+strconv.Quote(k)+"]", err)
				}
			}
		}
	}
	e.b = append(e.b, '}')
	e.depth--
	return nil
}

func graphrtIsZero(v reflect.Value) bool {
	if z, ok := v.Interface().(interface{ IsZero() bool }); ok {
		return z.IsZero()
	}
	return v.IsZero()
}

func graphrtIsEmpty(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}
