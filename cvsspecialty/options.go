package cvsspecialty

import (
	"errors"
	"fmt"
	"time"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Base URLs.
const (
	// ProductionBaseURL is the CVS Health API gateway: the spec's
	// https://api.cvshealth.com/specialty/patient/referral/v1/... routes and
	// the {host}/oauth2/v1/token endpoint hang from it.
	ProductionBaseURL = "https://api.cvshealth.com"
	// SandboxBaseURL is CVS's non-production ("SIT") gateway. The spec does
	// not name a sandbox host; this one is seen in public code that calls
	// CVS gateways. Confirm the host with your CVS onboarding contact, or
	// pass rxbridge.WithBaseURL. In either environment WithMockMode selects the
	// upstream's documented mock responses.
	SandboxBaseURL = "https://sit1-api.cvshealth.com"
)

// Defaults for Status.
const (
	// DefaultStatusBatchSize is how many transaction ids one status request
	// carries. The spec sets no limit; its sample sends four.
	DefaultStatusBatchSize = 50
	// DefaultStatusConcurrency is how many status requests run at once.
	DefaultStatusConcurrency = 4
	// MaxStatusBatchSize bounds WithStatusBatchSize.
	MaxStatusBatchSize = 1000
	// MaxStatusConcurrency bounds WithStatusConcurrency.
	MaxStatusConcurrency = 32
)

// DateFormat is how Submit writes birthDate and authoredOn. The spec shows
// both forms; whichever way an rxbridge.Date was built or decoded, Submit
// sends the client's one form (the referral you give is not changed: a
// decoded date still re-encodes as it came).
type DateFormat int

const (
	// DateTimeUTC writes "1993-10-21T00:00:00.000Z", as the spec's intake
	// example does. It is the default.
	DateTimeUTC DateFormat = iota
	// DateOnly writes "1993-10-21", as the spec's Postman sample does.
	DateOnly
)

// layout returns the time layout of the format.
func (f DateFormat) layout() string {
	if f == DateOnly {
		return "2006-01-02"
	}
	return "2006-01-02T15:04:05.000Z"
}

// BasicAuthEncoding is how the client id and secret are put into the
// token request's Authorization: Basic header.
type BasicAuthEncoding int

const (
	// BasicAuthRaw sends base64(clientID ":" clientSecret) unchanged, as the
	// spec's Postman collection (basic auth) does and as API gateways that
	// do not URL-decode expect. It is the default. The client id must not
	// contain a colon.
	BasicAuthRaw BasicAuthEncoding = iota
	// BasicAuthRFC6749 URL-encodes the id and secret first (RFC 6749
	// section 2.3.1, x/oauth2's behaviour). Use it when the token server
	// decodes them; it differs from Raw only for secrets with characters
	// such as + / = ! $ @.
	BasicAuthRFC6749
)

// Option configures a client: the common options of package rxbridge
// (rxbridge.WithBaseURL, rxbridge.WithHTTPClient, rxbridge.WithLogger,
// rxbridge.WithRetry, rxbridge.WithTimeout, rxbridge.WithUserAgent,
// rxbridge.WithMaxResponseBytes) and this package's own. Another provider's
// options are refused.
type Option = rxbridge.Option

type options struct {
	httpx.Options
	mock        bool
	batchSize   int
	concurrency int
	dateFormat  DateFormat
	basicAuth   BasicAuthEncoding
	tokenTTL    time.Duration
	errs        []error

	// now is the token cache's clock (tests only).
	now func() time.Time
}

func (o *options) fail(format string, args ...any) {
	o.errs = append(o.errs, fmt.Errorf("cvsspecialty: option "+format, args...))
}

// apply applies opts (rxbridge.Apply) and reports every invalid option.
func (o *options) apply(opts []Option) error {
	return errors.Join(rxbridge.Apply("cvsspecialty", opts, &o.Options, o), errors.Join(o.errs...))
}

// WithSandbox points the client at SandboxBaseURL.
func WithSandbox() Option {
	return rxbridge.ProviderOption("cvsspecialty.WithSandbox", func(o *options) { o.BaseURL = SandboxBaseURL })
}

// WithMockMode sends the documented "x-mock: Y" header on every intake and
// status request, which makes CVS answer from its mock server with sample
// data instead of creating a referral.
func WithMockMode() Option {
	return rxbridge.ProviderOption("cvsspecialty.WithMockMode", func(o *options) { o.mock = true })
}

// WithStatusBatchSize sets how many transaction ids one status request
// carries (1 to MaxStatusBatchSize; default DefaultStatusBatchSize).
func WithStatusBatchSize(n int) Option {
	return rxbridge.ProviderOption("cvsspecialty.WithStatusBatchSize", func(o *options) {
		if n < 1 || n > MaxStatusBatchSize {
			o.fail("WithStatusBatchSize: %d is not between 1 and %d", n, MaxStatusBatchSize)
			return
		}
		o.batchSize = n
	})
}

// WithStatusConcurrency sets how many status requests Status sends at once
// (1 to MaxStatusConcurrency; default DefaultStatusConcurrency).
func WithStatusConcurrency(n int) Option {
	return rxbridge.ProviderOption("cvsspecialty.WithStatusConcurrency", func(o *options) {
		if n < 1 || n > MaxStatusConcurrency {
			o.fail("WithStatusConcurrency: %d is not between 1 and %d", n, MaxStatusConcurrency)
			return
		}
		o.concurrency = n
	})
}

// WithDateFormat sets how Submit writes birthDate and authoredOn (default
// DateTimeUTC).
func WithDateFormat(f DateFormat) Option {
	return rxbridge.ProviderOption("cvsspecialty.WithDateFormat", func(o *options) {
		if f != DateTimeUTC && f != DateOnly {
			o.fail("WithDateFormat: unknown format %d", int(f))
			return
		}
		o.dateFormat = f
	})
}

// WithBasicAuthEncoding sets how the client id and secret are encoded in
// the token request (default BasicAuthRaw).
func WithBasicAuthEncoding(e BasicAuthEncoding) Option {
	return rxbridge.ProviderOption("cvsspecialty.WithBasicAuthEncoding", func(o *options) {
		if e != BasicAuthRaw && e != BasicAuthRFC6749 {
			o.fail("WithBasicAuthEncoding: unknown encoding %d", int(e))
			return
		}
		o.basicAuth = e
	})
}

// WithTokenTTL sets how long a token is trusted when the token endpoint
// sends no expires_in (or 0). Default 5 minutes; a token is never treated
// as valid forever. A token CVS rejects (statusCode 1001) is dropped at
// once whatever its lifetime.
func WithTokenTTL(d time.Duration) Option {
	return rxbridge.ProviderOption("cvsspecialty.WithTokenTTL", func(o *options) {
		if d < time.Second || d > 24*time.Hour {
			o.fail("WithTokenTTL: %v is not between 1s and 24h", d)
			return
		}
		o.tokenTTL = d
	})
}
