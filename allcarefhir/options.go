package allcarefhir

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Option configures a Client (NewClient) or a Login (NewLogin).
type Option func(*options)

type options struct {
	httpx.Options
	maxPages int
	errs     []error
}

func (o *options) err() error {
	return errors.Join(append([]error{o.Options.Err()}, o.errs...)...)
}

// RetryPolicy bounds retries (see WithRetry).
type RetryPolicy = httpx.RetryPolicy

// WithBaseURL sets the FHIR base URL (default CCOFHIRBaseURL, the CCO
// tenant's; the Advantage FHIR base must be set). It may carry a path
// prefix. NewLogin rejects it: the authorization server is
// LoginConfig.Issuer.
func WithBaseURL(u string) Option { return func(o *options) { o.SetBaseURL(u) } }

// WithHTTPClient sets the *http.Client whose Transport, Timeout and
// CheckRedirect are used. The SDK adds the bearer token (to the FHIR host
// only) and refuses redirects to other hosts.
func WithHTTPClient(c *http.Client) Option { return func(o *options) { o.SetHTTPClient(c) } }

// WithLogger turns on logging (off by default). Records never carry
// bodies, queries, ids, tokens or codes.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.SetLogger(l) } }

// WithRetry sets the retry limits. Reads and searches are retried on 429,
// 500, 502, 503, 504 and transport failures (default 3 retries).
func WithRetry(p RetryPolicy) Option { return func(o *options) { o.SetRetry(p) } }

// WithTimeout bounds each attempt (connect, send, headers, body).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.SetTimeout(d) } }

// WithUserAgent puts your product token before the SDK's in User-Agent.
func WithUserAgent(ua string) Option { return func(o *options) { o.SetUserAgent(ua) } }

// WithMaxResponseBytes sets the size limit of one response (one search
// page; default 64 MiB).
func WithMaxResponseBytes(n int64) Option { return func(o *options) { o.SetMaxResponseBytes(n) } }

// DefaultMaxPages is the default limit of pages one search follows.
const DefaultMaxPages = 10000

// WithMaxPages bounds how many pages one search follows (default
// DefaultMaxPages); a search that reaches it yields ErrTooManyPages.
func WithMaxPages(n int) Option {
	return func(o *options) {
		if n <= 0 {
			o.errs = append(o.errs, errors.New("rxbridge: option WithMaxPages: must be positive"))
			return
		}
		o.maxPages = n
	}
}
