package develophealth

import (
	"bytes"
	"encoding/json"
	"errors"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// OutcomeResult is the discriminator of a prior authorization outcome and
// of a mock result (the "result" field).
type OutcomeResult string

// The documented results.
const (
	OutcomeApproved     OutcomeResult = "Approved"
	OutcomeDenied       OutcomeResult = "Denied"
	OutcomeOther        OutcomeResult = "Other"
	OutcomePending      OutcomeResult = "Pending"
	OutcomeNotSubmitted OutcomeResult = "Not Submitted"
)

// Known reports whether r is a documented result.
func (r OutcomeResult) Known() bool {
	switch r {
	case OutcomeApproved, OutcomeDenied, OutcomeOther, OutcomePending, OutcomeNotSubmitted:
		return true
	}
	return false
}

// PriorAuthSubmissionApprovalOutcome is the spec schema of an "Approved"
// outcome.
type PriorAuthSubmissionApprovalOutcome struct {
	// Detail is a human-readable note ("Patient must enroll in ...").
	Detail     string                         `json:"detail,omitzero"`
	Result     OutcomeResult                  `json:"result"`
	DetailCode PriorAuthOutcomeApprovalDetail `json:"detail_code,omitzero"`
	// AuthorizationStartDate is when the authorization became effective.
	AuthorizationStartDate *rxbridge.Date `json:"authorization_start_date,omitzero"`
	// AuthorizationExpiration is when it expires, when known.
	AuthorizationExpiration *rxbridge.Date `json:"authorization_expiration,omitzero"`
}

// PriorAuthSubmissionDenialOutcome is the spec schema of a "Denied"
// outcome.
type PriorAuthSubmissionDenialOutcome struct {
	Detail     string                       `json:"detail,omitzero"`
	Result     OutcomeResult                `json:"result"`
	DetailCode PriorAuthOutcomeDenialDetail `json:"detail_code,omitzero"`
	// ClientCode is your organization's own outcome code, when configured.
	ClientCode string `json:"client_code,omitzero"`
}

// PriorAuthSubmissionOtherOutcome is the spec schema of an "Other" outcome:
// completed without an approval or denial (coverage inactive, duplicate
// request, ...).
type PriorAuthSubmissionOtherOutcome struct {
	Detail     string                            `json:"detail,omitzero"`
	Result     OutcomeResult                     `json:"result"`
	DetailCode PriorAuthOutcomeOtherDetailPublic `json:"detail_code,omitzero"`
}

// PriorAuthSubmissionPendingOutcome is the spec schema of a "Pending"
// outcome: submitted, no determination yet. Its detail and detail_code are
// always null. Decide whether a prior authorization is running from its
// Status, not from this placeholder.
type PriorAuthSubmissionPendingOutcome struct {
	Detail     *string       `json:"detail"`
	Result     OutcomeResult `json:"result"`
	DetailCode *string       `json:"detail_code"`
}

// PriorAuthSubmissionNotSubmittedOutcome is the spec schema of a "Not
// Submitted" outcome (the eligibility check failed or found a government
// plan, the benefit verification found no coverage, ...).
type PriorAuthSubmissionNotSubmittedOutcome struct {
	Detail     string                             `json:"detail,omitzero"`
	Result     OutcomeResult                      `json:"result"`
	DetailCode PriorAuthOutcomeNotSubmittedDetail `json:"detail_code,omitzero"`
}

// Outcome is the outcome of a prior authorization: a union keyed on
// "result". Exactly the field matching Result is set; a result the SDK does
// not know leaves them all nil and keeps the outcome as received in Raw
// (it re-encodes unchanged). Decoding never fails on the outcome.
type Outcome struct {
	Result       OutcomeResult
	Approved     *PriorAuthSubmissionApprovalOutcome
	Denied       *PriorAuthSubmissionDenialOutcome
	Other        *PriorAuthSubmissionOtherOutcome
	Pending      *PriorAuthSubmissionPendingOutcome
	NotSubmitted *PriorAuthSubmissionNotSubmittedOutcome
	// Raw is the outcome as received when no variant could hold it.
	Raw json.RawMessage
}

// UnmarshalJSON implements json.Unmarshaler. It reads the result member
// with a cursor, then decodes the object once into its variant.
func (o *Outcome) UnmarshalJSON(b []byte) error {
	*o = Outcome{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	res, ok := jsoncodec.StringMember(b, "result")
	if !ok {
		o.Raw = append(json.RawMessage(nil), b...)
		return nil
	}
	o.Result = OutcomeResult(res)
	var err error
	switch o.Result {
	case OutcomeApproved:
		o.Approved = new(PriorAuthSubmissionApprovalOutcome)
		err = jsoncodec.UnmarshalValid(b, o.Approved)
	case OutcomeDenied:
		o.Denied = new(PriorAuthSubmissionDenialOutcome)
		err = jsoncodec.UnmarshalValid(b, o.Denied)
	case OutcomeOther:
		o.Other = new(PriorAuthSubmissionOtherOutcome)
		err = jsoncodec.UnmarshalValid(b, o.Other)
	case OutcomePending:
		o.Pending = new(PriorAuthSubmissionPendingOutcome)
		err = jsoncodec.UnmarshalValid(b, o.Pending)
	case OutcomeNotSubmitted:
		o.NotSubmitted = new(PriorAuthSubmissionNotSubmittedOutcome)
		err = jsoncodec.UnmarshalValid(b, o.NotSubmitted)
	default:
		err = errUnknownVariant
	}
	if err != nil {
		*o = Outcome{Result: o.Result, Raw: append(json.RawMessage(nil), b...)}
	}
	return nil
}

// errUnknownVariant marks a union value kept raw.
var errUnknownVariant = errors.New("unknown variant")

// MarshalJSON implements json.Marshaler: the set variant (its result filled
// in), else Raw, else null.
func (o Outcome) MarshalJSON() ([]byte, error) {
	switch {
	case o.Approved != nil:
		v := *o.Approved
		v.Result = OutcomeApproved
		return json.Marshal(v)
	case o.Denied != nil:
		v := *o.Denied
		v.Result = OutcomeDenied
		return json.Marshal(v)
	case o.Other != nil:
		v := *o.Other
		v.Result = OutcomeOther
		return json.Marshal(v)
	case o.Pending != nil:
		v := *o.Pending
		v.Result = OutcomePending
		return json.Marshal(v)
	case o.NotSubmitted != nil:
		v := *o.NotSubmitted
		v.Result = OutcomeNotSubmitted
		return json.Marshal(v)
	case len(o.Raw) > 0:
		return o.Raw, nil
	case o.Result != "":
		return json.Marshal(map[string]OutcomeResult{"result": o.Result})
	}
	return []byte("null"), nil
}

// IsZero reports an outcome that was absent or null.
func (o Outcome) IsZero() bool {
	return o.Result == "" && o.Approved == nil && o.Denied == nil && o.Other == nil &&
		o.Pending == nil && o.NotSubmitted == nil && len(o.Raw) == 0
}

// Detail returns the human-readable note of any outcome (Raw included).
// It is upstream text: treat it as PHI.
func (o Outcome) Detail() string {
	switch {
	case o.Approved != nil:
		return o.Approved.Detail
	case o.Denied != nil:
		return o.Denied.Detail
	case o.Other != nil:
		return o.Other.Detail
	case o.NotSubmitted != nil:
		return o.NotSubmitted.Detail
	case o.Pending != nil && o.Pending.Detail != nil:
		return *o.Pending.Detail
	}
	return rawString(o.Raw, "detail")
}

// DetailCode returns the detail code of any outcome as text (for a known
// result, the variant's typed DetailCode holds the same value).
func (o Outcome) DetailCode() string {
	switch {
	case o.Approved != nil:
		return string(o.Approved.DetailCode)
	case o.Denied != nil:
		return string(o.Denied.DetailCode)
	case o.Other != nil:
		return string(o.Other.DetailCode)
	case o.NotSubmitted != nil:
		return string(o.NotSubmitted.DetailCode)
	case o.Pending != nil && o.Pending.DetailCode != nil:
		return *o.Pending.DetailCode
	}
	return rawString(o.Raw, "detail_code")
}

// rawString reads a string member of a raw JSON object ("" otherwise).
func rawString(raw json.RawMessage, key string) string {
	if len(raw) == 0 || !jsoncodec.Valid(raw) {
		return ""
	}
	v, _ := exactMember(raw, key)
	return jsoncodec.StringValue(v)
}

// exactMember returns the value of the last member named exactly key, as
// decoding the object into a map[string]json.RawMessage keeps it.
func exactMember(obj []byte, key string) (raw []byte, ok bool) {
	jsoncodec.ObjectEach(obj, func(k, v []byte) bool {
		if s, good := jsoncodec.UnquoteBytes(k); good && string(s) == key {
			raw, ok = v, true
		}
		return true
	})
	return raw, ok
}

// PriorAuthMockResultApproved is the spec schema of an approved mock
// result. PrescriptionTransferErrorCode, with an NDP submission that names
// a preferred pharmacy, mocks a failed transfer (else a successful one).
type PriorAuthMockResultApproved struct {
	Result                        OutcomeResult                  `json:"result,omitzero"`
	DetailCode                    PriorAuthOutcomeApprovalDetail `json:"detail_code,omitzero"`
	PrescriptionTransferErrorCode PrescriptionTransferErrorCode  `json:"prescription_transfer_error_code,omitzero"`
}

// PriorAuthMockResultDenied is the spec schema of a denied mock result.
type PriorAuthMockResultDenied struct {
	Result     OutcomeResult                `json:"result,omitzero"`
	DetailCode PriorAuthOutcomeDenialDetail `json:"detail_code,omitzero"`
	ClientCode string                       `json:"client_code,omitzero"`
}

// PriorAuthMockResultOther is the spec schema of an "Other" mock result.
// TriggerMessage adds a message to the prior authorization after creation,
// which fires the prior_authorization.message webhook.
type PriorAuthMockResultOther struct {
	Result         OutcomeResult                     `json:"result,omitzero"`
	DetailCode     PriorAuthOutcomeOtherDetailPublic `json:"detail_code,omitzero"`
	TriggerMessage *bool                             `json:"trigger_message,omitzero"`
}

// PriorAuthMockResultNotSubmitted is the spec schema of a "Not Submitted"
// mock result.
type PriorAuthMockResultNotSubmitted struct {
	Result     OutcomeResult                      `json:"result,omitzero"`
	DetailCode PriorAuthOutcomeNotSubmittedDetail `json:"detail_code,omitzero"`
}

// PriorAuthMockResult is the simulated outcome of a sandbox prior
// authorization (mock_result): a union keyed on "result". Set exactly one
// variant (or use MockApproved, MockDenied, MockOther, MockNotSubmitted).
// Only sandbox organizations accept it (else ErrMockResultNotAllowed); it
// completes the request at once, sends the webhook, and is echoed by
// GetPriorAuthorization.
type PriorAuthMockResult struct {
	Approved     *PriorAuthMockResultApproved
	Denied       *PriorAuthMockResultDenied
	Other        *PriorAuthMockResultOther
	NotSubmitted *PriorAuthMockResultNotSubmitted
	// Raw is a received mock result of an unknown result, kept as is.
	Raw json.RawMessage
}

// MockApproved returns an approved mock result.
func MockApproved(code PriorAuthOutcomeApprovalDetail) *PriorAuthMockResult {
	return &PriorAuthMockResult{Approved: &PriorAuthMockResultApproved{DetailCode: code}}
}

// MockDenied returns a denied mock result.
func MockDenied(code PriorAuthOutcomeDenialDetail) *PriorAuthMockResult {
	return &PriorAuthMockResult{Denied: &PriorAuthMockResultDenied{DetailCode: code}}
}

// MockOther returns an "Other" mock result.
func MockOther(code PriorAuthOutcomeOtherDetailPublic) *PriorAuthMockResult {
	return &PriorAuthMockResult{Other: &PriorAuthMockResultOther{DetailCode: code}}
}

// MockNotSubmitted returns a "Not Submitted" mock result.
func MockNotSubmitted(code PriorAuthOutcomeNotSubmittedDetail) *PriorAuthMockResult {
	return &PriorAuthMockResult{NotSubmitted: &PriorAuthMockResultNotSubmitted{DetailCode: code}}
}

// Result returns the variant's result (the raw one for an unknown result).
func (m *PriorAuthMockResult) Result() OutcomeResult {
	switch {
	case m == nil:
		return ""
	case m.Approved != nil:
		return OutcomeApproved
	case m.Denied != nil:
		return OutcomeDenied
	case m.Other != nil:
		return OutcomeOther
	case m.NotSubmitted != nil:
		return OutcomeNotSubmitted
	}
	return OutcomeResult(rawString(m.Raw, "result"))
}

// DetailCode returns the variant's detail code as text.
func (m *PriorAuthMockResult) DetailCode() string {
	switch {
	case m == nil:
		return ""
	case m.Approved != nil:
		return string(m.Approved.DetailCode)
	case m.Denied != nil:
		return string(m.Denied.DetailCode)
	case m.Other != nil:
		return string(m.Other.DetailCode)
	case m.NotSubmitted != nil:
		return string(m.NotSubmitted.DetailCode)
	}
	return rawString(m.Raw, "detail_code")
}

// variants counts the set variants.
func (m *PriorAuthMockResult) variants() int {
	n := 0
	for _, set := range []bool{m.Approved != nil, m.Denied != nil, m.Other != nil, m.NotSubmitted != nil} {
		if set {
			n++
		}
	}
	return n
}

// errMockVariants is the encoding error of a mock result with several
// variants set.
var errMockVariants = errors.New("mock_result: set exactly one of Approved, Denied, Other, NotSubmitted")

// MarshalJSON implements json.Marshaler.
func (m PriorAuthMockResult) MarshalJSON() ([]byte, error) {
	if m.variants() > 1 {
		return nil, errMockVariants
	}
	switch {
	case m.Approved != nil:
		v := *m.Approved
		v.Result = OutcomeApproved
		return json.Marshal(v)
	case m.Denied != nil:
		v := *m.Denied
		v.Result = OutcomeDenied
		return json.Marshal(v)
	case m.Other != nil:
		v := *m.Other
		v.Result = OutcomeOther
		return json.Marshal(v)
	case m.NotSubmitted != nil:
		v := *m.NotSubmitted
		v.Result = OutcomeNotSubmitted
		return json.Marshal(v)
	case len(m.Raw) > 0:
		return m.Raw, nil
	}
	return []byte("null"), nil
}

// UnmarshalJSON implements json.Unmarshaler; it never fails on an object.
// It reads the result member with a cursor, then decodes once.
func (m *PriorAuthMockResult) UnmarshalJSON(b []byte) error {
	*m = PriorAuthMockResult{}
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	res, ok := jsoncodec.StringMember(b, "result")
	if !ok {
		m.Raw = append(json.RawMessage(nil), b...)
		return nil
	}
	var err error
	switch OutcomeResult(res) {
	case OutcomeApproved:
		m.Approved = new(PriorAuthMockResultApproved)
		err = jsoncodec.UnmarshalValid(b, m.Approved)
	case OutcomeDenied:
		m.Denied = new(PriorAuthMockResultDenied)
		err = jsoncodec.UnmarshalValid(b, m.Denied)
	case OutcomeOther:
		m.Other = new(PriorAuthMockResultOther)
		err = jsoncodec.UnmarshalValid(b, m.Other)
	case OutcomeNotSubmitted:
		m.NotSubmitted = new(PriorAuthMockResultNotSubmitted)
		err = jsoncodec.UnmarshalValid(b, m.NotSubmitted)
	default:
		err = errUnknownVariant
	}
	if err != nil {
		*m = PriorAuthMockResult{Raw: append(json.RawMessage(nil), b...)}
	}
	return nil
}

// IsZero reports an unset mock result.
func (m PriorAuthMockResult) IsZero() bool { return m.variants() == 0 && len(m.Raw) == 0 }
