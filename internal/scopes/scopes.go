// Package scopes finds the least-privilege scopes of a set of operations:
// per permission type (delegated work or school, delegated personal,
// application), the smallest set of scopes that allows every operation.
// It is pure: operations and their permissions in, a cover out.
//
// A page lists, per permission type, the scopes that each allow the
// operation, least privileged first (model.Permission); an operation needs
// any one of them. Today's pages list them in two columns, the least
// privileged and the higher privileged (an unordered set): a cover chooses
// among the least privileged only (Need.Scopes; the higher ones are
// Need.Higher, which allow the operation too but are never asked for), so
// that an app is not told to ask for Directory.ReadWrite.All because it
// covers more pages at once. Choosing the fewest scopes that hit every operation's
// list is the hitting set problem (set cover, seen from the scopes), which
// is NP-hard, but Graph's instances are small once split up: Cover solves
// them exactly by branch and bound and says so (Result.Exact). The
// objective, compared in this order:
//
//  1. the number of scopes (the fewest an app must be consented);
//  2. the privilege: the sum, over the operations, of the position (rank,
//     0 for the first) in the operation's list of the least privileged
//     chosen scope that allows it, so that among equally small covers the
//     one nearest each page's least privileged scope wins;
//  3. for determinism, the chosen names sorted, compared as lists.
//
// Scope names are compared case-insensitively (a page may write
// "Directory.Read.All" where another writes "Directory.read.all"); a scope
// is spelled as the byte-wise smallest of its spellings. An operation whose
// list is empty is not allowed with the permission type at all (the page
// says "Not supported."): it is listed apart, in Result.NotAllowed, and no
// scope is chosen for it. An operation whose page documents no permissions
// graphgen could read is Undocumented (unknown is not "not supported"):
// listed apart too, in Result.Undocumented. Rows per resource (POST
// /subscriptions) give an unranked list: any scope of any resource.
//
// # Algorithm
//
// Operations with the same list (after case folding) are merged into one,
// weighted by their number. The operations then fall apart into connected
// components (two operations are connected when their lists share a
// scope); the objective adds up over components, and so does its
// tie-break (for covers of equal size, the sorted list of the union is
// decided by the smallest name in which two covers differ, which lies in
// one component), so each component is solved alone.
//
// A component is searched depth first: at each node the uncovered
// operation with the fewest scopes left is picked, and one branch is made
// per scope of its list, least privileged first; branch i chooses the i-th
// scope and forbids the ones before it, so no cover is visited twice and
// every cover is reachable. A node is cut when its lower bound is worse
// than the best cover so far (seeded with the greedy cover, see below):
//
//   - size: the scopes chosen plus a packing bound, the number of uncovered
//     operations found (greedily, fewest scopes first) whose lists of
//     scopes not yet forbidden are pairwise disjoint: each needs a scope
//     of its own;
//   - privilege (when the size bound equals the best size): the sum over
//     the operations of the smallest rank among the scopes chosen or not
//     yet forbidden, which a cover below the node cannot beat.
//
// Both bounds are sound, so the search is exact when it ends. It visits at
// most NodeLimit nodes in all (Cover) or the limit given (CoverLimit); a
// component whose search is cut short keeps the best cover found, which is
// never worse than the greedy one, and the result says Exact: false.
//
// The greedy cover: repeatedly the scope that allows the most operations
// not yet covered (ties: the smaller sum of ranks over those, then the
// name), then, in reverse order of choice, every scope the others make
// redundant is dropped. It is not always minimal (TestGreedyNotMinimal).
package scopes

import (
	"cmp"
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// Types are the permission types, in the order reports list them.
var Types = []model.PermissionType{model.PermDelegatedWork, model.PermDelegatedPersonal, model.PermApplication}

// TypeTitle names a permission type as the pages' tables do.
func TypeTitle(t model.PermissionType) string {
	switch t {
	case model.PermDelegatedWork:
		return "Delegated (work or school account)"
	case model.PermDelegatedPersonal:
		return "Delegated (personal Microsoft account)"
	case model.PermApplication:
		return "Application"
	}
	return string(t)
}

// Need is one operation's need under one permission type.
type Need struct {
	Op string // the operation's name, as the caller wants it reported
	// Scopes are the scopes a cover may choose for the operation: its
	// least privileged scopes, least privileged first; empty when the type
	// does not allow it at all.
	Scopes []string
	// Unordered: Scopes are not ranked (the scopes of rows per resource,
	// or a higher privileged set standing alone): every one has rank 0.
	Unordered bool
	// Higher are scopes that allow the operation too but that a cover does
	// not choose for it: the higher privileged ones (model.Permission's
	// Higher). Allows counts them.
	Higher []string
	// Undocumented: the page documents no permissions graphgen could read,
	// so nothing is known; the operation is neither covered nor "not
	// allowed".
	Undocumented bool
}

// Allows reports whether scope (any case) allows the operation: one of
// Scopes or Higher.
func (n Need) Allows(scope string) bool {
	eq := func(x string) bool { return strings.EqualFold(x, scope) }
	return slices.ContainsFunc(n.Scopes, eq) || slices.ContainsFunc(n.Higher, eq)
}

// Op is an operation with its permissions rows.
type Op struct {
	Name        string
	Permissions []model.Permission
	// Unknown: the page gives no readable permissions (Undocumented).
	Unknown bool
}

// Needs returns each operation's need under permission type t: the least
// privileged scopes of its rows of that type, in order, without repeats
// (compared case-insensitively), and their higher privileged scopes apart.
// Rows per resource (Permission.Resource) give the union of their scopes,
// sorted and unranked: which one is needed depends on the resource the
// request names. A type whose rows list only higher privileged scopes gets
// those, unranked. An operation with rows of other types only is not
// allowed with t; one without any row, or Unknown, is Undocumented.
func Needs(ops []Op, t model.PermissionType) []Need {
	out := make([]Need, len(ops))
	add := func(list *[]string, s string) {
		if s = strings.TrimSpace(s); s != "" && !slices.ContainsFunc(*list, func(x string) bool { return strings.EqualFold(x, s) }) {
			*list = append(*list, s)
		}
	}
	for i, op := range ops {
		n := &out[i]
		n.Op = op.Name
		n.Undocumented = op.Unknown || len(op.Permissions) == 0
		byResource := false
		for _, p := range op.Permissions {
			if p.Type == t && p.Resource != "" {
				byResource = true
			}
		}
		var higher []string
		for _, p := range op.Permissions {
			if p.Type != t {
				continue
			}
			for _, s := range p.Scopes {
				add(&n.Scopes, s)
			}
			for _, s := range p.Higher {
				add(&higher, s)
			}
		}
		if byResource {
			for _, s := range higher {
				add(&n.Scopes, s)
			}
			higher = nil
			slices.SortFunc(n.Scopes, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
			n.Unordered = true
		}
		for _, s := range higher {
			if !n.Allows(s) {
				n.Higher = append(n.Higher, s)
			}
		}
		if len(n.Scopes) == 0 && len(n.Higher) > 0 {
			n.Scopes, n.Higher, n.Unordered = n.Higher, nil, true
		}
	}
	return out
}

// Result is the least-privilege cover of a set of operations under one
// permission type.
type Result struct {
	// Scopes are the chosen scopes, sorted by name; nil when no operation
	// is allowed with the type.
	Scopes []Chosen
	// NotAllowed are the operations whose list is empty, in input order.
	NotAllowed []string
	// Undocumented are the operations whose page documents no permissions,
	// in input order: not covered (nothing says what they need).
	Undocumented []string
	// Rank is the privilege of the cover: the sum, over the operations it
	// covers, of the rank of the scope that covers each (Chosen.Ops).
	Rank int
	// Exact is false when the search hit its node limit: the cover is then
	// the best found (at least as good as the greedy one), perhaps not the
	// smallest.
	Exact bool
}

// Chosen is a chosen scope and the operations it covers: those for which
// it is the least privileged chosen scope (so each covered operation is
// under exactly one scope, and every chosen scope has one at least).
type Chosen struct {
	Scope string
	Ops   []string // in input order
}

// Names returns the chosen scopes' names, nil when there are none.
func (r Result) Names() []string {
	var out []string
	for _, c := range r.Scopes {
		out = append(out, c.Scope)
	}
	return out
}

// NodeLimit is the number of search nodes Cover visits at most, over all
// components.
const NodeLimit = 1 << 20

// Cover returns the least-privilege cover of ops (see the package doc),
// visiting at most NodeLimit search nodes.
func Cover(ops []Need) Result { return CoverLimit(ops, NodeLimit) }

// CoverLimit is Cover visiting at most limit search nodes. With limit <= 0
// it does not search: the result is the greedy cover with redundant scopes
// dropped, and Exact is false unless there is nothing to cover.
func CoverLimit(ops []Need, limit int) Result {
	inst := newInstance(ops)
	res := Result{Exact: true}
	for _, op := range ops {
		switch {
		case op.Undocumented && len(op.Scopes) == 0:
			res.Undocumented = append(res.Undocumented, op.Op)
		case len(op.Scopes) == 0:
			res.NotAllowed = append(res.NotAllowed, op.Op)
		}
	}
	budget := limit
	var chosen []int
	for _, comp := range inst.components() {
		sol, exact := inst.solve(comp, &budget)
		if !exact {
			res.Exact = false
		}
		chosen = append(chosen, sol...)
	}
	if len(chosen) == 0 {
		return res
	}
	slices.SortFunc(chosen, func(a, b int) int { return strings.Compare(inst.names[a], inst.names[b]) })
	pos := map[int]int{}
	for i, s := range chosen {
		pos[s] = i
		res.Scopes = append(res.Scopes, Chosen{Scope: inst.names[s]})
	}
	for _, op := range ops {
		if len(op.Scopes) == 0 {
			continue
		}
		for r, s := range inst.list(op.Scopes) {
			if i, ok := pos[s]; ok {
				res.Scopes[i].Ops = append(res.Scopes[i].Ops, op.Op)
				res.Rank += rank(r, op.Unordered)
				break
			}
		}
	}
	return res
}

// instance is a set of needs with scopes numbered and identical lists
// merged.
type instance struct {
	names   []string       // scope index -> spelling
	index   map[string]int // lower-case name -> scope index
	groups  []group        // operations with the same list
	holders [][]int        // scope index -> the groups whose list holds it
}

// group is the operations sharing one list.
type group struct {
	list      []int // scope indexes, least privileged first
	unordered bool  // every scope of list has rank 0
	weight    int   // how many operations
}

// rank is the rank of the r-th scope of a list.
func rank(r int, unordered bool) int {
	if unordered {
		return 0
	}
	return r
}

func newInstance(ops []Need) *instance {
	inst := &instance{index: map[string]int{}}
	for _, op := range ops {
		for _, s := range op.Scopes {
			k := strings.ToLower(s)
			if i, ok := inst.index[k]; ok {
				inst.names[i] = min(inst.names[i], s)
				continue
			}
			inst.index[k] = len(inst.names)
			inst.names = append(inst.names, s)
		}
	}
	inst.holders = make([][]int, len(inst.names))
	seen := map[string]int{}
	for _, op := range ops {
		if len(op.Scopes) == 0 {
			continue
		}
		l := inst.list(op.Scopes)
		var key strings.Builder
		if op.Unordered {
			key.WriteString("\x01")
		}
		for _, s := range l {
			key.WriteString(inst.names[s])
			key.WriteByte(0)
		}
		k := strings.ToLower(key.String())
		if g, ok := seen[k]; ok {
			inst.groups[g].weight++
			continue
		}
		seen[k] = len(inst.groups)
		g := group{list: l, unordered: op.Unordered, weight: 1}
		for _, s := range l {
			inst.holders[s] = append(inst.holders[s], len(inst.groups))
		}
		inst.groups = append(inst.groups, g)
	}
	return inst
}

// list numbers a list of scope names, dropping repeats.
func (inst *instance) list(scopes []string) []int {
	var out []int
	for _, s := range scopes {
		i := inst.index[strings.ToLower(s)]
		if !slices.Contains(out, i) {
			out = append(out, i)
		}
	}
	return out
}

// components splits the groups into connected components (lists sharing a
// scope), each a sorted list of group indexes, in order of their first
// group.
func (inst *instance) components() [][]int {
	parent := make([]int, len(inst.groups))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, gs := range inst.holders {
		for _, g := range gs[min(1, len(gs)):] {
			a, b := find(gs[0]), find(g)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	byRoot := map[int]int{}
	var out [][]int
	for g := range inst.groups {
		r := find(g)
		i, ok := byRoot[r]
		if !ok {
			i = len(out)
			byRoot[r] = i
			out = append(out, nil)
		}
		out[i] = append(out[i], g)
	}
	return out
}

// cost is a cover's objective: size, privilege, then the sorted names.
type cost struct {
	size, rank int
	names      []string
}

func compareCost(a, b cost) int {
	return cmp.Or(cmp.Compare(a.size, b.size), cmp.Compare(a.rank, b.rank), slices.Compare(a.names, b.names))
}

// solve finds the best cover of one component's groups, spending at most
// *budget nodes (and taking them off it); exact is false when it ran out.
func (inst *instance) solve(comp []int, budget *int) (chosen []int, exact bool) {
	s := inst.newSearch(comp)
	s.best = s.greedy(true)
	s.bestCost = s.cost(s.best)
	s.budget = budget
	s.exact = true
	s.branch(nil)
	out := make([]int, len(s.best))
	for i, x := range s.best {
		out[i] = s.scopes[x]
	}
	return out, s.exact
}

// newSearch numbers a component's scopes and groups locally.
func (inst *instance) newSearch(comp []int) *search {
	s := &search{inst: inst}
	local := map[int]int{}
	for _, g := range comp {
		gr := inst.groups[g]
		l := make([]int, len(gr.list))
		for i, x := range gr.list {
			if _, ok := local[x]; !ok {
				local[x] = len(s.scopes)
				s.scopes = append(s.scopes, x)
				s.holders = append(s.holders, nil)
			}
			l[i] = local[x]
			s.holders[l[i]] = append(s.holders[l[i]], len(s.lists))
		}
		s.lists = append(s.lists, l)
		s.unordered = append(s.unordered, gr.unordered)
		s.weights = append(s.weights, gr.weight)
	}
	s.chosen = make([]bool, len(s.scopes))
	s.forbidden = make([]bool, len(s.scopes))
	s.hits = make([]int, len(s.lists))
	s.mark = make([]int, len(s.scopes))
	return s
}

// search is the branch and bound over one component; scopes are numbered
// locally (0..len(scopes)-1), groups too.
type search struct {
	inst      *instance
	scopes    []int   // local -> instance scope index
	lists     [][]int // group -> local scopes, least privileged first
	unordered []bool  // group -> its list is not ranked
	weights   []int
	holders   [][]int // local scope -> groups whose list holds it

	chosen, forbidden []bool
	hits              []int // group -> number of chosen scopes in its list
	mark              []int // scratch for the packing bound
	stamp             int

	best     []int
	bestCost cost
	budget   *int
	exact    bool
}

func (s *search) name(x int) string { return s.inst.names[s.scopes[x]] }

// cost of a cover (local scopes).
func (s *search) cost(cover []int) cost {
	in := make([]bool, len(s.scopes))
	for _, x := range cover {
		in[x] = true
	}
	c := cost{size: len(cover)}
	for g, l := range s.lists {
		for r, x := range l {
			if in[x] {
				c.rank += rank(r, s.unordered[g]) * s.weights[g]
				break
			}
		}
	}
	for _, x := range cover {
		c.names = append(c.names, s.name(x))
	}
	slices.Sort(c.names)
	return c
}

// greedy is the greedy cover: the scope allowing the most uncovered
// operations first (ties: the smaller sum of their ranks, then the name);
// with drop, every scope the others make redundant is then dropped, latest
// choice first.
func (s *search) greedy(drop bool) []int {
	covered := make([]bool, len(s.lists))
	left := len(s.lists)
	var cover []int
	for left > 0 {
		bestX, bestN, bestR := -1, 0, 0
		for x := range s.scopes {
			n, r := 0, 0
			for _, g := range s.holders[x] {
				if !covered[g] {
					n += s.weights[g]
					r += rank(slices.Index(s.lists[g], x), s.unordered[g]) * s.weights[g]
				}
			}
			if n == 0 {
				continue
			}
			if bestX < 0 || n > bestN || n == bestN && (r < bestR || r == bestR && s.name(x) < s.name(bestX)) {
				bestX, bestN, bestR = x, n, r
			}
		}
		cover = append(cover, bestX)
		for _, g := range s.holders[bestX] {
			if !covered[g] {
				covered[g] = true
				left--
			}
		}
	}
	if !drop {
		return cover
	}
	hits := make([]int, len(s.lists))
	for _, x := range cover {
		for _, g := range s.holders[x] {
			hits[g]++
		}
	}
	for i := len(cover) - 1; i >= 0; i-- {
		x := cover[i]
		redundant := true
		for _, g := range s.holders[x] {
			if hits[g] < 2 {
				redundant = false
				break
			}
		}
		if redundant {
			for _, g := range s.holders[x] {
				hits[g]--
			}
			cover = slices.Delete(cover, i, i+1)
		}
	}
	return cover
}

// Greedy returns the plain greedy cover of ops, sorted: the scope allowing
// the most operations not yet covered first, no scope dropped afterwards.
// It is not always minimal (TestGreedyNotMinimal); Cover starts from it
// (with redundant scopes dropped) and improves on it.
func Greedy(ops []Need) []string {
	inst := newInstance(ops)
	var out []string
	for _, comp := range inst.components() {
		s := inst.newSearch(comp)
		for _, x := range s.greedy(false) {
			out = append(out, s.name(x))
		}
	}
	slices.Sort(out)
	return out
}

// branch explores the node where the scopes in s.chosen are chosen and
// those in s.forbidden may not be; path is the chosen scopes in order.
func (s *search) branch(path []int) {
	if *s.budget <= 0 {
		s.exact = false
		return
	}
	*s.budget--
	// The uncovered group with the fewest scopes left.
	pick, fewest := -1, 0
	for g, l := range s.lists {
		if s.hits[g] > 0 {
			continue
		}
		n := 0
		for _, x := range l {
			if !s.forbidden[x] {
				n++
			}
		}
		if n == 0 {
			return // cannot be covered here
		}
		if pick < 0 || n < fewest {
			pick, fewest = g, n
		}
	}
	if pick < 0 {
		// Everything is covered: a cover.
		if c := s.cost(path); compareCost(c, s.bestCost) < 0 {
			s.best, s.bestCost = slices.Clone(path), c
		}
		return
	}
	if !s.promising(len(path)) {
		return
	}
	var undo []int
	for _, x := range s.lists[pick] {
		if s.forbidden[x] {
			continue
		}
		s.chosen[x] = true
		for _, g := range s.holders[x] {
			s.hits[g]++
		}
		s.branch(append(path, x))
		s.chosen[x] = false
		for _, g := range s.holders[x] {
			s.hits[g]--
		}
		s.forbidden[x] = true
		undo = append(undo, x)
	}
	for _, x := range undo {
		s.forbidden[x] = false
	}
}

// promising reports whether a cover below the node (size chosen so far)
// may beat the best one: by the packing bound on its size and, at equal
// size, the bound on its privilege.
func (s *search) promising(size int) bool {
	// Packing: uncovered groups with pairwise disjoint allowed scopes,
	// fewest scopes first (a cheap order: by list length).
	s.stamp++
	bound := size
	order := s.uncoveredByLength()
	for _, g := range order {
		free := true
		for _, x := range s.lists[g] {
			if !s.forbidden[x] && s.mark[x] == s.stamp {
				free = false
				break
			}
		}
		if !free {
			continue
		}
		for _, x := range s.lists[g] {
			if !s.forbidden[x] {
				s.mark[x] = s.stamp
			}
		}
		bound++
	}
	if bound != s.bestCost.size {
		return bound < s.bestCost.size
	}
	rk := 0
	for g, l := range s.lists {
		for r, x := range l {
			if s.chosen[x] || !s.forbidden[x] {
				rk += rank(r, s.unordered[g]) * s.weights[g]
				break
			}
		}
	}
	// Equal bounds may still win on names.
	return rk <= s.bestCost.rank
}

func (s *search) uncoveredByLength() []int {
	var out []int
	for g := range s.lists {
		if s.hits[g] == 0 {
			out = append(out, g)
		}
	}
	slices.SortStableFunc(out, func(a, b int) int { return cmp.Compare(len(s.lists[a]), len(s.lists[b])) })
	return out
}
