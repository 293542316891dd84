package develophealth

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestUnknownEnumValuesAreNotKnown(t *testing.T) {
	for name, known := range specEnums {
		assert.False(t, known("surely_not_a_value"), name)
		assert.False(t, known(""), name)
	}
	assert.False(t, OutcomeResult("Maybe").Known())
	assert.True(t, OutcomeNotSubmitted.Known())
	assert.False(t, ActivityLogType("fax").Known())
	assert.False(t, MessageDirection("both").Known())
	assert.False(t, EventType("prior_authorization.unknown").Known())
	assert.False(t, Priority(4).Known())
	assert.False(t, Priority(-1).Known())
	assert.True(t, FailureDetailCodeExpired.Known())
	assert.False(t, FailureDetailCode("x").Known())
	for _, s := range []BenefitVerificationStatus{"completed", "failed", "cancelled"} {
		assert.True(t, s.IsTerminal(), s)
	}
	assert.False(t, BenefitVerificationStatusPending.IsTerminal())
	for _, s := range []PriorAuthRequestStatus{"processing", "awaiting_review", "awaiting_outcome", "validating_outcome", "awaiting_provider_response"} {
		assert.False(t, s.IsTerminal(), s)
	}
}

func TestBuiltInCodeEncodesAsTheSpecSays(t *testing.T) {
	drugs := CodedDrugs(CodedDrugInfo{NDC: "00169-4525-14", Quantity: 2})
	b, err := json.Marshal(drugs)
	require.NoError(t, err)
	assert.JSONEq(t, `[{"ndc":"00169-4525-14","quantity":2}]`, string(b))
	var back BenefitVerificationDrugs
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, drugs, back)
	b, err = json.Marshal(NamedDrugs(DrugInfo{Name: "Wegovy", Dosage: "0.25 mg", Quantity: 1}))
	require.NoError(t, err)
	assert.JSONEq(t, `[{"name":"Wegovy","dosage":"0.25 mg","quantity":1}]`, string(b))

	when := time.Date(2024, 2, 14, 5, 46, 7, 0, time.UTC)
	p := NewCodedPrescription(CodedPrescription{NDC: "00169450514", Directions: "d", Quantity: 1, DaysSupply: 28, PrescriptionDate: rxbridge.DateTime{Time: when}})
	b, err = json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"ndc":"00169450514","directions":"d","quantity":1,"days_supply":28,"prescription_date":"2024-02-14T05:46:07Z"}`, string(b))
	var pi PrescriptionInput
	require.NoError(t, json.Unmarshal(b, &pi))
	require.NotNil(t, pi.Coded)
	assert.Nil(t, pi.Named)

	// A prescription named by drug name decodes back as one.
	b, err = json.Marshal(NewNamedPrescription(Prescription{DrugName: "Wegovy", Strength: "0.25 mg", Quantity: 1, DaysSupply: 28, Directions: "d"}))
	require.NoError(t, err)
	var m0 map[string]any
	require.NoError(t, json.Unmarshal(b, &m0))
	assert.Equal(t, "Wegovy", m0["drug_name"])
	assert.NotContains(t, m0, "ndc")
	pi = PrescriptionInput{}
	require.NoError(t, json.Unmarshal(b, &pi))
	require.NotNil(t, pi.Named)
	assert.Nil(t, pi.Coded)
	assert.Equal(t, "Wegovy", pi.Named.DrugName)

	// Required fields are sent even when empty; optional ones are not.
	b, err = json.Marshal(CreatePriorAuthRequest{Priority: rxbridge.Ptr(PriorityCritical)})
	require.NoError(t, err)
	var m map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &m))
	assert.Contains(t, m, "diagnoses")
	assert.Contains(t, m, "patient")
	assert.Contains(t, m, "provider")
	assert.Equal(t, "0", string(m["priority"]), "priority 0 (CRITICAL) is sent")
	for _, k := range []string{"evidence", "insurance", "prescription", "mock_result", "appeal_details", "resubmission_info"} {
		assert.NotContains(t, m, k)
	}
	assert.Equal(t, `"1980-01-01"`, string(mustMarshal(t, rxbridge.NewDate(1980, time.January, 1))))

	// Mock results fill in their discriminator.
	for mock, result := range map[*PriorAuthMockResult]string{
		MockApproved(""): "Approved", MockDenied("plan_exclusion"): "Denied",
		MockOther("other"): "Other", MockNotSubmitted("pbm_excluded"): "Not Submitted",
	} {
		var got map[string]any
		require.NoError(t, json.Unmarshal(mustMarshal(t, mock), &got))
		assert.Equal(t, result, got["result"])
		assert.Equal(t, OutcomeResult(result), mock.Result())
		var back PriorAuthMockResult
		require.NoError(t, json.Unmarshal(mustMarshal(t, mock), &back))
		assert.Equal(t, mock.DetailCode(), back.DetailCode())
	}
	var nilMock *PriorAuthMockResult
	assert.Equal(t, OutcomeResult(""), nilMock.Result())

	// Outcomes built in code.
	o := Outcome{Denied: &PriorAuthSubmissionDenialOutcome{DetailCode: PriorAuthOutcomeDenialDetailPlanExclusion}}
	assert.JSONEq(t, `{"result":"Denied","detail_code":"plan_exclusion"}`, string(mustMarshal(t, o)))
	assert.Equal(t, "null", string(mustMarshal(t, Outcome{})))
	assert.True(t, Outcome{}.IsZero())
	e := EligibilityCheckResponseItem{Success: &EligibilityCheckResponseSuccessItem{EffectiveStartDate: rxbridge.NewDate(2024, 1, 1)}}
	assert.JSONEq(t, `{"status":"success","effective_start_date":"2024-01-01"}`, string(mustMarshal(t, e)))
	item := ActivityLogItem{ID: "x", Type: ActivityLogFollowUpCall, FollowUpCall: &PriorAuthActivityLogFollowUpCallDetails{Notes: "n"}}
	assert.JSONEq(t, `{"id":"x","created_at":null,"type":"follow_up_call","details":{"notes":"n"}}`, string(mustMarshal(t, item)))
	assert.JSONEq(t, `{"notes":"n"}`, string(item.Details()))
}

func mustMarshal(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return b
}

func TestFileHelpers(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF")
	a, err := NewPDFAsset(pdf)
	require.NoError(t, err)
	assert.Equal(t, base64.StdEncoding.EncodeToString(pdf), a.FileContent)
	back, err := a.Content()
	require.NoError(t, err)
	assert.Equal(t, pdf, back)
	_, err = NewPDFAsset([]byte("\x89PNG..."))
	assert.ErrorIs(t, err, ErrNotPDF)
	assert.True(t, IsPDF([]byte("\n  %PDF-1.4")))
	assert.Equal(t, &Asset{FileURL: "https://example.com/a.pdf"}, URLAsset("https://example.com/a.pdf"))

	img := []byte{0x89, 'P', 'N', 'G', 0xff, 0xfe, 0x00}
	docs := InsuranceCardImages(img, img[:3])
	require.Len(t, docs, 2)
	got, err := docs[0].Image()
	require.NoError(t, err)
	assert.Equal(t, img, got)
	// Other base64 dialects decode too.
	for _, enc := range []*base64.Encoding{base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		got, err := InsuranceDocument{FileContent: enc.EncodeToString(img)}.Image()
		require.NoError(t, err)
		assert.Equal(t, img, got)
	}
	wrapped := base64.StdEncoding.EncodeToString(img)
	got, err = InsuranceDocument{FileContent: wrapped[:4] + "\r\n" + wrapped[4:]}.Image()
	require.NoError(t, err)
	assert.Equal(t, img, got)
	_, err = InsuranceDocument{FileContent: "***"}.Image()
	assert.Error(t, err)
}

func TestOptions(t *testing.T) {
	c, mt := mockClient(t, rxbridge.WithUserAgent("clinic-app/2.1"), rxbridge.WithMaxResponseBytes(1024), rxbridge.WithTimeout(time.Second), rxbridge.WithLogger(nil))
	mt.RegisterResponder("GET", DefaultBaseURL+"/status", func(r *http.Request) (*http.Response, error) {
		assert.True(t, strings.HasPrefix(r.Header.Get("User-Agent"), "clinic-app/2.1 rxbridge-go/"))
		return httpmock.NewStringResponse(200, `{"status":"success","data":{"message":"`+strings.Repeat("x", 2000)+`"}}`), nil
	})
	_, err := c.Status(context.Background())
	require.ErrorIs(t, err, ErrResponseTooLarge)
	_, err = NewClient("t", rxbridge.WithMaxResponseBytes(0))
	assert.Error(t, err)
	_, err = NewClient("t", rxbridge.WithUserAgent("a\nb"))
	assert.Error(t, err)
	_, err = NewClient("t", rxbridge.WithHTTPClient(nil))
	assert.Error(t, err)
	c, err = NewClient("t")
	require.NoError(t, err)
	assert.Equal(t, DefaultBaseURL+"/", c.BaseURL())
}
