// Command allcare-patient-access connects a member's AllCare Health data
// and reads it: the whole OAuth 2.0 / OpenID Connect login (hybrid flow,
// form_post callback, PKCE, id_token checks), then the member's Patient,
// Coverage, every ExplanationOfBenefit (all pages) and a formulary search.
//
// With no environment it runs against the in-process fake
// (allcarefhirtest): the member's consent is scripted and the browser is
// played by the program, so no browser is needed. It plays two instances
// of a service behind a load balancer: the login starts on one and its
// callback lands on the other, which then reads the member's data with
// the token the first never saw. They share one rxbridge.Store (here an
// in-process one; a real fleet gives every instance the same
// redisstore.Store through rxbridge.WithStore).
//
//	go run ./examples/allcare-patient-access          # a summary
//	go run ./examples/allcare-patient-access -json    # the decoded resources
//
// Against AllCare (or any compatible server):
//
//	ALLCARE_ISSUER          authorization server (https://ccoportal.allcarehealth.com,
//	                        https://advportal.allcarehealth.com); enables the real login
//	ALLCARE_CLIENT_ID       your app's client id
//	ALLCARE_CLIENT_SECRET   your app's client secret
//	ALLCARE_REDIRECT_URL    your registered redirect URI (default http://localhost:8765/callback);
//	                        the program serves the callback there
//	ALLCARE_SCOPES          space-separated scopes (default: every scope the issuer lists)
//	ALLCARE_FHIR_BASE_URL   the FHIR base (default https://interop-cco.api.allcarehealth.com)
//	ALLCARE_ACCESS_TOKEN    skip the login and use this token...
//	ALLCARE_PATIENT_ID      ...for this member
//	ALLCARE_DRUG_PLAN       the formulary plan id (default: the first coverage plan listed)
//
// The real login prints the authorization URL; open it in a browser, log in
// as the member and consent.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"time"

	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/examples/internal/cli"
)

func main() {
	asJSON := flag.Bool("json", false, "print the decoded resources as JSON")
	cli.SetUsage(flag.CommandLine, "allcare-patient-access [-json]", envVars)
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	res, err := run(ctx, envConfig(os.Getenv), os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "allcare-patient-access:", err)
		if errors.Is(err, cli.ErrConfig) {
			os.Exit(2)
		}
		os.Exit(1)
	}
	if err := res.print(os.Stdout, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "allcare-patient-access:", err)
		os.Exit(1)
	}
}

// envVars is the environment the program reads.
var envVars = []cli.Var{
	{Name: "ALLCARE_ISSUER", Help: "authorization server (https://ccoportal.allcarehealth.com, https://advportal.allcarehealth.com); enables the real login"},
	{Name: "ALLCARE_CLIENT_ID", Help: "your app's client id (with ALLCARE_ISSUER)"},
	{Name: "ALLCARE_CLIENT_SECRET", Help: "your app's client secret (with ALLCARE_ISSUER)"},
	{Name: "ALLCARE_REDIRECT_URL", Help: "your registered redirect URI (default http://localhost:8765/callback)"},
	{Name: "ALLCARE_SCOPES", Help: "space-separated scopes (default: every scope the issuer lists)"},
	{Name: "ALLCARE_FHIR_BASE_URL", Help: "the FHIR base (default https://interop-cco.api.allcarehealth.com)"},
	{Name: "ALLCARE_ACCESS_TOKEN", Help: "skip the login and use this token..."},
	{Name: "ALLCARE_PATIENT_ID", Help: "...for this member"},
	{Name: "ALLCARE_DRUG_PLAN", Help: "the formulary plan id (default: the first coverage plan listed)"},
}

// check refuses a half-configured environment. With none of the variables
// the program runs against the fake; with some, it must be able to log in
// (ALLCARE_ISSUER and the client's credentials) or to use a given token
// (ALLCARE_ACCESS_TOKEN and ALLCARE_PATIENT_ID).
func (cfg config) check() error {
	switch {
	case cfg.AccessToken != "" && cfg.PatientID == "":
		return fmt.Errorf("%w: ALLCARE_ACCESS_TOKEN is set, so ALLCARE_PATIENT_ID must be set too", cli.ErrConfig)
	case cfg.AccessToken != "":
		return nil
	case cfg.Issuer != "":
		var missing []string
		if cfg.ClientID == "" {
			missing = append(missing, "ALLCARE_CLIENT_ID")
		}
		if cfg.ClientSecret == "" {
			missing = append(missing, "ALLCARE_CLIENT_SECRET")
		}
		if len(missing) > 0 {
			return fmt.Errorf("%w: ALLCARE_ISSUER is set, so %s must be set too", cli.ErrConfig, strings.Join(missing, " and "))
		}
		return nil
	}
	set := ""
	for name, v := range map[string]string{"ALLCARE_FHIR_BASE_URL": cfg.FHIRBaseURL, "ALLCARE_CLIENT_ID": cfg.ClientID,
		"ALLCARE_CLIENT_SECRET": cfg.ClientSecret, "ALLCARE_PATIENT_ID": cfg.PatientID, "ALLCARE_REDIRECT_URL": cfg.RedirectURL,
		"ALLCARE_SCOPES": strings.Join(cfg.Scopes, " "), "ALLCARE_DRUG_PLAN": cfg.DrugPlan} {
		if v != "" && (set == "" || name < set) {
			set = name
		}
	}
	if set != "" {
		return fmt.Errorf("%w: %s is set, so either ALLCARE_ISSUER, ALLCARE_CLIENT_ID and ALLCARE_CLIENT_SECRET (the member's login) "+
			"or ALLCARE_ACCESS_TOKEN and ALLCARE_PATIENT_ID must be set too (unset them all to run against the fake)", cli.ErrConfig, set)
	}
	return nil
}

// config is what the environment says.
type config struct {
	Issuer, ClientID, ClientSecret, RedirectURL string
	Scopes                                      []string
	FHIRBaseURL                                 string
	AccessToken, PatientID                      string
	DrugPlan                                    string
	// callback, when set, is where the login's callback is served instead
	// of a listener opened at the redirect URL's host (tests hand over a
	// listener they hold, so no other program can take its port).
	callback net.Listener
}

func envConfig(getenv func(string) string) config {
	return config{
		Issuer: getenv("ALLCARE_ISSUER"), ClientID: getenv("ALLCARE_CLIENT_ID"), ClientSecret: getenv("ALLCARE_CLIENT_SECRET"),
		RedirectURL: getenv("ALLCARE_REDIRECT_URL"), Scopes: strings.Fields(getenv("ALLCARE_SCOPES")),
		FHIRBaseURL: getenv("ALLCARE_FHIR_BASE_URL"), AccessToken: getenv("ALLCARE_ACCESS_TOKEN"),
		PatientID: getenv("ALLCARE_PATIENT_ID"), DrugPlan: getenv("ALLCARE_DRUG_PLAN"),
	}
}

// result is what the program read.
type result struct {
	Source    string                              `json:"source"`
	Login     *loginSummary                       `json:"login,omitempty"`
	Patient   *allcarefhir.Patient                `json:"patient"`
	Coverage  []*allcarefhir.Coverage             `json:"coverage"`
	Claims    []*allcarefhir.ExplanationOfBenefit `json:"claims"`
	Pages     int                                 `json:"claimPages"`
	DrugPlan  string                              `json:"drugPlan,omitempty"`
	Formulary []*allcarefhir.MedicationKnowledge  `json:"formulary"`
}

type loginSummary struct {
	PatientID string    `json:"patient"`
	Scopes    []string  `json:"scopes"`
	Expiry    time.Time `json:"expiry"`
	Refresh   bool      `json:"refreshToken"`
}

// run logs in (or uses the given token) and reads the member's data.
func run(ctx context.Context, cfg config, log io.Writer) (*result, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	res := &result{}
	var ts oauth2.TokenSource
	var patientID string
	opts := []allcarefhir.Option{rxbridge.WithUserAgent("rxbridge-example/1")}
	switch {
	case cfg.AccessToken != "":
		if cfg.PatientID == "" {
			return nil, errors.New("ALLCARE_ACCESS_TOKEN needs ALLCARE_PATIENT_ID")
		}
		res.Source = "the FHIR server with a given access token"
		ts = oauth2.StaticTokenSource(&oauth2.Token{AccessToken: cfg.AccessToken, TokenType: "Bearer"})
		patientID = cfg.PatientID
	case cfg.Issuer != "":
		res.Source = cfg.Issuer
		tok, login, err := realLogin(ctx, cfg, log)
		if err != nil {
			return nil, err
		}
		ts, patientID, res.Login = login.TokenSource(tok), tok.PatientID, summarize(tok)
	default:
		srv := allcarefhirtest.NewServer()
		defer srv.Close()
		res.Source = "the in-process fake AllCare (allcarefhirtest)"
		cfg.FHIRBaseURL = srv.FHIRBaseURL
		tok, login, err := fakeLogin(ctx, srv)
		if err != nil {
			return nil, err
		}
		// The instance that served the callback reads the member's token
		// from the store, by the member's patient id.
		ts, patientID, res.Login = login.MemberTokenSource(tok.PatientID), tok.PatientID, summarize(tok)
	}
	if cfg.FHIRBaseURL != "" {
		opts = append(opts, rxbridge.WithBaseURL(cfg.FHIRBaseURL))
	}
	c, err := allcarefhir.NewClient(ts, opts...)
	if err != nil {
		return nil, err
	}
	if cfg.AccessToken != "" {
		// A cheap authenticated call first, bounded: a wrong base URL or
		// token fails now, with its cause.
		err := cli.Probe(ctx, "the FHIR server at ALLCARE_FHIR_BASE_URL", func(ctx context.Context) error {
			_, err := c.Patient(ctx, patientID)
			return err
		})
		if err != nil {
			return nil, err
		}
	}
	return res, read(ctx, c, patientID, cfg.DrugPlan, res)
}

func summarize(tok *allcarefhir.Token) *loginSummary {
	return &loginSummary{PatientID: tok.PatientID, Scopes: tok.Scopes(), Expiry: tok.Expiry, Refresh: tok.RefreshToken != ""}
}

// fakeLogin is the whole login against the fake, on two instances sharing
// a store: instance A runs AuthCodeURL, the member consents (scripted), the
// browser posts the form to instance B's callback handler, which checks
// it against the pending login A stored. It returns B's Login.
func fakeLogin(ctx context.Context, srv *allcarefhirtest.Server) (*allcarefhir.Token, *allcarefhir.Login, error) {
	app := httptest.NewServer(nil)
	defer app.Close()
	shared := rxbridge.NewMemoryStore() // a fleet: redisstore.New(...)
	instance := func() (*allcarefhir.Login, error) {
		return allcarefhir.NewLogin(allcarefhir.OAuthConfig{
			Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
			RedirectURL: app.URL + "/callback", Scopes: srv.Scopes(),
		}, rxbridge.WithStore(shared))
	}
	a, err := instance()
	if err != nil {
		return nil, nil, err
	}
	b, err := instance()
	if err != nil {
		return nil, nil, err
	}
	done := make(chan callbackResult, 1)
	app.Config.Handler = b.CallbackHandler(deliver(done))
	req, err := a.AuthCodeURL(ctx)
	if err != nil {
		return nil, nil, err
	}
	post, err := srv.Authorize(ctx, req.URL) // the member logs in and consents
	if err != nil {
		return nil, nil, err
	}
	resp, err := post.Submit(ctx, app.Client()) // the browser posts the form to the app
	if err != nil {
		return nil, nil, err
	}
	resp.Body.Close()
	r := <-done
	return r.tok, b, r.err
}

type callbackResult struct {
	tok *allcarefhir.Token
	err error
}

func deliver(done chan<- callbackResult) allcarefhir.CallbackDone {
	return func(w http.ResponseWriter, _ *http.Request, tok *allcarefhir.Token, err error) {
		if err != nil {
			http.Error(w, "Login failed. You can close this window.", http.StatusBadRequest)
		} else {
			_, _ = io.WriteString(w, "Connected to AllCare. You can close this window.\n")
		}
		// The page goes out before the waiting program may stop the server.
		_ = http.NewResponseController(w).Flush()
		select {
		case done <- callbackResult{tok, err}:
		default:
		}
	}
}

// realLogin runs the login against a real issuer: it serves the callback
// at the redirect URL and waits for the member.
func realLogin(ctx context.Context, cfg config, log io.Writer) (*allcarefhir.Token, *allcarefhir.Login, error) {
	if cfg.RedirectURL == "" {
		cfg.RedirectURL = "http://localhost:8765/callback"
	}
	ru, err := url.Parse(cfg.RedirectURL)
	if err != nil || ru.Host == "" {
		return nil, nil, errors.New("ALLCARE_REDIRECT_URL is not an absolute URL")
	}
	scopes := cfg.Scopes
	if len(scopes) == 0 {
		probe, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL})
		if err != nil {
			return nil, nil, err
		}
		var d *allcarefhir.Discovery
		err = cli.Probe(ctx, "the issuer at ALLCARE_ISSUER", func(ctx context.Context) (err error) {
			d, err = probe.Discover(ctx)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		for _, s := range d.ScopesSupported {
			if s != "openid" && (strings.HasPrefix(s, "patientapi.") || s == "offline_access") {
				scopes = append(scopes, s)
			}
		}
	}
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: cfg.Issuer, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, RedirectURL: cfg.RedirectURL, Scopes: scopes,
	})
	if err != nil {
		return nil, nil, err
	}
	// The issuer must answer before the program serves a callback.
	err = cli.Probe(ctx, "the issuer at ALLCARE_ISSUER", func(ctx context.Context) error {
		_, err := login.Discover(ctx)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	done := make(chan callbackResult, 1)
	mux := http.NewServeMux()
	mux.Handle("POST "+ru.EscapedPath(), login.CallbackHandler(deliver(done)))
	ln := cfg.callback
	if ln == nil {
		if ln, err = net.Listen("tcp", ru.Host); err != nil {
			return nil, nil, fmt.Errorf("cannot serve the callback at %s: %w", ru.Host, err)
		}
	}
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	// Shut down gracefully: the callback hands over the token before its
	// page has reached the browser, and Close would cut that response off.
	defer func() {
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		if hs.Shutdown(sctx) != nil {
			_ = hs.Close()
		}
	}()
	req, err := login.AuthCodeURL(ctx)
	if err != nil {
		return nil, nil, err
	}
	fmt.Fprintf(log, "Open this URL in a browser, log in as the member and consent:\n\n  %s\n\nWaiting for the callback at %s ...\n", req.URL, cfg.RedirectURL)
	select {
	case r := <-done:
		return r.tok, login, r.err
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// read fetches the member's data.
func read(ctx context.Context, c *allcarefhir.Client, patientID, drugPlan string, res *result) error {
	var err error
	if res.Patient, err = c.Patient(ctx, patientID); err != nil {
		return fmt.Errorf("patient: %w", err)
	}
	for cov, err := range c.SearchCoverage(ctx, allcarefhir.CoverageSearch{Patient: patientID}) {
		if err != nil {
			return fmt.Errorf("coverage: %w", err)
		}
		res.Coverage = append(res.Coverage, cov)
	}
	for page, err := range allcarefhir.SearchPages[*allcarefhir.ExplanationOfBenefit](ctx, c, allcarefhir.ExplanationOfBenefitSearch{Patient: patientID}) {
		if err != nil {
			return fmt.Errorf("claims: %w", err)
		}
		res.Pages++
		res.Claims = append(res.Claims, page.Matches...)
	}
	if drugPlan == "" {
		for plan, err := range c.SearchCoveragePlans(ctx, allcarefhir.CoveragePlanSearch{}) {
			if err != nil {
				return fmt.Errorf("coverage plans: %w", err)
			}
			if len(plan.Identifier) > 0 && plan.Identifier[0].Value != "" {
				drugPlan = plan.Identifier[0].Value
				break
			}
		}
	}
	res.DrugPlan = drugPlan
	if drugPlan == "" {
		return nil
	}
	for drug, err := range c.SearchFormulary(ctx, allcarefhir.FormularySearch{DrugPlan: drugPlan}) {
		if err != nil {
			return fmt.Errorf("formulary: %w", err)
		}
		res.Formulary = append(res.Formulary, drug)
	}
	return nil
}

func (res *result) print(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(w, "AllCare Patient Access, against %s\n", res.Source)
	if l := res.Login; l != nil {
		fmt.Fprintf(w, "  login      member consented; patient id %s; %d scopes; token valid until %s; refresh token: %v\n",
			l.PatientID, len(l.Scopes), l.Expiry.Format(time.RFC3339), l.Refresh)
	}
	if p := res.Patient; p != nil {
		name := ""
		if len(p.Name) > 0 {
			name = strings.TrimSpace(strings.Join(p.Name[0].Given, " ") + " " + p.Name[0].Family)
		}
		fmt.Fprintf(w, "  patient    %s: %s, born %s, %s\n", p.ID, name, p.BirthDate, p.Gender)
	}
	for _, cov := range res.Coverage {
		payer := ""
		if len(cov.Payor) > 0 {
			payer = cov.Payor[0].Reference
		}
		fmt.Fprintf(w, "  coverage   %s %s, plan %s, group %s, payer %s\n", cov.ID, cov.Status,
			cov.ClassValue(allcarefhir.CoverageClassPlan), cov.ClassValue(allcarefhir.CoverageClassGroup), payer)
	}
	types := map[string]int{}
	for _, eob := range res.Claims {
		types[eob.Type.Code("")]++
	}
	keys := make([]string, 0, len(types))
	for k := range types {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%s %d", k, types[k]))
	}
	fmt.Fprintf(w, "  claims     %d ExplanationOfBenefit over %d page(s): %s\n", len(res.Claims), res.Pages, strings.Join(parts, ", "))
	tiers := map[string]int{}
	for _, d := range res.Formulary {
		tiers[d.DrugTier().Code("")]++
	}
	tierNames := make([]string, 0, len(tiers))
	for k := range tiers {
		tierNames = append(tierNames, k)
	}
	slices.Sort(tierNames)
	parts = parts[:0]
	for _, k := range tierNames {
		parts = append(parts, fmt.Sprintf("%s %d", k, tiers[k]))
	}
	if res.DrugPlan == "" {
		fmt.Fprintln(w, "  formulary  no drug plan (set ALLCARE_DRUG_PLAN)")
	} else {
		fmt.Fprintf(w, "  formulary  plan %s: %d drugs (%s)\n", res.DrugPlan, len(res.Formulary), strings.Join(parts, ", "))
	}
	return nil
}
