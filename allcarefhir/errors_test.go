package allcarefhir

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

func errResp(status int, ct, body string) *httpx.Response {
	return &httpx.Response{StatusCode: status, Header: http.Header{"Content-Type": {ct}}, Body: []byte(body),
		Provider: "allcarefhir", Op: "ReadPatient", Method: "GET", Route: "Patient/{id}", Attempts: 1}
}

func TestDecodeErrorOperationOutcome(t *testing.T) {
	b, err := os.ReadFile("../testdata/allcarefhir/fhir/hl7tc_operationoutcome-example.json")
	require.NoError(t, err)
	e := decodeError(errResp(400, "application/fhir+json", string(b))).(*Error)
	require.NotNil(t, e.Outcome)
	assert.Equal(t, "code-invalid", e.Code)
	assert.NotEmpty(t, e.Message)
	assert.True(t, errors.Is(e, ErrRejected))
	assert.NotContains(t, e.Error(), e.Message)

	for _, tc := range []struct {
		status int
		body   string
		is     error
	}{
		{404, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found"}]}`, ErrNotFound},
		{401, ``, ErrUnauthorized},
		{403, `<html>denied</html>`, ErrForbidden},
		{410, `{}`, ErrGone},
		{422, `{"resourceType":"OperationOutcome"}`, ErrRejected},
		{429, `[]`, ErrRateLimited},
		{503, `{"resourceType":"Patient"}`, ErrServer},
		{501, `{}`, ErrNotSupported},
		{400, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-supported"}]}`, ErrNotSupported},
		{400, `{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"informational"},{"severity":"fatal","code":"throttled"}]}`, ErrRateLimited},
	} {
		e := decodeError(errResp(tc.status, "application/fhir+json", tc.body))
		assert.ErrorIs(t, e, tc.is, "%d %s", tc.status, tc.body)
	}

	// A 501 never gets better: it is not a server error to try again.
	e = decodeError(errResp(501, "application/fhir+json", `{}`)).(*Error)
	assert.NotErrorIs(t, e, ErrServer)
	for _, st := range []int{500, 502, 503, 504, 599} {
		assert.ErrorIs(t, decodeError(errResp(st, "text/html", "")), ErrServer, "%d", st)
	}
}

// FuzzDecodeError checks the error decoder never panics, always returns a
// typed *Error with the status, and never puts the body's diagnostics in
// Error().
func FuzzDecodeError(f *testing.F) {
	if b, err := os.ReadFile("../testdata/allcarefhir/fhir/hl7tc_operationoutcome-example.json"); err == nil {
		f.Add(500, b)
	}
	for _, s := range []string{
		``, `{}`, `<html>bad gateway</html>`, `{"resourceType":"OperationOutcome","issue":[]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"processing","diagnostics":"Patient Jane Doe DOB 1970-01-01"}]}`,
		`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"a b c d e f","details":{"text":"MRN 12345 for Jane"}}]}`,
		`{"resourceType":"OperationOutcome","issue":{"severity":"error"}}`,
		"\xef\xbb\xbf{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"code\":\"x\"}]}",
	} {
		f.Add(400, []byte(s))
	}
	f.Fuzz(func(t *testing.T, status int, body []byte) {
		if status < 100 || status > 599 {
			status = 500
		}
		err := decodeError(errResp(status, "application/fhir+json", string(body)))
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("not an *Error: %T", err)
		}
		if e.HTTPStatus != status {
			t.Fatalf("status %d, want %d", e.HTTPStatus, status)
		}
		msg := e.Error() + e.GoString()
		if len(body) >= 24 && strings.Contains(msg, string(body)) {
			t.Fatalf("the body leaked into Error(): %q", msg)
		}
		if e.Outcome != nil {
			for _, is := range e.Outcome.Issue {
				for _, text := range []string{is.Diagnostics, is.Details.Display()} {
					if len(text) >= 8 && strings.ContainsAny(text, " =,;\"'") && strings.Contains(msg, text) {
						t.Fatalf("diagnostics leaked into Error(): %q", msg)
					}
				}
			}
		}
	})
}
