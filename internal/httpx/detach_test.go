package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDetachKeepsValuesNotCancellationNorRequestState(t *testing.T) {
	type traceKey struct{}
	ctx := context.WithValue(context.Background(), traceKey{}, "trace-1")
	ctx = httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{GetConn: func(string) {}, ConnectStart: func(string, string) {}})
	ctx = context.WithValue(ctx, ctxKey{}, &call{idempotent: true, credKey: "veteran-1"})
	ctx, cancel := context.WithTimeout(ctx, time.Hour)

	d := Detach(ctx)
	cancel()
	assert.Equal(t, "trace-1", d.Value(traceKey{}), "values are kept")
	assert.NoError(t, d.Err(), "the caller's cancellation is not")
	_, ok := d.Deadline()
	assert.False(t, ok, "nor its deadline")
	assert.Nil(t, httptrace.ContextClientTrace(d), "nor its HTTP tracing")
	req, err := http.NewRequestWithContext(d, http.MethodPost, "http://127.0.0.1/", nil)
	require.NoError(t, err)
	assert.Empty(t, CredentialKey(req), "nor the pipeline's call state")
	assert.False(t, IsIdempotent(req))

	// Below a timeout, as the shared work runs, the same holds.
	b, stop := context.WithTimeout(d, time.Minute)
	defer stop()
	assert.Equal(t, "trace-1", b.Value(traceKey{}))
	assert.Nil(t, httptrace.ContextClientTrace(b))
}

func TestDetachedWorkIsNotTheCallersTraffic(t *testing.T) {
	// A request made on a detached context fires none of the caller's
	// httptrace hooks (the pipeline's "nothing was sent" proof reads
	// them), while a trace set on the detached context itself works.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(srv.Close)
	var caller, own atomic.Int32
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GetConn: func(string) { caller.Add(1) }, ConnectStart: func(string, string) { caller.Add(1) },
	})
	d := httptrace.WithClientTrace(Detach(ctx), &httptrace.ClientTrace{GetConn: func(string) { own.Add(1) }})
	req, err := http.NewRequestWithContext(d, http.MethodGet, srv.URL, nil)
	require.NoError(t, err)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	resp, err := tr.RoundTrip(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Zero(t, caller.Load())
	assert.Equal(t, int32(1), own.Load())
}
