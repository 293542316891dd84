package rxbridge

import "time"

// NewMemoryStoreClock returns a MemoryStore reading the time from now, for
// tests that move time.
func NewMemoryStoreClock(now func() time.Time) *MemoryStore { return newMemoryStore(now) }

// Len reports how many entries s holds, expired or not.
func (s *MemoryStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.m)
}
