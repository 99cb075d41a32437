package emit

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/graphgen/graphgen/internal/api"
	"github.com/graphgen/graphgen/internal/csdl"
	"github.com/graphgen/graphgen/internal/gocheck"
	"github.com/graphgen/graphgen/internal/model"
	mdparser "github.com/graphgen/graphgen/internal/parser"
)

// fuzzSeeds are (operation page, resource page) pairs: the seed page with
// each of the specs' resource pages, and the pages of every golden case.
func fuzzSeeds(tb testing.TB) [][2][]byte {
	read := func(p string) []byte {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		return b
	}
	var seeds [][2][]byte
	seed := read(filepath.Join("..", "..", "specs", "update-deviceconfigurationassignment.md"))
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	for _, r := range res {
		seeds = append(seeds, [2][]byte{seed, read(r)})
	}
	cases, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, c := range cases {
		ops, _ := filepath.Glob(filepath.Join(c, "api", "*.md"))
		rs, _ := filepath.Glob(filepath.Join(c, "resources", "*.md"))
		for i, o := range ops {
			r := []byte{}
			if len(rs) > 0 {
				r = read(rs[i%len(rs)])
			}
			seeds = append(seeds, [2][]byte{read(o), r})
		}
	}
	if len(seeds) == 0 {
		tb.Fatal("no fuzz seeds")
	}
	return seeds
}

// seedResources are the specs' resource pages, parsed once: the types the
// fuzzed pages may link to.
func seedResources(tb testing.TB) []*model.Document {
	res, _ := filepath.Glob(filepath.Join("..", "..", "specs", "resources", "*.md"))
	var docs []*model.Document
	for _, r := range res {
		src, err := os.ReadFile(r)
		if err != nil {
			tb.Fatal(err)
		}
		docs = append(docs, mdparser.Parse("resources/"+filepath.Base(r), src))
	}
	return docs
}

// FuzzGenerate parses an operation page and a resource page from arbitrary
// bytes, adds the specs' resource pages, links and generates: never a panic
// or an error; every file is gofmt'ed, the package and its graphtest (tests
// included) type-check with go/types, and they hold only what their plan
// gives and no method's path (a client call or a fake's table entry) holds a
// brace, escaped or not (checkGenerated).
func FuzzGenerate(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s[0], s[1])
	}
	base := seedResources(f)
	f.Fuzz(func(t *testing.T, op, res []byte) {
		docs := append(slices.Clip(base), mdparser.Parse("api/fuzz-op.md", op), mdparser.Parse("resources/fuzz-type.md", res))
		checkGenerated(t, api.Build(docs, api.Options{}))
	})
}

// fuzzConfig is goldenConfig with an import path, so that the fake
// (graphtest) is generated and checked too.
var fuzzConfig = func() Config {
	cfg := goldenConfig
	cfg.ImportPath = "example.com/fuzz/graph"
	return cfg
}()

// checkGenerated generates a package from a with fuzzConfig and fails t
// unless Generate succeeds, every file is gofmt'ed, the package and its
// graphtest type-check (tests included), and they hold only what their
// plan gives (checkIntended).
func checkGenerated(t *testing.T, a *api.API) *Result {
	t.Helper()
	r, err := Generate(a, fuzzConfig)
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	checkFormatted(t, r.Files)
	paths := map[string]string{"graph": fuzzConfig.ImportPath, "graph/graphtest": fuzzConfig.ImportPath + "/graphtest"}
	if err := gocheck.CheckPackages(r.Files, paths); err != nil {
		t.Errorf("the package does not type-check:\n%v", err)
	}
	checkIntended(t, a, fuzzConfig, r.Files)
	for name, src := range r.Files {
		for _, line := range strings.Split(string(src), "\n") {
			if (strings.Contains(line, "return graphrt") || strings.Contains(line, "path: ")) && strings.Contains(strings.ToUpper(line), "%7B") {
				t.Errorf("%s: a brace in a path: %s", name, line)
			}
		}
	}
	return r
}

// hostileMetadata is a CSDL document for the specs' pages whose names hold
// a backquote, a quote, a comma, */, //, a newline and a space, whose
// descriptions hold the same and more, and whose enum has a member and a
// value that are not identifiers. {BQ} stands for a backquote.
var hostileMetadata = strings.ReplaceAll(`<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:DataServices>
    <Schema Namespace="microsoft.graph" Alias="graph" xmlns="http://docs.oasis-open.org/odata/ns/edm">
      <EntityType Name="directoryObject">
        <Key><PropertyRef Name="id"/></Key>
        <Property Name="id" Type="Edm.String" Nullable="false"/>
      </EntityType>
      <EntityType Name="user" BaseType="graph.directoryObject">
        <Property Name="displayName" Type="Edm.String">
          <Annotation Term="Org.OData.Core.V1.Description" String="*/ func init() { panic(7010) } /* // x&#10;}&#10;func init() { panic(7011) }&#10;// &#x2028; &#x202E; {BQ} &quot; "/>
        </Property>
        <Property Name="x{BQ}}; func init() { panic(7001) }; var _ struct { Q int {BQ}" Type="Edm.String"/>
        <Property Name="a&quot;}; func init() { panic(7002) }; var _ = &quot;" Type="Edm.String"/>
        <Property Name="c,string" Type="Edm.String"/>
        <Property Name="e*/func init() { panic(7003) }/*" Type="Edm.String"/>
        <Property Name="g//h" Type="Edm.String"/>
        <Property Name="i&#10;}&#10;func init() { panic(7004) }&#10;var _ struct {" Type="Edm.String"/>
        <Property Name="mood" Type="graph.mood"/>
        <Property Name="lost" Type="graph.bad{BQ}type"/>
      </EntityType>
      <EnumType Name="mood">
        <Annotation Term="Org.OData.Core.V1.Description" String="Mood.&#10;*/ const X = 1 /*"/>
        <Member Name="happy" Value="0"/>
        <Member Name="s{BQ}ad" Value="1"/>
        <Member Name="odd" Value="1); func init() { panic(7005) }; var _ = (2"/>
      </EnumType>
      <EntityType Name="bad{BQ}type"/>
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
`, "{BQ}", "`")

// FuzzGenerateMetadata generates from arbitrary metadata XML and an
// arbitrary operation page, with the specs' resource pages: XML the csdl
// package refuses is an error, never a panic; anything else must give a
// package that passes checkGenerated.
func FuzzGenerateMetadata(f *testing.F) {
	seeds := fuzzSeeds(f)
	mds := []string{hostileMetadata}
	if b, err := os.ReadFile(filepath.Join("..", "api", "testdata", "with-metadata", "metadata.xml")); err == nil {
		mds = append(mds, string(b))
	}
	user, err := os.ReadFile(filepath.Join("..", "..", "specs", "user-get.md"))
	if err != nil {
		f.Fatal(err)
	}
	for i, md := range mds {
		f.Add(user, []byte(md))
		f.Add(seeds[i][0], []byte(md))
	}
	base := seedResources(f)
	f.Fuzz(func(t *testing.T, op, xml []byte) {
		md, err := csdl.Parse(bytes.NewReader(xml), "fuzz.xml")
		if err != nil {
			var ce *csdl.Error
			if !errors.As(err, &ce) || ce.File != "fuzz.xml" || ce.Line < 1 {
				t.Fatalf("a parse error that names no line: %v", err)
			}
			return
		}
		docs := append(slices.Clip(base), mdparser.Parse("api/fuzz-op.md", op))
		checkGenerated(t, api.Build(docs, api.Options{Metadata: []*csdl.Metadata{md}}))
	})
}

// TestHostileMetadata generates the specs' user pages with hostileMetadata:
// each name that is not an identifier is an error naming its metadata line
// and is left out (with the property typed by a type left out), and the
// package holds only what graphgen meant: no init, no other initializer,
// no field but the planned ones (checkGenerated).
func TestHostileMetadata(t *testing.T) {
	md, err := csdl.Parse(strings.NewReader(hostileMetadata), "hostile.xml")
	if err != nil {
		t.Fatal(err)
	}
	user, err := os.ReadFile(filepath.Join("..", "..", "specs", "user-get.md"))
	if err != nil {
		t.Fatal(err)
	}
	docs := append(slices.Clip(seedResources(t)), mdparser.Parse("api/user-get.md", user))
	a := api.Build(docs, api.Options{Metadata: []*csdl.Metadata{md}})
	var errs []string
	for _, d := range a.Diagnostics {
		if d.Severity == model.SevError {
			errs = append(errs, fmt.Sprintf("%d %s", d.Line, d.Code))
		}
	}
	want := []string{"13 metadata-name-invalid", "14 metadata-name-invalid", "15 metadata-name-invalid", "16 metadata-name-invalid",
		"17 metadata-name-invalid", "18 metadata-name-invalid", "20 metadata-name-invalid", "25 metadata-name-invalid",
		"26 metadata-name-invalid", "28 metadata-name-invalid"}
	if !slices.Equal(errs, want) {
		t.Errorf("errors at %q, want %q", errs, want)
	}
	r := checkGenerated(t, a)
	// The descriptions' text stays, in comments only.
	for name, src := range r.Files {
		for _, line := range strings.Split(string(src), "\n") {
			if strings.Contains(line, "panic(70") && !strings.HasPrefix(strings.TrimSpace(line), "//") {
				t.Errorf("%s: %q", name, line)
			}
		}
	}
	if !bytes.Contains(r.Files["graph/model_user_gen.go"], []byte("`json:\"mood,omitzero\"`")) {
		t.Errorf("the user model lacks its good properties:\n%s", r.Files["graph/model_user_gen.go"])
	}
}

// checkFormatted fails for a file go/format would change.
func checkFormatted(t testing.TB, files map[string][]byte) {
	t.Helper()
	for name, src := range files {
		out, err := format.Source(src)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !bytes.Equal(out, src) {
			t.Errorf("%s: go/format changes it", name)
		}
	}
}
