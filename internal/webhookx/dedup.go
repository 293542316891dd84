package webhookx

import (
	"context"
	"fmt"
	"sync"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// DedupStore remembers which event ids were processed. Claim reports
// whether this delivery is the first to claim id (false: processed, or in
// progress elsewhere). Release forgets a claim whose processing failed, so
// the sender's retry is processed. Complete marks it done.
// Implementations must be safe for concurrent use; a shared store (Redis
// SET NX with a TTL, a database unique key) de-duplicates across instances.
type DedupStore interface {
	Claim(ctx context.Context, id string) (bool, error)
	Complete(ctx context.Context, id string) error
	Release(ctx context.Context, id string) error
}

// ExpiringClaimer is a DedupStore that can remember a claim until a given
// time rather than for its own TTL (MemoryDedup can; with Redis, SET NX
// with PXAT). Replay protection remembers a token until it expires.
type ExpiringClaimer interface {
	ClaimUntil(ctx context.Context, id string, until time.Time) (bool, error)
}

// ClaimUntil claims id in store until the given time when the store can
// (ExpiringClaimer) and until is not zero, else for the store's own TTL.
func ClaimUntil(ctx context.Context, store DedupStore, id string, until time.Time) (bool, error) {
	if ec, ok := store.(ExpiringClaimer); ok && !until.IsZero() {
		return ec.ClaimUntil(ctx, id, until)
	}
	return store.Claim(ctx, id)
}

// Dedup wraps a handler so that each event id is processed once. Events
// whose id is "" are always processed. A duplicate is acknowledged without
// calling next. If the store fails, the delivery fails (never a 2xx for an
// event that was not processed).
func Dedup[E any](store DedupStore, id func(E) string, next func(context.Context, E) error) func(context.Context, E) error {
	return func(ctx context.Context, e E) error {
		key := id(e)
		if key == "" {
			return next(ctx, e)
		}
		first, err := store.Claim(ctx, key)
		if err != nil {
			return err
		}
		if !first {
			return nil
		}
		if err := next(ctx, e); err != nil {
			// Detached: the release must happen even if the request ended.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
			defer cancel()
			_ = store.Release(rctx, key)
			return err
		}
		return store.Complete(ctx, key)
	}
}

// MemoryDedup is an in-process DedupStore that forgets ids after TTL, or
// at the time given to ClaimUntil.
type MemoryDedup struct {
	TTL time.Duration
	Now func() time.Time

	mu sync.Mutex
	// seen holds when each claim expires.
	seen map[string]time.Time
	ops  int
}

// NewMemoryDedup returns a store remembering ids for ttl (24h when 0).
func NewMemoryDedup(ttl time.Duration) *MemoryDedup {
	if ttl <= 0 {
		ttl = 24 * time.Hour
	}
	return &MemoryDedup{TTL: ttl, Now: time.Now, seen: map[string]time.Time{}}
}

// errNilDedup is returned by the methods of a nil *MemoryDedup.
var errNilDedup = fmt.Errorf("%w: nil *MemoryDedup", rxbridge.ErrInvalidInput)

// errNilContext refuses a nil ctx.
var errNilContext = fmt.Errorf("%w: nil context.Context", rxbridge.ErrInvalidInput)

// check refuses a nil ctx (an error, never context.Background()) and a
// nil store. A zero-value MemoryDedup works: 24h, time.Now.
func (m *MemoryDedup) check(ctx context.Context) error {
	if ctx == nil {
		return errNilContext
	}
	if m == nil {
		return errNilDedup
	}
	return nil
}

// Claim implements DedupStore.
func (m *MemoryDedup) Claim(ctx context.Context, id string) (bool, error) {
	if err := m.check(ctx); err != nil {
		return false, err
	}
	return m.claim(id, time.Time{})
}

// ClaimUntil implements ExpiringClaimer: the claim lasts until the given
// time instead of the TTL.
func (m *MemoryDedup) ClaimUntil(ctx context.Context, id string, until time.Time) (bool, error) {
	if err := m.check(ctx); err != nil {
		return false, err
	}
	return m.claim(id, until)
}

func (m *MemoryDedup) claim(id string, until time.Time) (bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := time.Now()
	if m.Now != nil {
		now = m.Now()
	}
	if until.IsZero() {
		ttl := m.TTL
		if ttl <= 0 {
			ttl = 24 * time.Hour
		}
		until = now.Add(ttl)
	}
	if m.seen == nil {
		m.seen = map[string]time.Time{}
	}
	m.ops++
	if m.ops%1024 == 0 {
		for k, t := range m.seen {
			if now.After(t) {
				delete(m.seen, k)
			}
		}
	}
	if t, ok := m.seen[id]; ok && !now.After(t) {
		return false, nil
	}
	m.seen[id] = until
	return true, nil
}

// Complete implements DedupStore.
func (m *MemoryDedup) Complete(ctx context.Context, _ string) error { return m.check(ctx) }

// Release implements DedupStore.
func (m *MemoryDedup) Release(ctx context.Context, id string) error {
	if err := m.check(ctx); err != nil {
		return err
	}
	m.mu.Lock()
	delete(m.seen, id)
	m.mu.Unlock()
	return nil
}
