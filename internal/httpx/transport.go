package httpx

import (
	"crypto/tls"
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
