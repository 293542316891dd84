package faultserver

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"
)

// TestMain checks that no goroutine (a gate's watch, a server's) outlives
// the tests.
func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

func TestQueueThenHandler(t *testing.T) {
	s := New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "from handler")
	}))
	defer s.Close()
	s.Enqueue(Status(503, `{}`), RetryAfter(429, "7"))
	get := func() (*http.Response, string) {
		resp, err := http.Post(s.URL+"/p?q=1", "application/json", strings.NewReader(`{"a":1}`))
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	r, _ := get()
	assert.Equal(t, 503, r.StatusCode)
	r, _ = get()
	assert.Equal(t, 429, r.StatusCode)
	assert.Equal(t, "7", r.Header.Get("Retry-After"))
	r, body := get()
	assert.Equal(t, 200, r.StatusCode)
	assert.Equal(t, "from handler", body)
	require.Equal(t, 3, s.Count())
	rec := s.Requests()[2]
	assert.Equal(t, "POST", rec.Method)
	assert.Equal(t, "/p", rec.Path)
	assert.Equal(t, "q=1", rec.Query)
	assert.Equal(t, `{"a":1}`, string(rec.Body))
	s.Reset()
	assert.Equal(t, 0, s.Count())
}

func TestFaultsAsSeenByAClient(t *testing.T) {
	s := New(nil)
	defer s.Close()
	// No timeout: a read of the 1 MiB body must not race one on a busy
	// machine. The slow fault's timeout goes through a TimeoutGate.
	c := &http.Client{}
	defer c.CloseIdleConnections()

	s.Enqueue(Fault{Kind: ResetAfterRead})
	_, err := c.Post(s.URL, "application/json", strings.NewReader("x"))
	require.Error(t, err)

	s.Enqueue(Fault{Kind: Truncate, Status: 200, Body: []byte("0123456789")})
	resp, err := c.Get(s.URL)
	require.NoError(t, err)
	_, err = io.ReadAll(resp.Body)
	resp.Body.Close()
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)

	// The slow fault's timeout fires when the server holds the request
	// (a TimeoutGate), never on a clock.
	gate := NewTimeoutGate()
	s.SetGate(gate)
	gated := &http.Client{Transport: gate.Transport(nil)}
	s.Enqueue(Fault{Kind: SlowHeaders, Delay: time.Hour})
	_, err = gated.Get(s.URL)
	var ue *url.Error
	require.ErrorAs(t, err, &ue, "client timeout")
	assert.True(t, ue.Timeout(), "client timeout: %v", err)
	s.SetGate(nil)
	gated.CloseIdleConnections()

	s.Enqueue(GatewayHTML(502))
	resp, err = c.Get(s.URL)
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, 502, resp.StatusCode)
	assert.Greater(t, len(b), 8<<10)
	assert.Contains(t, resp.Header.Get("Content-Type"), "text/html")

	s.Enqueue(Fault{Kind: Huge, Status: 200, Size: 1 << 20})
	resp, err = c.Get(s.URL)
	require.NoError(t, err)
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	assert.Greater(t, n, int64(1<<20))

	f := Status(500, `{}`)
	s.Always(&f)
	for range 3 {
		resp, err = c.Get(s.URL)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, 500, resp.StatusCode)
	}
	s.Always(nil)
	resp, err = c.Get(s.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, 200, resp.StatusCode)
}
