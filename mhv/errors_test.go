package mhv

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

func errorFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "mhv", "errors", name))
	require.NoError(t, err)
	return string(b)
}

// decodeFor runs the error decoder on a response with this status,
// content type and body.
func decodeFor(status int, contentType, body string) *Error {
	resp := &httpx.Response{StatusCode: status, Header: http.Header{}, Body: []byte(body),
		Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Attempts: 1}
	if contentType != "" {
		resp.Header.Set("Content-Type", contentType)
	}
	return decodeError(resp).(*Error)
}

func TestEveryErrorShapeDecodesToItsSentinel(t *testing.T) {
	cases := []struct {
		name        string
		status      int
		contentType string
		body        string
		code        string
		format      string
		is          []error
		isNot       []error
		message     string
	}{
		{"138 as a number", 400, "application/json",
			`{"errorCode":138,"developerMessage":"","message":"Prescription is not Found"}`,
			"138", BodyJSON, []error{ErrPrescriptionNotFound, ErrNotFound}, []error{ErrNotRefillable, ErrSessionRejected}, "Prescription is not Found"},
		{"139 not refillable", 400, "application/json",
			`{"errorCode":139,"developerMessage":"","message":"Prescription is not Refillable"}`,
			"139", BodyJSON, []error{ErrNotRefillable}, []error{ErrNotFound}, "Prescription is not Refillable"},
		{"99 as a string, optimistic lock", 400, "application/json", errorFixture(t, "optimistic_lock_99.json"),
			"99", BodyJSON, []error{ErrUnknownApplication, ErrOptimisticLock}, []error{ErrServer}, "Unknown application error occurred"},
		{"401 invalid session, errorCode 0, message null", 401, "application/json",
			`{"errorCode":0,"developerMessage":"Error:Invalid session token;","message":null}`,
			"0", BodyJSON, []error{ErrUnauthorized, ErrSessionRejected}, []error{ErrSessionExpired}, ""},
		{"JSON labelled text/plain", 400, "text/plain",
			`{"errorCode":105,"developerMessage":"","message":"User was not found"}`,
			"105", BodyJSON, []error{ErrUserNotFound}, nil, "User was not found"},
		{"JSON labelled text/html", 400, "text/html",
			`{"errorCode":"135","developerMessage":"","message":"Rx agreement"}`,
			"135", BodyJSON, []error{ErrRxAgreementNotAccepted}, []error{ErrGatewayPage}, "Rx agreement"},
		{"empty 400 from the gateway", 400, "", "", "", BodyEmpty, nil, []error{ErrGatewayPage, ErrNotFound}, ""},
		{"HTML 502 page", 502, "text/html", errorFixture(t, "gateway_502.html"), "", BodyHTML,
			[]error{ErrGatewayPage, ErrServer}, []error{ErrUnknownApplication}, ""},
		{"SOAP fault (Layer7 Policy Falsified)", 503, "text/xml", errorFixture(t, "policy_falsified.xml"), "", BodyXML,
			[]error{ErrGatewayPage, ErrServer}, nil, ""},
		{"XML labelled JSON", 500, "application/json", `<?xml version="1.0"?><error>boom</error>`, "", BodyXML,
			[]error{ErrGatewayPage, ErrServer}, nil, ""},
		{"404 page", 404, "text/html", "<html><body>Not Found</body></html>", "", BodyHTML,
			[]error{ErrNotFound, ErrGatewayPage}, nil, ""},
		{"429", 429, "application/json", `{"message":"Too Many Requests"}`, "", BodyJSON,
			[]error{ErrRateLimited}, nil, "Too Many Requests"},
		{"110 expired session", 400, "application/json", `{"errorCode":110,"message":"Expired session token"}`,
			"110", BodyJSON, []error{ErrSessionExpired, ErrSessionRejected}, nil, "Expired session token"},
		{"108 missing session", 400, "application/json", `{"errorCode":"108"}`,
			"108", BodyJSON, []error{ErrMissingSessionToken, ErrSessionRejected}, nil, ""},
		{"109 invalid session", 400, "application/json", `{"errorCode":109}`,
			"109", BodyJSON, []error{ErrInvalidSessionToken, ErrSessionRejected}, nil, ""},
		{"errors list inside", 400, "application/json", `{"errors":[{"errorCode":140,"message":"try later"}]}`,
			"140", BodyJSON, []error{ErrRefillFailed}, nil, "try later"},
		{"top-level array", 400, "application/json", `[{"errorCode":136}]`,
			"136", BodyJSON, []error{ErrNotPrescriptionOwner}, nil, ""},
		{"plain text", 400, "text/plain", "Bad Request", "", BodyText, nil, []error{ErrGatewayPage}, ""},
		{"malformed JSON", 400, "application/json", `{"errorCode":`, "", BodyText, nil, nil, ""},
		{"code the ICD does not list", 400, "application/json", `{"errorCode":158,"message":"email"}`,
			"158", BodyJSON, nil, []error{ErrUnknownApplication, ErrInvalidEmail}, "email"},
		{"157 invalid email address", 400, "application/json", `{"errorCode":157,"developerMessage":"","message":"Email address is invalid"}`,
			"157", BodyJSON, []error{ErrInvalidEmail}, []error{ErrUnknownApplication, ErrNotFound}, "Email address is invalid"},
		{"BOM before JSON", 400, "application/json", "\xef\xbb\xbf" + `{"errorCode":117}`,
			"117", BodyJSON, []error{ErrDataIntegrity}, nil, ""},
		{"errorCode of an odd shape", 400, "application/json", `{"errorCode":{"x":1},"message":"m"}`,
			"", BodyJSON, nil, []error{ErrUnknownApplication}, "m"},
		{"errorCode 0 without a session message", 400, "application/json", `{"errorCode":0,"message":"Something else"}`,
			"0", BodyJSON, nil, []error{ErrSessionRejected}, "Something else"},
		{"errorCode 0 invalid session under 400", 400, "application/json", `{"errorCode":"0","developerMessage":"Invalid session token"}`,
			"0", BodyJSON, []error{ErrSessionRejected}, nil, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := decodeFor(tc.status, tc.contentType, tc.body)
			assert.Equal(t, tc.status, e.HTTPStatus)
			assert.Equal(t, tc.code, e.Code)
			assert.Equal(t, tc.format, e.BodyFormat)
			assert.Equal(t, tc.message, e.Message)
			for _, s := range tc.is {
				assert.ErrorIs(t, e, s)
			}
			for _, s := range tc.isNot {
				assert.NotErrorIs(t, e, s)
			}
			var as *Error
			require.ErrorAs(t, fmt.Errorf("wrapped: %w", e), &as)
			if len(tc.message) > 3 && tc.message != e.Meaning {
				assert.NotContains(t, e.Error(), tc.message, "MHV's message never reaches Error()")
			}
		})
	}
}

func TestEveryICDCodeHasASentinelAndItsMeaning(t *testing.T) {
	want := map[int]error{
		99: ErrUnknownApplication, 101: ErrAppAuthenticationFailed, 102: ErrAppAuthorizationFailed,
		103: ErrInvalidUserCredentials, 104: ErrMissingUserCredentials, 105: ErrUserNotFound, 106: ErrUserBlocked,
		107: ErrTokenCreationFailed, 108: ErrMissingSessionToken, 109: ErrInvalidSessionToken, 110: ErrSessionExpired,
		111: ErrInvalidUserPermissions, 117: ErrDataIntegrity, 132: ErrMissingAppToken, 135: ErrRxAgreementNotAccepted,
		136: ErrNotPrescriptionOwner, 138: ErrPrescriptionNotFound, 139: ErrNotRefillable, 140: ErrRefillFailed,
		901: ErrAuthenticationService, 904: ErrMessageService,
		// Not in the ICD: vets-api's recorded answer to an address with
		// spaces (its RX157).
		157: ErrInvalidEmail,
	}
	assert.Len(t, codeTable, len(want))
	for code, sentinel := range want {
		for _, body := range []string{fmt.Sprintf(`{"errorCode":%d}`, code), fmt.Sprintf(`{"errorCode":"%d"}`, code)} {
			e := decodeFor(400, "application/json", body)
			assert.ErrorIs(t, e, sentinel, body)
			assert.NotEmpty(t, e.Meaning, code)
			assert.Equal(t, Meaning(code), e.Meaning)
			assert.Contains(t, e.Error(), e.Meaning, "the meaning is fixed text, safe to print")
			assert.Contains(t, e.Error(), fmt.Sprintf("code %d", code))
			for other, s := range want {
				if other != code {
					assert.NotErrorIs(t, e, s, "%d is not %d", code, other)
				}
			}
		}
	}
	assert.Equal(t, "Expired session token", Meaning(110))
	assert.Equal(t, "The User has not accepted the Rx Agreement. Please login to MHV to accept it", Meaning(135))
	assert.Equal(t, "Email address is invalid", Meaning(157))
	assert.Equal(t, "", Meaning(158))
}

// MHV's optimistic-locking failure (errorCode 99) carries a Java stack
// trace in developerMessage; the phrase is recognised wherever it stands in
// what the SDK read, though Message and DeveloperMessage keep only an
// excerpt.
func TestOptimisticLockAnywhereInTheDeveloperMessage(t *testing.T) {
	frames := func(n int) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString("\\n\\tat gov.va.med.mhv.rx.service.RxServiceImpl.refill(RxServiceImpl.java:412)")
		}
		return b.String()
	}
	phrase := "org.hibernate.StaleObjectStateException: Row was updated or deleted by another transaction; Object of class [gov.va.med.mhv.rx.model.Prescription]: optimistic locking failed"
	body := func(before, after int) string {
		return `{"errorCode":"99","developerMessage":"javax.ejb.EJBException` + frames(before) + `\\nCaused by: ` + phrase +
			frames(after) + `","message":"Unknown application error occurred"}`
	}

	// After 10 KiB of frames: past the 2 KiB excerpt, within the body read.
	e := decodeFor(400, "application/json", body(10<<10, 4<<10))
	assert.ErrorIs(t, e, ErrOptimisticLock)
	assert.ErrorIs(t, e, ErrUnknownApplication)
	assert.LessOrEqual(t, len(e.DeveloperMessage), maxMessage, "the kept excerpt stays bounded")
	assert.NotContains(t, e.DeveloperMessage, "optimistic", "the phrase is beyond the excerpt")

	// A body over the error-body limit is cut at MaxErrorBytes: the cut
	// JSON still gives its code, and the phrase read before the cut counts.
	long := body(60<<10, 40<<10)
	require.Greater(t, len(long), httpx.MaxErrorBytes)
	e = decodeFor(400, "application/json", long[:httpx.MaxErrorBytes])
	assert.Equal(t, "99", e.Code)
	assert.Equal(t, BodyJSON, e.BodyFormat)
	assert.ErrorIs(t, e, ErrOptimisticLock)
	assert.Equal(t, "Unknown application error occurred", e.Meaning)

	// A phrase beyond what was read is not seen; the code still is.
	late := body(70<<10, 1<<10)
	e = decodeFor(400, "application/json", late[:httpx.MaxErrorBytes])
	assert.ErrorIs(t, e, ErrUnknownApplication)
	assert.NotErrorIs(t, e, ErrOptimisticLock)

	// Another 99 is not a locking failure, however long.
	e = decodeFor(400, "application/json", `{"errorCode":99,"developerMessage":"`+frames(20<<10)+`"}`)
	assert.ErrorIs(t, e, ErrUnknownApplication)
	assert.NotErrorIs(t, e, ErrOptimisticLock)
}

func TestErrorStringsCarryNoUpstreamText(t *testing.T) {
	e := decodeFor(400, "application/json",
		`{"errorCode":99,"developerMessage":"Prescription not found for id: 13650545 owner JOHN Q VETERAN","message":"LISINOPRIL for JOHN"}`)
	for _, s := range []string{e.Error(), fmt.Sprintf("%v", e), fmt.Sprintf("%+v", e), fmt.Sprintf("%#v", e), fmt.Sprintf("%q", e)} {
		assert.NotContains(t, s, "JOHN")
		assert.NotContains(t, s, "13650545")
		assert.NotContains(t, s, "LISINOPRIL")
	}
	assert.Equal(t, "mhv: Refill POST prescription/rxrefill/{id}: HTTP 400: code 99 (Unknown application error occurred)", e.Error())
	assert.Contains(t, e.DeveloperMessage, "13650545", "kept for programs")

	page := decodeFor(502, "text/html; charset=utf-8", "<html><body>secret upstream page</body></html>")
	assert.Equal(t, "mhv: Refill POST prescription/rxrefill/{id}: HTTP 502 (non-JSON response: text/html)", page.Error())
}

func TestErrorsIsThroughEveryWrapper(t *testing.T) {
	e := decodeFor(503, "application/json", `{"errorCode":140}`)
	lost := &httpx.OutcomeUnknownError{Provider: "mhv", Op: "Refill", Err: e}
	assert.ErrorIs(t, lost, ErrOutcomeUnknown)
	assert.ErrorIs(t, lost, ErrRefillFailed)
	assert.ErrorIs(t, lost, ErrServer)
	var as *Error
	require.ErrorAs(t, lost, &as)
	assert.Equal(t, 503, as.HTTPStatus)

	sess := &SessionError{Err: decodeFor(400, "text/plain", `{"errorCode":105}`)}
	wrapped := fmt.Errorf("op: %w", sess)
	assert.ErrorIs(t, wrapped, ErrSessionCreate)
	assert.ErrorIs(t, wrapped, ErrUserNotFound)
	assert.NotErrorIs(t, wrapped, ErrOutcomeUnknown)
	assert.True(t, strings.HasPrefix(sess.Error(), "mhv: Refill POST prescription/rxrefill/{id}: cannot create the veteran's session: HTTP 400"), "the prefix is said once: %s", sess.Error())

	var nilErr *Error
	assert.False(t, nilErr.Is(ErrNotFound))
	assert.False(t, nilErr.SessionRejected())
	_, ok := nilErr.CodeNumber()
	assert.False(t, ok)
	assert.False(t, errors.Is(decodeFor(400, "", ""), ErrUnknownApplication))
}

func TestSessionRejectionPeek(t *testing.T) {
	cases := []struct {
		status int
		body   string
		want   bool
	}{
		{401, `<html>Unauthorized</html>`, true},
		{401, ``, true},
		{400, `{"errorCode":110}`, true},
		{400, `{"errorCode":"109"}`, true},
		{400, `{"errorCode":108,"message":"Missing session token"}`, true},
		{403, `{"errorCode":109}`, true},
		{400, `{"errorCode":0,"developerMessage":"Error:Invalid session token;","message":null}`, true},
		{400, `{"errorCode":0,"message":"Session expired"}`, true},
		{400, `{"errorCode":0,"message":"Something else went wrong"}`, false},
		{400, `{"errorCode":139}`, false},
		{400, `{"errorCode":105}`, false},
		{400, `<html>session invalid</html>`, false},
		{400, ``, false},
		{403, `{"message":"Forbidden"}`, false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, sessionRejected(tc.status, []byte(tc.body)), "%d %s", tc.status, tc.body)
	}
	assert.True(t, maybeRejected(400))
	assert.True(t, maybeRejected(401))
	assert.True(t, maybeRejected(403))
	assert.False(t, maybeRejected(404))
	assert.False(t, maybeRejected(500))
}

// FuzzDecodeError: any body under any status decodes to an *Error without
// panicking, keeps bounded upstream text, and never puts the body in
// Error().
func FuzzDecodeError(f *testing.F) {
	f.Add(400, "application/json", `{"errorCode":138,"developerMessage":"","message":"Prescription is not Found"}`)
	f.Add(400, "text/plain", `{"errorCode":"99","developerMessage":"optimistic locking failed"}`)
	f.Add(401, "application/json", `{"errorCode":0,"developerMessage":"Error:Invalid session token;","message":null}`)
	f.Add(502, "text/html", "<html><body>Bad Gateway</body></html>")
	f.Add(503, "text/xml", `<?xml version="1.0"?><soapenv:Envelope/>`)
	f.Add(400, "", "")
	f.Add(400, "application/json", `[{"errorCode":[1]}]`)
	f.Add(400, "application/json", `{"errors":[{"errors":[{"errorCode":1}]}]}`)
	f.Fuzz(func(t *testing.T, status int, contentType, body string) {
		if status < 100 || status > 999 {
			status = 400
		}
		e := decodeFor(status, contentType, body)
		if len(e.Message) > maxMessage || len(e.DeveloperMessage) > maxMessage || len(e.Code) > 64 {
			t.Fatalf("unbounded upstream text")
		}
		s := e.Error()
		if len(body) >= 12 && strings.Contains(s, body) {
			t.Fatalf("body in Error(): %q", s)
		}
		_ = e.Is(ErrSessionRejected)
		_ = sessionRejected(status, []byte(body))
	})
}
