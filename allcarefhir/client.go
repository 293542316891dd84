package allcarefhir

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"

	"golang.org/x/oauth2"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Tenants. AllCare runs one authorization server (portal) per member
// population. Only the CCO FHIR base is documented; set the Advantage one
// with rxbridge.WithBaseURL.
const (
	// CCOIssuer is the authorization server of CCO (Medicaid) members.
	CCOIssuer = "https://ccoportal.allcarehealth.com"
	// AdvantageIssuer is the authorization server of AllCare Advantage
	// (Medicare) members.
	AdvantageIssuer = "https://advportal.allcarehealth.com"
	// CCOFHIRBaseURL is the Patient Access FHIR base of CCO members, the
	// default of NewClient.
	CCOFHIRBaseURL = "https://interop-cco.api.allcarehealth.com"
)

// FHIRContentType is what the client asks for and expects.
const FHIRContentType = "application/fhir+json"

// Client reads a member's data from the AllCare Patient Access FHIR R4
// server. It is safe for concurrent use.
type Client struct {
	hc       *httpx.Client
	ts       oauth2.TokenSource
	maxPages int
}

// ContextTokenSource is an oauth2.TokenSource that can also take a context
// and drop a token the server rejected, so the client can refresh once on a
// 401. *TokenSource (from Login.TokenSource) implements it. A plain
// oauth2.TokenSource also works: on a 401 the client asks it again once.
type ContextTokenSource interface {
	oauth2.TokenSource
	TokenContext(ctx context.Context) (*oauth2.Token, error)
	Invalidate(accessToken string)
}

// NewClient returns a client that authenticates with the member's access
// token from ts (Login.TokenSource after the member's consent, or
// oauth2.StaticTokenSource with a token you hold). The FHIR base is
// CCOFHIRBaseURL unless rxbridge.WithBaseURL says otherwise. It never touches the
// network.
func NewClient(ts oauth2.TokenSource, opts ...Option) (*Client, error) {
	if ts == nil || (reflect.ValueOf(ts).Kind() == reflect.Pointer && reflect.ValueOf(ts).IsNil()) {
		return nil, errors.New("allcarefhir: NewClient: token source is nil")
	}
	o := options{maxPages: DefaultMaxPages}
	if err := o.apply(opts); err != nil {
		return nil, err
	}
	base := o.BaseURL
	if base == "" {
		base = CCOFHIRBaseURL
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, errors.New("allcarefhir: NewClient: base URL is not a URL")
	}
	c := &Client{ts: ts, maxPages: o.maxPages}
	c.hc, err = httpx.New(httpx.Config{
		Provider:       "allcarefhir",
		DefaultBaseURL: CCOFHIRBaseURL,
		Accept:         FHIRContentType,
		DecodeError:    decodeError,
		Auth: func(rt http.RoundTripper) http.RoundTripper {
			return &httpx.TokenAuth{
				Base:       rt,
				Host:       u.Host,
				Token:      c.token,
				Invalidate: c.invalidate,
				Apply:      func(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) },
			}
		},
	}, o.Options)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// BaseURL returns the FHIR base URL (with a trailing slash).
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
		return httpx.Unusable("allcarefhir")
	}
	return c.hc
}

// token returns the access token for a request.
func (c *Client) token(ctx context.Context, _ string) (string, error) {
	var tok *oauth2.Token
	var err error
	if cs, ok := c.ts.(ContextTokenSource); ok {
		tok, err = cs.TokenContext(ctx)
	} else {
		tok, err = c.ts.Token()
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			return "", &httpx.Permanent{Err: ctxErr}
		}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && (re.Response == nil || re.Response.StatusCode < 500) {
			return "", &httpx.Permanent{Err: fmt.Errorf("%w: %w", ErrReauthorizationRequired, httpx.Sanitize(err))}
		}
		if errors.Is(err, ErrReauthorizationRequired) {
			return "", &httpx.Permanent{Err: err}
		}
		var le *LoginError
		if errors.As(err, &le) {
			// A failed refresh (TokenSource) had its own retries, and one
			// whose answer was lost must not be sent again: the refresh
			// token may have rotated. The call ends with its error.
			return "", &httpx.Permanent{Err: err}
		}
		return "", httpx.Sanitize(err)
	}
	if tok == nil || tok.AccessToken == "" {
		return "", &httpx.Permanent{Err: ErrReauthorizationRequired}
	}
	return tok.AccessToken, nil
}

// invalidate drops a token the server rejected.
func (c *Client) invalidate(_, token string) {
	if cs, ok := c.ts.(ContextTokenSource); ok {
		cs.Invalidate(token)
	}
}

// validType checks a resource type name before it goes into a route: op's
// refusal (ErrInvalidInput) when it cannot be one.
func validType(op, typ string) error {
	if typ == "" || typ[0] < 'A' || typ[0] > 'Z' || len(typ) > 64 {
		return apierr.Input("allcarefhir", op, "invalid resource type name")
	}
	for i := 0; i < len(typ); i++ {
		if c := typ[i]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return apierr.Input("allcarefhir", op, "invalid resource type name")
		}
	}
	return nil
}

// typeOf returns the FHIR type name of a concrete resource type parameter
// (*Patient → "Patient"), or "" for an interface.
func typeOf[T Resource]() string {
	rt := reflect.TypeFor[T]()
	if rt.Kind() != reflect.Pointer || rt.Elem().Kind() != reflect.Struct {
		return ""
	}
	return reflect.New(rt.Elem()).Interface().(Resource).ResourceType()
}

// decodeBody decodes a 2xx FHIR body into a resource.
func decodeBody(resp *httpx.Response) (Resource, error) {
	b := resp.Body
	if len(b) >= 3 && b[0] == 0xef && b[1] == 0xbb && b[2] == 0xbf {
		b = b[3:]
	}
	r, err := DecodeResource(b)
	if err != nil {
		return nil, &httpx.DecodeError{Provider: resp.Provider, Op: resp.Op, Method: resp.Method, Route: resp.Route, StatusCode: resp.StatusCode,
			ContentType: excerpt(resp.ContentType(), 100), Err: err}
	}
	return r, nil
}

func excerpt(s string, n int) string {
	if len(s) > n {
		s = s[:n]
	}
	return strings.ToValidUTF8(s, "")
}

// UnexpectedResourceError reports a 2xx response holding another resource
// type than the one asked for (an OperationOutcome instead of a Patient),
// or, for a read, a resource whose id is not the one read (WrongID): FHIR
// requires a read to return the resource with the requested id, and
// anything else may be another member's record, so it is never returned.
type UnexpectedResourceError struct {
	Op   string
	Want string
	Got  string
	// WrongID is set when the type is right but the id is not the one read
	// (or is missing). The ids are not kept: they may identify a member.
	WrongID bool
	// Outcome is set when the server answered with an OperationOutcome.
	Outcome *OperationOutcome
}

// Error implements the error interface.
func (e *UnexpectedResourceError) Error() string {
	if e == nil {
		return "allcarefhir: the server answered with another resource"
	}
	if e.WrongID {
		return "allcarefhir: " + e.Op + ": the server answered with a " + e.Got + " whose id is not the one read"
	}
	return "allcarefhir: " + e.Op + ": the server answered with a " + e.Got + ", not a " + e.Want
}

// Is makes errors.Is(err, ErrWrongResourceType) true, or
// errors.Is(err, ErrWrongResourceID) for a WrongID error.
func (e *UnexpectedResourceError) Is(target error) bool {
	if e == nil {
		return target == ErrWrongResourceType
	}
	if e.WrongID {
		return target == ErrWrongResourceID
	}
	return target == ErrWrongResourceType
}

func unexpected(op, want string, r Resource) error {
	e := &UnexpectedResourceError{Op: op, Want: want, Got: r.ResourceType()}
	if validType("", e.Got) != nil {
		e.Got = "resource of another type"
	}
	e.Outcome, _ = r.(*OperationOutcome)
	return e
}
