package reliability

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	cv "github.com/rxbridge/rxbridge-go/carevalidate"
	"github.com/rxbridge/rxbridge-go/carevalidate/carevalidatetest"
)

// careValidate is CareValidate's partner REST API: an API key, or a
// per-call access token for the Case Products API.
var careValidate = &provider{
	name: "carevalidate",
	// No credential to fetch: the warm-up only opens the keep-alive case's
	// connection.
	warmForKeepAliveOnly: true,
	start: func(t *testing.T, route string, cfg clientConfig) *fixture {
		srv := carevalidatetest.NewServer(carevalidatetest.WithAPIKey(canaryCVKey), carevalidatetest.WithAccessToken(canaryCVAccess))
		t.Cleanup(srv.Close)
		px := newProxy(t, srv.URL, route)
		opts := []cv.Option{
			rxbridge.WithBaseURL(px.URL), rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger),
			rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout),
		}
		if cfg.maxBytes > 0 {
			opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
		}
		opts = append(opts, cfg.telemetry...)
		c, err := cv.NewClient(canaryCVKey, opts...)
		require.NoError(t, err)
		setup, err := cv.NewClient(canaryCVKey, rxbridge.WithBaseURL(srv.URL))
		require.NoError(t, err)
		return &fixture{proxy: px, client: c, setup: setup, fake: srv}
	},
	warm: func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*cv.Client).ListCases(ctx, cvWindow())
		return err
	},
	typed: func(err error) (int, int, bool) {
		var e *cv.Error
		if errors.As(err, &e) {
			return e.HTTPStatus, e.Attempts, true
		}
		return 0, 0, false
	},
}

// cvWindow is a list window around now.
func cvWindow() cv.ListCasesQuery {
	now := time.Now()
	return cv.ListCasesQuery{StartTime: now.Add(-time.Hour), EndTime: now.Add(time.Hour)}
}

// cvCase is a create-case request carrying canary PHI.
func cvCase(key string) *cv.CreateCaseRequest {
	return &cv.CreateCaseRequest{
		FirstName: canaryGiven, LastName: canaryFamily, Email: canaryEmail, PhoneNumber: "+1" + canaryPhone,
		DOB: rxbridge.NewDate(1937, time.April, 19), FormTitle: "Intake",
		Questions:      []cv.Question{{QuestionID: "q1", Question: "Symptoms", Type: "text", Answer: canaryNote}},
		IdempotencyKey: key,
	}
}

// cvPrepareCase creates a case with the set-up client and keeps its id.
func cvPrepareCase(ctx context.Context, t *testing.T, fx *fixture) {
	res, err := fx.setup.(*cv.Client).CreateCase(ctx, cvCase(""))
	require.NoError(t, err)
	require.NotEmpty(t, res.CaseID)
	fx.state["case"] = res.CaseID
}

// careValidateOps: creates, form responses, comments and payments are
// never repeated once sent and done only on their documented answer (each
// documents it), except CreateCase with an IdempotencyKey, which is
// retried with the same key; reads are retried.
func careValidateOps() []op {
	c := func(fx *fixture) *cv.Client { return fx.client.(*cv.Client) }
	caseID := func(fx *fixture) string { return fx.state["case"].(string) }
	return []op{
		{p: careValidate, name: "CreateCase", idempotent: false, route: "POST api/v1/dynamic-case",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreateCase(ctx, cvCase(""))
				return err
			}},
		{p: careValidate, name: "CreateCaseWithIdempotencyKey", idempotent: true, route: "POST api/v1/dynamic-case",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreateCase(ctx, cvCase(cv.NewIdempotencyKey()))
				return err
			}},
		{p: careValidate, name: "CreateCaseWithProducts", idempotent: false, route: "POST api/v1/cases",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreateCaseWithProducts(ctx, canaryCVAccess, &cv.CreateCaseWithProductsRequest{
					User: cv.CaseUser{FirstName: canaryGiven, LastName: canaryFamily, Email: canaryEmail,
						PhoneNumber: "+1" + canaryPhone, DOB: rxbridge.NewDate(1937, time.April, 19)},
					Products: []cv.CaseProduct{{ID: "5b0c3f4e-2d7a-4c1e-9f60-1a2b3c4d5e6f"}},
				})
				return err
			}},
		{p: careValidate, name: "ListCases", idempotent: true, route: "GET api/v1/cases", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).ListCases(ctx, cvWindow())
				return err
			}},
		{p: careValidate, name: "Cases", idempotent: true, route: "GET api/v1/cases", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				for _, err := range c(fx).Cases(ctx, cvWindow()) {
					if err != nil {
						return err
					}
				}
				return nil
			}},
		{p: careValidate, name: "GetCase", idempotent: true, route: "GET api/v1/customer-case-detail", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).GetCase(ctx, caseID(fx), nil)
				return err
			}},
		{p: careValidate, name: "GetCaseByEmail", idempotent: true, route: "GET api/v1/customer-case-detail", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).GetCaseByEmail(ctx, canaryEmail, nil)
				return err
			}},
		{p: careValidate, name: "LatestCaseID", idempotent: true, route: "GET api/v1/customer-latest-case-id", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).LatestCaseID(ctx, cv.LatestCaseQuery{Email: canaryEmail})
				return err
			}},
		{p: careValidate, name: "AddFormResponse", idempotent: false, route: "POST api/v1/customer-dynamic-case-form", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).AddFormResponse(ctx, &cv.AddFormRequest{CaseID: caseID(fx), FormTitle: "Follow-up",
					Questions: []cv.Question{{QuestionID: "q2", Question: "Weight", Type: "text", Answer: canaryNote}}})
				return err
			}},
		{p: careValidate, name: "AddComment", idempotent: false, route: "POST api/v1/cases/{caseId}", prepare: cvPrepareCase,
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).AddComment(ctx, caseID(fx), &cv.NewComment{Text: canaryNote + " for " + canaryGiven,
					Author: cv.CommentAuthorRef{Email: "clinician@example.org"}})
				return err
			}},
		{p: careValidate, name: "CreatePaymentIntent", idempotent: false, route: "POST api/v1/payments/intent",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreatePaymentIntent(ctx, &cv.PaymentIntentRequest{Amount: rxbridge.NewNumber("12.50")})
				return err
			}},
		{p: careValidate, name: "CreatePaymentSetup", idempotent: false, route: "POST api/v1/payments/setup",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreatePaymentSetup(ctx, nil)
				return err
			}},
		{p: careValidate, name: "CompletePaymentSetup", idempotent: false, route: "POST api/v1/complete-payment-setup",
			prepare: func(ctx context.Context, t *testing.T, fx *fixture) {
				s, err := fx.setup.(*cv.Client).CreatePaymentSetup(ctx, nil)
				require.NoError(t, err)
				fx.state["setup"] = s.SetupIntentID()
			},
			call: func(ctx context.Context, fx *fixture) error {
				return c(fx).CompletePaymentSetup(ctx, &cv.CompletePaymentSetupRequest{StripeSetupID: fx.state["setup"].(string),
					ShippingAddress: cv.StripeAddress{Line1: "1 " + canaryFamily + " St", City: "Dayton", State: "OH", Country: "US", PostalCode: "45402"}})
			}},
	}
}
