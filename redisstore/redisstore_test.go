package redisstore_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/redistest"
	"github.com/rxbridge/rxbridge-go/internal/storetest"
	"github.com/rxbridge/rxbridge-go/redisstore"
)

var (
	hashKey = bytes.Repeat([]byte{0x11}, 32)
	encKey1 = bytes.Repeat([]byte{0x21}, 32)
	encKey2 = bytes.Repeat([]byte{0x22}, 32)

	ctx = context.Background()
)

func keys() redisstore.Keys { return redisstore.Keys{Hash: hashKey, Encryption: encKey1} }

// newClient is a client that gives up fast when the server is down.
func newClient(t *testing.T, addr string) *redis.Client {
	c := redis.NewClient(&redis.Options{Addr: addr, DisableIdentity: true, MaxRetries: -1, DialerRetries: 1})
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func newStore(t *testing.T, c redis.UniversalClient, k redisstore.Keys, opts ...redisstore.Option) *redisstore.Store {
	s, err := redisstore.New(c, k, opts...)
	require.NoError(t, err)
	return s
}

// advanceServer moves a real server's clock for the keys under prefix, as
// far as expiry goes: each key's remaining lifetime shrinks by d, and keys
// whose lifetime ends are deleted. Real time passing meanwhile (well under
// the minutes the suite leaves as margin) does not change the outcome.
func advanceServer(t *testing.T, c *redis.Client, prefix string) func(time.Duration) {
	return func(d time.Duration) {
		names, err := c.Keys(ctx, prefix+"*").Result()
		require.NoError(t, err)
		for _, n := range names {
			left, err := c.PTTL(ctx, n).Result()
			require.NoError(t, err)
			if left < 0 {
				continue // gone meanwhile
			}
			if left <= d {
				require.NoError(t, c.Del(ctx, n).Err())
			} else {
				require.NoError(t, c.PExpire(ctx, n, left-d).Err())
			}
		}
	}
}

func TestConformanceRealRedis(t *testing.T) {
	srv := redistest.Start(t)
	c := newClient(t, srv.Addr())
	n := 0
	storetest.Run(t, func(t *testing.T) (rxbridge.Store, func(time.Duration)) {
		n++
		prefix := fmt.Sprintf("conf%d:", n)
		return newStore(t, c, keys(), redisstore.WithPrefix(prefix)), advanceServer(t, c, prefix)
	})
}

func TestConformanceMiniredis(t *testing.T) {
	storetest.Run(t, func(t *testing.T) (rxbridge.Store, func(time.Duration)) {
		m := miniredis.RunT(t)
		return newStore(t, newClient(t, m.Addr()), keys()), m.FastForward
	})
}

func TestNewRequiresKeys(t *testing.T) {
	c := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	t.Cleanup(func() { _ = c.Close() })
	for name, k := range map[string]redisstore.Keys{
		"no keys":           {},
		"no encryption key": {Hash: hashKey},
		"no hash key":       {Encryption: encKey1},
		"short hash key":    {Hash: hashKey[:31], Encryption: encKey1},
		"AES-128 key":       {Hash: hashKey, Encryption: encKey1[:16]},
		"short previous":    {Hash: hashKey, Encryption: encKey1, PreviousEncryption: encKey2[:31]},
		"hash = encryption": {Hash: encKey1, Encryption: encKey1},
		"hash = previous":   {Hash: encKey2, Encryption: encKey1, PreviousEncryption: encKey2},
	} {
		s, err := redisstore.New(c, k)
		require.Error(t, err, name)
		require.Nil(t, s, name)
		require.NotContains(t, err.Error(), string(encKey1[:4]), name)
	}
	_, err := redisstore.New(nil, keys())
	require.Error(t, err)
	_, err = redisstore.New(c, redisstore.Keys{Hash: hashKey, Encryption: encKey1, PreviousEncryption: encKey2})
	require.NoError(t, err)
}

// TestKeyNames: prefix, namespace, then 43 base64url characters of HMAC;
// never the identifier.
func TestKeyNames(t *testing.T) {
	m := miniredis.RunT(t)
	c := newClient(t, m.Addr())
	k := rxbridge.StoreKey{Namespace: "mhv.session", ID: "corr-123"}
	require.NoError(t, newStore(t, c, keys()).Set(ctx, k, []byte("v"), time.Hour))
	require.NoError(t, newStore(t, c, keys(), redisstore.WithPrefix("app1:")).Set(ctx, k, []byte("v"), time.Hour))
	other := redisstore.Keys{Hash: bytes.Repeat([]byte{0x12}, 32), Encryption: encKey1}
	require.NoError(t, newStore(t, c, other).Set(ctx, k, []byte("v"), time.Hour))

	names := m.Keys()
	require.Len(t, names, 3, "the prefix and the hash key each give other names")
	pattern := regexp.MustCompile(`^(rxbridge|app1):mhv\.session:[A-Za-z0-9_-]{43}$`)
	for _, n := range names {
		require.Regexp(t, pattern, n)
		require.NotContains(t, n, "corr-123")
	}
}

func TestGetIsExact(t *testing.T) {
	m := miniredis.RunT(t)
	s := newStore(t, newClient(t, m.Addr()), keys())
	k := rxbridge.StoreKey{Namespace: "test", ID: "x"}
	require.NoError(t, s.Set(ctx, k, []byte("v"), 1500*time.Microsecond))
	left := m.TTL(m.Keys()[0])
	require.Equal(t, 2*time.Millisecond, left, "lifetimes round up to whole milliseconds")
}

// TestRotation follows the documented rotation: old key, then both, then
// the new key alone.
func TestRotation(t *testing.T) {
	srv := redistest.Start(t)
	c := newClient(t, srv.Addr())
	old := newStore(t, c, redisstore.Keys{Hash: hashKey, Encryption: encKey1})
	step1 := newStore(t, c, redisstore.Keys{Hash: hashKey, Encryption: encKey1, PreviousEncryption: encKey2})
	step2 := newStore(t, c, redisstore.Keys{Hash: hashKey, Encryption: encKey2, PreviousEncryption: encKey1})
	step3 := newStore(t, c, redisstore.Keys{Hash: hashKey, Encryption: encKey2})
	kOld := rxbridge.StoreKey{Namespace: "test", ID: "written-by-old"}
	kNew := rxbridge.StoreKey{Namespace: "test", ID: "written-by-step2"}

	require.NoError(t, old.Set(ctx, kOld, []byte("old-value"), time.Hour))
	require.NoError(t, step2.Set(ctx, kNew, []byte("new-value"), time.Hour))

	for name, s := range map[string]*redisstore.Store{"step1": step1, "step2": step2} {
		requireGet(t, s, kOld, "old-value", name)
		requireGet(t, s, kNew, "new-value", name)
	}
	requireGet(t, step3, kNew, "new-value", "step3")

	// A key it was not given does not open a value: an error, not a miss.
	for name, tc := range map[string]struct {
		s *redisstore.Store
		k rxbridge.StoreKey
	}{"old reads new": {old, kNew}, "step3 reads old": {step3, kOld}} {
		v, ok, err := tc.s.Get(ctx, tc.k)
		require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable, name)
		require.ErrorIs(t, err, redisstore.ErrUndecryptable, name)
		require.False(t, ok, name)
		require.Nil(t, v, name)
	}

	// Step 2 writes with the new key: the old configuration cannot read
	// what it rewrote, step 3 can.
	require.NoError(t, step2.Set(ctx, kOld, []byte("rewritten"), time.Hour))
	requireGet(t, step3, kOld, "rewritten", "step3 after rewrite")

	// Compare-and-delete does not depend on the encryption key.
	ok, err := step3.CompareAndDelete(ctx, kOld, []byte("rewritten"))
	require.NoError(t, err)
	require.True(t, ok)
	require.NoError(t, old.Set(ctx, kOld, []byte("lock"), time.Hour))
	ok, err = step3.CompareAndDelete(ctx, kOld, []byte("lock"))
	require.NoError(t, err)
	require.True(t, ok, "a value written under the old key is deleted by one holding only the new key")
}

func requireGet(t *testing.T, s rxbridge.Store, k rxbridge.StoreKey, want, msg string) {
	t.Helper()
	v, ok, err := s.Get(ctx, k)
	require.NoError(t, err, msg)
	require.True(t, ok, msg)
	require.Equal(t, want, string(v), msg)
}

// TestTamperedValues: a value moved to another key, altered, or not
// written by a store does not decrypt.
func TestTamperedValues(t *testing.T) {
	m := miniredis.RunT(t)
	c := newClient(t, m.Addr())
	s := newStore(t, c, keys())
	a := rxbridge.StoreKey{Namespace: "test", ID: "a"}
	b := rxbridge.StoreKey{Namespace: "test", ID: "b"}
	require.NoError(t, s.Set(ctx, a, []byte("token-of-a"), time.Hour))
	nameA := m.Keys()[0]
	sealed, err := m.Get(nameA)
	require.NoError(t, err)
	require.NoError(t, s.Set(ctx, b, []byte("token-of-b"), time.Hour))
	var nameB string
	for _, n := range m.Keys() {
		if n != nameA {
			nameB = n
		}
	}

	tampered := map[string]string{"moved": sealed, "garbage": "not a sealed value", "empty": ""}
	for i := range len(sealed) {
		flipped := []byte(sealed)
		flipped[i] ^= 1
		tampered[fmt.Sprintf("bit flipped at %d", i)] = string(flipped)
	}
	for name, v := range tampered {
		require.NoError(t, m.Set(nameB, v))
		_, ok, err := s.Get(ctx, b)
		require.ErrorIs(t, err, redisstore.ErrUndecryptable, name)
		require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable, name)
		require.False(t, ok)
	}
	requireGet(t, s, a, "token-of-a", "untouched")
}

// TestRedisStoppedAndRestarted: with the server gone, every operation
// fails with ErrStoreUnavailable (never a miss, never "not set"); once it
// is back, operations work again.
func TestRedisStoppedAndRestarted(t *testing.T) {
	srv := redistest.Start(t)
	s := newStore(t, newClient(t, srv.Addr()), keys())
	k := rxbridge.StoreKey{Namespace: "test", ID: "CANARY-ID-5521"}
	require.NoError(t, s.Set(ctx, k, []byte("v"), time.Hour))

	srv.Stop()
	v, ok, errGet := s.Get(ctx, k)
	require.False(t, ok)
	require.Nil(t, v)
	errSet := s.Set(ctx, k, []byte("v"), time.Hour)
	won, errSetNX := s.SetNX(ctx, k, []byte("v"), time.Hour)
	require.False(t, won)
	deleted, errCAD := s.CompareAndDelete(ctx, k, []byte("v"))
	require.False(t, deleted)
	for op, err := range map[string]error{"get": errGet, "set": errSet, "setnx": errSetNX, "compare-and-delete": errCAD} {
		require.ErrorIs(t, err, rxbridge.ErrStoreUnavailable, op)
		var se *rxbridge.StoreError
		require.ErrorAs(t, err, &se, op)
		require.Equal(t, op, se.Op)
		canary.AssertClean(t, canary.Errors(err), "CANARY-ID-5521")
	}

	srv.Restart()
	won, err := s.SetNX(ctx, k, []byte("again"), time.Hour)
	require.NoError(t, err)
	require.True(t, won, "a restarted server is empty")
	requireGet(t, s, k, "again", "after restart")
}

// TestNoIdentifierOrCredentialInClear writes canary identifiers and
// secrets through the store, then reads everything Redis holds through a
// raw client: no canary appears in any key or value, in clear or in a
// common encoding.
func TestNoIdentifierOrCredentialInClear(t *testing.T) {
	srv := redistest.Start(t)
	raw := newClient(t, srv.Addr())
	s := newStore(t, raw, keys())
	ids := []string{"CANARY-CORRELATION-ID-8812", "CANARY-PATIENT-ID-4471", "CANARY-OAUTH-STATE-9913", "CANARY-EVENT-ID-3320"}
	secrets := []string{"CANARY-SESSION-TOKEN-a1b2c3", "CANARY-REFRESH-TOKEN-d4e5f6", "CANARY-PKCE-VERIFIER-g7h8i9"}
	for i, id := range ids {
		k := rxbridge.StoreKey{Namespace: "canary.ns", ID: id}
		secret := secrets[i%len(secrets)]
		require.NoError(t, s.Set(ctx, k, []byte(secret), time.Hour))
		_, err := s.SetNX(ctx, rxbridge.StoreKey{Namespace: "canary.lock", ID: id}, []byte(secret), time.Hour)
		require.NoError(t, err)
		requireGet(t, s, k, secret, id)
	}

	var everything strings.Builder
	names, err := raw.Keys(ctx, "*").Result()
	require.NoError(t, err)
	require.Len(t, names, 2*len(ids))
	for _, n := range names {
		v, err := raw.Get(ctx, n).Result()
		require.NoError(t, err)
		fmt.Fprintf(&everything, "%s\n%s\n", n, v)
	}
	var needles []string
	for _, c := range append(ids, secrets...) {
		needles = append(needles, c, hex.EncodeToString([]byte(c)),
			base64.StdEncoding.EncodeToString([]byte(c)), base64.RawURLEncoding.EncodeToString([]byte(c)),
			c[len("CANARY-"):]) // without the marker: the distinctive part
	}
	canary.AssertClean(t, everything.String(), needles...)
}
