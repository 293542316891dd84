package allcarefhir_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/allcarefhir"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// flakyStore is an in-process store that can be made unavailable (every
// call fails as an unreachable store does, keeping what it holds) and
// counts the calls made to it.
type flakyStore struct {
	*rxbridge.MemoryStore
	down  atomic.Bool
	calls atomic.Int64
}

func newFlakyStore() *flakyStore { return &flakyStore{MemoryStore: rxbridge.NewMemoryStore()} }

var errUnreachable = errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")

func (s *flakyStore) fail(op string) error {
	s.calls.Add(1)
	if s.down.Load() {
		return &rxbridge.StoreError{Op: op, Err: errUnreachable}
	}
	return nil
}

func (s *flakyStore) Get(ctx context.Context, key rxbridge.StoreKey) ([]byte, bool, error) {
	if err := s.fail("get"); err != nil {
		return nil, false, err
	}
	return s.MemoryStore.Get(ctx, key)
}

func (s *flakyStore) Set(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) error {
	if err := s.fail("set"); err != nil {
		return err
	}
	return s.MemoryStore.Set(ctx, key, value, ttl)
}

func (s *flakyStore) SetNX(ctx context.Context, key rxbridge.StoreKey, value []byte, ttl time.Duration) (bool, error) {
	if err := s.fail("setnx"); err != nil {
		return false, err
	}
	return s.MemoryStore.SetNX(ctx, key, value, ttl)
}

func (s *flakyStore) CompareAndDelete(ctx context.Context, key rxbridge.StoreKey, old []byte) (bool, error) {
	if err := s.fail("compare-and-delete"); err != nil {
		return false, err
	}
	return s.MemoryStore.CompareAndDelete(ctx, key, old)
}

// withOffline asks for a refresh token.
func withOffline(c *allcarefhir.OAuthConfig) { c.Scopes = append(c.Scopes, "offline_access") }

// A login started on one instance completes on another sharing the store;
// a replay of its callback, on either, finds nothing.
func TestLoginStartedOnOneInstanceCompletesOnAnother(t *testing.T) {
	srv := newFake(t)
	shared := rxbridge.NewMemoryStore()
	a := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)})
	b := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)})
	form, _ := begin(t, srv, a)
	tok, err := b.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	assert.Equal(t, srv.PatientID, tok.PatientID)
	for _, l := range []*allcarefhir.Login{a, b} {
		_, err = l.HandleCallback(context.Background(), form)
		require.ErrorIs(t, err, allcarefhir.ErrStateMismatch)
	}
	assert.Equal(t, 1, srv.Stats().CodeExchanges, "a replay sends nothing")

	// The member's token is found by the instance that never saw it.
	ot, err := a.MemberTokenSource(tok.PatientID).TokenContext(context.Background())
	require.NoError(t, err)
	assert.Equal(t, tok.AccessToken, ot.AccessToken)
	// A member nobody logged in needs a login.
	_, err = a.MemberTokenSource("someone-else").TokenContext(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)
}

// Concurrent callbacks with one state, on two instances: exactly one
// completes the login.
func TestConcurrentCallbacksTakeThePendingLoginOnce(t *testing.T) {
	srv := newFake(t)
	shared := rxbridge.NewMemoryStore()
	a := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)})
	b := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)})
	_, err := a.Discover(context.Background())
	require.NoError(t, err)
	_, err = b.Discover(context.Background())
	require.NoError(t, err)
	form, _ := begin(t, srv, a)
	var wg sync.WaitGroup
	var ok, mismatch atomic.Int32
	for i := range 16 {
		l := []*allcarefhir.Login{a, b}[i%2]
		wg.Go(func() {
			_, err := l.HandleCallback(context.Background(), form)
			switch {
			case err == nil:
				ok.Add(1)
			case errors.Is(err, allcarefhir.ErrStateMismatch):
				mismatch.Add(1)
			default:
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), ok.Load())
	assert.Equal(t, int32(15), mismatch.Load())
	assert.Equal(t, 1, srv.Stats().CodeExchanges)
}

// Pending logins fail closed: a store that is down fails AuthCodeURL and
// the callback with ErrLoginUnavailable (and the store's error), the
// default handler answers 503, and the pending login is not lost: once the
// store is back, the same callback completes.
func TestPendingLoginsFailClosed(t *testing.T) {
	srv := newFake(t)
	store := newFlakyStore()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)})
	_, err := l.Discover(context.Background())
	require.NoError(t, err)

	store.down.Store(true)
	req, err := l.AuthCodeURL(context.Background())
	require.ErrorIs(t, err, allcarefhir.ErrLoginUnavailable)
	require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable)
	assert.Nil(t, req, "no URL to send the member to")
	assert.Zero(t, srv.Stats().Authorizations)

	store.down.Store(false)
	form, _ := begin(t, srv, l)
	store.down.Store(true)
	_, err = l.HandleCallback(context.Background(), form)
	require.ErrorIs(t, err, allcarefhir.ErrLoginUnavailable)
	require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable)
	assert.NotErrorIs(t, err, allcarefhir.ErrStateMismatch)
	assert.NotContains(t, err.Error(), form.Get("state"))
	rec := httptest.NewRecorder()
	rq := httptest.NewRequest(http.MethodPost, "/callback", strings.NewReader(form.Encode()))
	rq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	l.CallbackHandler(nil).ServeHTTP(rec, rq)
	assert.Equal(t, http.StatusServiceUnavailable, rec.Code)
	assert.Equal(t, "login unavailable, try again\n", rec.Body.String())
	assert.Zero(t, srv.Stats().CodeExchanges, "nothing was sent")

	store.down.Store(false)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err, "the pending login was not lost")
	assert.Equal(t, srv.PatientID, tok.PatientID)
}

// A warm call (a valid token held by this instance) makes no store round
// trip; the first call of a MemberTokenSource reads the store once.
func TestWarmCallsMakeNoStoreRoundTrip(t *testing.T) {
	srv := newFake(t)
	store := newFlakyStore()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store)}, withOffline)
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)

	before := store.calls.Load()
	ts := l.TokenSource(tok)
	for range 10 {
		_, err := ts.TokenContext(context.Background())
		require.NoError(t, err)
	}
	assert.Equal(t, before, store.calls.Load(), "a held valid token costs no store call")

	ms := l.MemberTokenSource(tok.PatientID)
	for range 10 {
		ot, err := ms.TokenContext(context.Background())
		require.NoError(t, err)
		assert.Equal(t, tok.AccessToken, ot.AccessToken)
	}
	assert.Equal(t, before+1, store.calls.Load(), "one read on the miss, then none")
	assert.Zero(t, srv.Stats().Refreshes)
}

// An instance whose token the FHIR server rejects takes the newer token
// another instance stored, without a token request.
func TestRejectedTokenIsReplacedByTheFleetsNewerOne(t *testing.T) {
	srv := newFake(t)
	shared := rxbridge.NewMemoryStore()
	a := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)}, withOffline)
	b := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)}, withOffline)
	form, _ := begin(t, srv, a)
	tok, err := a.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	tsB := b.MemberTokenSource(tok.PatientID)
	cB, err := allcarefhir.NewClient(tsB, rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = cB.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)

	// A refreshes (its token was rejected); B's copy is now rejected too.
	srv.RevokeCredentials()
	cA, err := allcarefhir.NewClient(a.TokenSource(tok), rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	_, err = cA.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)
	require.Equal(t, 1, srv.Stats().Refreshes)

	_, err = cB.Patient(context.Background(), tok.PatientID)
	require.NoError(t, err)
	assert.Equal(t, 1, srv.Stats().Refreshes, "B took A's token from the store")
	assert.Zero(t, srv.Stats().RefreshReuses, "B never sent the spent refresh token")
	assert.NotEqual(t, tok.AccessToken, tsB.Current().AccessToken)
	fromStore := a.MemberTokenSource(tok.PatientID)
	_, err = fromStore.TokenContext(context.Background())
	require.NoError(t, err)
	assert.Equal(t, fromStore.Current().RefreshToken, tsB.Current().RefreshToken)
}

// Several instances sharing a store refresh one member once, whatever the
// interleaving: the others wait on the lock and take the rotated token.
func TestInstancesRefreshOneMemberOnce(t *testing.T) {
	srv := newFake(t)
	shared := rxbridge.NewMemoryStore()
	logins := make([]*allcarefhir.Login, 8)
	for i := range logins {
		logins[i] = newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)}, withOffline)
	}
	form, _ := begin(t, srv, logins[0])
	tok, err := logins[0].HandleCallback(context.Background(), form)
	require.NoError(t, err)
	sources := make([]*allcarefhir.TokenSource, len(logins))
	clients := make([]*allcarefhir.Client, len(logins))
	for i, l := range logins {
		sources[i] = l.MemberTokenSource(tok.PatientID)
		clients[i], err = allcarefhir.NewClient(sources[i], rxbridge.WithBaseURL(srv.FHIRBaseURL), rxbridge.WithRetry(fastRetry))
		require.NoError(t, err)
		_, err = clients[i].Patient(context.Background(), tok.PatientID)
		require.NoError(t, err)
	}

	srv.RevokeCredentials() // every instance's token is now rejected
	var wg sync.WaitGroup
	for i := range 4 * len(clients) {
		wg.Go(func() {
			_, err := clients[i%len(clients)].Patient(context.Background(), tok.PatientID)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, srv.Stats().Refreshes)
	assert.Zero(t, srv.Stats().RefreshReuses)
	for _, s := range sources {
		assert.Equal(t, sources[0].Current().AccessToken, s.Current().AccessToken, "every instance uses the rotated token")
	}
	assert.NotEqual(t, tok.AccessToken, sources[0].Current().AccessToken)
}

// A refresh whose answer is lost may have rotated the refresh token: no
// instance sends it again (the fake would revoke the member's grant).
func TestARefreshTokenThatMayBeSpentIsNotSentAgain(t *testing.T) {
	srv := newFake(t)
	shared := rxbridge.NewMemoryStore()
	a := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)}, withOffline)
	b := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(shared)}, withOffline)
	form, _ := begin(t, srv, a)
	tok, err := a.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	_, err = b.Discover(context.Background())
	require.NoError(t, err)

	srv.AuthFaults.Enqueue(faultserver.GatewayHTML(http.StatusBadGateway))
	_, err = a.Refresh(context.Background(), tok)
	require.ErrorIs(t, err, allcarefhir.ErrOutcomeUnknown)
	require.Zero(t, srv.Stats().Refreshes, "the gateway answered (the fake's handler never saw it)")

	for _, l := range []*allcarefhir.Login{a, b} {
		_, err = l.Refresh(context.Background(), tok)
		require.ErrorIs(t, err, allcarefhir.ErrReauthorizationRequired)
	}
	assert.Zero(t, srv.Stats().Refreshes, "the token that may be spent is not sent again")
	assert.Zero(t, srv.Stats().RefreshReuses)

	// A new login gives the member a new grant, which refreshes.
	form, _ = begin(t, srv, b)
	tok2, err := b.HandleCallback(context.Background(), form)
	require.NoError(t, err)
	_, err = a.Refresh(context.Background(), tok2)
	require.NoError(t, err)
}

// An unavailable store degrades tokens and locks to this instance's
// memory: the refresh still happens, once per instance, and the fallback
// is logged without keys, tokens or ids.
func TestTokenStoreOutageDegradesToThisInstance(t *testing.T) {
	srv := newFake(t)
	store := newFlakyStore()
	logger, sink := canary.Logger()
	l := newLoginOpts(t, srv, []rxbridge.Option{rxbridge.WithStore(store), rxbridge.WithLogger(logger)}, withOffline)
	form, _ := begin(t, srv, l)
	tok, err := l.HandleCallback(context.Background(), form)
	require.NoError(t, err)

	store.down.Store(true)
	// Eight token sources of this instance hold the member's token and
	// see it rejected at once.
	got := make([]string, 8)
	var wg sync.WaitGroup
	for i := range got {
		ts := l.TokenSource(tok)
		ts.Invalidate(tok.AccessToken)
		wg.Go(func() {
			ot, err := ts.TokenContext(context.Background())
			if assert.NoError(t, err) {
				got[i] = ot.AccessToken
			}
		})
	}
	wg.Wait()
	ot := got[0]
	for _, a := range got {
		assert.Equal(t, ot, a)
	}
	assert.NotEqual(t, tok.AccessToken, ot)
	assert.Equal(t, 1, srv.Stats().Refreshes)
	assert.Zero(t, srv.Stats().RefreshReuses)
	logs := sink.String()
	assert.Contains(t, logs, "store unavailable; using this instance's memory")
	assert.Contains(t, logs, "connection refused")
	canary.AssertClean(t, logs, tok.AccessToken, tok.RefreshToken, tok.PatientID, ot)
}
