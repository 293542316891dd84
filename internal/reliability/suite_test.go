package reliability

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/goleak"

	rxbridge "github.com/rxbridge/rxbridge-go"
	"github.com/rxbridge/rxbridge-go/internal/canary"
	"github.com/rxbridge/rxbridge-go/internal/faultserver"
	"github.com/rxbridge/rxbridge-go/internal/httpx"
)

// retryPolicy is what every client in the suite uses: 4 attempts at most,
// millisecond backoff, Retry-After capped at 20ms.
var retryPolicy = rxbridge.RetryPolicy{MaxRetries: 3, WaitMin: time.Millisecond, WaitMax: 4 * time.Millisecond, MaxRetryAfter: 20 * time.Millisecond}

// Timing.
const (
	// maxAttempts is MaxRetries+1.
	maxAttempts = 4
	// slowDelay is how long the proxy holds the headers back in the
	// slow-headers cases; the attempt ends before, when the proxy holds it
	// (a faultserver.TimeoutGate), never on a clock racing the machine's
	// load.
	slowDelay = time.Hour
	// retryAfter is the Retry-After of the retryAfterGap cases: an hour,
	// so that a retry that waited it (not capped at MaxRetryAfter) cannot
	// be mistaken for one slowed down by a busy machine.
	retryAfter = "3600"
	// uncapped is a gap between two attempts that only a Retry-After
	// honoured without its cap explains: the case's whole time (a busy
	// machine has been seen to delay a 20ms retry by 2s).
	uncapped = caseTimeout
	// normalTimeout is every client's WithTimeout. No case waits for it
	// (slow-headers ends its attempts on a gate), so it is only a guard
	// against a hang, as long as the whole case: on a busy machine, with
	// -race and 24 cases at a time, a 10s bound ended attempts that were
	// merely slow.
	normalTimeout = caseTimeout
	// caseTimeout bounds one whole case (set-up and call): a guard against
	// a hang, which no passing case comes near.
	caseTimeout = 60 * time.Second
	// smallBodyLimit is WithMaxResponseBytes of the oversized cases.
	smallBodyLimit = 32 << 10
)

// TestMain runs the suite, then scans everything it logged and every error
// it produced for the canaries (see canary_test.go), then checks that no
// goroutine outlived the tests.
//
// The suite waits far more than it computes (timeouts, backoff, resets),
// so unless -parallel is given it runs 24 cases at a time instead of
// GOMAXPROCS.
func TestMain(m *testing.M) {
	flag.Parse()
	explicit := false
	flag.Visit(func(f *flag.Flag) { explicit = explicit || f.Name == "test.parallel" })
	if !explicit {
		_ = flag.Set("test.parallel", "24")
	}
	goleak.VerifyTestMain(scanningM{m}, leakOptions()...)
}

// leakOptions are the goleak options of the suite: none. Every server,
// proxy and client transport is closed by the test that made it.
func leakOptions() []goleak.Option { return nil }

// scanningM runs the tests, then the suite-wide canary scan.
type scanningM struct{ m *testing.M }

func (s scanningM) Run() int {
	code := s.m.Run()
	if code != 0 {
		return code
	}
	if err := suite.scan(matrixRan); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: canary scan:", err)
		return 1
	}
	if testing.Verbose() {
		fmt.Println(suite.summary())
	}
	return 0
}

// provider describes one SDK package to the suite.
type provider struct {
	name string
	// start makes the provider's fake, a Proxy in front of it matching
	// route, a client pointed at the proxy (configured from cfg) and a
	// set-up client pointed at the fake itself. It registers cleanups.
	start func(t *testing.T, route string, cfg clientConfig) *fixture
	// warm makes a cheap call with the client under test: it fetches the
	// credential (token, session) and opens a keep-alive connection.
	warm func(ctx context.Context, fx *fixture) error
	// warmForKeepAliveOnly: the client has no credential to fetch, so only
	// the keep-alive case (which needs an open connection) warms it up.
	warmForKeepAliveOnly bool
	// typed returns the HTTP status and attempts of the provider's typed
	// *Error in err's chain.
	typed func(err error) (status, attempts int, ok bool)
}

// clientConfig is what a case asks of the client under test.
type clientConfig struct {
	logger   *slog.Logger
	timeout  time.Duration
	maxBytes int64
	// hc is the client's *http.Client; its Transport is tr, or tr behind
	// a TimeoutGate in the slow cases.
	hc    *http.Client
	tr    *http.Transport
	retry rxbridge.RetryPolicy
	// telemetry is rxbridge.WithTelemetry on the case's in-memory rig
	// (telemetry_test.go).
	telemetry []rxbridge.Option
}

// fixture is one case's world.
type fixture struct {
	proxy *Proxy
	// client is the client under test (through the proxy), setup a client
	// of the same provider straight to the fake; both are the provider's
	// own types, asserted by the op functions.
	client, setup any
	// fake is the provider's fake server.
	fake any
	// state is what prepare made for the call (ids).
	state map[string]any
}

// op is one exported operation that makes an HTTP call.
type op struct {
	p    *provider
	name string
	// idempotent is the retry rule the operation must follow, from its
	// documentation and the README's rules.
	idempotent bool
	// route is the request the faults apply to: "METHOD path" relative to
	// the base URL.
	route string
	// prepare, when set, makes what the call needs (with fx.setup, or on
	// the fake) before the faults are armed.
	prepare func(ctx context.Context, t *testing.T, fx *fixture)
	// call runs the operation with fx.client.
	call func(ctx context.Context, fx *fixture) error
	// tolerant2xx: the operation documents that any 2xx answer is
	// success, whatever its body (MHV's idempotent preference updates,
	// which read no answer).
	tolerant2xx bool
	// on2xxPage, when set, replaces the rule for a 2xx whose body is an
	// HTML page.
	on2xxPage *expectation
	// pages is how many requests for the route the call sends once the
	// first succeeds (a search that follows next links through the proxy:
	// each page is one); 0 means 1.
	pages int
}

// replayable reports a request net/http itself may send again on a reused
// connection (a GET without body).
func (o op) replayable() bool { return strings.HasPrefix(o.route, "GET ") }

// class is the kind of result a case expects.
type class int

const (
	success   class = iota // nil error
	typed                  // the provider's typed *Error with an HTTP status
	unknown                // ErrOutcomeUnknown
	transport              // ErrTransport, not outcome unknown
	tooLarge               // ErrResponseTooLarge
	decode                 // ErrDecode, not outcome unknown
)

func (c class) String() string {
	return [...]string{"success", "typed error", "outcome unknown", "transport error", "response too large", "decode error"}[c]
}

// expectation is what a case must produce.
type expectation struct {
	// requests is how many requests for the operation the upstream saw.
	requests int
	class    class
	// status is the typed error's HTTP status (typed, or the cause of an
	// outcome unknown); 0 for a transport cause.
	status int
	// cause is the class behind an outcome unknown (transport, typed,
	// tooLarge or decode).
	cause class
	// attempts is the attempt count the error reports (0: not checked).
	attempts int
	// budget: the error says the retry budget refused a retry; when
	// false, it must not.
	budget bool
}

// faultCase is one column of the matrix.
type faultCase struct {
	name string
	// queue is applied to the first requests, always to every request
	// after them (nil: forward).
	queue  []faultserver.Fault
	always *faultserver.Fault
	// keepAlive leaves the set-up's idle connection open, so the first
	// attempt rides a reused connection; otherwise it starts on a new one.
	keepAlive bool
	// timesOut: the client's attempts time out when the proxy holds them
	// in the fault (a faultserver.TimeoutGate ends them).
	timesOut bool
	maxBytes int64
	// retryAfterGap: the first answer carries a Retry-After of an hour;
	// the first retry (if any) must wait it, capped at MaxRetryAfter.
	retryAfterGap bool
	// budget, when set, is the client's retry budget (RetryPolicy.Budget).
	budget int
	want   func(o op) expectation
	// transport, when set, makes the client's RoundTripper from rt (the
	// case's so far) over net/http's transport tr, and may return a func
	// called when the faults are armed (transports_test.go: wrappers, a
	// dial that fails).
	transport func(t *testing.T, rt http.RoundTripper, tr *http.Transport) (http.RoundTripper, func())
}

func ptr(f faultserver.Fault) *faultserver.Fault { return &f }

// byRule picks the expectation of an idempotent or non-idempotent
// operation.
func byRule(idem, nonIdem expectation) func(op) expectation {
	return func(o op) expectation {
		if o.idempotent {
			return idem
		}
		return nonIdem
	}
}

// faultCases is the fault matrix, with the README's rules as expectations:
// idempotent requests are retried on 429, 500, 502, 503, 504 and transport
// failures; non-idempotent ones only on 429 (and provably unsent
// failures), and otherwise end after one attempt with ErrOutcomeUnknown;
// a body over the limit is never retried.
func faultCases() []faultCase {
	lostUnknown := expectation{requests: 1, class: unknown, cause: transport, attempts: 1}
	return []faultCase{
		{name: "reset-before-read", always: ptr(faultserver.Fault{Kind: faultserver.ResetBeforeRead}),
			want: byRule(expectation{requests: maxAttempts, class: transport, attempts: maxAttempts}, lostUnknown)},
		{name: "reset-after-read-once", queue: []faultserver.Fault{{Kind: faultserver.ResetAfterRead}},
			want: byRule(expectation{requests: 2, class: success}, lostUnknown)},
		{name: "reset-after-read-keepalive", always: ptr(faultserver.Fault{Kind: faultserver.ResetAfterRead}), keepAlive: true,
			want: func(o op) expectation {
				if !o.idempotent {
					return lostUnknown
				}
				e := expectation{requests: maxAttempts, class: transport, attempts: maxAttempts}
				if o.replayable() {
					// net/http resends a GET once by itself when a reused
					// connection dies before the answer (documented in
					// doc.go): one request more than the SDK's attempts.
					e.requests++
				}
				return e
			}},
		{name: "5xx-burst-then-ok", queue: []faultserver.Fault{unavailable503(retryAfter), gatewayHTML(502), jsonFault(500)}, retryAfterGap: true,
			want: byRule(expectation{requests: maxAttempts, class: success},
				expectation{requests: 1, class: unknown, cause: typed, status: 503, attempts: 1})},
		{name: "500-permanent", always: ptr(jsonFault(500)),
			want: byRule(expectation{requests: maxAttempts, class: typed, status: 500, attempts: maxAttempts},
				expectation{requests: 1, class: unknown, cause: typed, status: 500, attempts: 1})},
		{name: "429-retry-after-then-ok", queue: []faultserver.Fault{retryAfter429(retryAfter)}, retryAfterGap: true,
			want: byRule(expectation{requests: 2, class: success}, expectation{requests: 2, class: success})},
		{name: "429-permanent", always: ptr(retryAfter429("0")),
			want: byRule(expectation{requests: maxAttempts, class: typed, status: 429, attempts: maxAttempts},
				expectation{requests: maxAttempts, class: typed, status: 429, attempts: maxAttempts})},
		{name: "503-outage-budget-spent", always: ptr(jsonFault(503)), budget: httpx.RetryCost,
			want: byRule(expectation{requests: 2, class: typed, status: 503, attempts: 2, budget: true},
				expectation{requests: 1, class: unknown, cause: typed, status: 503, attempts: 1})},
		{name: "html-502-permanent", always: ptr(gatewayHTML(502)),
			want: byRule(expectation{requests: maxAttempts, class: typed, status: 502, attempts: maxAttempts},
				expectation{requests: 1, class: unknown, cause: typed, status: 502, attempts: 1})},
		{name: "html-504-then-ok", queue: []faultserver.Fault{gatewayHTML(504)},
			want: byRule(expectation{requests: 2, class: success},
				expectation{requests: 1, class: unknown, cause: typed, status: 504, attempts: 1})},
		{name: "truncated-2xx", always: ptr(truncated()),
			want: byRule(expectation{requests: maxAttempts, class: transport, attempts: maxAttempts}, lostUnknown)},
		{name: "oversized-2xx-streamed", always: ptr(faultserver.Fault{Kind: faultserver.Huge, Status: 200, Size: 8 * smallBodyLimit, Header: canaryHeaders()}),
			maxBytes: smallBodyLimit,
			want: byRule(expectation{requests: 1, class: tooLarge},
				expectation{requests: 1, class: unknown, cause: tooLarge})},
		{name: "oversized-2xx-declared", always: ptr(oversizedDeclared()), maxBytes: smallBodyLimit,
			want: byRule(expectation{requests: 1, class: tooLarge},
				expectation{requests: 1, class: unknown, cause: tooLarge})},
		{name: "html-200-page", always: ptr(page200()),
			want: func(o op) expectation {
				switch {
				case o.on2xxPage != nil:
					return *o.on2xxPage
				case o.tolerant2xx:
					return expectation{requests: 1, class: success}
				case o.idempotent:
					return expectation{requests: 1, class: decode}
				}
				return expectation{requests: 1, class: unknown, cause: decode, attempts: 1}
			}},
		// A same-host redirect (a gateway sending the client through a
		// login or cookie page, back to the same URL; the page itself
		// quotes the patient): a GET follows it, and its second request
		// is answered; no other request follows it (a 302 turns a POST
		// into a GET of another resource), so a non-idempotent call
		// ends after one request with outcome unknown, and an idempotent
		// non-GET with the typed 302.
		{name: "302-same-host-once", queue: []faultserver.Fault{loginRedirect302()},
			want: func(o op) expectation {
				switch {
				case o.replayable():
					return expectation{requests: 2, class: success}
				case o.idempotent:
					return expectation{requests: 1, class: typed, status: http.StatusFound, attempts: 1}
				}
				return expectation{requests: 1, class: unknown, cause: typed, status: http.StatusFound, attempts: 1}
			}},
		{name: "slow-headers", always: ptr(faultserver.Fault{Kind: faultserver.SlowHeaders, Delay: slowDelay, Status: 200, Body: []byte(`{}`)}),
			timesOut: true,
			want:     byRule(expectation{requests: maxAttempts, class: transport, attempts: maxAttempts}, lostUnknown)},
	}
}

// allOps is the operation table: every exported operation of every
// provider that makes an HTTP call. A new provider adds its table here.
func allOps() []op {
	var ops []op
	for _, table := range [][]op{cvsOps(), mhvOps(), developHealthOps(), careValidateOps(), allCareFHIROps()} {
		ops = append(ops, table...)
	}
	return ops
}

// TestFaultMatrix runs every operation under every fault and checks the
// requests the upstream saw and the class of the result.
func TestFaultMatrix(t *testing.T) {
	matrixRan = flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == ""
	cases := faultCases() // built once: the fault bodies are large, and shared read-only
	for _, o := range allOps() {
		for _, fc := range cases {
			t.Run(o.p.name+"/"+o.name+"/"+fc.name, func(t *testing.T) {
				t.Parallel()
				runCase(t, o, fc)
			})
		}
	}
}

// runCase runs one operation under one fault.
func runCase(t *testing.T, o op, fc faultCase) {
	logger, sink := canary.Logger()
	tr := httpx.DefaultTransport()
	t.Cleanup(tr.CloseIdleConnections)
	cfg := clientConfig{logger: logger, timeout: normalTimeout, maxBytes: fc.maxBytes, hc: &http.Client{Transport: tr}, tr: tr, retry: retryPolicy}
	if fc.budget > 0 {
		cfg.retry.Budget = fc.budget
	}
	// An attempt times out when the proxy holds it in the slow fault,
	// after counting it. A short WithTimeout would race the machine's
	// load: it could end an attempt before the proxy sees it, or while the
	// client waits for its token or session.
	var gate *faultserver.TimeoutGate
	if fc.timesOut {
		gate = faultserver.NewTimeoutGate()
		cfg.hc.Transport = gate.Transport(tr)
	}
	ctx, cancel := context.WithTimeout(context.Background(), caseTimeout)
	defer cancel()
	var armed func()
	if fc.transport != nil {
		cfg.hc.Transport, armed = fc.transport(t, cfg.hc.Transport, tr)
	}

	rig := withTelemetry(t, &cfg)
	fx := o.p.start(t, o.route, cfg)
	fx.state = map[string]any{}
	fx.proxy.SetGate(gate)
	if fc.keepAlive || !o.p.warmForKeepAliveOnly {
		require.NoError(t, o.p.warm(ctx, fx), "warm-up")
	}
	if o.prepare != nil {
		o.prepare(ctx, t, fx)
	}
	if !fc.keepAlive {
		tr.CloseIdleConnections()
	}
	if armed != nil {
		armed()
	}
	fx.proxy.Arm(fc.always, fc.queue...)

	err := o.call(ctx, fx)

	suite.collect(t, sink, fx, err)
	scanTelemetry(t, o, rig)
	checkErrorText(t, o.p.name, err)
	want := fc.want(o)
	acted := 0
	if want.class == success && fc.always == nil {
		acted = 1
		if o.pages > 1 {
			// The first page came after the faults; the others are
			// forwarded requests for the same route.
			acted = o.pages
			want.requests += o.pages - 1
		}
	}
	assert.Equal(t, want.requests, fx.proxy.Count(), "requests the upstream saw for %s", o.route)
	assert.Equal(t, acted, fx.proxy.Forwarded(), "requests that reached the fake (it acted)")
	assert.Empty(t, fx.proxy.Errors(), "proxy failures")
	checkClass(t, o, want, err)
	if fc.retryAfterGap && want.requests > 1 {
		if a := fx.proxy.Arrivals(); assert.Len(t, a, want.requests) {
			gap := a[1].Sub(a[0])
			assert.GreaterOrEqual(t, gap, retryPolicy.MaxRetryAfter, "Retry-After (capped at 20ms) is honoured")
			assert.Less(t, gap, uncapped, "Retry-After (an hour) is capped at MaxRetryAfter")
		}
	}
	assert.Positive(t, sink.Records(), "the client logged the call")
}

// checkClass checks err against the expected class.
func checkClass(t *testing.T, o op, want expectation, err error) {
	t.Helper()
	if want.class == success {
		assert.NoError(t, err)
		return
	}
	require.Error(t, err, "want %s", want.class)
	if want.budget {
		assert.ErrorIs(t, err, httpx.ErrRetryBudgetExhausted)
	} else {
		assert.NotErrorIs(t, err, httpx.ErrRetryBudgetExhausted)
	}
	switch want.class {
	case typed:
		st, attempts, ok := o.p.typed(err)
		require.True(t, ok, "want the provider's typed error, got %T: %v", err, err)
		assert.Equal(t, want.status, st, "HTTP status of the typed error")
		if want.attempts > 0 {
			assert.Equal(t, want.attempts, attempts, "attempts the typed error reports")
		}
		assert.NotErrorIs(t, err, httpx.ErrOutcomeUnknown)
	case transport:
		require.ErrorIs(t, err, httpx.ErrTransport, "got %T: %v", err, err)
		assert.NotErrorIs(t, err, httpx.ErrOutcomeUnknown)
		var te *httpx.TransportError
		if errors.As(err, &te) && want.attempts > 0 {
			assert.Equal(t, want.attempts, te.Attempts, "attempts the transport error reports")
		}
	case tooLarge:
		require.ErrorIs(t, err, httpx.ErrResponseTooLarge, "got %T: %v", err, err)
		assert.NotErrorIs(t, err, httpx.ErrOutcomeUnknown, "an idempotent read is not outcome unknown")
	case decode:
		require.ErrorIs(t, err, httpx.ErrDecode, "got %T: %v", err, err)
		assert.NotErrorIs(t, err, httpx.ErrOutcomeUnknown, "an idempotent read is not outcome unknown")
	case unknown:
		require.ErrorIs(t, err, httpx.ErrOutcomeUnknown, "got %T: %v", err, err)
		var ou *httpx.OutcomeUnknownError
		if errors.As(err, &ou) && want.attempts > 0 {
			assert.Equal(t, want.attempts, ou.Attempts, "attempts the outcome-unknown error reports")
		}
		switch want.cause {
		case typed:
			st, _, ok := o.p.typed(err)
			require.True(t, ok, "the typed status error is reachable: %T: %v", err, err)
			assert.Equal(t, want.status, st)
		case transport:
			assert.ErrorIs(t, err, httpx.ErrTransport)
		case tooLarge:
			assert.ErrorIs(t, err, httpx.ErrResponseTooLarge)
		case decode:
			assert.ErrorIs(t, err, httpx.ErrDecode)
		}
	}
}

// newProxy starts a Proxy that reports to the suite's collector.
func newProxy(t *testing.T, upstream, route string) *Proxy {
	t.Helper()
	px, err := NewProxy(upstream, route, suite.observe)
	require.NoError(t, err)
	t.Cleanup(px.Close)
	return px
}
