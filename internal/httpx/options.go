package httpx

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Options are the settings every provider client offers (WithBaseURL,
// WithHTTPClient, WithLogger, WithRetry, WithTimeout, WithUserAgent,
// WithMaxResponseBytes). Provider option functions call the setters; the
// first invalid value is kept in Err and reported by the constructor.
type Options struct {
	BaseURL          string
	HTTPClient       *http.Client
	Logger           *slog.Logger
	Retry            RetryPolicy
	Timeout          time.Duration
	UserAgent        string
	MaxResponseBytes int64
	// TracerProvider and MeterProvider turn on OpenTelemetry (nil: off).
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider

	errs []error
}

// Err reports the invalid option values, if any.
func (o *Options) Err() error { return errors.Join(o.errs...) }

func (o *Options) fail(format string, args ...any) {
	o.errs = append(o.errs, fmt.Errorf("rxbridge: option "+format, args...))
}

// SetBaseURL sets the root URL the provider's routes hang from. It must be
// an absolute http(s) URL without query or fragment; a path prefix (a
// gateway) is allowed.
func (o *Options) SetBaseURL(s string) {
	if _, err := parseBaseURL(s); err != nil {
		o.fail("WithBaseURL: %v", err)
		return
	}
	o.BaseURL = s
}

// SetHTTPClient sets the *http.Client whose transport carries requests. Its
// Transport (our hardened default when nil), Timeout and CheckRedirect are
// kept; the SDK adds credentials and refuses redirects to other hosts.
func (o *Options) SetHTTPClient(c *http.Client) {
	if c == nil {
		o.fail("WithHTTPClient: nil client")
		return
	}
	o.HTTPClient = c
}

// SetLogger turns on logging to l (nil keeps the SDK silent).
func (o *Options) SetLogger(l *slog.Logger) { o.Logger = l }

// SetRetry sets the retry limits.
func (o *Options) SetRetry(p RetryPolicy) {
	if err := p.validate(); err != nil {
		o.fail("WithRetry: %v", err)
		return
	}
	o.Retry = p
}

// SetTimeout bounds each attempt (connect, send, response headers and
// body). The caller's context bounds the whole call, retries included.
func (o *Options) SetTimeout(d time.Duration) {
	if d <= 0 {
		o.fail("WithTimeout: must be positive")
		return
	}
	o.Timeout = d
}

// SetUserAgent puts the application's product token before the SDK's own.
func (o *Options) SetUserAgent(ua string) {
	if strings.ContainsAny(ua, "\r\n") {
		o.fail("WithUserAgent: contains a line break")
		return
	}
	o.UserAgent = strings.TrimSpace(ua)
}

// SetMaxResponseBytes sets the size limit of a successful response body.
func (o *Options) SetMaxResponseBytes(n int64) {
	if n <= 0 {
		o.fail("WithMaxResponseBytes: must be positive")
		return
	}
	o.MaxResponseBytes = n
}

// parseBaseURL validates a base URL and gives it a trailing slash.
func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, errors.New("not a URL")
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, errors.New("scheme must be https or http")
	}
	if u.Host == "" {
		return nil, errors.New("no host")
	}
	if u.User != nil {
		return nil, errors.New("credentials in the URL are not allowed")
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, errors.New("query and fragment are not allowed")
	}
	if hasDotSegment(u.EscapedPath()) {
		return nil, errors.New("dot segments are not allowed")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		if u.RawPath != "" {
			u.RawPath += "/"
		}
	}
	return u, nil
}
