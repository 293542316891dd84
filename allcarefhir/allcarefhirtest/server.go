// Package allcarefhirtest is an in-process fake of AllCare Health's Patient
// Access API, for your tests and the examples: an OpenID Connect
// authorization server (discovery, JWKS, authorize with a scripted member
// consent answering with form_post, a token endpoint that returns the
// member's patient id, refresh with rotation) and a FHIR R4 server with the
// member's data from the official US Core, CARIN Blue Button and US Drug
// Formulary examples (searches, paging by next links, _include,
// $everything, /metadata, AllCare's 404 "no data"). Both servers put an
// *rxbridgetest.Injector in front (Faults, AuthFaults), so tests can
// script failures.
//
//	srv := allcarefhirtest.NewServer()
//	defer srv.Close()
//	login, _ := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
//		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
//		RedirectURL: "https://app.example/callback", Scopes: srv.Scopes(),
//	})
//	req, _ := login.AuthCodeURL(ctx)
//	post, _ := srv.Authorize(ctx, req.URL) // the member consents; no browser
//	tok, _ := login.HandleCallback(ctx, post.Values, req)
//	c, _ := allcarefhir.NewClient(login.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL))
//
// Without a login, srv.NewClient() is a client with a token the fake
// issued. Faults every fake names alike: LoseAnswers (a token request is
// processed, its answer lost) and Unavailable (503 bursts with an
// OperationOutcome); any other through Faults (FHIR) or AuthFaults (the
// authorization server): srv.Faults.Enqueue(rxbridgetest.GatewayHTML(502)).
package allcarefhirtest

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// Default credentials and identities of the fake.
const (
	DefaultClientID     = "rxbridge-test-client"
	DefaultClientSecret = "rxbridge-test-secret-0123456789"
	// DefaultPatientID is the member's id (the shape of the spec's example).
	DefaultPatientID = "00000000"
	// DrugPlanID is the formulary plan of the fake's drugs
	// (usdf-PlanID-extension, the drugplan search value).
	DrugPlanID = "40308VA0240008"
)

// Consent is the member's scripted answer at the authorization endpoint.
type Consent int

const (
	// Grant: the member consents (default).
	Grant Consent = iota
	// Deny: the member declines; the callback carries error=access_denied.
	Deny
)

// Server is the fake. Its exported fields are set by NewServer and must not
// be changed.
type Server struct {
	// Issuer is the authorization server's URL.
	Issuer string
	// FHIRBaseURL is the FHIR base (it has a path prefix, /r4).
	FHIRBaseURL string
	// ClientID and ClientSecret are the registered client's credentials.
	ClientID     string
	ClientSecret string
	// PatientID is the member's id, returned in the token response.
	PatientID string
	// Faults applies scripted faults to FHIR requests; AuthFaults to the
	// authorization server's (discovery, JWKS, authorize, token).
	Faults     *rxbridgetest.Injector
	AuthFaults *rxbridgetest.Injector

	auth *faultserver.Server
	fhir *faultserver.Server
	cfg  config

	mu      sync.Mutex
	key     *rsa.PrivateKey
	kid     string
	signer  func(header, claims map[string]any) (string, error)
	consent Consent
	idHook  func(channel string, header, claims map[string]any)
	tokHook func(grant string, resp map[string]any)
	codes   map[string]*grant
	access  map[string]*session
	refresh map[string]*session
	// rotated maps a used refresh token to the one issued in its place.
	rotated   map[string]string
	stats     Stats
	data      *store
	lastStyle string
	// loseTokens counts the token requests whose answers to lose.
	loseTokens int
	// caps holds the CapabilityStatement per base URL (a few: direct, and
	// through each proxy in front).
	caps map[string][]byte
}

// Stats counts what the fake served.
type Stats struct {
	Authorizations int
	CodeExchanges  int
	Refreshes      int
	// RefreshReuses counts refresh requests that presented a refresh token
	// already used (rotated away): each is refused with invalid_grant and
	// revokes the tokens issued from it, as reuse detection does.
	RefreshReuses int
	FHIRRequests  int
	Unauthorized  int
}

type config struct {
	clientID, clientSecret, patientID string
	scopes                            []string
	redirects                         []string
	pageSize                          int
	eobCount                          int
	drugCount                         int
	lifetime                          time.Duration
	authMethods                       []string
	notFoundOnEmpty                   bool
	patientOnRefresh                  bool
	everything                        bool
	key                               *rsa.PrivateKey
	tokens                            func(kind string) string
}

// Option configures the fake.
type Option func(*config)

// WithClient registers other client credentials.
func WithClient(id, secret string) Option {
	return func(c *config) { c.clientID, c.clientSecret = id, secret }
}

// WithPatientID sets the member's id.
func WithPatientID(id string) Option { return func(c *config) { c.patientID = id } }

// WithPageSize sets the default search page size (default 10; _count
// overrides it).
func WithPageSize(n int) Option { return func(c *config) { c.pageSize = n } }

// WithEOBCount sets how many ExplanationOfBenefit resources the member has
// (default 25: the three CARIN BB examples and synthetic copies).
func WithEOBCount(n int) Option { return func(c *config) { c.eobCount = n } }

// WithTokenAuthMethods restricts token endpoint client authentication to
// these methods ("client_secret_basic", "client_secret_post"), as listed
// in discovery.
func WithTokenAuthMethods(methods ...string) Option {
	return func(c *config) { c.authMethods = methods }
}

// WithoutPatientOnRefresh omits the patient id from refresh responses (the
// client must carry it forward).
func WithoutPatientOnRefresh() Option { return func(c *config) { c.patientOnRefresh = false } }

// WithSigningKey sets the RSA key that signs id_tokens (default: a new
// 2048-bit key per server; share one across many servers to save time).
func WithSigningKey(k *rsa.PrivateKey) Option { return func(c *config) { c.key = k } }

// Kinds of credential WithTokens makes.
const (
	TokenCode    = "code"
	TokenAccess  = "access_token"
	TokenRefresh = "refresh_token"
)

// WithTokens makes authorization codes, access tokens and refresh tokens
// with f instead of at random (for canary tests that need to know them).
// kind is TokenCode, TokenAccess or TokenRefresh; f must return a new,
// unique value on every call and may be called concurrently.
func WithTokens(f func(kind string) string) Option { return func(c *config) { c.tokens = f } }

// newToken makes a credential of a kind.
func (s *Server) newToken(kind string) string {
	if s.cfg.tokens != nil {
		return s.cfg.tokens(kind)
	}
	return randomID(24)
}

// NewServer starts the fake (two loopback HTTP servers). Close it when
// done.
func NewServer(opts ...Option) *Server {
	cfg := config{
		clientID: DefaultClientID, clientSecret: DefaultClientSecret, patientID: DefaultPatientID,
		scopes: defaultScopesList(), pageSize: 10, eobCount: 25, drugCount: 12, lifetime: time.Hour,
		authMethods: []string{"client_secret_basic", "client_secret_post"}, notFoundOnEmpty: true,
		patientOnRefresh: true, everything: true,
	}
	for _, o := range opts {
		if o != nil { // a nil Option is ignored
			o(&cfg)
		}
	}
	if cfg.pageSize <= 0 {
		cfg.pageSize = 10
	}
	s := &Server{
		ClientID: cfg.clientID, ClientSecret: cfg.clientSecret, PatientID: cfg.patientID, cfg: cfg,
		codes: map[string]*grant{}, access: map[string]*session{}, refresh: map[string]*session{}, caps: map[string][]byte{},
	}
	s.key = cfg.key
	if s.key == nil {
		k, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic("allcarefhirtest: cannot generate a signing key: " + err.Error())
		}
		s.key = k
	}
	s.kid = randomID(8)
	s.signer = s.sign
	s.auth = faultserver.New(http.HandlerFunc(s.serveAuth))
	s.fhir = faultserver.New(http.HandlerFunc(s.serveFHIR))
	s.Issuer = s.auth.URL
	s.FHIRBaseURL = s.fhir.URL + "/r4"
	s.Faults, s.AuthFaults = s.fhir.Injector, s.auth.Injector
	s.data = memberStore(s)
	return s
}

// Close stops both servers.
func (s *Server) Close() {
	s.auth.Close()
	s.fhir.Close()
}

// Scopes returns the scopes the fake supports, without openid.
func (s *Server) Scopes() []string { return append([]string(nil), s.cfg.scopes...) }

// SetConsent scripts the member's answer to the next authorizations.
func (s *Server) SetConsent(c Consent) {
	s.mu.Lock()
	s.consent = c
	s.mu.Unlock()
}

// MutateIDToken installs a hook that may change an id_token's JOSE header
// and claims before it is signed. channel is "authorize" (the front-channel
// id_token of the form post) or "token" (the token endpoint's). Setting
// header["alg"] to "none" gives an unsigned token; "HS256" signs with the
// client secret. Nil removes the hook.
func (s *Server) MutateIDToken(hook func(channel string, header, claims map[string]any)) {
	s.mu.Lock()
	s.idHook = hook
	s.mu.Unlock()
}

// MutateTokenResponse installs a hook that may change a token endpoint
// response (grant is "authorization_code" or "refresh_token"). Nil removes
// it.
func (s *Server) MutateTokenResponse(hook func(grant string, resp map[string]any)) {
	s.mu.Lock()
	s.tokHook = hook
	s.mu.Unlock()
}

// SignWith makes the fake sign id_tokens with another key, which its JWKS
// does not publish (a wrongly signed token). Nil restores its own key.
func (s *Server) SignWith(k *rsa.PrivateKey) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if k == nil {
		s.signer = s.sign
		return
	}
	s.signer = func(h, c map[string]any) (string, error) { return signRS256(k, s.kid, h, c) }
}

// Stats returns what the fake has served so far.
func (s *Server) Stats() Stats {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stats
}

// LastTokenAuthMethod returns how the client authenticated at the last
// token request: "client_secret_basic" or "client_secret_post".
func (s *Server) LastTokenAuthMethod() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lastStyle
}

// RevokeCredentials makes every access token issued so far invalid, as if
// its hour had passed: the next FHIR request with it gets 401; refresh
// tokens still work. Every fake that issues credentials names this fault
// RevokeCredentials.
func (s *Server) RevokeCredentials() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range s.access {
		a.expires = time.Now().Add(-time.Second)
	}
}

// NewClient returns an allcarefhir.Client wired to the fake's FHIR base,
// with an access token the fake issued for the member (IssueAccessToken;
// no login), then opts. The token is static: after RevokeCredentials the
// client's calls fail with 401. Use a Login for refreshes.
func (s *Server) NewClient(opts ...rxbridge.Option) (*allcarefhir.Client, error) {
	ts := oauth2.StaticTokenSource(&oauth2.Token{AccessToken: s.IssueAccessToken(), TokenType: "Bearer"})
	all := []rxbridge.Option{rxbridge.WithBaseURL(s.FHIRBaseURL)}
	return allcarefhir.NewClient(ts, append(all, opts...)...)
}

// LoseAnswers makes the next n token requests (code exchanges, refreshes)
// be processed (the code is spent, a refresh token rotated) and then lose
// their answer: the connection is reset before the response is written.
// Every fake's LoseAnswers loses the answers of the requests that change
// its state.
func (s *Server) LoseAnswers(n int) {
	s.mu.Lock()
	s.loseTokens += n
	s.mu.Unlock()
}

// Unavailable answers the next n FHIR requests 503 with an
// OperationOutcome, without processing them, as during an outage.
func (s *Server) Unavailable(n int) {
	for range n {
		s.Faults.Enqueue(rxbridgetest.Fault{Kind: rxbridgetest.KindRespond, Status: http.StatusServiceUnavailable,
			ContentType: "application/fhir+json",
			Body:        []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"transient","diagnostics":"Service Unavailable"}]}`)})
	}
}

// IssueAccessToken returns a valid access token for the member without a
// login (for tests that start from a stored token).
func (s *Server) IssueAccessToken() string {
	tok := s.newToken(TokenAccess)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access[tok] = &session{patient: s.PatientID, scope: "openid " + joinScopes(s.cfg.scopes), expires: time.Now().Add(s.cfg.lifetime)}
	return tok
}
