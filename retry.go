package rxbridge

import (
	"errors"
	"time"
)

// RetryPolicy bounds retries (see WithRetry). The zero value of a field
// means its default.
//
// Whatever the policy, a call that changes the upstream's state (an MHV
// refill, a CVS intake, a Develop Health or CareValidate create) is never
// repeated once it may have reached the upstream: it fails with an error
// matching ErrOutcomeUnknown instead. Reads are retried on 429, 500, 502,
// 503, 504 and transport failures; nothing is retried on another 4xx.
type RetryPolicy struct {
	// MaxRetries is the number of retries after the first attempt
	// (default 3; a negative value disables retries).
	MaxRetries int
	// WaitMin and WaitMax bound the exponential backoff before jitter
	// (defaults 250ms and 8s).
	WaitMin, WaitMax time.Duration
	// MaxRetryAfter caps a server's Retry-After (default 30s). A longer
	// Retry-After is shortened to it.
	MaxRetryAfter time.Duration
	// Budget is the size, in tokens, of the client-wide retry budget
	// (default 500; negative: no budget). A retry costs 5 tokens (10 after
	// a transport failure); a call the upstream answered returns what it
	// took, or 1 token. With the default, an outage stops retries after
	// about 100 of them (ErrRetryBudgetExhausted), and a recovered
	// upstream earns them back.
	Budget int
}

// validate rejects settings that cannot be meant.
func (p RetryPolicy) validate() error {
	if p.MaxRetries > 20 {
		return errors.New("MaxRetries above 20")
	}
	if p.WaitMin < 0 || p.WaitMax < 0 || p.MaxRetryAfter < 0 {
		return errors.New("negative wait")
	}
	return nil
}
