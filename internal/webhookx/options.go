package webhookx

import (
	"errors"
	"fmt"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// ReceiverOptions are the options every provider's receiver has, set by
// options of the same names in each provider package
// (WithWebhookMaxBodyBytes, WithWebhookReadTimeout, WithWebhookLease,
// WithWebhookDeduplication). A provider's own receiver settings embed it.
type ReceiverOptions struct {
	// MaxBodyBytes limits the body (the provider's default when 0).
	MaxBodyBytes int64
	// ReadTimeout bounds the body's arrival (DefaultReadTimeout when 0).
	ReadTimeout time.Duration
	// Lease is how long a delivery holds its event (DefaultLease when 0).
	Lease time.Duration
	// NoDedup turns de-duplication off.
	NoDedup bool

	errs []error
}

// Fail records an invalid option value; Settle reports it.
func (o *ReceiverOptions) Fail(option, reason string) {
	o.errs = append(o.errs, fmt.Errorf("option %s: %s", option, reason))
}

// Settle validates the applied options for provider's NewReceiver: the
// recorded failures, and the common rxbridge options a receiver has no
// use for (a receiver reads WithStore, WithLogger and WithTelemetry only).
// It fills the defaults (maxBody: the provider's body limit).
func (o *ReceiverOptions) Settle(provider string, s *rxbridge.Settings, maxBody int64) error {
	errs := o.errs
	o.errs = nil
	unused := []struct {
		name string
		set  bool
	}{
		{"WithBaseURL", s.BaseURL != ""},
		{"WithHTTPClient", s.HTTPClient != nil},
		{"WithRetry", s.Retry != rxbridge.RetryPolicy{}},
		{"WithTimeout", s.Timeout != 0},
		{"WithUserAgent", s.UserAgent != ""},
		{"WithMaxResponseBytes", s.MaxResponseBytes != 0},
	}
	for _, u := range unused {
		if u.set {
			errs = append(errs, fmt.Errorf("option %s: a webhook receiver makes no calls (it reads WithStore, WithLogger and WithTelemetry)", u.name))
		}
	}
	if o.MaxBodyBytes == 0 {
		o.MaxBodyBytes = maxBody
	}
	if o.ReadTimeout == 0 {
		o.ReadTimeout = DefaultReadTimeout
	}
	if o.Lease == 0 {
		o.Lease = DefaultLease
	}
	if len(errs) == 0 {
		return nil
	}
	return fmt.Errorf("%s: NewReceiver: %w", provider, errors.Join(errs...))
}

// PositiveSize records a failure when n is not positive.
func (o *ReceiverOptions) PositiveSize(option string, n int64) bool {
	if n <= 0 {
		o.Fail(option, "must be positive")
		return false
	}
	return true
}

// PositiveDuration records a failure when d is not positive.
func (o *ReceiverOptions) PositiveDuration(option string, d time.Duration) bool {
	if d <= 0 {
		o.Fail(option, "must be positive")
		return false
	}
	return true
}

// Leases returns the de-duplication configuration for the receiver's
// events (nil when turned off): namespace in store (a per-receiver
// rxbridge.MemoryStore when nil).
func (o *ReceiverOptions) Leases(store rxbridge.Store, namespace string) *Leases {
	if o.NoDedup {
		return nil
	}
	return &Leases{Store: store, Namespace: namespace, Lease: o.Lease}
}
