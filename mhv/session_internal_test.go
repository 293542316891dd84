package mhv_test

import (
	"context"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestSessionIsReplacedTwentySecondsBeforeItEnds(t *testing.T) {
	clk := &testClock{t: time.Date(2025, 9, 5, 15, 18, 2, 0, time.UTC)}
	srv := mhvtest.NewServer(mhvtest.WithClock(clk.Now), mhvtest.WithSessionLifetime(10*time.Minute))
	t.Cleanup(srv.Close)
	c, err := mhv.NewClient(srv.AppToken, rxbridge.WithBaseURL(srv.URL), mhv.WithClock(clk.Now))
	require.NoError(t, err)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()

	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	clk.Add(9*time.Minute + 39*time.Second) // 21 s left
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran), "21 s left: still used")
	clk.Add(2 * time.Second) // 19 s left
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	assert.Equal(t, 2, srv.SessionRequests(mhvtest.DemoVeteran), "19 s left: replaced before use")
	assert.Zero(t, srv.Rejections(), "proactively, never by a refusal")
}

func TestExpiresIsCorrectedForClockSkew(t *testing.T) {
	for _, tc := range []struct {
		name    string
		skew    time.Duration
		gateway bool
	}{
		{"server two hours ahead", 2 * time.Hour, false},
		{"server two hours behind", -2 * time.Hour, false},
		{"gateway GMT+00:00, 24 h sessions, server behind", -3 * time.Minute, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			life := 10 * time.Minute
			opts := []mhvtest.Option{mhvtest.WithClock(func() time.Time { return time.Now().Add(tc.skew) })}
			copts := []mhv.Option{}
			if tc.gateway {
				life = 24 * time.Hour
				opts = append(opts, mhvtest.WithGateway("gw-key"))
				copts = append(copts, mhv.WithGateway("gw-key"))
			}
			opts = append(opts, mhvtest.WithSessionLifetime(life))
			srv := mhvtest.NewServer(opts...)
			t.Cleanup(srv.Close)
			store := mhv.NewSavedSessions()
			c, err := mhv.NewClient(srv.AppToken, append(copts, rxbridge.WithBaseURL(srv.URL), rxbridge.WithStore(store))...)
			require.NoError(t, err)
			require.NoError(t, c.User(mhvtest.DemoVeteran).EnsureSession(context.Background()))
			require.Len(t, store.Saved(), 1)
			assert.WithinDuration(t, time.Now().Add(life), store.Saved()[0], 3*time.Second,
				"the lifetime MHV gave, on our clock, is what the shared store holds")
		})
	}
}

func TestSessionExpiry(t *testing.T) {
	now := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	cases := []struct {
		name string
		h    http.Header
		want time.Time
	}{
		{"ICD example: 5 min 2 s", h("Date", "Thu, 26 Dec 2015 15:49:19 GMT", "Expires", "Thu, 26 Dec 2015 15:54:21 GMT"), now.Add(5*time.Minute + 2*time.Second)},
		{"gateway GMT+00:00", h("Date", "Mon, 24 Mar 2025 18:44:56 GMT", "Expires", "Tue, 25 Mar 2025 18:44:56 GMT+00:00"), now.Add(24 * time.Hour)},
		{"no Date: Expires as it is", h("Expires", "Tue, 25 Mar 2025 18:44:56 GMT"), time.Date(2025, 3, 25, 18, 44, 56, 0, time.UTC)},
		{"no Expires", h("Date", "Mon, 24 Mar 2025 18:44:56 GMT"), time.Time{}},
		{"unreadable Expires", h("Expires", "0"), time.Time{}},
		{"Expires before Date", h("Date", "Mon, 24 Mar 2025 18:44:56 GMT", "Expires", "Mon, 24 Mar 2025 18:40:00 GMT"), time.Time{}},
		{"EST zone", h("Date", "Mon, 24 Mar 2025 18:44:56 GMT", "Expires", "Mon, 24 Mar 2025 13:54:56 EST"), now.Add(10 * time.Minute)},
	}
	for _, tc := range cases {
		got := mhv.SessionExpiry(tc.h, now)
		assert.True(t, tc.want.Equal(got), "%s: got %v want %v", tc.name, got, tc.want)
	}
}

func TestGatewayRoutesAndAPIKeyOnEveryRequest(t *testing.T) {
	srv := mhvtest.NewServer(mhvtest.WithGateway("gw-key-1"))
	t.Cleanup(srv.Close)
	c, err := mhv.NewClient(srv.AppToken, rxbridge.WithBaseURL(srv.URL), mhv.WithGateway("gw-key-1"))
	require.NoError(t, err)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	_, err = vet.ActivePrescriptions(ctx)
	require.NoError(t, err)
	_, err = vet.PrescriptionHistory(ctx)
	require.NoError(t, err)
	_, err = vet.Medications(ctx)
	require.NoError(t, err)
	_, err = vet.Tracking(ctx, mhvtest.DemoTrackable)
	require.NoError(t, err)
	require.NoError(t, vet.Refill(ctx, mhvtest.DemoRefillable))
	_, err = vet.RefillMany(ctx, []int64{mhvtest.DemoTrackable})
	require.NoError(t, err)
	_, err = vet.NotificationEmail(ctx)
	require.NoError(t, err)
	require.NoError(t, vet.SetRxNotifications(ctx, false))
	paths := []string{}
	for _, r := range srv.Faults.Requests() {
		assert.Equal(t, "gw-key-1", r.Header.Get("x-api-key"), r.Path)
		paths = append(paths, r.Method+" "+r.Path)
	}
	assert.Equal(t, []string{
		"GET /v1/usermgmt/auth/session",
		"GET /v1/pharmacy/ess/getactiverx",
		"GET /v1/pharmacy/ess/gethistoryrx",
		"GET /v1/pharmacy/ess/medications",
		"GET /v1/pharmacy/ess/rxtracking/22000102",
		"POST /v1/pharmacy/ess/rxrefill/22000101",
		"POST /v1/pharmacy/ess/rxrefill",
		"GET /v1/usermgmt/notification/email",
		"POST /v1/usermgmt/notification/rx",
	}, paths)

	// A wrong key is the gateway's 403, typed, at session creation.
	bad, err := mhv.NewClient(srv.AppToken, rxbridge.WithBaseURL(srv.URL), mhv.WithGateway("wrong"))
	require.NoError(t, err)
	err = bad.User(mhvtest.DemoVeteran).EnsureSession(ctx)
	var e *mhv.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 403, e.HTTPStatus)
	assert.ErrorIs(t, err, mhv.ErrSessionCreate)
}
