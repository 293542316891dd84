package httpx

import (
	"context"
	"crypto/fips140"
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// tlsServer starts a TLS server with the given version bounds and suites,
// and returns our default transport set to trust it.
func tlsServer(t *testing.T, minV, maxV uint16, suites []uint16) (*httptest.Server, *http.Transport) {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{}`))
	}))
	srv.TLS = &tls.Config{MinVersion: minV, MaxVersion: maxV, CipherSuites: suites}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	tr := DefaultTransport()
	tr.TLSClientConfig.RootCAs = srv.Client().Transport.(*http.Transport).TLSClientConfig.RootCAs
	// The tests check what the handshake agrees, not how long it takes:
	// under -race, FIPS mode and a busy machine it has exceeded the
	// default 10s.
	tr.TLSHandshakeTimeout = 0
	return srv, tr
}

func getVia(t *testing.T, base string, tr http.RoundTripper) error {
	t.Helper()
	var o Options
	o.BaseURL = base
	o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: -1})
	o.HTTPClient = &http.Client{Transport: tr}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	_, err = c.Do(context.Background(), &Request{Op: "Ping", Method: http.MethodGet, Route: "ping"})
	return err
}

func TestTLSVersions(t *testing.T) {
	srv, tr := tlsServer(t, tls.VersionTLS10, tls.VersionTLS11, nil)
	err := getVia(t, srv.URL, tr)
	require.ErrorIs(t, err, ErrTransport, "a TLS 1.1 server is refused")

	srv, tr = tlsServer(t, tls.VersionTLS12, tls.VersionTLS12, nil)
	require.NoError(t, getVia(t, srv.URL, tr), "TLS 1.2")

	srv, tr = tlsServer(t, tls.VersionTLS13, tls.VersionTLS13, nil)
	require.NoError(t, getVia(t, srv.URL, tr), "TLS 1.3")

	assert.Equal(t, uint16(tls.VersionTLS12), DefaultTransport().TLSClientConfig.MinVersion)
	assert.False(t, DefaultTransport().TLSClientConfig.InsecureSkipVerify)
}

// TestFIPSMode re-runs this test binary with GODEBUG=fips140=on and checks
// the default transport works unchanged, and refuses a non-approved suite.
func TestFIPSMode(t *testing.T) {
	if os.Getenv("RXBRIDGE_FIPS_CHILD") == "1" {
		require.True(t, fips140.Enabled(), "child runs in FIPS mode")
		srv, tr := tlsServer(t, tls.VersionTLS12, tls.VersionTLS13, nil)
		require.NoError(t, getVia(t, srv.URL, tr), "TLS works under fips140=on")
		srv, tr = tlsServer(t, tls.VersionTLS12, tls.VersionTLS12, []uint16{tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256})
		require.Error(t, getVia(t, srv.URL, tr), "ChaCha20 is not FIPS-approved")
		return
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFIPSMode$", "-test.v")
	cmd.Env = append(os.Environ(), "RXBRIDGE_FIPS_CHILD=1", "GODEBUG=fips140=on")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	assert.Contains(t, string(out), "--- PASS: TestFIPSMode")
}

func TestRedirectsStayOnTheHost(t *testing.T) {
	other := faultserver.New(nil)
	t.Cleanup(other.Close)
	var sameHostHops, awayHits, loopHits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/away":
			awayHits.Add(1)
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/here":
			sameHostHops.Add(1)
			http.Redirect(w, r, "/final", http.StatusFound)
		case "/loop":
			loopHits.Add(1)
			http.Redirect(w, r, "/loop", http.StatusFound)
		default:
			_, _ = w.Write([]byte(`{}`))
		}
	}))
	t.Cleanup(srv.Close)
	var auth *HeaderAuth
	var o Options
	o.BaseURL = srv.URL
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	c, err := New(Config{Provider: "test", Auth: func(base http.RoundTripper) http.RoundTripper {
		auth = &HeaderAuth{Base: base, Host: strings.TrimPrefix(srv.URL, "http://"), Header: http.Header{"X-Api-Key": {"k"}}}
		return auth
	}}, o)
	require.NoError(t, err)

	_, err = c.Do(context.Background(), &Request{Op: "Get", Method: http.MethodGet, Route: "away"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "redirect refused")
	assert.Equal(t, 0, other.Count(), "never followed to another host")
	assert.Equal(t, int32(1), awayHits.Load(), "a refused redirect is not retried")

	_, err = c.Do(context.Background(), &Request{Op: "Get", Method: http.MethodGet, Route: "here"})
	require.NoError(t, err)
	assert.Equal(t, int32(1), sameHostHops.Load())

	_, err = c.Do(context.Background(), &Request{Op: "Get", Method: http.MethodGet, Route: "loop"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "stopped after 5 redirects")
	assert.Equal(t, int32(5), loopHits.Load(), "one call, five hops, no retry")
}

func TestHeaderAuthOnlyForTheAPIHost(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")
	a := &HeaderAuth{Base: http.DefaultTransport, Host: host, Header: http.Header{"Cv-Api-Key": {"secret"}}}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
	resp, err := a.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, "secret", srv.Requests()[0].Header.Get("Cv-Api-Key"))
	assert.Empty(t, req.Header.Get("Cv-Api-Key"), "the caller's request is not mutated")

	a.Host = "api.example.com"
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/y", nil)
	resp, err = a.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Empty(t, srv.Requests()[1].Header.Get("Cv-Api-Key"), "another host gets no key")
}

// TestAttemptBound: one bound applies to an attempt, the one the user
// chose (WithTimeout, or their client's Timeout) or else the SDK's 60 s,
// and nothing under it cuts the attempt shorter. The default transport had
// a 45 s response-header timeout of its own, so WithTimeout(2*time.Minute)
// still ended an attempt whose upstream took 50 s to answer.
func TestAttemptBound(t *testing.T) {
	own := &http.Transport{}
	for _, tc := range []struct {
		name    string
		client  *http.Client
		timeout time.Duration
		want    time.Duration
	}{
		{"defaults", nil, 0, DefaultAttemptTimeout},
		{"WithTimeout longer than the default", nil, 2 * time.Minute, 2 * time.Minute},
		{"WithTimeout shorter", nil, 5 * time.Second, 5 * time.Second},
		{"a client with neither Transport nor Timeout gets the SDK's transport and bound", &http.Client{}, 0, DefaultAttemptTimeout},
		{"a client's Timeout is kept", &http.Client{Timeout: 7 * time.Second}, 0, 7 * time.Second},
		{"a client's own transport without a Timeout is left unbounded", &http.Client{Transport: own}, 0, 0},
		{"WithTimeout over a client's Timeout", &http.Client{Timeout: 7 * time.Second}, 3 * time.Minute, 3 * time.Minute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var o Options
			o.BaseURL = "http://127.0.0.1/"
			o.HTTPClient = tc.client
			o.Timeout = tc.timeout
			c, err := New(Config{Provider: "test"}, o)
			require.NoError(t, err)
			assert.Equal(t, tc.want, c.attemptTimeout, "the attempt's bound")
			assert.Zero(t, c.hc.Timeout, "the bound is the attempt's context deadline, not http.Client.Timeout")
			if tr, ok := c.rawTransport.(*http.Transport); ok && tr != own {
				assert.Zero(t, tr.ResponseHeaderTimeout, "no bound under the attempt's")
			}
		})
	}
}

// TestAttemptBoundEndsAStalledAttempt: an attempt whose upstream holds the
// response headers, or the body after them, ends at the bound with a
// timeout (Timeout() true, context.DeadlineExceeded, the caller's context
// untouched): a transport failure for a read, an unknown outcome for a
// call that changes state. The server holds each request until the client
// gives it up, so only the bound can end the attempt.
func TestAttemptBoundEndsAStalledAttempt(t *testing.T) {
	for _, stall := range []string{"headers", "body"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Read to the end: only then does the server notice the client
			// closing the connection, which ends the hold.
			_, _ = io.Copy(io.Discard, r.Body)
			if stall == "body" {
				w.Header().Set("Content-Length", "100")
				w.WriteHeader(http.StatusOK)
				_, _ = w.Write([]byte(`{"partial":`))
				w.(http.Flusher).Flush()
			}
			<-r.Context().Done()
		}))
		t.Cleanup(srv.Close)
		var o Options
		o.BaseURL = srv.URL
		o.Timeout = 50 * time.Millisecond
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: -1})
		c, err := New(Config{Provider: "test"}, o)
		require.NoError(t, err)
		ctx := context.Background()

		_, err = c.Do(ctx, &Request{Op: "Read", Method: http.MethodGet, Route: "r"})
		require.ErrorIs(t, err, ErrTransport, stall)
		require.ErrorIs(t, err, context.DeadlineExceeded, stall)
		var te interface{ Timeout() bool }
		require.ErrorAs(t, err, &te, stall)
		assert.True(t, te.Timeout(), stall)
		assert.Contains(t, err.Error(), "attempt timed out after 50ms", stall)
		require.NoError(t, ctx.Err())

		_, err = c.Do(ctx, &Request{Op: "Create", Method: http.MethodPost, Route: "c", Body: []byte(`{}`), Idempotency: NotIdempotent})
		require.ErrorIs(t, err, ErrOutcomeUnknown, stall)
		require.ErrorIs(t, err, context.DeadlineExceeded, stall)
	}
}

// closeCounter counts CloseIdleConnections calls.
type closeCounter struct {
	http.RoundTripper
	n atomic.Int32
}

func (c *closeCounter) CloseIdleConnections() { c.n.Add(1) }

// TestAttemptBoundClosesIdleConnections: the bound's transport passes
// CloseIdleConnections on, as http.Client.Timeout (a field, not a
// transport) did not need to.
func TestAttemptBoundClosesIdleConnections(t *testing.T) {
	tr := &closeCounter{RoundTripper: http.DefaultTransport}
	var o Options
	o.BaseURL = "http://127.0.0.1/"
	o.HTTPClient = &http.Client{Transport: tr, Timeout: time.Minute}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	c.hc.CloseIdleConnections()
	assert.Equal(t, int32(1), tr.n.Load())
}
