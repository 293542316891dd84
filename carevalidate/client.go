package carevalidate

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// CareValidate's API roots. The routes hang from them ("/api/v1/cases").
const (
	// ProductionURL is the production API.
	ProductionURL = "https://api.care360-next.carevalidate.com"
	// StagingURL is the staging API (test cases, test payments).
	StagingURL = "https://api-staging.care360-next.carevalidate.com"
)

// APIKeyHeader carries the organization's secret API key (the docs spell
// it cv-api-key and CV-Api-Key; header names are case-insensitive).
const APIKeyHeader = "Cv-Api-Key"

// Client calls CareValidate's partner REST API. It is safe for concurrent
// use.
type Client struct {
	hc *httpx.Client
}

// NewClient returns a client that authenticates with the organization's
// API key (sent as cv-api-key). It validates its arguments and never
// touches the network. Errors name the argument, never its value.
func NewClient(apiKey string, opts ...Option) (*Client, error) {
	if strings.TrimSpace(apiKey) == "" {
		return nil, errors.New("carevalidate: NewClient: apiKey is empty")
	}
	if !validCredential(apiKey) {
		return nil, errors.New("carevalidate: NewClient: apiKey contains spaces or control characters")
	}
	o := options{}
	if err := o.apply(opts); err != nil {
		return nil, err
	}
	key := redact.NewSecret(apiKey)
	root := o.BaseURL
	if root == "" {
		root = ProductionURL
	}
	var host string
	if u, err := url.Parse(strings.TrimSpace(root)); err == nil {
		host = u.Host
	}
	hc, err := httpx.New(httpx.Config{
		Provider:       "carevalidate",
		DefaultBaseURL: ProductionURL,
		DecodeError:    decodeError,
		Auth: func(base http.RoundTripper) http.RoundTripper {
			return &authTransport{base: base, host: host, apiKey: key}
		},
	}, o.Options)
	if err != nil {
		return nil, err
	}
	return &Client{hc: hc}, nil
}

// BaseURL returns the API root in use.
func (c *Client) BaseURL() string {
	if u := c.pipeline().BaseURL(); u != nil {
		return strings.TrimSuffix(u.String(), "/")
	}
	return ""
}

// pipeline returns the client's pipeline; for a nil or zero-value Client,
// one that refuses every call before sending (rxbridge.ErrInvalidInput,
// named after this package).
func (c *Client) pipeline() *httpx.Client {
	if c == nil || c.hc == nil {
		return httpx.Unusable("carevalidate")
	}
	return c.hc
}

// authTransport puts the credential on requests to the API host: the
// per-call bearer token when the call has one (the Case Products API),
// else the API key. Other hosts (a redirect's target) get neither.
type authTransport struct {
	base   http.RoundTripper
	host   string
	apiKey redact.Secret
}

// RoundTrip implements http.RoundTripper.
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Host, t.host) {
		return t.base.RoundTrip(req)
	}
	r := req.Clone(req.Context())
	if tok := httpx.CredentialKey(req); tok != "" {
		r.Header["Authorization"] = []string{"Bearer " + tok}
	} else {
		r.Header[APIKeyHeader] = []string{t.apiKey.Reveal()}
	}
	return t.base.RoundTrip(r)
}

// validCredential rejects values that cannot travel in a header.
func validCredential(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f {
			return false
		}
	}
	return true
}

// responseBody is a decoded success body that carries the common envelope.
type responseBody interface{ env() *envelope }

// call sends r and decodes a 2xx body into out, turning a body that says
// success:false into an *Error. A success is returned only when the answer
// is the documented one: r.Expect (run here, after the envelope, so that
// a success:false answer stays the upstream's error) and, when out
// implements documented, the member it names. Otherwise the error is
// resp.Unexpected: ErrDecode, and ErrOutcomeUnknown for a request that is
// not idempotent (CareValidate may have acted; the caller must look before
// repeating it).
func (c *Client) call(ctx context.Context, r *httpx.Request, out responseBody) (*httpx.Response, error) {
	want := r.Expect
	r.Expect = nil
	resp, err := c.pipeline().Do(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := httpx.DecodeJSON(resp, out); err != nil {
		return nil, err
	}
	if env := out.env(); env.failed() {
		return nil, envelopeError(resp, env)
	}
	if want != nil {
		if cause := want(resp); cause != nil {
			return nil, resp.Unexpected(cause)
		}
	}
	if d, ok := out.(documented); ok {
		if m := d.missing(); m != "" {
			return nil, resp.Unexpected(&httpx.ShapeError{Want: m})
		}
	}
	return resp, nil
}

// jsonBody marshals a request body; a failure (an answer that cannot be
// JSON) is an invalid argument, and nothing is sent.
func jsonBody(op string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, invalidArg(op, "request body cannot be encoded as JSON")
	}
	return b, nil
}
