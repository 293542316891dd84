package develophealth

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Option configures a Client.
type Option func(*options)

type options struct {
	httpx.Options
}

// RetryPolicy bounds retries (see WithRetry). Reads and other idempotent
// calls are retried; creates never are once they may have been sent.
type RetryPolicy = httpx.RetryPolicy

// WithBaseURL sets the API root the routes hang from (default
// https://api.develophealth.ai; the older https://api.develophealth.io and a
// gateway prefix such as https://gw.example.com/develophealth also work).
// Sandbox and production organizations share the same base URL and differ
// only by their token.
func WithBaseURL(u string) Option { return func(o *options) { o.SetBaseURL(u) } }

// WithHTTPClient sets the *http.Client that carries requests. Its
// Transport, Timeout and CheckRedirect are kept; the SDK adds the bearer
// token (to the API host only) and refuses redirects to other hosts.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.SetHTTPClient(c) } }

// WithLogger turns on logging. Records carry the operation, method, host,
// route template, attempt, status and duration; never bodies, ids, tokens
// or header values. The SDK is silent without it.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.SetLogger(l) } }

// WithRetry sets the retry limits (default: 3 retries, 250ms to 8s backoff,
// Retry-After capped at 30s).
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.SetRetry(p) } }

// WithTimeout bounds each attempt (connect, send, headers and body). The
// caller's context bounds the whole call, retries included.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithUserAgent puts your product token before the SDK's own User-Agent.
func WithUserAgent(ua string) Option { return func(o *options) { o.SetUserAgent(ua) } }

// WithMaxResponseBytes sets the size limit of a successful response body
// (default 64 MiB).
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.SetMaxResponseBytes(n) } }
