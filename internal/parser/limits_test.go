package parser

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/model"
)

// hostilePages are the pages of TestLimits, built in memory.
func hostilePages() map[string][]byte {
	var table bytes.Buffer
	table.WriteString("# gizmo resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n")
	for i := range 100000 {
		fmt.Fprintf(&table, "|p%d|String|Row %d.|\n", i, i)
	}
	return map[string][]byte{
		"table-100k":      table.Bytes(),
		"blockquotes-10k": append(append([]byte("# t\n\n"), bytes.Repeat([]byte("> "), 10000)...), "x\n"...),
		"lists-10k":       append(append([]byte("# t\n\n"), bytes.Repeat([]byte("- "), 10000)...), "x\n"...),
		"ordered-10k":     append(append([]byte("# t\n\n"), bytes.Repeat([]byte("1. "), 10000)...), "x\n"...),
		"indent-lines": func() []byte {
			var b bytes.Buffer
			b.WriteString("# t\n\n")
			for i := range 300 {
				b.WriteString(strings.Repeat("  ", i) + "- a\n")
			}
			return b.Bytes()
		}(),
		"links-line":  append([]byte("# t\n\n"), bytes.Repeat([]byte("[a]("), 1<<18)...),
		"links-block": append([]byte("# t\n\n"), bytes.Repeat([]byte("[a](\n"), 1<<17)...),
	}
}

// TestLimits: a 100,000-row table is truncated to MaxTableRows with a
// diagnostic; absurd nesting, an endless line and an endless block of
// unclosed links are refused with one page-refused error at the line that
// breaks the limit. Without the limits, links-line alone takes minutes.
func TestLimits(t *testing.T) {
	pages := hostilePages()
	type want struct {
		kind  model.Kind
		props int
		diag  string // "line: code: message"
	}
	wants := map[string]want{
		"table-100k":      {model.KindResource, MaxTableRows, "5: table-truncated: table of 100000 rows; the first 10000 are read, 90000 dropped"},
		"blockquotes-10k": {model.KindOther, 0, "3: page-refused: line nested 10000 levels deep (blockquote and list markers, indentation), over the limit of 100; page not parsed"},
		"lists-10k":       {model.KindOther, 0, "3: page-refused: line nested 10000 levels deep (blockquote and list markers, indentation), over the limit of 100; page not parsed"},
		"ordered-10k":     {model.KindOther, 0, "3: page-refused: line nested 10000 levels deep (blockquote and list markers, indentation), over the limit of 100; page not parsed"},
		"indent-lines":    {model.KindOther, 0, "103: page-refused: line nested 101 levels deep (blockquote and list markers, indentation), over the limit of 100; page not parsed"},
		"links-line":      {model.KindOther, 0, "3: page-refused: line of 1048576 bytes, over the 65536-byte limit for a line outside code blocks; page not parsed"},
		"links-block":     {model.KindOther, 0, "26217: page-refused: block of more than 131072 bytes without a blank line (outside code blocks and tables); page not parsed"},
	}
	for name, w := range wants {
		t.Run(name, func(t *testing.T) {
			d := Parse(name+".md", pages[name])
			if d.Kind != w.kind || len(d.Properties) != w.props {
				t.Errorf("kind %s with %d properties, want %s with %d", d.Kind, len(d.Properties), w.kind, w.props)
			}
			var got []string
			for _, g := range d.Diagnostics {
				if g.Severity != model.SevInfo && g.Code != "title-missing" {
					got = append(got, fmt.Sprintf("%d: %s: %s", g.Line, g.Code, g.Message))
				}
			}
			if len(got) != 1 || got[0] != w.diag {
				t.Errorf("diagnostics %q, want [%q]", got, w.diag)
			}
			if w.props > 0 && d.Properties[w.props-1].Name != fmt.Sprintf("p%d", w.props-1) {
				t.Errorf("last property kept %q", d.Properties[w.props-1].Name)
			}
		})
	}
}

// TestLimitsSpareCode: a fenced code block with a line over MaxLineBytes, a
// table of MaxTableRows rows and nesting at MaxDepth are read as usual.
func TestLimitsSpareCode(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("# gizmo resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n")
	for i := range MaxTableRows {
		fmt.Fprintf(&b, "|p%d|String|Row %d.|\n", i, i)
	}
	b.WriteString("\n" + strings.Repeat("> ", MaxDepth) + "note\n\n```json\n\"" + strings.Repeat("x", MaxLineBytes+1) + "\"\n```\n")
	d := Parse("ok.md", b.Bytes())
	if d.Kind != model.KindResource || len(d.Properties) != MaxTableRows {
		t.Errorf("kind %s with %d properties", d.Kind, len(d.Properties))
	}
	for _, g := range d.Diagnostics {
		t.Errorf("unexpected diagnostic %v", g)
	}
}

// TestCorpusWithinLimits: no real page reaches a limit.
func TestCorpusWithinLimits(t *testing.T) {
	dir := docsDir(t)
	n := 0
	for _, rev := range []string{"2018-09", "2021-07"} {
		for _, pg := range readRevision(t, filepath.Join(dir, rev)) {
			n++
			for _, g := range Parse(pg.path, pg.src).Diagnostics {
				if g.Code == "page-refused" || g.Code == "table-truncated" {
					t.Errorf("%s/%s:%d: %s: %s", rev, pg.path, g.Line, g.Code, g.Message)
				}
			}
		}
	}
	if n < 17000 {
		t.Errorf("only %d pages read", n)
	}
}

// BenchmarkHostile parses each hostile page of TestLimits.
func BenchmarkHostile(b *testing.B) {
	for name, src := range hostilePages() {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				Parse(name+".md", src)
			}
		})
	}
}

// TestLimitsDepthSmallPage: on pages under MaxLineBytes (where tooHostile
// takes its pre-check), nesting is refused exactly past MaxDepth, for tabs
// (two levels a byte), blockquotes and list items, and a deep line inside a
// fenced code block is still read as code.
func TestLimitsDepthSmallPage(t *testing.T) {
	cases := []struct {
		name, line string
		refused    int // the depth in the message; 0 when read
	}{
		{"tabs-at-limit", strings.Repeat("\t", MaxDepth/2) + "x", 0},
		{"tabs-over", strings.Repeat("\t", MaxDepth/2+1) + "x", MaxDepth + 2},
		{"quotes-at-limit", strings.Repeat("> ", MaxDepth) + "x", 0},
		{"quotes-over", strings.Repeat(">", MaxDepth+1) + "x", MaxDepth + 1},
		{"lists-over", strings.Repeat("- ", MaxDepth+1) + "x", MaxDepth + 1},
		{"fenced", "```\n" + strings.Repeat("\t", MaxDepth) + "x\n```", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Parse(c.name+".md", []byte("# t\n\n"+c.line+"\n"))
			var got []string
			for _, g := range d.Diagnostics {
				if g.Code == "page-refused" {
					got = append(got, fmt.Sprintf("%d: %s", g.Line, g.Message))
				}
			}
			var want []string
			if c.refused > 0 {
				want = []string{fmt.Sprintf("3: line nested %d levels deep (blockquote and list markers, indentation), over the limit of 100; page not parsed", c.refused)}
			}
			if fmt.Sprint(got) != fmt.Sprint(want) || d.Title != map[bool]string{true: "", false: "t"}[c.refused > 0] {
				t.Errorf("title %q, refusals %q, want %q", d.Title, got, want)
			}
		})
	}
}

// TestMayBeDeep compares mayBeDeep with a plain line-by-line reading on
// pages built from the bytes that matter (newlines, container markers,
// letters), at every length around the eight-byte steps.
func TestMayBeDeep(t *testing.T) {
	ref := func(body []byte) bool {
		for _, line := range bytes.Split(body, []byte("\n")) {
			if len(line) > MaxDepth/2 && depth(line) > MaxDepth {
				return true
			}
		}
		return false
	}
	alphabet := []byte("\n\t >-*+1.)a\x8a") // \x8a: a newline with the high bit set
	rng := uint64(1)
	deep := 0
	for n := range 4000 {
		size := n % 300
		body := make([]byte, size)
		for i := range body {
			rng = rng*6364136223846793005 + 1442695040888963407
			// Mostly tabs, so that deep lines occur; a newline or a
			// letter about once in 128 bytes.
			if k := int(rng>>33) % 128; k < len(alphabet) {
				body[i] = alphabet[k]
			} else {
				body[i] = '\t'
			}
		}
		want := ref(body)
		if want {
			deep++
		}
		if got := mayBeDeep(body); got != want {
			t.Fatalf("mayBeDeep(%q) = %v, want %v", body, got, want)
		}
	}
	if deep < 100 || deep > 3900 {
		t.Errorf("%d of 4000 pages deep: the inputs do not exercise both answers", deep)
	}
}
