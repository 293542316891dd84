package httpx

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"

	"github.com/rxbridge/rxbridge-go/internal/apierr"
)

// loginRedirectServer answers /api/act with a redirect of the given
// status to /login, a same-host login page that answers 200 HTML (what a
// gateway in front of an expired session does). It counts both.
func loginRedirectServer(t *testing.T, code int) (srv *httptest.Server, acts, logins *atomic.Int32) {
	t.Helper()
	acts, logins = new(atomic.Int32), new(atomic.Int32)
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/act":
			acts.Add(1)
			http.Redirect(w, r, "/login", code)
		case "/login":
			logins.Add(1)
			w.Header().Set("Content-Type", "text/html")
			_, _ = w.Write([]byte("<html><body>Sign in</body></html>"))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, acts, logins
}

// TestNonIdempotentRequestFollowsNoRedirect: a refill or a create answered
// with a redirect is not followed (Go would turn the POST into a GET and
// take the login page's 200 as the answer), even when the user's own
// CheckRedirect allows every redirect. The 3xx is the provider's typed
// error wrapped in an *OutcomeUnknownError: the request was delivered, and
// what it did is unknown.
func TestNonIdempotentRequestFollowsNoRedirect(t *testing.T) {
	for _, code := range []int{http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv, acts, logins := loginRedirectServer(t, code)
			var userPolicyCalls atomic.Int32
			var o Options
			o.BaseURL = srv.URL + "/api"
			o.Retry = rxbridge.RetryPolicy(fastRetry)
			o.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
				userPolicyCalls.Add(1)
				return nil // "follow everything"
			}}
			c, err := New(Config{Provider: "test"}, o)
			require.NoError(t, err)

			_, err = c.Do(context.Background(), &Request{Op: "Refill", Method: http.MethodPost, Route: "act", Body: []byte(`{}`), Idempotency: NotIdempotent})
			require.ErrorIs(t, err, ErrOutcomeUnknown)
			var be *apierr.Base
			require.ErrorAs(t, err, &be, "the typed status error is reachable")
			assert.Equal(t, code, be.HTTPStatus)
			var ou *OutcomeUnknownError
			require.ErrorAs(t, err, &ou)
			assert.Equal(t, 1, ou.Attempts)
			assert.Equal(t, int32(1), acts.Load(), "sent once, never retried")
			assert.Zero(t, logins.Load(), "the redirect was not followed")
			assert.Zero(t, userPolicyCalls.Load(), "the user's policy cannot re-enable it")
		})
	}
}

// TestRedirectThatChangesTheMethodIsRefused: an idempotent POST (a read
// such as CVS status) answered 302/303 is not turned into a GET of another
// resource: the answer to that GET is not the answer to the POST. A 307
// keeps the method and body and is followed.
func TestRedirectThatChangesTheMethodIsRefused(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusSeeOther} {
		t.Run(strconv.Itoa(code), func(t *testing.T) {
			srv, acts, logins := loginRedirectServer(t, code)
			c := redirectClient(t, srv.URL)
			_, err := c.Do(context.Background(), &Request{Op: "Status", Method: http.MethodPost, Route: "act", Body: []byte(`{}`), Idempotency: Idempotent})
			var be *apierr.Base
			require.ErrorAs(t, err, &be)
			assert.Equal(t, code, be.HTTPStatus)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown, "an idempotent request's outcome is not in doubt")
			assert.Equal(t, int32(1), acts.Load(), "a 3xx is not retried")
			assert.Zero(t, logins.Load())
		})
	}

	var posts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/act" {
			http.Redirect(w, r, "/api/moved", http.StatusTemporaryRedirect)
			return
		}
		if r.Method == http.MethodPost {
			posts.Add(1)
		}
		_, _ = w.Write([]byte(`{"ok":true}`))
	}))
	t.Cleanup(srv.Close)
	c := redirectClient(t, srv.URL)
	_, err := c.Do(context.Background(), &Request{Op: "Status", Method: http.MethodPost, Route: "act", Body: []byte(`{}`), Idempotency: Idempotent})
	require.NoError(t, err)
	assert.Equal(t, int32(1), posts.Load(), "a 307 is followed with the same method")
}

// TestReadsFollowSameHostRedirects: a GET still follows a same-host
// redirect (to the login page here, whose answer is then the caller's to
// judge).
func TestReadsFollowSameHostRedirects(t *testing.T) {
	srv, acts, logins := loginRedirectServer(t, http.StatusFound)
	c := redirectClient(t, srv.URL)
	resp, err := c.Do(context.Background(), &Request{Op: "Read", Method: http.MethodGet, Route: "act"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Equal(t, int32(1), acts.Load())
	assert.Equal(t, int32(1), logins.Load(), "followed")
}

func redirectClient(t *testing.T, base string) *Client {
	t.Helper()
	var o Options
	o.BaseURL = base + "/api"
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	c, err := New(Config{Provider: "test"}, o)
	require.NoError(t, err)
	t.Cleanup(func() { c.hc.CloseIdleConnections() })
	return c
}
