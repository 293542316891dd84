package httpx

import (
	"context"
	"crypto/tls"
	"io"
	"net"
	"net/http"
	"time"
)

// DefaultAttemptTimeout bounds one attempt when the user gives no
// WithTimeout and no *http.Client of their own that sets a Transport or a
// Timeout.
const DefaultAttemptTimeout = 60 * time.Second

// DefaultTransport returns the transport used when the user supplies none:
// TLS 1.2 or newer with Go's default (FIPS-aware) suites, pooled keep-alive
// connections, and bounded connect, TLS handshake and response-header
// waits. It sets no cipher suites or curves of its own, so under
// GODEBUG=fips140=on crypto/tls restricts itself to FIPS 140-3 approved
// algorithms and the transport works unchanged.
func DefaultTransport() *http.Transport {
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		TLSClientConfig:       &tls.Config{MinVersion: tls.VersionTLS12},
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
		MaxIdleConns:          100,
		MaxIdleConnsPerHost:   32,
		IdleConnTimeout:       90 * time.Second,
		ForceAttemptHTTP2:     true,
	}
}

// attemptBound ends each attempt that outlasts d, from the moment the
// request is handed over until its response body is closed: connect,
// credentials, send, response headers and body, as http.Client.Timeout
// does. It is a deadline on the attempt's context, cheaper than
// http.Client.Timeout, whose per-request cancellation (a context, a timer
// and their closures, about fifteen allocations) was the largest cost the
// pipeline added to a call. It wraps every other transport, so a
// credential fetched inside an attempt is bounded by it too.
type attemptBound struct {
	next http.RoundTripper
	d    time.Duration
}

// RoundTrip implements http.RoundTripper.
func (t *attemptBound) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithTimeoutCause(req.Context(), t.d, attemptTimeout{t.d})
	resp, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil || resp == nil || resp.Body == nil {
		cancel()
		return resp, err
	}
	resp.Body = &boundBody{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport it
// wraps, so that http.Client.CloseIdleConnections still reaches them.
func (t *attemptBound) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// boundBody ends the attempt's deadline when the body is closed.
type boundBody struct {
	io.ReadCloser
	cancel context.CancelFunc
}

// Close implements io.Closer.
func (b *boundBody) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// attemptTimeout is the error of an attempt that outlasted its bound. Like
// http.Client.Timeout's, it reports Timeout() true and matches
// context.DeadlineExceeded; it is never the caller's context ending.
type attemptTimeout struct{ d time.Duration }

func (e attemptTimeout) Error() string {
	return "attempt timed out after " + e.d.String()
}

// Timeout reports true: net.Error's view of a timeout.
func (attemptTimeout) Timeout() bool { return true }

// Temporary reports true (net.Error).
func (attemptTimeout) Temporary() bool { return true }

// Is makes errors.Is(err, context.DeadlineExceeded) true.
func (attemptTimeout) Is(target error) bool { return target == context.DeadlineExceeded }
