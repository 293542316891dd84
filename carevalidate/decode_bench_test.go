package carevalidate

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// caseDetailBody is the answer of BenchmarkGetCase's server.
func caseDetailBody(b *testing.B) []byte {
	var env struct {
		Payload struct {
			Case json.RawMessage `json:"case"`
		} `json:"payload"`
	}
	if err := json.Unmarshal(fixture(b, "case-update-order-top-level.json"), &env); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	buf.WriteString(`{"status":200,"success":true,"caseDetail":`)
	if err := json.Compact(&buf, env.Payload.Case); err != nil {
		b.Fatal(err)
	}
	buf.WriteString(`}`)
	return buf.Bytes()
}

// BenchmarkDecodeCase is the decoding of a GetCase answer alone, as the
// SDK does it.
func BenchmarkDecodeCase(b *testing.B) {
	data := caseDetailBody(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var out detailResponse
		if err := jsoncodec.Unmarshal(data, &out); err != nil || out.CaseDetail == nil || len(out.CaseDetail.Activity) != 15 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCaseHandwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodeCaseHandwritten(b *testing.B) {
	data := caseDetailBody(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var out plainCaseDetail
		if err := json.Unmarshal(data, &out); err != nil || out.CaseDetail == nil || len(out.CaseDetail.Activity) != 15 {
			b.Fatal(err)
		}
	}
}
