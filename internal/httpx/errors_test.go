package httpx

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
)

// An error says its provider, operation and route once.
func TestCauseTextSaysThePrefixOnce(t *testing.T) {
	status := errors.New("mhv: Refill POST prescription/rxrefill/{id}: HTTP 503 [2 attempts]")
	ou := &OutcomeUnknownError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Err: status}
	assert.Equal(t, "mhv: Refill POST prescription/rxrefill/{id}: outcome unknown, the request may have been processed "+
		"(do not repeat it before checking): HTTP 503 [2 attempts]", ou.Error())

	tr := &TransportError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: "specialty/patient/referral/v1/intake",
		Host: "127.0.0.1:1", Attempts: 1, Err: errors.New("connection reset by peer")}
	assert.Equal(t, "cvsspecialty: Submit POST specialty/patient/referral/v1/intake: transport failure (host 127.0.0.1:1, 1 attempt): connection reset by peer", tr.Error())
	assert.Equal(t, "transport failure (host 127.0.0.1:1, 1 attempt): connection reset by peer", CauseText("cvsspecialty", "Submit", tr))
	// A cause of the same provider (an auth transport's token failure)
	// does not repeat the prefix.
	tok := &TransportError{Provider: "cvsspecialty", Op: "Status", Method: "POST", Route: "specialty/patient/referral/v1/status",
		Host: "127.0.0.1:1", Attempts: 4, Err: errors.New("cvsspecialty: token request: request failed: dial tcp 127.0.0.1:1: connect: connection refused")}
	assert.Equal(t, "cvsspecialty: Status POST specialty/patient/referral/v1/status: transport failure (host 127.0.0.1:1, 4 attempts): "+
		"token request: request failed: dial tcp 127.0.0.1:1: connect: connection refused", tok.Error())
	// An outcome-unknown cause of the same call gives its own cause.
	ou2 := &OutcomeUnknownError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: "specialty/patient/referral/v1/intake", Err: tr}
	assert.Equal(t, "transport failure (host 127.0.0.1:1, 1 attempt): connection reset by peer", CauseText("cvsspecialty", "Submit", ou2))

	tl := &TooLargeError{Provider: "mhv", Op: "CreateSession", Method: "GET", Route: "session", Limit: 10}
	assert.Equal(t, "response body exceeds the 10-byte limit", CauseText("mhv", "CreateSession", tl))
	assert.Equal(t, "CreateSession GET session: response body exceeds the 10-byte limit", CauseText("mhv", "", tl))
	assert.Equal(t, "invalid JSON", CauseText("allcarefhir", "Read", errors.New("allcarefhir: invalid JSON")))
	assert.Equal(t, "dial tcp: refused", CauseText("mhv", "Refill", errors.New("dial tcp: refused")))
}
