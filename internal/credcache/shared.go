package credcache

import (
	"context"
	crand "crypto/rand"
	"encoding/json"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// The fleet: credentials in a shared rxbridge.Store.
//
// A credential lives under StoreKey{Namespace, key} (redisstore names it
// with a keyed hash of the key, and encrypts the value), encoded with its
// expiry and creation time. A flight (one per key and process, see Get):
//
//  1. reads the store: a usable credential there (another instance created
//     it) is taken as it is;
//  2. otherwise takes the creation lock, StoreKey{Namespace + ".lock",
//     key}, with SetNX for FetchTimeout, reads the store once more (the
//     previous holder may have just finished), creates the credential,
//     stores it for its lifetime, and only then releases the lock with
//     CompareAndDelete (it is released only if it is still this flight's);
//  3. when another instance holds the lock, polls the store with bounded
//     backoff (pollMin doubling to pollMax) and takes the holder's
//     credential once it is there; when the lock is gone without a
//     credential (the holder failed, or its lock's lifetime ended) it takes
//     the lock itself; after LockWait it creates the credential itself, as
//     vets-api does when its lock retries run out.
//
// The result is kept in memory: a warm call does not reach the store. The
// store is read again on a miss, when the credential is near its expiry,
// and after the upstream rejected it (Invalidate drops it from the store
// with CompareAndDelete, so a newer one stored by another instance is
// kept and taken by the next flight).
//
// Failure policy. A store that fails (rxbridge.ErrStoreUnavailable, an
// invalid call, a timeout) is never taken for "empty" or "not locked":
// the flight stops using the store and obtains the credential as a single
// process would (one fetch in this process, no fleet-wide lock), and the
// failure is logged at warning level through Config.Logger with the
// provider, the credential kind and the store operation, never a key, an
// identifier or a credential. The next flight tries the store again. A
// failed store write after a creation is logged; the credential is used by
// this process. A lock that cannot be released ends with its lifetime.
// A stored value this process cannot decode (another version's) is logged
// and replaced under the lock.

// Polling bounds of a flight waiting for another instance's credential.
const (
	pollMin = 2 * time.Millisecond
	pollMax = 100 * time.Millisecond
)

// storeTimeout bounds one store operation, within the flight's own bound.
const storeTimeout = 5 * time.Second

// stored is a credential as the shared store holds it.
type stored[V comparable] struct {
	V V `json:"v"`
	// Expiry and Fetched are Unix milliseconds.
	Expiry  int64 `json:"exp"`
	Fetched int64 `json:"at"`
}

// encode returns e's stored form.
func encode[V comparable](e entry[V]) ([]byte, error) {
	return json.Marshal(stored[V]{V: e.v, Expiry: e.expiry.UnixMilli(), Fetched: e.fetched.UnixMilli()})
}

// decode reads a stored credential; raw is kept for CompareAndDelete.
func decode[V comparable](raw []byte) (entry[V], error) {
	var s stored[V]
	if err := json.Unmarshal(raw, &s); err != nil {
		return entry[V]{}, errUndecodable
	}
	var zero V
	if s.V == zero || s.Expiry <= 0 {
		return entry[V]{}, errUndecodable
	}
	return entry[V]{v: s.V, expiry: time.UnixMilli(s.Expiry), fetched: time.UnixMilli(s.Fetched), raw: raw}, nil
}

// errUndecodable is a stored value that is not a credential of this kind.
var errUndecodable = errors.New("credcache: stored credential cannot be decoded")

// errDegraded ends the use of the store for one flight.
var errDegraded = errors.New("credcache: store unavailable")

func (c *Cache[V]) storeKey(key string) rxbridge.StoreKey {
	return rxbridge.StoreKey{Namespace: c.cfg.Namespace, ID: key}
}

func (c *Cache[V]) lockKey(key string) rxbridge.StoreKey {
	return rxbridge.StoreKey{Namespace: c.cfg.Namespace + ".lock", ID: key}
}

// obtainShared is a flight with a shared store (see above).
func (c *Cache[V]) obtainShared(ctx context.Context, key string) (entry[V], error) {
	e, ok, err := c.load(ctx, key)
	if err != nil {
		return c.fetch(ctx, key)
	}
	if ok {
		return e, nil
	}
	token := lockToken()
	lk := c.lockKey(key)
	deadline := time.Now().Add(c.cfg.LockWait)
	wait := pollMin
	for {
		sctx, cancel := context.WithTimeout(ctx, storeTimeout)
		got, err := c.cfg.Store.SetNX(sctx, lk, token, c.cfg.FetchTimeout)
		cancel()
		if err != nil {
			c.logFailure(ctx, "setnx", err, "credential obtained in this process, without the fleet's lock")
			return c.fetch(ctx, key)
		}
		if got {
			return c.locked(ctx, key, lk, token)
		}
		t := time.NewTimer(wait + rand.N(wait/2+1))
		select {
		case <-ctx.Done():
			t.Stop()
			// The flight's own bound ended: the fetch reports it in the
			// provider's terms.
			return c.fetch(ctx, key)
		case <-t.C:
		}
		wait = min(2*wait, pollMax)
		e, ok, err := c.load(ctx, key)
		if err != nil {
			return c.fetch(ctx, key)
		}
		if ok {
			return e, nil
		}
		if !time.Now().Before(deadline) {
			// The holder is slow or gone: create it ourselves.
			return c.create(ctx, key)
		}
	}
}

// locked runs while this flight holds the creation lock, and releases it.
func (c *Cache[V]) locked(ctx context.Context, key string, lk rxbridge.StoreKey, token []byte) (entry[V], error) {
	defer c.unlock(ctx, lk, token)
	// The previous holder may have stored its credential between our read
	// and our lock.
	e, ok, err := c.load(ctx, key)
	if err != nil {
		return c.fetch(ctx, key)
	}
	if ok {
		return e, nil
	}
	return c.create(ctx, key)
}

// load reads key's credential from the store. ok is false when there is
// none, or none usable; err is errDegraded when the store failed (logged).
func (c *Cache[V]) load(ctx context.Context, key string) (entry[V], bool, error) {
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	raw, ok, err := c.cfg.Store.Get(sctx, c.storeKey(key))
	cancel()
	if err != nil {
		c.logFailure(ctx, "get", err, "credential obtained in this process, without the fleet's lock")
		return entry[V]{}, false, errDegraded
	}
	if !ok {
		return entry[V]{}, false, nil
	}
	e, err := decode[V](raw)
	if err != nil {
		c.log(ctx, "rxbridge: stored credential cannot be decoded; it is replaced")
		return entry[V]{}, false, nil
	}
	if !c.usable(e.expiry, e.fetched) || c.isRejected(key, e.v) {
		return entry[V]{}, false, nil
	}
	return e, true, nil
}

// isRejected reports whether v is the credential the upstream last
// rejected for key (still in the store if dropping it failed).
func (c *Cache[V]) isRejected(key string, v V) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.rejected[key]
	return ok && r == v
}

// create fetches a credential and stores it for its lifetime, before the
// lock is released (so the instances waiting for it find it).
func (c *Cache[V]) create(ctx context.Context, key string) (entry[V], error) {
	e, err := c.fetch(ctx, key)
	if err != nil {
		return e, err
	}
	raw, err := encode(e)
	if err != nil {
		c.log(ctx, "rxbridge: credential cannot be encoded for the shared store; it is used by this process only")
		return e, nil
	}
	ttl := e.expiry.Sub(c.cfg.Now())
	if ttl <= 0 {
		return e, nil
	}
	sctx, cancel := context.WithTimeout(ctx, storeTimeout)
	err = c.cfg.Store.Set(sctx, c.storeKey(key), raw, ttl)
	cancel()
	if err != nil {
		c.logFailure(ctx, "set", err, "credential used by this process only")
		return e, nil
	}
	e.raw = raw
	return e, nil
}

// unlock releases the creation lock if it is still this flight's.
func (c *Cache[V]) unlock(ctx context.Context, lk rxbridge.StoreKey, token []byte) {
	// The flight's context may be done: releasing must not depend on it.
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), storeTimeout)
	defer cancel()
	if _, err := c.cfg.Store.CompareAndDelete(sctx, lk, token); err != nil {
		c.logFailure(ctx, "compare-and-delete", err, "creation lock not released; it ends with its lifetime")
	}
}

// dropShared removes a rejected credential from the store if it is still
// the stored one.
func (c *Cache[V]) dropShared(key string, raw []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), storeTimeout)
	defer cancel()
	if _, err := c.cfg.Store.CompareAndDelete(ctx, c.storeKey(key), raw); err != nil {
		c.logFailure(ctx, "compare-and-delete", err, "rejected credential not removed from the shared store")
	}
}

// lockToken returns a random lock value, this flight's alone.
func lockToken() []byte {
	b := make([]byte, 16)
	_, _ = crand.Read(b) // never fails (crypto/rand's documented guarantee)
	return b
}

// logFailure logs a store failure. The record names the provider, the
// credential kind and the operation; the error is included only when it
// is an *rxbridge.StoreError (whose message never carries a key, an
// identifier or a value) or a context error; any other error is named by
// its class, since a third-party Store's message might quote its key.
func (c *Cache[V]) logFailure(ctx context.Context, op string, err error, consequence string) {
	if c.cfg.Logger == nil {
		return
	}
	var se *rxbridge.StoreError
	msg := "unavailable"
	switch {
	case errors.As(err, &se):
		msg = se.Error()
	case errors.Is(err, context.DeadlineExceeded):
		msg = "timed out"
	case errors.Is(err, context.Canceled):
		msg = "canceled"
	case errors.Is(err, rxbridge.ErrStoreInvalid):
		msg = rxbridge.ErrStoreInvalid.Error()
	}
	c.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "rxbridge: shared store failed; "+consequence,
		slog.String("provider", c.cfg.Provider), slog.String("credential", c.cfg.Kind),
		slog.String("store_op", op), slog.String("error", msg))
}

// log logs a warning about the shared credential of this cache.
func (c *Cache[V]) log(ctx context.Context, msg string) {
	if c.cfg.Logger == nil {
		return
	}
	c.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, msg,
		slog.String("provider", c.cfg.Provider), slog.String("credential", c.cfg.Kind))
}
