package allcarefhir

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// The token endpoint's requests (the code exchange and the refresh) are
// built and parsed by x/oauth2 but sent through the SDK's pipeline, so they
// follow the README's rules for non-idempotent requests: a code is
// single-use and a refresh token may rotate, so neither is ever sent twice
// once it may have reached the server. A 429 is retried (the server refused
// it before acting); a reset, a timeout, a truncated or unreadable 2xx, a
// 2xx over the size limit, or a 5xx after the request was sent ends the
// call with an error matching ErrOutcomeUnknown; other statuses are an
// *Error with the OAuth error code. The calls are logged like every other
// (operation, route template, status, timing; never the form, the
// credentials or the tokens).

// tokenOpKey carries the operation name of a token request ("Exchange",
// "Refresh") through x/oauth2 to the transport.
type tokenOpKey struct{}

// endpointTransport carries the requests of a library's *http.Client
// through the pipeline: x/oauth2's token requests and go-oidc's key-set
// fetch, which go to endpoints named by the discovery document rather
// than to a base URL of ours.
type endpointTransport struct {
	hx *httpx.Client
	// route names the endpoint in logs and errors (its path); op names
	// the call unless the request's context names it (withTokenOp).
	route, op   string
	idempotency httpx.Idempotency
	accept      string
	// check, when set, vets a 2xx before it is handed back; it may adjust
	// the (copied) response header.
	check func(*httpx.Response) error
}

// newEndpointClient returns an *http.Client whose requests to endpoint go
// through t (its hx and route are filled here): the pipeline with the
// Login's options and transport, no redirects (a token endpoint does not
// redirect; a POST must not become a GET elsewhere).
func newEndpointClient(endpoint string, o httpx.Options, transport http.RoundTripper, decodeError func(*httpx.Response) error, t endpointTransport) (*http.Client, error) {
	u, err := url.Parse(endpoint)
	if err != nil || u.Host == "" {
		return nil, errors.New("allcarefhir: " + t.op + " endpoint is not an absolute URL")
	}
	hc := &http.Client{Timeout: httpx.DefaultAttemptTimeout}
	if o.HTTPClient != nil {
		cp := *o.HTTPClient
		hc = &cp
	}
	hc.Transport = transport
	hc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	o.HTTPClient = hc
	o.BaseURL = ""
	t.hx, err = httpx.New(httpx.Config{
		Provider:       "allcarefhir",
		DefaultBaseURL: u.Scheme + "://" + u.Host + "/",
		DecodeError:    decodeError,
	}, o)
	if err != nil {
		return nil, err
	}
	if t.route = strings.TrimPrefix(u.EscapedPath(), "/"); t.route == "" {
		t.route = "(" + t.op + " endpoint)"
	}
	return &http.Client{Transport: &t}, nil
}

// newTokenClient returns the *http.Client for x/oauth2's token requests to
// endpoint: each is sent once (never repeated once it may have been sent),
// and a 2xx must be a JSON object.
func newTokenClient(endpoint string, o httpx.Options, transport http.RoundTripper) (*http.Client, error) {
	return newEndpointClient(endpoint, o, transport, decodeOAuthError,
		endpointTransport{op: "Token", idempotency: httpx.NotIdempotent, check: checkTokenResponse})
}

// withTokenOp names the token request made with ctx.
func withTokenOp(ctx context.Context, op string) context.Context {
	return context.WithValue(ctx, tokenOpKey{}, op)
}

// RoundTrip sends the request once through the pipeline (which retries it
// under the rules of t.idempotency) and hands back a 2xx that passed
// t.check; every other outcome is the pipeline's error.
func (t *endpointTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
	}
	op, _ := req.Context().Value(tokenOpKey{}).(string)
	if op == "" {
		op = t.op
	}
	h := req.Header.Clone()
	ct := h.Get("Content-Type")
	h.Del("Content-Type")
	resp, err := t.hx.Do(req.Context(), &httpx.Request{
		Op: op, Method: req.Method, URL: req.URL.String(), Route: t.route,
		Header: h, Body: body, ContentType: ct, Accept: t.accept, Idempotency: t.idempotency,
	})
	if err != nil {
		return nil, err
	}
	resp.Header = resp.Header.Clone()
	if t.check != nil {
		if err := t.check(resp); err != nil {
			return nil, err
		}
	}
	return &http.Response{
		Status: strconv.Itoa(resp.StatusCode) + " " + http.StatusText(resp.StatusCode), StatusCode: resp.StatusCode,
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: resp.Header,
		Body: io.NopCloser(bytes.NewReader(resp.Body)), ContentLength: int64(len(resp.Body)), Request: req,
	}, nil
}

// checkTokenResponse accepts a token endpoint's 2xx only as a JSON object
// (OIDC Core 3.1.3.3), labelling it JSON whatever it was labelled. A 2xx
// that is not one (a gateway's page, an empty body) is an answer lost
// after the server acted: the code is spent, the refresh token may have
// rotated.
func checkTokenResponse(resp *httpx.Response) error {
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		err := &httpx.DecodeError{Provider: resp.Provider, Op: resp.Op, Method: resp.Method, Route: resp.Route, StatusCode: resp.StatusCode,
			ContentType: apierr.Excerpt(resp.ContentType(), 100), Err: errors.New("empty token response")}
		return &httpx.OutcomeUnknownError{Provider: resp.Provider, Op: resp.Op, Method: resp.Method, Route: resp.Route,
			Attempts: resp.Attempts, Err: err}
	}
	var obj map[string]json.RawMessage
	if err := httpx.DecodeJSON(resp, &obj); err != nil {
		return err
	}
	resp.Header.Set("Content-Type", "application/json")
	return nil
}

// decodeOAuthError builds the *Error of a non-2xx answer of the
// authorization server (discovery, token endpoint): the RFC 6749 error code
// as Code (kept only when it is a plain token) and error_description as
// Message (it can repeat what was sent: treat it as PHI).
func decodeOAuthError(resp *httpx.Response) error {
	e := &Error{APIError: resp.ErrorBase()}
	e.Meaning = oauthStatusMeaning(resp.StatusCode)
	var body struct {
		Error       json.RawMessage `json:"error"`
		Description json.RawMessage `json:"error_description"`
	}
	b := bytes.TrimSpace(bytes.TrimPrefix(resp.Body, []byte("\xef\xbb\xbf")))
	if len(b) > 0 && b[0] == '{' && jsoncodec.Unmarshal(b, &body) == nil {
		var code, desc string
		if jsoncodec.UnmarshalValid(body.Error, &code) == nil && safeCode(code) == code {
			e.Code = code
		}
		if jsoncodec.UnmarshalValid(body.Description, &desc) == nil {
			e.Message = apierr.Excerpt(desc, 2048)
		}
	}
	return e
}

// oauthStatusMeaning is fixed text for the authorization server's statuses.
func oauthStatusMeaning(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "the authorization server refused the request"
	case http.StatusUnauthorized:
		return "client authentication failed"
	case http.StatusTooManyRequests:
		return "rate limited"
	}
	if status >= 500 {
		return "the authorization server failed; try again later"
	}
	return ""
}

// refusedGrant reports a token endpoint answer that refuses the grant
// itself (invalid_grant, or a 4xx other than a rate limit or a timeout):
// the member must authorize again. A lost answer is not one.
func refusedGrant(err error) bool {
	if errors.Is(err, ErrOutcomeUnknown) {
		return false
	}
	var e *Error
	if errors.As(err, &e) {
		st := e.HTTPStatus
		return e.Code == "invalid_grant" || st >= 400 && st < 500 && st != http.StatusTooManyRequests && st != http.StatusRequestTimeout
	}
	var ae *httpx.AuthError
	return errors.As(err, &ae) && ae.Code == "invalid_grant"
}
