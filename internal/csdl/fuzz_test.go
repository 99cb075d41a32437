package csdl

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzParse: any input parses or fails with an *Error whose position lies in
// the input; never a panic. A parsed document indexes, and its positions lie
// in the input too.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sample))
	f.Add([]byte(wrap(`<EntityType Name="e"><Key><PropertyRef Name="id"/></Key><Property Name="id" Type="Edm.String"/></EntityType>`)))
	f.Add([]byte(wrap(`<Annotations Target="a.e/p"><Annotation Term="Org.OData.Core.V1.Permissions"><EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember></Annotation></Annotations>`)))
	f.Add([]byte(wrap(`<Annotations Target="a.f(Collection(a.e), Edm.String)/p"><Annotation Term="Core.OptionalParameter"/></Annotations>`)))
	f.Add([]byte("<edmx:Edmx>\n  <edmx:DataServices>\n</edmx:Edmx>\n"))
	f.Add([]byte("<!DOCTYPE x [<!ENTITY e \"e\">]><edmx:Edmx/>"))
	f.Add([]byte(""))
	f.Add([]byte("&\n")) // InputPos reports column 0 here
	f.Fuzz(func(t *testing.T, src []byte) {
		md, err := Parse(bytes.NewReader(src), "fuzz.xml")
		lines := 1 + bytes.Count(src, []byte("\n"))
		inside := func(line, col int) bool {
			if line < 1 || line > lines || col < 1 {
				return false
			}
			start := 0
			if line > 1 {
				start = nthNewline(src, line-1) + 1
			}
			return start+col-1 <= len(src) // the end of the input is a position too
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is a %T, want *Error", err, err)
			}
			if e.File != "fuzz.xml" || !inside(e.Line, e.Col) || e.Msg == "" {
				t.Fatalf("error %q outside the input (%d lines)", err, lines)
			}
			return
		}
		x := NewIndex(md)
		for _, ty := range x.Types() {
			if !inside(ty.Pos.Line, ty.Pos.Col) || src[offset(src, ty.Pos)] != '<' {
				t.Fatalf("type %s at %v: not a '<' of the input", ty.Name, ty.Pos)
			}
			for _, p := range ty.Properties {
				if !inside(p.Pos.Line, p.Pos.Col) || src[offset(src, p.Pos)] != '<' {
					t.Fatalf("property %s at %v: not a '<' of the input", p.Name, p.Pos)
				}
			}
			if _, ok := x.Type(ty.QualifiedName()); !ok {
				t.Fatalf("type %s not indexed", ty.QualifiedName())
			}
		}
		_ = x.Operations()
		_ = x.Enums()
	})
}

// nthNewline is the offset of the n-th (1-based) '\n' of src.
func nthNewline(src []byte, n int) int {
	off := -1
	for ; n > 0; n-- {
		off += 1 + bytes.IndexByte(src[off+1:], '\n')
	}
	return off
}

// offset is the byte offset of p in src.
func offset(src []byte, p Pos) int {
	start := 0
	if p.Line > 1 {
		start = nthNewline(src, p.Line-1) + 1
	}
	return start + p.Col - 1
}
