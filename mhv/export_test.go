package mhv

import (
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// WithClock sets the client's clock (tests only).
func WithClock(now func() time.Time) Option {
	return rxbridge.ProviderOption("mhv.withClock", func(o *options) { o.clock = now })
}

// SessionExpiry exposes sessionExpiry to the external tests.
var SessionExpiry = sessionExpiry

// NewSavedSessions returns a store that records the expiry of each session
// saved in it (see savedSessions).
func NewSavedSessions() *savedSessions {
	return &savedSessions{MemoryStore: rxbridge.NewMemoryStore()}
}

// Saved returns the expiries recorded.
func (s *savedSessions) Saved() []time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Time(nil), s.saved...)
}
