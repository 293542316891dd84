package cvsspecialty

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// CVS status codes. Only 0000 and 1001 are in the spec; the others are the
// gateway's common codes as seen in public code (the portal's error-code
// page is not public) and are matched leniently: the HTTP status decides
// the family when the code is one we do not know.
const (
	CodeSuccess         = "0000" // Success
	CodeInvalidToken    = "1001" // the bearer token is not valid: obtain a new one
	CodeAccessDenied    = "1013" // HTTP 401 Access Denied
	CodeForbidden       = "1402" // HTTP 403 Forbidden
	CodeMissingField    = "5004" // HTTP 400 missing/incorrect input request
	CodeNotFound        = "5013" // HTTP 404 parameters not valid
	CodeUnavailable     = "5000" // HTTP 503 service unavailable
	CodeUnexpected      = "9999" // HTTP 500 unexpected error, try again later
	CodeBadGateway      = "9997" // HTTP 502
	CodeGatewayTimeout  = "9985" // HTTP 504
	codeMeaningNoStatus = "the response carries no statusCode"
)

var codeMeanings = map[string]string{
	CodeSuccess:        "success",
	CodeInvalidToken:   "bearer token is not valid; a new token is needed",
	CodeAccessDenied:   "access denied",
	CodeForbidden:      "forbidden",
	CodeMissingField:   "missing or incorrect input",
	CodeNotFound:       "not found or parameters not valid",
	CodeUnavailable:    "service unavailable",
	CodeUnexpected:     "unexpected server error; try again later",
	CodeBadGateway:     "bad gateway",
	CodeGatewayTimeout: "gateway timeout",
}

// Sentinels. Every error the client returns for an upstream answer is an
// *Error that matches one or more of them with errors.Is, through every
// wrapper (including *OutcomeUnknownError).
var (

	// ErrInvalidToken matches statusCode 1001: CVS rejected the bearer
	// token (after the client had already fetched a new one and replayed
	// the request once).
	ErrInvalidToken = errors.New("cvsspecialty: bearer token not valid (1001)")
	// ErrUnexpectedResponse matches a success response that does not say
	// success clearly: no statusCode, or a statusCode given twice.
	ErrUnexpectedResponse = errors.New("cvsspecialty: unexpected response")
	// ErrTokenRequest matches every failure to obtain an access token.
	ErrTokenRequest = errors.New("cvsspecialty: token request failed")
	// ErrImageType matches an rxImage whose declared type contradicts its
	// bytes, or whose bytes are not an accepted image or PDF.
	ErrImageType = errors.New("cvsspecialty: rxImage type does not match its content")
)

// Error is an error answered by CVS: a non-2xx response, or a 2xx whose
// statusCode is not 0000.
//
// From the embedded rxbridge.APIError: HTTPStatus (0 when the error came in a 2xx
// body), Code (CVS's statusCode, such as "1001"), Meaning (the SDK's text
// for the code), Message (statusDescription, or statusDesc; it may repeat
// request details, so treat it as PHI), RequestID, Attempts, Op, Route and
// ContentType. Error() never contains Message, Fault or any body.
type Error struct {
	rxbridge.APIError
	// Fault is the spec's fault object, when sent. Its texts come from the
	// server: treat them as PHI.
	Fault *Fault
	// RawStatusCode is a statusCode that is not numeric, kept out of Code
	// (and Error()) because it could be any text. Treat it as PHI.
	RawStatusCode string
	// unexpected marks a 2xx that did not clearly say success.
	unexpected bool
}

// Fault is the spec's error detail.
type Fault struct {
	// MoreInfo links to CVS's error-code documentation.
	MoreInfo string `json:"moreInfo"`
	// Type is the error's kind ("REQUIRED_FIELD_MISSING"); often empty.
	Type string `json:"type"`
	// Title is a short description; often empty.
	Title string `json:"title"`
	// Errors names the refused fields, when sent.
	Errors []FaultError `json:"errors,omitempty"`
}

// FaultError names one refused field.
type FaultError struct {
	Title string `json:"title"`
	// Field is the refused field ("patient.name.family").
	Field string `json:"field"`
	// Type is the problem ("KEY_MISSING_IN_REQUEST").
	Type string `json:"type"`
}

// StatusCode returns CVS's statusCode (the same as Code).
func (e *Error) StatusCode() string {
	if e == nil {
		return ""
	}
	return e.Code
}

// StatusDescription returns CVS's statusDescription (or statusDesc); the
// same as Message. Treat it as PHI.
func (e *Error) StatusDescription() string {
	if e == nil {
		return ""
	}
	return e.Message
}

// Error implements error (see rxbridge.APIError.Error). A nil *Error
// prints as such: it never panics.
func (e *Error) Error() string {
	if e == nil {
		return "cvsspecialty: nil *Error"
	}
	return e.APIError.Error()
}

// Is matches the package sentinels by code and HTTP status.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	st := e.HTTPStatus
	if apierr.StatusMatches(st, target) {
		return true
	}
	switch target {
	case ErrInvalidToken:
		return e.Code == CodeInvalidToken
	case ErrUnauthorized:
		return e.Code == CodeInvalidToken || e.Code == CodeAccessDenied || st == 401
	case ErrForbidden:
		return e.Code == CodeForbidden || st == 403
	case ErrNotFound:
		return e.Code == CodeNotFound || st == 404
	case ErrRejected:
		return e.Code == CodeMissingField || st == 400 || st == 422
	case ErrRateLimited:
		return st == 429
	case ErrServer:
		return serverCode(e.Code)
	case ErrUnexpectedResponse:
		return e.unexpected
	}
	return false
}

// serverCode reports the codes of the "server failed" family.
func serverCode(code string) bool {
	switch code {
	case CodeUnexpected, CodeBadGateway, CodeUnavailable, CodeGatewayTimeout:
		return true
	}
	return false
}

// ErrorResponse is the body of a CVS error (and the status part of every
// response), as the spec writes it. The client decodes errors more
// leniently than this type (a numeric statusCode, the statusDesc
// spelling); it is exported for fakes and fixtures.
type ErrorResponse struct {
	StatusCode        string `json:"statusCode"`
	StatusDescription string `json:"statusDescription,omitempty"`
	// StatusDesc is the spelling some CVS APIs use instead of
	// statusDescription.
	StatusDesc string `json:"statusDesc,omitempty"`
	Fault      *Fault `json:"fault,omitempty"`
}

// envelope is the status part every CVS response carries.
type envelope struct {
	StatusCode        lenient.String `json:"statusCode"`
	StatusDescription lenient.String `json:"statusDescription"`
	StatusDesc        lenient.String `json:"statusDesc"`
	Fault             *Fault         `json:"fault"`
}

// description returns statusDescription, or the statusDesc spelling.
func (e *envelope) description() string {
	if e.StatusDescription != "" {
		return string(e.StatusDescription)
	}
	return string(e.StatusDesc)
}

// decodeError builds *Error from any non-2xx response, whatever its
// Content-Type: an empty body or an HTML gateway page still gives a typed
// error with the HTTP status.
func decodeError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	var env envelope
	b := bytes.TrimSpace(bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf")))
	if len(b) > 0 && b[0] == '{' && jsoncodec.Unmarshal(b, &env) == nil {
		e.fill(&env)
	}
	return e
}

// fill copies the envelope into the error. Only a numeric statusCode
// becomes Code (and so reaches Error()); anything else the server put
// there is kept in RawStatusCode.
func (e *Error) fill(env *envelope) {
	code := strings.TrimSpace(string(env.StatusCode))
	switch {
	case numericCode(code):
		e.Code = code
		e.Meaning = codeMeanings[code]
	case code != "":
		e.RawStatusCode = apierr.Excerpt(code, 64)
		e.Meaning = "statusCode is not a numeric code"
	}
	e.Message = apierr.Excerpt(env.description(), 1024)
	e.Fault = env.Fault
}

// numericCode reports a CVS-style code: 1 to 8 ASCII digits.
func numericCode(s string) bool {
	if s == "" || len(s) > 8 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// decodeSuccess decodes a 2xx body into v, a struct that embeds the
// envelope env points to, and checks that it says success: statusCode
// exactly "0000", given once. Otherwise it returns an *Error (HTTPStatus
// 0), or a *rxbridge.DecodeError for a body that is not a JSON object.
// dupKeys are other top-level keys that must not repeat.
func decodeSuccess(resp *httpx.Response, v any, env *envelope, dupKeys ...string) error {
	if err := httpx.DecodeJSON(resp, v); err != nil {
		return err
	}
	var kb [4]string
	keys := append(append(kb[:0], "statusCode"), dupKeys...)
	dup := ""
	if mayRepeat(resp.Body, keys) {
		dup = duplicateKey(resp.Body, keys...)
	}
	if dup == "" && strings.TrimSpace(string(env.StatusCode)) == CodeSuccess {
		return nil // the common case, without building an error
	}
	base := resp.ErrorBase()
	base.HTTPStatus = 0
	e := &Error{APIError: base}
	if dup != "" {
		e.unexpected = true
		e.Meaning = "ambiguous response: " + dup + " appears more than once"
		return e
	}
	e.fill(env)
	switch {
	case e.Code == CodeSuccess:
		return nil
	case e.Code == "" && e.RawStatusCode == "":
		e.unexpected = true
		e.Meaning = codeMeaningNoStatus
	}
	return e
}

// checkEnvelope is decodeSuccess for a body whose content is not needed.
func checkEnvelope(resp *httpx.Response, dupKeys ...string) error {
	var env envelope
	return decodeSuccess(resp, &env, &env, dupKeys...)
}

// mayRepeat is a cheap pre-check for duplicateKey: it reports whether some
// key appears (as a quoted string, in any letter case) more than once
// anywhere in body, or whether body has \u escapes (which could spell a
// key differently).
func mayRepeat(body []byte, keys []string) bool {
	if bytes.Contains(body, []byte(`\u`)) {
		return true
	}
	for _, k := range keys {
		n := 0
		for i := bytes.IndexByte(body, '"'); i >= 0; {
			end := i + 1 + len(k)
			if end < len(body) && body[end] == '"' && strings.EqualFold(string(body[i+1:end]), k) {
				n++
				if n > 1 {
					return true
				}
			}
			j := bytes.IndexByte(body[i+1:], '"')
			if j < 0 {
				break
			}
			i += 1 + j
		}
	}
	return false
}

// duplicateKey returns the first of keys that appears more than once (in
// any letter case, as encoding/json matches keys case-insensitively) among
// the top-level keys of a JSON object, or "". encoding/json keeps the last
// of duplicate keys silently; for the fields that decide success, a
// duplicate is ambiguous and refused.
func duplicateKey(body []byte, keys ...string) string {
	b := bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	seen := make([]int, len(keys))
	dup := ""
	jsoncodec.ObjectEach(b, func(key, _ []byte) bool {
		for i, k := range keys {
			if jsoncodec.KeyIs(key, k) {
				seen[i]++
				if seen[i] > 1 {
					dup = k
					return false
				}
			}
		}
		return true
	})
	return dup
}

// OutcomeUnknownError is returned by Submit when the intake request was
// sent and its answer lost (a reset, a timeout, a truncated or unreadable
// response, a 5xx, or a server-failure statusCode): CVS may have created
// the referral. It matches ErrOutcomeUnknown. Before you submit again,
// call Status with TransactionID; submitting again blindly may create a
// duplicate referral. Its cause is always an error of the Submit call, so
// rxbridge.CallOf gives Submit's call, the one its message names.
type OutcomeUnknownError struct {
	// TransactionID is the transactionId the request carried.
	TransactionID string
	// Attempts is how many attempts the call took. Only the last can have
	// reached CVS: earlier ones provably sent nothing or were refused (429).
	Attempts int
	// Err is the cause, an error of the Submit call: a
	// *rxbridge.OutcomeUnknownError, a *rxbridge.DecodeError or
	// *rxbridge.TooLargeError, or an *Error.
	Err error
}

// Error names the operation and the cause; never the transactionId (it is
// in the field) nor any request content.
func (e *OutcomeUnknownError) Error() string {
	if e == nil {
		return "cvsspecialty: Submit: outcome unknown"
	}
	return "cvsspecialty: Submit POST specialty/patient/referral/v1/intake: outcome unknown, the referral may have been created " +
		"(check Status with the transactionId before submitting again): " + httpx.CauseText("cvsspecialty", "Submit", e.Err)
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool {
	if e == nil {
		return target == ErrOutcomeUnknown
	}
	return target == ErrOutcomeUnknown
}

// GoString keeps %#v as safe as Error(): the transactionId stays in its
// field.
func (e *OutcomeUnknownError) GoString() string {
	if e == nil {
		return "(*cvsspecialty.OutcomeUnknownError)(nil)"
	}
	return "&cvsspecialty.OutcomeUnknownError{TransactionID:<redacted>, Attempts:" + strconv.Itoa(e.Attempts) +
		", Err:" + fmt.Sprintf("%#v", e.Err) + "}"
}

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// TokenError is a failure to obtain an access token from
// {host}/oauth2/v1/token. It keeps the HTTP status and the OAuth error
// code, never the response body, the error description or the
// credentials. It matches ErrTokenRequest; the shared sentinel of its
// status, as any answer does (400 ErrRejected, 401 ErrUnauthorized, 403
// ErrForbidden, 429 ErrRateLimited, 5xx ErrServer); ErrUnauthorized also
// for an OAuth code that refuses the credentials (invalid_client,
// unauthorized_client, invalid_grant, access_denied). A token endpoint
// that could not be reached makes the call fail with a transport failure
// (ErrTransport) whose cause is the TokenError.
//
// The call that needed the token returns it as its cause (of a
// *rxbridge.CredentialError or *rxbridge.TransportError), after its own
// operation and route: "cvsspecialty: Status POST
// specialty/patient/referral/v1/status: token request: HTTP 401
// invalid_client". A TokenError names no call itself (rxbridge.CallOf of
// it alone is false); of the call's error, CallOf gives that call.
type TokenError struct {
	// HTTPStatus is the token endpoint's status (0 for a network failure).
	HTTPStatus int
	// Code is the OAuth error code ("invalid_client"), when sent.
	Code string
	// Reason describes a failure that is not the endpoint's answer (an
	// unusable token response, a network failure).
	Reason string
	// Err is the sanitized cause, if any.
	Err error
}

// Error gives the status, the OAuth error code and the reason.
func (e *TokenError) Error() string {
	if e == nil {
		return "cvsspecialty: token request"
	}
	var b strings.Builder
	b.WriteString("cvsspecialty: token request")
	if e.HTTPStatus != 0 {
		fmt.Fprintf(&b, ": HTTP %d", e.HTTPStatus)
	}
	if e.Code != "" {
		b.WriteString(" ")
		b.WriteString(e.Code)
	}
	if e.Reason != "" {
		b.WriteString(": ")
		b.WriteString(e.Reason)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Is matches ErrTokenRequest, the shared sentinel of the status, and
// ErrUnauthorized for refused credentials.
func (e *TokenError) Is(target error) bool {
	if e == nil {
		return false
	}
	switch target {
	case ErrTokenRequest:
		return true
	case ErrUnauthorized:
		switch e.Code {
		case "invalid_client", "unauthorized_client", "invalid_grant", "access_denied":
			return true
		}
	}
	return apierr.StatusMatches(e.HTTPStatus, target)
}

// Unwrap returns the sanitized cause.
func (e *TokenError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// ValidationError lists what is wrong with a referral or a status request
// before anything is sent. Each problem names the field (a JSON path such
// as "patient.name.family" or "prescription[1].drugIdentifier"), never its
// value. It matches ErrInvalidInput, and ErrImageType when the rxImage is
// refused.
type ValidationError struct {
	Problems []FieldProblem
	op       string // the call that refused it; "" for Referral.Validate
}

// FieldProblem is one refused field.
type FieldProblem struct {
	// Field is the JSON path of the field.
	Field string
	// Problem says what is wrong, without the value.
	Problem string
	image   bool
}

// Error lists the refused fields and what is wrong with them:
// "cvsspecialty: Submit: invalid input, nothing was sent: field: problem;
// ...".
func (e *ValidationError) Error() string {
	if e == nil {
		return "cvsspecialty: invalid input, nothing was sent"
	}
	return e.input().Error()
}

// Is matches ErrInvalidInput, and ErrImageType for an rxImage problem.
func (e *ValidationError) Is(target error) bool {
	if e == nil {
		return target == ErrInvalidInput
	}
	switch target {
	case ErrInvalidInput:
		return true
	case ErrImageType:
		for _, p := range e.Problems {
			if p.image {
				return true
			}
		}
	}
	return false
}

// Unwrap returns the refusal as every provider's refusals are, a
// *rxbridge.InputError with the same message (the problems are its
// Reason), so that rxbridge.CallOf gives the refused call (Submit, Status)
// the message names; none for Referral.Validate.
func (e *ValidationError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.input()
}

// input is the refusal as an *rxbridge.InputError.
func (e *ValidationError) input() *rxbridge.InputError {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(p.Field)
		b.WriteString(": ")
		b.WriteString(p.Problem)
	}
	return &rxbridge.InputError{Provider: "cvsspecialty", Op: e.op, Reason: b.String()}
}

// Fields returns the names of the refused fields.
func (e *ValidationError) Fields() []string {
	if e == nil {
		return nil
	}
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Field
	}
	return out
}

// problems collects validation problems.
type problems []FieldProblem

func (p *problems) add(field, problem string) {
	*p = append(*p, FieldProblem{Field: field, Problem: problem})
}

func (p *problems) addImage(field, problem string) {
	*p = append(*p, FieldProblem{Field: field, Problem: problem, image: true})
}

func (p problems) err(op string) error {
	if len(p) == 0 {
		return nil
	}
	return &ValidationError{Problems: p, op: op}
}

// The cross-provider sentinels of package rxbridge under this package's
// names: the same values, so errors.Is(err, cvsspecialty.ErrNotFound) and
// errors.Is(err, rxbridge.ErrNotFound) agree. Every provider matches them
// the same way (see rxbridge); the notes say what they cover here.
var (
	// ErrInvalidInput: refused before sending: a referral that fails validation
	// (a *ValidationError names the fields), an rxImage whose type contradicts
	// its bytes; nothing reached CVS.
	ErrInvalidInput = rxbridge.ErrInvalidInput
	// ErrRejected: HTTP 400 or 422, or statusCode 5004: CVS refused the
	// referral as invalid.
	ErrRejected = rxbridge.ErrRejected
	// ErrUnauthorized: HTTP 401, or statusCode 1001 or 1002 (see
	// ErrInvalidToken).
	ErrUnauthorized = rxbridge.ErrUnauthorized
	// ErrForbidden: HTTP 403 or its statusCode.
	ErrForbidden = rxbridge.ErrForbidden
	// ErrNotFound: HTTP 404 or its statusCode.
	ErrNotFound = rxbridge.ErrNotFound
	// ErrRateLimited: too many requests (HTTP 429, after the allowed retries).
	ErrRateLimited = rxbridge.ErrRateLimited
	// ErrServer: HTTP 5xx but 501, or a statusCode that means CVS failed.
	ErrServer = rxbridge.ErrServer
	// ErrOutcomeUnknown: an intake was sent and its answer lost: CVS may have
	// created the referral; look it up with Status before resubmitting (see
	// OutcomeUnknownError).
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
