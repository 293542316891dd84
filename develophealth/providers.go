package develophealth

import (
	"context"
	"encoding/json"
	"net/http"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
)

// AuthorizeProviderRequest is the spec schema AuthorizeProviderRequest:
// start the authorization of a prescriber, who then signs a form. Until
// they do, prior authorizations for the NPI fail with
// ErrProviderNotAuthorized.
type AuthorizeProviderRequest struct {
	NPI         string           `json:"npi"`
	FirstName   string           `json:"first_name"`
	LastName    string           `json:"last_name"`
	Email       string           `json:"email,omitzero"`
	FaxNumber   string           `json:"fax_number,omitzero"`
	PhoneNumber string           `json:"phone_number,omitzero"`
	Address     *OptionalAddress `json:"address,omitzero"`
}

// AuthorizedProvider is a provider whose authorization is complete or
// pending (spec schema
// api__schemas__platform__public_api__provider__AuthorizedProviderResponse).
type AuthorizedProvider struct {
	NPI         string           `json:"npi"`
	FirstName   string           `json:"first_name"`
	LastName    string           `json:"last_name"`
	Email       string           `json:"email,omitzero"`
	FaxNumber   string           `json:"fax_number,omitzero"`
	PhoneNumber string           `json:"phone_number,omitzero"`
	Address     *OptionalAddress `json:"address,omitzero"`
	// SignedAt is when the provider signed the form; nil while pending.
	SignedAt *rxbridge.DateTime `json:"signed_at,omitzero"`
}

// Pending reports a provider who has not signed the form yet.
func (p AuthorizedProvider) Pending() bool { return p.SignedAt == nil || !p.SignedAt.Valid() }

// ProviderLookupRequest is the spec schema ProviderLookupRequest: look up
// an NPI, or search by LastName (with optional FirstName and State).
type ProviderLookupRequest struct {
	NPI       string `json:"npi,omitzero"`
	FirstName string `json:"first_name,omitzero"`
	LastName  string `json:"last_name,omitzero"`
	// State is a two-letter abbreviation.
	State string `json:"state,omitzero"`
}

// ProviderLookupResponse is the spec schema ProviderLookupResponse. With
// status active, Individual is set; deactivated sets Individual (the old
// record) and Candidates (active replacements, possibly none); not_found
// and registry_error set neither; a name search answers search_results
// with Candidates.
type ProviderLookupResponse struct {
	Status     ProviderLookupStatus `json:"status"`
	Individual *ProviderIdentity    `json:"individual,omitzero"`
	Candidates []ProviderIdentity   `json:"candidates,omitzero"`
}

// ProviderIdentity is the spec schema ProviderIdentitySchema: a provider
// as the NPI registry knows them.
type ProviderIdentity struct {
	NPI        string `json:"npi"`
	FirstName  string `json:"first_name"`
	LastName   string `json:"last_name"`
	MiddleName string `json:"middle_name,omitzero"`
	NamePrefix string `json:"name_prefix,omitzero"`
	NameSuffix string `json:"name_suffix,omitzero"`
	Credential string `json:"credential,omitzero"`
	// Status is the registry status: "A" (active) or "D" (deactivated).
	Status          string           `json:"status"`
	PracticeAddress *OptionalAddress `json:"practice_address,omitzero"`
	// Addresses are every practice location, in the registry's order.
	Addresses []PracticeLocation `json:"addresses,omitzero"`
}

// PracticeLocation is the spec schema PracticeLocation.
type PracticeLocation struct {
	Address OptionalAddress `json:"address"`
	Phone   string          `json:"phone,omitzero"`
	Fax     string          `json:"fax,omitzero"`
}

// AuthorizeProvider starts a provider's authorization
// (POST /provider/authorize). It sends the provider a form, so it is never
// retried once it may have been sent: on ErrOutcomeUnknown, look for the
// NPI in ListAuthorizedProviders. A repeat answers
// ErrProviderAuthorizationAlreadyInitiated.
func (c *Client) AuthorizeProvider(ctx context.Context, req *AuthorizeProviderRequest) error {
	if req == nil {
		return nilRequest(opAuthorizeProvider)
	}
	body, err := jsonBody(opAuthorizeProvider, req)
	if err != nil {
		return err
	}
	return send(ctx, c, &httpx.Request{
		Op: opAuthorizeProvider, Method: http.MethodPost, Route: "provider/authorize",
		Body: body, Idempotency: httpx.NotIdempotent,
	})
}

// ListAuthorizedProviders returns every authorized or pending provider of
// the organization (GET /authorized-providers; the API does not page).
func (c *Client) ListAuthorizedProviders(ctx context.Context) ([]AuthorizedProvider, error) {
	list, err := getData[[]AuthorizedProvider](ctx, c, &httpx.Request{
		Op: opListAuthorizedProviders, Method: http.MethodGet, Route: "authorized-providers",
	})
	if err != nil {
		return nil, err
	}
	return *list, nil
}

// LookupProvider looks a provider up in the NPI registry by NPI or by
// name and state (POST /provider/lookup). It only reads, so it is retried.
func (c *Client) LookupProvider(ctx context.Context, req *ProviderLookupRequest) (*ProviderLookupResponse, error) {
	if req == nil {
		return nil, nilRequest(opLookupProvider)
	}
	body, err := jsonBody(opLookupProvider, req)
	if err != nil {
		return nil, err
	}
	return getData[ProviderLookupResponse](ctx, c, &httpx.Request{
		Op: opLookupProvider, Method: http.MethodPost, Route: "provider/lookup",
		Body: body, Idempotency: httpx.Idempotent,
	})
}

// APIStatus is the data of GET /status.
type APIStatus struct {
	// Status is the envelope's status ("success").
	Status string `json:"-"`
	// Message is the API's status text ("API is operational").
	Message string `json:"message,omitzero"`
	// Data is the data as received (the spec does not type it).
	Data json.RawMessage `json:"-"`
}

// Status checks the API (GET /status). Success proves the API answers and
// the token is accepted, not which organization (sandbox or production)
// the token belongs to.
func (c *Client) Status(ctx context.Context) (*APIStatus, error) {
	resp, err := c.pipeline().Do(ctx, &httpx.Request{Op: opStatus, Method: http.MethodGet, Route: "status"})
	if err != nil {
		return nil, err
	}
	var env envelope[json.RawMessage]
	if err := httpx.DecodeJSON(resp, &env); err != nil {
		return nil, err
	}
	if err := envelopeFailure(resp, env.Status); err != nil {
		return nil, err
	}
	st := &APIStatus{Status: env.Status}
	if env.Data != nil {
		st.Data = *env.Data
		if msg, ok := jsoncodec.Member(st.Data, "message"); ok {
			st.Message = jsoncodec.StringValue(msg)
		}
	}
	return st, nil
}
