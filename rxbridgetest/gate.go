package rxbridgetest

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"sync"
)

// GateHeader is the request header through which a TimeoutGate's
// transport tells an Injector which attempt a request is. No Injector
// records it; the Injector that uses a gate removes it before handling or
// forwarding the request, one without a gate passes it on (to an Injector
// behind it, such as a fake's per-route faults behind its Faults).
const GateHeader = "X-Faultserver-Gate"

// TimeoutGate gives a test a client-side attempt timeout that fires on an
// event instead of a clock: its Transport ends an attempt, with a timeout
// error, at the moment an Injector that uses the gate (Injector.SetGate)
// holds that very request in a stalling fault (SlowHeaders and Hang once
// the request is read, SlowBody once the headers are written). A short
// http.Client.Timeout races the machine's load: on a busy machine it can
// fire while the request is still on its way (the server never sees it)
// or while a client waits for a token or a session. Under a gate, a
// request slow to arrive and every set-up, token or forwarded request get
// their answers, and a stalled request always times out, after the server
// has recorded it.
//
// The error is what an attempt timeout looks like to a client: it reports
// Timeout() true and matches context.DeadlineExceeded (http.Client wraps
// it in a *url.Error). The caller's context is not involved.
type TimeoutGate struct {
	mu   sync.Mutex
	seq  uint64
	held map[string]chan struct{}
}

// NewTimeoutGate returns a gate with no request in flight.
func NewTimeoutGate() *TimeoutGate {
	return &TimeoutGate{held: make(map[string]chan struct{})}
}

// ErrHeldTimeout is the error of an attempt a TimeoutGate ended.
var ErrHeldTimeout error = heldTimeout{}

type heldTimeout struct{}

func (heldTimeout) Error() string {
	return "rxbridgetest: attempt timed out awaiting a response the server held"
}
func (heldTimeout) Timeout() bool        { return true }
func (heldTimeout) Temporary() bool      { return true }
func (heldTimeout) Is(target error) bool { return target == context.DeadlineExceeded }

// Transport returns next (http.DefaultTransport when nil) behind the gate.
// Every request carries GateHeader.
func (g *TimeoutGate) Transport(next http.RoundTripper) http.RoundTripper {
	if next == nil {
		next = http.DefaultTransport
	}
	return &gatedTransport{g: g, next: next}
}

// open registers a new attempt and returns its tag and the channel closed
// when an Injector holds it.
func (g *TimeoutGate) open() (string, chan struct{}) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.seq++
	tag := strconv.FormatUint(g.seq, 10)
	ch := make(chan struct{})
	g.held[tag] = ch
	return tag, ch
}

// hold reports that an Injector holds the attempt tagged tag.
func (g *TimeoutGate) hold(tag string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if ch, ok := g.held[tag]; ok {
		close(ch)
		delete(g.held, tag)
	}
}

// forget drops an attempt that ended.
func (g *TimeoutGate) forget(tag string) {
	g.mu.Lock()
	delete(g.held, tag)
	g.mu.Unlock()
}

type gatedTransport struct {
	g    *TimeoutGate
	next http.RoundTripper
}

// RoundTrip sends req tagged, and ends it with ErrHeldTimeout once the
// server holds it.
func (t *gatedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	tag, held := t.g.open()
	ctx, cancel := context.WithCancelCause(req.Context())
	r := req.Clone(ctx)
	r.Header.Set(GateHeader, tag)

	finished := make(chan struct{})
	var once sync.Once
	finish := func() {
		once.Do(func() {
			close(finished)
			t.g.forget(tag)
			cancel(context.Canceled)
		})
	}
	go func() {
		select {
		case <-held:
			cancel(ErrHeldTimeout)
		case <-finished:
		}
	}()

	resp, err := t.next.RoundTrip(r)
	if err != nil {
		if context.Cause(ctx) == ErrHeldTimeout {
			err = ErrHeldTimeout
		}
		finish()
		return nil, err
	}
	resp.Request = req
	resp.Body = &gatedBody{ReadCloser: resp.Body, ctx: ctx, done: finish}
	return resp, nil
}

// CloseIdleConnections closes the idle connections of the transport
// behind the gate.
func (t *gatedTransport) CloseIdleConnections() {
	if c, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// gatedBody reports ErrHeldTimeout for a body the gate cut, and ends its
// attempt's watch when closed.
type gatedBody struct {
	io.ReadCloser
	ctx  context.Context
	done func()
}

func (b *gatedBody) Read(p []byte) (int, error) {
	n, err := b.ReadCloser.Read(p)
	if err != nil && err != io.EOF && context.Cause(b.ctx) == ErrHeldTimeout {
		err = ErrHeldTimeout
	}
	return n, err
}

func (b *gatedBody) Close() error {
	err := b.ReadCloser.Close()
	b.done()
	return err
}
