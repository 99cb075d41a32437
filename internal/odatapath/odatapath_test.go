package odatapath

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
)

func lit(n string) model.Segment  { return model.Segment{Kind: model.SegLiteral, Name: n} }
func par(n string) model.Segment  { return model.Segment{Kind: model.SegParam, Name: n} }
func item(n string) model.Segment { return model.Segment{Kind: model.SegItemPath, Name: n} }

func TestParse(t *testing.T) {
	cases := []struct {
		in     string
		path   string // "" when it is in, without its query
		query  string
		segs   []model.Segment
		params []string
	}{
		{in: "/users/{id | userPrincipalName}/gadgets/{gadget-id}",
			segs:   []model.Segment{lit("users"), {Kind: model.SegParam, Name: "id", Alternatives: []string{"id", "userPrincipalName"}}, lit("gadgets"), par("gadget-id")},
			params: []string{"id", "gadget-id"}},
		{in: "/users/{id|userPrincipalName}",
			segs:   []model.Segment{lit("users"), {Kind: model.SegParam, Name: "id", Alternatives: []string{"id", "userPrincipalName"}}},
			params: []string{"id"}},
		{in: "/me/gadgets?$select=name,size&$filter=size eq 'big'", path: "/me/gadgets", query: "$select=name,size&$filter=size eq 'big'",
			segs: []model.Segment{lit("me"), lit("gadgets")}, params: []string{}},
		{in: "/gadgets/{gadgetId}/microsoft.graph.shinyGadget",
			segs:   []model.Segment{lit("gadgets"), par("gadgetId"), {Kind: model.SegCast, Name: "microsoft.graph.shinyGadget"}},
			params: []string{"gadgetId"}},
		{in: "/me/calendar/getSchedule(start='{startTime}',end='{endTime}')",
			segs: []model.Segment{lit("me"), lit("calendar"), {Kind: model.SegFunction, Name: "getSchedule", Args: []model.Arg{
				{Name: "start", Value: "'{startTime}'", Param: "startTime"}, {Name: "end", Value: "'{endTime}'", Param: "endTime"}}}},
			params: []string{"startTime", "endTime"}},
		{in: "/reports/getGadgetCounts(period='{period_value}', top={n})",
			segs: []model.Segment{lit("reports"), {Kind: model.SegFunction, Name: "getGadgetCounts", Args: []model.Arg{
				{Name: "period", Value: "'{period_value}'", Param: "period_value"}, {Name: "top", Value: "{n}", Param: "n"}}}},
			params: []string{"period_value", "n"}},
		{in: "/gadgets/delta()", segs: []model.Segment{lit("gadgets"), {Kind: model.SegFunction, Name: "delta"}}, params: []string{}},
		{in: "/users('{userId}')/gadgets",
			segs:   []model.Segment{{Kind: model.SegKey, Name: "users", Args: []model.Arg{{Value: "'{userId}'", Param: "userId"}}}, lit("gadgets")},
			params: []string{"userId"}},
		{in: "/workbook/names('total')",
			segs:   []model.Segment{lit("workbook"), {Kind: model.SegKey, Name: "names", Args: []model.Arg{{Value: "'total'"}}}},
			params: []string{}},
		{in: "/me/drive/root:/{item-path}:/content",
			segs:   []model.Segment{lit("me"), lit("drive"), lit("root"), item("item-path"), lit("content")},
			params: []string{"item-path"}},
		{in: "/me/drive/items/{parent-id}:/{filename}:/content",
			segs:   []model.Segment{lit("me"), lit("drive"), lit("items"), par("parent-id"), item("filename"), lit("content")},
			params: []string{"parent-id", "filename"}},
		{in: "/sites/{hostname}:/{server-relative-path}",
			segs:   []model.Segment{lit("sites"), par("hostname"), item("server-relative-path")},
			params: []string{"hostname", "server-relative-path"}},
		{in: "/me/drive/root:/children", segs: []model.Segment{lit("me"), lit("drive"), lit("root:"), lit("children")}, params: []string{}},
		{in: "/gadgets/{id}/$ref", segs: []model.Segment{lit("gadgets"), par("id"), lit("$ref")}, params: []string{"id"}},
		{in: "/me/photo/$value", segs: []model.Segment{lit("me"), lit("photo"), lit("$value")}, params: []string{}},
		{in: "gadgets/{id}/", path: "gadgets/{id}/", segs: []model.Segment{lit("gadgets"), par("id")}, params: []string{"id"}},
		{in: "/directoryRoles/roleTemplateId={roleTemplateId}/members",
			segs:   []model.Segment{lit("directoryRoles"), {Kind: model.SegParam, Name: "roleTemplateId", Prefix: "roleTemplateId="}, lit("members")},
			params: []string{"roleTemplateId"}},
		{in: "/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{timezone_format}')",
			segs: []model.Segment{lit("me"), lit("outlook"), {Kind: model.SegFunction, Name: "supportedTimeZones", Args: []model.Arg{
				{Name: "TimeZoneStandard", Value: "microsoft.graph.timeZoneStandard'{timezone_format}'", Param: "timezone_format"}}}},
			params: []string{"timezone_format"}},
		{in: "/drive/items/{id}/getByPath(path='/a/b?c')/x?$top=1", path: "/drive/items/{id}/getByPath(path='/a/b?c')/x", query: "$top=1",
			segs: []model.Segment{lit("drive"), lit("items"), par("id"), {Kind: model.SegFunction, Name: "getByPath", Args: []model.Arg{
				{Name: "path", Value: "'/a/b?c'"}}}, lit("x")},
			params: []string{"id"}},
		{in: "/", segs: []model.Segment{}, params: []string{}},
	}
	for _, c := range cases {
		tp, repairs, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if len(repairs) > 0 {
			t.Errorf("Parse(%q): repairs %v, want none", c.in, repairs)
		}
		want := Template{Path: c.path, Query: c.query, Segments: c.segs, Params: c.params}
		if want.Path == "" {
			want.Path = c.in
		}
		if diff := cmp.Diff(want, tp); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", c.in, diff)
		}
		// Printed and parsed again, the same segments.
		again, rs, err := Parse(Print(tp.Segments))
		if err != nil || len(rs) > 0 || !cmp.Equal(again.Segments, tp.Segments) || !cmp.Equal(again.Params, tp.Params) {
			t.Errorf("Parse(Print(%q)) = %q: %+v, %v, %v", c.in, Print(tp.Segments), again.Segments, rs, err)
		}
	}
}

// TestRepairs: the typos of the real pages, each with its one reading.
func TestRepairs(t *testing.T) {
	cases := []struct{ in, path, repair string }{
		{"/servicePrincipals/{id}/tokenLifetimePolicies/{id}$ref", "/servicePrincipals/{id}/tokenLifetimePolicies/{id}/$ref",
			"missing / between {id} and $ref"},
		{"/groups/{group-id/drive/items/{item-id}/follow", "/groups/{group-id}/drive/items/{item-id}/follow",
			"unclosed {group-id read as {group-id}"},
		{"/groups/{group-id", "/groups/{group-id}", "unclosed {group-id read as {group-id}"},
		{"/me/drive/root:/{item-path:/content", "/me/drive/root:/{item-path}:/content", "unclosed {item-path read as {item-path}"},
		{"/financials/companies{id}/vendors{id}", "/financials/companies/{id}/vendors/{id}", "missing / between companies and {id}"},
		{"/users/<id | userPrincipalName>/insights/shared", "/users/{id | userPrincipalName}/insights/shared",
			"<id | userPrincipalName> read as {id | userPrincipalName}"},
		{"/workbook/worksheets/{id|name}/range(address='<address>')/clear", "/workbook/worksheets/{id|name}/range(address='{address}')/clear",
			"<address> read as {address}"},
		{"/workbook/names(<name>)", "/workbook/names({name})", "<name> read as {name}"},
		{"/print/reports/getGroupArchivedPrintJobs(groupId=groupId-value,startDateTime=startDateTime-value)",
			"/print/reports/getGroupArchivedPrintJobs(groupId={groupId},startDateTime={startDateTime})",
			"groupId=groupId-value read as groupId={groupId}"},
		{"/accessReviews('{reviewId}')/reviewers('{userId'})", "/accessReviews('{reviewId}')/reviewers('{userId}')",
			"'{userId'} read as '{userId}'"},
		{"/users/{user-id} | user-principal-name/chats/{chat-id}", "/users/{user-id | user-principal-name}/chats/{chat-id}",
			"{user-id} | user-principal-name read as {user-id | user-principal-name}"},
		{"/informationProtection/bitlocker/recoveryKeys/'{bitlockeryRecoveryKeyId}'", "/informationProtection/bitlocker/recoveryKeys/{bitlockeryRecoveryKeyId}",
			"quoted key segment '{bitlockeryRecoveryKeyId}' read as {bitlockeryRecoveryKeyId}"},
		{"~/onPremisesPublishingProfiles/{publishingType}/agentGroups", "/onPremisesPublishingProfiles/{publishingType}/agentGroups",
			"~/ (the service root) read as /"},
		{"/me/drive/root:/{item-path}/children", "/me/drive/root:/{item-path}/children", "the item path {item-path} is closed with ':' before /children"},
	}
	for _, c := range cases {
		tp, repairs, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if tp.Path != c.path {
			t.Errorf("Parse(%q).Path = %q, want %q", c.in, tp.Path, c.path)
		}
		found := false
		for _, r := range repairs {
			found = found || r.Message == c.repair
		}
		if !found {
			t.Errorf("Parse(%q) repairs = %v, want %q among them", c.in, repairs, c.repair)
		}
		checkNoBraces(t, c.in, tp.Segments)
		if n := strings.Count(c.path, "{"); len(tp.Params) != n {
			t.Errorf("Parse(%q) params = %v, want %d", c.in, tp.Params, n)
		}
	}
	// Several of one kind in a path: one repair.
	_, repairs, _ := Parse("/financials/companies{id}/journals{id}/journalLines{id}")
	if len(repairs) != 3 || repairs[0].Message != "missing / between companies and {id}" || repairs[2].Message != "missing / between journalLines and {id}" {
		t.Errorf("companies: repairs = %v", repairs)
	}
	_, repairs, _ = Parse("/a/{id}$ref/b/{id}$ref")
	if len(repairs) != 1 {
		t.Errorf("a repeated reading is reported once: %v", repairs)
	}
}

func TestRefused(t *testing.T) {
	for _, in := range []string{
		"/gadgets/{id} /extra",
		"** Collection URI for microsoft.management.services.api.appVulnerabilityManagedDevice",
		"/groups/group-id}/drive",
		"/users/{}/x",
		"/users/{a{b}}",
		"/users/{id}.json",
		"/f(a='{x}'",
		"/f(a='{x}')b",
		"/f(a={x}{y})",
		"/f(a=pre{x})",
		"/f(a=)",
		"/f(a b=1)",
		"/users)",
		"/users/{id!}",
		"/users/{a | }",
		"/a{b/c}",
		"/x/:/{a b}:",
		"/f(a='{x}'y)",
		"/users/'{id}",
	} {
		tp, repairs, err := Parse(in)
		var e *Error
		if err == nil {
			t.Errorf("Parse(%q) = %+v (repairs %v), want an error", in, tp.Segments, repairs)
			continue
		}
		if e, _ = err.(*Error); e == nil || e.Msg == "" {
			t.Errorf("Parse(%q) error %T %v, want an *Error with a message", in, err, err)
		}
	}
}

// checkNoBraces: no { or } outside a parameter's own name.
func checkNoBraces(t *testing.T, in string, segs []model.Segment) {
	t.Helper()
	for _, s := range segs {
		if strings.ContainsAny(s.Name+s.Prefix, "{}") {
			t.Errorf("Parse(%q): segment %+v holds a brace", in, s)
		}
		for _, a := range s.Args {
			if strings.ContainsAny(a.Name, "{}") || a.Param == "" && strings.ContainsAny(a.Value, "{}") {
				t.Errorf("Parse(%q): argument %+v holds a brace", in, a)
			}
			if a.Param != "" {
				pre, post, _ := Affixes(a)
				if strings.ContainsAny(pre+post, "{}") {
					t.Errorf("Parse(%q): argument %+v's affixes %q %q hold a brace", in, a, pre, post)
				}
			}
		}
	}
}

func TestSplitQuery(t *testing.T) {
	for _, c := range []struct{ in, path, query string }{
		{"/a/b", "/a/b", ""},
		{"/a/b?x=1?y", "/a/b", "x=1?y"},
		{"/f(q='what?')/g?$top=1", "/f(q='what?')/g", "$top=1"},
		{"/f(q=')?(')?z", "/f(q=')?(')", "z"},
		{"/{a?b}/c?d", "/{a?b}/c", "d"},
		{"/{unclosed/x?q", "/{unclosed/x", "q"},
		{"/it's/here?q='a'", "/it's/here", "q='a'"},
	} {
		p, q, _ := SplitQuery(c.in)
		if p != c.path || q != c.query {
			t.Errorf("SplitQuery(%q) = %q, %q; want %q, %q", c.in, p, q, c.path, c.query)
		}
	}
}

func TestSplit(t *testing.T) {
	got := Split("id, displayName,members($select=id,name),f('a,b')", ',')
	want := []string{"id", "displayName", "members($select=id,name)", "f('a,b')"}
	if !cmp.Equal(got, want) {
		t.Errorf("Split = %q, want %q", got, want)
	}
	if got := Split("", ','); got != nil {
		t.Errorf("Split(\"\") = %q", got)
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		tmpl, url string
		want      []string // nil: no match
	}{
		{"/users/{id}/gadgets/{gid}", "https://graph.microsoft.com/v1.0/users/a%2Fb/gadgets/x?$select=id", []string{"a/b", "x"}},
		{"/users/{id}/gadgets/{gid}", "https://graph.microsoft.com/v1.0/Users/1/Gadgets/2", []string{"1", "2"}},
		{"/users/{id}/gadgets/{gid}", "https://graph.microsoft.com/v1.0/users/1/gadgets", nil},
		{"/users/{id}/gadgets", "https://graph.microsoft.com/v1.0/users/1/gadgets/2", nil},
		{"/users/{id}/gadgets", "/beta/users/1/widgets", nil},
		{"/me/drive/root:/{item-path}:/content", "https://graph.microsoft.com/v1.0/me/drive/root:/a/b c/d.txt:/content", []string{"a/b c/d.txt"}},
		{"/me/drive/root:/{item-path}", "https://graph.microsoft.com/v1.0/me/drive/root:/a/d.txt:", []string{"a/d.txt"}},
		{"/me/drive/root:/{item-path}:/content", "https://graph.microsoft.com/v1.0/me/drive/root/a/content", nil},
		{"/me/drive/items/{parent-id}:/{filename}:/content", "/v1.0/me/drive/items/01ABC:/f.txt:/content", []string{"01ABC", "f.txt"}},
		{"/me/calendar/getSchedule(start='{s}',end='{e}')", "/v1.0/me/calendar/getSchedule(end='2',start='it''s')", []string{"it's", "2"}},
		{"/reports/getCounts(period='{p}')", "/v1.0/reports/getCounts(period='D7')?$format=text/csv", []string{"D7"}},
		{"/reports/getCounts(period='{p}')", "/v1.0/reports/getCounts(days='D7')", nil},
		{"/users('{id}')/x", "/v1.0/users('a(b)')/x", []string{"a(b)"}},
		{"/gadgets/delta()", "/v1.0/gadgets/delta", []string{}},
		{"/gadgets/delta()", "/v1.0/gadgets/delta()", []string{}},
		{"/f(a={x})", "/v1.0/f", nil},
		{"/directoryRoles/roleTemplateId={r}/members", "/v1.0/directoryRoles/roleTemplateId=88d8/members", []string{"88d8"}},
		{"/directoryRoles/roleTemplateId={r}/members", "/v1.0/directoryRoles/88d8/members", nil},
		{"/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{tz}')",
			"/v1.0/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'Iana')", []string{"Iana"}},
		{"/drive/items/{id}/getByPath(path='{p}')", "/v1.0/drive/items/1/getByPath(path='/a/b')", []string{"1", "/a/b"}},
	}
	for _, c := range cases {
		tp, _, err := Parse(c.tmpl)
		if err != nil {
			t.Fatalf("Parse(%q): %v", c.tmpl, err)
		}
		got, ok := Match(tp.Segments, ParseURL(c.url))
		if c.want == nil {
			if ok {
				t.Errorf("Match(%q, %q) = %q, want no match", c.tmpl, c.url, got)
			}
			continue
		}
		if !ok {
			t.Errorf("Match(%q, %q): no match, want %q", c.tmpl, c.url, c.want)
			continue
		}
		if len(got) == 0 && len(c.want) == 0 {
			continue
		}
		if !cmp.Equal(got, c.want) {
			t.Errorf("Match(%q, %q) = %q, want %q", c.tmpl, c.url, got, c.want)
		}
		if n := len(Params(tp.Segments)); n != len(got) {
			t.Errorf("Match(%q): %d values for %d params", c.tmpl, len(got), n)
		}
	}
}

func TestParseURL(t *testing.T) {
	u := ParseURL("https://graph.microsoft.com/beta/me/events/a%2Fb?$filter=x eq 'a?b'#frag")
	if !cmp.Equal(u, URL{Segments: []string{"me", "events", "a/b"}, Query: "$filter=x eq 'a?b'"}) {
		t.Errorf("ParseURL = %+v", u)
	}
	if u := ParseURL("https://graph.microsoft.com"); !cmp.Equal(u.Segments, []string{""}) {
		t.Errorf("ParseURL(host only) = %+v", u)
	}
}

func TestVersion(t *testing.T) {
	for _, c := range []struct{ in, v, rest string }{
		{"https://graph.microsoft.com/v1.0/me", "v1.0", "/me"},
		{"https://graph.microsoft.com/beta", "beta", ""},
		{"https://graph.microsoft.com/betamax/me", "", ""},
		{"https://example.com/v1.0/me", "", ""},
	} {
		if v, rest := Version(c.in); v != c.v || rest != c.rest {
			t.Errorf("Version(%q) = %q, %q; want %q, %q", c.in, v, rest, c.v, c.rest)
		}
	}
}

func TestKey(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"/users/{id}/events/{event-id}", "/users/{}/events/{}"},
		{"/Users/{user-id}/Events/{eventId}", "/users/{}/events/{}"},
		{"/users('{id}')/photo/$value", "/users/{}/photo/$value"},
		{"/me/drive/root:/{item-path}:/content", "/me/drive/root:/{}:/content"},
		{"/reports/f(period='{p}',top=5)", "/reports/f(period={},top=5)"},
		{"/directoryRoles/roleTemplateId={r}", "/directoryroles/roletemplateid={}"},
		{"/", "/"},
	} {
		tp, _, err := Parse(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := Key(tp.Segments); got != c.want {
			t.Errorf("Key(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestAffixes(t *testing.T) {
	for _, c := range []struct {
		a         model.Arg
		pre, post string
		quoted    bool
	}{
		{model.Arg{Value: "'{x}'", Param: "x"}, "", "", true},
		{model.Arg{Value: "{x}", Param: "x"}, "", "", false},
		{model.Arg{Value: "{ x }", Param: "x"}, "", "", false},
		{model.Arg{Value: "microsoft.graph.timeZoneStandard'{x}'", Param: "x"}, "microsoft.graph.timeZoneStandard", "", true},
	} {
		pre, post, q := Affixes(c.a)
		if pre != c.pre || post != c.post || q != c.quoted {
			t.Errorf("Affixes(%+v) = %q, %q, %v", c.a, pre, post, q)
		}
	}
}

func TestSystem(t *testing.T) {
	tp, _, _ := Parse("/me/photo/$value/$ref/$count/$metadata/value")
	var got []string
	for _, s := range tp.Segments {
		got = append(got, System(s))
	}
	if want := []string{"", "", "$value", "$ref", "$count", "", ""}; !cmp.Equal(got, want) {
		t.Errorf("System = %q, want %q", got, want)
	}
}

func TestParams(t *testing.T) {
	tp, _, _ := Parse("/sites/{h}:/{p}:/f(a='{x}',b=2,c={y})/users('{u}')/roleTemplateId={r}")
	got := Params(tp.Segments)
	want := []Param{
		{Name: "h", Kind: InSegment, Seg: 1},
		{Name: "p", Kind: InItemPath, Seg: 2},
		{Name: "x", Kind: InFunction, Seg: 3, Arg: 0},
		{Name: "y", Kind: InFunction, Seg: 3, Arg: 2},
		{Name: "u", Kind: InFunction, Seg: 4, Arg: 0},
		{Name: "r", Kind: InSegment, Seg: 5},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Params (-want +got):\n%s", diff)
	}
	var names []string
	for _, p := range got {
		names = append(names, p.Name)
	}
	if !cmp.Equal(names, tp.Params) {
		t.Errorf("Params names %q, Template.Params %q", names, tp.Params)
	}
}

func TestRepairsMore(t *testing.T) {
	for _, c := range []struct{ in, path, repair string }{
		{"/teams/(team-id)/channels/{channel-id}", "/teams/{team-id}/channels/{channel-id}", "(team-id) read as {team-id}"},
		{"/worksheets/{id|name}/range(address='<address>'/entireRow", "/worksheets/{id|name}/range(address='{address}')/entireRow",
			"unclosed range(address='{address}' read as range(address='{address}')"},
	} {
		tp, repairs, err := Parse(c.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", c.in, err)
			continue
		}
		if tp.Path != c.path || !slicesContains(repairs, c.repair) {
			t.Errorf("Parse(%q) = %q, %v; want %q with %q", c.in, tp.Path, repairs, c.path, c.repair)
		}
	}
	// Read as they are, without a repair.
	for _, in := range []string{"/organization/{tenant id}/branding/{property name}", "/workbook/worksheets({id|name})/names",
		"/drive/root:/{path and filename}:/content"} {
		if tp, repairs, err := Parse(in); err != nil || len(repairs) > 0 {
			t.Errorf("Parse(%q) = %+v, %v, %v", in, tp.Segments, repairs, err)
		}
	}
}

func slicesContains(rs []Repair, msg string) bool {
	for _, r := range rs {
		if r.Message == msg {
			return true
		}
	}
	return false
}
