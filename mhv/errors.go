package mhv

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// Error is an error answered by My HealtheVet (or by a gateway in front of
// it). It carries the HTTP status and MHV's errorCode (Code, as text:
// MHV sends it as a JSON number or a string), the code's documented meaning
// from the ICD (Meaning), and MHV's message (Message) and developerMessage
// (DeveloperMessage).
//
// Error() is built from the operation, route template, status, code and
// meaning only. Message and DeveloperMessage can repeat details of the
// request (prescription ids, names): treat them as PHI. They are never part
// of Error().
//
// Use errors.Is with the sentinels (ErrNotRefillable, ErrSessionExpired,
// ErrNotFound, ...) and errors.As to reach the fields.
type Error struct {
	rxbridge.APIError
	// DeveloperMessage is MHV's developerMessage ("" when absent). It may
	// hold a stack trace or the failing id. Treat it as PHI.
	DeveloperMessage string
	// BodyFormat says what the error body was: BodyJSON, BodyHTML, BodyXML,
	// BodyText or BodyEmpty. A gateway page (HTML/XML) or an empty body
	// still gives an *Error with the HTTP status.
	BodyFormat string

	// lockText: MHV's whole developerMessage or message, as read, reports
	// an optimistic-locking failure (DeveloperMessage keeps an excerpt).
	lockText bool
}

// Error body formats (Error.BodyFormat).
const (
	BodyJSON  = "json"
	BodyHTML  = "html"
	BodyXML   = "xml"
	BodyText  = "text"
	BodyEmpty = "empty"
)

// CodeNumber returns the MHV errorCode as a number, when it is one ("99"
// and 99 both give 99).
func (e *Error) CodeNumber() (int, bool) {
	if e == nil {
		return 0, false
	}
	if e == nil || e.Code == "" {
		return 0, false
	}
	n, err := strconv.Atoi(strings.TrimSpace(e.Code))
	return n, err == nil
}

// SessionRejected reports whether the error says the session token is
// missing, invalid or expired (HTTP 401, errorCode 108/109/110, or
// errorCode 0 with an invalid-session message). The client already
// replaced the session and replayed the call once before returning such an
// error.
func (e *Error) SessionRejected() bool {
	if e == nil {
		return false
	}
	if e == nil {
		return false
	}
	return rejection(e.HTTPStatus, e.Code, e.Message, e.DeveloperMessage)
}

// Error implements error (see rxbridge.APIError.Error). A nil *Error
// prints as such: it never panics.
func (e *Error) Error() string {
	if e == nil {
		return "mhv: nil *Error"
	}
	return e.APIError.Error()
}

// Is makes errors.Is match the sentinels: one per MHV errorCode, the
// cross-provider ones (ErrRejected, ErrUnauthorized, ErrForbidden,
// ErrNotFound, ErrRateLimited, ErrServer, by HTTP status as every provider
// does, and ErrNotFound for errorCode 138), ErrGatewayPage,
// ErrSessionRejected and ErrOptimisticLock.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	if e == nil {
		return false
	}
	if apierr.StatusMatches(e.HTTPStatus, target) {
		return true
	}
	switch target {
	case ErrNotFound:
		n, ok := e.CodeNumber()
		return ok && n == 138
	case ErrGatewayPage:
		return e.BodyFormat == BodyHTML || e.BodyFormat == BodyXML
	case ErrSessionRejected:
		return e.SessionRejected()
	case ErrOptimisticLock:
		n, ok := e.CodeNumber()
		return ok && n == 99 && (e.lockText || optimisticLockText(e.DeveloperMessage) || optimisticLockText(e.Message))
	}
	for i := range codeTable {
		if codeTable[i].err == target {
			n, ok := e.CodeNumber()
			return ok && n == codeTable[i].code
		}
	}
	return false
}

// Sentinels for the MHV error codes of the ICD (Appendix A 5.1.1 and the
// per-resource code lists) and for 157, which MHV answers outside it. errors.Is(err, ErrNotRefillable) is true for an
// *Error with that errorCode, whatever wraps it (an *rxbridge.OutcomeUnknownError, a
// session failure).
var (
	// ErrUnknownApplication is errorCode 99: "Unknown application error
	// occurred" (also sent for optimistic-locking failures; see
	// ErrOptimisticLock).
	ErrUnknownApplication = errors.New("mhv: unknown application error (99)")
	// ErrAppAuthenticationFailed is errorCode 101: the appToken was refused.
	ErrAppAuthenticationFailed = errors.New("mhv: application authentication failed (101)")
	// ErrAppAuthorizationFailed is errorCode 102.
	ErrAppAuthorizationFailed = errors.New("mhv: application authorization failed (102)")
	// ErrInvalidUserCredentials is errorCode 103.
	ErrInvalidUserCredentials = errors.New("mhv: invalid user credentials (103)")
	// ErrMissingUserCredentials is errorCode 104 (no mhvCorrelationId).
	ErrMissingUserCredentials = errors.New("mhv: missing user credentials (104)")
	// ErrUserNotFound is errorCode 105: no MHV user has this correlation id.
	ErrUserNotFound = errors.New("mhv: user not found (105)")
	// ErrUserBlocked is errorCode 106: the user is not eligible (blocked).
	ErrUserBlocked = errors.New("mhv: user is blocked (106)")
	// ErrTokenCreationFailed is errorCode 107: MHV could not create a session.
	ErrTokenCreationFailed = errors.New("mhv: system unable to create token (107)")
	// ErrMissingSessionToken is errorCode 108.
	ErrMissingSessionToken = errors.New("mhv: missing session token (108)")
	// ErrInvalidSessionToken is errorCode 109.
	ErrInvalidSessionToken = errors.New("mhv: invalid session token (109)")
	// ErrSessionExpired is errorCode 110.
	ErrSessionExpired = errors.New("mhv: expired session token (110)")
	// ErrInvalidUserPermissions is errorCode 111 (invalid user type for the
	// resource requested).
	ErrInvalidUserPermissions = errors.New("mhv: invalid user permissions (111)")
	// ErrDataIntegrity is errorCode 117.
	ErrDataIntegrity = errors.New("mhv: data integrity error (117)")
	// ErrMissingAppToken is errorCode 132.
	ErrMissingAppToken = errors.New("mhv: missing application token (132)")
	// ErrRxAgreementNotAccepted is errorCode 135: the veteran has not
	// accepted the Rx agreement (terms and conditions) on MHV.
	ErrRxAgreementNotAccepted = errors.New("mhv: Rx agreement not accepted (135)")
	// ErrNotPrescriptionOwner is errorCode 136: the prescription belongs to
	// someone else.
	ErrNotPrescriptionOwner = errors.New("mhv: user is not the owner of the prescription (136)")
	// ErrPrescriptionNotFound is errorCode 138.
	ErrPrescriptionNotFound = errors.New("mhv: prescription not found (138)")
	// ErrNotRefillable is errorCode 139. MHV also answers it for a
	// prescription whose refill is already pending, which makes it the
	// duplicate-refill guard.
	ErrNotRefillable = errors.New("mhv: prescription is not refillable (139)")
	// ErrRefillFailed is errorCode 140: "Prescription Refill was
	// unsuccessful. Please try again later".
	ErrRefillFailed = errors.New("mhv: prescription refill was unsuccessful (140)")
	// ErrInvalidEmail is errorCode 157: MHV refused the email address
	// given to SetNotificationEmail (it refuses one with spaces). The code
	// is not in the ICD; vets-api records it and answers 422 for it.
	ErrInvalidEmail = errors.New("mhv: email address is invalid (157)")
	// ErrAuthenticationService is errorCode 901.
	ErrAuthenticationService = errors.New("mhv: authentication service error (901)")
	// ErrMessageService is errorCode 904.
	ErrMessageService = errors.New("mhv: message service error (904)")
)

// Sentinels for families of errors.
var (
	// ErrGatewayPage matches an error answered with an HTML or XML page (an
	// API gateway, a load balancer, a SOAP fault) rather than MHV's JSON.
	ErrGatewayPage = errors.New("mhv: error page from a gateway")
	// ErrSessionRejected matches every way MHV refuses a session token:
	// HTTP 401, errorCode 108, 109 or 110, or errorCode 0 with an
	// invalid-session message. Calls that meet one drop the session, create
	// a new one and replay once; this error means the replay was refused too.
	ErrSessionRejected = errors.New("mhv: session rejected")
	// ErrOptimisticLock matches errorCode 99 whose message reports an
	// optimistic-locking failure (a concurrent update inside MHV); trying
	// again later usually works.
	ErrOptimisticLock = errors.New("mhv: optimistic locking failure")
	// ErrSessionCreate matches every failure to create a veteran's session
	// (a SessionError). The cause is reachable too: errors.Is(err,
	// ErrUserNotFound), errors.As(err, new(*Error)).
	ErrSessionCreate = errors.New("mhv: cannot create the veteran's session")
	// ErrBatchUnattributed is the result of a prescription in a batch refill
	// whose outcome MHV did not make clear: the answer carried an error that
	// names none of the requested prescriptions. Check the history.
	ErrBatchUnattributed = errors.New("mhv: batch refill: outcome of this prescription not reported")

	// also matches ErrInvalidInput: nothing was sent).
	ErrInvalidNDC = fmt.Errorf("mhv: not a 10- or 11-character NDC: %w", rxbridge.ErrInvalidInput)
)

// Errors of the shared pipeline, re-exported (the same values).

// codeInfo ties an MHV errorCode to its sentinel and the ICD's text.
type codeInfo struct {
	code    int
	err     error
	meaning string
}

// codeTable holds the ICD's meanings (Appendix A 5.1.1; 139 and 140 from
// the refill resource; 157, outside the ICD, from vets-api's recordings).
var codeTable = [...]codeInfo{
	{99, ErrUnknownApplication, "Unknown application error occurred"},
	{101, ErrAppAuthenticationFailed, "Application authentication failed"},
	{102, ErrAppAuthorizationFailed, "Application authorization failed"},
	{103, ErrInvalidUserCredentials, "Invalid User Credentials"},
	{104, ErrMissingUserCredentials, "Missing User Credentials"},
	{105, ErrUserNotFound, "User was not found"},
	{106, ErrUserBlocked, "User is not eligible because they are blocked"},
	{107, ErrTokenCreationFailed, "System unable to create token"},
	{108, ErrMissingSessionToken, "Missing session token"},
	{109, ErrInvalidSessionToken, "Invalid session token"},
	{110, ErrSessionExpired, "Expired session token"},
	{111, ErrInvalidUserPermissions, "Invalid user permissions (invalid user type for resource requested)"},
	{117, ErrDataIntegrity, "Data Integrity Error"},
	{132, ErrMissingAppToken, "Missing Application Token"},
	{135, ErrRxAgreementNotAccepted, "The User has not accepted the Rx Agreement. Please login to MHV to accept it"},
	{136, ErrNotPrescriptionOwner, "The User is not the owner of the prescription"},
	{138, ErrPrescriptionNotFound, "Prescription Not Found"},
	{139, ErrNotRefillable, "Prescription is not refillable"},
	{140, ErrRefillFailed, "Prescription Refill was unsuccessful. Please try again later"},
	{157, ErrInvalidEmail, "Email address is invalid"},
	{901, ErrAuthenticationService, "Authentication Service Error"},
	{904, ErrMessageService, "Message Service Error"},
}

// Meaning returns the ICD's text for an MHV errorCode (for 157, which the
// ICD does not list, the text MHV answers with; "" for other codes the ICD
// does not list).
func Meaning(code int) string {
	for i := range codeTable {
		if codeTable[i].code == code {
			return codeTable[i].meaning
		}
	}
	return ""
}

// maxMessage bounds the upstream text kept in Message and
// DeveloperMessage (stack traces can be long).
const maxMessage = 2048

// wireError is MHV's error body: a flat object whose errorCode is a number
// or a string; some answers nest the same objects in "errors".
type wireError struct {
	ErrorCode        lenient.String `json:"errorCode"`
	Message          lenient.String `json:"message"`
	DeveloperMessage lenient.String `json:"developerMessage"`
	Errors           []wireError    `json:"errors"`
}

// decodeError turns a non-2xx response into an *Error, whatever its
// Content-Type says (MHV labels JSON as text/plain; gateways answer HTML,
// XML or nothing).
func decodeError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	fillError(e, resp.Body)
	return e
}

var bom = []byte("\xef\xbb\xbf")

// fillError reads an error body into e.
func fillError(e *Error, body []byte) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, bom))
	e.BodyFormat = bodyFormat(b)
	if e.BodyFormat != BodyJSON {
		return
	}
	w, ok := parseWireError(b)
	if !ok && len(body) >= httpx.MaxErrorBytes {
		// The body was cut at the error-body limit (a long stack trace):
		// keep the members read before the cut.
		w, ok = salvageWireError(b)
	}
	if !ok {
		e.BodyFormat = BodyText
		return
	}
	e.setCode(string(w.ErrorCode))
	e.Message = apierr.Excerpt(string(w.Message), maxMessage)
	e.DeveloperMessage = apierr.Excerpt(string(w.DeveloperMessage), maxMessage)
	if n, ok := e.CodeNumber(); ok && n == 99 {
		e.lockText = optimisticLockText(string(w.DeveloperMessage)) || optimisticLockText(string(w.Message))
	}
}

// optimisticLockText reports MHV's optimistic-locking failure ("...
// optimistic locking failed", a Hibernate StaleObjectStateException)
// anywhere in s, whatever the case. s is at most the error body read
// (httpx.MaxErrorBytes).
func optimisticLockText(s string) bool {
	const phrase = "optimistic lock"
	for i := 0; i+len(phrase) <= len(s); i++ {
		if c := s[i]; (c == 'o' || c == 'O') && strings.EqualFold(s[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// salvageWireError reads an MHV error object cut short: every member read
// whole, and a string member cut at the end up to the cut. It reports
// false when no errorCode was read.
func salvageWireError(b []byte) (wireError, bool) {
	var w wireError
	dec := json.NewDecoder(bytes.NewReader(b))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return w, false
	}
	set := func(key string, v lenient.String) {
		switch {
		case strings.EqualFold(key, "errorCode"):
			w.ErrorCode = v
		case strings.EqualFold(key, "message"):
			w.Message = v
		case strings.EqualFold(key, "developerMessage"):
			w.DeveloperMessage = v
		}
	}
	for dec.More() {
		t, err := dec.Token()
		key, isKey := t.(string)
		if err != nil || !isKey {
			break
		}
		start := dec.InputOffset()
		var v lenient.String
		if err := dec.Decode(&v); err != nil {
			set(key, lenient.String(cutString(b[start:])))
			break
		}
		set(key, v)
	}
	return w, w.ErrorCode != ""
}

// cutString returns the text of a JSON string value cut short (rest is
// what follows its member's name: the colon, then the opening quote), or ""
// when the value is not a string.
func cutString(rest []byte) string {
	rest = bytes.TrimLeft(rest, " \t\r\n")
	rest, ok := bytes.CutPrefix(rest, []byte(":"))
	rest = bytes.TrimLeft(rest, " \t\r\n")
	if !ok || len(rest) == 0 || rest[0] != '"' {
		return ""
	}
	// Drop an escape the cut left unfinished (at most "\uXXX"), then
	// close the string.
	for drop := 0; drop <= 6 && drop < len(rest); drop++ {
		var s string
		if json.Unmarshal(append(slices.Clip(rest[:len(rest)-drop]), '"'), &s) == nil {
			return s
		}
	}
	return ""
}

// setCode stores an errorCode and its meaning.
func (e *Error) setCode(code string) {
	e.Code = apierr.Excerpt(strings.TrimSpace(code), 64)
	if n, ok := e.CodeNumber(); ok {
		e.Meaning = Meaning(n)
	}
}

// bodyFormat classifies a trimmed error body by its first bytes.
func bodyFormat(b []byte) string {
	if len(b) == 0 {
		return BodyEmpty
	}
	switch b[0] {
	case '{', '[':
		return BodyJSON
	case '<':
		head := bytes.ToLower(b[:min(len(b), 512)])
		if bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype html")) ||
			bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<head")) {
			return BodyHTML
		}
		return BodyXML
	}
	return BodyText
}

// parseWireError decodes an MHV error object (or the first of a list, or
// the first of its "errors").
func parseWireError(b []byte) (wireError, bool) {
	var w wireError
	if b[0] == '[' {
		var list []wireError
		if err := jsoncodec.Unmarshal(b, &list); err != nil || len(list) == 0 {
			return w, false
		}
		w = list[0]
	} else if err := jsoncodec.Unmarshal(b, &w); err != nil {
		return w, false
	}
	if w.ErrorCode == "" && len(w.Errors) > 0 {
		first := w.Errors[0]
		first.Errors = nil
		w = first
	}
	return w, true
}

// rejection reports whether an MHV answer refuses the session token.
func rejection(status int, code, message, devMessage string) bool {
	if status == 401 {
		return true
	}
	switch strings.TrimSpace(code) {
	case "108", "109", "110":
		return true
	case "0":
		return invalidSessionText(message) || invalidSessionText(devMessage)
	}
	return false
}

// invalidSessionText recognises MHV's invalid-session messages, such as
// "Error:Invalid session token;".
func invalidSessionText(s string) bool {
	s = strings.ToLower(s)
	if !strings.Contains(s, "session") && !strings.Contains(s, "token") {
		return false
	}
	return strings.Contains(s, "invalid") || strings.Contains(s, "expired") || strings.Contains(s, "missing")
}

// sessionRejected is TokenAuth's Rejected: it peeks at the body of a 400,
// 401 or 403 (MaybeRejected) to tell a refused session from other errors.
func sessionRejected(status int, body []byte) bool {
	if status == 401 {
		return true
	}
	b := bytes.TrimSpace(bytes.TrimPrefix(body, bom))
	if bodyFormat(b) != BodyJSON {
		return false
	}
	w, ok := parseWireError(b)
	if !ok {
		return false
	}
	return rejection(status, string(w.ErrorCode), string(w.Message), string(w.DeveloperMessage))
}

// maybeRejected selects the statuses whose body sessionRejected reads.
func maybeRejected(status int) bool { return status == 400 || status == 401 || status == 403 }

// SessionError reports that a veteran's session could not be created. It
// matches ErrSessionCreate and unwraps to the cause, an error of the
// session call: an *Error from the session endpoint (errors.Is(err,
// ErrUserNotFound), ...), a *rxbridge.TransportError (its timeout
// included), a *rxbridge.DecodeError. A call that needed the
// session returns it as the cause of a *rxbridge.CredentialError, after
// its own operation and route ("mhv: ActivePrescriptions GET
// prescription/getactiverx: CreateSession GET session: cannot create the
// veteran's session: HTTP 401: code 0"), and rxbridge.CallOf gives that
// call; EnsureSession returns it as it is, and rxbridge.CallOf gives the
// session call (CreateSession GET session), the one its message names.
type SessionError struct {
	Err error
}

// Error names the failure and its cause, never the veteran: "mhv:
// CreateSession GET session: cannot create the veteran's session: HTTP
// 400: code 105 (...)", the session call's operation and route first, as
// in every error.
func (e *SessionError) Error() string {
	const what = "cannot create the veteran's session"
	if e == nil || e.Err == nil {
		return "mhv: " + what
	}
	if c, cause, ok := httpx.SplitCall("mhv", e.Err); ok {
		return "mhv: " + c.String() + ": " + what + ": " + cause
	}
	return "mhv: " + what + ": " + httpx.CauseText("mhv", "", e.Err)
}

// Is makes errors.Is(err, ErrSessionCreate) true.
func (e *SessionError) Is(target error) bool { return target == ErrSessionCreate }

// Unwrap returns the cause.
func (e *SessionError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// The cross-provider sentinels of package rxbridge under this package's
// names: the same values, so errors.Is(err, mhv.ErrNotFound) and
// errors.Is(err, rxbridge.ErrNotFound) agree. Every provider matches them
// the same way (see rxbridge); the notes say what they cover here.
var (
	// ErrInvalidInput: refused before sending (an empty correlation id, a
	// non-positive prescription id, an NDC of the wrong length); nothing
	// reached MHV.
	ErrInvalidInput = rxbridge.ErrInvalidInput
	// ErrRejected: the upstream refused the request as invalid (HTTP 400 or
	// 422).
	ErrRejected = rxbridge.ErrRejected
	// ErrUnauthorized: the credentials were refused (HTTP 401).
	ErrUnauthorized = rxbridge.ErrUnauthorized
	// ErrForbidden: not allowed to these credentials (HTTP 403).
	ErrForbidden = rxbridge.ErrForbidden
	// ErrNotFound: HTTP 404, errorCode 138, and Prescription's "not in the
	// history" answer.
	ErrNotFound = rxbridge.ErrNotFound
	// ErrRateLimited: too many requests (HTTP 429, after the allowed retries).
	ErrRateLimited = rxbridge.ErrRateLimited
	// ErrServer: the upstream or a gateway before it failed (HTTP 5xx but 501).
	ErrServer = rxbridge.ErrServer
	// ErrOutcomeUnknown: a refill (or another call that changes state) was sent
	// and its answer lost: MHV may have acted; check the history before you
	// repeat it.
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
