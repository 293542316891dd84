package mhv

import (
	"errors"
	"strings"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
	"github.com/rxbridge/rxbridge-go/internal/redact"
)

// Option configures a client: the common options of package rxbridge
// (rxbridge.WithBaseURL, rxbridge.WithHTTPClient, rxbridge.WithLogger,
// rxbridge.WithRetry, rxbridge.WithTimeout, rxbridge.WithUserAgent,
// rxbridge.WithMaxResponseBytes) and this package's own. Another provider's
// options are refused.
type Option = rxbridge.Option

type options struct {
	httpx.Options
	gateway  bool
	apiKey   redact.Secret
	early    time.Duration
	lockWait time.Duration
	clock    func() time.Time // tests only
	errs     []error
}

func (o *options) fail(msg string) { o.errs = append(o.errs, errors.New("mhv: option "+msg)) }

// WithGateway switches to the VA API gateway's routes
// (usermgmt/auth/session, pharmacy/ess/..., usermgmt/notification/...) and
// sends apiKey as x-api-key on every request, the session request
// included. Give the gateway's pharmacy base with rxbridge.WithBaseURL.
func WithGateway(apiKey string) Option {
	return rxbridge.ProviderOption("mhv.WithGateway", func(o *options) {
		if apiKey == "" || strings.ContainsAny(apiKey, "\r\n\x00") {
			o.fail("WithGateway: the API key is empty or contains a line break")
			return
		}
		o.gateway = true
		o.apiKey = redact.NewSecret(apiKey)
	})
}

// WithSessionRefresh sets how long before its Expires a session is
// replaced (default 20 s, as vets-api does; never more than half of the
// session's lifetime).
func WithSessionRefresh(early time.Duration) Option {
	return rxbridge.ProviderOption("mhv.WithSessionRefresh", func(o *options) {
		if early <= 0 {
			o.fail("WithSessionRefresh: must be positive")
			return
		}
		o.early = early
	})
}

// WithSessionLockWait sets how long an instance waits for another that
// holds a veteran's session-creation lock in the shared store
// (rxbridge.WithStore) before it creates a session itself (default 12 s,
// vets-api's 40 × 0.3 s; at most 15 s, half the bound of a creation).
func WithSessionLockWait(d time.Duration) Option {
	return rxbridge.ProviderOption("mhv.WithSessionLockWait", func(o *options) {
		if d <= 0 {
			o.fail("WithSessionLockWait: must be positive")
			return
		}
		o.lockWait = d
	})
}

// apply applies opts (rxbridge.Apply) and reports every invalid option.
func (o *options) apply(opts []Option) error {
	return errors.Join(rxbridge.Apply("mhv", opts, &o.Options, o), errors.Join(o.errs...))
}
