package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptrace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// The "nothing was written" proof comes from the httptrace events of each
// attempt, which net/http's transport reports under any RoundTripper that
// passes the request's context on. These tests run the same exchanges
// through net/http's transport as it is, through a trivial wrapper and
// through otelhttp, and expect the same attempts and errors.

// passThrough is the most trivial wrapper: it hands the request on.
type passThrough struct{ next http.RoundTripper }

func (p passThrough) RoundTrip(r *http.Request) (*http.Response, error) { return p.next.RoundTrip(r) }

// valuesDropped keeps a context's cancellation and deadline but none of
// its values.
type valuesDropped struct{ context.Context }

func (valuesDropped) Value(any) any { return nil }

// contextDropper sends the request with a context that keeps the
// cancellation but drops every value, so no httptrace event reaches the
// pipeline: nothing can be proven about what the attempt wrote.
type contextDropper struct{ next http.RoundTripper }

func (d contextDropper) RoundTrip(r *http.Request) (*http.Response, error) {
	return d.next.RoundTrip(r.WithContext(valuesDropped{r.Context()}))
}

// wrappings are the transports every case runs through: net/http's own,
// a trivial wrapper and otelhttp (with the global, no-op providers).
var wrappings = []struct {
	name string
	wrap func(*http.Transport) http.RoundTripper
}{
	{"net/http", func(t *http.Transport) http.RoundTripper { return t }},
	{"wrapper", func(t *http.Transport) http.RoundTripper { return passThrough{t} }},
	{"otelhttp", func(t *http.Transport) http.RoundTripper { return otelhttp.NewTransport(t) }},
}

// silentTLSServer accepts TCP connections and never answers: a TLS
// handshake with it never completes, so no request is ever written. Each
// accepted connection is reported on the returned channel.
func silentTLSServer(t *testing.T) (string, <-chan struct{}) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	accepted := make(chan struct{}, 64)
	var mu sync.Mutex
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
			accepted <- struct{}{}
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "https://" + ln.Addr().String(), accepted
}

// errHandshakeTimeout is the error of an attempt cutOnAccept ended: a
// timeout, as an attempt timeout during a handshake that never completes
// would be.
var errHandshakeTimeout error = handshakeTimeout{}

type handshakeTimeout struct{}

func (handshakeTimeout) Error() string {
	return "test: attempt timed out in a TLS handshake the server never answered"
}
func (handshakeTimeout) Timeout() bool        { return true }
func (handshakeTimeout) Is(target error) bool { return target == context.DeadlineExceeded }

// cutOnAccept ends each attempt with errHandshakeTimeout once the silent
// server accepted a connection for it (attempts are sequential): an event,
// where a short attempt timeout could end an attempt before it even
// connected on a busy machine. It counts the attempts it ended.
type cutOnAccept struct {
	next     http.RoundTripper
	accepted <-chan struct{}
	cuts     *atomic.Int32
}

func (c cutOnAccept) RoundTrip(r *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancelCause(r.Context())
	defer cancel(nil)
	returned := make(chan struct{})
	defer close(returned)
	go func() {
		select {
		case <-c.accepted:
			c.cuts.Add(1)
			cancel(errHandshakeTimeout)
		case <-returned:
		}
	}()
	resp, err := c.next.RoundTrip(r.WithContext(ctx))
	if err != nil && context.Cause(ctx) == errHandshakeTimeout {
		err = errHandshakeTimeout
	}
	if resp != nil {
		// The silent server never answers: no body outlives the attempt.
		_ = resp.Body.Close()
		return nil, errors.New("test: the silent server answered")
	}
	return resp, err
}

// guard returns a context that only guards against a hang.
func guard(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// clientVia returns a client for base whose transport is rt, with fastRetry
// and the given attempt timeout.
func clientVia(t *testing.T, base string, rt http.RoundTripper, timeout time.Duration) *Client {
	t.Helper()
	var o Options
	o.BaseURL = base
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	o.HTTPClient = &http.Client{Transport: rt}
	if timeout > 0 {
		o.Timeout = timeout
	}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	return c
}

func TestHandshakeThatNeverCompletesIsRetriedThroughAnyTransport(t *testing.T) {
	// The server takes the connection and never finishes the TLS
	// handshake: each attempt times out before a byte of the request was
	// written, so even a refill is tried again, whatever wraps net/http.
	for _, w := range wrappings {
		t.Run(w.name, func(t *testing.T) {
			base, accepted := silentTLSServer(t)
			tr := DefaultTransport()
			t.Cleanup(tr.CloseIdleConnections)
			var cuts atomic.Int32
			c := clientVia(t, base, cutOnAccept{w.wrap(tr), accepted, &cuts}, 0)
			req := kinds[2].req // non-idempotent POST
			_, err := c.Do(guard(t), &req)
			require.ErrorIs(t, err, ErrTransport)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was written")
			var te *TransportError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, 4, te.Attempts)
			assert.Equal(t, int32(4), cuts.Load(), "each attempt connected and timed out in the handshake")
		})
	}
}

func TestWithoutTraceEventsAnAttemptMayHaveBeenSent(t *testing.T) {
	// A transport that drops the request's context reports no event: the
	// same silent server now proves nothing, and the refill is not
	// repeated.
	base, accepted := silentTLSServer(t)
	tr := DefaultTransport()
	t.Cleanup(tr.CloseIdleConnections)
	var cuts atomic.Int32
	c := clientVia(t, base, cutOnAccept{contextDropper{tr}, accepted, &cuts}, 0)
	req := kinds[2].req
	_, err := c.Do(guard(t), &req)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	var ou *OutcomeUnknownError
	require.ErrorAs(t, err, &ou)
	assert.Equal(t, 1, ou.Attempts)
	assert.Equal(t, int32(1), cuts.Load())

	// An idempotent request is still retried.
	get := kinds[0].req
	_, err = c.Do(guard(t), &get)
	require.ErrorIs(t, err, ErrTransport)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, int32(5), cuts.Load())
}

func TestResetAfterReadIsOutcomeUnknownThroughAnyTransport(t *testing.T) {
	// The server read the request, then reset the connection: it may have
	// acted. Through any transport, a refill ends after one attempt with
	// ErrOutcomeUnknown, and a read is retried.
	for _, w := range wrappings {
		t.Run(w.name, func(t *testing.T) {
			srv := faultserver.New(nil)
			t.Cleanup(srv.Close)
			srv.Always(&faultserver.Fault{Kind: faultserver.ResetAfterRead})
			tr := DefaultTransport()
			t.Cleanup(tr.CloseIdleConnections)
			c := clientVia(t, srv.URL, w.wrap(tr), 0)

			post := kinds[2].req
			_, err := c.Do(context.Background(), &post)
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			require.ErrorIs(t, err, ErrTransport)
			var ou *OutcomeUnknownError
			require.ErrorAs(t, err, &ou)
			assert.Equal(t, 1, ou.Attempts)
			assert.Equal(t, 1, srv.Count(), "the refill reached the server once")

			get := kinds[0].req
			_, err = c.Do(context.Background(), &get)
			require.ErrorIs(t, err, ErrTransport)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 5, srv.Count(), "the read was tried 4 times")
		})
	}
}

func TestCancelWhileConnectingIsNotOutcomeUnknownThroughAWrapper(t *testing.T) {
	// The caller gives up while the TLS handshake hangs: the refill was
	// never written, so the error is the context's, not outcome unknown.
	base, accepted := silentTLSServer(t)
	tr := DefaultTransport()
	t.Cleanup(tr.CloseIdleConnections)
	c := clientVia(t, base, passThrough{tr}, 0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-accepted
		cancel()
	}()
	req := kinds[2].req
	_, err := c.Do(ctx, &req)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}

func TestCallersClientTraceStillSeesEveryEvent(t *testing.T) {
	// The pipeline's trace composes with one the caller put in the
	// context: the caller's hooks run, and the proof still works.
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	tr := DefaultTransport()
	t.Cleanup(tr.CloseIdleConnections)
	c := clientVia(t, srv.URL, passThrough{tr}, 0)
	var getConn, gotConn, wrote atomic.Int32
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GetConn:      func(string) { getConn.Add(1) },
		GotConn:      func(httptrace.GotConnInfo) { gotConn.Add(1) },
		WroteHeaders: func() { wrote.Add(1) },
	})
	req := kinds[2].req
	_, err := c.Do(ctx, &req)
	require.NoError(t, err)
	assert.Equal(t, int32(1), getConn.Load())
	assert.Equal(t, int32(1), gotConn.Load())
	assert.Equal(t, int32(1), wrote.Load())

	srv.Always(&faultserver.Fault{Kind: faultserver.ResetAfterRead})
	_, err = c.Do(ctx, &req)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 2, srv.Count())
}

// traceSpy records whether each request it passes on carries a
// ClientTrace whose hooks are not the caller's (the pipeline's own).
type traceSpy struct {
	next    http.RoundTripper
	callers *httptrace.ClientTrace
	mu      sync.Mutex
	own     []bool
}

func (s *traceSpy) RoundTrip(r *http.Request) (*http.Response, error) {
	tr := httptrace.ContextClientTrace(r.Context())
	s.mu.Lock()
	s.own = append(s.own, tr != nil && tr != s.callers)
	s.mu.Unlock()
	return s.next.RoundTrip(r)
}

// TestOnlyNonIdempotentAttemptsCarryTheTrace: an idempotent request is
// retried whether or not an attempt left, so its attempts carry no trace
// of the pipeline's (whose hooks net/http would call on every attempt);
// a non-idempotent one's do. The caller's own trace reaches both.
func TestOnlyNonIdempotentAttemptsCarryTheTrace(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	tr := DefaultTransport()
	t.Cleanup(tr.CloseIdleConnections)
	var gotConn atomic.Int32
	callers := &httptrace.ClientTrace{GotConn: func(httptrace.GotConnInfo) { gotConn.Add(1) }}
	spy := &traceSpy{next: tr, callers: callers}
	c := clientVia(t, srv.URL, spy, 0)
	ctx := httptrace.WithClientTrace(context.Background(), callers)
	for _, k := range kinds {
		req := k.req
		_, err := c.Do(ctx, &req)
		require.NoError(t, err, k.name)
	}
	assert.Equal(t, []bool{false, false, true}, spy.own, "GET, idempotent POST, non-idempotent POST")
	assert.Equal(t, int32(3), gotConn.Load(), "the caller's trace saw every attempt")
}
