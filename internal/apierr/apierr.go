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
