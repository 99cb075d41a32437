package csdl

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// metadataDir is the real metadata folder: $GRAPHGEN_METADATA or
// ../../../shared/graph-metadata; the test skips when it is absent.
func metadataDir(tb testing.TB) string {
	tb.Helper()
	dir := os.Getenv("GRAPHGEN_METADATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "graph-metadata")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("real metadata not found at %s (set GRAPHGEN_METADATA): %v", dir, err)
	}
	return dir
}

// counts are the figures the corpus test checks, measured on the files (and
// matching grep counts of the elements and annotation terms).
type counts struct {
	Schemas, EntityTypes, ComplexTypes, EnumTypes, Actions, Functions, EntitySets, Singletons int
	Properties, NavigationProperties, Members, Parameters                                     int
	ReadOnly, Optional, Described                                                             int
}

func count(md *Metadata) counts {
	var c counts
	c.Schemas = len(md.Schemas)
	for _, s := range md.Schemas {
		c.EntityTypes += len(s.EntityTypes)
		c.ComplexTypes += len(s.ComplexTypes)
		c.EnumTypes += len(s.EnumTypes)
		c.Actions += len(s.Actions)
		c.Functions += len(s.Functions)
		for _, k := range s.Containers {
			c.EntitySets += len(k.EntitySets)
			c.Singletons += len(k.Singletons)
		}
		for _, list := range [2][]*StructuredType{s.EntityTypes, s.ComplexTypes} {
			for _, t := range list {
				if t.Description != "" {
					c.Described++
				}
				for _, p := range t.Properties {
					c.Properties++
					if p.ReadOnly {
						c.ReadOnly++
					}
					if p.Description != "" {
						c.Described++
					}
				}
				for _, n := range t.NavigationProperties {
					c.NavigationProperties++
					if n.Description != "" {
						c.Described++
					}
				}
			}
		}
		for _, e := range s.EnumTypes {
			c.Members += len(e.Members)
		}
		for _, list := range [2][]*Operation{s.Actions, s.Functions} {
			for _, o := range list {
				if o.Description != "" {
					c.Described++
				}
				for _, p := range o.Parameters {
					c.Parameters++
					if p.Optional {
						c.Optional++
					}
				}
			}
		}
	}
	return c
}

func TestCorpus(t *testing.T) {
	dir := metadataDir(t)
	for _, c := range []struct {
		file string
		want counts
	}{
		// Described: every Core.Description annotation lands, but for the
		// 44 repeats of a target in 2021-07/beta.xml and 15 in v1.0.xml.
		{"2018-12/beta.xml", counts{1, 686, 605, 410, 636, 224, 67, 14, 7085, 669, 2191, 2168, 17, 0, 4096}},
		{"2018-12/v1.0.xml", counts{1, 304, 259, 169, 512, 176, 22, 10, 3060, 363, 965, 1789, 9, 0, 1834}},
		{"2021-07/beta.xml", counts{7, 1322, 1279, 874, 925, 335, 73, 35, 13286, 1485, 4761, 3345, 161, 12, 7437}},
		{"2021-07/v1.0.xml", counts{3, 507, 515, 322, 596, 212, 40, 23, 4850, 603, 1787, 2088, 96, 0, 2109}},
	} {
		t.Run(c.file, func(t *testing.T) {
			path := filepath.Join(dir, filepath.FromSlash(c.file))
			src, err := os.ReadFile(path)
			if err != nil {
				t.Skipf("metadata file %s not readable: %v", path, err)
			}
			start := time.Now()
			md, err := Parse(bytes.NewReader(src), path)
			elapsed := time.Since(start)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s: %d bytes in %v", c.file, len(src), elapsed)
			if md.File != path {
				t.Errorf("File = %q, want %q", md.File, path)
			}
			if diff := cmp.Diff(c.want, count(md)); diff != "" {
				t.Errorf("counts (-want +got):\n%s", diff)
			}
			// The same counts straight from the bytes.
			got := count(md)
			for el, n := range map[string]int{
				"<EntityType ": got.EntityTypes, "<ComplexType ": got.ComplexTypes, "<EnumType ": got.EnumTypes,
				"<Action ": got.Actions, "<Function ": got.Functions, "<EntitySet ": got.EntitySets, "<Singleton ": got.Singletons,
				"<Schema ": got.Schemas, "<Property ": got.Properties, "<NavigationProperty ": got.NavigationProperties,
				"<Member ": got.Members, "<Parameter ": got.Parameters,
			} {
				if k := bytes.Count(src, []byte(el)); k != n {
					t.Errorf("%d %q in the file, %d parsed", k, el, n)
				}
			}
			checkPositions(t, src, md)
			checkResolved(t, md)
			checkFacts(t, c.file, md)
		})
	}
}

// checkPositions: every element's Pos is a '<' followed by its element name.
func checkPositions(t *testing.T, src []byte, md *Metadata) {
	t.Helper()
	lines := []int{0} // byte offset of each line
	for i, b := range src {
		if b == '\n' {
			lines = append(lines, i+1)
		}
	}
	bad := 0
	check := func(p Pos, name string) {
		if bad > 5 {
			return
		}
		off := -1
		if p.Line >= 1 && p.Line <= len(lines) {
			off = lines[p.Line-1] + p.Col - 1
		}
		if off < 0 || !bytes.HasPrefix(src[off:], []byte("<"+name)) {
			bad++
			t.Errorf("position %v is not at <%s", p, name)
		}
	}
	for _, s := range md.Schemas {
		check(s.Pos, "Schema")
		for _, list := range [2][]*StructuredType{s.EntityTypes, s.ComplexTypes} {
			for _, ty := range list {
				check(ty.Pos, map[string]string{"entity": "EntityType", "complex": "ComplexType"}[ty.Kind])
				for _, p := range ty.Properties {
					check(p.Pos, "Property ")
				}
				for _, n := range ty.NavigationProperties {
					check(n.Pos, "NavigationProperty")
				}
			}
		}
		for _, e := range s.EnumTypes {
			check(e.Pos, "EnumType")
			for _, m := range e.Members {
				check(m.Pos, "Member")
			}
		}
		for _, list := range [2][]*Operation{s.Actions, s.Functions} {
			for _, o := range list {
				check(o.Pos, map[string]string{"action": "Action", "function": "Function"}[o.Kind])
				for _, p := range o.Parameters {
					check(p.Pos, "Parameter")
				}
			}
		}
		for _, k := range s.Containers {
			check(k.Pos, "EntityContainer")
			for _, es := range k.EntitySets {
				check(es.Pos, "EntitySet")
			}
			for _, st := range k.Singletons {
				check(st.Pos, "Singleton")
			}
		}
	}
}

// checkResolved: every type name is resolved (no alias left) and names a type
// of the document.
func checkResolved(t *testing.T, md *Metadata) {
	t.Helper()
	x := NewIndex(md)
	bad := 0
	check := func(name, where string) {
		if bad > 5 || strings.HasPrefix(name, "Edm.") {
			return
		}
		if _, ok := x.Type(name); ok {
			return
		}
		if _, ok := x.Enum(name); ok {
			return
		}
		bad++
		t.Errorf("%s: type %q not declared", where, name)
	}
	for _, ty := range x.Types() {
		q := ty.QualifiedName()
		if ty.BaseType != "" {
			check(ty.BaseType, q)
		}
		for _, p := range ty.Properties {
			check(p.Type.Name, q+"/"+p.Name)
		}
		for _, n := range ty.NavigationProperties {
			check(n.Type.Name, q+"/"+n.Name)
		}
	}
	for _, o := range x.Operations() {
		for _, p := range o.Parameters {
			check(p.Type.Name, o.QualifiedName()+"/"+p.Name)
		}
		if o.ReturnType != nil {
			check(o.ReturnType.Name, o.QualifiedName())
		}
	}
	for _, s := range md.Schemas {
		for _, k := range s.Containers {
			for _, es := range k.EntitySets {
				check(es.EntityType, es.Name)
			}
			for _, st := range k.Singletons {
				check(st.Type, st.Name)
			}
		}
	}
}

// checkFacts: things the docs and generator rely on.
func checkFacts(t *testing.T, file string, md *Metadata) {
	t.Helper()
	x := NewIndex(md)
	a, ok := x.Type("microsoft.graph.deviceConfigurationAssignment")
	if !ok {
		t.Fatal("microsoft.graph.deviceConfigurationAssignment not found")
	}
	if a.Kind != "entity" || a.BaseType != "microsoft.graph.entity" || x.File(a) != md.File {
		t.Errorf("deviceConfigurationAssignment: kind %q, base %q, file %q", a.Kind, a.BaseType, x.File(a))
	}
	if p, ok := a.Property("target"); !ok || p.Type != (TypeRef{Name: "microsoft.graph.deviceAndAppManagementAssignmentTarget"}) {
		t.Errorf("deviceConfigurationAssignment.target = %+v, %v", p, ok)
	}
	g, ok := x.Type("microsoft.graph.groupAssignmentTarget")
	if !ok || g.Kind != "complex" || g.BaseType != "microsoft.graph.deviceAndAppManagementAssignmentTarget" {
		t.Errorf("groupAssignmentTarget = %+v, %v", g, ok)
	}
	found := false
	for _, d := range x.Derived("microsoft.graph.deviceAndAppManagementAssignmentTarget") {
		found = found || d == g
		if d.BaseType != "microsoft.graph.deviceAndAppManagementAssignmentTarget" {
			t.Errorf("Derived lists %s with base %s", d.Name, d.BaseType)
		}
	}
	if !found {
		t.Error("Derived(deviceAndAppManagementAssignmentTarget) does not list groupAssignmentTarget")
	}
	if _, ok := x.Type("microsoft.graph.user"); !ok {
		t.Error("microsoft.graph.user not found")
	}
	if file != "2021-07/beta.xml" {
		return
	}
	if diff := cmp.Diff([]string{
		"microsoft.graph/graph", "microsoft.graph.ediscovery/", "microsoft.graph.termStore/",
		"microsoft.graph.callRecords/", "microsoft.graph.managedTenants/",
		"microsoft.graph.externalConnectors/", "microsoft.graph.windowsUpdates/",
	}, func() (out []string) {
		for _, s := range md.Schemas {
			out = append(out, s.Namespace+"/"+s.Alias)
		}
		return out
	}()); diff != "" {
		t.Errorf("schemas (-want +got):\n%s", diff)
	}
	s, ok := x.Type("microsoft.graph.applicationSignInSummary")
	if !ok {
		t.Fatal("microsoft.graph.applicationSignInSummary not found")
	}
	if p, ok := s.Property("successPercentage"); !ok || p.Type != (TypeRef{Name: "Edm.Double"}) || !p.Type.IsPrimitive() {
		t.Errorf("applicationSignInSummary.successPercentage = %+v, %v", p, ok)
	}
	// Out-of-line Computed, Permissions and Description on one property.
	dm, _ := x.Type("microsoft.graph.deviceManagement")
	if p, ok := dm.Property("deviceComplianceReportSummarizationDateTime"); !ok || !p.ReadOnly ||
		p.Description != "The last requested time of device compliance reporting for this account. This property is read-only." {
		t.Errorf("deviceManagement.deviceComplianceReportSummarizationDateTime = %+v, %v", p, ok)
	}
	// Computed alone.
	b, _ := x.Type("microsoft.graph.bookingAppointment")
	if p, ok := b.Property("duration"); !ok || !p.ReadOnly {
		t.Errorf("bookingAppointment.duration = %+v, %v; want ReadOnly", p, ok)
	}
	if p, ok := b.Property("customerId"); !ok || p.ReadOnly {
		t.Errorf("bookingAppointment.customerId = %+v, %v; want not ReadOnly", p, ok)
	}
	// A type in another schema, with an alias-resolved base type.
	if cr, ok := x.Type("microsoft.graph.callRecords.callRecord"); !ok || cr.BaseType != "microsoft.graph.entity" {
		t.Errorf("callRecords.callRecord = %+v, %v", cr, ok)
	}
	// Inline OptionalParameter, and a function with a collection return.
	var roleSchedules *Operation
	for _, o := range x.Operations() {
		if o.Name == "roleSchedules" && o.Parameters[0].Type.Name == "microsoft.graph.rbacApplication" {
			roleSchedules = o
		}
	}
	if roleSchedules == nil {
		t.Fatal("function roleSchedules bound to rbacApplication not found")
	}
	var optional []string
	for _, p := range roleSchedules.Parameters {
		if p.Optional {
			optional = append(optional, p.Name)
		}
	}
	if diff := cmp.Diff([]string{"directoryScopeId", "appScopeId", "principalId", "roleDefinitionId"}, optional); diff != "" {
		t.Errorf("roleSchedules optional parameters (-want +got):\n%s", diff)
	}
	if rt := roleSchedules.ReturnType; roleSchedules.Kind != "function" || !roleSchedules.IsBound || rt == nil ||
		rt.String() != "Collection(microsoft.graph.unifiedRoleScheduleBase)" {
		t.Errorf("roleSchedules = %+v", roleSchedules)
	}
}

// TestCorpusIndex indexes beta and v1.0 of 2021-07 together.
func TestCorpusIndex(t *testing.T) {
	dir := metadataDir(t)
	var docs []*Metadata
	for _, f := range []string{"beta.xml", "v1.0.xml"} {
		path := filepath.Join(dir, "2021-07", f)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("metadata file %s not readable: %v", path, err)
		}
		md, err := ParseFile(path)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, md)
	}
	x := NewIndex(docs...)
	if got, want := len(x.Types()), 1322+1279+507+515; got != want {
		t.Errorf("%d types, want %d", got, want)
	}
	if got, want := len(x.Operations()), 925+335+596+212; got != want {
		t.Errorf("%d operations, want %d", got, want)
	}
	u, ok := x.Type("MICROSOFT.GRAPH.USER")
	if !ok || x.File(u) != docs[0].File {
		t.Errorf("Type(MICROSOFT.GRAPH.USER) = %v from %q, want beta's", ok, x.File(u))
	}
	files := map[string]int{}
	for _, d := range x.Derived("microsoft.graph.deviceAndAppManagementAssignmentTarget") {
		files[filepath.Base(x.File(d))]++
	}
	if files["beta.xml"] == 0 || files["v1.0.xml"] == 0 {
		t.Errorf("Derived across documents by file: %v", files)
	}
	if e, ok := x.Enum("microsoft.graph.ediscovery.caseStatus"); !ok || len(e.Members) == 0 {
		t.Errorf("Enum(microsoft.graph.ediscovery.caseStatus) = %+v, %v", e, ok)
	}
}
