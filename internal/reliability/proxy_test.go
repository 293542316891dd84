package reliability

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

func TestProxyAppliesFaultsToItsRouteOnly(t *testing.T) {
	up := faultserver.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Method+" "+r.URL.Path)
	}))
	t.Cleanup(up.Close)
	var seen []string
	px, err := NewProxy(up.URL+"/api/v1", "POST items/{id}", func(r *http.Request) { seen = append(seen, r.URL.Path) })
	require.NoError(t, err)
	t.Cleanup(px.Close)
	assert.Equal(t, "/api/v1", strings.TrimPrefix(px.URL, px.srv.URL))

	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	do := func(method, path string) (int, string) {
		req, err := http.NewRequest(method, px.URL+path, strings.NewReader("body"))
		require.NoError(t, err)
		resp, err := hc.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	px.Arm(nil, faultserver.Status(503, `{}`))
	st, _ := do("GET", "/items/7") // another method: forwarded, not counted
	assert.Equal(t, 200, st)
	st, body := do("POST", "/token")
	assert.Equal(t, 200, st)
	assert.Equal(t, "POST /api/v1/token", body, "forwarded with its path")
	st, _ = do("POST", "/items/7")
	assert.Equal(t, 503, st, "the queued fault")
	st, body = do("POST", "/items/8")
	assert.Equal(t, 200, st)
	assert.Equal(t, "POST /api/v1/items/8", body)
	assert.Equal(t, 2, px.Count())
	assert.Equal(t, 1, px.Forwarded())
	assert.Len(t, px.Arrivals(), 2)
	assert.Equal(t, "body", string(px.Requests()[1].Body))
	assert.Len(t, seen, 4, "the observer sees every request")

	px.Arm(&faultserver.Fault{Kind: faultserver.Respond, Status: 429})
	assert.Zero(t, px.Count(), "Arm forgets")
	st, _ = do("POST", "/items/9")
	assert.Equal(t, 429, st)
	st, _ = do("POST", "/items/9")
	assert.Equal(t, 429, st, "the standing fault")
	assert.Zero(t, px.Forwarded())
	assert.Empty(t, px.Errors())
}

func TestProxyRejectsBadRoutes(t *testing.T) {
	for _, tc := range [][2]string{
		{"http://127.0.0.1:1", "items"},
		{"http://127.0.0.1:1", "GET /absolute"},
		{"http://127.0.0.1:1", "GET items/{"},
		{"/relative", "GET items"},
	} {
		_, err := NewProxy(tc[0], tc[1], nil)
		assert.Error(t, err, "%q %q", tc[0], tc[1])
	}
}

func TestCanaryScanFindsALeak(t *testing.T) {
	c := &collector{secrets: map[string]bool{"a-credential-seen-on-the-wire": true}, seen: map[string]bool{}}
	c.records = 1
	c.logs.WriteString("level=INFO msg=call note=" + canaryFamily + "\n")
	c.errs.WriteString("an error with a-credential-seen-on-the-wire in it\n")
	err := c.scan(false)
	require.Error(t, err)
	assert.Contains(t, err.Error(), canaryFamily)
	assert.Contains(t, err.Error(), "a-credential-seen-on-the-wire")

	clean := &collector{secrets: map[string]bool{}, seen: map[string]bool{}}
	clean.records = 1
	clean.logs.WriteString("level=INFO msg=call route=prescription/rxrefill/{id}\n")
	assert.NoError(t, clean.scan(false))
	assert.Error(t, clean.scan(true), "nothing was planted on the wire")
}

func TestCredentialParts(t *testing.T) {
	assert.ElementsMatch(t, []string{"Bearer tok-123456789", "tok-123456789"}, credentialParts("Bearer tok-123456789"))
	parts := credentialParts("Basic Y2xpZW50OnMzY3JldC12YWx1ZQ==") // client:s3cret-value
	assert.Contains(t, parts, "s3cret-value")
	assert.Empty(t, credentialParts("short"), "too short to scan for")
}

func TestProxyForwardsItsOwnHost(t *testing.T) {
	up := faultserver.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, r.Host+" "+r.Header.Get("X-Forwarded-Host"))
	}))
	t.Cleanup(up.Close)
	px, err := NewProxy(up.URL, "GET x", nil)
	require.NoError(t, err)
	t.Cleanup(px.Close)
	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	resp, err := hc.Get(px.URL + "/page")
	require.NoError(t, err)
	b, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	host := strings.TrimPrefix(px.URL, "http://")
	assert.Equal(t, host+" "+host, string(b), "links a fake builds from the request point at the proxy")
}

func TestProxyArmForgetsSetUpFailures(t *testing.T) {
	// The upstream resets every connection: forwarding fails. (It stays
	// open: a closed one's port could be taken by another test's server,
	// which would answer.)
	up := faultserver.New(nil)
	t.Cleanup(up.Close)
	up.Always(&faultserver.Fault{Kind: faultserver.ResetBeforeRead})
	px, err := NewProxy(up.URL, "GET x", nil)
	require.NoError(t, err)
	t.Cleanup(px.Close)
	hc := &http.Client{}
	t.Cleanup(hc.CloseIdleConnections)
	resp, err := hc.Get(px.URL + "/warm-up")
	require.NoError(t, err)
	_ = resp.Body.Close()
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Len(t, px.Errors(), 1)
	px.Arm(nil)
	assert.Empty(t, px.Errors(), "a set-up call's failure is not the call under test's")
}
