package httpx

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// tokens is a tiny credential store: one current token per key, a new one
// minted after each invalidation.
type tokens struct {
	mu          sync.Mutex
	cur         map[string]string
	fetches     int
	invalidated []string
}

func (s *tokens) Token(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil {
		s.cur = map[string]string{}
	}
	if t, ok := s.cur[key]; ok {
		return t, nil
	}
	s.fetches++
	t := key + "-tok" + string(rune('0'+s.fetches))
	s.cur[key] = t
	return t, nil
}

func (s *tokens) Invalidate(key, tok string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.invalidated = append(s.invalidated, tok)
	if s.cur[key] == tok {
		delete(s.cur, key)
	}
}

func newAuthClient(t *testing.T, srv *faultserver.Server, s *tokens, rejected func(int, []byte) bool) *Client {
	t.Helper()
	var o Options
	o.BaseURL = srv.URL
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	c, err := New(Config{Provider: "test", Auth: func(base http.RoundTripper) http.RoundTripper {
		return &TokenAuth{
			Base: base, Host: strings.TrimPrefix(srv.URL, "http://"),
			Token: s.Token, Invalidate: s.Invalidate,
			Apply:    func(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) },
			Rejected: rejected,
		}
	}}, o)
	require.NoError(t, err)
	return c
}

func TestTokenAuthReplaysOnceAfterRejection(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Status(401, `{"statusCode":"1001","statusDescription":"Bearer token is not valid"}`))
	s := &tokens{}
	c := newAuthClient(t, srv, s, nil)
	req := kinds[2].req // a non-idempotent POST: the server refused it, so the replay is safe
	resp, err := c.Do(context.Background(), &req)
	require.NoError(t, err)
	assert.Equal(t, 1, resp.Attempts, "the replay is part of the same attempt")
	reqs := srv.Requests()
	require.Len(t, reqs, 2)
	assert.Equal(t, "Bearer -tok1", reqs[0].Header.Get("Authorization"))
	assert.Equal(t, "Bearer -tok2", reqs[1].Header.Get("Authorization"))
	assert.Equal(t, string(req.Body), string(reqs[1].Body), "the body is replayed whole")
	assert.Equal(t, []string{"-tok1"}, s.invalidated)
}

func TestTokenAuthNeverLoops(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	f := faultserver.Status(401, `{}`)
	srv.Always(&f)
	s := &tokens{}
	c := newAuthClient(t, srv, s, nil)
	req := kinds[0].req
	_, err := c.Do(context.Background(), &req)
	require.Error(t, err)
	assert.Equal(t, 2, srv.Count(), "one send and one replay, then the 401 is reported")
	assert.Equal(t, 2, s.fetches)
}

func TestTokenAuthRejectedByBody(t *testing.T) {
	// MHV says "session expired" as a 400 with errorCode 110; the body
	// decides, and the caller still sees the body of a real 400.
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Status(400, `{"errorCode":110}`), faultserver.Status(200, `{"ok":1}`),
		faultserver.Status(400, `{"errorCode":139}`))
	s := &tokens{}
	var o Options
	o.BaseURL = srv.URL
	o.Retry = rxbridge.RetryPolicy(fastRetry)
	c, err := New(Config{Provider: "test", Auth: func(base http.RoundTripper) http.RoundTripper {
		return &TokenAuth{
			Base: base, Host: strings.TrimPrefix(srv.URL, "http://"), Token: s.Token, Invalidate: s.Invalidate,
			Apply:         func(h http.Header, tok string) { h.Set("Token", tok) },
			MaybeRejected: func(st int) bool { return st == 400 || st == 401 },
			Rejected:      func(st int, b []byte) bool { return strings.Contains(string(b), `"errorCode":110`) },
		}
	}}, o)
	require.NoError(t, err)
	req := kinds[0].req
	resp, err := c.Do(context.Background(), &req)
	require.NoError(t, err)
	assert.Equal(t, `{"ok":1}`, string(resp.Body))

	resp, err = c.Do(context.Background(), &req)
	require.Error(t, err)
	assert.Equal(t, `{"errorCode":139}`, string(resp.Body), "a peeked body reaches the error decoder intact")
	assert.Equal(t, 3, srv.Count())
}

func TestTokenAuthCredentialKeyIsPerCall(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	s := &tokens{}
	c := newAuthClient(t, srv, s, nil)
	for _, who := range []string{"vet-A", "vet-B", "vet-A"} {
		req := kinds[0].req
		req.CredentialKey = who
		_, err := c.Do(context.Background(), &req)
		require.NoError(t, err)
	}
	got := []string{}
	for _, r := range srv.Requests() {
		got = append(got, r.Header.Get("Authorization"))
	}
	assert.Equal(t, []string{"Bearer vet-A-tok1", "Bearer vet-B-tok2", "Bearer vet-A-tok1"}, got)
}

func TestTokenFailures(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	var calls int
	mk := func(tokErr error) *Client {
		var o Options
		o.BaseURL = srv.URL
		o.Retry = rxbridge.RetryPolicy(fastRetry)
		c, err := New(Config{Provider: "test", Auth: func(base http.RoundTripper) http.RoundTripper {
			return &TokenAuth{Base: base, Host: strings.TrimPrefix(srv.URL, "http://"),
				Token:      func(context.Context, string) (string, error) { calls++; return "", tokErr },
				Invalidate: func(string, string) {}, Apply: func(http.Header, string) {}}
		}}, o)
		require.NoError(t, err)
		return c
	}
	// A permanent failure (credentials rejected) is returned as it is, at once.
	rejected := &AuthError{HTTPStatus: 401, Code: "invalid_client"}
	req := kinds[2].req
	_, err := mk(&Permanent{Err: rejected}).Do(context.Background(), &req)
	require.ErrorAs(t, err, new(*AuthError))
	assert.Equal(t, 1, calls)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing was sent")

	// A temporary one (token endpoint down) is retried: the API request never left.
	calls = 0
	_, err = mk(errors.New("token endpoint: HTTP 503")).Do(context.Background(), &req)
	require.ErrorIs(t, err, ErrTransport)
	assert.Equal(t, 4, calls)
	assert.Equal(t, 0, srv.Count())
}

func TestTokenAuthCannotRewindKeepsTheRejection(t *testing.T) {
	srv := faultserver.New(nil)
	t.Cleanup(srv.Close)
	srv.Enqueue(faultserver.Status(401, `{}`))
	s := &tokens{}
	a := &TokenAuth{Base: http.DefaultTransport, Host: strings.TrimPrefix(srv.URL, "http://"), Token: s.Token, Invalidate: s.Invalidate,
		Apply: func(h http.Header, tok string) { h.Set("Authorization", tok) }}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", io.NopCloser(strings.NewReader("once")))
	req.GetBody = nil
	resp, err := a.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, 401, resp.StatusCode)
	assert.Equal(t, 1, srv.Count())
}

func TestTokenAuthReplaysOnRFC6750InvalidToken(t *testing.T) {
	never := func(int, []byte) bool { return false }
	for _, tc := range []struct {
		challenge string
		replayed  bool
	}{
		{`Bearer error="invalid_token", error_description="The access token expired"`, true},
		{`Bearer realm="api", error=invalid_token`, true},
		{`Basic realm="x", Bearer error="invalid_token"`, true},
		{`Bearer error="insufficient_scope", scope="patient/*.read"`, false},
		{`Bearer realm="api"`, false},
		{`Basic realm="invalid_token"`, false},
	} {
		t.Run(tc.challenge, func(t *testing.T) {
			srv := faultserver.New(nil)
			t.Cleanup(srv.Close)
			srv.Enqueue(faultserver.Fault{Kind: faultserver.Respond, Status: 401,
				Header: http.Header{"Www-Authenticate": {tc.challenge}}, Body: []byte(`{"message":"Unauthorized"}`)})
			s := &tokens{}
			c := newAuthClient(t, srv, s, never)
			req := kinds[2].req
			_, err := c.Do(context.Background(), &req)
			if tc.replayed {
				require.NoError(t, err)
				require.Equal(t, 2, srv.Count())
				assert.Equal(t, []string{"-tok1"}, s.invalidated)
				assert.Equal(t, "Bearer -tok2", srv.Requests()[1].Header.Get("Authorization"))
			} else {
				require.Error(t, err)
				assert.Equal(t, 1, srv.Count(), "a 401 the upstream does not blame on the token is not replayed")
				assert.Empty(t, s.invalidated)
			}
		})
	}
}

// recordingTransport keeps the requests it is given and answers 200.
type recordingTransport struct{ got []*http.Request }

func (rt *recordingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.got = append(rt.got, r)
	return &http.Response{StatusCode: 200, Header: http.Header{}, Body: http.NoBody, Request: r}, nil
}

// The auth transports set credentials on their own copy of the request
// (the RoundTripper contract): the caller's request, its header and its
// URL are unchanged, and the copy keeps the caller's context and URL.
func TestAuthTransportsLeaveTheRequestUnchanged(t *testing.T) {
	for name, mk := range map[string]func(http.RoundTripper) http.RoundTripper{
		"HeaderAuth": func(b http.RoundTripper) http.RoundTripper {
			return &HeaderAuth{Base: b, Host: "api.example", Header: http.Header{"X-Api-Key": {"k"}}}
		},
		"TokenAuth": func(b http.RoundTripper) http.RoundTripper {
			return &TokenAuth{Base: b, Host: "api.example",
				Token:      func(context.Context, string) (string, error) { return "tok", nil },
				Invalidate: func(string, string) {},
				Apply:      func(h http.Header, tok string) { h.Set("Authorization", "Bearer "+tok) }}
		},
	} {
		t.Run(name, func(t *testing.T) {
			base := &recordingTransport{}
			ctx := context.WithValue(context.Background(), ctxKey{}, &call{credKey: "k"})
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://api.example/v1/x?q=1", nil)
			require.NoError(t, err)
			req.Header.Set("Accept", "application/json")
			before := req.Header.Clone()
			resp, err := mk(base).RoundTrip(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Len(t, base.got, 1)
			sent := base.got[0]
			assert.NotSame(t, req, sent)
			assert.Equal(t, before, req.Header, "the caller's header is unchanged")
			assert.Equal(t, "http://api.example/v1/x?q=1", req.URL.String())
			assert.Equal(t, "application/json", sent.Header.Get("Accept"))
			assert.NotEmpty(t, sent.Header.Get("X-Api-Key")+sent.Header.Get("Authorization"), "the copy carries the credential")
			assert.Equal(t, ctx, sent.Context())
			assert.Equal(t, req.URL.String(), sent.URL.String())
		})
	}
}
