package cvsspecialty_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

// submitted returns a fake, a client for it and the id of one submitted
// referral (status Pending).
func submitted(t *testing.T, opts ...cvsspecialtytest.Option) (*cvsspecialtytest.Server, *cvsspecialty.Client, string) {
	t.Helper()
	srv := cvsspecialtytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	c, err := srv.NewClient()
	require.NoError(t, err)
	res, err := c.Submit(context.Background(), cvsspecialtytest.SampleReferral())
	require.NoError(t, err)
	return srv, c, res.TransactionID
}

// The fake moves on only when OnUpdate advances it, so every read sees the
// status the test expects (no race against the polling interval).
func TestWaitStatusByDefaultReturnsWhenTheReferralLeavesPending(t *testing.T) {
	srv, c, id := submitted(t)
	var seen []cvsspecialty.ReferralState
	e, err := c.WaitStatus(context.Background(), id, cvsspecialty.WaitStatusOptions{
		Interval: time.Millisecond,
		OnUpdate: func(e cvsspecialty.StatusEntry) {
			seen = append(seen, e.Status)
			_, err := srv.Advance(id)
			assert.NoError(t, err)
		},
	})
	require.NoError(t, err)
	assert.Equal(t, cvsspecialty.ReferralState("Processing"), e.Status)
	assert.True(t, e.Found)
	assert.Equal(t, []cvsspecialty.ReferralState{"Pending", "Processing"}, seen)
}

func TestWaitStatusStopsAtTheCallersTerminalStates(t *testing.T) {
	srv, c, id := submitted(t)
	var seen []string
	e, err := c.WaitStatus(context.Background(), id, cvsspecialty.WaitStatusOptions{
		Interval: time.Millisecond,
		Terminal: []cvsspecialty.ReferralState{"Shipped", "Cancelled"},
		OnUpdate: func(e cvsspecialty.StatusEntry) {
			seen = append(seen, string(e.Status)+"/"+e.Reason)
			switch {
			case e.Status == cvsspecialty.StatePending:
				assert.NoError(t, srv.SetStatus(id, "Processing", ""))
			case e.Reason == "":
				assert.NoError(t, srv.SetStatus(id, "Processing", "Awaiting insurance"))
			default:
				assert.NoError(t, srv.SetStatus(id, "shipped", ""))
			}
		},
	})
	require.NoError(t, err)
	assert.Equal(t, cvsspecialty.ReferralState("shipped"), e.Status, "states compare ignoring case")
	// Processing is not terminal for this caller; a new reason is an update.
	assert.Equal(t, []string{"Pending/", "Processing/", "Processing/Awaiting insurance", "shipped/"}, seen)
}

func TestWaitStatusStopOnReason(t *testing.T) {
	srv, c, id := submitted(t)
	// The spec's only example: still Pending, with the reason "Insurance Denied".
	require.NoError(t, srv.SetStatus(id, "Pending", "Insurance Denied"))
	e, err := c.WaitStatus(context.Background(), id, cvsspecialty.WaitStatusOptions{Interval: time.Millisecond, StopOnReason: true})
	require.NoError(t, err)
	assert.Equal(t, cvsspecialty.StatePending, e.Status)
	assert.Equal(t, "Insurance Denied", e.Reason)
}

func TestWaitStatusReturnsTheLastReadWhenCtxEnds(t *testing.T) {
	_, c, id := submitted(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e, err := c.WaitStatus(ctx, id, cvsspecialty.WaitStatusOptions{
		Interval: time.Hour, // the wait ends by ctx, not by the next read
		OnUpdate: func(cvsspecialty.StatusEntry) { cancel() },
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, cvsspecialty.StatePending, e.Status)
	assert.Equal(t, id, e.TransactionID)
}

func TestWaitStatusKeepsWaitingForAReferralNotListedYet(t *testing.T) {
	srv, c, id := submitted(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reads := 0
	e, err := c.WaitStatus(ctx, "not-listed-yet", cvsspecialty.WaitStatusOptions{
		Interval: time.Millisecond,
		OnUpdate: func(e cvsspecialty.StatusEntry) {
			reads++
			assert.False(t, e.Found)
			cancel()
		},
	})
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, e.Found)
	assert.Equal(t, 1, reads)
	_, _ = srv, id
}

func TestWaitStatusReturnsAReadErrorAtOnce(t *testing.T) {
	_, c, _ := submitted(t)
	_, err := c.WaitStatus(context.Background(), "", cvsspecialty.WaitStatusOptions{})
	require.ErrorIs(t, err, cvsspecialty.ErrInvalidInput)
}

func TestWaitStatusRefusesANilContext(t *testing.T) {
	_, c, id := submitted(t)
	var ctx context.Context
	_, err := c.WaitStatus(ctx, id, cvsspecialty.WaitStatusOptions{})
	require.ErrorIs(t, err, cvsspecialty.ErrInvalidInput)
}
