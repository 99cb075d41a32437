package emit

// TODO(graphtest): the fake's files still use jennifer while its printer
// is ported to goFile; these two functions go with it.

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// newFile starts a jennifer file of the generated package.
func (g *gen) newFile(sources ...string) *jen.File {
	f := jen.NewFilePathName("", g.cfg.Package)
	f.HeaderComment(headerLine)
	f.HeaderComment("source: " + sanitizeComment(strings.Join(sources, ", ")))
	return f
}

// finish renders a jennifer file into the output.
func (g *gen) finish(name string, f *jen.File) error {
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return fmt.Errorf("emit: rendering %s: %v", name, err)
	}
	g.put(name, buf.Bytes())
	return nil
}
