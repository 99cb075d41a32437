// Package diagcodes keeps a package's table of diagnostic codes in step with
// its source, for that package's tests: Table reads the table of the
// package comment (rows `code  severity  meaning`, tab-indented), Reported
// finds every code the source reports and with which severity, and Compare
// says where the two disagree. It reads Go source only; nothing in it runs
// at generation time.
package diagcodes

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/graphgen/graphgen/internal/model"
)

// codeRE is the shape of a diagnostic code: lower-case words joined by '-'.
var codeRE = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)+$`)

var severities = map[string]model.Severity{
	"error": model.SevError, "warning": model.SevWarning, "info": model.SevInfo,
	"SevError": model.SevError, "SevWarning": model.SevWarning, "SevInfo": model.SevInfo,
}

// Table reads the diagnostic codes table of a doc comment file: every
// comment line `//<tab>code<spaces>severity<spaces>...` whose code has the
// shape of one and whose severity is error, warning or info.
func Table(docFile string) (map[string]model.Severity, error) {
	src, err := os.ReadFile(docFile)
	if err != nil {
		return nil, err
	}
	out := map[string]model.Severity{}
	for _, line := range strings.Split(string(src), "\n") {
		row, ok := strings.CutPrefix(line, "//\t")
		if !ok {
			continue
		}
		f := strings.Fields(row)
		if len(f) < 2 || !codeRE.MatchString(f[0]) {
			continue
		}
		sev, ok := severities[f[1]]
		if !ok || f[1] != strings.ToLower(f[1]) {
			continue
		}
		if prev, dup := out[f[0]]; dup {
			return nil, fmt.Errorf("%s: code %s has two rows (%s, %s)", docFile, f[0], prev, sev)
		}
		out[f[0]] = sev
	}
	return out, nil
}

// Use is one place the source reports a code.
type Use struct {
	Code     string
	Severity model.Severity
	Pos      string // file:line
}

// Reported finds the codes the non-test Go files of dir report: a code
// literal and a model.Sev* severity in the arguments of one call (p.diag(off,
// model.SevWarning, "code", ...)) or on the right of one assignment (code, sev
// := "code", model.SevInfo), or a code literal in a call of a wrapper (a
// function whose name wrappers gives, with the severity its codes are
// reported with: emit's skip, litErr). A call with a code-shaped literal,
// no severity and no wrapper name reports nothing.
func Reported(dir string, wrappers map[string]model.Severity) ([]Use, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	fset := token.NewFileSet()
	var out []Use
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		record := func(exprs []ast.Expr, wrapper string) {
			var codes []*ast.BasicLit
			var sevs []model.Severity
			for _, e := range exprs {
				switch e := e.(type) {
				case *ast.BasicLit:
					if s, err := strconv.Unquote(e.Value); e.Kind == token.STRING && err == nil && codeRE.MatchString(s) {
						codes = append(codes, e)
					}
				case *ast.SelectorExpr:
					if x, ok := e.X.(*ast.Ident); ok && x.Name == "model" {
						if sev, ok := severities[e.Sel.Name]; ok && strings.HasPrefix(e.Sel.Name, "Sev") {
							sevs = append(sevs, sev)
						}
					}
				}
			}
			if len(codes) == 0 {
				return
			}
			var sev model.Severity
			switch {
			case len(sevs) == 1:
				sev = sevs[0]
			case len(sevs) == 0 && wrapper != "":
				s, ok := wrappers[wrapper]
				if !ok {
					return
				}
				sev = s
			default:
				return
			}
			for _, c := range codes {
				s, _ := strconv.Unquote(c.Value)
				p := fset.Position(c.Pos())
				out = append(out, Use{Code: s, Severity: sev, Pos: filepath.Base(p.Filename) + ":" + strconv.Itoa(p.Line)})
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					name = fn.Sel.Name
				}
				record(n.Args, name)
			case *ast.AssignStmt:
				record(n.Rhs, "")
			}
			return true
		})
	}
	return out, nil
}

// Compare reads dir's table (docFile in dir) and the codes its source
// reports, and returns what disagrees: a code reported but not in the table
// or with another severity there, a row no code of the source reports.
func Compare(dir, docFile string, wrappers map[string]model.Severity) ([]string, error) {
	table, err := Table(filepath.Join(dir, docFile))
	if err != nil {
		return nil, err
	}
	uses, err := Reported(dir, wrappers)
	if err != nil {
		return nil, err
	}
	if len(table) == 0 || len(uses) == 0 {
		return nil, fmt.Errorf("%s: %d table rows, %d codes reported in the source: the patterns are stale", dir, len(table), len(uses))
	}
	var problems []string
	reported := map[string]bool{}
	for _, u := range uses {
		reported[u.Code] = true
		sev, ok := table[u.Code]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("%s: code %s (%s) is not in %s's table", u.Pos, u.Code, u.Severity, docFile))
		case sev != u.Severity:
			problems = append(problems, fmt.Sprintf("%s: code %s is reported as %s; %s's table says %s", u.Pos, u.Code, u.Severity, docFile, sev))
		}
	}
	for code, sev := range table {
		if !reported[code] {
			problems = append(problems, fmt.Sprintf("%s: the row %s (%s) is reported nowhere in the source", docFile, code, sev))
		}
	}
	slices.Sort(problems)
	return slices.Compact(problems), nil
}
