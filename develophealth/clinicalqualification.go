package develophealth

import (
	"context"
	"net/http"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// CreateClinicalQualificationRequest is the spec schema
// CreateClinicalQualificationRequest: check whether the patient qualifies
// clinically for each of several drugs (the documentation labels the
// product "on roadmap").
type CreateClinicalQualificationRequest struct {
	Diagnoses      []Diagnosis         `json:"diagnoses"`
	Evidence       []EvidenceItem      `json:"evidence,omitzero"`
	Patient        Patient             `json:"patient"`
	Insurance      []InsuranceDocument `json:"insurance"`
	Drugs          []Drug              `json:"drugs"`
	Provider       Provider            `json:"provider"`
	Questionnaires []Questionnaire     `json:"questionnaires,omitzero"`
	VisitNotes     []VisitNote         `json:"visit_notes,omitzero"`
}

// CreateClinicalQualificationResponseData is the spec schema
// CreateClinicalQualificationResponseData.
type CreateClinicalQualificationResponseData struct {
	ID string `json:"id"`
}

// ClinicalQualification is a clinical qualification as returned by
// GET /clinical-qualification/{id} (spec schema
// GetClinicalQualificationResponseData).
type ClinicalQualification struct {
	ID string `json:"id"`
	// Object is always "clinical_qualification".
	Object         string                  `json:"object,omitzero"`
	Diagnoses      []Diagnosis             `json:"diagnoses"`
	Evidence       []ResponseEvidenceItem  `json:"evidence,omitzero"`
	Patient        Patient                 `json:"patient"`
	Insurance      []InsuranceDocumentInfo `json:"insurance"`
	Drugs          []Drug                  `json:"drugs"`
	Provider       Provider                `json:"provider"`
	Pharmacy       *Pharmacy               `json:"pharmacy,omitzero"`
	Questionnaires []Questionnaire         `json:"questionnaires,omitzero"`
	VisitNotes     []VisitNote             `json:"visit_notes,omitzero"`
	// Results hold one result per drug.
	Results []ClinicalQualificationResult `json:"results"`
}

// ClinicalQualificationResult is the spec schema
// ClinicalQualificationResult.
type ClinicalQualificationResult struct {
	Drug   Drug                              `json:"drug"`
	Status ClinicalQualificationResultStatus `json:"status"`
	// UnqualifiedReasons explain an unqualified status (free text).
	UnqualifiedReasons []UnqualifiedReason `json:"unqualified_reasons,omitzero"`
}

// UnqualifiedReason is the spec schema UnqualifiedReason.
type UnqualifiedReason struct {
	Description string `json:"description"`
}

// CreateClinicalQualification submits a clinical qualification
// (POST /clinical-qualification) and returns its id. Never retried once it
// may have been sent (ErrOutcomeUnknown).
func (c *Client) CreateClinicalQualification(ctx context.Context, req *CreateClinicalQualificationRequest) (*CreateClinicalQualificationResponseData, error) {
	if req == nil {
		return nil, nilRequest(opCreateClinicalQual)
	}
	body, err := jsonBody(opCreateClinicalQual, req)
	if err != nil {
		return nil, err
	}
	return getData[CreateClinicalQualificationResponseData](ctx, c, &httpx.Request{
		Op: opCreateClinicalQual, Method: http.MethodPost, Route: "clinical-qualification",
		Body: body, Idempotency: httpx.NotIdempotent,
	})
}

// GetClinicalQualification returns a clinical qualification
// (GET /clinical-qualification/{id}).
func (c *Client) GetClinicalQualification(ctx context.Context, id string) (*ClinicalQualification, error) {
	if err := pathID(opGetClinicalQual, "id", id); err != nil {
		return nil, err
	}
	return getData[ClinicalQualification](ctx, c, &httpx.Request{
		Op: opGetClinicalQual, Method: http.MethodGet, Route: "clinical-qualification/{id}", PathParams: []string{id},
	})
}
