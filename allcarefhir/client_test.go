package allcarefhir_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
)

const base = "https://fhir.example/r4"

var fastRetry = rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}

// countingSource hands out t1, t2, ... and records invalidations.
type countingSource struct {
	mu          sync.Mutex
	n           int
	invalidated []string
	err         error
}

func (s *countingSource) Token() (*oauth2.Token, error) { return s.TokenContext(context.Background()) }

func (s *countingSource) TokenContext(context.Context) (*oauth2.Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	if s.n == 0 || len(s.invalidated) >= s.n {
		s.n++
	}
	return &oauth2.Token{AccessToken: fmt.Sprintf("t%d", s.n), TokenType: "Bearer"}, nil
}

func (s *countingSource) Invalidate(tok string) {
	s.mu.Lock()
	s.invalidated = append(s.invalidated, tok)
	s.mu.Unlock()
}

func newMockClient(t *testing.T, ts oauth2.TokenSource, opts ...allcarefhir.Option) (*allcarefhir.Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	if ts == nil {
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "static-token"})
	}
	opts = append([]allcarefhir.Option{
		rxbridge.WithBaseURL(base),
		rxbridge.WithHTTPClient(&http.Client{Transport: mt}),
		rxbridge.WithRetry(fastRetry),
	}, opts...)
	c, err := allcarefhir.NewClient(ts, opts...)
	require.NoError(t, err)
	return c, mt
}

func fhirJSON(status int, body string) httpmock.Responder {
	return httpmock.NewStringResponder(status, body).HeaderSet(http.Header{"Content-Type": {"application/fhir+json; charset=utf-8"}})
}

const outcome404 = `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","diagnostics":"Resource Patient/123 is not known"}]}`

func TestReadPatient(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/Patient/example", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "Bearer static-token", r.Header.Get("Authorization"))
		assert.Equal(t, "application/fhir+json", r.Header.Get("Accept"))
		return httpmock.NewBytesResponse(200, load(t, "hl7tc_patient-example.json")), nil
	})
	p, err := c.Patient(context.Background(), "example")
	require.NoError(t, err)
	assert.Equal(t, "Chalmers", p.Name[0].Family)
	assert.Equal(t, 1, mt.GetTotalCallCount())

	r, err := c.Read(context.Background(), "Patient", "example")
	require.NoError(t, err)
	assert.IsType(t, &allcarefhir.Patient{}, r)

	// Ids are escaped; a dot segment never leaves.
	_, err = c.Read(context.Background(), "Patient", "..")
	require.Error(t, err)
	_, err = c.Read(context.Background(), "patient/../x", "1")
	require.Error(t, err)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestReadNotFoundIsTypedError(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/Patient/123", fhirJSON(404, outcome404))
	_, err := c.Patient(context.Background(), "123")
	require.ErrorIs(t, err, allcarefhir.ErrNotFound)
	var e *allcarefhir.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 404, e.HTTPStatus)
	assert.Equal(t, "not-found", e.Code)
	assert.Equal(t, "Resource Patient/123 is not known", e.Message)
	require.NotNil(t, e.Outcome)
	assert.NotContains(t, err.Error(), "123", "the id and the diagnostics stay out of Error()")
	assert.Contains(t, err.Error(), "Patient/{id}")
	assert.Equal(t, 1, mt.GetTotalCallCount(), "a 404 is not retried")
}

func TestReadRefusesAnotherResource(t *testing.T) {
	// FHIR requires a read to return the resource with the requested id;
	// anything else may be another member's record and is never returned.
	c, mt := newMockClient(t, nil)
	other := `{"resourceType":"Patient","id":"someone-else","name":[{"family":"CANARY-OTHER-MEMBER"}]}`
	mt.RegisterResponder("GET", base+"/Patient/me", fhirJSON(200, other))
	mt.RegisterResponder("GET", base+"/Patient/noid", fhirJSON(200, `{"resourceType":"Patient"}`))
	p, err := c.Patient(context.Background(), "me")
	require.ErrorIs(t, err, allcarefhir.ErrWrongResourceID)
	assert.Nil(t, p)
	assert.NotContains(t, err.Error(), "someone-else")
	assert.NotContains(t, err.Error(), "CANARY-OTHER-MEMBER")
	_, err = c.Read(context.Background(), "Patient", "noid")
	require.ErrorIs(t, err, allcarefhir.ErrWrongResourceID, "a resource without an id cannot be shown to be the one read")
	assert.NotErrorIs(t, err, allcarefhir.ErrWrongResourceType)
}

func TestRead500IsRetriedAFewTimes(t *testing.T) {
	c, mt := newMockClient(t, nil)
	oo := `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"exception","diagnostics":"HAPI-2001"}]}`
	mt.RegisterResponder("GET", base+"/Coverage/Coverage1",
		fhirJSON(500, oo).Then(fhirJSON(500, oo)).Then(fhirJSON(200, string(load(t, "c4bb110_Coverage-Coverage1.json")))))
	cov, err := c.Coverage(context.Background(), "Coverage1")
	require.NoError(t, err)
	assert.Equal(t, "active", cov.Status)
	assert.Equal(t, 3, mt.GetTotalCallCount())

	mt.Reset()
	mt.RegisterResponder("GET", base+"/Coverage/c1", fhirJSON(500, oo))
	_, err = c.Coverage(context.Background(), "c1")
	require.ErrorIs(t, err, allcarefhir.ErrServer)
	var e *allcarefhir.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 4, e.Attempts)
	assert.Equal(t, "exception", e.Code)
	assert.Equal(t, 4, mt.GetTotalCallCount(), "1 try and 3 retries")

	// A gateway's HTML page still gives a typed error.
	mt.Reset()
	mt.RegisterResponder("GET", base+"/Coverage/c1", httpmock.NewStringResponder(502, "<html>bad gateway</html>").HeaderSet(http.Header{"Content-Type": {"text/html"}}))
	_, err = c.Coverage(context.Background(), "c1")
	require.ErrorIs(t, err, allcarefhir.ErrServer)
	require.ErrorAs(t, err, &e)
	assert.Nil(t, e.Outcome)
}

func TestUnauthorizedRefreshesOnce(t *testing.T) {
	src := &countingSource{}
	c, mt := newMockClient(t, src)
	var seen []string
	mt.RegisterResponder("GET", base+"/Patient/p", func(r *http.Request) (*http.Response, error) {
		seen = append(seen, r.Header.Get("Authorization"))
		if r.Header.Get("Authorization") == "Bearer t1" {
			return httpmock.NewStringResponse(401, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"login"}]}`), nil
		}
		return httpmock.NewStringResponse(200, `{"resourceType":"Patient","id":"p"}`), nil
	})
	p, err := c.Patient(context.Background(), "p")
	require.NoError(t, err)
	assert.Equal(t, "p", p.ID)
	assert.Equal(t, []string{"Bearer t1", "Bearer t2"}, seen)
	assert.Equal(t, []string{"t1"}, src.invalidated)

	// Rejected again: one replay only, then ErrUnauthorized.
	mt.Reset()
	mt.RegisterResponder("GET", base+"/Patient/p", fhirJSON(401, `{}`))
	_, err = c.Patient(context.Background(), "p")
	require.ErrorIs(t, err, allcarefhir.ErrUnauthorized)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestStaticTokenSource401(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/Patient/p", fhirJSON(401, `{}`))
	_, err := c.Patient(context.Background(), "p")
	require.ErrorIs(t, err, allcarefhir.ErrUnauthorized)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "asked again once, then reported")
}

func TestTokenSourceFailureIsNotSentAndNotRetried(t *testing.T) {
	src := &countingSource{err: allcarefhir.ErrReauthorizationRequired}
	c, mt := newMockClient(t, src)
	_, err := c.Patient(context.Background(), "p")
	require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestNewClientValidates(t *testing.T) {
	_, err := allcarefhir.NewClient(nil)
	require.Error(t, err)
	var nilSrc *countingSource
	_, err = allcarefhir.NewClient(nilSrc)
	require.Error(t, err)
	_, err = allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}), rxbridge.WithBaseURL("ftp://x"))
	require.Error(t, err)
	_, err = allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}), allcarefhir.WithMaxPages(0))
	require.Error(t, err)
	c, err := allcarefhir.NewClient(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "x"}))
	require.NoError(t, err)
	assert.Equal(t, allcarefhir.CCOFHIRBaseURL+"/", c.BaseURL())
}

// bundle builds a searchset page.
func bundle(next, self string, entries ...string) string {
	var links []string
	if self != "" {
		links = append(links, `{"relation":"self","url":"`+self+`"}`)
	}
	if next != "" {
		links = append(links, `{"relation":"next","url":"`+next+`"}`)
	}
	return `{"resourceType":"Bundle","type":"searchset","link":[` + strings.Join(links, ",") + `],"entry":[` + strings.Join(entries, ",") + `]}`
}

func eobEntry(id string) string {
	return `{"fullUrl":"` + base + `/ExplanationOfBenefit/` + id + `","resource":{"resourceType":"ExplanationOfBenefit","id":"` + id + `","status":"active","patient":{"reference":"Patient/p1"}},"search":{"mode":"match"}}`
}

func collect[T any](t *testing.T, seq func(func(T, error) bool)) ([]T, error) {
	t.Helper()
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}

func ids(eobs []*allcarefhir.ExplanationOfBenefit) []string {
	var out []string
	for _, e := range eobs {
		out = append(out, e.ID)
	}
	return out
}

func TestSearchFollowsThreePages(t *testing.T) {
	c, mt := newMockClient(t, nil)
	p2, p3 := base+"/ExplanationOfBenefit?_getpages=abc&_offset=2", base+"/ExplanationOfBenefit?_getpages=abc&_offset=4"
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query()
		switch {
		case q.Get("_getpages") == "" && q.Get("patient") == "p1":
			assert.Equal(t, "Bearer static-token", r.Header.Get("Authorization"))
			return httpmock.NewStringResponse(200, bundle(p2, base+"/ExplanationOfBenefit?patient=p1", eobEntry("e1"), eobEntry("e2"))), nil
		case q.Get("_offset") == "2":
			assert.Equal(t, "Bearer static-token", r.Header.Get("Authorization"))
			return httpmock.NewStringResponse(200, bundle(p3, p2, eobEntry("e3"), eobEntry("e4"))), nil
		case q.Get("_offset") == "4":
			return httpmock.NewStringResponse(200, bundle("", p3, eobEntry("e5"))), nil
		}
		return httpmock.NewStringResponse(400, `{}`), nil
	})
	eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.NoError(t, err)
	assert.Equal(t, []string{"e1", "e2", "e3", "e4", "e5"}, ids(eobs))
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestSearchStopsEarlyWithoutFetchingMore(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit",
		fhirJSON(200, bundle(base+"/ExplanationOfBenefit?page=2", "", eobEntry("e1"), eobEntry("e2"))))
	for eob, err := range c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}) {
		require.NoError(t, err)
		assert.Equal(t, "e1", eob.ID)
		break
	}
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestSearchRefusesCrossHostNextLink(t *testing.T) {
	c, mt := newMockClient(t, nil)
	// The evil host has no responder: a request there fails the test.
	for _, next := range []string{"https://evil.example/r4/ExplanationOfBenefit?page=2", "http://fhir.example/r4/ExplanationOfBenefit?page=2", "https://user@fhir.example/r4/x"} {
		mt.Reset()
		mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", fhirJSON(200, bundle(next, "", eobEntry("e1"))))
		eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
		require.ErrorIs(t, err, allcarefhir.ErrForeignLink, next)
		assert.Equal(t, []string{"e1"}, ids(eobs), "the page before the bad link is delivered")
		assert.Equal(t, 1, mt.GetTotalCallCount())
	}
}

// A next link on the FHIR base's host but outside its path is not
// followed either: the member's token goes only to the FHIR base. The
// check applies after dot segments (literal or percent-encoded) are
// resolved, and to the path as sent (an encoded slash).
func TestSearchRefusesNextLinkOutsideTheBasePath(t *testing.T) {
	c, mt := newMockClient(t, nil)
	for _, next := range []string{
		"https://fhir.example/admin/secret",
		"/admin/secret",
		"https://fhir.example/r4/../admin",
		"https://fhir.example/r4/ExplanationOfBenefit/../../admin?page=2",
		"../admin",
		"https://fhir.example/r4/%2e%2e/admin",
		"https://fhir.example/r4/%2E%2E/admin",
		"https://fhir.example/r4/.%2e/admin",
		"/r4/ExplanationOfBenefit/%2e%2e/%2e%2e/admin",
		"https://fhir.example/r4%2F..%2Fadmin",
		"https://fhir.example/r4%2fExplanationOfBenefit",
		"https://fhir.example/r4x/ExplanationOfBenefit?page=2",
		"https://fhir.example/R4/ExplanationOfBenefit?page=2",
		"https://fhir.example/r4/..%5Cadmin",
		"https://fhir.example/",
	} {
		mt.Reset()
		mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", fhirJSON(200, bundle(next, "", eobEntry("e1"))))
		eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
		require.ErrorIs(t, err, allcarefhir.ErrForeignLink, next)
		assert.Equal(t, []string{"e1"}, ids(eobs), "the page before the bad link is delivered")
		assert.Equal(t, 1, mt.GetTotalCallCount(), next)
	}
}

// Next links inside the base are followed, including the base itself
// without its trailing slash (HAPI's "base?_getpages=...").
func TestSearchFollowsNextLinkInsideTheBase(t *testing.T) {
	c, mt := newMockClient(t, nil)
	for _, next := range []string{
		base + "?_getpages=abc&_getpagesoffset=1",
		base + "/?_getpages=abc&_getpagesoffset=1",
		base + "/ExplanationOfBenefit/_search?page=2",
		"ExplanationOfBenefit?page=2",
		"/r4/ExplanationOfBenefit?page=2",
	} {
		mt.Reset()
		first := true
		responder := func(r *http.Request) (*http.Response, error) {
			if first {
				first = false
				return httpmock.NewStringResponse(200, bundle(next, "", eobEntry("e1"))), nil
			}
			return httpmock.NewStringResponse(200, bundle("", "", eobEntry("e2"))), nil
		}
		mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", responder)
		mt.RegisterResponder("GET", base, responder)
		mt.RegisterResponder("GET", base+"/", responder)
		mt.RegisterResponder("GET", base+"/ExplanationOfBenefit/_search", responder)
		eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
		require.NoError(t, err, next)
		assert.Equal(t, []string{"e1", "e2"}, ids(eobs), next)
		assert.Equal(t, 2, mt.GetTotalCallCount(), next)
	}
}

func TestSearchStopsOnARepeatingNextLink(t *testing.T) {
	c, mt := newMockClient(t, nil)
	p2 := base + "/ExplanationOfBenefit?page=2"
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(200, bundle(p2, "", eobEntry("e2"))), nil // next = itself
		}
		return httpmock.NewStringResponse(200, bundle(p2, "", eobEntry("e1"))), nil
	})
	eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrPageLoop)
	require.ErrorIs(t, err, rxbridge.ErrPageLoop)
	assert.Equal(t, "allcarefhir: SearchExplanationOfBenefit: next page repeats a page already read", err.Error())
	assert.Equal(t, []string{"e1", "e2"}, ids(eobs))
	assert.Equal(t, 2, mt.GetTotalCallCount())

	// next == self on the first page.
	mt.Reset()
	self := base + "/ExplanationOfBenefit?patient=p1"
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", fhirJSON(200, bundle(self, self, eobEntry("e1"))))
	_, err = collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrPageLoop)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestSearchSurfacesErrorsOnLaterPages(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(400, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"cursor expired"}]}`), nil
		}
		return httpmock.NewStringResponse(200, bundle(base+"/ExplanationOfBenefit?page=2", "", eobEntry("e1"))), nil
	})
	eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrRejected)
	assert.Equal(t, []string{"e1"}, ids(eobs))

	// A 404 on a later page is an error too (the link was the server's).
	mt.Reset()
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(404, outcome404), nil
		}
		return httpmock.NewStringResponse(200, bundle(base+"/ExplanationOfBenefit?page=2", "", eobEntry("e1"))), nil
	})
	_, err = collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrNotFound)
}

func TestSearch404MeansNoData(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/Condition", fhirJSON(404, outcome404))
	conds, err := collect(t, c.SearchCondition(context.Background(), allcarefhir.ConditionSearch{Patient: "p1"}))
	require.NoError(t, err)
	assert.Empty(t, conds)
	var pages []*allcarefhir.Page[*allcarefhir.Condition]
	for p, err := range allcarefhir.SearchPages[*allcarefhir.Condition](context.Background(), c, allcarefhir.ConditionSearch{Patient: "p1"}) {
		require.NoError(t, err)
		pages = append(pages, p)
	}
	require.Len(t, pages, 1)
	assert.True(t, pages[0].NoData)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "a 404 is an answer, not retried")

	// A 404 that says the search is not supported is an error.
	mt.Reset()
	mt.RegisterResponder("GET", base+"/Condition", fhirJSON(404, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-supported"}]}`))
	_, err = collect(t, c.SearchCondition(context.Background(), allcarefhir.ConditionSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrNotSupported)

	// An HTML 404 page (a wrong base URL, a gateway) is an error, not "no
	// data": an empty result would hide the misconfiguration.
	mt.Reset()
	mt.RegisterResponder("GET", base+"/Condition", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(404, "<html><body><h1>404 Not Found</h1></body></html>")
		r.Header.Set("Content-Type", "text/html; charset=utf-8")
		return r, nil
	})
	_, err = collect(t, c.SearchCondition(context.Background(), allcarefhir.ConditionSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrNotFound)

	// An empty 404 is still AllCare's "no data".
	mt.Reset()
	mt.RegisterResponder("GET", base+"/Condition", httpmock.NewStringResponder(404, ""))
	conds, err = collect(t, c.SearchCondition(context.Background(), allcarefhir.ConditionSearch{Patient: "p1"}))
	require.NoError(t, err)
	assert.Empty(t, conds)
}

func TestSearchIncludesAndQuery(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		q := r.URL.Query()
		assert.Equal(t, "p1", q.Get("patient"))
		assert.Equal(t, "pharmacy,professional", q.Get("type"))
		assert.Equal(t, []string{"ge2024-01-01", "lt2025-01-01"}, q["service-date"])
		assert.Equal(t, []string{allcarefhir.IncludeEOBPatient, allcarefhir.IncludeEOBCoverage}, q["_include"])
		assert.Equal(t, "50", q.Get("_count"))
		return httpmock.NewStringResponse(200, `{"resourceType":"Bundle","type":"searchset","total":1,"entry":[`+eobEntry("e1")+`,
			{"resource":{"resourceType":"Patient","id":"p1"},"search":{"mode":"include"}},
			{"resource":{"resourceType":"Coverage","id":"c1"},"search":{"mode":"include"}},
			{"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"informational"}]},"search":{"mode":"outcome"}}]}`), nil
	})
	params := allcarefhir.ExplanationOfBenefitSearch{
		Patient: "p1", Type: []string{"pharmacy", "professional"}, ServiceDate: []string{"ge2024-01-01", "lt2025-01-01"},
		Include: []string{allcarefhir.IncludeEOBPatient, allcarefhir.IncludeEOBCoverage}, Count: 50,
	}
	var n int
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](context.Background(), c, params) {
		require.NoError(t, err)
		n++
		require.Len(t, page.Matches, 1)
		require.Len(t, page.Included, 2)
		assert.Equal(t, "Patient", page.Included[0].ResourceType())
		assert.IsType(t, &allcarefhir.Coverage{}, page.Included[1])
		require.NotNil(t, page.Outcome)
		total, ok := page.Total()
		assert.True(t, ok)
		assert.Equal(t, 1, total)
		assert.Same(t, page.Included[0], page.Bundle.Resolve("Patient/p1"))
	}
	assert.Equal(t, 1, n)
}

func TestRequiredSearchParamsFailBeforeSending(t *testing.T) {
	c, mt := newMockClient(t, nil)
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["formulary"] = collect(t, c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugName: "aspirin"}))
	_, checks["observation"] = collect(t, c.SearchObservation(ctx, allcarefhir.ObservationSearch{Patient: "p1"}))
	_, checks["medicationrequest"] = collect(t, c.SearchMedicationRequest(ctx, allcarefhir.MedicationRequestSearch{Patient: "p1"}))
	_, checks["careplan"] = collect(t, c.SearchCarePlan(ctx, allcarefhir.CarePlanSearch{Patient: "p1"}))
	_, checks["careteam"] = collect(t, c.SearchCareTeam(ctx, allcarefhir.CareTeamSearch{Patient: "p1"}))
	_, checks["eob"] = collect(t, c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{ServiceDate: []string{"ge2024"}}))
	_, checks["condition"] = collect(t, c.SearchCondition(ctx, allcarefhir.ConditionSearch{}))
	for name, err := range checks {
		require.ErrorIs(t, err, allcarefhir.ErrMissingParam, name)
		var pe *allcarefhir.ParamError
		require.ErrorAs(t, err, &pe, name)
	}
	assert.Contains(t, checks["formulary"].Error(), "drugplan")
	assert.Equal(t, 0, mt.GetTotalCallCount())

	mt.RegisterResponder("GET", base+"/MedicationKnowledge", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, url.Values{"drugplan": {"40308VA0240008"}, "drugtier": {"brand"}}, r.URL.Query())
		return httpmock.NewStringResponse(200, `{"resourceType":"Bundle","type":"searchset","entry":[{"resource":`+string(load(t, "usdf11_FormularyDrugV1002.json"))+`}]}`), nil
	})
	drugs, err := collect(t, c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: "40308VA0240008", DrugTier: "brand"}))
	require.NoError(t, err)
	require.Len(t, drugs, 1)
	assert.Equal(t, "40308VA0240008", drugs[0].PlanID())
}

func TestSearchTypeMismatchAndQuery(t *testing.T) {
	c, mt := newMockClient(t, nil)
	_, err := collect(t, allcarefhir.Search[*allcarefhir.Patient](context.Background(), c, allcarefhir.Query{Type: "Coverage"}))
	require.Error(t, err)
	assert.Equal(t, 0, mt.GetTotalCallCount())

	mt.RegisterResponder("GET", base+"/Organization", func(r *http.Request) (*http.Response, error) {
		assert.Equal(t, "Acme", r.URL.Query().Get("name"))
		return httpmock.NewStringResponse(200, bundle("", "", `{"resource":{"resourceType":"Organization","id":"o1","name":"Acme"}}`)), nil
	})
	orgs, err := collect(t, allcarefhir.Search[allcarefhir.Resource](context.Background(), c, allcarefhir.Query{Type: "Organization", Values: url.Values{"name": {"Acme"}}}))
	require.NoError(t, err)
	require.Len(t, orgs, 1)
	assert.Equal(t, "Acme", orgs[0].(*allcarefhir.Organization).Name)
}

func TestRelativeNextLinkAndMaxPages(t *testing.T) {
	c, mt := newMockClient(t, nil, allcarefhir.WithMaxPages(2))
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", func(r *http.Request) (*http.Response, error) {
		n := r.URL.Query().Get("page")
		next := "ExplanationOfBenefit?page=" + n + "1"
		return httpmock.NewStringResponse(200, bundle(next, "", eobEntry("e"+n))), nil
	})
	eobs, err := collect(t, c.SearchExplanationOfBenefit(context.Background(), allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}))
	require.ErrorIs(t, err, allcarefhir.ErrTooManyPages)
	assert.Len(t, eobs, 2)
	assert.Equal(t, 2, mt.GetTotalCallCount())
}

func TestReadUnexpectedBodies(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/Patient/p", fhirJSON(200, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing"}]}`))
	_, err := c.Patient(context.Background(), "p")
	require.ErrorIs(t, err, allcarefhir.ErrWrongResourceType)
	var ue *allcarefhir.UnexpectedResourceError
	require.ErrorAs(t, err, &ue)
	assert.NotNil(t, ue.Outcome)

	mt.RegisterResponder("GET", base+"/Patient/x", httpmock.NewStringResponder(200, `<Patient xmlns="http://hl7.org/fhir"><id value="x"/></Patient>`).HeaderSet(http.Header{"Content-Type": {"application/fhir+xml"}}))
	_, err = c.Patient(context.Background(), "x")
	require.ErrorIs(t, err, allcarefhir.ErrDecode)
	assert.Contains(t, err.Error(), "application/fhir+xml")
}

func TestCapabilitiesAndEverything(t *testing.T) {
	c, mt := newMockClient(t, nil)
	mt.RegisterResponder("GET", base+"/metadata", fhirJSON(200, string(load(t, "c4bb110_CapabilityStatement-c4bb.json"))))
	cs, err := c.Capabilities(context.Background())
	require.NoError(t, err)
	assert.Equal(t, "4.0.1", cs.FHIRVersion)

	p2 := base + "/Patient/p1/$everything?page=2"
	mt.RegisterResponder("GET", base+"/Patient/p1/$everything", func(r *http.Request) (*http.Response, error) {
		if r.URL.Query().Get("page") == "2" {
			return httpmock.NewStringResponse(200, bundle("", "", `{"resource":{"resourceType":"Coverage","id":"c1"}}`)), nil
		}
		assert.Equal(t, "Coverage,ExplanationOfBenefit,Patient", r.URL.Query().Get("_type"))
		return httpmock.NewStringResponse(200, bundle(p2, "", `{"resource":{"resourceType":"Patient","id":"p1"}}`, eobEntry("e1"))), nil
	})
	var types []string
	for r, err := range c.Everything(context.Background(), "p1", allcarefhir.EverythingParams{Type: []string{"Coverage", "ExplanationOfBenefit", "Patient"}}) {
		require.NoError(t, err)
		types = append(types, r.ResourceType())
	}
	assert.Equal(t, []string{"Patient", "ExplanationOfBenefit", "Coverage"}, types)

	mt.RegisterResponder("GET", base+"/Patient/p2/$everything", fhirJSON(501, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-supported"}]}`))
	_, err = collect(t, c.Everything(context.Background(), "p2", allcarefhir.EverythingParams{}))
	require.ErrorIs(t, err, allcarefhir.ErrNotSupported)
}

func TestContextCancelStopsIteration(t *testing.T) {
	c, mt := newMockClient(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mt.RegisterResponder("GET", base+"/ExplanationOfBenefit", fhirJSON(200, bundle(base+"/ExplanationOfBenefit?page=2", "", eobEntry("e1"))))
	var err error
	for _, e := range c.SearchExplanationOfBenefit(ctx, allcarefhir.ExplanationOfBenefitSearch{Patient: "p1"}) {
		if e != nil {
			err = e
			break
		}
		cancel()
	}
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}
