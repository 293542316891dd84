package reliability

import (
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rxbridge/rxbridge-go/internal/faultserver"
)

// Proxy is a loopback HTTP server in front of an upstream (a provider's
// fake). Requests that match its route ("POST prescription/rxrefill/{id}",
// relative to the upstream's base URL) go through a faultserver.Injector:
// they are counted, recorded and given the queued faults; when no fault is
// left they are forwarded. Every other request (token and session
// creation, set-up calls) is forwarded untouched and not counted.
//
// A Proxy is made for one test: Arm resets its counters and queues the
// faults for the call under test.
type Proxy struct {
	// URL is the base URL to give a client: the proxy's address with the
	// upstream's base path.
	URL string

	srv       *httptest.Server
	tr        *http.Transport
	rp        *httputil.ReverseProxy
	faults    *faultserver.Injector
	forwarded atomic.Int64
	observe   func(*http.Request)

	mu       sync.Mutex
	arrivals []time.Time
	errs     []error
}

// NewProxy starts a proxy in front of upstream (a base URL, with any path
// prefix). route is "METHOD path" with the path relative to upstream and
// {name} wildcards for whole segments, as net/http.ServeMux patterns.
// observe, when not nil, sees every request (matched or not) before it is
// handled; it must not read the body.
func NewProxy(upstream, route string, observe func(*http.Request)) (*Proxy, error) {
	u, err := url.Parse(upstream)
	if err != nil || u.Host == "" {
		return nil, errors.New("reliability: NewProxy: upstream is not an absolute URL")
	}
	method, rel, ok := strings.Cut(route, " ")
	if !ok || method == "" || rel == "" || strings.HasPrefix(rel, "/") {
		return nil, errors.New(`reliability: NewProxy: route must be "METHOD relative/path"`)
	}
	base := strings.TrimSuffix(u.Path, "/")
	target := &url.URL{Scheme: u.Scheme, Host: u.Host}

	p := &Proxy{observe: observe}
	p.tr = &http.Transport{MaxIdleConnsPerHost: 16, IdleConnTimeout: 30 * time.Second}
	p.rp = &httputil.ReverseProxy{
		// The upstream sees the proxy's Host and X-Forwarded-*, so a fake
		// that builds absolute links (a FHIR Bundle's next page) from the
		// request points them at the proxy.
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(target)
			r.Out.Host = r.In.Host
			r.SetXForwarded()
		},
		Transport:     p.tr,
		FlushInterval: -1,
		ErrorLog:      log.New(io.Discard, "", 0),
		ErrorHandler: func(w http.ResponseWriter, r *http.Request, err error) {
			p.mu.Lock()
			p.errs = append(p.errs, err)
			p.mu.Unlock()
			w.WriteHeader(http.StatusBadGateway)
		},
	}
	forward := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.rp.ServeHTTP(w, r)
	})
	p.faults = faultserver.NewInjector(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.forwarded.Add(1)
		p.rp.ServeHTTP(w, r)
	}))
	matched := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.arrivals = append(p.arrivals, time.Now())
		p.mu.Unlock()
		p.faults.ServeHTTP(w, r)
	})
	mux := http.NewServeMux()
	if err := register(mux, method+" "+base+"/"+rel, matched); err != nil {
		return nil, err
	}
	mux.Handle("/", forward)
	p.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.observe != nil {
			p.observe(r)
		}
		mux.ServeHTTP(w, r)
	}))
	p.srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	p.srv.Start()
	p.URL = p.srv.URL + base
	return p, nil
}

// register adds a pattern, turning ServeMux's panic on a bad pattern into
// an error.
func register(mux *http.ServeMux, pattern string, h http.Handler) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("reliability: NewProxy: invalid route pattern " + pattern)
		}
	}()
	mux.Handle(pattern, h)
	return nil
}

// Arm forgets the requests and forwarding failures seen so far (a set-up
// call's, such as a warm-up that timed out), queues faults (one per matched
// request, in order) and sets the fault applied to every matched request
// once the queue is empty (nil: forward them).
func (p *Proxy) Arm(always *faultserver.Fault, queue ...faultserver.Fault) {
	p.faults.Reset()
	p.forwarded.Store(0)
	p.mu.Lock()
	p.arrivals, p.errs = nil, nil
	p.mu.Unlock()
	p.faults.Enqueue(queue...)
	if always != nil {
		f := *always
		p.faults.Always(&f)
	}
}

// SetGate makes the proxy tell g when it holds a matched request in a
// stalling fault, so that a client behind g.Transport times out only then
// (see faultserver.TimeoutGate); nil stops it.
func (p *Proxy) SetGate(g *faultserver.TimeoutGate) { p.faults.SetGate(g) }

// Count returns how many matched requests arrived since Arm.
func (p *Proxy) Count() int { return p.faults.Count() }

// Forwarded returns how many matched requests reached the upstream since
// Arm (the others were answered by a fault).
func (p *Proxy) Forwarded() int { return int(p.forwarded.Load()) }

// Requests returns the matched requests since Arm (method, path, query,
// headers and, unless the fault reset the connection before reading it,
// the body).
func (p *Proxy) Requests() []faultserver.Recorded { return p.faults.Requests() }

// Arrivals returns when each matched request arrived since Arm.
func (p *Proxy) Arrivals() []time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]time.Time(nil), p.arrivals...)
}

// Errors returns the failures to reach the upstream since Arm (each
// answered 502, or abandoned by a client that gave up).
func (p *Proxy) Errors() []error {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]error(nil), p.errs...)
}

// Close shuts the proxy down: client connections, then its own idle
// connections to the upstream.
func (p *Proxy) Close() {
	p.srv.CloseClientConnections()
	p.srv.Close()
	p.tr.CloseIdleConnections()
}
