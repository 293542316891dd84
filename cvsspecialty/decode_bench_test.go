package cvsspecialty_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// status50Body is the answer of BenchmarkStatus50's server.
func status50Body(b *testing.B) []byte {
	body, err := json.Marshal(benchStatus(benchIDs(50)))
	if err != nil {
		b.Fatal(err)
	}
	return body
}

// sdkStatus has the shape Status decodes into (its envelope, then the
// rows).
type sdkStatus struct {
	StatusCode        lenient.String                `json:"statusCode"`
	StatusDescription lenient.String                `json:"statusDescription"`
	StatusDesc        lenient.String                `json:"statusDesc"`
	Fault             *cvsspecialty.Fault           `json:"fault"`
	ReferralStatus    []cvsspecialty.ReferralStatus `json:"referralStatus"`
}

// BenchmarkDecodeStatus50 is the decoding of a 50-id Status answer alone,
// as the SDK does it.
func BenchmarkDecodeStatus50(b *testing.B) {
	benchpair.Decode(b, status50Body(b), benchpair.Into[sdkStatus](jsoncodec.Unmarshal),
		func(out *sdkStatus) bool { return len(out.ReferralStatus) == 50 })
}

// BenchmarkDecodeStatus50Handwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodeStatus50Handwritten(b *testing.B) {
	benchpair.Decode(b, status50Body(b), benchpair.Into[plainStatusResponse](json.Unmarshal),
		func(out *plainStatusResponse) bool { return len(out.ReferralStatus) == 50 })
}
