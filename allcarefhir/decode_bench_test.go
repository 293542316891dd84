package allcarefhir_test

import (
	"encoding/json"
	"testing"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

// BenchmarkDecodePatient is the decoding of a ReadPatient answer alone, as
// the SDK does it (DecodeResource: the FHIR codec, keeping every member).
func BenchmarkDecodePatient(b *testing.B) {
	data := load(b, "uscore311_patient-example.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		r, err := allcarefhir.DecodeResource(data)
		if p, ok := r.(*allcarefhir.Patient); err != nil || !ok || len(p.Name) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodePatientHandwritten decodes the same bytes with
// encoding/json into plain structs.
func BenchmarkDecodePatientHandwritten(b *testing.B) {
	data := load(b, "uscore311_patient-example.json")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var p plainPatient
		if err := json.Unmarshal(data, &p); err != nil || len(p.Name) == 0 {
			b.Fatal(err)
		}
	}
}
