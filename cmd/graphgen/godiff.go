package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/godiff"
)

const goDiffSynopsis = `Usage: graphgen diff --go [flags] OLD NEW

Compares two generated Go packages (two folders holding one Go package each,
e.g. two 'graphgen generate --out' results, DIR/graph) by their exported API:
per identifier (GetUser, Client.GetUser, Point.Z), what was removed, changed
(old and new signatures) or added, each classed breaking or not by Go's
compatibility rules (golang.org/x/exp/apidiff): anything removed or retyped,
or a method added to an interface others can implement, breaks a caller;
additions do not. Each folder's non-test .go files are type-checked with
the standard library only: a folder that does not type-check is a read
error naming its file:line.

Exit status: 0 when nothing changed, 1 when something changed (with
--fail-on breaking: only when a breaking change exists), 2 on a usage or read
error.`

// goDiffHook lets runDiff hand `graphgen diff --go ...` to runGoDiff: it
// returns (status, true) when args ask for --go, and (0, false) otherwise.
var goDiffHook func(args []string, stdout, stderr io.Writer) (int, bool)

func init() {
	goDiffHook = func(args []string, stdout, stderr io.Writer) (int, bool) {
		if !hasGoFlag(args) {
			return 0, false
		}
		return runGoDiff(args, stdout, stderr), true
	}
}

// hasGoFlag reports whether args, a diff command line, set --go (--go,
// --go=true; flags end at "--").
func hasGoFlag(args []string) bool {
	for _, a := range args {
		if a == "--" {
			return false
		}
		if a == "--go" {
			return true
		}
		if v, ok := strings.CutPrefix(a, "--go="); ok {
			b, err := strconv.ParseBool(v)
			return err != nil || b // a bad value goes on to runGoDiff's parser, which reports it
		}
	}
	return false
}

// runGoDiff is `graphgen diff --go OLD NEW`.
func runGoDiff(args []string, stdout, stderr io.Writer) int {
	const cmd = "graphgen diff --go"
	fs := newFlags("diff", goDiffSynopsis, stdout)
	fs.Bool("go", false, "compare two generated Go packages (folders) by their exported API")
	format := fs.String("format", "markdown", "output format: markdown or json (keys documented in internal/godiff's Report.JSON)")
	failOn := fs.String("fail-on", "any", "exit 1 on any change (any) or only on a breaking change (breaking)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if *format != "markdown" && *format != "json" {
		fmt.Fprintf(stderr, "%s: --format %q: want markdown or json\n", cmd, *format)
		return exitUsage
	}
	if *failOn != "any" && *failOn != "breaking" {
		fmt.Fprintf(stderr, "%s: --fail-on %q: want any or breaking\n", cmd, *failOn)
		return exitUsage
	}
	if fs.NArg() != 2 {
		fmt.Fprintf(stderr, "%s: want two folders, OLD and NEW, got %d (see graphgen diff --go --help)\n", cmd, fs.NArg())
		return exitUsage
	}
	r, err := godiff.Compare(fs.Arg(0), fs.Arg(1))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	out := r.Markdown()
	if *format == "json" {
		if out, err = r.JSON(); err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
			return exitUsage
		}
	}
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
		return exitUsage
	}
	switch {
	case *failOn == "breaking" && r.Breaking() > 0:
		return 1
	case *failOn == "any" && len(r.Entries) > 0:
		return 1
	}
	return 0
}
