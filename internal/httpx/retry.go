package httpx

import (
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy is rxbridge.RetryPolicy (same fields; New converts it) with
// the pipeline's methods. The zero value of a field means its default.
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
	// about 100 of them, and a recovered upstream earns them back.
	Budget int
}

// Default retry settings.
const (
	DefaultMaxRetries    = 3
	DefaultWaitMin       = 250 * time.Millisecond
	DefaultWaitMax       = 8 * time.Second
	DefaultMaxRetryAfter = 30 * time.Second
)

// withDefaults fills zero fields.
func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxRetries == 0 {
		p.MaxRetries = DefaultMaxRetries
	}
	if p.MaxRetries < 0 {
		p.MaxRetries = 0
	}
	if p.WaitMin <= 0 {
		p.WaitMin = DefaultWaitMin
	}
	if p.WaitMax <= 0 {
		p.WaitMax = DefaultWaitMax
	}
	if p.WaitMax < p.WaitMin {
		p.WaitMax = p.WaitMin
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return p
}

// retryableStatus reports whether a response status may be retried.
// 429 is retried for every request (the server refused it before acting);
// 502, 503 and 504 only for idempotent requests, as is 500.
func retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}
	return false
}

// outcomeUnknownStatus reports whether a final status leaves a
// non-idempotent request's outcome unknown: the server, or a gateway in
// front of it, failed after receiving it, or answered with a redirect
// (which a non-idempotent request never follows: it was delivered, and
// what it did is unknown).
func outcomeUnknownStatus(status int) bool {
	if status >= 300 && status < 400 {
		return true
	}
	switch status {
	case http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// backoff returns the wait before retry number n (0 for the first retry):
// exponential from WaitMin, capped at WaitMax, with "equal jitter" (a
// uniform value in [d/2, d]) so that many clients do not retry in step.
// A Retry-After on a 429 or 503 replaces it, capped at MaxRetryAfter, with
// up to 10% (at most 1s) of jitter added below the cap.
func (p RetryPolicy) backoff(n int, resp *http.Response, now time.Time) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if ra, ok := ParseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
			return p.capRetryAfter(ra)
		}
	}
	d := p.WaitMin
	for i := 0; i < n && d < p.WaitMax; i++ {
		d *= 2
	}
	d = min(d, p.WaitMax)
	half := d / 2
	return half + rand.N(d-half+1)
}

// capRetryAfter applies the cap and a little jitter to a Retry-After wait.
func (p RetryPolicy) capRetryAfter(ra time.Duration) time.Duration {
	if ra >= p.MaxRetryAfter {
		return p.MaxRetryAfter
	}
	j := min(ra/10, time.Second)
	if j > 0 {
		ra += rand.N(j + 1)
	}
	return min(ra, p.MaxRetryAfter)
}

// ParseRetryAfter parses a Retry-After value: delta-seconds or an HTTP-date
// (RFC 9110 10.2.3). A negative, empty or unparseable value is absent
// (ok=false); a date in the past means 0.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if v[0] >= '0' && v[0] <= '9' {
		secs, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return 0, false
		}
		const maxSecs = int64(1<<63-1) / int64(time.Second)
		if secs > maxSecs {
			secs = maxSecs
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	if d := t.Sub(now); d > 0 {
		return d, true
	}
	return 0, true
}
