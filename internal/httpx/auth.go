package httpx

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
)

// TokenAuth is the RoundTripper every provider's credentials go through. It
// asks Token for the credential of the request's CredentialKey, applies it
// with Apply to a clone of the request (only for the API host: a credential
// never travels elsewhere), and when the upstream rejects it (Rejected),
// drops it with Invalidate, gets a fresh one and replays the request once.
//
// The replay is safe even for non-idempotent requests: the upstream refused
// the credential, so it did not act. There is never a second replay.
type TokenAuth struct {
	// Base carries the requests.
	Base http.RoundTripper
	// Host is the API host (with port, if any); other hosts get no credential.
	Host string
	// Token returns the current credential for key, fetching it if needed.
	// Errors it returns should be *Permanent when retrying cannot help.
	Token func(ctx context.Context, key string) (string, error)
	// Invalidate drops token for key if it is still the current one.
	Invalidate func(key, token string)
	// Apply sets the credential on the request's headers.
	Apply func(h http.Header, token string)
	// Rejected reports whether a response means "this credential is no
	// longer good". status is the HTTP status; body is at most
	// MaxErrorBytes of the body, read only when MaybeRejected(status).
	// When nil, any 401 is a rejection. A 401 whose WWW-Authenticate says
	// Bearer error="invalid_token" (RFC 6750 3.1: expired, revoked or
	// malformed) is a rejection whatever Rejected says.
	Rejected func(status int, body []byte) bool
	// MaybeRejected selects the statuses whose body Rejected needs to see
	// (default: 401 only).
	MaybeRejected func(status int) bool
}

// RoundTrip implements http.RoundTripper.
func (t *TokenAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.Host) {
		return t.Base.RoundTrip(req)
	}
	key := CredentialKey(req)
	tok, err := t.Token(req.Context(), key)
	if err != nil {
		closeBody(req)
		return nil, notSent(&credentialFailure{Err: err})
	}
	resp, err := t.send(req, tok, false)
	if err != nil {
		return nil, err
	}
	rejected, resp := t.check(resp)
	if !rejected {
		return resp, nil
	}
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return resp, nil // cannot rewind the body: report the rejection
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxErrorBytes))
	_ = resp.Body.Close()
	t.Invalidate(key, tok)
	fresh, err := t.Token(req.Context(), key)
	if err != nil {
		return nil, notSent(&credentialFailure{Err: err})
	}
	return t.send(req, fresh, true)
}

// send applies tok to a copy of req and sends it; replay rewinds the body.
func (t *TokenAuth) send(req *http.Request, tok string, replay bool) (*http.Response, error) {
	r := withOwnHeader(req)
	if replay && req.GetBody != nil {
		b, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = b
	}
	t.Apply(r.Header, tok)
	return t.Base.RoundTrip(r)
}

// check reports whether resp rejects the credential. When it had to read
// the body to know, the returned response carries an equivalent body.
func (t *TokenAuth) check(resp *http.Response) (bool, *http.Response) {
	maybe := resp.StatusCode == http.StatusUnauthorized
	if t.MaybeRejected != nil {
		maybe = t.MaybeRejected(resp.StatusCode)
	}
	if !maybe {
		return false, resp
	}
	if resp.StatusCode == http.StatusUnauthorized && BearerInvalidToken(resp.Header) {
		return true, resp
	}
	if t.Rejected == nil {
		return resp.StatusCode == http.StatusUnauthorized, resp
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, MaxErrorBytes))
	rest := resp.Body
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(body), rest), rest}
	return t.Rejected(resp.StatusCode, body), resp
}

// credentialFailure marks an error of TokenAuth.Token: the request was
// not sent because its credential could not be had. The pipeline reports
// it as a *CredentialError of the call when the credential endpoint
// answered (see call.failure).
type credentialFailure struct{ Err error }

func (e *credentialFailure) Error() string { return e.Err.Error() }
func (e *credentialFailure) Unwrap() error { return e.Err }

// notSent marks a credential failure as happening before the request was
// sent, unless it is already Permanent.
func notSent(err error) error {
	var p *Permanent
	if errors.As(err, &p) {
		return err
	}
	return &NotSent{Err: err}
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		_ = req.Body.Close()
	}
}

// HeaderAuth is a RoundTripper that sets fixed credential headers (an API
// key) on requests to the API host only.
type HeaderAuth struct {
	Base   http.RoundTripper
	Host   string
	Header http.Header
}

// RoundTrip implements http.RoundTripper.
func (t *HeaderAuth) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.Host) {
		return t.Base.RoundTrip(req)
	}
	r := withOwnHeader(req)
	for k, v := range t.Header {
		r.Header[k] = v
	}
	return t.Base.RoundTrip(r)
}

// withOwnHeader returns a shallow copy of req with its own copy of the
// header, for a RoundTripper that sets credential headers: the
// RoundTripper contract forbids modifying req, and the header is all these
// transports change (req.Clone would also copy the URL, trailer and forms
// on every call).
func withOwnHeader(req *http.Request) *http.Request {
	r := new(http.Request)
	*r = *req
	r.Header = req.Header.Clone()
	if r.Header == nil {
		r.Header = make(http.Header)
	}
	return r
}

// BearerInvalidToken reports whether h carries a Bearer challenge with
// error="invalid_token" (RFC 6750 3.1): the access token expired, was
// revoked or is malformed, so a new one may succeed.
func BearerInvalidToken(h http.Header) bool {
	for _, v := range h.Values("Www-Authenticate") {
		l := strings.ToLower(v)
		i := strings.Index(l, "bearer")
		if i < 0 || (i > 0 && l[i-1] != ' ' && l[i-1] != ',') {
			continue
		}
		for _, p := range strings.Split(l[i+len("bearer"):], ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.TrimSpace(k) == "error" && strings.Trim(strings.TrimSpace(val), `"`) == "invalid_token" {
				return true
			}
		}
	}
	return false
}
