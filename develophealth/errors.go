package develophealth

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// Error is an error answered by Develop Health. It decodes the three error
// bodies the API sends:
//
//   - the envelope {"status":"error","error":{"title","description","code"}}
//     (create prior authorization 400/409, provider authorize 400, and any
//     2xx whose envelope says "error"); a 409 also carries
//     existing_prior_auth_request_id;
//   - FastAPI's {"detail":"..."} (cancel, feedback, NDP update, transfer
//     cancel: 400 and 404);
//   - FastAPI's validation error, 422 {"detail":[{"loc","msg","type"}]}.
//
// Anything else (an HTML gateway page, an empty body) still gives an *Error
// with the HTTP status and content type.
//
// Error() names the operation, route template, HTTP status and code only.
// The server's description or detail is in Message, and the validation
// messages in ValidationErrors: treat both as PHI (they can repeat what was
// sent). Match errors with errors.Is against the sentinels (ErrNotFound,
// ErrUnsupportedDrug, ...) or with errors.As to read the fields.
type Error struct {
	rxbridge.APIError

	// Title is the envelope error's title ("Unsupported Drug").
	Title string
	// ExistingPriorAuthRequestID is the id of the prior authorization that
	// already holds the prescription, on a 409
	// prescription_message_already_linked.
	ExistingPriorAuthRequestID string
	// ValidationErrors are the items of a 422 answer.
	ValidationErrors []ValidationError
	// OddCode is a code that does not look like an identifier (snake case,
	// all lower or all upper): it is kept here, out of Code and so out of
	// Error(), because it may be free text. Treat it as PHI.
	OddCode string
}

// ValidationError is the spec schema ValidationError: one problem found in
// a request by the server's validation (FastAPI).
type ValidationError struct {
	// Loc is the path to the field: strings and integers (array indexes),
	// usually starting with "body".
	Loc []any `json:"loc"`
	// Msg describes the problem. It may repeat a submitted value.
	Msg string `json:"msg"`
	// Type is the machine-readable problem ("missing", "string_type").
	Type string `json:"type"`
}

// Field returns Loc as a dotted path without the leading "body"
// ("patient.date_of_birth", "diagnoses.0.code").
func (v ValidationError) Field() string {
	var b strings.Builder
	for i, p := range v.Loc {
		if i == 0 {
			if s, ok := p.(string); ok && s == "body" && len(v.Loc) > 1 {
				continue
			}
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		switch x := p.(type) {
		case string:
			b.WriteString(x)
		case float64:
			b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
		case json.Number:
			b.WriteString(x.String())
		default:
			b.WriteByte('?')
		}
	}
	return b.String()
}

// Error codes other than PriorAuthErrorCode values.
const (
	// CodeMockResultNotAllowed is answered when mock_result is sent with
	// production credentials (documented by the testing guide, not by the
	// spec's PriorAuthErrorCode enumeration).
	CodeMockResultNotAllowed = "mock_result_not_allowed"
	// CodeProviderAuthorizationAlreadyInitiated is answered by
	// POST /provider/authorize for an NPI or email already in progress.
	CodeProviderAuthorizationAlreadyInitiated = "PROVIDER_AUTHORIZATION_ALREADY_INITIATED"
)

// Errors matched with errors.Is. The pipeline's own errors are re-exported
// (the same values), so one import is enough.
var (

	// ErrInvalidState: HTTP 400 from an operation that the resource's status
	// does not allow (cancelling a completed prior authorization, changing
	// the pharmacy of a terminal one, cancelling a completed transfer).
	ErrInvalidState = errors.New("develophealth: not allowed in the current status")

	// ErrUnsupportedPatient matches code unsupported_patient.
	ErrUnsupportedPatient = errors.New("develophealth: unsupported patient")
	// ErrUnsupportedDrug matches code unsupported_drug.
	ErrUnsupportedDrug = errors.New("develophealth: unsupported drug")
	// ErrInsuranceCardMemberIDOCRFailure matches code
	// insurance_card_member_id_ocr_failure.
	ErrInsuranceCardMemberIDOCRFailure = errors.New("develophealth: member id not readable from the insurance card")
	// ErrInsuranceContentInvalidRxBIN matches code
	// insurance_content_invalid_rx_bin.
	ErrInsuranceContentInvalidRxBIN = errors.New("develophealth: invalid Rx BIN in insurance content")
	// ErrPrescriptionMessageNotFound matches code
	// prescription_message_not_found.
	ErrPrescriptionMessageNotFound = errors.New("develophealth: prescription message not found")
	// ErrPrescriptionMessageAlreadyLinked matches code
	// prescription_message_already_linked (HTTP 409); the existing prior
	// authorization's id is in Error.ExistingPriorAuthRequestID.
	ErrPrescriptionMessageAlreadyLinked = errors.New("develophealth: prescription message already linked to a prior authorization")
	// ErrProviderNotAuthorized matches code provider_not_authorized: run
	// AuthorizeProvider for the NPI first.
	ErrProviderNotAuthorized = errors.New("develophealth: provider not authorized")
	// ErrEvidenceFileDownloadFailed matches code
	// evidence_file_download_failed.
	ErrEvidenceFileDownloadFailed = errors.New("develophealth: evidence file download failed")
	// ErrInvalidQLEResubmission matches code invalid_qle_resubmission.
	ErrInvalidQLEResubmission = errors.New("develophealth: invalid quantity limit exception resubmission")
	// ErrPreviousPARequestInProgress matches code
	// previous_pa_request_in_progress.
	ErrPreviousPARequestInProgress = errors.New("develophealth: previous prior authorization still in progress")
	// ErrCreateFailed matches code other: an unexpected error during the
	// prior authorization process. Develop Health advises falling back to
	// your manual process for this and every create error code.
	ErrCreateFailed = errors.New("develophealth: prior authorization could not be created")
	// ErrMockResultNotAllowed matches code mock_result_not_allowed: a
	// mock_result was sent with a production organization's token.
	ErrMockResultNotAllowed = errors.New("develophealth: mock_result is only allowed in sandbox organizations")
	// ErrProviderAuthorizationAlreadyInitiated matches code
	// PROVIDER_AUTHORIZATION_ALREADY_INITIATED.
	ErrProviderAuthorizationAlreadyInitiated = errors.New("develophealth: provider authorization already initiated")
)

// codeSentinels maps the documented codes to their sentinels and fixed
// meanings (safe to log).
func codeSentinel(code string) (string, error) {
	switch code {
	case string(PriorAuthErrorCodeUnsupportedPatient):
		return "the patient is not currently supported", ErrUnsupportedPatient
	case string(PriorAuthErrorCodeUnsupportedDrug):
		return "the drug is not yet supported for prior authorization", ErrUnsupportedDrug
	case string(PriorAuthErrorCodeInsuranceCardMemberIDOCRFailure):
		return "the member id could not be read from the insurance card and none was provided", ErrInsuranceCardMemberIDOCRFailure
	case string(PriorAuthErrorCodeInsuranceContentInvalidRxBIN):
		return "the Rx BIN in insurance_content must be 6 digits", ErrInsuranceContentInvalidRxBIN
	case string(PriorAuthErrorCodePrescriptionMessageNotFound):
		return "the prescription_message_id matches no known prescription", ErrPrescriptionMessageNotFound
	case string(PriorAuthErrorCodePrescriptionMessageAlreadyLinked):
		return "the prescription is already linked to a prior authorization; cancel it before submitting again", ErrPrescriptionMessageAlreadyLinked
	case string(PriorAuthErrorCodeProviderNotAuthorized):
		return "the NPI is not authorized; complete provider authorization first", ErrProviderNotAuthorized
	case string(PriorAuthErrorCodeEvidenceFileDownloadFailed):
		return "an evidence file could not be downloaded from its file_url", ErrEvidenceFileDownloadFailed
	case string(PriorAuthErrorCodeInvalidQLEResubmission):
		return "a quantity limit exception resubmission needs a previous approval or not-required outcome", ErrInvalidQLEResubmission
	case string(PriorAuthErrorCodePreviousPARequestInProgress):
		return "the previous prior authorization is still in progress", ErrPreviousPARequestInProgress
	case string(PriorAuthErrorCodeOther):
		return "an unexpected error occurred during the prior authorization process", ErrCreateFailed
	case CodeMockResultNotAllowed:
		return "mock_result is only allowed for sandbox organizations", ErrMockResultNotAllowed
	case CodeProviderAuthorizationAlreadyInitiated:
		return "authorization was already initiated for this NPI or email", ErrProviderAuthorizationAlreadyInitiated
	}
	return "", nil
}

// stateOps are the operations whose 400 means "not in this status".
func stateOp(op string) bool {
	switch op {
	case opCancelPriorAuth, opUpdateNDPSubmission, opCancelPrescriptionTransfer, opCancelBenefitVerification:
		return true
	}
	return false
}

// Error implements error (see rxbridge.APIError.Error). A nil *Error
// prints as such: it never panics.
func (e *Error) Error() string {
	if e == nil {
		return "develophealth: nil *Error"
	}
	return e.APIError.Error()
}

// Is matches the sentinels: by documented code first, then by HTTP status.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	if _, s := codeSentinel(e.Code); s != nil && s == target {
		return true
	}
	if apierr.StatusMatches(e.HTTPStatus, target) {
		return true
	}
	switch target {
	case ErrInvalidState:
		return e.HTTPStatus == http.StatusBadRequest && e.Code == "" && stateOp(e.Op)
	}
	return false
}

// GoString keeps %#v as safe as Error().
func (e *Error) GoString() string {
	if e == nil {
		return "(*develophealth.Error)(nil)"
	}
	return "&develophealth.Error{APIError:" + e.APIError.GoString() + ", Title:<redacted>, ExistingPriorAuthRequestID:" +
		strconv.Quote(apierr.Excerpt(e.ExistingPriorAuthRequestID, 64)) + ", ValidationErrors:<" +
		strconv.Itoa(len(e.ValidationErrors)) + " items>}"
}

// Limits on what an error keeps of the server's text.
const (
	maxMessageBytes = 2048
	maxCodeBytes    = 128
	maxValidation   = 100
)

// errorBody is every field the three error shapes (and the spec's unused
// Error{error,message} schema) can carry.
type errorBody struct {
	Status  lenient.String  `json:"status"`
	Error   json.RawMessage `json:"error"`
	Detail  json.RawMessage `json:"detail"`
	Message lenient.String  `json:"message"`
}

// envelopeError is ApiError / CreatePriorAuthResponseError.
type envelopeError struct {
	Title                      lenient.String `json:"title"`
	Description                lenient.String `json:"description"`
	Code                       lenient.String `json:"code"`
	ExistingPriorAuthRequestID lenient.String `json:"existing_prior_auth_request_id"`
}

// decodeError builds an *Error from a non-2xx response (or a 2xx whose
// envelope says "error"), whatever its Content-Type says.
func decodeError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	fillError(e, resp.Body)
	return e
}

// fillError reads the body's error shapes into e. It never fails.
func fillError(e *Error, body []byte) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	var eb errorBody
	if len(b) > 0 && b[0] == '{' && jsoncodec.Unmarshal(b, &eb) == nil {
		switch firstByte(eb.Error) {
		case '{':
			var ee envelopeError
			if jsoncodec.UnmarshalValid(eb.Error, &ee) == nil {
				if code := string(ee.Code); isCodeToken(code) {
					e.Code = code
				} else {
					e.OddCode = apierr.Excerpt(code, maxCodeBytes)
				}
				e.Title = apierr.Excerpt(string(ee.Title), 256)
				e.Message = apierr.Excerpt(string(ee.Description), maxMessageBytes)
				e.ExistingPriorAuthRequestID = apierr.Excerpt(string(ee.ExistingPriorAuthRequestID), 256)
			}
		case '"':
			var s string
			if jsoncodec.UnmarshalValid(eb.Error, &s) == nil {
				e.Message = apierr.Excerpt(s, maxMessageBytes)
			}
		}
		switch firstByte(eb.Detail) {
		case '"':
			var s string
			if jsoncodec.UnmarshalValid(eb.Detail, &s) == nil {
				e.Message = apierr.Excerpt(s, maxMessageBytes)
			}
		case '[':
			var items []json.RawMessage
			if jsoncodec.UnmarshalValid(eb.Detail, &items) == nil {
				for _, it := range items {
					if len(e.ValidationErrors) == maxValidation {
						break
					}
					var v ValidationError
					if jsoncodec.UnmarshalValid(it, &v) == nil {
						e.ValidationErrors = append(e.ValidationErrors, v)
					}
				}
				e.Message = validationSummary(e.ValidationErrors)
			}
		}
		if e.Message == "" && eb.Message != "" {
			e.Message = apierr.Excerpt(string(eb.Message), maxMessageBytes)
		}
	}
	meaning, _ := codeSentinel(e.Code)
	if meaning == "" && e.Code == "" {
		meaning = statusMeaning(e.HTTPStatus, e.Op, len(e.ValidationErrors))
	}
	e.Meaning = meaning
}

// validationSummary joins the validation items as "field: msg; ...".
func validationSummary(vs []ValidationError) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(v.Field())
		b.WriteString(": ")
		b.WriteString(v.Msg)
		if b.Len() > maxMessageBytes {
			break
		}
	}
	return apierr.Excerpt(b.String(), maxMessageBytes)
}

// statusMeaning is fixed text for statuses the API documents.
func statusMeaning(status int, op string, nValidation int) string {
	switch status {
	case http.StatusUnauthorized:
		return "the API token is missing, invalid or expired"
	case http.StatusForbidden:
		return "the API token may not do this"
	case http.StatusNotFound:
		return "no such resource for this organization"
	case http.StatusConflict:
		return "conflict with an existing resource"
	case http.StatusUnprocessableEntity:
		if nValidation > 0 {
			return "the request failed validation (" + strconv.Itoa(nValidation) + " problem(s), see ValidationErrors)"
		}
		return "the request failed validation"
	case http.StatusTooManyRequests:
		return "rate limited"
	case http.StatusBadRequest:
		if stateOp(op) {
			return "not allowed in the resource's current status"
		}
	}
	return ""
}

// isCodeToken reports an error code shaped like Develop Health's:
// snake case, all lower ("unsupported_drug") or all upper
// ("PROVIDER_AUTHORIZATION_ALREADY_INITIATED"), at most 64 bytes.
func isCodeToken(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	lower, upper := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower = true
		case c >= 'A' && c <= 'Z':
			upper = true
		case c >= '0' && c <= '9' || c == '_':
		default:
			return false
		}
	}
	return !(lower && upper)
}

func firstByte(b json.RawMessage) byte {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return 0
	}
	return b[0]
}

// The cross-provider sentinels of package rxbridge under this package's
// names: the same values, so errors.Is(err, develophealth.ErrNotFound) and
// errors.Is(err, rxbridge.ErrNotFound) agree. Every provider matches them
// the same way (see rxbridge); the notes say what they cover here.
var (
	// ErrInvalidInput: refused before sending (a missing id, a nil request, a
	// body that cannot be encoded); nothing reached Develop Health.
	ErrInvalidInput = rxbridge.ErrInvalidInput
	// ErrRejected: HTTP 400 or 422: Develop Health refused the request (422
	// carries ValidationErrors).
	ErrRejected = rxbridge.ErrRejected
	// ErrUnauthorized: the credentials were refused (HTTP 401).
	ErrUnauthorized = rxbridge.ErrUnauthorized
	// ErrForbidden: not allowed to these credentials (HTTP 403).
	ErrForbidden = rxbridge.ErrForbidden
	// ErrNotFound: what the call names does not exist (HTTP 404).
	ErrNotFound = rxbridge.ErrNotFound
	// ErrRateLimited: too many requests (HTTP 429, after the allowed retries).
	ErrRateLimited = rxbridge.ErrRateLimited
	// ErrServer: the upstream or a gateway before it failed (HTTP 5xx but 501).
	ErrServer = rxbridge.ErrServer
	// ErrOutcomeUnknown: a create was sent and its answer lost: the prior
	// authorization or benefit verification may exist; check before resending.
	ErrOutcomeUnknown = rxbridge.ErrOutcomeUnknown
	// ErrRetryBudgetExhausted: a retry was skipped because the client's retry
	// budget (rxbridge.RetryPolicy.Budget) was spent; also matches the last
	// attempt's failure.
	ErrRetryBudgetExhausted = rxbridge.ErrRetryBudgetExhausted
	// ErrTransport: the exchange failed (DNS, connect, TLS, reset, timeout,
	// truncated body).
	ErrTransport = rxbridge.ErrTransport
	// ErrDecode: a success answer whose body does not decode.
	ErrDecode = rxbridge.ErrDecode
	// ErrResponseTooLarge: an answer over rxbridge.WithMaxResponseBytes.
	ErrResponseTooLarge = rxbridge.ErrResponseTooLarge
)
