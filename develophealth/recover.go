package develophealth

import (
	"context"
	"errors"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// After a lost create (CreatePriorAuthorization returned an error matching
// ErrOutcomeUnknown), the prior authorization may exist without you
// having its id. Develop Health's API has no list or search of prior
// authorizations and no field for an id of your own on a request, so
// there are exactly two ways to find it, both used here:
//
//   - A request with an NDP prescription_message_id (NDPSubmission) is
//     unique per prescription message: Develop Health answers a second
//     create for the same message, while the first is in progress or
//     approved, with 409 prescription_message_already_linked and the
//     existing request's id. RecoverPriorAuthorization sends the request
//     again on that guarantee and returns the id either way.
//   - Any other request is announced by its webhooks: every
//     prior_authorization.* event carries the whole request, with the
//     patient's internal_id (your id for the patient) and the provider's
//     NPI. Keep the lost request, and claim the first event whose prior
//     authorization you do not know and that MatchesPriorAuthorization
//     accepts. Do not send such a request again unless you have waited
//     long enough for its events and are ready to cancel a duplicate.

// ErrNoRecoveryKey is returned (with ErrInvalidInput) by
// RecoverPriorAuthorization for a request without an NDP
// prescription_message_id: Develop Health would create a second prior
// authorization for it, so it is not sent.
var ErrNoRecoveryKey = errors.New("develophealth: the request has no ndp_submission.prescription_message_id to recover it by; wait for its webhook")

// Recovered is the answer of RecoverPriorAuthorization.
type Recovered struct {
	// ID is the prior authorization's id.
	ID string
	// Existed reports that Develop Health already had the request (the
	// lost create was processed): ID is that request's. When false, the
	// lost create never took effect (or its request was since cancelled
	// or completed without approval) and this call created ID.
	Existed bool
}

// RecoverPriorAuthorization finds or creates the prior authorization of a
// create request whose answer was lost, for a request with an NDP
// prescription_message_id: it sends the same request again, and a 409
// prescription_message_already_linked gives the id of the one the lost
// create made (Existed). It never sends a request without
// NDPSubmission.PrescriptionMessageID (ErrNoRecoveryKey, ErrInvalidInput):
// for those, match the webhooks' prior authorizations with
// MatchesPriorAuthorization. Like CreatePriorAuthorization it is not
// retried once sent; a lost answer again matches ErrOutcomeUnknown, and
// calling it again is safe.
func (c *Client) RecoverPriorAuthorization(ctx context.Context, req *CreatePriorAuthRequest) (*Recovered, error) {
	if req == nil {
		return nil, nilRequest("RecoverPriorAuthorization")
	}
	if req.NDPSubmission == nil || strings.TrimSpace(req.NDPSubmission.PrescriptionMessageID) == "" {
		return nil, apierr.Input(provider, "RecoverPriorAuthorization",
			"the request has no ndp_submission.prescription_message_id to recover it by; wait for its webhook", ErrNoRecoveryKey)
	}
	created, err := c.CreatePriorAuthorization(ctx, req)
	if err == nil {
		return &Recovered{ID: created.ID}, nil
	}
	var e *Error
	if errors.Is(err, ErrPrescriptionMessageAlreadyLinked) && errors.As(err, &e) && e.ExistingPriorAuthRequestID != "" {
		return &Recovered{ID: e.ExistingPriorAuthRequestID, Existed: true}, nil
	}
	return nil, err
}

// MatchesPriorAuthorization reports whether pa (from a webhook event or a
// read) may be the prior authorization this request created: same patient
// internal_id and provider NPI, and, when the request names them, the same
// NDP prescription_message_id and drug name. It cannot tell two requests
// for the same patient, provider and drug apart: keep at most one lost
// request per such triple, or confirm with GetPriorAuthorization.
func (req *CreatePriorAuthRequest) MatchesPriorAuthorization(pa *PriorAuthorization) bool {
	if req == nil || pa == nil || req.Patient.InternalID == "" {
		return false
	}
	if pa.Patient.InternalID != req.Patient.InternalID || pa.Provider.NPI != req.Provider.NPI {
		return false
	}
	if n := req.NDPSubmission; n != nil && n.PrescriptionMessageID != "" {
		if pa.NDPSubmission == nil || pa.NDPSubmission.PrescriptionMessageID != n.PrescriptionMessageID {
			return false
		}
	}
	if p := req.Prescription; p != nil && p.Named != nil && pa.Prescription != nil && p.Named.DrugName != "" &&
		!strings.EqualFold(strings.TrimSpace(p.Named.DrugName), strings.TrimSpace(pa.Prescription.DrugName)) {
		return false
	}
	return true
}
