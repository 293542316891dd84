package develophealth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// CreateBenefitVerificationRequest is the spec schema
// CreateBenefitVerificationRequest: check a patient's coverage of up to 7
// drugs.
type CreateBenefitVerificationRequest struct {
	// Priority defaults to PriorityLow.
	Priority *Priority `json:"priority,omitzero"`
	// Replaces is the id of the cancelled verification this one replaces.
	Replaces string `json:"replaces,omitzero"`
	// Drugs is required: 1 to 7 drugs, all coded (NDC, preferred) or all
	// named. Use CodedDrugs or NamedDrugs.
	Drugs BenefitVerificationDrugs `json:"drugs"`
	// DrugHistory raises the completion rate by 5-10% per the spec.
	DrugHistory *DrugHistory `json:"drug_history,omitzero"`
	Diagnoses   []Diagnosis  `json:"diagnoses,omitzero"`
	// Insurance holds the card images (front and back).
	Insurance        []InsuranceDocument   `json:"insurance,omitzero"`
	InsuranceContent *PartialInsuranceInfo `json:"insurance_content,omitzero"`
	Patient          PatientInfo           `json:"patient"`
	Provider         ProviderInfo          `json:"provider"`
	// Entity is optional today but strongly recommended (and announced as
	// required in the future).
	Entity *EntityInfo `json:"entity,omitzero"`
	// MockResult (sandbox only) simulates the result for every drug.
	MockResult                    *MockResult `json:"mock_result,omitzero"`
	UsePatientPlanFundSourceCheck *bool       `json:"use_patient_plan_fund_source_check,omitzero"`
}

// CodedDrugInfo is the spec schema CodedDrugInfo: a drug by NDC.
type CodedDrugInfo struct {
	NDC      string `json:"ndc"`
	Quantity int    `json:"quantity"`
}

// DrugInfo is the spec schema DrugInfo: a drug by name and dosage.
type DrugInfo struct {
	Name     string  `json:"name"`
	Dosage   string  `json:"dosage"`
	Quantity float64 `json:"quantity"`
	// NDC is read-only: filled in by Develop Health, ignored on input.
	NDC string `json:"ndc,omitzero"`
}

// BenefitVerificationDrugs is the drugs of a create request: a list of
// CodedDrugInfo or a list of DrugInfo (the spec's anyOf). Set one of the
// two.
type BenefitVerificationDrugs struct {
	Coded []CodedDrugInfo
	Named []DrugInfo
}

// CodedDrugs returns drugs named by NDC.
func CodedDrugs(d ...CodedDrugInfo) BenefitVerificationDrugs {
	return BenefitVerificationDrugs{Coded: d}
}

// NamedDrugs returns drugs named by name and dosage.
func NamedDrugs(d ...DrugInfo) BenefitVerificationDrugs { return BenefitVerificationDrugs{Named: d} }

var errDrugsChoice = errors.New("drugs: set Coded or Named, not both")

// MarshalJSON implements json.Marshaler.
func (d BenefitVerificationDrugs) MarshalJSON() ([]byte, error) {
	switch {
	case d.Coded != nil && d.Named != nil:
		return nil, errDrugsChoice
	case d.Coded != nil:
		return json.Marshal(d.Coded)
	case d.Named != nil:
		return json.Marshal(d.Named)
	}
	return []byte("null"), nil
}

// UnmarshalJSON implements json.Unmarshaler: a list whose items have
// "name" is named, any other coded. The items are probed with a cursor,
// then the list is decoded once.
func (d *BenefitVerificationDrugs) UnmarshalJSON(b []byte) error {
	*d = BenefitVerificationDrugs{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	named, ok := namedDrugs(b)
	if !ok {
		// Not a list of objects: the error encoding/json gives the probe.
		var probe []map[string]json.RawMessage
		return jsoncodec.UnmarshalValid(b, &probe)
	}
	if named {
		return jsoncodec.UnmarshalValid(b, &d.Named)
	}
	return jsoncodec.UnmarshalValid(b, &d.Coded)
}

// namedDrugs reports whether some item of the JSON array b has a member
// named exactly "name"; ok is false when b is not an array of objects (or
// nulls).
func namedDrugs(b []byte) (named, ok bool) {
	if b[0] != '[' {
		return false, false
	}
	i := jsoncodec.SkipWS(b, 1)
	if jsoncodec.At(b, i) == ']' {
		return false, true
	}
	for {
		switch jsoncodec.At(b, i) {
		case 'n':
		case '{':
			if _, has := exactMember(b[i:], "name"); has {
				named = true
			}
		default:
			return false, false
		}
		end := jsoncodec.SkipValue(b, i)
		if end < 0 {
			return false, false
		}
		i = jsoncodec.SkipWS(b, end)
		switch jsoncodec.At(b, i) {
		case ',':
			i = jsoncodec.SkipWS(b, i+1)
		case ']':
			return named, true
		default:
			return false, false
		}
	}
}

// DrugHistory is the spec schema DrugHistory.
type DrugHistory struct {
	CurrentlyTakingDrugs []DrugHistoryItem `json:"currently_taking_drugs,omitzero"`
	PreviouslyTakenDrugs []DrugHistoryItem `json:"previously_taken_drugs,omitzero"`
}

// DrugHistoryItem is the spec schema DrugHistoryItem.
type DrugHistoryItem struct {
	Name string `json:"name"`
}

// MockResult is the spec schema MockResult: the simulated result of a
// sandbox benefit verification, applied to every drug.
type MockResult struct {
	Status MockResultStatus `json:"status"`
	Case   MockResultCase   `json:"case"`
}

// CreateBenefitVerificationResponseData is the spec schema
// CreateBenefitVerificationResponseData.
type CreateBenefitVerificationResponseData struct {
	ID string `json:"id"`
}

// BenefitVerification is a benefit verification as returned by
// GET /benefit-verification/{id} and the benefit_verification.status_change
// webhook (spec schema GetBenefitVerificationResponseData).
//
// It starts pending and ends completed, failed or cancelled; Develop
// Health may retry a failed one internally, moving it back to pending.
type BenefitVerification struct {
	ID string `json:"id"`
	// Object is always "benefit_verification".
	Object string                    `json:"object,omitzero"`
	Status BenefitVerificationStatus `json:"status"`
	// StatusDescription is upstream prose: do not branch on it.
	StatusDescription string `json:"status_description"`
	// Error is set when the verification failed.
	Error        *FailureDetails         `json:"error,omitzero"`
	ReviewStatus ReviewStatus            `json:"review_status"`
	Drugs        []DrugCoverageInfo      `json:"drugs"`
	DrugHistory  *DrugHistory            `json:"drug_history,omitzero"`
	Diagnoses    []Diagnosis             `json:"diagnoses,omitzero"`
	Patient      PatientInfo             `json:"patient"`
	Provider     ProviderInfo            `json:"provider"`
	Entity       *EntityInfo             `json:"entity,omitzero"`
	Insurance    []InsuranceDocumentInfo `json:"insurance"`
	// PharmacyBenefitManagerName is the PBM ("OptumRx"), when known.
	PharmacyBenefitManagerName string                `json:"pharmacy_benefit_manager_name,omitzero"`
	PatientCoverageStatus      PatientCoverageStatus `json:"patient_coverage_status"`
	// VerificationMethods hold the evidence (call transcripts, recordings).
	VerificationMethods   []BenefitVerificationMethodInfo `json:"verification_methods"`
	MockResult            *MockResult                     `json:"mock_result,omitzero"`
	PatientPlanFundSource PatientPlanFundSource           `json:"patient_plan_fund_source,omitzero"`
	PatientCoverageType   PatientCoverageType             `json:"patient_coverage_type,omitzero"`
	Priority              Priority                        `json:"priority"`
	// ReplacedBy is the replacement of this cancelled verification.
	ReplacedBy string `json:"replaced_by,omitzero"`
	// Replaces is the cancelled verification this one replaces.
	Replaces string `json:"replaces,omitzero"`
	// TriggeredByPAID is the prior authorization that triggered it.
	TriggeredByPAID string `json:"triggered_by_pa_id,omitzero"`
}

// IsTerminal reports completed, failed or cancelled. A failed
// verification may still move back to pending (an internal retry).
func (s BenefitVerificationStatus) IsTerminal() bool {
	return s == BenefitVerificationStatusCompleted || s == BenefitVerificationStatusFailed ||
		s == BenefitVerificationStatusCancelled
}

// DrugCoverageInfo is the spec schema DrugCoverageInfo: one drug's
// coverage. The coverage fields are empty until the verification
// completes.
type DrugCoverageInfo struct {
	Name     string       `json:"name"`
	Dosage   string       `json:"dosage"`
	Quantity float64      `json:"quantity"`
	NDC      string       `json:"ndc,omitzero"`
	Coverage DrugCoverage `json:"coverage,omitzero"`
	// CoverageDetailCode explains Coverage (insurer_reported_value,
	// diagnoses_not_covered, quantity_limit_pa_required).
	CoverageDetailCode         CoverageDetailCode                `json:"coverage_detail_code,omitzero"`
	PriorAuthorizationRequired DrugPriorAuthorizationRequirement `json:"prior_authorization_required,omitzero"`
	// Copay is the copay as text ("$30 for 28 days supply").
	Copay                string                            `json:"copay,omitzero"`
	CopayOptions         []CopayOption                     `json:"copay_options,omitzero"`
	DeterminationDetails *DrugCoverageDeterminationDetails `json:"determination_details,omitzero"`
	HasActivePriorAuth   *bool                             `json:"has_active_prior_auth,omitzero"`
}

// DrugCoverageDeterminationDetails is the spec schema
// DrugCoverageDeterminationDetails. Nil fields are unknown.
type DrugCoverageDeterminationDetails struct {
	IsOnFormulary                       *bool `json:"is_on_formulary,omitzero"`
	IsExplicitPlanExclusion             *bool `json:"is_explicit_plan_exclusion,omitzero"`
	IsPriorAuthActingAsExceptionRequest *bool `json:"is_prior_auth_acting_as_exception_request,omitzero"`
}

// FailureDetails is the spec schema FailureDetails: why a benefit
// verification failed. Message and DetailMessage are upstream prose.
type FailureDetails struct {
	Title         string            `json:"title"`
	Code          ClientErrorCode   `json:"code,omitzero"`
	DetailCode    FailureDetailCode `json:"detail_code,omitzero"`
	Message       string            `json:"message,omitzero"`
	DetailMessage string            `json:"detail_message,omitzero"`
}

// FailureDetailCode is the detail code of a failed benefit verification:
// a value of the spec schema ClientInsuranceDocumentErrorDetailCode or of
// ClientOtherErrorDetailCode.
type FailureDetailCode string

// Values of FailureDetailCode documented by the spec.
const (
	FailureDetailCodeIncorrectMemberID        FailureDetailCode = "incorrect_member_id"
	FailureDetailCodeIncorrectDOB             FailureDetailCode = "incorrect_dob"
	FailureDetailCodeIncorrectAddress         FailureDetailCode = "incorrect_address"
	FailureDetailCodeIncorrectPhoneNumber     FailureDetailCode = "incorrect_phone_number"
	FailureDetailCodeMissingMemberID          FailureDetailCode = "missing_member_id"
	FailureDetailCodeMedicalOnlyMemberID      FailureDetailCode = "medical_only_member_id"
	FailureDetailCodeNameMismatch             FailureDetailCode = "name_mismatch"
	FailureDetailCodeMissingTaxID             FailureDetailCode = "missing_tax_id"
	FailureDetailCodeIncorrectTaxID           FailureDetailCode = "incorrect_tax_id"
	FailureDetailCodeIncorrectNPI             FailureDetailCode = "incorrect_npi"
	FailureDetailCodePatientConsentRequired   FailureDetailCode = "patient_consent_required"
	FailureDetailCodePatientDeclinedConsent   FailureDetailCode = "patient_declined_consent"
	FailureDetailCodeKaiserPrescriberRequired FailureDetailCode = "kaiser_prescriber_required"
	FailureDetailCodeExpired                  FailureDetailCode = "expired"
)

// Known reports whether v is a documented value.
func (v FailureDetailCode) Known() bool {
	return v.InsuranceDocumentError() || v.OtherError()
}

// InsuranceDocumentError reports a value of
// ClientInsuranceDocumentErrorDetailCode (a problem with the insurance
// documents or patient data).
func (v FailureDetailCode) InsuranceDocumentError() bool {
	switch v {
	case FailureDetailCodeIncorrectMemberID, FailureDetailCodeIncorrectDOB, FailureDetailCodeIncorrectAddress,
		FailureDetailCodeIncorrectPhoneNumber, FailureDetailCodeMissingMemberID, FailureDetailCodeMedicalOnlyMemberID,
		FailureDetailCodeNameMismatch:
		return true
	}
	return false
}

// OtherError reports a value of ClientOtherErrorDetailCode.
func (v FailureDetailCode) OtherError() bool {
	switch v {
	case FailureDetailCodeMissingTaxID, FailureDetailCodeIncorrectTaxID, FailureDetailCodeIncorrectNPI,
		FailureDetailCodePatientConsentRequired, FailureDetailCodePatientDeclinedConsent,
		FailureDetailCodeKaiserPrescriberRequired, FailureDetailCodeExpired:
		return true
	}
	return false
}

// BenefitVerificationMethodInfo is the spec schema
// BenefitVerificationMethodInfo: how coverage was determined (an AI call
// with its transcript and recording, ...).
type BenefitVerificationMethodInfo struct {
	ID           string `json:"id"`
	Type         string `json:"type"`
	Transcript   string `json:"transcript,omitzero"`
	RecordingURL string `json:"recording_url,omitzero"`
}

// CreateBenefitVerification submits a benefit verification
// (POST /benefit-verification) and returns its id. Like every create it is
// never retried once it may have been sent (ErrOutcomeUnknown).
func (c *Client) CreateBenefitVerification(ctx context.Context, req *CreateBenefitVerificationRequest) (*CreateBenefitVerificationResponseData, error) {
	if req == nil {
		return nil, nilRequest(opCreateBenefitVerification)
	}
	body, err := jsonBody(opCreateBenefitVerification, req)
	if err != nil {
		return nil, err
	}
	return getData[CreateBenefitVerificationResponseData](ctx, c, &httpx.Request{
		Op: opCreateBenefitVerification, Method: http.MethodPost, Route: "benefit-verification",
		Body: body, Idempotency: httpx.NotIdempotent,
	})
}

// GetBenefitVerification returns a benefit verification
// (GET /benefit-verification/{id}).
func (c *Client) GetBenefitVerification(ctx context.Context, id string) (*BenefitVerification, error) {
	if err := pathID(opGetBenefitVerification, "id", id); err != nil {
		return nil, err
	}
	return getData[BenefitVerification](ctx, c, &httpx.Request{
		Op: opGetBenefitVerification, Method: http.MethodGet, Route: "benefit-verification/{id}", PathParams: []string{id},
	})
}

// CancelBenefitVerification cancels a benefit verification
// (POST /benefit-verification/{id}/cancel, 204). It is retried on
// transient failures (cancelling twice changes nothing).
func (c *Client) CancelBenefitVerification(ctx context.Context, id string) error {
	if err := pathID(opCancelBenefitVerification, "id", id); err != nil {
		return err
	}
	return send(ctx, c, &httpx.Request{
		Op: opCancelBenefitVerification, Method: http.MethodPost, Route: "benefit-verification/{id}/cancel",
		PathParams: []string{id}, Idempotency: httpx.Idempotent,
	})
}
