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
