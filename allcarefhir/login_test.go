package allcarefhir_test

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// testKey is shared by the fakes of this package's tests (RSA key
// generation is slow under -race).
var testKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

const redirectURL = "https://app.example/callback"

func newFake(t *testing.T, opts ...allcarefhirtest.Option) *allcarefhirtest.Server {
	t.Helper()
	srv := allcarefhirtest.NewServer(append([]allcarefhirtest.Option{allcarefhirtest.WithSigningKey(testKey())}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// savedTokens is an in-process store that records the member tokens
// written to it. onTokenSet, when set (before use), runs before each such
// write and may fail it.
type savedTokens struct {
	*rxbridge.MemoryStore
	onTokenSet func(ctx context.Context) error
	mu         sync.Mutex
	toks       []allcarefhir.Token
}

func newSavedTokens() *savedTokens { return &savedTokens{MemoryStore: rxbridge.NewMemoryStore()} }

func (s *savedTokens) Set(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) error {
	if key.Namespace == "allcarefhir.token" {
		if s.onTokenSet != nil {
			if err := s.onTokenSet(ctx); err != nil {
				return err
			}
		}
		var tok allcarefhir.Token
		if err := json.Unmarshal(value, &tok); err != nil {
			return err
		}
		s.mu.Lock()
		s.toks = append(s.toks, tok)
		s.mu.Unlock()
	}
	return s.MemoryStore.Set(ctx, key, value, ttl)
}

func (s *savedTokens) all() []allcarefhir.Token {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]allcarefhir.Token(nil), s.toks...)
}

func newLogin(t *testing.T, srv *allcarefhirtest.Server, mod ...func(*allcarefhir.OAuthConfig)) *allcarefhir.Login {
	t.Helper()
	return newLoginOpts(t, srv, nil, mod...)
}

// newLoginOpts is newLogin with more options (rxbridge.WithStore).
func newLoginOpts(t *testing.T, srv *allcarefhirtest.Server, opts []rxbridge.Option, mod ...func(*allcarefhir.OAuthConfig)) *allcarefhir.Login {
	t.Helper()
	cfg := allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURL: redirectURL,
		Scopes: []string{"patientapi.demographics.read", "patientapi.coverage.read", "patientapi.claims.read", "patientapi.formulary.read"},
	}
	for _, m := range mod {
		m(&cfg)
	}
	l, err := allcarefhir.NewLogin(cfg, append([]rxbridge.Option{rxbridge.WithRetry(fastRetry)}, opts...)...)
	require.NoError(t, err)
	return l
}

// begin runs AuthCodeURL and the member's consent; it returns the form the
// browser would post and the pending login.
func begin(t *testing.T, srv *allcarefhirtest.Server, l *allcarefhir.Login) (url.Values, *allcarefhir.AuthRequest) {
	t.Helper()
	req, err := l.AuthCodeURL(context.Background())
	require.NoError(t, err)
	post, err := srv.Authorize(context.Background(), req.URL)
	require.NoError(t, err)
	assert.Equal(t, redirectURL, post.Action)
	return post.Values, req
}

func TestLoginHappyPath(t *testing.T) {
	srv := newFake(t)
	store := newSavedTokens()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)})
	req, err := l.AuthCodeURL(context.Background())
	require.NoError(t, err)
	u, err := url.Parse(req.URL)
	require.NoError(t, err)
	q := u.Query()
	assert.Equal(t, srv.Issuer+"/connect/authorize", u.Scheme+"://"+u.Host+u.Path)
	assert.Equal(t, "code id_token", q.Get("response_type"))
	assert.Equal(t, "form_post", q.Get("response_mode"))
	assert.Equal(t, srv.ClientID, q.Get("client_id"))
	assert.Equal(t, redirectURL, q.Get("redirect_uri"))
	assert.Equal(t, req.State, q.Get("state"))
	assert.Equal(t, req.Nonce, q.Get("nonce"))
	assert.Equal(t, "S256", q.Get("code_challenge_method"))
	assert.NotEmpty(t, q.Get("code_challenge"))
	assert.NotEqual(t, req.CodeVerifier, q.Get("code_challenge"))
	assert.Equal(t, "openid patientapi.demographics.read patientapi.coverage.read patientapi.claims.read patientapi.formulary.read", q.Get("scope"))
	assert.GreaterOrEqual(t, len(req.State), 43, "at least 256 bits")

	post, err := srv.Authorize(context.Background(), req.URL)
	require.NoError(t, err)
	tok, err := l.HandleCallback(context.Background(), post.Values)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, tok.PatientID)
	assert.NotEmpty(t, tok.AccessToken)
	assert.NotEmpty(t, tok.IDToken)
	assert.Equal(t, "member-"+srv.PatientID, tok.Subject)
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.WithinDuration(t, time.Now().Add(time.Hour), tok.Expiry, time.Minute)
	assert.Empty(t, tok.RefreshToken, "no offline_access requested")
	assert.Equal(t, "client_secret_basic", srv.LastTokenAuthMethod())
	require.Len(t, store.all(), 1)
	assert.Equal(t, tok.AccessToken, store.all()[0].AccessToken)

	// The token reads the member's data.
	c, err := allcarefhir.NewClient(l.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL))
	require.NoError(t, err)
	p, err := c.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, p.ID)
}

func TestLoginRejections(t *testing.T) {
	other, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	type hook = func(channel string, header, claims map[string]any)
	onFront := func(f func(header, claims map[string]any)) hook {
		return func(ch string, h, c map[string]any) {
			if ch == "authorize" {
				f(h, c)
			}
		}
	}
	onBack := func(f func(header, claims map[string]any)) hook {
		return func(ch string, h, c map[string]any) {
			if ch == "token" {
				f(h, c)
			}
		}
	}
	cases := []struct {
		name     string
		idHook   hook
		tokHook  func(grant string, resp map[string]any)
		signWith *rsa.PrivateKey
		form     func(url.Values)
		pending  func(*allcarefhir.AuthRequest)
		want     []error
		exchange bool // whether the code reached the token endpoint
	}{
		{name: "tampered state", form: func(v url.Values) { v.Set("state", v.Get("state")+"x") }, want: []error{allcarefhir.ErrStateMismatch}},
		{name: "missing state", form: func(v url.Values) { v.Del("state") }, want: []error{allcarefhir.ErrStateMismatch}},
		{name: "wrong nonce", idHook: onFront(func(_, c map[string]any) { c["nonce"] = "not-the-nonce" }), want: []error{allcarefhir.ErrNonceMismatch}},
		{name: "missing nonce", idHook: onFront(func(_, c map[string]any) { delete(c, "nonce") }), want: []error{allcarefhir.ErrNonceMismatch}},
		{name: "wrong c_hash", idHook: onFront(func(_, c map[string]any) { c["c_hash"] = "AAAAAAAAAAAAAAAAAAAAAA" }), want: []error{allcarefhir.ErrCHashMismatch}},
		{name: "missing c_hash", idHook: onFront(func(_, c map[string]any) { delete(c, "c_hash") }), want: []error{allcarefhir.ErrCHashMismatch}},
		{name: "code swapped", form: func(v url.Values) { v.Set("code", "attacker-code") }, want: []error{allcarefhir.ErrCHashMismatch}},
		{name: "expired id_token", idHook: onFront(func(_, c map[string]any) {
			past := time.Now().Add(-time.Hour).Unix()
			c["exp"], c["iat"], c["nbf"] = past, past-300, past-300
		}), want: []error{allcarefhir.ErrInvalidIDToken, allcarefhir.ErrIDTokenExpired}},
		{name: "wrongly signed", signWith: other, want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "alg none", idHook: onFront(func(h, _ map[string]any) { h["alg"] = "none" }), want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "alg HS256 with the client secret", idHook: onFront(func(h, _ map[string]any) { h["alg"] = "HS256" }), want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "wrong issuer", idHook: onFront(func(_, c map[string]any) { c["iss"] = "https://evil.example" }), want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "wrong audience", idHook: onFront(func(_, c map[string]any) { c["aud"] = "another-client" }), want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "azp of another party", idHook: onFront(func(_, c map[string]any) {
			c["aud"] = []string{allcarefhirtest.DefaultClientID, "another-client"}
			c["azp"] = "another-client"
		}), want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "id_token not a JWT", form: func(v url.Values) { v.Set("id_token", "garbage") }, want: []error{allcarefhir.ErrInvalidIDToken}},
		{name: "no code", form: func(v url.Values) { v.Del("code") }, want: []error{allcarefhir.ErrInvalidCallback}},
		{name: "response from another issuer (RFC 9207)", form: func(v url.Values) { v.Set("iss", "https://evil.example") }, want: []error{allcarefhir.ErrInvalidCallback}},
		{name: "login expired", pending: func(r *allcarefhir.AuthRequest) { r.Created = r.Created.Add(-11 * time.Minute) }, want: []error{allcarefhir.ErrLoginExpired}},
		{name: "pending login of another issuer", pending: func(r *allcarefhir.AuthRequest) { r.Issuer = "https://advportal.allcarehealth.com" }, want: []error{allcarefhir.ErrStateMismatch}},
		{name: "wrong PKCE verifier", pending: func(r *allcarefhir.AuthRequest) { r.CodeVerifier = oauth2.GenerateVerifier() },
			want: []error{allcarefhir.ErrTokenExchange}, exchange: true},
		{name: "token endpoint id_token for another subject", idHook: onBack(func(_, c map[string]any) { c["sub"] = "someone-else" }),
			want: []error{allcarefhir.ErrInvalidIDToken}, exchange: true},
		{name: "token endpoint id_token with wrong at_hash", idHook: onBack(func(_, c map[string]any) { c["at_hash"] = "AAAAAAAAAAAAAAAAAAAAAA" }),
			want: []error{allcarefhir.ErrInvalidIDToken}, exchange: true},
		{name: "token endpoint id_token with wrong nonce", idHook: onBack(func(_, c map[string]any) { c["nonce"] = "x" }),
			want: []error{allcarefhir.ErrNonceMismatch}, exchange: true},
		{name: "token endpoint id_token unsigned", idHook: onBack(func(h, _ map[string]any) { h["alg"] = "none" }),
			want: []error{allcarefhir.ErrInvalidIDToken}, exchange: true},
		{name: "no id_token from the token endpoint", tokHook: func(_ string, r map[string]any) { delete(r, "id_token") },
			want: []error{allcarefhir.ErrInvalidIDToken}, exchange: true},
		{name: "no patient", tokHook: func(_ string, r map[string]any) { delete(r, "patient") }, want: []error{allcarefhir.ErrNoPatient}, exchange: true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			store := newSavedTokens()
			l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)})
			srv.MutateIDToken(tc.idHook)
			srv.MutateTokenResponse(tc.tokHook)
			if tc.signWith != nil {
				srv.SignWith(tc.signWith)
			}
			form, req := begin(t, srv, l)
			if tc.form != nil {
				tc.form(form)
			}
			if tc.pending != nil {
				tc.pending(req)
				require.NoError(t, allcarefhir.PutPending(context.Background(), l, req))
			}
			tok, err := l.HandleCallback(context.Background(), form)
			require.Error(t, err)
			assert.Nil(t, tok)
			for _, want := range tc.want {
				assert.ErrorIs(t, err, want)
			}
			var le *allcarefhir.LoginError
			require.ErrorAs(t, err, &le)
			exchanged := srv.Stats().CodeExchanges
			if tc.exchange {
				assert.Equal(t, 1, exchanged)
			} else {
				assert.Equal(t, 0, exchanged, "a bad front channel must stop before the code is exchanged")
			}
			assert.Empty(t, store.all(), "nothing is saved")
			for _, secret := range []string{form.Get("code"), form.Get("id_token"), req.State, req.Nonce, req.CodeVerifier, srv.ClientSecret} {
				if secret != "" {
					assert.NotContains(t, err.Error(), secret)
				}
			}
		})
	}
}

func TestLoginAccessDenied(t *testing.T) {
	srv := newFake(t)
	srv.SetConsent(allcarefhirtest.Deny)
	l := newLogin(t, srv)
	form, _ := begin(t, srv, l)
	_, err := l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrAccessDenied)
	require.ErrorIs(t, err, allcarefhir.ErrAuthorizationFailed)
	var le *allcarefhir.LoginError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "access_denied", le.Code)
	assert.Equal(t, "The member declined to share their data", le.Description)
	assert.NotContains(t, err.Error(), "declined", "the server's description stays out of Error()")

	// A forged error post with another state is a state mismatch.
	form.Set("state", "forged")
	_, err = l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrStateMismatch)
}

func TestLoginCodeIsSingleUse(t *testing.T) {
	srv := newFake(t)
	l := newLogin(t, srv)
	form, req := begin(t, srv, l)
	_, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	// A replayed callback finds no pending login: nothing is sent.
	_, err = l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrStateMismatch)
	assert.Equal(t, 1, srv.Stats().CodeExchanges)
	// With the pending login put back, the code itself is refused.
	require.NoError(t, allcarefhir.PutPending(context.Background(), l, req))
	_, err = l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrTokenExchange)
	var le *allcarefhir.LoginError
	require.ErrorAs(t, err, &le)
	assert.Equal(t, "invalid_grant", le.Code)
	// The token endpoint's error_description is kept for the program, out
	// of Error().
	assert.Equal(t, "code already used", le.Description)
	assert.NotContains(t, err.Error(), le.Description)
}

func TestLoginExchangeFailureIsNotARefusal(t *testing.T) {
	srv := newFake(t)
	l := newLogin(t, srv)
	// A first login caches discovery and the JWKS, so the fault below hits
	// the token endpoint.
	form, _ := begin(t, srv, l)
	_, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	form, _ = begin(t, srv, l)
	srv.AuthFaults.Enqueue(faultserver.GatewayHTML(http.StatusBadGateway))
	_, err = l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrTokenExchange)
	// A 502 is not the server refusing the code: the exchange may have
	// happened (the code is now spent), so it is outcome unknown, and the
	// code is not sent again.
	require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
	var le *allcarefhir.LoginError
	require.ErrorAs(t, err, &le)
	assert.NotContains(t, le.Reason, "refused")
	assert.Empty(t, le.Code)
}

func TestLoginDiscoveryChecks(t *testing.T) {
	srv := newFake(t)
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.Scopes = []string{"patientapi.*", "patientapi.claims.read"} })
	_, err := l.AuthCodeURL(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrScopeNotSupported)
	var se *allcarefhir.ScopeError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []string{"patientapi.*"}, se.Unsupported)
	assert.Equal(t, 0, srv.Stats().Authorizations)

	// Discovery naming another issuer.
	l = newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.Issuer = srv.Issuer + "/tenant" })
	srv.AuthFaults.Enqueue(faultJSON(200, `{"issuer":"https://evil.example","authorization_endpoint":"https://evil.example/a","token_endpoint":"https://evil.example/t","jwks_uri":"https://evil.example/j"}`))
	_, err = l.AuthCodeURL(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrDiscovery)

	// Plain-http endpoints off loopback are refused.
	l = newLogin(t, srv)
	srv.AuthFaults.Enqueue(faultJSON(200, `{"issuer":"`+srv.Issuer+`","authorization_endpoint":"http://evil.example/a","token_endpoint":"`+srv.Issuer+`/connect/token","jwks_uri":"`+srv.Issuer+`/j"}`))
	_, err = l.AuthCodeURL(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrDiscovery)

	// A 500 on discovery is retried.
	l = newLogin(t, srv)
	srv.AuthFaults.Enqueue(faultJSON(500, `{}`))
	_, err = l.AuthCodeURL(context.Background())
	require.NoError(t, err)
}

func TestNewLoginValidates(t *testing.T) {
	good := allcarefhir.OAuthConfig{Issuer: allcarefhir.CCOIssuer, ClientID: "id", ClientSecret: "s3cr3t-value", RedirectURL: redirectURL}
	_, err := allcarefhir.NewLogin(good)
	require.NoError(t, err)
	for name, mod := range map[string]func(*allcarefhir.OAuthConfig){
		"no issuer":      func(c *allcarefhir.OAuthConfig) { c.Issuer = "" },
		"http issuer":    func(c *allcarefhir.OAuthConfig) { c.Issuer = "http://ccoportal.allcarehealth.com" },
		"no client id":   func(c *allcarefhir.OAuthConfig) { c.ClientID = "" },
		"no secret":      func(c *allcarefhir.OAuthConfig) { c.ClientSecret = "" },
		"bad redirect":   func(c *allcarefhir.OAuthConfig) { c.RedirectURL = "/callback" },
		"scope w/ space": func(c *allcarefhir.OAuthConfig) { c.Scopes = []string{"a b"} },
		"bad auth style": func(c *allcarefhir.OAuthConfig) { c.AuthStyle = 7 },
	} {
		cfg := good
		mod(&cfg)
		_, err := allcarefhir.NewLogin(cfg)
		require.Error(t, err, name)
		assert.NotContains(t, err.Error(), "s3cr3t-value", name)
	}
	_, err = allcarefhir.NewLogin(good, rxbridge.WithBaseURL("https://x.example"))
	require.Error(t, err)
}

func TestLoginAuthStyleAndPKCEOptions(t *testing.T) {
	srv := newFake(t)
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.AuthStyle = oauth2.AuthStyleInParams })
	form, _ := begin(t, srv, l)
	_, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Equal(t, "client_secret_post", srv.LastTokenAuthMethod())

	// Discovery listing only client_secret_post selects it.
	srv2 := newFake(t, allcarefhirtest.WithTokenAuthMethods("client_secret_post"))
	l = newLogin(t, srv2)
	form, _ = begin(t, srv2, l)
	_, err = l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Equal(t, "client_secret_post", srv2.LastTokenAuthMethod())

	l = newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.DisablePKCE = true })
	req, err := l.AuthCodeURL(context.Background())
	require.NoError(t, err)
	assert.NotContains(t, req.URL, "code_challenge")
	assert.Empty(t, req.CodeVerifier)
}

func TestCallbackHandler(t *testing.T) {
	srv := newFake(t)
	type outcome struct {
		tok *allcarefhir.Token
		err error
	}
	results := make(chan outcome, 4)
	app := httptest.NewServer(nil)
	defer app.Close()
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.RedirectURL = app.URL + "/callback" })
	app.Config.Handler = l.CallbackHandler(func(w http.ResponseWriter, r *http.Request, tok *allcarefhir.Token, err error) {
		results <- outcome{tok, err}
		if err != nil {
			http.Error(w, "login failed", http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/home", http.StatusSeeOther)
	})

	req, err := l.AuthCodeURL(context.Background())
	require.NoError(t, err)
	post, err := srv.Authorize(context.Background(), req.URL)
	require.NoError(t, err)
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := post.Submit(context.Background(), noRedirect)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	got := <-results
	require.NoError(t, got.err)
	assert.Equal(t, srv.PatientID, got.tok.PatientID)

	// Replaying the same post: the state is gone.
	resp, err = post.Submit(context.Background(), noRedirect)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	got = <-results
	require.ErrorIs(t, got.err, allcarefhir.ErrStateMismatch)

	// Method, media type and size checks.
	r, err := http.Get(app.URL + "/callback?code=x&state=y")
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, r.StatusCode)
	r, err = http.Post(app.URL+"/callback", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusUnsupportedMediaType, r.StatusCode)
	r, err = http.Post(app.URL+"/callback", "application/x-www-form-urlencoded", strings.NewReader("state="+strings.Repeat("a", allcarefhir.MaxCallbackBytes+1)))
	require.NoError(t, err)
	r.Body.Close()
	assert.Equal(t, http.StatusRequestEntityTooLarge, r.StatusCode)
	assert.Empty(t, results)

	// The default response says nothing about the failure.
	h := l.CallbackHandler(nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/callback", strings.NewReader("state=nope&code=c")).WithContext(context.Background()))
	assert.Equal(t, http.StatusUnsupportedMediaType, rec.Code)
	rq := httptest.NewRequest(http.MethodPost, "/callback", strings.NewReader("state=nope&code=c"))
	rq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, rq)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.Equal(t, "login failed\n", rec.Body.String())
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
}

func TestRefreshCarriesPatientAndRotates(t *testing.T) {
	srv := newFake(t, allcarefhirtest.WithoutPatientOnRefresh())
	store := newSavedTokens()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)}, func(c *allcarefhir.OAuthConfig) {
		c.Scopes = append(c.Scopes, "offline_access")
	})
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	require.NotEmpty(t, tok.RefreshToken)

	nt, err := l.Refresh(context.Background(), tok)
	require.NoError(t, err)
	assert.Equal(t, tok.PatientID, nt.PatientID, "carried forward")
	assert.NotEqual(t, tok.AccessToken, nt.AccessToken)
	assert.NotEqual(t, tok.RefreshToken, nt.RefreshToken, "rotated")
	assert.Equal(t, tok.Subject, nt.Subject)
	require.Len(t, store.all(), 2)
	assert.Equal(t, nt.RefreshToken, store.all()[1].RefreshToken, "the rotated refresh token is persisted")

	// Renewing the old token again gives the stored newer one: the spent
	// refresh token is not sent.
	again, err := l.Refresh(context.Background(), tok)
	require.NoError(t, err)
	assert.Equal(t, nt.AccessToken, again.AccessToken)
	assert.Equal(t, 1, srv.Stats().Refreshes)

	// No refresh token at all.
	_, err = l.Refresh(context.Background(), &allcarefhir.Token{AccessToken: "a", PatientID: "p"})
	require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)

	// A refresh that names another patient is refused.
	srv.MutateTokenResponse(func(grant string, r map[string]any) {
		if grant == "refresh_token" {
			r["patient"] = "someone-else"
		}
	})
	_, err = l.Refresh(context.Background(), nt)
	require.ErrorIs(t, err, allcarefhir.ErrPatientMismatch)

	// A login that does not share the store sends the old refresh token:
	// it is spent.
	_, err = newLogin(t, srv).Refresh(context.Background(), tok)
	require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)
}

func TestTokenSourceRefreshesOn401(t *testing.T) {
	srv := newFake(t)
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) { c.Scopes = append(c.Scopes, "offline_access") })
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	ts := l.TokenSource(tok)
	c, err := allcarefhir.NewClient(ts, rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = c.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)

	srv.RevokeCredentials() // the server now rejects the token it issued
	_, err = c.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Stats().Refreshes)
	assert.Equal(t, 1, srv.Stats().Unauthorized)
	assert.NotEqual(t, tok.AccessToken, ts.Current().AccessToken)
	assert.Equal(t, tok.PatientID, ts.PatientID())

	// Without a refresh token a rejected token needs the member again.
	l2 := newLogin(t, srv)
	form, _ = begin(t, srv, l2)
	tok2, err := l2.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	c2, err := allcarefhir.NewClient(l2.TokenSource(tok2), rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	srv.RevokeCredentials()
	_, err = c2.Patient(context.Background(), tok2.PatientID)
	require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)
}

func TestTokenSourceSingleFlightRefresh(t *testing.T) {
	srv := newFake(t)
	clock := time.Now()
	l := newLogin(t, srv, func(c *allcarefhir.OAuthConfig) {
		c.Scopes = append(c.Scopes, "offline_access")
		c.Now = func() time.Time { return clock }
	})
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	tok.Expiry = clock.Add(30 * time.Second) // inside the early-refresh window
	ts := l.TokenSource(tok)
	var wg sync.WaitGroup
	got := make([]string, 50)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ot, err := ts.TokenContext(context.Background())
			if assert.NoError(t, err) {
				got[i] = ot.AccessToken
			}
		}()
	}
	wg.Wait()
	assert.Equal(t, 1, srv.Stats().Refreshes)
	for _, a := range got {
		assert.Equal(t, got[0], a)
	}
	assert.NotEqual(t, tok.AccessToken, got[0])
}

func TestTokenAndAuthRequestNeverPrint(t *testing.T) {
	tok := allcarefhir.Token{AccessToken: "AT-secret", RefreshToken: "RT-secret", IDToken: "ID-secret", PatientID: "P-123"}
	req := allcarefhir.AuthRequest{State: "ST-secret", Nonce: "NO-secret", CodeVerifier: "CV-secret"}
	for _, s := range []string{tok.String(), req.String()} {
		assert.Contains(t, s, "[REDACTED]")
	}
	out := strings.Join([]string{
		sprintAll(tok), sprintAll(&tok), sprintAll(req), sprintAll(&req),
	}, "\n")
	for _, secret := range []string{"AT-secret", "RT-secret", "ID-secret", "P-123", "ST-secret", "NO-secret", "CV-secret"} {
		assert.NotContains(t, out, secret)
	}
	// JSON keeps everything, for the token store.
	b, err := json.Marshal(tok)
	require.NoError(t, err)
	var back allcarefhir.Token
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, tok, back)
}

// A shared store that cannot keep the new token does not fail the login:
// the token is kept in this instance's memory (a TokenSource of this
// instance finds it) and the failure is logged, without the token.
func TestTokenStoreFailureDegradesToMemoryAndIsLogged(t *testing.T) {
	srv := newFake(t)
	store := newSavedTokens()
	store.onTokenSet = func(context.Context) error {
		return &rxbridge.StoreError{Op: "set", Err: errors.New("connection refused")}
	}
	logger, sink := canary.Logger()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store), rxbridge.WithLogger(logger)})
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err, "the login worked; only the shared store failed")
	assert.Equal(t, srv.PatientID, tok.PatientID)
	assert.Contains(t, sink.String(), "store unavailable")
	assert.Contains(t, sink.String(), "connection refused")
	assert.NotContains(t, sink.String(), tok.AccessToken)
	assert.NotContains(t, sink.String(), tok.PatientID)

	// This instance still serves the member from its memory.
	ot, err := l.MemberTokenSource(tok.PatientID).TokenContext(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tok.AccessToken, ot.AccessToken)
}

// jwksFlaky answers the first n key-set fetches with a 503 and a reset.
type jwksFlaky struct {
	base  http.RoundTripper
	mu    sync.Mutex
	fails int
	seen  int
}

func (j *jwksFlaky) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/jwks") {
		return j.base.RoundTrip(req)
	}
	j.mu.Lock()
	j.seen++
	n := j.seen
	j.mu.Unlock()
	switch {
	case n == 1 && j.fails >= 1:
		return &http.Response{StatusCode: 503, Header: http.Header{"Content-Type": {"text/html"}},
			Body: http.NoBody, Request: req}, nil
	case n == 2 && j.fails >= 2:
		return nil, errors.New("read: connection reset by peer")
	}
	return j.base.RoundTrip(req)
}

// The signing keys are fetched through the pipeline: a key-set fetch that
// blips is retried instead of failing the member's login, and logged.
func TestLoginJWKSFetchIsRetriedAndLogged(t *testing.T) {
	srv := newFake(t)
	flaky := &jwksFlaky{base: http.DefaultTransport, fails: 2}
	logger, sink := canary.Logger()
	l, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURL: redirectURL,
		Scopes: []string{"patientapi.demographics.read"},
	}, rxbridge.WithRetry(fastRetry), rxbridge.WithHTTPClient(&http.Client{Transport: flaky}), rxbridge.WithLogger(logger))
	require.NoError(t, err)
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, tok.PatientID)
	assert.Equal(t, 3, flaky.seen, "a 503 and a reset, then the keys")
	assert.Contains(t, sink.String(), "JWKS")
}

func TestTokenSourceRefreshKeepsTheCallersValuesNotItsCancellation(t *testing.T) {
	// A refresh runs with the values of the call that started it (its
	// logs and the store see them), not with its cancellation: that
	// caller gives up, the refresh goes on for the next one.
	type traceKey struct{}
	srv := newFake(t)
	clock := time.Now()
	var refreshing atomic.Bool
	saved := make(chan context.Context, 1)
	release := make(chan struct{})
	store := newSavedTokens()
	store.onTokenSet = func(ctx context.Context) error {
		if !refreshing.Load() {
			return nil // the login's own save
		}
		saved <- ctx
		<-release
		return nil
	}
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)}, func(c *allcarefhir.OAuthConfig) {
		c.Scopes = append(c.Scopes, "offline_access")
		c.Now = func() time.Time { return clock }
	})
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	tok.Expiry = clock.Add(30 * time.Second) // inside the early-refresh window
	ts := l.TokenSource(tok)

	refreshing.Store(true)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), traceKey{}, "trace-1"))
	errc := make(chan error, 1)
	go func() {
		_, err := ts.TokenContext(ctx)
		errc <- err
	}()
	rctx := <-saved
	assert.Equal(t, "trace-1", rctx.Value(traceKey{}), "the refresh carries the caller's values")
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	assert.NoError(t, rctx.Err(), "cancelling the caller does not cancel the refresh")
	close(release)
	ot, err := ts.TokenContext(context.Background())
	require.NoError(t, err)
	assert.NotEqual(t, tok.AccessToken, ot.AccessToken)
	assert.Equal(t, 1, srv.Stats().Refreshes)
}

// An unreachable issuer says why (connection refused), once prefixed.
func TestDiscoveryErrorKeepsTheCause(t *testing.T) {
	issuer := "http://" + faultserver.RefusingAddr(t) // held: no server takes it
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{Issuer: issuer, ClientID: "id", ClientSecret: "secret",
		RedirectURL: "https://app.example/callback"}, rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	require.NoError(t, err)
	_, err = login.Discover(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrDiscovery)
	msg := err.Error()
	assert.Contains(t, msg, "cannot read the issuer's OpenID configuration")
	assert.Contains(t, msg, "connection refused")
	assert.Equal(t, 1, strings.Count(msg, "allcarefhir:"), msg)
}

// jwksBody answers every key-set fetch with status and body.
type jwksBody struct {
	base   http.RoundTripper
	status int
	body   string
}

func (j jwksBody) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.HasSuffix(req.URL.Path, "/jwks") {
		return j.base.RoundTrip(req)
	}
	return &http.Response{StatusCode: j.status, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(j.body)), ContentLength: int64(len(j.body)), Request: req}, nil
}

// A key set that cannot be used fails the login as an invalid id_token,
// and nothing in the error's chain (go-oidc prints the key set's body
// into its text) carries the body.
func TestLoginKeySetBodyStaysOutOfTheError(t *testing.T) {
	const canary = "CANARY-JWKS-BODY-7f3a"
	for _, c := range []struct {
		name   string
		status int
		body   string
	}{
		{"not JSON", 200, "<html>" + canary + "</html>"},
		{"not a key set", 200, `{"keys":"` + canary + `"}`},
		{"refused", 403, `{"error":"` + canary + `"}`},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := newFake(t)
			l, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
				Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURL: redirectURL,
				Scopes: []string{"patientapi.demographics.read"},
			}, rxbridge.WithRetry(fastRetry), rxbridge.WithHTTPClient(&http.Client{Transport: jwksBody{http.DefaultTransport, c.status, c.body}}))
			require.NoError(t, err)
			form, _ := begin(t, srv, l)
			_, err = l.HandleCallback(context.Background(), form)
			require.ErrorIs(t, err, allcarefhir.ErrInvalidIDToken)
			for e := err; e != nil; e = errors.Unwrap(e) {
				assert.NotContains(t, e.Error(), canary, "%T", e)
				assert.NotContains(t, fmt.Sprintf("%+v", e), canary, "%T", e)
			}
		})
	}
}
