// Package faultserver is the SDK's own fault-injecting test server: an
// httptest.Server with a public rxbridgetest.Injector in front of a
// handler. The fault vocabulary (Fault, Injector, the constructors) lives
// in the public rxbridgetest package, which users' tests import; this
// package gives the SDK's tests its short names.
package faultserver

import (
	"net/http"
	"net/http/httptest"

	"github.com/rxbridge/rxbridge-go/rxbridgetest"
)

// The vocabulary, from rxbridgetest.
type (
	// Kind is the kind of fault.
	Kind = rxbridgetest.Kind
	// Fault is one scripted response.
	Fault = rxbridgetest.Fault
	// Recorded is what the server received.
	Recorded = rxbridgetest.Recorded
	// Injector applies queued faults, then calls its Next handler.
	Injector = rxbridgetest.Injector
)

// The kinds of fault.
const (
	Respond         = rxbridgetest.KindRespond
	ResetBeforeRead = rxbridgetest.KindResetBeforeRead
	ResetAfterRead  = rxbridgetest.KindResetAfterRead
	Truncate        = rxbridgetest.KindTruncate
	SlowHeaders     = rxbridgetest.KindSlowHeaders
	SlowBody        = rxbridgetest.KindSlowBody
	Huge            = rxbridgetest.KindHuge
	Hang            = rxbridgetest.KindHang
)

// Status returns a Respond fault with a JSON body.
func Status(code int, jsonBody string) Fault { return rxbridgetest.Status(code, jsonBody) }

// RetryAfter returns a Respond fault with a Retry-After header.
func RetryAfter(code int, retryAfter string) Fault { return rxbridgetest.RetryAfter(code, retryAfter) }

// GatewayHTML returns a gateway error page of about 8 KiB.
func GatewayHTML(code int) Fault { return rxbridgetest.GatewayHTML(code) }

// NewInjector wraps next (which may be nil: the default answer is 200 {}).
func NewInjector(next http.Handler) *Injector { return rxbridgetest.NewInjector(next) }

// Server is an httptest.Server with an Injector in front of a handler.
type Server struct {
	*httptest.Server
	*Injector
}

// New starts a server (HTTP/1.1, loopback) answering with next once the
// fault queue is empty. Close it when done (t.Cleanup(s.Close)).
func New(next http.Handler) *Server {
	in := NewInjector(next)
	return &Server{Server: httptest.NewServer(in), Injector: in}
}

// NewTLS is New over TLS (the client must trust s.Client()'s roots).
func NewTLS(next http.Handler) *Server {
	in := NewInjector(next)
	return &Server{Server: httptest.NewTLSServer(in), Injector: in}
}

// Close shuts the server down, closing hijacked and idle connections.
func (s *Server) Close() {
	s.Server.CloseClientConnections()
	s.Server.Close()
}

// The event-driven attempt timeout, from rxbridgetest.
type (
	// TimeoutGate ends a client's attempt when the server holds it.
	TimeoutGate = rxbridgetest.TimeoutGate
)

// GateHeader tags a gated request (see rxbridgetest.GateHeader).
const GateHeader = rxbridgetest.GateHeader

// ErrHeldTimeout is the error of an attempt a TimeoutGate ended.
var ErrHeldTimeout = rxbridgetest.ErrHeldTimeout

// NewTimeoutGate returns a gate with no request in flight.
func NewTimeoutGate() *TimeoutGate { return rxbridgetest.NewTimeoutGate() }
