package rxbridge

import (
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/callmsg"
)

// Call names one call of a provider: the package, the SDK operation, the
// HTTP method and the route template (never the filled path, the query or
// the host). Every error of a call carries these four fields (APIError and
// each provider's *Error, TransportError, DecodeError, TooLargeError,
// OutcomeUnknownError, CredentialError; an InputError names only the
// operation); CallOf reads them from any error.
type Call struct {
	// Provider is the package that made the call ("mhv").
	Provider string
	// Op is the SDK operation ("Refill").
	Op string
	// Method is the HTTP method ("POST").
	Method string
	// Route is the path template ("prescription/rxrefill/{id}").
	Route string
}

// String returns "Op METHOD route", leaving out the parts that are empty:
// the words that follow the provider's prefix in the error's message
// ("mhv: Refill POST prescription/rxrefill/{id}: HTTP 503").
func (c Call) String() string {
	n := len(c.Op) + len(c.Method) + len(c.Route) + 2
	var b strings.Builder
	b.Grow(n)
	for _, p := range [...]string{c.Op, c.Method, c.Route} {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// caller is implemented by every error type of this package that names a
// call, and so by every provider's *Error (they embed APIError). ok is
// false for a nil receiver and for an error whose call is all empty.
type caller interface {
	call() (c Call, ok bool)
}

// CallOf returns the call err names: that of the first error in err's
// chain (as errors.As walks it, through fmt.Errorf's %w and errors.Join)
// that names one. It is "which call failed" for structured logging,
// without parsing the message, and it is the call the message names
// first: every error's message begins with "provider: " and that call
// ("Op METHOD route"). ok is false for an error that names no call: a
// context error, a webhook error, a refusal that names no operation.
//
// Errors that wrap a call's error name it too: a failed credential
// (CredentialError) names the call that needed it, not the credential's
// own; mhv.SessionError names the session call (CreateSession GET
// session); allcarefhir.LoginError names the HTTP call that failed, and
// no call for a failure of its own checks; cvsspecialty.OutcomeUnknownError
// names Submit; cvsspecialty.TokenError names no call (the call that
// needed the token wraps it).
func CallOf(err error) (Call, bool) {
	for err != nil {
		if v := reflect.ValueOf(err); v.Kind() == reflect.Pointer && v.IsNil() {
			// A nil pointer names nothing and wraps nothing; a provider's
			// nil *Error would panic in APIError's promoted method.
			return Call{}, false
		}
		if c, ok := err.(caller); ok {
			if call, ok := c.call(); ok {
				return call, true
			}
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if call, ok := CallOf(e); ok {
					return call, true
				}
			}
			return Call{}, false
		default:
			return Call{}, false
		}
	}
	return Call{}, false
}

// callIn builds the call of an error's fields; ok is false when they are
// all empty.
func callIn(provider, op, method, route string) (Call, bool) {
	if op == "" && method == "" && route == "" {
		return Call{}, false
	}
	return Call{Provider: provider, Op: op, Method: method, Route: route}, true
}

// callReader is this package's callmsg.Reader.
type callReader struct{}

// CallOf implements callmsg.Reader.
func (callReader) CallOf(err error) (callmsg.Call, bool) {
	c, ok := CallOf(err)
	return callmsg.Call{Provider: c.Provider, Op: c.Op, Where: c.String()}, ok
}

// Outcome implements callmsg.Reader.
func (callReader) Outcome(err error) (callmsg.Call, error, bool) {
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || ou == nil {
		return callmsg.Call{}, nil, false
	}
	return callmsg.Call{Provider: ou.Provider, Op: ou.Op, Where: ou.where()}, ou.Err, true
}

// causeText is callmsg.Cause with this package's view of errors.
func causeText(provider, op string, err error) string {
	return callmsg.Cause(callReader{}, provider, op, err)
}

// where is "Op METHOD route" of an error's fields.
func where(op, method, route string) string {
	return Call{Op: op, Method: method, Route: route}.String()
}

// attempts is "1 attempt" or "n attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// OutcomeUnknownError is the error of a call that changes state and may
// have been processed: it was sent, and then its answer was lost (a reset,
// a timeout, a truncated or unusable answer, a gateway 5xx). It matches
// ErrOutcomeUnknown and unwraps to the cause: a *TransportError, the
// context's error, a *DecodeError or *TooLargeError of a 2xx, or the
// provider's typed *Error for a 5xx or a 3xx. Check the upstream's state
// before repeating the call.
type OutcomeUnknownError struct {
	// Provider, Op, Method and Route name the call (see Call).
	Provider string
	Op       string
	Method   string
	Route    string
	// Attempts is how many attempts the call took; only the last can have
	// reached the upstream.
	Attempts int
	// Err is the cause.
	Err error
}

// Error returns "provider: Op METHOD route: outcome unknown, the request
// may have been processed (do not repeat it before checking): cause".
func (e *OutcomeUnknownError) Error() string {
	if e == nil {
		return "rxbridge: nil *OutcomeUnknownError"
	}
	return e.Provider + ": " + e.where() + ": outcome unknown, the request may have been processed (do not repeat it before checking): " +
		causeText(e.Provider, e.Op, e.Err)
}

func (e *OutcomeUnknownError) where() string { return where(e.Op, e.Method, e.Route) }

func (e *OutcomeUnknownError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.Provider, e.Op, e.Method, e.Route)
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// TransportError is the error of a call whose exchange with the upstream
// failed after all the attempts allowed (DNS, connect, TLS, a reset, a
// timeout, a truncated body). It matches ErrTransport. Its message has the
// host and the route template, never the URL, the query, a header or a
// body.
type TransportError struct {
	// Provider, Op, Method and Route name the call (see Call).
	Provider string
	Op       string
	Method   string
	// Host is the upstream's host (and port).
	Host  string
	Route string
	// Attempts is how many attempts the call took.
	Attempts int
	// Err is the cause, without a URL: a *net.OpError, a *net.DNSError, a
	// TLS error, the context's error, or a provider's credential failure
	// (a token endpoint that could not be reached).
	Err error
}

// Error returns "provider: Op METHOD route: transport failure (host h, 2
// attempts): cause". A cause of the same provider (an auth transport's
// failure to get a token) loses its "provider: " prefix, so that the
// message says it once.
func (e *TransportError) Error() string {
	if e == nil {
		return "rxbridge: nil *TransportError"
	}
	return e.Provider + ": " + where(e.Op, e.Method, e.Route) + ": transport failure (host " + e.Host + ", " +
		attempts(e.Attempts) + "): " + causeText(e.Provider, "", e.Err)
}

func (e *TransportError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.Provider, e.Op, e.Method, e.Route)
}

// Is makes errors.Is(err, ErrTransport) true.
func (e *TransportError) Is(target error) bool { return target == ErrTransport }

// Unwrap returns the cause.
func (e *TransportError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// TooLargeError is the error of a call whose answer's body exceeded the
// client's size limit (WithMaxResponseBytes); nothing past the limit was
// read. It matches ErrResponseTooLarge. For a call that changes state it
// is the cause of an *OutcomeUnknownError.
type TooLargeError struct {
	// Provider, Op, Method and Route name the call (see Call).
	Provider string
	Op       string
	Method   string
	Route    string
	// Limit is the size limit in bytes.
	Limit int64
}

// Error returns "provider: Op METHOD route: response body exceeds the
// n-byte limit".
func (e *TooLargeError) Error() string {
	if e == nil {
		return "rxbridge: nil *TooLargeError"
	}
	return fmt.Sprintf("%s: %s: response body exceeds the %d-byte limit", e.Provider, where(e.Op, e.Method, e.Route), e.Limit)
}

func (e *TooLargeError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.Provider, e.Op, e.Method, e.Route)
}

// Is makes errors.Is(err, ErrResponseTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// DecodeError is the error of a call whose success answer (2xx) is not
// the documented one: a body that does not decode, an HTML page, an empty
// body, JSON of another shape. It matches ErrDecode; for a call that
// changes state it is the cause of an *OutcomeUnknownError. It carries
// the content type and the cause, which names a Go type and field or what
// was expected, never the body.
type DecodeError struct {
	// Provider, Op, Method and Route name the call (see Call).
	Provider string
	Op       string
	Method   string
	Route    string
	// StatusCode is the answer's HTTP status.
	StatusCode int
	// ContentType is the answer's Content-Type (at most 100 bytes).
	ContentType string
	// Err is the cause: encoding/json's error (a *json.SyntaxError, a
	// *json.UnmarshalTypeError), a *ShapeError, or another error that
	// says what is missing.
	Err error
}

// Error returns "provider: Op METHOD route: cannot decode HTTP 200
// response (Content-Type "text/html"): cause".
func (e *DecodeError) Error() string {
	if e == nil {
		return "rxbridge: nil *DecodeError"
	}
	return fmt.Sprintf("%s: %s: cannot decode HTTP %d response (Content-Type %q): %s",
		e.Provider, where(e.Op, e.Method, e.Route), e.StatusCode, e.ContentType, causeText(e.Provider, e.Op, e.Err))
}

func (e *DecodeError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.Provider, e.Op, e.Method, e.Route)
}

// Is makes errors.Is(err, ErrDecode) true.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// ShapeError is the cause of a DecodeError for a success answer that is
// not the operation's documented one: an HTML page, an empty body, a JSON
// value without the members or the id the operation documents. It names
// what was expected, never what came.
type ShapeError struct {
	// Want describes the documented answer ("a JSON object with
	// prescriptionList", "the created case's id").
	Want string
}

// Error returns "the answer is not the documented success: want ...".
func (e *ShapeError) Error() string {
	if e == nil {
		return "rxbridge: nil *ShapeError"
	}
	return "the answer is not the documented success: want " + e.Want
}

// CredentialError is the error of a call whose credential (a token, a
// session) could not be had because the endpoint that issues it refused
// or failed (it answered with an HTTP error), or the provider gave up on
// it (an untrusted certificate, an unusable token, its own retries
// spent): the call itself was not sent. Its message names the call first
// and the credential's failure as the cause, "cvsspecialty: Status POST
// specialty/patient/referral/v1/status: token request: HTTP 401
// invalid_client", and it matches what the cause matches (the shared
// sentinel of its status, the provider's own). A credential endpoint that
// could not be reached, when the provider leaves the retries to the call
// (CVS's token), is a *TransportError of the call instead.
type CredentialError struct {
	// Provider, Op, Method and Route name the call that needed the
	// credential (see Call).
	Provider string
	Op       string
	Method   string
	Route    string
	// Attempts are the call's attempts (each asked for the credential).
	Attempts int
	// Err is the credential's failure: the provider's own error
	// (cvsspecialty.TokenError, mhv.SessionError, allcarefhir.LoginError),
	// an *OAuthError, or an error matching the provider's
	// ErrReauthorizationRequired.
	Err error
}

// Error returns "provider: Op METHOD route: cause [n attempts]", the
// cause without its own provider prefix.
func (e *CredentialError) Error() string {
	if e == nil {
		return "rxbridge: nil *CredentialError"
	}
	s := e.Provider + ": " + where(e.Op, e.Method, e.Route) + ": " + causeText(e.Provider, e.Op, e.Err)
	if e.Attempts > 1 && !strings.HasSuffix(s, "]") {
		s += " [" + attempts(e.Attempts) + "]"
	}
	return s
}

func (e *CredentialError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.Provider, e.Op, e.Method, e.Route)
}

// Unwrap returns the credential's failure.
func (e *CredentialError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// InputError is a call the SDK refused before sending anything: a
// required argument is missing or malformed. Its message reads
// "provider: Op: invalid input, nothing was sent: reason"; it matches
// ErrInvalidInput, and the errors in Also, with errors.Is. (Some
// providers have a richer refusal of their own, such as
// cvsspecialty.ValidationError.)
type InputError struct {
	// Provider is the package that refused the call ("mhv"); the message
	// says "rxbridge" when it is empty.
	Provider string
	// Op is the refused operation; empty when the refusal names none (a
	// value not made by its constructor).
	Op string
	// Reason is fixed SDK text: it names a field or a rule, never a value.
	Reason string
	// Also are more errors the refusal matches (a provider's sentinel).
	Also []error
}

// inputPhrase says what every refusal means.
const inputPhrase = "invalid input, nothing was sent"

// Error returns "provider: Op: invalid input, nothing was sent: reason".
func (e *InputError) Error() string {
	if e == nil {
		return "rxbridge: nil *InputError"
	}
	var s strings.Builder
	s.Grow(len(e.Provider) + len(e.Op) + len(e.Reason) + 40)
	s.WriteString(e.provider())
	s.WriteString(": ")
	if e.Op != "" {
		s.WriteString(e.Op)
		s.WriteString(": ")
	}
	s.WriteString(inputPhrase)
	if e.Reason != "" {
		s.WriteString(": ")
		s.WriteString(e.Reason)
	}
	return s.String()
}

// provider is the provider the message names.
func (e *InputError) provider() string {
	if e.Provider == "" {
		return "rxbridge"
	}
	return e.Provider
}

func (e *InputError) call() (Call, bool) {
	if e == nil {
		return Call{}, false
	}
	return callIn(e.provider(), e.Op, "", "")
}

// Unwrap returns ErrInvalidInput and the errors in Also. (The sentinel's
// own text is not part of the message.)
func (e *InputError) Unwrap() []error {
	if e == nil {
		return nil
	}
	return append([]error{ErrInvalidInput}, e.Also...)
}

// OAuthError is an OAuth 2.0 token endpoint's refusal or failure, as a
// provider that asks for tokens reports it inside its own error (a
// CredentialError's cause, or a provider's token or login error). It
// keeps the HTTP status and the OAuth error code (RFC 6749 5.2, such as
// "invalid_client"), never the response body, the error description or
// the credentials. It matches the shared sentinel of its status, as every
// answer does (400 ErrRejected, 401 ErrUnauthorized, 5xx ErrServer, ...).
type OAuthError struct {
	// HTTPStatus is the token endpoint's status.
	HTTPStatus int
	// Code is the OAuth error code, when it sent a valid one.
	Code string
}

// Error returns "token request rejected: HTTP 401 invalid_client", or
// "token request failed: HTTP 503" without a code.
func (e *OAuthError) Error() string {
	if e == nil {
		return "rxbridge: nil *OAuthError"
	}
	if e.Code != "" {
		return "token request rejected: HTTP " + strconv.Itoa(e.HTTPStatus) + " " + e.Code
	}
	return "token request failed: HTTP " + strconv.Itoa(e.HTTPStatus)
}

// Is matches the shared sentinel of the token endpoint's status.
func (e *OAuthError) Is(target error) bool {
	if e == nil {
		return false
	}
	return statusMatches(e.HTTPStatus, target)
}

// statusMatches reports whether an answer with this HTTP status matches
// one of the cross-provider sentinels: 400 and 422 ErrRejected, 401
// ErrUnauthorized, 403 ErrForbidden, 404 ErrNotFound, 429 ErrRateLimited,
// 5xx but 501 ErrServer.
func statusMatches(status int, target error) bool {
	switch target {
	case ErrRejected:
		return status == 400 || status == 422
	case ErrUnauthorized:
		return status == 401
	case ErrForbidden:
		return status == 403
	case ErrNotFound:
		return status == 404
	case ErrRateLimited:
		return status == 429
	case ErrServer:
		return status >= 500 && status <= 599 && status != 501
	}
	return false
}
