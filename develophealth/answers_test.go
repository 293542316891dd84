package develophealth

import (
	"context"
	"net/http"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestNonIdempotentCallsAreDoneOnlyOnTheDocumentedAnswer: a create's 2xx
// without the created id, or a feedback or provider authorization whose
// 2xx does not say {"status":"success"}, is ErrOutcomeUnknown (and
// ErrDecode): Develop Health may have created the request, so the caller
// must look before sending it again (a resubmitted PA is a duplicate).
func TestNonIdempotentCallsAreDoneOnlyOnTheDocumentedAnswer(t *testing.T) {
	common := []string{``, `{}`, `[]`, `null`, `<html><body>Sign in</body></html>`, `{"status":"pending"}`}
	creates := append([]string{
		`{"status":"success"}`,
		`{"status":"success","data":null}`,
		`{"status":"success","data":{}}`,
		`{"status":"success","data":{"id":""}}`,
		`{"data":{"other":"x"}}`,
	}, common...)
	n := 0
	for _, oc := range allOperations() {
		if oc.idempotent {
			continue
		}
		n++
		bodies := common
		if oc.check != nil { // the creates: their check reads the id
			bodies = creates
		}
		for _, body := range bodies {
			t.Run(oc.name+"/"+body, func(t *testing.T) {
				c, mt := mockClient(t)
				mt.RegisterResponder(oc.method, DefaultBaseURL+oc.path, httpmock.NewStringResponder(oc.status, body))
				out, err := oc.call(context.Background(), c)
				require.ErrorIs(t, err, ErrOutcomeUnknown)
				assert.ErrorIs(t, err, ErrDecode)
				assert.Nil(t, anyNil(out), "no result with the error")
				assert.Equal(t, 1, mt.GetTotalCallCount(), "never repeated")
			})
		}
	}
	assert.Equal(t, 5, n, "CreatePriorAuthorization, SubmitPriorAuthFeedback, CreateBenefitVerification, CreateClinicalQualification, AuthorizeProvider")
}

// TestCreateRedirectIsOutcomeUnknown: a create answered with a same-host
// redirect (a login page) is not followed.
func TestCreateRedirectIsOutcomeUnknown(t *testing.T) {
	c, mt := mockClient(t)
	mt.RegisterResponder("POST", DefaultBaseURL+"/prior-authorization", func(*http.Request) (*http.Response, error) {
		r := httpmock.NewStringResponse(http.StatusFound, "")
		r.Header.Set("Location", DefaultBaseURL+"/login")
		return r, nil
	})
	mt.RegisterResponder("GET", DefaultBaseURL+"/login", httpmock.NewStringResponder(200, `{"status":"success","data":{"id":"login"}}`))
	out, err := c.CreatePriorAuthorization(context.Background(), &CreatePriorAuthRequest{})
	require.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Nil(t, out)
	var e *Error
	require.ErrorAs(t, err, &e)
	assert.Equal(t, http.StatusFound, e.HTTPStatus)
	assert.Equal(t, 1, mt.GetTotalCallCount(), "the login page was not fetched")
}

// TestReadsRefuseAnAnswerWithoutTheirID: a read whose data lacks the
// resource's id (an object of another shape) is ErrDecode, not a blank
// resource; a lookup without its status likewise.
func TestReadsRefuseAnAnswerWithoutTheirID(t *testing.T) {
	for _, oc := range allOperations() {
		switch oc.name {
		case "GetPriorAuthorization", "GetBenefitVerification", "GetClinicalQualification", "LookupProvider":
		default:
			continue
		}
		for _, body := range []string{``, `{}`, `{"status":"success","data":{}}`, `{"status":"success","data":{"other":1}}`} {
			t.Run(oc.name+"/"+body, func(t *testing.T) {
				c, mt := mockClient(t)
				mt.RegisterResponder(oc.method, DefaultBaseURL+oc.path, httpmock.NewStringResponder(200, body))
				_, err := oc.call(context.Background(), c)
				require.ErrorIs(t, err, ErrDecode)
				assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			})
		}
	}
}

// anyNil returns nil for a nil pointer inside an interface.
func anyNil(v any) any {
	switch p := v.(type) {
	case *CreatePriorAuthResponseData:
		if p == nil {
			return nil
		}
	case *CreateBenefitVerificationResponseData:
		if p == nil {
			return nil
		}
	case *CreateClinicalQualificationResponseData:
		if p == nil {
			return nil
		}
	}
	return v
}
