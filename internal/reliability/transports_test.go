package reliability

import (
	"context"
	"errors"
	"net"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	tracenoop "go.opentelemetry.io/otel/trace/noop"
)

// The matrix over wrapped transports. Users wrap the SDK's transport
// (otelhttp.NewTransport, a logging RoundTripper) and expect the same
// reliability: the "nothing was written" proof reads the httptrace events
// net/http's transport reports, which reach the pipeline through any
// wrapper that passes the request's context on. So every case expects,
// through each wrapper, exactly what TestFaultMatrix expects over
// net/http's transport alone: the same requests, attempts and errors.
//
// One more case, dial-fails-once, fails the first connection the client
// opens once the faults are armed, with an error that by its type proves
// nothing (not a *net.OpError): only the trace (a connection was looked
// for and never obtained) shows the request was never sent, so it is
// retried whatever the method, and the upstream acts once.

// passThrough is the most trivial wrapper: it hands the request on.
type passThrough struct{ next http.RoundTripper }

func (p passThrough) RoundTrip(r *http.Request) (*http.Response, error) { return p.next.RoundTrip(r) }

// wrappings are the transports the matrix runs through besides net/http's
// own (TestFaultMatrix); nil wrap is net/http's own.
var wrappings = []struct {
	name string
	wrap func(http.RoundTripper) http.RoundTripper
}{
	{"net-http", nil},
	{"wrapper", func(rt http.RoundTripper) http.RoundTripper { return passThrough{rt} }},
	// otelhttp records into a provider of its own: given none, it would
	// take the SDK's from the request's context (the attempt's span) and
	// record url.full, ids and all, which the telemetry scan refuses
	// (README, Observability).
	{"otelhttp", func(rt http.RoundTripper) http.RoundTripper {
		return otelhttp.NewTransport(rt, otelhttp.WithTracerProvider(tracenoop.NewTracerProvider()))
	}},
}

// errDialFailed is the dial-fails-once fault: a plain error, which proves
// nothing about the request by its type.
var errDialFailed = errors.New("test: the connection could not be opened")

// dialFailsOnce is the extra case: the first dial after arming fails.
func dialFailsOnce() faultCase {
	return faultCase{name: "dial-fails-once",
		transport: func(t *testing.T, rt http.RoundTripper, tr *http.Transport) (http.RoundTripper, func()) {
			var armed, failed atomic.Bool
			dial := tr.DialContext
			if dial == nil {
				dial = (&net.Dialer{}).DialContext
			}
			tr.DialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
				if armed.Load() && failed.CompareAndSwap(false, true) {
					return nil, errDialFailed
				}
				return dial(ctx, network, addr)
			}
			t.Cleanup(func() { assert.True(t, failed.Load(), "the call opened a connection, and the first one failed") })
			return rt, func() { armed.Store(true) }
		},
		want: func(op) expectation { return expectation{requests: 1, class: success} },
	}
}

// wrapped returns fc with the client's transport wrapped by wrap (nil:
// unchanged), after fc's own transport step.
func wrapped(fc faultCase, wrap func(http.RoundTripper) http.RoundTripper) faultCase {
	if wrap == nil {
		return fc
	}
	inner := fc.transport
	fc.transport = func(t *testing.T, rt http.RoundTripper, tr *http.Transport) (http.RoundTripper, func()) {
		var armed func()
		if inner != nil {
			rt, armed = inner(t, rt, tr)
		}
		return wrap(rt), armed
	}
	return fc
}

// TestFaultMatrixThroughWrappedTransports runs every operation under every
// fault through each wrapper, and dial-fails-once through every transport.
func TestFaultMatrixThroughWrappedTransports(t *testing.T) {
	base := faultCases() // built once: the fault bodies are large, and shared read-only
	ops := allOps()
	for _, w := range wrappings {
		cases := []faultCase{wrapped(dialFailsOnce(), w.wrap)}
		if w.wrap != nil {
			for _, fc := range base {
				cases = append(cases, wrapped(fc, w.wrap))
			}
		}
		for _, o := range ops {
			for _, fc := range cases {
				t.Run(w.name+"/"+o.p.name+"/"+o.name+"/"+fc.name, func(t *testing.T) {
					t.Parallel()
					runCase(t, o, fc)
				})
			}
		}
	}
}
