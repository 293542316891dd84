package carevalidate

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// createOp is one call that changes something at CareValidate.
type createOp struct {
	name, method, url string
	call              func(context.Context, *Client) error
}

func createOps() []createOp {
	return []createOp{
		{"CreateCase", "POST", ProductionURL + "/api/v1/dynamic-case", func(ctx context.Context, c *Client) error {
			_, err := c.CreateCase(ctx, sampleCreate())
			return err
		}},
		{"CreateCaseWithProducts", "POST", prodCases, func(ctx context.Context, c *Client) error {
			_, err := c.CreateCaseWithProducts(ctx, "access-token-xyz", &CreateCaseWithProductsRequest{
				User: CaseUser{FirstName: "Test", LastName: "Patient", Email: "p@example.com", PhoneNumber: "+12255550123",
					DOB: rxbridge.NewDate(1985, time.December, 1), Gender: GenderOther},
				Products: []CaseProduct{{ID: "prod-uuid-1"}}})
			return err
		}},
		{"AddFormResponse", "POST", ProductionURL + "/api/v1/customer-dynamic-case-form", func(ctx context.Context, c *Client) error {
			_, err := c.AddFormResponse(ctx, &AddFormRequest{CaseID: "c1", FormTitle: "Follow-up",
				Questions: []Question{{QuestionID: "f1", Question: "Any side effects?", Type: "text", Answer: "none"}}})
			return err
		}},
		{"AddComment", "POST", ProductionURL + "/api/v1/cases/c1", func(ctx context.Context, c *Client) error {
			_, err := c.AddComment(ctx, "c1", &NewComment{Text: "note", Author: CommentAuthorRef{Email: "staff@example.com"}})
			return err
		}},
		{"CreatePaymentIntent", "POST", ProductionURL + "/api/v1/payments/intent", func(ctx context.Context, c *Client) error {
			_, err := c.CreatePaymentIntent(ctx, &PaymentIntentRequest{Amount: rxbridge.NewNumber("10")})
			return err
		}},
		{"CreatePaymentSetup", "POST", ProductionURL + "/api/v1/payments/setup", func(ctx context.Context, c *Client) error {
			_, err := c.CreatePaymentSetup(ctx, nil)
			return err
		}},
		{"CompletePaymentSetup", "POST", ProductionURL + "/api/v1/complete-payment-setup", func(ctx context.Context, c *Client) error {
			return c.CompletePaymentSetup(ctx, &CompletePaymentSetupRequest{StripeSetupID: "seti_1",
				ShippingAddress: StripeAddress{Line1: "a", City: "b", State: "c", Country: "US", PostalCode: "1"}})
		}},
	}
}

// TestCreatesAreDoneOnlyOnTheDocumentedAnswer: a 2xx to a call that
// changes something is success only when it carries what the operation
// documents (the case id of a create, the form response id, the Stripe
// secret, success:true); an HTML page, an empty body or JSON without it is
// ErrOutcomeUnknown and ErrDecode: CareValidate may have acted.
func TestCreatesAreDoneOnlyOnTheDocumentedAnswer(t *testing.T) {
	for _, op := range createOps() {
		for _, body := range []string{``, `{}`, `[]`, `null`, `<html><body>Sign in</body></html>`,
			`{"status":200}`, `{"data":null}`, `{"data":{}}`} {
			t.Run(op.name+"/"+body, func(t *testing.T) {
				c, mt := newMockClient(t)
				mt.RegisterResponder(op.method, op.url, httpmock.NewStringResponder(200, body))
				err := op.call(context.Background(), c)
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.ErrorIs(t, err, ErrDecode)
				assert.Equal(t, 1, mt.GetTotalCallCount(), "never repeated")
			})
		}
	}
}

// TestCreateRedirectIsOutcomeUnknown: a create answered with a same-host
// redirect is not followed (Go would GET the login page and its 200 would
// pass for the answer, with an empty CaseID).
func TestCreateRedirectIsOutcomeUnknown(t *testing.T) {
	for _, op := range createOps() {
		c, mt := newMockClient(t)
		mt.RegisterResponder(op.method, op.url, func(*http.Request) (*http.Response, error) {
			r := httpmock.NewStringResponse(http.StatusSeeOther, "")
			r.Header.Set("Location", ProductionURL+"/login")
			return r, nil
		})
		mt.RegisterResponder("GET", ProductionURL+"/login", httpmock.NewStringResponder(200, `{"success":true}`))
		err := op.call(context.Background(), c)
		require.ErrorIs(t, err, ErrOutcomeUnknown, op.name)
		var e *Error
		require.ErrorAs(t, err, &e, op.name)
		assert.Equal(t, http.StatusSeeOther, e.HTTPStatus)
		assert.Equal(t, 1, mt.GetTotalCallCount(), "%s: the login page was not fetched", op.name)
	}
}

// TestReadsRefuseAnAnswerWithoutTheirMembers: a list, case or latest-case
// answer without its documented member is ErrDecode, not an empty page or
// "not found".
func TestReadsRefuseAnAnswerWithoutTheirMembers(t *testing.T) {
	reads := []struct {
		name, url string
		call      func(context.Context, *Client) error
	}{
		{"ListCases", prodCases, func(ctx context.Context, c *Client) error {
			_, err := c.ListCases(ctx, ListCasesQuery{StartTime: time.Now().Add(-time.Hour), EndTime: time.Now()})
			return err
		}},
		{"GetCase", ProductionURL + "/api/v1/customer-case-detail", func(ctx context.Context, c *Client) error {
			_, err := c.GetCase(ctx, "c1", nil)
			return err
		}},
		{"LatestCaseID", ProductionURL + "/api/v1/customer-latest-case-id", func(ctx context.Context, c *Client) error {
			_, err := c.LatestCaseID(ctx, LatestCaseQuery{Email: "p@example.com"})
			return err
		}},
	}
	for _, r := range reads {
		for _, body := range []string{``, `{}`, `{"status":200,"success":true}`, `{"unrelated":[]}`} {
			c, mt := newMockClient(t)
			mt.RegisterResponder("GET", r.url, httpmock.NewStringResponder(200, body))
			err := r.call(context.Background(), c)
			require.ErrorIs(t, err, ErrDecode, "%s %q", r.name, body)
			assert.NotErrorIs(t, err, ErrNotFound, "%s %q", r.name, body)
		}
	}
}
