package allcarefhirtest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
)

func TestNewClientLoseAnswersUnavailable(t *testing.T) {
	srv := allcarefhirtest.NewServer()
	defer srv.Close()
	ctx := context.Background()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	require.NoError(t, err)
	p, err := c.Patient(ctx, srv.PatientID)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, p.ID)

	srv.Unavailable(1)
	_, err = c.Patient(ctx, srv.PatientID)
	var e *allcarefhir.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 503, e.HTTPStatus)
	assert.ErrorIs(t, err, allcarefhir.ErrServer)

	// A code exchange processed, its answer lost: the code is spent.
	login, err := allcarefhir.NewLogin(allcarefhir.OAuthConfig{
		Issuer: srv.Issuer, ClientID: srv.ClientID, ClientSecret: srv.ClientSecret,
		RedirectURL: "https://app.example/callback", Scopes: srv.Scopes(),
	}, rxbridge.WithTimeout(30*time.Second)) // a guard: no call waits for it
	require.NoError(t, err)
	req, err := login.AuthCodeURL(ctx)
	require.NoError(t, err)
	post, err := srv.Authorize(ctx, req.URL)
	require.NoError(t, err)
	srv.LoseAnswers(1)
	_, err = login.HandleCallback(ctx, post.Values)
	require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
	assert.Equal(t, 1, srv.Stats().CodeExchanges, "processed once, never repeated")
}
