package cvsspecialty

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

const (
	testBase   = "https://cvs.test"
	tokenURL   = testBase + "/oauth2/v1/token"
	intakeURL  = testBase + "/specialty/patient/referral/v1/intake"
	statusURL  = testBase + "/specialty/patient/referral/v1/status"
	testID     = "client-id-123"
	testSecret = "client-secret-456"
)

var fastRetry = rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}

// tokenServer answers token requests with numbered tokens.
type tokenServer struct {
	n         atomic.Int32
	expiresIn string // JSON value of expires_in ("" leaves it out)
	mu        sync.Mutex
	reqs      []*http.Request
	bodies    []string
}

func (ts *tokenServer) responder(req *http.Request) (*http.Response, error) {
	b, _ := io.ReadAll(req.Body)
	ts.mu.Lock()
	ts.reqs = append(ts.reqs, req)
	ts.bodies = append(ts.bodies, string(b))
	ts.mu.Unlock()
	n := ts.n.Add(1)
	body := `{"access_token":"tok` + strconv.Itoa(int(n)) + `","token_type":"Bearer"`
	if ts.expiresIn != "" {
		body += `,"expires_in":` + ts.expiresIn
	}
	body += `}`
	return httpmock.NewStringResponse(200, body), nil
}

func (ts *tokenServer) count() int { return int(ts.n.Load()) }

// newMock returns a client on a fresh MockTransport that fails the test
// on any unregistered request, with a token endpoint already registered.
func newMock(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport, *tokenServer) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	ts := &tokenServer{expiresIn: "3600"}
	mt.RegisterResponder(http.MethodPost, tokenURL, ts.responder)
	all := append([]Option{rxbridge.WithBaseURL(testBase), rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry)}, opts...)
	c, err := NewClient(testID, testSecret, all...)
	require.NoError(t, err)
	return c, mt, ts
}

// withClock sets the token cache's clock (tests only).
func withClock(now func() time.Time) Option {
	return rxbridge.ProviderOption("cvsspecialty.withClock", func(o *options) { o.now = now })
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fixture reads testdata/cvsspecialty/name.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "cvsspecialty", name))
	require.NoError(t, err)
	return b
}

// sampleReferral decodes the spec's intake example.
func sampleReferral(t testing.TB) *Referral {
	t.Helper()
	var r Referral
	require.NoError(t, json.Unmarshal(fixture(t, "intake-request.json"), &r))
	return &r
}

// okIntake answers a successful intake echoing the transactionId.
func okIntake(req *http.Request) (*http.Response, error) {
	var in struct {
		TransactionID string `json:"transactionId"`
	}
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		return httpmock.NewStringResponse(400, `{"statusCode":"5004"}`), nil
	}
	return httpmock.NewStringResponse(200, `{"transactionId":"`+in.TransactionID+`","statusDescription":"Success","statusCode":"0000"}`), nil
}

// statusOK answers every asked id as Pending, rows in reverse order.
func statusOK(req *http.Request) (*http.Response, error) {
	var in StatusRequest
	if err := json.NewDecoder(req.Body).Decode(&in); err != nil {
		return httpmock.NewStringResponse(400, `{"statusCode":"5004"}`), nil
	}
	out := StatusResponse{StatusCode: "0000", StatusDescription: "Success"}
	for i := len(in.TransactionIDs) - 1; i >= 0; i-- {
		out.ReferralStatus = append(out.ReferralStatus, ReferralStatus{TransactionID: in.TransactionIDs[i], Status: StatePending, Reason: "r-" + in.TransactionIDs[i]})
	}
	return httpmock.NewJsonResponse(200, out)
}
