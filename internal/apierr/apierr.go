// Package apierr gives the SDK's internals short names for the base every
// provider's typed *Error embeds (rxbridge.APIError, public so that users
// can read its fields in go doc) and the text helpers errors share.
package apierr

import (
	"strings"

	rxbridge "github.com/rxbridge/rxbridge-go"
)

// Base is rxbridge.APIError, under the name the internals use.
type Base = rxbridge.APIError

// Excerpt returns at most n bytes of s, cut at a rune boundary, for fields
// such as Message that keep a bounded piece of upstream text.
func Excerpt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n]
}

// StatusMatches reports whether an answer with this HTTP status matches
// one of rxbridge's cross-provider sentinels, the same way for every
// provider: 400 and 422 ErrRejected, 401 ErrUnauthorized, 403
// ErrForbidden, 404 ErrNotFound, 429 ErrRateLimited, 5xx but 501
// ErrServer. Providers' Is methods add what their codes mean.
func StatusMatches(status int, target error) bool {
	switch target {
	case rxbridge.ErrRejected:
		return status == 400 || status == 422
	case rxbridge.ErrUnauthorized:
		return status == 401
	case rxbridge.ErrForbidden:
		return status == 403
	case rxbridge.ErrNotFound:
		return status == 404
	case rxbridge.ErrRateLimited:
		return status == 429
	case rxbridge.ErrServer:
		return status >= 500 && status <= 599 && status != 501
	}
	return false
}

// InputError is a call the SDK refused before sending anything. Every
// provider builds its refusals with Input, so that they all read
// "provider: Op: invalid input, nothing was sent: reason" and match
// rxbridge.ErrInvalidInput (and the errors in Also) with errors.Is.
// Reason is fixed SDK text: it names a field or a rule, never a value.
type InputError struct {
	Provider string
	Op       string
	Reason   string
	Also     []error
}

// Input returns an *InputError.
func Input(provider, op, reason string, also ...error) error {
	return &InputError{Provider: provider, Op: op, Reason: reason, Also: also}
}

// Error implements the error interface.
func (e *InputError) Error() string {
	if e == nil {
		return "rxbridge: nil *InputError"
	}
	var s strings.Builder
	s.Grow(len(e.Provider) + len(e.Op) + len(e.Reason) + 40)
	if e.Provider != "" {
		s.WriteString(e.Provider)
	} else {
		s.WriteString("rxbridge")
	}
	s.WriteString(": ")
	if e.Op != "" {
		s.WriteString(e.Op)
		s.WriteString(": ")
	}
	s.WriteString(inputPhrase)
	if e.Reason != "" {
		s.WriteString(": ")
		s.WriteString(e.Reason)
	}
	return s.String()
}

// inputPhrase says what every refusal means.
const inputPhrase = "invalid input, nothing was sent"

// Unwrap returns rxbridge.ErrInvalidInput and the errors in Also. (The
// sentinel's own text is not part of the message.)
func (e *InputError) Unwrap() []error {
	if e == nil {
		return nil
	}
	return append([]error{rxbridge.ErrInvalidInput}, e.Also...)
}
