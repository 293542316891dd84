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
