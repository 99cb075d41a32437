package gocheck

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	ok := map[string][]byte{
		"p/a.go":      []byte("package p\n\nimport \"encoding/json\"\n\nfunc F(b []byte) (json.RawMessage, error) { return json.RawMessage(b), nil }\n"),
		"p/b_test.go": []byte("package p\n\nimport \"testing\"\n\nfunc TestF(t *testing.T) { F(nil) }\n"),
	}
	if err := Check(ok); err != nil {
		t.Fatalf("a package that compiles: %v", err)
	}
	for name, src := range map[string]string{
		// An argument named like an import shadows it.
		"shadowed import": "package p\n\nimport \"encoding/json\"\n\nfunc F(json string) any { return json.RawMessage(nil) }\n",
		// A helper the body calls, shadowed by an argument.
		"shadowed helper": "package p\n\nfunc pathSegment(s string) string { return s }\n\nfunc F(pathSegment string) string { return pathSegment(pathSegment) }\n",
		"undefined":       "package p\n\nfunc F() int { return nope }\n",
		"syntax":          "package p\n\nfunc F( {\n",
	} {
		err := Check(map[string][]byte{"p/a.go": []byte(src)})
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		if !strings.HasPrefix(err.Error(), "p/a.go:") {
			t.Errorf("%s: %v does not name the file and line", name, err)
		}
	}
	if err := Check(map[string][]byte{"p/a.go": []byte("package p\n"), "q/b.go": []byte("package q\n")}); err == nil {
		t.Error("two folders: no error")
	}
}

// TestCheckPackages: a package importing another checked with it (as the
// fake service, graphtest, imports the client): a use of something the
// other does not declare, or declares only in its test files, is an error
// naming the importing file; so is an import cycle.
func TestCheckPackages(t *testing.T) {
	paths := map[string]string{"a": "example.com/m/a", "a/b": "example.com/m/a/b"}
	a := map[string][]byte{
		"a/a.go":      []byte("package a\n\nfunc F() int { return 1 }\n"),
		"a/a_test.go": []byte("package a\n\nfunc TestOnly() int { return 2 }\n"),
	}
	with := func(b map[string]string) map[string][]byte {
		files := map[string][]byte{}
		for n, s := range a {
			files[n] = s
		}
		for n, s := range b {
			files[n] = []byte(s)
		}
		return files
	}
	good := map[string]string{
		"a/b/b.go":      "package b\n\nimport \"example.com/m/a\"\n\nvar X = a.F()\n",
		"a/b/b_test.go": "package b\n\nimport \"testing\"\n\nfunc TestX(t *testing.T) { _ = X }\n",
		"a/b/x_test.go": "package b_test\n\nimport (\n\t\"testing\"\n\n\t\"example.com/m/a/b\"\n)\n\nfunc TestY(t *testing.T) { _ = b.X }\n",
	}
	if err := CheckPackages(with(good), paths); err != nil {
		t.Fatalf("packages that compile: %v", err)
	}
	for name, c := range map[string]struct {
		files map[string]string
		want  string
	}{
		"undefined in the other package": {map[string]string{"a/b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nvar X = a.G()\n"}, "a/b/b.go:5:11: undefined: a.G"},
		"the other's test files":         {map[string]string{"a/b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nvar X = a.TestOnly()\n"}, "a/b/b.go:5:11: undefined: a.TestOnly"},
		"wrong type":                     {map[string]string{"a/b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nvar X string = a.F()\n"}, "a/b/b.go:5:16: cannot use a.F()"},
		"test file":                      {map[string]string{"a/b/b.go": "package b\n", "a/b/b_test.go": "package b\n\nvar _ = Y\n"}, "a/b/b_test.go:3:9: undefined: Y"},
		"cycle":                          {map[string]string{"a/b/b.go": "package b\n\nimport \"example.com/m/a\"\n\nvar X = a.F()\n", "a/c.go": "package a\n\nimport \"example.com/m/a/b\"\n\nvar Y = b.X\n"}, "gocheck: import cycle"},
		"no import path":                 {map[string]string{"c/c.go": "package c\n"}, "gocheck: c/c.go: no import path for its folder c"},
	} {
		err := CheckPackages(with(c.files), paths)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error starting %q", name, err, c.want)
		}
	}
}
