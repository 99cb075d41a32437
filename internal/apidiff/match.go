package apidiff

import (
	"sort"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
)

// matchOperations pairs old and new operations and returns the pairs (in
// old-page order) and the operations left on each side.
//
// Pairs are chosen greedily: first by the number of shared endpoint keys (more first; ties broken by equal title, then equal base name,
// then page paths); then, among pages left, by title (case-insensitive;
// pages sharing a title pair by base name first, and two pages alone with
// their title pair with each other); then by base name. Pairs made by title
// alone or base name alone must share an HTTP method (unless one page has no
// endpoints); pages with the same title and base name pair whatever their
// methods (a page that fixed its method from POST to DELETE).
func matchOperations(oldOps, newOps []*api.Operation) (pairs [][2]*api.Operation, oldLeft, newLeft []*api.Operation) {
	oldKeys := make([]map[string]bool, len(oldOps))
	oldTitle, oldBase := make([]string, len(oldOps)), make([]string, len(oldOps))
	for i, d := range oldOps {
		oldKeys[i] = endpointKeys(d)
		oldTitle[i], oldBase[i] = titleKey(d.Title), baseKey(d.Page.Path)
	}
	newTitle, newBase := make([]string, len(newOps)), make([]string, len(newOps))
	for j, d := range newOps {
		newTitle[j], newBase[j] = titleKey(d.Title), baseKey(d.Page.Path)
	}
	byKey := make(map[string][]int)
	for j, d := range newOps {
		for k := range endpointKeys(d) {
			byKey[k] = append(byKey[k], j)
		}
	}
	type cand struct {
		i, j, overlap   int
		sameTitle, same bool
	}
	var cands []cand
	for i := range oldOps {
		count := make(map[int]int)
		for k := range oldKeys[i] {
			for _, j := range byKey[k] {
				count[j]++
			}
		}
		for j, n := range count {
			cands = append(cands, cand{i: i, j: j, overlap: n,
				sameTitle: oldTitle[i] == newTitle[j],
				same:      oldBase[i] == newBase[j]})
		}
	}
	sort.Slice(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if x.overlap != y.overlap {
			return x.overlap > y.overlap
		}
		if x.sameTitle != y.sameTitle {
			return x.sameTitle
		}
		if x.same != y.same {
			return x.same
		}
		if x.i != y.i {
			return oldOps[x.i].Page.Path < oldOps[y.i].Page.Path
		}
		return newOps[x.j].Page.Path < newOps[y.j].Page.Path
	})
	oldTo := make([]int, len(oldOps))
	for i := range oldTo {
		oldTo[i] = -1
	}
	newUsed := make([]bool, len(newOps))
	for _, c := range cands {
		if oldTo[c.i] >= 0 || newUsed[c.j] {
			continue
		}
		oldTo[c.i], newUsed[c.j] = c.j, true
	}

	// By title, then by base name, among the pages left.
	for ki, key := range [][2][]string{{oldTitle, newTitle}, {oldBase, newBase}} {
		olds := make(map[string][]int)
		news := make(map[string][]int)
		for i := range oldOps {
			if oldTo[i] < 0 {
				if k := key[0][i]; k != "" {
					olds[k] = append(olds[k], i)
				}
			}
		}
		for j := range newOps {
			if !newUsed[j] {
				if k := key[1][j]; k != "" {
					news[k] = append(news[k], j)
				}
			}
		}
		keys := make([]string, 0, len(olds))
		for k := range olds {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			os, ns := olds[k], news[k]
			if len(ns) == 0 {
				continue
			}
			pair := func(i, j int) {
				oldTo[i], newUsed[j] = j, true
			}
			// Same base name first (only meaningful when matching by title).
			for _, i := range os {
				for _, j := range ns {
					if oldTo[i] < 0 && !newUsed[j] && oldBase[i] == newBase[j] && (ki == 0 || shareMethod(oldOps[i], newOps[j])) {
						pair(i, j)
					}
				}
			}
			var ro, rn []int
			for _, i := range os {
				if oldTo[i] < 0 {
					ro = append(ro, i)
				}
			}
			for _, j := range ns {
				if !newUsed[j] {
					rn = append(rn, j)
				}
			}
			if len(ro) == 1 && len(rn) == 1 && shareMethod(oldOps[ro[0]], newOps[rn[0]]) {
				pair(ro[0], rn[0])
			}
		}
	}

	for i, j := range oldTo {
		if j >= 0 {
			pairs = append(pairs, [2]*api.Operation{oldOps[i], newOps[j]})
		} else {
			oldLeft = append(oldLeft, oldOps[i])
		}
	}
	for j, used := range newUsed {
		if !used {
			newLeft = append(newLeft, newOps[j])
		}
	}
	return pairs, oldLeft, newLeft
}

func endpointKeys(op *api.Operation) map[string]bool {
	m := make(map[string]bool, len(op.Endpoints))
	for _, e := range op.Endpoints {
		m[e.Key] = true
	}
	return m
}

// shareMethod reports whether the operations have a common HTTP method, or
// either has no endpoint.
func shareMethod(a, b *api.Operation) bool {
	if len(a.Endpoints) == 0 || len(b.Endpoints) == 0 {
		return true
	}
	for _, x := range a.Endpoints {
		for _, y := range b.Endpoints {
			if strings.EqualFold(x.Method, y.Method) {
				return true
			}
		}
	}
	return false
}

// matchTypes pairs types by qualified name (case-insensitive); then, among
// the types left, by simple name (case-insensitive), types sharing a name
// pairing by page base name first, then in qualified-name order.
func matchTypes(oldTypes, newTypes []*api.Type) (pairs [][2]*api.Type, oldLeft, newLeft []*api.Type) {
	paired := make(map[*api.Type]*api.Type)
	used := make(map[*api.Type]bool)
	byQual := make(map[string]*api.Type, len(newTypes))
	for _, n := range newTypes {
		k := strings.ToLower(n.QualifiedName())
		if byQual[k] == nil {
			byQual[k] = n
		}
	}
	for _, o := range oldTypes {
		if n := byQual[strings.ToLower(o.QualifiedName())]; n != nil && !used[n] {
			paired[o], used[n] = n, true
		}
	}

	news := make(map[string][]*api.Type)
	for _, n := range newTypes {
		if !used[n] {
			k := strings.ToLower(n.Name)
			news[k] = append(news[k], n)
		}
	}
	olds := make(map[string][]*api.Type)
	var order []string
	for _, o := range oldTypes {
		if paired[o] != nil {
			continue
		}
		k := strings.ToLower(o.Name)
		if _, ok := olds[k]; !ok {
			order = append(order, k)
		}
		olds[k] = append(olds[k], o)
	}
	for _, k := range order {
		os, ns := olds[k], news[k]
		for _, o := range os {
			for _, n := range ns {
				if paired[o] == nil && !used[n] && baseKey(pagePath(o)) == baseKey(pagePath(n)) {
					paired[o], used[n] = n, true
				}
			}
		}
		for _, o := range os {
			if paired[o] != nil {
				continue
			}
			for _, n := range ns {
				if !used[n] {
					paired[o], used[n] = n, true
					break
				}
			}
		}
	}
	for _, o := range oldTypes {
		if n := paired[o]; n != nil {
			pairs = append(pairs, [2]*api.Type{o, n})
		} else {
			oldLeft = append(oldLeft, o)
		}
	}
	for _, n := range newTypes {
		if !used[n] {
			newLeft = append(newLeft, n)
		}
	}
	return pairs, oldLeft, newLeft
}

// pagePath is the path of t's page, "" when the metadata alone defines it.
func pagePath(t *api.Type) string {
	if t.Page == nil {
		return ""
	}
	return t.Page.Path
}
