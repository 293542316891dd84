package cvsspecialty

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestTokenRequestIsClientCredentialsInBasicHeader(t *testing.T) {
	c, mt, ts := newMock(t, WithMockMode(), rxbridge.WithUserAgent("acme/1.0"))
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	_, err := c.Status(context.Background(), "abc")
	require.NoError(t, err)
	require.Equal(t, 1, ts.count())

	req := ts.reqs[0]
	assert.Equal(t, "/oauth2/v1/token", req.URL.Path)
	assert.Equal(t, "application/x-www-form-urlencoded", req.Header.Get("Content-Type"))
	id, secret, ok := req.BasicAuth()
	require.True(t, ok)
	assert.Equal(t, testID, id)
	assert.Equal(t, testSecret, secret)
	form, err := url.ParseQuery(ts.bodies[0])
	require.NoError(t, err)
	assert.Equal(t, url.Values{"grant_type": {"client_credentials"}}, form, "the secret travels only in the header")
	assert.NotContains(t, ts.bodies[0], testSecret)
	assert.Empty(t, req.Header.Get("X-Mock"), "x-mock is for the API, not the token endpoint")
	assert.True(t, strings.HasPrefix(req.Header.Get("User-Agent"), "acme/1.0 rxbridge-go/"))
}

func TestTokenBasicAuthEncodings(t *testing.T) {
	const id, secret = "client id/1", "a+b/c=d!$@%"
	for _, tc := range []struct {
		enc      BasicAuthEncoding
		wantUser string
		wantPass string
	}{
		{BasicAuthRaw, id, secret},
		{BasicAuthRFC6749, url.QueryEscape(id), url.QueryEscape(secret)},
	} {
		mt := httpmock.NewMockTransport()
		mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
		var got string
		mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
			got = req.Header.Get("Authorization")
			return httpmock.NewStringResponse(200, `{"access_token":"t","token_type":"bearer","expires_in":60}`), nil
		})
		mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
		c, err := NewClient(id, secret, rxbridge.WithBaseURL(testBase), rxbridge.WithHTTPClient(&http.Client{Transport: mt}), WithBasicAuthEncoding(tc.enc))
		require.NoError(t, err)
		_, err = c.Status(context.Background(), "x")
		require.NoError(t, err)
		raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(got, "Basic "))
		require.NoError(t, err)
		assert.Equal(t, tc.wantUser+":"+tc.wantPass, string(raw), "encoding %d", tc.enc)
	}
}

func TestColdClientManyGoroutinesOneTokenRequest(t *testing.T) {
	c, mt, ts := newMock(t)
	release := make(chan struct{})
	mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
		<-release // hold the fetch so every goroutine piles up behind it
		return ts.responder(req)
	})
	var mu sync.Mutex
	auth := map[string]int{}
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		mu.Lock()
		auth[req.Header.Get("Authorization")]++
		mu.Unlock()
		return statusOK(req)
	})
	const n = 500
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			if _, err := c.Status(context.Background(), "id-"+string(rune('a'+i%26))); err != nil {
				errs <- err
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	assert.Equal(t, 1, ts.count(), "exactly one token request")
	assert.Equal(t, map[string]int{"Bearer tok1": n}, auth, "every request carries the one token")
}

func TestTokenExpiresInTable(t *testing.T) {
	for _, tc := range []struct {
		name    string
		body    string
		ctype   string
		wantTTL time.Duration // 0: the fetch fails
	}{
		{"number", `{"access_token":"a","token_type":"Bearer","expires_in":3600}`, "application/json", time.Hour},
		{"string", `{"access_token":"a","token_type":"Bearer","expires_in":"3599"}`, "application/json", 3599 * time.Second},
		{"missing", `{"access_token":"a","token_type":"Bearer"}`, "application/json", 5 * time.Minute},
		{"zero", `{"access_token":"a","token_type":"Bearer","expires_in":0}`, "application/json", 5 * time.Minute},
		{"null", `{"access_token":"a","token_type":"Bearer","expires_in":null}`, "application/json", 5 * time.Minute},
		{"form", `access_token=a&token_type=bearer&expires_in=120`, "application/x-www-form-urlencoded", 2 * time.Minute},
		{"no token type", `{"access_token":"a","expires_in":600}`, "application/json", 10 * time.Minute},
		{"fraction", `{"access_token":"a","token_type":"Bearer","expires_in":3599.5}`, "application/json", 0},
		{"error in 200", `{"error":"invalid_client","error_description":"secret-ish detail"}`, "application/json", 0},
		{"html 200", `<html><body>Access Denied</body></html>`, "text/html", 0},
		{"no access_token", `{"token_type":"Bearer","expires_in":60}`, "application/json", 0},
		{"mac token", `{"access_token":"a","token_type":"mac","expires_in":60}`, "application/json", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := &clock{t: time.Now()}
			c, mt, _ := newMock(t, withClock(clk.Now))
			var fetches int
			mt.RegisterResponder(http.MethodPost, tokenURL, func(*http.Request) (*http.Response, error) {
				fetches++
				r := httpmock.NewStringResponse(200, tc.body)
				r.Header.Set("Content-Type", tc.ctype)
				return r, nil
			})
			mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
			_, err := c.Status(context.Background(), "x")
			if tc.wantTTL == 0 {
				require.ErrorIs(t, err, ErrTokenRequest)
				assert.Equal(t, 1, fetches, "a usable-token failure is permanent: no retry")
				assert.Equal(t, 0, mt.GetCallCountInfo()["POST "+statusURL])
				assert.NotContains(t, err.Error(), "secret-ish")
				assert.NotContains(t, err.Error(), "Access Denied")
				return
			}
			require.NoError(t, err)
			// Still fresh just before the refresh point, refreshed after expiry.
			early := min(30*time.Second, tc.wantTTL/2)
			clk.Add(tc.wantTTL - early - time.Second)
			_, err = c.Status(context.Background(), "x")
			require.NoError(t, err)
			assert.Equal(t, 1, fetches, "token reused within its lifetime")
			clk.Add(early + 2*time.Second)
			_, err = c.Status(context.Background(), "x")
			require.NoError(t, err)
			assert.Equal(t, 2, fetches, "token refreshed at the end of its lifetime (never valid forever)")
		})
	}
}

func TestWithTokenTTL(t *testing.T) {
	clk := &clock{t: time.Now()}
	c, mt, ts := newMock(t, withClock(clk.Now), WithTokenTTL(time.Minute))
	ts.expiresIn = ""
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	clk.Add(61 * time.Second)
	_, err = c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 2, ts.count())
}

func TestTokenEndpoint4xxIsPermanent(t *testing.T) {
	for _, status := range []int{400, 401, 403} {
		c, mt, _ := newMock(t)
		mt.RegisterResponder(http.MethodPost, tokenURL, httpmock.NewStringResponder(status,
			`{"error":"invalid_client","error_description":"client `+testSecret+` unknown"}`))
		_, err := c.Status(context.Background(), "x")
		var te *TokenError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, status, te.HTTPStatus)
		assert.Equal(t, "invalid_client", te.Code)
		assert.ErrorIs(t, err, ErrUnauthorized)
		assert.ErrorIs(t, err, ErrTokenRequest)
		assert.NotContains(t, err.Error(), testSecret)
		assert.NotContains(t, err.Error(), "unknown", "the description is the server's text: dropped")
		assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+tokenURL], "HTTP %d: never retried", status)
		assert.Equal(t, 0, mt.GetCallCountInfo()["POST "+statusURL])
	}
}

func TestTokenIntakeIsNotOutcomeUnknownWhenTokenFails(t *testing.T) {
	c, mt, _ := newMock(t)
	mt.RegisterResponder(http.MethodPost, tokenURL, httpmock.NewStringResponder(503, `<html>down</html>`))
	_, err := c.Submit(context.Background(), sampleReferral(t))
	require.ErrorIs(t, err, ErrTokenRequest)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "nothing reached the intake endpoint")
	assert.Equal(t, 0, mt.GetCallCountInfo()["POST "+intakeURL])
	assert.Equal(t, 4, mt.GetCallCountInfo()["POST "+tokenURL], "a token 5xx is retried (1 + 3 retries)")
}

func TestTokenEndpoint5xxAndNetworkErrorsAreRetried(t *testing.T) {
	c, mt, ts := newMock(t)
	mt.RegisterResponder(http.MethodPost, tokenURL,
		httpmock.NewStringResponder(503, `{"error":"temporarily_unavailable"}`).
			Then(httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})).
			Then(ts.responder))
	mt.RegisterResponder(http.MethodPost, intakeURL, okIntake)
	res, err := c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err)
	assert.Equal(t, 3, res.Attempts, "two attempts failed before sending (token), the third was sent")
	assert.Equal(t, 3, mt.GetCallCountInfo()["POST "+tokenURL])
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+intakeURL])
}

func TestInvalidTokenIsReplacedAndTheRequestReplayedOnce(t *testing.T) {
	c, mt, ts := newMock(t)
	var seen []string
	mt.RegisterResponder(http.MethodPost, intakeURL, func(req *http.Request) (*http.Response, error) {
		seen = append(seen, req.Header.Get("Authorization"))
		if len(seen) == 1 {
			return httpmock.NewBytesResponse(401, fixture(t, "error-401-invalid-token.json")), nil
		}
		return okIntake(req)
	})
	res, err := c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err, "the intake was refused for its token, so replaying it is safe")
	assert.Equal(t, "605841b8-1cef-11ea-978f-2e728ce88125", res.TransactionID)
	assert.Equal(t, []string{"Bearer tok1", "Bearer tok2"}, seen)
	assert.Equal(t, 2, ts.count())
}

func TestInvalidTokenTwiceIsReportedWithoutLooping(t *testing.T) {
	c, mt, ts := newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewBytesResponder(401, fixture(t, "error-401-invalid-token.json")))
	_, err := c.Status(context.Background(), "x")
	require.ErrorIs(t, err, ErrInvalidToken)
	require.ErrorIs(t, err, ErrUnauthorized)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 401, e.HTTPStatus)
	assert.Equal(t, "1001", e.Code)
	assert.Equal(t, "https://developer.cvshealth.com/common/error-codes", e.Fault.MoreInfo)
	assert.Equal(t, 2, mt.GetCallCountInfo()["POST "+statusURL], "one send and one replay")
	assert.Equal(t, 2, ts.count())

	// The dead token was dropped: the next call starts with a new one.
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	_, err = c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 3, ts.count())
}

func TestOther401IsNotATokenRejection(t *testing.T) {
	c, mt, ts := newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewStringResponder(401, `{"statusCode":"1013","statusDescription":"Access Denied"}`))
	_, err := c.Status(context.Background(), "x")
	require.ErrorIs(t, err, ErrUnauthorized)
	assert.NotErrorIs(t, err, ErrInvalidToken)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+statusURL])
	assert.Equal(t, 1, ts.count())
}

// A gateway in front of CVS answers a revoked or expired token with its
// own 401 and the standard RFC 6750 challenge, not statusCode 1001: the
// token is replaced and the intake replayed once, as for 1001.
func TestGatewayInvalidTokenChallengeIsATokenRejection(t *testing.T) {
	c, mt, ts := newMock(t)
	var seen []string
	mt.RegisterResponder(http.MethodPost, intakeURL, func(req *http.Request) (*http.Response, error) {
		seen = append(seen, req.Header.Get("Authorization"))
		if len(seen) == 1 {
			r := httpmock.NewStringResponse(401, `{"fault":{"faultstring":"Invalid access token"}}`)
			r.Header.Set("WWW-Authenticate", `Bearer realm="cvshealth", error="invalid_token", error_description="The access token expired"`)
			return r, nil
		}
		return okIntake(req)
	})
	_, err := c.Submit(context.Background(), sampleReferral(t))
	require.NoError(t, err)
	assert.Equal(t, []string{"Bearer tok1", "Bearer tok2"}, seen)
	assert.Equal(t, 2, ts.count())
}

func TestInvalidTokenUnderHTTP200DropsTheToken(t *testing.T) {
	c, mt, ts := newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL,
		httpmock.NewStringResponder(200, `{"statusCode":"1001","statusDescription":"token not valid"}`).Then(statusOK))
	_, err := c.Status(context.Background(), "x")
	require.ErrorIs(t, err, ErrInvalidToken)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 0, e.HTTPStatus, "an error found in a 2xx body")
	_, err = c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 2, ts.count(), "the rejected token was not reused")
}

func TestTokenFetchIsDetachedFromTheCallersContext(t *testing.T) {
	c, mt, ts := newMock(t)
	release := make(chan struct{})
	mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
		<-release
		return ts.responder(req)
	})
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	// The fetch cannot end before the call returns (release is closed
	// after): the call returning proves the caller's deadline is honoured
	// while the fetch is slow. The minute is only a guard.
	done := make(chan error, 1)
	go func() {
		_, err := c.Status(ctx, "x")
		done <- err
	}()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.DeadlineExceeded)
	case <-time.After(time.Minute):
		close(release)
		<-done
		t.Fatal("the call waited for the token fetch, past its deadline")
	}
	close(release)
	// The fetch the first caller gave up on completes for everyone.
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 1, ts.count())
}

func TestTokenNeverGoesThroughTheAuthenticatedTransport(t *testing.T) {
	c, mt, ts := newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	require.Len(t, ts.reqs, 1)
	assert.False(t, strings.HasPrefix(ts.reqs[0].Header.Get("Authorization"), "Bearer"))
}

func TestNewClientValidates(t *testing.T) {
	for _, tc := range []struct {
		id, secret string
		opts       []Option
		want       string
	}{
		{"", "s", nil, "clientID is empty"},
		{"id", " ", nil, "clientSecret is empty"},
		{"id", "se\ncret", nil, "clientSecret contains a control character"},
		{"a:b", "s", nil, "clientID contains a colon"},
		{"id", "s", []Option{rxbridge.WithBaseURL("ftp://x")}, "WithBaseURL"},
		{"id", "s", []Option{WithStatusBatchSize(0)}, "WithStatusBatchSize"},
		{"id", "s", []Option{WithStatusConcurrency(100)}, "WithStatusConcurrency"},
		{"id", "s", []Option{WithDateFormat(7)}, "WithDateFormat"},
		{"id", "s", []Option{WithBasicAuthEncoding(9)}, "WithBasicAuthEncoding"},
		{"id", "s", []Option{WithTokenTTL(time.Millisecond)}, "WithTokenTTL"},
	} {
		_, err := NewClient(tc.id, tc.secret, tc.opts...)
		require.Error(t, err)
		assert.Contains(t, err.Error(), tc.want)
		assert.NotContains(t, err.Error(), "se\ncret")
	}
	_, err := NewClient("a:b", "s", WithBasicAuthEncoding(BasicAuthRFC6749))
	assert.NoError(t, err, "a colon is fine once URL-encoded")
	c, err := NewClient("id", "s", WithSandbox())
	require.NoError(t, err)
	assert.Equal(t, "sit1-api.cvshealth.com", c.hc.BaseURL().Host)
	c, err = NewClient("id", "s")
	require.NoError(t, err)
	assert.Equal(t, "https://api.cvshealth.com/oauth2/v1/token", c.tokenURL)
}

func TestGatewayPrefixAppliesToTokenAndAPI(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	ts := &tokenServer{expiresIn: "60"}
	mt.RegisterResponder(http.MethodPost, "https://gw.test/cvs/oauth2/v1/token", ts.responder)
	mt.RegisterResponder(http.MethodPost, "https://gw.test/cvs/specialty/patient/referral/v1/status", statusOK)
	c, err := NewClient(testID, testSecret, rxbridge.WithBaseURL("https://gw.test/cvs"), rxbridge.WithHTTPClient(&http.Client{Transport: mt}))
	require.NoError(t, err)
	_, err = c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 1, ts.count())
}

func TestTokenErrorsNeverCarryTheBody(t *testing.T) {
	c, mt, _ := newMock(t)
	body := `{"error":"<script>","error_description":"PHI-CANARY"}`
	mt.RegisterResponder(http.MethodPost, tokenURL, httpmock.NewStringResponder(400, body))
	_, err := c.Status(context.Background(), "x")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "PHI-CANARY")
	assert.NotContains(t, err.Error(), "<script>")
	var te *TokenError
	require.True(t, errors.As(err, &te))
	assert.Equal(t, "", te.Code, "a code that is not an RFC 6749 token is dropped")
}

func TestTokenSecretTravelsOnlyInTheHeaderAcrossRetries(t *testing.T) {
	c, mt, _ := newMock(t)
	var bodies, auths []string
	mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(req.Body)
		bodies = append(bodies, string(b))
		auths = append(auths, req.Header.Get("Authorization"))
		if len(bodies) < 3 {
			return httpmock.NewStringResponse(503, `<html>unavailable</html>`), nil
		}
		return httpmock.NewStringResponse(200, `{"access_token":"t","token_type":"Bearer","expires_in":60}`), nil
	})
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	require.Len(t, bodies, 3)
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testID+":"+testSecret))
	for i := range bodies {
		assert.Equal(t, "grant_type=client_credentials", bodies[i], "attempt %d", i)
		assert.NotContains(t, bodies[i], "client_secret")
		assert.Equal(t, want, auths[i], "attempt %d: never another auth style", i)
	}
}

func TestZeroClientDoesNotPanic(t *testing.T) {
	var c Client
	assert.Equal(t, "cvsspecialty.Client{[REDACTED]}", fmt.Sprint(&c))
	_, err := c.Submit(context.Background(), sampleReferral(t))
	assert.ErrorIs(t, err, errNoClient)
	var nilClient *Client
	_, err = nilClient.Status(context.Background(), "x")
	assert.ErrorIs(t, err, errNoClient)
}

func TestTokenResponseFixture(t *testing.T) {
	clk := &clock{t: time.Now()}
	c, mt, _ := newMock(t, withClock(clk.Now))
	var auth string
	mt.RegisterResponder(http.MethodPost, tokenURL, httpmock.NewBytesResponder(200, fixture(t, "token-response.json")))
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		auth = req.Header.Get("Authorization")
		return statusOK(req)
	})
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, "Bearer synthetic-access-token-0001", auth)
	clk.Add(3599*time.Second - 31*time.Second)
	_, err = c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetCallCountInfo()["POST "+tokenURL], "expires_in 3599 is honoured")
}

// ctxValueLog is a slog handler that records, per message, the value of
// key in the context each record was logged with.
type ctxValueLog struct {
	key  any
	mu   sync.Mutex
	seen map[string][]any
}

func (h *ctxValueLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *ctxValueLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *ctxValueLog) WithGroup(string) slog.Handler            { return h }
func (h *ctxValueLog) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.seen == nil {
		h.seen = map[string][]any{}
	}
	h.seen[r.Message] = append(h.seen[r.Message], ctx.Value(h.key))
	return nil
}

func (h *ctxValueLog) values(msg string) []any {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.seen[msg]
}

func TestTokenFetchKeepsTheCallersValuesNotItsCancellation(t *testing.T) {
	// The fetch the first caller starts runs with that caller's values
	// (trace ids, logger attributes): the token request and its log record
	// carry them. Cancelling that caller does not cancel the fetch that
	// the next call uses.
	type traceKey struct{}
	logs := &ctxValueLog{key: traceKey{}}
	c, mt, ts := newMock(t, rxbridge.WithLogger(slog.New(logs)))
	seen := make(chan context.Context, 1)
	release := make(chan struct{})
	mt.RegisterResponder(http.MethodPost, tokenURL, func(req *http.Request) (*http.Response, error) {
		seen <- req.Context()
		<-release
		return ts.responder(req)
	})
	mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), traceKey{}, "trace-1"))
	errc := make(chan error, 1)
	go func() {
		_, err := c.Status(ctx, "x")
		errc <- err
	}()
	tctx := <-seen
	assert.Equal(t, "trace-1", tctx.Value(traceKey{}), "the token request carries the caller's values")
	cancel()
	require.ErrorIs(t, <-errc, context.Canceled)
	assert.NoError(t, tctx.Err(), "cancelling the caller does not cancel the token request")
	close(release)
	_, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.Equal(t, 1, ts.count())
	assert.Equal(t, []any{"trace-1"}, logs.values("rxbridge token fetch"), "the fetch is logged with the caller's values")
}
