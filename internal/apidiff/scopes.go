package apidiff

import (
	"slices"
	"strings"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/scopes"
)

// diffScopes compares, per permission type, the least-privilege scopes
// (internal/scopes' Cover: the fewest scopes that allow every operation,
// preferring each page's least privileged one) of the operations found in
// both revisions: the old pages' permissions on one side, the new pages'
// on the other. Operations added or removed are left out, so that the
// change says what the same calls now need; an operation a type does not
// allow needs no scope of it.
//
// A change is breaking when some operation that the type allowed in both
// revisions is allowed by none of the old scopes in the new one (counting
// its higher privileged scopes, which allow it too): an app
// consented to the old set can no longer call it. A new set that only
// adds or swaps scopes the old set still satisfies (a less privileged
// scope documented for the first time) is not breaking.
func diffScopes(pairs [][2]*api.Operation) []Change {
	if len(pairs) == 0 {
		return nil
	}
	pairs = slices.Clone(pairs)
	slices.SortStableFunc(pairs, func(a, b [2]*api.Operation) int { return strings.Compare(a[1].Page.Path, b[1].Page.Path) })
	oldOps, newOps := make([]scopes.Op, len(pairs)), make([]scopes.Op, len(pairs))
	for i, p := range pairs {
		oldOps[i] = scopes.Op{Name: opName(p[0]), Permissions: p[0].Permissions, Unknown: p[0].PermissionsUnknown}
		newOps[i] = scopes.Op{Name: opName(p[1]), Permissions: p[1].Permissions, Unknown: p[1].PermissionsUnknown}
	}
	var out []Change
	for ti, t := range scopes.Types {
		on, nn := scopes.Needs(oldOps, t), scopes.Needs(newOps, t)
		or, nr := scopes.Cover(on), scopes.Cover(nn)
		os, ns := or.Names(), nr.Names()
		if slices.EqualFunc(os, ns, strings.EqualFold) {
			continue
		}
		// The operations the old scopes no longer allow, and the first
		// operation whose list changed.
		var lost []string
		culprit := -1
		for i := range pairs {
			o, n := on[i].Scopes, nn[i].Scopes
			if culprit < 0 && !slices.EqualFunc(o, n, strings.EqualFold) {
				culprit = i
			}
			if len(o) > 0 && len(n) > 0 && !slices.ContainsFunc(os, nn[i].Allows) {
				if len(lost) == 0 {
					culprit = i
				}
				lost = append(lost, opName(pairs[i][1])+" at "+pairs[i][1].Page.Path)
			}
		}
		c := Change{Kind: ScopesChanged, Breaking: len(lost) > 0, Subject: SubjectScopes, Name: "least-privilege scopes",
			Section: SecScopes, Item: string(t), Old: orNone(strings.Join(os, ", ")), New: orNone(strings.Join(ns, ", ")),
			group: "scopes\x00" + itoa(ti)}
		if culprit >= 0 {
			c.OldLoc, c.NewLoc = permLoc(pairs[culprit][0], t), permLoc(pairs[culprit][1], t)
		}
		added, dropped := setMinus(ns, os), setMinus(os, ns)
		var what []string
		if len(added) > 0 {
			what = append(what, "added "+strings.Join(added, ", "))
		}
		if len(dropped) > 0 {
			what = append(what, "dropped "+strings.Join(dropped, ", "))
		}
		c.Message = "the fewest " + string(t) + " scopes that allow the " + plural(len(pairs), "operation") +
			" in both revisions changed (" + itoa(len(os)) + " → " + itoa(len(ns)) + "): " + strings.Join(what, ", ")
		if len(lost) > 0 {
			c.Message += "; the old scopes no longer allow: " + listSome(lost, 3)
		}
		if !or.Exact || !nr.Exact {
			c.Message += " (the search stopped at its node limit: a set may not be the smallest)"
		}
		out = append(out, c)
	}
	return out
}

// permLoc is the line of op's first permission row of type t, else of
// its first row, else its title.
func permLoc(op *api.Operation, t model.PermissionType) *Loc {
	line := 0
	for _, p := range op.Permissions {
		if p.Type == t {
			line = p.Pos.Line
			break
		}
	}
	if line == 0 && len(op.Permissions) > 0 {
		line = op.Permissions[0].Pos.Line
	}
	return opLoc(op, line)
}

// setMinus is the names of a that b lacks (case-insensitive), in a's order.
func setMinus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !containsFold(b, s) {
			out = append(out, s)
		}
	}
	return out
}

func containsFold(list []string, s string) bool {
	return slices.ContainsFunc(list, func(x string) bool { return strings.EqualFold(x, s) })
}

// listSome joins the first n items and says how many more there are.
func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + " and " + itoa(len(items)-n) + " more"
}
