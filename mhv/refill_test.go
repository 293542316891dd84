package mhv_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/mhv"
	"github.com/rxbridge/rxbridge-go/mhv/mhvtest"
)

// refillPath is the fake's legacy refill route for an id.
const refillPath = "/mhv-api/patient/v1/prescription/rxrefill/"

// countPath counts the requests the fake received on a path.
func countPath(srv *mhvtest.Server, path string) int {
	n := 0
	for _, r := range srv.Faults.Requests() {
		if r.Path == path {
			n++
		}
	}
	return n
}

func TestRefillChangesStateForEveryBodyShape(t *testing.T) {
	for _, body := range []mhvtest.RefillBody{mhvtest.RefillBodyJSON, mhvtest.RefillBodyText, mhvtest.RefillBodyEmpty} {
		srv := mhvtest.NewServer(mhvtest.WithRefillBody(body))
		c := newClient(t, srv)
		vet := c.User(mhvtest.DemoVeteran)
		ctx := context.Background()
		require.NoError(t, vet.Refill(ctx, mhvtest.DemoRefillable), "body %d", body)
		rx, ok := srv.Prescription(mhvtest.DemoRefillable)
		require.True(t, ok)
		assert.Equal(t, "submitted", rx.Status)
		h, err := vet.Prescription(ctx, mhvtest.DemoRefillable)
		require.NoError(t, err)
		assert.Equal(t, mhv.RefillStatusSubmitted, h.RefillStatus)
		assert.False(t, h.IsRefillable)
		assert.True(t, h.RefillSubmitDate.Valid())
		req := srv.Faults.Requests()[1]
		assert.Equal(t, "POST", req.Method)
		assert.Empty(t, req.Body, "no body, Content-Length 0, as the ICD shows")
		assert.Equal(t, "application/json", req.Header.Get("Content-Type"))

		// A second refill is refused by MHV: the duplicate guard.
		err = vet.Refill(ctx, mhvtest.DemoRefillable)
		assert.ErrorIs(t, err, mhv.ErrNotRefillable)
		assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown)
		assert.Equal(t, 2, srv.RefillRequests(mhvtest.DemoRefillable), "each refill sent once")
		srv.Close()
	}
}

// TestRefillSuccessForEveryDocumentedBody: MHV's documented refill answers
// are all success (other bodies: TestRefillUndocumentedSuccessIsOutcomeUnknown).
func TestRefillSuccessForEveryDocumentedBody(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	mt.RegisterResponder("GET", "https://mhv.test/mhv-api/patient/v1/session", sessionResponder("tok-1"))
	bodies := []httpmock.Responder{
		jsonResponder(200, `{"status":"success" }`),
		jsonResponder(200, `Successfully submitted to: DAYT29`),
		jsonResponder(200, `Success`),
		jsonResponder(200, ``),
		httpmock.NewStringResponder(204, ``),
		jsonResponder(200, `"Success"`),
	}
	r := bodies[0]
	for _, b := range bodies[1:] {
		r = r.Then(b)
	}
	mt.RegisterResponder("POST", "https://mhv.test/mhv-api/patient/v1/prescription/rxrefill/781758", r)
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL("https://mhv.test/mhv-api/patient/v1"),
		rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	for i := range bodies {
		assert.NoError(t, c.User("7614").Refill(context.Background(), 781758), "body %d", i)
	}
	assert.Equal(t, len(bodies), mt.GetCallCountInfo()["POST https://mhv.test/mhv-api/patient/v1/prescription/rxrefill/781758"])
	assert.Equal(t, 1, mt.GetCallCountInfo()["GET https://mhv.test/mhv-api/patient/v1/session"])
}

func TestRefillIsNeverRetriedAfterAServerError(t *testing.T) {
	for _, fault := range []faultserver.Fault{
		faultserver.Status(500, `{"errorCode":99,"message":"Unknown application error occurred"}`),
		faultserver.Status(503, `{"errorCode":140}`),
		faultserver.GatewayHTML(502),
		faultserver.GatewayHTML(504),
	} {
		srv := mhvtest.NewServer()
		c := newClient(t, srv)
		vet := c.User(mhvtest.DemoVeteran)
		require.NoError(t, vet.EnsureSession(context.Background()))
		srv.Faults.Enqueue(fault)
		err := vet.Refill(context.Background(), mhvtest.DemoRefillable)
		require.Error(t, err)
		assert.ErrorIs(t, err, mhv.ErrOutcomeUnknown, "status %d", fault.Status)
		assert.ErrorIs(t, err, mhv.ErrServer)
		var e *mhv.Error
		require.ErrorAs(t, err, &e)
		assert.Equal(t, fault.Status, e.HTTPStatus)
		assert.Equal(t, 1, countPath(srv, refillPath+"22000101"), "sent once, never repeated")
		if fault.Status == 503 {
			assert.ErrorIs(t, err, mhv.ErrRefillFailed, "the code is reachable through the outcome-unknown wrapper")
		}
		if fault.ContentType != "application/json" {
			assert.ErrorIs(t, err, mhv.ErrGatewayPage)
		}
		srv.Close()
	}
}

func TestRefillConnectionDiesAfterTheServerReadItServerSawItOnce(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	require.NoError(t, vet.EnsureSession(context.Background()))
	// A fresh connection and a reused one behave the same: once sent, the
	// refill is not sent again.
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead})
	err := vet.Refill(context.Background(), mhvtest.DemoRefillable)
	require.Error(t, err)
	assert.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, mhv.ErrTransport)
	assert.Equal(t, 1, countPath(srv, refillPath+"22000101"), "the server saw it once")
}

func TestRefillProcessedThenAnswerLostCallerChecksTheHistory(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	srv.LoseAnswers(1)
	err := vet.Refill(ctx, mhvtest.DemoRefillable)
	require.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	assert.Equal(t, 1, srv.RefillRequests(mhvtest.DemoRefillable), "MHV acted once")
	// What the caller is told to do: look before repeating.
	rx, err := vet.Prescription(ctx, mhvtest.DemoRefillable)
	require.NoError(t, err)
	assert.Equal(t, mhv.RefillStatusSubmitted, rx.RefillStatus, "the refill happened")
}

func TestRefillTimeoutIsOutcomeUnknown(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	// The attempt times out once the fake holds the refill (a
	// TimeoutGate), never before it arrived.
	gate := faultserver.NewTimeoutGate()
	srv.Faults.SetGate(gate)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	c := newClient(t, srv, rxbridge.WithHTTPClient(&http.Client{Transport: gate.Transport(tr)}))
	vet := c.User(mhvtest.DemoVeteran)
	require.NoError(t, vet.EnsureSession(context.Background()))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour, Status: 200})
	err := vet.Refill(context.Background(), mhvtest.DemoRefillable)
	require.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	assert.Equal(t, 1, countPath(srv, refillPath+"22000101"))

	// A caller who gives up during the refill (once the fake has it) gets
	// outcome-unknown too. (The gate no longer ends held attempts.)
	srv.Faults.SetGate(nil)
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.Hang})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	before := srv.Faults.Count()
	go func() {
		for srv.Faults.Count() == before {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	err = vet.Refill(ctx, mhvtest.DemoTrackable)
	require.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestRefill429IsRetriedBecauseNothingHappened(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	require.NoError(t, vet.EnsureSession(context.Background()))
	srv.Faults.Enqueue(faultserver.RetryAfter(429, "0"))
	require.NoError(t, vet.Refill(context.Background(), mhvtest.DemoRefillable))
	assert.Equal(t, 2, countPath(srv, refillPath+"22000101"))
	assert.Equal(t, 1, srv.RefillRequests(mhvtest.DemoRefillable), "MHV acted once")
}

func TestRefillReplayedOnceAfterTheSessionWasRefused(t *testing.T) {
	for _, style := range []mhvtest.RejectStyle{mhvtest.RejectExpired110, mhvtest.RejectUnauthorized} {
		srv := mhvtest.NewServer(mhvtest.WithRejectStyle(style))
		c := newClient(t, srv)
		vet := c.User(mhvtest.DemoVeteran)
		require.NoError(t, vet.EnsureSession(context.Background()))
		srv.RevokeVeteranCredentials(mhvtest.DemoVeteran)
		require.NoError(t, vet.Refill(context.Background(), mhvtest.DemoRefillable))
		reqs := srv.Faults.Requests()
		require.Len(t, reqs, 4, "session, refused refill, new session, refill")
		assert.Equal(t, refillPath+"22000101", reqs[1].Path)
		assert.True(t, strings.HasSuffix(reqs[2].Path, "/session"))
		assert.Equal(t, refillPath+"22000101", reqs[3].Path)
		assert.NotEqual(t, reqs[1].Header.Get("Token"), reqs[3].Header.Get("Token"))
		assert.Equal(t, 1, srv.Rejections())
		assert.Equal(t, 1, srv.RefillRequests(mhvtest.DemoRefillable), "MHV acted once")
		srv.Close()
	}
}

func TestSessionRefusedTwiceIsReportedNotLooped(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	mt.RegisterResponder("GET", "https://mhv.test/mhv-api/patient/v1/session", sessionResponder("tok"))
	mt.RegisterResponder("POST", "https://mhv.test/mhv-api/patient/v1/prescription/rxrefill/5",
		jsonResponder(401, `{"errorCode":0,"developerMessage":"Error:Invalid session token;","message":null}`))
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL("https://mhv.test/mhv-api/patient/v1"),
		rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	err = c.User("7614").Refill(context.Background(), 5)
	require.Error(t, err)
	assert.ErrorIs(t, err, mhv.ErrSessionRejected)
	assert.ErrorIs(t, err, mhv.ErrUnauthorized)
	assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown, "a refused refill did nothing")
	counts := mt.GetCallCountInfo()
	assert.Equal(t, 2, counts["POST https://mhv.test/mhv-api/patient/v1/prescription/rxrefill/5"], "one send, one replay")
	assert.Equal(t, 2, counts["GET https://mhv.test/mhv-api/patient/v1/session"])
}

func TestRefillErrors(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	assert.ErrorIs(t, vet.Refill(ctx, mhvtest.DemoSubmitted), mhv.ErrNotRefillable)
	assert.ErrorIs(t, vet.Refill(ctx, mhvtest.DemoExpired), mhv.ErrNotRefillable)
	err := vet.Refill(ctx, 12345)
	assert.ErrorIs(t, err, mhv.ErrPrescriptionNotFound)
	assert.ErrorIs(t, err, mhv.ErrNotFound)
	assert.ErrorIs(t, vet.Refill(ctx, mhvtest.SecondVeteranRx), mhv.ErrNotPrescriptionOwner)
	rx, _ := srv.Prescription(mhvtest.SecondVeteranRx)
	assert.Equal(t, "active", rx.Status, "another veteran's prescription is untouched")
	assert.ErrorIs(t, vet.Refill(ctx, 0), mhv.ErrInvalidInput)
	assert.ErrorIs(t, vet.Refill(ctx, -4), mhv.ErrInvalidInput)
	for _, id := range []int64{mhvtest.DemoSubmitted, mhvtest.DemoExpired, 12345, mhvtest.SecondVeteranRx} {
		assert.Equal(t, 1, srv.RefillRequests(id), "error answers are not retried")
	}
}

func TestRefillManyPerPrescriptionResults(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ids := []int64{mhvtest.DemoRefillable, mhvtest.DemoSubmitted, 999, mhvtest.SecondVeteranRx, mhvtest.DemoTrackable}
	res, err := vet.RefillMany(context.Background(), ids)
	require.NoError(t, err)
	require.Len(t, res.Results, len(ids))
	for i, id := range ids {
		assert.Equal(t, id, res.Results[i].PrescriptionID)
	}
	assert.NoError(t, res.Results[0].Err)
	assert.ErrorIs(t, res.Results[1].Err, mhv.ErrNotRefillable)
	assert.ErrorIs(t, res.Results[2].Err, mhv.ErrPrescriptionNotFound)
	assert.ErrorIs(t, res.Results[3].Err, mhv.ErrNotPrescriptionOwner)
	assert.NoError(t, res.Results[4].Err)
	assert.Equal(t, []int64{mhvtest.DemoRefillable, mhvtest.DemoTrackable}, res.Submitted())
	assert.Len(t, res.Failed(), 3)
	assert.Empty(t, res.Unattributed)
	require.NotNil(t, res.Response)
	assert.Len(t, res.Response.Errors, 3)
	var e *mhv.Error
	require.ErrorAs(t, res.Results[1].Err, &e)
	assert.Equal(t, "RefillMany", e.Op)
	assert.NotContains(t, e.Error(), "22000103", "the id is only in DeveloperMessage")
	assert.Contains(t, e.DeveloperMessage, "22000103")

	req := srv.Faults.Requests()[1]
	assert.Equal(t, "/mhv-api/patient/v1/prescription/rxrefill", req.Path)
	assert.Equal(t, "[22000101,22000103,999,22000201,22000102]", string(req.Body))
	for _, id := range []int64{mhvtest.DemoRefillable, mhvtest.DemoTrackable} {
		rx, _ := srv.Prescription(id)
		assert.Equal(t, "submitted", rx.Status)
	}
}

func TestRefillManyAttributionFromTheRecordedShape(t *testing.T) {
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	mt.RegisterResponder("GET", "https://mhv.test/v1/usermgmt/auth/session", sessionResponder("tok"))
	mt.RegisterResponder("POST", "https://mhv.test/v1/pharmacy/ess/rxrefill",
		jsonResponder(200, string(fixture(t, "batch_refill_failure.json"))).
			Then(jsonResponder(200, `{"errors":[{"errorCode":99,"developerMessage":"java.lang.NullPointerException at line 12","message":null}],"infoMessages":[]}`)).
			Then(jsonResponder(200, `Success`)))
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL("https://mhv.test/v1"), mhv.WithGateway("k"),
		rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	vet := c.User("17621060")
	ctx := context.Background()

	res, err := vet.RefillMany(ctx, []int64{13650545, 13650546, 13650547})
	require.NoError(t, err)
	assert.ErrorIs(t, res.Results[0].Err, mhv.ErrPrescriptionNotFound)
	assert.ErrorIs(t, res.Results[1].Err, mhv.ErrNotRefillable, `errorCode "139" as a string`)
	assert.NoError(t, res.Results[2].Err)

	// A failure naming no requested id: nobody is reported as submitted.
	res, err = vet.RefillMany(ctx, []int64{13650545, 13650546})
	require.NoError(t, err)
	require.Len(t, res.Unattributed, 1)
	assert.ErrorIs(t, res.Unattributed[0], mhv.ErrUnknownApplication)
	for _, r := range res.Results {
		assert.ErrorIs(t, r.Err, mhv.ErrBatchUnattributed)
	}
	assert.Empty(t, res.Submitted())

	// No JSON at all: a 2xx with nothing reported.
	res, err = vet.RefillMany(ctx, []int64{1, 2})
	require.NoError(t, err)
	assert.Nil(t, res.Response)
	assert.Equal(t, []int64{1, 2}, res.Submitted())
}

func TestRefillManyRules(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	for _, ids := range [][]int64{nil, {}, {1, 1}, {1, 0}, {-1}, make([]int64, 101)} {
		_, err := vet.RefillMany(ctx, ids)
		assert.ErrorIs(t, err, mhv.ErrInvalidInput, "%v", len(ids))
	}
	assert.Zero(t, srv.Faults.Count())

	require.NoError(t, vet.EnsureSession(ctx))
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead})
	_, err := vet.RefillMany(ctx, []int64{mhvtest.DemoRefillable, mhvtest.DemoTrackable})
	require.ErrorIs(t, err, mhv.ErrOutcomeUnknown)
	assert.Equal(t, 1, countPath(srv, "/mhv-api/patient/v1/prescription/rxrefill"))
}

// sessionResponder answers a session creation with tok.
func sessionResponder(tok string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(200, "")
		r.Header.Set("Token", tok)
		now := time.Now().UTC()
		r.Header.Set("Date", now.Format(http.TimeFormat))
		r.Header.Set("Expires", now.Add(10*time.Minute).Format(http.TimeFormat))
		return r, nil
	}
}

// jsonResponder answers body labelled application/json.
func jsonResponder(status int, body string) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(status, body)
		r.Header.Set("Content-Type", "application/json")
		return r, nil
	}
}

func TestRequestsWithABodyAreReplayedWholeAfterASessionRefusal(t *testing.T) {
	srv := mhvtest.NewServer()
	t.Cleanup(srv.Close)
	c := newClient(t, srv)
	vet := c.User(mhvtest.DemoVeteran)
	ctx := context.Background()
	require.NoError(t, vet.EnsureSession(ctx))
	srv.RevokeVeteranCredentials(mhvtest.DemoVeteran)
	res, err := vet.RefillMany(ctx, []int64{mhvtest.DemoRefillable, mhvtest.DemoTrackable})
	require.NoError(t, err)
	assert.Len(t, res.Submitted(), 2)
	srv.RevokeVeteranCredentials(mhvtest.DemoVeteran)
	require.NoError(t, vet.SetNotificationEmail(ctx, "replayed@example.com"))
	var bodies []string
	for _, r := range srv.Faults.Requests() {
		if r.Method == "POST" {
			bodies = append(bodies, string(r.Body))
		}
	}
	assert.Equal(t, []string{"[22000101,22000102]", "[22000101,22000102]",
		`{"emailAddress":"replayed@example.com"}`, `{"emailAddress":"replayed@example.com"}`}, bodies)
	assert.Equal(t, 2, srv.Rejections())
	assert.Equal(t, 1, srv.RefillRequests(mhvtest.DemoRefillable), "the refused batch did nothing")
}
