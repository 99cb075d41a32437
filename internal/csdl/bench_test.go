package csdl

import (
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// betaBytes reads the 2021-07 beta.xml once, skipping when it is absent.
func betaBytes(b *testing.B) []byte {
	b.Helper()
	path := filepath.Join(metadataDir(b), "2021-07", "beta.xml")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("metadata file %s not readable (set GRAPHGEN_METADATA): %v", path, err)
	}
	return src
}

// BenchmarkParseBeta parses the 2021-07 beta metadata (4.2 MB).
func BenchmarkParseBeta(b *testing.B) {
	src := betaBytes(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(bytes.NewReader(src), "beta.xml"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkXMLOnly is the floor: encoding/xml decoding the same bytes into
// nothing.
func BenchmarkXMLOnly(b *testing.B) {
	src := betaBytes(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if err := xml.NewDecoder(bytes.NewReader(src)).Decode(new(struct{})); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRawTokens loops RawToken over the same bytes to the end.
func BenchmarkRawTokens(b *testing.B) {
	src := betaBytes(b)
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		d := xml.NewDecoder(bytes.NewReader(src))
		for {
			_, err := d.RawToken()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
}
