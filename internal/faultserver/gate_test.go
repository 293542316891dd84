package faultserver

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gated returns a server using a gate and a client behind it, with no
// timeout of its own.
func gated(t *testing.T, next http.Handler) (*Server, *http.Client) {
	t.Helper()
	s := New(next)
	gate := NewTimeoutGate()
	s.SetGate(gate)
	tr := &http.Transport{}
	t.Cleanup(func() {
		s.Close()
		tr.CloseIdleConnections()
	})
	return s, &http.Client{Transport: gate.Transport(tr)}
}

// A request the server holds in a stalling fault ends with a timeout, once
// the server has recorded it; the caller's context is untouched.
func TestTimeoutGateEndsAHeldRequest(t *testing.T) {
	for _, f := range []Fault{
		{Kind: SlowHeaders, Delay: time.Hour, Status: 200},
		{Kind: Hang},
		{Kind: SlowBody, Delay: time.Hour, Status: 200, Body: []byte("0123456789")},
	} {
		s, c := gated(t, nil)
		s.Enqueue(f)
		// A guard so that a broken gate fails instead of hanging.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
		require.NoError(t, err)
		resp, err := c.Do(req)
		if err == nil {
			// SlowBody: the headers came before the gate cut the body.
			_, err = io.ReadAll(resp.Body)
			_ = resp.Body.Close()
		}
		require.Error(t, err, "fault %d", f.Kind)
		var te interface{ Timeout() bool }
		require.True(t, errors.As(err, &te) && te.Timeout(), "a timeout: %v", err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.ErrorIs(t, err, ErrHeldTimeout)
		assert.NoError(t, ctx.Err(), "the caller's context did not end")
		assert.Equal(t, 1, s.Count(), "the server recorded the request")
		cancel()
	}
}

// Requests the server does not hold are untouched: they get their answers
// (a fault's or the handler's), and the gate's header reaches neither the
// handler nor the records.
func TestTimeoutGateLetsOtherRequestsThrough(t *testing.T) {
	s, c := gated(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Empty(t, r.Header.Get(GateHeader))
		_, _ = io.WriteString(w, "answer")
	}))
	s.Enqueue(Status(503, `{}`), Fault{Kind: Truncate, Status: 200, Body: []byte("0123456789")})
	resp, err := c.Get(s.URL)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, 503, resp.StatusCode)
	resp, err = c.Get(s.URL)
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF, "a truncated body is not a timeout")
	assert.NotErrorIs(t, err, ErrHeldTimeout)
	resp, err = c.Post(s.URL+"/x", "text/plain", nil)
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, "answer", string(b))
	for _, rec := range s.Requests() {
		assert.Empty(t, rec.Header.Get(GateHeader))
	}
	var ue *url.Error
	assert.False(t, errors.As(err, &ue))
}

// A gate on an Injector behind another (a fake's per-route faults behind
// its Faults) works: the outer Injector, without a gate, passes the tag
// on, and records none.
func TestTimeoutGateBehindAnotherInjector(t *testing.T) {
	inner := NewInjector(nil)
	s := New(inner)
	gate := NewTimeoutGate()
	inner.SetGate(gate)
	tr := &http.Transport{}
	t.Cleanup(func() {
		s.Close()
		tr.CloseIdleConnections()
	})
	c := &http.Client{Transport: gate.Transport(tr)}
	inner.Enqueue(Fault{Kind: SlowHeaders, Delay: time.Hour, Status: 200})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.URL, nil)
	require.NoError(t, err)
	_, err = c.Do(req)
	require.ErrorIs(t, err, ErrHeldTimeout)
	assert.NoError(t, ctx.Err(), "the gate, not the guard, ended it")
	require.Equal(t, 1, s.Count())
	require.Equal(t, 1, inner.Count())
	assert.Empty(t, s.Requests()[0].Header.Get(GateHeader))
	assert.Empty(t, inner.Requests()[0].Header.Get(GateHeader))
}
