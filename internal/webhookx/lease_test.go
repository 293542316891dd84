package webhookx

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

type leaseEvent struct{ ID string }

func leaseEventID(e leaseEvent) string { return e.ID }

var testKeys = redisstore.Keys{Hash: bytes.Repeat([]byte{1}, 32), Encryption: bytes.Repeat([]byte{2}, 32)}

func redisStore(t *testing.T, addr string) rxbridge.Store {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = c.Close() })
	s, err := redisstore.New(c, testKeys)
	require.NoError(t, err)
	return s
}

// eachStore runs f against the in-process store and a store on a real
// redis-server.
func eachStore(t *testing.T, f func(t *testing.T, s rxbridge.Store)) {
	t.Run("memory", func(t *testing.T) { f(t, rxbridge.NewMemoryStore()) })
	t.Run("redis", func(t *testing.T) { f(t, redisStore(t, redistest.Start(t).Addr())) })
}

// instances wraps handle n times on one store: n service instances.
func instances(t *testing.T, n int, l Leases, handle func(context.Context, leaseEvent) error) []func(context.Context, leaseEvent) error {
	out := make([]func(context.Context, leaseEvent) error, n)
	for i := range out {
		h, err := LeaseDedup(l, leaseEventID, handle)
		require.NoError(t, err)
		out[i] = h
	}
	return out
}

// awaitHandler waits until a delivery's handler is entered, and fails if
// the delivery returns first.
func awaitHandler(t *testing.T, entered <-chan struct{}, done <-chan error) {
	t.Helper()
	select {
	case <-entered:
	case err := <-done:
		t.Fatalf("the delivery returned (%v) without running its handler", err)
	}
}

// requireStatus asserts the status a receiver answers err with.
func requireStatus(t *testing.T, err error, status int) {
	t.Helper()
	require.Error(t, err)
	require.Equal(t, status, errorStatus(err), "%v", err)
}

// TestLeaseDedupOnceAcrossInstances: one event delivered 24 times across 8
// instances runs the handler once. Deliveries while it runs are answered
// 503 (not acknowledged: the holder might still fail); deliveries after it
// succeeded are acknowledged.
func TestLeaseDedupOnceAcrossInstances(t *testing.T) {
	eachStore(t, func(t *testing.T, s rxbridge.Store) {
		var runs atomic.Int32
		entered, finish := make(chan struct{}), make(chan struct{})
		hs := instances(t, 8, Leases{Store: s, Namespace: "webhook.test"}, func(ctx context.Context, e leaseEvent) error {
			if runs.Add(1) == 1 {
				close(entered)
				<-finish
			}
			return nil
		})
		ev := leaseEvent{ID: "evt-1"}
		first := make(chan error, 1)
		go func() { first <- hs[0](context.Background(), ev) }()
		awaitHandler(t, entered, first)
		for i := 1; i < 12; i++ {
			err := hs[i%8](context.Background(), ev)
			require.ErrorIs(t, err, ErrInProgress)
			requireStatus(t, err, http.StatusServiceUnavailable)
		}
		close(finish)
		require.NoError(t, <-first)

		var wg sync.WaitGroup
		errs := make(chan error, 12)
		for i := range 12 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- hs[i%8](context.Background(), ev)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err, "a processed event is acknowledged")
		}
		require.Equal(t, int32(1), runs.Load())

		// Another event is its own.
		require.NoError(t, hs[3](context.Background(), leaseEvent{ID: "evt-2"}))
		require.Equal(t, int32(2), runs.Load())
	})
}

// TestLeaseDedupConcurrentDeliveries: racing deliveries of one event run
// the handler once; the others are told to retry or acknowledged.
func TestLeaseDedupConcurrentDeliveries(t *testing.T) {
	eachStore(t, func(t *testing.T, s rxbridge.Store) {
		var runs atomic.Int32
		hs := instances(t, 8, Leases{Store: s, Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
			runs.Add(1)
			return nil
		})
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range 24 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if err := hs[i%8](context.Background(), leaseEvent{ID: "evt"}); err != nil {
					assert.ErrorIs(t, err, ErrInProgress)
				}
			}()
		}
		close(start)
		wg.Wait()
		require.Equal(t, int32(1), runs.Load())
		require.NoError(t, hs[0](context.Background(), leaseEvent{ID: "evt"}))
		require.Equal(t, int32(1), runs.Load())
	})
}

// TestLeaseReleasedOnHandlerError: a failed handler releases its lease, so
// the sender's retry (on any instance) is processed.
func TestLeaseReleasedOnHandlerError(t *testing.T) {
	eachStore(t, func(t *testing.T, s rxbridge.Store) {
		var runs atomic.Int32
		boom := errors.New("downstream failed")
		hs := instances(t, 2, Leases{Store: s, Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
			if runs.Add(1) == 1 {
				return boom
			}
			return nil
		})
		ev := leaseEvent{ID: "evt-1"}
		require.ErrorIs(t, hs[0](context.Background(), ev), boom)
		require.NoError(t, hs[1](context.Background(), ev), "the retry is processed")
		require.NoError(t, hs[0](context.Background(), ev))
		require.Equal(t, int32(2), runs.Load())
	})
}

// TestLeaseReleasedWhenRequestCancelled: the release runs detached from a
// request whose context ended while the handler ran.
func TestLeaseReleasedWhenRequestCancelled(t *testing.T) {
	eachStore(t, func(t *testing.T, s rxbridge.Store) {
		l := Leases{Store: s, Namespace: "webhook.test"}
		ev := leaseEvent{ID: "evt-1"}
		ctx, cancel := context.WithCancel(context.Background())
		first, err := LeaseDedup(l, leaseEventID, func(ctx context.Context, _ leaseEvent) error {
			cancel() // the sender hung up while the handler ran
			return ctx.Err()
		})
		require.NoError(t, err)
		require.ErrorIs(t, first(ctx, ev), context.Canceled)

		var runs atomic.Int32
		retry := instances(t, 1, l, func(context.Context, leaseEvent) error {
			runs.Add(1)
			return nil
		})[0]
		require.NoError(t, retry(context.Background(), ev), "the lease was released")
		require.Equal(t, int32(1), runs.Load())
	})
}

// TestLeaseEndsAfterInstanceDied: an instance that dies mid-handler
// releases nothing; its lease ends after Lease and the sender's retry is
// processed. The dead instance's late release does not remove the lease
// another delivery took since. (miniredis: time must move.)
func TestLeaseEndsAfterInstanceDied(t *testing.T) {
	m := miniredis.RunT(t)
	s := redisStore(t, m.Addr())
	l := Leases{Store: s, Namespace: "webhook.test"}
	var runs atomic.Int32

	// Instance A claims, then hangs (as good as dead) until told to fail.
	enteredA, failA := make(chan struct{}), make(chan struct{})
	a, err := LeaseDedup(l, leaseEventID, func(context.Context, leaseEvent) error {
		runs.Add(1)
		close(enteredA)
		<-failA
		return errors.New("instance A finally fails")
	})
	require.NoError(t, err)
	ev := leaseEvent{ID: "evt-1"}
	doneA := make(chan error, 1)
	go func() { doneA <- a(context.Background(), ev) }()
	awaitHandler(t, enteredA, doneA)
	require.Len(t, m.Keys(), 1)
	require.Equal(t, DefaultLease, m.TTL(m.Keys()[0]))

	// Instance B's handler blocks until released, so that A's late release
	// happens while B holds the lease.
	enteredB, finishB := make(chan struct{}), make(chan struct{})
	b, err := LeaseDedup(l, leaseEventID, func(context.Context, leaseEvent) error {
		if runs.Add(1) == 2 {
			close(enteredB)
			<-finishB
		}
		return nil
	})
	require.NoError(t, err)
	require.ErrorIs(t, b(context.Background(), ev), ErrInProgress)
	m.FastForward(DefaultLease - time.Second)
	require.ErrorIs(t, b(context.Background(), ev), ErrInProgress, "lease still held")
	m.FastForward(2 * time.Second)

	doneB := make(chan error, 1)
	go func() { doneB <- b(context.Background(), ev) }()
	awaitHandler(t, enteredB, doneB)
	close(failA) // A wakes up, fails and releases: B's lease must stay
	require.Error(t, <-doneA)
	c, err := LeaseDedup(l, leaseEventID, func(context.Context, leaseEvent) error {
		runs.Add(1)
		return nil
	})
	require.NoError(t, err)
	require.ErrorIs(t, c(context.Background(), ev), ErrInProgress, "A released B's lease")
	close(finishB)
	require.NoError(t, <-doneB)
	require.Equal(t, DefaultDoneTTL, m.TTL(m.Keys()[0]), "done marker lifetime")
	require.NoError(t, c(context.Background(), ev))
	require.Equal(t, int32(2), runs.Load())

	// The done marker is forgotten after DoneTTL.
	m.FastForward(DefaultDoneTTL)
	require.NoError(t, c(context.Background(), ev))
	require.Equal(t, int32(3), runs.Load())
}

// failingLeaseStore fails the operations named in fail with a store error.
type failingLeaseStore struct {
	rxbridge.Store
	fail map[string]bool
}

func (f *failingLeaseStore) err(op string) error {
	return &rxbridge.StoreError{Op: op, Err: errors.New("dial tcp 127.0.0.1:6379: connection refused")}
}

func (f *failingLeaseStore) Get(ctx context.Context, k rxbridge.StoreKey) ([]byte, bool, error) {
	if f.fail["get"] {
		return nil, false, f.err("get")
	}
	return f.Store.Get(ctx, k)
}

func (f *failingLeaseStore) Set(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) error {
	if f.fail["set"] {
		return f.err("set")
	}
	return f.Store.Set(ctx, k, v, ttl)
}

func (f *failingLeaseStore) SetNX(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) (bool, error) {
	if f.fail["setnx"] {
		return false, f.err("setnx")
	}
	return f.Store.SetNX(ctx, k, v, ttl)
}

func (f *failingLeaseStore) CompareAndDelete(ctx context.Context, k rxbridge.StoreKey, old []byte) (bool, error) {
	if f.fail["compare-and-delete"] {
		return false, f.err("compare-and-delete")
	}
	return f.Store.CompareAndDelete(ctx, k, old)
}

// TestLeaseStoreFailureFailsClosed: an unavailable store never lets an
// event through unclaimed, and never acknowledges one it could not record.
func TestLeaseStoreFailureFailsClosed(t *testing.T) {
	ev := leaseEvent{ID: "evt-1"}
	for _, op := range []string{"setnx", "get"} {
		t.Run("claim "+op, func(t *testing.T) {
			mem := rxbridge.NewMemoryStore()
			fs := &failingLeaseStore{Store: mem, fail: map[string]bool{op: true}}
			if op == "get" { // Get is reached only when the claim finds a value
				_, err := mem.SetNX(context.Background(), rxbridge.StoreKey{Namespace: "webhook.test", ID: ev.ID}, []byte("lease:other"), time.Minute)
				require.NoError(t, err)
			}
			var runs atomic.Int32
			h := instances(t, 1, Leases{Store: fs, Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
				runs.Add(1)
				return nil
			})[0]
			err := h(context.Background(), ev)
			require.ErrorIs(t, err, ErrDedupUnavailable)
			require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable)
			requireStatus(t, err, http.StatusServiceUnavailable)
			require.Zero(t, runs.Load(), "handler ran without a claim")
		})
	}

	t.Run("done marker", func(t *testing.T) {
		fs := &failingLeaseStore{Store: rxbridge.NewMemoryStore(), fail: map[string]bool{"set": true}}
		var runs atomic.Int32
		h := instances(t, 1, Leases{Store: fs, Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
			runs.Add(1)
			return nil
		})[0]
		err := h(context.Background(), ev)
		require.ErrorIs(t, err, ErrDedupUnavailable)
		requireStatus(t, err, http.StatusServiceUnavailable)
		require.Equal(t, int32(1), runs.Load())
		// The lease stays until it ends: the retry waits, it is not acknowledged.
		require.ErrorIs(t, h(context.Background(), ev), ErrInProgress)
	})

	t.Run("release", func(t *testing.T) {
		fs := &failingLeaseStore{Store: rxbridge.NewMemoryStore(), fail: map[string]bool{"compare-and-delete": true}}
		boom := errors.New("handler failed")
		h := instances(t, 1, Leases{Store: fs, Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
			return boom
		})[0]
		err := h(context.Background(), ev)
		require.ErrorIs(t, err, boom)
		require.ErrorIs(t, err, ErrDedupUnavailable, "a failed release is reported, not swallowed")
	})
}

// TestLeaseRedisStoppedAndRestarted: with Redis down, deliveries fail with
// 503 and the handler does not run; once Redis is back, the retry is
// processed. No event is lost.
func TestLeaseRedisStoppedAndRestarted(t *testing.T) {
	srv := redistest.Start(t)
	var runs atomic.Int32
	h := instances(t, 1, Leases{Store: redisStore(t, srv.Addr()), Namespace: "webhook.test"}, func(context.Context, leaseEvent) error {
		runs.Add(1)
		return nil
	})[0]
	srv.Stop()
	err := h(context.Background(), leaseEvent{ID: "evt-1"})
	require.ErrorIs(t, err, ErrDedupUnavailable)
	requireStatus(t, err, http.StatusServiceUnavailable)
	require.Zero(t, runs.Load())
	srv.Restart()
	require.NoError(t, h(context.Background(), leaseEvent{ID: "evt-1"}))
	require.Equal(t, int32(1), runs.Load())
}

// TestLeaseDedupThroughReceiver: a Receiver answers 503 to a delivery
// whose event is in progress elsewhere, and 200 once it is done.
func TestLeaseDedupThroughReceiver(t *testing.T) {
	s := rxbridge.NewMemoryStore()
	entered, finish := make(chan struct{}), make(chan struct{})
	var runs atomic.Int32
	handle, err := LeaseDedup(Leases{Store: s, Namespace: "webhook.test"}, leaseEventID, func(context.Context, leaseEvent) error {
		if runs.Add(1) == 1 {
			close(entered)
			<-finish
		}
		return nil
	})
	require.NoError(t, err)
	rc := &Receiver[leaseEvent]{
		Provider: "test",
		Parse: func(_ context.Context, _ http.Header, body []byte) (leaseEvent, error) {
			return leaseEvent{ID: string(body)}, nil
		},
		Handle: handle,
	}
	post := func() int {
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/", strings.NewReader("evt-1")))
		return w.Code
	}
	first := make(chan int, 1)
	go func() { first <- post() }()
	select {
	case <-entered:
	case code := <-first:
		t.Fatalf("answered %d without running the handler", code)
	}
	require.Equal(t, http.StatusServiceUnavailable, post())
	close(finish)
	require.Equal(t, http.StatusOK, <-first)
	require.Equal(t, http.StatusOK, post())
	require.Equal(t, int32(1), runs.Load())
}

func TestLeaseDedupConfig(t *testing.T) {
	_, err := LeaseDedup(Leases{}, leaseEventID, func(context.Context, leaseEvent) error { return nil })
	require.ErrorIs(t, err, rxbridge.ErrStoreInvalid, "a namespace is required")

	// Events without an id are always processed; the nil Store defaults to
	// one in process.
	var runs atomic.Int32
	h, err := LeaseDedup(Leases{Namespace: "webhook.test"}, leaseEventID, func(context.Context, leaseEvent) error {
		runs.Add(1)
		return nil
	})
	require.NoError(t, err)
	require.NoError(t, h(context.Background(), leaseEvent{}))
	require.NoError(t, h(context.Background(), leaseEvent{}))
	require.NoError(t, h(context.Background(), leaseEvent{ID: "x"}))
	require.NoError(t, h(context.Background(), leaseEvent{ID: "x"}))
	require.Equal(t, int32(3), runs.Load())
}

// TestClaimUse: a one-time token is a lease while its delivery runs
// (another delivery with it: ErrInProgress, 503), a used marker until the
// token expires once acknowledged (ErrUsed), given back when not; a lease
// left by a dead instance ends after Lease (miniredis: time must move);
// store failures are reported, never swallowed.
func TestClaimUse(t *testing.T) {
	m := miniredis.RunT(t)
	l := Leases{Store: redisStore(t, m.Addr()), Namespace: "webhook.test.token", Lease: 10 * time.Second}
	ctx := context.Background()
	now := time.Now()
	until := now.Add(5 * time.Minute)

	done, err := l.ClaimUse(ctx, "tok-1", until, now)
	require.NoError(t, err)
	_, err = l.ClaimUse(ctx, "tok-1", until, now)
	require.ErrorIs(t, err, ErrInProgress)
	requireStatus(t, err, http.StatusServiceUnavailable)
	require.NoError(t, done(ctx, true))
	_, err = l.ClaimUse(ctx, "tok-1", until, now)
	require.ErrorIs(t, err, ErrUsed)
	require.InDelta(t, 5*time.Minute, m.TTL(m.Keys()[0]), float64(time.Second), "remembered until the token expires")

	// Not acknowledged: given back.
	done, err = l.ClaimUse(ctx, "tok-2", until, now)
	require.NoError(t, err)
	require.NoError(t, done(ctx, false))
	done, err = l.ClaimUse(ctx, "tok-2", until, now)
	require.NoError(t, err, "a token given back is accepted again")

	// The instance holding tok-2 dies: its lease ends after Lease.
	_ = done
	_, err = l.ClaimUse(ctx, "tok-2", until, now)
	require.ErrorIs(t, err, ErrInProgress)
	m.FastForward(10 * time.Second)
	_, err = l.ClaimUse(ctx, "tok-2", until, now)
	require.NoError(t, err, "the dead holder's lease ended")

	// A lease never outlives the token.
	_, err = l.ClaimUse(ctx, "tok-3", now.Add(2*time.Second), now)
	require.NoError(t, err)
	m.FastForward(2 * time.Second)
	_, err = l.ClaimUse(ctx, "tok-3", now.Add(2*time.Second), now)
	require.NoError(t, err)

	// Store failures: the claim, the used marker and the release.
	for op, stage := range map[string]string{"setnx": "claim", "set": "used", "compare-and-delete": "release"} {
		fs := &failingLeaseStore{Store: rxbridge.NewMemoryStore(), fail: map[string]bool{op: true}}
		fl := Leases{Store: fs, Namespace: "webhook.test.token"}
		done, err := fl.ClaimUse(ctx, "tok", until, now)
		if stage == "claim" {
			require.ErrorIs(t, err, ErrDedupUnavailable)
			requireStatus(t, err, http.StatusServiceUnavailable)
			continue
		}
		require.NoError(t, err)
		err = done(ctx, stage == "used")
		require.ErrorIs(t, err, ErrDedupUnavailable, stage)
		require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable, stage)
	}
}
