package httpx

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// An error says its provider, operation and route once.
func TestCauseTextSaysThePrefixOnce(t *testing.T) {
	status := &rxbridge.APIError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", HTTPStatus: 503, Attempts: 2}
	require.Equal(t, "mhv: Refill POST prescription/rxrefill/{id}: HTTP 503 [2 attempts]", status.Error())
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

// net's TCPConn.ReadFrom (a request body copied to a connection the server
// reset) nests the write's *net.OpError in its own: the transport error
// says the addresses once, and keeps the cause reachable.
func TestTransportErrorSaysTheAddressesOnce(t *testing.T) {
	local := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 34866}
	remote := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 45973}
	write := &net.OpError{Op: "write", Net: "tcp", Source: local, Addr: remote,
		Err: &os.SyscallError{Syscall: "write", Err: syscall.ECONNRESET}}
	readFrom := &net.OpError{Op: "readfrom", Net: "tcp", Source: local, Addr: remote, Err: write}
	for _, cause := range []error{
		readFrom,
		fmt.Errorf("%w", readFrom), // a wrapper of net/http's that adds no text
		&url.Error{Op: "Post", URL: "http://127.0.0.1:45973/items/7?name=x", Err: fmt.Errorf("%w", readFrom)},
	} {
		tr := &TransportError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: "intake", Host: "127.0.0.1:45973",
			Attempts: 1, Err: sanitize(cause)}
		assert.Equal(t, "cvsspecialty: Submit POST intake: transport failure (host 127.0.0.1:45973, 1 attempt): "+
			"write tcp 127.0.0.1:34866->127.0.0.1:45973: write: connection reset by peer", tr.Error())
		assert.ErrorIs(t, tr, syscall.ECONNRESET)
		var op *net.OpError
		require.ErrorAs(t, tr, &op)
		assert.Equal(t, "write", op.Op)
	}
	// A wrapper that says something keeps its words, and what it wraps.
	broken := fmt.Errorf("connection broken: %w", readFrom)
	assert.Equal(t, broken, sanitize(broken))
	// A single *net.OpError is left as it is.
	assert.Equal(t, error(write), sanitize(write))
}
