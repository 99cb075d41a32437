package csdl

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// Limits. Variables so that tests can lower them.
var (
	maxBytes int64 = 256 << 20 // a longer document is refused
	maxDepth       = 256       // deeper element nesting is refused
)

const coreNS = "Org.OData.Core.V1"

// ParseFile opens and parses a file; the path names it in errors.
func ParseFile(path string) (*Metadata, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(f, path)
}

// Parse reads one CSDL document. file names it in errors and positions and
// becomes Metadata.File.
func Parse(r io.Reader, file string) (*Metadata, error) {
	lr := &limitReader{r: r, n: maxBytes}
	d := xml.NewDecoder(bufio.NewReaderSize(lr, 64<<10))
	d.Strict = true
	p := &parser{
		d:       d,
		md:      &Metadata{File: file},
		aliases: map[string]string{},
		stack:   make([]xml.Name, 0, 16),
	}
	if err := p.document(); err != nil {
		return nil, err
	}
	p.finish()
	return p.md, nil
}

var errTooLarge = errors.New("document too large")

// limitReader reads at most n bytes of r, then fails with errTooLarge when r
// has more.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(b []byte) (int, error) {
	if l.n <= 0 {
		var one [1]byte
		for range 100 {
			k, err := l.r.Read(one[:])
			if k > 0 {
				return 0, errTooLarge
			}
			if err != nil {
				return 0, err
			}
		}
		return 0, io.ErrNoProgress
	}
	if int64(len(b)) > l.n {
		b = b[:l.n]
	}
	k, err := l.r.Read(b)
	l.n -= int64(k)
	return k, err
}

// annotation is one annotation of a term this package reads, applied once
// the whole document (and so every alias) is known.
type annotation struct {
	term   string // as written
	target any    // inline: *StructuredType, *Property, *NavigationProperty, *EnumType, enumMember, *Operation, *Parameter; nil when out of line
	path   string // out of line: the Annotations Target, as written
	pos    Pos

	str, boolean, enum string // the String, Bool and EnumMember values (attribute or child element)
	hasBool            bool
}

type enumMember struct {
	enum *EnumType
	i    int
}

type parser struct {
	d       *xml.Decoder
	md      *Metadata
	aliases map[string]string // alias -> namespace
	stack   []xml.Name        // open elements
	inline  []annotation
	outline []annotation
	text    []byte // scratch for element text
}

func (p *parser) errorf(pos Pos, format string, args ...any) error {
	return &Error{File: p.md.File, Line: pos.Line, Col: pos.Col, Msg: fmt.Sprintf(format, args...)}
}

// here is the decoder's position. After the decoder has looked at a newline
// and put it back, InputPos says column 0 of the newline's line; that is
// reported as just past the newline, like other syntax errors, which are
// reported just past the byte at fault.
func (p *parser) here() Pos {
	line, col := p.d.InputPos()
	if col < 1 {
		return Pos{line + 1, 1}
	}
	return Pos{line, col}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

// next returns the next token and the position where it starts, keeping the
// element stack: end tags must match, depth is bounded. At the end of the
// input it returns io.EOF when no element is open.
func (p *parser) next() (xml.Token, Pos, error) {
	pos := p.here()
	tok, err := p.d.RawToken()
	if err != nil {
		if err == io.EOF {
			if n := len(p.stack); n > 0 {
				return nil, pos, p.errorf(p.here(), "unexpected end of file: <%s> is not closed", qname(p.stack[n-1]))
			}
			return nil, pos, io.EOF
		}
		var se *xml.SyntaxError
		switch {
		case errors.As(err, &se):
			return nil, pos, p.errorf(p.here(), "%s", se.Msg)
		case errors.Is(err, errTooLarge):
			return nil, pos, p.errorf(p.here(), "document larger than %d MiB", maxBytes>>20)
		default:
			return nil, pos, p.errorf(p.here(), "%v", err)
		}
	}
	switch t := tok.(type) {
	case xml.StartElement:
		if len(p.stack) >= maxDepth {
			return nil, pos, p.errorf(pos, "elements nested deeper than %d", maxDepth)
		}
		p.stack = append(p.stack, t.Name)
	case xml.EndElement:
		n := len(p.stack)
		if n == 0 {
			return nil, pos, p.errorf(pos, "unexpected end tag </%s>", qname(t.Name))
		}
		if p.stack[n-1] != t.Name {
			return nil, pos, p.errorf(pos, "element <%s> closed by </%s>", qname(p.stack[n-1]), qname(t.Name))
		}
		p.stack = p.stack[:n-1]
	case xml.Directive:
		if bytes.HasPrefix(t, []byte("DOCTYPE")) && bytes.Contains(t, []byte("<!ENTITY")) {
			return nil, pos, p.errorf(pos, "DOCTYPE with ENTITY declarations is not supported")
		}
	}
	return tok, pos, nil
}

// child returns the next child element of the current element, or ok false
// after consuming the current element's end tag.
func (p *parser) child() (se xml.StartElement, pos Pos, ok bool, err error) {
	for {
		tok, pos, err := p.next()
		if err != nil {
			return se, pos, false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, pos, true, nil
		case xml.EndElement:
			return se, pos, false, nil
		}
	}
}

// skip consumes the rest of the current element.
func (p *parser) skip() error {
	depth := len(p.stack)
	for len(p.stack) >= depth {
		if _, _, err := p.next(); err != nil {
			return err
		}
	}
	return nil
}

// structural are the CSDL elements this package reads; one of them where it
// cannot be is an error, any other unexpected element is skipped.
var structural = map[string]bool{
	"Edmx": true, "DataServices": true, "Reference": true, "Include": true,
	"Schema": true, "EntityType": true, "ComplexType": true, "EnumType": true,
	"Action": true, "Function": true, "EntityContainer": true,
	"Property": true, "NavigationProperty": true, "Key": true, "PropertyRef": true,
	"Member": true, "Parameter": true, "ReturnType": true,
	"EntitySet": true, "Singleton": true, "Annotations": true,
}

// other handles a child element the caller does not read.
func (p *parser) other(se xml.StartElement, pos Pos, parent string) error {
	if structural[se.Name.Local] {
		return p.errorf(pos, "<%s> cannot appear in <%s>", qname(se.Name), parent)
	}
	return p.skip()
}

func attr(se xml.StartElement, name string) (string, bool) {
	for _, a := range se.Attr {
		if a.Name.Local == name && a.Name.Space == "" {
			return a.Value, true
		}
	}
	return "", false
}

func (p *parser) required(se xml.StartElement, pos Pos, name string) (string, error) {
	v, ok := attr(se, name)
	if !ok || v == "" {
		return "", p.errorf(pos, "<%s> without %s", qname(se.Name), name)
	}
	return v, nil
}

// boolAttr reads an xs:boolean attribute, def when absent.
func (p *parser) boolAttr(se xml.StartElement, pos Pos, name string, def bool) (bool, error) {
	v, ok := attr(se, name)
	if !ok {
		return def, nil
	}
	switch v {
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	}
	return false, p.errorf(pos, "<%s> %s=%q is not a boolean", qname(se.Name), name, v)
}

// typeAttr reads a type reference attribute; alias resolution comes later.
func (p *parser) typeAttr(se xml.StartElement, pos Pos, name string) (TypeRef, error) {
	v, err := p.required(se, pos, name)
	if err != nil {
		return TypeRef{}, err
	}
	t := TypeRef{Name: v}
	if strings.HasPrefix(v, "Collection(") {
		if !strings.HasSuffix(v, ")") {
			return t, p.errorf(pos, "<%s> %s=%q: Collection( without )", qname(se.Name), name, v)
		}
		t = TypeRef{Name: v[len("Collection(") : len(v)-1], Collection: true}
	}
	if t.Name == "" || strings.ContainsAny(t.Name, "()") {
		return t, p.errorf(pos, "<%s> %s=%q is not a type name", qname(se.Name), name, v)
	}
	return t, nil
}

func (p *parser) document() error {
	root := false
	for {
		tok, pos, err := p.next()
		if err == io.EOF {
			if !root {
				return p.errorf(pos, "no <edmx:Edmx> root element")
			}
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root {
				return p.errorf(pos, "<%s> after the root element", qname(t.Name))
			}
			if t.Name.Local != "Edmx" {
				return p.errorf(pos, "root element is <%s>, want <edmx:Edmx>", qname(t.Name))
			}
			root = true
			if err := p.edmx(); err != nil {
				return err
			}
		case xml.CharData:
			if len(bytes.TrimSpace(t)) > 0 {
				return p.errorf(pos, "text outside the root element")
			}
		}
	}
}

func (p *parser) edmx() error {
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		switch se.Name.Local {
		case "DataServices":
			err = p.dataServices()
		case "Reference":
			err = p.reference()
		default:
			err = p.other(se, pos, "edmx:Edmx")
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) reference() error {
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		switch se.Name.Local {
		case "Include":
			var ns string
			if ns, err = p.required(se, pos, "Namespace"); err != nil {
				return err
			}
			if alias, _ := attr(se, "Alias"); alias != "" {
				if err = p.alias(alias, ns, pos); err != nil {
					return err
				}
			}
			err = p.skip()
		default:
			err = p.other(se, pos, "edmx:Reference")
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) alias(alias, ns string, pos Pos) error {
	if old, ok := p.aliases[alias]; ok && old != ns {
		return p.errorf(pos, "alias %q of %s already stands for %s", alias, ns, old)
	}
	p.aliases[alias] = ns
	return nil
}

func (p *parser) dataServices() error {
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		if se.Name.Local == "Schema" {
			err = p.schema(se, pos)
		} else {
			err = p.other(se, pos, "edmx:DataServices")
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) schema(se xml.StartElement, pos Pos) error {
	ns, err := p.required(se, pos, "Namespace")
	if err != nil {
		return err
	}
	s := &Schema{Namespace: ns, Pos: pos}
	s.Alias, _ = attr(se, "Alias")
	if s.Alias != "" {
		if err := p.alias(s.Alias, ns, pos); err != nil {
			return err
		}
	}
	p.md.Schemas = append(p.md.Schemas, s)
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		switch se.Name.Local {
		case "EntityType":
			var t *StructuredType
			if t, err = p.structured(s, se, pos, "entity"); t != nil {
				s.EntityTypes = append(s.EntityTypes, t)
			}
		case "ComplexType":
			var t *StructuredType
			if t, err = p.structured(s, se, pos, "complex"); t != nil {
				s.ComplexTypes = append(s.ComplexTypes, t)
			}
		case "EnumType":
			var t *EnumType
			if t, err = p.enum(s, se, pos); t != nil {
				s.EnumTypes = append(s.EnumTypes, t)
			}
		case "Action":
			var o *Operation
			if o, err = p.operation(s, se, pos, "action"); o != nil {
				s.Actions = append(s.Actions, o)
			}
		case "Function":
			var o *Operation
			if o, err = p.operation(s, se, pos, "function"); o != nil {
				s.Functions = append(s.Functions, o)
			}
		case "EntityContainer":
			var c *Container
			if c, err = p.container(se, pos); c != nil {
				s.Containers = append(s.Containers, c)
			}
		case "Annotations":
			err = p.annotations(se, pos)
		case "Annotation":
			err = p.skip()
		default:
			err = p.other(se, pos, "Schema")
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) structured(s *Schema, se xml.StartElement, pos Pos, kind string) (*StructuredType, error) {
	t := &StructuredType{Kind: kind, Namespace: s.Namespace, Pos: pos, File: p.md.File}
	var err error
	if t.Name, err = p.required(se, pos, "Name"); err != nil {
		return nil, err
	}
	t.BaseType, _ = attr(se, "BaseType")
	if t.Abstract, err = p.boolAttr(se, pos, "Abstract", false); err != nil {
		return nil, err
	}
	if t.OpenType, err = p.boolAttr(se, pos, "OpenType", false); err != nil {
		return nil, err
	}
	if t.HasStream, err = p.boolAttr(se, pos, "HasStream", false); err != nil {
		return nil, err
	}
	parent := qname(se.Name)
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return t, err
		}
		switch se.Name.Local {
		case "Property":
			err = p.property(t, se, pos)
		case "NavigationProperty":
			err = p.navigation(t, se, pos)
		case "Key":
			if kind != "entity" {
				return nil, p.other(se, pos, parent)
			}
			err = p.key(t)
		case "Annotation":
			err = p.annotation(se, pos, t, "")
		default:
			err = p.other(se, pos, parent)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (p *parser) key(t *StructuredType) error {
	if t.Key == nil {
		t.Key = []string{}
	}
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		if se.Name.Local == "PropertyRef" {
			var name string
			if name, err = p.required(se, pos, "Name"); err != nil {
				return err
			}
			t.Key = append(t.Key, name)
			err = p.skip()
		} else {
			err = p.other(se, pos, "Key")
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) property(t *StructuredType, se xml.StartElement, pos Pos) error {
	pr := &Property{Pos: pos}
	var err error
	if pr.Name, err = p.required(se, pos, "Name"); err != nil {
		return err
	}
	if pr.Type, err = p.typeAttr(se, pos, "Type"); err != nil {
		return err
	}
	if pr.Nullable, err = p.boolAttr(se, pos, "Nullable", true); err != nil {
		return err
	}
	t.Properties = append(t.Properties, pr)
	return p.annotated(pr, "Property")
}

func (p *parser) navigation(t *StructuredType, se xml.StartElement, pos Pos) error {
	n := &NavigationProperty{Pos: pos}
	var err error
	if n.Name, err = p.required(se, pos, "Name"); err != nil {
		return err
	}
	if n.Type, err = p.typeAttr(se, pos, "Type"); err != nil {
		return err
	}
	if n.Nullable, err = p.boolAttr(se, pos, "Nullable", true); err != nil {
		return err
	}
	if n.ContainsTarget, err = p.boolAttr(se, pos, "ContainsTarget", false); err != nil {
		return err
	}
	t.NavigationProperties = append(t.NavigationProperties, n)
	return p.annotated(n, "NavigationProperty")
}

// annotated reads the children of an element that holds only annotations.
func (p *parser) annotated(target any, parent string) error {
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		if se.Name.Local == "Annotation" {
			err = p.annotation(se, pos, target, "")
		} else {
			err = p.other(se, pos, parent)
		}
		if err != nil {
			return err
		}
	}
}

func (p *parser) enum(s *Schema, se xml.StartElement, pos Pos) (*EnumType, error) {
	e := &EnumType{Namespace: s.Namespace, Pos: pos, File: p.md.File}
	var err error
	if e.Name, err = p.required(se, pos, "Name"); err != nil {
		return nil, err
	}
	if e.IsFlags, err = p.boolAttr(se, pos, "IsFlags", false); err != nil {
		return nil, err
	}
	e.UnderlyingType, _ = attr(se, "UnderlyingType")
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return e, err
		}
		switch se.Name.Local {
		case "Member":
			m := EnumMember{Pos: pos}
			if m.Name, err = p.required(se, pos, "Name"); err != nil {
				return nil, err
			}
			m.Value, _ = attr(se, "Value")
			e.Members = append(e.Members, m)
			err = p.annotated(enumMember{e, len(e.Members) - 1}, "Member")
		case "Annotation":
			err = p.annotation(se, pos, e, "")
		default:
			err = p.other(se, pos, "EnumType")
		}
		if err != nil {
			return nil, err
		}
	}
}

func (p *parser) operation(s *Schema, se xml.StartElement, pos Pos, kind string) (*Operation, error) {
	o := &Operation{Kind: kind, Namespace: s.Namespace, Pos: pos, File: p.md.File}
	var err error
	if o.Name, err = p.required(se, pos, "Name"); err != nil {
		return nil, err
	}
	if o.IsBound, err = p.boolAttr(se, pos, "IsBound", false); err != nil {
		return nil, err
	}
	if o.IsComposable, err = p.boolAttr(se, pos, "IsComposable", false); err != nil {
		return nil, err
	}
	o.EntitySetPath, _ = attr(se, "EntitySetPath")
	parent := qname(se.Name)
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return o, err
		}
		switch se.Name.Local {
		case "Parameter":
			pa := &Parameter{Pos: pos}
			if pa.Name, err = p.required(se, pos, "Name"); err != nil {
				return nil, err
			}
			if pa.Type, err = p.typeAttr(se, pos, "Type"); err != nil {
				return nil, err
			}
			if pa.Nullable, err = p.boolAttr(se, pos, "Nullable", true); err != nil {
				return nil, err
			}
			o.Parameters = append(o.Parameters, pa)
			err = p.annotated(pa, "Parameter")
		case "ReturnType":
			if o.ReturnType != nil {
				return nil, p.errorf(pos, "<%s> has a second <ReturnType>", parent)
			}
			var t TypeRef
			if t, err = p.typeAttr(se, pos, "Type"); err != nil {
				return nil, err
			}
			if o.ReturnNullable, err = p.boolAttr(se, pos, "Nullable", true); err != nil {
				return nil, err
			}
			o.ReturnType = &t
			err = p.annotated(nil, "ReturnType")
		case "Annotation":
			err = p.annotation(se, pos, o, "")
		default:
			err = p.other(se, pos, parent)
		}
		if err != nil {
			return nil, err
		}
	}
}

func (p *parser) container(se xml.StartElement, pos Pos) (*Container, error) {
	c := &Container{Pos: pos}
	var err error
	if c.Name, err = p.required(se, pos, "Name"); err != nil {
		return nil, err
	}
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return c, err
		}
		switch se.Name.Local {
		case "EntitySet":
			es := &EntitySet{Pos: pos}
			if es.Name, err = p.required(se, pos, "Name"); err != nil {
				return nil, err
			}
			if es.EntityType, err = p.required(se, pos, "EntityType"); err != nil {
				return nil, err
			}
			c.EntitySets = append(c.EntitySets, es)
			err = p.skipChildren("EntitySet")
		case "Singleton":
			s := &Singleton{Pos: pos}
			if s.Name, err = p.required(se, pos, "Name"); err != nil {
				return nil, err
			}
			if s.Type, err = p.required(se, pos, "Type"); err != nil {
				return nil, err
			}
			c.Singletons = append(c.Singletons, s)
			err = p.skipChildren("Singleton")
		default:
			err = p.other(se, pos, "EntityContainer")
		}
		if err != nil {
			return nil, err
		}
	}
}

// skipChildren consumes the children of the current element, refusing
// structural ones.
func (p *parser) skipChildren(parent string) error {
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		if err := p.other(se, pos, parent); err != nil {
			return err
		}
	}
}

func (p *parser) annotations(se xml.StartElement, pos Pos) error {
	target, err := p.required(se, pos, "Target")
	if err != nil {
		return err
	}
	for {
		se, pos, ok, err := p.child()
		if !ok {
			return err
		}
		if se.Name.Local == "Annotation" {
			err = p.annotation(se, pos, nil, target)
		} else {
			err = p.other(se, pos, "Annotations")
		}
		if err != nil {
			return err
		}
	}
}

// wanted reports whether a term (as written, perhaps through an alias) may be
// one this package reads; finish checks its namespace.
func wanted(term string) bool {
	i := strings.LastIndexByte(term, '.')
	switch term[i+1:] {
	case "Description", "Computed", "Permissions", "OptionalParameter":
		return true
	}
	return false
}

// annotation reads an Annotation element, inline on target or out of line on
// path.
func (p *parser) annotation(se xml.StartElement, pos Pos, target any, path string) error {
	term, err := p.required(se, pos, "Term")
	if err != nil {
		return err
	}
	if !wanted(term) || (target == nil && path == "") {
		return p.skip()
	}
	a := annotation{term: term, target: target, path: path, pos: pos}
	a.str, _ = attr(se, "String")
	a.boolean, a.hasBool = attr(se, "Bool")
	a.enum, _ = attr(se, "EnumMember")
	for {
		se, _, ok, err := p.child()
		if err != nil {
			return err
		}
		if !ok {
			break
		}
		switch se.Name.Local {
		case "String":
			a.str, err = p.elementText()
		case "Bool":
			a.boolean, err = p.elementText()
			a.hasBool = true
		case "EnumMember":
			a.enum, err = p.elementText()
		default:
			err = p.skip()
		}
		if err != nil {
			return err
		}
	}
	if target != nil {
		p.inline = append(p.inline, a)
	} else {
		p.outline = append(p.outline, a)
	}
	return nil
}

// elementText reads the text of the current element, skipping any child
// elements.
func (p *parser) elementText() (string, error) {
	p.text = p.text[:0]
	depth := len(p.stack)
	for len(p.stack) >= depth {
		tok, _, err := p.next()
		if err != nil {
			return "", err
		}
		if t, ok := tok.(xml.CharData); ok && len(p.stack) == depth {
			p.text = append(p.text, t...)
		}
	}
	return string(p.text), nil
}

// resolver replaces aliases in qualified names, remembering its answers.
type resolver struct {
	aliases map[string]string
	seen    map[string]string
}

// name resolves "alias.Name" to "namespace.Name".
func (r *resolver) name(s string) string {
	if len(r.aliases) == 0 {
		return s
	}
	if v, ok := r.seen[s]; ok {
		return v
	}
	v := s
	if i := strings.LastIndexByte(s, '.'); i > 0 {
		if ns, ok := r.aliases[s[:i]]; ok {
			v = ns + s[i:]
		}
	}
	r.seen[s] = v
	return v
}

// path resolves the qualified name that starts a path or target:
// "graph.user/prop" -> "microsoft.graph.user/prop".
func (r *resolver) path(s string) string {
	i := strings.IndexAny(s, "/(")
	if i < 0 {
		return r.name(s)
	}
	return r.name(s[:i]) + s[i:]
}

func (r *resolver) typeRef(t *TypeRef) { t.Name = r.name(t.Name) }

// finish resolves aliases and applies annotations once the whole document is read.
func (p *parser) finish() {
	r := &resolver{aliases: p.aliases, seen: map[string]string{}}
	types := map[string]*StructuredType{}
	enums := map[string]*EnumType{}
	for _, s := range p.md.Schemas {
		for _, list := range [2][]*StructuredType{s.EntityTypes, s.ComplexTypes} {
			for _, t := range list {
				if t.BaseType != "" {
					t.BaseType = r.name(t.BaseType)
				}
				for _, pr := range t.Properties {
					r.typeRef(&pr.Type)
				}
				for _, n := range t.NavigationProperties {
					r.typeRef(&n.Type)
				}
				types[t.Namespace+"."+t.Name] = t
			}
		}
		for _, e := range s.EnumTypes {
			if e.UnderlyingType != "" {
				e.UnderlyingType = r.name(e.UnderlyingType)
			}
			enums[e.Namespace+"."+e.Name] = e
		}
		for _, list := range [2][]*Operation{s.Actions, s.Functions} {
			for _, o := range list {
				for _, pa := range o.Parameters {
					r.typeRef(&pa.Type)
				}
				if o.ReturnType != nil {
					r.typeRef(o.ReturnType)
				}
			}
		}
		for _, c := range s.Containers {
			for _, es := range c.EntitySets {
				es.EntityType = r.name(es.EntityType)
			}
			for _, st := range c.Singletons {
				st.Type = r.name(st.Type)
			}
		}
	}
	for i := range p.inline {
		p.apply(r, &p.inline[i], p.inline[i].target)
	}
	var ops map[string][]*Operation // built on the first operation target
	for i := range p.outline {
		a := &p.outline[i]
		path := r.path(a.path)
		if open := strings.IndexByte(path, '('); open >= 0 {
			if ops == nil {
				ops = p.operations()
			}
			p.applyOperation(r, a, ops, path, open)
			continue
		}
		name, member, hasMember := strings.Cut(path, "/")
		if hasMember && strings.ContainsRune(member, '/') {
			continue
		}
		if t, ok := types[name]; ok {
			if !hasMember {
				p.apply(r, a, t)
			} else if pr, ok := t.Property(member); ok {
				p.apply(r, a, pr)
			} else if n, ok := t.NavigationProperty(member); ok {
				p.apply(r, a, n)
			}
		} else if e, ok := enums[name]; ok {
			if !hasMember {
				p.apply(r, a, e)
				continue
			}
			for j := range e.Members {
				if e.Members[j].Name == member {
					p.apply(r, a, enumMember{e, j})
					break
				}
			}
		}
	}
}

func (p *parser) operations() map[string][]*Operation {
	ops := map[string][]*Operation{}
	for _, s := range p.md.Schemas {
		for _, list := range [2][]*Operation{s.Actions, s.Functions} {
			for _, o := range list {
				q := o.QualifiedName()
				ops[q] = append(ops[q], o)
			}
		}
	}
	return ops
}

// applyOperation applies an annotation whose target is an operation overload,
// "ns.op(T1, T2)" or "ns.op(T1, T2)/param". The signature matches an
// overload when it lists the types of all its parameters, or, as the CSDL
// specification writes action targets, only that of the binding parameter.
func (p *parser) applyOperation(r *resolver, a *annotation, ops map[string][]*Operation, path string, open int) {
	// The signature, alias resolved; nested parentheses of Collection(...) are
	// kept by splitting on commas only.
	inner := path[open+1:]
	depth, end := 0, -1
	for i := 0; i < len(inner) && end < 0; i++ {
		switch inner[i] {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				end = i
			}
			depth--
		}
	}
	if end < 0 {
		return
	}
	rest := inner[end+1:]
	var sig []string
	if strings.TrimSpace(inner[:end]) != "" {
		for _, s := range strings.Split(inner[:end], ",") {
			s = strings.TrimSpace(s)
			t := TypeRef{Name: s}
			if strings.HasPrefix(s, "Collection(") && strings.HasSuffix(s, ")") {
				t = TypeRef{Name: s[len("Collection(") : len(s)-1], Collection: true}
			}
			r.typeRef(&t)
			sig = append(sig, t.String())
		}
	}
	param, hasParam := strings.CutPrefix(rest, "/")
	if rest != "" && !hasParam {
		return
	}
	for _, o := range ops[path[:open]] {
		if !signatureMatches(o, sig) {
			continue
		}
		if !hasParam {
			p.apply(r, a, o)
			continue
		}
		for _, pa := range o.Parameters {
			if pa.Name == param {
				p.apply(r, a, pa)
			}
		}
	}
}

func signatureMatches(o *Operation, sig []string) bool {
	all := len(sig) == len(o.Parameters)
	for i := 0; all && i < len(sig); i++ {
		all = o.Parameters[i].Type.String() == sig[i]
	}
	if all {
		return true
	}
	// An action is named by its binding parameter's type alone.
	return o.Kind == "action" && o.IsBound && len(sig) == 1 && len(o.Parameters) > 0 && o.Parameters[0].Type.String() == sig[0]
}

// apply sets what annotation a says on target. Descriptions already set are
// kept.
func (p *parser) apply(r *resolver, a *annotation, target any) {
	i := strings.LastIndexByte(a.term, '.')
	if i < 0 {
		return
	}
	if ns, ok := r.aliases[a.term[:i]]; !(ok && ns == coreNS) && a.term[:i] != coreNS {
		return
	}
	switch a.term[i+1:] {
	case "Description":
		var d *string
		switch t := target.(type) {
		case *StructuredType:
			d = &t.Description
		case *Property:
			d = &t.Description
		case *NavigationProperty:
			d = &t.Description
		case *EnumType:
			d = &t.Description
		case enumMember:
			d = &t.enum.Members[t.i].Description
		case *Operation:
			d = &t.Description
		case *Parameter:
			d = &t.Description
		}
		if d != nil && *d == "" {
			*d = a.str
		}
	case "Computed":
		if pr, ok := target.(*Property); ok && (!a.hasBool || isTrue(a.boolean)) {
			pr.ReadOnly = true
		}
	case "Permissions":
		pr, ok := target.(*Property)
		if !ok {
			return
		}
		members := strings.Fields(a.enum)
		for _, m := range members {
			if r.path(m) != coreNS+".Permission/Read" {
				return
			}
		}
		if len(members) > 0 {
			pr.ReadOnly = true
		}
	case "OptionalParameter":
		if pa, ok := target.(*Parameter); ok {
			pa.Optional = true
		}
	}
}

func isTrue(s string) bool {
	s = strings.TrimSpace(s)
	return s == "true" || s == "1"
}
