package develophealth

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// BenchmarkDecodePriorAuthorization is the decoding of a
// GetPriorAuthorization answer alone, as the SDK does it: the envelope,
// then the typed prior authorization with its unions and zone-less times.
func BenchmarkDecodePriorAuthorization(b *testing.B) {
	data := fixture(b, "pa_get.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var env envelope[PriorAuthorization]
		if err := jsoncodec.Unmarshal(data, &env); err != nil || env.Data == nil || len(env.Data.ActivityLog) != 3 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePriorAuthorizationHandwritten decodes the same bytes
// with encoding/json into plain structs.
func BenchmarkDecodePriorAuthorizationHandwritten(b *testing.B) {
	data := fixture(b, "pa_get.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var env plainPAEnvelope
		if err := json.Unmarshal(data, &env); err != nil || env.Data == nil || len(env.Data.ActivityLog) != 3 {
			b.Fatal(err)
		}
	}
}
