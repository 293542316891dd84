package rxbridge

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestErrorString(t *testing.T) {
	b := &APIError{Provider: "mhv", Op: "RefillPrescription", Method: "POST", Route: "prescription/rxrefill/{id}",
		HTTPStatus: 400, Code: "139", Meaning: "Prescription not refillable", Message: "Rx for JOHN DOE not refillable",
		RequestID: "req-1", Attempts: 1}
	assert.Equal(t, "mhv: RefillPrescription POST prescription/rxrefill/{id}: HTTP 400: code 139 (Prescription not refillable) [request id req-1]", b.Error())
	b.Attempts, b.RequestID = 3, ""
	assert.Equal(t, "mhv: RefillPrescription POST prescription/rxrefill/{id}: HTTP 400: code 139 (Prescription not refillable) [3 attempts]", b.Error())
}

func TestErrorStringNeverCarriesTheMessageOrFreeText(t *testing.T) {
	const canary = "CANARY PATIENT 1980-01-01"
	b := &APIError{Provider: "p", Route: "r", HTTPStatus: 502, Message: canary, Code: canary, RequestID: canary + "\n", ContentType: "text/html; charset=utf-8"}
	for _, s := range []string{b.Error(), fmt.Sprint(b), fmt.Sprintf("%v", b), fmt.Sprintf("%+v", b), fmt.Sprintf("%#v", b), fmt.Sprintf("%s", error(b))} {
		assert.NotContains(t, s, canary)
		assert.NotContains(t, s, "\n")
	}
	assert.Contains(t, (&APIError{Provider: "p", Route: "r", HTTPStatus: 502, ContentType: "text/html; charset=utf-8"}).Error(), "non-JSON response: text/html")
}

type provErr struct {
	APIError
	Extra string
}

func TestEmbeddingGivesProvidersTheFieldsAndMethods(t *testing.T) {
	var err error = &provErr{APIError: APIError{Provider: "cvsspecialty", Route: "intake", HTTPStatus: 401, Code: "1001", Message: "secret"}}
	var pe *provErr
	assert.True(t, errors.As(err, &pe))
	assert.Equal(t, 401, pe.HTTPStatus)
	assert.NotContains(t, fmt.Sprintf("%#v", err), "secret")
}
