package main

import (
	"fmt"
	"io"
	"os"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/apidiff"
	"github.com/graphgen/graphgen/internal/model"
)

const diffSynopsis = `Usage: graphgen diff [flags] OLD NEW

Compares two revisions of the docs (each a page or a folder of pages) and
prints what changed for a client user: operations and types added or removed,
endpoints, permissions, request and response properties, response status and
type. Each revision is linked first (types resolved, inheritance included), so
a property that moved into a base type, or a page renamed without changing its
type, is no change. Operations are matched by what they document (method and
endpoints, title), not by file name; types by qualified name. Each change is
classed breaking or not and gives its file:line in both revisions (page paths
relative to OLD and NEW).

--metadata-old FILE and --metadata-new FILE give a revision the service's CSDL
metadata ($metadata XML; each repeatable): it then decides that revision's
property and base types, and its types that no page describes are compared
too. A line the metadata decided names the metadata file as given.

With --go, OLD and NEW are instead two folders each holding one Go package
(e.g. two 'graphgen generate --out' results, DIR/graph): their exported Go
APIs are compared per identifier (GetUser, Client.GetUser, Point.Z), each
removed, changed (old and new signatures) or added, and classed breaking or
not by Go's compatibility rules (golang.org/x/exp/apidiff). --format and
--fail-on apply (--limit and --metadata-* do not); a folder that does not
type-check (standard-library imports only) is a read error naming its
file:line. See graphgen diff --go --help.

Exit status: 0 when nothing changed, 1 when something changed (with
--fail-on breaking: only when a breaking change exists), 2 on a usage or read
error.`

// runDiff is `graphgen diff OLD NEW`.
func runDiff(args []string, stdout, stderr io.Writer) int {
	if code, ok := goDiffHook(args, stdout, stderr); ok {
		return code
	}
	fs := newFlags("diff", diffSynopsis, stdout)
	format := fs.String("format", "markdown", "output format: markdown or json (keys documented in internal/apidiff's Report.JSON)")
	failOn := fs.String("fail-on", "any", "exit 1 on any change (any) or only on a breaking change (breaking)")
	limit := fs.Int("limit", 0, "markdown: list at most N changes in each section (breaking, other); 0 lists all")
	metaOld := fs.StringArray("metadata-old", nil, "CSDL metadata of the OLD revision; repeatable")
	metaNew := fs.StringArray("metadata-new", nil, "CSDL metadata of the NEW revision; repeatable")
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
	// Metadata files are named as given (relative to the working folder).
	wd, err := os.Getwd()
	if err != nil {
		fmt.Fprintf(stderr, "graphgen diff: %v\n", err)
		return exitUsage
	}
	var sides [2]*api.API
	for i, arg := range fs.Args() {
		pages, code, ok := loadPages("diff", []string{arg}, stderr)
		if !ok {
			return code
		}
		docs := make([]*model.Document, len(pages))
		for j, p := range pages {
			docs[j] = p.Doc
		}
		files := *metaOld
		if i == 1 {
			files = *metaNew
		}
		mds, code, ok := loadMetadata("diff", files, wd, stderr)
		if !ok {
			return code
		}
		sides[i] = api.Build(docs, api.Options{Metadata: mds})
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
