// Package apierr gives the SDK's internals short names for the base every
// provider's typed *Error embeds (rxbridge.APIError, public so that users
// can read its fields in go doc) and the text helpers errors share.
package apierr

import rxbridge "github.com/rxbridge/rxbridge-go"

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
