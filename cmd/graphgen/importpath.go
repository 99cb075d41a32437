package main

import (
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
)

// importPath is the import path of the package generated into
// outAbs/pkg: the `module` path of root's go.mod joined with the package
// folder's path from root. It is "" when root has no go.mod (or it names
// no module) or the folder is not inside root: the emitter then generates
// no graphtest package (it imports the client by this path).
func importPath(root, outAbs, pkg string) string {
	data, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return ""
	}
	mod := modulePath(data)
	if mod == "" {
		return ""
	}
	rel, err := filepath.Rel(root, filepath.Join(outAbs, pkg))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel) {
		return ""
	}
	return path.Join(mod, filepath.ToSlash(rel))
}

// modulePath reads the module path of a go.mod: its `module` directive
// (the path may be quoted; comments are ignored); "" when there is none.
func modulePath(gomod []byte) string {
	for _, line := range strings.Split(string(gomod), "\n") {
		if i := strings.Index(line, "//"); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "module" {
			continue
		}
		p := f[1]
		if strings.HasPrefix(p, `"`) || strings.HasPrefix(p, "`") {
			u, err := strconv.Unquote(strings.Join(f[1:], " "))
			if err != nil {
				return ""
			}
			p = u
		}
		return p
	}
	return ""
}
