package rxbridge

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"
)

// Option configures a client. The options of this package (WithBaseURL,
// WithHTTPClient, WithLogger, WithRetry, WithTimeout, WithUserAgent,
// WithMaxResponseBytes, WithStore, WithTelemetry) are accepted by every
// provider's NewClient.
// Provider packages add their own (mhv.WithGateway,
// cvsspecialty.WithSandbox, ...), which only that provider's constructors
// accept: given to another provider, they make its NewClient fail with an
// error that names them.
//
// Options are applied in order; when two set the same thing, the last one
// wins. An invalid value (a negative timeout, a nil *http.Client) is
// reported by NewClient, together with every other invalid option.
//
// The zero Option is invalid.
type Option struct {
	name     string          // "WithTimeout", "mhv.WithGateway": for error messages
	common   func(*Settings) // set by the options of this package
	provider any             // func(*P), set by ProviderOption
}

// Settings are the common options once applied. Provider packages read them
// in NewClient (see Apply); applications configure clients with Options and
// need not use Settings.
type Settings struct {
	// BaseURL is the root the provider's routes hang from ("" for the
	// provider's default).
	BaseURL string
	// HTTPClient carries requests (nil for the SDK's hardened default).
	HTTPClient *http.Client
	// Logger receives the SDK's records (nil: silent).
	Logger *slog.Logger
	// Retry bounds retries.
	Retry RetryPolicy
	// Timeout bounds each attempt (0: the provider's default).
	Timeout time.Duration
	// UserAgent is the application's product token ("" for none).
	UserAgent string
	// MaxResponseBytes bounds a successful response body (0: the
	// default, 64 MiB).
	MaxResponseBytes int64
	// Store keeps what several instances share (nil: each client's own
	// in-process store). See WithStore.
	Store Store
	// TracerProvider and MeterProvider receive the SDK's spans and
	// metrics (nil: none). See WithTelemetry.
	TracerProvider trace.TracerProvider
	MeterProvider  metric.MeterProvider

	errs []error
}

func (s *Settings) fail(name, format string, args ...any) {
	s.errs = append(s.errs, fmt.Errorf("option %s: %s", name, fmt.Sprintf(format, args...)))
}

// common returns an Option of this package.
func common(name string, apply func(*Settings)) Option {
	return Option{name: name, common: apply}
}

// ProviderOption returns an Option that only the constructors of one
// provider read: apply is called with the provider's private settings (P)
// by Apply[P], in the order the options were given. name ("mhv.WithGateway")
// identifies the option in errors. Provider packages use it to define
// their own options; applications do not need it.
func ProviderOption[P any](name string, apply func(*P)) Option {
	if apply == nil {
		return Option{name: name}
	}
	return Option{name: name, provider: apply}
}

// Apply applies opts in order for the constructor of a provider: the
// options of this package fill s; the options ProviderOption made for P are
// applied to p. An option made for another provider, a zero Option and an
// invalid value are errors; Apply reports all of them at once. provider
// ("mhv") names the caller in error messages.
func Apply[P any](provider string, opts []Option, s *Settings, p *P) error {
	if s == nil || p == nil {
		return fmt.Errorf("%s: Apply needs Settings and provider settings: %w", provider, ErrInvalidInput)
	}
	var errs []error
	for i, o := range opts {
		switch {
		case o.common != nil:
			o.common(s)
		case o.provider != nil:
			f, ok := o.provider.(func(*P))
			if !ok {
				errs = append(errs, fmt.Errorf("%s: option %s belongs to another provider", provider, o.name))
				continue
			}
			f(p)
		default:
			errs = append(errs, fmt.Errorf("%s: option %d is a zero Option", provider, i+1))
		}
	}
	for i, e := range s.errs {
		s.errs[i] = fmt.Errorf("%s: %w", provider, e)
	}
	errs = append(s.errs, errs...)
	s.errs = nil
	return errors.Join(errs...)
}

// WithBaseURL sets the root URL the provider's routes hang from, instead of
// its default (each provider's package documentation names it; MHV has
// none and requires this option). It must be an absolute http(s) URL
// without query, fragment or credentials; a path prefix (a gateway) is
// kept. NewClient reports a URL it cannot use.
func WithBaseURL(u string) Option {
	return common("WithBaseURL", func(s *Settings) {
		if strings.TrimSpace(u) == "" {
			s.fail("WithBaseURL", "empty URL")
			return
		}
		s.BaseURL = u
	})
}

// WithHTTPClient sets the *http.Client whose transport carries requests
// (the API calls and any token or session requests): for mutual TLS, a
// proxy or instrumentation. Its Transport, Timeout and CheckRedirect are
// kept (a client with neither Transport nor Timeout gets the SDK's
// hardened transport and its 60 s bound on an attempt); the SDK adds
// credentials (to the upstream's host only) and refuses redirects to other
// hosts.
func WithHTTPClient(c *http.Client) Option {
	return common("WithHTTPClient", func(s *Settings) {
		if c == nil {
			s.fail("WithHTTPClient", "nil client")
			return
		}
		s.HTTPClient = c
	})
}

// WithLogger turns on logging (the SDK is silent by default). Records carry
// the operation, method, host, route template, status, attempt and
// duration; never bodies, query strings, ids that identify a person, header
// values, tokens or secrets. A nil logger keeps the SDK silent.
func WithLogger(l *slog.Logger) Option {
	return common("WithLogger", func(s *Settings) { s.Logger = l })
}

// WithRetry sets the retry limits (see RetryPolicy; the default is 3
// retries, 250ms to 8s backoff, Retry-After capped at 30s, a budget of 500
// tokens). A call that changes the upstream's state is never retried once
// it may have reached the upstream, whatever the policy.
func WithRetry(p RetryPolicy) Option {
	return common("WithRetry", func(s *Settings) {
		if err := p.validate(); err != nil {
			s.fail("WithRetry", "%v", err)
			return
		}
		s.Retry = p
	})
}

// WithTimeout bounds each attempt (connect, send, response headers and
// body). The caller's context bounds the whole call, retries included.
// Without it, an attempt is bounded by 60 s, or by the Timeout of the
// client given to WithHTTPClient when that client sets a Transport or a
// Timeout.
func WithTimeout(d time.Duration) Option {
	return common("WithTimeout", func(s *Settings) {
		if d <= 0 {
			s.fail("WithTimeout", "must be positive")
			return
		}
		s.Timeout = d
	})
}

// WithUserAgent puts your product token ("pharmacy-app/2.1") before the
// SDK's own ("rxbridge-go/" + Version) in the User-Agent header.
func WithUserAgent(ua string) Option {
	return common("WithUserAgent", func(s *Settings) {
		if strings.ContainsAny(ua, "\r\n") {
			s.fail("WithUserAgent", "contains a line break")
			return
		}
		s.UserAgent = strings.TrimSpace(ua)
	})
}

// WithMaxResponseBytes sets the size limit of a successful response body
// (default 64 MiB). A larger answer fails with ErrResponseTooLarge; nothing
// past the limit is read.
func WithMaxResponseBytes(n int64) Option {
	return common("WithMaxResponseBytes", func(s *Settings) {
		if n <= 0 {
			s.fail("WithMaxResponseBytes", "must be positive")
			return
		}
		s.MaxResponseBytes = n
	})
}

// WithStore makes the client keep what must be shared across the instances
// of a service in s instead of in its own memory: MHV sessions and their
// creation lock, OAuth tokens, AllCare pending logins, member tokens and
// their refresh lock, webhook de-duplication and seen webhook tokens. Give
// every instance the same store (redisstore.New over one Redis). Without
// it each client uses an in-process store, right for a single instance.
func WithStore(s Store) Option {
	return common("WithStore", func(st *Settings) {
		if s == nil {
			st.fail("WithStore", "nil store")
			return
		}
		st.Store = s
	})
}

// WithTelemetry turns on OpenTelemetry: spans for every call, attempt,
// session or token fetch and webhook delivery, and the SDK's metrics,
// recorded through tp and mp (either may be nil to record only the other).
// Spans and metrics are named by provider, operation and route template;
// they never carry ids, paths, queries, bodies, header values, tokens or
// upstream messages. Without this option the SDK records nothing. To use
// the globals registered with go.opentelemetry.io/otel, pass
// otel.GetTracerProvider() and otel.GetMeterProvider().
func WithTelemetry(tp trace.TracerProvider, mp metric.MeterProvider) Option {
	return common("WithTelemetry", func(s *Settings) {
		if tp == nil && mp == nil {
			s.fail("WithTelemetry", "no tracer provider and no meter provider")
			return
		}
		s.TracerProvider, s.MeterProvider = tp, mp
	})
}
