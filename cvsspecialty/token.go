package cvsspecialty

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Tokens.
//
// The token is fetched with x/oauth2's clientcredentials package
// (grant_type=client_credentials, credentials in an HTTP Basic header:
// AuthStyleInHeader is set explicitly, so the secret is never retried in
// the form body). Around it, the pitfalls of using x/oauth2 directly are
// handled here:
//
//   - Caching is ours (internal/credcache), one token per client id: a fetch
//     runs once however many calls wait (single-flight), on its own context
//     detached from any one caller, which can still give up through its
//     own ctx (the fetch keeps the values of the call that started it, so
//     its log record correlates); x/oauth2 gets a fresh context per fetch,
//     never one captured at construction.
//   - A response without expires_in (or 0) is trusted for the default TTL
//     (WithTokenTTL), never "valid forever"; a token is refreshed before it
//     expires.
//   - A 401 with statusCode 1001, or with WWW-Authenticate: Bearer
//     error="invalid_token", drops the token; the request is replayed
//     once with a new one (httpx.TokenAuth). 1001 at any other point drops
//     it too, so the next call fetches a new one.
//   - x/oauth2's errors can quote the token endpoint's body: they are
//     reduced to a *TokenError with the HTTP status and OAuth error code.
//     A 4xx is permanent; a 5xx, 429 or network failure is retried with the
//     API request it was fetched for.
//   - The token request goes over the user's (or the default) transport,
//     never the authenticated one, and follows no redirect.
//   - With rxbridge.WithStore, the instances of a fleet share one token per
//     client id: one instance fetches it under a lock held in the store,
//     the others wait for it there, and each keeps it in memory (a warm
//     call does not reach the store). A rejected token is dropped from the
//     store only if it is still the stored one. An unreachable store
//     degrades to one token per instance, logged.

// tokenNamespace names tokens in the shared store (the client id is the
// StoreKey's ID, which redisstore hashes).
const tokenNamespace = "cvsspecialty.token"

// token returns the current access token (httpx.TokenAuth.Token). The
// token belongs to the client id, whatever the request.
func (c *Client) token(ctx context.Context, _ string) (string, error) {
	return c.tokens.Get(ctx, c.clientID)
}

// invalidate drops tok if it is still current (httpx.TokenAuth.Invalidate).
func (c *Client) invalidate(_, tok string) { c.tokens.Invalidate(c.clientID, tok) }

// fetchToken is the credcache fetch: one token request.
func (c *Client) fetchToken(ctx context.Context, _ string) (string, time.Time, error) {
	start := time.Now()
	tok, exp, err := c.requestToken(ctx)
	c.logToken(ctx, start, err)
	return tok, exp, err
}

func (c *Client) requestToken(ctx context.Context) (string, time.Time, error) {
	cfg := clientcredentials.Config{
		ClientID:     c.clientID,
		ClientSecret: c.secret.Reveal(),
		TokenURL:     c.tokenURL,
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, c.tokenHTTP)
	t, err := cfg.Token(ctx)
	if err != nil {
		return "", time.Time{}, tokenFailure(err)
	}
	if tt := strings.TrimSpace(t.TokenType); tt != "" && !strings.EqualFold(tt, "bearer") {
		return "", time.Time{}, &httpx.Permanent{Err: &TokenError{Reason: "token_type is not Bearer"}}
	}
	if checkCredential("access_token", t.AccessToken) != nil {
		return "", time.Time{}, &httpx.Permanent{Err: &TokenError{Reason: "access_token is empty or not usable in a header"}}
	}
	return t.AccessToken, t.Expiry, nil
}

// tokenFailure turns an x/oauth2 error into a *TokenError, wrapped in
// httpx.Permanent when retrying cannot help.
func tokenFailure(err error) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		te := &TokenError{}
		var ae *httpx.AuthError
		if errors.As(httpx.Sanitize(err), &ae) {
			te.HTTPStatus, te.Code = ae.HTTPStatus, ae.Code
		}
		switch st := te.HTTPStatus; {
		case st >= 500, st == http.StatusTooManyRequests, st == http.StatusRequestTimeout:
			return te
		}
		return &httpx.Permanent{Err: te}
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		te := &TokenError{Reason: "request failed", Err: httpx.Sanitize(err)}
		var certErr *tls.CertificateVerificationError
		var unknownCA x509.UnknownAuthorityError
		var hostErr x509.HostnameError
		if errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &hostErr) ||
			strings.Contains(err.Error(), "redirect refused") {
			return &httpx.Permanent{Err: te}
		}
		return te
	}
	// x/oauth2 could not read a token from a 2xx (not JSON, no
	// access_token, an expires_in it cannot parse). Its message may quote
	// the body, so it is dropped.
	return &httpx.Permanent{Err: &TokenError{Reason: "the response is not a usable token"}}
}

// tokenTransport carries token requests over the base transport. It sets
// the User-Agent and, in BasicAuthRaw mode, replaces x/oauth2's
// URL-encoded Basic credentials with the raw ones.
type tokenTransport struct {
	base http.RoundTripper
	c    *Client
}

// RoundTrip implements http.RoundTripper.
func (t *tokenTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	r := req.Clone(req.Context())
	r.Header.Set("User-Agent", t.c.userAgent)
	if t.c.basicAuth == BasicAuthRaw {
		r.SetBasicAuth(t.c.clientID, t.c.secret.Reveal())
	}
	return t.base.RoundTrip(r)
}
