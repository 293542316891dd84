package reliability

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/cvsspecialty"
	"github.com/rxbridge/rxbridge-go/cvsspecialty/cvsspecialtytest"
)

// cvs is CVS Specialty: OAuth client credentials (the token requests pass
// the proxy untouched), intake and batched status.
var cvs = &provider{
	name: "cvsspecialty",
	start: func(t *testing.T, route string, cfg clientConfig) *fixture {
		srv := cvsspecialtytest.NewServer(cvsspecialtytest.WithCredentials(canaryCVSClientID, canaryCVSSecret))
		t.Cleanup(srv.Close)
		px := newProxy(t, srv.URL, route)
		opts := []cvsspecialty.Option{
			rxbridge.WithBaseURL(px.URL), rxbridge.WithHTTPClient(cfg.hc), rxbridge.WithLogger(cfg.logger),
			rxbridge.WithRetry(cfg.retry), rxbridge.WithTimeout(cfg.timeout),
		}
		if cfg.maxBytes > 0 {
			opts = append(opts, rxbridge.WithMaxResponseBytes(cfg.maxBytes))
		}
		opts = append(opts, cfg.telemetry...)
		c, err := cvsspecialty.NewClient(canaryCVSClientID, canaryCVSSecret, opts...)
		require.NoError(t, err)
		return &fixture{proxy: px, client: c, fake: srv}
	},
	warm: func(ctx context.Context, fx *fixture) error {
		_, err := fx.client.(*cvsspecialty.Client).Status(ctx, "warm-up")
		return err
	},
	typed: func(err error) (int, int, bool) {
		var e *cvsspecialty.Error
		if errors.As(err, &e) {
			return e.HTTPStatus, e.Attempts, true
		}
		return 0, 0, false
	},
}

// cvsReferral is the spec's sample referral carrying canary PHI.
func cvsReferral() *cvsspecialty.Referral {
	r := cvsspecialtytest.SampleReferral()
	r.TransactionID = canaryTx
	r.Patient.Name.Given, r.Patient.Name.Family = canaryGiven, canaryFamily
	r.Patient.BirthDate = rxbridge.NewDate(1937, time.April, 19)
	if r.Coverage != nil && r.Coverage.Primary != nil {
		r.Coverage.Primary.MemberID = canaryMember
	}
	if r.Clinical != nil {
		r.Clinical.DoctorNote = canaryNote
	}
	return r
}

// cvsOps: Submit creates a referral (never repeated once it may have
// reached CVS: Submit's documentation); Status only reads (retried).
func cvsOps() []op {
	return []op{
		{p: cvs, name: "Submit", idempotent: false, route: "POST specialty/patient/referral/v1/intake",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := fx.client.(*cvsspecialty.Client).Submit(ctx, cvsReferral())
				return err
			}},
		{p: cvs, name: "Status", idempotent: true, route: "POST specialty/patient/referral/v1/status",
			call: func(ctx context.Context, fx *fixture) error {
				_, err := fx.client.(*cvsspecialty.Client).Status(ctx, canaryTx)
				return err
			}},
	}
}
