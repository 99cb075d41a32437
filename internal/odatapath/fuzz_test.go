package odatapath

import (
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/graphgen/graphgen/internal/model"
)

// FuzzParse: no input panics Parse, ParseURL or Match. A template Parse
// accepts holds no brace outside its parameters' names, prints to a text
// Parse reads back to the same segments without a repair, and a URL made
// from it with a value for every parameter matches it with those values.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"/users/{id | userPrincipalName}/gadgets/{gadget-id}",
		"/me/gadgets?$select=name,size&$filter=size eq 'big'",
		"/me/calendar/getSchedule(start='{startTime}',end='{endTime}')",
		"/reports/getGadgetCounts(period='{period_value}', top={n})",
		"/users('{userId}')/gadgets/delta()",
		"/me/drive/items/{parent-id}:/{filename}:/content",
		"/sites/{hostname}:/{server-relative-path}",
		"/directoryRoles/roleTemplateId={roleTemplateId}/members/$ref",
		"/me/outlook/supportedTimeZones(TimeZoneStandard=microsoft.graph.timeZoneStandard'{tz}')",
		"/servicePrincipals/{id}/tokenLifetimePolicies/{id}$ref",
		"/groups/{group-id/drive/items/{item-id}/follow",
		"/financials/companies{id}/vendors{id}",
		"/users/<id | userPrincipalName>/insights/shared",
		"/f(groupId=groupId-value)/reviewers('{userId'})",
		"/users/{user-id} | user-principal-name/chats",
		"~/x/'{id}'",
		"/gadgets/{id} /extra",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ParseURL(s)
		Split(s, ',')
		tp, repairs, err := Parse(s)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q): error %T", s, err)
			}
			return
		}
		for _, r := range repairs {
			if r.Message == "" {
				t.Errorf("Parse(%q): an empty repair", s)
			}
		}
		checkNoBraces(t, s, tp.Segments)
		var names []string
		for _, p := range Params(tp.Segments) {
			names = append(names, p.Name)
		}
		if !cmp.Equal(names, tp.Params, cmpEmpty) {
			t.Errorf("Parse(%q): Params %q, Template.Params %q", s, names, tp.Params)
		}
		printed := Print(tp.Segments)
		again, rs, err := Parse(printed)
		if err != nil || len(rs) > 0 || !cmp.Equal(again.Segments, tp.Segments, cmpEmpty) {
			t.Fatalf("Parse(%q) then Print = %q: %+v, repairs %v, %v; want %+v", s, printed, again.Segments, rs, err, tp.Segments)
		}
		if Key(again.Segments) != Key(tp.Segments) {
			t.Errorf("Key changed through Print: %q", printed)
		}
		Match(tp.Segments, ParseURL(s))
		if strings.ContainsAny(printed, "%#") {
			return
		}
		u, vals := fill(tp.Segments)
		got, ok := Match(tp.Segments, ParseURL(u))
		if !ok || !cmp.Equal(got, vals, cmpEmpty) {
			t.Errorf("template %q, URL %q: Match = %q, %v; want %q", printed, u, got, ok, vals)
		}
	})
}

var cmpEmpty = cmp.Comparer(func(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
})

// fill writes the URL a client sends for segs with the values v0, v1...,
// and returns the values.
func fill(segs []model.Segment) (string, []string) {
	var b strings.Builder
	var vals []string
	next := func() string {
		v := "v" + strconv.Itoa(len(vals))
		vals = append(vals, v)
		return v
	}
	b.WriteString("https://graph.microsoft.com/v1.0")
	for i, s := range segs {
		if s.Kind == model.SegItemPath {
			b.WriteString(":/" + next())
			if i < len(segs)-1 {
				b.WriteByte(':')
			}
			continue
		}
		b.WriteByte('/')
		switch s.Kind {
		case model.SegParam:
			b.WriteString(s.Prefix + next())
		case model.SegFunction, model.SegKey:
			b.WriteString(s.Name + "(")
			for j, a := range s.Args {
				if j > 0 {
					b.WriteByte(',')
				}
				if a.Name != "" {
					b.WriteString(a.Name + "=")
				}
				if a.Param == "" {
					b.WriteString(a.Value)
					continue
				}
				pre, post, _ := Affixes(a)
				b.WriteString(pre + "'" + next() + "'" + post)
			}
			b.WriteByte(')')
		default:
			b.WriteString(s.Name)
		}
	}
	return b.String(), vals
}
