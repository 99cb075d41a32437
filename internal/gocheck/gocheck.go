// Package gocheck type-checks a generated package before anything is
// written: parsing is not enough to know that the code compiles (an
// argument named like an import shadows it; a helper name can collide).
// It uses go/types with the standard importer, reading the export data of
// the imported packages that one `go list -export` call gives.
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
	fset := token.NewFileSet()
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var asts []*ast.File
	imports := map[string]bool{}
	dir := ""
	for _, n := range names {
		if !strings.HasSuffix(n, ".go") {
			continue
		}
		if dir == "" {
			dir = path.Dir(n)
		} else if path.Dir(n) != dir {
			return fmt.Errorf("gocheck: %s is not in %s", n, dir)
		}
		f, err := parser.ParseFile(fset, n, files[n], parser.SkipObjectResolution)
		if err != nil {
			return errorList(err)
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			imports[p] = true
		}
		asts = append(asts, f)
	}
	if len(asts) == 0 {
		return nil
	}
	exports, err := exportData(imports)
	if err != nil {
		return err
	}
	imp := importer.ForCompiler(fset, "gc", func(p string) (io.ReadCloser, error) {
		f, ok := exports[p]
		if !ok || f == "" {
			return nil, fmt.Errorf("no export data for %q", p)
		}
		return os.Open(f)
	})
	var errs []string
	conf := types.Config{Importer: imp, Error: func(err error) {
		if len(errs) < 10 {
			errs = append(errs, err.Error())
		}
	}}
	conf.Check(asts[0].Name.Name, fset, asts, nil)
	if len(errs) > 0 {
		return errors.New(strings.Join(errs, "\n"))
	}
	return nil
}

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
