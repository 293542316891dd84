package carevalidate

import "github.com/rxbridge/rxbridge-go/internal/httpx"

// The documented answers (DESIGN rule 19). A 2xx that lacks what its
// operation documents is ErrDecode, and for a call that changes something
// also ErrOutcomeUnknown: never a success with an empty id, an empty page
// or "not found".

// documented is implemented by the success bodies whose documented shape
// requires a member; missing names the member absent, or "".
type documented interface{ missing() string }

// The reads' documented members (checked after the envelope).
var (
	expectCaseList   = httpx.ExpectMembers("cases", "data", "items", "pageInfo")
	expectCaseDetail = httpx.ExpectMembers("caseDetail")
	expectLatestCase = httpx.ExpectMembers("case")
)

// A create's answer carries the created case's id (caseId, case.id, id,
// or the same inside data).
func (r *createResponse) missing() string {
	if r.result(nil).CaseID == "" {
		return "the created case's id (caseId)"
	}
	return ""
}

// An added form's answer carries data.formResponseId.
func (r *formResponse) missing() string {
	if r.Data.FormResponseID == "" {
		return "data.formResponseId"
	}
	return ""
}

// A comment's answer is not documented beyond the common envelope: it says
// success:true, or carries the comment's id.
func (r *commentResponse) missing() string {
	if r.succeeded() || r.ID != "" || r.Data.ID != "" || r.Comment.ID != "" || r.Communication.ID != "" {
		return ""
	}
	return `"success":true or the comment's id`
}

// A PaymentIntent's answer carries its client secret.
func (r *intentResponse) missing() string {
	if r.Data.PaymentIntentSecret == "" && r.PaymentIntentSecret == "" {
		return "data.paymentIntentSecret"
	}
	return ""
}

// A SetupIntent's answer carries its client secret.
func (r *setupResponse) missing() string {
	if r.PaymentSecret == "" && r.Data.PaymentSecret == "" {
		return "paymentSecret"
	}
	return ""
}

// Completing a payment setup answers {status, success:true}.
func (r *statusResponse) missing() string {
	if !r.succeeded() {
		return `"success":true`
	}
	return ""
}

// succeeded reports an envelope that says success:true.
func (e *envelope) succeeded() bool { return e.Success.IsSet() && e.Success.Value() }
