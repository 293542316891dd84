package mhv_test

import (
	"context"
	rxbridge "github.com/rxbridge/rxbridge-go"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/mhv"
)

const (
	mockBase   = "https://mhv.test/mhv-api/patient/v1"
	mockRefill = "POST " + mockBase + "/prescription/rxrefill/781758"
	mockBatch  = "POST " + mockBase + "/prescription/rxrefill"
	mockLogin  = "GET https://mhv.test/login"
)

// mockMHV is a client on an httpmock transport that opens sessions and
// fails the test on any unregistered request.
func mockMHV(t *testing.T) (*mhv.User, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	mt.RegisterResponder("GET", mockBase+"/session", sessionResponder("tok-1"))
	mt.RegisterResponder("GET", "https://mhv.test/login",
		httpmock.NewStringResponder(200, "<html><body>Sign in to My HealtheVet</body></html>"))
	c, err := mhv.NewClient("app", rxbridge.WithBaseURL(mockBase), rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	return c.User("7614"), mt
}

// loginRedirect answers a 302 to the same host's login page.
func loginRedirect(code int) httpmock.Responder {
	return func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(code, "")
		r.Header.Set("Location", "https://mhv.test/login")
		return r, nil
	}
}

// TestRefillRedirectToALoginPageIsOutcomeUnknown: a refill answered with a
// same-host 302/303 is not followed (Go would GET the login page and its
// 200 would pass for MHV's answer): the refill was delivered, and whether
// MHV queued it is unknown.
func TestRefillRedirectToALoginPageIsOutcomeUnknown(t *testing.T) {
	for _, code := range []int{http.StatusFound, http.StatusSeeOther} {
		vet, mt := mockMHV(t)
		mt.RegisterResponder("POST", mockBase+"/prescription/rxrefill/781758", loginRedirect(code))
		mt.RegisterResponder("POST", mockBase+"/prescription/rxrefill", loginRedirect(code))

		err := vet.Refill(context.Background(), 781758)
		require.ErrorIs(t, err, mhv.ErrOutcomeUnknown, "%d", code)
		var e *mhv.Error
		require.ErrorAs(t, err, &e, "the typed 3xx is the cause")
		assert.Equal(t, code, e.HTTPStatus)

		_, err = vet.RefillMany(context.Background(), []int64{781758, 781759})
		require.ErrorIs(t, err, mhv.ErrOutcomeUnknown, "%d", code)

		calls := mt.GetCallCountInfo()
		assert.Equal(t, 1, calls[mockRefill], "sent once")
		assert.Equal(t, 1, calls[mockBatch], "sent once")
		assert.Zero(t, calls[mockLogin], "the redirect was not followed")
	}
}

// TestRefillUndocumentedSuccessIsOutcomeUnknown: a 2xx to a refill is
// success only in MHV's documented forms; anything else (a login or
// gateway page, JSON of another shape) may or may not have queued it.
func TestRefillUndocumentedSuccessIsOutcomeUnknown(t *testing.T) {
	for _, body := range []string{
		`<html><body>Sign in</body></html>`,
		`{}`,
		`{"status":"error"}`,
		`[]`,
		`"queued"`,
		`null`,
	} {
		vet, mt := mockMHV(t)
		mt.RegisterResponder("POST", mockBase+"/prescription/rxrefill/781758", jsonResponder(200, body))
		err := vet.Refill(context.Background(), 781758)
		require.ErrorIs(t, err, mhv.ErrOutcomeUnknown, "%s", body)
		assert.ErrorIs(t, err, mhv.ErrDecode, "%s", body)
		assert.NotContains(t, err.Error(), body, "never the body")
		assert.Equal(t, 1, mt.GetCallCountInfo()[mockRefill], "never retried: %s", body)
	}
}

// TestRefillManyUndocumentedSuccessIsOutcomeUnknown: the batch answer is
// the documented object (or a single refill's success forms); an HTML page
// or JSON of another shape says nothing about which refills were queued.
func TestRefillManyUndocumentedSuccessIsOutcomeUnknown(t *testing.T) {
	for _, body := range []string{`<html><body>Sign in</body></html>`, `{}`, `{"message":"ok"}`, `[1,2]`} {
		vet, mt := mockMHV(t)
		mt.RegisterResponder("POST", mockBase+"/prescription/rxrefill", jsonResponder(200, body))
		res, err := vet.RefillMany(context.Background(), []int64{1, 2})
		require.ErrorIs(t, err, mhv.ErrOutcomeUnknown, "%s", body)
		assert.ErrorIs(t, err, mhv.ErrDecode, "%s", body)
		assert.Nil(t, res, "no refill is reported submitted")
		assert.Equal(t, 1, mt.GetCallCountInfo()[mockBatch])
	}
	for _, body := range []string{``, `{"status":"success"}`, `Success`, `{"errors":[],"infoMessages":[]}`} {
		vet, mt := mockMHV(t)
		mt.RegisterResponder("POST", mockBase+"/prescription/rxrefill", jsonResponder(200, body))
		res, err := vet.RefillMany(context.Background(), []int64{1, 2})
		require.NoError(t, err, "%s", body)
		assert.Equal(t, []int64{1, 2}, res.Submitted())
	}
}

// TestReadsRefuseAnAnswerWithoutTheirMembers: a 2xx read whose body is
// empty, `{}` or an HTML page is a decode error, not an empty list (a
// veteran shown "no prescriptions" would not refill them).
func TestReadsRefuseAnAnswerWithoutTheirMembers(t *testing.T) {
	reads := []struct {
		route string
		call  func(context.Context, *mhv.User) error
	}{
		{"/prescription/getactiverx", func(ctx context.Context, u *mhv.User) error { _, err := u.ActivePrescriptions(ctx); return err }},
		{"/prescription/gethistoryrx", func(ctx context.Context, u *mhv.User) error { _, err := u.PrescriptionHistory(ctx); return err }},
		{"/prescription/medications", func(ctx context.Context, u *mhv.User) error { _, err := u.Medications(ctx); return err }},
		{"/prescription/rxtracking/781758", func(ctx context.Context, u *mhv.User) error { _, err := u.Tracking(ctx, 781758); return err }},
		{"/prescription/getrxdoc/00013264681", func(ctx context.Context, u *mhv.User) error {
			_, err := u.RxDocumentation(ctx, "00013264681")
			return err
		}},
		{"/preferences/email", func(ctx context.Context, u *mhv.User) error { _, err := u.NotificationEmail(ctx); return err }},
		{"/preferences/rx", func(ctx context.Context, u *mhv.User) error { _, err := u.RxNotifications(ctx); return err }},
	}
	for _, r := range reads {
		for _, body := range []string{``, `{}`, `{"unrelated":[]}`, `<html><body>Sign in</body></html>`} {
			vet, mt := mockMHV(t)
			mt.RegisterResponder("GET", mockBase+r.route, jsonResponder(200, body))
			err := r.call(context.Background(), vet)
			require.ErrorIs(t, err, mhv.ErrDecode, "%s %q", r.route, body)
			assert.NotErrorIs(t, err, mhv.ErrOutcomeUnknown)
			assert.Equal(t, 1, mt.GetCallCountInfo()["GET "+mockBase+r.route], "a decode error is not retried")
		}
	}
}
