package reliability

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"iter"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
)

// allCare is AllCare's Patient Access API: an OpenID Connect member login
// (the issuer) and a FHIR R4 server (the FHIR base), two hosts of one
// fake. A FHIR operation's proxy sits on the FHIR base; the client under
// test reads with an access token the fake issued. A login operation's
// proxy sits on the issuer: the login under test keeps the fake's issuer
// URL (the discovery document, the id_tokens' iss and the token endpoint
// all name it) and its transport dials the proxy for the issuer's host, so
// discovery, JWKS and token requests pass the proxy like any network hop.
var allCare = &provider{
	name: "allcarefhir",
	// No credential to fetch: the warm-up only opens the keep-alive case's
	// connection.
	warmForKeepAliveOnly: true,
	start: func(t *testing.T, route string, cfg clientConfig) *fixture {
		srv := allcarefhirtest.NewServer(
			allcarefhirtest.WithSigningKey(acKey()),
			allcarefhirtest.WithClient(canaryACClientID, canaryACSecret),
			allcarefhirtest.WithPatientID(canaryACPatient),
			allcarefhirtest.WithTokens(acToken),
			allcarefhirtest.WithEOBCount(acEOBs),
		)
		t.Cleanup(srv.Close)
		// Every id_token carries the member's name and email (base64url in
		// the JWT; planted whole as a credential), and every one the token
		// endpoint issues is noted for the scan.
		srv.MutateIDToken(func(_ string, _, claims map[string]any) {
			claims["name"] = canaryGiven + " " + canaryFamily
			claims["email"] = canaryEmail
		})
		srv.MutateTokenResponse(func(_ string, resp map[string]any) {
			if idt, ok := resp["id_token"].(string); ok {
				suite.plant(idt)
			}
		})
		if acLoginRoute(route) {
			return acLoginFixture(t, srv, route, cfg)
		}
		px := newProxy(t, srv.FHIRBaseURL, route)
		opts := []ac.Option{
			rxbridge.WithBaseURL(px.URL), rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger),
			rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout),
		}
		if cfg.maxBytes > 0 {
			opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
		}
		opts = append(opts, cfg.telemetry...)
		ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: srv.IssueAccessToken(), TokenType: "Bearer"})
		c, err := ac.NewClient(ts, opts...)
		require.NoError(t, err)
		return &fixture{proxy: px, client: c, fake: srv}
	},
	warm: func(ctx context.Context, fx *fixture) error {
		switch c := fx.client.(type) {
		case *ac.Client:
			_, err := c.Capabilities(ctx)
			return err
		case *acLogins:
			// Another Login on the same transport: it opens the keep-alive
			// connection to the proxy and leaves the discovery cache of
			// the login under test empty.
			_, err := c.warm.Discover(ctx)
			return err
		}
		return errors.New("allcarefhir: unknown client under test")
	},
	typed: func(err error) (int, int, bool) {
		var e *ac.Error
		if errors.As(err, &e) {
			return e.HTTPStatus, e.Attempts, true
		}
		return 0, 0, false
	},
}

// acKey signs the id_tokens of every AllCare fake of the suite (a 2048-bit
// key per case would dominate the suite's CPU time under -race).
var acKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("reliability: rsa.GenerateKey: " + err.Error())
	}
	return k
})

// acSeq numbers the credentials the fakes issue.
var acSeq atomic.Int64

// acToken makes the fake's codes and tokens from the canary prefixes.
func acToken(kind string) string {
	n := strconv.FormatInt(acSeq.Add(1), 10)
	switch kind {
	case allcarefhirtest.TokenCode:
		return canaryACCode + n
	case allcarefhirtest.TokenRefresh:
		return canaryACRefresh + n
	}
	return canaryACAccess + n
}

const (
	// acEOBs is how many claims the member has; acPage the page size of
	// the paging operations: Search and EverythingPages read 3 pages.
	acEOBs     = 5
	acPage     = 2
	acEOBPages = (acEOBs + acPage - 1) / acPage
	// acRedirect is the application's redirect URI.
	acRedirect = "https://app.example/allcare/callback"
)

// acLoginRoute reports an operation of the authorization server.
func acLoginRoute(route string) bool {
	_, path, _ := strings.Cut(route, " ")
	return strings.HasPrefix(path, ".well-known/") || strings.HasPrefix(path, "connect/")
}

// acLogins is the client under test of a login operation.
type acLogins struct {
	// login is under test; warm shares its transport.
	login, warm *ac.Login
	srv         *allcarefhirtest.Server
}

// acLoginFixture puts a proxy on the fake's issuer and makes the login
// under test reach the issuer through it.
func acLoginFixture(t *testing.T, srv *allcarefhirtest.Server, route string, cfg clientConfig) *fixture {
	px := newProxy(t, srv.Issuer, route)
	issuer, err := url.Parse(srv.Issuer)
	require.NoError(t, err)
	proxy, err := url.Parse(px.URL)
	require.NoError(t, err)
	tr := cfg.tr
	dial := tr.DialContext
	if dial == nil {
		dial = (&net.Dialer{}).DialContext
	}
	tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if addr == issuer.Host {
			addr = proxy.Host
		}
		return dial(ctx, network, addr)
	}
	opts := []ac.Option{rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger), rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout)}
	if cfg.maxBytes > 0 {
		opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
	}
	opts = append(opts, cfg.telemetry...)
	newLogin := func() *ac.Login {
		l, err := ac.NewLogin(ac.OAuthConfig{
			Issuer: srv.Issuer, ClientID: canaryACClientID, ClientSecret: canaryACSecret,
			RedirectURL: acRedirect, Scopes: srv.Scopes(),
		}, opts...)
		require.NoError(t, err)
		return l
	}
	return &fixture{proxy: px, client: &acLogins{login: newLogin(), warm: newLogin(), srv: srv}, fake: srv}
}

func acLoginOf(fx *fixture) *acLogins { return fx.client.(*acLogins) }

// acBegin starts a login with the login under test (discovery through the
// proxy) and plays the consenting member; it notes the secrets of the
// pending login and of the form the browser would post.
func acBegin(ctx context.Context, t *testing.T, fx *fixture) (url.Values, *ac.AuthRequest) {
	l := acLoginOf(fx)
	req, err := l.login.AuthCodeURL(ctx)
	require.NoError(t, err)
	post, err := l.srv.Authorize(ctx, req.URL)
	require.NoError(t, err)
	require.NotEmpty(t, post.Values.Get("code"), "the member consented")
	suite.plant(req.State, req.Nonce, req.CodeVerifier, post.Values.Get("id_token"), post.Values.Get("session_state"))
	return post.Values, req
}

// acLoggedIn completes a login with the login under test before the faults
// are armed (its discovery and JWKS are then cached, so the call under
// test sends only its token request) and keeps the member's token.
func acLoggedIn(ctx context.Context, t *testing.T, fx *fixture) {
	form, _ := acBegin(ctx, t, fx)
	tok, err := acLoginOf(fx).login.HandleCallback(ctx, form)
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken, "offline_access was granted")
	suite.plant(tok.IDToken)
	fx.state["token"] = tok
}

// acPendingLogin logs in once (caching discovery and JWKS), then starts
// the login the call under test completes.
func acPendingLogin(ctx context.Context, t *testing.T, fx *fixture) {
	acLoggedIn(ctx, t, fx)
	fx.state["form"], fx.state["pending"] = acBegin(ctx, t, fx)
}

// acFirstErr drains an iterator and returns its first error.
func acFirstErr[T any](seq iter.Seq2[T, error]) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}

// acPagesErr drains a page iterator, checks that every page came, and
// returns its first error.
func acPagesErr[T ac.Resource](seq iter.Seq2[*ac.Page[T], error], want int) error {
	n := 0
	for page, err := range seq {
		if err != nil {
			return err
		}
		if !page.NoData {
			n++
		}
	}
	if n != want {
		return errors.New("allcarefhir: read " + strconv.Itoa(n) + " pages, want " + strconv.Itoa(want))
	}
	return nil
}

// allCareFHIROps: every FHIR call is a GET that only reads, retried on
// 429, 5xx and transport failures (the package documents it for reads,
// searches, paging, Capabilities and Everything); a search's 404 is "no
// data" (the searches the fake has no data for end in it on success).
// Paging operations read every page through the proxy, and each page is a
// request for the operation's route. The login's discovery (Discover, and
// AuthCodeURL, which discovers first) is a GET, retried. The code exchange
// (HandleCallback, CallbackHandler) and the refresh (Refresh, and a
// TokenSource refreshing an expired token) are POSTs to the token endpoint
// that must never be repeated once sent: a code is single-use, and a
// refresh token may rotate (replaying a rotated one can revoke the grant).
func allCareFHIROps() []op {
	c := func(fx *fixture) *ac.Client { return fx.client.(*ac.Client) }
	const me = canaryACPatient
	// read is a FHIR GET: a read, a search or an operation.
	read := func(name, route string, f func(context.Context, *ac.Client) error) op {
		return op{p: allCare, name: name, idempotent: true, route: route,
			call: func(ctx context.Context, fx *fixture) error { return f(ctx, c(fx)) }}
	}
	search := read
	paged := func(o op, pages int) op {
		o.pages = pages
		return o
	}
	exchange := func(name string, call func(context.Context, *fixture) error) op {
		return op{p: allCare, name: name, idempotent: false, route: "POST connect/token", prepare: acPendingLogin, call: call}
	}
	refresh := func(name string, call func(context.Context, *fixture, ac.Token) error) op {
		return op{p: allCare, name: name, idempotent: false, route: "POST connect/token", prepare: acLoggedIn,
			call: func(ctx context.Context, fx *fixture) error { return call(ctx, fx, *fx.state["token"].(*ac.Token)) }}
	}
	return []op{
		// Reads.
		read("Read", "GET Condition/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Read(ctx, "Condition", "example")
			return err
		}),
		read("ReadAs", "GET Immunization/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := ac.ReadAs[*ac.Immunization](ctx, c, "example")
			return err
		}),
		read("Patient", "GET Patient/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Patient(ctx, me)
			return err
		}),
		read("Coverage", "GET Coverage/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Coverage(ctx, "Coverage1")
			return err
		}),
		read("ExplanationOfBenefit", "GET ExplanationOfBenefit/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.ExplanationOfBenefit(ctx, "EOBPharmacy1")
			return err
		}),
		read("Organization", "GET Organization/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Organization(ctx, "Payer1")
			return err
		}),
		read("Practitioner", "GET Practitioner/{id}", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Practitioner(ctx, "Practitioner1")
			return err
		}),
		read("Capabilities", "GET metadata", func(ctx context.Context, c *ac.Client) error {
			_, err := c.Capabilities(ctx)
			return err
		}),

		// Searches: the generic ones, then one per typed helper.
		paged(search("Search", "GET ExplanationOfBenefit", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(ac.Search[*ac.ExplanationOfBenefit](ctx, c, ac.ExplanationOfBenefitSearch{Patient: me, Count: acPage}))
		}), acEOBPages),
		search("SearchPages", "GET Coverage", func(ctx context.Context, c *ac.Client) error {
			return acPagesErr(ac.SearchPages[*ac.Coverage](ctx, c, ac.CoverageSearch{Patient: me, Include: []string{ac.IncludeCoveragePayor}}), 1)
		}),
		search("SearchCoverage", "GET Coverage", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchCoverage(ctx, ac.CoverageSearch{Beneficiary: me}))
		}),
		search("SearchExplanationOfBenefit", "GET ExplanationOfBenefit", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchExplanationOfBenefit(ctx, ac.ExplanationOfBenefitSearch{Patient: me, Count: 100,
				Include: []string{ac.IncludeEOBAll}}))
		}),
		search("SearchPatient", "GET Patient", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchPatient(ctx, ac.PatientSearch{ID: me, Family: canaryFamily, Given: canaryGiven,
				Birthdate: []string{"eq" + canaryDOB}}))
		}),
		search("SearchCondition", "GET Condition", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchCondition(ctx, ac.ConditionSearch{Patient: me}))
		}),
		search("SearchObservation", "GET Observation", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchObservation(ctx, ac.ObservationSearch{Patient: me, Category: []string{"vital-signs"}}))
		}),
		search("SearchAllergyIntolerance", "GET AllergyIntolerance", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchAllergyIntolerance(ctx, ac.AllergyIntoleranceSearch{Patient: me}))
		}),
		search("SearchImmunization", "GET Immunization", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchImmunization(ctx, ac.ImmunizationSearch{Patient: me}))
		}),
		search("SearchProcedure", "GET Procedure", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchProcedure(ctx, ac.ProcedureSearch{Patient: me}))
		}),
		search("SearchMedicationRequest", "GET MedicationRequest", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchMedicationRequest(ctx, ac.MedicationRequestSearch{Patient: me, Intent: []string{"order"},
				Include: []string{"MedicationRequest:medication"}}))
		}),
		search("SearchDiagnosticReport", "GET DiagnosticReport", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchDiagnosticReport(ctx, ac.DiagnosticReportSearch{Patient: me, Category: []string{"LAB"}}))
		}),
		search("SearchDocumentReference", "GET DocumentReference", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchDocumentReference(ctx, ac.DocumentReferenceSearch{Patient: me}))
		}),
		search("SearchCarePlan", "GET CarePlan", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchCarePlan(ctx, ac.CarePlanSearch{Patient: me, Category: []string{"assess-plan"}}))
		}),
		search("SearchCareTeam", "GET CareTeam", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchCareTeam(ctx, ac.CareTeamSearch{Patient: me, Status: []string{"active"}}))
		}),
		search("SearchGoal", "GET Goal", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchGoal(ctx, ac.GoalSearch{Patient: me}))
		}),
		search("SearchDevice", "GET Device", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchDevice(ctx, ac.DeviceSearch{Patient: me}))
		}),
		search("SearchEncounter", "GET Encounter", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchEncounter(ctx, ac.EncounterSearch{Patient: me}))
		}),
		search("SearchFormulary", "GET MedicationKnowledge", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchFormulary(ctx, ac.FormularySearch{DrugPlan: allcarefhirtest.DrugPlanID, Count: 100}))
		}),
		search("SearchCoveragePlans", "GET List", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.SearchCoveragePlans(ctx, ac.CoveragePlanSearch{Identifier: allcarefhirtest.DrugPlanID}))
		}),
		search("Everything", "GET Patient/{id}/$everything", func(ctx context.Context, c *ac.Client) error {
			return acFirstErr(c.Everything(ctx, me, ac.EverythingParams{Count: 1000}))
		}),
		paged(search("EverythingPages", "GET Patient/{id}/$everything", func(ctx context.Context, c *ac.Client) error {
			return acPagesErr(c.EverythingPages(ctx, me, ac.EverythingParams{Type: []string{"ExplanationOfBenefit"}, Count: acPage}), acEOBPages)
		}), acEOBPages),

		// The member login.
		{p: allCare, name: "Discover", idempotent: true, route: "GET .well-known/openid-configuration",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := acLoginOf(fx).login.Discover(ctx)
				return err
			}},
		{p: allCare, name: "AuthCodeURL", idempotent: true, route: "GET .well-known/openid-configuration",
			call: func(ctx context.Context, fx *fixture) error {
				req, err := acLoginOf(fx).login.AuthCodeURL(ctx)
				if err == nil {
					suite.plant(req.State, req.Nonce, req.CodeVerifier)
				}
				return err
			}},
		exchange("HandleCallback", func(ctx context.Context, fx *fixture) error {
			tok, err := acLoginOf(fx).login.HandleCallback(ctx, fx.state["form"].(url.Values))
			if tok != nil {
				suite.plant(tok.IDToken)
			}
			return err
		}),
		exchange("CallbackHandler", func(ctx context.Context, fx *fixture) error {
			var got error
			done := false
			h := acLoginOf(fx).login.CallbackHandler(func(w http.ResponseWriter, _ *http.Request, tok *ac.Token, err error) {
				done, got = true, err
				if tok != nil {
					suite.plant(tok.IDToken)
				}
				w.WriteHeader(http.StatusNoContent)
			})
			r := httptest.NewRequestWithContext(ctx, http.MethodPost, acRedirect, strings.NewReader(fx.state["form"].(url.Values).Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			h.ServeHTTP(httptest.NewRecorder(), r)
			if !done {
				return errors.New("allcarefhir: the callback handler did not finish")
			}
			return got
		}),
		refresh("Refresh", func(ctx context.Context, fx *fixture, tok ac.Token) error {
			nt, err := acLoginOf(fx).login.Refresh(ctx, &tok)
			if nt != nil {
				suite.plant(nt.IDToken)
			}
			return err
		}),
		refresh("TokenSourceRefresh", func(ctx context.Context, fx *fixture, tok ac.Token) error {
			tok.Expiry = time.Now().Add(-time.Minute)
			_, err := acLoginOf(fx).login.TokenSource(&tok).TokenContext(ctx)
			return err
		}),
	}
}
