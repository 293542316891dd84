package httpx

import (
	"errors"
	"net/url"
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Options are the common settings every provider client offers
// (rxbridge.WithBaseURL, WithHTTPClient, WithLogger, WithRetry,
// WithTimeout, WithUserAgent, WithMaxResponseBytes), validated and applied
// by rxbridge.Apply. The base URL is validated by New.
type Options = rxbridge.Settings

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
