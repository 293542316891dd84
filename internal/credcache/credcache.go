// Package credcache caches short-lived credentials (OAuth tokens, MHV
// sessions) per key, and fetches each one at most once at a time.
//
//   - One fetch in flight per key, however many goroutines ask (the MHV
//     service answers 500 to concurrent session creations; a thundering
//     herd on a token endpoint risks lock-out).
//   - A credential belongs to its key: the MHV session of one veteran is
//     never handed to another.
//   - Credentials are refreshed Early before they expire; one with no
//     expiry gets DefaultTTL, never "valid forever".
//   - A waiter can give up through its context without cancelling the
//     fetch the others wait for. The fetch runs on a context detached from
//     the request that started it (httpx.Detach, bounded by FetchTimeout):
//     it keeps that caller's values (trace ids, logger attributes), so its
//     logs and spans correlate, but not its cancellation or deadline (a
//     cancelled request must not poison the credential for everyone) nor
//     its HTTP tracing (the fetch's traffic is not the request's own).
//   - Invalidate drops a credential only if it is still the current one,
//     so a late 401 does not throw away a credential fetched since.
//
// Without a Store every credential lives in this process. With one (the
// rxbridge.Store shared by the instances of a fleet: see shared.go) the
// credential of a key is created once for the whole fleet, under a lock
// held in the store, and every instance uses it; each instance still keeps
// what it loaded in memory, so a warm call never reaches the store.
package credcache

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/telemetry"
)

// Fetch obtains a new credential and its expiry (zero when unknown).
type Fetch[V comparable] func(ctx context.Context, key string) (V, time.Time, error)

// Config tunes a Cache. Zero values mean the defaults.
type Config[V comparable] struct {
	Fetch Fetch[V]
	// Store, when not nil, is the store the instances of a fleet share:
	// the credential of a key lives there under Namespace (the key is the
	// StoreKey's ID), and its creation is serialised across the fleet by a
	// lock there (Namespace + ".lock"). See shared.go for the failure
	// policy.
	Store     rxbridge.Store
	Namespace string
	// LockWait is how long a fetch waits for another instance that holds
	// the creation lock before it creates the credential itself (default
	// and maximum: half of FetchTimeout).
	LockWait time.Duration
	// Logger receives the records of store failures (nil: silent). They
	// name the provider, the credential kind, the store operation and the
	// error, never a key, an identifier or a credential.
	Logger *slog.Logger
	// Early is how long before expiry a credential is refreshed (default 30s,
	// and never more than half of its lifetime).
	Early time.Duration
	// DefaultTTL applies when a fetch returns no expiry (default 5m).
	DefaultTTL time.Duration
	// MaxTTL caps absurd lifetimes (default 24h).
	MaxTTL time.Duration
	// FetchTimeout bounds one fetch (default 30s), whatever the deadline
	// of the caller that started it. With a Store it bounds the whole
	// flight (store reads, the wait for another instance's lock, the
	// fetch) and is the creation lock's lifetime.
	FetchTimeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Telemetry, when not nil, records each fetch as a span (Provider,
	// Kind: telemetry.CredentialToken or CredentialSession) linked to
	// every call that waited for it, and counts fetches.
	Telemetry *telemetry.Recorder
	Provider  string
	Kind      string
}

// Cache is a keyed, single-flight credential cache.
type Cache[V comparable] struct {
	cfg Config[V]

	mu       sync.Mutex
	mem      map[string]entry[V]
	inflight map[string]*flight[V]
	// rejected holds, per key, the credential the upstream last rejected,
	// so that a flight does not take it back from the store when the
	// store could not drop it.
	rejected map[string]V
	flights  int64
	fetches  int64
}

// entry is a credential this process holds. raw is its encoding as the
// shared store holds it (nil when it is not in the store), which
// Invalidate hands to CompareAndDelete.
type entry[V comparable] struct {
	v       V
	expiry  time.Time
	fetched time.Time
	raw     []byte
}

type flight[V comparable] struct {
	done chan struct{}
	v    V
	err  error
	tel  *telemetry.Fetch
}

// ErrNoCredential is returned by Get when a fetch returned the zero value.
var ErrNoCredential = errors.New("credcache: fetch returned an empty credential")

// New returns a Cache.
func New[V comparable](cfg Config[V]) *Cache[V] {
	if cfg.Early <= 0 {
		cfg.Early = 30 * time.Second
	}
	if cfg.DefaultTTL <= 0 {
		cfg.DefaultTTL = 5 * time.Minute
	}
	if cfg.MaxTTL <= 0 {
		cfg.MaxTTL = 24 * time.Hour
	}
	if cfg.FetchTimeout <= 0 {
		cfg.FetchTimeout = 30 * time.Second
	}
	if cfg.LockWait <= 0 || cfg.LockWait > cfg.FetchTimeout/2 {
		cfg.LockWait = cfg.FetchTimeout / 2
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Namespace == "" {
		cfg.Namespace = "credential"
	}
	return &Cache[V]{cfg: cfg, mem: map[string]entry[V]{}, inflight: map[string]*flight[V]{}, rejected: map[string]V{}}
}

// Fetches reports how many fetches (calls of Config.Fetch: credentials
// this process created) have started, for tests and metrics. A credential
// taken from the shared store is not a fetch.
func (c *Cache[V]) Fetches() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.fetches
}

// Get returns the credential for key, fetching it when missing or due for
// refresh. It returns ctx.Err() if ctx ends first; the fetch continues for
// the other waiters. A fetch Get starts gets ctx's values (not its
// cancellation): see httpx.Detach. A credential this process holds and
// that is not due for refresh is returned without touching the store.
func (c *Cache[V]) Get(ctx context.Context, key string) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	c.mu.Lock()
	if e, ok := c.mem[key]; ok && c.usable(e.expiry, e.fetched) {
		c.mu.Unlock()
		return e.v, nil
	}
	f, ok := c.inflight[key]
	if !ok {
		f = &flight[V]{done: make(chan struct{})}
		var fctx context.Context
		fctx, f.tel = c.cfg.Telemetry.StartFetch(httpx.Detach(ctx), c.cfg.Provider, c.cfg.Kind)
		c.inflight[key] = f
		c.flights++
		go c.run(fctx, key, f)
	}
	c.mu.Unlock()
	if ok {
		f.tel.Link(ctx)
	}
	select {
	case <-f.done:
		return f.v, f.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// sweepEvery is how many flights pass between removals of expired
// credentials, so a cache keyed by end user (one MHV session per veteran)
// does not keep every key it ever saw.
const sweepEvery = 256

// sweepLocked drops expired credentials (c.mu held).
func (c *Cache[V]) sweepLocked(now time.Time) {
	for k, e := range c.mem {
		if !now.Before(e.expiry) {
			delete(c.mem, k)
		}
	}
}

// Len reports how many credentials the cache holds in memory (expired ones
// until the next sweep).
func (c *Cache[V]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.mem)
}

// Peek returns the cached credential for key without fetching.
func (c *Cache[V]) Peek(key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.mem[key]
	if ok && c.usable(e.expiry, e.fetched) {
		return e.v, true
	}
	var zero V
	return zero, false
}

// Invalidate drops the credential for key if it is still v: the upstream
// rejected it. In the shared store it is dropped with CompareAndDelete, so
// a newer credential another instance stored since is kept, and the next
// Get takes it.
func (c *Cache[V]) Invalidate(key string, v V) {
	c.mu.Lock()
	e, ok := c.mem[key]
	if ok && e.v == v {
		delete(c.mem, key)
		if c.cfg.Store != nil {
			c.rejected[key] = v
		}
	}
	c.mu.Unlock()
	if ok && e.v == v && e.raw != nil && c.cfg.Store != nil {
		c.dropShared(key, e.raw)
	}
}

// usable reports whether a credential expiring at exp may still be used:
// it must have more than Early left (or, for short lifetimes, more than
// half of its lifetime).
func (c *Cache[V]) usable(exp, fetched time.Time) bool {
	now := c.cfg.Now()
	early := c.cfg.Early
	if !fetched.IsZero() {
		if half := exp.Sub(fetched) / 2; half < early {
			early = half
		}
	}
	return now.Add(early).Before(exp)
}

// run obtains the credential for key on parent (detached from the caller
// that started it), bounded by FetchTimeout, and publishes the result.
func (c *Cache[V]) run(parent context.Context, key string, f *flight[V]) {
	ctx, cancel := context.WithTimeout(parent, c.cfg.FetchTimeout)
	defer cancel()
	var e entry[V]
	var err error
	if c.cfg.Store != nil {
		e, err = c.obtainShared(ctx, key)
	} else {
		e, err = c.fetch(ctx, key)
	}
	c.mu.Lock()
	if err == nil {
		c.mem[key] = e
		delete(c.rejected, key)
	}
	delete(c.inflight, key)
	if c.flights%sweepEvery == 0 {
		c.sweepLocked(c.cfg.Now())
		clear(c.rejected)
	}
	c.mu.Unlock()
	f.v, f.err = e.v, err
	f.tel.End(httpx.OutcomeOf(err))
	close(f.done)
}

// fetch calls Fetch once and bounds the expiry it returns.
func (c *Cache[V]) fetch(ctx context.Context, key string) (entry[V], error) {
	c.mu.Lock()
	c.fetches++
	c.mu.Unlock()
	v, exp, err := c.cfg.Fetch(ctx, key)
	if err != nil {
		return entry[V]{}, err
	}
	var zero V
	if v == zero {
		return entry[V]{}, ErrNoCredential
	}
	now := c.cfg.Now()
	if exp.IsZero() || !exp.After(now) {
		// No expiry, or one already past by our clock (skew between us
		// and the issuer): trust the fresh credential for DefaultTTL. A
		// rejection invalidates it early.
		exp = now.Add(c.cfg.DefaultTTL)
	}
	if exp.After(now.Add(c.cfg.MaxTTL)) {
		exp = now.Add(c.cfg.MaxTTL)
	}
	return entry[V]{v: v, expiry: exp, fetched: now}, nil
}
