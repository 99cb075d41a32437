// Package gocheck type-checks a generated package, and the packages
// generated with it that import it (the fake service, graphtest), before
// anything is written: parsing is not enough to know that the code
// compiles (an argument named like an import shadows it; a helper name can
// collide). It uses go/types with the standard importer, reading the
// export data of the other imported packages that one `go list -export`
// call gives; the generated packages are imported from the checker's own
// results.
package gocheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Check type-checks the files of one package: name -> source, slash
// names; every file must be in the same folder. Test files (_test.go) are
// checked with the package. The error names the file:line:col of the first
// problems (up to ten).
func Check(files map[string][]byte) error {
	dir := ""
	for n := range files {
		if !strings.HasSuffix(n, ".go") {
			continue
		}
		if dir == "" {
			dir = path.Dir(n)
		} else if path.Dir(n) != dir {
			return fmt.Errorf("gocheck: %s is not in %s", n, dir)
		}
	}
	if dir == "" {
		return nil
	}
	return CheckPackages(files, map[string]string{dir: dir})
}

// unit is one folder's package.
type unit struct {
	dir, path, name      string
	files, tests, xtests []*ast.File
	deps                 []string // import paths of other units its non-test files import
	pkg                  *types.Package
	check                *types.Checker
	state                int // 0 not visited, 1 visiting, 2 checked
}

// CheckPackages type-checks the packages of several folders that may
// import each other, as the go command builds them: files maps slash
// names to sources, and paths every folder to its package's import path.
// Each package is checked (non-test files) after the packages it imports;
// then the test files of each package (its own, and an external _test
// package's), dependents first, so that no package sees another's test
// files. The error names the file:line:col of the first problems (up to
// ten).
func CheckPackages(files map[string][]byte, paths map[string]string) error {
	fset := token.NewFileSet()
	names := make([]string, 0, len(files))
	for n := range files {
		if strings.HasSuffix(n, ".go") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	units := map[string]*unit{} // by import path
	var order []*unit           // by folder
	external := map[string]bool{}
	for _, n := range names {
		dir := path.Dir(n)
		ip, ok := paths[dir]
		if !ok {
			return fmt.Errorf("gocheck: %s: no import path for its folder %s", n, dir)
		}
		f, err := parser.ParseFile(fset, n, files[n], parser.SkipObjectResolution)
		if err != nil {
			return errorList(err)
		}
		u := units[ip]
		if u == nil {
			u = &unit{dir: dir, path: ip}
			units[ip] = u
			order = append(order, u)
		} else if u.dir != dir {
			return fmt.Errorf("gocheck: folders %s and %s have the same import path %s", u.dir, dir, ip)
		}
		switch {
		case !strings.HasSuffix(n, "_test.go"):
			u.files = append(u.files, f)
		case strings.HasSuffix(f.Name.Name, "_test"):
			u.xtests = append(u.xtests, f)
		default:
			u.tests = append(u.tests, f)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			external[p] = true
		}
	}
	if len(order) == 0 {
		return nil
	}
	for _, u := range order {
		seen := map[string]bool{}
		for _, f := range u.files {
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				if units[p] != nil && !seen[p] {
					seen[p] = true
					u.deps = append(u.deps, p)
				}
			}
		}
		if len(u.files) > 0 {
			u.name = u.files[0].Name.Name
		} else if len(u.tests) > 0 {
			u.name = u.tests[0].Name.Name
		}
	}
	for p := range units {
		delete(external, p)
	}
	exports, err := exportData(external)
	if err != nil {
		return err
	}
	gc := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		f, ok := exports[p]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %q", p)
		}
		return os.Open(f)
	})
	var errs []string
	conf := &types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if u := units[p]; u != nil {
				if u.state != 2 {
					return nil, fmt.Errorf("%s is not checked yet (an import cycle?)", p)
				}
				return u.pkg, nil
			}
			return gc.Import(p)
		}),
		Error: func(err error) {
			if len(errs) < 10 {
				errs = append(errs, err.Error())
			}
		},
	}
	// The packages, each after those it imports.
	var checked []*unit
	var visit func(u *unit, from string) error
	visit = func(u *unit, from string) error {
		switch u.state {
		case 2:
			return nil
		case 1:
			return fmt.Errorf("gocheck: import cycle: %s imports %s", from, u.path)
		}
		u.state = 1
		for _, d := range u.deps {
			if err := visit(units[d], u.path); err != nil {
				return err
			}
		}
		u.pkg = types.NewPackage(u.path, u.name)
		u.check = types.NewChecker(conf, fset, u.pkg, nil)
		u.check.Files(u.files) // errors go to conf.Error
		u.state = 2
		checked = append(checked, u)
		return nil
	}
	for _, u := range order {
		if err := visit(u, ""); err != nil {
			return err
		}
	}
	// Test files, dependents first; an external test package sees its
	// package with the test files.
	for i := len(checked) - 1; i >= 0; i-- {
		u := checked[i]
		if len(u.tests) > 0 {
			u.check.Files(u.tests)
		}
		if len(u.xtests) > 0 {
			x := types.NewPackage(u.path+"_test", u.xtests[0].Name.Name)
			types.NewChecker(conf, fset, x, nil).Files(u.xtests)
		}
	}
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

func errorList(err error) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 10 {
		list = list[:10]
		return list
	}
	return err
}

// exports caches exportData's answers for the process (fuzzing checks
// thousands of packages with the same imports).
var exports sync.Map // sorted import list -> map[string]string

// exportData maps every package the imports need (with their
// dependencies) to its export data file, from one `go list` call.
func exportData(imports map[string]bool) (map[string]string, error) {
	if len(imports) == 0 {
		return nil, nil
	}
	args := []string{"list", "-export", "-deps", "-json=ImportPath,Export,Error"}
	for p := range imports {
		args = append(args, p)
	}
	sort.Strings(args[4:])
	key := strings.Join(args[4:], " ")
	if m, ok := exports.Load(key); ok {
		return m.(map[string]string), nil
	}
	cmd := exec.Command(goTool(), args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("gocheck: go list: %v: %s", err, strings.TrimSpace(stderr.String()))
	}
	m := map[string]string{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for dec.More() {
		var p struct {
			ImportPath, Export string
			Error              *struct{ Err string }
		}
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("gocheck: go list: %v", err)
		}
		if p.Error != nil {
			return nil, fmt.Errorf("gocheck: %s: %s", p.ImportPath, p.Error.Err)
		}
		m[p.ImportPath] = p.Export
	}
	exports.Store(key, m)
	return m, nil
}

// goTool is the go command of the toolchain running, or "go" from PATH.
func goTool() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if _, err := os.Stat(root + "/bin/go"); err == nil {
			return root + "/bin/go"
		}
	}
	return "go"
}
