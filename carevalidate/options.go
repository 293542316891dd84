package carevalidate

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

// RetryPolicy bounds retries (see WithRetry).
type RetryPolicy = httpx.RetryPolicy

// WithBaseURL sets the API root the /api/v1 routes hang from
// (ProductionURL by default; it may carry a gateway path prefix).
func WithBaseURL(u string) Option { return func(o *options) { o.SetBaseURL(u) } }

// WithStaging points the client at CareValidate's staging API
// (StagingURL).
func WithStaging() Option { return func(o *options) { o.SetBaseURL(StagingURL) } }

// WithHTTPClient sets the *http.Client whose transport carries requests.
// Its Transport, Timeout and CheckRedirect are kept; the client adds the
// credentials and refuses redirects to other hosts.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.SetHTTPClient(c) } }

// WithLogger turns on logging (off by default). Records carry the
// operation, route template, status, attempt and duration; never bodies,
// query strings, ids, the API key or tokens.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.SetLogger(l) } }

// WithRetry sets the retry limits. Calls that create something (cases,
// comments, form responses, payments) are never retried once they may have
// reached CareValidate, whatever the policy.
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.SetRetry(p) } }

// WithTimeout bounds each attempt (connect, send, headers, body). The
// caller's context bounds the whole call.
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithUserAgent puts your product token before the SDK's own.
func WithUserAgent(ua string) Option { return func(o *options) { o.SetUserAgent(ua) } }

// WithMaxResponseBytes sets the size limit of a successful response body
// (64 MiB by default; case lists with base64 attachments are large).
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.SetMaxResponseBytes(n) } }
