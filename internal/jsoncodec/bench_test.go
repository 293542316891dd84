package jsoncodec

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
)

// benchBody is a prescription list in MHV's wire format (about 5 KiB).
var benchBody = []byte(benchpair.MHVActiveList())

// benchList is benchBody in plain structs, dates left as strings.
type benchList = benchpair.MHVPlainList

func BenchmarkDecodePlain(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		var l benchList
		if err := Unmarshal(benchBody, &l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecodePlainEncodingJSON(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	b.ReportAllocs()
	for b.Loop() {
		var l benchList
		if err := json.Unmarshal(benchBody, &l); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkValid(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		Valid(benchBody)
	}
}

func BenchmarkValidEncodingJSON(b *testing.B) {
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		json.Valid(benchBody)
	}
}
