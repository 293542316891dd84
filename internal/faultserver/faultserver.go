// Package faultserver is a fault-injecting HTTP test server and middleware.
// Tests queue faults (a status sequence with Retry-After, an HTML gateway
// page, a truncated body, a connection reset before or after the request is
// read, slow headers, a slow or huge body); each request takes the next
// fault, and when the queue is empty the wrapped handler answers. Every
// request is counted and recorded (method, path, headers, body) after its
// body has been read, so a test can assert exactly what the upstream saw.
//
// The provider fakes (cvsspecialtytest, mhvtest, ...) put their handlers
// behind an Injector, which is how users' tests inject faults into them.
package faultserver

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

const (
	// Respond writes Status, Header and Body (a status sequence is several
	// Respond faults).
	Respond Kind = iota
	// ResetBeforeRead resets the connection (TCP RST) without reading the
	// request body. The request is still counted but its body is not
	// recorded.
	ResetBeforeRead
	// ResetAfterRead reads the whole request (so the upstream "acted"),
	// then resets the connection without responding.
	ResetAfterRead
	// Truncate declares Content-Length of Body, writes half of it, and
	// closes the connection.
	Truncate
	// SlowHeaders waits Delay before writing the response (or until the
	// client gives up). With a TimeoutGate, the client's timeout applies
	// once the request is held here.
	SlowHeaders
	// SlowBody writes the headers, then drips Body one byte every Delay
	// (with a TimeoutGate, the client's timeout applies once the headers
	// are written).
	SlowBody
	// Huge streams Size bytes of a JSON array with no Content-Length.
	Huge
	// Hang reads the request and never answers until the client leaves
	// (with a TimeoutGate, the client's timeout applies once it is read).
	Hang
)

// Fault is one scripted response.
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
	return Fault{Kind: Respond, Status: code, Body: []byte(jsonBody), ContentType: "application/json"}
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
	return Fault{Kind: Respond, Status: code, Body: []byte(b.String()), ContentType: "text/html; charset=utf-8"}
}

// Recorded is what the server received.
type Recorded struct {
	Method string
	Path   string // escaped path
	Query  string
	Header http.Header
	Body   []byte
}

// Injector is middleware that applies queued faults, then calls Next.
type Injector struct {
	Next http.Handler

	mu       sync.Mutex
	queue    []Fault
	always   *Fault
	requests []Recorded
	gate     *TimeoutGate
}

// SetGate makes the Injector tell g when it holds one of g's requests in a
// stalling fault (SlowHeaders, SlowBody, Hang), so that the attempt's
// timeout may then end it (see TimeoutGate). nil stops it.
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
	in.requests = append(in.requests, Recorded{
		Method: r.Method, Path: r.URL.EscapedPath(), Query: r.URL.RawQuery,
		Header: r.Header.Clone(), Body: body,
	})
	in.mu.Unlock()
}

// ServeHTTP implements http.Handler.
func (in *Injector) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	tag := r.Header.Get(GateHeader)
	r.Header.Del(GateHeader)
	f, ok := in.next()
	if ok && f.Kind == ResetBeforeRead {
		in.record(r, nil)
		ResetConn(w)
		return
	}
	body, _ := io.ReadAll(r.Body)
	in.record(r, body)
	r.Body = io.NopCloser(bytes.NewReader(body))
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
	case Respond:
		writeHeader(f.Status)
		_, _ = w.Write(f.Body)
	case ResetAfterRead:
		ResetConn(w)
	case Truncate:
		w.Header().Set("Content-Length", strconv.Itoa(len(f.Body)))
		writeHeader(f.Status)
		_, _ = w.Write(f.Body[:len(f.Body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		closeConn(w)
	case SlowHeaders:
		held()
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
		writeHeader(f.Status)
		_, _ = w.Write(f.Body)
	case SlowBody:
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
	case Huge:
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
	case Hang:
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
