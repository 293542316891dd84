package carevalidate

import (
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
}

// WithStaging points the client at CareValidate's staging API
// (StagingURL).
func WithStaging() Option {
	return rxbridge.ProviderOption("carevalidate.WithStaging", func(o *options) { o.BaseURL = StagingURL })
}

// apply applies opts (rxbridge.Apply) and reports every invalid option.
func (o *options) apply(opts []Option) error {
	return rxbridge.Apply("carevalidate", opts, &o.Options, o)
}
