// Package reliability is the SDK's cross-provider reliability suite: one
// table of every exported operation that makes an HTTP call, each run
// under every fault of one matrix, against its provider's in-process fake,
// with the README's retry and outcome-unknown rules as the expected
// results. The package's only non-test code is Proxy, the fault proxy.
//
//	go test -race ./internal/reliability/
//
// # The fault proxy
//
// Proxy is a loopback server in front of a provider's fake. Only requests
// matching the operation under test ("POST prescription/rxrefill/{id}")
// pass through an internal/faultserver Injector, which counts and records
// them and applies the queued faults; token, session and set-up requests
// are forwarded untouched. Each case gets its own fake, proxy and client.
//
// # The table
//
// suite_test.go holds the machinery, one file per provider the table
// (cvs_test.go, mhv_test.go, develophealth_test.go, carevalidate_test.go,
// allcarefhir_test.go): a provider (start: fake, proxy and a client pointed
// at it with rxbridge.WithRetry(MaxRetries 3, WaitMin 1ms, WaitMax 4ms,
// MaxRetryAfter 20ms), a debug-level canary logger, WithTimeout(60s) (a
// guard against a hang, which no case waits for) and
// WithMaxResponseBytes; warm: a call that fetches the credential and
// opens a keep-alive connection, made only by the keep-alive case for
// providers without a credential to fetch; typed: the provider's *Error)
// and its ops (name, idempotent or not as the SDK documents it, the route
// the faults apply to, an optional prepare that makes what the call needs
// through a set-up client straight to the fake, the call, and for a search
// that follows next links the pages it reads: each is a request for the
// route).
//
// AllCare has two hosts: a FHIR operation's proxy sits on the FHIR base
// (the fake builds next links from the Host it is reached at, so paging
// stays on the proxy); a login operation's proxy sits on the issuer, which
// the login under test keeps as the fake's URL (discovery, id_token iss and
// the token endpoint name it) while its transport dials the proxy for that
// host. Its login ops: Discover and AuthCodeURL (GETs, retried), and the
// code exchange (HandleCallback, CallbackHandler) and refresh (Refresh, a
// TokenSource refreshing), POSTs never repeated once sent.
//
// # The matrix
//
// Every op runs under every fault (subtests provider/op/fault, parallel):
//
//	reset-before-read           always: I 4 requests, transport error; N 1, outcome unknown
//	reset-after-read-once       I 2, success; N 1, outcome unknown
//	reset-after-read-keepalive  always, first attempt on a reused connection: as reset-before-read,
//	                            but net/http resends a GET once by itself (5 requests for 4 attempts)
//	5xx-burst-then-ok           503 JSON with Retry-After (waited, capped), 502 HTML, 500 JSON:
//	                            I 4, success; N 1, outcome unknown (503)
//	500-permanent               I 4, typed 500; N 1, outcome unknown wrapping the typed 500
//	429-retry-after-then-ok     all 2, success; the retry waits the capped Retry-After (20ms, not an hour)
//	429-permanent               all 4, typed 429 (a 429 is retried even for non-idempotent requests)
//	html-502-permanent          I 4, typed 502; N 1, outcome unknown
//	html-504-then-ok            I 2, success; N 1, outcome unknown
//	truncated-2xx               I 4, transport error; N 1, outcome unknown
//	oversized-2xx-streamed      all 1 (never retried), ErrResponseTooLarge; N also outcome unknown
//	oversized-2xx-declared      the same with a Content-Length over the limit
//	html-200-page               I 1, decode error; N 1, outcome unknown (never a success: a
//	                            non-idempotent call is done only on its documented answer);
//	                            success for MHV's preference updates, which read no answer
//	302-same-host-once          a GET follows it (2 requests, success); any other request does
//	                            not: I 1, typed 302; N 1, outcome unknown wrapping the typed 302
//	slow-headers                headers held back, the attempt times out: I 4, transport error;
//	                            N 1, outcome unknown
//
// (I: idempotent, N: non-idempotent.) Each case checks the requests the
// upstream saw for that operation, how many reached the fake (1 on
// success, else 0: the upstream acted at most once), the class of the
// error, its status and the attempts it reports, and that the client
// logged. Every case except reset-after-read-keepalive starts on a new
// connection, so the counts are exact.
//
// No case races a sleep against a timeout, so the suite gives the same
// results on a busy machine. In slow-headers the client's transport sits
// behind a faultserver.TimeoutGate, which ends an attempt with a timeout
// error at the moment the proxy holds that request in the slow fault
// (after counting it). A short WithTimeout would race the load: it could
// end an attempt before the proxy sees it, or while the client waits for
// its token or session. (Each provider's own tests cover WithTimeout.)
// The Retry-After cases send an hour, so a retry that waited it uncapped
// is told from one delayed by load (the bound is the case's 60s). The
// attempt and case bounds (60s each) are guards against a hang, far from
// what a passing case takes on a loaded machine under -race (an attempt
// was seen to take 10s): they never decide a pass. No test closes a server
// to make a connection fail: a freed port can be taken by another test's
// server, which answers; an upstream that resets every connection fails
// instead.
//
// # Leaks and canaries
//
// TestMain runs goleak.VerifyTestMain with no ignore options: every case
// closes its fake, its proxy and its client transport's idle connections.
// Before that it scans everything the whole suite logged (text and JSON,
// debug level) and every error it produced (Error, %v, %+v, %#v, %q) for
// the canaries of canary_test.go: PHI planted in requests (names, date of
// birth, email, phone, member id, transaction and prescription ids, a
// veteran's correlation id, free text, AllCare's patient id), the
// credentials (client secret, app token, API keys, access tokens, and
// every token and session seen on the wire; AllCare's codes, access and
// refresh tokens made from canary prefixes, its id_tokens, states, nonces
// and PKCE verifiers), and PHI echoed by the upstream in fault bodies
// (every provider's message fields at once: a FHIR OperationOutcome's
// diagnostics, an OAuth error_description, ...) and headers. One pass
// finds every canary (matcher_test.go).
// It also fails when a planted canary never travelled (the scan would then
// prove nothing). Each case checks its own logs and error too.
//
// Unless -parallel is given, TestMain runs 24 cases at a time: the suite
// mostly waits (timeouts, backoff, resets).
//
// # Wrapped transports
//
// TestFaultMatrixThroughWrappedTransports (transports_test.go) runs the
// whole matrix again with the client's transport wrapped, as users wrap
// theirs: by a trivial RoundTripper and by otelhttp.NewTransport. Every
// case expects exactly what it expects over net/http's transport alone:
// the "nothing was written" proof reads the httptrace events net/http
// reports under any wrapper that passes the request's context on. One
// more case, run over all three, proves it: dial-fails-once fails the
// first connection after arming with an error whose type proves nothing;
// only the trace (a connection looked for, none obtained) shows that the
// request never left, so every operation, refills included, is retried
// and succeeds with one request upstream. The hook is faultCase.transport.
//
// # Fuzzing
//
// TestEveryFuzzTargetHasASeedCorpus checks that every provider package has
// fuzz targets and that each has seed files in
// <pkg>/testdata/fuzz/<FuzzX>/ (built from the fixtures).
//
// # Adding a provider
//
// Write <provider>_test.go with a *provider (start, warm, typed) and a
// func returning its ops, one entry per exported operation that makes an
// HTTP call, and append that func to allOps in suite_test.go. Keep a case
// cheap: every case starts its own fake, so share what is costly to build. Plant the
// provider's PHI and credentials from the canary constants (add new ones
// to plantedOnWire). The matrix, the scan and the leak check apply by
// themselves.
package reliability
