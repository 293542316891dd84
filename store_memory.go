package rxbridge

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"
)

// MemoryStore is the in-process Store: the default, right for one
// instance. It honours lifetimes, is safe for concurrent use and runs no
// goroutine. Expired values are never returned; they are removed when read
// and by a bounded sweep on each write (a few entries per write, as Redis
// does), so memory stays proportional to the live values without a timer.
type MemoryStore struct {
	now func() time.Time

	mu sync.Mutex
	m  map[StoreKey]memoryEntry
}

type memoryEntry struct {
	value   []byte
	expires time.Time
}

// memorySweep is how many entries a write examines for expiry.
const memorySweep = 8

// NewMemoryStore returns an empty in-process Store.
func NewMemoryStore() *MemoryStore {
	return newMemoryStore(time.Now)
}

func newMemoryStore(now func() time.Time) *MemoryStore {
	return &MemoryStore{now: now, m: map[StoreKey]memoryEntry{}}
}

// Get implements Store.
func (s *MemoryStore) Get(ctx context.Context, key StoreKey) ([]byte, bool, error) {
	if err := s.check(ctx); err != nil {
		return nil, false, err
	}
	if err := key.Validate(); err != nil {
		return nil, false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.live(key, s.clock())
	if !ok {
		return nil, false, nil
	}
	return storeCopy(e.value), true, nil
}

// Set implements Store.
func (s *MemoryStore) Set(ctx context.Context, key StoreKey, value []byte, ttl time.Duration) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	if err := ValidateStoreWrite(key, ttl); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.sweep(now)
	if s.m == nil {
		s.m = map[StoreKey]memoryEntry{}
	}
	s.m[key] = memoryEntry{value: storeCopy(value), expires: now.Add(ttl)}
	return nil
}

// SetNX implements Store.
func (s *MemoryStore) SetNX(ctx context.Context, key StoreKey, value []byte, ttl time.Duration) (bool, error) {
	if err := s.check(ctx); err != nil {
		return false, err
	}
	if err := ValidateStoreWrite(key, ttl); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	if _, ok := s.live(key, now); ok {
		return false, nil
	}
	s.sweep(now)
	if s.m == nil {
		s.m = map[StoreKey]memoryEntry{}
	}
	s.m[key] = memoryEntry{value: storeCopy(value), expires: now.Add(ttl)}
	return true, nil
}

// CompareAndDelete implements Store.
func (s *MemoryStore) CompareAndDelete(ctx context.Context, key StoreKey, old []byte) (bool, error) {
	if err := s.check(ctx); err != nil {
		return false, err
	}
	if err := key.Validate(); err != nil {
		return false, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.live(key, s.clock())
	if !ok || !bytes.Equal(e.value, old) {
		return false, nil
	}
	delete(s.m, key)
	return true, nil
}

// errNilStore is returned by the methods of a nil *MemoryStore.
var errNilStore = fmt.Errorf("%w: nil *rxbridge.MemoryStore", ErrInvalidInput)

// check refuses a nil ctx (an error, never context.Background()) or a nil
// store, and a ctx that is done.
func (s *MemoryStore) check(ctx context.Context) error {
	if ctx == nil {
		return fmt.Errorf("%w: nil context.Context", ErrInvalidInput)
	}
	if s == nil {
		return errNilStore
	}
	return ctx.Err()
}

// clock is the store's time; a zero-value MemoryStore uses time.Now.
func (s *MemoryStore) clock() time.Time {
	if s.now == nil {
		return time.Now()
	}
	return s.now()
}

// live returns key's entry if it has not expired, and removes it if it
// has. s.mu is held.
func (s *MemoryStore) live(key StoreKey, now time.Time) (memoryEntry, bool) {
	e, ok := s.m[key]
	if !ok {
		return memoryEntry{}, false
	}
	if !now.Before(e.expires) {
		delete(s.m, key)
		return memoryEntry{}, false
	}
	return e, true
}

// sweep removes the expired entries among a few (memorySweep) visited in
// the map's randomised iteration order. s.mu is held.
func (s *MemoryStore) sweep(now time.Time) {
	n := 0
	for k, e := range s.m {
		if !now.Before(e.expires) {
			delete(s.m, k)
		}
		if n++; n == memorySweep {
			return
		}
	}
}

// storeCopy copies v, returning a non-nil slice even for a nil or empty v.
func storeCopy(v []byte) []byte {
	return append(make([]byte, 0, len(v)), v...)
}

// The in-process store holds sessions, tokens and verifiers: it prints as
// its name and [REDACTED], whatever prints it (fmt, slog, encoding/json).

// Format prints the store without its content, whatever the verb.
func (*MemoryStore) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, memoryStoreName) }

// LogValue keeps the store's content out of slog.
func (*MemoryStore) LogValue() slog.Value { return slog.StringValue(memoryStoreName) }

// MarshalJSON keeps the store's content out of JSON.
func (*MemoryStore) MarshalJSON() ([]byte, error) { return []byte(`"` + memoryStoreName + `"`), nil }

// memoryStoreName is what a MemoryStore prints as.
const memoryStoreName = "rxbridge.MemoryStore{" + redacted + "}"
