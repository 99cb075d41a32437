package parser

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
)

// files is an Includer over a map (target as written -> content), recording
// the targets asked for. A target holding "outside" is refused as an
// Includer outside the docs root must.
type files struct {
	m     map[string]string
	asked []string
}

func (f *files) read(target string) ([]byte, error) {
	f.asked = append(f.asked, target)
	if strings.Contains(target, "outside") {
		return nil, fmt.Errorf("include %s: %w", target, ErrIncludeOutside)
	}
	s, ok := f.m[target]
	if !ok {
		return nil, fmt.Errorf("open %s: %w", target, fs.ErrNotExist)
	}
	return []byte(s), nil
}

// opPage is an operation page whose Permissions section is perms and whose
// HTTP request section lists eps.
func opPage(perms string, eps ...string) string {
	return "# Do the thing\n\nDoes it.\n\n## Permissions\n\nChoose the least privileged permission for this API.\n\n" + perms +
		"\n\n## HTTP request\n\n```http\n" + strings.Join(eps, "\n") + "\n```\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
}

const threeCol = "---\ndescription: made for a test\n---\n\n" +
	"|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n" +
	"|Delegated (work or school account)|Widget.Read|Widget.ReadWrite.All, Directory.Read.All, _2.AA|\n" +
	"|Delegated (personal Microsoft account)|Not supported.|Not supported.|\n" +
	"|Application|Widget.Read.All, _3.BB|Not available.|\n"

func codes(d *model.Document) []string {
	var out []string
	for _, dg := range d.Diagnostics {
		out = append(out, dg.Code)
	}
	return out
}

func diagOf(d *model.Document, code string) *model.Diagnostic {
	for i := range d.Diagnostics {
		if d.Diagnostics[i].Code == code {
			return &d.Diagnostics[i]
		}
	}
	return nil
}

// TestPermissionInclude: a permission include is read as the page's table
// (three columns: the least privileged scopes apart from the higher ones,
// which are sorted), "Not available." is none without a word, placeholder
// entries are dropped with one diagnostic for the page, rows sit at the
// include line and name their line in the file; other includes are not read.
func TestPermissionInclude(t *testing.T) {
	inc := &files{m: map[string]string{"../includes/permissions/widget-get-permissions.md": threeCol}}
	src := opPage("<!-- { \"blockType\": \"permissions\", \"name\": \"widget_get\" } -->\n"+
		"[!INCLUDE [permissions-table](../includes/permissions/widget-get-permissions.md)]\n\n"+
		"[!INCLUDE [rbac-widget-apis](../includes/rbac-for-apis/rbac-widget-apis.md)]\n\n"+
		"[!INCLUDE [app-permissions](../includes/widget-app-permissions.md)]", "GET /widgets/{id}")
	d := ParseWith("api/widget-get.md", []byte(src), inc.read)
	if !slices.Equal(inc.asked, []string{"../includes/permissions/widget-get-permissions.md"}) {
		t.Errorf("includes read: %q, want only the permissions table", inc.asked)
	}
	at := model.Pos{Line: 10, Col: 1}
	src2 := "../includes/permissions/widget-get-permissions.md:"
	want := []model.Permission{
		{Type: model.PermDelegatedWork, Scopes: []string{"Widget.Read"}, Higher: []string{"Directory.Read.All", "Widget.ReadWrite.All"}, Pos: at, Source: src2 + "7"},
		{Type: model.PermDelegatedPersonal, Scopes: []string{}, Pos: at, Source: src2 + "8"},
		{Type: model.PermApplication, Scopes: []string{"Widget.Read.All"}, Pos: at, Source: src2 + "9"},
	}
	if diff := cmp.Diff(want, d.Permissions); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	if d.PermissionsUnknown {
		t.Error("PermissionsUnknown set")
	}
	if got := codes(d); !slices.Equal(got, []string{"permission-scope-odd"}) {
		t.Fatalf("diagnostics %v, want one permission-scope-odd", d.Diagnostics)
	}
	dg := d.Diagnostics[0]
	if dg.Pos != at || !strings.Contains(dg.Message, `"_2.AA", "_3.BB"`) || !strings.Contains(dg.Message, "widget-get-permissions.md:7") {
		t.Errorf("odd words diagnostic: %+v", dg)
	}
}

// TestPermissionIncludeUnread: an include inside a comment does not count, a
// missing one and one outside the docs root are errors at the include line
// naming the path (the outside one never read), an include without a table
// is an error, and each leaves the page's scopes unknown. Without an
// Includer every permission include is an error. A page without a
// Permissions section is unknown too, without an error; one whose section
// holds only prose gets an error.
func TestPermissionIncludeUnread(t *testing.T) {
	const incl = "[!INCLUDE [permissions-table](../includes/permissions/%s.md)]"
	inc := &files{m: map[string]string{"../includes/permissions/empty.md": "---\ndescription: nothing\n---\n\nNo table here.\n"}}
	for _, tc := range []struct {
		name, perms string
		nilInc      bool
		code, in    string // the error wanted and a word of its message
	}{
		{"commented", "<!--\n" + fmt.Sprintf(incl, "widget") + "\n-->", false, "permissions-unreadable", "Permissions section"},
		{"inline comment", "Text <!-- " + fmt.Sprintf(incl, "widget") + " --> more.", false, "permissions-unreadable", "Permissions section"},
		{"missing", fmt.Sprintf(incl, "missing"), false, "permission-include-missing", "../includes/permissions/missing.md (line 9) does not exist"},
		{"outside", "[!INCLUDE [permissions-table](../../outside/secret.md)]", false, "permission-include-refused", "../../outside/secret.md (line 9) is refused"},
		{"no table", fmt.Sprintf(incl, "empty"), false, "permissions-unreadable", "empty.md (line 9) holds no permissions table"},
		{"no includer", fmt.Sprintf(incl, "widget"), true, "permission-include-missing", "parsed alone"},
		{"prose", "Widget.Read is enough.", false, "permissions-unreadable", "Permissions section"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inc.asked = nil
			var d *model.Document
			if tc.nilInc {
				d = Parse("api/widget-get.md", []byte(opPage(tc.perms, "GET /widgets/{id}")))
			} else {
				d = ParseWith("api/widget-get.md", []byte(opPage(tc.perms, "GET /widgets/{id}")), inc.read)
			}
			if !d.PermissionsUnknown || len(d.Permissions) != 0 {
				t.Errorf("unknown %v, permissions %v; want unknown and none", d.PermissionsUnknown, d.Permissions)
			}
			dg := diagOf(d, tc.code)
			if dg == nil || dg.Severity != model.SevError || !strings.Contains(dg.Message, tc.in) {
				t.Fatalf("diagnostics %+v, want an error %s saying %q", d.Diagnostics, tc.code, tc.in)
			}
			if tc.code != "permissions-unreadable" && dg.Line != 9 {
				t.Errorf("%s at line %d, want the include line 9", tc.code, dg.Line)
			}
			if (tc.name == "commented" || tc.name == "inline comment") && len(inc.asked) > 0 {
				t.Errorf("a commented include was read: %q", inc.asked)
			}
		})
	}
	none := "# Do the thing\n\n## HTTP request\n\n```http\nGET /widgets\n```\n\n## Response\n\nReturns `204 No Content`.\n"
	d := ParseWith("api/widget-list.md", []byte(none), inc.read)
	if !d.PermissionsUnknown || len(d.Diagnostics) != 0 {
		t.Errorf("no Permissions section: unknown %v, diagnostics %v; want unknown, none", d.PermissionsUnknown, d.Diagnostics)
	}
	res := "# widget resource type\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n"
	if d := ParseWith("resources/widget.md", []byte(res), inc.read); d.PermissionsUnknown {
		t.Error("a resource page has unknown permissions")
	}
}

// TestPermissionIncludeDiagnostics: a diagnostic in an include names the
// file and its line, and the page line that includes it; a note in a cell
// is not read as scopes.
func TestPermissionIncludeDiagnostics(t *testing.T) {
	inc := &files{m: map[string]string{"../includes/permissions/w.md": "|Permission type|Least privileged permission|Higher privileged permissions|\r\n|:---|:---|:---|\r\n" +
		"|Delegated (work or school account)|Widget.ReadWrite.All|Directory.ReadWrite.All <br><br> Note: Directory.AccessAsUser.All cannot be used.|\r\n" +
		"|Robot|Widget.Robot|Not available.|\r\n"}}
	d := ParseWith("api/w.md", []byte(opPage("[!INCLUDE [permissions-table](../includes/permissions/w.md)]", "POST /widgets")), inc.read)
	want := []model.Permission{{Type: model.PermDelegatedWork, Scopes: []string{"Widget.ReadWrite.All"}, Higher: []string{"Directory.ReadWrite.All"},
		Pos: model.Pos{Line: 9, Col: 1}, Source: "../includes/permissions/w.md:3"}}
	if diff := cmp.Diff(want, d.Permissions); diff != "" {
		t.Errorf("permissions (-want +got):\n%s", diff)
	}
	dg := diagOf(d, "permission-row-unknown")
	if dg == nil || dg.Line != 9 || !strings.HasPrefix(dg.Message, "in ../includes/permissions/w.md:4 (included at line 9): ") {
		t.Errorf("diagnostics %+v, want permission-row-unknown at line 9 naming w.md:4", d.Diagnostics)
	}
}

// TestPermissionTablesMapped: a page with several tables maps each to the
// endpoints it is for, by the strongest signal: the annotation's
// requestUrls, a sub-heading or lead-in naming a path segment, the http
// block next to it (after or before). Disagreeing signals and endpoints no
// table is surely for get unions, with warnings.
func TestPermissionTablesMapped(t *testing.T) {
	table := func(scope string) string {
		return "|Permission type|Least privileged permissions|Higher privileged permissions|\n|:---|:---|:---|\n" +
			"|Delegated (work or school account)|" + scope + "|Directory.Read.All|\n|Application|" + scope + ".All|Not available.|\n"
	}
	inc := &files{m: map[string]string{}}
	for _, n := range []string{"Contact", "Group", "Team", "User"} {
		inc.m["../includes/permissions/"+strings.ToLower(n)+".md"] = table(n + ".Read")
	}
	include := func(n string) string {
		return "[!INCLUDE [permissions-table](../includes/permissions/" + n + ".md)]\n"
	}
	photoEps := []string{"GET /me/photo/$value", "GET /users/{id}/photo/$value", "GET /groups/{id}/photo/$value",
		"GET /me/contacts/{id}/photo/$value", "GET /users/{id}/contacts/{id}/photo/$value", "GET /team/{id}/photo/$value"}
	for _, tc := range []struct {
		name  string
		perms string
		eps   []string
		want  []string // per endpoint: the least scope of its table, "union" (the page's, or its own of several tables) or "unknown"
		diags []string
	}{
		{"headings", "### To get the photo of a contact\n\n" + include("contact") + "\n### To get the photo of a group\n\n" + include("group") +
			"\n### To get the photo of a team\n\n" + include("team") + "\n### To get the photo of a user\n\n" + include("user"),
			photoEps, []string{"User.Read", "User.Read", "Group.Read", "Contact.Read", "Contact.Read", "Team.Read"}, nil},
		{"http after, lead-ins", "Permissions as an admin:\n\n" + include("group") + "\n```http\nGET /admin/widgets/{id}\n```\n\n" +
			"Permissions for a user:\n\n```http\nGET /users/{id}/widgets/{id}\nGET /me/widgets/{id}\n```\n\n" + include("user"),
			[]string{"GET /me/widgets/{id}", "GET /admin/widgets/{id}", "GET /users/{id}/widgets/{id}"}, []string{"User.Read", "Group.Read", "User.Read"}, nil},
		{"http blocks alone", "```http\nPOST /teams/{id}/widgets\n```\n\n" + include("team") + "\n```http\nPOST /chats/{id}/widgets\n```\n\n" + include("user") +
			"\n```http\nPOST /me/chats/{id}/widgets\n```\n",
			[]string{"POST /teams/{id}/widgets", "POST /chats/{id}/widgets", "POST /me/chats/{id}/widgets"}, []string{"Team.Read", "User.Read", "User.Read"}, nil},
		{"requestUrls", "<!-- { \"blockType\": \"permissions\", \"requestUrls\": [\"GET /groups/{groupId}/widgets\"] } -->\n" + include("group") +
			"\n<!-- { \"blockType\": \"permissions\", \"requestUrls\": [\"GET /me/widgets\", \"GET /users/{userId}/widgets\"] } -->\n" + include("user"),
			[]string{"GET /me/widgets", "GET /users/{id}/widgets", "GET /groups/{id}/widgets"}, []string{"User.Read", "User.Read", "Group.Read"}, nil},
		{"requestUrls disagree", "Permissions for a user:\n\n```http\nGET /users/{id}/widgets\n```\n\n" + include("user") +
			"\nPermissions for a group:\n\n```http\nGET /groups/{id}/widgets\n```\n\n" +
			"<!-- { \"blockType\": \"permissions\", \"requestUrls\": [\"GET /users/{id}/widgets\"] } -->\n" + include("group"),
			[]string{"GET /users/{id}/widgets", "GET /groups/{id}/widgets"}, []string{"union", "Group.Read"},
			[]string{"permission-table-signals", "permission-table-unsure"}},
		{"none sure", include("user") + "\n" + include("group"), []string{"GET /widgets", "GET /widgets/{id}"}, []string{"union", "union"},
			[]string{"permission-table-unsure"}},
		{"one missing", "### For users\n\n" + include("user") + "\n### For groups\n\n" + include("missing"),
			[]string{"GET /users/{id}/widgets", "GET /groups/{id}/widgets"}, []string{"User.Read", "unknown"}, []string{"permission-include-missing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := ParseWith("api/x.md", []byte(opPage(tc.perms, tc.eps...)), inc.read)
			if len(d.Endpoints) != len(tc.eps) {
				t.Fatalf("%d endpoints", len(d.Endpoints))
			}
			for i, ep := range d.Endpoints {
				got := "union"
				switch {
				case ep.PermissionsUnknown:
					got = "unknown"
				case ep.Permissions != nil && len(ep.Permissions[0].Scopes) == 1:
					got = ep.Permissions[0].Scopes[0]
				}
				if got != tc.want[i] {
					t.Errorf("%s %s: %s, want %s (%+v)", ep.Method, ep.Path, got, tc.want[i], ep.Permissions)
				}
			}
			if got := codes(d); !slices.Equal(got, tc.diags) {
				t.Errorf("diagnostics %v, want codes %v", d.Diagnostics, tc.diags)
			}
			// The page's own rows are the union of its readable tables.
			var work []string
			for _, p := range d.Permissions {
				if p.Type == model.PermDelegatedWork {
					work = append(work, p.Scopes...)
				}
			}
			if len(work) < 1 || d.PermissionsUnknown {
				t.Errorf("page permissions %+v (unknown %v)", d.Permissions, d.PermissionsUnknown)
			}
		})
	}
}

// TestPermissionsByResource: a table with one row per resource keeps a row
// per resource and type, never one merged list.
func TestPermissionsByResource(t *testing.T) {
	src := opPage("| Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n|:--|:--|:--|:--|\n"+
		"|[widget](../resources/widget.md) (/widgets) | Widget.Read | Not supported | Widget.Read.All |\n"+
		"|[gadget](../resources/gadget.md) | Not supported | Gadget.Read | Gadget.Read.All, Gadget.ReadWrite.All |\n", "POST /subscriptions")
	d := ParseWith("api/subscription-post.md", []byte(src), nil)
	type row struct{ res, typ, scopes string }
	var got []row
	for _, p := range d.Permissions {
		got = append(got, row{p.Resource, string(p.Type), strings.Join(p.Scopes, ",")})
	}
	want := []row{
		{"widget (/widgets)", "delegatedWork", "Widget.Read"}, {"widget (/widgets)", "delegatedPersonal", ""}, {"widget (/widgets)", "application", "Widget.Read.All"},
		{"gadget", "delegatedWork", ""}, {"gadget", "delegatedPersonal", "Gadget.Read"}, {"gadget", "application", "Gadget.Read.All,Gadget.ReadWrite.All"},
	}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(row{})); diff != "" {
		t.Errorf("rows (-want +got):\n%s", diff)
	}
	if got := codes(d); !slices.Equal(got, []string{"permission-table-by-resource"}) {
		t.Errorf("diagnostics %v", d.Diagnostics)
	}
}

func TestFindIncludes(t *testing.T) {
	got := findIncludes([]byte("a [!include [permissions-table](y.md)] <!-- [!INCLUDE [permissions-table](commented.md)] --> [!INCLUDE[z]( ../Includes\\Permissions/w.md )] [!INCLUDE [sample-code](../includes/snippets/go/s.md)] [!INCLUDE [bad]] <!-- open"))
	want := []include{{"permissions-table", "y.md", 2}, {"z", "../Includes\\Permissions/w.md", 93}}
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(include{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if errors.Is(fmt.Errorf("x: %w", ErrIncludeOutside), fs.ErrNotExist) {
		t.Error("ErrIncludeOutside is ErrNotExist")
	}
}
