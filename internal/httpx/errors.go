package httpx

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net"
	"net/url"
	"strings"
	"syscall"

	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/callmsg"
)

// The sentinels of the pipeline's failures are the public ones, so that
// every provider's errors match rxbridge's table.
var (
	ErrOutcomeUnknown   = rxbridge.ErrOutcomeUnknown
	ErrResponseTooLarge = rxbridge.ErrResponseTooLarge
	ErrTransport        = rxbridge.ErrTransport
	ErrDecode           = rxbridge.ErrDecode
)

// The call errors of the pipeline are package rxbridge's, so that users
// can name them (errors.As) and read them in go doc; these aliases keep
// the internals' names.
type (
	// OutcomeUnknownError is rxbridge.OutcomeUnknownError.
	OutcomeUnknownError = rxbridge.OutcomeUnknownError
	// TransportError is rxbridge.TransportError.
	TransportError = rxbridge.TransportError
	// TooLargeError is rxbridge.TooLargeError.
	TooLargeError = rxbridge.TooLargeError
	// DecodeError is rxbridge.DecodeError.
	DecodeError = rxbridge.DecodeError
	// CredentialError is rxbridge.CredentialError.
	CredentialError = rxbridge.CredentialError
	// ShapeError is rxbridge.ShapeError.
	ShapeError = rxbridge.ShapeError
	// AuthError is rxbridge.OAuthError: a token endpoint's refusal, its
	// HTTP status and OAuth error code.
	AuthError = rxbridge.OAuthError
)

// callReader reads errors for callmsg by rxbridge's CallOf and
// OutcomeUnknownError.
type callReader struct{}

// CallOf implements callmsg.Reader.
func (callReader) CallOf(err error) (callmsg.Call, bool) {
	c, ok := rxbridge.CallOf(err)
	return callmsg.Call{Provider: c.Provider, Op: c.Op, Where: c.String()}, ok
}

// Outcome implements callmsg.Reader.
func (callReader) Outcome(err error) (callmsg.Call, error, bool) {
	var ou *OutcomeUnknownError
	if !errors.As(err, &ou) || ou == nil {
		return callmsg.Call{}, nil, false
	}
	c := rxbridge.Call{Provider: ou.Provider, Op: ou.Op, Method: ou.Method, Route: ou.Route}
	return callmsg.Call{Provider: c.Provider, Op: c.Op, Where: c.String()}, ou.Err, true
}

// CauseText is err's message for the end of a message that already names
// provider and op: the cause's own "provider: " prefix is dropped, and
// its call ("Op METHOD route", read from its fields by rxbridge.CallOf)
// when that is op's, so that an error says each of them once ("mhv:
// Refill POST prescription/rxrefill/{id}: outcome unknown ...: HTTP 503",
// not "...: mhv: Refill POST prescription/rxrefill/{id}: HTTP 503"). An
// outcome-unknown cause of the same call gives its own cause.
func CauseText(provider, op string, err error) string {
	return callmsg.Cause(callReader{}, provider, op, err)
}

// SplitCall returns the call of provider that err names (rxbridge.CallOf)
// and the rest of err's message after "provider: Op METHOD route: ", for
// an error that wraps it and says what failed between the two. ok is
// false when err names no call of provider or its message does not begin
// with that call.
func SplitCall(provider string, err error) (call rxbridge.Call, rest string, ok bool) {
	if _, rest, ok = callmsg.Split(callReader{}, provider, err); !ok {
		return rxbridge.Call{}, "", false
	}
	call, _ = rxbridge.CallOf(err)
	return call, rest, true
}

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

// errTruncated replaces io.ErrUnexpectedEOF-style body read failures.
var errTruncated = errors.New("response body truncated")

// Sanitize strips what must not travel in an error: the URL of a
// *url.Error (it holds ids and the query) and the body inside an
// oauth2.RetrieveError (replaced by an *AuthError). Providers that call
// x/oauth2 or another library directly pass its errors through it.
func Sanitize(err error) error { return sanitize(err) }

// sanitize is Sanitize. It also drops the pipeline's own marks
// (Permanent, NotSent, a credential failure), which add no words and no
// fields: what remains is what users can name.
func sanitize(err error) error {
	err = unmark(err)
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
		return &AuthError{HTTPStatus: st, Code: code}
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

// unmark returns err without the marks the pipeline wraps around it.
func unmark(err error) error {
	for {
		switch e := err.(type) {
		case *Permanent:
			err = e.Err
		case *NotSent:
			err = e.Err
		case *credentialFailure:
			err = e.Err
		default:
			return err
		}
	}
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
	if errors.As(err, &ae) && ae.HTTPStatus < 500 {
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
