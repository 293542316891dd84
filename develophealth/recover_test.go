package develophealth_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

func ndpRequest(t *testing.T, messageID string) *dh.CreatePriorAuthRequest {
	t.Helper()
	req, err := develophealthtest.PriorAuthRequestExample()
	require.NoError(t, err)
	req.NDPSubmission = &dh.PriorAuthRequestNDPSubmission{PrescriptionMessageID: messageID, PreferredPharmacyNCPDPID: "1234567"}
	return req
}

func TestRecoverALostCreateFindsThePAItMade(t *testing.T) {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	require.NoError(t, err)
	ctx := context.Background()
	req := ndpRequest(t, "SS-MSG-1")

	srv.LoseAnswers(1)
	_, err = c.CreatePriorAuthorization(ctx, req)
	require.ErrorIs(t, err, dh.ErrOutcomeUnknown)
	require.Len(t, srv.PriorAuthorizationIDs(), 1, "the lost create was processed")

	r, err := c.RecoverPriorAuthorization(ctx, req)
	require.NoError(t, err)
	assert.True(t, r.Existed)
	assert.Equal(t, srv.PriorAuthorizationIDs()[0], r.ID)
	assert.Len(t, srv.PriorAuthorizationIDs(), 1, "no duplicate")
}

func TestRecoverACreateThatNeverArrivedCreatesIt(t *testing.T) {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	require.NoError(t, err)
	r, err := c.RecoverPriorAuthorization(context.Background(), ndpRequest(t, "SS-MSG-2"))
	require.NoError(t, err)
	assert.False(t, r.Existed)
	assert.Equal(t, srv.PriorAuthorizationIDs(), []string{r.ID})
}

func TestRecoverRefusesARequestWithoutAPrescriptionMessageID(t *testing.T) {
	srv := develophealthtest.NewServer()
	defer srv.Close()
	c, err := srv.NewClient()
	require.NoError(t, err)
	req, err := develophealthtest.PriorAuthRequestExample()
	require.NoError(t, err)
	_, err = c.RecoverPriorAuthorization(context.Background(), req)
	require.ErrorIs(t, err, dh.ErrInvalidInput)
	require.ErrorIs(t, err, dh.ErrNoRecoveryKey)
	assert.Empty(t, srv.PriorAuthorizationIDs(), "nothing was sent")
	_, err = c.RecoverPriorAuthorization(context.Background(), nil)
	require.ErrorIs(t, err, dh.ErrInvalidInput)
}

func TestRecoverALostCreateAnnouncedByItsWebhook(t *testing.T) {
	req, err := develophealthtest.PriorAuthRequestExample()
	require.NoError(t, err)
	pa := &dh.PriorAuthorization{ID: "pa_1", Patient: req.Patient, Provider: req.Provider}
	assert.True(t, req.MatchesPriorAuthorization(pa))
	other := *pa
	other.Patient.InternalID = "someone-else"
	assert.False(t, req.MatchesPriorAuthorization(&other))
	other = *pa
	other.Provider.NPI = "9999999999"
	assert.False(t, req.MatchesPriorAuthorization(&other))
	assert.False(t, req.MatchesPriorAuthorization(nil))
	other = *pa
	other.Prescription = &dh.Prescription{DrugName: "Ozempic"}
	assert.False(t, req.MatchesPriorAuthorization(&other), "the request names Wegovy")
	other.Prescription = &dh.Prescription{DrugName: "wegovy"}
	assert.True(t, req.MatchesPriorAuthorization(&other))
}
