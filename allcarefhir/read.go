package allcarefhir

import (
	"context"
	"net/http"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Read returns the resource of a type with an id (GET {base}/{type}/{id}),
// decoded into its type from this package (as a pointer, such as *Patient)
// or a *RawResource. A 404 is an *Error matching ErrNotFound. A resource
// whose id is not id (or of another type) is refused (ErrWrongResourceID,
// ErrWrongResourceType): it is never handed back. Reads are
// retried on 429, 5xx and transport failures; a 401 gets one fresh token
// and one replay.
func (c *Client) Read(ctx context.Context, resourceType, id string) (Resource, error) {
	return c.read(ctx, "Read", resourceType, id)
}

func (c *Client) read(ctx context.Context, op, typ, id string) (Resource, error) {
	if err := validType(op, typ); err != nil {
		return nil, err
	}
	if err := httpx.PathParam("allcarefhir", op, "id", id); err != nil {
		return nil, err
	}
	req := httpx.Request{Op: op, Method: http.MethodGet, Route: typ + "/{id}", PathParams: []string{id}}
	resp, err := c.pipeline().Do(ctx, &req)
	if err != nil {
		return nil, err
	}
	r, err := decodeBody(resp)
	if err != nil {
		return nil, err
	}
	if r.ResourceType() != typ {
		return nil, unexpected(op, typ, r)
	}
	if r.ResourceID() != id {
		return nil, &UnexpectedResourceError{Op: op, Want: typ, Got: typ, WrongID: true}
	}
	return r, nil
}

// ReadAs is Read for a type of this package named by its type parameter:
//
//	cond, err := allcarefhir.ReadAs[*allcarefhir.Condition](ctx, c, id)
func ReadAs[T Resource](ctx context.Context, c *Client, id string) (T, error) {
	var zero T
	typ := typeOf[T]()
	if typ == "" {
		return zero, errNeedConcrete
	}
	r, err := c.read(ctx, "Read"+typ, typ, id)
	if err != nil {
		return zero, err
	}
	t, ok := r.(T)
	if !ok {
		return zero, unexpected("Read"+typ, typ, r)
	}
	return t, nil
}

// Patient reads the member's Patient resource (use Token.PatientID from
// the login, AllCare's member id).
func (c *Client) Patient(ctx context.Context, id string) (*Patient, error) {
	return ReadAs[*Patient](ctx, c, id)
}

// Coverage reads a Coverage.
func (c *Client) Coverage(ctx context.Context, id string) (*Coverage, error) {
	return ReadAs[*Coverage](ctx, c, id)
}

// ExplanationOfBenefit reads an ExplanationOfBenefit.
func (c *Client) ExplanationOfBenefit(ctx context.Context, id string) (*ExplanationOfBenefit, error) {
	return ReadAs[*ExplanationOfBenefit](ctx, c, id)
}

// Organization reads an Organization (a payer or provider organization).
func (c *Client) Organization(ctx context.Context, id string) (*Organization, error) {
	return ReadAs[*Organization](ctx, c, id)
}

// Practitioner reads a Practitioner.
func (c *Client) Practitioner(ctx context.Context, id string) (*Practitioner, error) {
	return ReadAs[*Practitioner](ctx, c, id)
}

// Capabilities returns the server's CapabilityStatement (GET
// {base}/metadata): the resource types, search parameters, _include values
// and operations it supports.
func (c *Client) Capabilities(ctx context.Context) (*CapabilityStatement, error) {
	req := httpx.Request{Op: "Capabilities", Method: http.MethodGet, Route: "metadata"}
	resp, err := c.pipeline().Do(ctx, &req)
	if err != nil {
		return nil, err
	}
	r, err := decodeBody(resp)
	if err != nil {
		return nil, err
	}
	cs, ok := r.(*CapabilityStatement)
	if !ok {
		return nil, unexpected("Capabilities", "CapabilityStatement", r)
	}
	return cs, nil
}
