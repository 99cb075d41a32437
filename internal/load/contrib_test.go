package load

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/model"
)

// contribDir is the sample of today's docs (graph-docs/contrib-2026 under
// $GRAPHGEN_DOCS or ../shared), or a skip.
func contribDir(t *testing.T) string {
	dir := os.Getenv("GRAPHGEN_DOCS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "graph-docs")
	}
	dir = filepath.Join(dir, "contrib-2026")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("the contrib-2026 sample is absent (%v): set GRAPHGEN_DOCS", err)
	}
	return dir
}

// sampleRow is a permissions row as TestContribPermissions reads it: the
// least privileged scopes in order, the higher ones as a sorted set.
type sampleRow struct {
	Type          model.PermissionType
	Least, Higher string
}

var (
	comment     = regexp.MustCompile(`(?s)<!--.*?-->`)
	includeLine = regexp.MustCompile(`\[!INCLUDE \[([^\]]*)\]\(([^)]*)\)\]`)
	splitScopes = regexp.MustCompile(`\s*(?:,|\band\b)\s*`)
)

// sampleTables reads the permissions tables of a page without the parser:
// the page with its HTML comments removed, line by line, an [!INCLUDE] of a
// permissions table read from its file, a table whose header starts
// "|Permission type" read row by row: split at "|", the cells at "," and
// "and", "Not supported." and "Not available" for none, a cell cut at
// "Note:" or "<br>".
func sampleTables(t *testing.T, file string) [][]sampleRow {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var tables [][]sampleRow
	lines := strings.Split(comment.ReplaceAllString(strings.ReplaceAll(string(src), "\r\n", "\n"), ""), "\n")
	for i := 0; i < len(lines); i++ {
		if m := includeLine.FindStringSubmatch(lines[i]); m != nil && (m[1] == "permissions-table" || strings.Contains(m[2], "includes/permissions/")) {
			tables = append(tables, sampleTables(t, filepath.Join(filepath.Dir(file), m[2]))...)
			continue
		}
		if !strings.HasPrefix(strings.ToLower(lines[i]), "|permission type") {
			continue
		}
		var rows []sampleRow
		for i += 2; i < len(lines) && strings.HasPrefix(lines[i], "|"); i++ {
			cells := strings.Split(lines[i], "|")
			typ := map[string]model.PermissionType{"Delegated (work or school account)": model.PermDelegatedWork,
				"Delegated (personal Microsoft account)": model.PermDelegatedPersonal, "Application": model.PermApplication}[strings.TrimSpace(cells[1])]
			scopes := func(cell string) []string {
				cell, _, _ = strings.Cut(cell, "Note:")
				cell, _, _ = strings.Cut(cell, "<br>")
				var out []string
				for _, s := range splitScopes.Split(strings.TrimSpace(cell), -1) {
					if s = strings.TrimSpace(s); s != "" && !strings.HasPrefix(s, "Not supported") && !strings.HasPrefix(s, "Not available") && !slices.Contains(out, s) {
						out = append(out, s)
					}
				}
				return out
			}
			least, higher := scopes(cells[2]), scopes(cells[3])
			higher = slices.DeleteFunc(higher, func(s string) bool { return slices.Contains(least, s) })
			slices.Sort(higher)
			rows = append(rows, sampleRow{typ, strings.Join(least, " "), strings.Join(higher, " ")})
		}
		tables = append(tables, rows)
	}
	return tables
}

// irRows reduces IR rows as sampleTables reads a table.
func irRows(perms []model.Permission) []sampleRow {
	var out []sampleRow
	for _, p := range perms {
		out = append(out, sampleRow{p.Type, strings.Join(p.Scopes, " "), strings.Join(p.Higher, " ")})
	}
	return out
}

// union merges tables per permission type as the union of several tables
// is documented (model.Document.Permissions): least in table order, the
// higher ones not among them, sorted.
func union(tables [][]sampleRow) []sampleRow {
	var out []sampleRow
	for _, tb := range tables {
		for _, r := range tb {
			i := slices.IndexFunc(out, func(o sampleRow) bool { return o.Type == r.Type })
			if i < 0 {
				out = append(out, r)
				continue
			}
			least := strings.Fields(out[i].Least)
			for _, s := range strings.Fields(r.Least) {
				if !slices.Contains(least, s) {
					least = append(least, s)
				}
			}
			higher := slices.Concat(strings.Fields(out[i].Higher), strings.Fields(r.Higher))
			higher = slices.DeleteFunc(higher, func(s string) bool { return slices.Contains(least, s) })
			slices.Sort(higher)
			out[i] = sampleRow{r.Type, strings.Join(least, " "), strings.Join(slices.Compact(higher), " ")}
		}
	}
	return out
}

// TestContribPermissions: on the sample of today's docs (both versions),
// every operation page's permissions in the IR are what its tables say,
// read independently of the parser (sampleTables): a page with one table
// has its rows; a page with several has their union, and each endpoint the
// rows of one of its tables or of a union of neighbouring ones, never an endpoint with
// none. No page is unknown and none has a permission error; the include
// files are not pages.
func TestContribPermissions(t *testing.T) {
	dir := contribDir(t)
	withScopes := 0
	for _, v := range []string{"beta", "v1.0"} {
		pages, err := Pages([]string{filepath.Join(dir, v)})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			d := p.Doc
			if strings.HasPrefix(d.Path, "includes/") {
				t.Errorf("%s: an include file read as a page", d.Path)
			}
			if d.Kind != model.KindOperation {
				continue
			}
			for _, dg := range d.Diagnostics {
				if strings.Contains(dg.Code, "permission") && dg.Severity == model.SevError {
					t.Errorf("%s: %v", p.File, dg)
				}
			}
			tables := sampleTables(t, p.File)
			if len(tables) == 0 {
				t.Errorf("%s: the test reads no permissions table", p.File)
				continue
			}
			if d.PermissionsUnknown {
				t.Errorf("%s: permissions unknown", p.File)
			}
			want := union(tables)
			if len(tables) == 1 {
				want = tables[0]
			}
			if diff := cmp.Diff(want, irRows(d.Permissions)); diff != "" {
				t.Errorf("%s: permissions (-tables +IR):\n%s", p.File, diff)
			}
			if slices.ContainsFunc(want, func(r sampleRow) bool { return r.Least != "" || r.Higher != "" }) {
				withScopes++
			}
			for _, ep := range d.Endpoints {
				if ep.PermissionsUnknown {
					t.Errorf("%s: %s %s: permissions unknown", p.File, ep.Method, ep.Path)
				}
				if ep.Permissions == nil {
					continue // the page's
				}
				got := irRows(ep.Permissions)
				ok := false
				for i := range tables {
					for j := i + 1; j <= len(tables); j++ {
						ok = ok || cmp.Equal(got, union(tables[i:j]))
					}
				}
				if !ok {
					t.Errorf("%s: %s %s has rows of no table: %v", p.File, ep.Method, ep.Path, got)
				}
			}
		}
	}
	if withScopes != 42 {
		t.Errorf("%d operation pages whose tables list scopes, want the sample's 42", withScopes)
	}
}
