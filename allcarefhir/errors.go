package allcarefhir

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Error is an error answered by the AllCare FHIR server: the HTTP status
// and, when the body is an OperationOutcome, its first error's issue type
// as Code and its diagnostics as Message. Error() never contains the body,
// the query, the filled path, a token or the server's message.
type Error struct {
	rxbridge.APIError
	// Outcome is the OperationOutcome the server answered with, or nil. Its
	// diagnostics and details can repeat what was sent: treat them as PHI.
	Outcome *OperationOutcome
}

// Error implements error (see rxbridge.APIError.Error). A nil *Error
// prints as such: it never panics.
func (e *Error) Error() string {
	if e == nil {
		return "allcarefhir: nil *Error"
	}
	return e.APIError.Error()
}

// Is matches the sentinels by HTTP status and issue type.
func (e *Error) Is(target error) bool {
	if e == nil {
		return false
	}
	st := e.HTTPStatus
	if apierr.StatusMatches(st, target) {
		return true
	}
	switch target {
	case ErrGone:
		return st == http.StatusGone
	case ErrRateLimited:
		return e.Code == "throttled"
	case ErrNotSupported:
		return st == http.StatusNotImplemented || st == http.StatusMethodNotAllowed || e.Code == "not-supported"
	}
	return false
}

// Sentinels. Match them with errors.Is.
var (

	// ErrGone matches a 410 (a deleted resource).
	ErrGone = errors.New("allcarefhir: gone")
	// ErrNotSupported matches an operation the server does not offer (501,
	// 405, or an OperationOutcome with issue type not-supported).
	ErrNotSupported = errors.New("allcarefhir: not supported by the server")

	// ErrInvalidJSON matches input that is not the JSON of a FHIR value.
	ErrInvalidJSON = errors.New("allcarefhir: invalid FHIR JSON")
	// ErrWrongResourceType matches JSON of another resource type than the
	// one asked for.
	ErrWrongResourceType = errors.New("allcarefhir: unexpected resource type")
	// ErrWrongResourceID matches a read answered with a resource whose id
	// is not the one read (or has none). It is never returned to the
	// caller: it may be another member's record.
	ErrWrongResourceID = errors.New("allcarefhir: read returned another resource")

	// ErrMissingParam matches a search that lacks a parameter AllCare or US
	// Core requires (drugplan on a formulary search, category or code on
	// Observation, intent on MedicationRequest, ...). Nothing was sent.
	ErrMissingParam = errors.New("allcarefhir: required search parameter missing")
	// ErrForeignLink matches a next-page link to another scheme or host
	// than the FHIR base, or to a path outside the base's (checked after
	// dot segments are resolved). It is not followed: the bearer token
	// stays home.
	ErrForeignLink = errors.New("allcarefhir: next-page link points outside the FHIR base")
	// ErrTooManyPages matches a search that reached the client's page limit
	// (see WithMaxPages).
	ErrTooManyPages = errors.New("allcarefhir: page limit reached")
)

// statusMeaning is fixed text for the statuses the AllCare documentation and
// the C4BB capability statement describe.
func statusMeaning(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid parameter"
	case http.StatusUnauthorized:
		return "unauthorized request: the access token was rejected"
	case http.StatusForbidden:
		return "insufficient scope"
	case http.StatusNotFound:
		return "AllCare does not have the data requested"
	case http.StatusGone:
		return "deleted resource"
	case http.StatusUnprocessableEntity:
		return "unprocessable request"
	case http.StatusTooManyRequests:
		return "rate limited"
	case http.StatusInternalServerError:
		return "AllCare could not process the request; try again later"
	case http.StatusNotImplemented:
		return "not implemented by the server"
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return "AllCare is unavailable; try again later"
	}
	return ""
}

// decodeError builds the *Error of a non-2xx response, whatever its
// Content-Type: an empty body or an HTML gateway page still gives a typed
// error.
func decodeError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	e.Meaning = statusMeaning(resp.StatusCode)
	if oo := parseOutcome(resp.Body); oo != nil {
		e.Outcome = oo
		e.Code, e.Message = outcomeSummary(oo)
	}
	return e
}

// parseOutcome decodes body as an OperationOutcome, or returns nil.
func parseOutcome(body []byte) *OperationOutcome {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) == 0 || b[0] != '{' {
		return nil
	}
	r, err := DecodeResource(b)
	if err != nil {
		return nil
	}
	oo, _ := r.(*OperationOutcome)
	return oo
}

// outcomeSummary returns the issue type of the most severe issue and the
// diagnostics (or details text) of every error issue.
func outcomeSummary(oo *OperationOutcome) (code, message string) {
	rank := map[string]int{SeverityFatal: 4, SeverityError: 3, SeverityWarning: 2, SeverityInformation: 1}
	best := -1
	var msgs []string
	for _, is := range oo.Issue {
		if r := rank[is.Severity]; r > best {
			best, code = r, is.Code
		}
		text := is.Diagnostics
		if text == "" && is.Details != nil {
			text = is.Details.Display()
		}
		if text != "" && (is.Severity == SeverityError || is.Severity == SeverityFatal || is.Severity == "") {
			msgs = append(msgs, text)
		}
	}
	return code, apierr.Excerpt(strings.Join(msgs, "; "), 2048)
}

// ErrReauthorizationRequired matches a token that cannot be used or renewed
// (expired without a refresh token, or the refresh was refused): send the
// member through consent again.
var ErrReauthorizationRequired = errors.New("allcarefhir: the member must authorize again")

// errNeedConcrete is returned by the generic helpers given an interface
// type parameter.
var errNeedConcrete = errors.New("allcarefhir: the type parameter must be a resource type of this package, such as *allcarefhir.Patient")

// The cross-provider sentinels of package rxbridge under this package's
// names: the same values, so errors.Is(err, allcarefhir.ErrNotFound) and
// errors.Is(err, rxbridge.ErrNotFound) agree. Every provider matches them
// the same way (see rxbridge); the notes say what they cover here.
var (
	// ErrInvalidInput: refused before sending (a search without a required
	// parameter, see ErrMissingParam; an empty id); nothing reached the server.
	ErrInvalidInput = rxbridge.ErrInvalidInput
	// ErrRejected: HTTP 400 or 422 (an unsupported search parameter, a
	// malformed value).
	ErrRejected = rxbridge.ErrRejected
	// ErrUnauthorized: the credentials were refused (HTTP 401).
	ErrUnauthorized = rxbridge.ErrUnauthorized
	// ErrForbidden: not allowed to these credentials (HTTP 403).
	ErrForbidden = rxbridge.ErrForbidden
	// ErrNotFound: what the call names does not exist (HTTP 404).
	ErrNotFound = rxbridge.ErrNotFound
	// ErrRateLimited: HTTP 429, or an OperationOutcome with code throttled.
	ErrRateLimited = rxbridge.ErrRateLimited
	// ErrServer: HTTP 5xx but 501 (ErrNotSupported).
	ErrServer = rxbridge.ErrServer
	// ErrOutcomeUnknown: a token request was sent and its answer lost.
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

// ErrPageLoop is rxbridge.ErrPageLoop, yielded by a search or Everything
// when a next-page link repeats a page already read (the iteration stops
// instead of looping).
var ErrPageLoop = rxbridge.ErrPageLoop
