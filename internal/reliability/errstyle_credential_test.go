package reliability

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	rxbridge "github.com/rxbridge/rxbridge-go"
	ac "github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// TestCredentialAnswersNameTheCall: when the endpoint that issues a
// credential (CVS's token endpoint, MHV's session call, AllCare's token
// refresh) answers with an HTTP error, the call that needed the
// credential fails with an error that names that call first (provider, op,
// method, route), keeps the credential failure as the cause, matches the
// shared sentinels the way the same status does everywhere (400
// ErrRejected, 401 ErrUnauthorized, 403 ErrForbidden, 429 ErrRateLimited,
// 5xx ErrServer), keeps the provider's own sentinel, and does not match
// ErrTransport: the endpoint answered.
func TestCredentialAnswersNameTheCall(t *testing.T) {
	ctx := context.Background()
	fast := rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})
	const referral = "605841b8-1cef-11ea-978f-2e728ce88125"
	const statusCall = "cvsspecialty: Status POST specialty/patient/referral/v1/status: "
	const submitCall = "cvsspecialty: Submit POST specialty/patient/referral/v1/intake: "

	// cvs arms the fake's token endpoint with n answers of status and body.
	cvs := func(status int, body string, call func(*cvsspecialty.Client) error) func(t *testing.T) error {
		return func(t *testing.T) error {
			srv := cvsspecialtytest.NewServer()
			t.Cleanup(srv.Close)
			for range 8 {
				srv.TokenFaults.Enqueue(rxbridgetest.Status(status, body))
			}
			c, err := srv.NewClient(fast)
			require.NoError(t, err)
			return call(c)
		}
	}
	status := func(c *cvsspecialty.Client) error { _, err := c.Status(ctx, referral); return err }
	submit := func(c *cvsspecialty.Client) error {
		_, err := c.Submit(ctx, cvsspecialtytest.SampleReferral())
		return err
	}

	// mhvSession arms the fake with n answers of status to the session call
	// (the first requests of a cold client).
	mhvSession := func(status int) func(t *testing.T) error {
		return func(t *testing.T) error {
			srv := mhvtest.NewServer()
			t.Cleanup(srv.Close)
			for range 8 {
				srv.Faults.Enqueue(rxbridgetest.Status(status, `{"errorCode":0,"message":"refused"}`))
			}
			c, err := srv.NewClient(fast)
			require.NoError(t, err)
			_, err = c.User(mhvtest.DemoVeteran).ActivePrescriptions(ctx)
			return err
		}
	}

	// acRefresh logs a member in, expires the access token and arms the
	// token endpoint: the FHIR read must refresh first.
	acRefresh := func(status int, body string) func(t *testing.T) error {
		return func(t *testing.T) error {
			srv := allcarefhirtest.NewServer()
			t.Cleanup(srv.Close)
			login, err := ac.NewLogin(ac.OAuthConfig{Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
				RedirectURL: "https://app.example/callback", Scopes: srv.Scopes()}, fast)
			require.NoError(t, err)
			req, err := login.AuthCodeURL(ctx)
			require.NoError(t, err)
			post, err := srv.Authorize(ctx, req.URL)
			require.NoError(t, err)
			tok, err := login.HandleCallback(ctx, post.Values)
			require.NoError(t, err)
			tok.Expiry = time.Now().Add(-time.Minute)
			for range 8 {
				srv.AuthFaults.Enqueue(rxbridgetest.Status(status, body))
			}
			c, err := ac.NewClient(login.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL), fast)
			require.NoError(t, err)
			_, err = c.Patient(ctx, srv.PatientID)
			return err
		}
	}

	// acPlain is the same with a plain oauth2.TokenSource (x/oauth2's own
	// refreshing source, not the Login's).
	acPlain := func(status int, body string) func(t *testing.T) error {
		return func(t *testing.T) error {
			srv := allcarefhirtest.NewServer()
			t.Cleanup(srv.Close)
			for range 8 {
				srv.AuthFaults.Enqueue(rxbridgetest.Status(status, body))
			}
			conf := &oauth2.Config{ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
				Endpoint: oauth2.Endpoint{TokenURL: srv.Issuer + "/connect/token", AuthStyle: oauth2.AuthStyleInHeader}}
			ts := conf.TokenSource(ctx, &oauth2.Token{AccessToken: "old", RefreshToken: "r", Expiry: time.Now().Add(-time.Minute)})
			c, err := ac.NewClient(ts, rxbridge.WithBaseURL(srv.FHIRBaseURL), fast)
			require.NoError(t, err)
			_, err = c.Patient(ctx, srv.PatientID)
			return err
		}
	}

	cases := []struct {
		provider, name string
		call           func(t *testing.T) error
		prefix         string   // the call that needed the credential
		contains       []string // the credential failure
		is             []error
	}{
		{"cvsspecialty", "token 401, Status", cvs(401, `{"error":"invalid_client"}`, status),
			statusCall, []string{"token request: HTTP 401 invalid_client"}, []error{rxbridge.ErrUnauthorized, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 401, Submit", cvs(401, `{"error":"invalid_client"}`, submit),
			submitCall, []string{"token request: HTTP 401 invalid_client"}, []error{rxbridge.ErrUnauthorized, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 400", cvs(400, `{"error":"invalid_request"}`, status),
			statusCall, []string{"token request: HTTP 400 invalid_request"}, []error{rxbridge.ErrRejected, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 403", cvs(403, `{"error":"access_denied"}`, status),
			statusCall, []string{"token request: HTTP 403"}, []error{rxbridge.ErrForbidden, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 429", cvs(429, `{}`, status),
			statusCall, []string{"token request: HTTP 429"}, []error{rxbridge.ErrRateLimited, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 503, Status", cvs(503, `{"error":"temporarily_unavailable"}`, status),
			statusCall, []string{"token request: HTTP 503"}, []error{rxbridge.ErrServer, cvsspecialty.ErrTokenRequest}},
		{"cvsspecialty", "token 500, Submit", cvs(500, `{}`, submit),
			submitCall, []string{"token request: HTTP 500"}, []error{rxbridge.ErrServer, cvsspecialty.ErrTokenRequest}},
		{"mhv", "session 401", mhvSession(401),
			"mhv: ActivePrescriptions GET prescription/getactiverx: ", []string{"CreateSession GET session", "HTTP 401"}, []error{rxbridge.ErrUnauthorized, mhv.ErrSessionCreate}},
		{"mhv", "session 503", mhvSession(503),
			"mhv: ActivePrescriptions GET prescription/getactiverx: ", []string{"CreateSession GET session", "HTTP 503"}, []error{rxbridge.ErrServer, mhv.ErrSessionCreate}},
		{"allcarefhir", "refresh 401", acRefresh(401, `{"error":"invalid_grant"}`),
			"allcarefhir: ReadPatient GET Patient/{id}: ", []string{"Refresh POST connect/token", "invalid_grant"}, []error{rxbridge.ErrUnauthorized, ac.ErrReauthorizationRequired}},
		{"allcarefhir", "refresh 503", acRefresh(503, `{}`),
			"allcarefhir: ReadPatient GET Patient/{id}: ", []string{"Refresh POST connect/token", "HTTP 503"}, []error{rxbridge.ErrServer}},
		{"allcarefhir", "plain token source 401", acPlain(401, `{"error":"invalid_grant"}`),
			"allcarefhir: ReadPatient GET Patient/{id}: ", []string{"HTTP 401 invalid_grant"}, []error{rxbridge.ErrUnauthorized, ac.ErrReauthorizationRequired}},
		{"allcarefhir", "plain token source 503", acPlain(503, `{}`),
			"allcarefhir: ReadPatient GET Patient/{id}: ", []string{"HTTP 503"}, []error{rxbridge.ErrServer}},
	}
	for _, c := range cases {
		t.Run(c.provider+"/"+c.name, func(t *testing.T) {
			err := c.call(t)
			require.Error(t, err)
			checkErrorText(t, c.provider, err)
			checkPublicChain(t, err)
			checkCallOf(t, c.provider, err)
			var ce *rxbridge.CredentialError
			require.ErrorAs(t, err, &ce, "the call's credential failed")
			msg := err.Error()
			assert.NotContains(t, msg, "\n", "one line")
			assert.True(t, strings.HasPrefix(msg, c.prefix), "names the call first, %q: %s", c.prefix, msg)
			for _, w := range c.contains {
				assert.Contains(t, msg, w)
			}
			for _, s := range c.is {
				assert.ErrorIs(t, err, s)
			}
			assert.NotErrorIs(t, err, rxbridge.ErrTransport, "the endpoint answered")
			if strings.HasPrefix(c.name, "plain token source") {
				// The token endpoint's answer, readable by users.
				var oe *rxbridge.OAuthError
				require.ErrorAs(t, err, &oe)
				assert.Equal(t, c.is[0] == rxbridge.ErrUnauthorized, oe.HTTPStatus == 401 && oe.Code == "invalid_grant")
			}
			if c.provider == "cvsspecialty" {
				var te *cvsspecialty.TokenError
				assert.True(t, errors.As(err, &te), "a *TokenError")
				assert.NotErrorIs(t, err, rxbridge.ErrOutcomeUnknown, "the call was not sent")
			}
		})
	}
}
