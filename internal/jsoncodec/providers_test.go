package jsoncodec_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/mhv"
)

// envelope is Develop Health's and CareValidate's wrapper.
type envelope[T any] struct {
	Status  string `json:"status"`
	Success *bool  `json:"success"`
	Data    *T     `json:"data"`
}

// targets are the types the SDK decodes upstream answers into: each
// provider's responses, their unions and lenient types.
var targets = []func() any{
	func() any { return new(mhv.PrescriptionList) },
	func() any { return new(mhv.TrackingDetails) },
	func() any { return new(mhv.MedicationList) },
	func() any { return new(mhv.BatchRefillResponse) },
	func() any { return new(mhv.RxDocumentation) },
	func() any { return new([]mhv.Prescription) },
	func() any { return new(cvsspecialty.StatusResponse) },
	func() any { return new(cvsspecialty.IntakeResponse) },
	func() any { return new(cvsspecialty.ErrorResponse) },
	func() any { return new(cvsspecialty.Referral) },
	func() any { return new(envelope[develophealth.PriorAuthorization]) },
	func() any { return new(envelope[develophealth.BenefitVerification]) },
	func() any { return new(envelope[develophealth.ClinicalQualification]) },
	func() any { return new(envelope[develophealth.ProviderLookupResponse]) },
	func() any { return new(envelope[[]develophealth.AuthorizedProvider]) },
	func() any { return new(develophealth.PriorAuthorization) },
	func() any { return new(develophealth.CreatePriorAuthRequest) },
	func() any { return new([]develophealth.ActivityLogItem) },
	func() any { return new(develophealth.Outcome) },
	func() any { return new(develophealth.BenefitVerificationDrugs) },
	func() any { return new(envelope[carevalidate.Case]) },
	func() any { return new(carevalidate.Case) },
	func() any { return new(carevalidate.CasePage) },
	func() any { return new([]carevalidate.Payment) },
	func() any { return new([]carevalidate.Comment) },
	func() any { return new(carevalidate.FormResponse) },
	func() any { return new(allcarefhir.Bundle) },
	func() any { return new(map[string]any) },
}

// providerSeeds returns the recorded bodies of the four providers: every
// JSON file of their testdata, and every "body" recorded in a contract.
func providerSeeds(t testing.TB) [][]byte {
	var out [][]byte
	for _, p := range []string{"mhv", "cvsspecialty", "develophealth", "carevalidate"} {
		err := filepath.WalkDir(filepath.Join("..", "..", "testdata", p), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") || strings.HasSuffix(path, "openapi.json") {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			out = append(out, b)
			var v any
			if json.Unmarshal(b, &v) == nil {
				bodies(v, &out)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// bodies collects the values of every "body" member in v.
func bodies(v any, out *[][]byte) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if k == "body" {
				if s, ok := x.(string); ok {
					*out = append(*out, []byte(s))
				} else if b, err := json.Marshal(x); err == nil {
					*out = append(*out, b)
				}
			}
			bodies(x, out)
		}
	case []any:
		for _, x := range v {
			bodies(x, out)
		}
	}
}

// sameDecode decodes data into a new target with both decoders and
// fails when they disagree on the error or the value.
func sameDecode(t *testing.T, data []byte, fresh func() any) {
	t.Helper()
	want, got := fresh(), fresh()
	wantErr := json.Unmarshal(data, want)
	gotErr := jsoncodec.Unmarshal(data, got)
	if (wantErr == nil) != (gotErr == nil) || wantErr != nil && wantErr.Error() != gotErr.Error() {
		t.Fatalf("%T from %.200q: error %v, encoding/json says %v", want, data, gotErr, wantErr)
	}
	if !reflect.DeepEqual(want, got) {
		a, _ := json.Marshal(want)
		b, _ := json.Marshal(got)
		t.Fatalf("%T from %.200q: decoded\n%s\nencoding/json decodes\n%s", want, data, b, a)
	}
}

// TestProvidersDecodeAlike decodes every recorded body into every target
// with both decoders.
func TestProvidersDecodeAlike(t *testing.T) {
	seeds := providerSeeds(t)
	if len(seeds) < 100 {
		t.Fatalf("only %d recorded bodies", len(seeds))
	}
	for _, s := range seeds {
		for _, fresh := range targets {
			sameDecode(t, s, fresh)
		}
	}
}

// FuzzProviders: for each target type, both decoders agree on success or
// failure and on the decoded value (see the package doc for the
// intentional differences).
func FuzzProviders(f *testing.F) {
	for i, s := range providerSeeds(f) {
		f.Add(uint8(i), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		sameDecode(t, data, targets[int(which)%len(targets)])
	})
}
