package allcarefhir_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// tokenRequests counts the token endpoint requests the fake's
// authorization server saw.
func tokenRequests(srv *allcarefhirtest.Server) int {
	n := 0
	for _, r := range srv.AuthFaults.Requests() {
		if r.Path == "/connect/token" {
			n++
		}
	}
	return n
}

// loggedIn runs one whole login (so discovery and the JWKS are cached and
// the next callback sends only its token request) and returns the token.
func completeLogin(t *testing.T, srv *allcarefhirtest.Server, l *allcarefhir.Login) *allcarefhir.Token {
	t.Helper()
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	return tok
}

func offline(c *allcarefhir.OAuthConfig) { c.Scopes = append(c.Scopes, "offline_access") }

// TestCodeExchangeFollowsTheRetryRules: the code exchange is never sent
// twice once it may have reached the server (a code is single-use); a lost
// answer is ErrOutcomeUnknown, a 429 is retried.
func TestCodeExchangeFollowsTheRetryRules(t *testing.T) {
	html200 := faultserver.GatewayHTML(200)
	cases := []struct {
		name     string
		faults   []faultserver.Fault
		requests int
		check    func(t *testing.T, err error)
	}{
		{name: "reset after the server read it", faults: []faultserver.Fault{{Kind: faultserver.ResetAfterRead}}, requests: 1,
			check: func(t *testing.T, err error) {
				require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
				assert.ErrorIs(t, err, allcarefhir.ErrTransport)
				assert.ErrorIs(t, err, allcarefhir.ErrTokenExchange)
			}},
		{name: "503", faults: []faultserver.Fault{faultJSON(503, `{"error":"temporarily_unavailable"}`)}, requests: 1,
			check: func(t *testing.T, err error) {
				require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
				var e *allcarefhir.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, 503, e.HTTPStatus)
				assert.Equal(t, 1, e.Attempts)
			}},
		{name: "an HTML page with 200", faults: []faultserver.Fault{html200}, requests: 1,
			check: func(t *testing.T, err error) {
				require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
				assert.ErrorIs(t, err, allcarefhir.ErrDecode)
			}},
		{name: "429 then the token", faults: []faultserver.Fault{faultJSON(429, `{"error":"slow_down"}`)}, requests: 2,
			check: func(t *testing.T, err error) { require.NoError(t, err) }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			l := newLogin(t, srv)
			completeLogin(t, srv, l)
			form, _ := begin(t, srv, l)
			srv.AuthFaults.Reset()
			srv.AuthFaults.Enqueue(tc.faults...)
			tok, err := l.HandleCallback(context.Background(), form)
			tc.check(t, err)
			if err != nil {
				assert.Nil(t, tok)
				var le *allcarefhir.LoginError
				require.ErrorAs(t, err, &le)
				assert.NotContains(t, err.Error(), form.Get("code"))
			}
			assert.Equal(t, tc.requests, tokenRequests(srv), "token requests")
		})
	}
}

// TestRefreshFollowsTheRetryRules: a refresh is never sent twice once it
// may have reached the server (the refresh token may rotate); only a
// refusal of the grant asks for the member again.
func TestRefreshFollowsTheRetryRules(t *testing.T) {
	const phi = "CANARY-description-Quixote"
	cases := []struct {
		name     string
		faults   []faultserver.Fault
		always   *faultserver.Fault
		requests int
		reauth   bool
		check    func(t *testing.T, err error)
	}{
		{name: "reset after the server read it", faults: []faultserver.Fault{{Kind: faultserver.ResetAfterRead}}, requests: 1,
			check: func(t *testing.T, err error) { require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown) }},
		{name: "500", faults: []faultserver.Fault{faultJSON(500, `{}`)}, requests: 1,
			check: func(t *testing.T, err error) { require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown) }},
		{name: "429 every time", always: &faultserver.Fault{Kind: faultserver.Respond, Status: 429, Body: []byte(`{"error":"slow_down"}`)},
			requests: 4, check: func(t *testing.T, err error) {
				require.NotErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
				var e *allcarefhir.Error
				require.ErrorAs(t, err, &e)
				assert.Equal(t, 429, e.HTTPStatus)
				assert.Equal(t, 4, e.Attempts)
			}},
		{name: "invalid_grant", faults: []faultserver.Fault{faultJSON(400, `{"error":"invalid_grant","error_description":"`+phi+`"}`)},
			requests: 1, reauth: true, check: func(t *testing.T, err error) {
				var le *allcarefhir.LoginError
				require.ErrorAs(t, err, &le)
				assert.Equal(t, "invalid_grant", le.Code)
				assert.Equal(t, phi, le.Description)
				assert.NotContains(t, canary.Errors(err), phi, "the server's description stays out of every rendering")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			l := newLogin(t, srv, offline)
			tok := completeLogin(t, srv, l)
			srv.AuthFaults.Reset()
			srv.AuthFaults.Enqueue(tc.faults...)
			srv.AuthFaults.Always(tc.always)
			_, err := l.Refresh(context.Background(), tok)
			require.Error(t, err)
			assert.ErrorIs(t, err, allcarefhir.ErrTokenExchange)
			assert.Equal(t, tc.reauth, errors.Is(err, allcarefhir.ErrReauthorizationRequired), "reauthorization required")
			tc.check(t, err)
			assert.Equal(t, tc.requests, tokenRequests(srv), "token requests")
			assert.NotContains(t, err.Error(), tok.RefreshToken)
		})
	}
}

// TestLostRefreshIsNotRepeatedByARead: a read whose token refresh lost its
// answer fails with the refresh's error; the read's own retries do not
// send the (maybe rotated) refresh token again.
func TestLostRefreshIsNotRepeatedByARead(t *testing.T) {
	srv := newFake(t)
	clock := time.Now()
	l := newLogin(t, srv, offline, func(c *allcarefhir.OAuthConfig) { c.Now = func() time.Time { return clock } })
	tok := completeLogin(t, srv, l)
	tok.Expiry = clock.Add(-time.Minute)
	c, err := allcarefhir.NewClient(l.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	srv.AuthFaults.Reset()
	srv.AuthFaults.Always(&faultserver.Fault{Kind: faultserver.ResetAfterRead})
	_, err = c.Patient(context.Background(), tok.PatientID)
	require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, allcarefhir.ErrTokenExchange)
	assert.Equal(t, 1, tokenRequests(srv), "one refresh, not one per attempt of the read")
	assert.Equal(t, 0, srv.Stats().FHIRRequests, "the read itself was never sent")
}

// TestLoginErrorsAreTyped: the authorization server's statuses are
// *Error, like the FHIR server's, and the token requests are logged
// without their secrets.
func TestLoginErrorsAreTyped(t *testing.T) {
	srv := newFake(t)
	logger, sink := canary.Logger()
	l, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURL: redirectURL,
		Scopes: []string{"patientapi.demographics.read"},
	}, rxbridge.WithRetry(fastRetry), rxbridge.WithLogger(logger))
	require.NoError(t, err)
	srv.AuthFaults.Always(&faultserver.Fault{Kind: faultserver.Respond, Status: 500, Body: []byte(`{}`)})
	_, err = l.Discover(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrDiscovery)
	var e *allcarefhir.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 500, e.HTTPStatus)
	assert.Equal(t, 4, e.Attempts, "discovery is a read: retried")
	assert.ErrorIs(t, err, allcarefhir.ErrServer)

	srv.AuthFaults.Always(nil)
	form, req := begin(t, srv, l)
	_, err = l.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Contains(t, sink.String(), "op=Exchange")
	assert.Contains(t, sink.String(), "route=connect/token")
	canary.AssertClean(t, sink.String(), form.Get("code"), srv.ClientSecret, req.CodeVerifier)
}
