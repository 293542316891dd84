package develophealth

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// errorCall runs op against a mock answering status/body and returns the
// *Error.
func errorCall(t *testing.T, method, path string, status int, body, contentType string,
	call func(context.Context, *Client) error) (*Error, int, error) {
	t.Helper()
	c, mt := mockClient(t, rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	mt.RegisterResponder(method, DefaultBaseURL+path, func(*http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(status, body)
		if contentType != "" {
			resp.Header.Set("Content-Type", contentType)
		}
		resp.Header.Set("X-Request-Id", "req-42")
		return resp, nil
	})
	err := call(context.Background(), c)
	require.Error(t, err)
	var e *Error
	require.ErrorAs(t, err, &e)
	return e, mt.GetTotalCallCount(), err
}

func createPA(ctx context.Context, c *Client) error {
	_, err := c.CreatePriorAuthorization(ctx, &CreatePriorAuthRequest{})
	return err
}

func TestEnvelopeErrorShape(t *testing.T) {
	e, n, err := errorCall(t, "POST", "/prior-authorization", 400, string(fixture(t, "pa_create_400.json")), "application/json", createPA)
	assert.Equal(t, 1, n)
	assert.Equal(t, 400, e.HTTPStatus)
	assert.Equal(t, "unsupported_drug", e.Code)
	assert.Equal(t, "Unsupported Drug", e.Title)
	assert.Equal(t, "The drug you submitted is not yet supported for prior authorization.", e.Message)
	assert.Equal(t, "req-42", e.RequestID)
	assert.ErrorIs(t, err, ErrUnsupportedDrug)
	assert.NotErrorIs(t, err, ErrUnsupportedPatient)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown, "a 400 is an answer: nothing is unknown")
	assert.Equal(t, "develophealth: CreatePriorAuthorization POST prior-authorization: HTTP 400: code unsupported_drug "+
		"(the drug is not yet supported for prior authorization) [request id req-42]", err.Error())
	assert.NotContains(t, err.Error(), "The drug you submitted", "the server's description is not in Error()")
}

func TestConflictExposesExistingRequest(t *testing.T) {
	e, _, err := errorCall(t, "POST", "/prior-authorization", 409, string(fixture(t, "pa_create_409.json")), "application/json", createPA)
	assert.ErrorIs(t, err, ErrPrescriptionMessageAlreadyLinked)
	assert.Equal(t, 409, e.HTTPStatus)
	assert.Equal(t, "par_example123", e.ExistingPriorAuthRequestID)
	assert.Equal(t, string(PriorAuthErrorCodePrescriptionMessageAlreadyLinked), e.Code)
}

func TestEveryDocumentedCodeHasASentinel(t *testing.T) {
	var e *Error
	codes := map[string]error{
		"unsupported_patient":                      ErrUnsupportedPatient,
		"unsupported_drug":                         ErrUnsupportedDrug,
		"insurance_card_member_id_ocr_failure":     ErrInsuranceCardMemberIDOCRFailure,
		"insurance_content_invalid_rx_bin":         ErrInsuranceContentInvalidRxBIN,
		"prescription_message_not_found":           ErrPrescriptionMessageNotFound,
		"prescription_message_already_linked":      ErrPrescriptionMessageAlreadyLinked,
		"provider_not_authorized":                  ErrProviderNotAuthorized,
		"evidence_file_download_failed":            ErrEvidenceFileDownloadFailed,
		"invalid_qle_resubmission":                 ErrInvalidQLEResubmission,
		"previous_pa_request_in_progress":          ErrPreviousPARequestInProgress,
		"other":                                    ErrCreateFailed,
		"mock_result_not_allowed":                  ErrMockResultNotAllowed,
		"PROVIDER_AUTHORIZATION_ALREADY_INITIATED": ErrProviderAuthorizationAlreadyInitiated,
	}
	doc, _ := loadSpec(t)
	for _, v := range doc.Components.Schemas["PriorAuthErrorCode"].Enum {
		_, ok := codes[v.(string)]
		assert.True(t, ok, "spec code %v has no sentinel", v)
	}
	for code, sentinel := range codes {
		e := &Error{}
		e.Code = code
		e.HTTPStatus = 400
		assert.ErrorIs(t, e, sentinel, code)
		meaning, _ := codeSentinel(code)
		assert.NotEmpty(t, meaning, code)
		for other, s := range codes {
			if other != code {
				assert.NotErrorIs(t, e, s, "%s matches %s", code, other)
			}
		}
	}
	// A code that is not an identifier is kept out of Error().
	_, _, err := errorCall(t, "POST", "/prior-authorization", 400, `{"status":"error","error":{"title":"t","code":"Jane Doe 1980-01-01"}}`, "application/json", createPA)
	require.ErrorAs(t, err, &e)
	assert.Empty(t, e.Code)
	assert.Equal(t, "Jane Doe 1980-01-01", e.OddCode)
	assert.NotContains(t, err.Error(), "Jane")
	for _, ok := range []string{"unsupported_drug", "PROVIDER_AUTHORIZATION_ALREADY_INITIATED", "other", "code_2"} {
		assert.True(t, isCodeToken(ok), ok)
	}
	for _, bad := range []string{"", "Jane", "a-b", "a b", "MixedCase_code", strings.Repeat("a", 65)} {
		assert.False(t, isCodeToken(bad), bad)
	}

	// The code is an open string: an unknown one is kept, matches nothing.
	e = &Error{}
	e.Code, e.HTTPStatus = "brand_new_code", 400
	assert.Contains(t, e.Error(), "code brand_new_code")
	for _, s := range codes {
		assert.NotErrorIs(t, e, s)
	}
}

func TestProviderAuthorizeAlreadyInitiated(t *testing.T) {
	_, _, err := errorCall(t, "POST", "/provider/authorize", 400, string(fixture(t, "provider_authorize_400.json")), "application/json",
		func(ctx context.Context, c *Client) error {
			return c.AuthorizeProvider(ctx, &AuthorizeProviderRequest{NPI: "1", FirstName: "a", LastName: "b"})
		})
	assert.ErrorIs(t, err, ErrProviderAuthorizationAlreadyInitiated)
}

func TestDetailStringShape(t *testing.T) {
	cancel := func(ctx context.Context, c *Client) error {
		return c.CancelPriorAuthorization(ctx, "pa_1", &CancelPriorAuthRequest{CancellationReason: "x"})
	}
	e, _, err := errorCall(t, "POST", "/prior-authorization/pa_1/cancel", 404, string(fixture(t, "pa_not_found_404.json")), "application/json", cancel)
	assert.ErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "Prior Authorization Request does not exist.", e.Message)
	assert.Empty(t, e.Code)
	assert.NotContains(t, err.Error(), "does not exist.")

	e, _, err = errorCall(t, "POST", "/prior-authorization/pa_1/cancel", 400, string(fixture(t, "pa_cancel_400.json")), "application/json", cancel)
	assert.ErrorIs(t, err, ErrInvalidState)
	assert.NotErrorIs(t, err, ErrNotFound)
	assert.Equal(t, "Cannot cancel a prior authorization request with status: COMPLETED", e.Message)

	_, _, err = errorCall(t, "PATCH", "/prior-authorization/pa_1/ndp-submission", 400, string(fixture(t, "pa_ndp_submission_400.json")), "application/json",
		func(ctx context.Context, c *Client) error {
			_, err := c.UpdateNDPSubmission(ctx, "pa_1", &UpdateNDPSubmissionRequest{PreferredPharmacyNCPDPID: "1234567"})
			return err
		})
	assert.ErrorIs(t, err, ErrInvalidState)
	_, _, err = errorCall(t, "POST", "/prior-authorization/pa_1/prescription-transfer/cancel", 400, string(fixture(t, "pa_transfer_cancel_400.json")), "application/json",
		func(ctx context.Context, c *Client) error { return c.CancelPrescriptionTransfer(ctx, "pa_1") })
	assert.ErrorIs(t, err, ErrInvalidState)

	// A 400 detail from a create is not a state error.
	_, _, err = errorCall(t, "POST", "/prior-authorization", 400, `{"detail":"bad"}`, "application/json", createPA)
	assert.NotErrorIs(t, err, ErrInvalidState)
}

func TestValidationShape(t *testing.T) {
	e, n, err := errorCall(t, "POST", "/prior-authorization", 422, string(fixture(t, "validation_422.json")), "application/json", createPA)
	assert.Equal(t, 1, n)
	assert.ErrorIs(t, err, ErrRejected)
	require.Len(t, e.ValidationErrors, 3)
	assert.Equal(t, "patient.date_of_birth", e.ValidationErrors[0].Field())
	assert.Equal(t, "missing", e.ValidationErrors[1].Type)
	assert.Equal(t, "evidence.1.title", e.ValidationErrors[2].Field())
	assert.Contains(t, e.Message, "diagnoses: Field required")
	assert.Contains(t, err.Error(), "failed validation (3 problem(s)")
	assert.NotContains(t, err.Error(), "Field required")
}

func TestStatusSentinels(t *testing.T) {
	get := func(ctx context.Context, c *Client) error {
		_, err := c.GetPriorAuthorization(ctx, "pa_1")
		return err
	}
	for status, want := range map[int]error{401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound, 422: ErrRejected, 429: ErrRateLimited} {
		_, _, err := errorCall(t, "GET", "/prior-authorization/pa_1", status, `{"detail":"x"}`, "application/json", get)
		assert.ErrorIs(t, err, want, "%d", status)
	}
}

func TestNonJSONErrors(t *testing.T) {
	get := func(ctx context.Context, c *Client) error {
		_, err := c.GetPriorAuthorization(ctx, "pa_1")
		return err
	}
	html := string(faultserver.GatewayHTML(502).Body)
	e, _, err := errorCall(t, "GET", "/prior-authorization/pa_1", 502, html, "text/html", get)
	assert.Equal(t, 502, e.HTTPStatus)
	assert.Empty(t, e.Message)
	assert.Contains(t, err.Error(), "non-JSON response: text/html")
	assert.NotContains(t, err.Error(), "<html")

	e, _, _ = errorCall(t, "GET", "/prior-authorization/pa_1", 500, "", "", get)
	assert.Equal(t, 500, e.HTTPStatus)

	// JSON labelled as text/plain is still read.
	e, _, err = errorCall(t, "POST", "/prior-authorization", 400, string(fixture(t, "pa_create_400.json")), "text/plain", createPA)
	assert.ErrorIs(t, err, ErrUnsupportedDrug)
	assert.Equal(t, "Unsupported Drug", e.Title)

	// Odd shapes never fail the decoder.
	for _, body := range []string{`{"status":"error","error":"boom"}`, `{"error":{"code":17,"title":["x"]}}`,
		`{"detail":{"nested":true}}`, `{"detail":[1,2,{"loc":"x"}]}`, `[]`, `null`, `{"message":"m"}`} {
		e, _, _ = errorCall(t, "POST", "/prior-authorization", 400, body, "application/json", createPA)
		assert.Equal(t, 400, e.HTTPStatus, body)
	}
}

func TestErrorWrappingKeepsSentinels(t *testing.T) {
	// A 503 on a create is wrapped in an OutcomeUnknownError; both match.
	_, _, err := errorCall(t, "POST", "/prior-authorization", 503, `{"detail":"unavailable"}`, "application/json", createPA)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 503, e.HTTPStatus)
	wrapped := errors.Join(errors.New("ctx"), err)
	assert.ErrorIs(t, wrapped, ErrOutcomeUnknown)
}

func TestErrorMessageIsBounded(t *testing.T) {
	long := strings.Repeat("é", 5000)
	e, _, _ := errorCall(t, "GET", "/prior-authorization/pa_1", 404, `{"detail":"`+long+`"}`, "application/json",
		func(ctx context.Context, c *Client) error { _, err := c.GetPriorAuthorization(ctx, "pa_1"); return err })
	assert.LessOrEqual(t, len(e.Message), maxMessageBytes)
	assert.True(t, strings.HasPrefix(long, e.Message), "cut on a rune boundary")
}
