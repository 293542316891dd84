package develophealth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// CreatePriorAuthRequest is the spec schema CreatePriorAuthRequest: a
// prior authorization for a medication, with the patient, diagnoses,
// prescription, evidence, insurance and questionnaires.
//
// Resubmission and appeal are not separate calls: set ResubmissionInfo
// (previous request id and a note) or AppealDetails (the appeal letter) on
// a new create. In a sandbox organization, MockResult chooses the outcome.
type CreatePriorAuthRequest struct {
	// Diagnoses are ICD-10 codes (required).
	Diagnoses []Diagnosis `json:"diagnoses"`
	// Evidence supports the request (content or a PDF asset each).
	Evidence []EvidenceItem `json:"evidence,omitzero"`
	// Patient is required.
	Patient Patient `json:"patient"`
	// Insurance holds card images (front and back); optional with
	// InsuranceContent, but recommended.
	Insurance []InsuranceDocument `json:"insurance,omitzero"`
	// InsuranceContent takes precedence over what is read from the images.
	InsuranceContent *PartialInsuranceInfo `json:"insurance_content,omitzero"`
	// Prescription is required unless NDPSubmission carries a
	// prescription_message_id. Set it with NewCodedPrescription (preferred
	// when you have the NDC) or NewNamedPrescription.
	Prescription *PrescriptionInput `json:"prescription,omitzero"`
	// Provider is the prescriber (required).
	Provider Provider  `json:"provider"`
	Pharmacy *Pharmacy `json:"pharmacy,omitzero"`
	// Questionnaires are the best place for structured Q&A (intake forms).
	Questionnaires []Questionnaire `json:"questionnaires,omitzero"`
	VisitNotes     []VisitNote     `json:"visit_notes,omitzero"`
	// NDPSubmission is for prescriptions sent to Develop Health's
	// non-dispensing pharmacy.
	NDPSubmission *PriorAuthRequestNDPSubmission `json:"ndp_submission,omitzero"`
	// ResubmissionInfo makes this request a resubmission of an earlier one.
	ResubmissionInfo *PriorAuthRequestResubmissionInfo `json:"resubmission_info,omitzero"`
	// AppealDetails makes this request an appeal of a denied one.
	AppealDetails *AppealDetails `json:"appeal_details,omitzero"`
	// MockResult (sandbox only) completes the request at once with this
	// outcome.
	MockResult *PriorAuthMockResult `json:"mock_result,omitzero"`
	// Priority defaults to PriorityMedium.
	Priority *Priority `json:"priority,omitzero"`
	// TriggerBenefitVerification checks coverage before the request
	// proceeds.
	TriggerBenefitVerification *TriggerBenefitVerificationConfig `json:"trigger_benefit_verification,omitzero"`
}

// PrescriptionInput is the prescription of a create request, one of the
// spec schemas CodedPrescription or Prescription. Set exactly one field.
type PrescriptionInput struct {
	Coded *CodedPrescription
	Named *Prescription
}

// NewCodedPrescription wraps a prescription named by NDC.
func NewCodedPrescription(p CodedPrescription) *PrescriptionInput {
	return &PrescriptionInput{Coded: &p}
}

// NewNamedPrescription wraps a prescription named by drug name.
func NewNamedPrescription(p Prescription) *PrescriptionInput {
	return &PrescriptionInput{Named: &p}
}

var errPrescriptionChoice = errors.New("prescription: set exactly one of Coded and Named")

// MarshalJSON implements json.Marshaler.
func (p PrescriptionInput) MarshalJSON() ([]byte, error) {
	switch {
	case p.Coded != nil && p.Named != nil:
		return nil, errPrescriptionChoice
	case p.Coded != nil:
		return json.Marshal(p.Coded)
	case p.Named != nil:
		return json.Marshal(p.Named)
	}
	return []byte("null"), nil
}

// UnmarshalJSON implements json.Unmarshaler: an object with "ndc" is a
// CodedPrescription, any other a Prescription.
func (p *PrescriptionInput) UnmarshalJSON(b []byte) error {
	*p = PrescriptionInput{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	if b[0] != '{' {
		// Not an object: the error encoding/json gives.
		p.Named = new(Prescription)
		err := jsoncodec.UnmarshalValid(b, p.Named)
		p.Named = nil
		return err
	}
	// A member set to null counts as absent, as for the *json.RawMessage
	// fields encoding/json would fill.
	ndc, hasNDC := jsoncodec.Member(b, "ndc")
	name, hasName := jsoncodec.Member(b, "drug_name")
	if hasNDC && string(ndc) != "null" && (!hasName || string(name) == "null") {
		p.Coded = new(CodedPrescription)
		return jsoncodec.UnmarshalValid(b, p.Coded)
	}
	p.Named = new(Prescription)
	return jsoncodec.UnmarshalValid(b, p.Named)
}

// IsZero reports an unset choice.
func (p PrescriptionInput) IsZero() bool { return p.Coded == nil && p.Named == nil }

// PriorAuthRequestNDPSubmission is the spec schema
// PriorAuthRequestNDPSubmission: processing of a prescription sent to
// Develop Health's non-dispensing pharmacy. Give PreferredPharmacyNCPDPID
// (7 digits) or PreferredPharmacyDetails, or both.
type PriorAuthRequestNDPSubmission struct {
	// PrescriptionMessageID is the Surescripts message id.
	PrescriptionMessageID string `json:"prescription_message_id"`
	// IgnoreEligibilityCheckError keeps the request going when the
	// eligibility check answers with an error (required).
	IgnoreEligibilityCheckError bool `json:"ignore_eligibility_check_error"`
	// SubmitPAWithEligibilityCheckGovernmentPlan submits even when the
	// patient has only government plans (default false).
	SubmitPAWithEligibilityCheckGovernmentPlan *bool  `json:"submit_pa_with_eligibility_check_government_plan,omitzero"`
	PreferredPharmacyNCPDPID                   string `json:"preferred_pharmacy_ncpdp_id,omitzero"`
	// PreferredPharmacyDetails is free text ("CVS Pharmacy, 123 Main St").
	PreferredPharmacyDetails string `json:"preferred_pharmacy_details,omitzero"`
}

// PriorAuthRequestResubmissionInfo is the spec schema
// PriorAuthRequestResubmissionInfo.
type PriorAuthRequestResubmissionInfo struct {
	PreviousPriorAuthRequestID string `json:"previous_prior_auth_request_id,omitzero"`
	// Note is required unless the request carries AppealDetails.
	Note string `json:"note,omitzero"`
	// QuantityLimitExceptionReason is required when resubmitting after a
	// quantity limit denial.
	QuantityLimitExceptionReason string `json:"quantity_limit_exception_reason,omitzero"`
}

// AppealDetails is the spec schema AppealDetails: the appeal of a
// previously denied prior authorization.
type AppealDetails struct {
	AppealLetter AppealLetter `json:"appeal_letter"`
	IsUrgent     bool         `json:"is_urgent,omitzero"`
}

// AppealLetter is the spec schema AppealLetter.
type AppealLetter struct {
	// Asset is the letter (NewPDFAsset or URLAsset).
	Asset       Asset             `json:"asset"`
	Title       string            `json:"title"`
	DateCreated rxbridge.DateTime `json:"date_created"`
}

// TriggerBenefitVerificationConfig is the spec schema
// TriggerBenefitVerificationConfig.
type TriggerBenefitVerificationConfig struct {
	Enabled               bool                                   `json:"enabled"`
	AdditionalMedications []TriggerBenefitVerificationMedication `json:"additional_medications,omitzero"`
}

// TriggerBenefitVerificationMedication is the spec schema
// TriggerBenefitVerificationMedication.
type TriggerBenefitVerificationMedication struct {
	NDC      string `json:"ndc"`
	Quantity int    `json:"quantity"`
}

// CreatePriorAuthResponseData is the spec schema
// CreatePriorAuthResponseData: the id of the created request.
type CreatePriorAuthResponseData struct {
	ID string `json:"id"`
}

// PriorAuthorization is a prior authorization request as returned by
// GET /prior-authorization/{id} and carried by the prior_authorization.*
// webhooks (spec schema GetPriorAuthResponseData).
//
// Decide from Status whether it is still running (Status.IsTerminal); read
// the determination from Outcome once it is completed.
type PriorAuthorization struct {
	ID string `json:"id"`
	// Object is always "prior_authorization".
	Object string `json:"object,omitzero"`
	// URL is where the request can be viewed in the platform.
	URL              string                            `json:"url"`
	Status           PriorAuthRequestStatus            `json:"status"`
	Diagnoses        []Diagnosis                       `json:"diagnoses"`
	Evidence         []ResponseEvidenceItem            `json:"evidence,omitzero"`
	Patient          Patient                           `json:"patient"`
	Insurance        []InsuranceDocumentInfo           `json:"insurance"`
	Prescription     *Prescription                     `json:"prescription,omitzero"`
	Provider         Provider                          `json:"provider"`
	Pharmacy         *Pharmacy                         `json:"pharmacy,omitzero"`
	Questionnaires   []Questionnaire                   `json:"questionnaires,omitzero"`
	VisitNotes       []VisitNote                       `json:"visit_notes,omitzero"`
	NDPSubmission    *PriorAuthRequestNDPSubmission    `json:"ndp_submission,omitzero"`
	ResubmissionInfo *PriorAuthRequestResubmissionInfo `json:"resubmission_info,omitzero"`
	// ActivityLog lists faxes and calls; unknown item types are kept.
	ActivityLog []ActivityLogItem `json:"activity_log,omitzero"`
	SubmittedBy *User             `json:"submitted_by,omitzero"`
	ReviewedBy  *User             `json:"reviewed_by,omitzero"`
	// EligibilityCheckResponse is set after the eligibility check, if
	// enabled.
	EligibilityCheckResponse []EligibilityCheckResponseItem `json:"eligibility_check_response,omitzero"`
	// RealTimeBenefitsCheckResponse is set after the real-time benefits
	// check, if enabled.
	RealTimeBenefitsCheckResponse *RealTimeBenefitsCheckResponse `json:"real_time_benefits_check_response,omitzero"`
	PrescriptionTransfer          *PrescriptionTransfer          `json:"prescription_transfer,omitzero"`
	// MockResult echoes the request's mock result.
	MockResult       *PriorAuthMockResult `json:"mock_result,omitzero"`
	OutOfPocketCosts []CopayOption        `json:"out_of_pocket_costs,omitzero"`
	// DenialReasonAnalysis is set when the request was denied.
	DenialReasonAnalysis           *DenialReasonAnalysis  `json:"denial_reason_analysis,omitzero"`
	MessageThread                  *PlatformMessageThread `json:"message_thread,omitzero"`
	TriggeredBenefitVerificationID string                 `json:"triggered_benefit_verification_id,omitzero"`
	// IsAppeal (default false; nil when not sent).
	IsAppeal *bool `json:"is_appeal,omitzero"`
	// PatientConsentRequired: the payer requires verbal patient consent
	// (default false; nil when not sent).
	PatientConsentRequired *bool `json:"patient_consent_required,omitzero"`
	// Outcome is keyed on its Result.
	Outcome Outcome `json:"outcome"`
}

// IsTerminal reports a status after which nothing more happens:
// completed, not_submitted, failed or cancelled. Unknown statuses are not
// terminal (keep polling; Develop Health adds intermediate states).
func (s PriorAuthRequestStatus) IsTerminal() bool {
	switch s {
	case PriorAuthRequestStatusCompleted, PriorAuthRequestStatusNotSubmitted,
		PriorAuthRequestStatusFailed, PriorAuthRequestStatusCancelled:
		return true
	}
	return false
}

// EligibilityCheckResponseSuccessItem is the spec schema
// EligibilityCheckResponseSuccessItem: a plan found by the eligibility
// check.
type EligibilityCheckResponseSuccessItem struct {
	Status             string                   `json:"status"`
	HealthPlanName     string                   `json:"health_plan_name,omitzero"`
	PlanType           EligibilityCheckPlanType `json:"plan_type,omitzero"`
	RxBIN              string                   `json:"rx_bin,omitzero"`
	RxPCN              string                   `json:"rx_pcn,omitzero"`
	RxGRP              string                   `json:"rx_grp,omitzero"`
	EffectiveStartDate rxbridge.Date            `json:"effective_start_date"`
	EffectiveEndDate   *rxbridge.Date           `json:"effective_end_date,omitzero"`
}

// EligibilityCheckResponseErrorItem is the spec schema
// EligibilityCheckResponseErrorItem: an error answered by the payer.
type EligibilityCheckResponseErrorItem struct {
	Status    string                    `json:"status"`
	ErrorCode EligibilityCheckErrorCode `json:"error_code"`
	// ErrorMessage is the payer's text for ErrorCode.
	ErrorMessage string                     `json:"error_message"`
	ActionCode   EligibilityCheckActionCode `json:"action_code"`
}

// EligibilityCheckResponseItem is one item of eligibility_check_response:
// a union keyed on "status" ("success" or "error"). An item of another
// status is kept in Raw and re-encodes unchanged.
type EligibilityCheckResponseItem struct {
	Success *EligibilityCheckResponseSuccessItem
	Error   *EligibilityCheckResponseErrorItem
	Raw     json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler; it never fails on an object.
// It reads the status member with a cursor, then decodes the item once.
func (e *EligibilityCheckResponseItem) UnmarshalJSON(b []byte) error {
	*e = EligibilityCheckResponseItem{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	st, _ := jsoncodec.Member(b, "status")
	var err error = errUnknownVariant
	switch jsoncodec.StringValue(st) {
	case "success":
		e.Success = new(EligibilityCheckResponseSuccessItem)
		err = jsoncodec.UnmarshalValid(b, e.Success)
	case "error":
		e.Error = new(EligibilityCheckResponseErrorItem)
		err = jsoncodec.UnmarshalValid(b, e.Error)
	}
	if err != nil {
		*e = EligibilityCheckResponseItem{Raw: append(json.RawMessage(nil), b...)}
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (e EligibilityCheckResponseItem) MarshalJSON() ([]byte, error) {
	switch {
	case e.Success != nil:
		v := *e.Success
		v.Status = "success"
		return json.Marshal(v)
	case e.Error != nil:
		v := *e.Error
		v.Status = "error"
		return json.Marshal(v)
	case len(e.Raw) > 0:
		return e.Raw, nil
	}
	return []byte("null"), nil
}

// RealTimeBenefitsCheckResponse is the spec schema
// RealTimeBenefitsCheckResponse.
type RealTimeBenefitsCheckResponse struct {
	PatientCost       string                             `json:"patient_cost"`
	PriorAuthRequired *bool                              `json:"prior_auth_required,omitzero"`
	Alternatives      []RealTimeBenefitsCheckAlternative `json:"alternatives,omitzero"`
}

// RealTimeBenefitsCheckAlternative is the spec schema
// RealTimeBenefitsCheckAlternative.
type RealTimeBenefitsCheckAlternative struct {
	// ProductID is an NDC or RxNorm id.
	ProductID         string `json:"product_id"`
	Description       string `json:"description"`
	PatientCost       string `json:"patient_cost"`
	PriorAuthRequired *bool  `json:"prior_auth_required,omitzero"`
}

// PrescriptionTransfer is the spec schema PrescriptionTransfer: the
// transfer of an approved prescription to the preferred pharmacy.
type PrescriptionTransfer struct {
	Status PrescriptionTransferStatus `json:"status"`
	// Confirmed: completed and confirmed (default false).
	Confirmed *bool `json:"confirmed,omitzero"`
	// ErrorCode is set when the transfer failed. Treat unknown codes like
	// "other".
	ErrorCode            PrescriptionTransferErrorCode             `json:"error_code,omitzero"`
	TransferAttempts     []PrescriptionTransferAttempt             `json:"transfer_attempts,omitzero"`
	ConfirmationAttempts []PrescriptionTransferConfirmationAttempt `json:"confirmation_attempts,omitzero"`
}

// PrescriptionTransferAttempt is the spec schema
// PrescriptionTransferAttempt.
type PrescriptionTransferAttempt struct {
	Timestamp       rxbridge.DateTime `json:"timestamp"`
	PharmacyNCPDPID string            `json:"pharmacy_ncpdp_id,omitzero"`
}

// PrescriptionTransferConfirmationAttempt is the spec schema
// PrescriptionTransferConfirmationAttempt.
type PrescriptionTransferConfirmationAttempt struct {
	Timestamp rxbridge.DateTime                              `json:"timestamp"`
	Outcome   PrescriptionTransferConfirmationAttemptOutcome `json:"outcome"`
}

// DenialReasonAnalysis is the spec schema DenialReasonAnalysis: why a
// request was denied and what to do next. Its text is upstream prose.
type DenialReasonAnalysis struct {
	Categories           []string `json:"categories"`
	Explanation          string   `json:"explanation"`
	NextSteps            string   `json:"next_steps"`
	NextStepsExplanation string   `json:"next_steps_explanation"`
}

// MessageDirection is the direction of a platform message relative to you.
type MessageDirection string

// The documented directions.
const (
	MessageSent     MessageDirection = "sent"
	MessageReceived MessageDirection = "received"
)

// Known reports a documented direction.
func (d MessageDirection) Known() bool { return d == MessageSent || d == MessageReceived }

// PlatformMessageThread is the spec schema PlatformMessageThread.
type PlatformMessageThread struct {
	IsResolved bool              `json:"is_resolved"`
	Messages   []PlatformMessage `json:"messages"`
}

// PlatformMessage is the spec schema PlatformMessage.
type PlatformMessage struct {
	ID           string                      `json:"id"`
	Timestamp    rxbridge.DateTime           `json:"timestamp"`
	Content      string                      `json:"content"`
	SentByName   string                      `json:"sent_by_name"`
	Direction    MessageDirection            `json:"direction"`
	IsResolution bool                        `json:"is_resolution"`
	Attachments  []PlatformMessageAttachment `json:"attachments,omitzero"`
}

// PlatformMessageAttachment is the spec schema PlatformMessageAttachment.
type PlatformMessageAttachment struct {
	ID       string `json:"id"`
	FileName string `json:"file_name"`
	URL      string `json:"url"`
}

// CancelPriorAuthRequest is the spec schema CancelPriorAuthRequest.
type CancelPriorAuthRequest struct {
	// CancellationReason is required (used for analytics).
	CancellationReason string `json:"cancellation_reason"`
}

// PriorAuthFeedbackRequest is the spec schema PriorAuthFeedbackRequest.
type PriorAuthFeedbackRequest struct {
	// Category is your own grouping for analytics.
	Category string `json:"category"`
	Message  string `json:"message"`
}

// UpdateNDPSubmissionRequest is the spec schema UpdateNDPSubmissionRequest.
type UpdateNDPSubmissionRequest struct {
	PreferredPharmacyNCPDPID string `json:"preferred_pharmacy_ncpdp_id,omitzero"`
}

// UpdateNDPSubmissionResponseData is the spec schema
// UpdateNDPSubmissionResponseData.
type UpdateNDPSubmissionResponseData struct {
	PreferredPharmacyNCPDPID string `json:"preferred_pharmacy_ncpdp_id,omitzero"`
}

// CreatePriorAuthorization submits a prior authorization request
// (POST /prior-authorization) and returns its id. It is never retried once
// it may have reached Develop Health: a lost answer gives an error
// matching ErrOutcomeUnknown (the request may exist; look for it before
// sending it again). A 409 matching ErrPrescriptionMessageAlreadyLinked
// carries the existing request's id in Error.ExistingPriorAuthRequestID.
func (c *Client) CreatePriorAuthorization(ctx context.Context, req *CreatePriorAuthRequest) (*CreatePriorAuthResponseData, error) {
	if req == nil {
		return nil, nilRequest(opCreatePriorAuth)
	}
	body, err := jsonBody(opCreatePriorAuth, req)
	if err != nil {
		return nil, err
	}
	return getData[CreatePriorAuthResponseData](ctx, c, &httpx.Request{
		Op: opCreatePriorAuth, Method: http.MethodPost, Route: "prior-authorization",
		Body: body, Idempotency: httpx.NotIdempotent,
	})
}

// GetPriorAuthorization returns a prior authorization
// (GET /prior-authorization/{id}). It is retried on transient failures.
func (c *Client) GetPriorAuthorization(ctx context.Context, id string) (*PriorAuthorization, error) {
	if err := pathID(opGetPriorAuth, "id", id); err != nil {
		return nil, err
	}
	return getData[PriorAuthorization](ctx, c, &httpx.Request{
		Op: opGetPriorAuth, Method: http.MethodGet, Route: "prior-authorization/{id}", PathParams: []string{id},
	})
}

// CancelPriorAuthorization cancels a prior authorization that is not yet
// terminal (POST /prior-authorization/{id}/cancel). A terminal one gives an
// error matching ErrInvalidState. Cancelling is safe to repeat, so the call
// is retried on transient failures; if an earlier attempt was lost after
// it succeeded, the retry answers ErrInvalidState (Error.Attempts > 1):
// read the request's status to tell.
func (c *Client) CancelPriorAuthorization(ctx context.Context, id string, req *CancelPriorAuthRequest) error {
	if err := pathID(opCancelPriorAuth, "id", id); err != nil {
		return err
	}
	if req == nil {
		return nilRequest(opCancelPriorAuth)
	}
	body, err := jsonBody(opCancelPriorAuth, req)
	if err != nil {
		return err
	}
	return send(ctx, c, &httpx.Request{
		Op: opCancelPriorAuth, Method: http.MethodPost, Route: "prior-authorization/{id}/cancel", PathParams: []string{id},
		Body: body, Idempotency: httpx.Idempotent,
	})
}

// SubmitPriorAuthFeedback records feedback on a prior authorization
// (POST /prior-authorization/{id}/feedback, 201). Each call adds a record,
// so it is not retried once sent.
func (c *Client) SubmitPriorAuthFeedback(ctx context.Context, id string, req *PriorAuthFeedbackRequest) error {
	if err := pathID(opSubmitPriorAuthFeedback, "id", id); err != nil {
		return err
	}
	if req == nil {
		return nilRequest(opSubmitPriorAuthFeedback)
	}
	body, err := jsonBody(opSubmitPriorAuthFeedback, req)
	if err != nil {
		return err
	}
	return send(ctx, c, &httpx.Request{
		Op: opSubmitPriorAuthFeedback, Method: http.MethodPost, Route: "prior-authorization/{id}/feedback", PathParams: []string{id},
		Body: body, Idempotency: httpx.NotIdempotent,
	})
}

// UpdateNDPSubmission changes the preferred pharmacy of an NDP submission
// (PATCH /prior-authorization/{id}/ndp-submission), allowed while the
// request is active and no transfer was attempted (else ErrInvalidState).
// Setting the same value twice is harmless, so it is retried.
func (c *Client) UpdateNDPSubmission(ctx context.Context, id string, req *UpdateNDPSubmissionRequest) (*UpdateNDPSubmissionResponseData, error) {
	if err := pathID(opUpdateNDPSubmission, "id", id); err != nil {
		return nil, err
	}
	if req == nil {
		return nil, nilRequest(opUpdateNDPSubmission)
	}
	body, err := jsonBody(opUpdateNDPSubmission, req)
	if err != nil {
		return nil, err
	}
	return getData[UpdateNDPSubmissionResponseData](ctx, c, &httpx.Request{
		Op: opUpdateNDPSubmission, Method: http.MethodPatch, Route: "prior-authorization/{id}/ndp-submission", PathParams: []string{id},
		Body: body, Idempotency: httpx.Idempotent,
	})
}

// CancelPrescriptionTransfer cancels the prescription transfer of an NDP
// prior authorization (POST /prior-authorization/{id}/prescription-transfer/cancel).
// A completed transfer gives ErrInvalidState. Like CancelPriorAuthorization
// it is retried.
func (c *Client) CancelPrescriptionTransfer(ctx context.Context, id string) error {
	if err := pathID(opCancelPrescriptionTransfer, "id", id); err != nil {
		return err
	}
	return send(ctx, c, &httpx.Request{
		Op: opCancelPrescriptionTransfer, Method: http.MethodPost, Route: "prior-authorization/{id}/prescription-transfer/cancel",
		PathParams: []string{id}, Idempotency: httpx.Idempotent,
	})
}

// WaitOptions tune WaitPriorAuthorization.
type WaitOptions struct {
	// Interval between reads (default 2s, at least 10ms).
	Interval time.Duration
	// OnUpdate, when set, is called with every read whose status differs
	// from the previous one (the first read included).
	OnUpdate func(*PriorAuthorization)
}

// WaitPriorAuthorization polls GetPriorAuthorization until the request's
// status is terminal and returns it. Bound it with ctx (a deadline): it
// returns ctx.Err() (with the last read) when ctx ends first. Errors of a
// read are returned at once (each read already retried transient
// failures). Webhooks are the cheaper signal; use this where you cannot
// receive them, or to confirm one.
func (c *Client) WaitPriorAuthorization(ctx context.Context, id string, o WaitOptions) (*PriorAuthorization, error) {
	if err := httpx.CheckCall(ctx, c.pipeline(), "WaitPriorAuthorization"); err != nil {
		return nil, err
	}
	interval := o.Interval
	if interval <= 0 {
		interval = 2 * time.Second
	}
	interval = max(interval, 10*time.Millisecond)
	var last *PriorAuthorization
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return last, ctx.Err()
		case <-t.C:
		}
		pa, err := c.GetPriorAuthorization(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, ctx.Err()
			}
			return last, err
		}
		if o.OnUpdate != nil && (last == nil || last.Status != pa.Status) {
			o.OnUpdate(pa)
		}
		last = pa
		if pa.Status.IsTerminal() {
			return pa, nil
		}
		t.Reset(interval)
	}
}
