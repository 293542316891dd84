package develophealth

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const fixtureDir = "../testdata/develophealth"

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, name))
	require.NoError(t, err)
	return b
}

// fixtureData returns the "data" member of an envelope fixture.
func fixtureData(t testing.TB, name string) json.RawMessage {
	t.Helper()
	var env map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(fixture(t, name), &env))
	d, ok := env["data"]
	require.True(t, ok, "%s has no data", name)
	return d
}

// roundTrip decodes b into a new T, re-encodes it and requires the result
// to be JSON-equal to b: no field lost, none invented.
func roundTrip[T any](t *testing.T, name string, b []byte) *T {
	t.Helper()
	v := new(T)
	require.NoError(t, json.Unmarshal(b, v), name)
	out, err := json.Marshal(v)
	require.NoError(t, err, name)
	assert.JSONEq(t, string(b), string(out), "%s does not round-trip", name)
	return v
}

func TestFixturesRoundTrip(t *testing.T) {
	for _, name := range []string{"pa_get.json", "pa_get_docs.json", "pa_get_full.json", "pa_get_pending.json",
		"pa_get_not_submitted.json", "pa_get_other.json", "pa_get_unknown_values.json"} {
		roundTrip[PriorAuthorization](t, name, fixtureData(t, name))
	}
	for _, name := range []string{"bv_get.json", "bv_get_failed.json"} {
		roundTrip[BenefitVerification](t, name, fixtureData(t, name))
	}
	roundTrip[ClinicalQualification](t, "cq_get.json", fixtureData(t, "cq_get.json"))
	roundTrip[[]AuthorizedProvider](t, "authorized_providers.json", fixtureData(t, "authorized_providers.json"))
	for _, name := range []string{"provider_lookup_active.json", "provider_lookup_deactivated.json",
		"provider_lookup_search.json", "provider_lookup_not_found.json"} {
		roundTrip[ProviderLookupResponse](t, name, fixtureData(t, name))
	}
	roundTrip[CreatePriorAuthResponseData](t, "pa_create_response.json", fixtureData(t, "pa_create_response.json"))
	roundTrip[CreateBenefitVerificationResponseData](t, "bv_create_response.json", fixtureData(t, "bv_create_response.json"))
	roundTrip[CreateClinicalQualificationResponseData](t, "cq_create_response.json", fixtureData(t, "cq_create_response.json"))
	roundTrip[UpdateNDPSubmissionResponseData](t, "pa_ndp_submission_response.json", fixtureData(t, "pa_ndp_submission_response.json"))

	// The spec's request examples are what a caller builds: they encode
	// back exactly.
	roundTrip[CreatePriorAuthRequest](t, "pa_create_request.json", fixture(t, "pa_create_request.json"))
	roundTrip[CreateBenefitVerificationRequest](t, "bv_create_request.json", fixture(t, "bv_create_request.json"))
	roundTrip[CreateClinicalQualificationRequest](t, "cq_create_request.json", fixture(t, "cq_create_request.json"))
}

func TestSpecGetExampleDecodesEveryField(t *testing.T) {
	pa := roundTrip[PriorAuthorization](t, "pa_get.json", fixtureData(t, "pa_get.json"))
	assert.Equal(t, "pa_sdkfj3f", pa.ID)
	assert.Equal(t, "prior_authorization", pa.Object)
	assert.Equal(t, PriorAuthRequestStatusCompleted, pa.Status)
	assert.True(t, pa.Status.IsTerminal())
	assert.Equal(t, []Diagnosis{{Code: "E66.9"}}, pa.Diagnoses)
	require.Len(t, pa.Evidence, 2)
	assert.Equal(t, "BMI Chart", pa.Evidence[0].Title)
	assert.Equal(t, map[string]any{"bmi_value": float64(32), "date_measured": "2023-11-10"}, pa.Evidence[0].Content)
	assert.Equal(t, "2023-11-10T10:15:00Z", pa.Evidence[0].DateCreated.Time.Format("2006-01-02T15:04:05Z07:00"))
	assert.False(t, pa.Evidence[0].DateCreated.HasZone())

	assert.Equal(t, "1980-01-01", pa.Patient.DateOfBirth.String())
	assert.Equal(t, GenderMale, pa.Patient.Gender)
	assert.Equal(t, "12345", pa.Patient.Address.ZipPostalCode)
	require.Len(t, pa.Insurance, 2)
	assert.Equal(t, "123456", pa.Insurance[0].ScannedContent.RxBIN)
	assert.Equal(t, "Unable to extract information from card", pa.Insurance[1].ScannedContent.Error)

	require.NotNil(t, pa.Prescription)
	assert.Equal(t, DoseFormInjectable, pa.Prescription.DoseForm)
	assert.Equal(t, RouteOfAdministrationSubcutaneous, pa.Prescription.RouteOfAdministration)
	assert.Equal(t, 764000000, pa.Prescription.PrescriptionDate.Nanosecond(), "zone-less microseconds")
	assert.Equal(t, "2024-02-14T05:46:07.764000", pa.Prescription.PrescriptionDate.Raw())
	assert.Equal(t, "1234567890", pa.Provider.NPI)
	assert.Equal(t, "Walgreens", pa.Pharmacy.Name)
	require.Len(t, pa.Questionnaires, 1)
	assert.Len(t, pa.Questionnaires[0].Questions, 2)
	require.Len(t, pa.VisitNotes, 1)

	require.Len(t, pa.ActivityLog, 3)
	assert.Equal(t, ActivityLogSentFax, pa.ActivityLog[0].Type)
	assert.Equal(t, "https://example.com/sent_fax", pa.ActivityLog[0].Fax.URL)
	assert.Equal(t, ActivityLogReceivedFax, pa.ActivityLog[1].Type)
	require.NotNil(t, pa.ActivityLog[2].FollowUpCall)
	assert.Equal(t, "https://example.com/follow_up_call_recording", pa.ActivityLog[2].FollowUpCall.RecordingURL)
	for _, a := range pa.ActivityLog {
		assert.Nil(t, a.Raw, "known items are decoded, not kept raw")
	}

	assert.Equal(t, "janedoe@email.com", pa.ReviewedBy.Email)
	assert.Equal(t, []string{"Preferred Products Not Tried First"}, pa.DenialReasonAnalysis.Categories)
	require.NotNil(t, pa.IsAppeal)
	assert.False(t, *pa.IsAppeal)

	assert.Equal(t, OutcomeDenied, pa.Outcome.Result)
	require.NotNil(t, pa.Outcome.Denied)
	assert.Equal(t, PriorAuthOutcomeDenialDetailStepTherapyCriteriaNotMet, pa.Outcome.Denied.DetailCode)
	assert.Equal(t, "Step Therapy Criteria Not Met", pa.Outcome.Detail())
	assert.Equal(t, "step_therapy_criteria_not_met", pa.Outcome.DetailCode())
}

func TestFullFixture(t *testing.T) {
	pa := roundTrip[PriorAuthorization](t, "pa_get_full.json", fixtureData(t, "pa_get_full.json"))
	require.NotNil(t, pa.Outcome.Approved)
	assert.Equal(t, "2025-02-20", pa.Outcome.Approved.AuthorizationExpiration.String())
	require.Len(t, pa.EligibilityCheckResponse, 2)
	assert.Equal(t, EligibilityCheckPlanTypeMedicareAdvantage, pa.EligibilityCheckResponse[0].Success.PlanType)
	assert.Equal(t, EligibilityCheckActionCodePleaseCorrectAndResubmit, pa.EligibilityCheckResponse[1].Error.ActionCode)
	assert.Equal(t, PrescriptionTransferStatusCompleted, pa.PrescriptionTransfer.Status)
	assert.Equal(t, OutcomeApproved, pa.MockResult.Result())
	assert.Equal(t, PrescriptionTransferErrorCodeOther, pa.MockResult.Approved.PrescriptionTransferErrorCode)
	require.Len(t, pa.OutOfPocketCosts, 2)
	assert.Equal(t, int64(0), *pa.OutOfPocketCosts[1].AmountCents, "a zero copay is not lost")
	assert.Nil(t, pa.OutOfPocketCosts[1].SupplyDurationDays)
	assert.Equal(t, MessageReceived, pa.MessageThread.Messages[0].Direction)
	assert.True(t, pa.MessageThread.Messages[1].Timestamp.HasZone())
	assert.True(t, *pa.IsAppeal)

	// The unknown activity type is kept whole and passes through.
	last := pa.ActivityLog[len(pa.ActivityLog)-1]
	assert.Equal(t, ActivityLogType("portal_submission"), last.Type)
	assert.False(t, last.Type.Known())
	assert.Equal(t, "portal_sub__X1", last.ID)
	assert.Equal(t, 2024, last.CreatedAt.Year())
	assert.JSONEq(t, `{"portal":"CoverMyMeds","confirmation":"CMM-42"}`, string(last.Details()))
	assert.Contains(t, string(last.Raw), `"actor"`)
}

func TestPendingOutcomeKeepsItsNulls(t *testing.T) {
	pa := roundTrip[PriorAuthorization](t, "pa_get_pending.json", fixtureData(t, "pa_get_pending.json"))
	assert.Equal(t, OutcomePending, pa.Outcome.Result)
	require.NotNil(t, pa.Outcome.Pending)
	assert.False(t, pa.Status.IsTerminal())
	b, err := json.Marshal(pa.Outcome)
	require.NoError(t, err)
	assert.JSONEq(t, `{"detail":null,"result":"Pending","detail_code":null}`, string(b))
}

func TestUnknownValuesPassThrough(t *testing.T) {
	pa := roundTrip[PriorAuthorization](t, "pa_get_unknown_values.json", fixtureData(t, "pa_get_unknown_values.json"))
	assert.Equal(t, PriorAuthRequestStatus("awaiting_payer_portal"), pa.Status)
	assert.False(t, pa.Status.Known())
	assert.False(t, pa.Status.IsTerminal(), "an unknown status keeps a poller going")
	assert.Equal(t, OutcomeResult("Withdrawn"), pa.Outcome.Result)
	assert.Nil(t, pa.Outcome.Approved)
	assert.Equal(t, "prescriber_withdrew", pa.Outcome.DetailCode())
	assert.False(t, pa.Patient.Gender.Known())
	assert.False(t, pa.Prescription.DoseForm.Known())
	require.Len(t, pa.ActivityLog, 5)
	assert.NotNil(t, pa.ActivityLog[0].Fax)
	assert.Equal(t, ActivityLogType("ai_call"), pa.ActivityLog[1].Type)
	assert.NotNil(t, pa.ActivityLog[1].Raw)
	assert.Equal(t, ActivityLogReceivedFax, pa.ActivityLog[2].Type)
	assert.Nil(t, pa.ActivityLog[2].Fax, "details of the wrong shape are kept raw, not an error")
	assert.False(t, pa.ActivityLog[2].CreatedAt.Valid())
	assert.NotNil(t, pa.ActivityLog[3].Raw)
	assert.NotNil(t, pa.ActivityLog[4].Raw)
	assert.NotNil(t, pa.EligibilityCheckResponse[0].Raw)
	assert.Equal(t, OutcomeResult("Partially Approved"), pa.MockResult.Result())
}

func TestRequestExampleDecodesAsCaller(t *testing.T) {
	req := roundTrip[CreatePriorAuthRequest](t, "pa_create_request.json", fixture(t, "pa_create_request.json"))
	require.NotNil(t, req.Prescription)
	require.NotNil(t, req.Prescription.Named)
	assert.Nil(t, req.Prescription.Coded)
	assert.Equal(t, PriorityMedium, *req.Priority)
	img, err := req.Insurance[0].Image()
	require.NoError(t, err)
	assert.Equal(t, "\x89PNG", string(img[:4]))

	bv := roundTrip[CreateBenefitVerificationRequest](t, "bv_create_request.json", fixture(t, "bv_create_request.json"))
	require.Len(t, bv.Drugs.Named, 3)
	assert.Nil(t, bv.Drugs.Coded)
	assert.Equal(t, MockResultCaseDrugsCoveredPriorAuthRequiredHasCopay, bv.MockResult.Case)
	assert.Equal(t, []string{}, bv.Provider.InNetworkPayers)
}
