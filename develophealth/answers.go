package develophealth

import "github.com/rxbridge/rxbridge-go/internal/httpx"

// The documented answers (DESIGN rule 19). An answer's data that lacks
// what its operation documents is a decode error (ErrDecode), and for a
// create also ErrOutcomeUnknown: Develop Health may have created the
// request, and without its id the caller must look before sending it
// again.

// documented is implemented by the data types whose documented shape
// requires a member; missing names the member absent, or "".
type documented interface{ missing() string }

func (d *CreatePriorAuthResponseData) missing() string           { return needID(d.ID) }
func (d *CreateBenefitVerificationResponseData) missing() string { return needID(d.ID) }
func (d *CreateClinicalQualificationResponseData) missing() string {
	return needID(d.ID)
}
func (d *PriorAuthorization) missing() string    { return needID(d.ID) }
func (d *BenefitVerification) missing() string   { return needID(d.ID) }
func (d *ClinicalQualification) missing() string { return needID(d.ID) }

func (d *ProviderLookupResponse) missing() string {
	if d.Status == "" {
		return "data.status"
	}
	return ""
}

// needID is the check of a data object identified by its id.
func needID(id string) string {
	if id == "" {
		return "data.id"
	}
	return ""
}

// checkData reports a success envelope whose data is absent or lacks a
// documented member.
func checkData(resp *httpx.Response, data any, present bool) error {
	if !present {
		return resp.Unexpected(errNoData)
	}
	if d, ok := data.(documented); ok {
		if m := d.missing(); m != "" {
			return resp.Unexpected(&httpx.ShapeError{Want: m})
		}
	}
	return nil
}

// statusWant is the documented answer of a call that carries no data and
// changes something (feedback, provider authorization).
var statusWant = &httpx.ShapeError{Want: `{"status":"success"}`}
