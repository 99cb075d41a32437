package apidiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// JSON renders the report as indented JSON, ending with a newline. The form
// is stable; its keys are:
//
//	old, new            the revision labels (Report.OldLabel, NewLabel)
//	summary             counts:
//	  changes             number of changes
//	  breaking            number of breaking changes
//	  matchedOperations   operations found in both revisions
//	  matchedTypes        resource types found in both revisions
//	  byKind              {kind: count} for every kind, zeros included
//	changes             the changes, in Diff's order, each with:
//	  kind                one of the Kind values ("endpoint-removed", ...)
//	  breaking            true when a client user may break
//	  subject             "operation", "type", or "scopes" (scopes-changed)
//	  name                operation title or type's qualified name;
//	                      "least-privilege scopes" for scopes-changed
//	  section             "endpoints", "permissions", "request", "parameters",
//	                      "response", "baseType", "properties",
//	                      "relationships" or "scopes"; absent for added/removed pages
//	  item                the endpoint ("PATCH /path"), permission
//	                      ("application Scope.Name"), property name, or the
//	                      permission type of scopes-changed; may be absent
//	  old, new            the value before and after, when there is one
//	                      (scopes-changed: the scopes, ", " between them, or "none")
//	  oldLoc, newLoc      {"path", "line"} in each revision, or null where the
//	                      revision lacks the page; path is a page's, or the
//	                      metadata file's for what only the metadata describes
//	  message             the change in words
func (r *Report) JSON() ([]byte, error) {
	byKind := make(map[Kind]int, len(Kinds))
	for _, k := range Kinds {
		byKind[k] = 0
	}
	for k, n := range r.CountByKind() {
		byKind[k] = n
	}
	changes := r.Changes
	if changes == nil {
		changes = []Change{}
	}
	out := struct {
		Old     string `json:"old"`
		New     string `json:"new"`
		Summary struct {
			Changes           int          `json:"changes"`
			Breaking          int          `json:"breaking"`
			MatchedOperations int          `json:"matchedOperations"`
			MatchedTypes      int          `json:"matchedTypes"`
			ByKind            map[Kind]int `json:"byKind"`
		} `json:"summary"`
		Changes []Change `json:"changes"`
	}{Old: r.OldLabel, New: r.NewLabel, Changes: changes}
	out.Summary.Changes = len(r.Changes)
	out.Summary.Breaking = r.Breaking()
	out.Summary.MatchedOperations = r.MatchedOperations
	out.Summary.MatchedTypes = r.MatchedTypes
	out.Summary.ByKind = byKind
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Markdown renders the report for a pull request: the counts first, then the
// breaking changes, then the others, each grouped by operation or type, and
// the operations and types added or removed as lists.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	b.WriteString("# API changes\n\n")
	if r.OldLabel != "" || r.NewLabel != "" {
		fmt.Fprintf(&b, "Old: `%s`, new: `%s`.\n\n", r.OldLabel, r.NewLabel)
	}
	breaking := r.Breaking()
	if len(r.Changes) == 0 {
		fmt.Fprintf(&b, "No changes (%s and %s in both revisions).\n", plural(r.MatchedOperations, "operation"), plural(r.MatchedTypes, "type"))
		return []byte(b.String())
	}
	fmt.Fprintf(&b, "**%s, %d breaking** (%s and %s found in both revisions).\n\n",
		plural(len(r.Changes), "change"), breaking, plural(r.MatchedOperations, "operation"), plural(r.MatchedTypes, "type"))
	b.WriteString("| change | count | breaking |\n|---|---:|---:|\n")
	counts := make(map[Kind][2]int)
	for _, c := range r.Changes {
		n := counts[c.Kind]
		n[0]++
		if c.Breaking {
			n[1]++
		}
		counts[c.Kind] = n
	}
	for _, k := range Kinds {
		if n, ok := counts[k]; ok {
			fmt.Fprintf(&b, "| %s | %d | %d |\n", strings.ReplaceAll(string(k), "-", " "), n[0], n[1])
		}
	}
	if breaking > 0 {
		fmt.Fprintf(&b, "\n## Breaking changes (%d)\n", breaking)
		r.section(&b, true)
	}
	if n := len(r.Changes) - breaking; n > 0 {
		fmt.Fprintf(&b, "\n## Other changes (%d)\n", n)
		r.section(&b, false)
	}
	return []byte(b.String())
}

// section writes the changes whose Breaking is breaking: per page pair, then
// the pages added or removed.
func (r *Report) section(b *strings.Builder, breaking bool) {
	group := ""
	var whole []Change
	listed, total := 0, 0
	for _, c := range r.Changes {
		if c.Breaking != breaking {
			continue
		}
		total++
		if c.Section == "" {
			whole = append(whole, c)
			continue
		}
		if r.Limit > 0 && listed >= r.Limit {
			continue
		}
		listed++
		key := c.group
		if c.Subject == SubjectScopes {
			key = string(SubjectScopes) // one heading for every permission type
		}
		if key != group {
			group = key
			if c.Subject == SubjectScopes {
				fmt.Fprintf(b, "\n### Least-privilege scopes\nPer permission type, the fewest scopes that allow every operation found in both revisions.\n\n")
			} else {
				fmt.Fprintf(b, "\n### %s `%s`\n%s\n\n", strings.ToUpper(string(c.Subject[:1]))+string(c.Subject[1:]), c.Name, pagePair(c))
			}
		}
		fmt.Fprintf(b, "- %s\n", changeLine(c))
	}
	sort.SliceStable(whole, func(i, j int) bool { return kindOrder(whole[i].Kind) < kindOrder(whole[j].Kind) })
	title := ""
	for _, c := range whole {
		if r.Limit > 0 && listed >= r.Limit {
			break
		}
		listed++
		t := pageListTitle(c.Kind)
		if t != title {
			title = t
			n := 0
			for _, x := range whole {
				if x.Kind == c.Kind {
					n++
				}
			}
			fmt.Fprintf(b, "\n### %s (%d)\n\n", t, n)
		}
		l := c.NewLoc
		if l == nil || c.Kind == OperationMerged {
			l = c.OldLoc
		}
		if c.Kind == OperationMerged {
			fmt.Fprintf(b, "- `%s`: `%s` (%s; now documented at %s)\n", c.Name, c.Item, l, c.NewLoc)
		} else if c.Item != "" {
			fmt.Fprintf(b, "- `%s`: `%s` (%s)\n", c.Name, c.Item, l)
		} else {
			fmt.Fprintf(b, "- `%s` (%s)\n", c.Name, l)
		}
	}
	if listed < total {
		fmt.Fprintf(b, "\n… and %d more (limit %d; the JSON output lists every change).\n", total-listed, r.Limit)
	}
}

func pageListTitle(k Kind) string {
	switch k {
	case OperationRemoved:
		return "Operations removed"
	case OperationAdded:
		return "Operations added"
	case OperationMerged:
		return "Operation pages merged into others"
	case TypeRemoved:
		return "Types removed"
	}
	return "Types added"
}

// pagePair is "old `a.md`, new `b.md`" for a change's pages.
func pagePair(c Change) string {
	o, n := c.oldPage, c.newPage
	if o == n {
		return "`" + o + "` in both"
	}
	return "old `" + o + "`, new `" + n + "`"
}

// changeLine is one bullet: what changed and the lines in each revision.
func changeLine(c Change) string {
	var s string
	switch {
	case c.Kind == PropertyChanged:
		s = "`" + c.Item + "`: " + c.Message
	case c.Kind == PermissionAdded || c.Kind == PermissionRemoved:
		typ, scope, _ := strings.Cut(c.Item, " ")
		msg, note, _ := strings.Cut(c.Message, "; ")
		s = msg + ": " + typ + " `" + scope + "`"
		if note != "" {
			s += " (" + note + ")"
		}
	case c.Kind == ScopesChanged:
		// Both sets when short, else what was added and dropped.
		o, n := scopeList(c.Old), scopeList(c.New)
		if len(o)+len(n) <= 8 {
			s = c.Item + ": " + codeList(o) + " → " + codeList(n)
		} else {
			s = c.Item + ": " + itoa(len(o)) + " → " + itoa(len(n)) + " scopes, added " + codeList(setMinus(n, o)) + ", dropped " + codeList(setMinus(o, n))
		}
		if _, note, ok := strings.Cut(c.Message, "; "); ok {
			s += " (" + note + ")"
		}
	case c.Kind == EndpointMoved:
		s = "endpoint moved: `" + c.Item + "` (now in `" + c.NewLoc.Path + "`)"
		return s + " — " + "old L" + itoa(c.OldLoc.Line) + ", new " + c.NewLoc.String()
	case c.Item != "":
		s = c.Message + ": `" + c.Item + "`"
		if v := c.Old + c.New; v != "" {
			s += " (" + v + ")"
		}
	default:
		s = c.Message
	}
	return s + " — " + lines(c)
}

// lines is "old L12, new L14": a line in the group's page, or file:line
// when the element is elsewhere (an inherited property is in its base
// type's page, a property only the metadata has is in the metadata file).
func lines(c Change) string {
	var parts []string
	at := func(side string, l *Loc, page string) {
		switch {
		case l == nil || l.Line <= 0:
		case l.Path != page:
			parts = append(parts, side+" "+l.String())
		default:
			parts = append(parts, side+" L"+itoa(l.Line))
		}
	}
	at("old", c.OldLoc, c.oldPage)
	at("new", c.NewLoc, c.newPage)
	return strings.Join(parts, ", ")
}

// scopeList splits a scopes-changed Old or New value ("none" is no scope).
func scopeList(s string) []string {
	if s == "none" || s == "" {
		return nil
	}
	return strings.Split(s, ", ")
}

// codeList writes names as `a`, `b`; none as "none".
func codeList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return "`" + strings.Join(names, "`, `") + "`"
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}
