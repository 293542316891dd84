package develophealth

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
)

// TestCanaryNoPHIOrSecretsLeak plants PHI and secret canaries in the token,
// the ids in paths, the request bodies and every kind of answer, runs each
// operation through every failure mode, and checks that no canary reaches
// a log line or any rendering of an error.
func TestCanaryNoPHIOrSecretsLeak(t *testing.T) {
	const (
		token   = "CANARY-TOKEN-9f8e7d"
		patient = "CANARY-PATIENT-NAME"
		paID    = "pa_CANARY-ID"
		desc    = "CANARY-DESCRIPTION for CANARY-PATIENT-NAME"
		detailC = "CANARY-DETAIL"
		msgC    = "CANARY-VALIDATION-MSG"
		bodyC   = "CANARY-BODY"
	)
	logger, sink := canary.Logger()
	mt := httpmock.NewMockTransport()
	c, err := NewClient(token, rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithLogger(logger), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)

	answers := []httpmock.Responder{
		httpmock.NewStringResponder(400, `{"status":"error","error":{"title":"CANARY-TITLE","description":"`+desc+`","code":"unsupported_drug"}}`),
		httpmock.NewStringResponder(409, `{"status":"error","error":{"title":"t","description":"`+desc+`","code":"prescription_message_already_linked","existing_prior_auth_request_id":"par_1"}}`),
		httpmock.NewStringResponder(404, `{"detail":"`+detailC+`"}`),
		httpmock.NewStringResponder(422, `{"detail":[{"loc":["body","patient","`+patient+`"],"msg":"`+msgC+`","type":"value_error","input":"`+patient+`"}]}`),
		httpmock.NewStringResponder(500, `<html>`+bodyC+`</html>`),
		httpmock.NewStringResponder(200, `{"status":"success","data":{"id":["`+bodyC+`"]}}`),
		httpmock.NewStringResponder(200, `{"status":"error","error":{"title":"x","description":"`+desc+`","code":"`+patient+`"}}`),
		httpmock.NewErrorResponder(fmt.Errorf("dial tcp: %s", io.ErrUnexpectedEOF)),
		httpmock.NewStringResponder(400, `{"status":"error","error":{"title":"x","description":"d","code":"a code with `+patient+` in it"}}`),
	}
	var errs []error
	ctx := context.Background()
	for _, answer := range answers {
		mt.Reset()
		mt.RegisterNoResponder(answer)
		req := &CreatePriorAuthRequest{Patient: Patient{FirstName: patient, LastName: patient}}
		calls := []error{
			func() error { _, err := c.CreatePriorAuthorization(ctx, req); return err }(),
			func() error { _, err := c.GetPriorAuthorization(ctx, paID+"?q="+patient); return err }(),
			c.CancelPriorAuthorization(ctx, paID, &CancelPriorAuthRequest{CancellationReason: patient}),
			c.SubmitPriorAuthFeedback(ctx, paID, &PriorAuthFeedbackRequest{Category: patient, Message: patient}),
			func() error {
				_, err := c.UpdateNDPSubmission(ctx, paID, &UpdateNDPSubmissionRequest{PreferredPharmacyNCPDPID: patient})
				return err
			}(),
			c.CancelPrescriptionTransfer(ctx, paID),
			func() error {
				_, err := c.CreateBenefitVerification(ctx, &CreateBenefitVerificationRequest{Patient: PatientInfo{FirstName: patient}})
				return err
			}(),
			func() error { _, err := c.GetBenefitVerification(ctx, paID); return err }(),
			c.CancelBenefitVerification(ctx, paID),
			func() error {
				_, err := c.CreateClinicalQualification(ctx, &CreateClinicalQualificationRequest{Patient: Patient{FirstName: patient}})
				return err
			}(),
			func() error { _, err := c.GetClinicalQualification(ctx, paID); return err }(),
			c.AuthorizeProvider(ctx, &AuthorizeProviderRequest{FirstName: patient}),
			func() error { _, err := c.ListAuthorizedProviders(ctx); return err }(),
			func() error { _, err := c.LookupProvider(ctx, &ProviderLookupRequest{LastName: patient}); return err }(),
			func() error { _, err := c.Status(ctx); return err }(),
		}
		for _, err := range calls {
			if err != nil {
				errs = append(errs, err)
			}
		}
	}
	require.Greater(t, len(errs), 100)
	require.Greater(t, sink.Records(), 100)
	all := sink.String() + canary.Errors(errs...) + fmt.Sprintf("%v %+v %#v", c, c, c)
	canary.AssertClean(t, all, token, patient, "CANARY-ID", desc, detailC, msgC, bodyC, "CANARY-TITLE")
	require.True(t, strings.Contains(sink.String(), "prior-authorization/{id}"), "logs carry the route template")
}
