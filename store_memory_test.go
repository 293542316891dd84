package rxbridge_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/storetest"
)

// fakeClock is a clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func newClock() *fakeClock { return &fakeClock{t: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)} }

func TestMemoryStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (rxbridge.Store, func(time.Duration)) {
		c := newClock()
		return rxbridge.NewMemoryStoreClock(c.Now), c.Advance
	})
}

// TestMemoryStoreRealClock runs the store on the real clock: a value with
// a lifetime of an hour is there, and the default constructor works.
func TestMemoryStoreRealClock(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := rxbridge.NewMemoryStore()
	k := rxbridge.StoreKey{Namespace: "test", ID: "x"}
	require.NoError(t, s.Set(context.Background(), k, []byte("v"), time.Hour))
	v, ok, err := s.Get(context.Background(), k)
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "v", string(v))
}

// TestMemoryStorePurgesExpired: expired entries nobody reads again do not
// accumulate; the writes that follow sweep them.
func TestMemoryStorePurgesExpired(t *testing.T) {
	c := newClock()
	s := rxbridge.NewMemoryStoreClock(c.Now)
	ctx := context.Background()
	const n = 10000
	for i := range n {
		require.NoError(t, s.Set(ctx, rxbridge.StoreKey{Namespace: "old", ID: fmt.Sprint(i)}, []byte("v"), time.Minute))
	}
	require.Equal(t, n, s.Len())
	c.Advance(2 * time.Minute)
	for i := range n {
		_, err := s.SetNX(ctx, rxbridge.StoreKey{Namespace: "new", ID: fmt.Sprint(i)}, []byte("v"), time.Hour)
		require.NoError(t, err)
	}
	require.Less(t, s.Len(), n+n/10, "expired entries were not swept")
}

// TestMemoryStoreGetRemovesExpired: reading an expired value removes it.
func TestMemoryStoreGetRemovesExpired(t *testing.T) {
	c := newClock()
	s := rxbridge.NewMemoryStoreClock(c.Now)
	k := rxbridge.StoreKey{Namespace: "test", ID: "x"}
	require.NoError(t, s.Set(context.Background(), k, []byte("v"), time.Second))
	c.Advance(time.Second)
	_, ok, err := s.Get(context.Background(), k)
	require.NoError(t, err)
	require.False(t, ok, "visible at the end of its lifetime")
	require.Equal(t, 0, s.Len())
}

func TestStoreErrorMatchesUnavailable(t *testing.T) {
	cause := errors.New("dial tcp 127.0.0.1:1: connection refused")
	err := error(&rxbridge.StoreError{Op: "get", Err: cause})
	require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable)
	require.ErrorIs(t, err, cause)
	require.NotErrorIs(t, err, rxbridge.ErrStoreInvalid)
	require.Equal(t, "rxbridge: store unavailable: get: dial tcp 127.0.0.1:1: connection refused", err.Error())
	var se *rxbridge.StoreError
	require.ErrorAs(t, fmt.Errorf("wrapped: %w", err), &se)
	require.Equal(t, "get", se.Op)
}

func TestStoreKeyValidate(t *testing.T) {
	for _, ns := range []string{"mhv.session", "webhook/care-validate_1", strings.Repeat("a", 64)} {
		require.NoError(t, rxbridge.StoreKey{Namespace: ns, ID: "any: id é"}.Validate(), ns)
	}
	for _, ns := range []string{"", "a:b", "a b", "a\x00", strings.Repeat("a", 65)} {
		require.ErrorIs(t, rxbridge.StoreKey{Namespace: ns}.Validate(), rxbridge.ErrStoreInvalid, ns)
	}
}
