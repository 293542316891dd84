package mhv_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

var fastRetry = rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 5 * time.Millisecond}

// newClient returns a client for the fake with fast retries.
func newClient(t testing.TB, srv *mhvtest.Server, opts ...mhv.Option) *mhv.Client {
	t.Helper()
	all := append([]mhv.Option{rxbridge.WithBaseURL(srv.URL), rxbridge.WithRetry(fastRetry)}, opts...)
	c, err := mhv.NewClient(srv.AppToken, all...)
	require.NoError(t, err)
	return c
}

// pooled is a real net/http transport with a bounded pool, so a thousand
// goroutines do not open a thousand sockets on a shared CI machine.
func pooled() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}}
}

func TestColdClientThousandGoroutinesOneVeteranOneSession(t *testing.T) {
	// MHV answers 500 to concurrent creations; the creation is slow enough
	// (100 ms) that every goroutine asks while it is in flight.
	srv := mhvtest.NewServer(mhvtest.WithConcurrentSessionErrors(), mhvtest.WithSessionDelay(100*time.Millisecond))
	t.Cleanup(srv.Close)
	c := newClient(t, srv, rxbridge.WithHTTPClient(pooled()))
	vet := c.User(mhvtest.DemoVeteran)

	start := make(chan struct{})
	var wg sync.WaitGroup
	var failures atomic.Int32
	for range 1000 {
		wg.Go(func() {
			<-start
			l, err := vet.ActivePrescriptions(context.Background())
			if err != nil || len(l.Prescriptions()) == 0 {
				failures.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran), "exactly one session request")
	assert.Equal(t, 1, srv.TotalSessionRequests())
	assert.Zero(t, srv.SessionConflicts())
	assert.Equal(t, int64(1), c.SessionsCreated())
}

func TestFiftyVeteransFiftySessionsNeverShared(t *testing.T) {
	srv := mhvtest.NewServer(mhvtest.WithoutDemoData(), mhvtest.WithConcurrentSessionErrors(),
		mhvtest.WithSessionDelay(50*time.Millisecond))
	t.Cleanup(srv.Close)
	vets := make([]string, 50)
	for i := range vets {
		vets[i] = fmt.Sprintf("%08d", 30000000+i)
		srv.AddPrescription(vets[i], mhvtest.Prescription{Name: "DRUG OF " + vets[i], Status: "active",
			Refillable: true, RefillsRemaining: 1, Station: "989"})
	}
	c := newClient(t, srv, rxbridge.WithHTTPClient(pooled()))
	start := make(chan struct{})
	var wg sync.WaitGroup
	var failures, crossed atomic.Int32
	for i := range 1000 {
		id := vets[i%len(vets)]
		wg.Go(func() {
			<-start
			l, err := c.User(id).ActivePrescriptions(context.Background())
			if err != nil {
				failures.Add(1)
				return
			}
			for _, rx := range l.Prescriptions() {
				if rx.PrescriptionName != "DRUG OF "+id {
					crossed.Add(1)
				}
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Zero(t, crossed.Load(), "a veteran saw another veteran's prescriptions")
	assert.Equal(t, 50, srv.TotalSessionRequests(), "one session per veteran")
	for _, id := range vets {
		assert.Equal(t, 1, srv.SessionRequests(id))
	}
	assert.Zero(t, srv.SessionConflicts())
	assert.Equal(t, int64(50), c.SessionsCreated())
}

// callKey tags a call's context so countingTransport can count its
// requests.
type callKey struct{}

// countingTransport counts the data requests of each tagged call. A
// session creation carries the tag of the call that started it (it runs
// with that call's values), and is not counted.
type countingTransport struct {
	base    http.RoundTripper
	mu      sync.Mutex
	perCall map[int64]int
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if id, ok := r.Context().Value(callKey{}).(int64); ok && !strings.HasSuffix(r.URL.Path, "/session") {
		c.mu.Lock()
		c.perCall[id]++
		c.mu.Unlock()
	}
	return c.base.RoundTrip(r)
}

func TestExpiredSessionMidRunOneNewSessionEachCallReplayedOnce(t *testing.T) {
	for _, style := range []struct {
		name  string
		style mhvtest.RejectStyle
	}{{"errorCode 110", mhvtest.RejectExpired110}, {"401 invalid session", mhvtest.RejectUnauthorized}} {
		t.Run(style.name, func(t *testing.T) {
			srv := mhvtest.NewServer(mhvtest.WithRejectStyle(style.style), mhvtest.WithConcurrentSessionErrors(),
				mhvtest.WithSessionDelay(20*time.Millisecond))
			t.Cleanup(srv.Close)
			ct := &countingTransport{base: &http.Transport{MaxConnsPerHost: 16}, perCall: map[int64]int{}}
			c := newClient(t, srv, rxbridge.WithHTTPClient(&http.Client{Transport: ct}))
			vet := c.User(mhvtest.DemoVeteran)
			require.NoError(t, vet.EnsureSession(context.Background()))

			var ids atomic.Int64
			var once sync.Once
			var wg sync.WaitGroup
			var failures atomic.Int32
			for range 8 {
				wg.Go(func() {
					for range 40 {
						id := ids.Add(1)
						if id == 100 {
							once.Do(func() { srv.RevokeVeteranCredentials(mhvtest.DemoVeteran) })
						}
						ctx := context.WithValue(context.Background(), callKey{}, id)
						if _, err := vet.ActivePrescriptions(ctx); err != nil {
							failures.Add(1)
						}
					}
				})
			}
			wg.Wait()
			assert.Zero(t, failures.Load(), "every call succeeds")
			assert.Equal(t, 2, srv.SessionRequests(mhvtest.DemoVeteran), "the first session and one new one")
			assert.Equal(t, 2, srv.SessionsCreated(mhvtest.DemoVeteran))
			assert.Zero(t, srv.SessionConflicts())
			rejected := srv.Rejections()
			require.GreaterOrEqual(t, rejected, 1, "calls met the expired session")
			replayed := 0
			ct.mu.Lock()
			require.Len(t, ct.perCall, 320)
			for _, n := range ct.perCall {
				assert.LessOrEqual(t, n, 2, "never more than one replay")
				if n == 2 {
					replayed++
				}
			}
			ct.mu.Unlock()
			assert.Equal(t, rejected, replayed, "each refused call was replayed exactly once")
		})
	}
}

func TestWaiterGivesUpWithoutCancellingTheSessionCreation(t *testing.T) {
	release := make(chan struct{})
	srv := mhvtest.NewServer(mhvtest.WithSessionHold(release))
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	// The caller gives up once MHV holds its session request (an event,
	// not a clock racing the creation).
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		for srv.SessionRequests(mhvtest.DemoVeteran) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := vet.ActivePrescriptions(ctx)
	require.ErrorIs(t, err, context.Canceled)
	// The creation goes on without the impatient caller; the next call
	// uses its session.
	close(release)
	_, err = vet.ActivePrescriptions(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran))
}

func TestSessionCreationFailuresAreTypedAndNotRetried(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	cases := []struct {
		vet      string
		sentinel error
	}{
		{mhvtest.UnknownVeteran, mhv.ErrUserNotFound},
		{mhvtest.BlockedVeteran, mhv.ErrUserBlocked},
		{mhvtest.NoAgreementVeteran, mhv.ErrRxAgreementNotAccepted},
	}
	for _, tc := range cases {
		before := srv.Faults.Count()
		_, err := c.User(tc.vet).ActivePrescriptions(context.Background())
		require.Error(t, err)
		assert.ErrorIs(t, err, tc.sentinel)
		assert.ErrorIs(t, err, mhv.ErrSessionCreate)
		assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown)
		var e *mhv.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, 400, e.HTTPStatus)
		assert.Equal(t, "CreateSession", e.Op)
		assert.Equal(t, 1, srv.SessionRequests(tc.vet), "a refusal is not retried")
		assert.Equal(t, before+1, srv.Faults.Count(), "and the data call is never sent")
		// Refill too: refused before sending, so never "outcome unknown".
		err = c.User(tc.vet).Refill(context.Background(), mhvtest.DemoRefillable)
		assert.ErrorIs(t, err, tc.sentinel)
		assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown)
		assert.Equal(t, 0, srv.RefillRequests(mhvtest.DemoRefillable))
		assert.ErrorIs(t, c.User(tc.vet).EnsureSession(context.Background()), tc.sentinel)
	}

	wrong, err := mhv.NewClient("not-the-app-token", rxbridge.WithBaseURL(srv.URL), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	err = wrong.User(mhvtest.DemoVeteran).EnsureSession(context.Background())
	assert.ErrorIs(t, err, mhv.ErrAppAuthenticationFailed)
}

func TestSessionCreation500IsRetried(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	srv.Faults.Enqueue(faultserver.Status(500, `{"errorCode":99,"message":"Unknown application error occurred"}`),
		faultserver.GatewayHTML(503))
	_, err := c.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	require.NoError(t, err)
	reqs := srv.Faults.Requests()
	require.Len(t, reqs, 4, "two refused session requests, the session, the list")
	for _, r := range reqs[:3] {
		assert.True(t, strings.HasSuffix(r.Path, "/session"))
	}
	assert.Equal(t, int64(1), c.SessionsCreated())
}

func TestSessionCreationGivesUpAfterTheRetries(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	f := faultserver.Status(500, `{"errorCode":99}`)
	srv.Faults.Always(&f)
	err := c.User(mhvtest.DemoVeteran).Refill(context.Background(), mhvtest.DemoRefillable)
	require.Error(t, err)
	assert.ErrorIs(t, err, mhv.ErrSessionCreate)
	assert.ErrorIs(t, err, mhv.ErrServer)
	assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown, "the refill was never sent")
	assert.Equal(t, 4, srv.Faults.Count(), "one attempt and three retries, not multiplied by the caller's loop")
}

func TestSessionAttemptTimeoutsKeepTheirAttemptCount(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	// Each attempt times out once the fake holds it (a TimeoutGate): a
	// short WithTimeout could fire before the fake saw the request.
	gate := faultserver.NewTimeoutGate()
	srv.Faults.SetGate(gate)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := newClient(t, srv, rxbridge.WithHTTPClient(&http.Client{Transport: gate.Transport(tr)}))
	f := faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour}
	srv.Faults.Always(&f)
	err := c.User(mhvtest.DemoVeteran).EnsureSession(context.Background())
	require.ErrorIs(t, err, mhv.ErrSessionCreate)
	require.ErrorIs(t, err, mhv.ErrTransport)
	var te *httpx.TransportError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 4, te.Attempts, "every attempt timed out, and the error says so")
	assert.Equal(t, 1, strings.Count(err.Error(), "transport failure"), "one transport error, not one wrapped in another: %v", err)
	assert.Equal(t, 4, srv.Faults.Count())
}

func TestSessionAnswerWithoutTokenIsTyped(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200})
	err := c.User(mhvtest.DemoVeteran).EnsureSession(context.Background())
	require.ErrorIs(t, err, mhv.ErrSessionCreate)
	var e *mhv.Error
	require.ErrorAs(t, err, &e)
	assert.Contains(t, e.Meaning, "Token")
	assert.Equal(t, 1, srv.Faults.Count())
}

func TestSessionRequestShape(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	_, err := c.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	require.NoError(t, err)
	reqs := srv.Faults.Requests()
	require.Len(t, reqs, 2)
	s, data := reqs[0], reqs[1]
	assert.Equal(t, "GET", s.Method)
	assert.Equal(t, "/mhv-api/patient/v1/session", s.Path)
	assert.Equal(t, srv.AppToken, s.Header.Get("appToken"))
	assert.Equal(t, mhvtest.DemoVeteran, s.Header.Get("mhvCorrelationId"))
	assert.Equal(t, "application/json", s.Header.Get("Content-Type"))
	assert.Equal(t, "application/json", s.Header.Get("Accept"))
	assert.Empty(t, s.Header.Get("Token"))

	assert.Equal(t, "/mhv-api/patient/v1/prescription/getactiverx", data.Path)
	assert.NotEmpty(t, data.Header.Get("Token"))
	assert.Empty(t, data.Header.Get("appToken"), "the app token goes only to the session endpoint")
	assert.Empty(t, data.Header.Get("mhvCorrelationId"))
	assert.Equal(t, "application/json", data.Header.Get("Content-Type"))
	assert.Contains(t, data.Header.Get("User-Agent"), "rxbridge-go/")
}

// sessionKey names a veteran's session in the shared store.
func sessionKey(id string) rxbridge.StoreKey {
	return rxbridge.StoreKey{Namespace: "mhv.session", ID: id}
}

func TestInstancesSharingAStoreCreateOneSession(t *testing.T) {
	srv := mhvtest.NewServer(mhvtest.WithConcurrentSessionErrors(), mhvtest.WithSessionDelay(60*time.Millisecond))
	t.Cleanup(srv.Close)
	store := rxbridge.NewMemoryStore()
	a := newClient(t, srv, rxbridge.WithStore(store), rxbridge.WithHTTPClient(pooled()))
	b := newClient(t, srv, rxbridge.WithStore(store), rxbridge.WithHTTPClient(pooled()))
	start := make(chan struct{})
	var wg sync.WaitGroup
	var failures atomic.Int32
	for i := range 400 {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Go(func() {
			<-start
			if _, err := c.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background()); err != nil {
				failures.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	assert.Zero(t, failures.Load())
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran), "one session for two instances")
	assert.Zero(t, srv.SessionConflicts())
	assert.Equal(t, int64(1), a.SessionsCreated()+b.SessionsCreated())

	// A session refused by MHV is removed from the shared store and
	// replaced once for everybody.
	s1, ok, _ := store.Get(context.Background(), sessionKey(mhvtest.DemoVeteran))
	require.True(t, ok)
	srv.RevokeVeteranCredentials(mhvtest.DemoVeteran)
	_, err := a.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	require.NoError(t, err)
	_, err = b.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	require.NoError(t, err)
	s2, ok, _ := store.Get(context.Background(), sessionKey(mhvtest.DemoVeteran))
	require.True(t, ok)
	assert.NotEqual(t, s1, s2)
	assert.Equal(t, 2, srv.SessionRequests(mhvtest.DemoVeteran))
}

func TestInstancesWithoutASharedStoreRecoverFromMHVsConcurrentCreation500(t *testing.T) {
	// Without a shared store (or with one that is down), a second
	// instance's creation overlaps the first and MHV answers 500; the
	// session request is retried with backoff until the first one is done.
	// a's creation is held until MHV has refused b's overlapping one (an
	// event, not a delay racing b's arrival); b retries until a is done.
	release := make(chan struct{})
	srv := mhvtest.NewServer(mhvtest.WithConcurrentSessionErrors(), mhvtest.WithSessionHold(release))
	t.Cleanup(srv.Close)
	slow := rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 20, WaitMin: 40 * time.Millisecond, WaitMax: 80 * time.Millisecond})
	a := newClient(t, srv, slow)
	b := newClient(t, srv, slow)
	done := make(chan error, 1)
	go func() { done <- a.User(mhvtest.DemoVeteran).EnsureSession(context.Background()) }()
	for srv.SessionRequests(mhvtest.DemoVeteran) == 0 {
		time.Sleep(time.Millisecond)
	}
	bDone := make(chan error, 1)
	go func() { bDone <- b.User(mhvtest.DemoVeteran).EnsureSession(context.Background()) }()
	for srv.SessionConflicts() == 0 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	require.NoError(t, <-done)
	require.NoError(t, <-bDone)
	assert.GreaterOrEqual(t, srv.SessionConflicts(), 1, "MHV refused the overlapping creation")
}

func TestUserPrintsWithoutItsCorrelationID(t *testing.T) {
	u := mhv.User{}
	assert.NotContains(t, fmt.Sprintf("%v %+v %#v", &u, &u, &u), "SECRET")
}

func TestCorrelationIDIsChecked(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	for _, id := range []string{"", "  ", "123\r\nInjected: 1", "a\x00b"} {
		_, err := c.User(id).ActivePrescriptions(context.Background())
		assert.ErrorIs(t, err, mhv.ErrInvalidInput)
		assert.NotContains(t, err.Error(), "Injected")
	}
	assert.Zero(t, srv.Faults.Count(), "nothing was sent")
	var nilUser *mhv.User
	_, err := nilUser.ActivePrescriptions(context.Background())
	assert.ErrorIs(t, err, mhv.ErrInvalidInput)
	assert.True(t, errors.Is(c.User("").Refill(context.Background(), 1), mhv.ErrInvalidInput))
}

// downStore is a shared store that is unreachable.
type downStore struct{}

var errDown = &rxbridge.StoreError{Op: "get", Err: errors.New("dial tcp 127.0.0.1:6379: connect: connection refused")}

func (downStore) Get(context.Context, rxbridge.StoreKey) ([]byte, bool, error) {
	return nil, false, errDown
}
func (downStore) Set(context.Context, rxbridge.StoreKey, []byte, time.Duration) error {
	return errDown
}
func (downStore) SetNX(context.Context, rxbridge.StoreKey, []byte, time.Duration) (bool, error) {
	return false, errDown
}
func (downStore) CompareAndDelete(context.Context, rxbridge.StoreKey, []byte) (bool, error) {
	return false, errDown
}

func TestALostLockHolderOrAnUnreachableStoreDoesNotBlockSessions(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)

	// Another instance took the lock and died: after the lock wait, this
	// instance creates the session itself, and shares it.
	store := rxbridge.NewMemoryStore()
	ok, err := store.SetNX(context.Background(), rxbridge.StoreKey{Namespace: "mhv.session.lock", ID: mhvtest.DemoVeteran}, []byte("gone"), time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	c := newClient(t, srv, rxbridge.WithStore(store), mhv.WithSessionLockWait(200*time.Millisecond))
	start := time.Now()
	require.NoError(t, c.User(mhvtest.DemoVeteran).EnsureSession(context.Background()))
	assert.GreaterOrEqual(t, time.Since(start), 200*time.Millisecond, "it waited for the holder first")
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran))
	_, ok, err = store.Get(context.Background(), sessionKey(mhvtest.DemoVeteran))
	require.NoError(t, err)
	assert.True(t, ok)

	// An unreachable store: the session is created in this process (one
	// creation however many calls), and the failure is logged without the
	// correlation id.
	var logs syncBuffer
	c2 := newClient(t, srv, rxbridge.WithStore(downStore{}), rxbridge.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			_, err := c2.User(mhvtest.SecondVeteran).ActivePrescriptions(context.Background())
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.SecondVeteran))
	out := logs.String()
	assert.Contains(t, out, "shared store failed")
	assert.Contains(t, out, "provider=mhv")
	assert.Contains(t, out, "store_op=get")
	assert.NotContains(t, out, mhvtest.SecondVeteran)
}

// syncBuffer is a log destination shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestAnotherInstancesSessionIsPickedUpFromTheStore(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	store := rxbridge.NewMemoryStore()
	a := newClient(t, srv, rxbridge.WithStore(store))
	require.NoError(t, a.User(mhvtest.DemoVeteran).EnsureSession(context.Background()))
	b := newClient(t, srv, rxbridge.WithStore(store))
	_, err := b.User(mhvtest.DemoVeteran).ActivePrescriptions(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran))
	assert.Zero(t, b.SessionsCreated())
}

// holdSession holds the first session request (GET .../session) until
// release is closed, and reports its context on seen.
type holdSession struct {
	base    http.RoundTripper
	seen    chan context.Context
	release chan struct{}
	once    sync.Once
}

func (h *holdSession) RoundTrip(r *http.Request) (*http.Response, error) {
	if strings.HasSuffix(r.URL.Path, "/session") {
		h.once.Do(func() {
			h.seen <- r.Context()
			<-h.release
		})
	}
	return h.base.RoundTrip(r)
}

func TestSessionCreationKeepsTheCallersValuesNotItsCancellation(t *testing.T) {
	// The session creation the first call starts runs with that call's
	// values (trace ids, logger attributes: its request carries them, and
	// so do its log records, written with the same context), not with its
	// cancellation: the call gives up, the creation goes on and the next
	// call uses its session.
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	hold := &holdSession{base: tr, seen: make(chan context.Context, 1), release: make(chan struct{})}
	c := newClient(t, srv, rxbridge.WithHTTPClient(&http.Client{Transport: hold}))
	vet := c.User(mhvtest.DemoVeteran)
	type traceKey struct{}
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), traceKey{}, "trace-1"))
	errc := make(chan error, 1)
	go func() {
		_, err := vet.ActivePrescriptions(ctx)
		errc <- err
	}()
	sctx := <-hold.seen
	assert.Equal(t, "trace-1", sctx.Value(traceKey{}), "the session request carries the caller's values")
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	assert.NoError(t, sctx.Err(), "cancelling the caller does not cancel the session creation")
	close(hold.release)
	_, err := vet.ActivePrescriptions(context.Background())
	require.NoError(t, err)
	assert.Equal(t, 1, srv.SessionRequests(mhvtest.DemoVeteran))
}
