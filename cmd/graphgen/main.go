// Command graphgen turns Microsoft Graph API documentation pages (markdown)
// into a typed Go client.
//
// Usage:
//
//	graphgen generate [flags]      regenerate a Go client from doc pages
//	graphgen ir PATH...            print the pages' intermediate representation as JSON
//	graphgen check PATH...         print what is odd about the pages, as file:line:col
//	graphgen diff OLD NEW          what changed in the API between two revisions of the pages
//
// A PATH is a page or a folder, walked recursively for *.md files in sorted
// order. Run `graphgen COMMAND --help` for a command's flags.
//
// generate with no flags reads specs/ and writes generated/graph/. Its flags:
//
//	--specs PATH     folder of pages to read (repeatable; default specs)
//	--out DIR        output folder; the package goes to DIR/PACKAGE (default generated)
//	--package NAME   Go package name (default graph)
//	--include GLOB   generate only operation pages matching GLOB (repeatable)
//	--exclude GLOB   skip operation pages matching GLOB (repeatable)
//	--check          write nothing; exit 1 and print a diff when the output is stale
//
// A glob matches a page when it matches the page's base name or its path
// relative to its --specs folder. Resource pages under --specs are always
// read, to resolve types, whatever the globs say.
//
// Exit status: 0 on success; 1 when check finds an error, when generate
// --check finds stale output, or when generation fails; 2 on a usage error or
// an unreadable path.
package main

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	flag "github.com/spf13/pflag"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/emit"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/output"
)

// modulePath is graphgen's own module, named in the //go:generate line.
const modulePath = "github.com/graphgen/graphgen"

const usage = `graphgen turns Microsoft Graph API documentation pages into a typed Go client.

Usage:
  graphgen generate [flags]   regenerate a Go client from doc pages (default: specs/ -> generated/graph/)
  graphgen ir PATH...         print the pages' intermediate representation as JSON
  graphgen check PATH...      print what is odd about the pages, as file:line:col: severity: code: message
  graphgen diff OLD NEW       what changed in the API between two revisions of the pages

A PATH is a page or a folder, walked recursively for *.md files.
Run 'graphgen COMMAND --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// exitUsage is the status for bad flags, missing paths and unreadable files.
const exitUsage = 2

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	case "ir":
		return runIR(args[1:], stdout, stderr)
	case "check":
		return runCheck(args[1:], stdout, stderr)
	case "generate":
		return runGenerate(args[1:], stdout, stderr)
	case "diff":
		return runDiff(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "graphgen: unknown command %q (want generate, ir, check or diff; see graphgen --help)\n", args[0])
	return exitUsage
}

// newFlags returns a flag set that reports errors instead of exiting and
// prints help to stdout when asked for.
func newFlags(name, synopsis string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "%s\n\nFlags:\n", synopsis)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
	return fs
}

// parseFlags parses args; it returns (status, false) when the command should
// stop: after --help (0) or on a usage error (2, reported on stderr).
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) (int, bool) {
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0, false // pflag has printed fs.Usage
	}
	if err != nil {
		fmt.Fprintf(stderr, "graphgen %s: %v (see graphgen %s --help)\n", fs.Name(), err, fs.Name())
		return exitUsage, false
	}
	return 0, true
}

func loadPages(cmd string, args []string, stderr io.Writer) ([]load.Page, int, bool) {
	pages, err := load.Pages(args)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen %s: %v\n", cmd, err)
		return nil, exitUsage, false
	}
	return pages, 0, true
}

// pathCommand parses the flags of a command that takes only PATH arguments
// (it has none but --help) and loads the pages; it returns (status, false)
// when the command should stop.
func pathCommand(name, synopsis string, args []string, stdout, stderr io.Writer) ([]load.Page, int, bool) {
	fs := newFlags(name, synopsis, stdout)
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return nil, code, false
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "graphgen %s: no PATH given (see graphgen %s --help)\n", name, name)
		return nil, exitUsage, false
	}
	return loadPages(name, fs.Args(), stderr)
}

func runIR(args []string, stdout, stderr io.Writer) int {
	pages, code, ok := pathCommand("ir", "Usage: graphgen ir PATH...\n\nPrints {\"documents\": [...]} as JSON: one object per page, sorted by path\n(the IR described in the README).", args, stdout, stderr)
	if !ok {
		return code
	}
	out := struct {
		Documents []*model.Document `json:"documents"`
	}{Documents: make([]*model.Document, len(pages))}
	for i, p := range pages {
		out.Documents[i] = p.Doc
		if p.Doc.Diagnostics == nil {
			p.Doc.Diagnostics = []model.Diagnostic{}
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintf(stderr, "graphgen ir: %v\n", err)
		return 1
	}
	return 0
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	pages, code, ok := pathCommand("check", "Usage: graphgen check PATH...\n\nPrints each page's diagnostics as file:line:col: severity: code: message.\nExits 1 when any is an error.", args, stdout, stderr)
	if !ok {
		return code
	}
	status := 0
	for _, p := range pages {
		diags := slices.Clone(p.Doc.Diagnostics)
		slices.SortStableFunc(diags, func(a, b model.Diagnostic) int {
			return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
		})
		for _, d := range diags {
			d.Path = p.File
			fmt.Fprintln(stdout, d.String())
			if d.Severity == model.SevError {
				status = 1
			}
		}
	}
	return status
}

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("generate", "Usage: graphgen generate [flags]\n\nRegenerates a Go package from doc pages: with no flags, specs/ -> generated/graph/.\nOperation pages are selected with --include/--exclude (a glob matches a page's base\nname or its path relative to its --specs folder); every resource page stays\navailable to resolve types. Files graphgen did not write are never touched.", stdout)
	specs := fs.StringArray("specs", []string{"specs"}, "folder (or page) of doc pages to read; repeatable")
	out := fs.String("out", "generated", "output folder; the package is written to OUT/PACKAGE")
	pkg := fs.String("package", "graph", "Go package name of the generated client")
	include := fs.StringArray("include", nil, "generate only operation pages matching this glob; repeatable")
	exclude := fs.StringArray("exclude", nil, "skip operation pages matching this glob; repeatable")
	check := fs.Bool("check", false, "write nothing; exit 1 and print a unified diff when the output on disk is stale")
	metadata := fs.StringArray("metadata", nil, "the service's CSDL metadata ($metadata XML); it decides wire shapes; repeatable")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphgen generate: unexpected argument %q (pages are given with --specs)\n", fs.Arg(0))
		return exitUsage
	}
	if !emit.ValidPackageName(*pkg) {
		fmt.Fprintf(stderr, "graphgen generate: --package %q is not a valid Go package name\n", *pkg)
		return exitUsage
	}
	for _, g := range append(append([]string{}, *include...), *exclude...) {
		if _, err := path.Match(g, ""); err != nil {
			fmt.Fprintf(stderr, "graphgen generate: bad glob %q: %v\n", g, err)
			return exitUsage
		}
	}
	pages, code, ok := loadPages("generate", *specs, stderr)
	if !ok {
		return code
	}

	outAbs, err := filepath.Abs(*out)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return exitUsage
	}
	root := moduleRoot(outAbs)
	docs := make([]*model.Document, len(pages))
	selected := make(map[*model.Document]bool)
	for i, p := range pages {
		doc := p.Doc
		if matches(doc.Path, *include, true) && !matches(doc.Path, *exclude, false) {
			selected[doc] = true
		}
		// Name pages in `// source:` lines by their path from the module
		// root, so the output is the same from any working folder.
		doc.Path = relSlash(root, p.File)
		docs[i] = doc
	}

	mds, code, ok := loadMetadata("generate", *metadata, root, stderr)
	if !ok {
		return code
	}
	linked := api.Build(docs, api.Options{Metadata: mds})
	res, err := emit.Generate(linked, emit.Config{
		Package:    *pkg,
		Select:     func(op *api.Operation) bool { return selected[op.Page] },
		GoGenerate: goGenerateLine(outAbs, *pkg, *specs, *include, *exclude, *metadata),
	})
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return 1
	}
	errs := 0
	var diags []model.Diagnostic
	for _, d := range linked.Diagnostics {
		if res.Used[d.Path] {
			diags = append(diags, d)
		}
	}
	for _, d := range append(diags, res.Diagnostics...) {
		if d.Severity == model.SevError {
			errs++
		}
		if d.Severity != model.SevInfo {
			fmt.Fprintln(stderr, d.String())
		}
	}

	if *check {
		rep, diff, err := output.Plan(*out, res.Files)
		if err != nil {
			fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
			return 1
		}
		if rep.Changed() {
			fmt.Fprint(stdout, diff)
			fmt.Fprintf(stderr, "graphgen generate: %s is stale: %d file(s) to write, %d to remove; run graphgen generate\n", *out, len(rep.Written), len(rep.Removed))
			return 1
		}
		return 0
	}
	rep, err := output.Write(*out, res.Files)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "graphgen: %d file(s) written, %d removed, %d unchanged in %s (%d error diagnostic(s))\n",
		len(rep.Written), len(rep.Removed), len(rep.Unchanged), *out, errs)
	return 0
}

// matches reports whether a page (its path relative to its --specs folder)
// matches one of globs: by base name or by the whole path. No globs gives
// empty.
func matches(rel string, globs []string, empty bool) bool {
	if len(globs) == 0 {
		return empty
	}
	for _, g := range globs {
		if ok, _ := path.Match(g, path.Base(rel)); ok {
			return true
		}
		if ok, _ := path.Match(g, rel); ok {
			return true
		}
	}
	return false
}

// moduleRoot is the nearest folder at or above dir holding a go.mod, or dir.
func moduleRoot(dir string) string {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir
		}
		d = parent
	}
}

// relSlash is target relative to base, slash-separated, or target made
// absolute when it has no relative form.
func relSlash(base, target string) string {
	abs, err := filepath.Abs(target)
	if err != nil {
		return filepath.ToSlash(target)
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// goGenerateLine is the command doc.go runs: the same generation, with paths
// relative to the package folder that `go generate` runs it in.
func goGenerateLine(outAbs, pkg string, specs, include, exclude, metadata []string) string {
	pkgDir := filepath.Join(outAbs, pkg)
	var b strings.Builder
	b.WriteString("go run " + modulePath + "/cmd/graphgen generate")
	for _, s := range specs {
		b.WriteString(" --specs " + quoteArg(relSlash(pkgDir, s)))
	}
	b.WriteString(" --out " + quoteArg(relSlash(pkgDir, outAbs)) + " --package " + pkg)
	for _, g := range include {
		b.WriteString(" --include " + quoteArg(g))
	}
	for _, g := range exclude {
		b.WriteString(" --exclude " + quoteArg(g))
	}
	for _, m := range metadata {
		b.WriteString(" --metadata " + quoteArg(relSlash(pkgDir, m)))
	}
	return b.String()
}

// quoteArg quotes s for the go:generate line when it holds a space or a quote.
func quoteArg(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\"'`\\$") {
		return s
	}
	return fmt.Sprintf("%q", s)
}

// loadMetadata reads CSDL files; their paths in diagnostics and source lines
// are relative to root.
func loadMetadata(cmd string, files []string, root string, stderr io.Writer) ([]*csdl.Metadata, int, bool) {
	var out []*csdl.Metadata
	for _, f := range files {
		file, err := os.Open(f)
		if err != nil {
			fmt.Fprintf(stderr, "graphgen %s: --metadata: %v\n", cmd, err)
			return nil, exitUsage, false
		}
		md, err := csdl.Parse(file, relSlash(root, f))
		file.Close()
		if err != nil {
			fmt.Fprintf(stderr, "graphgen %s: %v\n", cmd, err)
			return nil, exitUsage, false
		}
		out = append(out, md)
	}
	return out, 0, true
}
