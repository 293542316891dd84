package httpx

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/google/go-querystring/query"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// Idempotency says whether a request may be sent more than once.
type Idempotency uint8

const (
	// ByMethod treats GET, HEAD, OPTIONS, PUT and DELETE as idempotent and
	// everything else (POST, PATCH) as not idempotent.
	ByMethod Idempotency = iota
	// Idempotent marks a request that may be repeated safely, such as a POST
	// that only reads (CVS status, a FHIR _search).
	Idempotent
	// NotIdempotent marks a request that must never be repeated once it may
	// have reached the server (a refill, a prior authorization, an intake),
	// whatever its method.
	NotIdempotent
)

// resolve reports whether a request with this mark and method is idempotent.
func (i Idempotency) resolve(method string) bool {
	switch i {
	case Idempotent:
		return true
	case NotIdempotent:
		return false
	}
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	return false
}

// Request describes one API call. Providers fill it from their typed request
// structs; it never leaves the SDK.
type Request struct {
	// Op names the operation for logs ("Submit", "RefillPrescription").
	Op string
	// Method is the HTTP method.
	Method string
	// Route is the path template relative to the client's base URL, for
	// example "prescription/rxrefill/{id}". Logs and errors show it, never
	// the filled path. It must not start with a slash.
	Route string
	// PathParams fill the {...} placeholders of Route, in order. Each is
	// escaped with url.PathEscape; empty values, "." and ".." are rejected.
	PathParams []string
	// URL, when set, is an absolute URL used in place of Route (a FHIR
	// Bundle's next link). It must have the base URL's scheme and host.
	URL string
	// Query is nil, a url.Values, or a struct with `url` tags encoded by
	// go-querystring.
	Query any
	// Header holds per-request headers. Their values are never logged.
	Header http.Header
	// Body is the request body, sent unchanged on every attempt.
	Body []byte
	// BodyFunc, for large uploads, returns a fresh reader of the body for
	// every attempt. BodyLength is its length, or -1 if unknown.
	BodyFunc   func() (io.Reader, error)
	BodyLength int64
	// ContentType defaults to application/json when there is a body.
	ContentType string
	// Accept defaults to the client's Accept (application/json).
	Accept string
	// Idempotency decides the retry rules; see Idempotency.
	Idempotency Idempotency
	// CredentialKey selects the credential an auth transport applies, for
	// providers with one credential per end user (an MHV veteran). It is
	// never logged.
	CredentialKey string
	// Expect, when set, checks that a 2xx answer is the operation's
	// documented success (ExpectMembers, or the provider's own check of
	// resp.Body). Do runs it on every 2xx; an error it returns becomes
	// resp.Unexpected(err): a *DecodeError, and for a non-idempotent
	// request an *OutcomeUnknownError, never a success.
	Expect func(resp *Response) error
}

// ErrBadRequest (rxbridge.ErrInvalidInput) is returned, wrapped, when a
// Request cannot be built: a bad path parameter, an unencodable query, a
// foreign absolute URL. Nothing was sent.
var ErrBadRequest = rxbridge.ErrInvalidInput

// CheckContext refuses a nil ctx (an *apierr.InputError naming provider
// and op, matching ErrBadRequest), for the entries that do work (a store,
// a lock) before they reach Do.
func CheckContext(ctx context.Context, provider, op string) error {
	if ctx == nil {
		return apierr.Input(provider, op, "nil context.Context")
	}
	return nil
}

// CheckCall refuses a call, before anything is sent, on a nil ctx (never
// replaced by context.Background(): a caller who passed nil has lost the
// deadline and cancellation they meant to give) or a pipeline that New did
// not build (a provider's zero-value or nil Client: see Unusable). Do runs
// it first; a provider entry that does work before reaching Do runs it
// itself. The error is an *apierr.InputError naming the provider and op;
// it matches ErrBadRequest (rxbridge.ErrInvalidInput).
func CheckCall(ctx context.Context, c *Client, op string) error {
	if err := CheckContext(ctx, c.Provider(), op); err != nil {
		return err
	}
	if c == nil || c.base == nil {
		return apierr.Input(c.Provider(), op, "the Client was not made by NewClient")
	}
	return nil
}

// Unusable returns the pipeline of a provider's nil or zero-value Client:
// it sends nothing, and every call on it is refused (CheckCall) with an
// error that names the provider.
func Unusable(provider string) *Client { return &Client{provider: provider} }

// buildURL joins the base URL, the route with its escaped parameters and the
// encoded query. The result is never logged.
func (c *Client) buildURL(r *Request) (string, error) {
	var b strings.Builder
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		if err != nil || !u.IsAbs() {
			return "", apierr.Input(c.provider, r.Op, "link is not an absolute URL")
		}
		if !strings.EqualFold(u.Scheme, c.base.Scheme) || !strings.EqualFold(u.Host, c.base.Host) {
			return "", apierr.Input(c.provider, r.Op, "link points to another host")
		}
		if hasDotSegment(u.EscapedPath()) {
			return "", apierr.Input(c.provider, r.Op, "link contains a dot segment")
		}
		b.WriteString(u.String())
	} else {
		b.Grow(len(c.baseStr) + len(r.Route) + 32)
		b.WriteString(c.baseStr)
		if err := expandRoute(&b, r.Route, r.PathParams); err != nil {
			return "", apierr.Input(c.provider, r.Op, err.Error())
		}
	}
	q, err := encodeQuery(r.Query)
	if err != nil {
		return "", apierr.Input(c.provider, r.Op, "query: "+err.Error())
	}
	if q != "" {
		if strings.Contains(b.String(), "?") {
			b.WriteByte('&')
		} else {
			b.WriteByte('?')
		}
		b.WriteString(q)
	}
	return b.String(), nil
}

// expandRoute writes route with each {name} replaced by the next escaped
// parameter. Errors name the placeholder, never the value.
func expandRoute(b *strings.Builder, route string, params []string) error {
	if strings.HasPrefix(route, "/") {
		return errors.New("route must be relative to the base URL")
	}
	if hasDotSegment(route) {
		return errors.New("route contains a dot segment")
	}
	n := 0
	for {
		i := strings.IndexByte(route, '{')
		if i < 0 {
			break
		}
		j := strings.IndexByte(route[i:], '}')
		if j < 0 {
			return errors.New("route has an unclosed placeholder")
		}
		name := route[i+1 : i+j]
		if n >= len(params) {
			return fmt.Errorf("no value for path parameter {%s}", name)
		}
		p := params[n]
		n++
		if p == "" || p == "." || p == ".." {
			return fmt.Errorf("path parameter {%s} is empty or a dot segment", name)
		}
		b.WriteString(route[:i])
		b.WriteString(url.PathEscape(p))
		route = route[i+j+1:]
	}
	if n != len(params) {
		return errors.New("more path parameters than placeholders")
	}
	b.WriteString(route)
	return nil
}

// hasDotSegment reports whether a slash-separated path has a "." or ".."
// segment (escaped or not). It allocates nothing.
func hasDotSegment(p string) bool {
	for p != "" {
		seg := p
		if i := strings.IndexByte(p, '/'); i >= 0 {
			seg, p = p[:i], p[i+1:]
		} else {
			p = ""
		}
		if isDotSegment(seg) {
			return true
		}
	}
	return false
}

// isDotSegment reports whether seg is ".", ".." or one of their escaped
// forms (%2e, any case).
func isDotSegment(seg string) bool {
	if len(seg) > 6 {
		return false
	}
	dots := 0
	for i := 0; i < len(seg); dots++ {
		switch {
		case seg[i] == '.':
			i++
		case len(seg)-i >= 3 && seg[i] == '%' && seg[i+1] == '2' && (seg[i+2] == 'e' || seg[i+2] == 'E'):
			i += 3
		default:
			return false
		}
	}
	return dots == 1 || dots == 2
}

// encodeQuery turns nil, url.Values or a go-querystring struct into an
// encoded query string.
func encodeQuery(q any) (string, error) {
	switch v := q.(type) {
	case nil:
		return "", nil
	case url.Values:
		return v.Encode(), nil
	case string:
		return "", errors.New("pass url.Values or a struct, not a string")
	}
	vals, err := query.Values(q)
	if err != nil {
		return "", err
	}
	return vals.Encode(), nil
}

// PathParam checks a value that will fill a path placeholder, so providers
// can report the problem by field name before building a request: an
// *apierr.InputError naming provider and op.
func PathParam(provider, op, field, v string) error {
	if v == "" || v == "." || v == ".." {
		return apierr.Input(provider, op, field+" is empty or a dot segment")
	}
	return nil
}
