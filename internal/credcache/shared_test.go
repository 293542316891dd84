package credcache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// countingStore counts the operations that reach a store, and can fail
// them.
type countingStore struct {
	rxbridge.Store
	gets, sets, setnxs, cads atomic.Int32
	// fail, when set, fails the operations it names ("get", "set",
	// "setnx", "compare-and-delete") with a StoreError.
	mu   sync.Mutex
	fail map[string]bool
}

func newCounting() *countingStore { return &countingStore{Store: rxbridge.NewMemoryStore()} }

func (s *countingStore) failing(ops ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fail = map[string]bool{}
	for _, op := range ops {
		s.fail[op] = true
	}
}

func (s *countingStore) err(op string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail[op] {
		return &rxbridge.StoreError{Op: op, Err: errors.New("dial tcp 127.0.0.1:1: connect: connection refused")}
	}
	return nil
}

func (s *countingStore) total() int32 {
	return s.gets.Load() + s.sets.Load() + s.setnxs.Load() + s.cads.Load()
}

func (s *countingStore) Get(ctx context.Context, k rxbridge.StoreKey) ([]byte, bool, error) {
	s.gets.Add(1)
	if err := s.err("get"); err != nil {
		return nil, false, err
	}
	return s.Store.Get(ctx, k)
}

func (s *countingStore) Set(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) error {
	s.sets.Add(1)
	if err := s.err("set"); err != nil {
		return err
	}
	return s.Store.Set(ctx, k, v, ttl)
}

func (s *countingStore) SetNX(ctx context.Context, k rxbridge.StoreKey, v []byte, ttl time.Duration) (bool, error) {
	s.setnxs.Add(1)
	if err := s.err("setnx"); err != nil {
		return false, err
	}
	return s.Store.SetNX(ctx, k, v, ttl)
}

func (s *countingStore) CompareAndDelete(ctx context.Context, k rxbridge.StoreKey, old []byte) (bool, error) {
	s.cads.Add(1)
	if err := s.err("compare-and-delete"); err != nil {
		return false, err
	}
	return s.Store.CompareAndDelete(ctx, k, old)
}

// fleet is n caches sharing store, whose fetches return "v1", "v2", ...
// (numbered across the fleet) after gate, when set, is closed.
type fleet struct {
	caches  []*Cache[string]
	fetches atomic.Int32
	gate    chan struct{}
}

func newFleet(n int, store rxbridge.Store, gate chan struct{}, logger *slog.Logger) *fleet {
	f := &fleet{gate: gate}
	for range n {
		f.caches = append(f.caches, New(Config[string]{
			Store: store, Namespace: "test.session", Logger: logger,
			Provider: "test", Kind: "session",
			Fetch: func(ctx context.Context, key string) (string, time.Time, error) {
				n := f.fetches.Add(1)
				if f.gate != nil {
					select {
					case <-f.gate:
					case <-ctx.Done():
						return "", time.Time{}, ctx.Err()
					}
				}
				return fmt.Sprintf("v%d-%s", n, key), time.Now().Add(time.Hour), nil
			},
		}))
	}
	return f
}

func TestFleetCreatesEachCredentialOnce(t *testing.T) {
	store := newCounting()
	gate := make(chan struct{})
	f := newFleet(8, store, gate, nil)
	var wg sync.WaitGroup
	got := make(chan string, 8*50*3)
	for _, c := range f.caches {
		for i := range 50 * 3 {
			wg.Go(func() {
				v, err := c.Get(context.Background(), fmt.Sprint("vet-", i%3))
				assert.NoError(t, err)
				got <- v
			})
		}
	}
	// Every cache is in its flights (and all but the lock holders wait
	// for the lock) before the creations may finish.
	require.Eventually(t, func() bool { return store.setnxs.Load() >= 8*3 }, 10*time.Second, time.Millisecond)
	close(gate)
	wg.Wait()
	close(got)
	seen := map[string]bool{}
	for v := range got {
		seen[v] = true
	}
	assert.Equal(t, int32(3), f.fetches.Load(), "one creation per key for the whole fleet")
	assert.Len(t, seen, 3, "every instance uses the creator's credential")
	var created int64
	for _, c := range f.caches {
		created += c.Fetches()
	}
	assert.Equal(t, int64(3), created)
}

func TestWarmCallsDoNotReachTheStore(t *testing.T) {
	store := newCounting()
	f := newFleet(2, store, nil, nil)
	a, b := f.caches[0], f.caches[1]
	_, err := a.Get(context.Background(), "k")
	require.NoError(t, err)
	_, err = b.Get(context.Background(), "k")
	require.NoError(t, err)
	before := store.total()
	for range 100 {
		_, err := a.Get(context.Background(), "k")
		require.NoError(t, err)
		_, err = b.Get(context.Background(), "k")
		require.NoError(t, err)
	}
	assert.Equal(t, before, store.total(), "warm calls make no store round trip")
	assert.Equal(t, int32(1), f.fetches.Load())
	assert.Zero(t, b.Fetches(), "b took a's credential from the store")
}

func TestRejectedCredentialIsReplacedOnceFleetWide(t *testing.T) {
	store := newCounting()
	f := newFleet(8, store, nil, nil)
	ctx := context.Background()
	for _, c := range f.caches {
		v, err := c.Get(ctx, "k")
		require.NoError(t, err)
		require.Equal(t, "v1-k", v)
	}
	// The upstream rejects v1: every instance finds out, in any order.
	var wg sync.WaitGroup
	for _, c := range f.caches {
		wg.Go(func() {
			c.Invalidate("k", "v1-k")
			v, err := c.Get(ctx, "k")
			assert.NoError(t, err)
			assert.Equal(t, "v2-k", v)
		})
	}
	wg.Wait()
	assert.Equal(t, int32(2), f.fetches.Load(), "replaced once for the fleet")

	// A late rejection of v1 on an instance that already holds v2 drops
	// nothing, here or in the store.
	f.caches[3].Invalidate("k", "v1-k")
	late := New(Config[string]{Store: store, Namespace: "test.session", Fetch: func(context.Context, string) (string, time.Time, error) {
		return "", time.Time{}, errors.New("must not fetch")
	}})
	v, err := late.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v2-k", v)
}

func TestInvalidateKeepsANewerStoredCredential(t *testing.T) {
	store := newCounting()
	f := newFleet(2, store, nil, nil)
	a, b := f.caches[0], f.caches[1]
	ctx := context.Background()
	_, _ = a.Get(ctx, "k")
	_, _ = b.Get(ctx, "k")
	b.Invalidate("k", "v1-k")
	v, err := b.Get(ctx, "k")
	require.NoError(t, err)
	require.Equal(t, "v2-k", v)
	// a's rejection of v1 comes late: the store keeps v2, which a takes
	// without creating another.
	a.Invalidate("k", "v1-k")
	v, err = a.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "v2-k", v)
	assert.Equal(t, int32(2), f.fetches.Load())
}

func TestNearExpiryTakesTheFleetsNewerCredential(t *testing.T) {
	clk := &clock{t: time.Now()}
	store := rxbridge.NewMemoryStore()
	var n atomic.Int32
	mk := func() *Cache[string] {
		return New(Config[string]{Store: store, Namespace: "test.token", Now: clk.Now, Early: time.Minute,
			Fetch: func(context.Context, string) (string, time.Time, error) {
				return fmt.Sprint("t", n.Add(1)), clk.Now().Add(10 * time.Minute), nil
			}})
	}
	a, b := mk(), mk()
	ctx := context.Background()
	v, _ := a.Get(ctx, "")
	require.Equal(t, "t1", v)
	v, _ = b.Get(ctx, "")
	require.Equal(t, "t1", v)
	clk.Add(9*time.Minute + 30*time.Second) // within Early of t1's expiry
	v, _ = a.Get(ctx, "")
	assert.Equal(t, "t2", v, "a refreshes t1 under the lock")
	v, _ = b.Get(ctx, "")
	assert.Equal(t, "t2", v, "b takes a's refreshed token")
	assert.Equal(t, int32(2), n.Load())
}

func TestAWaiterTakesOverFromAGoneLockHolder(t *testing.T) {
	store := newCounting()
	ctx := context.Background()
	// An instance took the lock and died.
	ok, err := store.SetNX(ctx, rxbridge.StoreKey{Namespace: "test.session.lock", ID: "k"}, []byte("other"), time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	var fetches atomic.Int32
	c := New(Config[string]{Store: store, Namespace: "test.session", LockWait: 50 * time.Millisecond,
		Fetch: func(context.Context, string) (string, time.Time, error) {
			fetches.Add(1)
			return "mine", time.Now().Add(time.Hour), nil
		}})
	v, err := c.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "mine", v, "after LockWait the waiter creates it itself")
	assert.Equal(t, int32(1), fetches.Load())
	assert.Greater(t, store.gets.Load(), int32(2), "it polled the store while waiting")
	raw, ok, err := store.Get(ctx, rxbridge.StoreKey{Namespace: "test.session", ID: "k"})
	require.NoError(t, err)
	require.True(t, ok, "and shares what it created")
	e, err := decode[string](raw)
	require.NoError(t, err)
	assert.Equal(t, "mine", e.v)
}

func TestALockReleasedWithoutACredentialIsTakenOver(t *testing.T) {
	store := newCounting()
	ctx := context.Background()
	lk := rxbridge.StoreKey{Namespace: "test.session.lock", ID: "k"}
	ok, err := store.SetNX(ctx, lk, []byte("other"), time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	c := New(Config[string]{Store: store, Namespace: "test.session", LockWait: time.Hour,
		Fetch: func(context.Context, string) (string, time.Time, error) {
			return "mine", time.Now().Add(time.Hour), nil
		}})
	done := make(chan string, 1)
	go func() { v, _ := c.Get(ctx, "k"); done <- v }()
	// The holder failed and released its lock: the waiter takes it.
	require.Eventually(t, func() bool { return store.gets.Load() >= 2 }, 10*time.Second, time.Millisecond)
	_, err = store.CompareAndDelete(ctx, lk, []byte("other"))
	require.NoError(t, err)
	assert.Equal(t, "mine", <-done)
	_, held, err := store.Get(ctx, lk)
	require.NoError(t, err)
	assert.False(t, held, "the waiter released the lock it took")
}

func TestAnUndecodableStoredValueIsReplaced(t *testing.T) {
	store := rxbridge.NewMemoryStore()
	ctx := context.Background()
	require.NoError(t, store.Set(ctx, rxbridge.StoreKey{Namespace: "test.session", ID: "k"}, []byte("not json"), time.Hour))
	var buf bytes.Buffer
	c := New(Config[string]{Store: store, Namespace: "test.session", Logger: slog.New(slog.NewTextHandler(&buf, nil)),
		Fetch: func(context.Context, string) (string, time.Time, error) {
			return "fresh", time.Now().Add(time.Hour), nil
		}})
	v, err := c.Get(ctx, "k")
	require.NoError(t, err)
	assert.Equal(t, "fresh", v)
	assert.Contains(t, buf.String(), "cannot be decoded")
	raw, _, _ := store.Get(ctx, rxbridge.StoreKey{Namespace: "test.session", ID: "k"})
	e, err := decode[string](raw)
	require.NoError(t, err)
	assert.Equal(t, "fresh", e.v)
}

// syncBuffer is a log destination shared by goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
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

func TestStoreFailuresDegradeToThisProcessAndAreLogged(t *testing.T) {
	const secretKey = "correlation-7614-SECRET"
	ctx := context.Background()
	for _, op := range []string{"get", "setnx", "set"} {
		t.Run(op, func(t *testing.T) {
			store := newCounting()
			store.failing(op)
			var logs syncBuffer
			gate := make(chan struct{})
			f := newFleet(1, store, gate, slog.New(slog.NewTextHandler(&logs, nil)))
			c := f.caches[0]
			var wg sync.WaitGroup
			for range 200 {
				wg.Go(func() {
					v, err := c.Get(ctx, secretKey)
					assert.NoError(t, err, "a failing store does not fail the call")
					assert.Equal(t, "v1-"+secretKey, v)
				})
			}
			require.Eventually(t, func() bool { return f.fetches.Load() == 1 }, 10*time.Second, time.Millisecond)
			close(gate)
			wg.Wait()
			assert.Equal(t, int32(1), f.fetches.Load(), "still one fetch in this process")
			out := logs.String()
			assert.Contains(t, out, "level=WARN")
			assert.Contains(t, out, "store_op="+op)
			assert.Contains(t, out, "connection refused", "the store's error is in the record")
			assert.NotContains(t, out, secretKey, "no key in the record")
			assert.NotContains(t, out, "v1-", "no credential in the record")

			// The credential is held in memory: the next calls work
			// without the store, and the store is tried again on the next
			// miss.
			store.failing()
			before := store.total()
			_, err := c.Get(ctx, secretKey)
			require.NoError(t, err)
			assert.Equal(t, before, store.total())
		})
	}

	t.Run("compare-and-delete", func(t *testing.T) {
		store := newCounting()
		var logs syncBuffer
		f := newFleet(1, store, nil, slog.New(slog.NewTextHandler(&logs, nil)))
		c := f.caches[0]
		_, err := c.Get(ctx, secretKey)
		require.NoError(t, err)
		store.failing("compare-and-delete")
		c.Invalidate(secretKey, "v1-"+secretKey)
		assert.Contains(t, logs.String(), "store_op=compare-and-delete")
		assert.Contains(t, logs.String(), "rejected credential not removed")
		// The store still holds v1, which is not taken back; v2 is
		// created under the lock, which cannot be released: logged, and
		// the lock ends with its lifetime.
		v, err := c.Get(ctx, secretKey)
		require.NoError(t, err)
		assert.Equal(t, "v2-"+secretKey, v)
		assert.Contains(t, logs.String(), "creation lock not released")
		assert.NotContains(t, logs.String(), secretKey)
		store.failing()
		raw, _, err := store.Get(ctx, rxbridge.StoreKey{Namespace: "test.session", ID: secretKey})
		require.NoError(t, err)
		e, err := decode[string](raw)
		require.NoError(t, err)
		assert.Equal(t, "v2-"+secretKey, e.v, "v2 replaced the rejected v1 in the store")
	})

	t.Run("other errors are named by their class", func(t *testing.T) {
		var logs syncBuffer
		store := &quotingStore{}
		c := New(Config[string]{Store: store, Namespace: "test.session", Logger: slog.New(slog.NewTextHandler(&logs, nil)),
			Fetch: func(context.Context, string) (string, time.Time, error) { return "tok", time.Now().Add(time.Hour), nil }})
		v, err := c.Get(ctx, secretKey)
		require.NoError(t, err)
		assert.Equal(t, "tok", v)
		assert.Contains(t, logs.String(), "store_op=get")
		assert.NotContains(t, logs.String(), secretKey, "a third-party store's message is not logged")
	})
}

// quotingStore is a third-party store whose errors quote the key.
type quotingStore struct{ rxbridge.MemoryStore }

func (*quotingStore) Get(_ context.Context, k rxbridge.StoreKey) ([]byte, bool, error) {
	return nil, false, fmt.Errorf("cannot read %s", k.ID)
}
