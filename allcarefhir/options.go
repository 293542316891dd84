package allcarefhir

import (
	"errors"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// Option configures a client: the common options of package rxbridge
// (rxbridge.WithBaseURL, rxbridge.WithHTTPClient, rxbridge.WithLogger,
// rxbridge.WithRetry, rxbridge.WithTimeout, rxbridge.WithUserAgent,
// rxbridge.WithMaxResponseBytes) and this package's own. Another provider's
// options are refused.
type Option = rxbridge.Option

type options struct {
	httpx.Options
	maxPages int
	errs     []error
}

// apply applies opts (rxbridge.Apply) and reports every invalid option.
func (o *options) apply(opts []Option) error {
	return errors.Join(rxbridge.Apply("allcarefhir", opts, &o.Options, o), errors.Join(o.errs...))
}

// DefaultMaxPages is the default limit of pages one search follows.
const DefaultMaxPages = 10000

// WithMaxPages bounds how many pages one search follows (default
// DefaultMaxPages); a search that reaches it yields ErrTooManyPages.
func WithMaxPages(n int) Option {
	return rxbridge.ProviderOption("allcarefhir.WithMaxPages", func(o *options) {
		if n <= 0 {
			o.errs = append(o.errs, errors.New("allcarefhir: option WithMaxPages: must be positive"))
			return
		}
		o.maxPages = n
	})
}
