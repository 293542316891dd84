package httpx

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/apierr"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// fastRetry keeps retry tests quick: 4 attempts at most, millisecond waits.
var fastRetry = RetryPolicy{MaxRetries: 3, WaitMin: time.Millisecond, WaitMax: 4 * time.Millisecond, MaxRetryAfter: 20 * time.Millisecond}

func newFaultClient(t *testing.T, srv *faultserver.Server, mut func(*Options)) *Client {
	t.Helper()
	var o Options
	o.BaseURL = srv.URL + "/api"
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	o.HTTPClient = &http.Client{Transport: DefaultTransport()}
	if mut != nil {
		mut(&o)
	}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	t.Cleanup(func() { c.hc.CloseIdleConnections() })
	return c
}

type reqKind struct {
	name string
	req  Request
}

var kinds = []reqKind{
	{"GET", Request{Op: "Read", Method: http.MethodGet, Route: "items/{id}", PathParams: []string{"7"}}},
	{"idempotent POST", Request{Op: "Status", Method: http.MethodPost, Route: "status", Body: []byte(`{"ids":["a"]}`), Idempotency: Idempotent}},
	{"non-idempotent POST", Request{Op: "Refill", Method: http.MethodPost, Route: "refill/{id}", PathParams: []string{"7"}, Body: []byte(`{"rx":7}`)}},
}

// expectation for one outcome, per kind (index as in kinds).
type expect struct {
	attempts [3]int
	// err is "" for success, or the check to make: "status", "unknown",
	// "transport".
	err [3]string
	// status is the typed error's HTTP status, when err is "status" or an
	// outcome-unknown wrapping one.
	status int
}

func TestRetryMatrix(t *testing.T) {
	jsonErr := `{"errorCode":99,"message":"Unknown application error occurred","developerMessage":"boom"}`
	outcomes := []struct {
		name   string
		fault  faultserver.Fault
		mutate func(*Options)
		want   expect
	}{
		{"200", faultserver.Status(200, `{"ok":true}`), nil,
			expect{attempts: [3]int{1, 1, 1}}},
		{"400 JSON", faultserver.Status(400, jsonErr), nil,
			expect{attempts: [3]int{1, 1, 1}, err: [3]string{"status", "status", "status"}, status: 400}},
		{"401", faultserver.Status(401, `{"errorCode":110,"message":"Session expired"}`), nil,
			expect{attempts: [3]int{1, 1, 1}, err: [3]string{"status", "status", "status"}, status: 401}},
		{"429 with Retry-After", faultserver.RetryAfter(429, "1"), nil,
			expect{attempts: [3]int{4, 4, 4}, err: [3]string{"status", "status", "status"}, status: 429}},
		{"500 JSON", faultserver.Status(500, jsonErr), nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"status", "status", "unknown"}, status: 500}},
		{"502 HTML", faultserver.GatewayHTML(502), nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"status", "status", "unknown"}, status: 502}},
		{"503 HTML", faultserver.GatewayHTML(503), nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"status", "status", "unknown"}, status: 503}},
		{"504 HTML", faultserver.GatewayHTML(504), nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"status", "status", "unknown"}, status: 504}},
		{"reset before the body was read", faultserver.Fault{Kind: faultserver.ResetBeforeRead}, nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"transport", "transport", "unknown"}}},
		{"reset after send", faultserver.Fault{Kind: faultserver.ResetAfterRead}, nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"transport", "transport", "unknown"}}},
		// The attempt times out when the server holds it (a TimeoutGate;
		// the client is set per case below), never on a clock that a busy
		// machine could run out before the server sees the request.
		{"timeout", faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour, Status: 200}, nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"transport", "transport", "unknown"}}},
		{"truncated 200 body", faultserver.Fault{Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"prescriptionList":[{"prescriptionId":1},{"prescriptionId":2}]}`)}, nil,
			expect{attempts: [3]int{4, 4, 1}, err: [3]string{"transport", "transport", "unknown"}}},
	}
	for _, oc := range outcomes {
		for ki, k := range kinds {
			t.Run(oc.name+"/"+k.name, func(t *testing.T) {
				t.Parallel()
				srv := faultserver.New(nil)
				t.Cleanup(srv.Close)
				f := oc.fault
				srv.Always(&f)
				mutate := oc.mutate
				if f.Kind == faultserver.SlowHeaders {
					gate := faultserver.NewTimeoutGate()
					srv.SetGate(gate)
					mutate = func(o *Options) { o.HTTPClient = &http.Client{Transport: gate.Transport(DefaultTransport())} }
				}
				c := newFaultClient(t, srv, mutate)
				req := k.req
				resp, err := c.Do(context.Background(), &req)

				assert.Equal(t, oc.want.attempts[ki], srv.Count(), "requests the server saw")
				switch oc.want.err[ki] {
				case "":
					require.NoError(t, err)
					assert.Equal(t, oc.want.attempts[ki], resp.Attempts)
				case "status":
					var be *apierr.Base
					require.ErrorAs(t, err, &be)
					assert.Equal(t, oc.want.status, be.HTTPStatus)
					assert.Equal(t, oc.want.attempts[ki], be.Attempts)
					assert.NotErrorIs(t, err, ErrOutcomeUnknown)
				case "unknown":
					require.ErrorIs(t, err, ErrOutcomeUnknown)
					var ou *OutcomeUnknownError
					require.ErrorAs(t, err, &ou)
					assert.Equal(t, 1, ou.Attempts)
					if oc.want.status != 0 {
						var be *apierr.Base
						require.ErrorAs(t, err, &be, "the typed status error is reachable")
						assert.Equal(t, oc.want.status, be.HTTPStatus)
					} else {
						assert.ErrorIs(t, err, ErrTransport)
					}
				case "transport":
					require.ErrorIs(t, err, ErrTransport)
					assert.NotErrorIs(t, err, ErrOutcomeUnknown)
					var te *TransportError
					require.ErrorAs(t, err, &te)
					assert.Equal(t, oc.want.attempts[ki], te.Attempts)
				}
			})
		}
	}
}

func TestRetryRecoversAfterABurst(t *testing.T) {
	for _, k := range kinds[:2] {
		t.Run(k.name, func(t *testing.T) {
			srv := faultserver.New(nil)
			t.Cleanup(srv.Close)
			srv.Enqueue(faultserver.GatewayHTML(503), faultserver.Status(502, `{}`), faultserver.RetryAfter(429, "0"))
			c := newFaultClient(t, srv, nil)
			req := k.req
			var out map[string]any
			resp, err := c.DoJSON(context.Background(), &req, &out)
			require.NoError(t, err)
			assert.Equal(t, 4, resp.Attempts)
			assert.Equal(t, 4, srv.Count())
			for _, r := range srv.Requests() {
				assert.Equal(t, string(req.Body), string(r.Body), "the body is sent whole on every attempt")
			}
		})
	}
}

// refusingDialer fails the first n dials with ECONNREFUSED, as a host with
// nothing listening does, then dials for real.
func refusingDialer(n int32, dials *atomic.Int32) func(ctx context.Context, network, addr string) (net.Conn, error) {
	var d net.Dialer
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if dials.Add(1) <= n {
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.AddrError{Err: syscall.ECONNREFUSED.Error(), Addr: addr}}
		}
		return d.DialContext(ctx, network, addr)
	}
}

func TestConnectionRefusedIsRetriedEvenForNonIdempotent(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	var dials atomic.Int32
	tr := DefaultTransport()
	tr.DialContext = refusingDialer(2, &dials)
	c := newFaultClient(t, srv, func(o *Options) { o.HTTPClient = &http.Client{Transport: tr} })
	req := kinds[2].req
	resp, err := c.Do(context.Background(), &req)
	require.NoError(t, err, "nothing left the machine, so retrying a refill is safe")
	assert.Equal(t, 3, resp.Attempts)
	assert.Equal(t, int32(3), dials.Load())
	assert.Equal(t, 1, srv.Count())
}

func TestUnknownHostAndUntrustedCertAreNotRetried(t *testing.T) {
	t.Run("NXDOMAIN", func(t *testing.T) {
		var dials atomic.Int32
		tr := DefaultTransport()
		tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
			dials.Add(1)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: "api.invalid", IsNotFound: true}}
		}
		var o Options
		o.BaseURL = "https://api.invalid/"
		o.Retry = rxbridge.RetryPolicy(fastRetry)
		o.HTTPClient = &http.Client{Transport: tr}
		c, err := New(Config{Provider: "test"}, o)
		require.NoError(t, err)
		req := kinds[2].req
		_, err = c.Do(context.Background(), &req)
		require.ErrorIs(t, err, ErrTransport)
		assert.Equal(t, int32(1), dials.Load())
	})
	t.Run("unknown CA", func(t *testing.T) {
		srv := faultserver.NewTLS(nil)
		t.Cleanup(srv.Close)
		c := newFaultClient(t, srv, nil) // DefaultTransport does not trust the test CA
		req := kinds[0].req
		_, err := c.Do(context.Background(), &req)
		require.ErrorIs(t, err, ErrTransport)
		assert.Equal(t, 0, srv.Count(), "the handshake failed before any request")
		var te *TransportError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, 1, te.Attempts)
	})
}

func TestResetAfterReadOnReusedConnectionExecutesOnce(t *testing.T) {
	// net/http silently replays a request on a reused keep-alive connection
	// when it thinks it is safe (GET, or any method with an Idempotency-Key
	// header). A non-idempotent POST must reach the server exactly once.
	for range 20 {
		srv := faultserver.New(nil)
		c := newFaultClient(t, srv, nil)
		warm := kinds[0].req
		_, err := c.Do(context.Background(), &warm) // opens the keep-alive connection
		require.NoError(t, err)
		srv.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead})
		req := kinds[2].req
		_, err = c.Do(context.Background(), &req)
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		posts := 0
		for _, r := range srv.Requests() {
			if r.Method == http.MethodPost {
				posts++
				assert.Empty(t, r.Header.Get("Idempotency-Key"))
				assert.Empty(t, r.Header.Get("X-Idempotency-Key"))
			}
		}
		assert.Equal(t, 1, posts)
		srv.Close()
	}
}

func TestRetryAfterValues(t *testing.T) {
	p := RetryPolicy{MaxRetries: 3, WaitMin: 100 * time.Millisecond, WaitMax: time.Second, MaxRetryAfter: 30 * time.Second}.withDefaults()
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		value    string
		min, max time.Duration
	}{
		{"2", 2 * time.Second, 2200 * time.Millisecond},
		{"3600", 30 * time.Second, 30 * time.Second},
		{"-1", 50 * time.Millisecond, 100 * time.Millisecond}, // ignored: normal backoff
		{"abc", 50 * time.Millisecond, 100 * time.Millisecond},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, 0},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second, 5500 * time.Millisecond},
		{now.Add(48 * time.Hour).Format(http.TimeFormat), 30 * time.Second, 30 * time.Second},
	}
	for _, tc := range cases {
		for _, status := range []int{429, 503} {
			resp := &http.Response{StatusCode: status, Header: http.Header{"Retry-After": {tc.value}}}
			for range 50 {
				got := p.backoff(0, resp, now)
				assert.GreaterOrEqual(t, got, tc.min, "%s on %d", tc.value, status)
				assert.LessOrEqual(t, got, tc.max, "%s on %d", tc.value, status)
			}
		}
	}
	// Retry-After on a 500 is not honoured (only 429 and 503).
	resp := &http.Response{StatusCode: 500, Header: http.Header{"Retry-After": {"3600"}}}
	assert.LessOrEqual(t, p.backoff(0, resp, now), 100*time.Millisecond)
}

func TestBackoffIsExponentialWithJitterAndCapped(t *testing.T) {
	p := RetryPolicy{WaitMin: 100 * time.Millisecond, WaitMax: 800 * time.Millisecond}.withDefaults()
	for n, hi := range []time.Duration{100, 200, 400, 800, 800, 800} {
		hi *= time.Millisecond
		seen := map[time.Duration]bool{}
		for range 200 {
			d := p.backoff(n, nil, time.Now())
			require.GreaterOrEqual(t, d, hi/2)
			require.LessOrEqual(t, d, hi)
			seen[d] = true
		}
		assert.Greater(t, len(seen), 10, "jitter spreads retry %d", n)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{"0": 0, "2": 2 * time.Second, " 7 ": 7 * time.Second, "99999999999999999999": 0} {
		d, ok := ParseRetryAfter(v, now)
		if v == "99999999999999999999" {
			assert.False(t, ok, "overflow is unparseable")
			continue
		}
		require.True(t, ok, v)
		assert.Equal(t, want, d)
	}
	for _, v := range []string{"", "-1", "abc", "1.5", "Tue, 17 Jan 2012 00:00:00 EST"} {
		_, ok := ParseRetryAfter(v, now)
		assert.False(t, ok, v)
	}
}

func TestRetryAfterIsCappedInPractice(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.RetryAfter(429, "3600"), faultserver.RetryAfter(503, "3600"))
	c := newFaultClient(t, srv, nil) // MaxRetryAfter 20ms
	req := kinds[0].req
	start := time.Now()
	resp, err := c.Do(context.Background(), &req)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)
	// Uncapped, the call would take an hour: a minute tells the two apart
	// by a margin no load closes.
	assert.Less(t, time.Since(start), time.Minute)
}

func TestWaitThatWouldOutliveTheDeadlineStopsAtOnce(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	// An hour's Retry-After against a 2-minute deadline: returning at once
	// is told from waiting for the deadline by a margin no load closes.
	f := faultserver.RetryAfter(429, "3600")
	srv.Always(&f)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: time.Millisecond, MaxRetryAfter: 2 * time.Hour})
	})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	req := kinds[0].req
	start := time.Now()
	_, err := c.Do(ctx, &req)
	var be *apierr.Base
	require.ErrorAs(t, err, &be, "the 429 itself is reported, not a deadline")
	assert.Equal(t, 429, be.HTTPStatus)
	assert.Less(t, time.Since(start), time.Minute)
	assert.Equal(t, 1, srv.Count())
}

func TestCancelDuringBackoffReturnsPromptly(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	f := faultserver.GatewayHTML(503)
	srv.Always(&f)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 3, WaitMin: time.Hour, WaitMax: time.Hour})
	})
	// Cancel once the server has answered the first attempt (an event):
	// the client is then in its hour of backoff, which only the cancel
	// can end before the minute's guard.
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan time.Time, 1)
	go func() {
		for srv.Count() == 0 {
			time.Sleep(time.Millisecond)
		}
		cancelled <- time.Now()
		cancel()
	}()
	req := kinds[0].req
	done := make(chan error, 1)
	go func() {
		_, err := c.Do(ctx, &req)
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(time.Minute):
		t.Fatal("the cancel did not end the backoff")
	}
	<-cancelled
	time.Sleep(50 * time.Millisecond)
	assert.Equal(t, 1, srv.Count(), "no request after the cancel")
}

func TestCanceledNonIdempotentInFlightIsOutcomeUnknown(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Fault{Kind: faultserver.Hang})
	c := newFaultClient(t, srv, nil)
	// The caller gives up once the server holds the request (an event; a
	// short deadline could end it before it was sent).
	cancelWhenHeld := func(n int) context.Context {
		ctx, cancel := context.WithCancel(context.Background())
		t.Cleanup(cancel)
		go func() {
			for srv.Count() < n {
				time.Sleep(time.Millisecond)
			}
			cancel()
		}()
		return ctx
	}
	req := kinds[2].req
	_, err := c.Do(cancelWhenHeld(1), &req)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.ErrorIs(t, err, context.Canceled, "and it is still the context's error")
	assert.Equal(t, 1, srv.Count())

	// An idempotent read just returns the context's error.
	srv.Enqueue(faultserver.Fault{Kind: faultserver.Hang})
	get := kinds[0].req
	_, err = c.Do(cancelWhenHeld(2), &get)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}

func TestAlreadyCanceledContextSendsNothing(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	c := newFaultClient(t, srv, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := kinds[2].req
	_, err := c.Do(ctx, &req)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 0, srv.Count())
}

func TestResponseSizeLimit(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Fault{Kind: faultserver.Huge, Status: 200, Size: 8 << 20})
	c := newFaultClient(t, srv, func(o *Options) { o.MaxResponseBytes = 1 << 20 })
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrResponseTooLarge)
	assert.Equal(t, 1, srv.Count(), "a too-large body is not retried")

	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a read that is too large is just too large")

	// A declared Content-Length over the limit fails before reading.
	srv.Enqueue(faultserver.Status(200, string(make([]byte, 2<<20))))
	_, err = c.Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrResponseTooLarge)

	// A non-idempotent request whose 2xx answer is too large: the upstream
	// acted and its answer is lost, so the outcome is unknown (and the
	// request is not repeated).
	for _, f := range []faultserver.Fault{{Kind: faultserver.Huge, Status: 200, Size: 8 << 20}, faultserver.Status(201, string(make([]byte, 2<<20)))} {
		before := srv.Count()
		srv.Enqueue(f)
		post := kinds[2].req
		_, err = c.Do(context.Background(), &post)
		require.ErrorIs(t, err, ErrResponseTooLarge)
		require.ErrorIs(t, err, ErrOutcomeUnknown)
		var tl *TooLargeError
		require.ErrorAs(t, err, &tl)
		var ou *OutcomeUnknownError
		require.ErrorAs(t, err, &ou)
		assert.Equal(t, 1, ou.Attempts)
		assert.Equal(t, before+1, srv.Count(), "not retried")
	}

	// An error body is read only up to MaxErrorBytes.
	srv.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 400, Body: make([]byte, 1<<20)})
	resp, err := c.Do(context.Background(), &req)
	require.Error(t, err)
	assert.Len(t, resp.Body, MaxErrorBytes)
}

func TestSlowBodyHitsTheAttemptTimeout(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	// A byte an hour: only the attempt timeout can end an attempt. The
	// timeout is long enough for a busy machine to deliver the request
	// first (200ms was not).
	f := faultserver.Fault{Kind: faultserver.SlowBody, Status: 200, Body: []byte(`{"a":"bcdefghijkl"}`), Delay: time.Hour}
	srv.Always(&f)
	c := newFaultClient(t, srv, func(o *Options) {
		o.Timeout = 2 * time.Second
		o.Retry = rxbridge.RetryPolicy(RetryPolicy{MaxRetries: 1, WaitMin: time.Millisecond})
	})
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrTransport)
	assert.Equal(t, 2, srv.Count())
}

func TestHTMLUnder200IsADecodeError(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	page := faultserver.GatewayHTML(200)
	srv.Enqueue(page)
	c := newFaultClient(t, srv, nil)
	req := kinds[0].req
	var out struct{}
	_, err := c.DoJSON(context.Background(), &req, &out)
	require.ErrorIs(t, err, ErrDecode)
	var de *DecodeError
	require.ErrorAs(t, err, &de)
	assert.Contains(t, de.ContentType, "text/html")
}

func TestDecodeJSONIsLenientAboutContentTypeAndBOM(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "text/plain", Body: []byte("\xef\xbb\xbf{\"status\":\"success\"}")},
		faultserver.Fault{Kind: faultserver.Respond, Status: 200, Body: nil})
	c := newFaultClient(t, srv, nil)
	req := kinds[0].req
	var out struct{ Status string }
	_, err := c.DoJSON(context.Background(), &req, &out)
	require.NoError(t, err)
	assert.Equal(t, "success", out.Status)
	out.Status = "kept"
	_, err = c.DoJSON(context.Background(), &req, &out)
	require.NoError(t, err, "an empty 2xx body decodes to nothing")
	assert.Equal(t, "kept", out.Status)
}

func TestUnreadable2xxOfANonIdempotentRequestIsOutcomeUnknown(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	page := faultserver.Fault{Kind: faultserver.Respond, Status: 200, ContentType: "text/html", Body: []byte("<html>Welcome</html>")}
	srv.Always(&page)
	c := newFaultClient(t, srv, nil)
	for i, k := range kinds {
		req := k.req
		var out struct{ ID string }
		_, err := c.DoJSON(context.Background(), &req, &out)
		require.ErrorIs(t, err, ErrDecode, k.name)
		var de *DecodeError
		require.ErrorAs(t, err, &de, k.name)
		if i == 2 {
			require.ErrorIs(t, err, ErrOutcomeUnknown, "the upstream acted (2xx) but its answer is unreadable")
			var ou *OutcomeUnknownError
			require.ErrorAs(t, err, &ou)
			assert.Equal(t, 1, ou.Attempts)
		} else {
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "%s: a read that does not decode is just a decode error", k.name)
		}
	}
	assert.Equal(t, 3, srv.Count(), "decode failures are never retried")

	// A non-2xx body decoded by hand is not outcome unknown (the status
	// said what happened).
	bad := faultserver.Status(409, "<html>conflict</html>")
	srv.Always(&bad)
	req := kinds[2].req
	resp, err := c.Do(context.Background(), &req)
	require.Error(t, err)
	var out struct{ ID string }
	err = DecodeJSON(resp, &out)
	require.ErrorIs(t, err, ErrDecode)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
}

func TestDecodeErrorHook(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Status(404, `{"code":"nf"}`))
	sentinel := errors.New("not found")
	var o Options
	o.BaseURL = srv.URL
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	c, err := New(Config{Provider: "p", DecodeError: func(r *Response) error {
		assert.Equal(t, `{"code":"nf"}`, string(r.Body))
		assert.Equal(t, "Read", r.Op)
		return sentinel
	}}, o)
	require.NoError(t, err)
	req := kinds[0].req
	resp, err := c.Do(context.Background(), &req)
	require.ErrorIs(t, err, sentinel)
	require.NotNil(t, resp)
	assert.Equal(t, 404, resp.StatusCode)
}

func TestHeadersSent(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	var o Options
	o.BaseURL = srv.URL
	o.UserAgent = "pharmacy-app/2.1"
	c, err := New(Config{Provider: "p", Header: http.Header{"X-Mock": {"Y"}}}, o)
	require.NoError(t, err)
	req := kinds[2].req
	_, err = c.Do(context.Background(), &req)
	require.NoError(t, err)
	got := srv.Requests()[0].Header
	assert.Equal(t, "pharmacy-app/2.1 rxbridge-go/"+Version, got.Get("User-Agent"))
	assert.Equal(t, "application/json", got.Get("Content-Type"))
	assert.Equal(t, "application/json", got.Get("Accept"))
	assert.Equal(t, "Y", got.Get("X-Mock"))
	assert.Equal(t, "/refill/7", srv.Requests()[0].Path)
}
