// Package rxbridgetest is the fault vocabulary shared by the SDK's
// in-process fakes (cvsspecialtytest, mhvtest, develophealthtest,
// carevalidatetest, allcarefhirtest). Each fake puts its handlers behind an
// Injector (its Faults field); your tests queue Faults on it: a status
// sequence with Retry-After, an HTML gateway page, a truncated body, a
// connection reset before or after the request is read, slow headers, a
// slow or huge body. Each request takes the next fault, and when the queue
// is empty the fake answers. Every request is counted and recorded (method,
// path, headers, body) after its body has been read, so a test can assert
// exactly what the upstream saw.
//
//	srv := mhvtest.NewServer()
//	defer srv.Close()
//	srv.Faults.Enqueue(rxbridgetest.GatewayHTML(503), rxbridgetest.ResetAfterRead())
//
// The same constructors work with every fake, and an Injector also wraps
// any http.Handler of your own (NewInjector).
package rxbridgetest

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Kind is the kind of fault.
type Kind int

// The kinds of fault.
const (
	// KindRespond writes Status, Header and Body (a status sequence is several
	// Respond faults).
	KindRespond Kind = iota
	// KindResetBeforeRead resets the connection (TCP RST) without reading the
	// request body. The request is still counted but its body is not
	// recorded.
	KindResetBeforeRead
	// KindResetAfterRead reads the whole request (so the upstream "acted"),
	// then resets the connection without responding.
	KindResetAfterRead
	// KindTruncate declares Content-Length of Body, writes half of it, and
	// closes the connection.
	KindTruncate
	// KindSlowHeaders waits Delay before writing the response (or until the
	// client gives up).
	KindSlowHeaders
	// KindSlowBody writes the headers, then drips Body one byte every Delay.
	KindSlowBody
	// KindHuge streams Size bytes of a JSON array with no Content-Length.
	KindHuge
	// KindHang reads the request and never answers until the client leaves.
	KindHang
	// KindLoseAnswer lets the fake process the request (its Next handler
	// runs, so the upstream acted), then resets the connection without
	// answering: the answer is lost.
	KindLoseAnswer
)

// Fault is one scripted response. Build it with the constructors (Status,
// GatewayHTML, ResetAfterRead, ...) or as a literal.
type Fault struct {
	Kind        Kind
	Status      int
	Header      http.Header
	Body        []byte
	ContentType string
	Delay       time.Duration
	Size        int64
}

// Status returns a Respond fault with a JSON body.
func Status(code int, jsonBody string) Fault {
	return Fault{Kind: KindRespond, Status: code, Body: []byte(jsonBody), ContentType: "application/json"}
}

// RetryAfter returns a Respond fault with a Retry-After header.
func RetryAfter(code int, retryAfter string) Fault {
	f := Status(code, `{"message":"slow down"}`)
	f.Header = http.Header{"Retry-After": {retryAfter}}
	return f
}

// GatewayHTML returns a gateway error page of about 8 KiB, as load
// balancers send.
func GatewayHTML(code int) Fault {
	var b strings.Builder
	fmt.Fprintf(&b, "<!DOCTYPE html><html><head><title>%d %s</title></head><body><h1>%d %s</h1>", code, http.StatusText(code), code, http.StatusText(code))
	for b.Len() < 8<<10 {
		b.WriteString("<p>The server is temporarily unable to service your request. Please try again later.</p>")
	}
	b.WriteString("</body></html>")
	return Fault{Kind: KindRespond, Status: code, Body: []byte(b.String()), ContentType: "text/html; charset=utf-8"}
}

// ResetBeforeRead returns a fault that resets the connection (TCP RST)
// without reading the request body: the upstream never acted.
func ResetBeforeRead() Fault { return Fault{Kind: KindResetBeforeRead} }

// ResetAfterRead returns a fault that reads the whole request (so the
// upstream acted) and resets the connection without answering: the answer
// is lost.
func ResetAfterRead() Fault { return Fault{Kind: KindResetAfterRead} }

// Truncate returns a fault that declares the Content-Length of body, writes
// half of it with the given status, and closes the connection.
func Truncate(code int, body string) Fault {
	return Fault{Kind: KindTruncate, Status: code, Body: []byte(body), ContentType: "application/json"}
}

// SlowHeaders returns a fault that waits d before answering code with a
// JSON body (or until the client gives up).
func SlowHeaders(d time.Duration, code int, jsonBody string) Fault {
	return Fault{Kind: KindSlowHeaders, Delay: d, Status: code, Body: []byte(jsonBody), ContentType: "application/json"}
}

// SlowBody returns a fault that answers code at once, then drips the JSON
// body one byte every d.
func SlowBody(d time.Duration, code int, jsonBody string) Fault {
	return Fault{Kind: KindSlowBody, Delay: d, Status: code, Body: []byte(jsonBody), ContentType: "application/json"}
}

// Huge returns a fault that answers 200 with a JSON array of about size
// bytes, without a Content-Length.
func Huge(size int64) Fault { return Fault{Kind: KindHuge, Status: 200, Size: size} }

// Hang returns a fault that reads the request and never answers, until
// the client leaves.
func Hang() Fault { return Fault{Kind: KindHang} }

// LoseAnswer returns a fault that lets the fake process the request (the
// upstream acted: a refill, an intake, a create happened) and then resets
// the connection before the answer is written. Unlike ResetAfterRead, the
// fake's state changes. Each fake's LoseAnswers(n) aims it at the requests
// that change its state.
func LoseAnswer() Fault { return Fault{Kind: KindLoseAnswer} }

// Recorded is what the server received.
type Recorded struct {
	Method string
	Path   string // escaped path
	Query  string
	Header http.Header
	Body   []byte
}

// Injector is middleware that applies queued faults, then calls Next. It
// is safe for concurrent use.
type Injector struct {
	Next http.Handler

	mu       sync.Mutex
	queue    []Fault
	always   *Fault
	requests []Recorded
	gate     *TimeoutGate
}

// SetGate makes the Injector tell g when it holds one of g's requests in a
// stalling fault (KindSlowHeaders, KindSlowBody, KindHang), so that the
// attempt's timeout may then end it (see TimeoutGate). nil stops it.
func (in *Injector) SetGate(g *TimeoutGate) {
	in.mu.Lock()
	in.gate = g
	in.mu.Unlock()
}

// holder returns the function that reports r as held: a no-op unless r
// came through the Injector's gate.
func (in *Injector) holder(tag string) func() {
	in.mu.Lock()
	g := in.gate
	in.mu.Unlock()
	if g == nil || tag == "" {
		return func() {}
	}
	return func() { g.hold(tag) }
}

// NewInjector wraps next (which may be nil: the default answer is 200 {}).
func NewInjector(next http.Handler) *Injector { return &Injector{Next: next} }

// Enqueue adds faults to apply, one per request, in order.
func (in *Injector) Enqueue(faults ...Fault) {
	in.mu.Lock()
	in.queue = append(in.queue, faults...)
	in.mu.Unlock()
}

// Always applies f to every request once the queue is empty (nil stops it).
func (in *Injector) Always(f *Fault) {
	in.mu.Lock()
	in.always = f
	in.mu.Unlock()
}

// Reset clears the queue, the standing fault and the records.
func (in *Injector) Reset() {
	in.mu.Lock()
	in.queue, in.always, in.requests = nil, nil, nil
	in.mu.Unlock()
}

// Count returns how many requests arrived.
func (in *Injector) Count() int {
	in.mu.Lock()
	defer in.mu.Unlock()
	return len(in.requests)
}

// Requests returns copies of the recorded requests.
func (in *Injector) Requests() []Recorded {
	in.mu.Lock()
	defer in.mu.Unlock()
	return append([]Recorded(nil), in.requests...)
}

// next pops the fault for this request.
func (in *Injector) next() (Fault, bool) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if len(in.queue) > 0 {
		f := in.queue[0]
		in.queue = in.queue[1:]
		return f, true
	}
	if in.always != nil {
		return *in.always, true
	}
	return Fault{}, false
}

func (in *Injector) record(r *http.Request, body []byte) {
	in.mu.Lock()
	h := r.Header.Clone()
	h.Del(GateHeader)
	in.requests = append(in.requests, Recorded{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Header: h, Body: body,
	})
	in.mu.Unlock()
}

// ServeHTTP implements http.Handler.
func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tag := r.Header.Get(GateHeader)
	in.mu.Lock()
	gated := in.gate != nil
	in.mu.Unlock()
	if gated {
		// This Injector is the gate's: the tag goes no further. Without a
		// gate it is passed on, to an Injector behind this one (a fake's
		// per-route faults behind its Faults).
		r.Header.Del(GateHeader)
	}
	f, ok := in.next()
	if ok && f.Kind == KindResetBeforeRead {
		in.record(r, nil)
		ResetConn(w)
		return
	}
	body, _ := io.ReadAll(r.Body)
	in.record(r, body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if ok && f.Kind == KindLoseAnswer {
		if in.Next != nil {
			in.Next.ServeHTTP(httptest.NewRecorder(), r)
		}
		ResetConn(w)
		return
	}
	if !ok {
		if in.Next == nil {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, "{}")
			return
		}
		in.Next.ServeHTTP(w, r)
		return
	}
	apply(w, r, f, in.holder(tag))
}

// apply writes fault f; held reports that a stalling fault holds the
// request.
func apply(w http.ResponseWriter, r *http.Request, f Fault, held func()) {
	writeHeader := func(status int) {
		for k, v := range f.Header {
			w.Header()[k] = v
		}
		if f.ContentType != "" {
			w.Header().Set("Content-Type", f.ContentType)
		}
		if status == 0 {
			status = http.StatusOK
		}
		w.WriteHeader(status)
	}
	switch f.Kind {
	case KindRespond:
		writeHeader(f.Status)
		_, _ = w.Write(f.Body)
	case KindResetAfterRead:
		ResetConn(w)
	case KindTruncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		writeHeader(f.Status)
		_, _ = w.Write(f.Body[:len(f.Body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		closeConn(w)
	case KindSlowHeaders:
		held()
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
		writeHeader(f.Status)
		_, _ = w.Write(f.Body)
	case KindSlowBody:
		writeHeader(f.Status)
		fl, _ := w.(http.Flusher)
		if fl != nil {
			fl.Flush()
		}
		held()
		for i := range f.Body {
			if _, err := w.Write(f.Body[i : i+1]); err != nil {
				return
			}
			if fl != nil {
				fl.Flush()
			}
			select {
			case <-time.After(f.Delay):
			case <-r.Context().Done():
				return
			}
		}
	case KindHuge:
		if f.ContentType == "" {
			f.ContentType = "application/json"
		}
		writeHeader(f.Status)
		chunk := bytes.Repeat([]byte(`{"k":"vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv"},`), 512)
		_, _ = w.Write([]byte("["))
		for n := int64(0); n < f.Size; n += int64(len(chunk)) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte("{}]"))
	case KindHang:
		held()
		<-r.Context().Done()
	}
}

// ResetConn hijacks the connection and closes it with SO_LINGER 0 (a TCP
// RST), without answering. Fakes use it to drop a connection after acting
// on a request ("the answer was lost").
func ResetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		// HTTP/2: aborting the handler resets the stream, which is the
		// closest equivalent; net/http recovers this value silently.
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// closeConn hijacks and closes the connection after what was written.
func closeConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		return
	}
	conn, buf, err := hj.Hijack()
	if err != nil {
		return
	}
	_ = buf.Flush()
	_ = conn.Close()
}
