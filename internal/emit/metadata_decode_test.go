package emit

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/csdl"
)

// metadataValue is a JSON value of a metadata type as the service would
// send it: an Int64 past 2^31, a Double with a fraction, an enum member,
// nested complex values (two levels deep), one-element collections.
func metadataValue(x *csdl.Index, tr csdl.TypeRef, depth int) (any, bool) {
	one := func() (any, bool) {
		switch tr.Name {
		case "Edm.String":
			return "text", true
		case "Edm.Int16":
			return 7, true
		case "Edm.Int32":
			return 70000, true
		case "Edm.Int64":
			return json.Number("3000000000"), true
		case "Edm.Byte", "Edm.SByte":
			return 7, true
		case "Edm.Double":
			return 1.5, true
		case "Edm.Single":
			return 1.25, true
		case "Edm.Decimal":
			return 2.5, true
		case "Edm.Boolean":
			return true, true
		case "Edm.DateTimeOffset":
			return "2021-07-16T08:00:00.1234567Z", true
		case "Edm.Date":
			return "2021-07-16", true
		case "Edm.TimeOfDay":
			return "08:30:00.0000000", true
		case "Edm.Duration":
			return "PT1H30M", true
		case "Edm.Guid":
			return "00000000-0000-0000-0000-000000000001", true
		case "Edm.Binary":
			return "AAEC", true
		case "Edm.Stream":
			return nil, false
		}
		if strings.HasPrefix(tr.Name, "Edm.") {
			return map[string]any{"type": "Point", "coordinates": []any{1.5, 2.5}}, true
		}
		if e, ok := x.Enum(tr.Name); ok {
			if len(e.Members) == 0 {
				return nil, false
			}
			return e.Members[0].Name, true
		}
		if t, ok := x.Type(tr.Name); ok {
			if depth > 2 {
				return nil, false
			}
			return metadataObject(x, t, depth+1), true
		}
		return nil, false
	}
	v, ok := one()
	if !ok || !tr.Collection {
		return v, ok
	}
	return []any{v}, true
}

// metadataObject is a JSON object with every structural property of t
// (inherited ones included) that has a value.
func metadataObject(x *csdl.Index, t *csdl.StructuredType, depth int) map[string]any {
	o := map[string]any{}
	for p, n := t, 0; p != nil && n < 32; n++ {
		for _, prop := range p.Properties {
			if _, seen := o[prop.Name]; seen {
				continue
			}
			if v, ok := metadataValue(x, prop.Type, depth); ok {
				o[prop.Name] = v
			}
		}
		if p.BaseType == "" {
			break
		}
		p, _ = x.Type(p.BaseType)
	}
	return o
}

// TestMetadataDecode generates the whole 2021-07 beta api/ folder, with and
// without the service's metadata, and decodes into every generated model a
// JSON object built from the metadata (every property with a value of the
// metadata's type). With the metadata every model must decode; without it
// the count of models that do not is logged (the README gives it). It
// compiles the whole package's tests: set GRAPHGEN_FULLBETA_TEST=1.
func TestMetadataDecode(t *testing.T) {
	if os.Getenv("GRAPHGEN_FULLBETA_TEST") == "" {
		t.Skip("set GRAPHGEN_FULLBETA_TEST=1 to compile the whole 2021-07 beta package (minutes)")
	}
	md := corpusMetadata(t, "2021-07/beta.xml")
	x := csdl.NewIndex(md)
	for _, withMeta := range []bool{true, false} {
		name := "without-metadata"
		if withMeta {
			name = "with-metadata"
		}
		t.Run(name, func(t *testing.T) {
			res, _ := fullBeta(t, withMeta)
			dir := t.TempDir()
			files := map[string][]byte{"go.mod": []byte("module example.com/decode\n\ngo 1.26\n")}
			for p, b := range res.Files {
				// The package and this test only: the generated tests
				// would take minutes more to compile.
				if strings.HasSuffix(p, "_test.go") || strings.Contains(p, "/graphtest/") {
					continue
				}
				files[p] = b
			}
			var cases strings.Builder
			n := 0
			for _, tp := range sortedModels(res) {
				mt, ok := x.Type(tp.odata)
				if !ok {
					continue
				}
				data, err := json.Marshal(metadataObject(x, mt, 0))
				if err != nil {
					t.Fatal(err)
				}
				fmt.Fprintf(&cases, "\t{%q, func() any { return new(%s) }, %q},\n", tp.name, tp.name, data)
				n++
			}
			files["graph/zz_decode_test.go"] = []byte(`package graph

import (
	"encoding/json"
	"testing"
)

var decodeCases = []struct {
	name  string
	model func() any
	json  string
}{
` + cases.String() + `}

func TestMetadataDecode(t *testing.T) {
	failed := 0
	for _, c := range decodeCases {
		if err := json.Unmarshal([]byte(c.json), c.model()); err != nil {
			failed++
			t.Logf("FAIL %s: %v", c.name, err)
		}
	}
	t.Logf("RESULT %d of %d models failed to decode", failed, len(decodeCases))
}
`)
			if err := writeFiles(dir, files); err != nil {
				t.Fatal(err)
			}
			out, err := goCmd(filepath.Join(dir, "graph"), "test", "-count=1", "-v", "-run", "TestMetadataDecode", ".")
			if err != nil {
				t.Fatalf("go test: %v\n%s", err, firstLines(out, 40))
			}
			var failures []string
			result := ""
			for _, l := range strings.Split(out, "\n") {
				l = strings.TrimSpace(l)
				if _, f, ok := strings.Cut(l, "FAIL "); ok && strings.Contains(l, "_test.go") {
					failures = append(failures, f)
				}
				if _, r, ok := strings.Cut(l, "RESULT "); ok {
					result = r
				}
			}
			if result == "" {
				t.Fatalf("%s: the generated TestMetadataDecode did not run:\n%s", name, firstLines(out, 40))
			}
			t.Logf("%s: %d models with a metadata type; %s", name, n, result)
			for _, f := range failures[:min(len(failures), 15)] {
				t.Logf("  %s", f)
			}
			if withMeta && len(failures) > 0 {
				t.Errorf("%d models do not decode a value built from the metadata", len(failures))
			}
			if n < 1500 {
				t.Errorf("only %d models checked", n)
			}
		})
	}
}

type modelName struct{ name, odata string }

// sortedModels lists the generated models (Go name and OData name, from
// the struct's graph tag), by name.
func sortedModels(res *Result) []modelName {
	var out []modelName
	for p, b := range res.Files {
		if !strings.Contains(p, "/model_") {
			continue
		}
		s := string(b)
		for {
			i := strings.Index(s, "\ntype ")
			if i < 0 {
				break
			}
			s = s[i+len("\ntype "):]
			name, rest, _ := strings.Cut(s, " ")
			if !strings.HasPrefix(rest, "struct {") {
				continue
			}
			j := strings.Index(rest, `graph:"#`)
			k := strings.Index(rest, "\n}")
			if j < 0 || j > k {
				continue
			}
			od, _, _ := strings.Cut(rest[j+len(`graph:"#`):], `"`)
			out = append(out, modelName{name, od})
		}
	}
	slices.SortFunc(out, func(a, b modelName) int { return strings.Compare(a.name, b.name) })
	return out
}
