package godiff

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// JSON renders the report, indented, with stable keys:
//
//	old, new                 the folders as given
//	oldPackage, newPackage   the package names
//	summary                  {changes, breaking, removed, changed, added}: counts
//	changes                  the entries, sorted by id:
//	  id                     the identifier (GetUser, Client.GetUser, Point.Z; "package")
//	  kind                   removed, changed or added
//	  breaking               true when a caller's code can stop compiling
//	  old, new               the signature in each package (absent where it lacks the identifier)
//	  oldPos, newPos         file:line in each folder (absent likewise)
//	  details                apidiff's words for each change ("removed", "changed from int to string")
func (r *Report) JSON() ([]byte, error) {
	entries := r.Entries
	if entries == nil {
		entries = []Entry{}
	}
	out := struct {
		Old        string `json:"old"`
		New        string `json:"new"`
		OldPackage string `json:"oldPackage"`
		NewPackage string `json:"newPackage"`
		Summary    struct {
			Changes  int `json:"changes"`
			Breaking int `json:"breaking"`
			Removed  int `json:"removed"`
			Changed  int `json:"changed"`
			Added    int `json:"added"`
		} `json:"summary"`
		Changes []Entry `json:"changes"`
	}{Old: r.Old, New: r.New, OldPackage: r.OldPackage, NewPackage: r.NewPackage, Changes: entries}
	out.Summary.Changes = len(r.Entries)
	out.Summary.Breaking = r.Breaking()
	out.Summary.Removed = r.count(Removed)
	out.Summary.Changed = r.count(Changed)
	out.Summary.Added = r.count(Added)
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Markdown renders the report for a pull request comment: the counts, then
// the breaking changes, then the others, each entry with its signatures.
func (r *Report) Markdown() []byte {
	var b strings.Builder
	b.WriteString("# Go API changes\n\n")
	pkg := "`" + r.OldPackage + "`"
	if r.OldPackage != r.NewPackage {
		pkg += " → `" + r.NewPackage + "`"
	}
	fmt.Fprintf(&b, "Old: `%s`, new: `%s` (package %s).\n\n", r.Old, r.New, pkg)
	if len(r.Entries) == 0 {
		b.WriteString("No change to the exported API.\n")
		return []byte(b.String())
	}
	breaking := r.Breaking()
	fmt.Fprintf(&b, "**%s, %d breaking**: %d removed, %d changed, %d added.\n",
		plural(len(r.Entries), "change"), breaking, r.count(Removed), r.count(Changed), r.count(Added))
	if breaking > 0 {
		fmt.Fprintf(&b, "\n## Breaking changes (%d)\n\n", breaking)
		r.section(&b, true)
	}
	if n := len(r.Entries) - breaking; n > 0 {
		fmt.Fprintf(&b, "\n## Other changes (%d)\n\n", n)
		r.section(&b, false)
	}
	return []byte(b.String())
}

func (r *Report) section(b *strings.Builder, breaking bool) {
	for _, e := range r.Entries {
		if e.Breaking != breaking {
			continue
		}
		fmt.Fprintf(b, "- %s %s", code(e.ID), e.Kind)
		// The details say more than the kind unless they only repeat it.
		if d := strings.Join(e.Details, "; "); d != e.Kind {
			fmt.Fprintf(b, ": %s", d)
		}
		b.WriteString("\n")
		if e.Old != "" {
			fmt.Fprintf(b, "  - old: %s (%s)\n", code(e.Old), e.OldPos)
		}
		if e.New != "" {
			fmt.Fprintf(b, "  - new: %s (%s)\n", code(e.New), e.NewPos)
		}
	}
}

// code is s as a markdown code span, with a fence longer than any run of
// backticks in s.
func code(s string) string {
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
