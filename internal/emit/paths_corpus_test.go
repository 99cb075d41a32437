package emit

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
)

// requestLine is a `METHOD path` line as a reader finds it in an HTTP
// request section, read here without the parser.
var requestLine = regexp.MustCompile(`(?i)^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t/]`)

// TestCorpusPaths plans every operation page of the real docs (2018-09 and
// 2021-07 beta and v1.0, the contrib-2026 sample) and checks issue 18's
// promise on paths: no method's path (the client's path expression and the
// fake's template, both from pathParts) holds a brace, escaped or not;
// every method takes one argument per placeholder of its path; and no
// documented path is repaired or dropped silently: each `METHOD path` line
// of an HTTP request section (found by a plain reading of the page) is an
// endpoint or has an endpoint-refused/endpoint-malformed diagnostic, and an
// endpoint whose path is not the line's text has an endpoint-repaired one.
func TestCorpusPaths(t *testing.T) {
	root := docsRoot()
	if root == "" {
		t.Skip("../shared/graph-docs is absent (set GRAPHGEN_DOCS): corpus test skipped")
	}
	// maxRefused: the 2021-07 beta folder's 15 are the intune
	// partnerintegration pages' "** Entity URI for ... not found" lines.
	// want: a method each folder must have, from a repaired path.
	for _, c := range []struct {
		folder     string
		maxRefused int
		want       string
	}{
		{"2018-09/api-reference/beta", 0, "GET /users/{id | userPrincipalName}/insights/shared"},
		{"2018-09/api-reference/v1.0", 0, "GET /me/onenote/notebooks/getRecentNotebooks(includePersonalNotebooks={includePersonalNotebooks})"},
		{"2021-07/api-reference/beta", 15, "DELETE /servicePrincipals/{id}/tokenLifetimePolicies/{id}/$ref"},
		{"2021-07/api-reference/v1.0", 0, "GET /directoryRoles/roleTemplateId={roleTemplateId}/members"},
		{"contrib-2026/beta", 0, ""},
		{"contrib-2026/v1.0", 0, ""},
	} {
		folder := c.folder
		t.Run(folder, func(t *testing.T) {
			dir := filepath.Join(root, filepath.FromSlash(folder))
			if _, err := os.Stat(dir); err != nil {
				t.Skipf("%s is absent: %v", dir, err)
			}
			pages, err := load.Pages([]string{dir})
			if err != nil {
				t.Fatal(err)
			}
			var docs []*model.Document
			counts := map[string]int{}
			for _, p := range pages {
				d := p.Doc
				docs = append(docs, d)
				src, err := os.ReadFile(p.File)
				if err != nil {
					t.Fatal(err)
				}
				checkPageEndpoints(t, p.File, string(src), d, counts)
			}
			a := api.Build(docs, api.Options{})
			g := &gen{cfg: Config{Package: "graph"}, api: a, types: map[*api.Type]*typePlan{},
				pkg: newScope(reservedPackageNames...), files: newScope(), tests: newScope(), out: map[string][]byte{}}
			g.plan()
			methods := 0
			found := c.want == ""
			for _, op := range g.ops {
				for _, m := range op.methods {
					methods++
					found = found || m.ep.Method+" "+m.ep.Path == c.want
					expr := fmt.Sprintf("%#v", pathCode(m))
					if strings.ContainsAny(expr, "{}") || strings.Contains(strings.ToUpper(expr), "%7B") || strings.Contains(strings.ToUpper(expr), "%7D") {
						t.Errorf("%s: %s %s: path expression %s holds a brace", op.op.Page.Path, m.ep.Method, m.ep.Path, expr)
					}
					if n := strings.Count(m.ep.Path, "{"); len(m.args) != n {
						t.Errorf("%s: %s %s: %d arguments for %d placeholders", op.op.Page.Path, m.ep.Method, m.ep.Path, len(m.args), n)
					}
				}
			}
			t.Logf("%d methods; endpoint lines %d, repaired %d, refused %d", methods, counts["lines"], counts["endpoint-repaired"], counts["endpoint-refused"])
			if methods == 0 {
				t.Error("no method planned")
			}
			if !found {
				t.Errorf("no method for %s", c.want)
			}
			if counts["endpoint-refused"] > c.maxRefused {
				t.Errorf("%d endpoints refused, want at most %d", counts["endpoint-refused"], c.maxRefused)
			}
		})
	}
}

// checkPageEndpoints reads the page's HTTP request section(s) plainly and
// checks each `METHOD path` line against the document's endpoints and
// diagnostics.
func checkPageEndpoints(t *testing.T, file, src string, d *model.Document, counts map[string]int) {
	t.Helper()
	byLine := map[int]*model.Endpoint{}
	for i := range d.Endpoints {
		byLine[d.Endpoints[i].Pos.Line] = &d.Endpoints[i]
	}
	diags := map[int]map[string]bool{}
	for _, dg := range d.Diagnostics {
		if diags[dg.Line] == nil {
			diags[dg.Line] = map[string]bool{}
		}
		diags[dg.Line][dg.Code] = true
		counts[dg.Code]++
	}
	// Code lines of the HTTP request section (up to the next heading),
	// outside HTML comments.
	inSection, fenced, comment := false, false, false
	for i, line := range strings.Split(src, "\n") {
		n := i + 1
		tl := strings.TrimSpace(line)
		switch {
		case comment:
			comment = !strings.Contains(line, "-->")
			continue
		case fenced && (strings.HasPrefix(tl, "```") || strings.HasPrefix(tl, "~~~")):
			fenced = false
			continue
		case fenced:
		case strings.HasPrefix(tl, "<!--"):
			comment = !strings.Contains(line, "-->")
			continue
		case strings.HasPrefix(tl, "```") || strings.HasPrefix(tl, "~~~"):
			fenced = true
			continue
		case strings.HasPrefix(tl, "#"):
			// The H2 "HTTP request" (an H3 of that name introduces an
			// example's request).
			inSection = strings.HasPrefix(tl, "## ") && strings.EqualFold(strings.TrimSpace(tl[3:]), "HTTP request")
			continue
		}
		if !inSection || !fenced || !requestLine.MatchString(line) {
			continue
		}
		counts["lines"]++
		ep := byLine[n]
		if ep == nil {
			if !diags[n]["endpoint-refused"] && !diags[n]["endpoint-malformed"] {
				t.Errorf("%s:%d: %q is no endpoint and has no endpoint-refused or endpoint-malformed diagnostic", file, n, strings.TrimSpace(line))
			}
			continue
		}
		// The path as written: after the method and a host's version.
		text := strings.TrimSpace(line)
		text = strings.TrimSpace(text[strings.IndexAny(text, " \t/"):])
		if i := strings.Index(text, "graph.microsoft.com/"); i >= 0 && strings.HasPrefix(text, "http") {
			text = text[i+len("graph.microsoft.com/"):]
			text = text[strings.IndexByte(text+"/", '/'):]
		}
		if !strings.HasPrefix(text, ep.Path) && !diags[n]["endpoint-repaired"] {
			t.Errorf("%s:%d: %q read as %s %s without an endpoint-repaired diagnostic", file, n, strings.TrimSpace(line), ep.Method, ep.Path)
		}
		if strings.ContainsAny(ep.Path, "<>") || strings.Count(ep.Path, "{") != strings.Count(ep.Path, "}") {
			t.Errorf("%s:%d: endpoint path %q", file, n, ep.Path)
		}
	}
}
