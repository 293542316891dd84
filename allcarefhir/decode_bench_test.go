package allcarefhir_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/benchpair"
)

// BenchmarkDecodePatient is the decoding of a ReadPatient answer alone, as
// the SDK does it (DecodeResource: the FHIR codec, keeping every member).
func BenchmarkDecodePatient(b *testing.B) {
	benchpair.Decode(b, load(b, "uscore311_patient-example.json"), allcarefhir.DecodeResource,
		func(r allcarefhir.Resource) bool {
			p, ok := r.(*allcarefhir.Patient)
			return ok && len(p.Name) > 0
		})
}

// BenchmarkDecodePatientHandwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodePatientHandwritten(b *testing.B) {
	benchpair.Decode(b, load(b, "uscore311_patient-example.json"), benchpair.Into[plainPatient](json.Unmarshal),
		func(p *plainPatient) bool { return len(p.Name) > 0 })
}
