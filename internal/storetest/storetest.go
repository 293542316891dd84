// Package storetest is the conformance suite every rxbridge.Store
// implementation passes: the same semantics (misses, lifetimes, set-if-absent
// under contention, compare-and-delete, copies, invalid calls, done
// contexts) asserted against each.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Factory returns a fresh, empty store for one subtest, and a function that
// moves the store's clock forward by d (expiring what must expire).
type Factory func(t *testing.T) (store rxbridge.Store, advance func(d time.Duration))

// Run runs the suite, each case on its own store from f.
func Run(t *testing.T, f Factory) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, advance := f(t)
			c.run(t, s, advance)
		})
	}
}

var ctx = context.Background()

var (
	keyA = rxbridge.StoreKey{Namespace: "test.a", ID: "id-1"}
	keyB = rxbridge.StoreKey{Namespace: "test.a", ID: "id-2"}
	keyC = rxbridge.StoreKey{Namespace: "test.c", ID: "id-1"}
)

func get(t *testing.T, s rxbridge.Store, k rxbridge.StoreKey) ([]byte, bool) {
	t.Helper()
	v, ok, err := s.Get(ctx, k)
	require.NoError(t, err)
	if !ok {
		assert.Nil(t, v, "a miss returns a nil value")
	}
	return v, ok
}

func set(t *testing.T, s rxbridge.Store, k rxbridge.StoreKey, v string, ttl time.Duration) {
	t.Helper()
	require.NoError(t, s.Set(ctx, k, []byte(v), ttl))
}

func requireValue(t *testing.T, s rxbridge.Store, k rxbridge.StoreKey, want string) {
	t.Helper()
	v, ok := get(t, s, k)
	require.True(t, ok, "value missing")
	require.Equal(t, want, string(v))
}

func requireMiss(t *testing.T, s rxbridge.Store, k rxbridge.StoreKey) {
	t.Helper()
	_, ok := get(t, s, k)
	require.False(t, ok, "value present")
}

type testCase struct {
	name string
	run  func(t *testing.T, s rxbridge.Store, advance func(time.Duration))
}

var cases = []testCase{
	{"GetMissIsNotAnError", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		v, ok, err := s.Get(ctx, keyA)
		require.NoError(t, err)
		assert.False(t, ok)
		assert.Nil(t, v)
	}},
	{"SetThenGet", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		set(t, s, keyA, "value-a", time.Hour)
		requireValue(t, s, keyA, "value-a")
	}},
	{"KeysAreDistinctByNamespaceAndID", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		empty := rxbridge.StoreKey{Namespace: "test.a"}
		set(t, s, keyA, "a", time.Hour)
		set(t, s, keyB, "b", time.Hour)
		set(t, s, keyC, "c", time.Hour)
		set(t, s, empty, "empty-id", time.Hour)
		requireValue(t, s, keyA, "a")
		requireValue(t, s, keyB, "b")
		requireValue(t, s, keyC, "c")
		requireValue(t, s, empty, "empty-id")
	}},
	{"ValuesAreCopiedInAndOut", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		in := []byte("original")
		require.NoError(t, s.Set(ctx, keyA, in, time.Hour))
		copy(in, "XXXXXXXX")
		out, ok := get(t, s, keyA)
		require.True(t, ok)
		require.Equal(t, "original", string(out))
		copy(out, "YYYYYYYY")
		requireValue(t, s, keyA, "original")
	}},
	{"EmptyAndBinaryValues", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		require.NoError(t, s.Set(ctx, keyA, nil, time.Hour))
		v, ok := get(t, s, keyA)
		require.True(t, ok, "an empty value is a value, not a miss")
		require.NotNil(t, v)
		require.Empty(t, v)

		all := make([]byte, 256)
		for i := range all {
			all[i] = byte(i)
		}
		require.NoError(t, s.Set(ctx, keyB, all, time.Hour))
		v, ok = get(t, s, keyB)
		require.True(t, ok)
		require.True(t, bytes.Equal(all, v))
	}},
	{"ValueExpiresAfterItsLifetime", func(t *testing.T, s rxbridge.Store, advance func(time.Duration)) {
		set(t, s, keyA, "a", time.Hour)
		advance(59 * time.Minute)
		requireValue(t, s, keyA, "a")
		advance(2 * time.Minute)
		requireMiss(t, s, keyA)
	}},
	{"SetReplacesValueAndLifetime", func(t *testing.T, s rxbridge.Store, advance func(time.Duration)) {
		set(t, s, keyA, "first", time.Hour)
		advance(30 * time.Minute)
		set(t, s, keyA, "second", 2*time.Hour)
		advance(time.Hour) // past the first lifetime
		requireValue(t, s, keyA, "second")
		advance(61 * time.Minute)
		requireMiss(t, s, keyA)
	}},
	{"SetNXOnlyWhenAbsent", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		ok, err := s.SetNX(ctx, keyA, []byte("first"), time.Hour)
		require.NoError(t, err)
		require.True(t, ok)
		ok, err = s.SetNX(ctx, keyA, []byte("second"), time.Hour)
		require.NoError(t, err)
		require.False(t, ok)
		requireValue(t, s, keyA, "first")
	}},
	{"SetNXAfterExpiry", func(t *testing.T, s rxbridge.Store, advance func(time.Duration)) {
		ok, err := s.SetNX(ctx, keyA, []byte("lease-1"), time.Minute)
		require.NoError(t, err)
		require.True(t, ok)
		advance(59 * time.Second)
		ok, err = s.SetNX(ctx, keyA, []byte("lease-2"), time.Minute)
		require.NoError(t, err)
		require.False(t, ok, "lease still held")
		advance(2 * time.Second)
		ok, err = s.SetNX(ctx, keyA, []byte("lease-2"), time.Minute)
		require.NoError(t, err)
		require.True(t, ok, "lease ended")
		requireValue(t, s, keyA, "lease-2")
	}},
	{"SetNXExactlyOneWinner", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		const n = 32
		var wg sync.WaitGroup
		start := make(chan struct{})
		won := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				won[i], errs[i] = s.SetNX(ctx, keyA, fmt.Appendf(nil, "owner-%d", i), time.Hour)
			}()
		}
		close(start)
		wg.Wait()
		winner := -1
		for i := range n {
			require.NoError(t, errs[i])
			if won[i] {
				require.Equal(t, -1, winner, "two winners")
				winner = i
			}
		}
		require.NotEqual(t, -1, winner, "no winner")
		requireValue(t, s, keyA, fmt.Sprintf("owner-%d", winner))
	}},
	{"CompareAndDelete", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		ok, err := s.CompareAndDelete(ctx, keyA, []byte("x"))
		require.NoError(t, err)
		require.False(t, ok, "nothing to delete")

		set(t, s, keyA, "mine", time.Hour)
		for _, other := range []string{"theirs", "min", "mine2", ""} {
			ok, err = s.CompareAndDelete(ctx, keyA, []byte(other))
			require.NoError(t, err)
			require.False(t, ok, "deleted with %q", other)
			requireValue(t, s, keyA, "mine")
		}
		ok, err = s.CompareAndDelete(ctx, keyA, []byte("mine"))
		require.NoError(t, err)
		require.True(t, ok)
		requireMiss(t, s, keyA)
		ok, err = s.SetNX(ctx, keyA, []byte("next"), time.Hour)
		require.NoError(t, err)
		require.True(t, ok, "deleted key is absent for SetNX")
	}},
	{"CompareAndDeleteEmptyValue", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		require.NoError(t, s.Set(ctx, keyA, []byte{}, time.Hour))
		ok, err := s.CompareAndDelete(ctx, keyA, nil)
		require.NoError(t, err)
		require.True(t, ok)
		requireMiss(t, s, keyA)
	}},
	{"CompareAndDeleteExpired", func(t *testing.T, s rxbridge.Store, advance func(time.Duration)) {
		set(t, s, keyA, "mine", time.Minute)
		advance(2 * time.Minute)
		ok, err := s.CompareAndDelete(ctx, keyA, []byte("mine"))
		require.NoError(t, err)
		require.False(t, ok, "an expired value is not there to delete")
	}},
	{"CompareAndDeleteLeavesOtherKeys", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		set(t, s, keyA, "same", time.Hour)
		set(t, s, keyB, "same", time.Hour)
		set(t, s, keyC, "same", time.Hour)
		ok, err := s.CompareAndDelete(ctx, keyA, []byte("same"))
		require.NoError(t, err)
		require.True(t, ok)
		requireMiss(t, s, keyA)
		requireValue(t, s, keyB, "same")
		requireValue(t, s, keyC, "same")
	}},
	{"CompareAndDeleteOnlyOneOwnerWins", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		set(t, s, keyA, "lock", time.Hour)
		const n = 16
		var wg sync.WaitGroup
		start := make(chan struct{})
		deleted := make([]bool, n)
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				deleted[i], errs[i] = s.CompareAndDelete(ctx, keyA, []byte("lock"))
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for i := range n {
			require.NoError(t, errs[i])
			if deleted[i] {
				wins++
			}
		}
		require.Equal(t, 1, wins)
	}},
	{"InvalidCalls", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		for _, ns := range []string{"", "has space", "colon:inside", "é", string(make([]byte, 65))} {
			bad := rxbridge.StoreKey{Namespace: ns, ID: "secret-id-1234"}
			_, _, err := s.Get(ctx, bad)
			requireInvalid(t, err)
			requireInvalid(t, s.Set(ctx, bad, []byte("v"), time.Hour))
			_, err = s.SetNX(ctx, bad, []byte("v"), time.Hour)
			requireInvalid(t, err)
			_, err = s.CompareAndDelete(ctx, bad, []byte("v"))
			requireInvalid(t, err)
		}
		for _, ttl := range []time.Duration{0, -time.Second} {
			requireInvalid(t, s.Set(ctx, keyA, []byte("v"), ttl))
			_, err := s.SetNX(ctx, keyA, []byte("v"), ttl)
			requireInvalid(t, err)
		}
		requireMiss(t, s, keyA)
	}},
	{"TinyLifetimeIsAccepted", func(t *testing.T, s rxbridge.Store, advance func(time.Duration)) {
		require.NoError(t, s.Set(ctx, keyA, []byte("v"), time.Microsecond))
		ok, err := s.SetNX(ctx, keyB, []byte("v"), time.Nanosecond)
		require.NoError(t, err)
		require.True(t, ok)
		advance(time.Second)
		requireMiss(t, s, keyA)
		requireMiss(t, s, keyB)
	}},
	{"DoneContext", func(t *testing.T, s rxbridge.Store, _ func(time.Duration)) {
		set(t, s, keyA, "v", time.Hour)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, _, errGet := s.Get(cctx, keyA)
		errSet := s.Set(cctx, keyB, []byte("v"), time.Hour)
		_, errSetNX := s.SetNX(cctx, keyB, []byte("v"), time.Hour)
		_, errCAD := s.CompareAndDelete(cctx, keyA, []byte("v"))
		for _, err := range []error{errGet, errSet, errSetNX, errCAD} {
			require.ErrorIs(t, err, context.Canceled)
			require.False(t, errors.Is(err, rxbridge.ErrStoreUnavailable), "a done context is not an outage")
		}
		requireValue(t, s, keyA, "v")
	}},
}

func requireInvalid(t *testing.T, err error) {
	t.Helper()
	require.ErrorIs(t, err, rxbridge.ErrStoreInvalid)
	require.NotErrorIs(t, err, rxbridge.ErrStoreUnavailable)
	require.NotContains(t, err.Error(), "secret-id-1234")
}
