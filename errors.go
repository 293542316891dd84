package rxbridge

import "errors"

// The cross-provider sentinels. Every provider's errors match them the same
// way with errors.Is, whatever the provider calls the failure; each
// provider package re-exports them under the same names (mhv.ErrNotFound is
// rxbridge.ErrNotFound) and adds sentinels of its own for its documented
// codes (mhv.ErrNotRefillable, cvsspecialty.ErrInvalidToken, ...).
//
// Before sending:
//   - ErrInvalidInput: the SDK refused the call; nothing was sent.
//
// The upstream answered (the error is also the provider's *Error, with the
// status, code and request id):
//   - ErrRejected: 400 or 422, or a code that means the request is invalid.
//   - ErrUnauthorized: 401, or a code that means the credentials were refused.
//   - ErrForbidden: 403, or a code that means not allowed.
//   - ErrNotFound: 404, or a code that means the thing does not exist.
//   - ErrRateLimited: 429.
//   - ErrServer: 5xx (but 501), or a code that means the upstream failed.
//
// No usable answer:
//   - ErrOutcomeUnknown: a call that changes state may have been processed.
//   - ErrRetryBudgetExhausted: a retry was skipped to protect the upstream.
//   - ErrTransport: the exchange failed (DNS, connect, TLS, reset, timeout).
//   - ErrDecode: a success answer could not be decoded.
//   - ErrResponseTooLarge: an answer exceeded the size limit.
//
// Their texts carry no package prefix: they are shared by the five
// providers and appear at the end of a provider's message ("mhv:
// Prescription: not in the veteran's prescription history: not found").
//
// One error can match several: a 503 after the last retry matches ErrServer
// and the provider's *Error; a lost refill matches ErrOutcomeUnknown and
// ErrTransport.
var (
	// ErrInvalidInput matches a call the SDK refused before sending
	// anything: a required argument is missing or malformed (an empty id, a
	// path segment such as "..", a referral that fails validation, an NDC
	// of the wrong length). Nothing reached the upstream; fix the input.
	ErrInvalidInput = errors.New("invalid input, nothing was sent")

	// ErrRejected matches an answer in which the upstream refused the
	// request as invalid: HTTP 400 or 422, or a provider code with that
	// meaning (under any status). The upstream received the request and
	// did not act on it; change the request before sending it again.
	ErrRejected = errors.New("request rejected by the upstream")

	// ErrUnauthorized matches an answer that refused the credentials: HTTP
	// 401, or a provider code with that meaning (an expired session or
	// token the SDK could not replace, a wrong API key).
	ErrUnauthorized = errors.New("unauthorized")

	// ErrForbidden matches an answer that refused the call to these
	// credentials: HTTP 403, or a provider code with that meaning.
	ErrForbidden = errors.New("forbidden")

	// ErrNotFound matches an answer saying that what the call names does
	// not exist: HTTP 404, or a provider code with that meaning.
	ErrNotFound = errors.New("not found")

	// ErrRateLimited matches an HTTP 429 answer (after the retries the
	// policy allows).
	ErrRateLimited = errors.New("rate limited")

	// ErrServer matches an answer in which the upstream, or a gateway in
	// front of it, failed: HTTP 500 to 599 except 501 (which means the
	// upstream will never offer the operation), or a provider code with
	// that meaning. Reads reach it after the retries the policy allows.
	ErrServer = errors.New("upstream server error")

	// ErrOutcomeUnknown matches the error of a non-idempotent call that was
	// sent and then lost (connection reset, timeout, truncated response, a
	// gateway 5xx): the upstream may or may not have acted on it. The SDK
	// never repeats such a call; check the upstream's state before you do.
	ErrOutcomeUnknown = errors.New("outcome unknown: the request may have been processed")

	// ErrRetryBudgetExhausted matches the error of a call that would have
	// been retried but was not, because its client's retry budget was
	// spent: the upstream has been failing for many calls in a row, and
	// retrying every one of them would only add load. The error also
	// matches (and unwraps to) the failure of the last attempt.
	ErrRetryBudgetExhausted = errors.New("retry budget exhausted")

	// ErrTransport matches every failure to exchange a request and response
	// with the upstream (DNS, connect, TLS, reset, timeout, truncation).
	ErrTransport = errors.New("transport failure")

	// ErrDecode matches a successful response whose body could not be
	// decoded into the expected type.
	ErrDecode = errors.New("cannot decode response")

	// ErrResponseTooLarge matches a response whose body exceeded the
	// client's size limit (WithMaxResponseBytes). Nothing past the limit
	// was read. It is never retried; for a non-idempotent request the error
	// also matches ErrOutcomeUnknown (the upstream answered 2xx, so it
	// acted, but the answer was not read).
	ErrResponseTooLarge = errors.New("response body exceeds the size limit")
)

// ErrPageLoop matches the error an iterator over an upstream's pages
// yields when the next page it is told to read is one it read already (a
// cursor or next link that does not advance, or comes back): the iteration
// stops there instead of looping forever; what it yielded before is valid.
// It is not one of the twelve above, which every provider can return: only
// the packages whose iterators page re-export it (carevalidate.ErrPageLoop
// for Cases, allcarefhir.ErrPageLoop for searches and Everything). Like
// theirs, its text carries no package prefix ("carevalidate: Cases: next
// page repeats a page already read").
var ErrPageLoop = errors.New("next page repeats a page already read")
