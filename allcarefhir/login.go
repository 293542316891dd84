package allcarefhir

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"hash"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/jsoncodec"
	"github.com/rxbridge/rxbridge-go/internal/redact"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// OAuthConfig configures the member login: OAuth 2.0 authorization code
// with OpenID Connect, in the hybrid "code id_token" flow with form_post
// that AllCare documents, plus PKCE.
type OAuthConfig struct {
	// Issuer is the authorization server: CCOIssuer, AdvantageIssuer, or
	// any OpenID Connect issuer (its discovery document must name the same
	// issuer). Required.
	Issuer string
	// ClientID and ClientSecret are the application's credentials from the
	// AllCare developer portal. Required.
	ClientID     string
	ClientSecret string
	// RedirectURL is the registered redirect URI, where the member's
	// browser POSTs the callback form (serve CallbackHandler there).
	// Required.
	RedirectURL string
	// Scopes are the scopes to request (AllCare's "patientapi.*.read"
	// names; "offline_access" for a refresh token). "openid" is always
	// added. Each must be listed in the issuer's scopes_supported.
	Scopes []string
	// AuthStyle is how the client authenticates to the token endpoint:
	// oauth2.AuthStyleInHeader (HTTP Basic, client_secret_basic) or
	// oauth2.AuthStyleInParams (client_secret_post). The zero value picks
	// Basic unless discovery lists only client_secret_post; it is never
	// auto-detected by trial.
	AuthStyle oauth2.AuthStyle
	// DisablePKCE turns PKCE off. By default an S256 code challenge is
	// sent unless discovery lists code challenge methods without S256.
	DisablePKCE bool
	// LoginTTL is how long a pending login (AuthRequest) is accepted, and
	// kept in the store (default 10 minutes).
	LoginTTL time.Duration
	// TokenTTL is how long the store keeps a member's tokens that carry a
	// refresh token, after the login or the last refresh (default
	// DefaultTokenTTL, 30 days: set it to the refresh token lifetime your
	// AllCare client is granted). Tokens without a refresh token are kept
	// until they expire.
	TokenTTL time.Duration
	// Now is the clock (default time.Now), for tests.
	Now func() time.Time
}

// Login runs the member login against one issuer. It is safe for
// concurrent use. It keeps pending logins, members' tokens and their
// refresh locks in the store given with rxbridge.WithStore (see the
// package documentation, "Several instances").
type Login struct {
	cfg      OAuthConfig
	secret   redact.Secret
	hx       *httpx.Client // discovery
	opts     httpx.Options
	tokenHC  *http.Client // token endpoint (through the pipeline), set by Discover
	logger   *slog.Logger
	now      func() time.Time
	ttl      time.Duration
	tokenTTL time.Duration
	// store holds pending logins, tokens and refresh locks; local, when
	// store is a shared one, is this instance's memory for tokens and
	// locks while the shared store is unavailable.
	store     rxbridge.Store
	local     *rxbridge.MemoryStore
	mu        sync.Mutex
	disc      *Discovery
	discAt    time.Time
	verifier  *oidc.IDTokenVerifier
	algs      []string
	oauthConf *oauth2.Config
	pkce      bool
}

// Discovery is the issuer's OpenID Connect discovery document
// (/.well-known/openid-configuration), the fields this package uses.
type Discovery struct {
	Issuer                            string   `json:"issuer"`
	AuthorizationEndpoint             string   `json:"authorization_endpoint"`
	TokenEndpoint                     string   `json:"token_endpoint"`
	JWKSURI                           string   `json:"jwks_uri"`
	UserinfoEndpoint                  string   `json:"userinfo_endpoint,omitempty"`
	RevocationEndpoint                string   `json:"revocation_endpoint,omitempty"`
	ScopesSupported                   []string `json:"scopes_supported,omitempty"`
	ResponseTypesSupported            []string `json:"response_types_supported,omitempty"`
	ResponseModesSupported            []string `json:"response_modes_supported,omitempty"`
	GrantTypesSupported               []string `json:"grant_types_supported,omitempty"`
	TokenEndpointAuthMethodsSupported []string `json:"token_endpoint_auth_methods_supported,omitempty"`
	IDTokenSigningAlgValuesSupported  []string `json:"id_token_signing_alg_values_supported,omitempty"`
	CodeChallengeMethodsSupported     []string `json:"code_challenge_methods_supported,omitempty"`
}

// discoveryTTL is how long a discovery document is reused.
const discoveryTTL = 24 * time.Hour

// NewLogin validates the configuration. It never touches the network:
// discovery happens on first use (or Discover). rxbridge.WithHTTPClient,
// rxbridge.WithLogger, rxbridge.WithRetry, rxbridge.WithTimeout, rxbridge.WithUserAgent and
// rxbridge.WithMaxResponseBytes apply to discovery and token requests; the JWKS
// fetch (go-oidc's) uses the transport and rxbridge.WithTimeout. Token requests are
// never repeated once they may have been sent (see the package
// documentation). rxbridge.WithStore shares pending logins, members' tokens
// and refresh locks between the instances of a service (give each the
// same store); without it they live in this Login's memory.
func NewLogin(cfg OAuthConfig, opts ...Option) (*Login, error) {
	o := options{}
	var errs []error
	if err := o.apply(opts); err != nil {
		errs = append(errs, err)
	}
	if o.BaseURL != "" {
		errs = append(errs, errors.New("allcarefhir: NewLogin: rxbridge.WithBaseURL is for the FHIR client; set OAuthConfig.Issuer"))
	}
	if cfg.ClientID == "" {
		errs = append(errs, errors.New("allcarefhir: NewLogin: ClientID is required"))
	}
	if cfg.ClientSecret == "" {
		errs = append(errs, errors.New("allcarefhir: NewLogin: ClientSecret is required"))
	}
	if err := checkEndpoint(cfg.Issuer); err != nil {
		errs = append(errs, errors.New("allcarefhir: NewLogin: Issuer: "+err.Error()))
	}
	if ru, err := url.Parse(cfg.RedirectURL); err != nil || !ru.IsAbs() || ru.Fragment != "" {
		errs = append(errs, errors.New("allcarefhir: NewLogin: RedirectURL must be an absolute URL without fragment"))
	}
	switch cfg.AuthStyle {
	case oauth2.AuthStyleAutoDetect, oauth2.AuthStyleInHeader, oauth2.AuthStyleInParams:
	default:
		errs = append(errs, errors.New("allcarefhir: NewLogin: unknown AuthStyle"))
	}
	for _, s := range cfg.Scopes {
		if s == "" || strings.ContainsAny(s, " \t\r\n") {
			errs = append(errs, errors.New("allcarefhir: NewLogin: a scope is empty or has spaces"))
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	hx, err := httpx.New(httpx.Config{Provider: "allcarefhir", DefaultBaseURL: strings.TrimSuffix(cfg.Issuer, "/") + "/",
		DecodeError: decodeOAuthError}, o.Options)
	if err != nil {
		return nil, err
	}
	l := &Login{
		cfg:      cfg,
		secret:   redact.NewSecret(cfg.ClientSecret),
		hx:       hx,
		logger:   o.Logger,
		opts:     o.Options,
		now:      cfg.Now,
		ttl:      cfg.LoginTTL,
		tokenTTL: cfg.TokenTTL,
		store:    o.Store,
	}
	l.cfg.ClientSecret = ""
	if l.now == nil {
		l.now = time.Now
	}
	if l.ttl <= 0 {
		l.ttl = 10 * time.Minute
	}
	if l.tokenTTL <= 0 {
		l.tokenTTL = DefaultTokenTTL
	}
	if l.store == nil {
		l.store = rxbridge.NewMemoryStore()
	} else {
		l.local = rxbridge.NewMemoryStore()
	}
	return l, nil
}

// checkEndpoint accepts https URLs, and http only on a loopback host.
func checkEndpoint(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return errors.New("not an absolute URL")
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return errors.New("credentials, query and fragment are not allowed")
	}
	switch u.Scheme {
	case "https":
		return nil
	case "http":
		if h := u.Hostname(); h == "localhost" || net.ParseIP(h).IsLoopback() {
			return nil
		}
	}
	return errors.New("must be https")
}

// Discover fetches (once a day at most) and checks the issuer's discovery
// document: the issuer must match, the endpoints must be https, and the
// hybrid flow with form_post must be offered when the document lists
// response types and modes.
func (l *Login) Discover(ctx context.Context) (*Discovery, error) {
	if l == nil {
		return nil, errNoLogin
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.disc != nil && l.now().Sub(l.discAt) < discoveryTTL {
		d := *l.disc
		return &d, nil
	}
	req := httpx.Request{Op: "Discover", Method: http.MethodGet, Route: ".well-known/openid-configuration"}
	var d Discovery
	if _, err := l.hx.DoJSON(ctx, &req, &d); err != nil {
		e := loginErr("discovery", "cannot read the issuer's OpenID configuration", ErrDiscovery, httpx.Sanitize(err))
		e.showCause = true // the SDK's own transport or HTTP error: no body, token or query
		return nil, e
	}
	if err := l.checkDiscovery(&d); err != nil {
		return nil, err
	}
	algs := []string{}
	for _, a := range d.IDTokenSigningAlgValuesSupported {
		if signingAlgs[a] {
			algs = append(algs, a)
		}
	}
	if len(algs) == 0 {
		algs = []string{oidc.RS256}
	}
	jwks, err := l.jwksClient(d.JWKSURI)
	if err != nil {
		return nil, err
	}
	keys := oidc.NewRemoteKeySet(oidc.ClientContext(context.Background(), jwks), d.JWKSURI)
	l.algs = algs
	l.verifier = oidc.NewVerifier(d.Issuer, keys, &oidc.Config{ClientID: l.cfg.ClientID, SupportedSigningAlgs: algs, Now: l.now})
	style := l.cfg.AuthStyle
	if style == oauth2.AuthStyleAutoDetect {
		style = oauth2.AuthStyleInHeader
		if m := d.TokenEndpointAuthMethodsSupported; len(m) > 0 && !slices.Contains(m, "client_secret_basic") && slices.Contains(m, "client_secret_post") {
			style = oauth2.AuthStyleInParams
		}
	}
	l.oauthConf = &oauth2.Config{
		ClientID:     l.cfg.ClientID,
		ClientSecret: l.secret.Reveal(),
		RedirectURL:  l.cfg.RedirectURL,
		Scopes:       withOpenID(l.cfg.Scopes),
		Endpoint:     oauth2.Endpoint{AuthURL: d.AuthorizationEndpoint, TokenURL: d.TokenEndpoint, AuthStyle: style},
	}
	tokenHC, err := newTokenClient(d.TokenEndpoint, l.opts, l.hx.Transport())
	if err != nil {
		return nil, loginErr("discovery", "the token endpoint is not usable", ErrDiscovery, nil)
	}
	l.tokenHC = tokenHC
	l.pkce = !l.cfg.DisablePKCE && (len(d.CodeChallengeMethodsSupported) == 0 || slices.Contains(d.CodeChallengeMethodsSupported, "S256"))
	l.disc, l.discAt = &d, l.now()
	out := d
	return &out, nil
}

// signingAlgs are the id_token algorithms accepted (never "none" or HMAC).
var signingAlgs = map[string]bool{
	oidc.RS256: true, oidc.RS384: true, oidc.RS512: true,
	oidc.ES256: true, oidc.ES384: true, oidc.ES512: true,
	oidc.PS256: true, oidc.PS384: true, oidc.PS512: true, oidc.EdDSA: true,
}

func withOpenID(scopes []string) []string {
	out := []string{"openid"}
	for _, s := range scopes {
		if s != "openid" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func (l *Login) checkDiscovery(d *Discovery) error {
	bad := func(reason string) error { return loginErr("discovery", reason, ErrDiscovery, nil) }
	if strings.TrimSuffix(d.Issuer, "/") != strings.TrimSuffix(l.cfg.Issuer, "/") {
		return bad("the discovery document names another issuer")
	}
	for name, ep := range map[string]string{"authorization_endpoint": d.AuthorizationEndpoint, "token_endpoint": d.TokenEndpoint, "jwks_uri": d.JWKSURI} {
		if err := checkEndpoint(ep); err != nil {
			return bad(name + " " + err.Error())
		}
	}
	if rt := d.ResponseTypesSupported; len(rt) > 0 && !slices.ContainsFunc(rt, isCodeIDToken) {
		return bad(`the issuer does not offer response_type "code id_token"`)
	}
	if rm := d.ResponseModesSupported; len(rm) > 0 && !slices.Contains(rm, "form_post") {
		return bad("the issuer does not offer response_mode form_post")
	}
	if ss := d.ScopesSupported; len(ss) > 0 {
		var missing []string
		for _, s := range withOpenID(l.cfg.Scopes) {
			if !slices.Contains(ss, s) {
				missing = append(missing, s)
			}
		}
		if len(missing) > 0 {
			return &ScopeError{Unsupported: missing}
		}
	}
	return nil
}

func isCodeIDToken(rt string) bool {
	f := strings.Fields(rt)
	slices.Sort(f)
	return len(f) == 2 && f[0] == "code" && f[1] == "id_token"
}

// ScopeError reports requested scopes the issuer does not list in
// scopes_supported (AllCare lists every scope individually; wildcards are
// not supported). Nothing was sent to the authorization endpoint.
type ScopeError struct {
	Unsupported []string
}

// Error implements the error interface.
func (e *ScopeError) Error() string {
	if e == nil {
		return "allcarefhir: login: scopes not supported by the issuer"
	}
	names := make([]string, len(e.Unsupported))
	for i, s := range e.Unsupported {
		names[i] = safeCode(s)
	}
	return "allcarefhir: login: scopes not supported by the issuer: " + strings.Join(names, " ")
}

// Is makes errors.Is(err, ErrScopeNotSupported) true.
func (e *ScopeError) Is(target error) bool {
	if e == nil {
		return target == ErrScopeNotSupported
	}
	return target == ErrScopeNotSupported
}

// AuthRequest is one pending login: send the member's browser to URL.
// AuthCodeURL has kept the rest (state, nonce, PKCE verifier) in the store
// until the callback: there is nothing else to keep. State, Nonce and
// CodeVerifier are secrets: the type prints as [REDACTED].
type AuthRequest struct {
	URL          string    `json:"url"`
	State        string    `json:"state"`
	Nonce        string    `json:"nonce"`
	CodeVerifier string    `json:"code_verifier,omitempty"`
	Issuer       string    `json:"issuer"`
	RedirectURL  string    `json:"redirect_url"`
	Scopes       []string  `json:"scopes"`
	Created      time.Time `json:"created"`
}

// String keeps the secrets out of logs.
func (AuthRequest) String() string { return "allcarefhir.AuthRequest" + redact.Redacted }

// GoString keeps the secrets out of %#v.
func (AuthRequest) GoString() string { return "allcarefhir.AuthRequest" + redact.Redacted }

// Format covers every fmt verb.
func (AuthRequest) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, "allcarefhir.AuthRequest"+redact.Redacted)
}

// LogValue keeps the secrets out of slog.
func (AuthRequest) LogValue() slog.Value {
	return slog.StringValue("allcarefhir.AuthRequest" + redact.Redacted)
}

// AuthCodeURL starts a login: it discovers the issuer (validating the
// scopes against scopes_supported), keeps the pending login in the store
// (by its state, for LoginTTL: the callback may land on any instance
// sharing the store), and returns the authorization URL with a fresh
// state, nonce and PKCE S256 challenge, response_type "code id_token" and
// response_mode form_post. When the store cannot keep the pending login,
// the error matches ErrLoginUnavailable and rxbridge.ErrStoreUnavailable:
// do not send the member to AllCare, ask them to try again.
func (l *Login) AuthCodeURL(ctx context.Context) (*AuthRequest, error) {
	if l == nil {
		return nil, errNoLogin
	}
	if _, err := l.Discover(ctx); err != nil {
		return nil, err
	}
	l.mu.Lock()
	conf, pkce := l.oauthConf, l.pkce
	l.mu.Unlock()
	state, err := randomToken()
	if err != nil {
		return nil, err
	}
	nonce, err := randomToken()
	if err != nil {
		return nil, err
	}
	req := &AuthRequest{State: state, Nonce: nonce, Issuer: l.cfg.Issuer, RedirectURL: conf.RedirectURL,
		Scopes: slices.Clone(conf.Scopes), Created: l.now()}
	opts := []oauth2.AuthCodeOption{
		oauth2.SetAuthURLParam("response_type", "code id_token"),
		oauth2.SetAuthURLParam("response_mode", "form_post"),
		oidc.Nonce(nonce),
	}
	if pkce {
		req.CodeVerifier = oauth2.GenerateVerifier()
		opts = append(opts, oauth2.S256ChallengeOption(req.CodeVerifier))
	}
	req.URL = conf.AuthCodeURL(state, opts...)
	if err := l.putPending(ctx, req); err != nil {
		return nil, err
	}
	return req, nil
}

// randomToken returns 256 random bits, base64url.
func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HandleCallback completes a login from the form the member's browser
// POSTed to the redirect URL (code, id_token, state; or error). It takes
// the pending login of the form's state from the store (once: a replayed
// callback, on any instance, finds none) and checks, in order: the state
// (constant time), the login's age, the response's iss when present
// (RFC 9207), an error answer, the front-channel id_token (signature
// against the issuer's JWKS, iss, aud, azp, exp, nonce) and its c_hash
// against the code; then it exchanges the code (with the PKCE verifier),
// verifies the token endpoint's id_token (same iss and sub, nonce, at_hash)
// and requires the member's patient id in the token response. The token is
// kept in the store for the member (Login.MemberTokenSource finds it on
// any instance). When the store cannot give the pending login, the error
// matches ErrLoginUnavailable (the login is not lost: the same callback
// can be posted again). Errors never contain the code, tokens or the
// server's error description.
func (l *Login) HandleCallback(ctx context.Context, form url.Values) (*Token, error) {
	state := form.Get("state")
	if state == "" {
		return nil, loginErr("state", "the callback has no state", ErrStateMismatch, nil)
	}
	pending, err := l.takePending(ctx, state)
	if err != nil {
		return nil, err
	}
	return l.complete(ctx, form, pending)
}

// complete checks a callback against its pending login and exchanges the
// code.
func (l *Login) complete(ctx context.Context, form url.Values, pending *AuthRequest) (*Token, error) {
	if pending == nil || pending.State == "" {
		return nil, loginErr("state", "no pending login for this callback", ErrStateMismatch, nil)
	}
	if subtle.ConstantTimeCompare([]byte(form.Get("state")), []byte(pending.State)) != 1 {
		return nil, loginErr("state", "the state does not match the pending login", ErrStateMismatch, nil)
	}
	if age := l.now().Sub(pending.Created); age > l.ttl || age < -time.Minute {
		return nil, loginErr("state", "the pending login has expired", ErrLoginExpired, nil)
	}
	if pending.Issuer != "" && strings.TrimSuffix(pending.Issuer, "/") != strings.TrimSuffix(l.cfg.Issuer, "/") {
		return nil, loginErr("state", "the pending login belongs to another issuer", ErrStateMismatch, nil)
	}
	// RFC 9207: an authorization server that names itself in the response
	// must be the one this login went to (mix-up attacks).
	if iss := form.Get("iss"); iss != "" && strings.TrimSuffix(iss, "/") != strings.TrimSuffix(l.cfg.Issuer, "/") {
		return nil, loginErr("callback", "the authorization response comes from another issuer", ErrInvalidCallback, nil)
	}
	if code := form.Get("error"); code != "" {
		e := loginErr("authorization", "the authorization server refused the login", ErrAuthorizationFailed, nil)
		e.Code = safeCode(code)
		e.Description = form.Get("error_description")
		if code == "access_denied" {
			e.Reason = "the member denied access"
			e.errs = append(e.errs, ErrAccessDenied)
		}
		return nil, e
	}
	code, rawID := form.Get("code"), form.Get("id_token")
	if code == "" || rawID == "" {
		return nil, loginErr("callback", "the callback has no code or no id_token", ErrInvalidCallback, nil)
	}
	if _, err := l.Discover(ctx); err != nil {
		return nil, err
	}
	front, err := l.verifyIDToken(ctx, rawID, pending.Nonce, true)
	if err != nil {
		return nil, err
	}
	if err := checkHash(front.alg, code, front.CHash); err != nil {
		return nil, loginErr("c_hash", "the id_token's c_hash does not match the code", ErrCHashMismatch, nil)
	}

	l.mu.Lock()
	conf, tokenHC := *l.oauthConf, l.tokenHC
	l.mu.Unlock()
	conf.RedirectURL = pending.RedirectURL
	var opts []oauth2.AuthCodeOption
	if pending.CodeVerifier != "" {
		opts = append(opts, oauth2.VerifierOption(pending.CodeVerifier))
	}
	// The exchange fetches the member's token: a fetch span, linked to
	// the callback's call.
	xctx, xf := l.hx.Telemetry().StartFetch(ctx, "allcarefhir", telemetry.CredentialToken)
	ot, err := conf.Exchange(context.WithValue(withTokenOp(xctx, "Exchange"), oauth2.HTTPClient, tokenHC), code, opts...)
	xf.End(httpx.OutcomeOf(err))
	if err != nil {
		return nil, tokenEndpointErr("the token endpoint refused the code", err)
	}
	tok, err := l.fromOAuth2(ctx, ot, front.Subject, pending.Nonce, "")
	if err != nil {
		return nil, err
	}
	l.keep(ctx, tok)
	return tok, nil
}

// idClaims is a verified id_token.
type idClaims struct {
	*oidc.IDToken
	alg   string
	CHash string
	Azp   string
}

// verifyIDToken checks signature, iss, aud, exp (go-oidc), azp and the
// nonce (required for the front channel, checked when present otherwise).
func (l *Login) verifyIDToken(ctx context.Context, raw, nonce string, front bool) (*idClaims, error) {
	l.mu.Lock()
	v := l.verifier
	l.mu.Unlock()
	alg, err := jwsAlg(raw)
	if err != nil {
		return nil, loginErr("id_token", "the id_token is not a signed JWT", ErrInvalidIDToken, nil)
	}
	idt, err := v.Verify(ctx, raw)
	if err != nil {
		var exp *oidc.TokenExpiredError
		if errors.As(err, &exp) {
			e := loginErr("id_token", "the id_token has expired", ErrInvalidIDToken, err)
			e.errs = append(e.errs, ErrIDTokenExpired)
			return nil, e
		}
		return nil, loginErr("id_token", "the id_token failed verification (signature, issuer, audience or algorithm)", ErrInvalidIDToken, oidcCause(err))
	}
	var extra struct {
		CHash string `json:"c_hash"`
		Azp   string `json:"azp"`
	}
	if err := idt.Claims(&extra); err != nil {
		return nil, loginErr("id_token", "the id_token claims do not decode", ErrInvalidIDToken, nil)
	}
	c := &idClaims{IDToken: idt, alg: alg, CHash: extra.CHash, Azp: extra.Azp}
	if len(idt.Audience) > 1 && c.Azp != l.cfg.ClientID {
		return nil, loginErr("id_token", "the id_token was issued to another party (azp)", ErrInvalidIDToken, nil)
	}
	if c.Azp != "" && c.Azp != l.cfg.ClientID {
		return nil, loginErr("id_token", "the id_token was issued to another party (azp)", ErrInvalidIDToken, nil)
	}
	if (front || idt.Nonce != "") && subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return nil, loginErr("nonce", "the id_token's nonce does not match the pending login", ErrNonceMismatch, nil)
	}
	return c, nil
}

// oidcCause is go-oidc's verification failure as the cause a LoginError
// unwraps to, without the key set's body: go-oidc prints the body of a
// key-set answer it could not use into its text ("oidc: get keys failed:
// 500 ... <body>", "oidc: failed to decode keys: ... <body>"), and that is
// upstream text, not ours to hand on. Its other texts (issuer, audience,
// algorithm, signature) are kept: they name no body.
func oidcCause(err error) error {
	if msg := err.Error(); strings.Contains(msg, "oidc: get keys failed: ") || strings.Contains(msg, "oidc: failed to decode keys") {
		return errKeySetUnusable
	}
	return err
}

// errKeySetUnusable is the cause of an id_token whose signing keys could
// not be fetched or decoded.
var errKeySetUnusable = errors.New("oidc: the signing keys (jwks_uri) could not be fetched or decoded")

// jwsAlg reads the alg of a compact JWS header.
func jwsAlg(raw string) (string, error) {
	head, _, ok := strings.Cut(raw, ".")
	if !ok {
		return "", errors.New("not a JWS")
	}
	b, err := base64.RawURLEncoding.DecodeString(head)
	if err != nil {
		return "", err
	}
	var h struct {
		Alg string `json:"alg"`
	}
	if err := jsoncodec.Unmarshal(b, &h); err != nil || h.Alg == "" {
		return "", errors.New("no alg")
	}
	return h.Alg, nil
}

// checkHash verifies an OIDC left-half hash (c_hash, at_hash) of value.
func checkHash(alg, value, want string) error {
	if want == "" {
		return errors.New("missing hash")
	}
	var h hash.Hash
	switch alg {
	case oidc.RS256, oidc.ES256, oidc.PS256:
		h = sha256.New()
	case oidc.RS384, oidc.ES384, oidc.PS384:
		h = sha512.New384()
	case oidc.RS512, oidc.ES512, oidc.PS512, oidc.EdDSA:
		h = sha512.New()
	default:
		return errors.New("unsupported algorithm")
	}
	h.Write([]byte(value))
	sum := h.Sum(nil)
	got := base64.RawURLEncoding.EncodeToString(sum[:len(sum)/2])
	if subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return errors.New("hash mismatch")
	}
	return nil
}

// fromOAuth2 checks a token endpoint response and builds the Token:
// the id_token (required after a code exchange), the same subject, the
// nonce, at_hash, and the patient id (required, or carried forward on a
// refresh).
func (l *Login) fromOAuth2(ctx context.Context, ot *oauth2.Token, subject, nonce, prevPatient string) (*Token, error) {
	refresh := prevPatient != ""
	tok := &Token{
		AccessToken:  ot.AccessToken,
		TokenType:    ot.Type(),
		RefreshToken: ot.RefreshToken,
		Expiry:       ot.Expiry,
		Issuer:       strings.TrimSuffix(l.cfg.Issuer, "/"),
		Subject:      subject,
	}
	if tok.AccessToken == "" {
		return nil, loginErr("token", "the token response has no access_token", ErrTokenExchange, nil)
	}
	if s, ok := ot.Extra("scope").(string); ok {
		tok.Scope = s
	}
	raw, _ := ot.Extra("id_token").(string)
	switch {
	case raw != "":
		idt, err := l.verifyIDToken(ctx, raw, nonce, false)
		if err != nil {
			return nil, err
		}
		if subject != "" && idt.Subject != subject {
			return nil, loginErr("id_token", "the token endpoint's id_token is for another subject", ErrInvalidIDToken, nil)
		}
		if idt.AccessTokenHash != "" {
			if err := checkHash(idt.alg, tok.AccessToken, idt.AccessTokenHash); err != nil {
				return nil, loginErr("id_token", "the id_token's at_hash does not match the access token", ErrInvalidIDToken, nil)
			}
		}
		tok.IDToken, tok.Subject = raw, idt.Subject
	case !refresh:
		return nil, loginErr("id_token", "the token response has no id_token", ErrInvalidIDToken, nil)
	}
	switch p := ot.Extra("patient").(type) {
	case string:
		tok.PatientID = p
	case float64:
		tok.PatientID = strconv.FormatFloat(p, 'f', -1, 64)
	}
	switch {
	case tok.PatientID == "" && refresh:
		tok.PatientID = prevPatient
	case tok.PatientID == "":
		return nil, loginErr("patient", "the token response has no patient id", ErrNoPatient, nil)
	case refresh && tok.PatientID != prevPatient:
		return nil, loginErr("patient", "the refreshed token is for another patient", ErrPatientMismatch, nil)
	}
	return tok, nil
}

// keep saves a new token for the member. Its failure does not fail the
// login or refresh that obtained the token (the token is good, and the
// caller has it): it is logged.
func (l *Login) keep(ctx context.Context, tok *Token) {
	if err := l.saveToken(ctx, tok); err != nil {
		if lg := l.logger; lg != nil {
			lg.LogAttrs(ctx, slog.LevelWarn, "allcarefhir: a new token could not be stored",
				slog.String("provider", "allcarefhir"), slog.String("error", err.Error()))
		}
	}
}

// Refresh renews a member's token, once for the whole fleet: when the
// store holds a newer token for the member than tok (another instance
// refreshed it, or the member logged in again), that token is returned
// and nothing is sent. Otherwise, under the member's refresh lock (one
// refresh per member at a time across the instances sharing the store;
// the others wait for it and take its result), the newest refresh token
// is sent once (granted when the member consented to offline_access), and
// the rotated token is stored for every instance. The patient id is
// carried forward (a response naming another patient is refused); a new
// id_token is verified; a missing refresh token in the response keeps the
// old one. Without a refresh token, or when the token endpoint refuses
// it, the error matches ErrReauthorizationRequired.
func (l *Login) Refresh(ctx context.Context, tok *Token) (*Token, error) {
	if tok == nil {
		return nil, loginErr("refresh", "the token has no refresh token", ErrReauthorizationRequired, nil)
	}
	if tok.PatientID == "" {
		return nil, loginErr("refresh", "the token has no patient id", ErrNoPatient, nil)
	}
	base := *tok
	cur, err := l.loadToken(ctx, tok.PatientID)
	if err != nil {
		return nil, err
	}
	if fresher(cur, &base) {
		if l.usable(cur) {
			return cur, nil
		}
		if cur.RefreshToken != "" {
			base = *cur // the fleet's newest refresh token
		}
	}
	if base.RefreshToken == "" {
		return nil, loginErr("refresh", "the token has no refresh token", ErrReauthorizationRequired, nil)
	}
	lock, err := l.lockMember(ctx, &base)
	if err != nil || lock == nil {
		// err: ctx ended or the store failed twice. lock == nil: another
		// caller refreshed while this one waited; base is its token.
		if err != nil {
			return nil, err
		}
		return &base, nil
	}
	defer l.unlock(ctx, lock)
	// Under the lock: another caller may have refreshed just before.
	if cur, err := l.loadToken(ctx, tok.PatientID); err != nil {
		return nil, err
	} else if fresher(cur, &base) {
		if l.usable(cur) {
			return cur, nil
		}
		if cur.RefreshToken != "" {
			base = *cur
		}
	}
	if l.isSpent(ctx, &base) {
		return nil, loginErr("refresh", "an earlier refresh with this refresh token was refused or lost its answer: it is not sent again", ErrReauthorizationRequired, nil)
	}
	nt, spent, err := l.refresh(ctx, &base)
	if err != nil {
		if spent {
			l.markSpent(ctx, &base)
		}
		return nil, err
	}
	l.keep(ctx, nt)
	return nt, nil
}

// lockMember takes the member's refresh lock, waiting while another caller
// (on any instance) holds it. It returns nil and updates *base when, while
// waiting, the store received a usable newer token than *base.
func (l *Login) lockMember(ctx context.Context, base *Token) (*refreshLock, error) {
	for d := lockPollMin; ; {
		lock, ok, err := l.tryLock(ctx, base.PatientID)
		if err != nil {
			return nil, err
		}
		if ok {
			return lock, nil
		}
		if d, err = wait(ctx, d); err != nil {
			return nil, err
		}
		cur, err := l.loadToken(ctx, base.PatientID)
		if err != nil {
			return nil, err
		}
		if fresher(cur, base) && l.usable(cur) {
			*base = *cur
			return nil, nil
		}
	}
}

// refresh sends tok's refresh token once and builds the new token. spent
// reports a failure after which the refresh token may no longer be valid
// (refused, its answer lost, or an answer that was not acceptable): it
// must not be sent again.
func (l *Login) refresh(ctx context.Context, tok *Token) (_ *Token, spent bool, _ error) {
	if _, err := l.Discover(ctx); err != nil {
		return nil, false, err
	}
	l.mu.Lock()
	conf, tokenHC := *l.oauthConf, l.tokenHC
	l.mu.Unlock()
	src := conf.TokenSource(context.WithValue(withTokenOp(ctx, "Refresh"), oauth2.HTTPClient, tokenHC), &oauth2.Token{RefreshToken: tok.RefreshToken})
	ot, err := src.Token()
	if err != nil {
		e := tokenEndpointErr("the token endpoint refused the refresh token", err)
		refused := refusedGrant(httpx.Sanitize(err))
		if refused {
			e.errs = append(e.errs, ErrReauthorizationRequired)
		}
		return nil, refused || errors.Is(e, ErrOutcomeUnknown), e
	}
	nt, err := l.fromOAuth2(ctx, ot, tok.Subject, "", tok.PatientID)
	if err != nil {
		return nil, true, err
	}
	if nt.Scope == "" {
		nt.Scope = tok.Scope
	}
	if nt.IDToken == "" {
		nt.IDToken = tok.IDToken
	}
	return nt, false, nil
}

// Token is a member's tokens after login, with AllCare's patient id. It
// prints as [REDACTED] in every format; its JSON form (all fields) is for
// your token store.
type Token struct {
	AccessToken  string    `json:"access_token"`
	TokenType    string    `json:"token_type,omitempty"`
	RefreshToken string    `json:"refresh_token,omitempty"`
	Expiry       time.Time `json:"expiry,omitzero"`
	// Scope is the scope the member granted (space-separated).
	Scope string `json:"scope,omitempty"`
	// PatientID is AllCare's member id from the token response: the id to
	// use in every call that names the member.
	PatientID string `json:"patient"`
	// IDToken is the verified id_token; Issuer and Subject are its iss and
	// sub.
	IDToken string `json:"id_token,omitempty"`
	Issuer  string `json:"issuer,omitempty"`
	Subject string `json:"subject,omitempty"`
}

// OAuth2 returns the token as an *oauth2.Token.
func (t *Token) OAuth2() *oauth2.Token {
	if t == nil {
		return nil
	}
	return &oauth2.Token{AccessToken: t.AccessToken, TokenType: t.TokenType, RefreshToken: t.RefreshToken, Expiry: t.Expiry}
}

// Scopes returns the granted scopes.
func (t *Token) Scopes() []string {
	if t == nil {
		return nil
	}
	return strings.Fields(t.Scope)
}

// String keeps the tokens out of logs.
func (Token) String() string { return "allcarefhir.Token" + redact.Redacted }

// GoString keeps the tokens out of %#v.
func (Token) GoString() string { return "allcarefhir.Token" + redact.Redacted }

// Format covers every fmt verb.
func (Token) Format(f fmt.State, _ rune) {
	_, _ = io.WriteString(f, "allcarefhir.Token"+redact.Redacted)
}

// LogValue keeps the tokens out of slog.
func (Token) LogValue() slog.Value { return slog.StringValue("allcarefhir.Token" + redact.Redacted) }

// LoginError reports a failed login, refresh or discovery. Error() is
// fixed text plus the OAuth error code; it never holds a code, token,
// id_token, state or the server's description. When an HTTP call failed
// (discovery, the token endpoint), the message names that call first
// ("allcarefhir: Token POST token: ...") and rxbridge.CallOf gives it;
// a failure of the login's own checks (state, id_token, nonce, ...)
// names the step ("allcarefhir: login: state: ...") and no call.
type LoginError struct {
	// Step is where it failed: discovery, store, state, authorization,
	// callback, id_token, nonce, c_hash, token, patient, refresh.
	Step string
	// Reason is fixed text.
	Reason string
	// Code is the OAuth error code ("access_denied", "invalid_grant").
	Code string
	// Description is the server's error_description: it may repeat what
	// was sent, so it is not in Error().
	Description string
	errs        []error
	cause       error
	// call is the failed call ("Discover GET .well-known/openid-configuration"),
	// rxbridge.CallOf of the cause, when an HTTP call failed; Error()
	// names it instead of the step.
	call rxbridge.Call
	// showCause appends the cause to Error(): only for causes known to be
	// free of bodies, tokens and queries (the SDK's sanitized HTTP errors).
	showCause bool
}

func loginErr(step, reason string, sentinel error, cause error) *LoginError {
	e := &LoginError{Step: step, Reason: reason, errs: []error{sentinel}, cause: cause}
	if c, ok := rxbridge.CallOf(cause); ok && c.Provider == "allcarefhir" {
		e.call = c
	}
	return e
}

// tokenEndpointErr wraps a failed token request (sanitized: no body).
// refused is the reason given when the server answered with an error; a
// lost answer (ErrOutcomeUnknown) and a transport failure get their own.
func tokenEndpointErr(refused string, err error) *LoginError {
	err = httpx.Sanitize(err)
	reason := "the token request failed"
	showCause := true // the SDK's own transport, decode or HTTP error: no body, token or query
	var fe *Error
	var ae *httpx.AuthError
	switch {
	case errors.Is(err, ErrOutcomeUnknown):
		reason = "outcome unknown, the token request may have been processed but its answer was lost (do not repeat it: start a new login, or try the refresh token once later)"
	case errors.As(err, &fe):
		reason = refused
		e := loginErr("token", reason, ErrTokenExchange, err)
		e.Code, e.Description = safeCode(fe.Code), fe.Message
		return e
	case errors.As(err, &ae):
		reason = refused
	}
	e := loginErr("token", reason, ErrTokenExchange, err)
	if ae != nil || errors.As(err, &ae) {
		e.Code = ae.Code
		showCause = false // the code says it
	}
	e.showCause = showCause
	return e
}

// Error implements the error interface.
func (e *LoginError) Error() string {
	if e == nil {
		return "allcarefhir: login failed"
	}
	var s string
	if where := e.call.String(); where != "" {
		s = "allcarefhir: " + where + ": " + e.Reason
	} else {
		s = "allcarefhir: login: " + e.Step + ": " + e.Reason
	}
	if e.Code != "" {
		s += " (" + e.Code + ")"
	}
	if e.showCause && e.cause != nil {
		// The cause without what this message already says (the prefix,
		// the call, an outcome-unknown wrapper of the same call).
		s += ": " + httpx.CauseText("allcarefhir", e.call.Op, e.cause)
	}
	return s
}

// GoString keeps %#v as safe as Error().
func (e *LoginError) GoString() string {
	if e == nil {
		return "(*allcarefhir.LoginError)(nil)"
	}
	return "&allcarefhir.LoginError{" + strconv.Quote(e.Error()) + "}"
}

// Is matches the sentinels of the failure.
func (e *LoginError) Is(target error) bool {
	if e == nil {
		return false
	}
	return slices.Contains(e.errs, target)
}

// Unwrap returns the underlying cause (a sanitized transport or token
// endpoint error, go-oidc's verification error), or nil.
func (e *LoginError) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.cause
}

// safeCode keeps an OAuth error code or scope name printable.
func safeCode(s string) string {
	if len(s) > 64 {
		s = s[:64]
	}
	b := []byte(s)
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.' || c == ':' || c == '/') {
			b[i] = '?'
		}
	}
	return string(b)
}

// Login sentinels.
var (
	// ErrDiscovery matches an unreadable or unacceptable discovery document.
	ErrDiscovery = errors.New("allcarefhir: OpenID discovery failed")
	// ErrScopeNotSupported matches requested scopes the issuer does not list.
	ErrScopeNotSupported = errors.New("allcarefhir: scope not supported by the issuer")
	// ErrStateMismatch matches a callback whose state is missing, unknown,
	// already used or different from the pending login's.
	ErrStateMismatch = errors.New("allcarefhir: callback state mismatch")
	// ErrLoginExpired matches a callback for a login older than LoginTTL.
	ErrLoginExpired = errors.New("allcarefhir: login expired")
	// ErrAuthorizationFailed matches an error answer from the authorization
	// server.
	ErrAuthorizationFailed = errors.New("allcarefhir: authorization failed")
	// ErrAccessDenied matches the member declining consent
	// (error=access_denied); it also matches ErrAuthorizationFailed.
	ErrAccessDenied = errors.New("allcarefhir: the member denied access")
	// ErrInvalidCallback matches a callback without code or id_token.
	ErrInvalidCallback = errors.New("allcarefhir: invalid callback")
	// ErrInvalidIDToken matches an id_token that fails verification
	// (signature, alg, iss, aud, azp, exp, subject).
	ErrInvalidIDToken = errors.New("allcarefhir: invalid id_token")
	// ErrIDTokenExpired matches an expired id_token (with ErrInvalidIDToken).
	ErrIDTokenExpired = errors.New("allcarefhir: id_token expired")
	// ErrNonceMismatch matches an id_token whose nonce is not the login's.
	ErrNonceMismatch = errors.New("allcarefhir: id_token nonce mismatch")
	// ErrCHashMismatch matches an id_token whose c_hash does not match the
	// code (or is missing, which the hybrid flow forbids).
	ErrCHashMismatch = errors.New("allcarefhir: id_token c_hash mismatch")
	// ErrTokenExchange matches a failed token request.
	ErrTokenExchange = errors.New("allcarefhir: token request failed")
	// ErrNoPatient matches a token response without the patient id.
	ErrNoPatient = errors.New("allcarefhir: no patient id in the token response")
	// ErrPatientMismatch matches a refresh that names another patient.
	ErrPatientMismatch = errors.New("allcarefhir: refreshed token names another patient")
	// ErrLoginUnavailable matches a login that could not start or complete
	// because the store could not save or give the pending login (the
	// error also matches rxbridge.ErrStoreUnavailable, or the context's
	// error). Pending logins fail closed: nothing was sent to AllCare, and
	// a pending login the store still holds stays usable. Ask the member
	// to try again.
	ErrLoginUnavailable = errors.New("allcarefhir: pending login unavailable")
)

// jwksClient returns the *http.Client go-oidc fetches the issuer's signing
// keys with. Its requests go through the pipeline like every other call:
// retried on 429, 5xx and network failures (a key fetch that blips must
// not fail a member's login), size-limited, and logged without content.
func (l *Login) jwksClient(jwksURI string) (*http.Client, error) {
	hc, err := newEndpointClient(jwksURI, l.opts, l.hx.Transport(), nil,
		endpointTransport{op: "JWKS", idempotency: httpx.ByMethod, accept: "application/jwk-set+json, application/json"})
	if err != nil {
		return nil, loginErr("discovery", "jwks_uri is not usable", ErrDiscovery, nil)
	}
	return hc, nil
}

// errNoLogin is returned by a Login not made by NewLogin (a nil value).
var errNoLogin = apierr.Input("allcarefhir", "", "the Login was not made by NewLogin")
