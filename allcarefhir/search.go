package allcarefhir

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/paging"
)

// Params is a search: the resource type and its parameters. The typed
// parameter structs of this package (ExplanationOfBenefitSearch,
// ObservationSearch, FormularySearch, ...) implement it, and so does Query
// for any other search. A struct of your own works too: its fields are
// encoded with go-querystring `url` tags.
type Params interface {
	// ResourceType is the type searched ("ExplanationOfBenefit").
	ResourceType() string
	// Validate reports a missing required parameter (ErrMissingParam);
	// nothing is sent then.
	Validate() error
}

// Query is a free-form search of any resource type.
type Query struct {
	// Type is the resource type ("Organization").
	Type string
	// Values are the search parameters, sent as given.
	Values url.Values
}

// ResourceType returns Type.
func (q Query) ResourceType() string { return q.Type }

// Validate checks the type name.
func (q Query) Validate() error { return validType("Search", q.Type) }

// ParamError reports a search that lacks a required parameter. It matches
// ErrMissingParam.
type ParamError struct {
	// ResourceType is the type searched.
	ResourceType string
	// Params names the parameter, or the alternatives ("category or code").
	Params string
	// Rule says where the requirement comes from.
	Rule string
}

// Error implements the error interface: the message of its InputError,
// "allcarefhir: SearchObservation: invalid input, nothing was sent: needs
// category or code (US Core)".
func (e *ParamError) Error() string { return e.input().Error() }

// Is makes errors.Is(err, ErrMissingParam) and errors.Is(err,
// ErrInvalidInput) true: nothing was sent.
func (e *ParamError) Is(target error) bool {
	return target == ErrMissingParam || target == ErrInvalidInput
}

// Unwrap returns the refusal as every provider's refusals are, a
// *rxbridge.InputError naming the search ("SearchObservation") with the
// same message, so that rxbridge.CallOf gives the search the message
// names.
func (e *ParamError) Unwrap() error { return e.input() }

// input is the refusal as an *rxbridge.InputError: the one source of the
// message.
func (e *ParamError) input() *rxbridge.InputError {
	if e == nil {
		return &rxbridge.InputError{Provider: "allcarefhir", Op: "Search", Reason: "search parameters missing"}
	}
	return &rxbridge.InputError{Provider: "allcarefhir", Op: "Search" + e.ResourceType, Reason: "needs " + e.Params + " (" + e.Rule + ")"}
}

// Page is one page (one searchset Bundle) of a search.
type Page[T Resource] struct {
	// Bundle is the page as received (links, total, every entry).
	Bundle *Bundle
	// Matches are the resources that matched the search (search.mode
	// "match", or no mode), of the type searched. For $everything, every
	// resource.
	Matches []T
	// Included are the resources added by _include or _revinclude
	// (search.mode "include"), and any other resources.
	Included []Resource
	// Outcome is a warning the server added (search.mode "outcome").
	Outcome *OperationOutcome
	// NoData reports AllCare's "no data" answer: a 404 to the search,
	// returned as this one empty page rather than as an error.
	NoData bool
}

// Total returns the bundle's total match count, when the server sent one.
func (p *Page[T]) Total() (int, bool) {
	if p == nil {
		return 0, false
	}
	if p.Bundle == nil || p.Bundle.Total == nil {
		return 0, false
	}
	return *p.Bundle.Total, true
}

// Search returns every match of a search, following the Bundle next links
// page by page: only one page is in memory at a time, the next one is
// fetched when the caller has consumed the current one. An error (on any
// page) is yielded once and ends the iteration: check it.
//
//	for eob, err := range allcarefhir.Search[*allcarefhir.ExplanationOfBenefit](ctx, c, params) {
//		if err != nil { return err }
//		...
//	}
//
// A 404 to the search is AllCare's "no data": nothing is yielded (an HTML
// 404 page is an error: it comes from a wrong base URL or a gateway). Next
// links are followed only on the FHIR base's scheme and host and under its
// path, once dot segments are resolved (another host, or a path outside
// the base such as /admin or base/../admin, yields ErrForeignLink, and the
// token never goes there); a link that repeats a page yields ErrPageLoop.
func Search[T Resource](ctx context.Context, c *Client, p Params) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		for page, err := range SearchPages[T](ctx, c, p) {
			if err != nil {
				yield(zero, err)
				return
			}
			for _, m := range page.Matches {
				if !yield(m, nil) {
					return
				}
			}
		}
	}
}

// SearchPages is Search page by page, for the _include'd resources, the
// totals and the bundles themselves.
func SearchPages[T Resource](ctx context.Context, c *Client, p Params) iter.Seq2[*Page[T], error] {
	return func(yield func(*Page[T], error) bool) {
		if p == nil {
			yield(nil, apierr.Input("allcarefhir", "Search", "the search parameters are nil"))
			return
		}
		typ := p.ResourceType()
		if err := validType("Search", typ); err != nil {
			yield(nil, err)
			return
		}
		if want := typeOf[T](); want != "" && want != typ {
			yield(nil, apierr.Input("allcarefhir", "Search"+typ, "iterated as "+want))
			return
		}
		if err := p.Validate(); err != nil {
			yield(nil, err)
			return
		}
		var q any = p
		switch v := p.(type) {
		case Query:
			q = v.Values
		case *Query:
			q = v.Values
		}
		pg := &pager{c: c, op: "Search" + typ, first: httpx.Request{Op: "Search" + typ, Method: http.MethodGet, Route: typ, Query: q}}
		runPages(ctx, pg, func(b *Bundle) *Page[T] { return newPage[T](b, typ, false) }, yield)
	}
}

// EverythingParams are the parameters of Patient/$everything.
type EverythingParams struct {
	// Start and End limit care dates.
	Start Date `url:"start,omitempty"`
	End   Date `url:"end,omitempty"`
	// Since returns only resources updated after this instant.
	Since Instant `url:"_since,omitempty"`
	// Type limits the resource types.
	Type []string `url:"_type,comma,omitempty"`
	// Count is the page size.
	Count int `url:"_count,omitempty"`
}

// Everything returns every resource of the member's record
// (GET Patient/{id}/$everything), page by page like Search. Not every
// server offers it: Capabilities().SupportsOperation("Patient",
// "everything") tells, and a server that does not answers with an error
// matching ErrNotSupported (or AllCare's 404 "no data").
func (c *Client) Everything(ctx context.Context, patientID string, p EverythingParams) iter.Seq2[Resource, error] {
	return func(yield func(Resource, error) bool) {
		for page, err := range c.EverythingPages(ctx, patientID, p) {
			if err != nil {
				yield(nil, err)
				return
			}
			for _, r := range page.Matches {
				if !yield(r, nil) {
					return
				}
			}
		}
	}
}

// EverythingPages is Everything page by page.
func (c *Client) EverythingPages(ctx context.Context, patientID string, p EverythingParams) iter.Seq2[*Page[Resource], error] {
	return func(yield func(*Page[Resource], error) bool) {
		if err := httpx.PathParam("allcarefhir", "Everything", "patient id", patientID); err != nil {
			yield(nil, err)
			return
		}
		pg := &pager{c: c, op: "Everything", first: httpx.Request{Op: "Everything", Method: http.MethodGet,
			Route: "Patient/{id}/$everything", PathParams: []string{patientID}, Query: p}}
		runPages(ctx, pg, func(b *Bundle) *Page[Resource] { return newPage[Resource](b, "", true) }, yield)
	}
}

// newPage sorts a bundle's entries.
func newPage[T Resource](b *Bundle, typ string, everything bool) *Page[T] {
	p := &Page[T]{Bundle: b}
	for i := range b.Entry {
		e := &b.Entry[i]
		r := e.Resource
		if r == nil {
			continue
		}
		mode := e.Mode()
		if oo, ok := r.(*OperationOutcome); ok && (mode == SearchModeOutcome || (mode == "" && !everything && typ != "OperationOutcome")) {
			if p.Outcome == nil {
				p.Outcome = oo
			}
			continue
		}
		if mode == SearchModeMatch || mode == "" || everything {
			if t, ok := r.(T); ok && (everything || r.ResourceType() == typ) {
				p.Matches = append(p.Matches, t)
				continue
			}
		}
		p.Included = append(p.Included, r)
	}
	return p
}

// pager fetches the pages of one search.
type pager struct {
	c       *Client
	op      string
	first   httpx.Request
	pages   int
	visited map[string]struct{}
	// linkErr is a problem with the last page's next link, reported after
	// that page's items.
	linkErr error
}

// errCursor is the cursor that reports linkErr.
const errCursor = "\x00link-error"

// runPages drives paging.All over the pager's bundles.
func runPages[T Resource](ctx context.Context, pg *pager, build func(*Bundle) *Page[T], yield func(*Page[T], error) bool) {
	if err := httpx.CheckCall(ctx, pg.c.pipeline(), pg.op); err != nil {
		yield(nil, err)
		return
	}
	fetch := func(ctx context.Context, cursor string) (paging.Page[*Page[T]], error) {
		var zero paging.Page[*Page[T]]
		if cursor == errCursor {
			return zero, pg.linkErr
		}
		b, noData, err := pg.fetch(ctx, cursor)
		if err != nil {
			return zero, err
		}
		if noData {
			return paging.Page[*Page[T]]{Items: []*Page[T]{{NoData: true}}}, nil
		}
		next, err := pg.next(b)
		if err != nil {
			pg.linkErr, next = err, errCursor
		}
		return paging.Page[*Page[T]]{Items: []*Page[T]{build(b)}, Next: next}, nil
	}
	for page, err := range paging.All(ctx, "", fetch) {
		if errors.Is(err, ErrPageLoop) {
			err = fmt.Errorf("allcarefhir: %s: %w", pg.op, err)
		}
		if !yield(page, err) || err != nil {
			return
		}
	}
}

// fetch gets one page: the first request, or a next link.
func (pg *pager) fetch(ctx context.Context, cursor string) (*Bundle, bool, error) {
	pg.pages++
	if pg.pages > pg.c.maxPages {
		return nil, false, ErrTooManyPages
	}
	req := pg.first
	if cursor != "" {
		req = httpx.Request{Op: pg.op, Method: http.MethodGet, Route: pg.first.Route + "?(next page)", URL: cursor}
	}
	resp, err := pg.c.pipeline().Do(ctx, &req)
	if err != nil {
		var e *Error
		if cursor == "" && errors.As(err, &e) && e.HTTPStatus == http.StatusNotFound && e.Code != "not-supported" &&
			!strings.Contains(strings.ToLower(e.ContentType), "html") {
			// AllCare's "no data". An HTML 404 page is not: it comes from a
			// wrong base URL or a gateway, and hiding it as an empty result
			// would hide the misconfiguration.
			return nil, true, nil
		}
		return nil, false, err
	}
	r, err := decodeBody(resp)
	if err != nil {
		return nil, false, err
	}
	b, ok := r.(*Bundle)
	if !ok {
		return nil, false, unexpected(pg.op, "Bundle", r)
	}
	return b, false, nil
}

// next returns the absolute next link of a page after checking it stays
// on the FHIR base's scheme and host, under its path, and does not repeat
// a page.
func (pg *pager) next(b *Bundle) (string, error) {
	if pg.visited == nil {
		pg.visited = map[string]struct{}{}
	}
	base := pg.c.hc.BaseURL()
	if self := b.LinkURL("self"); self != "" {
		if u, err := base.Parse(self); err == nil {
			pg.visited[u.String()] = struct{}{}
		}
	}
	raw := strings.TrimSpace(b.LinkURL("next"))
	if raw == "" {
		return "", nil
	}
	u, err := base.Parse(raw)
	if err != nil {
		return "", errors.Join(ErrForeignLink, errors.New("allcarefhir: the next-page link is not a URL"))
	}
	if !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) || u.User != nil ||
		!underBase(u, base) {
		return "", ErrForeignLink
	}
	key := u.String()
	if _, dup := pg.visited[key]; dup {
		return "", ErrPageLoop
	}
	pg.visited[key] = struct{}{}
	return key, nil
}

// underBase reports whether u (already resolved against base, so its
// literal dot segments are gone) stays under base's path: as decoded and
// as sent, its path is base's path or starts with it, and it has no
// segment a server could still resolve upwards (a percent-encoded dot
// segment, a backslash).
func underBase(u, base *url.URL) bool {
	dir := base.Path
	if !strings.HasSuffix(dir, "/") {
		dir += "/"
	}
	escDir := base.EscapedPath()
	if !strings.HasSuffix(escDir, "/") {
		escDir += "/"
	}
	p, esc := u.Path, u.EscapedPath()
	if p != strings.TrimSuffix(dir, "/") && !strings.HasPrefix(p, dir) {
		return false
	}
	if esc != strings.TrimSuffix(escDir, "/") && !strings.HasPrefix(esc, escDir) {
		return false
	}
	if strings.ContainsRune(p, '\\') {
		return false
	}
	for seg := range strings.SplitSeq(p, "/") {
		if seg == "." || seg == ".." {
			return false
		}
	}
	return true
}
