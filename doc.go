// Package rxbridge is the vocabulary every provider package of the SDK
// shares: the client options, the retry policy, the errors every provider
// matches, and the value types of the upstreams' payloads (dates, lenient
// numbers, lists, secrets). The provider packages hold the clients:
//
//	cvsspecialty   CVS Specialty patient referral (intake, status)
//	mhv            VA My HealtheVet prescriptions (refills, tracking)
//	develophealth  Develop Health prior authorizations, benefit verifications, webhooks
//	carevalidate   CareValidate cases, payments and case webhooks
//	allcarefhir    AllCare Patient Access: member login and FHIR R4
//
// # Options
//
// Every provider's NewClient accepts the options of this package, written
// once for all five:
//
//	client, err := mhv.NewClient(appToken,
//		rxbridge.WithBaseURL("https://mhv.example.va.gov/mhv-api/patient/v1"),
//		rxbridge.WithRetry(rxbridge.RetryPolicy{MaxRetries: 2}),
//		rxbridge.WithTimeout(10*time.Second),
//		rxbridge.WithLogger(logger),
//		mhv.WithGateway(apiKey), // a provider's own option
//	)
//
// A provider's own options (mhv.WithGateway, cvsspecialty.WithSandbox,
// ...) are Options too, so one []rxbridge.Option can carry both; given to
// another provider's NewClient, they are refused with an error naming them.
// Constructors validate every option and never touch the network.
//
// # Errors
//
// Each provider returns its own typed *Error (which embeds APIError: HTTP
// status, provider code, request id, attempts) and matches, with
// errors.Is, the sentinels of this package with one meaning for all five:
//
//	sentinel                 matches
//	ErrInvalidInput          the SDK refused the call before sending anything
//	ErrRejected              the upstream refused the request as invalid (400, 422)
//	ErrUnauthorized          the credentials were refused (401)
//	ErrForbidden             not allowed to these credentials (403)
//	ErrNotFound              what the call names does not exist (404)
//	ErrRateLimited           too many requests (429)
//	ErrServer                the upstream or its gateway failed (5xx but 501)
//	ErrOutcomeUnknown        a call that changes state may have been processed
//	ErrRetryBudgetExhausted  a retry was skipped: the upstream keeps failing
//	ErrTransport             the exchange failed (DNS, connect, TLS, reset, timeout)
//	ErrDecode                a success answer could not be decoded
//	ErrResponseTooLarge      an answer exceeded the size limit
//
// The provider packages re-export these under the same names
// (mhv.ErrNotFound == rxbridge.ErrNotFound) and add sentinels for their
// documented codes (mhv.ErrNotRefillable, develophealth.ErrUnsupportedDrug).
// Error strings never carry a body, a header value, a query string, a token
// or the upstream's message (which can repeat PHI).
//
// The failures that are not an answer have types of their own, the same
// for every provider, to read with errors.As: TransportError (host,
// attempts), DecodeError (status, content type), TooLargeError,
// OutcomeUnknownError (wrapping its cause), CredentialError (a token or
// session could not be had) and InputError. CallOf gives the call any of
// these errors names (provider, operation, method, route template), for a
// log record, without parsing the message.
//
// A call that changes the upstream's state (an MHV refill, a CVS intake, a
// Develop Health or CareValidate create) is never repeated once it may have
// reached the upstream: when its answer is lost, the error matches
// ErrOutcomeUnknown, and you should look at the upstream's state before
// sending it again.
//
// # Values
//
// The value types of this package are the one family the providers' types
// use, directly (no provider has an alias or a constructor of its own):
//
//	type           holds                                            built in code
//	Date           a calendar date (a birth date, a fill date)      NewDate(1993, time.October, 21), DateOf(t)
//	DateTime       an ISO 8601 instant, with or without a zone      DateTime{Time: t}
//	RFC1123        an instant as MHV writes it, US zone names       RFC1123{Time: t}
//	Number         a decimal as a number or a numeric string        NewNumber("12.50")
//	Bool           a yes/no as true, "yes", "Y", 1, ...             NewBool(true)
//	Optional[T]    a field of an answer: absent, null or set        Some(v)
//	OneOrMany[T]   a list sent as one value or many                 OneOrMany[T]{Items: items}
//	Secret         a credential that never prints                   NewSecret(s)
//
// Date, DateTime and RFC1123 decode the upstreams' many date forms, Number,
// Bool and OneOrMany their many shapes, all without failing on an odd
// value (it decodes as invalid, Valid reports false, and its text is
// kept), and every decoded value re-encodes as it came. A provider whose
// upstream documents one form writes it when it sends, without changing
// your values: cvsspecialty's Submit writes every date in the client's
// DateFormat and a Bool built in code as the string "true" or "false".
//
// FHIR keeps its own date types, and only them: allcarefhir.Date, DateTime
// and Instant are strings with a precision (a year alone, "2002", or a
// month, "2012-01", is a valid FHIR date, which a Date cannot hold), built
// with allcarefhir.DateOf and DateTimeOf and read with their Time methods.
// A FHIR decimal is a Number.
//
// Optional values come in one of two forms, the same in every provider:
// a field of an answer that may be absent, null or set is an Optional[T]
// (Valid, Get, Or; it re-encodes as it arrived), and an optional field of
// a request you build is a pointer, set with Ptr (rxbridge.Ptr(5),
// rxbridge.Ptr(false)).
//
// # Iterators
//
// Calls that walk pages (carevalidate's Cases, allcarefhir's Search and
// Everything) return an iter.Seq2 of a pointer and an error, the same in
// every package: a *Case, a *Patient, a *Page[T], or an interface whose
// values are pointers (allcarefhir.Resource). A pointer is never shared
// between two steps, so it may be kept. The iteration stops after the
// first error, which it yields with a nil pointer; breaking out of the
// loop stops fetching.
//
// # Versions
//
// Version is the SDK's version. The module follows semantic versioning;
// while it is v0, minor releases may break the API (see CHANGELOG.md).
package rxbridge
