package mhvtest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

func TestNewClientLoseAnswersUnavailable(t *testing.T) {
	srv := mhvtest.NewServer(mhvtest.WithGateway("gw-key"))
	defer srv.Close()
	c, err := srv.NewClient(rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	require.NoError(t, err)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err, "NewClient carries the gateway key")

	srv.LoseAnswers(1)
	_, err = vet.RefillMany(ctx, []int64{mhvtest.DemoRefillable})
	require.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	rx, _ := srv.Prescription(mhvtest.DemoRefillable)
	assert.Equal(t, "submitted", rx.Status, "the batch refill happened")

	srv.Unavailable(1)
	_, err = vet.ActivePrescriptions(ctx)
	require.ErrorIs(t, err, mhv.ErrServer)
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran), "sessions are not refused")
}
