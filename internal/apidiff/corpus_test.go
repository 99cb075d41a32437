package apidiff

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
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
	r := Diff(loadDocs(t, oldFile), loadDocs(t, newFile))
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
	r := Diff(oldDocs, newDocs)
	total := time.Since(start)
	counts := r.CountByKind()
	t.Logf("%d old pages, %d new pages; parse %v, diff %v, total %v", len(oldDocs), len(newDocs), parsed.Round(time.Millisecond), (total - parsed).Round(time.Millisecond), total.Round(time.Millisecond))
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
	max := map[Kind]int{OperationRemoved: 100, TypeRemoved: 160}
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

// BenchmarkDiffBeta diffs the parsed beta folders of both revisions (the
// parse is outside the timing); BenchmarkRenderBeta renders that report.
func BenchmarkDiffBeta(b *testing.B) {
	needDocs(b)
	oldDocs := loadDocs(b, filepath.Join(docsRoot, "2018-09/api-reference/beta"))
	newDocs := loadDocs(b, filepath.Join(docsRoot, "2021-07/api-reference/beta"))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Diff(oldDocs, newDocs)
	}
}

func BenchmarkRenderBeta(b *testing.B) {
	needDocs(b)
	r := Diff(loadDocs(b, filepath.Join(docsRoot, "2018-09/api-reference/beta")), loadDocs(b, filepath.Join(docsRoot, "2021-07/api-reference/beta")))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r.Markdown()
		if _, err := r.JSON(); err != nil {
			b.Fatal(err)
		}
	}
}
