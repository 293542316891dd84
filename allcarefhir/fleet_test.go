package allcarefhir_test

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/allcarefhir/allcarefhirtest"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

// fleetInstances is how many instances of a service the fleet tests run.
const fleetInstances = 8

// fleetKeys are the store keys every instance of the fleet is given.
var fleetKeys = redisstore.Keys{
	Hash:       bytes.Repeat([]byte{0x5a}, 32),
	Encryption: bytes.Repeat([]byte{0xa5}, 32),
}

// instance is one instance of a service: its own Redis client and store
// (the same server and keys as the others), its own Login.
type instance struct {
	login *allcarefhir.Login
	ping  func(context.Context) error
}

// newFleet starts n instances sharing rs; each logs to logger when given.
func newFleet(t *testing.T, srv *allcarefhirtest.Server, rs *redistest.Server, n int, opts ...rxbridge.Option) []instance {
	t.Helper()
	fleet := make([]instance, n)
	for i := range fleet {
		client := rs.Client()
		store, err := redisstore.New(client, fleetKeys)
		require.NoError(t, err)
		fleet[i] = instance{
			login: newLoginOpts(t, srv, append([]rxbridge.Option{rxbridge.WithStore(store)}, opts...), withOffline),
			ping:  func(ctx context.Context) error { return client.Ping(ctx).Err() },
		}
	}
	return fleet
}

// fleetClients gives each instance a FHIR client for the member, warmed
// (each instance has read the member's token from Redis once).
func fleetClients(t *testing.T, srv *allcarefhirtest.Server, fleet []instance, patientID string) ([]*allcarefhir.Client, []*allcarefhir.TokenSource) {
	t.Helper()
	clients := make([]*allcarefhir.Client, len(fleet))
	sources := make([]*allcarefhir.TokenSource, len(fleet))
	for i, in := range fleet {
		sources[i] = in.login.MemberTokenSource(patientID)
		c, err := allcarefhir.NewClient(sources[i], rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
		require.NoError(t, err)
		clients[i] = c
		_, err = c.Patient(context.Background(), patientID)
		require.NoError(t, err)
	}
	return clients, sources
}

// everyone runs perInstance concurrent reads of the member's Patient on
// every instance and reports how many failed.
func everyone(clients []*allcarefhir.Client, perInstance int, patientID string) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	failed := 0
	for i := range perInstance * len(clients) {
		wg.Go(func() {
			if _, err := clients[i%len(clients)].Patient(context.Background(), patientID); err != nil {
				mu.Lock()
				failed++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return failed
}

// A login started on instance A completes on instance B (and the others
// then find the member's token), against a real redis-server.
func TestFleetLoginStartedOnOneInstanceCompletesOnAnother(t *testing.T) {
	rs := redistest.Start(t)
	srv := newFake(t)
	fleet := newFleet(t, srv, rs, fleetInstances)
	form, _ := begin(t, srv, fleet[0].login)
	tok, err := fleet[1].login.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, tok.PatientID)
	for _, in := range fleet {
		_, err := in.login.HandleCallback(context.Background(), form)
		require.ErrorIs(t, err, allcarefhir.ErrStateMismatch, "a replayed callback fails on every instance")
	}
	assert.Equal(t, 1, srv.Stats().CodeExchanges)

	_, sources := fleetClients(t, srv, fleet, tok.PatientID)
	for _, s := range sources {
		assert.Equal(t, tok.AccessToken, s.Current().AccessToken)
	}
	t.Logf("fleet login: started on instance 1 of %d, completed on instance 2; code exchanges %d; replays refused %d",
		fleetInstances, srv.Stats().CodeExchanges, len(fleet))
}

// 8 instances × 4 goroutines whose token the FHIR server rejects at once:
// one token request for the whole fleet, no invalid_grant.
func TestFleetRefreshesOneMemberOnce(t *testing.T) {
	rs := redistest.Start(t)
	srv := newFake(t)
	fleet := newFleet(t, srv, rs, fleetInstances)
	form, _ := begin(t, srv, fleet[0].login)
	tok, err := fleet[0].login.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	clients, sources := fleetClients(t, srv, fleet, tok.PatientID)

	srv.RevokeCredentials()
	failed := everyone(clients, 4, tok.PatientID)
	st := srv.Stats()
	t.Logf("fleet refresh: %d instances × 4 goroutines: %d token requests, %d refresh token reuses (invalid_grant), %d failed calls, %d upstream 401s",
		fleetInstances, st.Refreshes, st.RefreshReuses, failed, st.Unauthorized)
	assert.Zero(t, failed)
	assert.Equal(t, 1, st.Refreshes)
	assert.Zero(t, st.RefreshReuses)
	for _, s := range sources {
		assert.Equal(t, sources[0].Current().AccessToken, s.Current().AccessToken)
	}
	assert.NotEqual(t, tok.AccessToken, sources[0].Current().AccessToken)
}

// Redis stopped and started again mid-run. While it is down: warm calls
// keep working (they make no store round trip); a login cannot start or
// complete (fail closed, ErrLoginUnavailable); a rejected token is
// refreshed once, under this instance's lock, logged. Once it is back
// (empty: no persistence), the fleet shares tokens again: the instance
// that refreshed during the outage refreshes through Redis, and the
// others take that token without a token request.
func TestFleetRedisStoppedAndStarted(t *testing.T) {
	rs := redistest.Start(t)
	srv := newFake(t)
	logger, sink := canary.Logger()
	fleet := newFleet(t, srv, rs, fleetInstances, rxbridge.WithLogger(logger))
	form, _ := begin(t, srv, fleet[0].login)
	tok, err := fleet[0].login.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	clients, sources := fleetClients(t, srv, fleet, tok.PatientID)
	pendingForm, _ := begin(t, srv, fleet[0].login) // a login in flight

	rs.Stop()
	ctx := context.Background()
	assert.Zero(t, everyone(clients, 4, tok.PatientID), "warm calls work without Redis")
	assert.Zero(t, srv.Stats().Refreshes)

	_, err = fleet[2].login.AuthCodeURL(ctx)
	require.ErrorIs(t, err, allcarefhir.ErrLoginUnavailable)
	require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable)
	_, err = fleet[3].login.HandleCallback(ctx, pendingForm)
	require.ErrorIs(t, err, allcarefhir.ErrLoginUnavailable)
	codeExchanges := srv.Stats().CodeExchanges

	// Instance 0's token is rejected: it refreshes once, alone.
	srv.RevokeCredentials()
	failed := everyone(clients[:1], 4, tok.PatientID)
	assert.Zero(t, failed)
	assert.Equal(t, 1, srv.Stats().Refreshes)
	assert.Contains(t, sink.String(), "store unavailable; using this instance's memory")
	outage := srv.Stats()

	rs.Restart()
	for _, in := range fleet {
		require.NoError(t, in.ping(ctx), "the instance reaches Redis again")
	}
	// The pending login died with Redis's memory: its callback is refused
	// and the member starts again.
	_, err = fleet[3].login.HandleCallback(ctx, pendingForm)
	require.ErrorIs(t, err, allcarefhir.ErrStateMismatch)
	assert.Equal(t, codeExchanges, srv.Stats().CodeExchanges, "nothing was sent for it")
	// Every token is rejected again: instance 0 (which holds the newest
	// refresh token) refreshes through Redis; the rest take its token.
	srv.RevokeCredentials()
	assert.Zero(t, everyone(clients[:1], 1, tok.PatientID))
	assert.Zero(t, everyone(clients[1:], 4, tok.PatientID))
	st := srv.Stats()
	t.Logf("redis stopped: %d warm calls ok; AuthCodeURL and callback refused (ErrLoginUnavailable); 1 instance refreshed alone (%d token request); after restart: %d token request(s) for %d instances, %d reuses",
		4*fleetInstances, outage.Refreshes, st.Refreshes-outage.Refreshes, fleetInstances, st.RefreshReuses)
	assert.Equal(t, 2, st.Refreshes)
	assert.Zero(t, st.RefreshReuses)
	for _, s := range sources {
		assert.Equal(t, sources[0].Current().AccessToken, s.Current().AccessToken)
	}
	canary.AssertClean(t, sink.String(), tok.AccessToken, tok.RefreshToken, tok.PatientID)

	form, _ = begin(t, srv, fleet[2].login)
	_, err = fleet[3].login.HandleCallback(ctx, form)
	require.NoError(t, err, "logins work again")
}
