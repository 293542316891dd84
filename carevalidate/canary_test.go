package carevalidate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
)

// Canaries: a credential or a piece of PHI that must never reach a log line
// or an error string.
const (
	cnAPIKey   = "CANARY-API-KEY-7f3a"
	cnBearer   = "CANARY-BEARER-TOKEN-91c2"
	cnSecret   = "CANARY-WEBHOOK-SECRET-55d1"
	cnSigning  = "CANARY-SIGNING-KEY-0b7e"
	cnName     = "CANARYFIRSTNAME"
	cnLast     = "CANARYLASTNAME"
	cnEmail    = "canary.patient@example.com"
	cnAnswer   = "CANARY-ANSWER-TEXT"
	cnQuestion = "CANARY-QUESTION-TEXT"
	cnCaseID   = "CANARY-CASE-ID-4411"
	cnComment  = "CANARY-COMMENT-TEXT"
	cnPhone    = "+15550009999"
	cnIntent   = "pi_CANARY_secret_CANARY"
)

var allCanaries = []string{cnAPIKey, cnBearer, cnSecret, cnSigning, cnName, cnLast, cnEmail, cnAnswer, cnQuestion,
	cnCaseID, cnComment, cnPhone, cnIntent, "canary.patient"}

func canaryCreate() *CreateCaseRequest {
	return &CreateCaseRequest{FirstName: cnName, LastName: cnLast, Email: cnEmail, PhoneNumber: cnPhone, FormTitle: "T",
		Questions: []Question{{QuestionID: "q", Question: cnQuestion, Type: "text", Answer: cnAnswer}}}
}

func TestCanaryRESTLogsAndErrors(t *testing.T) {
	logger, sink := canary.Logger()
	mt := httpmock.NewMockTransport()
	mt.RegisterNoResponder(httpmock.NewNotFoundResponder(t.Fatal))
	c, err := NewClient(cnAPIKey, rxbridge.WithHTTPClient(&http.Client{Transport: mt}), rxbridge.WithLogger(logger), rxbridge.WithRetry(fastRetry))
	require.NoError(t, err)
	echo := `{"status":400,"success":false,"message":"Invalid case data for ` + cnName + ` ` + cnEmail + `","error":"No Case found for ` +
		cnCaseID + ` ` + cnAnswer + ` key ` + cnAPIKey + `","code":"` + cnName + ` ` + cnEmail + `"}`
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/dynamic-case", httpmock.NewStringResponder(400, echo))
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-case-detail", httpmock.NewStringResponder(500, echo).Times(2).
		Then(httpmock.NewErrorResponder(errors.New("connection reset by peer"))))
	mt.RegisterResponder("GET", ProductionURL+"/api/v1/customer-latest-case-id", httpmock.NewStringResponder(200, `{"case":{"id":"`+cnCaseID+`"}}`))
	mt.RegisterResponder("POST", `=~/api/v1/cases/`, httpmock.NewErrorResponder(io.ErrUnexpectedEOF))
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/cases", httpmock.NewStringResponder(401, echo))
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/payments/intent", httpmock.NewStringResponder(200,
		`{"success":true,"data":{"paymentIntentSecret":"`+cnIntent+`"}}`))
	mt.RegisterResponder("POST", ProductionURL+"/api/v1/customer-dynamic-case-form", httpmock.NewStringResponder(200, `{"success":true,"data":`+
		`{"caseId":"`+cnCaseID+`","bad":`))

	ctx := context.Background()
	var errs []error
	_, err = c.CreateCase(ctx, canaryCreate())
	errs = append(errs, err)
	_, err = c.GetCase(ctx, cnCaseID, nil)
	errs = append(errs, err)
	_, err = c.GetCaseByEmail(ctx, cnEmail, nil)
	errs = append(errs, err)
	id, err := c.LatestCaseID(ctx, LatestCaseQuery{Email: cnEmail, PhoneNumber: cnPhone})
	require.NoError(t, err)
	assert.Equal(t, cnCaseID, id)
	_, err = c.AddComment(ctx, cnCaseID, &NewComment{Text: cnComment, Author: CommentAuthorRef{Email: cnEmail},
		Attachments: []NewAttachment{{FileName: cnName + ".pdf", Content: []byte(cnAnswer)}}})
	errs = append(errs, err)
	_, err = c.CreateCaseWithProducts(ctx, cnBearer, &CreateCaseWithProductsRequest{User: CaseUser{FirstName: cnName, LastName: cnLast,
		Email: cnEmail, PhoneNumber: cnPhone, DOB: rxbridge.NewDate(1990, 1, 1)}, Products: []CaseProduct{{ID: "p"}}})
	errs = append(errs, err)
	pi, err := c.CreatePaymentIntent(ctx, &PaymentIntentRequest{Amount: rxbridge.NewNumber("1"), Metadata: &PaymentMetadata{Email: cnEmail, Phone: cnPhone}})
	require.NoError(t, err)
	_, err = c.AddFormResponse(ctx, &AddFormRequest{CaseID: cnCaseID, FormTitle: "T", Questions: canaryCreate().Questions})
	require.ErrorIs(t, err, ErrOutcomeUnknown, "a create whose 2xx body does not decode may have acted")
	errs = append(errs, err)
	// Validation errors name fields, not values.
	_, err = c.CreateCase(ctx, &CreateCaseRequest{FirstName: cnName, Email: cnEmail})
	errs = append(errs, err)
	_, err = c.AddComment(ctx, cnCaseID+"/x", &NewComment{Text: cnComment, Author: CommentAuthorRef{Email: cnEmail}})
	errs = append(errs, err)
	_, err = NewClient(cnAPIKey + "\n")
	errs = append(errs, err)

	for _, e := range errs {
		require.Error(t, e)
	}
	var ce *Error
	require.ErrorAs(t, errs[0], &ce)
	assert.Contains(t, ce.Reason(), cnCaseID, "the upstream text is kept for the program")

	require.Greater(t, sink.Records(), 0)
	printed := canary.Errors(errs...) + fmt.Sprintf("%v %+v %#v", pi, pi, c)
	canary.AssertClean(t, sink.String(), allCanaries...)
	canary.AssertClean(t, printed, allCanaries...)
}

func TestCanaryReceiver(t *testing.T) {
	logger, sink := canary.Logger()
	cfg := WebhookSecrets{HeaderName: "X-Auth", Secrets: []string{cnSecret}, SigningSecrets: []string{cnSigning}}
	rc, err := NewReceiver(cfg, func(ctx context.Context, ev *Event) error {
		if ev.Payload.Case != nil && ev.Payload.Case.Submitter != nil {
			return errors.New("cannot store " + ev.Payload.Case.Submitter.FirstName) // a careless handler
		}
		return nil
	}, rxbridge.WithLogger(logger))
	require.NoError(t, err)
	body := []byte(`{"event":"CREATE_CASE","payload":{"case":{"id":"` + cnCaseID + `","submitter":{"firstName":"` + cnName +
		`","email":"` + cnEmail + `"},"responses":[{"responses":[{"question":{"text":"` + cnQuestion + `"},"text":"` + cnAnswer + `"}]}]}}}`)
	bad := []byte(`{"event":"CREATE_CASE","payload":{"case":{"submitter":{"firstName":` + strings.Repeat("9", 12) + `}}},"x":"` + cnName + `"`)

	var errs []error
	post := func(b []byte, hdr map[string]string) int {
		req := httptest.NewRequest(http.MethodPost, "/hook", bytes.NewReader(b))
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		w := httptest.NewRecorder()
		rc.ServeHTTP(w, req)
		canary.AssertClean(t, w.Body.String(), allCanaries...)
		return w.Code
	}
	good := map[string]string{"X-Auth": cnSecret, SignatureHeader: Sign(cnSigning, body)}
	assert.Equal(t, 500, post(body, good), "the handler's error is not echoed")
	assert.Equal(t, 401, post(body, map[string]string{"X-Auth": cnSecret + "x", SignatureHeader: Sign(cnSigning, body)}))
	assert.Equal(t, 401, post(body, map[string]string{"X-Auth": cnSecret, SignatureHeader: Sign(cnSecret, body)}))
	assert.Equal(t, 400, post(bad, map[string]string{"X-Auth": cnSecret, SignatureHeader: Sign(cnSigning, bad)}))

	h := http.Header{}
	h.Set("X-Auth", cnSigning)
	h.Set(SignatureHeader, Sign(cnSecret, body))
	_, err = rc.VerifyAndParse(context.Background(), h, body)
	errs = append(errs, err)
	h.Set("X-Auth", cnSecret)
	h.Set(SignatureHeader, Sign(cnSigning, bad))
	_, err = rc.VerifyAndParse(context.Background(), h, bad)
	errs = append(errs, err)
	_, err = ParseEvent([]byte(`{"event":"E","payload":{"case":{"submitter":{"firstName":15550009999}}}}`))
	errs = append(errs, err)
	_, err = NewReceiver(WebhookSecrets{HeaderName: "bad header " + cnSecret, Secrets: []string{cnSecret}}, func(context.Context, *Event) error { return nil })
	errs = append(errs, err)
	for _, e := range errs {
		require.Error(t, e)
	}
	canary.AssertClean(t, sink.String(), allCanaries...)
	canary.AssertClean(t, canary.Errors(errs...), allCanaries...)
	canary.AssertClean(t, fmt.Sprintf("%v %+v %#v", rc, rc, *rc), cnSecret, cnSigning)
}
