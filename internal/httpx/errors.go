package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// The sentinels of the pipeline's failures are the public ones, so that
// every provider's errors match rxbridge's table.
var (
	ErrOutcomeUnknown   = rxbridge.ErrOutcomeUnknown
	ErrResponseTooLarge = rxbridge.ErrResponseTooLarge
	ErrTransport        = rxbridge.ErrTransport
	ErrDecode           = rxbridge.ErrDecode
)

// OutcomeUnknownError is returned for a non-idempotent call that may have
// been processed. It matches ErrOutcomeUnknown and unwraps to the cause: a
// transport error, the context's error, or the provider's typed error for a
// gateway 5xx.
type OutcomeUnknownError struct {
	Provider string
	Op       string
	Method   string
	Route    string
	Attempts int
	Err      error
}

// Error implements the error interface.
func (e *OutcomeUnknownError) Error() string {
	return fmt.Sprintf("%s: %s: outcome unknown, the request may have been processed (do not repeat it before checking): %s",
		e.Provider, where(e.Op, e.Method, e.Route), CauseText(e.Provider, e.Op, e.Err))
}

// CauseText is err's message for the end of a message that already names
// provider and op: the cause's own "provider: " prefix and its leading op
// are dropped, so that an error says each of them once
// ("mhv: Refill POST prescription/rxrefill/{id}: outcome unknown ...: HTTP 503",
// not "...: mhv: Refill POST prescription/rxrefill/{id}: HTTP 503"). An
// outcome-unknown cause of the same call gives its own cause.
func CauseText(provider, op string, err error) string {
	if err == nil {
		return "<nil>"
	}
	var ou *OutcomeUnknownError
	if errors.As(err, &ou) && ou.Provider == provider && ou.Op == op && ou.Err != nil {
		err = ou.Err
	}
	s := strings.TrimPrefix(err.Error(), provider+": ")
	if op == "" {
		return s
	}
	if rest, ok := strings.CutPrefix(s, op+": "); ok {
		return rest
	}
	rest, ok := strings.CutPrefix(s, op+" ")
	if !ok {
		return s
	}
	// "METHOD route: cause", "route: cause" or "METHOD route (host ...): cause".
	if m, r, ok := strings.Cut(rest, " "); ok && m != "" && strings.ToUpper(m) == m && !strings.ContainsAny(m, "/:(") {
		rest = r
	}
	colon, paren := strings.Index(rest, ": "), strings.Index(rest, " (")
	switch {
	case paren >= 0 && (colon < 0 || paren < colon):
		return rest[paren+1:]
	case colon >= 0:
		return rest[colon+2:]
	}
	return s
}

// SplitWhere splits the message of one of provider's call errors,
// "provider: Op METHOD route: rest", into "Op METHOD route" and rest, for
// an error that wraps it and says what failed between the two (ok is
// false for a message of another shape).
func SplitWhere(provider string, err error) (where, rest string, ok bool) {
	if err == nil {
		return "", "", false
	}
	s, ok := strings.CutPrefix(err.Error(), provider+": ")
	if !ok {
		return "", "", false
	}
	where, rest, ok = strings.Cut(s, ": ")
	if !ok || !strings.Contains(where, " ") || strings.ContainsAny(where, "(,") {
		return "", "", false
	}
	return where, rest, true
}

// Is makes errors.Is(err, ErrOutcomeUnknown) true.
func (e *OutcomeUnknownError) Is(target error) bool { return target == ErrOutcomeUnknown }

// Unwrap returns the cause.
func (e *OutcomeUnknownError) Unwrap() error { return e.Err }

// TransportError reports a failed exchange after all allowed attempts. Its
// message has the host and route template but never the URL, query, headers
// or body.
type TransportError struct {
	Provider string
	Op       string
	Method   string
	Host     string
	Route    string
	Attempts int
	Err      error // sanitized cause
}

// Error implements the error interface: "provider: Op METHOD route:
// transport failure (host h, 2 attempts): cause". A cause of the same
// provider (an auth transport's failure to get a token) loses its
// "provider: " prefix, so that the message says it once.
func (e *TransportError) Error() string {
	return fmt.Sprintf("%s: %s: transport failure (host %s, %s): %s",
		e.Provider, where(e.Op, e.Method, e.Route), e.Host, attempts(e.Attempts), CauseText(e.Provider, "", e.Err))
}

// where is "Op METHOD route", without the parts that are empty.
func where(op, method, route string) string {
	s := op
	for _, p := range [...]string{method, route} {
		if p == "" {
			continue
		}
		if s != "" {
			s += " "
		}
		s += p
	}
	return s
}

// attempts is "1 attempt" or "n attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return strconv.Itoa(n) + " attempts"
}

// Is makes errors.Is(err, ErrTransport) true.
func (e *TransportError) Is(target error) bool { return target == ErrTransport }

// Unwrap returns the sanitized cause (a *net.OpError, context error, ...).
func (e *TransportError) Unwrap() error { return e.Err }

// TooLargeError reports a body over the size limit.
type TooLargeError struct {
	Provider string
	Op       string
	Method   string
	Route    string
	Limit    int64
}

// Error implements the error interface.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s: %s: response body exceeds the %d-byte limit", e.Provider, where(e.Op, e.Method, e.Route), e.Limit)
}

// Is makes errors.Is(err, ErrResponseTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// DecodeError reports a 2xx body that does not decode. It carries the
// content type and the decoder's message, which names a Go type and field
// and at most one byte of input, never the body itself.
type DecodeError struct {
	Provider    string
	Op          string
	Method      string
	Route       string
	StatusCode  int
	ContentType string
	Err         error
}

// Error implements the error interface.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: %s: cannot decode HTTP %d response (Content-Type %q): %s",
		e.Provider, where(e.Op, e.Method, e.Route), e.StatusCode, e.ContentType, CauseText(e.Provider, e.Op, e.Err))
}

// Is makes errors.Is(err, ErrDecode) true.
func (e *DecodeError) Is(target error) bool { return target == ErrDecode }

// Unwrap returns the decoder's error.
func (e *DecodeError) Unwrap() error { return e.Err }

// CredentialError is the failure of a call whose credential (a token, a
// session) could not be had because the endpoint that issues it refused
// or failed (it answered with an HTTP error), or the provider gave up on
// it (an untrusted certificate, an unusable token, its own retries spent):
// the call itself was not sent. Its message names the call first and
// the credential's failure as the cause, "cvsspecialty: Status POST
// specialty/patient/referral/v1/status: token request: HTTP 401
// invalid_client", and it matches what the cause matches (the shared
// sentinel of its status, the provider's own). A credential endpoint that
// could not be reached, when the provider leaves the retries to the call
// (CVS's token), is a *TransportError of the call instead.
type CredentialError struct {
	Provider string
	Op       string
	Method   string
	Route    string
	// Attempts are the call's attempts (each asked for the credential).
	Attempts int
	// Err is the provider's credential failure (sanitized).
	Err error
}

// Error implements the error interface: "provider: Op METHOD route:
// cause [n attempts]", the cause without its own provider prefix.
func (e *CredentialError) Error() string {
	s := e.Provider + ": " + where(e.Op, e.Method, e.Route) + ": " + CauseText(e.Provider, e.Op, e.Err)
	if e.Attempts > 1 && !strings.HasSuffix(s, "]") {
		s += " [" + attempts(e.Attempts) + "]"
	}
	return s
}

// Unwrap returns the credential failure.
func (e *CredentialError) Unwrap() error { return e.Err }

// answered reports whether a credential failure that retrying might fix
// is nonetheless the endpoint's answer (it matches the shared sentinel of
// an HTTP status: a 429, a 5xx), not a failure to reach it.
func answered(err error) bool {
	for _, s := range [...]error{rxbridge.ErrServer, rxbridge.ErrRateLimited, rxbridge.ErrRejected,
		rxbridge.ErrUnauthorized, rxbridge.ErrForbidden, rxbridge.ErrNotFound} {
		if errors.Is(err, s) {
			return true
		}
	}
	return false
}

// Permanent marks an error from an auth transport (a rejected credential, a
// token endpoint's 4xx) that retrying cannot fix.
type Permanent struct{ Err error }

// Error implements the error interface.
func (e *Permanent) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *Permanent) Unwrap() error { return e.Err }

// NotSent marks an error that happened before the request was handed to
// the network (an auth transport failing to get a credential). The
// pipeline may retry it whatever the method.
type NotSent struct{ Err error }

// Error implements the error interface.
func (e *NotSent) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *NotSent) Unwrap() error { return e.Err }

// AuthError is the sanitized form of a token endpoint failure. It keeps the
// HTTP status and the OAuth error code (such as "invalid_client"), never
// the response body, the description or the credentials.
type AuthError struct {
	StatusCode int
	Code       string
}

// Is matches the shared sentinel of the token endpoint's status, as
// every provider's errors do (401 rxbridge.ErrUnauthorized, 5xx
// rxbridge.ErrServer, ...).
func (e *AuthError) Is(target error) bool { return apierr.StatusMatches(e.StatusCode, target) }

// Error implements the error interface.
func (e *AuthError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("token request rejected: HTTP %d %s", e.StatusCode, e.Code)
	}
	return fmt.Sprintf("token request failed: HTTP %d", e.StatusCode)
}

// errTruncated replaces io.ErrUnexpectedEOF-style body read failures.
var errTruncated = errors.New("response body truncated")

// Sanitize strips what must not travel in an error: the URL of a
// *url.Error (it holds ids and the query) and the body inside an
// oauth2.RetrieveError (replaced by an *AuthError). Providers that call
// x/oauth2 or another library directly pass its errors through it.
func Sanitize(err error) error { return sanitize(err) }

// sanitize is Sanitize.
func sanitize(err error) error {
	if err == nil {
		return nil
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		code := re.ErrorCode
		if !isOAuthErrorCode(code) {
			code = ""
		}
		st := 0
		if re.Response != nil {
			st = re.Response.StatusCode
		}
		return &AuthError{StatusCode: st, Code: code}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		// Keep what wrapped the *url.Error away; the inner error carries no URL
		// unless it is another *url.Error (a redirect), which we sanitize too.
		return sanitize(ue.Err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return errTruncated
	}
	return innerOpError(err)
}

// innerOpError returns the innermost of *net.OpErrors nested directly in
// one another when they are the whole of err's message (wrappers that add
// no text, such as net/http's own, are dropped with the outer one). net's
// TCPConn.ReadFrom (a request body copied to the connection) wraps the
// write's *net.OpError in its own, which would say the addresses twice:
// "readfrom tcp a->b: write tcp a->b: write: broken pipe" becomes
// "write tcp a->b: write: broken pipe".
func innerOpError(err error) error {
	var op *net.OpError
	if !errors.As(err, &op) || err.Error() != op.Error() {
		return err
	}
	inner, ok := op.Err.(*net.OpError)
	if !ok {
		return err
	}
	for {
		next, ok := inner.Err.(*net.OpError)
		if !ok {
			return inner
		}
		inner = next
	}
}

// isOAuthErrorCode accepts RFC 6749 error codes (a small ASCII token set).
func isOAuthErrorCode(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r == '_' || r == '-' || r == '.' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')) {
			return false
		}
	}
	return true
}

// errClass describes how a transport failure may be retried.
type errClass uint8

const (
	classPermanent errClass = iota // never retry: TLS trust, bad scheme, DNS not found, auth rejected, too large
	classNotSent                   // the request provably never left: safe to retry for any method
	classMaybeSent                 // the request may have reached the server: retry only if idempotent
)

// classify sorts a transport-level error. A failure counts as "not sent"
// only with proof: an error that by its type happens before sending (dial,
// DNS, TLS handshake, a credential fetch), or the attempt's httptrace
// events (unsent: net/http's transport took the request and never handed
// it to a connection; see call.provenNotSent). Without either (httpmock, a
// RoundTripper that never reaches net/http) an error of unknown kind may
// have been sent.
func classify(err error, unsent bool) errClass {
	// The caller's context ending is handled before classify is called; a
	// deadline seen here is an attempt's own timeout (http.Client.Timeout),
	// which is a "maybe sent" failure like any other.
	if err == nil || errors.Is(err, context.Canceled) {
		return classPermanent
	}
	var p *Permanent
	if errors.As(err, &p) {
		return classPermanent
	}
	var ns *NotSent
	if errors.As(err, &ns) {
		return classNotSent
	}
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		if re.Response != nil && re.Response.StatusCode >= 500 {
			return classNotSent // the token fetch failed, the API request never left
		}
		return classPermanent
	}
	var ae *AuthError
	if errors.As(err, &ae) && ae.StatusCode < 500 {
		return classPermanent
	}
	if errors.Is(err, ErrResponseTooLarge) || errors.Is(err, ErrBadRequest) {
		return classPermanent
	}
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var hostErr x509.HostnameError
	var invalidCert x509.CertificateInvalidError
	var recordErr tls.RecordHeaderError
	var alert tls.AlertError
	if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
		errors.As(err, &invalidCert) || errors.As(err, &recordErr) || errors.As(err, &alert) {
		return classPermanent
	}
	if strings.Contains(err.Error(), "TLS handshake timeout") {
		return classNotSent
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		if dnsErr.IsNotFound {
			return classPermanent
		}
		return classNotSent
	}
	msg := err.Error()
	if strings.Contains(msg, "unsupported protocol scheme") || strings.Contains(msg, "stopped after") ||
		strings.Contains(msg, "invalid header") || strings.Contains(msg, "redirect refused") {
		return classPermanent
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return classNotSent
	}
	if errors.Is(err, syscall.ECONNREFUSED) {
		return classNotSent
	}
	if unsent {
		return classNotSent
	}
	return classMaybeSent
}
