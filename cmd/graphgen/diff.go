package main

import (
	"fmt"
	"io"

	"github.com/graphgen/graphgen/internal/apidiff"
	"github.com/graphgen/graphgen/internal/model"
)

const diffSynopsis = `Usage: graphgen diff [flags] OLD NEW

Compares two revisions of the docs (each a page or a folder of pages) and
prints what changed for a client user: operations and types added or removed,
endpoints, permissions, request and response properties, response status and
type. Pages are matched by what they document (method and endpoints, title),
not by file name. Each change is classed breaking or not and gives its
file:line in both revisions (paths relative to OLD and NEW).

Exit status: 0 when nothing changed, 1 when something changed (with
--fail-on breaking: only when a breaking change exists), 2 on a usage or read
error.`

// runDiff is `graphgen diff OLD NEW`.
func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", diffSynopsis, stdout)
	format := fs.String("format", "markdown", "output format: markdown or json (keys documented in internal/apidiff's Report.JSON)")
	failOn := fs.String("fail-on", "any", "exit 1 on any change (any) or only on a breaking change (breaking)")
	limit := fs.Int("limit", 0, "markdown: list at most N changes in each section (breaking, other); 0 lists all")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *format != "markdown" && *format != "json" {
		fmt.Fprintf(stderr, "graphgen diff: --format %q: want markdown or json\n", *format)
		return exitUsage
	}
	if *failOn != "any" && *failOn != "breaking" {
		fmt.Fprintf(stderr, "graphgen diff: --fail-on %q: want any or breaking\n", *failOn)
		return exitUsage
	}
	if *limit < 0 {
		fmt.Fprintf(stderr, "graphgen diff: --limit %d: want 0 or more\n", *limit)
		return exitUsage
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(stderr, "graphgen diff: want two paths, OLD and NEW, got %d (see graphgen diff --help)\n", fs.NArg())
		return exitUsage
	}
	var sides [2][]*model.Document
	for i, arg := range fs.Args() {
		pages, code, ok := loadPages("diff", []string{arg}, stderr)
		if !ok {
			return code
		}
		docs := make([]*model.Document, len(pages))
		for j, p := range pages {
			docs[j] = p.Doc
		}
		sides[i] = docs
	}
	r := apidiff.Diff(sides[0], sides[1])
	r.OldLabel, r.NewLabel, r.Limit = fs.Arg(0), fs.Arg(1), *limit
	out := r.Markdown()
	if *format == "json" {
		var err error
		if out, err = r.JSON(); err != nil {
			fmt.Fprintf(stderr, "graphgen diff: %v\n", err)
			return exitUsage
		}
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "graphgen diff: %v\n", err)
		return exitUsage
	}
	switch {
	case *failOn == "breaking" && r.Breaking() > 0:
		return 1
	case *failOn == "any" && len(r.Changes) > 0:
		return 1
	}
	return 0
}
