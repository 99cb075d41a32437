package apidiff

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/api"
)

// docsRoot is the real documentation, two revisions, read in place.
const docsRoot = "../../../shared/graph-docs"

func needDocs(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(docsRoot); err != nil {
		t.Skipf("real docs not found at %s (%v); skipping", docsRoot, err)
	}
}

// TestSeedRevisions diffs the two real revisions of the seed page, "Update
// deviceConfigurationAssignment" (2018-09, underscores, and 2021-07, dashes),
// and asserts every change they hold.
func TestSeedRevisions(t *testing.T) {
	needDocs(t)
	oldFile := filepath.Join(docsRoot, "2018-09/api-reference/beta/api/intune_deviceconfig_deviceconfigurationassignment_update.md")
	newFile := filepath.Join(docsRoot, "2021-07/api-reference/beta/api/intune-deviceconfig-deviceconfigurationassignment-update.md")
	r := Diff(loadAPI(t, oldFile), loadAPI(t, newFile))
	if r.MatchedOperations != 1 {
		t.Fatalf("matched %d operations, want 1 (the page renamed from _ to -)", r.MatchedOperations)
	}
	type row struct {
		Kind     Kind
		Breaking bool
		Item     string
		Old, New string
		OldLine  int
		NewLine  int
	}
	var got []row
	for _, c := range r.Changes {
		got = append(got, row{c.Kind, c.Breaking, c.Item, c.Old, c.New, c.OldLoc.Line, c.NewLoc.Line})
	}
	const p = "PATCH /deviceManagement/deviceConfigurations/{deviceConfigurationId}/"
	want := []row{
		// The macOS SCEP variant is gone in 2021 (old line 28; the new
		// request block starts at line 35).
		{EndpointRemoved, true, p + "microsoft.graph.macOSScepCertificateProfile/rootCertificate/assignments/{deviceConfigurationAssignmentId}", "", "", 28, 35},
		// Two macOS wired-network variants appeared (new lines 41 and 42).
		{EndpointAdded, false, p + "microsoft.graph.macOSWiredNetworkConfiguration/identityCertificateForClientAuthentication/assignments/{deviceConfigurationAssignmentId}", "", "", 23, 42},
		{EndpointAdded, false, p + "microsoft.graph.macOSWiredNetworkConfiguration/rootCertificateForServerValidation/assignments/{deviceConfigurationAssignmentId}", "", "", 23, 41},
		// Application: "Not supported." (line 15) became supported (line 27).
		{PermissionAdded, false, "application DeviceManagementConfiguration.ReadWrite.All", "", "", 15, 27},
		// The body table gained two read-only properties.
		{PropertyAdded, false, "source", "", "deviceAndAppManagementAssignmentSource, read-only", 41, 62},
		{PropertyAdded, false, "sourceId", "", "String, read-only", 41, 63},
		// So the application scopes the page needs went from none to one
		// (not breaking: no app called it with application permissions).
		{ScopesChanged, false, "application", "none", "DeviceManagementConfiguration.ReadWrite.All", 15, 27},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes (-want +got):\n%s", d)
	}
	if r.Breaking() != 1 {
		t.Errorf("%d breaking changes, want 1", r.Breaking())
	}
}

// TestBetaFolders diffs the whole beta folders of both revisions: it must
// finish, and give at least the counts below (lower bounds, about 80% of
// what was measured, so a regression in matching or parsing breaks them),
// and at most a bound of pages removed (a matching regression raises those).
func TestBetaFolders(t *testing.T) {
	needDocs(t)
	if testing.Short() {
		t.Skip("parses ~8,000 pages; skipped with -short")
	}
	start := time.Now()
	oldDocs := loadDocs(t, filepath.Join(docsRoot, "2018-09/api-reference/beta"))
	newDocs := loadDocs(t, filepath.Join(docsRoot, "2021-07/api-reference/beta"))
	parsed := time.Since(start)
	r := Diff(api.Build(oldDocs, api.Options{}), api.Build(newDocs, api.Options{}))
	total := time.Since(start)
	counts := r.CountByKind()
	t.Logf("%d old pages, %d new pages; parse %v, link and diff %v, total %v", len(oldDocs), len(newDocs), parsed.Round(time.Millisecond), (total - parsed).Round(time.Millisecond), total.Round(time.Millisecond))
	t.Logf("%d changes, %d breaking; %d operations and %d types matched", len(r.Changes), r.Breaking(), r.MatchedOperations, r.MatchedTypes)
	kinds := make([]string, 0, len(counts))
	for k := range counts {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		t.Logf("  %-24s %d", k, counts[Kind(k)])
	}
	min := map[Kind]int{
		OperationAdded:        1900,
		OperationRemoved:      20,
		TypeAdded:             950,
		TypeRemoved:           60,
		EndpointAdded:         750,
		EndpointRemoved:       350,
		PermissionAdded:       2400,
		PermissionRemoved:     80,
		PropertyAdded:         3300,
		PropertyRemoved:       170,
		PropertyChanged:       400,
		ResponseStatusChanged: 20,
		ResponseTypeChanged:   100,
	}
	for k, n := range min {
		if counts[k] < n {
			t.Errorf("%s: %d changes, want at least %d", k, counts[k], n)
		}
	}
	// A matching regression shows as more pages removed: bound those above.
	// (Types removed: 83 measured since types are linked, a type that
	// several pages describe being one type; 117 when each page counted.)
	max := map[Kind]int{OperationRemoved: 100, TypeRemoved: 115}
	for k, n := range max {
		if counts[k] > n {
			t.Errorf("%s: %d changes, want at most %d", k, counts[k], n)
		}
	}
	if r.MatchedOperations < 2000 || r.MatchedTypes < 880 {
		t.Errorf("matched %d operations and %d types, want at least 2000 and 880", r.MatchedOperations, r.MatchedTypes)
	}
	// The seed page is matched across the rename.
	found := false
	for _, c := range r.Changes {
		if c.Kind == PermissionAdded && c.oldPage == "api/intune_deviceconfig_deviceconfigurationassignment_update.md" &&
			c.newPage == "api/intune-deviceconfig-deviceconfigurationassignment-update.md" {
			found = true
		}
	}
	if !found {
		t.Error("the seed page's Application permission change is not in the corpus diff")
	}
	if os.Getenv("APIDIFF_CORPUS_OUT") != "" {
		r.OldLabel, r.NewLabel = "2018-09/api-reference/beta", "2021-07/api-reference/beta"
		os.WriteFile(os.Getenv("APIDIFF_CORPUS_OUT"), r.Markdown(), 0o644)
	}
}

// metadataRoot is the service's CSDL metadata ($GRAPHGEN_METADATA, else
// next to the docs): 2018-12/beta.xml pairs with the 2018-09 docs,
// 2021-07/beta.xml with the 2021-07 docs.
func metadataRoot(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("GRAPHGEN_METADATA")
	if dir == "" {
		dir = "../../../shared/graph-metadata"
	}
	for _, f := range []string{"2018-12/beta.xml", "2021-07/beta.xml"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Skipf("metadata %s not found (set GRAPHGEN_METADATA): %v; skipping", f, err)
		}
	}
	return dir
}

// TestBetaFoldersMetadata diffs the beta folders with each revision's
// metadata: the metadata decides property and base types, and its types
// that no page describes are compared too. Bounds as in TestBetaFolders
// (measured: 15,629 changes, 1,961 breaking; 1,684 types matched, 1,868
// added, 122 removed; 556 properties changed, 56 of them naming the
// metadata; 1,286 changes located in a metadata file), and two changes
// asserted exactly.
func TestBetaFoldersMetadata(t *testing.T) {
	needDocs(t)
	if testing.Short() {
		t.Skip("parses ~8,000 pages and two 4 MB metadata files; skipped with -short")
	}
	mdDir := metadataRoot(t)
	start := time.Now()
	oldAPI := loadAPI(t, filepath.Join(docsRoot, "2018-09/api-reference/beta"), loadMetadata(t, mdDir, filepath.Join(mdDir, "2018-12/beta.xml"))...)
	newAPI := loadAPI(t, filepath.Join(docsRoot, "2021-07/api-reference/beta"), loadMetadata(t, mdDir, filepath.Join(mdDir, "2021-07/beta.xml"))...)
	r := Diff(oldAPI, newAPI)
	counts := r.CountByKind()
	t.Logf("%v; %d changes, %d breaking; %d operations and %d types matched; %v", time.Since(start).Round(time.Millisecond),
		len(r.Changes), r.Breaking(), r.MatchedOperations, r.MatchedTypes, counts)

	inMeta, citing := 0, 0
	for _, c := range r.Changes {
		if inMetadata(c.OldLoc) || inMetadata(c.NewLoc) {
			inMeta++
		}
		if c.Kind == PropertyChanged && strings.Contains(c.Message, "(metadata: ") {
			citing++
		}
	}
	t.Logf("%d changes located in a metadata file, %d property changes naming the metadata", inMeta, citing)
	if r.MatchedTypes < 1500 || r.MatchedOperations < 2000 {
		t.Errorf("matched %d types and %d operations, want at least 1500 (the metadata's types meet) and 2000", r.MatchedTypes, r.MatchedOperations)
	}
	min := map[Kind]int{TypeAdded: 1500, PropertyChanged: 450, PropertyAdded: 3500, PropertyRemoved: 220, BaseTypeChanged: 30}
	for k, n := range min {
		if counts[k] < n {
			t.Errorf("%s: %d changes, want at least %d", k, counts[k], n)
		}
	}
	if counts[TypeRemoved] > 160 || counts[OperationRemoved] > 100 {
		t.Errorf("%d types and %d operations removed, want at most 160 and 100", counts[TypeRemoved], counts[OperationRemoved])
	}
	if inMeta < 1000 || citing < 45 {
		t.Errorf("%d changes located in the metadata and %d naming it, want at least 1000 and 45", inMeta, citing)
	}

	// ipReferenceData has no page in either revision: the metadata alone
	// says asn went from Int32 to Int64 (the lines are the metadata's).
	// resultInfo (2018's metadata spells it ResultInfo: qualified names
	// match case-insensitively) changed code from String to Int32 in the
	// metadata as in the pages; the lines are the pages'.
	type row struct {
		Name, Item, Old, New, OldLoc, NewLoc string
		Breaking                             bool
	}
	var got []row
	for _, c := range r.Changes {
		if c.Kind == PropertyChanged && (c.Name == "microsoft.graph.ipReferenceData" && c.Item == "asn" || c.Name == "microsoft.graph.resultInfo" && c.Item == "code") {
			got = append(got, row{c.Name, c.Item, c.Old, c.New, c.OldLoc.String(), c.NewLoc.String(), c.Breaking})
			if !strings.Contains(c.Message, "(metadata: old 2018-12/beta.xml:") || !strings.Contains(c.Message, ", new 2021-07/beta.xml:") {
				t.Errorf("%s %s: message %q does not name both metadata files", c.Name, c.Item, c.Message)
			}
		}
	}
	want := []row{
		{"microsoft.graph.ipReferenceData", "asn", "Int32", "Int64", "2018-12/beta.xml:12846", "2021-07/beta.xml:23660", true},
		{"microsoft.graph.resultInfo", "code", "String", "Int32", "resources/resultinfo.md:11", "resources/resultinfo.md:27", true},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("changes from the metadata (-want +got):\n%s", d)
	}
}

func inMetadata(l *Loc) bool { return l != nil && strings.HasSuffix(l.Path, ".xml") }

// BenchmarkDiffBeta diffs the linked beta folders of both revisions (the
// parse and the linking are outside the timing); BenchmarkRenderBeta renders that report.
func BenchmarkDiffBeta(b *testing.B) {
	needDocs(b)
	oldAPI := loadAPI(b, filepath.Join(docsRoot, "2018-09/api-reference/beta"))
	newAPI := loadAPI(b, filepath.Join(docsRoot, "2021-07/api-reference/beta"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Diff(oldAPI, newAPI)
	}
}

func BenchmarkRenderBeta(b *testing.B) {
	needDocs(b)
	r := Diff(loadAPI(b, filepath.Join(docsRoot, "2018-09/api-reference/beta")), loadAPI(b, filepath.Join(docsRoot, "2021-07/api-reference/beta")))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Markdown()
		if _, err := r.JSON(); err != nil {
			b.Fatal(err)
		}
	}
}
