package scopes

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/graphgen/graphgen/internal/model"
)

func need(op string, scopes ...string) Need { return Need{Op: op, Scopes: scopes} }

// TestGreedyNotMinimal: the scope allowing the most operations first (C3,
// 8 operations, over R1 and R2, 7 each) leads to three scopes, none of
// which the other two make redundant; R1 and R2 cover everything.
func TestGreedyNotMinimal(t *testing.T) {
	// Operation i lists the scopes "containing" element i of the classic
	// set cover example: rows R1 = 1..7, R2 = 8..14; columns C1 = {1, 8},
	// C2 = {2, 3, 9, 10}, C3 = {4..7, 11..14}.
	var ops []Need
	for i := 1; i <= 14; i++ {
		row := "R1"
		if i > 7 {
			row = "R2"
		}
		col := "C3"
		switch i {
		case 1, 8:
			col = "C1"
		case 2, 3, 9, 10:
			col = "C2"
		}
		ops = append(ops, need(fmt.Sprint("op", i), col, row))
	}
	if got, want := Greedy(ops), []string{"C1", "C2", "C3"}; !slices.Equal(got, want) {
		t.Fatalf("Greedy = %v, want %v (the case no longer shows greedy failing)", got, want)
	}
	if got := CoverLimit(ops, 0); len(got.Scopes) != 3 || got.Exact {
		t.Fatalf("CoverLimit(0) = %v exact %v, want the greedy 3 scopes, not exact", got.Names(), got.Exact)
	}
	got := Cover(ops)
	if want := []string{"R1", "R2"}; !slices.Equal(got.Names(), want) || !got.Exact {
		t.Fatalf("Cover = %v exact %v, want %v exact", got.Names(), got.Exact, want)
	}
	// Each operation lists its column first: every one is covered at rank 1.
	if got.Rank != 14 {
		t.Errorf("Rank = %d, want 14", got.Rank)
	}
}

// TestLeastPrivilegedWins: two covers of one scope each; Z.Read is ranked
// first by more operations, so it wins over A.ReadWrite, which the names
// alone would prefer.
func TestLeastPrivilegedWins(t *testing.T) {
	ops := []Need{
		need("GetThing", "Z.Read", "A.ReadWrite"),
		need("ListThings", "Z.Read", "A.ReadWrite"),
		need("UpdateThing", "A.ReadWrite", "Z.Read"),
	}
	got := Cover(ops)
	want := Result{Scopes: []Chosen{{Scope: "Z.Read", Ops: []string{"GetThing", "ListThings", "UpdateThing"}}}, Rank: 1, Exact: true}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("Cover (-want +got):\n%s", d)
	}
	// Turned around, the other one wins.
	for i := range ops {
		slices.Reverse(ops[i].Scopes)
	}
	if got := Cover(ops).Names(); !slices.Equal(got, []string{"A.ReadWrite"}) {
		t.Errorf("reversed lists: Cover = %v, want [A.ReadWrite]", got)
	}
}

// TestSizeBeforePrivilege: one scope that allows both beats the two least
// privileged ones; each operation is reported under its least privileged
// chosen scope.
func TestSizeBeforePrivilege(t *testing.T) {
	ops := []Need{
		need("Read", "Files.Read", "Files.ReadWrite", "Sites.ReadWrite.All"),
		need("Write", "Files.ReadWrite", "Sites.ReadWrite.All"),
		need("Site", "Sites.Read.All", "Sites.ReadWrite.All"),
	}
	got := Cover(ops)
	want := Result{Scopes: []Chosen{{Scope: "Sites.ReadWrite.All", Ops: []string{"Read", "Write", "Site"}}}, Rank: 2 + 1 + 1, Exact: true}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("Cover (-want +got):\n%s", d)
	}
	// A fourth operation that only Files.Read allows: two scopes, and the
	// best pair is Files.Read with Sites.ReadWrite.All (Read now at rank 0).
	ops = append(ops, need("Peek", "Files.Read"))
	got = Cover(ops)
	want = Result{Scopes: []Chosen{
		{Scope: "Files.Read", Ops: []string{"Read", "Peek"}},
		{Scope: "Sites.ReadWrite.All", Ops: []string{"Write", "Site"}},
	}, Rank: 0 + 1 + 1 + 0, Exact: true}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("Cover with Peek (-want +got):\n%s", d)
	}
}

// TestNotAllowed: an operation a permission type does not support (an empty
// row, or no row) is listed apart and needs no scope.
func TestNotAllowed(t *testing.T) {
	ops := []Op{
		{Name: "ListGroupMembers", Permissions: []model.Permission{
			{Type: model.PermDelegatedWork, Scopes: []string{"GroupMember.Read.All", "Group.Read.All"}},
			{Type: model.PermDelegatedPersonal}, // Not supported.
			{Type: model.PermApplication, Scopes: []string{"GroupMember.Read.All"}},
		}},
		{Name: "GetMe", Permissions: []model.Permission{
			{Type: model.PermDelegatedWork, Scopes: []string{"User.Read"}},
			{Type: model.PermDelegatedPersonal, Scopes: []string{"User.Read"}},
			// No application row.
		}},
	}
	got := map[model.PermissionType]Result{}
	for _, typ := range Types {
		got[typ] = Cover(Needs(ops, typ))
	}
	want := map[model.PermissionType]Result{
		model.PermDelegatedWork: {Scopes: []Chosen{
			{Scope: "GroupMember.Read.All", Ops: []string{"ListGroupMembers"}},
			{Scope: "User.Read", Ops: []string{"GetMe"}},
		}, Exact: true},
		model.PermDelegatedPersonal: {Scopes: []Chosen{{Scope: "User.Read", Ops: []string{"GetMe"}}}, NotAllowed: []string{"ListGroupMembers"}, Exact: true},
		model.PermApplication:       {Scopes: []Chosen{{Scope: "GroupMember.Read.All", Ops: []string{"ListGroupMembers"}}}, NotAllowed: []string{"GetMe"}, Exact: true},
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("per type (-want +got):\n%s", d)
	}
	// A page without a permissions table is neither covered nor "not
	// allowed": nothing is known.
	undoc := Cover(Needs(append(ops, Op{Name: "Mystery"}), model.PermApplication))
	wantApp := want[model.PermApplication]
	wantApp.Undocumented = []string{"Mystery"}
	if d := gocmp.Diff(wantApp, undoc); d != "" {
		t.Errorf("undocumented (-want +got):\n%s", d)
	}
	// Nothing allowed at all: no scopes (nil), every operation listed.
	none := Cover([]Need{need("A"), need("B")})
	if d := gocmp.Diff(Result{NotAllowed: []string{"A", "B"}, Exact: true}, none); d != "" {
		t.Errorf("nothing allowed (-want +got):\n%s", d)
	}
}

// TestNeedsAndSpelling: rows of one type are joined in order without
// repeats, names compare case-insensitively and are spelled as the
// byte-wise smallest spelling.
func TestNeedsAndSpelling(t *testing.T) {
	ops := []Op{{Name: "X", Permissions: []model.Permission{
		{Type: model.PermDelegatedWork, Scopes: []string{"Directory.read.all", "User.Read.All"}},
		{Type: model.PermApplication, Scopes: []string{"Ignored.All"}},
		{Type: model.PermDelegatedWork, Scopes: []string{"user.read.all", " Directory.ReadWrite.All "}},
	}}}
	got := Needs(ops, model.PermDelegatedWork)
	want := []Need{need("X", "Directory.read.all", "User.Read.All", "Directory.ReadWrite.All")}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("Needs (-want +got):\n%s", d)
	}
	r := Cover(append(got, need("Y", "Directory.Read.All")))
	if d := gocmp.Diff([]string{"Directory.Read.All"}, r.Names()); d != "" {
		t.Errorf("Cover names (-want +got):\n%s", d)
	}
	if d := gocmp.Diff([]string{"X", "Y"}, r.Scopes[0].Ops); d != "" {
		t.Errorf("Cover ops (-want +got):\n%s", d)
	}
}

// TestLeastHigherUnknown: a cover chooses among the least privileged
// scopes only, though a higher privileged one would allow more operations
// at once (Directory.Read.All here); the higher ones still allow (Allows).
// Rows per resource give one unranked list; an unknown page is
// Undocumented, not "not allowed".
func TestLeastHigherUnknown(t *testing.T) {
	ops := []Op{
		{Name: "ListUsers", Permissions: []model.Permission{{Type: model.PermApplication, Scopes: []string{"User.Read.All"}, Higher: []string{"Directory.Read.All", "User.ReadWrite.All"}}}},
		{Name: "ListGroups", Permissions: []model.Permission{{Type: model.PermApplication, Scopes: []string{"Group.Read.All"}, Higher: []string{"Directory.Read.All"}}}},
		{Name: "Subscribe", Permissions: []model.Permission{
			{Type: model.PermApplication, Resource: "message", Scopes: []string{"Mail.ReadBasic", "Mail.Read"}},
			{Type: model.PermApplication, Resource: "group", Scopes: []string{"Group.Read.All"}},
		}},
		{Name: "HigherOnly", Permissions: []model.Permission{{Type: model.PermApplication, Higher: []string{"Sites.Read.All", "Files.Read.All"}}}},
		{Name: "Unknown", Unknown: true},
	}
	needs := Needs(ops, model.PermApplication)
	want := []Need{
		{Op: "ListUsers", Scopes: []string{"User.Read.All"}, Higher: []string{"Directory.Read.All", "User.ReadWrite.All"}},
		{Op: "ListGroups", Scopes: []string{"Group.Read.All"}, Higher: []string{"Directory.Read.All"}},
		{Op: "Subscribe", Scopes: []string{"Group.Read.All", "Mail.Read", "Mail.ReadBasic"}, Unordered: true},
		{Op: "HigherOnly", Scopes: []string{"Sites.Read.All", "Files.Read.All"}, Unordered: true},
		{Op: "Unknown", Undocumented: true},
	}
	if d := gocmp.Diff(want, needs); d != "" {
		t.Fatalf("Needs (-want +got):\n%s", d)
	}
	if !needs[0].Allows("directory.read.all") || needs[0].Allows("Group.Read.All") {
		t.Error("Allows: the higher privileged scopes allow, others do not")
	}
	r := Cover(needs)
	if d := gocmp.Diff([]string{"Files.Read.All", "Group.Read.All", "User.Read.All"}, r.Names()); d != "" {
		t.Errorf("cover (-want +got):\n%s", d)
	}
	if !slices.Equal(r.Undocumented, []string{"Unknown"}) || len(r.NotAllowed) != 0 || r.Rank != 0 {
		t.Errorf("undocumented %v, not allowed %v, rank %d", r.Undocumented, r.NotAllowed, r.Rank)
	}
}

// TestNodeLimit: a search cut short says so and still returns a cover.
func TestNodeLimit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	ops := randomNeeds(rng, 40, 120, 6)
	full := Cover(ops)
	if !full.Exact {
		t.Fatalf("Cover of 40 scopes and 120 operations is not exact")
	}
	cut := CoverLimit(ops, 5)
	if cut.Exact {
		t.Fatalf("CoverLimit(5) says exact")
	}
	checkCover(t, ops, cut)
	if len(cut.Scopes) < len(full.Scopes) {
		t.Errorf("cut search found %d scopes, the exact one %d", len(cut.Scopes), len(full.Scopes))
	}
}

// TestCoverMatchesBruteForce compares Cover with the best of all subsets of
// scopes on random small instances (several components, merged identical
// lists, empty lists), and checks that the instances are not all easy: in
// some, greedy (with redundant scopes dropped) is worse.
func TestCoverMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	greedyWorse := 0
	for n := range 3000 {
		ops := randomNeeds(rng, 1+rng.IntN(8), 1+rng.IntN(9), 4)
		got := Cover(ops)
		want := bruteForce(ops)
		if !got.Exact || !slices.Equal(got.Names(), want.names) || got.Rank != want.rank {
			t.Fatalf("instance %d %v:\nCover = %v rank %d exact %v\nbrute force = %v rank %d", n, ops, got.Names(), got.Rank, got.Exact, want.names, want.rank)
		}
		checkCover(t, ops, got)
		if g := CoverLimit(ops, 0); len(g.Scopes) > len(want.names) || len(g.Scopes) == len(want.names) && g.Rank > want.rank {
			greedyWorse++
		}
	}
	if greedyWorse == 0 {
		t.Errorf("greedy was never worse than the optimum: the instances test nothing")
	}
	t.Logf("greedy worse in %d of 3000 instances", greedyWorse)
}

// randomNeeds makes ops operations over scopes scopes (named so that name
// order is not privilege order), each listing up to maxLen of them in a
// random order, about one in ten listing none.
func randomNeeds(rng *rand.Rand, scopes, ops, maxLen int) []Need {
	names := make([]string, scopes)
	for i := range names {
		names[i] = fmt.Sprintf("%c.S%d", 'A'+rng.IntN(26), i)
	}
	out := make([]Need, ops)
	for i := range out {
		out[i].Op = fmt.Sprint("op", i)
		if rng.IntN(10) == 0 {
			continue
		}
		perm := rng.Perm(scopes)
		out[i].Unordered = rng.IntN(4) == 0
		out[i].Scopes = make([]string, 0, maxLen)
		for _, j := range perm[:1+rng.IntN(min(maxLen, scopes))] {
			out[i].Scopes = append(out[i].Scopes, names[j])
		}
	}
	return out
}

type best struct {
	names []string
	rank  int
}

// bruteForce tries every subset of the scopes: fewest, then the smallest
// sum of ranks, then the smallest sorted names.
func bruteForce(ops []Need) best {
	var all []string
	for _, op := range ops {
		for _, s := range op.Scopes {
			if !slices.Contains(all, s) {
				all = append(all, s)
			}
		}
	}
	var b *best
	for mask := 0; mask < 1<<len(all); mask++ {
		var set []string
		for i, s := range all {
			if mask&(1<<i) != 0 {
				set = append(set, s)
			}
		}
		rank, ok := 0, true
		for _, op := range ops {
			if len(op.Scopes) == 0 {
				continue
			}
			r := slices.IndexFunc(op.Scopes, func(s string) bool { return slices.Contains(set, s) })
			if r < 0 {
				ok = false
				break
			}
			if !op.Unordered {
				rank += r
			}
		}
		if !ok {
			continue
		}
		slices.Sort(set)
		c := best{set, rank}
		if b == nil || cmp.Or(cmp.Compare(len(c.names), len(b.names)), cmp.Compare(c.rank, b.rank), slices.Compare(c.names, b.names)) < 0 {
			b = &c
		}
	}
	return *b
}

// checkCover checks r is a cover of ops: every allowed operation under
// exactly one chosen scope, its least privileged chosen one, every chosen
// scope with one operation at least, Rank their sum, NotAllowed the rest.
func checkCover(t *testing.T, ops []Need, r Result) {
	t.Helper()
	names := r.Names()
	if !slices.IsSorted(names) {
		t.Errorf("scopes not sorted: %v", names)
	}
	under := map[string]string{}
	for _, c := range r.Scopes {
		if len(c.Ops) == 0 {
			t.Errorf("%s covers no operation", c.Scope)
		}
		for _, op := range c.Ops {
			under[op] = c.Scope
		}
	}
	rank := 0
	var notAllowed []string
	for _, op := range ops {
		if len(op.Scopes) == 0 {
			notAllowed = append(notAllowed, op.Op)
			continue
		}
		i := slices.IndexFunc(op.Scopes, func(s string) bool {
			return slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, s) })
		})
		if i < 0 {
			t.Fatalf("%s is not covered by %v", op.Op, names)
		}
		if !strings.EqualFold(under[op.Op], op.Scopes[i]) {
			t.Errorf("%s is under %q, want its least privileged chosen %q", op.Op, under[op.Op], op.Scopes[i])
		}
		if !op.Unordered {
			rank += i
		}
	}
	if rank != r.Rank {
		t.Errorf("Rank = %d, want %d", r.Rank, rank)
	}
	if !slices.Equal(notAllowed, r.NotAllowed) {
		t.Errorf("NotAllowed = %v, want %v", r.NotAllowed, notAllowed)
	}
}
