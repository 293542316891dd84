package rxbridge

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// providerError is what a provider's *Error is: APIError embedded by value.
type providerError struct {
	APIError
	BodyFormat string
}

// callErrors is one of each error type that names a call, with the call.
func callErrors() []struct {
	err  error
	call Call
} {
	refill := Call{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}"}
	status := Call{Provider: "cvsspecialty", Op: "Status", Method: "POST", Route: "specialty/patient/referral/v1/status"}
	transport := &TransportError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Host: "127.0.0.1:1",
		Attempts: 1, Err: io.ErrUnexpectedEOF}
	return []struct {
		err  error
		call Call
	}{
		{&APIError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", HTTPStatus: 503, Attempts: 4}, refill},
		{&APIError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Code: "99"}, refill},
		// Only a meaning: the parenthesis follows the call.
		{&APIError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Meaning: "ambiguous"}, refill},
		{&providerError{APIError: APIError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", HTTPStatus: 400}}, refill},
		{transport, refill},
		{&OutcomeUnknownError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Attempts: 1, Err: transport}, refill},
		{&OutcomeUnknownError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Err: context.DeadlineExceeded}, refill},
		{&TooLargeError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Limit: 10}, refill},
		{&DecodeError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", StatusCode: 200, ContentType: "text/html",
			Err: &ShapeError{Want: `{"status":"success"}`}}, refill},
		{&CredentialError{Provider: "cvsspecialty", Op: "Status", Method: "POST", Route: "specialty/patient/referral/v1/status", Attempts: 2,
			Err: &OAuthError{HTTPStatus: 401, Code: "invalid_client"}}, status},
		{&InputError{Provider: "mhv", Op: "Refill", Reason: "the prescription id must be positive"}, Call{Provider: "mhv", Op: "Refill"}},
		{&InputError{Op: "Refill"}, Call{Provider: "rxbridge", Op: "Refill"}},
	}
}

// Every call error's message begins with "provider: " and its call, then
// ": " (or the parenthesis of a meaning): the invariant the provider
// wrappers cut their causes' messages by.
func TestCallErrorMessageBeginsWithItsCall(t *testing.T) {
	for _, tc := range callErrors() {
		t.Run(fmt.Sprintf("%T", tc.err), func(t *testing.T) {
			c, ok := CallOf(tc.err)
			require.True(t, ok)
			assert.Equal(t, tc.call, c)
			prefix := c.Provider + ": " + c.String()
			msg := tc.err.Error()
			require.True(t, strings.HasPrefix(msg, prefix+": ") || strings.HasPrefix(msg, prefix+" ("), "%q does not begin with %q", msg, prefix)
		})
	}
}

// The texts are those of the internal types they replace.
func TestCallErrorTexts(t *testing.T) {
	tr := &TransportError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: "specialty/patient/referral/v1/intake",
		Host: "127.0.0.1:1", Attempts: 1, Err: errors.New("connection reset by peer")}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{tr, "cvsspecialty: Submit POST specialty/patient/referral/v1/intake: transport failure (host 127.0.0.1:1, 1 attempt): connection reset by peer"},
		{&OutcomeUnknownError{Provider: "cvsspecialty", Op: "Submit", Method: "POST", Route: "specialty/patient/referral/v1/intake", Err: tr},
			"cvsspecialty: Submit POST specialty/patient/referral/v1/intake: outcome unknown, the request may have been processed " +
				"(do not repeat it before checking): transport failure (host 127.0.0.1:1, 1 attempt): connection reset by peer"},
		{&TooLargeError{Provider: "mhv", Op: "CreateSession", Method: "GET", Route: "session", Limit: 10},
			"mhv: CreateSession GET session: response body exceeds the 10-byte limit"},
		{&DecodeError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "r", StatusCode: 200, ContentType: "text/html", Err: &ShapeError{Want: "x"}},
			`mhv: Refill POST r: cannot decode HTTP 200 response (Content-Type "text/html"): the answer is not the documented success: want x`},
		{&CredentialError{Provider: "cvsspecialty", Op: "Status", Method: "POST", Route: "s", Attempts: 3,
			Err: errors.New("cvsspecialty: token request: HTTP 401 invalid_client")},
			"cvsspecialty: Status POST s: token request: HTTP 401 invalid_client [3 attempts]"},
		{&InputError{Provider: "mhv", Op: "Refill", Reason: "r"}, "mhv: Refill: invalid input, nothing was sent: r"},
		{&InputError{}, "rxbridge: invalid input, nothing was sent"},
		{&OAuthError{HTTPStatus: 401, Code: "invalid_client"}, "token request rejected: HTTP 401 invalid_client"},
		{&OAuthError{HTTPStatus: 503}, "token request failed: HTTP 503"},
	} {
		assert.Equal(t, tc.want, tc.err.Error())
	}
	assert.ErrorIs(t, &OAuthError{HTTPStatus: 401}, ErrUnauthorized)
	assert.ErrorIs(t, &OAuthError{HTTPStatus: 503}, ErrServer)
	assert.NotErrorIs(t, &OAuthError{HTTPStatus: 501}, ErrServer)
}

// CallOf gives the first call named in the chain, through any wrapper,
// and nothing for errors that name none.
func TestCallOf(t *testing.T) {
	refill := Call{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}"}
	session := Call{Provider: "mhv", Op: "CreateSession", Method: "GET", Route: "session"}
	sessionErr := &APIError{Provider: "mhv", Op: "CreateSession", Method: "GET", Route: "session", HTTPStatus: 401}
	cred := &CredentialError{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}", Err: sessionErr}
	for name, tc := range map[string]struct {
		err  error
		want Call
		ok   bool
	}{
		"credential names the call, not the credential's": {cred, refill, true},
		"its cause alone":             {cred.Err, session, true},
		"%w":                          {fmt.Errorf("refill 2 of 3: %w", cred), refill, true},
		"%w twice":                    {fmt.Errorf("a: %w", fmt.Errorf("b: %w", cred)), refill, true},
		"join, first names none":      {errors.Join(context.Canceled, cred, sessionErr), refill, true},
		"multiple %w":                 {fmt.Errorf("%w (not retried: %w)", sessionErr, ErrRetryBudgetExhausted), session, true},
		"provider *Error":             {&providerError{APIError: *sessionErr}, session, true},
		"wrapper naming none":         {&InputError{Provider: "mhv", Also: []error{sessionErr}}, session, true},
		"nil":                         {nil, Call{}, false},
		"context":                     {context.DeadlineExceeded, Call{}, false},
		"sentinel":                    {ErrOutcomeUnknown, Call{}, false},
		"no call":                     {&InputError{Provider: "mhv", Reason: "nil"}, Call{}, false},
		"all empty":                   {&APIError{Provider: "mhv", HTTPStatus: 500}, Call{}, false},
		"nil *TransportError":         {(*TransportError)(nil), Call{}, false},
		"nil provider *Error":         {(*providerError)(nil), Call{}, false},
		"nil provider *Error wrapped": {fmt.Errorf("x: %w", (*providerError)(nil)), Call{}, false},
		"nil *APIError wrapped":       {fmt.Errorf("x: %w", (*APIError)(nil)), Call{}, false},
		"join of nothing":             {errors.Join(io.EOF, context.Canceled), Call{}, false},
	} {
		t.Run(name, func(t *testing.T) {
			c, ok := CallOf(tc.err)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, c)
		})
	}
}

// A nil pointer of every error type says so instead of panicking, and
// unwraps to nothing.
func TestNilCallErrors(t *testing.T) {
	for _, err := range []error{(*APIError)(nil), (*TransportError)(nil), (*DecodeError)(nil), (*OutcomeUnknownError)(nil),
		(*TooLargeError)(nil), (*CredentialError)(nil), (*InputError)(nil), (*OAuthError)(nil), (*ShapeError)(nil)} {
		name := fmt.Sprintf("%T", err)
		require.NotPanics(t, func() {
			assert.Equal(t, "rxbridge: nil *"+strings.TrimPrefix(name, "*rxbridge."), err.Error())
			assert.Nil(t, errors.Unwrap(err), name)
			_ = errors.Is(err, ErrServer)
			_, ok := CallOf(err)
			assert.False(t, ok)
		}, name)
	}
	assert.ErrorIs(t, (*OutcomeUnknownError)(nil), ErrOutcomeUnknown)
	assert.ErrorIs(t, (*TransportError)(nil), ErrTransport)
}

func TestCallString(t *testing.T) {
	assert.Equal(t, "Refill POST prescription/rxrefill/{id}", Call{Provider: "mhv", Op: "Refill", Method: "POST", Route: "prescription/rxrefill/{id}"}.String())
	assert.Equal(t, "POST r", Call{Method: "POST", Route: "r"}.String())
	assert.Equal(t, "Refill r", Call{Op: "Refill", Route: "r"}.String())
	assert.Equal(t, "Refill", Call{Op: "Refill"}.String())
	assert.Empty(t, Call{Provider: "mhv"}.String())
	// APIError's message says it the same way when the route is missing.
	assert.Equal(t, "mhv: Refill POST: HTTP 400", (&APIError{Provider: "mhv", Op: "Refill", Method: "POST", HTTPStatus: 400}).Error())
}
