// Package apierr gives the SDK's internals short names for the base every
// provider's typed *Error embeds (rxbridge.APIError, public so that users
// can read its fields in go doc) and the text helpers errors share.
package apierr

import (
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
// ErrServer. Providers' Is methods add what their codes mean. (The table
// lives once, in package rxbridge, where a token endpoint's answer,
// rxbridge.OAuthError, matches by it too.)
func StatusMatches(status int, target error) bool {
	return (&rxbridge.OAuthError{HTTPStatus: status}).Is(target)
}

// InputError is rxbridge.InputError: a call the SDK refused before
// sending anything. Every provider builds its refusals with Input, so
// that they all read "provider: Op: invalid input, nothing was sent:
// reason" and match rxbridge.ErrInvalidInput (and the errors in Also).
type InputError = rxbridge.InputError

// Input returns an *InputError.
func Input(provider, op, reason string, also ...error) error {
	return &InputError{Provider: provider, Op: op, Reason: reason, Also: also}
}
