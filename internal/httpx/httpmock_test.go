package httpx

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// mockClient injects a MockTransport that fails the test on any request
// it has no responder for.
func mockClient(t *testing.T) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	var o Options
	o.BaseURL = "https://api.example.com/v1"
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	o.HTTPClient = &http.Client{Transport: mt}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	return c, mt
}

func TestUntracedTransportErrorsAreMaybeSent(t *testing.T) {
	// httpmock reports no httptrace events, so the pipeline cannot prove a
	// failed POST never left: it must not retry it.
	c, mt := mockClient(t)
	mt.RegisterResponder("POST", "https://api.example.com/v1/refill/7", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	mt.RegisterResponder("GET", "https://api.example.com/v1/items/7", httpmock.NewErrorResponder(io.ErrUnexpectedEOF))

	post := kinds[2].req
	_, err := c.Do(context.Background(), &post)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST https://api.example.com/v1/refill/7"])

	get := kinds[0].req
	_, err = c.Do(context.Background(), &get)
	require.ErrorIs(t, err, ErrTransport)
	assert.Equal(t, 4, mt.GetCallCountInfo()["GET https://api.example.com/v1/items/7"])
}

func TestDialErrorsProveNotSentWithAnyTransport(t *testing.T) {
	c, mt := mockClient(t)
	dialErr := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	mt.RegisterResponder("POST", "https://api.example.com/v1/refill/7",
		httpmock.NewErrorResponder(dialErr).Then(httpmock.NewErrorResponder(dialErr)).Then(httpmock.NewStringResponder(200, `{"status":"success"}`)))
	post := kinds[2].req
	resp, err := c.Do(context.Background(), &post)
	require.NoError(t, err)
	assert.Equal(t, 3, resp.Attempts)
	assert.Equal(t, 3, mt.GetTotalCallCount())
}

func TestCancelDuringBackoffAfter429IsNotOutcomeUnknown(t *testing.T) {
	answered := make(chan struct{})
	calls := 0
	// A transport of our own that answers in the caller's goroutine:
	// httpmock would race its responder against the context.
	rt := transportFunc(func(req *http.Request) (*http.Response, error) {
		calls++
		resp := httpmock.NewStringResponse(429, `{}`)
		resp.Header.Set("Retry-After", "1")
		close(answered)
		return resp, nil
	})
	c := cancelClient(t, rt)
	c.retry.MaxRetryAfter = 5 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-answered
		cancel() // during the Retry-After wait, or as the 429 is judged
	}()
	post := kinds[2].req
	_, err := c.Do(ctx, &post)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "the server refused the request with 429: nothing happened")
	assert.Equal(t, 1, calls)
}

// transportFunc is an http.RoundTripper made of a function.
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// cancelThenAnswer is a transport that ends the caller's context and then,
// in the same goroutine, hands back an answer: the answer has arrived by the
// time the pipeline looks at the context. (httpmock runs its responders in a
// goroutine raced against the context, so with it the transport sometimes
// reports the cancellation instead of the answer: a different event.)
type cancelThenAnswer struct {
	cancel context.CancelFunc
	status int
	calls  int
}

func (t *cancelThenAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	t.calls++
	t.cancel()
	return httpmock.NewStringResponse(t.status, `{}`), nil
}

func cancelClient(t *testing.T, rt http.RoundTripper) *Client {
	t.Helper()
	var o Options
	o.BaseURL = "https://api.example.com/v1"
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	o.HTTPClient = &http.Client{Transport: rt}
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	return c
}

// The caller's context ends just as a refusal arrives: the upstream said
// what it did (nothing), so the outcome is known.
func TestCancelAsARefusalArrivesIsNotOutcomeUnknown(t *testing.T) {
	for _, status := range []int{400, 409, 422, 429} {
		ctx, cancel := context.WithCancel(context.Background())
		rt := &cancelThenAnswer{cancel: cancel, status: status}
		c := cancelClient(t, rt)
		post := kinds[2].req
		_, err := c.Do(ctx, &post)
		require.Error(t, err)
		assert.NotErrorIs(t, err, ErrOutcomeUnknown, "status %d", status)
		assert.Equal(t, 1, rt.calls, "status %d", status)
		cancel()
	}
	// An answer that may mean it acted (a 5xx, a 2xx the caller no longer
	// waits for) stays unknown.
	for _, status := range []int{200, 500, 502} {
		ctx, cancel := context.WithCancel(context.Background())
		rt := &cancelThenAnswer{cancel: cancel, status: status}
		c := cancelClient(t, rt)
		post := kinds[2].req
		_, err := c.Do(ctx, &post)
		require.ErrorIs(t, err, ErrOutcomeUnknown, "status %d", status)
		assert.Equal(t, 1, rt.calls, "status %d", status)
		cancel()
	}
}

func TestCancelDuringUntracedPOSTIsOutcomeUnknown(t *testing.T) {
	// The context ends once the request is in the transport's hands (not
	// before: then nothing was sent and a plain context error is right).
	c, mt := mockClient(t)
	entered := make(chan struct{})
	mt.RegisterResponder("POST", "https://api.example.com/v1/refill/7", func(req *http.Request) (*http.Response, error) {
		close(entered)
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-entered
		cancel()
	}()
	post := kinds[2].req
	_, err := c.Do(ctx, &post)
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestPermanentAndAuthErrorsStopAtOnce(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", "https://api.example.com/v1/items/7",
		httpmock.NewErrorResponder(&Permanent{Err: &AuthError{HTTPStatus: 401, Code: "invalid_client"}}))
	get := kinds[0].req
	_, err := c.Do(context.Background(), &get)
	var ae *AuthError
	require.ErrorAs(t, err, &ae)
	assert.Equal(t, "invalid_client", ae.Code)
	assert.Equal(t, 1, mt.GetTotalCallCount())
	assert.False(t, errors.Is(err, ErrOutcomeUnknown))
}

func TestCancelWhileFetchingTheCredentialIsNotOutcomeUnknown(t *testing.T) {
	// The auth transport marks a credential failure NotSent: even with a
	// transport that reports no httptrace events, a POST whose caller gave
	// up while its session was being created was never sent.
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	var o Options
	o.BaseURL = "https://api.example.com/v1"
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	o.HTTPClient = &http.Client{Transport: mt}
	fetching := make(chan struct{})
	c, err := New(Config{Provider: "test", Auth: func(base http.RoundTripper) http.RoundTripper {
		return &TokenAuth{Base: base, Host: "api.example.com",
			Token: func(ctx context.Context, _ string) (string, error) {
				close(fetching)
				<-ctx.Done()
				return "", ctx.Err()
			},
			Invalidate: func(string, string) {}, Apply: func(http.Header, string) {}}
	}}, o)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-fetching; cancel() }()
	post := kinds[2].req
	_, err = c.Do(ctx, &post)
	require.ErrorIs(t, err, context.Canceled)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, 0, mt.GetTotalCallCount())
}
