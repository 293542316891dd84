package develophealth

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

const testToken = "test-token-0123"

var fastRetry = rxbridge.RetryPolicy{WaitMin: time.Millisecond, WaitMax: 2 * time.Millisecond}

// mockClient returns a client on the default base URL whose transport is
// a MockTransport failing the test on any unregistered request.
func mockClient(t *testing.T, opts ...Option) (*Client, *httpmock.MockTransport) {
	t.Helper()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	opts = append([]Option{rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(fastRetry)}, opts...)
	c, err := NewClient(testToken, opts...)
	require.NoError(t, err)
	return c, mt
}

// opCase is one operation of the API as the SDK calls it.
type opCase struct {
	name     string
	method   string
	specPath string // the spec's path template
	path     string // the path the SDK must request
	// reqBody is the JSON the SDK must send ("" for no body).
	reqBody string
	// status and respBody are the upstream's success answer.
	status   int
	respBody string
	// idempotent: the SDK may repeat the call.
	idempotent bool
	call       func(ctx context.Context, c *Client) (any, error)
	check      func(t *testing.T, out any)
}

// allOperations lists the fifteen operations with their spec examples.
func allOperations() []opCase {
	read := func(name string) string {
		b, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			panic(err)
		}
		return string(b)
	}
	var paReq CreatePriorAuthRequest
	mustUnmarshal(read("pa_create_request.json"), &paReq)
	var bvReq CreateBenefitVerificationRequest
	mustUnmarshal(read("bv_create_request.json"), &bvReq)
	var cqReq CreateClinicalQualificationRequest
	mustUnmarshal(read("cq_create_request.json"), &cqReq)
	authReq := AuthorizeProviderRequest{NPI: "1234567890", FirstName: "Alice", LastName: "Smith", Email: "alice@example.com",
		FaxNumber: "987-654-3211", PhoneNumber: "987-654-3210", Address: &OptionalAddress{City: "Healtown", StateProvince: "CA"}}
	lookupReq := ProviderLookupRequest{NPI: "1234567890"}

	return []opCase{
		{name: "CreatePriorAuthorization", method: "POST", specPath: "/prior-authorization", path: "/prior-authorization",
			reqBody: read("pa_create_request.json"), status: 200, respBody: read("pa_create_response.json"),
			call: func(ctx context.Context, c *Client) (any, error) { return c.CreatePriorAuthorization(ctx, &paReq) },
			check: func(t *testing.T, out any) {
				assert.Equal(t, "pa_sdkfj3f", out.(*CreatePriorAuthResponseData).ID)
			}},
		{name: "GetPriorAuthorization", method: "GET", specPath: "/prior-authorization/{id}", path: "/prior-authorization/pa_sdkfj3f",
			status: 200, respBody: read("pa_get.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetPriorAuthorization(ctx, "pa_sdkfj3f") },
			check: func(t *testing.T, out any) {
				pa := out.(*PriorAuthorization)
				assert.Equal(t, PriorAuthRequestStatusCompleted, pa.Status)
				assert.Equal(t, OutcomeDenied, pa.Outcome.Result)
			}},
		{name: "CancelPriorAuthorization", method: "POST", specPath: "/prior-authorization/{id}/cancel",
			path: "/prior-authorization/pa_sdkfj3f/cancel", reqBody: `{"cancellation_reason":"duplicate request"}`,
			status: 200, respBody: read("pa_cancel_response.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CancelPriorAuthorization(ctx, "pa_sdkfj3f", &CancelPriorAuthRequest{CancellationReason: "duplicate request"})
			}},
		{name: "SubmitPriorAuthFeedback", method: "POST", specPath: "/prior-authorization/{id}/feedback",
			path: "/prior-authorization/pa_sdkfj3f/feedback", reqBody: `{"category":"outcome","message":"Outcome arrived late"}`,
			status: 201, respBody: read("pa_feedback_201.json"),
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.SubmitPriorAuthFeedback(ctx, "pa_sdkfj3f", &PriorAuthFeedbackRequest{Category: "outcome", Message: "Outcome arrived late"})
			}},
		{name: "UpdateNDPSubmission", method: "PATCH", specPath: "/prior-authorization/{id}/ndp-submission",
			path: "/prior-authorization/pa_sdkfj3f/ndp-submission", reqBody: `{"preferred_pharmacy_ncpdp_id":"1234567"}`,
			status: 200, respBody: read("pa_ndp_submission_response.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.UpdateNDPSubmission(ctx, "pa_sdkfj3f", &UpdateNDPSubmissionRequest{PreferredPharmacyNCPDPID: "1234567"})
			},
			check: func(t *testing.T, out any) {
				assert.Equal(t, "1234567", out.(*UpdateNDPSubmissionResponseData).PreferredPharmacyNCPDPID)
			}},
		{name: "CancelPrescriptionTransfer", method: "POST", specPath: "/prior-authorization/{id}/prescription-transfer/cancel",
			path: "/prior-authorization/pa_sdkfj3f/prescription-transfer/cancel", status: 200,
			respBody: read("pa_transfer_cancel_response.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CancelPrescriptionTransfer(ctx, "pa_sdkfj3f")
			}},
		{name: "CreateBenefitVerification", method: "POST", specPath: "/benefit-verification", path: "/benefit-verification",
			reqBody: read("bv_create_request.json"), status: 200, respBody: read("bv_create_response.json"),
			call: func(ctx context.Context, c *Client) (any, error) { return c.CreateBenefitVerification(ctx, &bvReq) },
			check: func(t *testing.T, out any) {
				assert.Equal(t, "bv_sdkfj3f", out.(*CreateBenefitVerificationResponseData).ID)
			}},
		{name: "GetBenefitVerification", method: "GET", specPath: "/benefit-verification/{id}", path: "/benefit-verification/bv_dj3wiu",
			status: 200, respBody: read("bv_get.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.GetBenefitVerification(ctx, "bv_dj3wiu") },
			check: func(t *testing.T, out any) {
				bv := out.(*BenefitVerification)
				assert.Equal(t, BenefitVerificationStatusCompleted, bv.Status)
				assert.Equal(t, int64(3000), *bv.Drugs[0].CopayOptions[0].AmountCents)
				assert.Equal(t, DrugPriorAuthorizationRequirementYes, bv.Drugs[0].PriorAuthorizationRequired)
				assert.Equal(t, PriorityMedium, bv.Priority)
			}},
		{name: "CancelBenefitVerification", method: "POST", specPath: "/benefit-verification/{id}/cancel",
			path: "/benefit-verification/bv_dj3wiu/cancel", status: 204, idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return nil, c.CancelBenefitVerification(ctx, "bv_dj3wiu")
			}},
		{name: "CreateClinicalQualification", method: "POST", specPath: "/clinical-qualification", path: "/clinical-qualification",
			reqBody: read("cq_create_request.json"), status: 200, respBody: read("cq_create_response.json"),
			call: func(ctx context.Context, c *Client) (any, error) { return c.CreateClinicalQualification(ctx, &cqReq) },
			check: func(t *testing.T, out any) {
				assert.Equal(t, "cq_sdkfj3f", out.(*CreateClinicalQualificationResponseData).ID)
			}},
		{name: "GetClinicalQualification", method: "GET", specPath: "/clinical-qualification/{id}", path: "/clinical-qualification/cq_sdkfj3f",
			status: 200, respBody: read("cq_get.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) {
				return c.GetClinicalQualification(ctx, "cq_sdkfj3f")
			},
			check: func(t *testing.T, out any) {
				cq := out.(*ClinicalQualification)
				require.Len(t, cq.Results, 3)
				assert.Equal(t, ClinicalQualificationResultStatusUnqualified, cq.Results[2].Status)
				assert.Equal(t, "The patient does not have a diagnosis of type 2 diabetes.", cq.Results[2].UnqualifiedReasons[0].Description)
			}},
		{name: "AuthorizeProvider", method: "POST", specPath: "/provider/authorize", path: "/provider/authorize",
			reqBody: `{"npi":"1234567890","first_name":"Alice","last_name":"Smith","email":"alice@example.com","fax_number":"987-654-3211","phone_number":"987-654-3210","address":{"city":"Healtown","state_province":"CA"}}`,
			status:  200, respBody: read("provider_authorize_response.json"),
			call: func(ctx context.Context, c *Client) (any, error) { return nil, c.AuthorizeProvider(ctx, &authReq) }},
		{name: "ListAuthorizedProviders", method: "GET", specPath: "/authorized-providers", path: "/authorized-providers",
			status: 200, respBody: read("authorized_providers.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.ListAuthorizedProviders(ctx) },
			check: func(t *testing.T, out any) {
				ps := out.([]AuthorizedProvider)
				require.Len(t, ps, 2)
				assert.False(t, ps[0].Pending())
				assert.Equal(t, 2024, ps[0].SignedAt.Year())
				assert.True(t, ps[1].Pending(), "signed_at absent: pending")
				assert.Equal(t, "0987654321", ps[1].NPI)
			}},
		{name: "LookupProvider", method: "POST", specPath: "/provider/lookup", path: "/provider/lookup",
			reqBody: `{"npi":"1234567890"}`, status: 200, respBody: read("provider_lookup_active.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.LookupProvider(ctx, &lookupReq) },
			check: func(t *testing.T, out any) {
				r := out.(*ProviderLookupResponse)
				assert.Equal(t, ProviderLookupStatusActive, r.Status)
				assert.Equal(t, "MD", r.Individual.Credential)
				assert.Len(t, r.Individual.Addresses, 2)
				assert.Empty(t, r.Candidates)
			}},
		{name: "Status", method: "GET", specPath: "/status", path: "/status", status: 200, respBody: read("status.json"), idempotent: true,
			call: func(ctx context.Context, c *Client) (any, error) { return c.Status(ctx) },
			check: func(t *testing.T, out any) {
				st := out.(*APIStatus)
				assert.Equal(t, "API is operational", st.Message)
				assert.Equal(t, "success", st.Status)
			}},
	}
}

func mustUnmarshal(s string, v any) {
	if err := json.Unmarshal([]byte(s), v); err != nil {
		panic(err)
	}
}

func TestEveryOperation(t *testing.T) {
	for _, oc := range allOperations() {
		t.Run(oc.name, func(t *testing.T) {
			c, mt := mockClient(t)
			url := DefaultBaseURL + oc.path
			mt.RegisterResponder(oc.method, url, func(r *http.Request) (*http.Response, error) {
				assert.Equal(t, "Bearer "+testToken, r.Header.Get("Authorization"))
				assert.Equal(t, "application/json", r.Header.Get("Accept"))
				assert.Contains(t, r.Header.Get("User-Agent"), "rxbridge-go/")
				var body []byte
				if r.Body != nil {
					body, _ = io.ReadAll(r.Body)
				}
				if oc.reqBody == "" {
					assert.Empty(t, body)
				} else {
					assert.Equal(t, "application/json", r.Header.Get("Content-Type"))
					assert.JSONEq(t, oc.reqBody, string(body), "request body")
				}
				resp := httpmock.NewStringResponse(oc.status, oc.respBody)
				resp.Header.Set("Content-Type", "application/json")
				return resp, nil
			})
			out, err := oc.call(context.Background(), c)
			require.NoError(t, err)
			if oc.check != nil {
				oc.check(t, out)
			}
			assert.Equal(t, 1, mt.GetTotalCallCount())
		})
	}
}

// TestRetryRules: on a 503, idempotent operations are retried and the
// others are sent once and reported as outcome unknown.
func TestRetryRules(t *testing.T) {
	for _, oc := range allOperations() {
		t.Run(oc.name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(oc.method, DefaultBaseURL+oc.path, httpmock.NewStringResponder(503, `{"detail":"Service Unavailable"}`))
			_, err := oc.call(context.Background(), c)
			require.Error(t, err)
			var e *Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, 503, e.HTTPStatus)
			if oc.idempotent {
				assert.Equal(t, 4, mt.GetTotalCallCount(), "retried")
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			} else {
				assert.Equal(t, 1, mt.GetTotalCallCount(), "a non-idempotent call is never repeated")
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
			}
		})
	}
}

// TestLostAnswer: a transport error after sending (httpmock cannot prove
// otherwise) gives outcome unknown for creates and a retry for reads.
func TestLostAnswer(t *testing.T) {
	for _, oc := range allOperations() {
		t.Run(oc.name, func(t *testing.T) {
			c, mt := mockClient(t)
			mt.RegisterResponder(oc.method, DefaultBaseURL+oc.path, httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
			_, err := oc.call(context.Background(), c)
			require.Error(t, err)
			if oc.idempotent {
				assert.ErrorIs(t, err, ErrTransport)
				assert.Equal(t, 4, mt.GetTotalCallCount())
			} else {
				assert.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.Equal(t, 1, mt.GetTotalCallCount())
			}
		})
	}
}

func TestRateLimitIsRetriedEvenForCreate(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("POST", DefaultBaseURL+"/prior-authorization",
		httpmock.NewStringResponder(429, `{"detail":"Too Many Requests"}`).HeaderSet(http.Header{"Retry-After": {"0"}}).
			Then(httpmock.NewStringResponder(200, string(fixture(t, "pa_create_response.json")))))
	out, err := c.CreatePriorAuthorization(context.Background(), &CreatePriorAuthRequest{})
	require.NoError(t, err)
	assert.Equal(t, "pa_sdkfj3f", out.ID)
	assert.Equal(t, 2, mt.GetTotalCallCount(), "429 means the server refused before acting")
}

func TestBaseURLWithPrefixAndEscaping(t *testing.T) {
	c, mt := mockClient(t, rxbridge.WithBaseURL("https://gw.example.com/dh/"))
	assert.Equal(t, "https://gw.example.com/dh/", c.BaseURL())
	mt.RegisterResponder("GET", `=~^https://gw\.example\.com/dh/prior-authorization/pa%2F1%3Fx$`,
		httpmock.NewStringResponder(200, string(fixture(t, "pa_get.json"))))
	_, err := c.GetPriorAuthorization(context.Background(), "pa/1?x")
	require.NoError(t, err)
	assert.Equal(t, 1, mt.GetTotalCallCount())
}

func TestTokenOnlyGoesToTheAPIHost(t *testing.T) {
	mt := httpmock.NewMockTransport()
	var got []string
	mt.RegisterResponder("GET", "https://api.develophealth.ai/status", func(r *http.Request) (*http.Response, error) {
		resp := httpmock.NewStringResponse(302, "")
		resp.Header.Set("Location", "https://elsewhere.example.com/status")
		got = append(got, r.Header.Get("Authorization"))
		return resp, nil
	})
	mt.RegisterResponder("GET", "https://elsewhere.example.com/status", func(r *http.Request) (*http.Response, error) {
		got = append(got, r.Header.Get("Authorization"))
		return httpmock.NewStringResponse(200, `{"status":"success"}`), nil
	})
	c, err := NewClient(testToken, rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: -1}))
	require.NoError(t, err)
	_, err = c.Status(context.Background())
	require.Error(t, err, "a redirect to another host is refused")
	assert.Equal(t, []string{"Bearer " + testToken}, got)
}

func TestInvalidArguments(t *testing.T) {
	_, err := NewClient("")
	require.Error(t, err)
	_, err = NewClient("tok\nen")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "tok")
	_, err = NewClient("t", rxbridge.WithBaseURL("ftp://x"))
	require.Error(t, err)
	_, err = NewClient("t", rxbridge.WithTimeout(-1))
	require.Error(t, err)

	c, mt := mockClient(t)
	ctx := context.Background()
	_, err = c.GetPriorAuthorization(ctx, "")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.GetBenefitVerification(ctx, "..")
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.CreatePriorAuthorization(ctx, nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	err = c.CancelPriorAuthorization(ctx, "pa_1", nil)
	assert.ErrorIs(t, err, ErrInvalidInput)
	both := &CreatePriorAuthRequest{Prescription: &PrescriptionInput{Coded: &CodedPrescription{}, Named: &Prescription{}}}
	_, err = c.CreatePriorAuthorization(ctx, both)
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.CreatePriorAuthorization(ctx, &CreatePriorAuthRequest{MockResult: &PriorAuthMockResult{
		Approved: &PriorAuthMockResultApproved{}, Denied: &PriorAuthMockResultDenied{}}})
	assert.ErrorIs(t, err, ErrInvalidInput)
	_, err = c.CreateBenefitVerification(ctx, &CreateBenefitVerificationRequest{Drugs: BenefitVerificationDrugs{
		Coded: []CodedDrugInfo{{}}, Named: []DrugInfo{{}}}})
	assert.ErrorIs(t, err, ErrInvalidInput)
	assert.Equal(t, 0, mt.GetTotalCallCount(), "nothing was sent")
}

func TestEnvelopeErrorInA200(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("POST", DefaultBaseURL+"/prior-authorization",
		httpmock.NewStringResponder(200, `{"status":"error","error":{"title":"Unsupported Drug","description":"not supported","code":"unsupported_drug"},"data":null}`))
	_, err := c.CreatePriorAuthorization(context.Background(), &CreatePriorAuthRequest{})
	require.ErrorIs(t, err, ErrUnsupportedDrug)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, 200, e.HTTPStatus)
	assert.Equal(t, "not supported", e.Message)
}

func TestSuccessWithoutDataIsADecodeError(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("GET", DefaultBaseURL+"/prior-authorization/pa_1", httpmock.NewStringResponder(200, `{"status":"success","data":null}`))
	_, err := c.GetPriorAuthorization(context.Background(), "pa_1")
	require.ErrorIs(t, err, ErrDecode)
	mt.RegisterResponder("GET", DefaultBaseURL+"/prior-authorization/pa_2", httpmock.NewStringResponder(200, `<html>`))
	_, err = c.GetPriorAuthorization(context.Background(), "pa_2")
	require.ErrorIs(t, err, ErrDecode)
	assert.NotContains(t, err.Error(), "pa_2")
}

func TestWaitPriorAuthorization(t *testing.T) {
	c, mt := mockClient(t)
	pa := func(status, outcome string) string {
		return `{"status":"success","data":{"id":"pa_1","url":"u","status":"` + status + `","diagnoses":[],"patient":{},"insurance":[],"provider":{"address":{}},"outcome":` + outcome + `}}`
	}
	pending := `{"detail":null,"result":"Pending","detail_code":null}`
	mt.RegisterResponder("GET", DefaultBaseURL+"/prior-authorization/pa_1",
		httpmock.NewStringResponder(200, pa("processing", pending)).
			Then(httpmock.NewStringResponder(200, pa("processing", pending))).
			Then(httpmock.NewStringResponder(503, `{}`)).
			Then(httpmock.NewStringResponder(200, pa("awaiting_outcome", pending))).
			Then(httpmock.NewStringResponder(200, pa("completed", `{"result":"Approved","detail_code":"approval"}`))))
	var seen []PriorAuthRequestStatus
	got, err := c.WaitPriorAuthorization(context.Background(), "pa_1", WaitOptions{Interval: 10 * time.Millisecond,
		OnUpdate: func(p *PriorAuthorization) { seen = append(seen, p.Status) }})
	require.NoError(t, err)
	assert.Equal(t, OutcomeApproved, got.Outcome.Result)
	assert.Equal(t, []PriorAuthRequestStatus{"processing", "awaiting_outcome", "completed"}, seen)
	assert.Equal(t, 5, mt.GetTotalCallCount(), "the 503 was retried inside the read")

	// Bounded by ctx: its deadline passes during the second read, once a
	// first answer was read (an event: a short timeout could pass before
	// it on a busy machine).
	ctx, expire := faultserver.NewDeadline(context.Background())
	reads := 0
	processing := httpmock.NewStringResponder(200, strings.ReplaceAll(pa("processing", pending), "pa_1", "pa_2"))
	mt.RegisterResponder("GET", DefaultBaseURL+"/prior-authorization/pa_2", func(req *http.Request) (*http.Response, error) {
		if reads++; reads == 2 {
			expire()
		}
		return processing(req)
	})
	last, err := c.WaitPriorAuthorization(ctx, "pa_2", WaitOptions{Interval: 10 * time.Millisecond})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.NotNil(t, last)
	assert.Equal(t, PriorAuthRequestStatusProcessing, last.Status)

	// A read error stops the wait.
	mt.RegisterResponder("GET", DefaultBaseURL+"/prior-authorization/pa_3", httpmock.NewStringResponder(404, `{"detail":"Prior Authorization Request does not exist."}`))
	_, err = c.WaitPriorAuthorization(context.Background(), "pa_3", WaitOptions{})
	require.ErrorIs(t, err, ErrNotFound)
}

func TestContextCancelled(t *testing.T) {
	c, mt := mockClient(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.GetPriorAuthorization(ctx, "pa_1")
	assert.True(t, errors.Is(err, context.Canceled))
	assert.Equal(t, 0, mt.GetTotalCallCount())
}
