package rxbridgetest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

func TestConstructorsScriptTheAnswers(t *testing.T) {
	in := rxbridgetest.NewInjector(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		_, _ = io.WriteString(w, `{"ok":true}`)
	}))
	srv := httptest.NewServer(in)
	defer func() { srv.CloseClientConnections(); srv.Close() }()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
	get := func(ctx context.Context) (*http.Response, string, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/x?q=1", strings.NewReader("body"))
		resp, err := hc.Do(req)
		if err != nil {
			return nil, "", err
		}
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		return resp, string(b), err
	}
	ctx := context.Background()

	in.Enqueue(rxbridgetest.Status(422, `{"e":1}`), rxbridgetest.RetryAfter(429, "7"), rxbridgetest.GatewayHTML(503))
	resp, body, err := get(ctx)
	require.NoError(t, err)
	assert.Equal(t, 422, resp.StatusCode)
	assert.Equal(t, `{"e":1}`, body)
	resp, _, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, "7", resp.Header.Get("Retry-After"))
	resp, body, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, 503, resp.StatusCode)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")
	assert.Greater(t, len(body), 8<<10-100)

	in.Enqueue(rxbridgetest.ResetBeforeRead(), rxbridgetest.ResetAfterRead(), rxbridgetest.Truncate(200, `{"long":"enough"}`))
	for range 3 {
		_, _, err = get(ctx)
		require.Error(t, err)
	}

	in.Enqueue(rxbridgetest.Huge(1 << 20))
	_, body, err = get(ctx)
	require.NoError(t, err)
	assert.Greater(t, len(body), 1<<20)

	in.Enqueue(rxbridgetest.SlowBody(time.Millisecond, 200, `{}`), rxbridgetest.SlowHeaders(time.Millisecond, 201, `{}`))
	_, body, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, `{}`, body)
	resp, _, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)

	// Hang answers nothing until the client leaves.
	in.Enqueue(rxbridgetest.Hang())
	hctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { _, _, err := get(hctx); done <- err }()
	require.Eventually(t, func() bool { return in.Count() == 10 }, time.Minute, time.Millisecond) // a guard
	cancel()
	require.Error(t, <-done)

	// Then the wrapped handler answers, and every request was recorded.
	_, body, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":true}`, body)
	recs := in.Requests()
	require.Len(t, recs, 11)
	assert.Equal(t, "/x", recs[0].Path)
	assert.Equal(t, "q=1", recs[0].Query)
	assert.Equal(t, "body", string(recs[0].Body))
	assert.Nil(t, recs[3].Body, "reset before read: the body was never read")
	assert.Equal(t, "body", string(recs[4].Body), "reset after read: the upstream acted")

	f := rxbridgetest.Status(500, `{}`)
	in.Always(&f)
	resp, _, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, 500, resp.StatusCode)
	in.Reset()
	assert.Zero(t, in.Count())
	_, body, err = get(ctx)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":true}`, body)
}

func TestLoseAnswerProcessesTheRequestThenResets(t *testing.T) {
	var processed atomic.Int32
	in := rxbridgetest.NewInjector(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		processed.Add(1)
		_, _ = io.WriteString(w, `{"id":"created"}`)
	}))
	srv := httptest.NewServer(in)
	defer func() { srv.CloseClientConnections(); srv.Close() }()
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}

	in.Enqueue(rxbridgetest.LoseAnswer())
	resp, err := hc.Post(srv.URL+"/create", "application/json", strings.NewReader(`{}`))
	if resp != nil {
		resp.Body.Close()
	}
	require.Error(t, err, "the answer is lost")
	assert.Equal(t, int32(1), processed.Load(), "the fake acted")
	assert.Equal(t, `{}`, string(in.Requests()[0].Body))

	resp, err = hc.Post(srv.URL+"/create", "application/json", strings.NewReader(`{}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, int32(2), processed.Load())
}
