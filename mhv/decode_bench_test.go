package mhv_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/mhv"
)

// BenchmarkDecodeActive is the decoding of an ActivePrescriptions answer
// alone, as the SDK does it (jsoncodec, through httpx.DecodeJSON): typed
// prescriptions with zone-aware dates and lenient numbers.
func BenchmarkDecodeActive(b *testing.B) {
	data := []byte(benchList)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var l mhv.PrescriptionList
		if err := jsoncodec.Unmarshal(data, &l); err != nil || len(l.PrescriptionList) != 10 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeActiveHandwritten decodes the same bytes as a user would:
// encoding/json into plain structs, dates left as strings.
func BenchmarkDecodeActiveHandwritten(b *testing.B) {
	data := []byte(benchList)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var l handList
		if err := json.Unmarshal(data, &l); err != nil || len(l.PrescriptionList) != 10 {
			b.Fatal(err)
		}
	}
}
