package allcarefhirtest

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// grant is an issued authorization code.
type grant struct {
	clientID, redirect, scope, nonce, challenge, subject string
	expires                                              time.Time
	used                                                 bool
}

// session is an access or refresh token.
type session struct {
	patient, scope, subject string
	expires                 time.Time
}

func randomID(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("allcarefhirtest: no randomness: " + err.Error())
	}
	return hex.EncodeToString(b)
}

func defaultScopesList() []string {
	return []string{
		"patientapi.demographics.read", "patientapi.coverage.read", "patientapi.claims.read",
		"patientapi.clinical.read", "patientapi.formulary.read", "offline_access",
	}
}

func joinScopes(s []string) string { return strings.Join(s, " ") }

// serveAuth is the authorization server.
func (s *Server) serveAuth(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case "/.well-known/openid-configuration":
		s.discovery(w)
	case "/.well-known/openid-configuration/jwks":
		s.jwks(w)
	case "/connect/authorize":
		s.authorize(w, r)
	case "/connect/token":
		s.mu.Lock()
		lose := s.loseTokens > 0
		if lose {
			s.loseTokens--
		}
		s.mu.Unlock()
		if lose {
			s.token(httptest.NewRecorder(), r)
			rxbridgetest.ResetConn(w)
			return
		}
		s.token(w, r)
	default:
		http.NotFound(w, r)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// discovery is shaped like IdentityServer's document.
func (s *Server) discovery(w http.ResponseWriter) {
	iss := s.Issuer
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                iss,
		"jwks_uri":                              iss + "/.well-known/openid-configuration/jwks",
		"authorization_endpoint":                iss + "/connect/authorize",
		"token_endpoint":                        iss + "/connect/token",
		"userinfo_endpoint":                     iss + "/connect/userinfo",
		"revocation_endpoint":                   iss + "/connect/revocation",
		"scopes_supported":                      append([]string{"openid"}, s.cfg.scopes...),
		"grant_types_supported":                 []string{"authorization_code", "refresh_token"},
		"response_types_supported":              []string{"code", "id_token", "code id_token"},
		"response_modes_supported":              []string{"form_post", "query", "fragment"},
		"token_endpoint_auth_methods_supported": s.cfg.authMethods,
		"id_token_signing_alg_values_supported": []string{"RS256"},
		"subject_types_supported":               []string{"public"},
		"code_challenge_methods_supported":      []string{"plain", "S256"},
	})
}

func (s *Server) jwks(w http.ResponseWriter) {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &s.key.PublicKey, KeyID: s.kid, Algorithm: "RS256", Use: "sig"}}}
	writeJSON(w, http.StatusOK, set)
}

var formTmpl = template.Must(template.New("form").Parse(`<html><head><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>Submit this form</title></head><body><form method="post" action="{{.Action}}">{{range .Fields}}<input type="hidden" name="{{.Name}}" value="{{.Value}}" />{{end}}<noscript><button>Click to continue</button></noscript></form><script>window.addEventListener('load', function(){document.forms[0].submit();});</script></body></html>`))

type field struct{ Name, Value string }

// formPost answers with IdentityServer's auto-submitting form.
func formPost(w http.ResponseWriter, action string, fields []field) {
	w.Header().Set("Content-Type", "text/html; charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store, no-cache, max-age=0")
	_ = formTmpl.Execute(w, struct {
		Action string
		Fields []field
	}{action, fields})
}

func (s *Server) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	s.mu.Lock()
	s.stats.Authorizations++
	consent := s.consent
	s.mu.Unlock()
	clientID, redirect := q.Get("client_id"), q.Get("redirect_uri")
	// Errors about the client or the redirect URI are shown to the member,
	// never sent to the redirect URI (RFC 6749 4.1.2.1).
	if clientID != s.ClientID {
		http.Error(w, "unknown client", http.StatusBadRequest)
		return
	}
	if u, err := url.Parse(redirect); err != nil || !u.IsAbs() || (len(s.cfg.redirects) > 0 && !slices.Contains(s.cfg.redirects, redirect)) {
		http.Error(w, "invalid redirect_uri", http.StatusBadRequest)
		return
	}
	state := q.Get("state")
	fail := func(code, desc string) {
		formPost(w, redirect, []field{{"error", code}, {"error_description", desc}, {"state", state}})
	}
	if q.Get("response_mode") != "form_post" {
		fail("invalid_request", "response_mode must be form_post")
		return
	}
	if rt := strings.Fields(q.Get("response_type")); len(rt) != 2 || !slices.Contains(rt, "code") || !slices.Contains(rt, "id_token") {
		fail("unsupported_response_type", "response_type must be code id_token")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if !slices.Contains(scopes, "openid") {
		fail("invalid_scope", "openid is required")
		return
	}
	for _, sc := range scopes {
		if sc != "openid" && !slices.Contains(s.cfg.scopes, sc) {
			fail("invalid_scope", "unsupported scope")
			return
		}
	}
	nonce := q.Get("nonce")
	if nonce == "" {
		fail("invalid_request", "nonce is required for response_type code id_token")
		return
	}
	challenge := q.Get("code_challenge")
	if challenge != "" && q.Get("code_challenge_method") != "S256" {
		fail("invalid_request", "only S256 code challenges are accepted")
		return
	}
	if consent == Deny {
		fail("access_denied", "The member declined to share their data")
		return
	}
	code := s.newToken(TokenCode)
	subject := "member-" + s.PatientID
	s.mu.Lock()
	s.codes[code] = &grant{clientID: clientID, redirect: redirect, scope: strings.Join(scopes, " "), nonce: nonce,
		challenge: challenge, subject: subject, expires: time.Now().Add(time.Minute)}
	s.mu.Unlock()
	idt, err := s.idToken("authorize", subject, nonce, map[string]any{"c_hash": leftHash(code)})
	if err != nil {
		http.Error(w, "cannot sign", http.StatusInternalServerError)
		return
	}
	formPost(w, redirect, []field{
		{"code", code}, {"id_token", idt}, {"scope", strings.Join(scopes, " ")}, {"state", state},
		{"session_state", randomID(16) + "." + randomID(8)},
	})
}

// leftHash is the OIDC c_hash / at_hash of a value for RS256.
func leftHash(v string) string {
	sum := sha256.Sum256([]byte(v))
	return base64.RawURLEncoding.EncodeToString(sum[:16])
}

// idToken builds and signs an id_token.
func (s *Server) idToken(channel, subject, nonce string, extra map[string]any) (string, error) {
	now := time.Now()
	claims := map[string]any{
		"iss": s.Issuer, "sub": subject, "aud": s.ClientID, "iat": now.Unix(), "nbf": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "auth_time": now.Unix(), "idp": "local", "amr": []string{"pwd"},
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	for k, v := range extra {
		claims[k] = v
	}
	header := map[string]any{"alg": "RS256", "kid": s.kid, "typ": "JWT"}
	s.mu.Lock()
	hook, signer := s.idHook, s.signer
	s.mu.Unlock()
	if hook != nil {
		hook(channel, header, claims)
	}
	return signer(header, claims)
}

// sign signs with the server's key, honouring header alg changes made by a
// hook ("none", "HS256").
func (s *Server) sign(header, claims map[string]any) (string, error) {
	switch header["alg"] {
	case "none":
		return compact(header, claims, nil)
	case "HS256":
		return compact(header, claims, func(in []byte) []byte {
			m := hmac.New(sha256.New, []byte(s.ClientSecret))
			m.Write(in)
			return m.Sum(nil)
		})
	}
	return signRS256(s.key, s.kid, header, claims)
}

// signRS256 signs with go-jose, keeping extra header fields.
func signRS256(k *rsa.PrivateKey, kid string, header, claims map[string]any) (string, error) {
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	opts := (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", kid)
	for name, v := range header {
		if name != "alg" && name != "kid" && name != "typ" {
			opts = opts.WithHeader(jose.HeaderKey(name), v)
		}
	}
	sg, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: k}, opts)
	if err != nil {
		return "", err
	}
	jws, err := sg.Sign(payload)
	if err != nil {
		return "", err
	}
	return jws.CompactSerialize()
}

// compact builds a JWS by hand (for alg none and HS256).
func compact(header, claims map[string]any, mac func([]byte) []byte) (string, error) {
	h, err := json.Marshal(header)
	if err != nil {
		return "", err
	}
	c, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	in := base64.RawURLEncoding.EncodeToString(h) + "." + base64.RawURLEncoding.EncodeToString(c)
	if mac == nil {
		return in + ".", nil
	}
	return in + "." + base64.RawURLEncoding.EncodeToString(mac([]byte(in))), nil
}

func oauthError(w http.ResponseWriter, status int, code, desc string) {
	writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// token is the token endpoint (authorization_code and refresh_token).
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		oauthError(w, http.StatusMethodNotAllowed, "invalid_request", "POST required")
		return
	}
	if err := r.ParseForm(); err != nil {
		oauthError(w, http.StatusBadRequest, "invalid_request", "bad form")
		return
	}
	form := r.PostForm
	id, secret, basic := r.BasicAuth()
	method := "client_secret_basic"
	if basic {
		// RFC 6749 2.3.1: the credentials are form-encoded before Basic.
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret, method = form.Get("client_id"), form.Get("client_secret"), "client_secret_post"
	}
	s.mu.Lock()
	s.lastStyle = method
	s.mu.Unlock()
	if !slices.Contains(s.cfg.authMethods, method) || id != s.ClientID ||
		subtle.ConstantTimeCompare([]byte(secret), []byte(s.ClientSecret)) != 1 {
		w.Header().Set("WWW-Authenticate", `Basic realm="token"`)
		oauthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
		return
	}
	switch form.Get("grant_type") {
	case "authorization_code":
		s.exchange(w, form)
	case "refresh_token":
		s.refreshGrant(w, form)
	default:
		oauthError(w, http.StatusBadRequest, "unsupported_grant_type", "unsupported grant_type")
	}
}

func (s *Server) exchange(w http.ResponseWriter, form url.Values) {
	s.mu.Lock()
	s.stats.CodeExchanges++
	g := s.codes[form.Get("code")]
	var problem string
	switch {
	case g == nil:
		problem = "unknown code"
	case g.used:
		problem = "code already used"
	case time.Now().After(g.expires):
		problem = "code expired"
	case g.redirect != form.Get("redirect_uri"):
		problem = "redirect_uri mismatch"
	case g.challenge != "" && !pkceOK(g.challenge, form.Get("code_verifier")):
		problem = "code_verifier does not match"
	}
	if g != nil {
		g.used = true // single use, even on failure
	}
	s.mu.Unlock()
	if problem != "" {
		oauthError(w, http.StatusBadRequest, "invalid_grant", problem)
		return
	}
	s.issue(w, "authorization_code", g.subject, g.scope, g.nonce, "")
}

func pkceOK(challenge, verifier string) bool {
	if verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(challenge)) == 1
}

// refreshGrant rotates refresh tokens: each is single use. A used one
// presented again is refused and revokes every token issued from it (OAuth
// 2.0 Security BCP, refresh token reuse detection): two clients refreshing
// with the same token burn the member's grant.
func (s *Server) refreshGrant(w http.ResponseWriter, form url.Values) {
	s.mu.Lock()
	s.stats.Refreshes++
	rt := form.Get("refresh_token")
	old := s.refresh[rt]
	delete(s.refresh, rt) // one-time use: rotated below
	if next, reused := s.rotated[rt]; reused && old == nil {
		s.stats.RefreshReuses++
		for next != "" {
			delete(s.refresh, next)
			next = s.rotated[next]
		}
		s.mu.Unlock()
		oauthError(w, http.StatusBadRequest, "invalid_grant", "refresh token already used")
		return
	}
	s.mu.Unlock()
	if old == nil || time.Now().After(old.expires) {
		oauthError(w, http.StatusBadRequest, "invalid_grant", "unknown or expired refresh token")
		return
	}
	s.issue(w, "refresh_token", old.subject, old.scope, "", rt)
}

// issue writes a token response; replaced is the refresh token a refresh
// presented ("" for a code exchange).
func (s *Server) issue(w http.ResponseWriter, grantType, subject, scope, nonce, replaced string) {
	access := s.newToken(TokenAccess)
	var rt string
	if slices.Contains(strings.Fields(scope), "offline_access") {
		rt = s.newToken(TokenRefresh)
	}
	s.mu.Lock()
	s.access[access] = &session{patient: s.PatientID, scope: scope, subject: subject, expires: time.Now().Add(s.cfg.lifetime)}
	resp := map[string]any{
		"access_token": access, "expires_in": int(s.cfg.lifetime / time.Second), "token_type": "Bearer", "scope": scope,
	}
	if grantType == "authorization_code" || s.cfg.patientOnRefresh {
		resp["patient"] = s.PatientID
	}
	if rt != "" {
		s.refresh[rt] = &session{patient: s.PatientID, scope: scope, subject: subject, expires: time.Now().Add(30 * 24 * time.Hour)}
		resp["refresh_token"] = rt
	}
	if replaced != "" {
		if s.rotated == nil {
			s.rotated = map[string]string{}
		}
		s.rotated[replaced] = rt
	}
	hook := s.tokHook
	s.mu.Unlock()
	idt, err := s.idToken("token", subject, nonce, map[string]any{"at_hash": leftHash(access)})
	if err != nil {
		oauthError(w, http.StatusInternalServerError, "server_error", "cannot sign")
		return
	}
	resp["id_token"] = idt
	if hook != nil {
		hook(grantType, resp)
	}
	writeJSON(w, http.StatusOK, resp)
}

// FormPost is the form the authorization server asks the member's browser
// to POST to the redirect URI (response_mode=form_post).
type FormPost struct {
	// Action is the redirect URI.
	Action string
	// Values are the fields: code, id_token, scope, state, session_state;
	// or error, error_description, state.
	Values url.Values
}

// Submit POSTs the form to Action, as the browser would.
func (f *FormPost) Submit(ctx context.Context, hc *http.Client) (*http.Response, error) {
	if ctx == nil || f == nil || f.Action == "" {
		return nil, errors.New("allcarefhirtest: Submit needs a ctx and a FormPost from Authorize")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.Action, strings.NewReader(f.Values.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if hc == nil {
		hc = http.DefaultClient
	}
	return hc.Do(req)
}

var (
	formAction = regexp.MustCompile(`<form method="post" action="([^"]*)">`)
	formInput  = regexp.MustCompile(`<input type="hidden" name="([^"]*)" value="([^"]*)" />`)
)

// Authorize plays the member's browser at the authorization URL (from
// AuthCodeURL): the member logs in and answers the consent as scripted
// (SetConsent), and the returned page's auto-submitting form is parsed.
// Nothing is posted yet: call FormPost.Submit, or hand FormPost.Values to
// HandleCallback.
func (s *Server) Authorize(ctx context.Context, authURL string) (*FormPost, error) {
	u, err := url.Parse(authURL)
	if err != nil || u.Scheme+"://"+u.Host != s.Issuer {
		return nil, errors.New("allcarefhirtest: the authorization URL is not this server's")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, authURL, nil)
	if err != nil {
		return nil, err
	}
	resp, err := s.auth.Client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("allcarefhirtest: authorization endpoint answered HTTP %d", resp.StatusCode)
	}
	m := formAction.FindSubmatch(body)
	if m == nil {
		return nil, errors.New("allcarefhirtest: no form in the authorization response")
	}
	fp := &FormPost{Action: html.UnescapeString(string(m[1])), Values: url.Values{}}
	for _, in := range formInput.FindAllSubmatch(body, -1) {
		fp.Values.Add(html.UnescapeString(string(in[1])), html.UnescapeString(string(in[2])))
	}
	return fp, nil
}

// SignedIDToken returns an id_token for the member signed by the fake's key
// (nonce and c_hash as given), for tests of callback handling.
func (s *Server) SignedIDToken(nonce, code string) (string, error) {
	extra := map[string]any{}
	if code != "" {
		extra["c_hash"] = leftHash(code)
	}
	return s.idToken("test", "member-"+s.PatientID, nonce, extra)
}
