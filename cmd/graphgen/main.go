// Command graphgen turns Microsoft Graph API documentation pages (markdown)
// into a typed Go client.
//
// Usage:
//
//	graphgen generate [flags]      regenerate a Go client from doc pages
//	graphgen ir PATH...            print the pages' intermediate representation as JSON
//	graphgen check PATH...         print what is odd about the pages, as file:line:col
//	graphgen diff OLD NEW          what changed in the API between two revisions of the pages
//	graphgen scopes [flags]        the fewest scopes that allow every generated method, per permission type
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
//	--strict         exit 1 and write nothing when any diagnostic is an error
//	--no-fake        write the client package alone, without its fake service (graphtest)
//	-v, --verbose    also print info-level diagnostics
//
// generate prints its diagnostics as check does: every error, and the
// warnings about the pages and metadata the package is made from.
//
// A glob matches a page when it matches the page's base name or its path
// relative to its --specs folder. Resource pages under --specs are always
// read, to resolve types, whatever the globs say.
//
// Exit status: 0 on success; 1 when check finds an error, when generate
// --check finds stale output, when generate --strict finds an error, or
// when generation fails; 2 on a usage error or
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
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/load"
	"github.com/graphgen/graphgen/internal/model"
	"github.com/graphgen/graphgen/internal/output"
)

const usage = `graphgen turns Microsoft Graph API documentation pages into a typed Go client.

Usage:
  graphgen generate [flags]   regenerate a Go client from doc pages (default: specs/ -> generated/graph/)
  graphgen ir PATH...         print the pages' intermediate representation as JSON
  graphgen check PATH...      print what is odd about the pages, as file:line:col: severity: code: message
  graphgen diff OLD NEW       what changed in the API between two revisions of the pages
  graphgen scopes [flags]     the fewest scopes that allow every generated method, per permission type

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
	case "scopes":
		return runScopes(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "graphgen: unknown command %q (want generate, ir, check, diff or scopes; see graphgen --help)\n", args[0])
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

// pathArgs parses the flags of a command that takes PATH arguments and
// loads the pages; it returns (status, false) when the command should stop.
func pathArgs(fs *flag.FlagSet, name string, args []string, stderr io.Writer) ([]load.Page, int, bool) {
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
	fs := newFlags("ir", "Usage: graphgen ir [--metadata FILE] PATH...\n\nPrints {\"documents\": [...]} as JSON: one object per page, sorted by path\n(the IR described in the README). With --metadata it adds \"model\": the linked\ntypes (pages merged with the metadata) and the model's diagnostics.", stdout)
	metadata := fs.StringArray("metadata", nil, "the service's CSDL metadata ($metadata XML) to link the pages with; repeatable")
	pages, code, ok := pathArgs(fs, "ir", args, stderr)
	if !ok {
		return code
	}
	out := struct {
		Documents []*model.Document `json:"documents"`
		Model     *irModel          `json:"model,omitempty"`
	}{Documents: make([]*model.Document, len(pages))}
	for i, p := range pages {
		out.Documents[i] = p.Doc
		if p.Doc.Diagnostics == nil {
			p.Doc.Diagnostics = []model.Diagnostic{}
		}
	}
	if len(*metadata) > 0 {
		mds, code, ok := loadMetadata("ir", *metadata, "", stderr)
		if !ok {
			return code
		}
		out.Model = dumpModel(api.Build(out.Documents, api.Options{Metadata: mds}))
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
	fs := newFlags("check", "Usage: graphgen check [--metadata FILE] [--format text|github] PATH...\n\nPrints what is odd about the pages as file:line:col: severity: code: message:\neach page's own diagnostics, then what linking them found (types that resolve\nto nothing, inheritance, examples a client cannot replay as written: example-*),\nand with --metadata where the pages and the service's\nmetadata disagree (file:line on both sides). Exits 1 when any is an error.", stdout)
	metadata := fs.StringArray("metadata", nil, "the service's CSDL metadata ($metadata XML) to compare the pages with; repeatable")
	format := fs.String("format", "text", "text, or github (workflow annotations: ::warning file=...,line=...::)")
	pages, code, ok := pathArgs(fs, "check", args, stderr)
	if !ok {
		return code
	}
	if code, ok := checkFormat("check", *format, stderr); !ok {
		return code
	}
	mds, code, ok := loadMetadata("check", *metadata, "", stderr)
	if !ok {
		return code
	}
	docs := make([]*model.Document, len(pages))
	var diags []model.Diagnostic
	for i, p := range pages {
		// Diagnostics name pages as the user gave them.
		p.Doc.Path = filepath.ToSlash(p.File)
		docs[i] = p.Doc
		for _, d := range p.Doc.Diagnostics {
			d.Path = p.Doc.Path
			diags = append(diags, d)
		}
	}
	diags = append(diags, api.Build(docs, api.Options{Metadata: mds}).Diagnostics...)
	if errs, _ := reportDiags(stdout, *format, diags); errs > 0 {
		return 1
	}
	return 0
}

func runGenerate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("generate", "Usage: graphgen generate [flags]\n\nRegenerates a Go package from doc pages: with no flags, specs/ -> generated/graph/.\nOperation pages are selected with --include/--exclude (a glob matches a page's base\nname or its path relative to its --specs folder; a glob that matches no page is an\nerror); every resource page stays available to resolve types. The package and\nits graphtest are type-checked before anything is written. Diagnostics are\nprinted as check prints them: every error, warnings about the pages the package\nis made from, info with -v; --strict makes an error exit 1 with nothing written. Files graphgen did not write are never\ntouched, and a run that would remove more than half of the package's generated\nfiles stops unless --force is given.", stdout)
	specs := fs.StringArray("specs", []string{"specs"}, "folder (or page) of doc pages to read; repeatable")
	out := fs.String("out", "generated", "output folder; the package is written to OUT/PACKAGE")
	pkg := fs.String("package", "graph", "Go package name of the generated client")
	include := fs.StringArray("include", nil, "generate only operation pages matching this glob; repeatable")
	exclude := fs.StringArray("exclude", nil, "skip operation pages matching this glob; repeatable")
	check := fs.Bool("check", false, "write nothing; exit 1 and print a unified diff when the output on disk is stale")
	metadata := fs.StringArray("metadata", nil, "the service's CSDL metadata ($metadata XML); it decides wire shapes; repeatable")
	force := fs.Bool("force", false, "write even when the run would remove more than half of the package's generated files")
	format := fs.String("format", "text", "diagnostics as text, or github (workflow annotations: ::warning file=...,line=...::)")
	strict := fs.Bool("strict", false, "exit 1 and write nothing when any diagnostic is an error (for CI)")
	verbose := fs.BoolP("verbose", "v", false, "also print info-level diagnostics")
	noFake := fs.Bool("no-fake", false, "write the client package alone, without its fake service (PACKAGE/graphtest)")
	if code, ok := parseFlags(fs, args, stderr); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "graphgen generate: unexpected argument %q (pages are given with --specs)\n", fs.Arg(0))
		return exitUsage
	}
	if code, ok := checkFormat("generate", *format, stderr); !ok {
		return code
	}
	if !emit.ValidPackageName(*pkg) {
		fmt.Fprintf(stderr, "graphgen generate: --package %q is not a valid Go package name\n", *pkg)
		return exitUsage
	}
	outAbs, err := filepath.Abs(*out)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return exitUsage
	}
	root := moduleRoot(outAbs)
	sel, code, ok := loadSelection("generate", root, *specs, *include, *exclude, *metadata, stderr)
	if !ok {
		return code
	}
	line, why := goGenerateLine(root, outAbs, *pkg, *specs, *include, *exclude, *metadata, *noFake)
	if why != "" {
		fmt.Fprintf(stderr, "graphgen generate: doc.go gets no //go:generate line: %s\n", why)
	}
	linked := sel.linked
	ip := importPath(root, outAbs, *pkg)
	res, err := emit.Generate(linked, emit.Config{
		Package:    *pkg,
		Select:     sel.selects,
		GoGenerate: line,
		ImportPath: ip,
		NoFake:     *noFake,
	})
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return 1
	}
	errs, warns := reportDiags(stderr, *format, sel.diagnostics(res, *verbose))
	if *strict && errs > 0 {
		fmt.Fprintf(stderr, "graphgen generate: --strict and %d error diagnostic(s): nothing was written\n", errs)
		return 1
	}
	// What reports success must compile: the package, its tests and the
	// fake service (graphtest) that imports it.
	if testHookGenerated != nil {
		testHookGenerated(res.Files)
	}
	if err := typeCheck(res.Files, *pkg, ip); err != nil {
		fmt.Fprintf(stderr, "graphgen generate: the generated package does not type-check (a bug of graphgen; please report it with the pages):\n%v\nnothing was written\n", err)
		return 1
	}

	rep, diff, err := output.Plan(*out, res.Files)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return 1
	}
	if *check {
		if rep.Changed() {
			fmt.Fprint(stdout, diff)
			fmt.Fprintf(stderr, "graphgen generate: %s is stale: %d file(s) to write, %d to remove; run graphgen generate\n", *out, len(rep.Written), len(rep.Removed))
			return 1
		}
		return 0
	}
	if existing := existingCount(*out, rep); !*force && len(rep.Removed) > 0 && 2*len(rep.Removed) > existing {
		fmt.Fprintf(stderr, "graphgen generate: this run would remove %d of the %d files graphgen generated in %s (check --specs, --include and --exclude); nothing was written; pass --force to do it\n",
			len(rep.Removed), existing, filepath.Join(*out, *pkg))
		return 1
	}
	rep, err = output.Write(*out, res.Files)
	if err != nil {
		fmt.Fprintf(stderr, "graphgen generate: %v\n", err)
		return 1
	}
	fmt.Fprintf(stderr, "graphgen: %d file(s) written, %d removed, %d unchanged in %s (%d error diagnostic(s), %d warning(s))\n",
		len(rep.Written), len(rep.Removed), len(rep.Unchanged), *out, errs, warns)
	return 0
}

// testHookGenerated, when set (by tests), sees the generated files before
// they are type-checked.
var testHookGenerated func(files map[string][]byte)

// typeCheck type-checks the generated packages, tests included: the
// package pkg (import path ip; "" outside a module) and its graphtest
// sub-package, which imports it.
func typeCheck(files map[string][]byte, pkg, ip string) error {
	if ip == "" {
		ip = pkg
	}
	paths := map[string]string{}
	for name := range files {
		dir := path.Dir(name)
		if rel, ok := strings.CutPrefix(dir, pkg); ok && (rel == "" || rel[0] == '/') {
			paths[dir] = ip + rel
		}
	}
	return gocheck.CheckPackages(files, paths)
}

// existingCount is how many files graphgen generated earlier are on disk
// among those rep names: removed, unchanged, and written over.
func existingCount(out string, rep *output.Report) int {
	n := len(rep.Removed) + len(rep.Unchanged)
	for _, name := range rep.Written {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(name))); err == nil {
			n++
		}
	}
	return n
}

// unmatchedGlobs names the --include and --exclude globs that match no
// page, with the page names nearest to each; "" when every glob matches.
func unmatchedGlobs(pages []load.Page, include, exclude []string) string {
	var msgs []string
	for i, set := range [][]string{include, exclude} {
		for _, g := range set {
			found := false
			for _, p := range pages {
				if p.Doc.Kind == model.KindOperation && matches(p.Doc.Path, []string{g}, false) {
					found = true
					break
				}
			}
			if !found {
				flag := "--include"
				if i == 1 {
					flag = "--exclude"
				}
				msgs = append(msgs, fmt.Sprintf("%s %q matches no operation page%s", flag, g, nearest(pages, g)))
			}
		}
	}
	return strings.Join(msgs, "; ")
}

// nearest suggests the operation pages whose base names are closest to a
// glob (case-insensitive edit distance).
func nearest(pages []load.Page, glob string) string {
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	g := strings.ToLower(glob)
	for _, p := range pages {
		if p.Doc.Kind != model.KindOperation {
			continue
		}
		b := path.Base(p.Doc.Path)
		cs = append(cs, cand{b, editDistance(g, strings.ToLower(b))})
	}
	if len(cs) == 0 {
		return " (there are no operation pages under --specs)"
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return cmp.Or(cmp.Compare(a.d, b.d), strings.Compare(a.name, b.name)) })
	var names []string
	for i := 0; i < len(cs) && i < 3; i++ {
		names = append(names, cs[i].name)
	}
	hint := " (nearest: " + strings.Join(names, ", ")
	if cs[0].d == 0 {
		hint += "; globs are case-sensitive"
	}
	return hint + ")"
}

// editDistance is the Levenshtein distance of a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
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

// goGenerateLine is the command doc.go runs: the same generation through
// the tool directive (`go tool graphgen`), with paths relative to the
// package folder that `go generate` runs it in. Every path must lie inside
// the module (root): otherwise there is no line, and why says so.
func goGenerateLine(root, outAbs, pkg string, specs, include, exclude, metadata []string, noFake bool) (line, why string) {
	pkgDir := filepath.Join(outAbs, pkg)
	inside := func(p string) bool {
		abs, err := filepath.Abs(p)
		if err != nil {
			return false
		}
		rel, err := filepath.Rel(root, abs)
		return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
	}
	if _, err := os.Stat(filepath.Join(root, "go.mod")); err != nil {
		return "", "the output is not inside a Go module"
	}
	var b strings.Builder
	b.WriteString("go tool graphgen generate")
	for _, s := range specs {
		if !inside(s) {
			return "", "--specs " + s + " is outside the module " + root
		}
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
		if !inside(m) {
			return "", "--metadata " + m + " is outside the module " + root
		}
		b.WriteString(" --metadata " + quoteArg(relSlash(pkgDir, m)))
	}
	if noFake {
		b.WriteString(" --no-fake")
	}
	return b.String(), ""
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
		name := filepath.ToSlash(f)
		if root != "" {
			name = relSlash(root, f)
		}
		md, err := csdl.Parse(file, name)
		file.Close()
		if err != nil {
			var ce *csdl.Error
			if errors.As(err, &ce) {
				ce.File = filepath.ToSlash(f) // as the user gave it, like diagnostics
			}
			fmt.Fprintf(stderr, "graphgen %s: %v\n", cmd, err)
			return nil, exitUsage, false
		}
		out = append(out, md)
	}
	return out, 0, true
}
