package allcarefhir_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"iter"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/contract"
)

// The contract tests replay the recorded exchanges in
// testdata/allcarefhir/contract (see its README.md): the FHIR requests the
// client sends (path, query, Bearer token, Accept application/fhir+json),
// the member login's requests to the authorization server (discovery,
// JWKS, the token endpoint's form body and client authentication), and
// AllCare's answers, which must decode to the golden views below or to the
// expected typed errors.
//
// The SDK runs with its production defaults: the FHIR client on
// CCOFHIRBaseURL and the login on CCOIssuer. Its HTTP client dials every
// TLS connection to those two hosts to the recording's server instead
// (plain HTTP under the https URLs), so the recordings hold AllCare's real
// URLs (issuer, endpoints, next-page links) and any other host fails the
// test.

const acContractDir = "../testdata/allcarefhir/contract"

// acNow is the login's clock: the recorded id_tokens were issued at acNow
// minus 30 s and expire 300 s later.
var acNow = time.Date(2025, 9, 5, 15, 0, 0, 0, time.UTC)

// The application the recordings were made for (synthetic).
const (
	acClientID     = "rxbridge-contract-client"
	acClientSecret = "contract-client-secret"
	acRedirectURL  = "https://app.example/allcare/callback"
	// acStaticToken is the bearer token of FHIR contracts without a login;
	// the recordings check only "Bearer *".
	acStaticToken = "contract-static-access-token"
)

// acScopes are the scopes the login asks for unless a contract says.
var acScopes = []string{"patientapi.demographics.read", "patientapi.coverage.read", "patientapi.claims.read",
	"patientapi.clinical.read", "patientapi.formulary.read", "offline_access"}

// acHosts are the hosts the SDK may reach: the CCO authorization server and
// the CCO FHIR base.
var acHosts = map[string]bool{"ccoportal.allcarehealth.com:443": true, "interop-cco.api.allcarehealth.com:443": true}

// acHTTPClient sends the SDK's requests for AllCare's hosts to the
// recording's server.
func acHTTPClient(baseURL string) (*http.Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil, err
	}
	var d net.Dialer
	return &http.Client{Transport: &http.Transport{
		DialContext: func(_ context.Context, _, addr string) (net.Conn, error) {
			return nil, fmt.Errorf("contract: the SDK dialed %s without TLS", addr)
		},
		DialTLSContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if !acHosts[addr] {
				return nil, fmt.Errorf("contract: the SDK dialed %s, which is not an AllCare host of the recordings", addr)
			}
			return d.DialContext(ctx, network, u.Host)
		},
		DisableKeepAlives: true,
	}}, nil
}

// acSentinels names every sentinel of the package (checked against the
// source by TestContractSentinelsAreComplete).
var acSentinels = map[string]error{
	"ErrOutcomeUnknown":          allcarefhir.ErrOutcomeUnknown,
	"ErrRetryBudgetExhausted":    allcarefhir.ErrRetryBudgetExhausted,
	"ErrResponseTooLarge":        allcarefhir.ErrResponseTooLarge,
	"ErrTransport":               allcarefhir.ErrTransport,
	"ErrDecode":                  allcarefhir.ErrDecode,
	"ErrNotFound":                allcarefhir.ErrNotFound,
	"ErrInvalidInput":            allcarefhir.ErrInvalidInput,
	"ErrUnauthorized":            allcarefhir.ErrUnauthorized,
	"ErrForbidden":               allcarefhir.ErrForbidden,
	"ErrRejected":                allcarefhir.ErrRejected,
	"ErrGone":                    allcarefhir.ErrGone,
	"ErrRateLimited":             allcarefhir.ErrRateLimited,
	"ErrServer":                  allcarefhir.ErrServer,
	"ErrNotSupported":            allcarefhir.ErrNotSupported,
	"ErrInvalidJSON":             allcarefhir.ErrInvalidJSON,
	"ErrWrongResourceID":         allcarefhir.ErrWrongResourceID,
	"ErrWrongResourceType":       allcarefhir.ErrWrongResourceType,
	"ErrMissingParam":            allcarefhir.ErrMissingParam,
	"ErrForeignLink":             allcarefhir.ErrForeignLink,
	"ErrPageLoop":                allcarefhir.ErrPageLoop,
	"ErrTooManyPages":            allcarefhir.ErrTooManyPages,
	"ErrReauthorizationRequired": allcarefhir.ErrReauthorizationRequired,
	"ErrDiscovery":               allcarefhir.ErrDiscovery,
	"ErrScopeNotSupported":       allcarefhir.ErrScopeNotSupported,
	"ErrStateMismatch":           allcarefhir.ErrStateMismatch,
	"ErrLoginExpired":            allcarefhir.ErrLoginExpired,
	"ErrAuthorizationFailed":     allcarefhir.ErrAuthorizationFailed,
	"ErrAccessDenied":            allcarefhir.ErrAccessDenied,
	"ErrInvalidCallback":         allcarefhir.ErrInvalidCallback,
	"ErrInvalidIDToken":          allcarefhir.ErrInvalidIDToken,
	"ErrIDTokenExpired":          allcarefhir.ErrIDTokenExpired,
	"ErrNonceMismatch":           allcarefhir.ErrNonceMismatch,
	"ErrCHashMismatch":           allcarefhir.ErrCHashMismatch,
	"ErrTokenExchange":           allcarefhir.ErrTokenExchange,
	"ErrNoPatient":               allcarefhir.ErrNoPatient,
	"ErrPatientMismatch":         allcarefhir.ErrPatientMismatch,
	"ErrLoginUnavailable":        allcarefhir.ErrLoginUnavailable,
	"ErrBadDate":                 allcarefhir.ErrBadDate,
}

// acArgs are a contract's arguments.
type acArgs struct {
	// Type is the resource type of Read, ReadAs, Search and SearchPages.
	Type string `json:"type"`
	// ID is the id of a read.
	ID string `json:"id"`
	// Params are a search's parameters: the fields of the typed parameter
	// struct of the operation (or of Type, for Search and SearchPages), by
	// their Go names. Query, instead, searches with a Query of Type.
	Params json.RawMessage     `json:"params"`
	Query  map[string][]string `json:"query"`
	// Patient and Everything are the arguments of Everything.
	Patient    string                       `json:"patient"`
	Everything allcarefhir.EverythingParams `json:"everything"`
	// MaxPages sets WithMaxPages.
	MaxPages int `json:"maxPages"`
	// Partial makes an iteration's result hold what it yielded before an
	// error, and the error's view, instead of failing with the error.
	Partial bool `json:"partial"`

	// Token, when set, is the member's token: the FHIR client gets
	// Login.TokenSource(Token), which refreshes through the recorded token
	// endpoint; without it the client has a static bearer token. Refresh
	// takes it too.
	Token *allcarefhir.Token `json:"token"`
	// Scopes replace acScopes; AuthStyle is "header" or "params".
	Scopes    []string `json:"scopes"`
	AuthStyle string   `json:"authStyle"`
	// Clock moves the login's clock from acNow ("6m").
	Clock string `json:"clock"`
	// Form and Pending are the callback of HandleCallback and
	// CallbackHandler: the form the member's browser posts and the pending
	// login.
	Form    url.Values               `json:"form"`
	Pending *allcarefhir.AuthRequest `json:"pending"`
}

func strictDecode(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// savedTokenCount is an in-process store that counts the member tokens
// written to it.
type savedTokenCount struct {
	*rxbridge.MemoryStore
	mu sync.Mutex
	n  int
}

func (s *savedTokenCount) Set(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) error {
	if key.Namespace == "allcarefhir.token" {
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	}
	return s.MemoryStore.Set(ctx, key, value, ttl)
}

func (s *savedTokenCount) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.n
}

// acCall runs one operation against the recording. Reads, searches and
// discovery may be retried once (1 ms apart, Retry-After capped at 1 ms),
// so the recordings show what is retried; token requests never are.
func acCall(ctx context.Context, baseURL, op string, raw json.RawMessage) (any, error) {
	var a acArgs
	if len(raw) > 0 {
		if err := strictDecode(raw, &a); err != nil {
			return nil, fmt.Errorf("contract args: %w", err)
		}
	}
	hc, err := acHTTPClient(baseURL)
	if err != nil {
		return nil, err
	}
	now := acNow
	if a.Clock != "" {
		d, err := time.ParseDuration(a.Clock)
		if err != nil {
			return nil, fmt.Errorf("contract args: clock: %w", err)
		}
		now = now.Add(d)
	}
	scopes := acScopes
	if a.Scopes != nil {
		scopes = a.Scopes
	}
	var style oauth2.AuthStyle
	switch a.AuthStyle {
	case "":
	case "header":
		style = oauth2.AuthStyleInHeader
	case "params":
		style = oauth2.AuthStyleInParams
	default:
		return nil, fmt.Errorf("contract args: unknown authStyle %q", a.AuthStyle)
	}
	store := &savedTokenCount{MemoryStore: rxbridge.NewMemoryStore()}
	common := []allcarefhir.Option{
		rxbridge.WithHTTPClient(hc),
		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 1, WaitMin: time.Millisecond, WaitMax: time.Millisecond, MaxRetryAfter: time.Millisecond}),
		rxbridge.WithTimeout(30 * time.Second), // a guard: no call waits for it
	}
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: allcarefhir.CCOIssuer, ClientID: acClientID, ClientSecret: acClientSecret, RedirectURL: acRedirectURL,
		Scopes: scopes, AuthStyle: style, Now: func() time.Time { return now },
	}, append(slices.Clone(common), rxbridge.WithStore(store))...)
	if err != nil {
		return nil, err
	}
	var ts oauth2.TokenSource = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: acStaticToken, TokenType: "Bearer"})
	if a.Token != nil {
		ts = login.TokenSource(a.Token)
	}
	opts := common
	if a.MaxPages > 0 {
		opts = append(slices.Clone(common), allcarefhir.WithMaxPages(a.MaxPages))
	}
	c, err := allcarefhir.NewClient(ts, opts...)
	if err != nil {
		return nil, err
	}
	withSaved := func(v map[string]any, err error) (any, error) {
		if err != nil {
			return nil, err
		}
		v["tokensSaved"] = store.count()
		return v, nil
	}
	if op, ok := strings.CutPrefix(op, "Search"); ok && op != "" && op != "Pages" {
		return acTypedSearch(ctx, c, op, a)
	}
	switch op {
	case "Read":
		return viewRead(c.Read(ctx, a.Type, a.ID))
	case "ReadAs":
		return acReadAs(ctx, c, a)
	case "Patient":
		r, err := c.Patient(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		v := viewResource(r)
		if src, ok := ts.(*allcarefhir.TokenSource); ok {
			cur := src.Current()
			v["tokenAfter"] = map[string]any{"accessToken": cur.AccessToken, "refreshToken": cur.RefreshToken, "patient": cur.PatientID}
			v["tokensSaved"] = store.count()
		}
		return v, nil
	case "Coverage":
		return viewRead(c.Coverage(ctx, a.ID))
	case "ExplanationOfBenefit":
		return viewRead(c.ExplanationOfBenefit(ctx, a.ID))
	case "Organization":
		return viewRead(c.Organization(ctx, a.ID))
	case "Practitioner":
		return viewRead(c.Practitioner(ctx, a.ID))
	case "Capabilities":
		cs, err := c.Capabilities(ctx)
		if err != nil {
			return nil, err
		}
		return viewCapabilities(cs), nil
	case "Search", "SearchPages":
		p, err := acParams(a)
		if err != nil {
			return nil, err
		}
		if op == "Search" {
			return drain(allcarefhir.Search[allcarefhir.Resource](ctx, c, p), viewResource, a.Partial)
		}
		return drain(allcarefhir.SearchPages[allcarefhir.Resource](ctx, c, p), viewPage, a.Partial)
	case "Everything":
		return drain(c.Everything(ctx, a.Patient, a.Everything), viewResource, a.Partial)
	case "EverythingPages":
		return drain(c.EverythingPages(ctx, a.Patient, a.Everything), viewPage, a.Partial)

	case "Discover":
		d, err := login.Discover(ctx)
		if err != nil {
			return nil, err
		}
		return d, nil
	case "AuthCodeURL":
		req, err := login.AuthCodeURL(ctx)
		if err != nil {
			return nil, err
		}
		return viewAuthRequest(req, now)
	case "HandleCallback":
		if a.Pending != nil {
			if err := allcarefhir.PutPending(ctx, login, a.Pending); err != nil {
				return nil, err
			}
		}
		return withSaved(viewToken(login.HandleCallback(ctx, a.Form)))
	case "CallbackHandler":
		return withSaved(acCallbackHandler(ctx, login, a))
	case "Refresh":
		return withSaved(viewToken(login.Refresh(ctx, a.Token)))
	case "Token", "TokenContext":
		if a.Token == nil {
			return nil, errors.New("contract args: " + op + " needs a token")
		}
		src := login.TokenSource(a.Token)
		var ot *oauth2.Token
		if op == "Token" {
			ot, err = src.Token()
		} else {
			ot, err = src.TokenContext(ctx)
		}
		if err != nil {
			return nil, err
		}
		cur := src.Current()
		return withSaved(map[string]any{
			"accessToken": ot.AccessToken, "tokenType": ot.Type(), "expiresIn": expiresIn(ot.Expiry),
			"current": map[string]any{"refreshToken": cur.RefreshToken, "patient": cur.PatientID, "scope": cur.Scope},
		}, nil)
	}
	return nil, fmt.Errorf("contract: unknown operation %q", op)
}

// acSearchParams maps a resource type to its typed parameter struct.
var acSearchParams = map[string]func() allcarefhir.Params{
	"Patient":              func() allcarefhir.Params { return new(allcarefhir.PatientSearch) },
	"Coverage":             func() allcarefhir.Params { return new(allcarefhir.CoverageSearch) },
	"ExplanationOfBenefit": func() allcarefhir.Params { return new(allcarefhir.ExplanationOfBenefitSearch) },
	"Condition":            func() allcarefhir.Params { return new(allcarefhir.ConditionSearch) },
	"Observation":          func() allcarefhir.Params { return new(allcarefhir.ObservationSearch) },
	"AllergyIntolerance":   func() allcarefhir.Params { return new(allcarefhir.AllergyIntoleranceSearch) },
	"Immunization":         func() allcarefhir.Params { return new(allcarefhir.ImmunizationSearch) },
	"Procedure":            func() allcarefhir.Params { return new(allcarefhir.ProcedureSearch) },
	"MedicationRequest":    func() allcarefhir.Params { return new(allcarefhir.MedicationRequestSearch) },
	"DiagnosticReport":     func() allcarefhir.Params { return new(allcarefhir.DiagnosticReportSearch) },
	"DocumentReference":    func() allcarefhir.Params { return new(allcarefhir.DocumentReferenceSearch) },
	"CarePlan":             func() allcarefhir.Params { return new(allcarefhir.CarePlanSearch) },
	"CareTeam":             func() allcarefhir.Params { return new(allcarefhir.CareTeamSearch) },
	"Goal":                 func() allcarefhir.Params { return new(allcarefhir.GoalSearch) },
	"Device":               func() allcarefhir.Params { return new(allcarefhir.DeviceSearch) },
	"Encounter":            func() allcarefhir.Params { return new(allcarefhir.EncounterSearch) },
	"MedicationKnowledge":  func() allcarefhir.Params { return new(allcarefhir.FormularySearch) },
	"List":                 func() allcarefhir.Params { return new(allcarefhir.CoveragePlanSearch) },
}

// acParams builds the Params of Search and SearchPages: a Query, or the
// typed struct of args.type.
func acParams(a acArgs) (allcarefhir.Params, error) {
	if a.Query != nil {
		return allcarefhir.Query{Type: a.Type, Values: a.Query}, nil
	}
	mk, ok := acSearchParams[a.Type]
	if !ok {
		return nil, fmt.Errorf("contract args: no typed parameters for %q", a.Type)
	}
	p := mk()
	if err := strictDecode(a.Params, p); err != nil {
		return nil, fmt.Errorf("contract args: params: %w", err)
	}
	return reflect.ValueOf(p).Elem().Interface().(allcarefhir.Params), nil
}

// decodeParams decodes args.params into a new P.
func decodeParams[P any](a acArgs) (P, error) {
	var p P
	if err := strictDecode(a.Params, &p); err != nil {
		return p, fmt.Errorf("contract args: params: %w", err)
	}
	return p, nil
}

// typedSearch decodes the parameters and drains the typed search.
func typedSearch[P any, T allcarefhir.Resource](a acArgs, search func(P) iter.Seq2[T, error]) (any, error) {
	p, err := decodeParams[P](a)
	if err != nil {
		return nil, err
	}
	return drain(search(p), func(r T) map[string]any { return viewResource(r) }, a.Partial)
}

// acTypedSearch runs Client.Search<name>.
func acTypedSearch(ctx context.Context, c *allcarefhir.Client, name string, a acArgs) (any, error) {
	switch name {
	case "Patient":
		return typedSearch(a, func(p allcarefhir.PatientSearch) iter.Seq2[*allcarefhir.Patient, error] {
			return c.SearchPatient(ctx, p)
		})
	case "Coverage":
		return typedSearch(a, func(p allcarefhir.CoverageSearch) iter.Seq2[*allcarefhir.Coverage, error] {
			return c.SearchCoverage(ctx, p)
		})
	case "ExplanationOfBenefit":
		return typedSearch(a, func(p allcarefhir.ExplanationOfBenefitSearch) iter.Seq2[*allcarefhir.ExplanationOfBenefit, error] {
			return c.SearchExplanationOfBenefit(ctx, p)
		})
	case "Condition":
		return typedSearch(a, func(p allcarefhir.ConditionSearch) iter.Seq2[*allcarefhir.Condition, error] {
			return c.SearchCondition(ctx, p)
		})
	case "Observation":
		return typedSearch(a, func(p allcarefhir.ObservationSearch) iter.Seq2[*allcarefhir.Observation, error] {
			return c.SearchObservation(ctx, p)
		})
	case "AllergyIntolerance":
		return typedSearch(a, func(p allcarefhir.AllergyIntoleranceSearch) iter.Seq2[*allcarefhir.AllergyIntolerance, error] {
			return c.SearchAllergyIntolerance(ctx, p)
		})
	case "Immunization":
		return typedSearch(a, func(p allcarefhir.ImmunizationSearch) iter.Seq2[*allcarefhir.Immunization, error] {
			return c.SearchImmunization(ctx, p)
		})
	case "Procedure":
		return typedSearch(a, func(p allcarefhir.ProcedureSearch) iter.Seq2[*allcarefhir.Procedure, error] {
			return c.SearchProcedure(ctx, p)
		})
	case "MedicationRequest":
		return typedSearch(a, func(p allcarefhir.MedicationRequestSearch) iter.Seq2[*allcarefhir.MedicationRequest, error] {
			return c.SearchMedicationRequest(ctx, p)
		})
	case "DiagnosticReport":
		return typedSearch(a, func(p allcarefhir.DiagnosticReportSearch) iter.Seq2[*allcarefhir.DiagnosticReport, error] {
			return c.SearchDiagnosticReport(ctx, p)
		})
	case "DocumentReference":
		return typedSearch(a, func(p allcarefhir.DocumentReferenceSearch) iter.Seq2[*allcarefhir.DocumentReference, error] {
			return c.SearchDocumentReference(ctx, p)
		})
	case "CarePlan":
		return typedSearch(a, func(p allcarefhir.CarePlanSearch) iter.Seq2[*allcarefhir.CarePlan, error] {
			return c.SearchCarePlan(ctx, p)
		})
	case "CareTeam":
		return typedSearch(a, func(p allcarefhir.CareTeamSearch) iter.Seq2[*allcarefhir.CareTeam, error] {
			return c.SearchCareTeam(ctx, p)
		})
	case "Goal":
		return typedSearch(a, func(p allcarefhir.GoalSearch) iter.Seq2[*allcarefhir.Goal, error] { return c.SearchGoal(ctx, p) })
	case "Device":
		return typedSearch(a, func(p allcarefhir.DeviceSearch) iter.Seq2[*allcarefhir.Device, error] { return c.SearchDevice(ctx, p) })
	case "Encounter":
		return typedSearch(a, func(p allcarefhir.EncounterSearch) iter.Seq2[*allcarefhir.Encounter, error] {
			return c.SearchEncounter(ctx, p)
		})
	case "Formulary":
		return typedSearch(a, func(p allcarefhir.FormularySearch) iter.Seq2[*allcarefhir.MedicationKnowledge, error] {
			return c.SearchFormulary(ctx, p)
		})
	case "CoveragePlans":
		return typedSearch(a, func(p allcarefhir.CoveragePlanSearch) iter.Seq2[*allcarefhir.List, error] {
			return c.SearchCoveragePlans(ctx, p)
		})
	}
	return nil, fmt.Errorf("contract: unknown operation Search%s", name)
}

// readAs runs ReadAs[T].
func readAs[T allcarefhir.Resource](ctx context.Context, c *allcarefhir.Client, id string) (any, error) {
	r, err := allcarefhir.ReadAs[T](ctx, c, id)
	if err != nil {
		return nil, err
	}
	return viewResource(r), nil
}

// acReadAs runs ReadAs with the type parameter args.type names.
func acReadAs(ctx context.Context, c *allcarefhir.Client, a acArgs) (any, error) {
	switch a.Type {
	case "Condition":
		return readAs[*allcarefhir.Condition](ctx, c, a.ID)
	case "MedicationRequest":
		return readAs[*allcarefhir.MedicationRequest](ctx, c, a.ID)
	case "Observation":
		return readAs[*allcarefhir.Observation](ctx, c, a.ID)
	case "MedicationKnowledge":
		return readAs[*allcarefhir.MedicationKnowledge](ctx, c, a.ID)
	}
	return nil, fmt.Errorf("contract args: ReadAs of %q", a.Type)
}

// drain collects an iteration's views. With partial, the result holds the
// items yielded before an error and the error's view.
func drain[T any](seq iter.Seq2[T, error], view func(T) map[string]any, partial bool) (any, error) {
	items := []any{}
	for v, err := range seq {
		if err != nil {
			if partial {
				return map[string]any{"items": items, "error": viewError(err)}, nil
			}
			return nil, err
		}
		items = append(items, view(v))
	}
	if partial {
		return map[string]any{"items": items, "error": nil}, nil
	}
	return items, nil
}

// acCallbackHandler posts the contract's form to CallbackHandler, as the
// member's browser does, and returns what the handler answered and handed
// to the application.
func acCallbackHandler(ctx context.Context, login *allcarefhir.Login, a acArgs) (map[string]any, error) {
	var gotTok *allcarefhir.Token
	var gotErr error
	if a.Pending != nil {
		if err := allcarefhir.PutPending(ctx, login, a.Pending); err != nil {
			return nil, err
		}
	}
	h := login.CallbackHandler(func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
		gotTok, gotErr = tok, err
		if err != nil {
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	})
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, acRedirectURL, strings.NewReader(a.Form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if gotErr != nil {
		return nil, gotErr
	}
	v, err := viewToken(gotTok, nil)
	if err != nil {
		return nil, err
	}
	v["handlerStatus"] = rec.Code
	v["handlerLocation"] = rec.Header().Get("Location")
	v["handlerCacheControl"] = rec.Header().Get("Cache-Control")
	return v, nil
}

// Views: what the SDK decoded, as typed Go values. A resource view names
// the Go type it decoded into, its id, the members it kept without a field
// (Unmodeled) and the typed fields and helpers that matter for it.

func viewRead[T allcarefhir.Resource](r T, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	return viewResource(r), nil
}

func put(m map[string]any, k string, v any) {
	switch x := v.(type) {
	case nil:
		return
	case string:
		if x == "" {
			return
		}
	case []string:
		if len(x) == 0 {
			return
		}
	case []any:
		if len(x) == 0 {
			return
		}
	case map[string]any:
		if len(x) == 0 {
			return
		}
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
		return
	}
	m[k] = v
}

// ref renders a reference as its text (or its identifier's system|value).
func ref(r *allcarefhir.Reference) any {
	switch {
	case r == nil:
		return nil
	case r.Reference != "":
		return r.Reference
	case r.Identifier != nil:
		return "identifier " + r.Identifier.System + "|" + r.Identifier.Value
	case r.Display != "":
		return "display " + r.Display
	}
	return nil
}

func refs(rs []allcarefhir.Reference) []string {
	out := []string{}
	for i := range rs {
		if s, ok := ref(&rs[i]).(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// codes renders a CodeableConcept as its system|code list (and text).
func codes(c *allcarefhir.CodeableConcept) any {
	if c == nil {
		return nil
	}
	out := []string{}
	for _, cd := range c.Coding {
		out = append(out, cd.System+"|"+cd.Code)
	}
	if c.Text != "" {
		out = append(out, "text: "+c.Text)
	}
	return out
}

func codesList(cs []allcarefhir.CodeableConcept) []any {
	out := []any{}
	for i := range cs {
		out = append(out, codes(&cs[i]))
	}
	return out
}

func identifiers(ids []allcarefhir.Identifier) []string {
	out := []string{}
	for _, id := range ids {
		out = append(out, id.System+"|"+id.Value)
	}
	return out
}

func period(p *allcarefhir.Period) any {
	if p == nil {
		return nil
	}
	return string(p.Start) + "/" + string(p.End)
}

func money(m *allcarefhir.Money) any {
	if m == nil {
		return nil
	}
	return m.Value.String() + " " + m.Currency
}

func boolPtr(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

// choice renders a choice element's value and its type suffix.
func choice(v any, typ string) any {
	if typ == "" {
		return nil
	}
	if q, ok := v.(*allcarefhir.Quantity); ok {
		return map[string]any{"type": typ, "value": q.Value.String() + " " + q.Unit}
	}
	return map[string]any{"type": typ, "value": v}
}

func extensionURLs(exts []allcarefhir.Extension) []string {
	out := []string{}
	for _, x := range exts {
		out = append(out, x.URL)
	}
	return out
}

func containedIDs(cs []allcarefhir.Resource) []string {
	out := []string{}
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%T %s", c, c.ResourceID()))
	}
	return out
}

func viewResource(r allcarefhir.Resource) map[string]any {
	if r == nil || (reflect.ValueOf(r).Kind() == reflect.Pointer && reflect.ValueOf(r).IsNil()) {
		return nil
	}
	v := map[string]any{"goType": fmt.Sprintf("%T", r), "resourceType": r.ResourceType(), "id": r.ResourceID()}
	if u, ok := r.(interface {
		Unmodeled() map[string]json.RawMessage
	}); ok {
		put(v, "unmodeled", slices.Sorted(maps.Keys(u.Unmodeled())))
	}
	switch x := r.(type) {
	case *allcarefhir.Patient:
		names := []string{}
		for _, n := range x.Name {
			name := strings.TrimSpace(strings.Join(n.Given, " ") + " " + n.Family)
			if n.Use != "" {
				name = n.Use + ": " + name
			}
			names = append(names, name)
		}
		put(v, "identifier", identifiers(x.Identifier))
		put(v, "name", names)
		put(v, "gender", x.Gender)
		put(v, "birthDate", string(x.BirthDate))
		if pe := x.PrimitiveExtension("birthDate"); pe != nil {
			put(v, "birthDateExtensions", extensionURLs(pe.Extensions()))
		}
		put(v, "extensions", extensionURLs(x.Extension))
		put(v, "managingOrganization", ref(x.ManagingOrganization))
	case *allcarefhir.Coverage:
		put(v, "status", x.Status)
		put(v, "type", codes(x.Type))
		put(v, "beneficiary", ref(x.Beneficiary))
		put(v, "subscriberId", x.SubscriberID)
		put(v, "relationship", codes(x.Relationship))
		put(v, "period", period(x.Period))
		put(v, "payor", refs(x.Payor))
		put(v, "plan", x.ClassValue(allcarefhir.CoverageClassPlan))
		put(v, "group", x.ClassValue(allcarefhir.CoverageClassGroup))
	case *allcarefhir.ExplanationOfBenefit:
		put(v, "status", x.Status)
		put(v, "type", codes(x.Type))
		put(v, "use", x.Use)
		put(v, "outcome", x.Outcome)
		put(v, "patient", ref(x.Patient))
		put(v, "insurer", ref(x.Insurer))
		put(v, "provider", ref(x.Provider))
		put(v, "billablePeriod", period(x.BillablePeriod))
		put(v, "created", string(x.Created))
		coverage := []string{}
		for _, in := range x.Insurance {
			if s, ok := ref(in.Coverage).(string); ok {
				coverage = append(coverage, s)
			}
		}
		put(v, "insurance", coverage)
		v["items"] = len(x.Item)
		v["supportingInfo"] = len(x.SupportingInfo)
		put(v, "totalSubmitted", money(x.TotalAmount("submitted")))
		put(v, "totalPaidToProvider", money(x.TotalAmount("paidtoprovider")))
		put(v, "totalPaidByPatient", money(x.TotalAmount("paidbypatient")))
		put(v, "contained", containedIDs(x.Contained))
	case *allcarefhir.Organization:
		put(v, "name", x.Name)
		put(v, "identifier", identifiers(x.Identifier))
		put(v, "active", boolPtr(x.Active))
		put(v, "type", codesList(x.Type))
	case *allcarefhir.Practitioner:
		names := []string{}
		for _, n := range x.Name {
			names = append(names, strings.TrimSpace(strings.Join(n.Given, " ")+" "+n.Family))
		}
		put(v, "name", names)
		put(v, "identifier", identifiers(x.Identifier))
	case *allcarefhir.Condition:
		put(v, "clinicalStatus", codes(x.ClinicalStatus))
		put(v, "verificationStatus", codes(x.VerificationStatus))
		put(v, "category", codesList(x.Category))
		put(v, "code", codes(x.Code))
		put(v, "subject", ref(x.Subject))
		put(v, "onsetDateTime", string(x.OnsetDateTime))
	case *allcarefhir.Observation:
		put(v, "status", x.Status)
		put(v, "category", codesList(x.Category))
		put(v, "code", codes(x.Code))
		put(v, "subject", ref(x.Subject))
		put(v, "effectiveDateTime", string(x.EffectiveDateTime))
		put(v, "value", choice(x.Value()))
		comps := []any{}
		for i := range x.Component {
			comps = append(comps, map[string]any{"code": codes(x.Component[i].Code), "value": choice(x.Component[i].Value())})
		}
		put(v, "component", comps)
	case *allcarefhir.AllergyIntolerance:
		put(v, "clinicalStatus", codes(x.ClinicalStatus))
		put(v, "criticality", x.Criticality)
		put(v, "category", x.Category)
		put(v, "code", codes(x.Code))
		put(v, "patient", ref(x.Patient))
		v["reactions"] = len(x.Reaction)
	case *allcarefhir.Immunization:
		put(v, "status", x.Status)
		put(v, "vaccineCode", codes(x.VaccineCode))
		put(v, "patient", ref(x.Patient))
		put(v, "occurrenceDateTime", string(x.OccurrenceDateTime))
	case *allcarefhir.Procedure:
		put(v, "status", x.Status)
		put(v, "code", codes(x.Code))
		put(v, "subject", ref(x.Subject))
		put(v, "performedDateTime", string(x.PerformedDateTime))
		put(v, "performedPeriod", period(x.PerformedPeriod))
	case *allcarefhir.MedicationRequest:
		put(v, "status", x.Status)
		put(v, "intent", x.Intent)
		put(v, "subject", ref(x.Subject))
		put(v, "authoredOn", string(x.AuthoredOn))
		put(v, "medicationCodeableConcept", codes(x.MedicationCodeableConcept))
		put(v, "medicationReference", ref(x.MedicationReference))
		if med := x.Medication(); med != nil {
			v["medication (contained)"] = map[string]any{"id": med.ID, "code": codes(med.Code)}
		}
		put(v, "contained", containedIDs(x.Contained))
	case *allcarefhir.Medication:
		put(v, "code", codes(x.Code))
	case *allcarefhir.DiagnosticReport:
		put(v, "status", x.Status)
		put(v, "category", codesList(x.Category))
		put(v, "code", codes(x.Code))
		put(v, "subject", ref(x.Subject))
		put(v, "effectiveDateTime", string(x.EffectiveDateTime))
		put(v, "result", refs(x.Result))
	case *allcarefhir.DocumentReference:
		put(v, "status", x.Status)
		put(v, "type", codes(x.Type))
		put(v, "category", codesList(x.Category))
		put(v, "subject", ref(x.Subject))
		put(v, "date", string(x.Date))
		types := []string{}
		for _, ct := range x.Content {
			if ct.Attachment != nil {
				types = append(types, ct.Attachment.ContentType+" "+ct.Attachment.URL)
			}
		}
		put(v, "content", types)
	case *allcarefhir.CarePlan:
		put(v, "status", x.Status)
		put(v, "intent", x.Intent)
		put(v, "category", codesList(x.Category))
		put(v, "subject", ref(x.Subject))
		put(v, "period", period(x.Period))
	case *allcarefhir.CareTeam:
		put(v, "status", x.Status)
		put(v, "subject", ref(x.Subject))
		members := []string{}
		for _, p := range x.Participant {
			if s, ok := ref(p.Member).(string); ok {
				members = append(members, s)
			}
		}
		put(v, "participants", members)
	case *allcarefhir.Goal:
		put(v, "lifecycleStatus", x.LifecycleStatus)
		put(v, "description", codes(x.Description))
		put(v, "subject", ref(x.Subject))
		dates := []string{}
		for _, t := range x.Target {
			dates = append(dates, string(t.DueDate))
		}
		put(v, "targetDueDates", dates)
	case *allcarefhir.Device:
		put(v, "status", x.Status)
		put(v, "type", codes(x.Type))
		put(v, "patient", ref(x.Patient))
		udi := []string{}
		for _, u := range x.UDICarrier {
			udi = append(udi, u.DeviceIdentifier)
		}
		put(v, "udiDeviceIdentifiers", udi)
	case *allcarefhir.Encounter:
		put(v, "status", x.Status)
		if x.Class != nil {
			v["class"] = x.Class.System + "|" + x.Class.Code
		}
		put(v, "type", codesList(x.Type))
		put(v, "subject", ref(x.Subject))
		put(v, "period", period(x.Period))
	case *allcarefhir.MedicationKnowledge:
		put(v, "status", x.Status)
		put(v, "code", codes(x.Code))
		put(v, "planID", x.PlanID())
		put(v, "drugTier", codes(x.DrugTier()))
		put(v, "priorAuthorization", boolPtr(x.PriorAuthorization()))
		put(v, "stepTherapyLimit", boolPtr(x.StepTherapyLimit()))
		put(v, "quantityLimit", boolPtr(x.QuantityLimit()))
	case *allcarefhir.List:
		put(v, "status", x.Status)
		put(v, "mode", x.Mode)
		put(v, "title", x.Title)
		put(v, "code", codes(x.Code))
		put(v, "identifier", identifiers(x.Identifier))
		items := []string{}
		for _, e := range x.Entry {
			if s, ok := ref(e.Item).(string); ok {
				items = append(items, s)
			}
		}
		put(v, "entries", items)
	case *allcarefhir.OperationOutcome:
		put(v, "issues", viewIssues(x))
	}
	return v
}

func viewIssues(oo *allcarefhir.OperationOutcome) []any {
	if oo == nil {
		return nil
	}
	out := []any{}
	for _, is := range oo.Issue {
		m := map[string]any{"severity": is.Severity, "code": is.Code}
		put(m, "diagnostics", is.Diagnostics)
		put(m, "details", codes(is.Details))
		out = append(out, m)
	}
	return out
}

// viewPage renders one page of SearchPages or EverythingPages.
func viewPage[T allcarefhir.Resource](p *allcarefhir.Page[T]) map[string]any {
	v := map[string]any{"noData": p.NoData}
	if n, ok := p.Total(); ok {
		v["total"] = n
	}
	if p.Bundle != nil {
		v["bundleType"] = p.Bundle.Type
		links := map[string]any{}
		for _, l := range p.Bundle.Link {
			links[l.Relation] = l.URL
		}
		put(v, "links", links)
		v["entries"] = len(p.Bundle.Entry)
	}
	matches := []any{}
	for _, m := range p.Matches {
		matches = append(matches, viewResource(m))
	}
	v["matches"] = matches
	included := []any{}
	for _, r := range p.Included {
		included = append(included, viewResource(r))
	}
	v["included"] = included
	put(v, "outcome", viewIssues(p.Outcome))
	return v
}

func viewCapabilities(cs *allcarefhir.CapabilityStatement) map[string]any {
	v := viewResource(cs)
	put(v, "fhirVersion", cs.FHIRVersion)
	put(v, "kind", cs.Kind)
	put(v, "format", cs.Format)
	put(v, "implementationGuide", cs.ImplementationGuide)
	types := []string{}
	for _, rest := range cs.Rest {
		for _, r := range rest.Resource {
			types = append(types, r.Type)
		}
	}
	v["resourceTypes"] = types
	v["eobSearchParams"] = cs.SearchParams("ExplanationOfBenefit")
	v["eobReadAndSearch"] = cs.SupportsInteraction("ExplanationOfBenefit", "read") && cs.SupportsInteraction("ExplanationOfBenefit", "search-type")
	v["eobIncludePatient"] = cs.SupportsInclude("ExplanationOfBenefit", allcarefhir.IncludeEOBPatient)
	v["coverageIncludePayor"] = cs.SupportsInclude("Coverage", allcarefhir.IncludeCoveragePayor)
	v["patientEverything"] = cs.SupportsOperation("Patient", "$everything")
	return v
}

// expiresIn renders a token's lifetime from now, to the minute (x/oauth2
// computes the expiry from the real clock and expires_in).
func expiresIn(t time.Time) string {
	if t.IsZero() {
		return "none"
	}
	return time.Until(t).Round(time.Minute).String()
}

// jwtClaims decodes (without verifying) the claims of a JWT that a
// recording holds, to show which one the SDK kept.
func jwtClaims(raw string) any {
	if raw == "" {
		return nil
	}
	parts := strings.Split(raw, ".")
	if len(parts) != 3 {
		return "not a JWT"
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[1])
	if err != nil {
		return "not a JWT"
	}
	var c map[string]any
	if err := json.Unmarshal(b, &c); err != nil {
		return "not a JWT"
	}
	out := map[string]any{}
	for _, k := range []string{"sub", "nonce", "at_hash", "c_hash"} {
		put(out, k, c[k])
	}
	return out
}

func viewToken(tok *allcarefhir.Token, err error) (map[string]any, error) {
	if err != nil {
		return nil, err
	}
	return map[string]any{
		"accessToken":   tok.AccessToken,
		"tokenType":     tok.TokenType,
		"refreshToken":  tok.RefreshToken,
		"expiresIn":     expiresIn(tok.Expiry),
		"scope":         tok.Scope,
		"patient":       tok.PatientID,
		"issuer":        tok.Issuer,
		"subject":       tok.Subject,
		"idTokenClaims": jwtClaims(tok.IDToken),
	}, nil
}

// viewAuthRequest renders a pending login and its authorization URL; the
// random values are shown by what they must be, not by value.
func viewAuthRequest(req *allcarefhir.AuthRequest, now time.Time) (any, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, err
	}
	params := map[string]any{}
	for k, vs := range u.Query() {
		params[k] = strings.Join(vs, ",")
	}
	random := func(name, got, want string) {
		switch {
		case got != want:
			params[name] = "MISMATCH: not the AuthRequest's value"
		case len(got) < 43:
			params[name] = fmt.Sprintf("too short: %d characters", len(got))
		default:
			params[name] = "the AuthRequest's random value (at least 256 bits)"
		}
	}
	random("state", u.Query().Get("state"), req.State)
	random("nonce", u.Query().Get("nonce"), req.Nonce)
	if req.CodeVerifier != "" {
		sum := sha256.Sum256([]byte(req.CodeVerifier))
		random("code_challenge", u.Query().Get("code_challenge"), base64.RawURLEncoding.EncodeToString(sum[:]))
		if params["code_challenge"] == "the AuthRequest's random value (at least 256 bits)" {
			params["code_challenge"] = "S256 of the AuthRequest's code verifier"
		}
	}
	return map[string]any{
		"endpoint":        u.Scheme + "://" + u.Host + u.Path,
		"params":          params,
		"issuer":          req.Issuer,
		"redirectURL":     req.RedirectURL,
		"scopes":          req.Scopes,
		"createdAtClock":  req.Created.Equal(now),
		"hasCodeVerifier": req.CodeVerifier != "",
	}, nil
}

// acErrorFields extracts the HTTP status and code: the FHIR error's status
// and OperationOutcome issue type, or the login error's OAuth error code
// (the token endpoint's status is in the detail view).
func acErrorFields(err error) (int, string, bool) {
	var e *allcarefhir.Error
	if errors.As(err, &e) {
		return e.HTTPStatus, e.Code, true
	}
	var le *allcarefhir.LoginError
	if errors.As(err, &le) {
		return 0, le.Code, true
	}
	return 0, "", false
}

// viewError renders an error: its text, every sentinel it matches and the
// fields of the typed error it is.
func viewError(err error) map[string]any {
	v := map[string]any{"text": err.Error(), "is": matchingSentinels(err)}
	var e *allcarefhir.Error
	if errors.As(err, &e) {
		fe := map[string]any{
			"op": e.Op, "method": e.Method, "route": e.Route,
			"httpStatus": e.HTTPStatus, "code": e.Code, "meaning": e.Meaning, "message": e.Message,
			"contentType": e.ContentType, "attempts": e.Attempts,
		}
		put(fe, "outcome", viewIssues(e.Outcome))
		v["fhir"] = fe
	}
	var le *allcarefhir.LoginError
	if errors.As(err, &le) {
		lv := map[string]any{"step": le.Step, "reason": le.Reason, "code": le.Code, "description": le.Description}
		if cause := le.Unwrap(); cause != nil {
			lv["cause"] = cause.Error()
		}
		v["login"] = lv
	}
	var ue *allcarefhir.UnexpectedResourceError
	if errors.As(err, &ue) {
		m := map[string]any{"op": ue.Op, "want": ue.Want, "got": ue.Got}
		put(m, "outcome", viewIssues(ue.Outcome))
		v["unexpected"] = m
	}
	var se *allcarefhir.ScopeError
	if errors.As(err, &se) {
		v["unsupportedScopes"] = se.Unsupported
	}
	return v
}

func acErrorDetail(err error) any { return viewError(err) }

// matchingSentinels returns the names of the sentinels err matches.
func matchingSentinels(err error) []string {
	out := []string{}
	for name, s := range acSentinels {
		if errors.Is(err, s) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

func TestContract(t *testing.T) {
	covered := contract.Run(t, acContractDir, contract.Provider{
		Name:        "allcarefhir",
		Call:        acCall,
		Sentinels:   acSentinels,
		ErrorFields: acErrorFields,
		ErrorDetail: acErrorDetail,
	})
	ops := acOperations(t)
	contract.RequireOps(t, covered, ops...)
}

// acOperations lists every exported operation that makes HTTP calls: the
// methods of *Client, *Login and *TokenSource, and the package's generic
// functions that take a *Client. A new one fails TestContract until it has
// a recording (or is listed here as making no call).
func acOperations(t *testing.T) []string {
	t.Helper()
	// Methods that make no call of their own: BaseURL returns the
	// configured base; Login.TokenSource wraps a token (its TokenContext
	// and Token make the calls); Current, Invalidate and PatientID read or
	// mark the token.
	var ops []string
	ops = append(ops, contract.Methods(reflect.TypeFor[*allcarefhir.Client](), "BaseURL")...)
	ops = append(ops, contract.Methods(reflect.TypeFor[*allcarefhir.Login](), "TokenSource", "MemberTokenSource")...)
	ops = append(ops, contract.Methods(reflect.TypeFor[*allcarefhir.TokenSource](), "Current", "Invalidate", "PatientID")...)
	ops = append(ops, exportedClientFuncs(t)...)
	slices.Sort(ops)
	require.Equal(t, []string{
		"AuthCodeURL", "CallbackHandler", "Capabilities", "Coverage", "Discover", "Everything", "EverythingPages",
		"ExplanationOfBenefit", "HandleCallback", "Organization", "Patient", "Practitioner", "Read", "ReadAs", "Refresh",
		"Search", "SearchAllergyIntolerance", "SearchCarePlan", "SearchCareTeam", "SearchCondition", "SearchCoverage",
		"SearchCoveragePlans", "SearchDevice", "SearchDiagnosticReport", "SearchDocumentReference", "SearchEncounter",
		"SearchExplanationOfBenefit", "SearchFormulary", "SearchGoal", "SearchImmunization", "SearchMedicationRequest",
		"SearchObservation", "SearchPages", "SearchPatient", "SearchProcedure", "Token", "TokenContext",
	}, ops, "the operations that make HTTP calls")
	return ops
}

// exportedClientFuncs returns the package's exported functions with a
// *Client parameter (ReadAs, Search, SearchPages).
func exportedClientFuncs(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, f := range parsePackage(t) {
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() {
				continue
			}
			for _, p := range fd.Type.Params.List {
				if star, ok := p.Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok && id.Name == "Client" {
						out = append(out, fd.Name.Name)
					}
				}
			}
		}
	}
	return out
}

// parsePackage parses the package's non-test files.
func parsePackage(t *testing.T) []*ast.File {
	t.Helper()
	paths, err := filepath.Glob("*.go")
	require.NoError(t, err)
	fset := token.NewFileSet()
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, parser.SkipObjectResolution)
		require.NoError(t, err)
		files = append(files, f)
	}
	return files
}

// TestContractCredentialRules checks every recorded request: FHIR calls
// carry "Bearer *" (the token is never recorded) and ask for
// application/fhir+json; discovery and JWKS carry no credential; the token
// endpoint gets HTTP Basic ("Basic *"), or the client secret in the form
// only where the issuer lists client_secret_post alone; nothing carries an
// Idempotency-Key (every FHIR call is a read).
func TestContractCredentialRules(t *testing.T) {
	files, err := contract.Load(acContractDir)
	require.NoError(t, err)
	for _, f := range files {
		for i, st := range f.Steps {
			r := st.Request
			where := fmt.Sprintf("%s step %d (%s %s)", f.Name, i+1, r.Method, r.Path)
			assert.Equal(t, "-", r.Headers["Idempotency-Key"], where)
			switch {
			case strings.HasPrefix(r.Path, "/.well-known/"):
				assert.Equal(t, http.MethodGet, r.Method, where)
				assert.Equal(t, "-", r.Headers["Authorization"], where)
			case r.Path == "/connect/token":
				assert.Equal(t, http.MethodPost, r.Method, where)
				assert.Equal(t, "application/x-www-form-urlencoded", r.Headers["Content-Type"], where)
				if r.Form.Has("client_secret") {
					assert.Equal(t, "-", r.Headers["Authorization"], where)
				} else {
					assert.Equal(t, "Basic *", r.Headers["Authorization"], where)
				}
			default:
				assert.Equal(t, http.MethodGet, r.Method, where)
				assert.Equal(t, "Bearer *", r.Headers["Authorization"], where)
				assert.Equal(t, allcarefhir.FHIRContentType, r.Headers["Accept"], where)
			}
		}
	}
}

// TestContractSentinelsAreComplete checks that acSentinels names every
// exported Err variable of the package.
func TestContractSentinelsAreComplete(t *testing.T) {
	declared, err := contract.ErrVars(".")
	require.NoError(t, err)
	assert.ElementsMatch(t, declared, slices.Collect(maps.Keys(acSentinels)))
}
