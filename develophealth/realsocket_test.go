package develophealth_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// These tests use real sockets (the fake behind faultserver), so the
// pipeline sees real resets, truncations and timeouts.

func specCreate(t *testing.T) *dh.CreatePriorAuthRequest {
	t.Helper()
	b, err := os.ReadFile("../testdata/develophealth/pa_create_request.json")
	require.NoError(t, err)
	var req dh.CreatePriorAuthRequest
	require.NoError(t, json.Unmarshal(b, &req))
	return &req
}

func fakeClient(t *testing.T, opts ...dh.Option) (*develophealthtest.Server, *dh.Client) {
	t.Helper()
	srv := develophealthtest.NewServer()
	t.Cleanup(srv.Close)
	opts = append([]dh.Option{rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond})}, opts...)
	c, err := srv.NewClient(opts...)
	require.NoError(t, err)
	return srv, c
}

// gatedClient is fakeClient whose attempts time out when the fake holds
// them in a slow fault (a faultserver.TimeoutGate), never on a clock that
// a busy machine could run out before the fake sees the request.
func gatedClient(t *testing.T) (*develophealthtest.Server, *dh.Client) {
	t.Helper()
	gate := faultserver.NewTimeoutGate()
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	srv, c := fakeClient(t, rxbridge.WithHTTPClient(&http.Client{Transport: gate.Transport(tr)}))
	srv.Faults.SetGate(gate)
	return srv, c
}

// TestCreateConnectionDiesAfterSend: the server read the whole create and
// the connection died: sent once, reported as outcome unknown.
func TestCreateConnectionDiesAfterSend(t *testing.T) {
	srv, c := fakeClient(t)
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead})
	_, err := c.CreatePriorAuthorization(context.Background(), specCreate(t))
	require.Error(t, err)
	assert.ErrorIs(t, err, dh.ErrOutcomeUnknown)
	assert.ErrorIs(t, err, dh.ErrTransport)
	assert.Equal(t, 1, srv.Faults.Count(), "sent exactly once")
	rec := srv.Faults.Requests()[0]
	assert.Equal(t, "POST", rec.Method)
	assert.Equal(t, "/prior-authorization", rec.Path)
	want, _ := json.Marshal(specCreate(t))
	assert.JSONEq(t, string(want), string(rec.Body), "the server received the whole create")
	assert.NotContains(t, err.Error(), "John", "no PHI in the error")
}

// TestCreateProcessedThenLost: the upstream created the request and the
// answer was lost. One request, one prior authorization, outcome unknown.
func TestCreateProcessedThenLost(t *testing.T) {
	srv, c := fakeClient(t)
	srv.LoseAnswers(1)
	_, err := c.CreatePriorAuthorization(context.Background(), specCreate(t))
	require.ErrorIs(t, err, dh.ErrOutcomeUnknown)
	assert.Equal(t, 1, srv.Faults.Count())
	ids := srv.PriorAuthorizationIDs()
	require.Len(t, ids, 1, "it was created: repeating the call would have made a duplicate")
}

func TestEveryCreateIsSentOnce(t *testing.T) {
	ctx := context.Background()
	var bv dh.CreateBenefitVerificationRequest
	b, _ := os.ReadFile("../testdata/develophealth/bv_create_request.json")
	require.NoError(t, json.Unmarshal(b, &bv))
	var cq dh.CreateClinicalQualificationRequest
	b, _ = os.ReadFile("../testdata/develophealth/cq_create_request.json")
	require.NoError(t, json.Unmarshal(b, &cq))
	creates := map[string]func(*dh.Client) error{
		"prior authorization":  func(c *dh.Client) error { _, err := c.CreatePriorAuthorization(ctx, specCreate(t)); return err },
		"benefit verification": func(c *dh.Client) error { _, err := c.CreateBenefitVerification(ctx, &bv); return err },
		"clinical qualification": func(c *dh.Client) error {
			_, err := c.CreateClinicalQualification(ctx, &cq)
			return err
		},
		"provider authorization": func(c *dh.Client) error {
			return c.AuthorizeProvider(ctx, &dh.AuthorizeProviderRequest{NPI: "1", FirstName: "A", LastName: "B"})
		},
		"feedback": func(c *dh.Client) error {
			return c.SubmitPriorAuthFeedback(ctx, "pa_x", &dh.PriorAuthFeedbackRequest{Category: "c", Message: "m"})
		},
	}
	faults := map[string]faultserver.Fault{
		"reset after read": {Kind: faultserver.ResetAfterRead},
		"truncated answer": {Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"status":"success","data":{"id":"pa_1"}}`)},
		"gateway 502":      faultserver.GatewayHTML(502),
		"slow answer":      {Kind: faultserver.SlowHeaders, Delay: time.Hour, Status: 200, Body: []byte(`{}`)},
	}
	for name, create := range creates {
		for fname, f := range faults {
			srv, c := gatedClient(t)
			srv.Faults.Enqueue(f)
			err := create(c)
			assert.ErrorIs(t, err, dh.ErrOutcomeUnknown, "%s / %s", name, fname)
			assert.Equal(t, 1, srv.Faults.Count(), "%s / %s: sent once", name, fname)
		}
	}
}

func TestReadsAreRetriedThroughTheSameFaults(t *testing.T) {
	srv, c := gatedClient(t)
	ctx := context.Background()
	created, err := c.CreatePriorAuthorization(ctx, specCreate(t))
	require.NoError(t, err)
	srv.Faults.Reset()
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetAfterRead},
		faultserver.Fault{Kind: faultserver.Truncate, Status: 200, Body: []byte(`{"status":"success","data":{}}`)},
		faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: time.Hour})
	pa, err := c.GetPriorAuthorization(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.ID, pa.ID)
	assert.Equal(t, 4, srv.Faults.Count())

	// Cancelling is safe to repeat: it is retried too.
	srv.Faults.Reset()
	srv.Faults.Enqueue(faultserver.Fault{Kind: faultserver.ResetBeforeRead})
	require.NoError(t, c.CancelPriorAuthorization(ctx, created.ID, &dh.CancelPriorAuthRequest{CancellationReason: "x"}))
	assert.Equal(t, 2, srv.Faults.Count())
}

// TestCreateNeverSentIsRetried: a refused connection proves nothing was
// sent, so even a create is retried, and the failure is not "unknown".
func TestCreateNeverSentIsRetried(t *testing.T) {
	// A port that refuses connections, held so no other test's server can
	// take it (a closed listener's port could be, and that server answers).
	addr := faultserver.RefusingAddr(t)
	c, err := dh.NewClient("tok", rxbridge.WithBaseURL("http://"+addr), rxbridge.WithHTTPClient(&http.Client{Transport: &http.Transport{}}),
		rxbridge.WithRetry(rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}))
	require.NoError(t, err)
	_, err = c.CreatePriorAuthorization(context.Background(), specCreate(t))
	require.Error(t, err)
	assert.ErrorIs(t, err, dh.ErrTransport)
	assert.False(t, errors.Is(err, dh.ErrOutcomeUnknown), "connection refused: nothing was sent")
}
