package cvsspecialty_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

var fast = rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})

func newFake(t *testing.T, opts ...cvsspecialtytest.Option) *cvsspecialtytest.Server {
	t.Helper()
	srv := cvsspecialtytest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func fakeClient(t *testing.T, srv *cvsspecialtytest.Server, opts ...cvsspecialty.Option) *cvsspecialty.Client {
	t.Helper()
	c, err := srv.NewClient(append([]cvsspecialty.Option{fast}, opts...)...)
	require.NoError(t, err)
	return c
}

// gatedClient returns a client of srv whose attempts time out when the
// fake holds an intake request in a stalling fault (a
// faultserver.TimeoutGate), never on a clock: a short WithTimeout would
// race the machine's load, ending an attempt before the fake saw it or
// while the client fetched its token.
func gatedClient(t *testing.T, srv *cvsspecialtytest.Server, opts ...cvsspecialty.Option) *cvsspecialty.Client {
	t.Helper()
	gate := faultserver.NewTimeoutGate()
	srv.IntakeFaults.SetGate(gate)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	hc := &http.Client{Transport: gate.Transport(tr)}
	return fakeClient(t, srv, append([]cvsspecialty.Option{rxbridge.WithHTTPClient(hc)}, opts...)...)
}

func freshReferral() *cvsspecialty.Referral {
	r := cvsspecialtytest.SampleReferral()
	r.TransactionID = cvsspecialty.NewTransactionID()
	return r
}

func TestFakeEndToEnd(t *testing.T) {
	srv := newFake(t)
	c := fakeClient(t, srv, cvsspecialty.WithMockMode())
	ctx := context.Background()
	ref := freshReferral()
	res, err := c.Submit(ctx, ref)
	require.NoError(t, err)
	assert.Equal(t, ref.TransactionID, res.TransactionID)

	st, err := c.Status(ctx, res.TransactionID, "unknown-id")
	require.NoError(t, err)
	assert.Equal(t, []cvsspecialty.StatusEntry{
		{TransactionID: res.TransactionID, Found: true, Status: cvsspecialty.StatePending},
		{TransactionID: "unknown-id"},
	}, st.Referrals)

	next, err := srv.Advance(res.TransactionID)
	require.NoError(t, err)
	assert.Equal(t, "Processing", next)
	require.NoError(t, srv.SetStatus(res.TransactionID, "Pending", "Insurance Denied"))
	st, err = c.Status(ctx, res.TransactionID)
	require.NoError(t, err)
	assert.Equal(t, "Insurance Denied", st.Referrals[0].Reason)

	got, ok := srv.Referral(res.TransactionID)
	require.True(t, ok)
	assert.True(t, got.MockMode, "x-mock: Y reached the fake")
	assert.Equal(t, "Targaryen", got.Request.Patient.Name.Family)
	assert.Equal(t, cvsspecialtytest.SampleTIFF(), got.Request.RxImage.Content.Data, "the streamed image arrives intact")
	assert.Equal(t, 1, srv.TokenRequests())
	assert.Len(t, srv.Referrals(), 1)
	for _, rec := range append(srv.IntakeFaults.Requests(), srv.StatusFaults.Requests()...) {
		assert.Empty(t, rec.Header.Values("Idempotency-Key"))
		assert.Empty(t, rec.Header.Values("X-Idempotency-Key"))
	}
}

// A reset after CVS read and acted on the intake: sent once, reported as
// outcome unknown with the transactionId, which Status then finds. On a
// fresh connection and on a reused keep-alive one (where net/http replays
// requests it deems safe to replay).
func TestLoseAnswersIsSentOnceAndOutcomeUnknown(t *testing.T) {
	for _, reused := range []bool{false, true} {
		t.Run(fmt.Sprintf("reused=%v", reused), func(t *testing.T) {
			srv := newFake(t)
			c := fakeClient(t, srv)
			ctx := context.Background()
			for i := range 25 {
				if reused {
					_, err := c.Status(ctx, "warm-up") // leaves an idle keep-alive connection
					require.NoError(t, err)
				}
				srv.LoseAnswers(1)
				ref := freshReferral()
				_, err := c.Submit(ctx, ref)
				require.ErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown, "run %d", i)
				require.ErrorIs(t, err, cvsspecialty.ErrTransport)
				var ou *cvsspecialty.OutcomeUnknownError
				require.ErrorAs(t, err, &ou)
				require.Equal(t, ref.TransactionID, ou.TransactionID)
				require.Equal(t, 1, srv.Submissions(ref.TransactionID), "run %d: the referral was created exactly once", i)
				require.Equal(t, i+1, srv.IntakeFaults.Count(), "run %d: one intake request per Submit", i)

				// Reconcile: the referral exists.
				st, err := c.Status(ctx, ou.TransactionID)
				require.NoError(t, err)
				require.True(t, st.Referrals[0].Found)
			}
		})
	}
}

func TestIntakeTransportFaultsAreOutcomeUnknown(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault faultserver.Fault
	}{
		{"truncated", faultserver.Fault{Kind: faultserver.Truncate, Status: 200, ContentType: "application/json",
			Body: []byte(`{"transactionId":"605841b8-1cef-11ea-978f-2e728ce88125","statusDescription":"Success","statusCode":"0000"}`)}},
		// The attempt times out once the fake holds the request (a gate).
		{"slow headers", faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour, Status: 200}},
		{"gateway 502", faultserver.GatewayHTML(502)},
		{"gateway 504", faultserver.GatewayHTML(504)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newFake(t)
			c := gatedClient(t, srv, rxbridge.WithTimeout(30*time.Second))
			srv.IntakeFaults.Enqueue(tc.fault)
			ref := freshReferral()
			_, err := c.Submit(context.Background(), ref)
			require.ErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown)
			var ou *cvsspecialty.OutcomeUnknownError
			require.ErrorAs(t, err, &ou)
			assert.Equal(t, ref.TransactionID, ou.TransactionID)
			assert.Equal(t, 1, srv.IntakeFaults.Count())
		})
	}
}

func TestIntakeConnectionResetBeforeReadIsStillNotRetried(t *testing.T) {
	// The server reset without reading the body: the client cannot prove
	// nothing was processed, so it does not resend.
	srv := newFake(t)
	c := fakeClient(t, srv)
	srv.IntakeFaults.Enqueue(faultserver.Fault{Kind: faultserver.ResetBeforeRead})
	_, err := c.Submit(context.Background(), freshReferral())
	require.ErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown)
	assert.Equal(t, 1, srv.IntakeFaults.Count())
}

func TestFake503Bursts(t *testing.T) {
	srv := newFake(t)
	c := fakeClient(t, srv)
	ctx := context.Background()
	res, err := c.Submit(ctx, freshReferral())
	require.NoError(t, err)

	srv.Unavailable(2)
	st, err := c.Status(ctx, res.TransactionID)
	require.NoError(t, err, "status is retried through the burst")
	assert.True(t, st.Referrals[0].Found)
	assert.Equal(t, 3, srv.StatusFaults.Count())

	srv.Unavailable(1)
	_, err = c.Submit(ctx, freshReferral())
	require.ErrorIs(t, err, cvsspecialty.ErrOutcomeUnknown, "intake is not retried on 503")
	require.ErrorIs(t, err, cvsspecialty.ErrServer)
	assert.Equal(t, 2, srv.IntakeFaults.Count())
}

func TestFakeRejectsAValidTokenOnce(t *testing.T) {
	srv := newFake(t)
	c := fakeClient(t, srv)
	srv.RejectCredentials(1)
	ref := freshReferral()
	_, err := c.Submit(context.Background(), ref)
	require.NoError(t, err, "new token, one replay")
	assert.Equal(t, 2, srv.TokensIssued())
	assert.Equal(t, 2, srv.IntakeFaults.Count())
	assert.Equal(t, 1, srv.Submissions(ref.TransactionID), "the refused intake did not create a referral")

	srv.RejectCredentials(2)
	_, err = c.Status(context.Background(), ref.TransactionID)
	require.ErrorIs(t, err, cvsspecialty.ErrInvalidToken, "no loop: the second rejection is reported")
	assert.Equal(t, 3, srv.TokensIssued())

	srv.RevokeCredentials()
	_, err = c.Status(context.Background(), ref.TransactionID)
	require.NoError(t, err)
	assert.Equal(t, 4, srv.TokensIssued())
}

func TestFakeManyGoroutinesColdClient(t *testing.T) {
	srv := newFake(t)
	// Bound the connections so 500 simultaneous dials do not overflow the
	// loopback listen backlog (SYN retries would only slow the test).
	tr := &http.Transport{MaxConnsPerHost: 64, MaxIdleConnsPerHost: 64}
	t.Cleanup(tr.CloseIdleConnections)
	c := fakeClient(t, srv, rxbridge.WithHTTPClient(&http.Client{Transport: tr}))
	var wg sync.WaitGroup
	errs := make(chan error, 500)
	for range 500 {
		wg.Go(func() {
			if _, err := c.Status(context.Background(), "x"); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	assert.Equal(t, 1, srv.TokenRequests())
}

func TestFakeStatusBatches(t *testing.T) {
	srv := newFake(t, cvsspecialtytest.WithMaxStatusIDs(100), cvsspecialtytest.WithUnknownIDs(cvsspecialtytest.UnknownRow))
	c := fakeClient(t, srv, cvsspecialty.WithStatusBatchSize(100))
	ids := make([]string, 1000)
	for i := range ids {
		ids[i] = fmt.Sprintf("id-%04d", 999-i)
	}
	res, err := c.Status(context.Background(), ids...)
	require.NoError(t, err)
	assert.Equal(t, 10, srv.StatusFaults.Count())
	for i, e := range res.Referrals {
		require.Equal(t, ids[i], e.TransactionID)
		require.Equal(t, cvsspecialty.ReferralState("Not Found"), e.Status)
	}

	c = fakeClient(t, srv, cvsspecialty.WithStatusBatchSize(101))
	_, err = c.Status(context.Background(), ids[:101]...)
	require.ErrorIs(t, err, cvsspecialty.ErrRejected)
}

func TestFakeUnknownIDModes(t *testing.T) {
	srv := newFake(t, cvsspecialtytest.WithUnknownIDs(cvsspecialtytest.UnknownError))
	c := fakeClient(t, srv)
	_, err := c.Status(context.Background(), "nope")
	require.ErrorIs(t, err, cvsspecialty.ErrNotFound)
	var e *cvsspecialty.Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, "5013", e.Code)
}

func TestFakeProgressionOverTime(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	srv := newFake(t, cvsspecialtytest.WithProgression(time.Minute), cvsspecialtytest.WithClock(clock),
		cvsspecialtytest.WithLifecycle("Pending", "Approved", "Shipped"), cvsspecialtytest.WithTokenTTL(0))
	c := fakeClient(t, srv)
	res, err := c.Submit(context.Background(), freshReferral())
	require.NoError(t, err)
	for _, want := range []string{"Pending", "Approved", "Shipped", "Shipped"} {
		st, err := c.Status(context.Background(), res.TransactionID)
		require.NoError(t, err)
		assert.Equal(t, cvsspecialty.ReferralState(want), st.Referrals[0].Status)
		advance(time.Minute)
	}
}

func TestFakeProgressionPerPoll(t *testing.T) {
	srv := newFake(t, cvsspecialtytest.WithProgressionPerPoll(2),
		cvsspecialtytest.WithLifecycle("Pending", "Approved", "Shipped"))
	c := fakeClient(t, srv)
	res, err := c.Submit(context.Background(), freshReferral())
	require.NoError(t, err)
	other, err := c.Submit(context.Background(), freshReferral())
	require.NoError(t, err)
	// Reading the fake's state is not a poll; a poll of another referral
	// does not move this one.
	require.Len(t, srv.Referrals(), 2)
	_, err = c.Status(context.Background(), other.TransactionID)
	require.NoError(t, err)
	for _, want := range []string{"Pending", "Pending", "Approved", "Approved", "Shipped", "Shipped", "Shipped"} {
		st, err := c.Status(context.Background(), res.TransactionID)
		require.NoError(t, err)
		assert.Equal(t, cvsspecialty.ReferralState(want), st.Referrals[0].Status)
	}
	// A status set by hand stays.
	require.NoError(t, srv.SetStatus(other.TransactionID, "On Hold", "prior auth"))
	for range 3 {
		st, err := c.Status(context.Background(), other.TransactionID)
		require.NoError(t, err)
		assert.Equal(t, cvsspecialty.ReferralState("On Hold"), st.Referrals[0].Status)
	}
}

func TestFakeIssuedIDsAndPrefix(t *testing.T) {
	srv := newFake(t, cvsspecialtytest.WithIssuedIDs(), cvsspecialtytest.WithPathPrefix("/gw/"))
	assert.True(t, strings.HasSuffix(srv.URL, "/gw"))
	c := fakeClient(t, srv)
	ref := freshReferral()
	res, err := c.Submit(context.Background(), ref)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(res.TransactionID, "enc-"))
	assert.Equal(t, ref.TransactionID, res.SentTransactionID)
	st, err := c.Status(context.Background(), res.TransactionID)
	require.NoError(t, err)
	assert.True(t, st.Referrals[0].Found)
}

func TestFakeRefusesWrongCredentials(t *testing.T) {
	srv := newFake(t)
	c, err := cvsspecialty.NewClient(cvsspecialtytest.ClientID, "wrong", rxbridge.WithBaseURL(srv.URL), fast)
	require.NoError(t, err)
	_, err = c.Submit(context.Background(), freshReferral())
	require.ErrorIs(t, err, cvsspecialty.ErrUnauthorized)
	var te *cvsspecialty.TokenError
	require.ErrorAs(t, err, &te)
	assert.Equal(t, 401, te.HTTPStatus)
	assert.Equal(t, "invalid_client", te.Code)
	assert.Equal(t, 1, srv.TokenRequests(), "a refused credential is not retried")
	assert.Equal(t, 0, srv.IntakeFaults.Count())
}

// rawToken gets a token from the fake without the SDK.
func rawToken(t *testing.T, srv *cvsspecialtytest.Server) string {
	id, secret := srv.Credentials()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+cvsspecialtytest.TokenPath, strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(id, secret)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int    `json:"expires_in"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&tok))
	assert.Equal(t, "Bearer", tok.TokenType)
	assert.Equal(t, 3600, tok.ExpiresIn)
	return tok.AccessToken
}

func TestFakeWireFormat(t *testing.T) {
	srv := newFake(t)
	id, secret := srv.Credentials()
	post := func(path, ctype, body string, set func(*http.Request)) (int, string) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		if set != nil {
			set(req)
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	form := "application/x-www-form-urlencoded"
	basic := func(r *http.Request) { r.SetBasicAuth(id, secret) }

	// Token endpoint.
	st, body := post(cvsspecialtytest.TokenPath, form, "grant_type=client_credentials", nil)
	assert.Equal(t, 401, st)
	assert.JSONEq(t, `{"error":"invalid_client"}`, body)
	st, _ = post(cvsspecialtytest.TokenPath, form, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}.Encode(), nil)
	assert.Equal(t, 400, st, "credentials in the body are refused")
	st, body = post(cvsspecialtytest.TokenPath, form, "grant_type=password", basic)
	assert.Equal(t, 400, st)
	assert.JSONEq(t, `{"error":"unsupported_grant_type"}`, body)

	// API: the spec's 401.
	tok := rawToken(t, srv)
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }
	st, body = post(cvsspecialtytest.StatusPath, "application/json", `{"transactionIds":["a"]}`, func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") })
	assert.Equal(t, 401, st)
	assert.JSONEq(t, `{"statusCode":"1001","statusDescription":"Looks like your Bearer token is not valid. Please obtain a new token.","fault":{"moreInfo":"https://developer.cvshealth.com/common/error-codes","type":"","title":""}}`, body)

	// Intake validation, in the gateway's 5004 shape.
	st, body = post(cvsspecialtytest.IntakePath, "application/json", `{"transactionId":"t1","patient":{"name":{"given":"A"}},"prescription":[]}`, bearer)
	assert.Equal(t, 400, st)
	var e cvsspecialty.ErrorResponse
	require.NoError(t, json.Unmarshal([]byte(body), &e))
	assert.Equal(t, "5004", e.StatusCode)
	var fields []string
	for _, fe := range e.Fault.Errors {
		fields = append(fields, fe.Field)
	}
	assert.Equal(t, []string{"patient.name.family", "patient.birthDate", "prescription"}, fields)

	st, _ = post(cvsspecialtytest.IntakePath, "application/json", `{"transactionId":"t1","unknownField":1}`, bearer)
	assert.Equal(t, 400, st, "unknown fields are refused: the SDK must speak the spec's names")

	postman := cvsspecialtytest.SampleReferralJSON()
	var m map[string]any
	require.NoError(t, json.Unmarshal(postman, &m))
	m["rxImage"] = map[string]any{"content": map[string]any{"type": "IMAGE/TIFF", "data": cvsspecialtytest.SamplePNG()}}
	b, _ := json.Marshal(m)
	st, body = post(cvsspecialtytest.IntakePath, "application/json", string(b), bearer)
	assert.Equal(t, 400, st, "a PNG declared TIFF is refused")
	assert.Contains(t, body, "rxImage.content.type")

	st, body = post(cvsspecialtytest.IntakePath, "application/json", string(cvsspecialtytest.SampleReferralJSON()), bearer)
	assert.Equal(t, 200, st)
	assert.JSONEq(t, `{"transactionId":"605841b8-1cef-11ea-978f-2e728ce88125","statusDescription":"Success","statusCode":"0000"}`, body)

	st, body = post(cvsspecialtytest.StatusPath, "application/json", `{"transactionIds":["605841b8-1cef-11ea-978f-2e728ce88125"]}`, bearer)
	assert.Equal(t, 200, st)
	assert.JSONEq(t, `{"statusCode":"0000","statusDescription":"Success","referralStatus":[{"transactionId":"605841b8-1cef-11ea-978f-2e728ce88125","status":"Pending"}]}`, body)
}

func TestSampleMatchesTheFixture(t *testing.T) {
	b, err := readFixture("intake-request.json")
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(cvsspecialtytest.SampleReferralJSON()))
	out, err := json.Marshal(cvsspecialtytest.SampleReferral())
	require.NoError(t, err)
	assert.JSONEq(t, string(b), string(out))
	assert.Equal(t, cvsspecialty.ImageTypeTIFF, cvsspecialty.SniffImageType(cvsspecialtytest.SampleTIFF()))
	assert.Equal(t, cvsspecialty.ImageTypePNG, cvsspecialty.SniffImageType(cvsspecialtytest.SamplePNG()))
}
