package reliability

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	dh "github.com/rxbridge/rxbridge-go/develophealth"
	"github.com/rxbridge/rxbridge-go/develophealth/develophealthtest"
)

// developHealth is Develop Health: a bearer token, no credential fetch.
var developHealth = &provider{
	name: "develophealth",
	// No credential to fetch: the warm-up only opens the keep-alive case's
	// connection.
	warmForKeepAliveOnly: true,
	start: func(t *testing.T, route string, cfg clientConfig) *fixture {
		srv := develophealthtest.NewServer(develophealthtest.WithToken(canaryDHToken))
		t.Cleanup(srv.Close)
		px := newProxy(t, srv.URL, route)
		opts := []dh.Option{
			rxbridge.WithBaseURL(px.URL), rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger),
			rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout),
		}
		if cfg.maxBytes > 0 {
			opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
		}
		opts = append(opts, cfg.telemetry...)
		c, err := dh.NewClient(canaryDHToken, opts...)
		require.NoError(t, err)
		setup, err := srv.NewClient()
		require.NoError(t, err)
		return &fixture{proxy: px, client: c, setup: setup, fake: srv}
	},
	warm: func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*dh.Client).Status(ctx)
		return err
	},
	typed: func(err error) (int, int, bool) {
		var e *dh.Error
		if errors.As(err, &e) {
			return e.HTTPStatus, e.Attempts, true
		}
		return 0, 0, false
	},
}

// dhPA is the spec's prior authorization request carrying canary PHI;
// with ndp it is an NDP submission.
func dhPA(ndp bool) *dh.CreatePriorAuthRequest {
	req, err := develophealthtest.PriorAuthRequestExample()
	if err != nil {
		panic("develophealthtest.PriorAuthRequestExample: " + err.Error())
	}
	req.Patient.FirstName, req.Patient.LastName = canaryGiven, canaryFamily
	req.Patient.DateOfBirth = rxbridge.NewDate(1937, time.April, 19)
	req.Patient.Email, req.Patient.Phone = canaryEmail, canaryPhone
	if ndp {
		req.NDPSubmission = &dh.PriorAuthRequestNDPSubmission{PrescriptionMessageID: "msg-" + canaryMember, IgnoreEligibilityCheckError: true}
	}
	return req
}

// dhFixture decodes a request fixture of testdata/develophealth (a broken
// fixture is a broken suite: it panics).
func dhFixture[T any](name string) *T {
	b, err := os.ReadFile("../../testdata/develophealth/" + name)
	if err != nil {
		panic(err)
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		panic(name + ": " + err.Error())
	}
	return &v
}

func dhBV() *dh.CreateBenefitVerificationRequest {
	req := dhFixture[dh.CreateBenefitVerificationRequest]("bv_create_request.json")
	req.Patient.FirstName, req.Patient.LastName = canaryGiven, canaryFamily
	req.Patient.DateOfBirth = rxbridge.NewDate(1937, time.April, 19)
	return req
}

func dhCQ() *dh.CreateClinicalQualificationRequest {
	req := dhFixture[dh.CreateClinicalQualificationRequest]("cq_create_request.json")
	req.Patient.FirstName, req.Patient.LastName = canaryGiven, canaryFamily
	req.Patient.DateOfBirth = rxbridge.NewDate(1937, time.April, 19)
	return req
}

// dhPrepare makes one object with the set-up client and keeps its id.
func dhPrepare(kind string) func(context.Context, *testing.T, *fixture) {
	return func(ctx context.Context, t *testing.T, fx *fixture) {
		c := fx.setup.(*dh.Client)
		var id string
		switch kind {
		case "pa", "pa-ndp", "pa-done":
			res, err := c.CreatePriorAuthorization(ctx, dhPA(kind == "pa-ndp"))
			require.NoError(t, err)
			id = res.ID
			if kind == "pa-done" {
				_, err := fx.fake.(*develophealthtest.Server).Complete(id)
				require.NoError(t, err)
			}
		case "bv":
			res, err := c.CreateBenefitVerification(ctx, dhBV())
			require.NoError(t, err)
			id = res.ID
		case "cq":
			res, err := c.CreateClinicalQualification(ctx, dhCQ())
			require.NoError(t, err)
			id = res.ID
		}
		fx.state["id"] = id
	}
}

func dhID(fx *fixture) string { return fx.state["id"].(string) }

// developHealthOps: creates, feedback and provider authorization are never
// repeated once sent (each documents it); reads, cancels, the NDP
// pharmacy update and the provider lookup are documented as safe to
// repeat and retried.
func developHealthOps() []op {
	c := func(fx *fixture) *dh.Client { return fx.client.(*dh.Client) }
	return []op{
		{p: developHealth, name: "CreatePriorAuthorization", idempotent: false, route: "POST prior-authorization",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreatePriorAuthorization(ctx, dhPA(false))
				return err
			}},
		{p: developHealth, name: "GetPriorAuthorization", idempotent: true, route: "GET prior-authorization/{id}", prepare: dhPrepare("pa"),
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).GetPriorAuthorization(ctx, dhID(fx))
				return err
			}},
		{p: developHealth, name: "WaitPriorAuthorization", idempotent: true, route: "GET prior-authorization/{id}", prepare: dhPrepare("pa-done"),
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).WaitPriorAuthorization(ctx, dhID(fx), dh.WaitOptions{Interval: 10 * time.Millisecond})
				return err
			}},
		{p: developHealth, name: "CancelPriorAuthorization", idempotent: true, route: "POST prior-authorization/{id}/cancel", prepare: dhPrepare("pa"),
			call: func(ctx context.Context, fx *fixture) error {
				return c(fx).CancelPriorAuthorization(ctx, dhID(fx), &dh.CancelPriorAuthRequest{CancellationReason: canaryNote})
			}},
		{p: developHealth, name: "SubmitPriorAuthFeedback", idempotent: false, route: "POST prior-authorization/{id}/feedback", prepare: dhPrepare("pa"),
			call: func(ctx context.Context, fx *fixture) error {
				return c(fx).SubmitPriorAuthFeedback(ctx, dhID(fx), &dh.PriorAuthFeedbackRequest{Category: "outcome", Message: canaryNote})
			}},
		{p: developHealth, name: "UpdateNDPSubmission", idempotent: true, route: "PATCH prior-authorization/{id}/ndp-submission", prepare: dhPrepare("pa-ndp"),
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).UpdateNDPSubmission(ctx, dhID(fx), &dh.UpdateNDPSubmissionRequest{PreferredPharmacyNCPDPID: "1234567"})
				return err
			}},
		{p: developHealth, name: "CancelPrescriptionTransfer", idempotent: true, route: "POST prior-authorization/{id}/prescription-transfer/cancel",
			prepare: dhPrepare("pa-ndp"),
			call:    func(ctx context.Context, fx *fixture) error { return c(fx).CancelPrescriptionTransfer(ctx, dhID(fx)) }},
		{p: developHealth, name: "CreateBenefitVerification", idempotent: false, route: "POST benefit-verification",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreateBenefitVerification(ctx, dhBV())
				return err
			}},
		{p: developHealth, name: "GetBenefitVerification", idempotent: true, route: "GET benefit-verification/{id}", prepare: dhPrepare("bv"),
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).GetBenefitVerification(ctx, dhID(fx))
				return err
			}},
		{p: developHealth, name: "CancelBenefitVerification", idempotent: true, route: "POST benefit-verification/{id}/cancel", prepare: dhPrepare("bv"),
			call: func(ctx context.Context, fx *fixture) error { return c(fx).CancelBenefitVerification(ctx, dhID(fx)) }},
		{p: developHealth, name: "CreateClinicalQualification", idempotent: false, route: "POST clinical-qualification",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).CreateClinicalQualification(ctx, dhCQ())
				return err
			}},
		{p: developHealth, name: "GetClinicalQualification", idempotent: true, route: "GET clinical-qualification/{id}", prepare: dhPrepare("cq"),
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).GetClinicalQualification(ctx, dhID(fx))
				return err
			}},
		{p: developHealth, name: "AuthorizeProvider", idempotent: false, route: "POST provider/authorize",
			call: func(ctx context.Context, fx *fixture) error {
				return c(fx).AuthorizeProvider(ctx, &dh.AuthorizeProviderRequest{NPI: "1234567893", FirstName: canaryGiven, LastName: canaryFamily})
			}},
		{p: developHealth, name: "ListAuthorizedProviders", idempotent: true, route: "GET authorized-providers",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).ListAuthorizedProviders(ctx)
				return err
			}},
		{p: developHealth, name: "LookupProvider", idempotent: true, route: "POST provider/lookup",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).LookupProvider(ctx, &dh.ProviderLookupRequest{NPI: "1234567893"})
				return err
			}},
		{p: developHealth, name: "Status", idempotent: true, route: "GET status",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := c(fx).Status(ctx)
				return err
			}},
	}
}
