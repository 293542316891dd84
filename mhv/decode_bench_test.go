package mhv_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/mhv"
)

// BenchmarkDecodeActive is the decoding of an ActivePrescriptions answer
// alone, as the SDK does it (jsoncodec, through httpx.DecodeJSON): typed
// prescriptions with zone-aware dates and lenient numbers.
func BenchmarkDecodeActive(b *testing.B) {
	benchpair.Decode(b, []byte(benchList), benchpair.Into[mhv.PrescriptionList](jsoncodec.Unmarshal),
		func(l *mhv.PrescriptionList) bool { return len(l.PrescriptionList) == 10 })
}

// BenchmarkDecodeActiveHandwritten decodes the same bytes as a user would:
// encoding/json into plain structs, dates left as strings.
func BenchmarkDecodeActiveHandwritten(b *testing.B) {
	benchpair.Decode(b, []byte(benchList), benchpair.Into[handList](json.Unmarshal),
		func(l *handList) bool { return len(l.PrescriptionList) == 10 })
}
