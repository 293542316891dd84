package develophealth

import (
	"encoding/json"
	"testing"
)

// FuzzResponses: every response decoder other than the prior
// authorization's (FuzzEnvelope) never panics, and what decodes
// re-encodes and decodes again to the same JSON.
func FuzzResponses(f *testing.F) {
	for _, name := range []string{"bv_get.json", "bv_get_failed.json", "bv_create_response.json", "cq_get.json",
		"cq_create_response.json", "provider_lookup_active.json", "provider_lookup_deactivated.json",
		"provider_lookup_not_found.json", "provider_lookup_search.json", "authorized_providers.json",
		"pa_ndp_submission_response.json", "pa_create_response.json", "status.json"} {
		f.Add(fixture(f, name))
	}
	f.Add([]byte(`{"status":"success","data":{"drugs":{"ndc":1},"status":7}}`))
	f.Add([]byte(`{"status":"success","data":[{"npi":1,"signed_at":"x"}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		stable[BenefitVerification](t, body)
		stable[ClinicalQualification](t, body)
		stable[ProviderLookupResponse](t, body)
		stable[[]AuthorizedProvider](t, body)
		stable[UpdateNDPSubmissionResponseData](t, body)
		stable[CreatePriorAuthResponseData](t, body)
		stable[CreateBenefitVerificationResponseData](t, body)
		stable[CreateClinicalQualificationResponseData](t, body)
	})
}

// stable decodes body as an envelope of T and checks that its data
// survives a re-encode.
func stable[T any](t *testing.T, body []byte) {
	t.Helper()
	var env envelope[T]
	if json.Unmarshal(body, &env) != nil || env.Data == nil {
		return
	}
	out, err := json.Marshal(env.Data)
	if err != nil {
		t.Fatalf("%T: re-encode: %v", env.Data, err)
	}
	var again T
	if err := json.Unmarshal(out, &again); err != nil {
		t.Fatalf("%T: decode of own output: %v\n%s", env.Data, err, out)
	}
	out2, err := json.Marshal(&again)
	if err != nil {
		t.Fatalf("%T: re-encode 2: %v", env.Data, err)
	}
	if !jsonEqual(out, out2) {
		t.Fatalf("%T: not stable:\n%s\n%s", env.Data, out, out2)
	}
}
