package carevalidate

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/lenient"
)

// Error is an error answered by CareValidate. Its body is
//
//	{"status": 400, "success": false, "message": "...", "error": "...", "code": "CASE_ERROR"}
//
// (some endpoints send only some of these), and it arrives as HTTP 400 even
// for a bad API key or a case that does not exist. The SDK sorts it into a
// sentinel (ErrUnauthorized, ErrNotFound, ErrInvalidCase, ...) from the
// status, code and text; match with errors.Is.
//
// Error() names the operation, route, HTTP status, code and the sentinel's
// meaning. Message and Detail are CareValidate's own text and may repeat
// what was sent (an email, an answer): treat them as PHI.
type Error struct {
	rxbridge.APIError
	// Status is the body's "status" (0 when absent).
	Status int
	// Detail is the body's "error" text. Message (from APIError) is its
	// "message". Both may contain PHI.
	Detail string

	kind error
}

// Error implements error (see rxbridge.APIError.Error). A nil *Error
// prints as such: it never panics.
func (e *Error) Error() string {
	if e == nil {
		return "carevalidate: nil *Error"
	}
	return e.APIError.Error()
}

// Is reports whether the error belongs to a sentinel family (Kind), or
// matches a cross-provider sentinel by its HTTP status as every provider
// does (rxbridge.ErrRejected for 400 and 422, ...).
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	if target == ErrServer && e.HTTPStatus == 501 {
		return false
	}
	return target != nil && target == e.kind || apierr.StatusMatches(e.HTTPStatus, target)
}

// Reason returns CareValidate's most specific text: Detail, else Message.
// It may contain PHI.
func (e *Error) Reason() string {
	if e == nil {
		return ""
	}
	if e.Detail != "" {
		return e.Detail
	}
	return e.Message
}

// Kind returns the sentinel the error was sorted into.
func (e *Error) Kind() error {
	if e == nil {
		return nil
	}
	return e.kind
}

// GoString keeps %#v free of CareValidate's text.
func (e *Error) GoString() string {
	if e == nil {
		return "(*carevalidate.Error)(nil)"
	}
	return "&carevalidate.Error{" + e.APIError.GoString() + ", Status:" + strconv.Itoa(e.Status) +
		", Detail:<" + strconv.Itoa(len(e.Detail)) + " bytes redacted>}"
}

// Sentinels, matched with errors.Is.
var (
	// ErrInvalidCase: the case exists but is not valid for the request
	// ("Provided case is not valid", "Case Form can't be Submitted.").
	ErrInvalidCase = errors.New("carevalidate: case not valid for this request")
	// ErrConflict: the request conflicts with an existing record.
	ErrConflict = errors.New("carevalidate: conflict")
)

// meanings are the fixed texts Error() shows for each family.
var meanings = map[error]string{
	ErrUnauthorized: "API key or access token missing or not accepted",
	ErrForbidden:    "not allowed to this partner",
	ErrNotFound:     "no matching case or patient",
	ErrInvalidCase:  "case not valid for this request",
	ErrRejected:     "request rejected by validation",
	ErrConflict:     "conflicts with an existing record",
	ErrRateLimited:  "rate limited",
	ErrServer:       "CareValidate server error",
}

// errorBody is the error envelope, decoded tolerantly.
type errorBody struct {
	Status  lenient.String  `json:"status"`
	Message lenient.String  `json:"message"`
	Error   json.RawMessage `json:"error"`
	Code    lenient.String  `json:"code"`
}

// envelope is the part of every success body that can still say
// {"success": false}.
type envelope struct {
	Status  lenient.String  `json:"status"`
	Success lenient.Bool    `json:"success"`
	Message lenient.String  `json:"message"`
	Error   json.RawMessage `json:"error"`
	Code    lenient.String  `json:"code"`
}

func (e *envelope) env() *envelope { return e }

// failed reports a 2xx body that reports a failure: "success": false, or
// an "error" text without "success".
func (e *envelope) failed() bool {
	if e.Success.IsSet() {
		return !e.Success.Value()
	}
	return errorText(e.Error) != ""
}

// maxText bounds the upstream text kept in Message and Detail.
const maxText = 2048

// decodeError builds the *Error of a non-2xx response, whatever its
// Content-Type says; an empty body or an HTML page still gives a typed
// error.
func decodeError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	var body errorBody
	if b := bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf")); jsoncodec.Unmarshal(b, &body) == nil {
		e.fill(string(body.Status), string(body.Message), body.Error, string(body.Code))
	}
	e.classify()
	return e
}

// envelopeError builds the *Error of a 2xx body that says success:false.
func envelopeError(resp *httpx.Response, env *envelope) error {
	e := &Error{APIError: resp.ErrorBase()}
	e.HTTPStatus = 0
	e.fill(string(env.Status), string(env.Message), env.Error, string(env.Code))
	e.classify()
	return e
}

func (e *Error) fill(status, message string, errRaw json.RawMessage, code string) {
	if n, err := strconv.Atoi(strings.TrimSpace(status)); err == nil {
		e.Status = n
	}
	e.Message = apierr.Excerpt(message, maxText)
	e.Detail = apierr.Excerpt(errorText(errRaw), maxText)
	if c := strings.TrimSpace(code); isCode(c) {
		e.Code = c
	}
}

// isCode accepts what CareValidate's codes look like ("CASE_ERROR"): an
// upper-case identifier. Anything else is dropped rather than risk free
// text (which could carry PHI) reaching Error().
func isCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' || c == ':') {
			return false
		}
	}
	return true
}

// errorText reads the "error" member: a string, or an object with a
// message.
func errorText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		_ = jsoncodec.UnmarshalValid(raw, &s)
		return s
	case '{':
		var o struct {
			Message lenient.String `json:"message"`
			Error   lenient.String `json:"error"`
		}
		_ = jsoncodec.UnmarshalValid(raw, &o)
		if o.Message != "" {
			return string(o.Message)
		}
		return string(o.Error)
	case 't', 'f':
		return "" // "error": false
	}
	return string(raw)
}

// classify sorts the error into a family and sets Meaning. The HTTP status
// decides when it is specific; CareValidate answers most failures with 400,
// so the body's status and text decide the rest.
func (e *Error) classify() {
	e.kind = e.family()
	e.Meaning = meanings[e.kind]
	if e.kind == ErrUnauthorized && containsAny(strings.ToLower(e.Detail+" "+e.Message), "disabled") {
		e.Meaning = "partner organization is disabled"
	}
}

func (e *Error) family() error {
	if k := statusFamily(e.HTTPStatus); k != nil {
		return k
	}
	if k := statusFamily(e.Status); k != nil {
		return k
	}
	text := strings.ToLower(e.Detail + " \x00 " + e.Message + " \x00 " + e.Code)
	switch {
	case containsAny(text, "api key", "api-key", "apikey", "secret key", "organization with", "organization is disabled",
		"unauthorized", "unauthorised", "access token", "invalid token", "jwt", "forbidden", "not authorized",
		"authentication", "auth_error"):
		return ErrUnauthorized
	case containsAny(text, "no case found", "not found", "does not exist", "doesn't exist", "not_found"):
		return ErrNotFound
	case containsAny(text, "case is not valid", "can't be submitted", "cannot be submitted", "can not be submitted"):
		return ErrInvalidCase
	case containsAny(text, "already exists", "duplicate"):
		return ErrConflict
	}
	if e.HTTPStatus >= 500 || e.Status >= 500 {
		return ErrServer
	}
	if e.HTTPStatus >= 300 && e.HTTPStatus < 400 {
		return nil // a redirect (not followed) refuses nothing
	}
	return ErrRejected
}

// statusFamily maps the statuses that say what happened on their own.
func statusFamily(s int) error {
	switch {
	case s == 401:
		return ErrUnauthorized
	case s == 403:
		return ErrForbidden
	case s == 404:
		return ErrNotFound
	case s == 409:
		return ErrConflict
	case s == 429:
		return ErrRateLimited
	case s >= 500 && s <= 599:
		return ErrServer
	}
	return nil
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// invalidArg reports a request the SDK will not send. The message names
// the field, never its value.
func invalidArg(op, what string) error {
	return apierr.Input("carevalidate", op, what)
}

// The cross-provider sentinels of package rxbridge under this package's
// names: the same values, so errors.Is(err, carevalidate.ErrNotFound) and
// errors.Is(err, rxbridge.ErrNotFound) agree. Every provider matches them
// the same way (see rxbridge); the notes say what they cover here.
var (
	// ErrInvalidInput: refused before sending (a missing required field, an
	// empty id); nothing reached CareValidate.
	ErrInvalidInput = rxbridge.ErrInvalidInput
	// ErrRejected: HTTP 400 or 422, or a body that says the request's content
	// was refused (a missing or malformed field).
	ErrRejected = rxbridge.ErrRejected
	// ErrUnauthorized: HTTP 401, or a body that says the API key or token was
	// refused or the partner organization is disabled.
	ErrUnauthorized = rxbridge.ErrUnauthorized
	// ErrForbidden: not allowed to these credentials (HTTP 403).
	ErrForbidden = rxbridge.ErrForbidden
	// ErrNotFound: HTTP 404, or a body that says no case or patient matches.
	ErrNotFound = rxbridge.ErrNotFound
	// ErrRateLimited: too many requests (HTTP 429, after the allowed retries).
	ErrRateLimited = rxbridge.ErrRateLimited
	// ErrServer: the upstream or a gateway before it failed (HTTP 5xx but 501).
	ErrServer = rxbridge.ErrServer
	// ErrOutcomeUnknown: a call that creates something (a case, a comment, a
	// payment) was sent and its answer lost: CareValidate may have acted; check
	// (LatestCaseID, GetCase) before repeating it.
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

// ErrPageLoop is rxbridge.ErrPageLoop, yielded by Cases when a page's next
// cursor repeats one already read (the iteration stops instead of
// looping).
var ErrPageLoop = rxbridge.ErrPageLoop
