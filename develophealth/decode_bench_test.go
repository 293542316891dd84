package develophealth

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// BenchmarkDecodePriorAuthorization is the decoding of a
// GetPriorAuthorization answer alone, as the SDK does it: the envelope,
// then the typed prior authorization with its unions and zone-less times.
func BenchmarkDecodePriorAuthorization(b *testing.B) {
	benchpair.Decode(b, fixture(b, "pa_get.json"), benchpair.Into[envelope[PriorAuthorization]](jsoncodec.Unmarshal),
		func(env *envelope[PriorAuthorization]) bool { return env.Data != nil && len(env.Data.ActivityLog) == 3 })
}

// BenchmarkDecodePriorAuthorizationHandwritten decodes the same bytes
// with encoding/json into plain structs.
func BenchmarkDecodePriorAuthorizationHandwritten(b *testing.B) {
	benchpair.Decode(b, fixture(b, "pa_get.json"), benchpair.Into[plainPAEnvelope](json.Unmarshal),
		func(env *plainPAEnvelope) bool { return env.Data != nil && len(env.Data.ActivityLog) == 3 })
}
