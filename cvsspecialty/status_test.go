package cvsspecialty

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

func TestStatusOfThousandIDsIsBatchedAndMergedInOrder(t *testing.T) {
	const n, batch, conc = 1000, 64, 3
	c, mt, ts := newMock(t, WithStatusBatchSize(batch), WithStatusConcurrency(conc))
	var inflight, peak atomic.Int32
	var mu sync.Mutex
	asked := map[string]int{}
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		cur := inflight.Add(1)
		defer inflight.Add(-1)
		for {
			p := peak.Load()
			if cur <= p || peak.CompareAndSwap(p, cur) {
				break
			}
		}
		b, _ := io.ReadAll(req.Body)
		var in StatusRequest
		require.NoError(t, json.Unmarshal(b, &in))
		assert.LessOrEqual(t, len(in.TransactionIDs), batch)
		mu.Lock()
		for _, id := range in.TransactionIDs {
			asked[id]++
		}
		mu.Unlock()
		time.Sleep(2 * time.Millisecond) // let batches overlap
		req.Body = io.NopCloser(jsonReader(b))
		return statusOK(req) // rows come back in reverse order
	})
	ids := make([]string, n)
	for i := range ids {
		ids[i] = fmt.Sprintf("tx-%04d", i)
	}
	res, err := c.Status(context.Background(), ids...)
	require.NoError(t, err)
	want := (n + batch - 1) / batch
	assert.Equal(t, want, mt.GetCallCountInfo()["POST "+statusURL], "ceil(1000/64) requests")
	assert.Equal(t, want, res.Requests)
	assert.Equal(t, 1, ts.count())
	assert.LessOrEqual(t, peak.Load(), int32(conc), "bounded concurrency")
	assert.Greater(t, peak.Load(), int32(1), "batches ran concurrently")
	require.Len(t, asked, n)
	for id, k := range asked {
		require.Equal(t, 1, k, id)
	}
	require.Len(t, res.Referrals, n)
	for i, e := range res.Referrals {
		require.Equal(t, ids[i], e.TransactionID)
		require.True(t, e.Found)
		require.Equal(t, "r-"+ids[i], e.Reason, "row matched by id, not position")
	}
	assert.Empty(t, res.Unmatched)
}

func jsonReader(b []byte) io.Reader { return &sliceReader{b: b} }

type sliceReader struct{ b []byte }

func (r *sliceReader) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}

func TestStatusBatchCountsForSeveralSizes(t *testing.T) {
	for _, batch := range []int{1, 7, 50, 999, 1000} {
		c, mt, _ := newMock(t, WithStatusBatchSize(batch))
		mt.RegisterResponder(http.MethodPost, statusURL, statusOK)
		ids := make([]string, 1000)
		for i := range ids {
			ids[i] = fmt.Sprint("id", i)
		}
		res, err := c.Status(context.Background(), ids...)
		require.NoError(t, err)
		assert.Equal(t, (1000+batch-1)/batch, mt.GetCallCountInfo()["POST "+statusURL], "batch %d", batch)
		assert.True(t, res.Referrals[999].Found)
	}
}

func TestStatusMatching(t *testing.T) {
	c, mt, _ := newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewStringResponder(200, `{
		"statusCode":"0000","statusDescription":"Success",
		"referralStatus":[
			{"transactionId":"other","status":"Shipped"},
			{"transactionId":"B","status":"Pending","reason":"Insurance Denied"},
			{"transactionId":"a","status":"In Review"},
			{"transactionId":"a","status":"Later row"},
			{"transactionId":"c","status":null,"reason":null}
		]}`))
	res, err := c.Status(context.Background(), "a", "b", "missing", "a", "c")
	require.NoError(t, err)
	assert.Equal(t, []StatusEntry{
		{TransactionID: "a", Found: true, Status: "In Review"},
		{TransactionID: "b", Found: true, Status: StatePending, Reason: "Insurance Denied"},
		{TransactionID: "missing"},
		{TransactionID: "a", Found: true, Status: "In Review"},
		{TransactionID: "c", Found: true},
	}, res.Referrals)
	assert.Equal(t, []ReferralStatus{{TransactionID: "other", Status: "Shipped"}, {TransactionID: "a", Status: "Later row"}}, res.Unmatched)
	e, ok := res.Lookup("b")
	assert.True(t, ok)
	assert.True(t, e.Status.Known())
	assert.False(t, ReferralState("Shipped").Known())
}

func TestStatusSendsEachIDOnce(t *testing.T) {
	c, mt, _ := newMock(t)
	var got StatusRequest
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		b, _ := io.ReadAll(req.Body)
		require.NoError(t, json.Unmarshal(b, &got))
		req.Body = io.NopCloser(jsonReader(b))
		return statusOK(req)
	})
	_, err := c.Status(context.Background(), "x", "y", "x")
	require.NoError(t, err)
	assert.Equal(t, []string{"x", "y"}, got.TransactionIDs)
}

func TestStatusSpecExample(t *testing.T) {
	c, mt, _ := newMock(t)
	var body []byte
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		body, _ = io.ReadAll(req.Body)
		return httpmock.NewBytesResponse(200, fixture(t, "status-response.json")), nil
	})
	res, err := c.Status(context.Background(), "006DFC08-8123-4482-31F7-AC73106F1C8A")
	require.NoError(t, err)
	assert.JSONEq(t, string(fixture(t, "status-request.json")), string(body))
	// The spec answers a row for another id: it is reported, not guessed.
	assert.False(t, res.Referrals[0].Found)
	assert.Equal(t, []ReferralStatus{{TransactionID: "605841b8-1cef-11ea-978f-2e728ce88125", Status: "Pending", Reason: "Insurance Denied"}}, res.Unmatched)
}

func TestStatusIsRetried(t *testing.T) {
	c, mt, _ := newMock(t, WithMockMode())
	mt.RegisterResponder(http.MethodPost, statusURL,
		httpmock.NewStringResponder(503, `{"statusCode":"5000"}`).
			Then(httpmock.NewErrorResponder(&net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET})).
			Then(httpmock.NewStringResponder(502, `<html>bad gateway</html>`)).
			Then(func(req *http.Request) (*http.Response, error) {
				assert.Equal(t, "Y", req.Header.Get("X-Mock"))
				return statusOK(req)
			}))
	res, err := c.Status(context.Background(), "x")
	require.NoError(t, err)
	assert.True(t, res.Referrals[0].Found)
	assert.Equal(t, 4, mt.GetCallCountInfo()["POST "+statusURL])

	c, mt, _ = newMock(t)
	mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewStringResponder(503, ``))
	_, err = c.Status(context.Background(), "x")
	require.ErrorIs(t, err, ErrServer)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a read never has an unknown outcome")
	assert.Equal(t, 4, mt.GetCallCountInfo()["POST "+statusURL])
	assert.Equal(t, "cvsspecialty: Status POST specialty/patient/referral/v1/status: HTTP 503 [4 attempts]", err.Error(),
		"one batch: the call's own error, its route once")
}

func TestStatusEnvelopeTable(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		body     string
		ok       bool
		sentinel error
		code     string
		message  string
	}{
		{"success", 200, `{"statusCode":"0000","statusDescription":"Success","referralStatus":[]}`, true, nil, "", ""},
		{"success no rows", 200, `{"statusCode":"0000"}`, true, nil, "", ""},
		{"1001 under 200", 200, `{"statusCode":"1001","statusDescription":"bad token"}`, false, ErrInvalidToken, "1001", "bad token"},
		{"9999 under 200", 200, `{"statusCode":"9999","statusDescription":"try later"}`, false, ErrServer, "9999", "try later"},
		{"5004 under 200", 200, string(fixture(t, "error-400-missing-field.json")), false, ErrRejected, "5004", "missing/incorrect input request"},
		{"unknown code", 200, `{"statusCode":"7777","statusDescription":"new"}`, false, nil, "7777", "new"},
		{"numeric code", 200, `{"statusCode":0,"referralStatus":[]}`, false, nil, "0", ""},
		{"missing code", 200, `{"referralStatus":[]}`, false, ErrUnexpectedResponse, "", ""},
		{"duplicate code", 200, `{"statusCode":"0000","statusCode":"1001"}`, false, ErrUnexpectedResponse, "", ""},
		{"duplicate code other case", 200, `{"STATUSCODE":"1001","statusCode":"0000"}`, false, ErrUnexpectedResponse, "", ""},
		{"duplicate code escaped", 200, `{"statusCode":"0000","\u0073tatusCode":"1001"}`, false, ErrUnexpectedResponse, "", ""},
		{"key text as a value", 200, `{"note":"statusCode","statusCode":"0000"}`, true, nil, "", ""},
		{"statusDesc spelling", 500, string(fixture(t, "error-500-statusdesc.json")), false, ErrServer, "9999", "Message Not Processed:Internal Server Error"},
		{"html 200", 200, `<html>captive portal</html>`, false, ErrDecode, "", ""},
		{"null body", 200, `null`, false, ErrUnexpectedResponse, "", ""},
		{"empty 200", 200, ``, false, ErrUnexpectedResponse, "", ""},
		{"BOM", 200, "\xef\xbb\xbf" + `{"statusCode":"0000"}`, true, nil, "", ""},
		{"404", 404, `{"statusCode":"5013","statusDescription":"parameters not valid"}`, false, ErrNotFound, "5013", "parameters not valid"},
		{"403 empty", 403, ``, false, ErrForbidden, "", ""},
		{"400 html", 400, `<html>bad</html>`, false, ErrRejected, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, mt, _ := newMock(t, rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
			mt.RegisterResponder(http.MethodPost, statusURL, httpmock.NewStringResponder(tc.status, tc.body))
			_, err := c.Status(context.Background(), "x")
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.Error(t, err, "never reported as success")
			if tc.sentinel != nil {
				require.ErrorIs(t, err, tc.sentinel)
			}
			var e *Error
			if tc.sentinel == ErrDecode {
				assert.False(t, errorsAs(err, &e))
				return
			}
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.message, e.Message)
		})
	}
}

func TestStatusValidation(t *testing.T) {
	c, mt, _ := newMock(t)
	res, err := c.Status(context.Background())
	require.NoError(t, err)
	assert.Empty(t, res.Referrals)
	_, err = c.Status(context.Background(), "ok", "", "bad id")
	require.ErrorIs(t, err, ErrInvalidInput)
	var ve *ValidationError
	require.ErrorAs(t, err, &ve)
	assert.Equal(t, []string{"transactionIds[1]", "transactionIds[2]"}, ve.Fields())
	assert.NotContains(t, err.Error(), "bad id")
	assert.Equal(t, 0, mt.GetTotalCallCount())
}

func TestStatusBatchFailureStopsTheOthers(t *testing.T) {
	c, mt, _ := newMock(t, WithStatusBatchSize(1), WithStatusConcurrency(1))
	var calls atomic.Int32
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		if calls.Add(1) == 3 {
			return httpmock.NewStringResponse(400, `{"statusCode":"5004"}`), nil
		}
		return statusOK(req)
	})
	ids := make([]string, 20)
	for i := range ids {
		ids[i] = fmt.Sprint("id", i)
	}
	res, err := c.Status(context.Background(), ids...)
	require.ErrorIs(t, err, ErrRejected)
	assert.Nil(t, res)
	assert.Contains(t, err.Error(), "batch 3 of 20")
	assert.LessOrEqual(t, calls.Load(), int32(4), "the remaining batches were not sent")
}

func TestStatusCancelled(t *testing.T) {
	c, mt, _ := newMock(t, WithStatusBatchSize(1), WithStatusConcurrency(2))
	// The upstream never answers: only the caller's deadline can end the
	// call, whatever the machine's load.
	mt.RegisterResponder(http.MethodPost, statusURL, func(req *http.Request) (*http.Response, error) {
		<-req.Context().Done()
		return nil, req.Context().Err()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := c.Status(ctx, "a", "b", "c", "d")
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func errorsAs(err error, target any) bool { return errors.As(err, target) }
