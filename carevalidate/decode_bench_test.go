package carevalidate

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/internal/benchpair"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// BenchmarkDecodeCase is the decoding of a GetCase answer alone, as the
// SDK does it.
func BenchmarkDecodeCase(b *testing.B) {
	benchpair.Decode(b, caseDetailBody(b), benchpair.Into[detailResponse](jsoncodec.Unmarshal),
		func(out *detailResponse) bool { return out.CaseDetail != nil && len(out.CaseDetail.Activity) == 15 })
}

// BenchmarkDecodeCaseHandwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodeCaseHandwritten(b *testing.B) {
	benchpair.Decode(b, caseDetailBody(b), benchpair.Into[plainCaseDetail](json.Unmarshal),
		func(out *plainCaseDetail) bool { return out.CaseDetail != nil && len(out.CaseDetail.Activity) == 15 })
}
