package cvsspecialty_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// status50Body is the answer of BenchmarkStatus50's server.
func status50Body(b *testing.B) []byte {
	out := cvsspecialty.StatusResponse{StatusCode: "0000", StatusDescription: "Success"}
	for _, id := range benchIDs(50) {
		out.ReferralStatus = append(out.ReferralStatus, cvsspecialty.ReferralStatus{TransactionID: id, Status: "Pending"})
	}
	body, err := json.Marshal(out)
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
	data := status50Body(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var out sdkStatus
		if err := jsoncodec.Unmarshal(data, &out); err != nil || len(out.ReferralStatus) != 50 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeStatus50Handwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodeStatus50Handwritten(b *testing.B) {
	data := status50Body(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var out plainStatusResponse
		if err := json.Unmarshal(data, &out); err != nil || len(out.ReferralStatus) != 50 {
			b.Fatal(err)
		}
	}
}
