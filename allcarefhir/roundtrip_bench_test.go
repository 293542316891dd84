package allcarefhir_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// corpus is every resource fixture of testdata, in a fixed order, and
// its size in bytes.
func corpus(b *testing.B) ([][]byte, int64) {
	fixtures := resourceFixtures(b)
	names := make([]string, 0, len(fixtures))
	for name := range fixtures {
		names = append(names, name)
	}
	slices.Sort(names)
	var out [][]byte
	var size int64
	for _, name := range names {
		out = append(out, fixtures[name])
		size += int64(len(fixtures[name]))
	}
	return out, size
}

// BenchmarkCorpusRoundTrip decodes every resource of the testdata corpus
// into its typed resource with the package's codec (every member kept,
// numbers as written) and encodes it again with EncodeResource: a paired
// benchmark whose baseline is BenchmarkCorpusRoundTripMapAny.
func BenchmarkCorpusRoundTrip(b *testing.B) {
	docs, size := corpus(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, doc := range docs {
			r, err := allcarefhir.DecodeResource(doc)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := allcarefhir.EncodeResource(r); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCorpusRoundTripMapAny is the other lossless option a user has:
// encoding/json into map[string]any with numbers kept as their text
// (UseNumber), encoded again.
func BenchmarkCorpusRoundTripMapAny(b *testing.B) {
	docs, size := corpus(b)
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, doc := range docs {
			var m map[string]any
			d := json.NewDecoder(bytes.NewReader(doc))
			d.UseNumber()
			if err := d.Decode(&m); err != nil {
				b.Fatal(err)
			}
			if _, err := json.Marshal(m); err != nil {
				b.Fatal(err)
			}
		}
	}
}
