package develophealth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// DefaultBaseURL is the API root used when rxbridge.WithBaseURL is not given.
const DefaultBaseURL = "https://api.develophealth.ai"

// provider names this package in errors and logs.
const provider = "develophealth"

// Operation names, as they appear in logs and errors.
const (
	opCreatePriorAuth            = "CreatePriorAuthorization"
	opGetPriorAuth               = "GetPriorAuthorization"
	opCancelPriorAuth            = "CancelPriorAuthorization"
	opSubmitPriorAuthFeedback    = "SubmitPriorAuthFeedback"
	opUpdateNDPSubmission        = "UpdateNDPSubmission"
	opCancelPrescriptionTransfer = "CancelPrescriptionTransfer"
	opCreateBenefitVerification  = "CreateBenefitVerification"
	opGetBenefitVerification     = "GetBenefitVerification"
	opCancelBenefitVerification  = "CancelBenefitVerification"
	opCreateClinicalQual         = "CreateClinicalQualification"
	opGetClinicalQual            = "GetClinicalQualification"
	opAuthorizeProvider          = "AuthorizeProvider"
	opListAuthorizedProviders    = "ListAuthorizedProviders"
	opLookupProvider             = "LookupProvider"
	opStatus                     = "Status"
)

// Client calls the Develop Health API. It is safe for concurrent use; make
// one per API token and reuse it.
type Client struct {
	hc *httpx.Client
}

// NewClient returns a client that authenticates with apiToken (the bearer
// token generated in the Develop Health platform; a sandbox organization's
// token reaches its sandbox). It validates its arguments and never touches
// the network.
func NewClient(apiToken string, opts ...Option) (*Client, error) {
	var o options
	applyErr := o.apply(opts)
	tok := strings.TrimSpace(apiToken)
	switch {
	case tok == "":
		return nil, errors.New("develophealth: NewClient: apiToken is empty")
	case strings.ContainsAny(tok, "\r\n\x00"):
		return nil, errors.New("develophealth: NewClient: apiToken contains a control character")
	}
	if err := applyErr; err != nil {
		return nil, err
	}
	base := o.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return nil, errors.New("develophealth: NewClient: invalid base URL")
	}
	// The bearer token goes on requests to the API host only (HeaderAuth
	// checks the host), so it never follows a request elsewhere.
	authHeader := http.Header{"Authorization": {"Bearer " + tok}}
	hc, err := httpx.New(httpx.Config{
		Provider:       provider,
		DefaultBaseURL: DefaultBaseURL,
		DecodeError:    decodeError,
		Auth: func(rt http.RoundTripper) http.RoundTripper {
			return &httpx.HeaderAuth{Base: rt, Host: u.Host, Header: authHeader}
		},
	}, o.Options)
	if err != nil {
		return nil, err
	}
	return &Client{hc: hc}, nil
}

// BaseURL returns the API root the client calls.
func (c *Client) BaseURL() string {
	if u := c.pipeline().BaseURL(); u != nil {
		return u.String()
	}
	return ""
}

// pipeline returns the client's pipeline; for a nil or zero-value Client,
// one that refuses every call before sending (rxbridge.ErrInvalidInput,
// named after this package).
func (c *Client) pipeline() *httpx.Client {
	if c == nil || c.hc == nil {
		return httpx.Unusable("develophealth")
	}
	return c.hc
}

// envelope is the {status, error, data} wrapper of every JSON answer
// (ApiResponse in the spec), decoded in one pass into the caller's type.
// Its error member is read by fillError from the body when status says
// "error".
type envelope[T any] struct {
	Status string `json:"status"`
	Data   *T     `json:"data"`
}

// errNoData is the decode error of a success envelope without data.
var errNoData = errors.New("the response envelope has no data")

// getData sends r and returns the envelope's data.
func getData[T any](ctx context.Context, c *Client, r *httpx.Request) (*T, error) {
	resp, err := c.pipeline().Do(ctx, r)
	if err != nil {
		return nil, err
	}
	var env envelope[T]
	if err := httpx.DecodeJSON(resp, &env); err != nil {
		return nil, err
	}
	if err := envelopeFailure(resp, env.Status); err != nil {
		return nil, err
	}
	if err := checkData(resp, env.Data, env.Data != nil); err != nil {
		return nil, err
	}
	return env.Data, nil
}

// send sends r and checks the envelope of an answer that carries no data.
// For a call that may be repeated, an empty body (the 204 of a benefit
// verification cancel) is fine; one that changes something is done only
// on the documented {"status":"success"} (else ErrOutcomeUnknown).
func send(ctx context.Context, c *Client, r *httpx.Request) error {
	resp, err := c.pipeline().Do(ctx, r)
	if err != nil {
		return err
	}
	once := r.Idempotency == httpx.NotIdempotent
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		if once {
			return resp.Unexpected(statusWant)
		}
		return nil
	}
	var env envelope[json.RawMessage]
	if err := httpx.DecodeJSON(resp, &env); err != nil {
		return err
	}
	if err := envelopeFailure(resp, env.Status); err != nil {
		return err
	}
	if once && env.Status != "success" {
		return resp.Unexpected(statusWant)
	}
	return nil
}

// envelopeFailure turns a 2xx envelope that says "error" into an *Error.
func envelopeFailure(resp *httpx.Response, status string) error {
	if status != "error" {
		return nil
	}
	e := &Error{APIError: resp.ErrorBase()}
	fillError(e, resp.Body)
	return e
}

// jsonBody encodes a request body; a failure is an ErrInvalidInput.
func jsonBody(op string, v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, apierr.Input(provider, op, "cannot encode the request: "+err.Error())
	}
	return b, nil
}

// pathID checks an id that fills a path placeholder.
func pathID(op, field, id string) error {
	return httpx.PathParam(provider, op, field, id)
}

// nilRequest is the error for a nil request struct.
func nilRequest(op string) error {
	return apierr.Input(provider, op, "the request is nil")
}
